// Monitoring dashboard (docs/api-dashboard.md): types, the filter kept in the URL, queries and drill-down links.
import { useQuery } from '@tanstack/react-query';
import { api, type Query } from './api';
import { todayIso } from './format';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'custom';
export type UnitGrouping = 'as_of_today' | 'as_of_period';

export interface DashboardFilterEcho {
  unitId: string;
  unitName: string;
  campaignId: string | null;
  campaignName: string | null;
  from: string;
  to: string;
  asOf: string;
  cutoffDay: number;
  unitGrouping: UnitGrouping;
  periodLabel: string;
  /** The activity list with the same filter ("/app/hoat-dong?…"). */
  activitiesUrl?: string;
}

export type Totals = Record<string, number> & { activities: number; attendance: number };

export interface Headline {
  key: string;
  label: string;
  value: number;
  unit: string | null;
}

export interface FormRow {
  key: string;
  label: string;
  activities: number;
  attendance: number;
}
export interface MonthRow {
  key: string;
  label: string;
  activities: number;
  attendance: number;
}
export interface TopicRow {
  key: string;
  code: string;
  label: string;
  parentId?: string | null;
  activities: number;
}
export interface IndicatorRow {
  id: string;
  name: string;
  metric: string;
  unitLabel: string | null;
  target: number | null;
  /** null: not measured automatically (see `note`). */
  actual: number | null;
  percent: number | null;
  note?: string | null;
}

export interface DashboardSummary {
  filter: DashboardFilterEcho;
  totals: Totals;
  headline: Headline[];
  byForm: FormRow[];
  byMonth: MonthRow[];
  byTopic: TopicRow[];
  indicators: IndicatorRow[];
  pending: { submitted: number; returned: number; drafts: number };
}

export interface UnitRow {
  key: string;
  label: string;
  kind: 'child' | 'self';
  active: boolean;
  activities: number;
  attendance: number;
  sessions: number;
  radioMinutes: number;
  digitalHelped: number;
  submitted: number;
  lastActivityDate: string | null;
}

export interface DashboardUnits {
  filter: DashboardFilterEcho;
  rows: UnitRow[];
  notReported: { unitId: string; name: string }[];
  /** Recognised good models and exemplary people to date, by the units below as of today. */
  recognised?: {
    model: number;
    person: number;
    total: number;
    published: number;
    rows: { unitId: string; label: string; kind: 'child' | 'self'; model: number; person: number; total: number; published: number }[];
  };
}

export interface DashboardCoverage {
  filter: DashboardFilterEcho;
  topics: { key: string; code: string; label: string }[];
  units: { key: string; label: string }[];
  cells: number[][];
  uncovered: number;
}

export interface DashboardFollowUp {
  filter: DashboardFilterEcho;
  overdueTasks: {
    total: number;
    items: { taskId: string; title: string; unitId: string; unitName: string; dueDate: string; daysLate: number }[];
  };
  plansNotIssued: {
    total: number;
    late: number;
    items: {
      requestId: string;
      planId: string;
      planTitle: string;
      planNumberText: string | null;
      unitId: string;
      unitName: string;
      deadline: string | null;
      status?: 'pending' | 'drafting';
      implementingPlanId?: string | null;
      late: boolean;
    }[];
  };
  reportsDue: {
    total: number;
    late: number;
    items: {
      requestId: string;
      reportId: string | null;
      unitId: string;
      unitName: string;
      title: string;
      deadline: string | null;
      status: string;
      late: boolean;
    }[];
  };
}

/** The dashboard filter as the page holds it (every field optional: the server fills the defaults). */
export interface DashboardFilter {
  unitId: string | null;
  campaignId: string | null; // null = server default, 'all' = every campaign
  period: PeriodKind;
  year: number;
  index: number;
  from: string | null;
  to: string | null;
  cutoffDay: number | null;
  unitGrouping: UnitGrouping;
}

// URL parameters (Vietnamese, like the other workspace pages) ↔ filter.
const PERIOD_PARAM: Record<PeriodKind, string> = {
  month: 'thang',
  quarter: 'quy',
  half: '6-thang',
  year: 'nam',
  custom: 'tuy-chon',
};
const PERIOD_FROM_PARAM = Object.fromEntries(Object.entries(PERIOD_PARAM).map(([k, v]) => [v, k])) as Record<
  string,
  PeriodKind
>;

export const PERIOD_INDEX_MAX: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1, custom: 1 };

/** The current quarter (the server's default period) in Vietnam time. */
export function currentQuarter(): { year: number; index: number } {
  const [y, m] = todayIso().split('-').map(Number);
  return { year: y, index: Math.floor((m - 1) / 3) + 1 };
}

