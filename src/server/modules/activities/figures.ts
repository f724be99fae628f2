/**
 * ActivityFigures — the one query layer behind the dashboard, the periodic reports and their exports
 * (docs/decisions.md, "Activity figures"). It sums every measure over ACCEPTED activities (a chain's
 * newest accepted version only) of a unit's roll-up whose start date lies in [from, to].
 *
 * Reading: the range is cut into segments at the boundaries that matter for the grouping (reporting
 * months when grouping by month, reorganisation dates when grouping by unit "as of the period"); each
 * segment is split into whole calendar months, read from the pre-aggregated `activity_stats` /
 * `activity_topic_stats`, and partial pieces at its edges, read from `activities` (index
 * unit_id, date_from). SQL groups by unit / form / topic and by segment (a CASE on the date), so
 * results stay small; units are mapped to their reporting bucket in memory from the unit tree.
 *
 * Units:
 * - the set is `tree.rollup(unitId, asOf)`: the unit's subtree on `asOf` plus its predecessors and
 *   everything ever under them (asOf defaults to today, or to the last day of a unit that has closed);
 * - `as_of_today` groups by the children of the unit on `asOf`, each with its own roll-up (An Mỹ's
 *   2025 reports count under phường Tam Kỳ); what belongs to no child counts as the unit's own;
 * - `as_of_period` groups each activity by the unit it reported under when it happened: walking up the
 *   tree on the activity's date, the node just below the unit (or below one of its predecessors) — so a
 *   2025 report shows the 12 former wards for January–June and the four new ones afterwards. The unit
 *   itself and its predecessors keep their own rows.
 * Totals never depend on the grouping: both count the same activities.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { UnitTree } from '../units/unit-tree.js';
import type { ActivityMeasureColumn } from '../../platform/db-schema.js';
import { ATTENDANCE_GROUPS, addTotals, MEASURE_COLUMNS, MEASURES, type MeasureKey, type MeasureTotals, zeroTotals } from './measures.js';
import { checkCutoffDay, type DateRange, dayAfter, dayBefore, monthLabel, reportMonthOf, reportMonthRange, splitWholeMonths } from './periods.js';

export type Dimension = 'form' | 'unit' | 'month' | 'topic';
export type GroupBy = Dimension | 'none' | readonly Dimension[];
export type UnitGrouping = 'as_of_period' | 'as_of_today';

export interface FiguresQuery {
  unitId: string;
  /** The date of the tree the roll-up and `as_of_today` grouping use (default: today, or the unit's last day). */
  asOf?: string;
  from: string;
  to: string;
  campaignId?: string | null;
  groupBy: GroupBy;
  unitGrouping?: UnitGrouping;
  /** Cut-off day of reporting months when grouping by month (1 = calendar months). */
  cutoffDay?: number;
  /** Only these measures are summed (the others answer 0); default all. The coverage grid needs none. */
  measures?: readonly MeasureKey[];
}

export interface FigureGroup {
  key: string;
  form?: string;
  unitId?: string;
  month?: string;
  topicId?: string;
  label: string;
  values: MeasureTotals;
}

export interface AxisItem {
  key: string;
  label: string;
}

export interface FiguresResult {
  unitId: string;
  asOf: string;
  from: string;
  to: string;
  campaignId: string | null;
  groupBy: Dimension[];
  unitGrouping: UnitGrouping;
  cutoffDay: number;
  totals: MeasureTotals;
  /** One dimension: one group per axis item, zeros included, in axis order. Two: non-empty cells only. */
  groups: FigureGroup[];
  axes: Partial<Record<Dimension, AxisItem[]>>;
  /**
   * How it was read: `all_minus_outside` (whole-database daily sums minus the units outside the roll-up),
   * `units` (per-unit monthly sums) or `unit_tables` (per-unit monthly and daily sums); with the whole
   * months read from monthly tables and the partial pieces read per day (or from activities).
   */
  sources: { strategy: 'all_minus_outside' | 'units' | 'unit_tables'; statsMonths: string[]; rawRanges: DateRange[] };
}

