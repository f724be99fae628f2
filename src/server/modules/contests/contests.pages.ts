/**
 * Citizen-facing contest pages: `/cuoc-thi/<slug>` is server-rendered in the public site's shell (rules,
 * round schedule, prizes, masked leaderboard) and loads one small framework-free module
 * (src/contest/main.ts) for registration, the attempt, the result and "Dữ liệu của tôi".
 *
 * The module is bundled by esbuild (already a runtime dependency through tsx) on first use, kept in
 * memory with its gzip form and served under a content-hashed URL cached for a year — no build step,
 * so the page can never reference a stale or missing bundle.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { type Html, html, jsonLd, raw } from '../portal/portal.html.js';
import { layout } from '../portal/portal.templates.js';

const HTML = 'text/html; charset=utf-8';
const ENTRY = resolve(import.meta.dirname, '../../../contest/main.ts');

export interface ContestBundle {
  hash: string;
  js: Buffer;
  gz: Buffer;
}

let bundle: Promise<ContestBundle> | null = null;
/** Bundles and minifies the client once per process. */
export function contestBundle(): Promise<ContestBundle> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      write: false,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
    });
    const js = Buffer.from(out.outputFiles[0].contents);
    return { js, gz: gzipSync(js, { level: 9 }), hash: createHash('sha1').update(js).digest('hex').slice(0, 10) };
  })();
  bundle.catch(() => {
    bundle = null;
  });
  return bundle;
}

const two = (n: number) => String(n).padStart(2, '0');
/** dd/mm/yyyy HH:mm in Việt Nam time (UTC+7, no daylight saving). */
function vnDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}
const STATE = { upcoming: 'Sắp mở', open: 'Đang mở', closed: 'Đã kết thúc' } as const;
const PRIZE_KIND = { individual: 'cá nhân', unit: 'tập thể', referral: 'người chia sẻ' } as const;

