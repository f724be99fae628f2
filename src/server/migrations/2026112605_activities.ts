import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Activity reports (hoạt động tuyên truyền) with their versions, topics, evidence and review history,
 * and the pre-aggregated figures the dashboard and periodic reports read (docs/decisions.md,
 * "Activity figures"). The measure columns are frozen here; modules/activities/measures.ts must match.
 */
const MEASURE_COLUMNS = [
  'att_cadres',
  'att_party',
  'att_members',
  'att_residents',
  'att_male',
  'att_female',
  'sessions',
  'banners',
  'panels',
  'posters',
  'flags',
  'slogans',
  'leaflets',
  'news_items',
  'articles',
  'photos',
  'videos',
  'views',
  'shares',
  'followers',
  'column_issues',
  'bulletins',
  'broadcasts',
  'radio_minutes',
  'shows',
  'acts',
  'audience',
  'contests',
  'entries',
  'participants',
  'winners',
  'models_found',
  'models_honoured',
  'models_replicated',
  'exemplars_found',
  'exemplars_honoured',
  'supervisions_proposed',
  'supervisions_held',
  'criticisms_proposed',
  'criticisms_held',
  'recommendations_made',
  'recommendations_resolved',
  'digital_helped',
];

/** Frozen copy of modules/activities/activities.stats.ts STATS_TABLES (campaign_id / form_code '' when none). */
const STATS_TABLES = [
  { name: 'activity_stats', key: ['unit_id', 'month', 'campaign_id', 'form_code'] }, // per unit and month, by form
  { name: 'activity_unit_stats', key: ['unit_id', 'month', 'campaign_id'] }, // per unit and month
  { name: 'activity_unit_day_stats', key: ['unit_id', 'day', 'campaign_id'] }, // per unit and day
  { name: 'activity_day_stats', key: ['day', 'campaign_id', 'form_code'] }, // whole database per day, by form
  { name: 'activity_topic_stats', key: ['unit_id', 'month', 'topic_id'] }, // per unit and month, by topic
  { name: 'activity_day_topic_stats', key: ['day', 'topic_id'] }, // whole database per day, by topic
] as const;

export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  const s = db.schema;

  let activities = s
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('root_id', 'text', (c) => c.notNull()) // first version's id: the chain of corrections
    .addColumn('version_no', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('supersedes_id', 'text') // the accepted version a correction replaces
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('plan_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('occurrence_id', 'text')
    .addColumn('task_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('form_code', 'text') // forms.code (codes are stable; forms are archived, never deleted)
    .addColumn('title', 'text')
    .addColumn('date_from', 'text', (c) => c.notNull()) // a draft starts dated today
    .addColumn('date_to', 'text')
    .addColumn('place', 'text')
    .addColumn('description', 'text')
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | submitted | returned | accepted | superseded
    .addColumn('client_key', 'text', (c) => c.unique()) // idempotent create
    .addColumn('submit_key', 'text', (c) => c.unique()) // idempotent submit (the latest submission's key)
    .addColumn('return_comment', 'text');
  for (const m of MEASURE_COLUMNS) activities = activities.addColumn(m, 'integer');
  await activities
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Lists and the figures layer's partial months: a unit's activities by start date.
  await s.createIndex('activities_unit_date').on('activities').columns(['unit_id', 'date_from']).execute();
  // Lists over many units (a city's drill-down): newest first without sorting the whole roll-up.
  await s.createIndex('activities_date').on('activities').columns(['date_from', 'id']).execute();
  await s.createIndex('activities_root').on('activities').columns(['root_id', 'version_no']).execute();
  await s.createIndex('activities_task').on('activities').columns(['task_id']).execute();

  await s
    .createTable('activity_topics')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.id'))
    .addPrimaryKeyConstraint('activity_topics_pk', ['activity_id', 'topic_id'])
    .execute();
  await s.createIndex('activity_topics_topic').on('activity_topics').columns(['topic_id', 'activity_id']).execute();

  await s
    .createTable('activity_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // photo | document
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('thumb_file_id', 'text', (c) => c.references('files.id'))
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('caption', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('activity_files_activity').on('activity_files').columns(['activity_id', 'sort']).execute();

  await s
    .createTable('activity_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('root_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull()) // order within the chain (timestamps can tie)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('user_id', 'text')
    .addColumn('acting_unit_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('activity_events_root').on('activity_events').columns(['root_id', 'seq']).execute();

  // Pre-aggregated figures, maintained in the accepting transaction (docs/decisions.md, "Activity
  // figures"): per key, `activities` (count) and one BIGINT sum per measure.
  for (const t of STATS_TABLES) {
    let table = s.createTable(t.name);
    for (const k of t.key) table = table.addColumn(k, 'text', (c) => c.notNull());
    if ((t.key as readonly string[]).includes('topic_id')) table = table.addColumn('campaign_id', 'text', (c) => c.notNull());
    table = table.addColumn('activities', 'bigint', (c) => c.notNull().defaultTo(0));
    for (const m of MEASURE_COLUMNS) table = table.addColumn(m, 'bigint', (c) => c.notNull().defaultTo(0));
    await table.addPrimaryKeyConstraint(`${t.name}_pk`, [...t.key] as never[]).execute();
  }
  // The unit × topic coverage grid counts activities only: an index it can answer from alone.
  await s.createIndex('activity_topic_stats_count').on('activity_topic_stats').columns(['unit_id', 'month', 'topic_id', 'activities']).execute();
}
