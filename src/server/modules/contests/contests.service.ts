/**
 * Organisers' side of online contests: the question bank (with review before use and usage statistics),
 * contests and rounds, rankings and statistics. Permission `contest.manage` over the organising unit;
 * seeing needs the unit in scope (404 otherwise).
 */
import sanitizeHtml from 'sanitize-html';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId, newShortId } from '../../platform/ids.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitTree } from '../units/unit-tree.js';
import { contestDataChanged } from './bank-cache.js';
import { foldQuestionUsage } from './contests.usage.js';
import { type BankQuestion, DrawError, drawQuestions, maskName, maskPhone, rankAttempts, seededRng } from './contest-rules.js';
import type { ContestRow, ContestsRepository, QuestionRow, RoundRow } from './contests.repository.js';
import type { ContestInput, QuestionInput } from './contests.schemas.js';

export const QUESTION_STATUS_LABELS: Record<string, string> = { draft: 'Chờ duyệt', approved: 'Đã duyệt', archived: 'Lưu trữ' };
export const CONTEST_STATUS_LABELS: Record<string, string> = { draft: 'Đang soạn', open: 'Đang diễn ra', closed: 'Đã kết thúc' };

export interface Option {
  id: string;
  text: string;
}

const RULES_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'u', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

export const cleanRules = (html: string) => sanitizeHtml(html, RULES_HTML);

export interface ContestsDeps {
  db: Db;
  repo: ContestsRepository;
  audit: AuditService;
  clock: Clock;
  tree: () => Promise<UnitTree>;
  publicUrl: string;
}

export function roundState(r: Pick<RoundRow, 'opens_at' | 'closes_at' | 'frozen_at'>, nowIso: string): 'upcoming' | 'open' | 'closed' {
  if (r.frozen_at || nowIso >= r.closes_at) return 'closed';
  return nowIso >= r.opens_at ? 'open' : 'upcoming';
}

export class ContestsService {
  constructor(private readonly d: ContestsDeps) {}

  // ------------------------------------------------------------------ question bank

  private questionDto(q: QuestionRow, topicTitles: Map<string, string>, userNames: Map<string, string> = new Map()) {
    const options = JSON.parse(q.options) as Option[];
    const correct = new Set(JSON.parse(q.correct) as string[]);
    return {
      id: q.id,
      unitId: q.unit_id,
      campaignId: q.campaign_id,
      kind: q.kind as 'single' | 'multiple',
      text: q.text,
      options,
      correct: options.map((o, i) => (correct.has(o.id) ? i : -1)).filter((i) => i >= 0),
      explanation: q.explanation,
      difficulty: q.difficulty,
      topicId: q.topic_id,
      topicTitle: q.topic_id ? (topicTitles.get(q.topic_id) ?? null) : null,
      status: q.status as 'draft' | 'approved' | 'archived',
      statusLabel: QUESTION_STATUS_LABELS[q.status] ?? q.status,
      answered: q.answered,
      answeredCorrectly: q.answered_correctly,
      correctRate: q.answered ? Math.round((q.answered_correctly / q.answered) * 1000) / 10 : null,
      reviewComment:
        q.review_comment && q.review_comment_at
          ? { text: q.review_comment, byUserId: q.review_comment_by, byName: q.review_comment_by ? (userNames.get(q.review_comment_by) ?? null) : null, at: q.review_comment_at }
          : null,
      createdAt: q.created_at,
      updatedAt: q.updated_at,
      version: q.version,
    };
  }

  private async topicTitles(db: Db, ids: (string | null)[]) {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (!list.length) return new Map<string, string>();
    const rows = await db.selectFrom('topics').select(['id', 'code', 'title']).where('id', 'in', list).execute();
    return new Map(rows.map((r) => [r.id, `${r.code} — ${r.title}`]));
  }

  /** Full names of the reviewers who wrote the comments shown with the questions. */
  private async reviewerNames(db: Db, rows: QuestionRow[]) {
    const ids = [...new Set(rows.map((r) => (r.review_comment ? r.review_comment_by : null)).filter((x): x is string => !!x))];
    if (!ids.length) return new Map<string, string>();
    const users = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', ids).execute();
    return new Map(users.map((u) => [u.id, u.full_name]));
  }

  /** Checks a question's shape beyond the schema: the correct answers fit the options and the kind. */
  private checkQuestion(kind: string, options: string[], correct: number[]) {
    const fields: { field: string; message: string }[] = [];
    if (correct.some((c) => c >= options.length)) fields.push({ field: 'correct', message: 'đáp án đúng phải là một trong các phương án' });
    if (new Set(correct).size !== correct.length) fields.push({ field: 'correct', message: 'đáp án đúng bị lặp' });
    if (kind === 'single' && correct.length !== 1) fields.push({ field: 'correct', message: 'câu hỏi một lựa chọn phải có đúng một đáp án đúng' });
    if (kind === 'multiple' && correct.length < 2) fields.push({ field: 'correct', message: 'câu hỏi nhiều lựa chọn phải có ít nhất hai đáp án đúng' });
    if (new Set(options.map((o) => o.toLocaleLowerCase('vi'))).size !== options.length) fields.push({ field: 'options', message: 'các phương án bị trùng nhau' });
    if (fields.length) {
      throw invalid('validation_failed', `Câu hỏi chưa hợp lệ: ${fields.map((f) => f.message).join('; ')}.`, fields);
    }
  }