export const CONTEST_CSS = `
.ct-hero{background:var(--gold-soft);border-radius:var(--radius);padding:14px 16px;margin-bottom:20px}
.ct-facts{display:flex;flex-wrap:wrap;gap:8px 20px;margin:8px 0 0;padding:0;list-style:none;font-weight:600}
.ct-grid{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:28px;align-items:start}
.ct-side .box:first-child{margin-top:0}
.ct-rounds,.ct-prizes,.ct-board{list-style:none;margin:0;padding:0}
.ct-rounds li,.ct-prizes li,.ct-board li{padding:8px 0;border-bottom:1px solid var(--line)}
.ct-rounds li:last-child,.ct-prizes li:last-child,.ct-board li:last-child{border-bottom:0}
.ct-muted{color:var(--muted);font-size:14px}
.ct-badge{display:inline-block;font-size:13px;font-weight:600;padding:1px 8px;border-radius:99px;background:#e8e2d8}
.ct-badge.open{background:#d8f0dc;color:#14532d}
.ct-badge.bad{background:#fde8e8;color:#8a0c13}
.ct-board li{display:grid;grid-template-columns:2em minmax(0,1fr) auto;gap:8px}
.ct-app{border:2px solid var(--red);border-radius:var(--radius);padding:16px;margin-bottom:24px;background:#fff}
.ct-app h2{color:var(--red);font-size:22px;margin-bottom:8px}
.ct-app h3{font-size:18px;margin:0 0 8px}
.ct-f{display:flex;flex-direction:column;gap:4px;margin-bottom:14px}
.ct-f label,.ct-f legend{font-weight:600}
.ct-f input:not([type=radio]):not([type=checkbox]),.ct-f select{font:inherit;padding:9px 10px;border:1px solid #8b847b;border-radius:var(--radius);background:#fff;min-height:44px;width:100%}
.ct-f input[aria-invalid=true],.ct-f select[aria-invalid=true]{border-color:var(--red);border-width:2px}
.ct-help{color:var(--muted);font-size:14px;margin:0}
form>.ct-help:first-child{margin-bottom:12px}
.ct-err{color:var(--red);font-size:14px;font-weight:600;margin:0}
.ct-alert{background:#fde8e8;border-left:4px solid var(--red);padding:10px 12px;margin-bottom:14px;border-radius:var(--radius)}
.ct-ok{background:#e3f4e6;border-left:4px solid #2e7d32;padding:10px 12px;margin-bottom:14px;border-radius:var(--radius)}
.ct-radios{display:flex;gap:16px;flex-wrap:wrap;border:0;padding:0;margin:0 0 14px}
.ct-radios label{font-weight:400;display:flex;align-items:center;gap:8px;min-height:44px}
.ct-radios input{width:20px;height:20px;margin:0}
.ct-radios legend{padding:0;margin-bottom:2px;font-weight:600;width:100%}
.ct-consent{display:flex;gap:10px;align-items:flex-start;background:var(--warm);padding:12px;border-radius:var(--radius);margin-bottom:14px;font-size:15px}
.ct-consent input{width:22px;height:22px;flex:none;margin-top:2px}
.ct-btn{font:inherit;font-weight:600;min-height:44px;padding:9px 18px;border-radius:var(--radius);border:2px solid var(--red);background:var(--red);color:#fff;cursor:pointer}
.ct-btn:hover{background:var(--red-dark)}
.ct-btn[disabled]{opacity:.6;cursor:wait}
.ct-btn.sec{background:#fff;color:var(--red)}
.ct-link{font:inherit;background:none;border:0;padding:8px 0;color:var(--blue);text-decoration:underline;cursor:pointer;min-height:44px}
.ct-actions{display:flex;flex-wrap:wrap;gap:10px;align-items:center}
.ct-sticky-act{position:sticky;bottom:0;background:#fff;padding:10px 0;border-top:1px solid var(--line);margin-top:8px}
.ct-bar{position:sticky;top:0;z-index:5;background:var(--red);color:#fff;display:flex;justify-content:space-between;align-items:center;gap:8px;padding:8px 16px;margin:0 -16px 12px}
.ct-clock{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
.ct-clock.low{color:var(--gold)}
.ct-q{border:1px solid var(--line);border-radius:var(--radius);padding:12px;margin:0 0 14px}
.ct-q legend{font-weight:600;padding:0;float:left;width:100%;margin-bottom:6px}
.ct-q legend+*{clear:both}
.ct-opt{display:flex;gap:10px;align-items:flex-start;padding:10px;border-radius:var(--radius);cursor:pointer;min-height:44px}
.ct-opt:hover{background:var(--warm)}
.ct-opt input{width:20px;height:20px;flex:none;margin-top:3px}
.ct-opt.right{background:#e3f4e6}
.ct-opt.wrong{background:#fde8e8}
.ct-save{font-size:13px;color:var(--muted);min-height:1.4em;margin:4px 0 0}
.ct-save.ok{color:#2e7d32}
.ct-save.bad{color:var(--red);font-weight:600}
.ct-expl{background:var(--warm);padding:8px 10px;border-radius:var(--radius);font-size:15px;margin-top:6px}
.ct-score{font-size:28px;font-weight:700;color:var(--red)}
.ct-modal{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;padding:16px;z-index:20}
.ct-modal>div{background:#fff;border-radius:var(--radius);padding:18px;max-width:420px;width:100%}
.ct-dl{display:grid;grid-template-columns:auto minmax(0,1fr);gap:4px 12px;margin:0 0 14px}
.ct-dl dt{color:var(--muted)}
.ct-dl dd{margin:0;font-weight:600}
@media (max-width:900px){.ct-grid{grid-template-columns:minmax(0,1fr)}}
@media (max-width:600px){.ct-app{padding:12px;margin-left:-4px;margin-right:-4px}.ct-bar{margin:0 -12px 12px;padding:8px 12px}.ct-app h2{font-size:20px}}
`;

