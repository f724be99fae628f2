/**
 * The usage fold after a round's closing minute (contests.usage.ts): ATTEMPTS (20,000) attempts of the contest
 * fixture (bench/lib/contest-fixture.ts), each with 10 answers, are closed and queued for the bank's counters as a
 * submission does (one transaction: the attempt marked submitted and counted, a narrow `contest_usage_pending`
 * row), then `foldQuestionUsage` counts them all. Reports the cost per attempt of each part.
 *   npm run bench -- contest-fold   (ATTEMPTS)
 */
import { rmSync } from 'node:fs';
import { openAndMigrate } from '../src/server/boot.js';
import { loadConfig } from '../src/server/config.js';
import { foldQuestionUsage } from '../src/server/modules/contests/contests.usage.js';
import { createContestFixture } from './lib/contest-fixture.js';

const ATTEMPTS = Number(process.env.ATTEMPTS ?? 20000);
const fx = await createContestFixture(10, { attemptsPerRound: 1, ready: ATTEMPTS });
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${fx.file}`, FILES_DIR: `${fx.dir}/files`, LANTOA_DEMO: '0' } as NodeJS.ProcessEnv);
const { handle } = await openAndMigrate(config, { server: true });
try {
  const s = handle.sqlite!;
  const open = s.prepare('select id, questions from contest_attempts where submitted_at is null').all() as { id: string; questions: string }[];
  const drawn = open.map((r) => ({ id: r.id, ids: (JSON.parse(r.questions) as { id: string }[]).map((q) => q.id).join(',') }));
  const close = s.prepare(
    "update contest_attempts set submitted_at = started_at, usage_mask = '1101101-10', usage_counted = 1, correct_count = 6, time_used_ms = 60000 where id = ? and submitted_at is null",
  );
  const queue = s.prepare("insert into contest_usage_pending (attempt_id, question_ids, mask) values (?, ?, '1101101-10')");
  const t0 = performance.now();
  s.transaction(() => {
    for (const r of drawn) if (close.run(r.id).changes) queue.run(r.id, r.ids);
  })();
  const closeUs = ((performance.now() - t0) * 1000) / drawn.length;
  const t1 = performance.now();
  const folded = await foldQuestionUsage(handle.db);
  const foldMs = performance.now() - t1;
  const counted = s.prepare('select sum(answered) as a, sum(answered_correctly) as c from contest_questions').get() as { a: number; c: number };
  const ok = folded === drawn.length && counted.a >= folded * 9 && counted.c >= folded * 6;
  console.log(`Đóng ${drawn.length} lượt thi và xếp hàng thống kê: ${closeUs.toFixed(1)} µs/lượt (một giao dịch)`);
  console.log(`Cộng dồn thống kê ngân hàng câu hỏi: ${folded} lượt trong ${foldMs.toFixed(0)} ms = ${((foldMs * 1000) / folded).toFixed(1)} µs/lượt${ok ? '' : ' — SAI SỐ LIỆU'}`);
  console.log(JSON.stringify({ bench: 'contest-fold', attempts: drawn.length, closeAndQueueUsPerAttempt: Math.round(closeUs * 10) / 10, folded, foldMs: Math.round(foldMs), foldUsPerAttempt: Math.round((foldMs * 1000 / folded) * 10) / 10, countsOk: ok, engine: 'sqlite', node: process.version }));
  if (!ok) process.exitCode = 1;
} finally {
  await handle.close();
  rmSync(fx.dir, { recursive: true, force: true });
}
