import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * The bank's usage counters get a queue: a submission writes its drawn question ids and its mask into a narrow
 * row of `contest_usage_pending` (and marks its attempt counted in the update that closes it), and the fold
 * (contests.usage.ts) deletes queued rows and adds them to the counters. Before, the fold claimed each submitted
 * attempt by updating its row — a 1–2 KB row rewritten and its page copied to the WAL; 48 µs an attempt in all —
 * and parsed its questions' JSON. On SQLite the queue is clustered by attempt id (UUID v7: in submission order).
 * Attempts submitted before this migration keep usage_counted = 0 and are folded from their mask as before.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await sql`create table contest_usage_pending (
      attempt_id text not null primary key,
      question_ids text not null,
      mask text not null
    ) ${engine === 'sqlite' ? sql`without rowid` : sql``}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Attempts still queued go back to the old fold, which scores them from their own row.
  await sql`update contest_attempts set usage_counted = 0 where id in (select attempt_id from contest_usage_pending)`.execute(db);
  await db.schema.dropTable('contest_usage_pending').execute();
}
