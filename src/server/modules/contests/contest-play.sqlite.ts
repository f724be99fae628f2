/**
 * The attempt hot path on SQLite (docs/decisions.md, "Contest load"): the same reads and writes as the Kysely
 * queries of ContestPlayService, as better-sqlite3 statements prepared once per process. Starts, answers and
 * submissions run synchronously inside the write transaction of their event-loop turn (`grouped`: nothing else can
 * run on the connection in between, so no interleaving with other requests). Kysely's statement building and a
 * prepare per query cost far more than the SQL itself here. The service reads through it only while no Kysely
 * transaction is open on the connection (`busy()`), and grouped writes wait for one to end; PostgreSQL keeps the
 * Kysely path.
 */
import type SQLite from 'better-sqlite3';
import { BankCache } from './bank-cache.js';
import type { BankQuestion, DrawnQuestion } from './contest-rules.js';
import type { Option } from './contests.service.js';
import type { AttemptRow, ContestRow, QuestionRow, RoundRow } from './contests.repository.js';

export interface SessionRow {
  id: string;
  contest_id: string;
  unit_id: string;
  anonymised_at: string | null;
  expires_at: string;
}

export interface AnswerRow {
  question_id: string;
  option_ids: string;
  answered_at: string;
}

/** What finalising an attempt writes. */
export interface Scored {
  correct: number;
  /** Per drawn question: 1 right, 0 wrong, - unanswered (contests.usage.ts). */
  mask: string;
  /** The drawn question ids, in drawn order (what `mask` is about). */
  questionIds: string[];
  submittedAt: string;
  timeUsedMs: number;
  prediction: number | null;
  auto: boolean;
}

type Stmt = SQLite.Statement<unknown[], unknown>;

export class SqliteAttemptStore {
  private readonly s: Record<string, Stmt> = {};
  private readonly cache = new BankCache();
  private readonly dataVersion: Stmt;

  constructor(private readonly db: SQLite.Database) {
    this.dataVersion = db.prepare('pragma data_version').pluck();
    // better-sqlite3 builds a wrapper function (and its four variants) per `transaction()` call: built once here.
    this.savepoint = db.transaction((work: () => unknown) => work());
    this.group = db.transaction((items: { work: () => unknown }[], results: { ok: boolean; value: unknown }[]) => {
      for (const item of items) {
        try {
          results.push({ ok: true, value: this.savepoint(item.work) }); // nested: a savepoint each
        } catch (err) {
          results.push({ ok: false, value: err });
        }
      }
    });
  }
  private readonly savepoint: SQLite.Transaction<(work: () => unknown) => unknown>;
  private readonly group: SQLite.Transaction<(items: { work: () => unknown }[], results: { ok: boolean; value: unknown }[]) => void>;

  /**
   * The bank cache, emptied first if anything changed the data since it was last used (bank-cache.ts). This
   * process's writes are seen at once; another process's (PRAGMA data_version, a statement per call) within a
   * millisecond: a request calls this several times.
   */
  private fresh(): BankCache {
    const now = performance.now();
    if (now - this.dataVersionAt > 1) {
      this.dataVersionAt = now;
      this.cache.check(this.dataVersion.get() as number);
    } else this.cache.check();
    return this.cache;
  }
  private dataVersionAt = -Infinity;

  /** True while a Kysely transaction holds the connection: the caller must then take the Kysely path. */
  busy(): boolean {
    return this.db.inTransaction || !this.db.open;
  }

  private st(key: string, sql: string): Stmt {
    let s = this.s[key];
    if (!s) {
      s = this.db.prepare(sql);
      this.s[key] = s;
    }
    return s;
  }

