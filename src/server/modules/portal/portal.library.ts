/**
 * Public pages of the registry of good models and exemplary people, the materials library and the
 * public plans ("Văn bản"): lists with filters, profile / material / document pages, downloads.
 * Server-rendered with the portal's layout; no JavaScript (filters are GET forms).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NewsCategoryTable, NewsImageTable } from '../../platform/db-schema.js';
import { SESSION_COOKIE } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import { flattenRichDoc, renderPdf } from '../documents/index.js';
import { flatText } from '../documents/flatten.js';
import { MATERIAL_KIND_LABELS, MATERIAL_KINDS, type MaterialKind } from '../materials/index.js';
import { fieldLabel, MODEL_CATEGORY_SLUGS, MODEL_FIELD_KEYS, MODEL_KIND_LABELS, MODEL_PATHS, type ModelKind, paragraphs, splitLines } from '../models/index.js';
import { contentDisposition } from '../plans/plans.routes.js';
import { exportFileName, toOfficialDocument } from '../plans/plans.document.js';
import { type Html, html, raw } from './portal.html.js';
import { type Card, type Img, PortalService, type SiteInfo } from './portal.service.js';
import { cardItem, layout, pager, picture } from './portal.templates.js';

const fmtDate = PortalService.date;
const vnDate = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');
const HTML = 'text/html; charset=utf-8';
const PROFILE_PAGE = 12;
const MATERIAL_PAGE = 20;
const PLAN_PAGE = 20;

type Send = (req: FastifyRequest, reply: FastifyReply, key: string, type: string, render: (base: string) => Promise<string | Buffer | null>) => Promise<FastifyReply>;

export interface LibraryHelpers {
  send: Send;
  notFound: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
}

const str = (v: unknown, max = 100): string => (typeof v === 'string' ? v.slice(0, max) : '');
const pageOf = (v: unknown): number | null => {
  if (v === undefined || v === '') return 1;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : null;
};
const sizeLabel = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
const selected = (on: boolean) => (on ? raw(' selected') : '');

function crumbs(items: Array<{ name: string; url?: string }>): Html {
  return html`<nav class="crumbs" aria-label="Vị trí"><a href="/">Trang chủ</a>${items.map((i) => html` › ${i.url ? html`<a href="${i.url}">${i.name}</a>` : html`<span>${i.name}</span>`}`)}</nav>`;
}

// ---- good models and exemplary people ----

function profileCards(portal: PortalService, rows: Array<{ id: string; kind: string; name: string; slug: string; summary: string; unit_id: string; published_at: string | null; updated_at: string; field: string }>, photos: Map<string, NewsImageTable[]>, unitName: (id: string) => string): Card[] {
  return rows.map((r) => {
    const p = photos.get(r.id)?.[0];
    return {
      id: r.id,
      title: r.name,
      sapo: r.summary,
      url: `${MODEL_PATHS[r.kind as ModelKind]}/${r.slug}`,
      category: { name: fieldLabel(r.field), url: `${MODEL_PATHS[r.kind as ModelKind]}?linh-vuc=${r.field}` },
      unit: { name: unitName(r.unit_id), url: null },
      publishedAt: r.published_at ?? r.updated_at,
      image: p ? portal.img(p) : null,
    };
  });
}

/** The profiles block shown on the "Mô hình hay" / "Gương điển hình" category pages. */
export async function profilesBlock(s: Services, kind: ModelKind): Promise<Html> {
  const portal = s.portal;
  const tree = await s.units.tree();
  const list = await s.models.publicList({ kind, page: 1, pageSize: 6 });
  if (!list.total) return html``;
  const cards = profileCards(portal, list.rows, list.photos, (id) => tree.get(id)?.short_name || tree.get(id)?.name || '');
  const label = kind === 'model' ? 'Mô hình hay được công nhận' : 'Gương điển hình tiên tiến';
  return html`<section aria-labelledby="profiles-h"><h2 id="profiles-h" class="section-h"><a href="${MODEL_PATHS[kind]}">${label}</a><a class="more" href="${MODEL_PATHS[kind]}">Xem tất cả ${list.total}<span class="sr-only"> ${label.toLowerCase()}</span></a></h2>
  <div class="grid">${cards.map((c) => cardItem(c, { sapo: false, sizes: '(max-width: 700px) 50vw, 240px' }))}</div></section>`;
}

