/**
 * Contest load benchmark against the real server (`node --import tsx src/server/main.ts`) on a fresh SQLite file
 * (see bench/lib/contest-fixture.ts). Three phases in one run, so the figures share the machine's state:
 *   1. healthz baseline: autocannon, 50 connections, 10 s, `GET /healthz`;
 *   2. the flow: PARTICIPANTS (2,000) participants at once, each start → 10 answers → submit over SOCKETS (150)
 *      keep-alive connections; requests wait in the client's queue for a free connection, and the latency of a
 *      step is measured from the moment its request is on a connection to the end of the response (the wait for a
 *      connection is the client's concurrency limit, as in autocannon). In flight = started and not yet submitted;
 *   3. submit rate: SUBMITS (2,000, at most PARTICIPANTS) more attempts are started and answered (10 answers each, not timed), then
 *      autocannon submits each of them once over 50 connections; its requests/s over the healthz requests/s
 *      of phase 1 is the submit ratio.
 * Targets (issue 6, 2-core machine): 2,000 attempts in flight without errors, p99 of every step < 100 ms, submit
 * ≥ 40 % of healthz. Last line: one JSON object.
 *   npm run bench -- contest          (PARTICIPANTS=…, SOCKETS=…, SUBMITS=…, HEALTHZ_SECONDS=…)
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Client, percentile } from './lib/contest-client.js';
import { createContestFixture, freePort, startPow, startServer, stopServer } from './lib/contest-fixture.js';

const PARTICIPANTS = Number(process.env.PARTICIPANTS ?? 2000);
const SOCKETS = Number(process.env.SOCKETS ?? 150);
// One running attempt per participant at a time (a second start resumes it), so at most PARTICIPANTS submits.
const SUBMITS = Math.min(Number(process.env.SUBMITS ?? 2000), PARTICIPANTS);
const HEALTHZ_SECONDS = Number(process.env.HEALTHZ_SECONDS ?? 10);
const TARGET_P99_MS = 100;
const TARGET_RATIO = 0.4;
const round2 = (n: number) => Math.round(n * 100) / 100;

const load0 = loadavg()[0];
const t0 = performance.now();
const attemptsPerRound = 1 + Math.ceil(SUBMITS / PARTICIPANTS);
const fx = await createContestFixture(PARTICIPANTS, { attemptsPerRound });
console.log(`Dữ liệu: ${PARTICIPANTS} người dự thi, ${fx.questions} câu mỗi lượt (${Math.round(performance.now() - t0)} ms)`);
const server = await startServer(fx.file, await freePort());
const api = `/api/public/contests/${fx.slug}`;
const client = new Client(server.base, SOCKETS);

try {
  // ---- phase 1: healthz baseline
  await autocannon({ url: `${server.base}/healthz`, connections: 50, duration: 2 }); // warm-up
  const hz = await autocannon({ url: `${server.base}/healthz`, connections: 50, duration: HEALTHZ_SECONDS });
  const healthzRps = hz.requests.sent / ((hz.finish.getTime() - hz.start.getTime()) / 1000);
  console.log(`GET /healthz: ${Math.round(healthzRps)} yêu cầu/s (p99 ${hz.latency.p99} ms, lỗi ${hz.errors + hz.non2xx})`);

  // ---- phase 2: the whole flow
  const lat = { start: [] as number[], answer: [] as number[], submit: [] as number[] };
  const errors: Record<string, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  let completed = 0;
  const fail = (step: string, status: number, body: unknown) => {
    const key = `${step} ${status} ${(body as { error?: { code?: string } })?.error?.code ?? ''}`.trim();
    errors[key] = (errors[key] ?? 0) + 1;
  };
  const flow = async (token: string) => {
    const s = await client.call('POST', `${api}/attempts`, token, { pow: startPow() });
    if (s.status !== 200) return fail('start', s.status, s.body);
    lat.start.push(s.ms);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const attempt = s.body as { id: string; questions: { id: string; options: { id: string }[] }[] };
    for (const q of attempt.questions.slice(0, 10)) {
      const a = await client.call('PUT', `${api}/attempts/${attempt.id}/answers/${q.id}`, token, { optionIds: [q.options[Math.floor(Math.random() * q.options.length)].id] });
      if (a.status !== 200) fail('answer', a.status, a.body);
      else lat.answer.push(a.ms);
    }
    const r = await client.call('POST', `${api}/attempts/${attempt.id}/submit`, token, { prediction: Math.floor(Math.random() * 50) });
    inFlight--;
    if (r.status !== 200 || r.body?.status !== 'submitted') return fail('submit', r.status, r.body);
    lat.submit.push(r.ms);
    completed++;
  };
  const f0 = performance.now();
  await Promise.all(fx.tokens.map((t) => flow(t)));
  const flowSeconds = (performance.now() - f0) / 1000;
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  const p99 = { start: percentile(lat.start, 99), answer: percentile(lat.answer, 99), submit: percentile(lat.submit, 99) };
  const p50 = { start: percentile(lat.start, 50), answer: percentile(lat.answer, 50), submit: percentile(lat.submit, 50) };
  const requests = lat.start.length + lat.answer.length + lat.submit.length + errorCount;
  console.log(`Luồng thi: ${completed}/${PARTICIPANTS} lượt hoàn thành trong ${round2(flowSeconds)} s = ${round2(completed / flowSeconds)} lượt/s (${Math.round(requests / flowSeconds)} yêu cầu/s), tối đa ${maxInFlight} lượt đang làm cùng lúc, lỗi ${errorCount}`);
  for (const step of ['start', 'answer', 'submit'] as const) console.log(`  ${step.padEnd(7)} p50 ${p50[step]} ms  p99 ${p99[step]} ms  (${lat[step].length} yêu cầu)`);
  if (errorCount) console.log(`  lỗi: ${JSON.stringify(errors)}`);

  // ---- phase 3: submit rate, measured like healthz
  const ready: { token: string; id: string }[] = [];
  const prepare = async (token: string) => {
    const s = await client.call('POST', `${api}/attempts`, token, { pow: startPow() });
    if (s.status !== 200) return fail('prepare', s.status, s.body);
    for (const q of (s.body.questions as { id: string; options: { id: string }[] }[]).slice(0, 10)) {
      await client.call('PUT', `${api}/attempts/${s.body.id}/answers/${q.id}`, token, { optionIds: [q.options[0].id] });
    }
    ready.push({ token, id: s.body.id });
  };
  const p0 = performance.now();
  await Promise.all(fx.tokens.slice(0, SUBMITS).map((t) => prepare(t)));
  console.log(`Chuẩn bị ${ready.length} lượt đã trả lời 10 câu để đo nộp bài (${round2((performance.now() - p0) / 1000)} s)`);
  let next = 0;
  const sub = await autocannon({
    url: server.base,
    connections: 50,
    amount: ready.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const a = ready[next++ % ready.length];
          return { ...req, path: `${api}/attempts/${a.id}/submit`, headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' }, body: '{"prediction":7}' };
        },
      },
    ],
  });
  const submitSeconds = (sub.finish.getTime() - sub.start.getTime()) / 1000;
  const submitRps = sub.requests.sent / submitSeconds;
  const ratio = submitRps / healthzRps;
  console.log(`POST …/submit: ${Math.round(submitRps)} yêu cầu/s (${sub.requests.sent} bài trong ${round2(submitSeconds)} s, p99 ${sub.latency.p99} ms, lỗi ${sub.errors + sub.non2xx}) = ${round2(ratio * 100)} % của /healthz`);

  const load1 = loadavg()[0];
  const ok =
    completed === PARTICIPANTS && errorCount === 0 && maxInFlight >= Math.min(2000, PARTICIPANTS) && Math.max(p99.start, p99.answer, p99.submit) < TARGET_P99_MS && ratio >= TARGET_RATIO && sub.errors + sub.non2xx === 0;
  console.log(`Mục tiêu (${PARTICIPANTS} lượt cùng lúc không lỗi, p99 < ${TARGET_P99_MS} ms, nộp bài ≥ ${TARGET_RATIO * 100} % healthz): ${ok ? 'đạt' : 'CHƯA ĐẠT'}; tải máy ${round2(load0)} → ${round2(load1)}`);
  const serverLog = server.log().trim();
  if (serverLog) console.log(`Nhật ký máy chủ (cảnh báo/lỗi):\n${serverLog.split('\n').slice(-20).join('\n')}`);
  console.log(
    JSON.stringify({
      bench: 'contest',
      participants: PARTICIPANTS,
      sockets: SOCKETS,
      questionsAnswered: 10,
      completed,
      errors: errorCount,
      maxInFlight,
      flowSeconds: round2(flowSeconds),
      attemptsPerSecond: round2(completed / flowSeconds),
      requestsPerSecond: Math.round(requests / flowSeconds),
      startP50Ms: p50.start,
      startP99Ms: p99.start,
      answerP50Ms: p50.answer,
      answerP99Ms: p99.answer,
      submitP50Ms: p50.submit,
      submitP99Ms: p99.submit,
      healthzRps: Math.round(healthzRps),
      healthzP99Ms: hz.latency.p99,
      submitRps: Math.round(submitRps),
      submitAutocannonP99Ms: sub.latency.p99,
      submitErrors: sub.errors + sub.non2xx,
      submitToHealthz: round2(ratio),
      targetsMet: ok,
      load1: round2(load0),
      load1After: round2(load1),
      engine: 'sqlite',
      node: process.version,
    }),
  );
  if (!ok) process.exitCode = 1;
} finally {
  client.close();
  await stopServer(server);
  rmSync(fx.dir, { recursive: true, force: true });
}
