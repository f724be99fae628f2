/**
 * Contest crash test: PARTICIPANTS (1,000) participants do the whole flow (start → 10 answers → submit) against
 * the real server on a fresh SQLite file (bench/lib/contest-fixture.ts); once KILL_AFTER (300) submissions have
 * been acknowledged with 200 the server is killed with SIGKILL in the middle of the load, then restarted on the
 * same file. Checks, on the restarted server's database:
 *   - every acknowledged submission is present, submitted, with the acknowledged score, and in the round's ranking
 *     (ContestsService.ranking, as the organiser's ranking page computes it);
 *   - no attempt is corrupted: its answers belong to its drawn questions and options, a submitted attempt's score
 *     equals the recomputation from its answers and the answer keys, states are valid (an open attempt has no
 *     score), and SQLite's integrity check passes.
 * Exits non-zero on any loss or corruption. Last line: one JSON object.
 *   npm run crash-test -- contest       (PARTICIPANTS=…, KILL_AFTER=…, SOCKETS=…)
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/server/config.js';
import { isCorrect } from '../src/server/modules/contests/contest-rules.js';
import { buildServices } from '../src/server/services.js';
import { systemClock } from '../src/server/platform/clock.js';
import { openDb } from '../src/server/platform/db.js';
import { Client } from './lib/contest-client.js';
import { createContestFixture, freePort, startPow, startServer, stopServer } from './lib/contest-fixture.js';

const PARTICIPANTS = Number(process.env.PARTICIPANTS ?? 1000);
const KILL_AFTER = Number(process.env.KILL_AFTER ?? 300);
const SOCKETS = Number(process.env.SOCKETS ?? 100);

const fx = await createContestFixture(PARTICIPANTS, { attemptsPerRound: 1 });
const server = await startServer(fx.file, await freePort());
const api = `/api/public/contests/${fx.slug}`;
const client = new Client(server.base, SOCKETS);
const acknowledged = new Map<string, { participantToken: string; correct: number }>();
let requestsFailed = 0;
let killedAt = 0;

const kill = () => {
  if (killedAt) return;
  killedAt = Date.now();
  server.child.kill('SIGKILL');
};
const flow = async (token: string) => {
  try {
    const s = await client.call('POST', `${api}/attempts`, token, { pow: startPow() });
    if (s.status !== 200) return;
    for (const q of (s.body.questions as { id: string; options: { id: string }[] }[]).slice(0, 10)) {
      await client.call('PUT', `${api}/attempts/${s.body.id}/answers/${q.id}`, token, { optionIds: [q.options[Math.floor(Math.random() * q.options.length)].id] });
    }
    const r = await client.call('POST', `${api}/attempts/${s.body.id}/submit`, token, { prediction: Math.floor(Math.random() * 50) });
    if (r.status === 200 && r.body?.status === 'submitted') {
      acknowledged.set(s.body.id, { participantToken: token, correct: r.body.result.correct });
      if (acknowledged.size >= KILL_AFTER) kill();
    }
  } catch {
    requestsFailed++; // connection reset by the kill: not acknowledged
  }
};
const load0 = loadavg()[0];
await Promise.all(fx.tokens.map((t) => flow(t)));
client.close();
if (!killedAt) kill();
await new Promise<void>((ok) => (server.child.exitCode !== null || server.child.signalCode !== null ? ok() : server.child.once('exit', () => ok())));
console.log(`Đã kill -9 máy chủ giữa tải: ${acknowledged.size} bài nộp đã được xác nhận (200), ${requestsFailed} luồng bị ngắt`);

// ---- restart on the same file, then check
const restarted = await startServer(fx.file, await freePort());
let found = 0;
let ranked = 0;
const problems: string[] = [];
let corrupted = 0;
let attemptsChecked = 0;
try {
  const res = await fetch(`${restarted.base}/api/public/contests/${fx.slug}/leaderboard?limit=10`);
  if (res.status !== 200) problems.push(`leaderboard sau khi khởi động lại: HTTP ${res.status}`);

  const raw = new SQLite(fx.file, { readonly: true });
  const integrity = raw.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  const contest = raw.prepare('select grace_sec from contests where id = ?').get(fx.contestId) as { grace_sec: number };
  const keys = new Map((raw.prepare('select id, correct from contest_questions').all() as { id: string; correct: string }[]).map((q) => [q.id, JSON.parse(q.correct) as string[]]));
  const answersOf = raw.prepare('select question_id, option_ids, answered_at from contest_answers where attempt_id = ?');
  const attempts = raw.prepare('select * from contest_attempts where round_id = ?').all(fx.roundId) as Record<string, any>[];
  const byId = new Map(attempts.map((a) => [a.id as string, a]));
  for (const a of attempts) {
    attemptsChecked++;
    const bad = (why: string) => {
      corrupted++;
      if (problems.length < 20) problems.push(`lượt ${a.id}: ${why}`);
    };
    let drawn: { id: string; options: string[] }[];
    try {
      drawn = JSON.parse(a.questions);
    } catch {
      bad('câu hỏi đã bốc không đọc được');
      continue;
    }
    const drawnById = new Map(drawn.map((d) => [d.id, d]));
    if (!drawn.length || drawnById.size !== drawn.length) bad('câu hỏi đã bốc rỗng hoặc trùng nhau');
    const answers = answersOf.all(a.id) as { question_id: string; option_ids: string; answered_at: string }[];
    const limit = new Date(new Date(a.deadline_at).getTime() + contest.grace_sec * 1000).toISOString();
    let correct = 0;
    for (const x of answers) {
      const d = drawnById.get(x.question_id);
      const picked = JSON.parse(x.option_ids) as string[];
      if (!d) bad(`trả lời câu ${x.question_id} không thuộc lượt thi`);
      else if (picked.some((o) => !d.options.includes(o))) bad(`phương án không thuộc câu ${x.question_id}`);
      if (x.answered_at <= limit && isCorrect(picked, keys.get(x.question_id) ?? [])) correct++;
    }
    if (a.submitted_at) {
      if (a.correct_count !== correct) bad(`điểm ${a.correct_count} khác điểm tính lại ${correct}`);
      if (a.time_used_ms === null) bad('đã nộp nhưng thiếu thời gian làm bài');
    } else if (a.correct_count !== null || a.time_used_ms !== null) bad('chưa nộp nhưng đã có điểm');
  }
  raw.close();

  // The round's ranking as the organisers' page computes it (every participant's attempts, unmasked).
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${fx.file}` } as NodeJS.ProcessEnv);
  const handle = openDb(config.db);
  const services = buildServices(handle, systemClock(), config);
  const round = (await handle.db.selectFrom('contest_rounds').selectAll().where('id', '=', fx.roundId).executeTakeFirstOrThrow());
  const ranking = await services.contests.ranking(handle.db, round, fx.questions, 1_000_000, { masked: false });
  const rankedPeople = new Set(ranking.rows.map((r) => r.participantId));
  const participantOf = new Map(attempts.map((a) => [a.id as string, a.participant_id as string]));
  for (const [id, ack] of acknowledged) {
    const a = byId.get(id);
    if (!a?.submitted_at) {
      if (problems.length < 20) problems.push(`bài nộp đã xác nhận ${id} bị mất`);
      continue;
    }
    if (a.correct_count !== ack.correct) {
      if (problems.length < 20) problems.push(`bài nộp ${id}: điểm ${a.correct_count} khác điểm đã báo ${ack.correct}`);
      continue;
    }
    found++;
    if (rankedPeople.has(participantOf.get(id)!)) ranked++;
    else if (problems.length < 20) problems.push(`bài nộp ${id} không có trong bảng xếp hạng`);
  }
  await handle.close();
} finally {
  await stopServer(restarted);
}

const ok = found === acknowledged.size && ranked === acknowledged.size && corrupted === 0 && problems.length === 0;
console.log(`Sau khi khởi động lại: tìm thấy ${found}/${acknowledged.size} bài nộp đã xác nhận, ${ranked} có trong bảng xếp hạng; ${attemptsChecked} lượt thi được kiểm tra, ${corrupted} lượt hỏng`);
for (const p of problems) console.log(`  - ${p}`);
console.log(`Kết quả: ${ok ? 'không mất, không hỏng dữ liệu' : 'CÓ DỮ LIỆU BỊ MẤT HOẶC HỎNG'}`);
console.log(
  JSON.stringify({
    crashTest: 'contest',
    participants: PARTICIPANTS,
    killAfterAcknowledged: KILL_AFTER,
    acknowledged: acknowledged.size,
    found,
    ranked,
    attemptsChecked,
    corrupted,
    problems: problems.length,
    ok,
    load1: Math.round(load0 * 100) / 100,
    engine: 'sqlite',
    node: process.version,
  }),
);
rmSync(fx.dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
