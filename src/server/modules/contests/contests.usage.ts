/**
 * The question bank's usage statistics (how often each question was answered, and answered correctly), folded
 * from submitted attempts in batches instead of by each submission (docs/decisions.md, "Contest load"): at the
 * peak a submission then writes its one attempt row, not that row plus ten question rows.
 *
 * A submission records which of its questions were answered and which right (`usage_mask`); an attempt
 * without one is scored again from its saved answers. An attempt is folded once: each batch first claims its
 * attempts (`usage_counted` 0 → 1, a conditional update, so two folds running together on PostgreSQL never
 * count one attempt twice) and adds them to the counters in the same transaction. The contest tick job folds every minute, and every screen or
 * export that shows the statistics folds first, so what an organiser reads is exact.
 */
import { sql } from 'kysely';
import { type Db, tx } from '../../platform/db.js';
import { scoreAnswers } from './contest-rules.js';

// Attempts per transaction: short enough not to hold up attempt requests on SQLite's one connection.
const BATCH = 200;

/**
 * Folds every submitted attempt not yet counted into the bank's counters. Returns the number of attempts folded.
 * Between batches it lets the event loop run: on SQLite each batch holds the one connection (and the thread) for
 * a few milliseconds, and a peak minute can leave a hundred thousand attempts to fold.
 */
export async function foldQuestionUsage(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await tx(db, (trx) => foldBatch(trx));
    total += n;
    if (n < BATCH) return total;
    await new Promise((r) => setImmediate(r));
  }
}

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
  const counts = new Map<string, { answered: number; correct: number }>();
  const add = (id: string, ok: boolean) => {
    const c = counts.get(id) ?? { answered: 0, correct: 0 };
    c.answered++;
    if (ok) c.correct++;
    counts.set(id, c);
  };
  // Attempts closed with a mask (every submission since it exists): the mask says it all.
  const unmasked = [];
  for (const a of claimed) {
    const drawn = (JSON.parse(a.questions) as { id: string }[]).map((q) => q.id);
    if (a.usage_mask === null || a.usage_mask.length !== drawn.length) {
      unmasked.push({ ...a, drawn });
      continue;
    }
    for (let i = 0; i < drawn.length; i++) if (a.usage_mask[i] !== '-') add(drawn[i], a.usage_mask[i] === '1');
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
      for (const q of scoreAnswers(byAttempt.get(a.id) ?? [], a.drawn, (id) => keys.get(id), limit).answered) add(q.id, q.ok);
    }
  }
  // The counters of a batch in one statement per 100 questions.
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
  return claimed.length;
}
