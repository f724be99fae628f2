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
import { type Db, tx } from '../../platform/db.js';
import { scoreAnswers } from './contest-rules.js';

// Attempts per transaction: short enough not to hold up attempt requests on SQLite's one connection.
const BATCH = 200;

/** Folds every submitted attempt not yet counted into the bank's counters. Returns the number of attempts folded. */
export async function foldQuestionUsage(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await tx(db, (trx) => foldBatch(trx));
    total += n;
    if (n < BATCH) return total;
  }
}

async function foldBatch(trx: Db): Promise<number> {
  const pending = await trx
    .selectFrom('contest_attempts')
    .select('id')
    .where('usage_counted', '=', 0) // the partial index contest_attempts_unfolded (running attempts are in it too)
    .where('submitted_at', 'is not', null)
    .limit(BATCH)
    .execute();
  if (!pending.length) return 0;
  const claimed = await trx
    .updateTable('contest_attempts')
    .set({ usage_counted: 1 })
    .where('id', 'in', pending.map((p) => p.id))
    .where('usage_counted', '=', 0)
    .returning('id')
    .execute();
  if (!claimed.length) return pending.length; // another fold took them: keep going if the batch was full
  const ids = claimed.map((c) => c.id);
  const attempts = await trx
    .selectFrom('contest_attempts as a')
    .innerJoin('contest_rounds as r', 'r.id', 'a.round_id')
    .innerJoin('contests as c', 'c.id', 'r.contest_id')
    .select(['a.id', 'a.questions', 'a.deadline_at', 'a.usage_mask', 'c.grace_sec'])
    .where('a.id', 'in', ids)
    .execute();
  const counts = new Map<string, { answered: number; correct: number }>();
  const add = (id: string, ok: boolean) => {
    const c = counts.get(id) ?? { answered: 0, correct: 0 };
    c.answered++;
    if (ok) c.correct++;
    counts.set(id, c);
  };
  // Attempts closed with a mask (every submission since it exists): the mask says it all.
  const unmasked = [];
  for (const a of attempts) {
    const drawn = (JSON.parse(a.questions) as { id: string }[]).map((q) => q.id);
    if (a.usage_mask === null || a.usage_mask.length !== drawn.length) {
      unmasked.push({ ...a, drawn });
      continue;
    }
    for (let i = 0; i < drawn.length; i++) if (a.usage_mask[i] !== '-') add(drawn[i], a.usage_mask[i] === '1');
  }
  // Others are scored again from their saved answers.
  if (unmasked.length) {
    const answers = await trx.selectFrom('contest_answers').select(['attempt_id', 'question_id', 'option_ids', 'answered_at']).where('attempt_id', 'in', unmasked.map((a) => a.id)).execute();
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
      const limit = new Date(new Date(a.deadline_at).getTime() + a.grace_sec * 1000).toISOString();
      for (const q of scoreAnswers(byAttempt.get(a.id) ?? [], a.drawn, (id) => keys.get(id), limit).answered) add(q.id, q.ok);
    }
  }
  for (const [id, c] of counts) {
    await trx
      .updateTable('contest_questions')
      .set((eb) => ({ answered: eb('answered', '+', c.answered), answered_correctly: eb('answered_correctly', '+', c.correct) }))
      .where('id', '=', id)
      .execute();
  }
  return pending.length;
}
