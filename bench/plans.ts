/**
 * Task overview (and plan cascade, when the plans routes exist) at city scale: 500 wards under one city,
 * one issued plan with 500 implementation requests and 20,000 tasks with their occurrences, on a temporary
 * SQLite file. Requests go through the real HTTP app (buildApp + inject) signed in as a city leader:
 * 20 warm-up calls, then 200 timed calls per endpoint. Last line: one JSON object.
 *   npm run bench -- plans
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { hashPassword } from '../src/server/modules/accounts/passwords.js';
import { occurrencesFor, type Recurrence } from '../src/server/modules/tasks/recurrence.js';
import { insertPlan } from '../src/server/modules/tasks/tasks.fixtures.js';
import { fixedClock } from '../src/server/platform/clock.js';
import { openDb } from '../src/server/platform/db.js';
import type { TaskOccurrenceTable, TaskTable } from '../src/server/platform/db-schema.js';
import { migrateToLatest } from '../src/server/platform/migrate.js';

const UNITS = 500;
const TASKS = 20_000;
const WARMUP = 20;
const RUNS = 200;
const NOW = '2026-11-26T03:00:00.000Z';
const TODAY = '2026-11-26';
const PASSWORD = 'lantoa-bench';

// Deterministic pseudo-random numbers (mulberry32).
let seed = 57;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
  return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
};
const pad = (n: number, w = 3) => String(n).padStart(w, '0');
const id = (prefix: string, n: number) => `${prefix}-${pad(n, 6)}`;

const dir = mkdtempSync(join(tmpdir(), 'lantoa-bench-'));
const file = join(dir, 'bench.db');
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${file}`, FILES_DIR: join(dir, 'files') } as NodeJS.ProcessEnv);
const handle = openDb(config.db);
const clock = fixedClock(NOW);

try {
  let t0 = performance.now();
  await migrateToLatest(handle);
  const db = handle.db;
  const passwordHash = await hashPassword(PASSWORD);
  let occurrenceCount = 0;
  let planId = '';
  await db.transaction().execute(async (trx) => {
    const unit = (uid: string, code: string, name: string, level: string) => ({
      id: uid, code, name, short_name: name.replace('Ủy ban MTTQ Việt Nam ', 'MTTQ '), kind: 'front_committee', level,
      address: null, phone: null, email: null, term: null, population: null, note: null, valid_from: null, valid_to: null,
      created_at: NOW, updated_at: NOW, version: 1,
    });
    await trx.insertInto('units').values(unit('city', 'BENCH_CITY', 'Ủy ban MTTQ Việt Nam thành phố Thử nghiệm', 'province')).execute();
    const wards = Array.from({ length: UNITS }, (_, i) => id('ward', i + 1));
    for (let i = 0; i < UNITS; i += 100) {
      await trx.insertInto('units').values(wards.slice(i, i + 100).map((w, j) => unit(w, `BENCH_W${pad(i + j + 1)}`, `Ủy ban MTTQ Việt Nam phường Số ${pad(i + j + 1)}`, 'commune'))).execute();
      await trx.insertInto('unit_parents').values(wards.slice(i, i + 100).map((w) => ({ id: `link-${w}`, unit_id: w, parent_id: 'city', valid_from: null, valid_to: null }))).execute();
    }
    await trx.insertInto('meta').values({ key: 'units_version', value: 'bench' }).execute();
    await trx
      .insertInto('users')
      .values({ id: 'bench-leader', username: 'bench.lanhdao', email: null, full_name: 'Lãnh đạo thử nghiệm', phone: null, position: null, password_hash: passwordHash,
        must_change_password: 0, failed_attempts: 0, locked_until: null, disabled: 0, last_login_at: null, password_changed_at: NOW, created_at: NOW, updated_at: NOW })
      .execute();
    await trx.insertInto('role_grants').values({ id: 'bench-grant', user_id: 'bench-leader', unit_id: 'city', role: 'leader', valid_from: '2024-01-01', valid_to: null, note: null, created_by: null, created_at: NOW }).execute();

    // The plan and its 500 requests: 60% implemented on time, 20% late, 20% not yet.
    const requests = wards.map((w, i) => {
      const r = i % 5;
      return { unitId: w, deadline: '2026-04-15', implementedAt: r < 3 ? '2026-04-10T03:00:00.000Z' : r === 3 ? '2026-05-02T03:00:00.000Z' : null };
    });
    planId = await insertPlan(trx, { issuingUnitId: 'city', docDate: '2026-03-01', periodStart: '2026-03-01', periodEnd: '2026-12-31', numberText: '57/KH-MTTQ-BTT', requests }, NOW);
    // Implementing plans of the wards that issued one.
    const reqRows = await trx.selectFrom('implementation_requests').select(['id', 'target_unit_id', 'implemented_at']).where('plan_id', '=', planId).execute();
    for (const r of reqRows) {
      if (!r.implemented_at) continue;
      const impl = await insertPlan(trx, { issuingUnitId: r.target_unit_id, docDate: r.implemented_at.slice(0, 10), periodStart: r.implemented_at.slice(0, 10), periodEnd: '2026-12-31', numberText: `${Number(r.target_unit_id.slice(-3))}/KH-MTTQ` }, NOW);
      await trx.updateTable('plans').set({ parent_plan_id: planId, request_id: r.id }).where('id', '=', impl).execute();
      await trx.updateTable('implementation_requests').set({ implementing_plan_id: impl }).where('id', '=', r.id).execute();
    }

    // 20,000 tasks (40 per ward): once / monthly / quarterly / ongoing, about 70% of past periods done.
    const RECUR: Recurrence[] = ['once', 'monthly', 'quarterly', 'ongoing'];
    let tasks: TaskTable[] = [];
    const occ: TaskOccurrenceTable[] = [];
    // Occurrences follow their tasks (foreign key), so both are written together.
    const flush = async (force = false) => {
      if (tasks.length < 200 && !(force && tasks.length)) return;
      await trx.insertInto('tasks').values(tasks).execute();
      tasks = [];
      while (occ.length) await trx.insertInto('task_occurrences').values(occ.splice(0, 500)).execute();
    };
    for (let n = 0; n < TASKS; n++) {
      const unitId = wards[n % UNITS];
      const recurrence = RECUR[Math.floor(n / UNITS) % 4];
      const due = recurrence === 'once' ? `2026-${pad(4 + Math.floor(rand() * 9), 2)}-${pad(1 + Math.floor(rand() * 28), 2)}` : null;
      const spans = occurrencesFor(recurrence, '2026-03-01', due ?? '2026-12-31', due);
      const taskId = id('task', n);
      let done = 0;
      let nextDue: string | null = null;
      spans.forEach((s, k) => {
        const isDone = s.dueDate < TODAY ? rand() < 0.7 : rand() < 0.1;
        if (isDone) done++;
        else if (!nextDue) nextDue = s.dueDate;
        occ.push({ id: `${taskId}-${k}`, task_id: taskId, period_start: s.periodStart, period_end: s.periodEnd, due_date: s.dueDate, done_at: isDone ? NOW : null, note: null });
      });
      occurrenceCount += spans.length;
      const allDone = done === spans.length;
      tasks.push({
        id: taskId, plan_id: planId, campaign_id: null, responsibility_id: null, assigner_unit_id: 'city', unit_id: unitId, assignee_user_id: null,
        title: `Nhiệm vụ ${n + 1}`, description: null, topic_ids: '[]', form_ids: '[]', recurrence, start_date: '2026-03-01', end_date: due ?? '2026-12-31', due_date: due,
        status: allDone ? 'done' : done > 0 || rand() < 0.3 ? 'in_progress' : 'not_started', progress: Math.round((done / spans.length) * 100),
        next_due_date: allDone ? null : nextDue, done_at: allDone ? NOW : null, created_by: null, created_at: NOW, updated_at: NOW, version: 1,
      });
      await flush();
    }
    await flush(true);
  });
  handle.sqlite?.pragma('optimize');
  const seedMs = performance.now() - t0;

  const app = await buildApp({ config, db: handle, clock, logger: false });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench.lanhdao', password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`đăng nhập thất bại: ${login.statusCode} ${login.body}`);
  const cookie = `lantoa_sid=${login.cookies.find((c) => c.name === 'lantoa_sid')!.value}`;

  const measure = async (label: string, url: string, check: (body: any) => void) => {
    for (let i = 0; i < WARMUP; i++) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (i === 0) check(res.json());
    }
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      await app.inject({ method: 'GET', url, headers: { cookie } });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
    const r = (x: number) => Math.round(x * 100) / 100;
    const out = { p50: r(q(0.5)), p95: r(q(0.95)), max: r(times[times.length - 1]) };
    console.log(`${label.padEnd(34)} p50 ${out.p50} ms   p95 ${out.p95} ms   max ${out.max} ms   (${RUNS} lần)`);
    return out;
  };

  console.log(`Dữ liệu: ${UNITS} phường, 1 kế hoạch, ${UNITS} yêu cầu, ${TASKS} nhiệm vụ, ${occurrenceCount} kỳ báo cáo (tạo trong ${Math.round(seedMs)} ms)`);
  const overview = await measure('GET /api/tasks/overview?planId=', `/api/tasks/overview?planId=${planId}`, (rows: Array<{ total: number }>) => {
    const total = rows.reduce((s, x) => s + x.total, 0);
    if (rows.length !== UNITS || total !== TASKS) throw new Error(`tổng hợp sai: ${rows.length} đơn vị, ${total} nhiệm vụ`);
  });
  let cascade: { p50: number; p95: number; max: number } | null = null;
  if (app.hasRoute({ method: 'GET', url: '/api/plans/:id/cascade' })) {
    cascade = await measure('GET /api/plans/:id/cascade', `/api/plans/${planId}/cascade`, (body: { items: unknown[]; counts: { total: number; issued: number; onTime: number; late: number } }) => {
      const c = body.counts;
      if (body.items.length !== UNITS || c.total !== UNITS || c.issued !== 400) throw new Error(`tiến độ triển khai sai: ${JSON.stringify(c)}`);
      console.log(`Tiến độ triển khai: ${c.issued} đã ban hành (${c.onTime} đúng hạn, ${c.late} trễ hạn), ${UNITS - c.issued} chưa`);
    });
  } else {
    console.log('GET /api/plans/:id/cascade           (chưa có route của mô-đun kế hoạch — bỏ qua)');
  }
  await app.close();
  console.log(
    JSON.stringify({
      bench: 'plans',
      overviewP50Ms: overview.p50,
      overviewP95Ms: overview.p95,
      overviewMaxMs: overview.max,
      cascadeP50Ms: cascade?.p50 ?? null,
      cascadeP95Ms: cascade?.p95 ?? null,
      cascadeMaxMs: cascade?.max ?? null,
      units: UNITS,
      tasks: TASKS,
      occurrences: occurrenceCount,
      runs: RUNS,
      engine: 'sqlite',
      node: process.version,
    }),
  );
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}
