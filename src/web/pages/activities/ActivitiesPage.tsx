// Hoạt động: activity reports of the unit and its subunits; filters kept in the URL (dashboard drill-down
// links `?unitId=&from=&to=&campaignId=&status=&form=&topicId=`), cards on phones, a table on desktop.
import { Anchor, Button, Card, Chip, Group, Paper, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconDownload, IconFileSpreadsheet, IconFilter, IconPhoto, IconPlus } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DateField } from '../../components/DateField';
import { Empty, ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import { ImportModal } from '../../components/ImportModal';
import { Pager } from '../../components/Pager';
import { UnitSelect } from '../../components/UnitSelect';
import { type Activity, type ActivityPage, resumePending, useMeasures } from '../../lib/activities';
import { api, withQuery } from '../../lib/api';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatNumber } from '../../lib/format';
import { flattenTopics, useCampaigns, useForms, useTopics } from '../../lib/plans';
import { ActivityStatusBadge, activityPeriod } from './ActivityParts';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['unitId', 'from', 'to', 'form', 'topicId', 'campaignId', 'status', 'reviewable', 'includeSubunits', 'asOf'] as const;

const STATUS_CHIPS = [
  { value: '', label: 'Tất cả' },
  { value: 'mine', label: 'Chờ tôi duyệt' },
  { value: 'draft', label: 'Nháp' },
  { value: 'submitted', label: 'Chờ duyệt' },
  { value: 'returned', label: 'Bị trả lại' },
  { value: 'accepted', label: 'Đã tiếp nhận' },
  { value: 'superseded', label: 'Đã thay thế' },
];