  /**
   * The contest of an attempt request, without its rules text (tens of KB of HTML read, copied and collected on
   * every request otherwise; the attempt path never shows it — the public contest page reads it through the repo).
   * Cached (bank-cache.ts): shared, never to be modified.
   */
  contestBySlug(slug: string): ContestRow | undefined {
    return this.fresh().row(`contest:${slug}`, () =>
      this.st(
        'contestBySlug',
        `select id, unit_id, campaign_id, slug, title, '' as rules, status, questions_per_attempt, quotas, time_limit_sec, grace_sec,
           attempts_per_round, area_unit_id, prizes, retention_days, created_by, created_at, updated_at, version
         from contests where slug = ?`,
      ).get(slug) as ContestRow | undefined,
    );
  }

  /** The participant of a session token's hash. Cached (bank-cache.ts): shared, never to be modified. */
  session(tokenHash: string): SessionRow | undefined {
    return this.fresh().session(tokenHash, () =>
      this.st(
        'session',
        'select p.id, p.contest_id, p.unit_id, p.anonymised_at, s.expires_at from contest_sessions s inner join contest_participants p on p.id = s.participant_id where s.token_hash = ?',
      ).get(tokenHash) as SessionRow | undefined,
    );
  }

  /** A contest's rounds in order. Cached (bank-cache.ts): shared, never to be modified. */
  rounds(contestId: string): RoundRow[] {
    return this.fresh().row(`rounds:${contestId}`, () => this.st('rounds', 'select * from contest_rounds where contest_id = ? order by no').all(contestId) as RoundRow[]);
  }

  /** A round of this contest (undefined for a round of another contest). */
  roundOf(contestId: string, roundId: string): RoundRow | undefined {
    return this.rounds(contestId).find((r) => r.id === roundId);
  }

  attempt(id: string): AttemptRow | undefined {
    return this.st('attempt', 'select * from contest_attempts where id = ?').get(id) as AttemptRow | undefined;
  }

  runningAttempt(roundId: string, participantId: string): AttemptRow | undefined {
    return this.st('running', 'select * from contest_attempts where round_id = ? and participant_id = ? and submitted_at is null').get(roundId, participantId) as AttemptRow | undefined;
  }

  /** A question row (cached: its answered/correct counters are not current). */
  question(id: string): QuestionRow | undefined {
    return this.questionsByIds([id])[0];
  }

  /** Question rows by id (cached: their answered/correct counters are not current). */
  questionsByIds(ids: string[]): QuestionRow[] {
    if (!ids.length) return [];
    return this.fresh().questionsByIds(
      ids,
      (missing) => this.st('questionsByIds', 'select * from contest_questions where id in (select value from json_each(?))').all(JSON.stringify(missing)) as QuestionRow[],
    );
  }

  answers(attemptId: string): AnswerRow[] {
    return this.st('answers', 'select question_id, option_ids, answered_at from contest_answers where attempt_id = ?').all(attemptId) as AnswerRow[];
  }

  /**
   * Inserts a new attempt in one transaction with the count of the participant's attempts in the round (the
   * limit is checked against that count); `draw` picks the questions from the bank read in the same transaction.
   * Resolves with false when the participant has used every attempt, and with their running attempt when one was
   * started after the caller looked (two taps on "Bắt đầu" in the same instant: the second resumes the first).
   * Grouped with the other writes of this turn of the event loop (`grouped`): a contest's opening minute brings
   * hundreds of starts a second.
   */
  insertAttempt(
    a: { id: string; round_id: string; participant_id: string; unit_id: string; started_at: string; deadline_at: string },
    limit: number,
    bank: { owners: string[]; campaignId: string | null },
    draw: (bank: BankQuestion[]) => DrawnQuestion[],
  ): Promise<false | { running: AttemptRow } | { attemptNo: number; questions: string }> {
    const count = this.st('countAttempts', 'select count(*) as n from contest_attempts where round_id = ? and participant_id = ?');
    const insert = this.st(
      'insertAttempt',
      `insert into contest_attempts (id, round_id, participant_id, unit_id, attempt_no, questions, started_at, deadline_at, submitted_at, auto_submitted, prediction, correct_count, time_used_ms)
       values (?, ?, ?, ?, ?, ?, ?, ?, null, 0, null, null, null)`,
    );
    return this.grouped(() => {
      const running = this.runningAttempt(a.round_id, a.participant_id);
      if (running) return { running };
      const used = Number((count.get(a.round_id, a.participant_id) as { n: number }).n);
      if (used >= limit) return false as const;
      const questions = JSON.stringify(draw(this.bank(bank.owners, bank.campaignId)));
      insert.run(a.id, a.round_id, a.participant_id, a.unit_id, used + 1, questions, a.started_at, a.deadline_at);
      return { attemptNo: used + 1, questions };
    });
  }