export interface FiguresOptions {
  /** Read through this handle (a transaction) instead of the pool. */
  db?: Db;
  /** Only these units count (the actor's visible units); default all. */
  restrictTo?: ReadonlySet<string> | 'all';
  /** Skip the grand totals (a second read when grouping by topic); `totals` is then all zeros. */
  skipTotals?: boolean;
  /**
   * Group by main topic (campaigns/topic-tree.ts) instead of the tagged topic: counts only, by unit only
   * (the coverage grid), read from `activity_cover_stats`. An activity counts once per tagged topic.
   */
  mainTopics?: boolean;
}

const CHUNK = 2000;
const DIMS: readonly Dimension[] = ['form', 'unit', 'month', 'topic'];

export function normaliseGroupBy(g: GroupBy): Dimension[] {
  const list = g === 'none' ? [] : typeof g === 'string' ? [g as Dimension] : [...g];
  const out = [...new Set(list)];
  if (out.some((d) => !DIMS.includes(d)) || out.length > 2) {
    throw invalid('validation_failed', 'Trường «Nhóm theo (groupBy)»: chọn tối đa hai chiều trong form, unit, month, topic.', [{ field: 'groupBy', message: 'không hợp lệ' }]);
  }
  return out;
}

/** Parses "unit,topic" / "none". */
export function parseGroupBy(s: string): Dimension[] {
  return normaliseGroupBy(s === 'none' || s === '' ? 'none' : (s.split(',') as Dimension[]));
}

/** The default tree date for a unit: today, or the last day of a unit that no longer exists. */
export function defaultAsOf(tree: UnitTree, unitId: string, today: string): string {
  const u = tree.get(unitId);
  if (!u) throw notFound('unit_not_found');
  if (tree.isActiveOn(unitId, today)) return today;
  return u.valid_to && u.valid_to < today ? u.valid_to : today;
}

interface Segment extends DateRange {
  /** The reporting month of the segment (when grouping by month). */
  month: string;
}

type Row = Record<string, unknown>;

/** What to read for a part of the answer: which units, which grouping columns. */
interface Want {
  unit: boolean;
  form: boolean;
  topic: boolean;
}

export class ActivityFigures {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The units whose activities count for `unitId` as of `asOf`. */
  unitSet(tree: UnitTree, unitId: string, asOf: string, restrictTo: ReadonlySet<string> | 'all' = 'all'): Set<string> {
    const all = tree.rollup(unitId, asOf);
    if (restrictTo === 'all') return all;
    return new Set([...all].filter((u) => restrictTo.has(u)));
  }

