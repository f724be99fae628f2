// Mô hình, gương: the registry of the acting unit and below — filters (kind, field, unit, year, status), paging, cards on phones.
import { Anchor, Button, Card, Chip, Group, Image, Paper, Select, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import { Pager } from '../../components/Pager';
import { SearchBox } from '../../components/SearchBox';
import { UnitSelect } from '../../components/UnitSelect';
import { useCan } from '../../lib/auth';
import { formatDateTime } from '../../lib/format';
import { type ModelSummary, useModelCatalogue, useModels } from '../../lib/models';
import { useUrlSearch } from '../../lib/useUrlSearch';
import { ModelStatusBadge } from './ModelParts';

const PAGE_SIZE = 20;

function years(): { value: string; label: string }[] {
  const now = new Date().getFullYear();
  return Array.from({ length: now + 1 - 2015 + 1 }, (_, i) => String(now + 1 - i)).map((y) => ({ value: y, label: y }));
}

function Thumb({ m }: { m: ModelSummary }) {
  return m.photo ? (
    <Image src={m.photo.previewUrl} alt={m.photo.alt} w={64} h={48} radius="sm" fit="cover" style={{ flexShrink: 0 }} />
  ) : (
    <div style={{ width: 64, height: 48, borderRadius: 4, background: 'var(--mantine-color-gray-1)', flexShrink: 0 }} aria-hidden />
  );
}

function NameLink({ m }: { m: ModelSummary }) {
  return (
    <Anchor component={Link} to={`/mo-hinh/${m.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
      {m.name}
    </Anchor>
  );
}

function ModelList({ items }: { items: ModelSummary[] }) {
  const phone = useIsPhone();
  if (phone) {
    return (
      <Stack gap="sm" data-testid="model-cards">
        {items.map((m) => (
          <Card key={m.id} padding="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed">
                  {m.kindLabel} · {m.year}
                </Text>
                <ModelStatusBadge status={m.status} label={m.statusLabel} />
              </Group>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Thumb m={m} />
                <NameLink m={m} />
              </Group>
              <Text size="sm" c="dimmed">
                {m.fieldLabel}
              </Text>
              <Text size="sm" c="dimmed">
                {m.unitName}
                {m.isPublic && m.publicUrl ? ' · Đang công khai' : ''}
              </Text>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover miw={880}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Tên mô hình, gương điển hình</Table.Th>
            <Table.Th w={210}>Lĩnh vực</Table.Th>
            <Table.Th w={190}>Đơn vị</Table.Th>
            <Table.Th w={60}>Năm</Table.Th>
            <Table.Th w={160}>Trạng thái</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <Thumb m={m} />
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <NameLink m={m} />
                    <Text size="xs" c="dimmed">
                      {m.kindLabel} · {m.place}
                    </Text>
                  </Stack>
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.fieldLabel}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.unitName}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.year}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <ModelStatusBadge status={m.status} label={m.statusLabel} />
                  <Text size="xs" c="dimmed">
                    {m.publicUrl ? 'Đang công khai' : `Sửa ${formatDateTime(m.updatedAt)}`}
                  </Text>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

export default function ModelsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const status = params.get('trangThai') ?? '';
  const kind = params.get('loai');
  const field = params.get('linhVuc');
  const unitId = params.get('donVi');
  const year = params.get('nam');
  const reviewable = params.get('choDuyet') === '1';
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();
  const canNews = useCan('news.edit');
  const canReport = useCan('report.edit');
  const canNominate = canNews || canReport;
  const catalogue = useModelCatalogue();

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const query = useModels({
    search: search || undefined,
    status: status || undefined,
    kind: kind || undefined,
    field: field || undefined,
    unitId: unitId || undefined,
    year: year ? Number(year) : undefined,
    reviewable,
    page,
    pageSize: PAGE_SIZE,
  });
  const data = query.data;
  const filtered = !!(search || status || kind || field || unitId || year || reviewable);

  return (
    <Stack gap="md">
      <PageHeader
        title="Mô hình hay, gương điển hình"
        description="Đề xuất, xét duyệt, ghi nhận khen thưởng và công khai mô hình hay, gương điển hình tiên tiến của đơn vị và các đơn vị trực thuộc."
        actions={
          canNominate ? (
            <Button component={Link} to="/mo-hinh/moi" leftSection={<IconPlus size={18} />}>
              Đề xuất mới
            </Button>
          ) : null
        }
      />

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            <SearchBox label="Tìm kiếm" placeholder="Tên, địa bàn, tóm tắt" value={searchText} onChange={changeSearch} />
            <Select
              label="Loại"
              placeholder="Mô hình và gương"
              data={(catalogue.data?.kinds ?? []).map((k) => ({ value: k.key, label: k.label }))}
              value={kind}
              onChange={(v) => set({ loai: v, trang: null })}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Lĩnh vực"
              placeholder="Mọi lĩnh vực"
              data={(catalogue.data?.fields ?? []).map((f) => ({ value: f.key, label: f.label }))}
              value={field}
              onChange={(v) => set({ linhVuc: v, trang: null })}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            <UnitSelect label="Đơn vị" placeholder="Đơn vị và các đơn vị trực thuộc" value={unitId} onChange={(v) => set({ donVi: v, trang: null })} />
            <Select label="Năm" placeholder="Mọi năm" data={years()} value={year} onChange={(v) => set({ nam: v, trang: null })} clearable comboboxProps={{ withinPortal: true }} />
          </SimpleGrid>
          <Group justify="space-between" align="flex-end" gap="sm">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="model-status-filter">
                Trạng thái
              </Text>
              <Chip.Group multiple={false} value={status} onChange={(v) => set({ trangThai: v || null, trang: null })}>
                <Group gap={6} role="radiogroup" aria-labelledby="model-status-filter">
                  <Chip value="" size="sm" variant="outline">
                    Tất cả
                  </Chip>
                  {(catalogue.data?.statuses ?? []).map((c) => (
                    <Chip key={c.key} value={c.key} size="sm" variant="outline">
                      {c.label}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
            <Switch label="Chờ tôi xét duyệt" checked={reviewable} onChange={(e) => set({ choDuyet: e.currentTarget.checked ? '1' : null, trang: null })} />
          </Group>
        </Stack>
      </Paper>

      {query.isPending ? (
        <Loading label="Đang tải danh sách…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được danh sách" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={filtered ? 'Không có hồ sơ phù hợp' : 'Chưa có mô hình, gương điển hình nào'}
            description={filtered ? 'Hãy thử từ khóa khác (có thể gõ không dấu) hoặc bỏ bớt bộ lọc.' : 'Đơn vị có thể đề xuất mô hình hay, gương điển hình để đơn vị cấp trên xét công nhận.'}
            action={
              canNominate && !filtered ? (
                <Button component={Link} to="/mo-hinh/moi" leftSection={<IconPlus size={18} />}>
                  Đề xuất mới
                </Button>
              ) : undefined
            }
          />
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} hồ sơ
          </Text>
          <ModelList items={data.items} />
          <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
        </Stack>
      )}
    </Stack>
  );
}