  /** The cached value under `key` (contest-scoped facts computed by the caller, kept ROW_TTL_MS), if any. */
  peek<T>(key: string): T | undefined {
    return this.fresh().peek<T>(key);
  }

  put<T>(key: string, value: T): void {
    this.fresh().put(key, value);
  }

  /**
   * Approved questions of these owners (and the campaign, or none), each with its topic path; see
   * ContestsService.bankFor. Cached per process until the bank changes (bank-cache.ts).
   */
  private bank(owners: string[], campaignId: string | null): BankQuestion[] {
    return this.fresh().bank(owners, campaignId, () => this.loadBank(owners, campaignId));
  }

  private loadBank(owners: string[], campaignId: string | null): BankQuestion[] {
    const rows = (
      campaignId
        ? this.st(
            'bankCampaign',
            `select id, topic_id, options from contest_questions where status = 'approved' and unit_id in (select value from json_each(?)) and (campaign_id = ? or campaign_id is null)`,
          ).all(JSON.stringify(owners), campaignId)
        : this.st('bank', `select id, topic_id, options from contest_questions where status = 'approved' and unit_id in (select value from json_each(?))`).all(JSON.stringify(owners))
    ) as { id: string; topic_id: string | null; options: string }[];
    const topics = this.st('topics', 'select id, parent_id from topics').all() as { id: string; parent_id: string | null }[];
    const parent = new Map(topics.map((t) => [t.id, t.parent_id]));
    const path = (id: string | null) => {
      const out: string[] = [];
      for (let cur = id; cur && out.length < 20; cur = parent.get(cur) ?? null) out.push(cur);
      return out;
    };
    return rows.map((r) => ({ id: r.id, topicPath: path(r.topic_id), optionIds: (JSON.parse(r.options) as Option[]).map((o) => o.id) }));
  }

  /**
   * Saves an answer, grouped with the other writes of this turn (`grouped`). The attempt must still be running
   * when the group commits (a submission queued earlier in the same group closes it): resolves with false, and
   * nothing is written, when it is not.
   */
  upsertAnswer(attemptId: string, questionId: string, optionIds: string, answeredAt: string): Promise<boolean> {
    const upsert = this.st(
      'upsertAnswer',
      `insert into contest_answers (attempt_id, question_id, option_ids, answered_at)
       select ?, ?, ?, ? where exists (select 1 from contest_attempts where id = ? and submitted_at is null)
       on conflict (attempt_id, question_id) do update set option_ids = excluded.option_ids, answered_at = excluded.answered_at`,
    );
    return this.grouped(() => upsert.run(attemptId, questionId, optionIds, answeredAt, attemptId).changes > 0);
  }

  setPrediction(attemptId: string, prediction: number | null): void {
    this.st('setPrediction', 'update contest_attempts set prediction = ? where id = ?').run(prediction, attemptId);
  }

  /**
   * Scores and closes an attempt in one transaction (idempotent: a submitted attempt is left as it is); `score`
   * computes the result from the rows read inside the transaction. The bank's usage counters are folded later
   * (contests.usage.ts).
   */
  finalise(attemptId: string, score: (a: AttemptRow, drawn: DrawnQuestion[], answers: AnswerRow[], questions: QuestionRow[]) => Scored): void {
    this.db
      .transaction(() => {
        const a = this.attempt(attemptId);
        if (!a) throw new Error(`attempt ${attemptId} not found`);
        if (a.submitted_at) return;
        const drawn = JSON.parse(a.questions) as DrawnQuestion[];
        this.close(a, score(a, drawn, this.answers(a.id), this.drawnRows(drawn)));
      })
      .immediate();
  }

