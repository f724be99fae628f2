/**
 * The monitoring dashboard (issue 4, docs/api-dashboard.md). Every number about activities comes from
 * the one figures layer (`ActivityFigures.compute`, limited to the actor's visible units), so the
 * periodic reports, their exports and the dashboard agree for the same filter. What the figures layer
 * does not hold — reports waiting for review, returned, drafts, submitted reports per unit — is read
 * from `activities` by status (index activities_status_campaign); follow-up reads tasks and the plan
 * cascade's implementation requests; reports due come from the reports module when it is wired.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { forbidden, invalid } from '../../platform/errors.js';
import type { Scope } from '../access/index.js';
import { type ActivityFigures, defaultAsOf, type FigureGroup, type FiguresResult, type UnitGrouping } from '../activities/figures.js';
import { changeDates, periodBucket, todayBuckets } from '../activities/figures.js';
import { MEASURE_BY_KEY, MEASURES, type MeasureKey, type MeasureTotals } from '../activities/measures.js';
import { addMonths, dayAfter, dayBefore, periodRange, reportMonthOf } from '../activities/periods.js';
import { type CampaignsService, canSeeCampaignUnit } from '../campaigns/index.js';
import { mainTopics } from '../campaigns/topic-tree.js';
import type { Coverage, DashboardQueryInput, Filter, FollowUp, Summary, UnitsView } from './dashboard.schemas.js';

/** What the reports module offers the dashboard (services.reports.dueForUnits). */
export interface ReportsDueSource {
  dueForUnits(q: { unitIds: string[]; limit: number }): Promise<FollowUp['reportsDue']>;
}

export interface DashboardDeps {
  db: Db;
  figures: ActivityFigures;
  campaigns: CampaignsService;
  clock: Clock;
  /** Default cut-off day of reporting months (config.reportCutoffDay). */
  cutoffDay: number;
  /** The reports module, when present (late-bound: it is built after the dashboard or not at all). */
  reports?: () => ReportsDueSource | undefined;
  /** The good-models registry, when present: recognised models and people per unit. */
  models?: RecognisedSource;
}

/** What the good-models registry offers the dashboard (services.models.recognisedByUnit). */
export interface RecognisedSource {
  recognisedByUnit(): Promise<Array<{ unitId: string; kind: 'model' | 'person'; n: number; published: number }>>;
}

type Key = MeasureKey | 'activities' | 'attendance';

/** The headline figures, in display order (docs/api-dashboard.md). */
export const HEADLINE: ReadonlyArray<{ key: string; label: string; unit: string; sum: readonly Key[] }> = [
  { key: 'activities', label: 'Hoạt động', unit: 'hoạt động', sum: ['activities'] },
  { key: 'attendance', label: 'Lượt người tham dự', unit: 'lượt người', sum: ['attendance'] },
  { key: 'sessions', label: 'Số buổi', unit: 'buổi', sum: ['sessions'] },
  { key: 'visual', label: 'Băng rôn, pano, áp phích, cờ', unit: 'cái', sum: ['banners', 'panels', 'posters', 'flags'] },
  { key: 'leaflets', label: 'Tờ rơi', unit: 'tờ', sum: ['leaflets'] },
  { key: 'online', label: 'Tin, bài, ảnh, video', unit: 'tin, bài', sum: ['newsItems', 'articles', 'photos', 'videos'] },
  { key: 'views', label: 'Lượt xem, lượt tiếp cận', unit: 'lượt', sum: ['views'] },
  { key: 'radioMinutes', label: 'Phút phát thanh', unit: 'phút', sum: ['radioMinutes'] },
  { key: 'shows', label: 'Buổi biểu diễn', unit: 'buổi', sum: ['shows'] },
  { key: 'contests', label: 'Cuộc thi', unit: 'cuộc thi', sum: ['contests'] },
  { key: 'participants', label: 'Người dự thi', unit: 'người', sum: ['participants'] },
  { key: 'models', label: 'Mô hình, gương điển hình', unit: 'mô hình, gương', sum: ['modelsFound', 'exemplarsFound'] },
  { key: 'supervisionsHeld', label: 'Cuộc giám sát đã tổ chức', unit: 'cuộc', sum: ['supervisionsHeld'] },
  { key: 'digitalHelped', label: 'Người được hỗ trợ kỹ năng số', unit: 'người', sum: ['digitalHelped'] },
];

