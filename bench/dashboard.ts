/**
 * Monitoring dashboard at city scale: 1,000,000 activity reports across ~500 units over two years, on a
 * temporary SQLite file. The tree: one city with 50 wards (each with 5 residential areas and 3 member
 * organisations), and 12 former wards merged into 4 new wards on 1/7/2025 (their residential areas move
 * to the new wards). Reports are written with bulk prepared inserts in one transaction (not through the
 * API), then the stats tables are filled with `rebuildStats` so they equal the reports. The real HTTP app
 * (buildApp + inject, signed in as a leader of the city, clock frozen at 26/11/2026) answers every
 * dashboard endpoint for the whole tree — year and quarter periods, as of today and as of the period —
 * 3 warm-up calls, then 30 timed calls each. Then the figures calls of a year report (totals, by form,
 * by unit, by month) through `services.activityFigures.compute`. Last line: one JSON object.
 *   npm run bench -- dashboard        (ACTIVITIES=200000 for a quicker run; BENCH_DB=/tmp/d.db keeps the data;
 *                                      BENCH_ONLY=coverage measures one endpoint)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { hashPassword } from '../src/server/modules/accounts/passwords.js';
import { rebuildStats } from '../src/server/modules/activities/activities.stats.js';
import { seedActivityCatalogue } from '../src/server/modules/activities/activities.testkit.js';
import { MEASURES } from '../src/server/modules/activities/measures.js';
import { catalogueForms } from '../src/server/modules/campaigns/index.js';
import { buildServices } from '../src/server/services.js';
import { fixedClock } from '../src/server/platform/clock.js';
import { openDb, tx } from '../src/server/platform/db.js';
import { migrateToLatest } from '../src/server/platform/migrate.js';

const ACTIVITIES = Number(process.env.ACTIVITIES ?? 1_000_000);
const WARDS = 50;
const FORMER = 12;
const NEW = 4;
const WARMUP = 3;
const RUNS = 30;
const NOW = '2026-11-26T03:00:00.000Z';
const MERGE = '2025-07-01';
const FIRST_DAY = '2025-01-01';
const LAST_DAY = '2026-11-26';
const PASSWORD = 'lantoa-bench';
const TARGET_MS = 300;
/** BENCH_ONLY=coverage (comma list of endpoints) measures only those (to compare a query change quickly). */
const ONLY = process.env.BENCH_ONLY ?? '';

// Deterministic pseudo-random numbers (mulberry32).
let seed = 57;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
  return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