function intParam(value: string | null, min: number, max: number): number | null {
  if (!value || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function filterFromParams(params: URLSearchParams): DashboardFilter {
  const { year: thisYear, index: thisQuarter } = currentQuarter();
  const period = PERIOD_FROM_PARAM[params.get('ky') ?? ''] ?? 'quarter';
  const max = PERIOD_INDEX_MAX[period];
  const defaultIndex =
    period === 'quarter'
      ? thisQuarter
      : period === 'month'
        ? Number(todayIso().slice(5, 7))
        : period === 'half'
          ? thisQuarter <= 2
            ? 1
            : 2
          : 1;
  const from = params.get('tu');
  const to = params.get('den');
  return {
    unitId: params.get('donVi') || null,
    campaignId: params.get('chuongTrinh') || null,
    period,
    year: intParam(params.get('nam'), 2000, 2100) ?? thisYear,
    index: intParam(params.get('so'), 1, max) ?? Math.min(defaultIndex, max),
    from: from && ISO.test(from) ? from : null,
    to: to && ISO.test(to) ? to : null,
    cutoffDay: intParam(params.get('ngayChot'), 1, 28),
    unitGrouping: params.get('nhom') === 'thoi-diem' ? 'as_of_period' : 'as_of_today',
  };
}

export function filterToParams(f: DashboardFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.unitId) p.set('donVi', f.unitId);
  if (f.campaignId) p.set('chuongTrinh', f.campaignId);
  p.set('ky', PERIOD_PARAM[f.period]);
  if (f.period === 'custom') {
    if (f.from) p.set('tu', f.from);
    if (f.to) p.set('den', f.to);
  } else {
    p.set('nam', String(f.year));
    if (f.period !== 'year') p.set('so', String(f.index));
  }
  if (f.cutoffDay) p.set('ngayChot', String(f.cutoffDay));
  if (f.unitGrouping === 'as_of_period') p.set('nhom', 'thoi-diem');
  return p;
}

/** The API query of a filter; null while a custom period is incomplete. */
export function filterToQuery(f: DashboardFilter): Query | null {
  const q: Query = { unitId: f.unitId, campaignId: f.campaignId, unitGrouping: f.unitGrouping };
  if (f.period === 'custom') {
    if (!f.from || !f.to || f.to < f.from) return null;
    q.from = f.from;
    q.to = f.to;
  } else {
    q.period = f.period;
    q.year = f.year;
    if (f.period !== 'year') q.index = f.index;
    if (f.cutoffDay) q.cutoffDay = f.cutoffDay;
  }
  return q;
}

function useDashboardQuery<T>(path: string, query: Query | null, enabled = true) {
  return useQuery({
    queryKey: ['dashboard', path, query],
    queryFn: ({ signal }) => api.get<T>(`/api/dashboard/${path}`, query ?? {}, signal),
    enabled: !!query && enabled,
    placeholderData: (prev) => prev,
  });
}

export const useDashboardSummary = (q: Query | null) => useDashboardQuery<DashboardSummary>('summary', q);
export const useDashboardUnits = (q: Query | null) => useDashboardQuery<DashboardUnits>('units', q);
export const useDashboardCoverage = (q: Query | null, enabled: boolean) =>
  useDashboardQuery<DashboardCoverage>('coverage', q, enabled);
export const useDashboardFollowUp = (q: Query | null) => useDashboardQuery<DashboardFollowUp>('follow-up', q);

/** Drill-down: the activity list with the same filter (docs/api-dashboard.md, "Drill-down"). */
export function activitiesLink(
  filter: DashboardFilterEcho,
  extra: { unitId?: string; form?: string; topicId?: string; status?: string } = {},
): string {
  const p = new URLSearchParams();
  p.set('unitId', extra.unitId ?? filter.unitId);
  p.set('from', filter.from);
  p.set('to', filter.to);
  if (filter.campaignId) p.set('campaignId', filter.campaignId);
  p.set('status', extra.status ?? 'accepted');
  if (extra.form) p.set('form', extra.form);
  if (extra.topicId) p.set('topicId', extra.topicId);
  return `/hoat-dong?${p.toString()}`;
}

/** "Ủy ban MTTQ Việt Nam phường An Mỹ" → "phường An Mỹ" (chart axes and narrow cells). */
export function shortUnitName(name: string): string {
  return name.replace(/^Ủy ban MTTQ Việt Nam\s+/i, '').replace(/^Ban Thường trực Ủy ban MTTQ Việt Nam\s+/i, 'BTT ');
}