const ROMAN = ['I', 'II', 'III', 'IV'];
const MAX_YEARS = 5;
const FOLLOW_UP_ITEMS = 20;
const CHUNK = 2000;
/** Measures the units table shows (the attendance groups make `attendance`). */
const UNIT_MEASURES: MeasureKey[] = ['attCadres', 'attParty', 'attMembers', 'attResidents', 'sessions', 'radioMinutes', 'digitalHelped'];
const CONFERENCE_FORM = 'HOI_NGHI';

const sumOf = (t: MeasureTotals, keys: readonly Key[]) => keys.reduce((s, k) => s + (t[k] ?? 0), 0);
const round1 = (n: number) => Math.round(n * 10) / 10;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/** The resolved filter and what every view needs from it. */
interface Resolved {
  filter: Filter;
  scope: Scope;
  units: Set<string>;
  restrictTo: ReadonlySet<string> | 'all';
  periodKind: 'month' | 'quarter' | 'half' | 'year' | 'custom';
  /** Cache key prefix: stats version, unit-tree version, today, the filter, the visible roll-up. */
  cacheKey: string;
}

/** Parts computed from the stats tables only are cached while the stats and the unit tree are unchanged. */
const CACHE_ENTRIES = 200;

export class DashboardService {
  private readonly cache = new Map<string, Promise<unknown>>();
  /** Cache hits and misses since start (the benchmark reports them). */
  readonly cacheStats = { hits: 0, misses: 0 };

  constructor(private readonly d: DashboardDeps) {}

