// Dashboard sections: headline cards, indicator progress, breakdown cards (chart ↔ table), units, follow-up.
import {
  Anchor,
  Badge,
  Card,
  Group,
  List,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconChartBar, IconTable } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Empty, StatusBadge } from '../../components/common';
import {
  activitiesLink,
  type DashboardFilterEcho,
  type DashboardFollowUp,
  type DashboardSummary,
  type DashboardUnits,
  type TopicRow,
  shortUnitName,
  type UnitRow,
} from '../../lib/dashboard';
import { formatDate, formatNumber } from '../../lib/format';
import { type BarDatum, CHART_COLORS, HBarChart, MonthChart } from './charts';
import { type Column, SortableTable } from './SortableTable';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A number that opens the activity list behind it. */
export function NumberLink({ value, to, label }: { value: number; to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} aria-label={`${formatNumber(value)} ${label} — xem danh sách hoạt động`} fw={600}>
      {formatNumber(value)}
    </Anchor>
  );
}

export function SectionTitle({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <Title order={2} size="h3" id={id}>
      {children}
    </Title>
  );
}

export function HeadlineCards({ summary }: { summary: DashboardSummary }) {
  const link = activitiesLink(summary.filter);
  return (
    <section aria-labelledby="dash-headline" className="lt-dash-section">
      <Stack gap="sm">
        <SectionTitle id="dash-headline">Số liệu chính</SectionTitle>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4, lg: 5 }} spacing={{ base: 'xs', sm: 'sm' }} className="lt-dash-cards">
          {summary.headline.map((h) => (
            <Card
              key={h.key}
              component={Link}
              to={link}
              padding="sm"
              withBorder
              className="lt-dash-card"
              data-testid={`headline-${h.key}`}
              aria-label={`${h.label}: ${formatNumber(h.value)}${h.unit ? ` ${h.unit}` : ''} — xem danh sách hoạt động`}
            >
              <Text size="sm" c="dimmed" lh={1.3} className="lt-dash-card-label">
                {h.label}
              </Text>
              <Group gap={4} align="baseline" wrap="wrap" mt={4}>
                <Text fz={{ base: 22, sm: 26 }} fw={700} c={h.value ? 'frontRed.8' : 'gray.6'} lh={1.1}>
                  {formatNumber(h.value)}
                </Text>
                {h.unit ? (
                  <Text size="xs" c="dimmed">
                    {h.unit}
                  </Text>
                ) : null}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
        <PendingLine summary={summary} />
      </Stack>
    </section>
  );
}

function PendingLine({ summary }: { summary: DashboardSummary }) {
  const { submitted, returned, drafts } = summary.pending;
  if (!submitted && !returned && !drafts) return null;
  const base = (status: string) =>
    `/hoat-dong?${new URLSearchParams({ unitId: summary.filter.unitId, ...(summary.filter.campaignId ? { campaignId: summary.filter.campaignId } : {}), status })}`;
  const parts: ReactNode[] = [];
  if (submitted)
    parts.push(
      <Anchor key="s" component={Link} to={base('submitted')}>
        {formatNumber(submitted)} báo cáo chờ duyệt
      </Anchor>,
    );
  if (returned)
    parts.push(
      <Anchor key="r" component={Link} to={base('returned')}>
        {formatNumber(returned)} báo cáo bị trả lại
      </Anchor>,
    );
  if (drafts)
    parts.push(
      <Anchor key="d" component={Link} to={base('draft')}>
        {formatNumber(drafts)} báo cáo nháp
      </Anchor>,
    );
  return (
    <Text size="sm" c="dimmed">
      Chưa tính vào số liệu:{' '}
      {parts.map((p, i) => (
        <span key={String(i)}>
          {i ? ' · ' : ''}
          {p}
        </span>
      ))}
      .
    </Text>
  );
}

export function Indicators({ summary }: { summary: DashboardSummary }) {
  if (summary.indicators.length === 0) {
    return (
      <Paper withBorder p="md" className="lt-dash-section">
        <SectionTitle>Chỉ tiêu của chương trình</SectionTitle>
        <Text c="dimmed" size="sm" mt="xs">
          {summary.filter.campaignId
            ? 'Chương trình chưa có chỉ tiêu đo được bằng số liệu hoạt động.'
            : 'Chọn một chương trình để xem tiến độ thực hiện chỉ tiêu.'}
        </Text>
      </Paper>
    );
  }
  const link = activitiesLink(summary.filter);
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="dash-indicators" className="lt-dash-section">
      <Stack gap="sm">
        <SectionTitle id="dash-indicators">Chỉ tiêu của chương trình</SectionTitle>
        <Stack gap="md">
          {summary.indicators.map((ind) => {
            const pct = ind.percent ?? 0;
            const measured = ind.actual !== null;
            const reached = measured && ind.target !== null && ind.target > 0 && (ind.actual ?? 0) >= ind.target;
            const isPercent = ind.unitLabel === '%';
            return (
              <Stack key={ind.id} gap={4} data-testid="indicator">
                <Group justify="space-between" gap="xs" wrap="wrap" align="baseline">
                  <Text fw={500} style={{ flex: '1 1 240px' }}>
                    {ind.name}
                  </Text>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">
                      {measured ? (
                        isCountMetric(ind.metric) ? (
                          <Anchor component={Link} to={link} fw={600}>
                            {formatNumber(ind.actual)}
                          </Anchor>
                        ) : (
                          <b>{formatNumber(ind.actual)}</b>
                        )
                      ) : (
                        <Text span c="dimmed">
                          Chưa có số
                        </Text>
                      )}
                      {ind.target !== null ? ` / ${formatNumber(ind.target)}` : ''}
                      {ind.unitLabel ? `${isPercent ? '' : ' '}${ind.unitLabel}` : ''}
                    </Text>
                    {ind.target === null ? (
                      <StatusBadge tone="gray">Chưa đặt chỉ tiêu</StatusBadge>
                    ) : !measured ? (
                      <StatusBadge tone="gray">Chưa tính</StatusBadge>
                    ) : reached ? (
                      <StatusBadge tone="green">Đã đạt · {formatNumber(pct)}%</StatusBadge>
                    ) : (
                      <StatusBadge tone={pct >= 50 ? 'blue' : 'orange'}>Đạt {formatNumber(pct)}%</StatusBadge>
                    )}
                  </Group>
                </Group>
                {measured ? (
                  <Progress
                    value={Math.min(100, pct)}
                    color={reached ? 'green' : 'frontBlue'}
                    size="lg"
                    radius="sm"
                    aria-label={`${ind.name}: đạt ${formatNumber(pct)}% chỉ tiêu`}
                  />
                ) : null}
                {ind.note ? (
                  <Text size="xs" c="dimmed">
                    {ind.note}
                  </Text>
                ) : null}
              </Stack>
            );
          })}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** Indicators counted from activity reports (a drill-down makes sense); ratios and shares are not. */
function isCountMetric(metric: string): boolean {
  return !/_pct$|_per_/.test(metric);
}

/** A titled card with a chart and, one click away, the same numbers as a table. */
export function BreakdownCard({
  id,
  title,
  description,
  chart,
  table,
  empty,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  empty?: string | null;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={id} className="lt-dash-section lt-dash-breakdown">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Stack gap={0} style={{ flex: '1 1 200px' }}>
            <SectionTitle id={id}>{title}</SectionTitle>
            {description ? (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            ) : null}
          </Stack>
          {!empty ? (
            <SegmentedControl
              size="xs"
              className="lt-no-print"
              aria-label={`Cách xem: ${title}`}
              value={view}
              onChange={(v) => setView(v as 'chart' | 'table')}
              data={[
                {
                  value: 'chart',
                  label: (
                    <Group gap={4} wrap="nowrap">
                      <IconChartBar size={14} aria-hidden />
                      Biểu đồ
                    </Group>
                  ),
                },
                {
                  value: 'table',
                  label: (
                    <Group gap={4} wrap="nowrap">
                      <IconTable size={14} aria-hidden />
                      Bảng
                    </Group>
                  ),
                },
              ]}
            />
          ) : null}
        </Group>
        {empty ? (
          <Text c="dimmed" size="sm">
            {empty}
          </Text>
        ) : view === 'chart' ? (
          <figure className="lt-dash-chart" aria-label={title}>
            {chart}
          </figure>
        ) : (
          table
        )}
      </Stack>
    </Paper>
  );
}

interface SimpleRow {
  key: string;
  label: string;
  activities: number;
  attendance?: number;
  to: string;
}

export function SimpleTable({ rows, caption, withAttendance }: { rows: SimpleRow[]; caption: string; withAttendance?: boolean }) {
  const columns: Column<SimpleRow>[] = [
    { key: 'label', label: caption, sortValue: (r) => r.label, render: (r) => <Text size="sm">{r.label}</Text> },
    {
      key: 'activities',
      label: 'Hoạt động',
      numeric: true,
      sortValue: (r) => r.activities,
      render: (r) => <NumberLink value={r.activities} to={r.to} label={`hoạt động — ${r.label}`} />,
    },
  ];
  if (withAttendance)
    columns.push({
      key: 'attendance',
      label: 'Lượt người tham dự',
      numeric: true,
      sortValue: (r) => r.attendance ?? 0,
      render: (r) => formatNumber(r.attendance ?? 0),
    });
  return <SortableTable rows={rows} columns={columns} rowKey={(r) => r.key} caption={caption} minWidth={420} />;
}

export function MonthBreakdown({ summary }: { summary: DashboardSummary }) {
  const navigate = useNavigate();
  const f = summary.filter;
  // A reporting month's drill-down: the whole period's list (the list filters on dates; months follow the cut-off).
  const rows = summary.byMonth.map((m) => ({ ...m, to: monthLink(f, m.key) }));
  return (
    <BreakdownCard
      id="dash-by-month"
      title="Theo tháng"
      description="Số hoạt động và lượt người tham dự theo tháng báo cáo"
      empty={rows.length === 0 ? 'Kỳ này không có tháng nào.' : null}
      chart={<MonthChart data={rows} onSelect={(m) => navigate(monthLink(f, m.key))} />}
      table={<SimpleTable rows={rows} caption="Tháng" withAttendance />}
    />
  );
}

/** The activity list for one reporting month (cut-off day c: day c of M−1 to day c−1 of M), inside the period. */
function monthLink(f: DashboardFilterEcho, key: string): string {
  const [y, m] = key.split('-').map(Number);
  const c = f.cutoffDay || 1;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const start = c === 1 ? new Date(Date.UTC(y, m - 1, 1)) : new Date(Date.UTC(y, m - 2, c));
  const end = c === 1 ? new Date(Date.UTC(y, m, 0)) : new Date(Date.UTC(y, m - 1, c - 1));
  // ISO dates compare as strings: clamp the month to the period.
  const [, from] = [iso(start), f.from].sort();
  const [to] = [iso(end), f.to].sort();
  return activitiesLink({ ...f, from, to });
}

export function FormBreakdown({ summary }: { summary: DashboardSummary }) {
  const navigate = useNavigate();
  const rows = summary.byForm.map((r) => ({ ...r, to: activitiesLink(summary.filter, { form: r.key }) }));
  // The chart shows the forms used; the table lists every form, zeros included.
  const used: (BarDatum & { to: string })[] = rows
    .filter((r) => r.activities > 0)
    .sort((a, b) => b.activities - a.activities)
    .map((r) => ({ key: r.key, label: r.label, value: r.activities, to: r.to }));
  return (
    <BreakdownCard
      id="dash-by-form"
      title="Theo hình thức"
      description="Số hoạt động theo hình thức tuyên truyền"
      empty={used.length === 0 ? 'Kỳ này chưa có hoạt động nào được tiếp nhận.' : null}
      chart={<HBarChart data={used} name="Hoạt động" onSelect={(d) => navigate(activitiesLink(summary.filter, { form: d.key }))} />}
      table={<SimpleTable rows={rows} caption="Hình thức" withAttendance />}
    />
  );
}

/**
 * The chart's topics: the campaign's main topics, as the coverage grid chooses them (a top-level heading whose
 * subtopics have subtopics of their own is replaced by those subtopics), each with its own activities plus
 * those of its subtopics — the same count as the grid's column.
 */
export function mainTopicBars(topics: TopicRow[]): (BarDatum & { code: string })[] {
  const children = new Map<string, TopicRow[]>();
  for (const t of topics) if (t.parentId) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const sum = (t: TopicRow): number => t.activities + (children.get(t.key) ?? []).reduce((s, c) => s + sum(c), 0);
  const mains: TopicRow[] = [];
  for (const t of topics) {
    if (t.parentId) continue;
    const kids = children.get(t.key) ?? [];
    if (kids.some((k) => children.has(k.key))) mains.push(...kids);
    else mains.push(t);
  }
  return mains.map((t) => ({ key: t.key, code: t.code, label: t.code ? `${t.code}. ${t.label}` : t.label, value: sum(t) }));
}

function topicDepths(topics: TopicRow[]): Map<string, number> {
  const parent = new Map(topics.map((t) => [t.key, t.parentId ?? null]));
  const depth = new Map<string, number>();
  for (const t of topics) {
    let d = 0;
    for (let p = parent.get(t.key); p && d < 10; p = parent.get(p)) d++;
    depth.set(t.key, d);
  }
  return depth;
}

export function TopicBreakdown({ summary }: { summary: DashboardSummary }) {
  const navigate = useNavigate();
  const depth = topicDepths(summary.byTopic);
  const rows = summary.byTopic.map((r) => ({
    key: r.key,
    label: `${'\u00a0\u00a0\u00a0'.repeat(depth.get(r.key) ?? 0)}${r.code ? `${r.code}. ${r.label}` : r.label}`,
    activities: r.activities,
    to: activitiesLink(summary.filter, { topicId: r.key }),
  }));
  const bars = mainTopicBars(summary.byTopic);
  return (
    <BreakdownCard
      id="dash-by-topic"
      title="Theo nội dung"
      description="Nội dung chính của chương trình (gồm cả các nội dung con); một hoạt động có thể thuộc nhiều nội dung"
      empty={
        !summary.filter.campaignId
          ? 'Chọn một chương trình để xem số liệu theo nội dung.'
          : rows.length === 0
            ? 'Chương trình chưa có nội dung tuyên truyền.'
            : null
      }
      chart={
        <HBarChart
          data={bars}
          name="Hoạt động"
          color={CHART_COLORS.blue}
          onSelect={(d) => navigate(activitiesLink(summary.filter, { topicId: d.key }))}
        />
      }
      table={<SimpleTable rows={rows} caption="Nội dung" />}
    />
  );
}

/** Drill-down for one unit row: its own reports only for the "self" row. */
export function unitLink(f: DashboardFilterEcho, row: Pick<UnitRow, 'key' | 'kind'>): string {
  const link = activitiesLink(f, { unitId: row.key });
  return row.kind === 'self' ? `${link}&includeSubunits=false` : link;
}

export function UnitBreakdown({ units }: { units: DashboardUnits }) {
  const navigate = useNavigate();
  const f = units.filter;
  const [view, setView] = useState<'chart' | 'table'>('table');
  const rows = units.rows;
  const silent = new Set(units.notReported.map((u) => u.unitId));
  const sum = (k: keyof UnitRow) => rows.reduce((s, r) => s + (Number(r[k]) || 0), 0);
  const columns: Column<UnitRow>[] = [
    {
      key: 'label',
      label: 'Đơn vị',
      sortValue: (r) => shortUnitName(r.label),
      render: (r) => (
        <Group gap={6} wrap="wrap" miw={230} style={{ rowGap: 2 }}>
          <Anchor component={Link} to={`/don-vi/${r.key}`} size="sm" fw={500} title={r.label}>
            {shortUnitName(r.label)}
          </Anchor>
          {!r.active ? <StatusBadge tone="gray">Đơn vị cũ</StatusBadge> : null}
          {silent.has(r.key) ? <StatusBadge tone="orange">Chưa báo cáo</StatusBadge> : null}
        </Group>
      ),
    },
    {
      key: 'activities',
      label: 'Hoạt động',
      numeric: true,
      sortValue: (r) => r.activities,
      render: (r) => <NumberLink value={r.activities} to={unitLink(f, r)} label={`hoạt động của ${shortUnitName(r.label)}`} />,
    },
    { key: 'attendance', label: 'Lượt tham dự', numeric: true, sortValue: (r) => r.attendance, render: (r) => formatNumber(r.attendance) },
    { key: 'sessions', label: 'Buổi', numeric: true, onPhone: false, sortValue: (r) => r.sessions, render: (r) => formatNumber(r.sessions) },
    {
      key: 'radioMinutes',
      label: 'Phút phát thanh',
      numeric: true,
      onPhone: false,
      sortValue: (r) => r.radioMinutes,
      render: (r) => formatNumber(r.radioMinutes),
    },
    {
      key: 'digitalHelped',
      label: 'Hỗ trợ kỹ năng số',
      numeric: true,
      onPhone: false,
      sortValue: (r) => r.digitalHelped,
      render: (r) => formatNumber(r.digitalHelped),
    },
    {
      key: 'submitted',
      label: 'Chờ duyệt',
      numeric: true,
      sortValue: (r) => r.submitted,
      render: (r) =>
        r.submitted ? (
          <Anchor component={Link} to={activitiesLink(f, { unitId: r.key, status: 'submitted' })}>
            {formatNumber(r.submitted)}
          </Anchor>
        ) : (
          '0'
        ),
    },
    {
      key: 'lastActivityDate',
      label: 'Hoạt động gần nhất',
      numeric: true,
      onPhone: false,
      sortValue: (r) => r.lastActivityDate,
      render: (r) =>
        r.lastActivityDate ? (
          formatDate(r.lastActivityDate)
        ) : (
          <Text span size="sm" c="dimmed">
            Chưa có
          </Text>
        ),
    },
  ];
  const chartData = rows.map((r) => ({ key: r.key, label: shortUnitName(r.label), value: r.activities }));
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="dash-by-unit" className="lt-dash-section" data-testid="unit-breakdown">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Stack gap={0} style={{ flex: '1 1 240px' }}>
            <SectionTitle id="dash-by-unit">Theo đơn vị</SectionTitle>
            <Text size="sm" c="dimmed">
              {f.unitGrouping === 'as_of_period'
                ? 'Đơn vị tại thời điểm diễn ra hoạt động (đơn vị cũ giữ dòng riêng).'
                : 'Đơn vị trực thuộc hiện nay (số liệu của đơn vị cũ cộng vào đơn vị kế thừa).'}
            </Text>
          </Stack>
          <SegmentedControl
            size="xs"
            className="lt-no-print"
            aria-label="Cách xem: theo đơn vị"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            data={[
              { value: 'table', label: 'Bảng' },
              { value: 'chart', label: 'Biểu đồ' },
            ]}
          />
        </Group>
        {rows.length === 0 ? (
          <Empty title="Không có đơn vị trực thuộc" description="Đơn vị này không có đơn vị trực thuộc trong kỳ đã chọn." />
        ) : view === 'chart' ? (
          <figure className="lt-dash-chart" aria-label="Số hoạt động theo đơn vị">
            <HBarChart data={chartData} name="Hoạt động" onSelect={(d) => navigate(unitLink(f, rows.find((r) => r.key === d.key) ?? { key: d.key, kind: 'child' }))} />
          </figure>
        ) : (
          <SortableTable
            rows={rows}
            columns={columns}
            rowKey={(r) => r.key}
            caption="Số liệu theo đơn vị"
            minWidth={860}
            totalRow={{
              label: 'Cộng',
              values: {
                activities: formatNumber(sum('activities')),
                attendance: formatNumber(sum('attendance')),
                sessions: formatNumber(sum('sessions')),
                radioMinutes: formatNumber(sum('radioMinutes')),
                digitalHelped: formatNumber(sum('digitalHelped')),
                submitted: formatNumber(sum('submitted')),
              },
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

export function NotReported({ units }: { units: DashboardUnits }) {
  const list = units.notReported;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="dash-not-reported" className="lt-dash-section">
      <Stack gap="xs">
        <Group gap="xs">
          <SectionTitle id="dash-not-reported">Đơn vị chưa báo cáo kỳ này</SectionTitle>
          <StatusBadge tone={list.length ? 'orange' : 'green'}>{list.length ? `${list.length} đơn vị` : 'Đủ'}</StatusBadge>
        </Group>
        {list.length === 0 ? (
          <Text size="sm" c="dimmed">
            Mọi đơn vị trực thuộc đã có báo cáo hoạt động trong kỳ.
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Chưa có báo cáo hoạt động nào được tiếp nhận hoặc đang chờ duyệt trong kỳ {units.filter.periodLabel}.
            </Text>
            <Group gap={6} wrap="wrap">
              {list.map((u) => (
                <Badge
                  key={u.unitId}
                  component={Link}
                  to={`/don-vi/${u.unitId}`}
                  variant="outline"
                  color="orange"
                  size="lg"
                  radius="sm"
                  style={{ cursor: 'pointer', textTransform: 'none', fontWeight: 500, maxWidth: '100%' }}
                >
                  {shortUnitName(u.name)}
                </Badge>
              ))}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

export function FollowUp({ data }: { data: DashboardFollowUp }) {
  const { overdueTasks, plansNotIssued, reportsDue } = data;
  return (
    <section aria-labelledby="dash-follow-up" className="lt-dash-section">
      <Stack gap="sm">
        <SectionTitle id="dash-follow-up">Việc cần đôn đốc</SectionTitle>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
          <FollowCard
            title="Nhiệm vụ quá hạn"
            total={overdueTasks.total}
            badge={overdueTasks.total ? <StatusBadge tone="red">Quá hạn {overdueTasks.total}</StatusBadge> : null}
            emptyText="Không có nhiệm vụ quá hạn."
            more={overdueTasks.total > overdueTasks.items.length ? { to: '/nhiem-vu/tong-hop', label: 'Xem tổng hợp nhiệm vụ' } : null}
          >
            {overdueTasks.items.map((t) => (
              <List.Item key={t.taskId}>
                <Anchor component={Link} to={`/nhiem-vu/${t.taskId}`} size="sm" lineClamp={2} title={t.title}>
                  {t.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {shortUnitName(t.unitName)} · hạn {formatDate(t.dueDate)} ·{' '}
                  <Text span c="red.8" fw={500} size="xs">
                    trễ {formatNumber(t.daysLate)} ngày
                  </Text>
                </Text>
              </List.Item>
            ))}
          </FollowCard>
          <FollowCard
            title="Kế hoạch thực hiện chưa ban hành"
            total={plansNotIssued.total}
            badge={
              plansNotIssued.late ? (
                <StatusBadge tone="red">Quá hạn {plansNotIssued.late}</StatusBadge>
              ) : plansNotIssued.total ? (
                <StatusBadge tone="orange">Chưa ban hành {plansNotIssued.total}</StatusBadge>
              ) : null
            }
            emptyText="Các đơn vị đã ban hành đủ kế hoạch thực hiện."
          >
            {plansNotIssued.items.map((p) => (
              <List.Item key={p.requestId}>
                <Text size="sm">{shortUnitName(p.unitName)}</Text>
                <Text size="xs" c="dimmed">
                  theo{' '}
                  <Anchor component={Link} to={`/ke-hoach/${p.planId}`} size="xs" title={p.planTitle}>
                    {p.planNumberText ? `Kế hoạch số ${p.planNumberText}` : clip(p.planTitle, 70)}
                  </Anchor>
                  {p.deadline ? ` · hạn ${formatDate(p.deadline)}` : ''}
                  {p.late ? (
                    <Text span c="red.8" fw={500} size="xs">
                      {' '}
                      · quá hạn
                    </Text>
                  ) : null}
                </Text>
              </List.Item>
            ))}
          </FollowCard>
          <FollowCard
            title="Báo cáo định kỳ chưa nộp"
            total={reportsDue.total}
            badge={
              reportsDue.late ? (
                <StatusBadge tone="red">Quá hạn {reportsDue.late}</StatusBadge>
              ) : reportsDue.total ? (
                <StatusBadge tone="orange">Chưa nộp {reportsDue.total}</StatusBadge>
              ) : null
            }
            emptyText="Không có báo cáo định kỳ nào đang chờ nộp."
          >
            {reportsDue.items.map((r) => (
              <List.Item key={r.requestId}>
                {r.reportId ? (
                  <Anchor component={Link} to={`/bao-cao/${r.reportId}`} size="sm">
                    {r.title}
                  </Anchor>
                ) : (
                  <Text size="sm">{r.title}</Text>
                )}
                <Text size="xs" c="dimmed">
                  {shortUnitName(r.unitName)}
                  {r.deadline ? ` · hạn ${formatDate(r.deadline)}` : ''}
                  {r.late ? (
                    <Text span c="red.8" fw={500} size="xs">
                      {' '}
                      · quá hạn
                    </Text>
                  ) : null}
                </Text>
              </List.Item>
            ))}
          </FollowCard>
        </SimpleGrid>
      </Stack>
    </section>
  );
}

function FollowCard({
  title,
  total,
  badge,
  emptyText,
  children,
  more,
}: {
  title: string;
  total: number;
  badge: ReactNode;
  emptyText: string;
  children: ReactNode;
  more?: { to: string; label: string } | null;
}) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600}>{title}</Text>
          {badge}
        </Group>
        {total === 0 ? (
          <Text size="sm" c="dimmed">
            {emptyText}
          </Text>
        ) : (
          <List spacing={6} size="sm" listStyleType="none" style={{ maxHeight: 360, overflow: 'auto' }}>
            {children}
          </List>
        )}
        {more ? (
          <Anchor component={Link} to={more.to} size="sm">
            {more.label}
          </Anchor>
        ) : null}
      </Stack>
    </Paper>
  );
}
