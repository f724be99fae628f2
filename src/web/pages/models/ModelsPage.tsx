// Mô hình, gương: the registry of the acting unit and below — filters (kind, field, unit, year, status), paging, cards on phones.
import { Button, Group, Image, Stack, Switch, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/common';
import { CellText, ChipFilter, FILTERED_HINT, FilterBar, FilterSelect, ListCard, ListResults, ResponsiveList, RowLink, useListParams } from '../../components/ListKit';
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
    <RowLink to={`/mo-hinh/${m.id}`}>{m.name}</RowLink>
  );
}

function ModelList({ items }: { items: ModelSummary[] }) {
  return (
    <ResponsiveList
      rows={items}
      rowKey={(m) => m.id}
      minWidth={880}
      cardsTestId="model-cards"
      card={(m) => (
        <ListCard meta={`${m.kindLabel} · ${m.year}`} badge={<ModelStatusBadge status={m.status} label={m.statusLabel} />}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Thumb m={m} />
            <NameLink m={m} />
          </Group>
          <CellText dimmed>{m.fieldLabel}</CellText>
          <CellText dimmed>
            {m.unitName}
            {m.isPublic && m.publicUrl ? ' · Đang công khai' : ''}
          </CellText>
        </ListCard>
      )}
      columns={[
        {
          header: 'Tên mô hình, gương điển hình',
          cell: (m) => (
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Thumb m={m} />
              <Stack gap={2} style={{ minWidth: 0 }}>
                <NameLink m={m} />
                <Text size="xs" c="dimmed">
                  {m.kindLabel} · {m.place}
                </Text>
              </Stack>
            </Group>
          ),
        },
        { header: 'Lĩnh vực', width: 210, cell: (m) => <CellText>{m.fieldLabel}</CellText> },
        { header: 'Đơn vị', width: 190, cell: (m) => <CellText>{m.unitName}</CellText> },
        { header: 'Năm', width: 60, cell: (m) => <CellText>{m.year}</CellText> },
        {
          header: 'Trạng thái',
          width: 160,
          cell: (m) => (
            <Stack gap={4} align="flex-start">
              <ModelStatusBadge status={m.status} label={m.statusLabel} />
              <Text size="xs" c="dimmed">
                {m.publicUrl ? 'Đang công khai' : `Sửa ${formatDateTime(m.updatedAt)}`}
              </Text>
            </Stack>
          ),
        },
      ]}
    />
  );
}

export default function ModelsPage() {
  const { params, page, set, setPage } = useListParams();
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

      <FilterBar
        cols={{ base: 1, sm: 2, md: 3 }}
        below={
          <Group justify="space-between" align="flex-end" gap="sm">
            <ChipFilter
              id="model-status-filter"
              allLabel="Tất cả"
              options={(catalogue.data?.statuses ?? []).map((c) => ({ value: c.key, label: c.label }))}
              value={status}
              onChange={(v) => set({ trangThai: v, trang: null })}
            />
            <Switch label="Chờ tôi xét duyệt" checked={reviewable} onChange={(e) => set({ choDuyet: e.currentTarget.checked ? '1' : null, trang: null })} />
          </Group>
        }
      >
        <SearchBox label="Tìm kiếm" placeholder="Tên, địa bàn, tóm tắt" value={searchText} onChange={changeSearch} />
        <FilterSelect
          label="Loại"
          placeholder="Mô hình và gương"
          data={(catalogue.data?.kinds ?? []).map((k) => ({ value: k.key, label: k.label }))}
          value={kind}
          onChange={(v) => set({ loai: v, trang: null })}
        />
        <FilterSelect
          label="Lĩnh vực"
          placeholder="Mọi lĩnh vực"
          data={(catalogue.data?.fields ?? []).map((f) => ({ value: f.key, label: f.label }))}
          value={field}
          onChange={(v) => set({ linhVuc: v, trang: null })}
        />
        <UnitSelect label="Đơn vị" placeholder="Đơn vị và các đơn vị trực thuộc" value={unitId} onChange={(v) => set({ donVi: v, trang: null })} />
        <FilterSelect label="Năm" placeholder="Mọi năm" data={years()} value={year} onChange={(v) => set({ nam: v, trang: null })} />
      </FilterBar>

      <ListResults
        query={query}
        loadingLabel="Đang tải danh sách…"
        errorTitle="Không tải được danh sách"
        empty={{
          title: filtered ? 'Không có hồ sơ phù hợp' : 'Chưa có mô hình, gương điển hình nào',
          description: filtered ? FILTERED_HINT : 'Đơn vị có thể đề xuất mô hình hay, gương điển hình để đơn vị cấp trên xét công nhận.',
          action:
            canNominate && !filtered ? (
              <Button component={Link} to="/mo-hinh/moi" leftSection={<IconPlus size={18} />}>
                Đề xuất mới
              </Button>
            ) : undefined,
        }}
        count={(total) => `${total} hồ sơ`}
        page={page}
        onPage={setPage}
      >
        {(items) => <ModelList items={items} />}
      </ListResults>
    </Stack>
  );
}
