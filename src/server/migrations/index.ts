import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../platform/db.js';
import * as m001 from './2026112601_foundation.js';
import * as m002 from './2026112602_plans.js';
import * as m003 from './2026112603_plans_extra.js';
import * as m004 from './2026112604_tasks_extra.js';
import * as m005 from './2026112605_activities.js';
import * as m006 from './2026112606_news.js';
import * as m007 from './2026112607_reports.js';
import * as m008 from './2026112608_models_materials.js';
import * as m009 from './2026112609_dashboard_indexes.js';
import * as m010 from './2026112610_contests.js';
import * as m013 from './2026112613_coverage_stats.js';
import * as m2704 from './2026112704_search_order.js';
import * as m_fanpage from './2026112705_news_fanpage.js';
import * as m2706 from './2026112706_contest_review_comment.js';
import * as m2801 from './2026112801_contest_usage_fold.js';
import * as m2802 from './2026112802_contest_answers_clustered.js';
import * as m2803 from './2026112803_contest_usage_pending.js';

/** A migration receives the engine so the few dialect branches stay visible. Append-only. */
export interface DialectMigration {
  up(db: Kysely<any>, engine: Engine): Promise<void>;
  down?(db: Kysely<any>, engine: Engine): Promise<void>;
}

export const migrations: Record<string, DialectMigration> = {
  '2026112601_foundation': m001,
  '2026112602_plans': m002,
  '2026112603_plans_extra': m003,
  '2026112604_tasks_extra': m004,
  '2026112605_activities': m005,
  '2026112606_news': m006,
  '2026112607_reports': m007,
  '2026112608_models_materials': m008,
  '2026112609_dashboard_indexes': m009,
  '2026112610_contests': m010,
  '2026112613_coverage_stats': m013,
  '2026112704_search_order': m2704,
  '2026112705_news_fanpage': m_fanpage,
  '2026112706_contest_review_comment': m2706,
  '2026112801_contest_usage_fold': m2801,
  '2026112802_contest_answers_clustered': m2802,
  '2026112803_contest_usage_pending': m2803,
};

export function migrationsFor(engine: Engine): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, m]) => [
      name,
      { up: (db: Kysely<any>) => m.up(db, engine), down: m.down ? (db: Kysely<any>) => m.down!(db, engine) : undefined },
    ]),
  );
}
