// Tin bài: the newsroom list — search (without diacritics), status, unit, category, "Bài của tôi"; cards on phones.
import { Button, Group, Stack, Switch, Text } from '@mantine/core';
import { IconPencilPlus, IconStar } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/common';
import { CellText, ChipFilter, FILTERED_HINT, FilterBar, FilterSelect, ListCard, ListResults, ResponsiveList, RowLink, useListParams } from '../../components/ListKit';
import { SearchBox } from '../../components/SearchBox';
import { UnitSelect } from '../../components/UnitSelect';
import { useCan } from '../../lib/auth';
import { formatDateTime } from '../../lib/format';
import { ARTICLE_STATUSES, type ArticleSummary, useArticles, useNewsCategories } from '../../lib/news';
import { useUrlSearch } from '../../lib/useUrlSearch';
import { ArticleStatusBadge } from './NewsParts';

const PAGE_SIZE = 20;

/** The date that matters for the status: published, scheduled or last edited. */
function when(a: ArticleSummary): string {
  if (a.status === 'published' && a.publishedAt) return `Đăng ${formatDateTime(a.publishedAt)}`;
  if (a.status === 'scheduled' && a.scheduledAt) return `Hẹn đăng ${formatDateTime(a.scheduledAt)}`;
  return `Sửa ${formatDateTime(a.updatedAt)}`;
}

function TitleLink({ a }: { a: ArticleSummary }) {
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      {a.featured ? <IconStar size={16} color="var(--mantine-color-gold-7)" aria-label="Tin nổi bật" style={{ flexShrink: 0, marginTop: 3 }} /> : null}
      <RowLink to={`/tin-bai/${a.id}`}>{a.title}</RowLink>
    </Group>
  );
}

function ArticleList({ items }: { items: ArticleSummary[] }) {
  return (
    <ResponsiveList
      rows={items}
      rowKey={(a) => a.id}
      minWidth={820}
      cardsTestId="news-cards"
      card={(a) => (
        <ListCard meta={a.categoryName} badge={<ArticleStatusBadge status={a.status} />}>
          <TitleLink a={a} />
          <CellText dimmed>
            {a.unitName}
            {a.authorName ? ` · ${a.authorName}` : ''}
          </CellText>
          <Text size="xs" c="dimmed">
            {when(a)}
          </Text>
        </ListCard>
      )}
      columns={[
        { header: 'Tiêu đề', cell: (a) => <TitleLink a={a} /> },
        { header: 'Chuyên mục', width: 170, cell: (a) => <CellText>{a.categoryName}</CellText> },
        {
          header: 'Đơn vị, người viết',
          width: 200,
          cell: (a) => (
            <>
              <CellText>{a.unitName}</CellText>
              {a.authorName ? (
                <Text size="xs" c="dimmed">
                  {a.authorName}
                </Text>
              ) : null}
            </>
          ),
        },
        { header: 'Trạng thái', width: 140, cell: (a) => <ArticleStatusBadge status={a.status} /> },
        { header: 'Thời gian', width: 170, cell: (a) => <CellText dimmed>{when(a)}</CellText> },
      ]}
    />
  );
}

export default function NewsListPage() {
  const { params, page, set, setPage } = useListParams();
  const status = params.get('trangThai') ?? '';
  const unitId = params.get('donVi');
  const categoryId = params.get('chuyenMuc');
  const mine = params.get('cuaToi') === '1';
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();
  const canEdit = useCan('news.edit');
  const categories = useNewsCategories();

  const q = {
    search: search || undefined,
    status: status || undefined,
    unitId: unitId || undefined,
    categoryId: categoryId || undefined,
    mine,
    page,
    pageSize: PAGE_SIZE,
  };
  const query = useArticles(q);
  const filtered = !!(search || status || unitId || categoryId || mine);

  return (
    <Stack gap="md">
      <PageHeader
        title="Tin bài"
        description="Viết tin, gửi duyệt, hẹn giờ đăng lên trang thông tin của đơn vị và chia sẻ lên Fanpage."
        actions={
          canEdit ? (
            <Button component={Link} to="/tin-bai/moi" leftSection={<IconPencilPlus size={18} />}>
              Viết tin bài
            </Button>
          ) : null
        }
      />

      <FilterBar
        cols={{ base: 1, sm: 3 }}
        below={
          <Group justify="space-between" align="flex-end" gap="sm">
            <ChipFilter id="news-status-filter" allLabel="Tất cả" options={ARTICLE_STATUSES} value={status} onChange={(v) => set({ trangThai: v, trang: null })} />
            <Switch label="Bài của tôi" checked={mine} onChange={(e) => set({ cuaToi: e.currentTarget.checked ? '1' : null, trang: null })} />
          </Group>
        }
      >
        <SearchBox label="Tìm tin bài" placeholder="Tìm theo tiêu đề" value={searchText} onChange={changeSearch} />
        <UnitSelect label="Đơn vị" placeholder="Tất cả đơn vị" value={unitId} onChange={(v) => set({ donVi: v, trang: null })} />
        <FilterSelect
          label="Chuyên mục"
          placeholder="Tất cả chuyên mục"
          data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={categoryId}
          onChange={(v) => set({ chuyenMuc: v, trang: null })}
        />
      </FilterBar>

      <ListResults
        query={query}
        loadingLabel="Đang tải danh sách tin bài…"
        errorTitle="Không tải được danh sách tin bài"
        empty={{
          title: filtered ? 'Không có tin bài phù hợp' : 'Chưa có tin bài nào',
          description: filtered ? FILTERED_HINT : canEdit ? 'Hãy viết tin bài đầu tiên cho trang thông tin của đơn vị.' : 'Tin bài của các đơn vị sẽ hiện ở đây.',
          action:
            canEdit && !filtered ? (
              <Button component={Link} to="/tin-bai/moi" leftSection={<IconPencilPlus size={18} />}>
                Viết tin bài
              </Button>
            ) : undefined,
        }}
        count={(total) => `${total} tin bài`}
        page={page}
        onPage={setPage}
      >
        {(items) => <ArticleList items={items} />}
      </ListResults>
    </Stack>
  );
}