function profilesPage(
  base: string,
  site: SiteInfo,
  categories: NewsCategoryTable[],
  kind: ModelKind,
  d: { cards: Card[]; total: number; page: number; pages: number; facets: Awaited<ReturnType<Services['models']['publicFacets']>>; filter: { field?: string; unitId?: string; year?: number } },
): string {
  const path = MODEL_PATHS[kind];
  const heading = kind === 'model' ? 'Mô hình hay' : 'Gương điển hình tiên tiến';
  const intro = kind === 'model' ? 'Mô hình hay, cách làm sáng tạo ở cơ sở đã được Ủy ban MTTQ Việt Nam cấp trên công nhận.' : 'Gương người tốt, việc tốt, điển hình tiên tiến trong các phong trào thi đua ở cơ sở.';
  const f = d.filter;
  const extra = new URLSearchParams({ ...(f.field ? { 'linh-vuc': f.field } : {}), ...(f.unitId ? { 'don-vi': f.unitId } : {}), ...(f.year ? { nam: String(f.year) } : {}) }).toString();
  const filtered = !!extra;
  const content = html`<div class="wrap">
  ${crumbs([{ name: heading }])}
  <header class="page-h"><h1>${heading}</h1><p>${intro}</p><p class="feed-link">${d.total} hồ sơ${filtered ? ' phù hợp bộ lọc' : ''} · <a href="/chuyen-muc/${MODEL_CATEGORY_SLUGS[kind]}">Tin bài chuyên mục ${kind === 'model' ? 'Mô hình hay' : 'Gương điển hình'}</a></p></header>
  <form class="search-form filters" action="${path}" method="get" aria-label="Lọc hồ sơ">
    <div class="field grow"><label for="lv">Lĩnh vực</label><select id="lv" name="linh-vuc"><option value="">Tất cả lĩnh vực</option>${d.facets.fields.map((x) => html`<option value="${x.key}"${selected(f.field === x.key)}>${x.label}</option>`)}</select></div>
    <div class="field grow"><label for="dv">Đơn vị</label><select id="dv" name="don-vi"><option value="">Tất cả đơn vị</option>${d.facets.units.map((x) => html`<option value="${x.id}"${selected(f.unitId === x.id)}>${x.name}</option>`)}</select></div>
    <div class="field"><label for="nam">Năm</label><select id="nam" name="nam"><option value="">Tất cả</option>${d.facets.years.map((y) => html`<option value="${y}"${selected(f.year === y)}>${y}</option>`)}</select></div>
    <div class="field"><button type="submit">Lọc</button></div>
    ${filtered ? html`<p class="hint"><a href="${path}">Bỏ bộ lọc</a></p>` : ''}
  </form>
  ${d.cards.length ? html`<div class="list profiles">${d.cards.map((c, i) => cardItem(c, { level: 2, eager: i === 0 && d.page === 1, sizes: '(max-width: 700px) 120px, 240px' }))}</div>` : html`<p class="empty">Chưa có hồ sơ nào${filtered ? ' phù hợp bộ lọc' : ''}.</p>`}
  ${pager(path, d.page, d.pages, 'trang', extra)}
</div>`;
  return layout(
    { base, title: d.page > 1 ? `${heading} — trang ${d.page}` : heading, description: intro, path: d.page > 1 || filtered ? `${path}?${extra}${extra && d.page > 1 ? '&' : ''}${d.page > 1 ? `trang=${d.page}` : ''}` : path },
    site,
    categories,
    content,
    { current: MODEL_CATEGORY_SLUGS[kind] },
  );
}