/** "Ủy ban MTTQ Việt Nam phường Tam Kỳ" → "Phường Tam Kỳ": citizens pick the place, not the committee. */
export const placeName = (name: string) => {
  const short = name.replace(/^Ủy ban (MTTQ|Mặt trận Tổ quốc) Việt Nam\s+/u, '');
  return short.charAt(0).toUpperCase() + short.slice(1);
};

/** The rules sit under the page's own "Thể lệ" heading: their h2/h3 become h3/h4. */
const demoteHeadings = (rules: string) => rules.replace(/<(\/?)h([23])\b/gi, (_m, slash: string, n: string) => `<${slash}h${Number(n) + 1}`);

interface Board {
  frozen: boolean;
  roundNo: number;
  participants: number;
  rows: Array<{ rank: number; name: string; phone: string; unitName: string; correct: number }>;
}

function page(c: Awaited<ReturnType<Services['contestPlay']['publicContest']>>, board: Board | null, jsUrl: string): Html {
  const current = c.rounds.find((r) => r.id === c.currentRoundId);
  const closed = c.status === 'closed';
  const boot = { slug: c.slug, title: c.title, status: c.status, currentRoundId: c.currentRoundId, consentText: c.consentText, wards: c.wards.map((w) => ({ ...w, name: placeName(w.name) })), questionsPerAttempt: c.questionsPerAttempt, timeLimitMinutes: c.timeLimitMinutes };
  return html`<div class="wrap">
<header class="page-h"><h1>${c.title}</h1><p>Đơn vị tổ chức: ${c.organiser}</p></header>
<div class="ct-hero">
  <p style="margin:0">${closed ? 'Cuộc thi đã kết thúc. Cảm ơn bạn đã quan tâm.' : current ? html`<strong>${current.title}</strong> đang mở đến ${vnDateTime(current.closesAt)}.` : 'Hiện chưa có tuần thi nào đang mở — xem lịch các tuần thi bên dưới.'}</p>
  <ul class="ct-facts"><li>${c.questionsPerAttempt} câu hỏi + 1 câu dự đoán</li><li>${c.timeLimitMinutes} phút mỗi lượt</li><li>Tối đa ${c.attemptsPerRound} lượt mỗi tuần</li></ul>
</div>
<div class="ct-grid">
<div>
  <section id="tham-gia" class="ct-app" aria-live="polite" data-js="${jsUrl}">
    <h2>Tham gia dự thi</h2>
    <noscript><p>Trình duyệt của bạn đang tắt JavaScript. Hãy bật JavaScript để đăng ký và làm bài thi.</p></noscript>
    <p class="ct-muted" id="ct-loading">Đang tải…</p>
  </section>
  <script type="application/json" id="ct-boot">${jsonLd(boot)}</script>
  <section aria-labelledby="the-le"><h2 id="the-le" class="box-h">Thể lệ</h2><div class="story-body">${raw(demoteHeadings(c.rules))}</div></section>
</div>
<aside class="ct-side">
  <section class="box" aria-labelledby="lich"><h2 id="lich" class="box-h">Lịch các tuần thi</h2>
    <ul class="ct-rounds">${c.rounds.map(
      (r) => html`<li><strong>${r.title}</strong> <span class="ct-badge ${r.state === 'open' ? 'open' : ''}">${STATE[r.state]}</span><br><span class="ct-muted">Từ ${vnDateTime(r.opensAt)} đến ${vnDateTime(r.closesAt)}</span>${r.actualValue !== null ? html`<br><span class="ct-muted">Số người trả lời đúng tất cả: ${r.actualValue}</span>` : ''}</li>`,
    )}</ul>
  </section>
  <section class="box" aria-labelledby="giai"><h2 id="giai" class="box-h">Giải thưởng mỗi tuần</h2>
    <ul class="ct-prizes">${(c.prizes as Array<{ label: string; count: number; kind: keyof typeof PRIZE_KIND }>).map((p) => html`<li>${p.label}: <strong>${p.count}</strong> giải <span class="ct-muted">(${PRIZE_KIND[p.kind]})</span></li>`)}</ul>
  </section>
  <section class="box" aria-labelledby="bxh"><h2 id="bxh" class="box-h">Bảng xếp hạng</h2>
    ${
      board?.rows.length
        ? html`<p class="ct-muted">Tuần thi thứ ${board.roundNo} · ${board.participants} người dự thi${board.frozen ? ' · kết quả chính thức' : ' · tạm tính'}</p>
    <ol class="ct-board">${board.rows.map((r) => html`<li><strong>${r.rank}</strong><span>${r.name}<br><span class="ct-muted">${r.phone} · ${placeName(r.unitName)}</span></span><span>${r.correct}/${c.questionsPerAttempt}</span></li>`)}</ol>`
        : html`<p class="ct-muted">Chưa có bài thi nào được nộp.</p>`
    }
    <p class="ct-muted">Tên và số điện thoại được che một phần để bảo vệ dữ liệu cá nhân.</p>
  </section>
</aside>
</div>
</div>
<script type="module" src="${jsUrl}"></script>`;
}