  private async checkTopic(db: Db, topicId: string | null | undefined, campaignId: string | null | undefined) {
    if (!topicId) return;
    const t = await db.selectFrom('topics').select(['id', 'campaign_id']).where('id', '=', topicId).executeTakeFirst();
    if (!t || (campaignId && t.campaign_id !== campaignId)) {
      throw invalid('topic_not_found', 'Trường «Chủ đề (topicId)»: không tìm thấy chủ đề trong chương trình.', [{ field: 'topicId', message: 'không tìm thấy' }]);
    }
  }

  async listQuestions(scope: Scope, q: { unitId?: string; status?: string; topicId?: string; difficulty?: number; search?: string; page: number; pageSize: number }) {
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(unitId);
    await foldQuestionUsage(this.d.db); // the usage statistics shown are exact
    let topicIds: string[] | undefined;
    if (q.topicId) topicIds = await this.topicWithDescendants(this.d.db, q.topicId);
    const { rows, total } = await this.d.repo.listQuestions(this.d.db, {
      unitIds: [unitId],
      status: q.status,
      topicIds,
      difficulty: q.difficulty,
      search: q.search,
      page: q.page,
      pageSize: q.pageSize,
    });
    const titles = await this.topicTitles(this.d.db, rows.map((r) => r.topic_id));
    const names = await this.reviewerNames(this.d.db, rows);
    return { items: rows.map((r) => this.questionDto(r, titles, names)), total, page: q.page, pageSize: q.pageSize };
  }

  async getQuestion(scope: Scope, id: string) {
    await foldQuestionUsage(this.d.db);
    const q = await this.d.repo.question(this.d.db, id);
    if (!q || !scope.canSee(q.unit_id)) throw notFound('question_not_found', 'Không tìm thấy câu hỏi.');
    return this.questionDto(q, await this.topicTitles(this.d.db, [q.topic_id]), await this.reviewerNames(this.d.db, [q]));
  }