function profilePage(base: string, site: SiteInfo, categories: NewsCategoryTable[], p: NonNullable<Awaited<ReturnType<Services['models']['publicProfile']>>>, imgs: Img[], stories: Card[]): string {
  const r = p.row;
  const kind = r.kind as ModelKind;
  const path = `${MODEL_PATHS[kind]}/${r.slug}`;
  const url = base + path;
  const share = encodeURIComponent(url);
  const [cover, ...more] = imgs;
  const heading = kind === 'model' ? 'Mô hình hay' : 'Gương điển hình tiên tiến';
  const achievements = splitLines(r.achievements);
  const honour = r.honour_form && r.honour_doc_number && r.honour_doc_date ? { form: r.honour_form, no: r.honour_doc_number, date: r.honour_doc_date } : null;
  const content = html`<div class="wrap">
  ${crumbs([{ name: heading, url: MODEL_PATHS[kind] }])}
  <article class="story profile">
    <header class="story-h">
      <p class="meta"><a class="tag" href="${MODEL_PATHS[kind]}?linh-vuc=${r.field}">${fieldLabel(r.field)}</a><span>${MODEL_KIND_LABELS[kind]}</span><span>Năm ${r.year}</span></p>
      <h1>${r.name}</h1>
      <dl class="facts">
        <div><dt>Đơn vị đề xuất</dt><dd>${p.unitName}</dd></div>
        <div><dt>Địa bàn</dt><dd>${r.place}</dd></div>
        ${r.published_at ? html`<div><dt>Công nhận</dt><dd><time datetime="${r.published_at}">${fmtDate(r.published_at)}</time></dd></div>` : ''}
      </dl>
    </header>
    ${r.summary ? html`<p class="story-sapo">${r.summary}</p>` : ''}
    ${cover ? html`<figure class="figure cover">${picture(cover, '(max-width: 800px) 100vw, 760px', true)}${cover.caption ? html`<figcaption>${cover.caption}</figcaption>` : ''}</figure>` : ''}
    <div class="story-body">${paragraphs(r.description).map((t) => html`<p>${t}</p>`)}</div>
    ${achievements.length ? html`<section class="box achievements" aria-labelledby="tt-h"><h2 id="tt-h" class="box-h">Thành tích</h2><ul>${achievements.map((a) => html`<li>${a}</li>`)}</ul></section>` : ''}
    ${honour ? html`<section class="box honour" aria-labelledby="kt-h"><h2 id="kt-h" class="box-h">Khen thưởng</h2><p class="honour-line"><strong>${honour.form}</strong></p><p class="honour-line">Quyết định số ${honour.no} ngày ${vnDate(honour.date)}</p></section>` : ''}
    ${more.length ? html`<section aria-labelledby="anh-h"><h2 id="anh-h" class="section-h"><span>Hình ảnh</span></h2><div class="photo-grid">${more.map((i) => html`<figure class="figure">${picture(i, '(max-width: 700px) 50vw, 250px')}${i.caption ? html`<figcaption>${i.caption}</figcaption>` : ''}</figure>`)}</div></section>` : ''}
    <div class="share" aria-label="Chia sẻ">
      <span class="lbl">Chia sẻ:</span>
      <a class="share-fb" href="https://www.facebook.com/sharer/sharer.php?u=${share}" rel="noopener" target="_blank">Facebook<span class="sr-only"> (mở cửa sổ mới)</span></a>
      <a class="share-zalo" href="https://sp.zalo.me/share_to?url=${share}" rel="noopener" target="_blank">Zalo<span class="sr-only"> (mở cửa sổ mới)</span></a>
    </div>
  </article>
  ${stories.length ? html`<section class="related" aria-labelledby="rel-h"><h2 id="rel-h" class="section-h"><span>Tin bài liên quan</span></h2><div class="grid">${stories.map((c) => cardItem(c, { sapo: false }))}</div></section>` : ''}
</div>`;
  const ogImage = cover ? { url: base + cover.jpeg, alt: cover.alt, width: 1200, height: 630 } : { url: `${base}/portal/og-default.jpg`, alt: site.name, width: 1200, height: 630 };
  return layout(
    {
      base,
      title: r.name,
      description: r.summary || r.name,
      path,
      og: { type: 'article', image: ogImage, publishedTime: r.published_at ?? undefined, section: heading },
      ld: {
        '@context': 'https://schema.org',
        '@type': 'Article',
        headline: r.name.slice(0, 110),
        description: r.summary,
        image: [ogImage.url],
        datePublished: r.published_at,
        dateModified: r.updated_at,
        author: [{ '@type': 'Organization', name: p.unitName }],
        publisher: { '@type': 'Organization', name: site.name, logo: { '@type': 'ImageObject', url: `${base}/portal/emblem.png` } },
        mainEntityOfPage: { '@type': 'WebPage', '@id': url },
        articleSection: heading,
        inLanguage: 'vi',
      },
    },
    site,
    categories,
    content,
    { current: MODEL_CATEGORY_SLUGS[kind] },
  );
}

