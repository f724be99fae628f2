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
 * And one narrow table for the coverage grid: activities per unit, month and main topic
 * (`activity_cover_stats`, through the topic → main topic map `topic_main`; migration 2026112613).
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.js';
import { mainTopicMap } from '../campaigns/topic-tree.js';
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
  await applyToCover(trx, a, [...new Set(topicIds)], sign);
}

// ---------------------------------------------------------------- coverage grid (unit × main topic)

/** Adds (or removes) one activity under the main topic of each of its topics. */
async function applyToCover(trx: Db, a: ActivityTable, topicIds: string[], sign: 1 | -1) {
  if (!topicIds.length) return;
  let mapped = await trx.selectFrom('topic_main').select(['topic_id', 'main_topic_id', 'campaign_id']).where('topic_id', 'in', topicIds).execute();
  if (mapped.length < topicIds.length) {
    // A live topic without a mapping was written without the campaigns service (seed, bulk load): map its
    // campaign now. Archived topics are unmapped on purpose and never trigger a refresh.
    const known = new Set(mapped.map((m) => m.topic_id));
    const unmapped = topicIds.filter((id) => !known.has(id));
    const campaigns = await trx.selectFrom('topics').select('campaign_id').distinct().where('id', 'in', unmapped).where('archived', '=', 0).execute();
    for (const c of campaigns) await refreshTopicMain(trx, c.campaign_id);
    if (campaigns.length) mapped = await trx.selectFrom('topic_main').select(['topic_id', 'main_topic_id', 'campaign_id']).where('topic_id', 'in', topicIds).execute();
  }
  const month = a.date_from!.slice(0, 7);
  for (const m of mapped) {
    await sql`insert into activity_cover_stats (unit_id, month, topic_id, campaign_id, activities) values (${a.unit_id}, ${month}, ${m.main_topic_id}, ${m.campaign_id}, ${sign})
      on conflict (unit_id, month, topic_id) do update set activities = activity_cover_stats.activities + excluded.activities`.execute(trx);
    if (sign < 0) {
      await trx.deleteFrom('activity_cover_stats').where('unit_id', '=', a.unit_id).where('month', '=', month).where('topic_id', '=', m.main_topic_id).where('activities', '<=', 0).execute();
    }
  }
}

/**
 * Recomputes a campaign's topic → main topic map (after its topics were added, moved, archived or
 * restored). When a topic that already has figures changes its main topic, the campaign's coverage rows
 * are rebuilt from `activity_topic_stats` and `meta.stats_version` moves on (the dashboard's cache).
 * Returns whether the coverage rows changed. Run inside the caller's transaction.
 */
export async function refreshTopicMain(trx: Db, campaignId: string): Promise<boolean> {
  const live = await trx.selectFrom('topics').select(['id', 'parent_id']).where('campaign_id', '=', campaignId).where('archived', '=', 0).execute();
  const next = mainTopicMap(live);
  const stored = await trx.selectFrom('topic_main').select(['topic_id', 'main_topic_id']).where('campaign_id', '=', campaignId).execute();
  const before = new Map(stored.map((r) => [r.topic_id, r.main_topic_id]));
  const changed = [...before].filter(([id, main]) => next.get(id) !== main).map(([id]) => id);
  const added = [...next].filter(([id]) => !before.has(id));
  if (!changed.length && !added.length) return false;
  if (changed.length) await trx.deleteFrom('topic_main').where('topic_id', 'in', changed).execute();
  const rows = [...next].filter(([id]) => !before.has(id) || changed.includes(id)).map(([topic_id, main_topic_id]) => ({ topic_id, campaign_id: campaignId, main_topic_id }));
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('topic_main').values(rows.slice(i, i + 200)).execute();
  // A new topic has no figures yet; a changed one may have: rebuild the campaign's rows.
  const withFigures = changed.length ? await trx.selectFrom('activity_topic_stats').select('topic_id').where('topic_id', 'in', changed).limit(1).execute() : [];
  if (!withFigures.length) return false;
  await trx.deleteFrom('activity_cover_stats').where('campaign_id', '=', campaignId).execute();
  await sql`insert into activity_cover_stats (unit_id, month, topic_id, campaign_id, activities) ${coverSelect(campaignId)}`.execute(trx);
  await sql`update meta set value = ${sql.raw("cast(cast(value as integer) + 1 as text)")} where key = 'stats_version'`.execute(trx);
  return true;
}

/** The coverage rows computed from `activity_topic_stats` and `topic_main` (one campaign, or all). */
function coverSelect(campaignId: string | null) {
  return sql`select s.unit_id, s.month, m.main_topic_id, max(m.campaign_id), sum(s.activities)
    from activity_topic_stats s inner join topic_main m on m.topic_id = s.topic_id
    ${campaignId ? sql`where m.campaign_id = ${campaignId}` : sql``}
    group by s.unit_id, s.month, m.main_topic_id`;
}

/** The coverage rows as a direct SUM over accepted activities (what `activity_cover_stats` must equal). */
export async function directCoverStats(db: Db): Promise<Array<{ unit_id: string; month: string; topic_id: string; activities: number }>> {
  const r = await sql<{ unit_id: string; month: string; topic_id: string; activities: number }>`select a.unit_id as unit_id, substr(a.date_from, 1, 7) as month, m.main_topic_id as topic_id, count(*) as activities
    from activities a inner join activity_topics t on t.activity_id = a.id inner join topic_main m on m.topic_id = t.topic_id
    where a.status = 'accepted' and a.date_from is not null
    group by a.unit_id, substr(a.date_from, 1, 7), m.main_topic_id`.execute(db);
  return r.rows;
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
  const campaigns = await trx.selectFrom('topics').select('campaign_id').distinct().execute();
  for (const c of campaigns) await refreshTopicMain(trx, c.campaign_id);
  await sql`delete from activity_cover_stats`.execute(trx);
  await sql`insert into activity_cover_stats (unit_id, month, topic_id, campaign_id, activities) ${coverSelect(null)}`.execute(trx);
  const n = await sql<{ n: number }>`select count(*) as n from activity_cover_stats`.execute(trx);
  out.activity_cover_stats = Number(n.rows[0]?.n ?? 0);
  return out;
}
