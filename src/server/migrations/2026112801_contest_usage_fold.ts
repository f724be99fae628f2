import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Bank usage statistics (how often each question was answered, and answered correctly) are folded from submitted
 * attempts in batches (contests.usage.ts), not written by every submission: a submission then writes one row
 * instead of eleven. It records in that row which of its questions were answered and which right
 * (`usage_mask`, one character per drawn question: 1 right, 0 wrong, - unanswered); `usage_counted` marks the
 * attempts already folded. Attempts submitted before this migration were counted at submission.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('contest_attempts').addColumn('usage_counted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('contest_attempts').addColumn('usage_mask', 'text').execute();
  await db.updateTable('contest_attempts').set({ usage_counted: 1 }).where('submitted_at', 'is not', null).execute();
  // One partial index over the attempts not yet folded, running ones (submitted_at null, first) then submitted
  // ones: the tick job's search for running attempts past their deadline and the fold's search for submitted ones
  // each seek straight to their part (with the deadline alone as key, the fold stepped over every running
  // attempt — 40,000 in the benchmark, 60 ms — for each batch of 200).
  await db.schema
    .createIndex('contest_attempts_unfolded')
    .on('contest_attempts')
    .columns(['submitted_at', 'deadline_at'])
    .where(sql.ref('usage_counted'), '=', 0)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contest_attempts_unfolded').execute();
  await db.schema.alterTable('contest_attempts').dropColumn('usage_counted').execute();
  await db.schema.alterTable('contest_attempts').dropColumn('usage_mask').execute();
}
