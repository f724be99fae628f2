import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * "Trả lại kèm góp ý": the latest reviewer's comment on a bank question (when it was returned to draft or
 * rejected), with who wrote it and when, so the author sees why.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('contest_questions').addColumn('review_comment', 'text').execute();
  await db.schema.alterTable('contest_questions').addColumn('review_comment_by', 'text').execute();
  await db.schema.alterTable('contest_questions').addColumn('review_comment_at', 'text').execute();
  await db.schema.createIndex('contest_questions_unit_difficulty').on('contest_questions').columns(['unit_id', 'difficulty']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contest_questions_unit_difficulty').execute();
  for (const c of ['review_comment_at', 'review_comment_by', 'review_comment']) await db.schema.alterTable('contest_questions').dropColumn(c).execute();
}
