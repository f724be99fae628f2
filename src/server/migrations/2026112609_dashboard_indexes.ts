import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Monitoring dashboard.
 * - The counts it reads straight from `activities` (reports waiting for review, returned, drafts;
 *   submitted reports dated in a period, per unit) seek by status and campaign and are answered from the
 *   index alone (unit and date inside it), instead of walking every report of the roll-up.
 * - `meta.stats_version` counts changes to the pre-aggregated figures: every accept or correction
 *   (activities.stats.ts `applyToStats`) and every `rebuildStats` writes `activity_day_stats`, and a
 *   trigger on that table bumps the counter, so the dashboard may cache what it computed from the
 *   stats tables for as long as the counter (and the unit tree's version) stay the same.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema.createIndex('activities_status_campaign').on('activities').columns(['status', 'campaign_id', 'unit_id', 'date_from']).execute();
  await db.insertInto('meta').values({ key: 'stats_version', value: '0' }).execute();
  if (engine === 'sqlite') {
    for (const op of ['insert', 'update', 'delete']) {
      await sql
        .raw(
          `create trigger activity_day_stats_version_${op} after ${op} on activity_day_stats begin
             update meta set value = cast(cast(value as integer) + 1 as text) where key = 'stats_version';
           end`,
        )
        .execute(db);
    }
  } else {
    await sql
      .raw(
        `create function bump_stats_version() returns trigger language plpgsql as $$
         begin
           update meta set value = (value::bigint + 1)::text where key = 'stats_version';
           return null;
         end $$`,
      )
      .execute(db);
    await sql.raw('create trigger activity_day_stats_version after insert or update or delete on activity_day_stats for each statement execute function bump_stats_version()').execute(db);
  }
}

export async function down(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists activity_day_stats_version_${op}`).execute(db);
  } else {
    await sql.raw('drop trigger if exists activity_day_stats_version on activity_day_stats').execute(db);
    await sql.raw('drop function if exists bump_stats_version()').execute(db);
  }
  await db.deleteFrom('meta').where('key', '=', 'stats_version').execute();
  await db.schema.dropIndex('activities_status_campaign').execute();
}