export function contestPages(app: FastifyInstance, s: Services) {
  const hide = { schema: { hide: true } };

  app.get<{ Params: { file: string } }>('/cuoc-thi/_/:file', hide, async (req, reply) => {
    const b = await contestBundle();
    if (req.params.file !== `contest.${b.hash}.js`) return reply.code(404).type('text/plain; charset=utf-8').send('Không tìm thấy tệp.');
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(b.gz);
    return reply.send(b.js);
  });

  app.get<{ Params: { slug: string } }>('/cuoc-thi/:slug', hide, async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) => {
    const base = s.portal.publicUrl || `${req.protocol}://${req.host}`;
    let c: Awaited<ReturnType<Services['contestPlay']['publicContest']>>;
    try {
      c = await s.contestPlay.publicContest(req.params.slug);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 404) throw e;
      // A fresh installation has no unit (hence no site shell) yet.
      if ((await s.units.tree()).units.size === 0) return reply.code(404).type('text/plain; charset=utf-8').send('Không tìm thấy cuộc thi.');
      const { site } = await s.portal.homeSite();
      const categories = await s.portal.categories();
      const content = html`<div class="wrap narrow"><header class="page-h"><h1>Không tìm thấy cuộc thi</h1></header><p>Cuộc thi bạn mở không có hoặc chưa công bố. Hãy quay về <a href="/">trang chủ</a>.</p></div>`;
      return reply.code(404).type(HTML).header('cache-control', 'no-cache').send(layout({ base, title: 'Không tìm thấy cuộc thi', description: 'Không tìm thấy cuộc thi.', path: req.url, noindex: true }, site, categories, content));
    }
    const { site } = await s.portal.homeSite();
    const categories = await s.portal.categories();
    const board = (await s.contestPlay.leaderboard(c.slug, 10).catch((e) => {
      if (e instanceof AppError && e.status === 404) return null;
      throw e;
    })) as Board | null;
    const b = await contestBundle();
    const path = `/cuoc-thi/${c.slug}`;
    const body = layout(
      { base, title: c.title, description: `${c.title} — ${c.organiser}. Thể lệ, lịch các tuần thi, giải thưởng, đăng ký dự thi trực tuyến.`, path },
      site,
      categories,
      page(c, board, `/cuoc-thi/_/contest.${b.hash}.js`),
    ).replace('</head>', `<style>${CONTEST_CSS}</style>\n<link rel="modulepreload" href="/cuoc-thi/_/contest.${b.hash}.js">\n</head>`);
    return reply.type(HTML).header('cache-control', 'no-cache').send(body);
  });
}
