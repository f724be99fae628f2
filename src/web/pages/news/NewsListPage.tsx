// Tin bài: the newsroom list — search (without diacritics), status, unit, category, "Bài của tôi"; cards on phones.
import { ActionIcon, Anchor, Button, Card, Chip, Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconPencilPlus, IconSearch, IconStar, IconX } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import { Pager } from '../../components/Pager';
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
      <Anchor component={Link} to={`/tin-bai/${a.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
        {a.title}
      </Anchor>
    </Group>
  );
}

function ArticleList({ items }: { items: ArticleSummary[] }) {
  const phone = useIsPhone();
  if (phone) {
    return (
      <Stack gap="sm" data-testid="news-cards">
        {items.map((a) => (
          <Card key={a.id} padding="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed">
                  {a.categoryName}
                </Text>
                <ArticleStatusBadge status={a.status} />
              </Group>
              <TitleLink a={a} />
              <Text size="sm" c="dimmed">
                {a.unitName}
                {a.authorName ? ` · ${a.authorName}` : ''}
              </Text>
              <Text size="xs" c="dimmed">
                {when(a)}
              </Text>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover miw={820}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Tiêu đề</Table.Th>
            <Table.Th w={170}>Chuyên mục</Table.Th>
            <Table.Th w={200}>Đơn vị, người viết</Table.Th>
            <Table.Th w={140}>Trạng thái</Table.Th>
            <Table.Th w={170}>Thời gian</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <TitleLink a={a} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.categoryName}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.unitName}</Text>
                {a.authorName ? (
                  <Text size="xs" c="dimmed">
                    {a.authorName}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <ArticleStatusBadge status={a.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {when(a)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

export default function NewsListPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const status = params.get('trangThai') ?? '';
  const unitId = params.get('donVi');
  const categoryId = params.get('chuyenMuc');
  const mine = params.get('cuaToi') === '1';
  const search = params.get('q') ?? '';
  const [searchText, changeSearch] = useUrlSearch();
  const canEdit = useCan('news.edit');
  const categories = useNewsCategories();

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

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
  const data = query.data;
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

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Tìm tin bài"
              placeholder="Tìm theo tiêu đề"
              leftSection={<IconSearch size={18} aria-hidden />}
              value={searchText}
              onChange={(e) => changeSearch(e.currentTarget.value)}
              rightSection={
                searchText ? (
                  <ActionIcon variant="subtle" color="gray" aria-label="Xóa tìm kiếm" onClick={() => changeSearch('')}>
                    <IconX size={16} />
                  </ActionIcon>
                ) : null
              }
            />
            <UnitSelect label="Đơn vị" placeholder="Tất cả đơn vị" value={unitId} onChange={(v) => set({ donVi: v, trang: null })} />
            <Select
              label="Chuyên mục"
              placeholder="Tất cả chuyên mục"
              data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={categoryId}
              onChange={(v) => set({ chuyenMuc: v, trang: null })}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <Group justify="space-between" align="flex-end" gap="sm">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="news-status-filter">
                Trạng thái
              </Text>
              <Chip.Group multiple={false} value={status} onChange={(v) => set({ trangThai: v || null, trang: null })}>
                <Group gap={6} role="radiogroup" aria-labelledby="news-status-filter">
                  <Chip value="" size="sm" variant="outline">
                    Tất cả
                  </Chip>
                  {ARTICLE_STATUSES.map((c) => (
                    <Chip key={c.value} value={c.value} size="sm" variant="outline">
                      {c.label}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
            <Switch label="Bài của tôi" checked={mine} onChange={(e) => set({ cuaToi: e.currentTarget.checked ? '1' : null, trang: null })} />
          </Group>
        </Stack>
      </Paper>

      {query.isPending ? (
        <Loading label="Đang tải danh sách tin bài…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được danh sách tin bài" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={filtered ? 'Không có tin bài phù hợp' : 'Chưa có tin bài nào'}
            description={
              filtered
                ? 'Hãy thử từ khóa khác (có thể gõ không dấu) hoặc bỏ bớt bộ lọc.'
                : canEdit
                  ? 'Hãy viết tin bài đầu tiên cho trang thông tin của đơn vị.'
                  : 'Tin bài của các đơn vị sẽ hiện ở đây.'
            }
            action={
              canEdit && !filtered ? (
                <Button component={Link} to="/tin-bai/moi" leftSection={<IconPencilPlus size={18} />}>
                  Viết tin bài
                </Button>
              ) : undefined
            }
          />
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} tin bài
          </Text>
          <ArticleList items={data.items} />
          <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
        </Stack>
      )}
    </Stack>
  );
}