  /**
   * Memoises `fn` under the request's cache key and `part` (least recently used out first). Only for
   * what comes from the stats tables (figures, newest dates): `meta.stats_version` changes with every
   * accept, correction and rebuild (trigger of migration 2026112609), `units_version` with the tree.
   */
  private memo<T>(r: Resolved, part: string, fn: () => Promise<T>): Promise<T> {
    const key = `${r.cacheKey}|${part}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cacheStats.hits++;
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit as Promise<T>;
    }
    this.cacheStats.misses++;
    const p = fn();
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return p;
  }

  // ------------------------------------------------------------------ filter

  /** Checks the query and resolves unit, period, campaign and the visible roll-up (404/400 in Vietnamese). */
  async resolve(scope: Scope, q: DashboardQueryInput): Promise<Resolved> {
    const tree = scope.tree;
    const today = this.d.clock.today();
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(unitId);
    if (!scope.has('plan.view')) throw forbidden('forbidden');
    if (q.asOf && q.asOf > today) throw invalid('validation_failed', 'Trường «Ngày xem (asOf)»: không được sau hôm nay.', [{ field: 'asOf', message: 'sau hôm nay' }]);
    const asOf = q.asOf ?? defaultAsOf(tree, unitId, today);
    const cutoffDay = q.cutoffDay ?? this.d.cutoffDay;

    // ---- period
    let range: { from: string; to: string };
    let periodLabel: string;
    let periodKind: Resolved['periodKind'];
    if (q.period && (q.from || q.to)) {
      throw invalid('validation_failed', 'Trường «Kỳ (period)»: chọn kỳ báo cáo hoặc khoảng ngày từ–đến, không chọn cả hai.', [{ field: 'period', message: 'trùng với from/to' }]);
    }
    if (q.from || q.to) {
      if (!q.from || !q.to) {
        const field = q.from ? 'to' : 'from';
        throw invalid('validation_failed', `Trường «${field === 'to' ? 'Đến ngày (to)' : 'Từ ngày (from)'}»: kỳ tùy chọn cần cả ngày bắt đầu và ngày kết thúc.`, [{ field, message: 'bắt buộc' }]);
      }
      range = periodRange('custom', 0, 0, cutoffDay, { from: q.from, to: q.to });
      if (daysBetween(range.from, range.to) > MAX_YEARS * 366) {
        throw invalid('invalid_period', `Trường «Đến ngày (to)»: khoảng thời gian tối đa ${MAX_YEARS} năm.`, [{ field: 'to', message: `quá ${MAX_YEARS} năm` }]);
      }
      periodLabel = `${formatVnDate(range.from)} – ${formatVnDate(range.to)}`;
      periodKind = 'custom';
    } else {
      const current = reportMonthOf(today, cutoffDay);
      const kind = q.period ?? 'quarter';
      const year = q.year ?? Number(current.slice(0, 4));
      const month = Number(current.slice(5, 7));
      const index = kind === 'year' ? 1 : (q.index ?? (q.period ? 0 : Math.ceil(month / 3)));
      if (kind !== 'year' && q.index === undefined && q.period) {
        throw invalid('validation_failed', 'Trường «Kỳ (index)»: bắt buộc với kỳ tháng, quý hoặc 6 tháng.', [{ field: 'index', message: 'bắt buộc' }]);
      }
      range = periodRange(kind, year, index, cutoffDay);
      periodLabel =
        kind === 'month' ? `Tháng ${index}/${year}` : kind === 'quarter' ? `Quý ${ROMAN[index - 1]}/${year}` : kind === 'half' ? `6 tháng ${index === 1 ? 'đầu' : 'cuối'} năm ${year}` : `Năm ${year}`;
      periodKind = kind;
    }

    // ---- campaign
    let campaign: { id: string; name: string } | null = null;
    if (q.campaignId && q.campaignId !== 'all') {
      const c = await this.d.campaigns.visibleCampaign(scope, q.campaignId);
      campaign = { id: c.id, name: c.name };
    } else if (!q.campaignId) campaign = await this.defaultCampaign(scope, unitId, asOf, range);

    const restrictTo = scope.visibleUnitIds();
    const units = this.d.figures.unitSet(tree, unitId, asOf, restrictTo);
    const versions = await this.d.db.selectFrom('meta').select(['key', 'value']).where('key', 'in', ['stats_version', 'units_version']).execute();
    const version = (k: string) => versions.find((v) => v.key === k)?.value ?? '';
    const unitsHash = createHash('sha1').update([...units].sort().join(',')).digest('base64');
    const unitGrouping = q.unitGrouping ?? 'as_of_today';
    const cacheKey = [version('stats_version'), version('units_version'), today, unitId, asOf, range.from, range.to, cutoffDay, campaign?.id ?? '', unitGrouping, unitsHash].join('|');
    const link = new URLSearchParams({ unitId, from: range.from, to: range.to, status: 'accepted' });
    if (campaign) link.set('campaignId', campaign.id);
    return {
      scope,
      units,
      restrictTo,
      periodKind,
      cacheKey,
      filter: {
        unitId,
        unitName: tree.get(unitId)?.name ?? '',
        campaignId: campaign?.id ?? null,
        campaignName: campaign?.name ?? null,
        from: range.from,
        to: range.to,
        asOf,
        cutoffDay,
        unitGrouping,
        periodLabel,
        activitiesUrl: `/app/hoat-dong?${link}`,
      },
    };
  }

  /**
   * The campaign shown when none is chosen: of the unit, its predecessors or its parents (on asOf),
   * visible to the actor and overlapping the period — an active one first, then the newest; none → all.
   */
  private async defaultCampaign(scope: Scope, unitId: string, asOf: string, range: { from: string; to: string }) {
    const tree = scope.tree;
    const owners = new Set([unitId, ...tree.lineage(unitId).map((l) => l.id), ...tree.ancestorsOn(unitId, asOf)]);
    const visible = [...owners].filter((u) => canSeeCampaignUnit(scope, u));
    if (!visible.length) return null;
    const rows = await this.d.db
      .selectFrom('campaigns')
      .select(['id', 'name', 'status', 'period_start'])
      .where('unit_id', 'in', visible)
      .where((eb) => eb.or([eb('period_start', 'is', null), eb('period_start', '<=', range.to)]))
      .where((eb) => eb.or([eb('period_end', 'is', null), eb('period_end', '>=', range.from)]))
      .execute();
    rows.sort((a, b) => (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1) || (b.period_start ?? '').localeCompare(a.period_start ?? '') || a.id.localeCompare(b.id));
    return rows[0] ? { id: rows[0].id, name: rows[0].name } : null;
  }

  private compute(r: Resolved, groupBy: FiguresResult['groupBy'], measures?: readonly MeasureKey[]): Promise<FiguresResult> {
    const f = r.filter;
    return this.d.figures.compute(
      r.scope.tree,
      { unitId: f.unitId, asOf: f.asOf, from: f.from, to: f.to, campaignId: f.campaignId, groupBy, unitGrouping: f.unitGrouping as UnitGrouping, cutoffDay: f.cutoffDay, measures },
      { restrictTo: r.restrictTo },
    );
  }

  // ------------------------------------------------------------------ summary

  async summary(scope: Scope, q: DashboardQueryInput): Promise<Summary> {
    const r = await this.resolve(scope, q);
    const figures = this.memo(r, 'summary', async () => {
      const [main, topics] = await Promise.all([this.compute(r, ['form', 'month']), r.filter.campaignId ? this.compute(r, ['topic'], []) : Promise.resolve(null)]);
      const sumGroups = (pick: (g: FigureGroup) => boolean) =>
        main.groups.filter(pick).reduce((s, g) => ({ activities: s.activities + g.values.activities, attendance: s.attendance + g.values.attendance }), { activities: 0, attendance: 0 });
      return {
        totals: main.totals,
        byForm: (main.axes.form ?? []).map((a) => ({ key: a.key, label: a.label, ...sumGroups((g) => g.form === a.key) })),
        byMonth: (main.axes.month ?? []).map((a) => ({ key: a.key, label: `T${Number(a.key.slice(5, 7))}/${a.key.slice(0, 4)}`, ...sumGroups((g) => g.month === a.key) })),
        topicCounts: new Map((topics?.groups ?? []).map((g) => [g.topicId ?? g.key, g.values.activities])),
      };
    });
    const [{ totals, byForm, byMonth, topicCounts }, pending] = await Promise.all([figures, this.pending(r)]);
    const byTopic = await this.topicRows(r, topicCounts);
    const indicators = await this.indicators(r, totals, byForm);
    return {
      filter: r.filter,
      totals,
      headline: HEADLINE.map((h) => ({ key: h.key, label: h.label, unit: h.unit, value: sumOf(totals, h.sum) })),
      byForm,
      byMonth,
      byTopic,
      indicators,
      pending,
    };
  }

  /** Every topic of the campaign (code order) with its activities as the figures layer counts them. */
  private async topicRows(r: Resolved, count: ReadonlyMap<string, number>): Promise<Summary['byTopic']> {
    if (!r.filter.campaignId) return [];
    const topics = await this.topicsOf(r.filter.campaignId);
    return topics.map((t) => ({ key: t.id, code: t.code, label: t.title, parentId: t.parent_id, activities: count.get(t.id) ?? 0 }));
  }

  private async topicsOf(campaignId: string) {
    const rows = await this.d.db.selectFrom('topics').select(['id', 'code', 'title', 'parent_id', 'archived', 'sort']).where('campaign_id', '=', campaignId).where('archived', '=', 0).execute();
    // Tree order: each topic followed by its subtopics, siblings by `sort` then code.
    rows.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code, 'vi', { numeric: true }));
    const kids = new Map<string | null, typeof rows>();
    const ids = new Set(rows.map((r) => r.id));
    for (const r of rows) {
      const p = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
      kids.set(p, [...(kids.get(p) ?? []), r]);
    }
    const out: typeof rows = [];
    const walk = (p: string | null) => {
      for (const r of kids.get(p) ?? []) {
        out.push(r);
        walk(r.id);
      }
    };
    walk(null);
    return out;
  }

  /**
   * Targets vs actual. `metric` names a measure (key or column), `activities`, `attendance` or a headline
   * key: the period's total. `plans_issued_pct`: share of the campaign's implementation requests to the
   * roll-up that have an issued implementing plan. `conferences_per_ward[_quarter]`: conferences
   * (form HOI_NGHI) per unit directly below (per quarter of the period). Anything else is not measured
   * automatically (actual null).
   */
  private async indicators(r: Resolved, totals: MeasureTotals, byForm: Summary['byForm']): Promise<Summary['indicators']> {
    const campaignId = r.filter.campaignId;
    if (!campaignId) return [];
    const rows = await this.d.db.selectFrom('campaign_indicators').selectAll().where('campaign_id', '=', campaignId).orderBy('sort').orderBy('id').execute();
    const byColumn = new Map<string, MeasureKey>(MEASURES.map((m) => [m.column, m.key]));
    let requests: { total: number; issued: number } | null = null;
    const out: Summary['indicators'] = [];
    for (const i of rows) {
      const target = Number(i.target_value);
      let actual: number | null = null;
      let note: string | null = null;
      const measure = MEASURE_BY_KEY.has(i.metric) ? (i.metric as MeasureKey) : byColumn.get(i.metric);
      const headline = HEADLINE.find((h) => h.key === i.metric);
      if (measure) actual = totals[measure];
      else if (headline) actual = sumOf(totals, headline.sum);
      else if (i.metric === 'plans_issued_pct') {
        requests ??= await this.requestCounts(r, campaignId);
        actual = requests.total ? round1((requests.issued / requests.total) * 100) : null;
        note = `${requests.issued}/${requests.total} đơn vị đã ban hành kế hoạch thực hiện`;
      } else if (i.metric === 'conferences_per_ward' || i.metric === 'conferences_per_ward_quarter') {
        const children = r.scope.tree.childrenOn(r.filter.unitId, r.filter.asOf).filter((c) => r.units.has(c)).length;
        const conferences = byForm.find((f) => f.key === CONFERENCE_FORM)?.activities ?? 0;
        const quarters = i.metric.endsWith('_quarter') ? Math.max(1, Math.round(monthsIn(r.filter.from, r.filter.to) / 3)) : 1;
        actual = children ? round1(conferences / children / quarters) : null;
        note = `${conferences} hội nghị, ${children} đơn vị trực thuộc${quarters > 1 ? `, ${quarters} quý` : ''}`;
      } else note = 'Chưa tính tự động; theo dõi qua báo cáo định kỳ';
      out.push({
        id: i.id,
        name: i.name,
        metric: i.metric,
        unitLabel: i.unit_label,
        target,
        actual,
        percent: actual === null || !target ? null : round1((actual / target) * 100),
        note,
      });
    }
    return out;
  }

  private async requestCounts(r: Resolved, campaignId: string) {
    let total = 0;
    let issued = 0;
    for (const ids of chunks([...r.units])) {
      const row = await this.d.db
        .selectFrom('implementation_requests as q')
        .innerJoin('plans as p', 'p.id', 'q.plan_id')
        .select([sql<number>`count(*)`.as('total'), sql<number>`sum(case when q.implemented_at is null then 0 else 1 end)`.as('issued')])
        .where('p.campaign_id', '=', campaignId)
        .where('p.status', '=', 'issued')
        .where('q.target_unit_id', 'in', ids)
        .executeTakeFirst();
      total += Number(row?.total ?? 0);
      issued += Number(row?.issued ?? 0);
    }
    return { total, issued };
  }

  /** Reports of the roll-up waiting for review, returned, drafts (any date; campaign filter applies). */
  private async pending(r: Resolved): Promise<Summary['pending']> {
    const out = { submitted: 0, returned: 0, drafts: 0 };
    const all = this.coversTree(r);
    for (const ids of all ? [null] : chunks([...r.units])) {
      let q = this.d.db.selectFrom('activities').select(['status', sql<number>`count(*)`.as('n')]).where('status', 'in', ['submitted', 'returned', 'draft']);
      if (ids) q = q.where('unit_id', 'in', ids);
      if (r.filter.campaignId) q = q.where('campaign_id', '=', r.filter.campaignId);
      for (const row of await q.groupBy('status').execute()) {
        const n = Number(row.n);
        if (row.status === 'submitted') out.submitted += n;
        else if (row.status === 'returned') out.returned += n;
        else out.drafts += n;
      }
    }
    return out;
  }

  /** True when the roll-up is every unit of the tree (no unit filter needed). */
  private coversTree(r: Resolved) {
    return r.units.size === r.scope.tree.units.size;
  }

  // ------------------------------------------------------------------ units

  async units(scope: Scope, q: DashboardQueryInput): Promise<UnitsView> {
    const r = await this.resolve(scope, q);
    const tree = scope.tree;
    const f = r.filter;
    const periodMode = f.unitGrouping === 'as_of_period';
    const anchor = new Set([f.unitId, ...tree.lineage(f.unitId).map((l) => l.id)]);
    const todayMap = todayBuckets(tree, f.unitId, f.asOf);
    const bucket = (unitId: string, date: string) => (periodMode ? periodBucket(tree, anchor, unitId, date) : null) ?? todayMap.get(unitId) ?? f.unitId;
    // Segments of the period at the tree's change dates (as of the period, a unit's bucket depends on the date).
    const cuts = periodMode ? [...changeDates(tree, r.units)].filter((d) => d > f.from && d <= f.to).sort() : [];
    const segments: Array<{ from: string; to: string }> = [];
    let start = f.from;
    for (const c of [...cuts, dayAfter(f.to)]) {
      segments.push({ from: start, to: dayBefore(c) });
      start = c;
    }

    const cached = this.memo(r, 'units', async () => {
      const [f, last] = await Promise.all([this.compute(r, ['unit'], UNIT_MEASURES), this.lastDates(r, segments)]);
      return { groups: f.groups.map((g) => ({ key: g.unitId ?? g.key, label: g.label, values: g.values })), last };
    });
    const [{ groups, last }, submitted] = await Promise.all([cached, this.submittedByUnit(r)]);
    const submittedBy = new Map<string, number>();
    for (const s of submitted) {
      const b = bucket(s.unit_id, s.date_from);
      submittedBy.set(b, (submittedBy.get(b) ?? 0) + Number(s.n));
    }
    const lastBy = new Map<string, string>();
    for (const l of last) {
      const b = bucket(l.unit_id, l.segFrom);
      if ((lastBy.get(b) ?? '') < l.last) lastBy.set(b, l.last);
    }
    const rows: UnitsView['rows'] = groups.map((g) => {
      const key = g.key;
      return {
        key,
        label: g.label,
        kind: anchor.has(key) ? 'self' : 'child',
        active: tree.isActiveOn(key, f.asOf),
        activities: g.values.activities,
        attendance: g.values.attendance,
        sessions: g.values.sessions,
        radioMinutes: g.values.radioMinutes,
        digitalHelped: g.values.digitalHelped,
        submitted: submittedBy.get(key) ?? 0,
        lastActivityDate: lastBy.get(key) ?? null,
      };
    });
    for (const [key, n] of submittedBy) {
      if (rows.some((x) => x.key === key)) continue;
      const u = tree.get(key);
      rows.push({ key, label: u?.name ?? key, kind: anchor.has(key) ? 'self' : 'child', active: tree.isActiveOn(key, f.asOf), activities: 0, attendance: 0, sessions: 0, radioMinutes: 0, digitalHelped: 0, submitted: n, lastActivityDate: null });
    }
    const notReported = rows.filter((x) => x.kind === 'child' && x.activities === 0 && x.submitted === 0).map((x) => ({ unitId: x.key, name: tree.get(x.key)?.name ?? x.label }));
    return { filter: f, rows, notReported, recognised: await this.recognised(r, todayMap) };
  }

  /**
   * Recognised good models and exemplary people to date, of the visible roll-up, by the units below
   * as of today (`todayMap`: unit → child bucket; anything else counts for the unit itself). Every
   * current child has a row (zeros included), the unit itself only when it has any.
   */
  private async recognised(r: Resolved, todayMap: ReadonlyMap<string, string>): Promise<UnitsView['recognised']> {
    const tree = r.scope.tree;
    const f = r.filter;
    const zero = () => ({ model: 0, person: 0, total: 0, published: 0 });
    const by = new Map<string, ReturnType<typeof zero>>();
    for (const child of new Set(todayMap.values())) by.set(child, zero());
    const all = zero();
    for (const row of (await this.d.models?.recognisedByUnit()) ?? []) {
      if (!r.units.has(row.unitId)) continue;
      const key = todayMap.get(row.unitId) ?? f.unitId;
      const o = by.get(key) ?? zero();
      for (const t of [o, all]) {
        t[row.kind] += row.n;
        t.total += row.n;
        t.published += row.published;
      }
      by.set(key, o);
    }
    const rows = [...by].map(([unitId, c]) => ({ unitId, label: tree.get(unitId)?.name ?? unitId, kind: unitId === f.unitId ? ('self' as const) : ('child' as const), ...c }));
    rows.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'vi'));
    return { ...all, rows };
  }

  /** Submitted reports dated in the period, per unit and date (few rows: they wait for review). */
  private async submittedByUnit(r: Resolved) {
    const out: Array<{ unit_id: string; date_from: string; n: number }> = [];
    const all = this.coversTree(r);
    for (const ids of all ? [null] : chunks([...r.units])) {
      let q = this.d.db
        .selectFrom('activities')
        .select(['unit_id', 'date_from', sql<number>`count(*)`.as('n')])
        .where('status', '=', 'submitted')
        .where('date_from', '>=', r.filter.from)
        .where('date_from', '<=', r.filter.to);
      if (ids) q = q.where('unit_id', 'in', ids);
      if (r.filter.campaignId) q = q.where('campaign_id', '=', r.filter.campaignId);
      out.push(...(await q.groupBy(['unit_id', 'date_from']).execute()));
    }
    return out;
  }

  /**
   * Newest accepted start date per unit in each segment: the newest month with activity per unit from the
   * monthly stats, then the newest day within that month from the daily stats (a few thousand index entries
   * instead of every day of the period); a unit whose newest month has nothing inside the segment (an edge
   * month) is read over the whole segment. Rows with no activity left are deleted by the stats upkeep, so the
   * primary keys answer all of it.
   */
  private async lastDates(r: Resolved, segments: Array<{ from: string; to: string }>) {
    const out: Array<{ unit_id: string; last: string; segFrom: string }> = [];
    const campaignId = r.filter.campaignId;
    const maxDay = async (ids: string[], from: string, to: string) => {
      const found: Array<{ unit_id: string; last: string }> = [];
      for (const part of chunks(ids)) {
        let q = this.d.db
          .selectFrom('activity_unit_day_stats')
          .select(['unit_id', sql<string>`max(day)`.as('last')])
          .where('unit_id', 'in', part)
          .where('day', '>=', from)
          .where('day', '<=', to);
        if (campaignId) q = q.where('campaign_id', '=', campaignId);
        found.push(...(await q.groupBy('unit_id').execute()));
      }
      return found;
    };
    for (const seg of segments) {
      const months: string[] = [];
      for (let m = seg.from.slice(0, 7); m <= seg.to.slice(0, 7); m = addMonths(m, 1)) months.push(m);
      const newest = new Map<string, string[]>();
      for (const ids of chunks([...r.units])) {
        let q = this.d.db.selectFrom('activity_unit_stats').select(['unit_id', sql<string>`max(month)`.as('month')]).where('unit_id', 'in', ids).where('month', 'in', months);
        if (campaignId) q = q.where('campaign_id', '=', campaignId);
        for (const row of await q.groupBy('unit_id').execute()) newest.set(row.month, [...(newest.get(row.month) ?? []), row.unit_id]);
      }
      const missing: string[] = [];
      for (const [month, ids] of newest) {
        const lo = `${month}-01` > seg.from ? `${month}-01` : seg.from;
        const end = dayBefore(`${addMonths(month, 1)}-01`);
        const found = await maxDay(ids, lo, end < seg.to ? end : seg.to);
        const seen = new Set(found.map((f) => f.unit_id));
        missing.push(...ids.filter((u) => !seen.has(u)));
        for (const f of found) out.push({ ...f, segFrom: seg.from });
      }
      if (missing.length) for (const f of await maxDay(missing, seg.from, seg.to)) out.push({ ...f, segFrom: seg.from });
    }
    return out;
  }

  // ------------------------------------------------------------------ coverage

  /**
   * Unit × topic grid over the campaign's main topics (`mainTopics`): a cell counts the activities tagged
   * with the topic or one of its subtopics (an activity tagged with two subtopics of one topic counts twice),
   * read from the pre-aggregated `activity_cover_stats` (figures option `mainTopics`).
   */
  async coverage(scope: Scope, q: DashboardQueryInput): Promise<Coverage> {
    const r = await this.resolve(scope, q);
    const campaignId = r.filter.campaignId;
    if (!campaignId) {
      throw invalid('campaign_required', 'Trường «Chương trình (campaignId)»: bảng phủ chủ đề cần chọn một chương trình cụ thể.', [{ field: 'campaignId', message: 'bắt buộc' }]);
    }
    // Read without the campaign filter: an activity's topics belong to its campaign (checked when it is
    // written), so the campaign's topics alone select the same activities, and the stats index covers it.
    const grid = this.memo(r, 'coverage', async () => {
      const f = await this.d.figures.compute(
        r.scope.tree,
        { unitId: r.filter.unitId, asOf: r.filter.asOf, from: r.filter.from, to: r.filter.to, campaignId: null, groupBy: ['unit', 'topic'], unitGrouping: r.filter.unitGrouping, cutoffDay: r.filter.cutoffDay, measures: [] },
        { restrictTo: r.restrictTo, skipTotals: true, mainTopics: true },
      );
      return { units: (f.axes.unit ?? []).map((a) => ({ key: a.key, label: a.label })), cells: f.groups.map((g) => [g.unitId ?? '', g.topicId ?? '', g.values.activities] as const) };
    });
    const [f, topics] = await Promise.all([grid, this.topicsOf(campaignId)]);
    const tops = mainTopics(topics);
    const topIndex = new Map(tops.map((t, i) => [t.id, i]));
    const units = f.units;
    const unitIndex = new Map(units.map((u, i) => [u.key, i]));
    const cells = units.map(() => tops.map(() => 0));
    for (const [unitKey, topicId, n] of f.cells) {
      const ui = unitIndex.get(unitKey);
      const ti = topIndex.get(topicId);
      if (ui === undefined || ti === undefined) continue;
      cells[ui][ti] += n;
    }
    // The unit's own row stays only when it has something (a city rarely reports in its own name).
    const keep = units.map((u, i) => !(u.key === r.filter.unitId && cells[i].every((c) => c === 0)));
    const outUnits = units.filter((_, i) => keep[i]);
    const outCells = cells.filter((_, i) => keep[i]);
    return {
      filter: r.filter,
      topics: tops.map((t) => ({ key: t.id, code: t.code, label: t.title })),
      units: outUnits,
      cells: outCells,
      uncovered: outCells.reduce((s, row) => s + row.filter((c) => c === 0).length, 0),
    };
  }

  // ------------------------------------------------------------------ follow-up

  async followUp(scope: Scope, q: DashboardQueryInput): Promise<FollowUp> {
    const r = await this.resolve(scope, q);
    const [overdueTasks, plansNotIssued, reportsDue] = await Promise.all([this.overdueTasks(r), this.plansNotIssued(r), this.reportsDue(r)]);
    return { filter: r.filter, overdueTasks, plansNotIssued, reportsDue };
  }

  /** Open tasks of the roll-up whose next due date has passed (as tasks.repository counts "overdue"). */
  private async overdueTasks(r: Resolved): Promise<FollowUp['overdueTasks']> {
    const today = this.d.clock.today();
    const tree = r.scope.tree;
    let total = 0;
    const items: FollowUp['overdueTasks']['items'] = [];
    for (const ids of chunks([...r.units])) {
      let q = this.d.db.selectFrom('tasks').where('unit_id', 'in', ids).where('status', '<>', 'done').where('next_due_date', '<', today);
      if (r.filter.campaignId) q = q.where('campaign_id', '=', r.filter.campaignId);
      const n = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      total += Number(n?.n ?? 0);
      const rows = await q.select(['id', 'title', 'unit_id', 'next_due_date']).orderBy('next_due_date').orderBy('title').orderBy('id').limit(FOLLOW_UP_ITEMS).execute();
      for (const t of rows) {
        const due = t.next_due_date as string;
        items.push({ taskId: t.id, title: t.title, unitId: t.unit_id, unitName: tree.get(t.unit_id)?.name ?? '', dueDate: due, daysLate: daysBetween(due, today) });
      }
    }
    items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title, 'vi'));
    return { total, items: items.slice(0, FOLLOW_UP_ITEMS) };
  }

  /** Implementation requests to the roll-up without an issued implementing plan (the plan cascade). */
  private async plansNotIssued(r: Resolved): Promise<FollowUp['plansNotIssued']> {
    const today = this.d.clock.today();
    const tree = r.scope.tree;
    let total = 0;
    let late = 0;
    const items: FollowUp['plansNotIssued']['items'] = [];
    for (const ids of chunks([...r.units])) {
      let q = this.d.db
        .selectFrom('implementation_requests as q')
        .innerJoin('plans as p', 'p.id', 'q.plan_id')
        .where('q.target_unit_id', 'in', ids)
        .where('q.implemented_at', 'is', null)
        .where('p.status', '=', 'issued');
      if (r.filter.campaignId) q = q.where('p.campaign_id', '=', r.filter.campaignId);
      const n = await q
        .select([sql<number>`count(*)`.as('n'), sql<number>`sum(case when q.deadline < ${today} then 1 else 0 end)`.as('late')])
        .executeTakeFirst();
      total += Number(n?.n ?? 0);
      late += Number(n?.late ?? 0);
      const rows = await q
        .select(['q.id', 'q.target_unit_id', 'q.deadline', 'q.implementing_plan_id', 'p.id as plan_id', 'p.subject', 'p.number_text'])
        .orderBy(sql`case when q.deadline is null then 1 else 0 end`)
        .orderBy('q.deadline')
        .orderBy('q.id')
        .limit(FOLLOW_UP_ITEMS)
        .execute();
      for (const x of rows) {
        items.push({
          requestId: x.id,
          planId: x.plan_id,
          planTitle: x.subject,
          planNumberText: x.number_text,
          unitId: x.target_unit_id,
          unitName: tree.get(x.target_unit_id)?.name ?? '',
          deadline: x.deadline,
          status: x.implementing_plan_id ? 'drafting' : 'pending',
          implementingPlanId: x.implementing_plan_id,
          late: !!x.deadline && x.deadline < today,
        });
      }
    }
    items.sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.unitName.localeCompare(b.unitName, 'vi'));
    return { total, late, items: items.slice(0, FOLLOW_UP_ITEMS) };
  }

  /** Periodic reports due from the roll-up (reports module `dueForUnits`); none when it is not wired. */
  private async reportsDue(r: Resolved): Promise<FollowUp['reportsDue']> {
    const source = this.d.reports?.();
    if (!source) return { total: 0, late: 0, items: [] };
    return source.dueForUnits({ unitIds: [...r.units], limit: FOLLOW_UP_ITEMS });
  }
}

/** Calendar months touched by [from, to] (for "per quarter" indicators). */
function monthsIn(from: string, to: string): number {
  let n = 0;
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) n++;
  return n;
}
