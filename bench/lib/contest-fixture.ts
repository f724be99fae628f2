/**
 * Shared fixture of the contest load benchmark and crash test: a fresh SQLite database with the demo organisation
 * and Đà Nẵng's NQ 57 contest (144 approved questions, the current weekly round open on the real clock), reduced to
 * 10 questions per attempt, plus N participants registered straight into the tables with a session token each
 * (SMS codes and the registration proof of work are per-registration costs, not part of the measured flow).
 * `startServer` runs the real server (`node --import tsx src/server/main.ts`, one process so kill -9 hits the
 * server itself) on that file with the proof of work at 0 bits (challenges are signed with a secret the client
 * knows, so the server still checks the HMAC and the expiry) and the per-IP limits off (all traffic comes from
 * one address).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openAndMigrate } from '../../src/server/boot.js';
import { loadConfig } from '../../src/server/config.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { CONSENT_VERSION } from '../../src/server/modules/contests/contest-play.service.js';
import { drawQuestions, issuePow } from '../../src/server/modules/contests/contest-rules.js';
import { DEMO_CONTEST_SLUG, seedContestDemo } from '../../src/server/modules/contests/contests.seed.js';
import { systemClock } from '../../src/server/platform/clock.js';
import { newId } from '../../src/server/platform/ids.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const POW_SECRET = 'lantoa-bench-pow-secret';
export const QUESTIONS = 10;

export interface ContestFixture {
  dir: string;
  file: string;
  slug: string;
  contestId: string;
  roundId: string;
  tokens: string[];
  questions: number;
  /** Attempts of other participants, started and answered (10 answers), ready to be submitted once each. */
  ready: { token: string; id: string }[];
}

/** A start challenge signed with the bench secret (0 bits: any nonce solves it). */
export const startPow = () => ({ challenge: issuePow(POW_SECRET, 'start', 0, new Date()).challenge, nonce: '0' });

/**
 * `opts.ready`: that many more participants, each with an attempt already started and answered (10 questions
 * drawn from the approved bank with the server's rule, one answer per question), written straight into the tables:
 * the submit saturation phase submits each once, and a submit does the same work however the attempt was made.
 */