const pad = (n: number, w = 3) => String(n).padStart(w, '0');
const dayMs = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const dir = mkdtempSync(join(tmpdir(), 'lantoa-bench-'));
/** BENCH_DB=/path/file.db keeps the generated database (and reuses it when it exists) to compare query changes. */
const keep = process.env.BENCH_DB ?? null;
const reuse = !!keep && existsSync(keep);
const file = keep ?? join(dir, 'bench.db');
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${file}`, FILES_DIR: join(dir, 'files') } as NodeJS.ProcessEnv);
const handle = openDb(config.db);
const clock = fixedClock(NOW);
const sqlite = handle.sqlite!;

interface UnitSpec {
  id: string;
  code: string;
  name: string;
  kind: string;
  level: string;
  from: string | null;
  to: string | null;
  parents: Array<{ parent: string; from: string | null; to: string | null }>;
}

/** The tree: city, 50 wards × 8, 12 former wards × 2 residential areas merged into 4 new wards (+3 each). */
function buildTree(): UnitSpec[] {
  const out: UnitSpec[] = [];
  const add = (u: Omit<UnitSpec, 'kind' | 'level'> & Partial<Pick<UnitSpec, 'kind' | 'level'>>) => out.push({ kind: 'front_committee', level: 'commune', ...u });
  add({ id: 'city', code: 'BENCH_CITY', name: 'Ủy ban MTTQ Việt Nam thành phố Thử nghiệm', level: 'province', from: null, to: null, parents: [] });
  const children = (ward: string, wardName: string, n: number, from: string | null) => {
    for (let k = 1; k <= n; k++) {
      const member = k > n - 3;
      add({
        id: `${ward}-${member ? 'org' : 'kdc'}${k}`,
        code: `${ward.toUpperCase()}_${k}`,
        name: member ? `${['Hội Liên hiệp Phụ nữ', 'Đoàn Thanh niên', 'Hội Cựu chiến binh'][n - k]} ${wardName}` : `Ban công tác Mặt trận khu dân cư số ${k}, ${wardName}`,
        kind: member ? 'member_organisation' : 'residential_committee',
        level: 'residential',
        from,
        to: null,
        parents: [{ parent: ward, from, to: null }],
      });
    }
  };
  for (let w = 1; w <= WARDS; w++) {
    const id = `w${pad(w)}`;
    add({ id, code: `BENCH_W${pad(w)}`, name: `Ủy ban MTTQ Việt Nam phường Số ${w}`, from: null, to: null, parents: [{ parent: 'city', from: null, to: null }] });
    children(id, `phường Số ${w}`, 8, null);
  }
  for (let n = 1; n <= NEW; n++) {
    const id = `n${n}`;
    add({ id, code: `BENCH_N${n}`, name: `Ủy ban MTTQ Việt Nam phường Mới ${n}`, from: MERGE, to: null, parents: [{ parent: 'city', from: MERGE, to: null }] });
    children(id, `phường Mới ${n}`, 3, MERGE);
  }
  for (let f = 1; f <= FORMER; f++) {
    const id = `f${pad(f, 2)}`;
    const successor = `n${Math.ceil(f / (FORMER / NEW))}`;
    add({ id, code: `BENCH_F${pad(f, 2)}`, name: `Ủy ban MTTQ Việt Nam phường Cũ ${f}`, from: null, to: '2025-06-30', parents: [{ parent: 'city', from: null, to: '2025-06-30' }] });
    for (let k = 1; k <= 2; k++) {
      add({
        id: `${id}-kdc${k}`,
        code: `BENCH_F${pad(f, 2)}_${k}`,
        name: `Ban công tác Mặt trận khu dân cư số ${k}, phường Cũ ${f}`,
        kind: 'residential_committee',
        level: 'residential',
        from: null,
        to: null,
        parents: [
          { parent: id, from: null, to: '2025-06-30' },
          { parent: successor, from: MERGE, to: null },
        ],
      });
    }
  }
  return out;
}

/** Writes the tree, the campaign and the reports, then fills the stats tables. */
async function generate() {
  let t0 = performance.now();
  await migrateToLatest(handle);
  const db = handle.db;
  const units = buildTree();
  const passwordHash = await hashPassword(PASSWORD);
  await tx(db, async (trx) => {
    for (let i = 0; i < units.length; i += 100) {
      await trx
        .insertInto('units')
        .values(
          units.slice(i, i + 100).map((u) => ({
            id: u.id, code: u.code, name: u.name, short_name: u.name.replace('Ủy ban MTTQ Việt Nam ', 'MTTQ '), kind: u.kind, level: u.level,
            address: null, phone: null, email: null, term: null, population: null, note: null, valid_from: u.from, valid_to: u.to, created_at: NOW, updated_at: NOW, version: 1,
          })),
        )
        .execute();
    }
    const links = units.flatMap((u) => u.parents.map((p, k) => ({ id: `link-${u.id}-${k}`, unit_id: u.id, parent_id: p.parent, valid_from: p.from, valid_to: p.to })));
    for (let i = 0; i < links.length; i += 100) await trx.insertInto('unit_parents').values(links.slice(i, i + 100)).execute();
    const successions = units.filter((u) => /^f\d\d$/.test(u.id)).map((u) => ({ id: `succ-${u.id}`, event_id: null, predecessor_id: u.id, successor_id: `n${Math.ceil(Number(u.id.slice(1)) / (FORMER / NEW))}`, effective_date: MERGE }));
    await trx.insertInto('unit_successions').values(successions).execute();
    await trx.insertInto('meta').values({ key: 'units_version', value: 'bench' }).execute();
    await trx
      .insertInto('users')
      .values({ id: 'bench-leader', username: 'bench.lanhdao', email: null, full_name: 'Lãnh đạo thử nghiệm', phone: null, position: null, password_hash: passwordHash,
        must_change_password: 0, failed_attempts: 0, locked_until: null, disabled: 0, last_login_at: null, password_changed_at: NOW, created_at: NOW, updated_at: NOW })
      .execute();
    await trx.insertInto('role_grants').values({ id: 'bench-grant', user_id: 'bench-leader', unit_id: 'city', role: 'leader', valid_from: '2024-01-01', valid_to: null, note: null, created_by: null, created_at: NOW }).execute();
  });
  const campaign = await seedActivityCatalogue(db, clock, 'city', 'NQ57');
  const leafTopics = Object.entries(campaign.topics).filter(([code]) => /\d/.test(code) && code !== 'NQ57').map(([, id]) => id);
  const forms = catalogueForms().map((f) => f.code);
  const measuresOf = new Map(forms.map((f) => [f, MEASURES.filter((m) => (m.forms as readonly string[]).includes(f))]));

  // Units that report on a date: every unit but the city, active then (former wards before 1/7/2025, new ones after).
  const reporters = (before: boolean) => units.filter((u) => u.id !== 'city' && (before ? !u.from || u.from < MERGE : !u.to || u.to >= MERGE)).map((u) => u.id);
  const beforeMerge = reporters(true);
  const afterMerge = reporters(false);
  const unitCount = units.length;
  const setupMs = performance.now() - t0;

  // ---- activities: bulk prepared inserts in one transaction
  t0 = performance.now();
  const cols = ['id', 'root_id', 'unit_id', 'campaign_id', 'form_code', 'title', 'date_from', 'status', 'created_at', 'updated_at', ...MEASURES.map((m) => m.column)];
  const insertActivity = sqlite.prepare(`insert into activities (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
  const insertTopic = sqlite.prepare('insert into activity_topics (activity_id, topic_id) values (?, ?)');
  const start = Date.parse(`${FIRST_DAY}T00:00:00Z`);
  const span = Math.round((Date.parse(`${LAST_DAY}T00:00:00Z`) - start) / dayMs) + 1;
  const counts = { accepted: 0, submitted: 0, returned: 0, draft: 0, topics: 0 };
  const values: unknown[] = new Array(cols.length);
  sqlite.pragma('synchronous = OFF');
  // Secondary indexes are dropped for the load and rebuilt afterwards from their own definitions (faster than
  // maintaining seven indexes row by row); constraint indexes (primary and unique keys) stay.
  const indexes = sqlite
    .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name in ('activities', 'activity_topics') and sql is not null")
    .all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) sqlite.exec(`drop index ${i.name}`);
  const load = sqlite.transaction(() => {
    for (let n = 0; n < ACTIVITIES; n++) {
      const date = isoDay(start + Math.floor(rand() * span) * dayMs);
      const unitId = pick(date < MERGE ? beforeMerge : afterMerge);
      const form = pick(forms);
      const r = rand();
      const status = r < 0.97 ? 'accepted' : r < 0.98 ? 'submitted' : r < 0.99 ? 'returned' : 'draft';
      counts[status as 'accepted']++;
      const id = `a${pad(n, 7)}`;
      values[0] = id;
      values[1] = id;
      values[2] = unitId;
      values[3] = rand() < 0.9 ? campaign.campaignId : null;
      values[4] = form;
      values[5] = `Hoạt động ${n + 1}`;
      values[6] = date;
      values[7] = status;
      values[8] = NOW;
      values[9] = NOW;
      for (let k = 0; k < MEASURES.length; k++) values[10 + k] = null;
      for (const m of measuresOf.get(form) ?? []) values[10 + MEASURES.indexOf(m)] = 1 + Math.floor(rand() * (m.group === 'attendance' ? 80 : m.group === 'online' ? 200 : 10));
      insertActivity.run(values);
      if (values[3]) {
        const t1 = pick(leafTopics);
        insertTopic.run(id, t1);
        counts.topics++;
        if (rand() < 0.4) {
          const t2 = pick(leafTopics);
          if (t2 !== t1) {
            insertTopic.run(id, t2);
            counts.topics++;
          }
        }
      }
    }
  });
  load();
  for (const i of indexes) sqlite.exec(i.sql);
  const insertMs = performance.now() - t0;
  t0 = performance.now();
  const stats = await tx(db, (trx) => rebuildStats(trx));
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('ANALYZE');
  const statsMs = performance.now() - t0;
  console.log(
    `Dữ liệu: ${unitCount} đơn vị, ${ACTIVITIES.toLocaleString('vi-VN')} báo cáo hoạt động (${counts.accepted.toLocaleString('vi-VN')} đã duyệt, ${counts.submitted} chờ duyệt, ${counts.returned} trả lại, ${counts.draft} nháp), ${counts.topics.toLocaleString('vi-VN')} gắn chủ đề`,
  );
  console.log(`Tạo dữ liệu: cây đơn vị ${Math.round(setupMs)} ms, ghi báo cáo (cả tạo lại chỉ mục) ${(insertMs / 1000).toFixed(1)} s, rebuildStats ${(statsMs / 1000).toFixed(1)} s (${Object.entries(stats).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  return { unitCount, counts, insertMs, statsMs };
}

async function countStatuses() {
  const rows = await handle.db.selectFrom('activities').select(['status', handle.db.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const c = { accepted: 0, submitted: 0, returned: 0, draft: 0, topics: 0 };
  for (const r of rows) c[r.status as 'accepted'] = Number(r.n);
  return c;
}

try {
  const units = buildTree();
  const forms = catalogueForms().map((f) => f.code);
  if (reuse) {
    // A kept database may predate migrations added meanwhile (out of order): measure it as it is.
    await migrateToLatest(handle).catch((e: Error) => console.log(`Không chạy thêm migration: ${e.message.slice(0, 120)}`));
    handle.sqlite!.exec('ANALYZE');
  }
  const gen = reuse
    ? { unitCount: units.length, counts: await countStatuses(), insertMs: 0, statsMs: 0 }
    : await generate();
  if (reuse) console.log(`Dùng lại cơ sở dữ liệu ${file}`);
  const { unitCount, counts, insertMs, statsMs } = gen;

  // ---- HTTP: every dashboard endpoint for the whole tree
  const app = await buildApp({ config, db: handle, clock, logger: false });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench.lanhdao', password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`đăng nhập thất bại: ${login.statusCode} ${login.body}`);
  const cookie = `lantoa_sid=${login.cookies.find((c) => c.name === 'lantoa_sid')!.value}`;
  const q = (t: (ms: number[]) => number, times: number[]) => Math.round(t(times) * 10) / 10;
  const pct = (p: number) => (times: number[]) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];

  type Stat = { p50: number; p95: number; max: number };
  const results: Array<{ endpoint: string; variant: string; cold: Stat; warm: Stat }> = [];
  /** A new stats version, as after any accept: the dashboard's cache no longer applies. */
  const bumpStats = () => handle.sqlite!.prepare("update meta set value = cast(cast(value as integer) + 1 as text) where key = 'stats_version'").run();
  const stat = (times: number[]): Stat => {
    times.sort((x, y) => x - y);
    return { p50: q(pct(0.5), times), p95: q(pct(0.95), times), max: q((x) => x[x.length - 1], times) };
  };
  const line = (label: string, x: Stat) => `${label} p50 ${String(x.p50).padStart(6)} ms  p95 ${String(x.p95).padStart(6)} ms  max ${String(x.max).padStart(6)} ms${x.p95 > TARGET_MS ? '  ← VƯỢT 300 ms' : ''}`;
  /** Cold: the stats version changes before every call (nothing cached). Warm: the same call again. */
  const measure = async (path: string, variant: string, query: string, check?: (body: any) => void) => {
    const url = `/api/dashboard/${path}?${query}`;
    if (ONLY && !ONLY.split(',').includes(path)) return;
    for (let i = 0; i < WARMUP; i++) {
      bumpStats();
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (i === 0) check?.(res.json());
    }
    const run = async (cold: boolean) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        if (cold) bumpStats();
        const t = performance.now();
        await app.inject({ method: 'GET', url, headers: { cookie } });
        times.push(performance.now() - t);
      }
      return stat(times);
    };
    const out = { endpoint: path, variant, cold: await run(true), warm: await run(false) };
    results.push(out);
    console.log(`${`GET /api/dashboard/${path}`.padEnd(30)} ${variant.padEnd(24)} ${line('không cache:', out.cold)}   ${line('có cache:', out.warm)}`);
  };
  const variants: Array<[string, string]> = [
    ['năm 2026, hiện nay', 'period=year&year=2026'],
    ['năm 2025, theo kỳ', 'period=year&year=2025&unitGrouping=as_of_period'],
    ['quý II/2025, theo kỳ', 'period=quarter&year=2025&index=2&unitGrouping=as_of_period'],
    ['quý III/2026, hiện nay', 'period=quarter&year=2026&index=3'],
  ];
  let summaryTotal = 0;
  for (const [variant, query] of variants) {
    await measure('summary', variant, query, (b) => {
      if (variant.startsWith('năm 2025')) summaryTotal = b.totals.activities;
      if (b.totals.activities <= 0 || b.byForm.length !== forms.length) throw new Error(`tổng hợp sai: ${JSON.stringify(b.totals).slice(0, 200)}`);
    });
    await measure('units', variant, query, (b) => {
      const sum = b.rows.reduce((s: number, r: { activities: number }) => s + r.activities, 0);
      if (sum <= 0) throw new Error('bảng đơn vị trống');
    });
    await measure('coverage', variant, query, (b) => {
      if (!b.units.length || !b.topics.length) throw new Error('bảng phủ chủ đề trống');
    });
  }
  await measure('follow-up', 'không phụ thuộc kỳ', 'period=year&year=2026');

  // ---- the figures calls of a year report: totals, by form, by unit, by month (2025, as of the period)
  const services = buildServices(handle, clock, config);
  const tree = await services.units.tree();
  const reportTimes: number[] = [];
  let reportTotal = 0;
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const base = { unitId: 'city', from: '2025-01-01', to: '2025-12-31', campaignId: null, unitGrouping: 'as_of_period' as const, cutoffDay: config.reportCutoffDay };
    const [none] = await Promise.all([
      services.activityFigures.compute(tree, { ...base, groupBy: 'none' }),
      services.activityFigures.compute(tree, { ...base, groupBy: 'form' }),
      services.activityFigures.compute(tree, { ...base, groupBy: 'unit' }),
      services.activityFigures.compute(tree, { ...base, groupBy: 'month' }),
    ]);
    reportTotal = none.totals.activities;
    if (i > 0) reportTimes.push(performance.now() - t); // the first run warms the page cache
  }
  reportTimes.sort((a, b) => a - b);
  const reportMs = { p50: q(pct(0.5), reportTimes), max: q((x) => x[x.length - 1], reportTimes) };
  console.log(`Số liệu báo cáo năm 2025 (tổng, theo hình thức, đơn vị, tháng; ${reportTotal.toLocaleString('vi-VN')} hoạt động): p50 ${reportMs.p50} ms, max ${reportMs.max} ms (5 lần, qua services.activityFigures)`);
  // ---- the periodic reports module, when present: create a year report, then refresh its figures
  let reportCreateMs: number | null = null;
  let reportRefresh: { p50: number; max: number } | null = null;
  if (app.hasRoute({ method: 'POST', url: '/api/reports' })) {
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
    let t = performance.now();
    // A kept database (BENCH_DB) already holds the report of an earlier run: time the creation on a fresh one.
    if (reuse) handle.sqlite!.prepare("delete from periodic_reports where period_kind = 'year' and status = 'draft'").run();
    const created = await app.inject({ method: 'POST', url: '/api/reports', headers, payload: { periodKind: 'year', year: 2025 } });
    reportCreateMs = q((x) => x[0], [performance.now() - t]);
    if (created.statusCode !== 201 && created.statusCode !== 200) throw new Error(`tạo báo cáo năm: ${created.statusCode} ${created.body.slice(0, 300)}`);
    let report = created.json();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      bumpStats();
      t = performance.now();
      const res = await app.inject({ method: 'POST', url: `/api/reports/${report.id}/refresh`, headers, payload: { version: report.version } });
      times.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`cập nhật số liệu báo cáo: ${res.statusCode} ${res.body.slice(0, 300)}`);
      report = res.json();
    }
    times.sort((a, b) => a - b);
    reportRefresh = { p50: q(pct(0.5), times), max: q((x) => x[x.length - 1], times) };
    console.log(`Báo cáo định kỳ năm 2025 qua HTTP: tạo ${reportCreateMs} ms; cập nhật số liệu p50 ${reportRefresh.p50} ms, max ${reportRefresh.max} ms (5 lần)`);
  }
  if (summaryTotal && reportTotal && summaryTotal > reportTotal) throw new Error('bảng điều khiển (một chương trình) đếm nhiều hơn báo cáo (mọi chương trình)');
  await app.close();

  const worst = results.reduce((m, r) => Math.max(m, r.cold.p95), 0);
  console.log(
    JSON.stringify({
      bench: 'dashboard',
      units: unitCount,
      activities: counts.accepted + counts.submitted + counts.returned + counts.draft,
      accepted: counts.accepted,
      insertS: Math.round(insertMs / 100) / 10,
      rebuildStatsS: Math.round(statsMs / 100) / 10,
      runs: RUNS,
      via: 'http-inject',
      endpoints: Object.fromEntries(results.map((r) => [`${r.endpoint} ${r.variant}`, { cold: r.cold, warm: r.warm }])),
      worstColdP95Ms: worst,
      worstWarmP95Ms: results.reduce((m, r) => Math.max(m, r.warm.p95), 0),
      loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
      targetMs: TARGET_MS,
      yearReportFiguresP50Ms: reportMs.p50,
      yearReportFiguresMaxMs: reportMs.max,
      yearReportCreateMs: reportCreateMs,
      yearReportRefreshP50Ms: reportRefresh?.p50 ?? null,
      yearReportRefreshMaxMs: reportRefresh?.max ?? null,
      engine: 'sqlite',
      node: process.version,
    }),
  );
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  if (keep && !reuse) console.log(`Đã giữ cơ sở dữ liệu thử nghiệm: ${keep}`);
}