  async createQuestion(scope: Scope, ctx: Ctx, input: QuestionInput) {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertCan('contest.manage', unitId);
    this.checkQuestion(input.kind, input.options, input.correct);
    const now = this.d.clock.now().toISOString();
    const id = newId();
    await tx(this.d.db, async (trx) => {
      await this.checkTopic(trx, input.topicId, input.campaignId);
      const options = input.options.map((text) => ({ id: newShortId(), text }));
      await trx
        .insertInto('contest_questions')
        .values({
          id,
          unit_id: unitId,
          campaign_id: input.campaignId ?? null,
          kind: input.kind,
          text: input.text,
          options: JSON.stringify(options),
          correct: JSON.stringify(input.correct.map((i) => options[i].id)),
          explanation: input.explanation ?? null,
          difficulty: input.difficulty,
          topic_id: input.topicId ?? null,
          status: 'draft',
          answered: 0,
          answered_correctly: 0,
          reviewed_by: null,
          reviewed_at: null,
          created_by: ctx.actor?.userId ?? null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await this.d.audit.record(trx, ctx, { action: 'contest.question.create', entityType: 'contest_question', entityId: id, summary: `Thêm câu hỏi: ${input.text.slice(0, 80)}` });
    });
    contestDataChanged();
    return this.getQuestion(scope, id);
  }

  async updateQuestion(scope: Scope, ctx: Ctx, id: string, input: Partial<QuestionInput> & { version: number }) {
    await tx(this.d.db, async (trx) => {
      const q = await this.d.repo.question(trx, id);
      if (!q || !scope.canSee(q.unit_id)) throw notFound('question_not_found', 'Không tìm thấy câu hỏi.');
      scope.assertCan('contest.manage', q.unit_id);
      if (q.version !== input.version) throw conflict('version_conflict', 'Câu hỏi đã được người khác sửa. Hãy tải lại để xem bản mới nhất.', { currentVersion: q.version });
      const oldOptions = JSON.parse(q.options) as Option[];
      const oldCorrect = new Set(JSON.parse(q.correct) as string[]);
      const kind = input.kind ?? q.kind;
      const texts = input.options ?? oldOptions.map((o) => o.text);
      const correct = input.correct ?? oldOptions.map((o, i) => (oldCorrect.has(o.id) ? i : -1)).filter((i) => i >= 0);
      this.checkQuestion(kind, texts, correct);
      await this.checkTopic(trx, input.topicId, input.campaignId ?? q.campaign_id);
      // Keep option ids where the text is unchanged at the same place, so answers already given stay readable.
      const options = texts.map((text, i) => ({ id: oldOptions[i]?.text === text ? oldOptions[i].id : newShortId(), text }));
      const changedContent = input.text !== undefined || input.options !== undefined || input.correct !== undefined || input.kind !== undefined;
      await trx
        .updateTable('contest_questions')
        .set({
          kind,
          text: input.text ?? q.text,
          options: JSON.stringify(options),
          correct: JSON.stringify(correct.map((i) => options[i].id)),
          explanation: input.explanation === undefined ? q.explanation : input.explanation,
          difficulty: input.difficulty ?? q.difficulty,
          topic_id: input.topicId === undefined ? q.topic_id : input.topicId,
          campaign_id: input.campaignId === undefined ? q.campaign_id : input.campaignId,
          // A changed question goes back to review before it is drawn again.
          status: changedContent && q.status === 'approved' ? 'draft' : q.status,
          updated_at: this.d.clock.now().toISOString(),
          version: q.version + 1,
        })
        .where('id', '=', id)
        .execute();
      await this.d.audit.record(trx, ctx, { action: 'contest.question.update', entityType: 'contest_question', entityId: id, summary: `Sửa câu hỏi: ${(input.text ?? q.text).slice(0, 80)}` });
    });
    contestDataChanged();
    return this.getQuestion(scope, id);
  }

  /**
   * Review: approve for use, send back to draft, or archive. The author does not approve their own question.
   * Returning a question (to draft, from draft or approved) or archiving it needs a comment telling the author why;
   * the latest comment is kept with its reviewer and time until an approval settles it.
   */
  async reviewQuestion(scope: Scope, ctx: Ctx, id: string, input: { status: 'draft' | 'approved' | 'archived'; version: number; comment?: string | null }) {
    await tx(this.d.db, async (trx) => {
      const q = await this.d.repo.question(trx, id);
      if (!q || !scope.canSee(q.unit_id)) throw notFound('question_not_found', 'Không tìm thấy câu hỏi.');
      scope.assertCan('contest.manage', q.unit_id);
      if (q.version !== input.version) throw conflict('version_conflict', 'Câu hỏi đã được người khác sửa. Hãy tải lại để xem bản mới nhất.', { currentVersion: q.version });
      if (input.status === 'approved' && q.created_by && q.created_by === ctx.actor?.userId && !scope.isSystemAdmin) {
        throw forbidden('self_review', 'Câu hỏi cần người khác duyệt: bạn không tự duyệt câu hỏi do mình soạn.');
      }
      const comment = input.comment?.trim() || null;
      const returned = input.status === 'draft' && q.status !== 'archived';
      if (!comment && (returned || input.status === 'archived')) {
        throw invalid(
          'review_comment_required',
          returned
            ? 'Trường «Góp ý (comment)»: hãy ghi rõ lý do trả lại để người soạn biết cần sửa gì.'
            : 'Trường «Góp ý (comment)»: hãy ghi rõ lý do không dùng câu hỏi (đưa vào lưu trữ).',
          [{ field: 'comment', message: 'bắt buộc' }],
        );
      }
      const now = this.d.clock.now().toISOString();
      const userId = ctx.actor?.userId ?? null;
      await trx
        .updateTable('contest_questions')
        .set({
          status: input.status,
          reviewed_by: userId,
          reviewed_at: now,
          // A new comment replaces the last one; an approval without comment settles it.
          ...(comment
            ? { review_comment: comment, review_comment_by: userId, review_comment_at: now }
            : input.status === 'approved'
              ? { review_comment: null, review_comment_by: null, review_comment_at: null }
              : {}),
          updated_at: now,
          version: q.version + 1,
        })
        .where('id', '=', id)
        .execute();
      const what = returned ? 'Trả lại câu hỏi' : QUESTION_STATUS_LABELS[input.status];
      await this.d.audit.record(trx, ctx, {
        action: returned ? 'contest.question.return' : `contest.question.${input.status}`,
        entityType: 'contest_question',
        entityId: id,
        summary: `${what}: ${q.text.slice(0, 80)}${comment ? ` — góp ý: ${comment.slice(0, 200)}` : ''}`,
      });
    });
    contestDataChanged();
    return this.getQuestion(scope, id);
  }

  private async topicWithDescendants(db: Db, topicId: string): Promise<string[]> {
    const t = await db.selectFrom('topics').select(['campaign_id']).where('id', '=', topicId).executeTakeFirst();
    if (!t) return [];
    const all = await db.selectFrom('topics').select(['id', 'parent_id']).where('campaign_id', '=', t.campaign_id).execute();
    const kids = new Map<string, string[]>();
    for (const x of all) if (x.parent_id) kids.set(x.parent_id, [...(kids.get(x.parent_id) ?? []), x.id]);
    const out: string[] = [];
    const stack = [topicId];
    while (stack.length) {
      const cur = stack.pop()!;
      out.push(cur);
      stack.push(...(kids.get(cur) ?? []));
    }
    return out;
  }

  // ------------------------------------------------------------------ contests

  /** Bank questions a contest draws from, each with its topic path (for the quotas). */
  async bankFor(db: Db, c: Pick<ContestRow, 'unit_id' | 'campaign_id'>, tree: UnitTree): Promise<BankQuestion[]> {
    const today = this.d.clock.today();
    const owners = [c.unit_id, ...tree.ancestorsOn(c.unit_id, today)];
    const rows = await this.d.repo.approvedBank(db, owners, c.campaign_id);
    const topics = await db.selectFrom('topics').select(['id', 'parent_id']).execute();
    const parent = new Map(topics.map((t) => [t.id, t.parent_id]));
    const path = (id: string | null) => {
      const out: string[] = [];
      for (let cur = id; cur && out.length < 20; cur = parent.get(cur) ?? null) out.push(cur);
      return out;
    };
    return rows.map((r) => ({ id: r.id, topicPath: path(r.topic_id), optionIds: (JSON.parse(r.options) as Option[]).map((o) => o.id) }));
  }

  async contestDto(c: ContestRow, rounds: RoundRow[]) {
    const tree = (await this.d.tree());
    const nowIso = this.d.clock.now().toISOString();
    return {
      id: c.id,
      unitId: c.unit_id,
      unitName: tree.get(c.unit_id)?.name ?? '',
      campaignId: c.campaign_id,
      slug: c.slug,
      title: c.title,
      rules: c.rules,
      status: c.status as 'draft' | 'open' | 'closed',
      statusLabel: CONTEST_STATUS_LABELS[c.status] ?? c.status,
      questionsPerAttempt: c.questions_per_attempt,
      quotas: JSON.parse(c.quotas) as { topicId: string; count: number }[],
      timeLimitMinutes: Math.round(c.time_limit_sec / 60),
      graceSeconds: c.grace_sec,
      attemptsPerRound: c.attempts_per_round,
      areaUnitId: c.area_unit_id,
      areaUnitName: tree.get(c.area_unit_id)?.name ?? '',
      prizes: JSON.parse(c.prizes),
      retentionDays: c.retention_days,
      rounds: rounds.filter((r) => r.contest_id === c.id).map((r) => this.roundDto(r, nowIso)),
      publicUrl: `${this.d.publicUrl.replace(/\/$/, '')}/cuoc-thi/${c.slug}`,
      version: c.version,
    };
  }

  roundDto(r: RoundRow, nowIso: string) {
    return {
      id: r.id,
      no: r.no,
      title: r.title,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      predictionQuestion: r.prediction_question,
      actualValue: r.actual_value,
      frozenAt: r.frozen_at,
      state: roundState(r, nowIso),
    };
  }

  private async loadContest(scope: Scope, id: string, db: Db = this.d.db) {
    const c = await this.d.repo.contest(db, id);
    if (!c || !scope.canSee(c.unit_id)) throw notFound('contest_not_found', 'Không tìm thấy cuộc thi.');
    return c;
  }

  async getContest(scope: Scope, id: string) {
    const c = await this.loadContest(scope, id);
    return this.contestDto(c, await this.d.repo.rounds(this.d.db, [c.id]));
  }

  async listContests(scope: Scope, q: { unitId?: string }) {
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(unitId);
    const units = [...(await this.d.tree()).rollup(unitId, this.d.clock.today())].filter((u) => scope.canSee(u));
    const rows = await this.d.repo.listContests(this.d.db, units);
    const rounds = await this.d.repo.rounds(this.d.db, rows.map((r) => r.id));
    return { items: await Promise.all(rows.map((r) => this.contestDto(r, rounds))), total: rows.length };
  }

  private slugify(title: string): string {
    return (
      title
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'd')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 80) || 'cuoc-thi'
    );
  }

