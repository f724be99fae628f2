import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * SQLite: the saved answers become a WITHOUT ROWID table clustered by its key (attempt, question). A submission
 * reads an attempt's answers as one range of one b-tree instead of ten index entries each leading to a table row
 * elsewhere, and saving an answer writes one b-tree instead of two (the table and its key's index). PostgreSQL
 * has no such table kind; nothing changes there.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  await rebuild(db, sql`without rowid`);
}

export async function down(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  await rebuild(db, sql``);
}

async function rebuild(db: Kysely<any>, kind: ReturnType<typeof sql>): Promise<void> {
  await sql`create table contest_answers_next (
      attempt_id text not null references contest_attempts (id),
      question_id text not null,
      option_ids text not null,
      answered_at text not null,
      constraint contest_answers_pk primary key (attempt_id, question_id)
    ) ${kind}`.execute(db);
  await sql`insert into contest_answers_next (attempt_id, question_id, option_ids, answered_at)
    select attempt_id, question_id, option_ids, answered_at from contest_answers`.execute(db);
  await sql`drop table contest_answers`.execute(db);
  await sql`alter table contest_answers_next rename to contest_answers`.execute(db);
}