  async compute(tree: UnitTree, q: FiguresQuery, opts: FiguresOptions = {}): Promise<FiguresResult> {
    const db = opts.db ?? this.db;
    const today = this.clock.today();
    if (!tree.get(q.unitId)) throw notFound('unit_not_found');
    if (q.to < q.from) throw invalid('invalid_period', 'Trường «Đến ngày (to)»: ngày kết thúc phải sau hoặc bằng ngày bắt đầu.', [{ field: 'to', message: 'trước ngày bắt đầu' }]);
    const cutoffDay = checkCutoffDay(q.cutoffDay ?? 1);
    const dims = normaliseGroupBy(q.groupBy);
    const asOf = q.asOf ?? defaultAsOf(tree, q.unitId, today);
    const unitGrouping: UnitGrouping = q.unitGrouping ?? 'as_of_today';
    const units = this.unitSet(tree, q.unitId, asOf, opts.restrictTo ?? 'all');
    const campaignId = q.campaignId ?? null;
    const byUnit = dims.includes('unit');
    const byMonth = dims.includes('month');
    const byTopic = dims.includes('topic');
    const periodMode = byUnit && unitGrouping === 'as_of_period';
    if (opts.mainTopics && (!byUnit || !byTopic || q.measures?.length !== 0)) throw new Error('mainTopics: group by unit and topic, counts only');
    const cols = q.measures ? MEASURES.filter((m) => q.measures!.includes(m.key)).map((m) => m.column) : [...MEASURE_COLUMNS];
    // No report is dated after today (refused on input): a range reaching today may be read to the end
    // of its month, which turns the current month into a whole month.
    const readTo = q.to >= today ? endOfMonth(q.to) : q.to;

    // ---- segments: boundaries at reporting-month starts and (as of the period) reorganisation dates
    const bounds = new Set<string>();
    if (byMonth) {
      for (let ym = reportMonthOf(q.from, cutoffDay); ym <= reportMonthOf(readTo, cutoffDay); ym = nextMonth(ym)) {
        const start = reportMonthRange(ym, cutoffDay).from;
        if (start > q.from && start <= readTo) bounds.add(start);
      }
    }
    if (periodMode) for (const d of changeDates(tree, units)) if (d > q.from && d <= readTo) bounds.add(d);
    const boundaries = [...bounds].sort();
    const segments: Segment[] = [];
    let start = q.from;
    for (const b of [...boundaries, dayAfter(readTo)]) {
      segments.push({ from: start, to: dayBefore(b), month: reportMonthOf(start, cutoffDay) });
      start = b;
    }
    const statsMonths: string[] = [];
    const pieces: DateRange[] = [];
    for (const seg of segments) {
      const split = splitWholeMonths(seg);
      statsMonths.push(...split.months);
      pieces.push(...split.pieces);
    }
    const range = { from: q.from, to: readTo, months: statsMonths, pieces, boundaries, campaignId, cols, mainTopics: !!opts.mainTopics };

    // ---- read: pick the plan that touches the fewest rows
    const plan = async (want: Want): Promise<{ rows: Row[]; strategy: Strategy }> => {
      if (!want.unit) {
        const outside = [...tree.units.keys()].filter((u) => !units.has(u));
        if (outside.length < units.size) {
          const whole = await this.fromDayTable(db, want.topic ? 'activity_day_topic_stats' : 'activity_day_stats', want, range);
          const minus = outside.length ? await this.fromUnits(db, outside, want, range) : [];
          for (const r of minus) r.sign = -1;
          return { rows: [...whole, ...minus], strategy: 'all_minus_outside' };
        }
        return { rows: await this.fromUnits(db, [...units], want, range), strategy: 'units' };
      }
      if (!want.form && !want.topic) return { rows: await this.fromUnitTables(db, [...units], range), strategy: 'unit_tables' };
      return { rows: await this.fromUnits(db, [...units], want, range), strategy: 'units' };
    };
    const { rows, strategy } = await plan({ unit: byUnit, form: dims.includes('form'), topic: byTopic });
    const read = MEASURES.filter((m) => cols.includes(m.column)).map((m) => [m.key, m.column] as const);

    // ---- buckets
    const todayBucket = todayBuckets(tree, q.unitId, asOf);
    const anchor = new Set([q.unitId, ...tree.lineage(q.unitId).map((l) => l.id)]);
    const periodCache = new Map<string, string>();
    const unitBucket = (unitId: string, segIndex: number): string => {
      if (!periodMode) return todayBucket.get(unitId) ?? q.unitId;
      const k = `${unitId}|${segIndex}`;
      let b = periodCache.get(k);
      if (!b) {
        b = periodBucket(tree, anchor, unitId, segments[segIndex].from) ?? todayBucket.get(unitId) ?? q.unitId;
        periodCache.set(k, b);
      }
      return b;
    };

    const groups = new Map<string, FigureGroup>();
    const keyOf = (parts: Partial<Record<Dimension, string>>) => dims.map((d) => parts[d] ?? '').join('|');
    for (const r of rows) {
      const segIndex = boundaries.length ? Number(r.seg) : 0;
      const parts: Partial<Record<Dimension, string>> = {};
      if (byUnit) parts.unit = unitBucket(String(r.unit_id), segIndex);
      if (byMonth) parts.month = segments[segIndex].month;
      if (dims.includes('form')) parts.form = String(r.form_code ?? '');
      if (byTopic) parts.topic = String(r.topic_id);
      const key = keyOf(parts);
      let g = groups.get(key);
      if (!g) {
        g = { key, label: '', values: zeroTotals() };
        if (parts.form !== undefined) g.form = parts.form;
        if (parts.unit !== undefined) g.unitId = parts.unit;
        if (parts.month !== undefined) g.month = parts.month;
        if (parts.topic !== undefined) g.topicId = parts.topic;
        groups.set(key, g);
      }
      addRow(g.values, r, read);
    }
    for (const [k, g] of groups) {
      if (g.values.activities === 0 && Object.values(g.values).every((v) => v === 0)) groups.delete(k);
      else setAttendance(g.values);
    }

    // ---- totals: each activity once (topics would count an activity under each of its topics)
    let totals = zeroTotals();
    if (byTopic) {
      if (!opts.skipTotals) {
        const t = await plan({ unit: false, form: false, topic: false });
        for (const r of t.rows) addRow(totals, r, read);
        setAttendance(totals);
      }
    } else {
      totals = zeroTotals();
      for (const g of groups.values()) addTotals(totals, g.values);
    }

    // ---- axes and labels
    const axes: Partial<Record<Dimension, AxisItem[]>> = {};
    const present = (d: Dimension) => new Set([...groups.values()].map((g) => (d === 'unit' ? g.unitId : d === 'topic' ? g.topicId : g[d]) ?? ''));
    if (byUnit) axes.unit = unitAxis(tree, q.unitId, asOf, periodMode, segments, anchor, units, present('unit'));
    if (byMonth) {
      axes.month = [];
      for (let ym = reportMonthOf(q.from, cutoffDay); ym <= reportMonthOf(q.to, cutoffDay); ym = nextMonth(ym)) axes.month.push({ key: ym, label: monthLabel(ym) });
    }
    if (dims.includes('form')) {
      const forms = await db.selectFrom('forms').select(['code', 'name', 'archived']).orderBy('sort').orderBy('code').execute();
      const seen = present('form');
      axes.form = forms.filter((f) => !f.archived || seen.has(f.code)).map((f) => ({ key: f.code, label: f.name }));
      for (const code of seen) if (!axes.form.some((f) => f.key === code)) axes.form.push({ key: code, label: code || 'Chưa chọn hình thức' });
    }
    if (byTopic) {
      const seen = present('topic');
      let tq = db.selectFrom('topics').select(['id', 'code', 'title', 'archived', 'campaign_id']);
      tq = campaignId ? tq.where((eb) => eb.or([eb('campaign_id', '=', campaignId), eb('id', 'in', [...seen, ''])])) : tq.where('id', 'in', [...seen, '']);
      const topics = await tq.execute();
      topics.sort((a, b) => a.code.localeCompare(b.code, 'vi', { numeric: true }));
      axes.topic = topics.filter((t) => !t.archived || seen.has(t.id)).map((t) => ({ key: t.id, label: `${t.code}. ${t.title}` }));
    }

    const field = (g: FigureGroup, d: Dimension) => (d === 'unit' ? g.unitId : d === 'topic' ? g.topicId : g[d]) ?? '';
    const labels = new Map(DIMS.map((d) => [d, new Map((axes[d] ?? []).map((a) => [a.key, a.label]))]));
    const labelOf = (d: Dimension, k: string) => labels.get(d)?.get(k) ?? k;
    let out: FigureGroup[];
    if (dims.length === 1) {
      const d = dims[0];
      out = (axes[d] ?? []).map((a) => {
        const g = groups.get(a.key);
        const base: FigureGroup = g ?? { key: a.key, label: '', values: zeroTotals(), ...(d === 'unit' ? { unitId: a.key } : d === 'topic' ? { topicId: a.key } : { [d]: a.key }) };
        return { ...base, label: a.label };
      });
    } else if (dims.length === 2) {
      const order = dims.map((d) => new Map((axes[d] ?? []).map((a, i) => [a.key, i])));
      out = [...groups.values()]
        .map((g) => ({ ...g, label: dims.map((d) => labelOf(d, field(g, d))).join(' — ') }))
        .sort((a, b) => {
          for (let i = 0; i < 2; i++) {
            const x = order[i].get(field(a, dims[i])) ?? 1e9;
            const y = order[i].get(field(b, dims[i])) ?? 1e9;
            if (x !== y) return x - y;
          }
          return a.key.localeCompare(b.key);
        });
    } else out = [];

    return {
      unitId: q.unitId,
      asOf,
      from: q.from,
      to: q.to,
      campaignId,
      groupBy: dims,
      unitGrouping,
      cutoffDay,
      totals,
      groups: out,
      axes,
      sources: { strategy, statsMonths, rawRanges: pieces },
    };
  }

