import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Bank usage statistics (how often each question was answered, and answered correctly) are folded from submitted
 * attempts in batches (contests.usage.ts), not written by every submission: a submission then writes one row
 * instead of eleven. It records in that row which of its questions were answered and which right
 * (`usage_mask`, one character per drawn question: 1 right, 0 wrong, - unanswered); `usage_counted` marks the
 * attempts already folded, and the partial index finds those still to fold. Attempts submitted before this
 * migration were counted at submission.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('contest_attempts').addColumn('usage_counted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('contest_attempts').addColumn('usage_mask', 'text').execute();
  await db.updateTable('contest_attempts').set({ usage_counted: 1 }).where('submitted_at', 'is not', null).execute();
  await db.schema
    .createIndex('contest_attempts_usage_pending')
    .on('contest_attempts')
    .column('submitted_at')
    .where(sql.ref('usage_counted'), '=', 0)
    .execute();
  // The tick job's search for attempts whose time is up reads only the attempts still running.
  await db.schema
    .createIndex('contest_attempts_running')
    .on('contest_attempts')
    .column('deadline_at')
    .where(sql.ref('submitted_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contest_attempts_running').execute();
  await db.schema.dropIndex('contest_attempts_usage_pending').execute();
  await db.schema.alterTable('contest_attempts').dropColumn('usage_counted').execute();
  await db.schema.alterTable('contest_attempts').dropColumn('usage_mask').execute();
}