// ---- materials ----

type MaterialItem = Awaited<ReturnType<Services['materials']['publicList']>>['items'][number];

function materialItem(m: MaterialItem, level: 2 | 3 = 2): Html {
  const title = html`<a href="/tai-lieu/${m.id}">${m.title}</a>`;
  return html`<li class="doc-item">
    <div class="doc-main">
      ${level === 2 ? html`<h2 class="card-title">${title}</h2>` : html`<h3 class="card-title">${title}</h3>`}
      <p class="meta"><span class="tag">${m.kindLabel}</span><time datetime="${m.createdAt}">${fmtDate(m.createdAt)}</time><span class="unit">${m.unitName}</span></p>
      ${m.description ? html`<p class="sapo doc-sapo">${m.description}</p>` : ''}
      ${m.topics.length ? html`<p class="doc-topics"><span class="lbl">Chủ đề:</span> ${m.topics.map((t, i) => html`${i ? ', ' : ''}<a href="/tai-lieu?chu-de=${t.id}">${t.title}</a>`)}</p>` : ''}
    </div>
    <div class="doc-side">
      <a class="btn-download" href="${m.downloadUrl}" download>Tải về<span class="sr-only"> «${m.title}»</span></a>
      <span class="doc-file">${m.file.typeLabel} · ${sizeLabel(m.file.size)}</span>
      <span class="doc-file">${m.downloads.toLocaleString('vi-VN')} lượt tải</span>
    </div>
  </li>`;
}

function materialsPage(
  base: string,
  site: SiteInfo,
  categories: NewsCategoryTable[],
  d: { items: MaterialItem[]; total: number; page: number; pages: number; topics: Array<{ id: string; title: string }>; filter: { kind?: string; topicId?: string } },
): string {
  const f = d.filter;
  const extra = new URLSearchParams({ ...(f.topicId ? { 'chu-de': f.topicId } : {}), ...(f.kind ? { loai: f.kind } : {}) }).toString();
  const content = html`<div class="wrap">
  ${crumbs([{ name: 'Tài liệu tuyên truyền' }])}
  <header class="page-h"><h1>Tài liệu tuyên truyền</h1><p>Tài liệu, hỏi - đáp, infographic, bài trình chiếu, tờ rơi để in, chia sẻ và dùng trong các buổi sinh hoạt ở khu dân cư. Được phép sử dụng lại, ghi rõ nguồn.</p><p class="feed-link">${d.total} tài liệu${extra ? ' phù hợp bộ lọc' : ''}</p></header>
  <form class="search-form filters" action="/tai-lieu" method="get" aria-label="Lọc tài liệu">
    <div class="field grow"><label for="cd">Chủ đề</label><select id="cd" name="chu-de"><option value="">Tất cả chủ đề</option>${d.topics.map((t) => html`<option value="${t.id}"${selected(f.topicId === t.id)}>${t.title}</option>`)}</select></div>
    <div class="field grow"><label for="loai">Loại tài liệu</label><select id="loai" name="loai"><option value="">Tất cả loại</option>${MATERIAL_KINDS.map((k) => html`<option value="${k}"${selected(f.kind === k)}>${MATERIAL_KIND_LABELS[k]}</option>`)}</select></div>
    <div class="field"><button type="submit">Lọc</button></div>
    ${extra ? html`<p class="hint"><a href="/tai-lieu">Bỏ bộ lọc</a></p>` : ''}
  </form>
  ${d.items.length ? html`<ul class="doc-list">${d.items.map((m) => materialItem(m))}</ul>` : html`<p class="empty">Chưa có tài liệu nào${extra ? ' phù hợp bộ lọc' : ''}.</p>`}
  ${pager('/tai-lieu', d.page, d.pages, 'trang', extra)}
  <p class="more-link"><a href="/chuyen-muc/tai-lieu-tuyen-truyen">Tin bài chuyên mục Tài liệu tuyên truyền</a></p>
</div>`;
  return layout(
    { base, title: d.page > 1 ? `Tài liệu tuyên truyền — trang ${d.page}` : 'Tài liệu tuyên truyền', description: 'Tài liệu tuyên truyền Nghị quyết 57-NQ/TW và các phong trào ở khu dân cư: tải về miễn phí.', path: extra || d.page > 1 ? `/tai-lieu?${extra}${extra && d.page > 1 ? '&' : ''}${d.page > 1 ? `trang=${d.page}` : ''}` : '/tai-lieu' },
    site,
    categories,
    content,
    { current: 'tai-lieu-tuyen-truyen' },
  );
}