  // ---------------------------------------------------------------- reading

  /**
   * Per-unit sums over `unitIds`: whole months from `activity_stats` / `activity_topic_stats`, the
   * pieces from `activities` (index unit_id, date_from).
   */
  private async fromUnits(db: Db, unitIds: string[], want: Want, r: ReadRange): Promise<Row[]> {
    const out: Row[] = [];
    for (let i = 0; i < unitIds.length; i += CHUNK) {
      const ids = unitIds.slice(i, i + CHUNK);
      if (r.months.length) {
        const table = want.topic ? (r.mainTopics ? 'activity_cover_stats' : 'activity_topic_stats') : 'activity_stats';
        out.push(
          ...(await sumQuery(db, {
            from: sql`${sql.table(table)} as s`,
            where: [sql`s.unit_id in (${sql.join(ids)})`, sql`s.month in (${sql.join(r.months)})`, ...(r.campaignId ? [sql`s.campaign_id = ${r.campaignId}`] : [])],
            group: [...(want.unit ? [sql`s.unit_id as unit_id`] : []), ...(want.form && !want.topic ? [sql`s.form_code as form_code`] : []), ...(want.topic ? [sql`s.topic_id as topic_id`] : [])],
            seg: r.boundaries.length ? monthCase(sql.ref('s.month'), r.boundaries) : null,
            count: sql`sum(s.activities)`,
            sum: (c) => sql`sum(${sql.ref(`s.${c}`)})`,
            cols: r.cols,
          })),
        );
      }
      if (r.pieces.length) {
        out.push(
          ...(await sumQuery(db, {
            from: !want.topic
              ? sql`activities as a`
              : r.mainTopics
                ? sql`activities as a inner join activity_topics as at on at.activity_id = a.id inner join topic_main as t on t.topic_id = at.topic_id`
                : sql`activities as a inner join activity_topics as t on t.activity_id = a.id`,
            where: [sql`a.status = 'accepted'`, sql`a.unit_id in (${sql.join(ids)})`, dateRanges(sql.ref('a.date_from'), r.pieces), ...(r.campaignId ? [sql`a.campaign_id = ${r.campaignId}`] : [])],
            group: [
              ...(want.unit ? [sql`a.unit_id as unit_id`] : []),
              ...(want.form && !want.topic ? [sql`coalesce(a.form_code, '') as form_code`] : []),
              ...(want.topic ? [r.mainTopics ? sql`t.main_topic_id as topic_id` : sql`t.topic_id as topic_id`] : []),
            ],
            seg: r.boundaries.length ? dateCase(sql.ref('a.date_from'), r.boundaries) : null,
            count: sql`count(*)`,
            sum: (c) => sql`sum(${sql.ref(`a.${c}`)})`,
            cols: r.cols,
          })),
        );
      }
    }
    return out;
  }

