// Tài liệu: the materials library of the acting unit and below — filters (type, topic, public/internal, search), paging, download counts.
import { Button, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { PageHeader, StatusBadge } from '../../components/common';
import { CellText, FILTERED_HINT, FilterBar, FilterSelect, ListCard, ListResults, ResponsiveList, RowLink, useListParams } from '../../components/ListKit';
import { SearchBox } from '../../components/SearchBox';
import { UnitSelect } from '../../components/UnitSelect';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate, formatNumber } from '../../lib/format';
import { type MaterialSummary, useLibraryTopicOptions, useMaterialCatalogue, useMaterials } from '../../lib/materials';
import { formatFileSize, useCampaigns } from '../../lib/plans';
import { useUrlSearch } from '../../lib/useUrlSearch';

const PAGE_SIZE = 20;

export function VisibilityBadge({ m }: { m: Pick<MaterialSummary, 'visibility' | 'visibilityLabel' | 'archived'> }) {
  if (m.archived) return <StatusBadge tone="red">Đã gỡ</StatusBadge>;
  return <StatusBadge tone={m.visibility === 'public' ? 'green' : 'gray'}>{m.visibilityLabel}</StatusBadge>;
}

/** The default campaign of a new material: the active one (the topic filter offers every campaign). */
export function useLibraryCampaign(): string | null {
  const campaigns = useCampaigns();
  return useMemo(() => (campaigns.data ?? []).find((c) => c.status === 'active')?.id ?? campaigns.data?.[0]?.id ?? null, [campaigns.data]);
}

function TitleLink({ m }: { m: MaterialSummary }) {
  return (
    <RowLink to={`/tai-lieu/${m.id}`}>{m.title}</RowLink>
  );
}

function MaterialList({ items }: { items: MaterialSummary[] }) {
  return (
    <ResponsiveList
      rows={items}
      rowKey={(m) => m.id}
      minWidth={860}
      cardsTestId="material-cards"
      card={(m) => (
        <ListCard meta={`${m.kindLabel} · ${m.file.typeLabel}`} badge={<VisibilityBadge m={m} />}>
          <TitleLink m={m} />
          <CellText dimmed>{m.unitName}</CellText>
          <Text size="xs" c="dimmed">
            Phiên bản {m.currentVersion} · {formatDate(m.updatedAt)} · {formatNumber(m.downloads)} lượt tải
          </Text>
        </ListCard>
      )}
      columns={[
        {
          header: 'Tài liệu',
          cell: (m) => (
            <Stack gap={2}>
              <TitleLink m={m} />
              <Text size="xs" c="dimmed">
                {m.file.typeLabel} · {formatFileSize(m.file.size)} · phiên bản {m.currentVersion}
                {m.topics.length ? ` · ${m.topics.map((t) => t.title).join('; ')}` : ''}
              </Text>
            </Stack>
          ),
        },
        { header: 'Loại', width: 150, cell: (m) => <CellText>{m.kindLabel}</CellText> },
        { header: 'Đơn vị', width: 190, cell: (m) => <CellText>{m.unitName}</CellText> },
        { header: 'Phạm vi', width: 110, cell: (m) => <VisibilityBadge m={m} /> },
        { header: 'Cập nhật', width: 110, cell: (m) => <CellText>{formatDate(m.updatedAt)}</CellText> },
        {
          header: 'Lượt tải',
          width: 90,
          align: 'right',
          cell: (m) => (
            <Text size="sm" fw={600} data-testid="material-downloads">
              {formatNumber(m.downloads)}
            </Text>
          ),
        },
      ]}
    />
  );
}

export default function MaterialsPage() {
  const me = useCurrentMe();
  const { params, page, set, setPage } = useListParams();
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
  const topicOptions = useLibraryTopicOptions();

  const query = useMaterials({
    search: search || undefined,
    kind: kind || undefined,
    topicId: topicId || undefined,
    visibility: visibility || undefined,
    unitId: unitId || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
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
      <FilterBar cols={{ base: 1, sm: 2, md: 3 }}>
        <SearchBox label="Tìm tài liệu" placeholder="Tên, mô tả" value={searchText} onChange={changeSearch} />
        <FilterSelect
          label="Loại tài liệu"
          placeholder="Mọi loại"
          data={(catalogue.data?.kinds ?? []).map((k) => ({ value: k.key, label: k.label }))}
          value={kind}
          onChange={(v) => set({ loai: v, trang: null })}
        />
        <FilterSelect
          label="Chủ đề"
          placeholder="Mọi chủ đề"
          data={topicOptions}
          value={topicId}
          onChange={(v) => set({ chuDe: v, trang: null })}
          searchable
        />
        <FilterSelect
          label="Phạm vi"
          placeholder="Công khai và nội bộ"
          data={(catalogue.data?.visibilities ?? []).map((v) => ({ value: v.key, label: v.label }))}
          value={visibility}
          onChange={(v) => set({ phamVi: v, trang: null })}
        />
        <UnitSelect
          label="Đơn vị"
          placeholder="Mọi đơn vị (kể cả tài liệu công khai của nơi khác)"
          value={unitId}
          onChange={(v) => set({ donVi: v ?? 'tat-ca', trang: null })}
        />
      </FilterBar>
      <ListResults
        query={query}
        loadingLabel="Đang tải thư viện tài liệu…"
        errorTitle="Không tải được thư viện tài liệu"
        empty={{
          title: filtered ? 'Không có tài liệu phù hợp' : 'Chưa có tài liệu nào',
          description: filtered ? FILTERED_HINT : 'Tài liệu tuyên truyền của đơn vị sẽ hiện ở đây.',
          action:
            canUpload && !filtered ? (
              <Button component={Link} to="/tai-lieu/moi" leftSection={<IconUpload size={18} />}>
                Tải tài liệu lên
              </Button>
            ) : undefined,
        }}
        count={(total) => `${total} tài liệu`}
        page={page}
        onPage={setPage}
      >
        {(items) => <MaterialList items={items} />}
      </ListResults>
    </Stack>
  );
}