function materialPage(base: string, site: SiteInfo, categories: NewsCategoryTable[], m: NonNullable<Awaited<ReturnType<Services['materials']['publicDetail']>>>): string {
  const content = html`<div class="wrap">
  ${crumbs([{ name: 'Tài liệu tuyên truyền', url: '/tai-lieu' }])}
  <article class="story material">
    <header class="story-h">
      <p class="meta"><a class="tag" href="/tai-lieu?loai=${m.kind}">${m.kindLabel}</a><time datetime="${m.createdAt}">${fmtDate(m.createdAt)}</time><span class="unit">${m.unitName}</span></p>
      <h1>${m.title}</h1>
    </header>
    ${m.description ? html`<p class="story-sapo">${m.description}</p>` : ''}
    <p><a class="btn-download big" href="${m.downloadUrl}" download>Tải về (${m.file.typeLabel}, ${sizeLabel(m.file.size)})</a></p>
    <p class="doc-file">${m.downloads.toLocaleString('vi-VN')} lượt tải · phiên bản ${m.currentVersion}</p>
    ${m.topics.length ? html`<div class="topics"><p><span class="lbl">Chủ đề:</span> ${m.topics.map((t, i) => html`${i ? ', ' : ''}<a href="/tai-lieu?chu-de=${t.id}">${t.title}</a>`)}</p></div>` : ''}
    ${
      m.versions.length > 1
        ? html`<section aria-labelledby="pb-h"><h2 id="pb-h" class="section-h"><span>Các phiên bản</span></h2><ul class="versions">${m.versions.map(
            (v) =>
              html`<li><a href="/tai-lieu/${m.id}/tai-ve?phien-ban=${v.versionNo}">Phiên bản ${v.versionNo}</a> — ${fmtDate(v.createdAt)} · ${v.file.typeLabel}, ${sizeLabel(v.file.size)}${v.note ? html` · ${v.note}` : ''}${v.versionNo === m.currentVersion ? ' (hiện hành)' : ''}</li>`,
          )}</ul></section>`
        : ''
    }
  </article>
</div>`;
  return layout({ base, title: m.title, description: m.description || m.title, path: `/tai-lieu/${m.id}` }, site, categories, content, { current: 'tai-lieu-tuyen-truyen' });
}

// ---- public plans ----

type PlanItem = Awaited<ReturnType<Services['publicPlans']['list']>>['items'][number];

const planName = (p: Pick<PlanItem, 'title' | 'numberText'>) => `${p.title.charAt(0)}${p.title.slice(1).toLowerCase()}${p.numberText ? ` số ${p.numberText}` : ''}`;

function plansPage(base: string, site: SiteInfo, categories: NewsCategoryTable[], d: { items: PlanItem[]; total: number; page: number; pages: number }): string {
  const content = html`<div class="wrap">
  ${crumbs([{ name: 'Văn bản' }])}
  <header class="page-h"><h1>Văn bản</h1><p>Kế hoạch, văn bản đã ban hành được Ủy ban MTTQ Việt Nam các cấp công bố công khai.</p><p class="feed-link">${d.total} văn bản</p></header>
  ${
    d.items.length
      ? html`<ul class="doc-list">${d.items.map(
          (p) => html`<li class="doc-item">
      <div class="doc-main">
        <h2 class="card-title"><a href="${p.url}">${planName(p)}</a></h2>
        <p class="meta">${p.docDate ? html`<span>Ngày ${vnDate(p.docDate)}</span>` : ''}<span class="unit">${p.unitName}</span></p>
        <p class="sapo doc-sapo">${p.subject}</p>
      </div>
      <div class="doc-side"><a class="btn-download" href="${p.pdfUrl}" download>Tải PDF<span class="sr-only"> ${planName(p)}</span></a></div>
    </li>`,
        )}</ul>`
      : html`<p class="empty">Chưa có văn bản nào được công bố.</p>`
  }
  ${pager('/van-ban', d.page, d.pages)}
  <p class="more-link"><a href="/chuyen-muc/van-ban">Tin bài chuyên mục Văn bản</a></p>
</div>`;
  return layout({ base, title: d.page > 1 ? `Văn bản — trang ${d.page}` : 'Văn bản', description: 'Kế hoạch, văn bản đã ban hành của Ủy ban MTTQ Việt Nam các cấp.', path: d.page > 1 ? `/van-ban?trang=${d.page}` : '/van-ban' }, site, categories, content, {
    current: 'van-ban',
  });
}