export async function createContestFixture(participants: number, opts: { attemptsPerRound?: number; ready?: number } = {}): Promise<ContestFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'lantoa-contest-bench-'));
  const file = join(dir, 'contest.db');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${file}`, FILES_DIR: join(dir, 'files') } as NodeJS.ProcessEnv);
  const { handle } = await openAndMigrate(config);
  const clock = systemClock();
  await seedDemo(handle.db, clock);
  await seedContestDemo(handle.db, clock);
  const db = handle.sqlite!;
  const contest = db.prepare('select id from contests where slug = ?').get(DEMO_CONTEST_SLUG) as { id: string };
  db.prepare(`update contests set questions_per_attempt = ?, quotas = '[]', attempts_per_round = ? where id = ?`).run(QUESTIONS, opts.attemptsPerRound ?? 3, contest.id);
  const nowIso = new Date().toISOString();
  const round = db.prepare('select id from contest_rounds where contest_id = ? and opens_at <= ? and closes_at > ? and frozen_at is null').get(contest.id, nowIso, nowIso) as { id: string } | undefined;
  if (!round) throw new Error('Không có tuần thi đang mở trong dữ liệu mẫu.');
  const wards = (db.prepare(`select id from units where code in ('PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA', 'BAN_THACH')`).all() as { id: string }[]).map((w) => w.id);
  const addPerson = db.prepare(
    `insert into contest_participants (id, contest_id, full_name, birth_date, gender, phone, unit_id, org_unit_id, consent_at, consent_version, verified_at, referral_code, referred_by, withdrawn_at, anonymised_at, created_at, ip)
     values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, null, null, null, ?, null)`,
  );
  const addSession = db.prepare('insert into contest_sessions (token_hash, participant_id, created_at, expires_at) values (?, ?, ?, ?)');
  const expires = new Date(Date.now() + 30 * 86400_000).toISOString();
  const tokens: string[] = [];
  const ready: { token: string; id: string }[] = [];
  const bank = (db.prepare(`select id, options from contest_questions where status = 'approved' and unit_id = (select unit_id from contests where id = ?)`).all(contest.id) as { id: string; options: string }[]).map(
    (q) => ({ id: q.id, topicPath: [], optionIds: (JSON.parse(q.options) as { id: string }[]).map((o) => o.id) }),
  );
  const timeLimitSec = (db.prepare('select time_limit_sec from contests where id = ?').get(contest.id) as { time_limit_sec: number }).time_limit_sec;
  const addAttempt = db.prepare(
    `insert into contest_attempts (id, round_id, participant_id, unit_id, attempt_no, questions, started_at, deadline_at, submitted_at, auto_submitted, prediction, correct_count, time_used_ms)
     values (?, ?, ?, ?, 1, ?, ?, ?, null, 0, null, null, null)`,
  );
  const addAnswer = db.prepare('insert into contest_answers (attempt_id, question_id, option_ids, answered_at) values (?, ?, ?, ?)');
  const deadline = new Date(Date.now() + timeLimitSec * 1000).toISOString();
  db.transaction(() => {
    for (let i = 0; i < participants + (opts.ready ?? 0); i++) {
      const id = newId();
      const token = randomBytes(24).toString('base64url');
      const ward = wards[i % wards.length];
      addPerson.run(id, contest.id, `Người dự thi số ${i + 1}`, `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, i % 2 ? 'female' : 'male', `08${String(10_000_000 + i).slice(-8)}`, ward, nowIso, CONSENT_VERSION, nowIso, `bench${i}`, nowIso);
      addSession.run(createHash('sha256').update(token).digest('hex'), id, nowIso, expires);
      if (i < participants) {
        tokens.push(token);
        continue;
      }
      const attemptId = newId();
      const drawn = drawQuestions(bank, [], QUESTIONS);
      addAttempt.run(attemptId, round.id, id, ward, JSON.stringify(drawn), nowIso, deadline);
      for (const q of drawn) addAnswer.run(attemptId, q.id, JSON.stringify([q.options[i % q.options.length]]), nowIso);
      ready.push({ token, id: attemptId });
    }
  })();
  await handle.close();
  return { dir, file, slug: DEMO_CONTEST_SLUG, contestId: contest.id, roundId: round.id, tokens, questions: QUESTIONS, ready };
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  base: string;
  /** Output the server wrote (warnings and errors: LOG_LEVEL=warn). */
  log: () => string;
}

/** Starts the real server on the fixture's database file and waits until /healthz answers. */
export async function startServer(file: string, port: number, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LANTOA_DEMO: '0',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `sqlite:${file}`,
    FILES_DIR: join(file, '..', 'files'),
    LOG_LEVEL: 'warn',
    CONTEST_POW_BITS: '0',
    CONTEST_POW_SECRET: POW_SECRET,
    CONTEST_RATE_LIMITS: '0',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // BENCH_SERVER_LOG=<file>: everything the server writes also goes to that file (with BENCH_SERVER_ARGS=--trace-gc…).
  const tee = process.env.BENCH_SERVER_LOG ? createWriteStream(process.env.BENCH_SERVER_LOG) : null;
  child.stdout!.on('data', (d) => {
    out += d;
    tee?.write(d);
  });
  child.stderr!.on('data', (d) => {
    out += d;
    tee?.write(d);
  });
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Máy chủ dừng khi khởi động (mã ${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`Máy chủ không trả lời /healthz sau 60 giây:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, port, base, log: () => out };
}

/** Stops the server (SIGTERM, then SIGKILL after 10 s). */
export async function stopServer(s: RunningServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const done = new Promise<void>((ok) => s.child.once('exit', () => ok()));
  s.child.kill(signal);
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}
