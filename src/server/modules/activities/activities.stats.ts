/**
 * Upkeep of the pre-aggregated figures (docs/decisions.md, "Activity figures"). Each stats table holds,
 * per key, the number of counted activities and the sum of every measure. A report counts while it is
 * the newest accepted version of its chain (status `accepted`); the accepting transaction adds it and,
 * for a correction, subtracts the version it supersedes, so every table always equals a SUM over the
 * accepted activities (tested property-style; `rebuildStats` recomputes them from scratch).
 *
 * Six tables, so that every question the figures layer asks reads few rows:
 * - per unit and month: by form (`activity_stats`), all forms (`activity_unit_stats`), by topic
 *   (`activity_topic_stats`) — roll-ups of a few units, breakdowns by unit;
 * - per unit and day (`activity_unit_day_stats`) — the partial months at the edges of a period, by unit;
 * - the whole database per day: by form (`activity_day_stats`) and by topic (`activity_day_topic_stats`) —
 *   a roll-up covering most of the tree is read as "everything minus the few units outside it", for any
 *   range and cut-off day.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.js';
import type { ActivityTable } from '../../platform/db-schema.js';
import { MEASURE_COLUMNS } from './measures.js';

export type StatsKey = 'unit_id' | 'month' | 'day' | 'campaign_id' | 'form_code' | 'topic_id';

export interface StatsTableDef {
  name:
    | 'activity_stats'
    | 'activity_unit_stats'
    | 'activity_unit_day_stats'
    | 'activity_day_stats'
    | 'activity_topic_stats'
    | 'activity_day_topic_stats';
  key: readonly StatsKey[];
}

/** The tables and their keys (the migration 2026112605 holds a frozen copy). */
export const STATS_TABLES: readonly StatsTableDef[] = [
  { name: 'activity_stats', key: ['unit_id', 'month', 'campaign_id', 'form_code'] },
  { name: 'activity_unit_stats', key: ['unit_id', 'month', 'campaign_id'] },
  { name: 'activity_unit_day_stats', key: ['unit_id', 'day', 'campaign_id'] },
  { name: 'activity_day_stats', key: ['day', 'campaign_id', 'form_code'] },
  { name: 'activity_topic_stats', key: ['unit_id', 'month', 'topic_id'] },
  { name: 'activity_day_topic_stats', key: ['day', 'topic_id'] },
];

const SUMMED = ['activities', ...MEASURE_COLUMNS] as const;
const isTopic = (t: StatsTableDef) => t.key.includes('topic_id');
/** Non-key columns stored beside the key (the campaign of a topic row). */
const extraCols = (t: StatsTableDef): StatsKey[] => (isTopic(t) && !t.key.includes('campaign_id') ? ['campaign_id'] : []);

/** The SQL expression of a key column over `activities a` (and `activity_topics t`). */
const KEY_SQL: Record<StatsKey, string> = {
  unit_id: 'a.unit_id',
  month: 'substr(a.date_from, 1, 7)',
  day: 'a.date_from',
  campaign_id: "coalesce(a.campaign_id, '')",
  form_code: "coalesce(a.form_code, '')",
  topic_id: 't.topic_id',
};

function keyValues(a: ActivityTable, topicId: string | null): Record<StatsKey, string> {
  return {
    unit_id: a.unit_id,
    month: (a.date_from ?? '').slice(0, 7),
    day: a.date_from ?? '',
    campaign_id: a.campaign_id ?? '',
    form_code: a.form_code ?? '',
    topic_id: topicId ?? '',
  };
}

async function upsert(db: Db, t: StatsTableDef, k: Record<StatsKey, string>, sign: 1 | -1, a: ActivityTable) {
  const cols = [...t.key, ...extraCols(t), ...SUMMED];
  const values: unknown[] = [...t.key.map((c) => k[c]), ...extraCols(t).map((c) => k[c]), sign, ...MEASURE_COLUMNS.map((c) => sign * (a[c] ?? 0))];
  await sql`insert into ${sql.table(t.name)} (${sql.join(cols.map((c) => sql.ref(c)))}) values (${sql.join(values)})
    on conflict (${sql.join(t.key.map((c) => sql.ref(c)))}) do update set ${sql.join(SUMMED.map((c) => sql`${sql.ref(c)} = ${sql.ref(`${t.name}.${c}`)} + ${sql.ref(`excluded.${c}`)}`))}`.execute(db);
  if (sign < 0) {
    await sql`delete from ${sql.table(t.name)} where activities <= 0 and ${sql.join(
      t.key.map((c) => sql`${sql.ref(c)} = ${k[c]}`),
      sql` and `,
    )}`.execute(db);
  }
}

/**
 * Adds (`sign` 1) or removes (−1) one activity's contribution to every stats table, inside the
 * caller's transaction. The activity must have a start date (every submitted report has one).
 */
export async function applyToStats(trx: Db, a: ActivityTable, topicIds: readonly string[], sign: 1 | -1): Promise<void> {
  if (!a.date_from) return;
  for (const t of STATS_TABLES) {
    if (isTopic(t)) for (const topic of new Set(topicIds)) await upsert(trx, t, keyValues(a, topic), sign, a);
    else await upsert(trx, t, keyValues(a, null), sign, a);
  }
}

/** SELECT … GROUP BY computing a table's rows directly from the accepted activities. */
function directSelect(t: StatsTableDef) {
  const keys = [...t.key, ...extraCols(t)];
  const groupBy = t.key.map((c) => sql.raw(KEY_SQL[c]));
  return sql`select ${sql.join(keys.map((c) => sql`${sql.raw(c === 'campaign_id' && !t.key.includes('campaign_id') ? `max(${KEY_SQL[c]})` : KEY_SQL[c])} as ${sql.ref(c)}`))},
      count(*) as activities, ${sql.join(MEASURE_COLUMNS.map((c) => sql`coalesce(sum(${sql.ref(`a.${c}`)}), 0) as ${sql.ref(c)}`))}
    from activities a ${isTopic(t) ? sql`inner join activity_topics t on t.activity_id = a.id` : sql``}
    where a.status = 'accepted' and a.date_from is not null
    group by ${sql.join(groupBy)}`;
}

/** A table's rows as a direct SUM over accepted activities (what the table must equal). */
export async function directStats(db: Db, table: StatsTableDef['name'] = 'activity_stats'): Promise<Array<Record<string, unknown>>> {
  const t = STATS_TABLES.find((x) => x.name === table)!;
  return (await directSelect(t).execute(db)).rows as Array<Record<string, unknown>>;
}

/** A table's stored rows (same columns as `directStats`). */
export async function storedStats(db: Db, table: StatsTableDef['name']): Promise<Array<Record<string, unknown>>> {
  const t = STATS_TABLES.find((x) => x.name === table)!;
  const cols = [...t.key, ...extraCols(t), ...SUMMED];
  return (await sql`select ${sql.join(cols.map((c) => sql.ref(c)))} from ${sql.table(t.name)}`.execute(db)).rows as Array<Record<string, unknown>>;
}

/** Recomputes every stats table from the activities (after a bulk load, or to repair). Run inside a transaction. */
export async function rebuildStats(trx: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of STATS_TABLES) {
    await sql`delete from ${sql.table(t.name)}`.execute(trx);
    const cols = [...t.key, ...extraCols(t), ...SUMMED];
    await sql`insert into ${sql.table(t.name)} (${sql.join(cols.map((c) => sql.ref(c)))}) ${directSelect(t)}`.execute(trx);
    const n = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(trx);
    out[t.name] = Number(n.rows[0]?.n ?? 0);
  }
  return out;
}
