/**
 * The question bank's usage statistics (how often each question was answered, and answered correctly), folded
 * from submitted attempts in batches instead of by each submission (docs/decisions.md, "Contest load"): at the
 * peak a submission then writes its one attempt row and one narrow queue row, not ten question rows.
 *
 * A submission queues its drawn question ids and its mask (1 right, 0 wrong, - unanswered) in
 * `contest_usage_pending`, in its own transaction, and marks its attempt counted. The fold deletes a batch of
 * queued rows (`DELETE … RETURNING`: on PostgreSQL a row deleted by a concurrent fold is not returned twice) and
 * adds them to the counters in the same transaction, so every submission is counted exactly once. Attempts
 * submitted before the queue existed (`usage_counted` 0) are claimed and counted from their own row, as before.
 * The contest tick job folds every minute, and every screen or export that shows the statistics folds first, so
 * what an organiser reads is exact.
 */
import { sql } from 'kysely';
import { type Db, tx } from '../../platform/db.js';
import { scoreAnswers } from './contest-rules.js';

// Rows per transaction: short enough not to hold up attempt requests on SQLite's one connection.
const BATCH = 500;

/**
 * Folds every queued submission, then every older submitted attempt not yet counted, into the bank's counters.
 * Returns the number of attempts folded. Between batches it lets the event loop run: on SQLite each batch holds
 * the one connection (and the thread) for a few milliseconds, and a peak minute can leave a hundred thousand
 * submissions to fold.
 */
export async function foldQuestionUsage(db: Db): Promise<number> {
  let total = 0;
  for (const batch of [foldQueued, foldBatch]) {
    for (;;) {
      const n = await tx(db, (trx) => batch(trx));
      total += n;
      if (n < BATCH) break;
      await new Promise((r) => setImmediate(r));
    }
  }
  return total;
}

type Counts = Map<string, { answered: number; correct: number }>;
const add = (counts: Counts, id: string, ok: boolean) => {
  const c = counts.get(id) ?? { answered: 0, correct: 0 };
  c.answered++;
  if (ok) c.correct++;
  counts.set(id, c);
};

async function foldQueued(trx: Db): Promise<number> {
  const rows = await trx
    .deleteFrom('contest_usage_pending')
    .where('attempt_id', 'in', (eb) => eb.selectFrom('contest_usage_pending').select('attempt_id').orderBy('attempt_id').limit(BATCH))
    .returning(['question_ids', 'mask'])
    .execute();
  const counts: Counts = new Map();
  for (const r of rows) {
    const ids = r.question_ids.split(',');
    for (let i = 0; i < ids.length; i++) if (r.mask[i] === '1' || r.mask[i] === '0') add(counts, ids[i], r.mask[i] === '1');
  }
  await addCounts(trx, counts);
  return rows.length;
}

/** Attempts submitted before the queue existed (usage_counted 0): claimed and counted from their own row. */
async function foldBatch(trx: Db): Promise<number> {
  // Claim a batch in one statement (the partial index contest_attempts_unfolded holds the running attempts too).
  // The outer condition is checked again by PostgreSQL after waiting for a concurrent fold's claim.
  const claimed = await trx
    .updateTable('contest_attempts')
    .set({ usage_counted: 1 })
    .where('id', 'in', (eb) => eb.selectFrom('contest_attempts').select('id').where('usage_counted', '=', 0).where('submitted_at', 'is not', null).limit(BATCH))
    .where('usage_counted', '=', 0)
    .returning(['id', 'round_id', 'questions', 'deadline_at', 'usage_mask'])
    .execute();
  if (!claimed.length) return 0;
  const counts: Counts = new Map();
  // Attempts closed with a mask (every submission since it exists): the mask says it all.
  const unmasked = [];
  for (const a of claimed) {
    const drawn = (JSON.parse(a.questions) as { id: string }[]).map((q) => q.id);
    if (a.usage_mask === null || a.usage_mask.length !== drawn.length) {
      unmasked.push({ ...a, drawn });
      continue;
    }
    for (let i = 0; i < drawn.length; i++) if (a.usage_mask[i] !== '-') add(counts, drawn[i], a.usage_mask[i] === '1');
  }
  // Others are scored again from their saved answers, with their contest's grace period.
  if (unmasked.length) {
    const ids = unmasked.map((a) => a.id);
    const graces = await trx
      .selectFrom('contest_rounds as r')
      .innerJoin('contests as c', 'c.id', 'r.contest_id')
      .select(['r.id', 'c.grace_sec'])
      .where('r.id', 'in', [...new Set(unmasked.map((a) => a.round_id))])
      .execute();
    const grace = new Map(graces.map((g) => [g.id, g.grace_sec]));
    const answers = await trx.selectFrom('contest_answers').select(['attempt_id', 'question_id', 'option_ids', 'answered_at']).where('attempt_id', 'in', ids).execute();
    const byAttempt = new Map<string, typeof answers>();
    for (const x of answers) {
      const list = byAttempt.get(x.attempt_id);
      if (list) list.push(x);
      else byAttempt.set(x.attempt_id, [x]);
    }
    const questionIds = [...new Set(unmasked.flatMap((a) => a.drawn))];
    const keys = new Map<string, string[]>();
    for (let i = 0; i < questionIds.length; i += BATCH) {
      const rows = await trx.selectFrom('contest_questions').select(['id', 'correct']).where('id', 'in', questionIds.slice(i, i + BATCH)).execute();
      for (const q of rows) keys.set(q.id, JSON.parse(q.correct) as string[]);
    }
    for (const a of unmasked) {
      const limit = new Date(new Date(a.deadline_at).getTime() + (grace.get(a.round_id) ?? 0) * 1000).toISOString();
      for (const q of scoreAnswers(byAttempt.get(a.id) ?? [], a.drawn, (id) => keys.get(id), limit).answered) add(counts, q.id, q.ok);
    }
  }
  await addCounts(trx, counts);
  return claimed.length;
}

/** Adds a batch's counts to the questions' counters, in one statement per 100 questions. */
async function addCounts(trx: Db, counts: Counts): Promise<void> {
  const entries = [...counts];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    const answered = sql.join(part.map(([id, c]) => sql`when ${id} then cast(${c.answered} as integer)`), sql` `);
    const correct = sql.join(part.map(([id, c]) => sql`when ${id} then cast(${c.correct} as integer)`), sql` `);
    await sql`update contest_questions
      set answered = answered + (case id ${answered} else 0 end),
          answered_correctly = answered_correctly + (case id ${correct} else 0 end)
      where id in (${sql.join(part.map(([id]) => id))})`.execute(trx);
  }
}