function planPage(base: string, site: SiteInfo, categories: NewsCategoryTable[], d: NonNullable<Awaited<ReturnType<Services['publicPlans']['get']>>>): string {
  const { item, plan } = d;
  const paras = (doc: Parameters<typeof flattenRichDoc>[0]) => flattenRichDoc(doc).map((p) => html`<p>${flatText(p)}</p>`);
  const content = html`<div class="wrap">
  ${crumbs([{ name: 'Văn bản', url: '/van-ban' }])}
  <article class="story plan-doc">
    <header class="story-h">
      <p class="meta"><span class="tag">${item.unitName}</span>${item.docDate ? html`<span>${plan.place}, ngày ${vnDate(item.docDate)}</span>` : ''}</p>
      <h1>${planName(item)}</h1>
      <p class="story-sapo">${item.subject}</p>
    </header>
    <p><a class="btn-download big" href="${item.pdfUrl}" download>Tải văn bản (PDF)</a></p>
    <div class="story-body">
      ${paras(plan.preamble)}
      ${plan.sections.map((sct) => html`<h2>${sct.heading}</h2>${paras(sct.content)}`)}
    </div>
  </article>
</div>`;
  return layout({ base, title: planName(item), description: item.subject, path: item.url }, site, categories, content, { current: 'van-ban' });
}

// ---- routes ----