  /** By unit only: whole months from `activity_unit_stats`, pieces from `activity_unit_day_stats`. */
  private async fromUnitTables(db: Db, unitIds: string[], r: ReadRange): Promise<Row[]> {
    const out: Row[] = [];
    for (let i = 0; i < unitIds.length; i += CHUNK) {
      const ids = unitIds.slice(i, i + CHUNK);
      const campaign = (alias: string) => (r.campaignId ? [sql`${sql.ref(`${alias}.campaign_id`)} = ${r.campaignId}`] : []);
      if (r.months.length) {
        out.push(
          ...(await sumQuery(db, {
            from: sql`activity_unit_stats as s`,
            where: [sql`s.unit_id in (${sql.join(ids)})`, sql`s.month in (${sql.join(r.months)})`, ...campaign('s')],
            group: [sql`s.unit_id as unit_id`],
            seg: r.boundaries.length ? monthCase(sql.ref('s.month'), r.boundaries) : null,
            count: sql`sum(s.activities)`,
            sum: (c) => sql`sum(${sql.ref(`s.${c}`)})`,
            cols: r.cols,
          })),
        );
      }
      if (r.pieces.length) {
        out.push(
          ...(await sumQuery(db, {
            from: sql`activity_unit_day_stats as d`,
            where: [sql`d.unit_id in (${sql.join(ids)})`, dateRanges(sql.ref('d.day'), r.pieces), ...campaign('d')],
            group: [sql`d.unit_id as unit_id`],
            seg: r.boundaries.length ? dateCase(sql.ref('d.day'), r.boundaries) : null,
            count: sql`sum(d.activities)`,
            sum: (c) => sql`sum(${sql.ref(`d.${c}`)})`,
            cols: r.cols,
          })),
        );
      }
    }
    return out;
  }

