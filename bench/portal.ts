/**
 * Public site speed over 100,000 published articles (issue 5), on SQLite.
 * The database comes from bench/lib/portal-data.ts (built once, then reused from artifacts/bench-portal/).
 * The real server (src/server/main.ts, NODE_ENV=production, LOG_LEVEL=warn) runs in a child process;
 * autocannon (50 connections, 10 s each, `Accept-Encoding: br, gzip` like a browser) measures, in this
 * order and in the same run: `GET /healthz` (the baseline), a cached article page, the cached home page.
 * Then the article page's weight (brotli, gzip, identity; images not counted) and its scripts, and search:
 * a few hundred varied queries (accented and folded, common and rare words, one to four words, some with
 * a category, type, date filter or later page), sent one after the other to `/tim-kiem` over HTTP, then
 * the same queries timed in-process through `services.search.search` (the service the page calls).
 * Targets: article ≥ 50 % of healthz's requests/s with p99 < 50 ms; search p95 < 50 ms; page < 100 KB.
 * Last line: one JSON object.
 *   npm run bench -- portal        (PORTAL_ARTICLES=20000 for a quicker, separately cached database;
 *                                    PORTAL_DURATION=5 for shorter load runs)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/server/config.js';
import { fixedClock } from '../src/server/platform/clock.js';
import { openDb } from '../src/server/platform/db.js';
import { buildServices } from '../src/server/services.js';
import { demoVocabulary, ensurePortalData, NOW } from './lib/portal-data.js';

const ARTICLES = Number(process.env.PORTAL_ARTICLES ?? 100_000);
const DURATION = Number(process.env.PORTAL_DURATION ?? 10);
const CONNECTIONS = 50;
const HEADERS = { 'accept-encoding': 'br, gzip', accept: 'text/html' };

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const stat = (times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return { p50: round(pct(s, 0.5)), p95: round(pct(s, 0.95)), p99: round(pct(s, 0.99)), max: round(s[s.length - 1]) };
};

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

async function startServer(file: string, filesDir: string, port: number): Promise<ChildProcess> {
  const root = resolve(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LANTOA_DEMO: 'false', LANTOA_NOW: NOW, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: `sqlite:${file}`, FILES_DIR: filesDir, LOG_LEVEL: 'warn', PUBLIC_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  child.stdout?.resume();
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`máy chủ dừng: ${err.slice(0, 2000)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('máy chủ không khởi động sau 60 s');
}

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers: HEADERS });
  if (r.errors || r.timeouts || r.non2xx) throw new Error(`${url}: ${r.errors} lỗi, ${r.timeouts} quá hạn, ${r.non2xx} không phải 2xx`);
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, requests: r.requests.total };
}

// ---- data
const data = await ensurePortalData(ARTICLES);
console.log(data.reused ? `Dùng lại cơ sở dữ liệu ${data.file}` : `Đã tạo cơ sở dữ liệu ${data.file} trong ${data.buildS} s`);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${data.file}`, FILES_DIR: data.filesDir } as NodeJS.ProcessEnv);
const handle = openDb(config.db);
const sqlite = handle.sqlite!;
const published = (sqlite.prepare("select count(*) as n from news_articles where status = 'published'").get() as { n: number }).n;
// The article measured: the longest demo article (a real cover and body image, not a generated one).
const article = sqlite
  .prepare("select s.slug as site, a.slug, a.title from news_articles a join news_sites s on s.unit_id = a.unit_id where a.status = 'published' and a.id not like 'bench-%' order by length(a.body) desc limit 1")
  .get() as { site: string; slug: string; title: string };
const articlePath = `/don-vi/${article.site}/${article.slug}`;
const categories = (sqlite.prepare('select id, slug from news_categories order by sort').all() as Array<{ id: string; slug: string }>);

// ---- search queries (seeded, varied)
let seed = 5757;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
  return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(l: readonly T[]) => l[Math.floor(rand() * l.length)];
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const { sentences, words } = demoVocabulary();
const fixed = ['nghi quyet 57', 'Nghị quyết 57', 'da nang', 'Đà Nẵng', 'người dân', 'mat tran', 'chuyển đổi số', 'binh dan hoc vu so', 'khoa hoc cong nghe', 'khu dân cư', 'vneid', 'Quảng Phú', 'khoi pho 371', 'khối phố 12', 'đổi mới sáng tạo', 'hoi nghi', '57-NQ/TW', '"nghị quyết" OR -x*', 'NEAR(nghi quyet)', 'thanh toán không dùng tiền mặt'];
const queries: Array<{ q: string; category?: string; kind?: string; type?: string; from?: string; to?: string; page: number }> = [];
for (const q of fixed) queries.push({ q, page: 1 });
// 300 measured queries, then 100 others (same generator) that only warm the server up before the measured pass.
while (queries.length < 400) {
  const r = rand();
  let q: string;
  if (r < 0.35) q = pick(words); // one word, common or rare
  else {
    const w = pick(sentences).split(/\s+/);
    const n = 2 + Math.floor(rand() * 3);
    const at = Math.floor(rand() * Math.max(1, w.length - n));
    q = w.slice(at, at + n).join(' ').replace(/[.,;:!?"“”()]/g, '');
  }
  if (rand() < 0.5) q = fold(q).toLowerCase();
  const entry: (typeof queries)[number] = { q, page: 1 };
  const f = rand();
  if (f < 0.15) entry.category = pick(categories).slug;
  else if (f < 0.25) {
    const y = 2023 + Math.floor(rand() * 4);
    entry.from = `${y}-01-01`;
    entry.to = `${y}-06-30`;
  } else if (f < 0.3) {
    entry.type = 'tin-bai';
    entry.kind = 'article';
  } else if (f < 0.38) entry.page = 2 + Math.floor(rand() * 4);
  queries.push(entry);
}
const warmup = queries.splice(300);
const vn = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const searchUrl = (x: (typeof queries)[number]) => {
  const p = new URLSearchParams({ q: x.q });
  if (x.category) p.set('chuyen-muc', x.category);
  if (x.type) p.set('loai', x.type);
  if (x.from) p.set('tu', vn(x.from));
  if (x.to) p.set('den', vn(x.to));
  if (x.page > 1) p.set('trang', String(x.page));
  return `/tim-kiem?${p}`;
};

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
console.log(`Máy chủ: ${base} (${published.toLocaleString('vi-VN')} tin bài đã đăng); tải trước: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const server = await startServer(data.file, data.filesDir, port);
try {
  // ---- warm-up: fills the page cache and JIT
  for (const path of ['/', articlePath]) {
    const res = await fetch(base + path, { headers: HEADERS });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  }
  await autocannon({ url: base + articlePath, connections: 10, duration: 2, headers: HEADERS });
  await autocannon({ url: `${base}/healthz`, connections: 10, duration: 2, headers: HEADERS });

  const healthz = await load(`${base}/healthz`);
  console.log(`GET /healthz                     ${String(healthz.rps).padStart(6)} req/s  p50 ${healthz.p50} ms  p99 ${healthz.p99} ms`);
  const page = await load(base + articlePath);
  const ratio = round(page.rps / healthz.rps, 3);
  console.log(`GET ${'tin bài (đã cache)'.padEnd(29)} ${String(page.rps).padStart(6)} req/s  p50 ${page.p50} ms  p99 ${page.p99} ms  = ${round(ratio * 100)} % của /healthz`);
  const home = await load(`${base}/`);
  console.log(`GET ${'/ (trang chủ, đã cache)'.padEnd(29)} ${String(home.rps).padStart(6)} req/s  p50 ${home.p50} ms  p99 ${home.p99} ms`);

  // ---- weight of the article page (before images)
  const sizes: Record<string, number> = {};
  let html = '';
  for (const enc of ['br', 'gzip', 'identity']) {
    const res = await fetch(base + articlePath, { headers: { 'accept-encoding': enc } });
    // fetch decodes the body: measure what came over the wire through content-length.
    sizes[enc] = Number(res.headers.get('content-length'));
    const body = Buffer.from(await res.arrayBuffer());
    if (enc === 'identity') html = body.toString();
    if (res.headers.get('content-encoding') !== (enc === 'identity' ? null : enc)) throw new Error(`mã hóa ${enc}: nhận ${res.headers.get('content-encoding')}`);
  }
  const css = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
  const cssRes = css ? await fetch(base + css, { headers: { 'accept-encoding': 'br' } }) : null;
  const cssBr = cssRes ? Number(cssRes.headers.get('content-length')) || Buffer.from(await cssRes.arrayBuffer()).length : 0;
  const scripts = (html.match(/<script\b(?![^>]*type="application\/ld\+json")/g) ?? []).length;
  if (!html.includes(article.title.replace(/"/g, '&quot;').slice(0, 30))) throw new Error('trang tin bài không có tiêu đề');
  const kb = (n: number) => round(n / 1024);
  console.log(`Trang tin bài: HTML ${kb(sizes.identity)} KB, brotli ${kb(sizes.br)} KB, gzip ${kb(sizes.gzip)} KB; CSS (brotli) ${kb(cssBr)} KB; thẻ <script> chạy được: ${scripts}`);

  // ---- search over HTTP (one request after another), after 100 other queries have warmed up the JIT and caches
  for (const x of warmup) await (await fetch(base + searchUrl(x), { headers: HEADERS })).arrayBuffer();
  // ---- search over HTTP (one request after another)
  const httpTimes: number[] = [];
  let zero = 0;
  for (const x of queries) {
    const t = performance.now();
    const res = await fetch(base + searchUrl(x), { headers: HEADERS });
    const body = await res.arrayBuffer();
    httpTimes.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${searchUrl(x)}: ${res.status}`);
    if (x.q === 'nghi quyet 57') {
      const text = Buffer.from(body).toString(); // fetch has decoded it
      if (!text.includes('<mark>Nghị quyết 57</mark>')) throw new Error('"nghi quyet 57" không tìm thấy "Nghị quyết 57"');
    }
  }
  const http = stat(httpTimes);
  console.log(`Tìm kiếm qua HTTP /tim-kiem (${queries.length} truy vấn, tuần tự): p50 ${http.p50} ms  p95 ${http.p95} ms  p99 ${http.p99} ms  max ${http.max} ms`);

  // ---- the same queries through the search service, in this process
  const services = buildServices(handle, fixedClock(NOW), config);
  const { site } = await services.portal.homeSite();
  const svcTimes: number[] = [];
  const slowest: Array<[number, string]> = [];
  let capped = 0;
  for (const round2 of [0, 1]) {
    for (const x of queries) {
      const categoryId = x.category ? categories.find((c) => c.slug === x.category)?.id : undefined;
      const t = performance.now();
      const r = await services.search.search({ q: x.q, kind: x.kind, categoryId, unitId: site.unitId, from: x.from, to: x.to, page: x.page, pageSize: 12 });
      const ms = performance.now() - t;
      if (round2 === 1) {
        svcTimes.push(ms);
        slowest.push([ms, searchUrl(x)]);
        if (r.totalCapped) capped++;
        if (!r.total) zero++;
      }
    }
  }
  const svc = stat(svcTimes);
  slowest.sort((a, b) => b[0] - a[0]);
  console.log(`Tìm kiếm trong tiến trình (services.search.search, ${queries.length} truy vấn): p50 ${svc.p50} ms  p95 ${svc.p95} ms  p99 ${svc.p99} ms  max ${svc.max} ms; ${capped} truy vấn hơn 1.000 kết quả, ${zero} không có kết quả`);
  console.log(`Chậm nhất: ${slowest.slice(0, 3).map(([ms, u]) => `${round(ms)} ms ${decodeURIComponent(u)}`).join('; ')}`);

  const targets = { articleRatio: ratio >= 0.5, articleP99: page.p99 < 50, searchP95: http.p95 < 50, weight: sizes.br < 100 * 1024 && sizes.gzip < 100 * 1024, noScript: scripts === 0 };
  console.log(`Mục tiêu: ${Object.entries(targets).map(([k, v]) => `${k} ${v ? 'đạt' : 'CHƯA ĐẠT'}`).join(', ')}`);
  console.log(
    JSON.stringify({
      bench: 'portal',
      articles: published,
      connections: CONNECTIONS,
      durationS: DURATION,
      healthz,
      article: { ...page, path: articlePath },
      home,
      articleToHealthzRatio: ratio,
      articleKb: { br: kb(sizes.br), gzip: kb(sizes.gzip), identity: kb(sizes.identity) },
      cssBrKb: kb(cssBr),
      scripts,
      search: { queries: queries.length, http, service: svc, cappedQueries: capped, emptyQueries: zero },
      targets,
      loadAverage: loadavg().map((x) => round(x)),
      engine: 'sqlite',
      node: process.version,
    }),
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await handle.close();
}
