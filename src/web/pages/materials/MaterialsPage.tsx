// Tài liệu: the materials library of the acting unit and below — filters (type, topic, public/internal, search), paging, download counts.
import { Anchor, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader, StatusBadge, useIsPhone } from '../../components/common';
import { Pager } from '../../components/Pager';
import { SearchBox } from '../../components/SearchBox';
import { UnitSelect } from '../../components/UnitSelect';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate, formatNumber } from '../../lib/format';
import { type MaterialSummary, useMaterialCatalogue, useMaterials } from '../../lib/materials';
import { flattenTopics, formatFileSize, useCampaigns, useTopics } from '../../lib/plans';
import { useUrlSearch } from '../../lib/useUrlSearch';

const PAGE_SIZE = 20;

export function VisibilityBadge({ m }: { m: Pick<MaterialSummary, 'visibility' | 'visibilityLabel' | 'archived'> }) {
  if (m.archived) return <StatusBadge tone="red">Đã gỡ</StatusBadge>;
  return <StatusBadge tone={m.visibility === 'public' ? 'green' : 'gray'}>{m.visibilityLabel}</StatusBadge>;
}

/** The topics of the active campaign (the library's topic filter and the upload form). */
export function useLibraryCampaign(): string | null {
  const campaigns = useCampaigns();
  return useMemo(() => (campaigns.data ?? []).find((c) => c.status === 'active')?.id ?? campaigns.data?.[0]?.id ?? null, [campaigns.data]);
}

function TitleLink({ m }: { m: MaterialSummary }) {
  return (
    <Anchor component={Link} to={`/tai-lieu/${m.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
      {m.title}
    </Anchor>
  );
}

function MaterialList({ items }: { items: MaterialSummary[] }) {
  const phone = useIsPhone();
  if (phone) {
    return (
      <Stack gap="sm" data-testid="material-cards">
        {items.map((m) => (
          <Card key={m.id} padding="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed">
                  {m.kindLabel} · {m.file.typeLabel}
                </Text>
                <VisibilityBadge m={m} />
              </Group>
              <TitleLink m={m} />
              <Text size="sm" c="dimmed">
                {m.unitName}
              </Text>
              <Text size="xs" c="dimmed">
                Phiên bản {m.currentVersion} · {formatDate(m.updatedAt)} · {formatNumber(m.downloads)} lượt tải
              </Text>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover miw={860}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Tài liệu</Table.Th>
            <Table.Th w={150}>Loại</Table.Th>
            <Table.Th w={190}>Đơn vị</Table.Th>
            <Table.Th w={110}>Phạm vi</Table.Th>
            <Table.Th w={110}>Cập nhật</Table.Th>
            <Table.Th w={90} ta="right">
              Lượt tải
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Stack gap={2}>
                  <TitleLink m={m} />
                  <Text size="xs" c="dimmed">
                    {m.file.typeLabel} · {formatFileSize(m.file.size)} · phiên bản {m.currentVersion}
                    {m.topics.length ? ` · ${m.topics.map((t) => t.title).join('; ')}` : ''}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.kindLabel}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.unitName}</Text>
              </Table.Td>
              <Table.Td>
                <VisibilityBadge m={m} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(m.updatedAt)}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" fw={600} data-testid="material-downloads">
                  {formatNumber(m.downloads)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

export default function MaterialsPage() {
  const me = useCurrentMe();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const kind = params.get('loai');
  const topicId = params.get('chuDe');
  const visibility = params.get('phamVi');
  // Default: the acting unit and the units below it.
  const unitParam = params.get('donVi');
  const unitId = unitParam === 'tat-ca' ? null : (unitParam ?? me.actingUnitId);
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();
  const canUpload = useCan('news.edit');
  const catalogue = useMaterialCatalogue();
  const campaignId = useLibraryCampaign();
  const topics = useTopics(campaignId);

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const query = useMaterials({
    search: search || undefined,
    kind: kind || undefined,
    topicId: topicId || undefined,
    visibility: visibility || undefined,
    unitId: unitId || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const data = query.data;
  const filtered = !!(search || kind || topicId || visibility);

  return (
    <Stack gap="md">
      <PageHeader
        title="Tài liệu tuyên truyền"
        description="Tài liệu, infographic, bài trình chiếu, tờ rơi, hỏi - đáp, âm thanh của đơn vị và các đơn vị trực thuộc; phiên bản, phạm vi công khai và lượt tải."
        actions={
          canUpload ? (
            <Button component={Link} to="/tai-lieu/moi" leftSection={<IconUpload size={18} />}>
              Tải tài liệu lên
            </Button>
          ) : null
        }
      />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          <SearchBox label="Tìm tài liệu" placeholder="Tên, mô tả" value={searchText} onChange={changeSearch} />
          <Select
            label="Loại tài liệu"
            placeholder="Mọi loại"
            data={(catalogue.data?.kinds ?? []).map((k) => ({ value: k.key, label: k.label }))}
            value={kind}
            onChange={(v) => set({ loai: v, trang: null })}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Chủ đề"
            placeholder="Mọi chủ đề"
            data={flattenTopics(topics.data ?? []).map(({ topic, depth }) => ({ value: topic.id, label: `${'  '.repeat(depth)}${topic.code ? `${topic.code} ` : ''}${topic.title}` }))}
            value={topicId}
            onChange={(v) => set({ chuDe: v, trang: null })}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Phạm vi"
            placeholder="Công khai và nội bộ"
            data={(catalogue.data?.visibilities ?? []).map((v) => ({ value: v.key, label: v.label }))}
            value={visibility}
            onChange={(v) => set({ phamVi: v, trang: null })}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <UnitSelect
            label="Đơn vị"
            placeholder="Mọi đơn vị (kể cả tài liệu công khai của nơi khác)"
            value={unitId}
            onChange={(v) => set({ donVi: v ?? 'tat-ca', trang: null })}
          />
        </SimpleGrid>
      </Paper>
      {query.isPending ? (
        <Loading label="Đang tải thư viện tài liệu…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được thư viện tài liệu" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={filtered ? 'Không có tài liệu phù hợp' : 'Chưa có tài liệu nào'}
            description={filtered ? 'Hãy thử từ khóa khác (có thể gõ không dấu) hoặc bỏ bớt bộ lọc.' : 'Tài liệu tuyên truyền của đơn vị sẽ hiện ở đây.'}
            action={
              canUpload && !filtered ? (
                <Button component={Link} to="/tai-lieu/moi" leftSection={<IconUpload size={18} />}>
                  Tải tài liệu lên
                </Button>
              ) : undefined
            }
          />
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} tài liệu
          </Text>
          <MaterialList items={data.items} />
          <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
        </Stack>
      )}
    </Stack>
  );
}
