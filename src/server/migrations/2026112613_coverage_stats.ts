import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Coverage grid pre-aggregate (dashboard, unit × main topic). The grid sums, per unit, the activities
 * tagged with each main topic or one of its subtopics; reading that from `activity_topic_stats` (one row
 * per unit, month and leaf topic) meant grouping ~220,000 rows for a year of a city. Two tables:
 * - `topic_main`: each live topic's main topic (campaigns/topic-tree.ts `mainTopicMap`), refreshed when a
 *   campaign's topics change;
 * - `activity_cover_stats`: activities per unit, month and main topic (counts only), kept by
 *   `applyToStats` and rebuilt from `activity_topic_stats` when the mapping changes.
 * The backfill below uses a frozen copy of the main-topic rule.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('topic_main')
    .addColumn('topic_id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('main_topic_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('topic_main_campaign').on('topic_main').columns(['campaign_id']).execute();
  await db.schema
    .createTable('activity_cover_stats')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('activities', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('activity_cover_stats_pk', ['unit_id', 'month', 'topic_id'])
    .execute();
  await db.schema.createIndex('activity_cover_stats_count').on('activity_cover_stats').columns(['unit_id', 'month', 'topic_id', 'activities']).execute();
  await db.schema.createIndex('activity_cover_stats_campaign').on('activity_cover_stats').columns(['campaign_id']).execute();

  // ---- backfill
  const topics = (await db.selectFrom('topics').select(['id', 'parent_id', 'campaign_id']).where('archived', '=', 0).execute()) as Array<{ id: string; parent_id: string | null; campaign_id: string }>;
  const byCampaign = new Map<string, typeof topics>();
  for (const t of topics) byCampaign.set(t.campaign_id, [...(byCampaign.get(t.campaign_id) ?? []), t]);
  const rows: Array<{ topic_id: string; campaign_id: string; main_topic_id: string }> = [];
  for (const [campaignId, list] of byCampaign) {
    const ids = new Set(list.map((t) => t.id));
    const live = list.map((t) => ({ ...t, parent_id: t.parent_id && ids.has(t.parent_id) ? t.parent_id : t.parent_id ? '#archived' : null }));
    const children = new Map<string, string[]>();
    for (const t of live) if (t.parent_id) children.set(t.parent_id, [...(children.get(t.parent_id) ?? []), t.id]);
    const mains = new Set<string>();
    for (const t of live) {
      if (t.parent_id) continue;
      const kids = children.get(t.id) ?? [];
      if (kids.some((k) => children.has(k))) for (const k of kids) mains.add(k);
      else mains.add(t.id);
    }
    const parent = new Map(live.map((t) => [t.id, t.parent_id]));
    for (const t of live) {
      let cur: string | null | undefined = t.id;
      for (let i = 0; i < 50 && cur && !mains.has(cur); i++) cur = parent.get(cur);
      if (cur && mains.has(cur)) rows.push({ topic_id: t.id, campaign_id: campaignId, main_topic_id: cur });
    }
  }
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('topic_main').values(rows.slice(i, i + 200)).execute();
  await sql`insert into activity_cover_stats (unit_id, month, topic_id, campaign_id, activities)
    select s.unit_id, s.month, m.main_topic_id, max(m.campaign_id), sum(s.activities)
    from activity_topic_stats s inner join topic_main m on m.topic_id = s.topic_id
    group by s.unit_id, s.month, m.main_topic_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activity_cover_stats').execute();
  await db.schema.dropTable('topic_main').execute();
}