  /** The whole database over [from, to] from a per-day table (no unit filter). */
  private async fromDayTable(db: Db, table: 'activity_day_stats' | 'activity_day_topic_stats', want: Want, r: ReadRange): Promise<Row[]> {
    return sumQuery(db, {
      from: sql`${sql.table(table)} as d`,
      where: [sql`d.day >= ${r.from}`, sql`d.day <= ${r.to}`, ...(r.campaignId ? [sql`d.campaign_id = ${r.campaignId}`] : [])],
      group: [...(want.form && !want.topic ? [sql`d.form_code as form_code`] : []), ...(want.topic ? [sql`d.topic_id as topic_id`] : [])],
      seg: r.boundaries.length ? dateCase(sql.ref('d.day'), r.boundaries) : null,
      count: sql`sum(d.activities)`,
      sum: (c) => sql`sum(${sql.ref(`d.${c}`)})`,
      cols: r.cols,
    });
  }
}

type Strategy = 'all_minus_outside' | 'units' | 'unit_tables';

interface ReadRange {
  from: string;
  to: string;
  months: string[];
  pieces: DateRange[];
  boundaries: string[];
  campaignId: string | null;
  cols: ActivityMeasureColumn[];
  /** Topics are main topics (`activity_cover_stats`, `topic_main`). */
  mainTopics: boolean;
}

/**
 * `select <group…>, [seg], <count> as activities, <sum(c)> as c… from … where … group by 1, 2, …`.
 * Grouped by position: PostgreSQL would not match a parameterised CASE in GROUP BY with the selected one.
 */
async function sumQuery(
  db: Db,
  o: { from: RawBuilder<unknown>; where: RawBuilder<unknown>[]; group: RawBuilder<unknown>[]; seg: RawBuilder<unknown> | null; count: RawBuilder<unknown>; sum: (c: ActivityMeasureColumn) => RawBuilder<unknown>; cols: ActivityMeasureColumn[] },
): Promise<Row[]> {
  const keys = [...o.group, ...(o.seg ? [sql`${o.seg} as seg`] : [])];
  const select = [...keys, sql`${o.count} as activities`, ...o.cols.map((c) => sql`${o.sum(c)} as ${sql.ref(c)}`)];
  const r = await sql<Row>`select ${sql.join(select)} from ${o.from} where ${sql.join(o.where, sql` and `)}
    ${keys.length ? sql`group by ${sql.join(keys.map((_, i) => sql.lit(i + 1)))}` : sql``}`.execute(db);
  return r.rows;
}

/** Segment index of a date column: the number of boundaries on or before it. */
function dateCase(col: RawBuilder<unknown>, boundaries: string[]) {
  return sql`case ${sql.join(
    boundaries.map((b, i) => sql`when ${col} < ${b} then ${sql.lit(i)}`),
    sql` `,
  )} else ${sql.lit(boundaries.length)} end`;
}

/**
 * Segment index of a month column, for whole months only: month m lies in segment i when
 * boundary_i ≤ m-01 < boundary_i+1, i.e. m is below each later boundary rounded up to a month start.
 */
function monthCase(col: RawBuilder<unknown>, boundaries: string[]) {
  const ceil = boundaries.map((b) => (b.endsWith('-01') ? b.slice(0, 7) : nextMonth(b.slice(0, 7))));
  return sql`case ${sql.join(
    ceil.map((m, i) => sql`when ${col} < ${m} then ${sql.lit(i)}`),
    sql` `,
  )} else ${sql.lit(ceil.length)} end`;
}

function dateRanges(col: RawBuilder<unknown>, ranges: DateRange[]) {
  return sql`(${sql.join(
    ranges.map((r) => sql`(${col} >= ${r.from} and ${col} <= ${r.to})`),
    sql` or `,
  )})`;
}