  /** Who may take part: the organising unit itself or a unit under it, in the organiser's scope. */
  private checkArea(scope: Scope, tree: UnitTree, unitId: string, areaUnitId: string) {
    const today = this.d.clock.today();
    if (!tree.get(areaUnitId) || !scope.canSee(areaUnitId) || !(areaUnitId === unitId || tree.isAncestorOn(unitId, areaUnitId, today))) {
      throw invalid('area_invalid', 'Trường «Địa bàn (areaUnitId)»: địa bàn dự thi phải là đơn vị tổ chức hoặc một đơn vị trực thuộc.', [{ field: 'areaUnitId', message: 'không hợp lệ' }]);
    }
  }

  async createContest(scope: Scope, ctx: Ctx, input: ContestInput) {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertCan('contest.manage', unitId);
    const areaUnitId = input.areaUnitId ?? unitId;
    this.checkArea(scope, await this.d.tree(), unitId, areaUnitId);
    const id = newId();
    const now = this.d.clock.now().toISOString();
    const slug = input.slug ?? `${this.slugify(input.title)}-${now.slice(0, 4)}`;
    await tx(this.d.db, async (trx) => {
      if (await this.d.repo.contestBySlug(trx, slug)) {
        throw conflict('slug_taken', `Đường dẫn «${slug}» đã được một cuộc thi khác dùng. Hãy chọn đường dẫn khác.`, { field: 'slug' });
      }
      await trx
        .insertInto('contests')
        .values({
          id,
          unit_id: unitId,
          campaign_id: input.campaignId ?? null,
          slug,
          title: input.title,
          rules: cleanRules(input.rules),
          status: 'draft',
          questions_per_attempt: input.questionsPerAttempt,
          quotas: JSON.stringify(input.quotas),
          time_limit_sec: input.timeLimitMinutes * 60,
          grace_sec: input.graceSeconds,
          attempts_per_round: input.attemptsPerRound,
          area_unit_id: areaUnitId,
          prizes: JSON.stringify(input.prizes),
          retention_days: input.retentionDays,
          created_by: ctx.actor?.userId ?? null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await this.d.audit.record(trx, ctx, { action: 'contest.create', entityType: 'contest', entityId: id, summary: `Tạo cuộc thi: ${input.title}` });
    });
    contestDataChanged();
    return this.getContest(scope, id);
  }

  async updateContest(scope: Scope, ctx: Ctx, id: string, input: Partial<ContestInput> & { version: number }) {
    const tree = await this.d.tree(); // read before the transaction (SQLite: one connection)
    await tx(this.d.db, async (trx) => {
      const c = await this.loadContest(scope, id, trx);
      scope.assertCan('contest.manage', c.unit_id);
      if (c.version !== input.version) throw conflict('version_conflict', 'Cuộc thi đã được người khác sửa. Hãy tải lại để xem bản mới nhất.', { currentVersion: c.version });
      const areaChanged = input.areaUnitId !== undefined && input.areaUnitId !== c.area_unit_id;
      if (areaChanged && c.status !== 'draft') {
        throw conflict('contest_started', 'Cuộc thi đã mở: không đổi địa bàn dự thi vì người dân đã đăng ký theo địa bàn này.', { field: 'areaUnitId' });
      }
      if (areaChanged) this.checkArea(scope, tree, c.unit_id, input.areaUnitId!);
      if (c.status !== 'draft' && (input.questionsPerAttempt !== undefined || input.quotas !== undefined || input.timeLimitMinutes !== undefined || input.attemptsPerRound !== undefined)) {
        throw conflict('contest_started', 'Cuộc thi đã mở: không đổi số câu, cơ cấu câu hỏi, thời gian làm bài hay số lượt thi để bảo đảm công bằng.');
      }
      if (input.slug && input.slug !== c.slug && (await this.d.repo.contestBySlug(trx, input.slug))) {
        throw conflict('slug_taken', `Đường dẫn «${input.slug}» đã được một cuộc thi khác dùng.`, { field: 'slug' });
      }
      await trx
        .updateTable('contests')
        .set({
          title: input.title ?? c.title,
          slug: input.slug ?? c.slug,
          rules: input.rules === undefined ? c.rules : cleanRules(input.rules),
          campaign_id: input.campaignId === undefined ? c.campaign_id : input.campaignId,
          questions_per_attempt: input.questionsPerAttempt ?? c.questions_per_attempt,
          quotas: input.quotas ? JSON.stringify(input.quotas) : c.quotas,
          time_limit_sec: input.timeLimitMinutes ? input.timeLimitMinutes * 60 : c.time_limit_sec,
          grace_sec: input.graceSeconds ?? c.grace_sec,
          attempts_per_round: input.attemptsPerRound ?? c.attempts_per_round,
          area_unit_id: input.areaUnitId ?? c.area_unit_id,
          prizes: input.prizes ? JSON.stringify(input.prizes) : c.prizes,
          retention_days: input.retentionDays ?? c.retention_days,
          updated_at: this.d.clock.now().toISOString(),
          version: c.version + 1,
        })
        .where('id', '=', id)
        .execute();
      await this.d.audit.record(trx, ctx, { action: 'contest.update', entityType: 'contest', entityId: id, summary: `Sửa cuộc thi: ${input.title ?? c.title}` });
    });
    contestDataChanged();
    return this.getContest(scope, id);
  }

  async addRound(scope: Scope, ctx: Ctx, id: string, input: { title?: string; opensAt: string; closesAt: string; predictionQuestion: string }) {
    const opens = new Date(input.opensAt).toISOString();
    const closes = new Date(input.closesAt).toISOString();
    if (closes <= opens) {
      throw invalid('invalid_period', 'Trường «Thời điểm đóng (closesAt)»: phải sau thời điểm mở.', [{ field: 'closesAt', message: 'trước thời điểm mở' }]);
    }
    await tx(this.d.db, async (trx) => {
      const c = await this.loadContest(scope, id, trx);
      scope.assertCan('contest.manage', c.unit_id);
      const rounds = await this.d.repo.rounds(trx, [c.id]);
      const overlap = rounds.find((r) => r.opens_at < closes && opens < r.closes_at);
      if (overlap) throw conflict('round_overlap', `Thời gian trùng với tuần thi thứ ${overlap.no}. Hãy chọn thời gian khác.`);
      const no = rounds.reduce((m, r) => Math.max(m, r.no), 0) + 1;
      await trx
        .insertInto('contest_rounds')
        .values({ id: newId(), contest_id: c.id, no, title: input.title ?? `Tuần thi thứ ${no}`, opens_at: opens, closes_at: closes, prediction_question: input.predictionQuestion, actual_value: null, frozen_at: null })
        .execute();
      await this.d.audit.record(trx, ctx, { action: 'contest.round.add', entityType: 'contest', entityId: c.id, summary: `Thêm tuần thi thứ ${no}: ${c.title}` });
    });
    contestDataChanged();
    return this.getContest(scope, id);
  }

  /**
   * Changes a round that has not opened yet: its title, times or prediction question (409 `round_started`
   * once it has opened — participants have seen it).
   */
  async updateRound(scope: Scope, ctx: Ctx, roundId: string, input: { title?: string; opensAt?: string; closesAt?: string; predictionQuestion?: string }) {
    let contestId = '';
    await tx(this.d.db, async (trx) => {
      const r = await this.d.repo.round(trx, roundId);
      if (!r) throw notFound('round_not_found', 'Không tìm thấy tuần thi.');
      const c = await this.loadContest(scope, r.contest_id, trx);
      scope.assertCan('contest.manage', c.unit_id);
      contestId = c.id;
      if (c.status === 'closed') throw conflict('contest_wrong_status', 'Cuộc thi đã kết thúc: không sửa được tuần thi.');
      if (roundState(r, this.d.clock.now().toISOString()) !== 'upcoming') {
        throw conflict('round_started', `${r.title} đã mở: không sửa thời gian hay câu hỏi dự đoán để bảo đảm công bằng.`);
      }
      const opens = input.opensAt ? new Date(input.opensAt).toISOString() : r.opens_at;
      const closes = input.closesAt ? new Date(input.closesAt).toISOString() : r.closes_at;
      if (closes <= opens) {
        throw invalid('invalid_period', 'Trường «Thời điểm đóng (closesAt)»: phải sau thời điểm mở.', [{ field: 'closesAt', message: 'trước thời điểm mở' }]);
      }
      const others = (await this.d.repo.rounds(trx, [c.id])).filter((x) => x.id !== r.id);
      const overlap = others.find((x) => x.opens_at < closes && opens < x.closes_at);
      if (overlap) throw conflict('round_overlap', `Thời gian trùng với tuần thi thứ ${overlap.no}. Hãy chọn thời gian khác.`);
      await trx
        .updateTable('contest_rounds')
        .set({ title: input.title ?? r.title, opens_at: opens, closes_at: closes, prediction_question: input.predictionQuestion ?? r.prediction_question })
        .where('id', '=', r.id)
        .execute();
      await this.d.audit.record(trx, ctx, { action: 'contest.round.update', entityType: 'contest', entityId: c.id, summary: `Sửa ${r.title.toLowerCase()}: ${c.title}` });
    });
    contestDataChanged();
    return this.getContest(scope, contestId);
  }

  /** Opens (checking the bank can fill every attempt) or closes a contest. */
  async setStatus(scope: Scope, ctx: Ctx, id: string, input: { status: 'open' | 'closed'; version: number }) {
    const tree = await this.d.tree(); // read before the transaction (SQLite: one connection)
    await tx(this.d.db, async (trx) => {
      const c = await this.loadContest(scope, id, trx);
      scope.assertCan('contest.manage', c.unit_id);
      if (c.version !== input.version) throw conflict('version_conflict', 'Cuộc thi đã được người khác sửa. Hãy tải lại để xem bản mới nhất.', { currentVersion: c.version });
      if (input.status === 'open') {
        if (c.status !== 'draft') throw conflict('contest_wrong_status', 'Chỉ mở được cuộc thi đang soạn.');
        if (!(await this.d.repo.rounds(trx, [c.id])).length) throw invalid('rounds_required', 'Cần thêm ít nhất một tuần thi trước khi mở cuộc thi.');
        try {
          drawQuestions(await this.bankFor(trx, c, tree), JSON.parse(c.quotas), c.questions_per_attempt, seededRng(1));
        } catch (e) {
          if (!(e instanceof DrawError)) throw e;
          throw invalid(
            'bank_too_small',
            e.topicId
              ? `Ngân hàng câu hỏi đã duyệt chỉ có ${e.available} câu thuộc chủ đề trong cơ cấu, cần ${e.wanted}. Hãy duyệt thêm câu hỏi hoặc giảm cơ cấu.`
              : `Ngân hàng câu hỏi đã duyệt chỉ có ${e.available} câu, mỗi lượt thi cần ${e.wanted}. Hãy duyệt thêm câu hỏi.`,
          );
        }
      } else if (c.status !== 'open') throw conflict('contest_wrong_status', 'Chỉ kết thúc được cuộc thi đang diễn ra.');
      await trx
        .updateTable('contests')
        .set({ status: input.status, updated_at: this.d.clock.now().toISOString(), version: c.version + 1 })
        .where('id', '=', id)
        .execute();
      await this.d.audit.record(trx, ctx, { action: `contest.${input.status}`, entityType: 'contest', entityId: id, summary: `${input.status === 'open' ? 'Mở' : 'Kết thúc'} cuộc thi: ${c.title}` });
    });
    contestDataChanged();
    return this.getContest(scope, id);
  }

  // ------------------------------------------------------------------ results

  /**
   * The ranking of a round. Before the round closes the prediction tie-break uses the number of people who
   * answered every question correctly so far; at close the figure is frozen with the results.
   */
  async ranking(db: Db, round: RoundRow, questionsPerAttempt: number, limit: number, opts: { masked: boolean }) {
    const attempts = await this.d.repo.submittedAttempts(db, round.id);
    const actual = round.actual_value ?? allCorrectCount(attempts, questionsPerAttempt);
    const rows = rankAttempts(
      attempts.map((a) => ({ attemptId: a.id, participantId: a.participant_id, correct: a.correct_count ?? 0, prediction: a.prediction, timeUsedMs: a.time_used_ms ?? 0, submittedAt: a.submitted_at! })),
      actual,
    );
    const top = rows.slice(0, limit);
    // In chunks: a full ranking (the results documents) may list tens of thousands of people.
    const people: { id: string; full_name: string; phone: string; unit_id: string }[] = [];
    for (let i = 0; i < top.length; i += 5000) {
      const ids = top.slice(i, i + 5000).map((r) => r.participantId);
      people.push(...(await db.selectFrom('contest_participants').select(['id', 'full_name', 'phone', 'unit_id']).where('id', 'in', ids).execute()));
    }
    const byId = new Map(people.map((p) => [p.id, p]));
    const tree = (await this.d.tree());
    return {
      roundId: round.id,
      roundNo: round.no,
      frozen: !!round.frozen_at,
      actualValue: actual,
      participants: rows.length,
      rows: top.map((r) => {
        const p = byId.get(r.participantId);
        return {
          rank: r.rank,
          participantId: r.participantId,
          name: p ? (opts.masked ? maskName(p.full_name) : p.full_name) : '',
          phone: p ? (opts.masked ? maskPhone(p.phone) : p.phone) : '',
          unitName: p ? (tree.get(p.unit_id)?.name ?? '') : '',
          correct: r.correct,
          prediction: r.prediction,
          predictionGap: r.predictionGap,
          timeUsedSeconds: Math.round(r.timeUsedMs / 100) / 10,
          submittedAt: r.submittedAt,
        };
      }),
    };
  }

  async roundRanking(scope: Scope, roundId: string, limit: number) {
    const round = await this.d.repo.round(this.d.db, roundId);
    if (!round) throw notFound('round_not_found', 'Không tìm thấy tuần thi.');
    const c = await this.loadContest(scope, round.contest_id);
    scope.assertCan('contest.manage', c.unit_id);
    return this.ranking(this.d.db, round, c.questions_per_attempt, limit, { masked: false });
  }

  /** Closes the rounds whose time is up: freezes the actual figure of the prediction question. */
  async closeDueRounds(): Promise<number> {
    const nowIso = this.d.clock.now().toISOString();
    const due = await this.d.db.selectFrom('contest_rounds').selectAll().where('frozen_at', 'is', null).where('closes_at', '<=', nowIso).execute();
    for (const r of due) {
      await tx(this.d.db, async (trx) => {
        const c = await this.d.repo.contest(trx, r.contest_id);
        if (!c) return;
        const attempts = await this.d.repo.submittedAttempts(trx, r.id);
        await trx
          .updateTable('contest_rounds')
          .set({ actual_value: allCorrectCount(attempts, c.questions_per_attempt), frozen_at: nowIso })
          .where('id', '=', r.id)
          .where('frozen_at', 'is', null)
          .execute();
      });
    }
    if (due.length) contestDataChanged();
    return due.length;
  }

  /**
   * Statistics of a contest. With `roundId`, the headline counts (people who took part, attempts, submitted),
   * the wards and the days are for that round only; `byRound` always covers every round.
   */
  async stats(scope: Scope, id: string, q: { roundId?: string } = {}) {
    const c = await this.loadContest(scope, id);
    const db = this.d.db;
    const rounds = await this.d.repo.rounds(db, [c.id]);
    if (q.roundId && !rounds.some((r) => r.id === q.roundId)) {
      throw invalid('round_invalid', 'Trường «Tuần thi (roundId)»: tuần thi không thuộc cuộc thi này.', [{ field: 'roundId', message: 'không thuộc cuộc thi' }]);
    }
    const roundIds = rounds.map((r) => r.id);
    const scoped = q.roundId ? [q.roundId] : roundIds;
    // Whole contest: verified registrations; one round: the distinct people who started an attempt in it.
    const participants = q.roundId
      ? await db
          .selectFrom('contest_attempts')
          .select((eb) => eb.fn.count<number>('participant_id').distinct().as('n'))
          .where('round_id', '=', q.roundId)
          .executeTakeFirst()
      : await db.selectFrom('contest_participants').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', c.id).where('verified_at', 'is not', null).executeTakeFirst();
    const byRound = roundIds.length
      ? await db
          .selectFrom('contest_attempts')
          .select((eb) => ['round_id', eb.fn.countAll<number>().as('attempts'), eb.fn.count<number>('participant_id').distinct().as('participants')])
          .where('round_id', 'in', roundIds)
          .groupBy('round_id')
          .execute()
      : [];
    const byUnit = scoped.length
      ? await db
          .selectFrom('contest_attempts')
          .select((eb) => ['unit_id', eb.fn.countAll<number>().as('attempts'), eb.fn.count<number>('participant_id').distinct().as('participants')])
          .where('round_id', 'in', scoped)
          .groupBy('unit_id')
          .execute()
      : [];
    const submitted = scoped.length
      ? await db.selectFrom('contest_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', 'in', scoped).where('submitted_at', 'is not', null).executeTakeFirst()
      : { n: 0 };
    const attemptsRows = scoped.length ? await db.selectFrom('contest_attempts').select(['started_at']).where('round_id', 'in', scoped).execute() : [];
    const days = new Map<string, number>();
    for (const a of attemptsRows) {
      const day = new Date(new Date(a.started_at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    const tree = await this.d.tree();
    const population = new Map<string, number | null>();
    const unitRows = byUnit.length ? await db.selectFrom('units').select(['id', 'population']).where('id', 'in', byUnit.map((u) => u.unit_id)).execute() : [];
    for (const u of unitRows) population.set(u.id, u.population);
    return {
      contestId: c.id,
      participants: Number(participants?.n ?? 0),
      attempts: attemptsRows.length,
      submitted: Number(submitted?.n ?? 0),
      byRound: rounds.map((r) => {
        const x = byRound.find((b) => b.round_id === r.id);
        return { roundId: r.id, no: r.no, participants: Number(x?.participants ?? 0), attempts: Number(x?.attempts ?? 0) };
      }),
      byUnit: byUnit
        .map((u) => {
          const pop = population.get(u.unit_id) ?? null;
          const participantsN = Number(u.participants);
          return { unitId: u.unit_id, unitName: tree.get(u.unit_id)?.name ?? u.unit_id, participants: participantsN, attempts: Number(u.attempts), per1000: pop ? Math.round((participantsN / pop) * 10000) / 10 : null };
        })
        .sort((a, b) => b.participants - a.participants || a.unitName.localeCompare(b.unitName, 'vi')),
      byDay: [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, attempts]) => ({ day, attempts })),
      ...(await this.breakdowns(rounds, q.roundId, tree)),
    };
  }

  /**
   * Participants and attempts per member organisation (with "Không thuộc tổ chức nào"), and the wards ranked
   * by participants (per 1 000 residents where the population is known); for one round or the whole contest.
   */
  private async breakdowns(rounds: RoundRow[], roundId: string | undefined, tree: UnitTree) {
    const roundIds = roundId ? [roundId] : rounds.map((r) => r.id);
    const db = this.d.db;
    const rows = roundIds.length
      ? await db
          .selectFrom('contest_attempts as a')
          .innerJoin('contest_participants as p', 'p.id', 'a.participant_id')
          .select((eb) => ['p.org_unit_id', 'a.unit_id', eb.fn.countAll<number>().as('attempts'), eb.fn.count<number>('a.participant_id').distinct().as('participants')])
          .where('a.round_id', 'in', roundIds)
          .groupBy(['p.org_unit_id', 'a.unit_id'])
          .execute()
      : [];
    // Distinct people per organisation and per ward (a person counts once, even over several rounds).
    const people = roundIds.length
      ? await db
          .selectFrom('contest_attempts as a')
          .innerJoin('contest_participants as p', 'p.id', 'a.participant_id')
          .select(['a.participant_id', 'p.org_unit_id', 'a.unit_id'])
          .distinct()
          .where('a.round_id', 'in', roundIds)
          .execute()
      : [];
    const orgs = new Map<string, { attempts: number; people: Set<string> }>();
    const wards = new Map<string, { attempts: number; people: Set<string> }>();
    const bump = (m: Map<string, { attempts: number; people: Set<string> }>, k: string) => {
      let v = m.get(k);
      if (!v) m.set(k, (v = { attempts: 0, people: new Set() }));
      return v;
    };
    for (const r of rows) {
      bump(orgs, r.org_unit_id ?? '').attempts += Number(r.attempts);
      bump(wards, r.unit_id).attempts += Number(r.attempts);
    }
    for (const p of people) {
      bump(orgs, p.org_unit_id ?? '').people.add(p.participant_id);
      bump(wards, p.unit_id).people.add(p.participant_id);
    }
    const wardIds = [...wards.keys()];
    const pop = new Map(wardIds.length ? (await db.selectFrom('units').select(['id', 'population']).where('id', 'in', wardIds).execute()).map((u) => [u.id, u.population]) : []);
    const byOrganisation = [...orgs]
      .map(([orgId, v]) => ({
        orgUnitId: orgId || null,
        orgName: orgId ? (tree.get(orgId)?.name ?? orgId) : 'Không thuộc tổ chức nào',
        participants: v.people.size,
        attempts: v.attempts,
      }))
      .sort((a, b) => Number(!a.orgUnitId) - Number(!b.orgUnitId) || b.participants - a.participants || b.attempts - a.attempts || a.orgName.localeCompare(b.orgName, 'vi'));
    const board = [...wards]
      .map(([unitId, v]) => {
        const population = pop.get(unitId) ?? null;
        return {
          unitId,
          unitName: tree.get(unitId)?.name ?? unitId,
          participants: v.people.size,
          attempts: v.attempts,
          population,
          per1000: population ? Math.round((v.people.size / population) * 10000) / 10 : null,
        };
      })
      .sort((a, b) => b.participants - a.participants || (b.per1000 ?? -1) - (a.per1000 ?? -1) || a.unitName.localeCompare(b.unitName, 'vi'));
    const unitLeaderboard = board.map((u, i) => ({ rank: i > 0 && board[i - 1].participants === u.participants ? 0 : i + 1, ...u }));
    // Ties share the rank of the first of them.
    for (let i = 1; i < unitLeaderboard.length; i++) if (unitLeaderboard[i].rank === 0) unitLeaderboard[i].rank = unitLeaderboard[i - 1].rank;
    return { roundId: roundId ?? null, byOrganisation, unitLeaderboard };
  }
}

/** People whose best submitted attempt answered every question correctly. */
export function allCorrectCount(attempts: { participant_id: string; correct_count: number | null }[], total: number): number {
  const people = new Set<string>();
  for (const a of attempts) if ((a.correct_count ?? 0) >= total) people.add(a.participant_id);
  return people.size;
}
