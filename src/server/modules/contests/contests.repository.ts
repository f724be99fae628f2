import { type Selectable, sql } from 'kysely';
import { type Db, foldedColumn } from '../../platform/db.js';
import type { ContestAttemptTable, ContestQuestionReviewColumns, ContestQuestionTable, ContestRoundTable, ContestTable } from '../../platform/db-schema-contests.js';
import { foldVietnamese } from '../../platform/validation.js';

export type QuestionRow = Selectable<ContestQuestionTable & ContestQuestionReviewColumns>;
export type ContestRow = ContestTable;
export type RoundRow = ContestRoundTable;
export type AttemptRow = Selectable<ContestAttemptTable>;

export interface QuestionFilter {
  unitIds: string[] | 'all';
  status?: string;
  topicIds?: string[];
  difficulty?: number;
  search?: string;
  page: number;
  pageSize: number;
}

/** Queries of the contests module (routes → service → repository). */
export class ContestsRepository {
  async listQuestions(db: Db, f: QuestionFilter): Promise<{ rows: QuestionRow[]; total: number }> {
    let q = db.selectFrom('contest_questions');
    if (f.unitIds !== 'all') q = q.where('unit_id', 'in', f.unitIds.length ? f.unitIds : ['']);
    if (f.status) q = q.where('status', '=', f.status);
    else q = q.where('status', '<>', 'archived');
    if (f.topicIds) q = q.where('topic_id', 'in', f.topicIds.length ? f.topicIds : ['']);
    if (f.difficulty) q = q.where('difficulty', '=', f.difficulty);
    if (f.search) {
      const needle = `%${foldVietnamese(f.search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<boolean>`${foldedColumn('text')} like ${needle} escape '\\'`);
    }
    const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    const rows = await q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { rows, total: Number(total?.n ?? 0) };
  }

  question(db: Db, id: string) {
    return db.selectFrom('contest_questions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  questionsByIds(db: Db, ids: string[]) {
    if (!ids.length) return Promise.resolve([] as QuestionRow[]);
    return db.selectFrom('contest_questions').selectAll().where('id', 'in', ids).execute();
  }

  /** Approved questions a contest may draw from: its organiser's bank and the banks of units above it. */
  approvedBank(db: Db, unitIds: string[], campaignId: string | null) {
    let q = db.selectFrom('contest_questions').select(['id', 'topic_id', 'options']).where('status', '=', 'approved').where('unit_id', 'in', unitIds.length ? unitIds : ['']);
    if (campaignId) q = q.where((eb) => eb.or([eb('campaign_id', '=', campaignId), eb('campaign_id', 'is', null)]));
    return q.execute();
  }

  contest(db: Db, id: string) {
    return db.selectFrom('contests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  contestBySlug(db: Db, slug: string) {
    return db.selectFrom('contests').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  listContests(db: Db, unitIds: string[] | 'all') {
    let q = db.selectFrom('contests').selectAll();
    if (unitIds !== 'all') q = q.where('unit_id', 'in', unitIds.length ? unitIds : ['']);
    return q.orderBy('created_at', 'desc').limit(200).execute();
  }

  rounds(db: Db, contestIds: string[]) {
    if (!contestIds.length) return Promise.resolve([] as RoundRow[]);
    return db.selectFrom('contest_rounds').selectAll().where('contest_id', 'in', contestIds).orderBy('no').execute();
  }

  round(db: Db, id: string) {
    return db.selectFrom('contest_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Submitted attempts of a round, for the ranking. */
  submittedAttempts(db: Db, roundId: string) {
    return db
      .selectFrom('contest_attempts')
      .select(['id', 'participant_id', 'correct_count', 'prediction', 'time_used_ms', 'submitted_at'])
      .where('round_id', '=', roundId)
      .where('submitted_at', 'is not', null)
      .execute();
  }
}