  /**
   * A participant's submission: reads the attempt once, lets `check` refuse it (by throwing: not theirs, already
   * submitted) or say its time is up (then it is closed as auto-submitted), scores and closes it. Resolves with
   * the closed attempt and its answers, so the caller answers without reading them again, once the submission is
   * committed. Submissions arriving in the same turn of the event loop share one transaction (group commit, see
   * `grouped`).
   */
  submit(
    attemptId: string,
    check: (a: AttemptRow | undefined) => { a: AttemptRow; expired: boolean },
    score: (a: AttemptRow, drawn: DrawnQuestion[], answers: AnswerRow[], questions: QuestionRow[], expired: boolean) => Scored,
  ): Promise<{ attempt: AttemptRow; drawn: DrawnQuestion[]; questions: QuestionRow[]; answers: AnswerRow[]; expired: boolean }> {
    return this.grouped(() => {
      const { a, expired } = check(this.attempt(attemptId));
      const answers = this.answers(a.id);
      const drawn = JSON.parse(a.questions) as DrawnQuestion[];
      const questions = this.drawnRows(drawn);
      const r = score(a, drawn, answers, questions, expired);
      this.close(a, r);
      const attempt: AttemptRow = { ...a, submitted_at: r.submittedAt, auto_submitted: r.auto ? 1 : 0, correct_count: r.correct, time_used_ms: r.timeUsedMs, prediction: r.prediction, usage_mask: r.mask, usage_counted: 1 };
      return { attempt, drawn, questions, answers, expired };
    });
  }

  /**
   * Group commit (docs/decisions.md, "Contest load"): `work` runs at the end of this turn of the event loop in one
   * write transaction with the other grouped work queued in the same turn, each in its own savepoint (a piece that
   * throws rolls back alone and rejects alone); every promise settles after the one commit, so nothing is
   * acknowledged before it is durable. At a round's closing minute this turns hundreds of commits a second (each
   * a WAL append and its bookkeeping) into a few dozen. A Kysely transaction holding the connection is waited for.
   */
  private grouped<T>(work: () => T): Promise<T> {
    return new Promise<T>((ok, fail) => {
      this.queue.push({ work, ok: ok as (v: unknown) => void, fail });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }
  private queue: { work: () => unknown; ok: (v: unknown) => void; fail: (e: unknown) => void }[] = [];
  private flushing = false;

  private flush(): void {
    if (this.db.inTransaction) {
      setImmediate(() => this.flush()); // a Kysely transaction spans awaits on this connection: after it
      return;
    }
    const items = this.queue;
    this.queue = [];
    this.flushing = false;
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      this.group.immediate(items, results);
    } catch (err) {
      for (const item of items) item.fail(err); // the commit itself failed: nothing of the group is saved
      return;
    }
    for (const [i, item] of items.entries()) {
      if (results[i].ok) item.ok(results[i].value);
      else item.fail(results[i].value);
    }
  }

  private drawnRows(drawn: DrawnQuestion[]): QuestionRow[] {
    return this.questionsByIds(drawn.map((q) => q.id));
  }

  /** Closes the attempt and queues its usage for the bank's counters (contests.usage.ts), if it was still open. */
  private close(a: AttemptRow, r: Scored): void {
    const closed = this.st(
      'closeAttempt',
      'update contest_attempts set submitted_at = ?, auto_submitted = ?, correct_count = ?, time_used_ms = ?, prediction = ?, usage_mask = ?, usage_counted = 1 where id = ? and submitted_at is null',
    ).run(r.submittedAt, r.auto ? 1 : 0, r.correct, r.timeUsedMs, r.prediction, r.mask, a.id).changes;
    if (closed) this.st('queueUsage', 'insert into contest_usage_pending (attempt_id, question_ids, mask) values (?, ?, ?)').run(a.id, r.questionIds.join(','), r.mask);
  }
}