/** Adds one SQL row (signed by `r.sign`) into totals, reading only the summed columns. */
function addRow(dst: MeasureTotals, r: Row, read: ReadonlyArray<readonly [MeasureKey, ActivityMeasureColumn]>) {
  const sign = r.sign === -1 ? -1 : 1;
  dst.activities += sign * Number(r.activities ?? 0);
  for (const [key, col] of read) dst[key] += sign * Number(r[col] ?? 0);
}

const setAttendance = (t: MeasureTotals) => {
  t.attendance = ATTENDANCE_GROUPS.reduce((s, k) => s + t[k], 0);
};

const endOfMonth = (d: string) => {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return `${d.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

const nextMonth = (ym: string) => {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${ym.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
};

/** Dates on which the tree around `units` changes: validity and parent-link starts and day-after-ends. */
export function changeDates(tree: UnitTree, units: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const id of units) {
    const u = tree.get(id);
    if (!u) continue;
    if (u.valid_from) out.add(u.valid_from);
    if (u.valid_to) out.add(dayAfter(u.valid_to));
    for (const l of tree.parentHistory(id)) {
      if (l.valid_from) out.add(l.valid_from);
      if (l.valid_to) out.add(dayAfter(l.valid_to));
    }
  }
  return out;
}

/** `as_of_today`: every unit of each child's roll-up (children on `asOf`, by name) maps to that child. */
export function todayBuckets(tree: UnitTree, unitId: string, asOf: string): Map<string, string> {
  const out = new Map<string, string>();
  const children = tree.childrenOn(unitId, asOf).sort((a, b) => (tree.get(a)?.name ?? '').localeCompare(tree.get(b)?.name ?? '', 'vi'));
  for (const c of children) for (const u of tree.rollup(c, asOf)) if (!out.has(u) && u !== unitId) out.set(u, c);
  return out;
}

/**
 * `as_of_period`: the node just below the anchor (the unit or one of its predecessors) on the way up
 * from `unitId` on date `d`; an anchor member is its own bucket; null when the walk never meets the anchor.
 */
export function periodBucket(tree: UnitTree, anchor: ReadonlySet<string>, unitId: string, d: string): string | null {
  if (anchor.has(unitId)) return unitId;
  const seen = new Set([unitId]);
  let cur = unitId;
  for (;;) {
    const p = tree.parentOn(cur, d);
    if (!p || seen.has(p)) return null;
    if (anchor.has(p)) return cur;
    seen.add(p);
    cur = p;
  }
}

function unitAxis(
  tree: UnitTree,
  unitId: string,
  asOf: string,
  periodMode: boolean,
  segments: Segment[],
  anchor: ReadonlySet<string>,
  units: ReadonlySet<string>,
  present: Set<string>,
): AxisItem[] {
  const name = (id: string) => tree.get(id)?.name ?? id;
  const own = (id: string) => `${name(id)} (trực tiếp)`;
  const byName = (a: string, b: string) => name(a).localeCompare(name(b), 'vi');
  if (!periodMode) {
    const children = tree.childrenOn(unitId, asOf).filter((c) => units.has(c)).sort(byName);
    const extra = [...present].filter((k) => k && k !== unitId && !children.includes(k)).sort(byName);
    return [...children, ...extra].map((k) => ({ key: k, label: name(k) })).concat([{ key: unitId, label: own(unitId) }]);
  }
  const anchors: string[] = [];
  const children = new Set<string>();
  for (const s of segments) {
    for (const a of anchor) {
      if (!tree.isActiveOn(a, s.from) || !units.has(a)) continue;
      if (!anchors.includes(a)) anchors.push(a);
      for (const c of tree.childrenOn(a, s.from)) if (units.has(c) && !anchor.has(c)) children.add(c);
    }
  }
  for (const k of present) if (k && !anchor.has(k)) children.add(k);
  for (const k of present) if (k && anchor.has(k) && !anchors.includes(k)) anchors.push(k);
  if (!anchors.includes(unitId)) anchors.push(unitId);
  anchors.sort((a, b) => (a === unitId ? -1 : b === unitId ? 1 : byName(a, b)));
  return [...[...children].sort(byName).map((k) => ({ key: k, label: name(k) })), ...anchors.map((k) => ({ key: k, label: own(k) }))];
}