export function libraryRoutes(app: FastifyInstance, s: Services, h: LibraryHelpers) {
  const portal = s.portal;
  const hide = { schema: { hide: true } };

  for (const kind of ['model', 'person'] as const) {
    const path = MODEL_PATHS[kind];
    app.get<{ Querystring: Record<string, unknown> }>(path, hide, async (req, reply) => {
      const page = pageOf(req.query.trang);
      const fieldQ = str(req.query['linh-vuc']);
      const field = (MODEL_FIELD_KEYS as readonly string[]).includes(fieldQ) ? (fieldQ as (typeof MODEL_FIELD_KEYS)[number]) : undefined;
      const unitId = str(req.query['don-vi'], 64) || undefined;
      const yearN = Number(str(req.query.nam, 4));
      const year = Number.isInteger(yearN) && yearN >= 2000 && yearN <= 2100 ? yearN : undefined;
      if (!page) return h.notFound(req, reply);
      return h.send(req, reply, `${path}?${field ?? ''}|${unitId ?? ''}|${year ?? ''}|${page}`, HTML, async (base) => {
        const { site } = await portal.homeSite();
        const tree = await s.units.tree();
        const list = await s.models.publicList({ kind, field, unitId, year, page, pageSize: PROFILE_PAGE });
        const pages = Math.max(1, Math.ceil(list.total / PROFILE_PAGE));
        if (page > pages) return null;
        const cards = profileCards(portal, list.rows, list.photos, (id) => tree.get(id)?.short_name || tree.get(id)?.name || '');
        return profilesPage(base, site, await portal.categories(), kind, { cards, total: list.total, page, pages, facets: await s.models.publicFacets(kind), filter: { field, unitId, year } });
      });
    });

    app.get<{ Params: { slug: string } }>(`${path}/:slug`, hide, async (req, reply) =>
      h.send(req, reply, `${path}/${req.params.slug}`, HTML, async (base) => {
        const p = await s.models.publicProfile(kind, req.params.slug);
        if (!p) return null;
        const { site } = await portal.homeSite();
        const tree = await s.units.tree();
        const imgs = p.photos.map((ph) => portal.img(ph));
        const rows = p.stories.length ? await s.portal.storyRows(p.stories.map((x) => x.id)) : [];
        const stories = rows.length ? await portal.cards(tree, rows) : [];
        return profilePage(base, site, await portal.categories(), p, imgs, stories);
      }),
    );
  }

  app.get<{ Querystring: Record<string, unknown> }>('/tai-lieu', hide, async (req, reply) => {
    const page = pageOf(req.query.trang);
    if (!page) return h.notFound(req, reply);
    const kindQ = str(req.query.loai);
    const kind = (MATERIAL_KINDS as readonly string[]).includes(kindQ) ? (kindQ as MaterialKind) : undefined;
    const topicId = str(req.query['chu-de'], 64) || undefined;
    return h.send(req, reply, `/tai-lieu?${kind ?? ''}|${topicId ?? ''}|${page}`, HTML, async (base) => {
      const { site } = await portal.homeSite();
      const list = await s.materials.publicList({ kind, topicId, page, pageSize: MATERIAL_PAGE });
      const pages = Math.max(1, Math.ceil(list.total / MATERIAL_PAGE));
      if (page > pages) return null;
      return materialsPage(base, site, await portal.categories(), { items: list.items, total: list.total, page, pages, topics: await s.materials.publicTopics(), filter: { kind, topicId } });
    });
  });

  app.get<{ Params: { id: string } }>('/tai-lieu/:id', hide, async (req, reply) =>
    h.send(req, reply, `/tai-lieu/${req.params.id}`, HTML, async (base) => {
      const m = await s.materials.publicDetail(req.params.id);
      if (!m) return null;
      const { site } = await portal.homeSite();
      return materialPage(base, site, await portal.categories(), m);
    }),
  );

  // Downloads are never cached: each one is counted (for the signed-in person's acting unit, else "Người dân").
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/tai-lieu/:id/tai-ve', hide, async (req, reply) => {
    const v = str(req.query['phien-ban'], 6);
    const version = v ? Number(v) : undefined;
    if (version !== undefined && !(Number.isInteger(version) && version >= 1)) return h.notFound(req, reply);
    // The public site has no session hook (only /api/ has): a signed-in person is recognised here.
    const token = req.cookies?.[SESSION_COOKIE];
    const session = token ? await s.auth.authenticate(token) : null;
    const actor = req.actor ?? (session && !session.mustChangePassword ? session.actor : null);
    const scope = actor ? await s.auth.scopeFor(actor) : null;
    let got: Awaited<ReturnType<Services['materials']['download']>>;
    try {
      got = await s.materials.download(scope, req.params.id, version);
    } catch (e) {
      if ((e as { status?: number }).status === 404) return h.notFound(req, reply);
      throw e;
    }
    return reply
      .type(got.file.mime)
      .header('content-disposition', contentDisposition(got.file.name))
      .header('cache-control', scope ? 'private, no-store' : 'public, no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(await s.materials.readFile(got.file));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/van-ban', hide, async (req, reply) => {
    const page = pageOf(req.query.trang);
    if (!page) return h.notFound(req, reply);
    return h.send(req, reply, `/van-ban?${page}`, HTML, async (base) => {
      const { site } = await portal.homeSite();
      const list = await s.publicPlans.list(page, PLAN_PAGE);
      const pages = Math.max(1, Math.ceil(list.total / PLAN_PAGE));
      if (page > pages) return null;
      return plansPage(base, site, await portal.categories(), { ...list, page, pages });
    });
  });

  app.get<{ Params: { id: string } }>('/van-ban/:id', hide, async (req, reply) =>
    h.send(req, reply, `/van-ban/${req.params.id}`, HTML, async (base) => {
      const d = await s.publicPlans.get(req.params.id);
      if (!d) return null;
      const { site } = await portal.homeSite();
      return planPage(base, site, await portal.categories(), d);
    }),
  );

  // The plan's official document as PDF (the plans module's export), cached like the pages.
  app.get<{ Params: { id: string } }>('/van-ban/:id/tai-ve', hide, async (req, reply) => {
    const d = await s.publicPlans.get(req.params.id);
    if (!d) return h.notFound(req, reply);
    reply.header('content-disposition', contentDisposition(exportFileName(d.plan, 'pdf')));
    return h.send(req, reply, `/van-ban/${req.params.id}/tai-ve`, 'application/pdf', async () => renderPdf(toOfficialDocument(d.plan)));
  });
}