function ActivityCard({ a }: { a: Activity }) {
  return (
    <Card padding="md">
      <Stack gap={6}>
        <Anchor component={Link} to={`/hoat-dong/${a.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
          {a.title ?? '(Chưa đặt tên)'}
        </Anchor>
        <Group gap={6}>
          <ActivityStatusBadge status={a.status} />
          <Text size="sm" c="dimmed">
            {activityPeriod(a)}
          </Text>
        </Group>
        <Text size="sm">
          {a.formName ?? 'Chưa chọn hình thức'}
          {a.attendance ? ` · ${formatNumber(a.attendance)} lượt người` : ''}
          {a.photoCount ? ` · ${a.photoCount} ảnh` : ''}
        </Text>
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {a.unitName}
        </Text>
      </Stack>
    </Card>
  );
}

export default function ActivitiesPage() {
  const me = useCurrentMe();
  const client = useQueryClient();
  const phone = useIsPhone();
  const canReport = useCan('activity.report');
  const [params, setParams] = useSearchParams();
  const [importing, setImporting] = useState(false);
  const [showFilters, setShowFilters] = useState(false);
  const measures = useMeasures();
  const campaigns = useCampaigns();
  const forms = useForms();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const f = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || null])) as Record<(typeof FILTER_KEYS)[number], string | null>;
  const reviewable = f.reviewable === 'true';
  const activeCampaigns = (campaigns.data ?? []).filter((c) => c.status === 'active');
  const topicCampaign = f.campaignId ?? (activeCampaigns.length === 1 ? activeCampaigns[0].id : null);
  const topics = useTopics(topicCampaign);

  useEffect(() => {
    if (measures.data) resumePending(me.user.id, measures.data.map((m) => m.key));
  }, [me.user.id, measures.data]);

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('trang' in entries)) next.delete('trang');
    setParams(next, { replace: true });
  };

  const filters = {
    unitId: f.unitId ?? undefined,
    from: f.from ?? undefined,
    to: f.to ?? undefined,
    form: f.form ?? undefined,
    topicId: f.topicId ?? undefined,
    campaignId: f.campaignId ?? undefined,
    status: reviewable ? undefined : (f.status ?? undefined),
    reviewable: reviewable || undefined,
    // Dashboard drill-down: a unit's own reports ("trực tiếp") and the tree date of the roll-up.
    includeSubunits: f.includeSubunits === 'false' ? false : undefined,
    asOf: f.asOf ?? undefined,
  };
  const q = { ...filters, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: ['activities', 'list', q],
    queryFn: ({ signal }) => api.get<ActivityPage>('/api/activities', q, signal),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const filtered = FILTER_KEYS.some((k) => f[k]);
  const topicOptions = useMemo(
    () =>
      flattenTopics(topics.data ?? []).map(({ topic, depth }) => ({
        value: topic.id,
        label: `${'— '.repeat(Math.min(depth, 4))}${topic.code ? `${topic.code} ` : ''}${topic.title}`,
      })),
    [topics.data],
  );
  const fieldFilters = (['unitId', 'from', 'to', 'form', 'topicId', 'campaignId'] as const).filter((k) => f[k]).length;
  const filtersOpen = !phone || showFilters;
  const statusChip = reviewable ? 'mine' : (f.status ?? '');
  const exportUrl = withQuery('/api/activities/export', { format: 'xlsx', ...filters });

  return (
    <Stack gap="md">
      <PageHeader
        title="Hoạt động"
        description={f.unitId ? (f.includeSubunits === 'false' ? 'Báo cáo hoạt động của riêng đơn vị được chọn (không gồm đơn vị trực thuộc).' : 'Báo cáo hoạt động của đơn vị được chọn và các đơn vị trực thuộc.') : `Báo cáo hoạt động của ${me.actingUnit?.name ?? 'đơn vị'} và các đơn vị trực thuộc.`}
        actions={
          <>
            {canReport ? (
              <Button component={Link} to="/hoat-dong/moi" leftSection={<IconPlus size={18} />}>
                Báo cáo hoạt động
              </Button>
            ) : null}
            <Button component="a" href={exportUrl} download variant="default" leftSection={<IconDownload size={18} />}>
              Xuất Excel
            </Button>
            {canReport ? (
              <Button variant="default" leftSection={<IconFileSpreadsheet size={18} />} onClick={() => setImporting(true)}>
                Nhập từ Excel
              </Button>
            ) : null}
          </>
        }
      />

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          {phone ? (
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={600} size="sm">
                {fieldFilters ? `Đang lọc theo ${fieldFilters} điều kiện` : 'Đơn vị, thời gian, hình thức, chủ đề'}
              </Text>
              <Button size="xs" variant="light" leftSection={<IconFilter size={14} />} onClick={() => setShowFilters((x) => !x)} aria-expanded={filtersOpen}>
                {filtersOpen ? 'Ẩn bộ lọc' : 'Bộ lọc'}
              </Button>
            </Group>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" display={filtersOpen ? undefined : 'none'}>
            <UnitSelect
              label="Đơn vị (gồm cả đơn vị trực thuộc)"
              placeholder={me.actingUnit?.name ?? 'Đơn vị đang làm việc'}
              value={f.unitId}
              onChange={(v) => set({ unitId: v })}
            />
            <DateField label="Từ ngày" size="sm" value={f.from} onChange={(v) => set({ from: v })} clearable />
            <DateField label="Đến ngày" size="sm" value={f.to} onChange={(v) => set({ to: v })} clearable minDate={f.from ?? undefined} />
            <Select
              label="Chương trình, chiến dịch"
              placeholder="Tất cả"
              data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={f.campaignId}
              onChange={(v) => set({ campaignId: v, topicId: null })}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Hình thức"
              placeholder="Tất cả hình thức"
              data={(forms.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
              value={f.form}
              onChange={(v) => set({ form: v })}
              clearable
              searchable
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Chủ đề"
              placeholder={topicCampaign ? 'Tất cả chủ đề' : 'Chọn chương trình trước'}
              data={topicOptions}
              value={f.topicId}
              onChange={(v) => set({ topicId: v })}
              clearable
              searchable
              disabled={!topicCampaign}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <Chip.Group
            multiple={false}
            value={statusChip}
            onChange={(v) => set(v === 'mine' ? { reviewable: 'true', status: null } : { status: v || null, reviewable: null })}
          >
            <Group gap={6} role="radiogroup" aria-label="Trạng thái">
              {STATUS_CHIPS.map((c) => (
                <Chip key={c.value} value={c.value} size="sm" variant="outline">
                  {c.label}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {filtered ? (
            <Group>
              <Button variant="subtle" size="xs" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                Bỏ lọc
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Paper>

      {query.isPending ? (
        <Loading label="Đang tải báo cáo hoạt động…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được báo cáo hoạt động" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={reviewable ? 'Không có báo cáo nào chờ bạn duyệt' : filtered ? 'Không có báo cáo phù hợp' : 'Chưa có báo cáo hoạt động nào'}
            description={filtered ? 'Hãy bỏ bớt bộ lọc.' : 'Sau mỗi hoạt động tuyên truyền, hãy báo cáo để đơn vị cấp trên tổng hợp.'}
            action={
              canReport && !filtered ? (
                <Button component={Link} to="/hoat-dong/moi" leftSection={<IconPlus size={18} />}>
                  Báo cáo hoạt động
                </Button>
              ) : undefined
            }
          />
        </Paper>
      ) : (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.totalCapped ? 'Hơn 10.000' : formatNumber(data.total)} báo cáo
          </Text>
          {phone ? (
            <Stack gap="sm">
              {data.items.map((a) => (
                <ActivityCard key={a.id} a={a} />
              ))}
            </Stack>
          ) : (
            <div className="lt-table-scroll">
              <Table verticalSpacing="sm" highlightOnHover miw={900}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Hoạt động</Table.Th>
                    <Table.Th w={170}>Ngày</Table.Th>
                    <Table.Th w={200}>Hình thức</Table.Th>
                    <Table.Th w={110} ta="right">
                      Người dự
                    </Table.Th>
                    <Table.Th w={130}>Trạng thái</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Stack gap={2}>
                          <Anchor component={Link} to={`/hoat-dong/${a.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                            {a.title ?? '(Chưa đặt tên)'}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {a.unitName}
                            {a.photoCount ? (
                              <>
                                {' · '}
                                <IconPhoto size={12} style={{ verticalAlign: 'middle' }} aria-hidden /> {a.photoCount} ảnh
                              </>
                            ) : null}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{activityPeriod(a)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{a.formName ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm">{a.attendance ? formatNumber(a.attendance) : '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <ActivityStatusBadge status={a.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
          <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
        </Stack>
      )}
      {canReport ? (
        <ImportModal
          opened={importing}
          onClose={() => setImporting(false)}
          title="Nhập báo cáo hoạt động từ Excel"
          endpoint="/api/activities/import"
          templateUrl={withQuery('/api/activities/template.xlsx', { campaignId: topicCampaign })}
          what="báo cáo hoạt động"
          summarize={(r) => `${formatNumber(r.created)} báo cáo hoạt động (gửi duyệt ngay)`}
          onImported={() => client.invalidateQueries({ queryKey: ['activities'] })}
        />
      ) : null}
    </Stack>
  );
}
