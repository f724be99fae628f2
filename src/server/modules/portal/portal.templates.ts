import { articleToHtml } from '../../../shared/richtext.js';
import type { NewsCategoryTable } from '../../platform/db-schema.js';
import type { SearchResult } from '../news/search.service.js';
import { CSS_HASH } from './portal.assets.js';
import { type Html, html, jsonLd, raw } from './portal.html.js';
import { type ArticlePage, type Banner, type Card, type Img, type KeyDateItem, PortalService, type SiteInfo } from './portal.service.js';

const CSS = `/portal/site.css?v=${CSS_HASH}`;

export interface PageMeta {
  /** Absolute base URL (https://example.org), no trailing slash. */
  base: string;
  title: string;
  description: string;
  /** Path of the canonical URL. */
  path: string;
  feeds?: Array<{ title: string; href: string }>;
  og?: { type: 'website' | 'article'; image?: { url: string; alt: string; width: number; height: number } | null; publishedTime?: string; modifiedTime?: string; section?: string };
  ld?: unknown;
  noindex?: boolean;
}

const fmtDate = PortalService.date;
const fmtTime = PortalService.time;
const vnDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const emblem = raw(
  `<svg class="emblem" viewBox="0 0 64 64" width="56" height="56" aria-hidden="true" focusable="false"><circle cx="32" cy="32" r="30" fill="#c62828" stroke="#f2c94c" stroke-width="3"/><path fill="#f2c94c" d="M32 11l5.9 18.2H57L41.6 40.4l5.9 18.2L32 47.4 16.5 58.6l5.9-18.2L7 29.2h19.1z"/></svg>`,
);

const homeIcon = raw('<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 3 2 11.5h3V21h5.5v-6h3v6H19v-9.5h3z"/></svg>');

/** Categories whose own pages are the libraries: public plans and propaganda materials. */
export const CATEGORY_PAGES: Record<string, string> = { 'van-ban': '/van-ban', 'tai-lieu-tuyen-truyen': '/tai-lieu' };

function categoryNav(categories: NewsCategoryTable[], current?: string): Html {
  const items = [{ href: '/', name: 'Trang chủ', key: '' }, ...categories.map((c) => ({ href: CATEGORY_PAGES[c.slug] ?? `/chuyen-muc/${c.slug}`, name: c.name, key: c.slug }))];
  const label = (i: (typeof items)[number], cls: string) => (i.key === '' && cls === 'catlist' ? html`${homeIcon}<span class="sr-only">${i.name}</span>` : html`${i.name}`);
  const list = (cls: string) => html`<ul class="${cls}">${items.map((i) => html`<li><a href="${i.href}"${i.key === '' ? raw(' class="home"') : ''}${current === i.key ? raw(' aria-current="page"') : ''}>${label(i, cls)}</a></li>`)}</ul>`;
  const here = items.find((i) => i.key === current && i.key !== '');
  // Wide screens: one row of links. Phones: a native disclosure (no script) naming the current category.
  return html`<nav class="catnav" aria-label="Chuyên mục"><div class="wrap">
    ${list('catlist')}
    <details class="catmenu"><summary><span class="catmenu-label">Chuyên mục</span>${here ? html`<span class="catmenu-here">${here.name}</span>` : ''}</summary>${list('catmenu-list')}</details>
  </div></nav>`;
}

/** On the pages of a unit that no longer exists: since when, and where its work continues. */
function reorganisedNotice(r: NonNullable<SiteInfo['reorganised']>): Html {
  const links = r.successors.map((u, i) => html`${i ? ', ' : ''}${u.url ? html`<a href="${u.url}">${u.name}</a>` : u.name}`);
  return html`<div class="reorg" role="note"><div class="wrap"><p>Đơn vị đã kết thúc hoạt động từ ngày ${vnDate(r.until)} do sắp xếp lại tổ chức; các tin bài dưới đây được lưu giữ.${
    r.successors.length ? html` Đơn vị tiếp nhận: ${links}.` : html` Xem tin mới trên <a href="/">trang thông tin chung</a>.`
  }</p></div></div>`;
}

export function layout(meta: PageMeta, site: SiteInfo, categories: NewsCategoryTable[], content: Html, opts: { current?: string; query?: string } = {}): string {
  const canonical = meta.base + meta.path;
  const siteName = site.isHome ? `Trang thông tin điện tử ${site.name}` : site.name;
  const og = meta.og ?? { type: 'website' as const };
  const fullTitle = meta.title === siteName ? meta.title : `${meta.title} — ${site.shortName || site.name}`;
  const img = og.image;
  const page = html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${meta.description}">
<link rel="canonical" href="${canonical}">
${meta.noindex ? raw('<meta name="robots" content="noindex, follow">') : ''}
<link rel="preload" href="/portal/fonts/be-vietnam-pro-vietnamese-400-normal.woff2" as="font" type="font/woff2" crossorigin>
<link rel="stylesheet" href="${CSS}">
<link rel="icon" href="/portal/emblem.svg" type="image/svg+xml">
${(meta.feeds ?? []).map((f) => html`<link rel="alternate" type="application/rss+xml" title="${f.title}" href="${f.href}">\n`)}
<meta property="og:locale" content="vi_VN">
<meta property="og:site_name" content="${siteName}">
<meta property="og:type" content="${og.type}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:url" content="${canonical}">
${
  img
    ? html`<meta property="og:image" content="${img.url}">
<meta property="og:image:type" content="image/jpeg">
<meta property="og:image:width" content="${img.width}">
<meta property="og:image:height" content="${img.height}">
<meta property="og:image:alt" content="${img.alt}">`
    : ''
}
${og.publishedTime ? html`<meta property="article:published_time" content="${og.publishedTime}">` : ''}
${og.modifiedTime ? html`<meta property="article:modified_time" content="${og.modifiedTime}">` : ''}
${og.section ? html`<meta property="article:section" content="${og.section}">` : ''}
<meta name="twitter:card" content="${img ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${meta.title}">
<meta name="twitter:description" content="${meta.description}">
${img ? html`<meta name="twitter:image" content="${img.url}">\n<meta name="twitter:image:alt" content="${img.alt}">` : ''}
${meta.ld ? html`<script type="application/ld+json">${jsonLd(meta.ld)}</script>` : ''}
</head>
<body>
<a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header class="masthead">
  <div class="topbar"><div class="wrap topbar-inner">
    <span>Trang thông tin điện tử</span>
    <a class="login" href="/app/">Đăng nhập</a>
  </div></div>
  <div class="brand"><div class="wrap brand-inner">
    <a class="brand-link" href="${site.path}">
      ${emblem}
      <span class="brand-text">${site.upper ? html`<span class="brand-upper">${site.upper}</span>` : ''}<span class="brand-lower">${site.lower}</span></span>
    </a>
    <form class="search-box" role="search" action="/tim-kiem" method="get">
      <label for="q-top" class="sr-only">Tìm kiếm tin bài</label>
      <input id="q-top" type="search" name="q" value="${opts.query ?? ''}" placeholder="Tìm tin bài, ví dụ: bình dân học vụ số" autocomplete="off">
      <button type="submit">Tìm</button>
    </form>
  </div></div>
  ${site.isHome ? '' : html`<div class="subsite"><div class="wrap">Trang của đơn vị · <a href="/">Về trang thông tin chung</a></div></div>`}
  ${site.reorganised ? reorganisedNotice(site.reorganised) : ''}
  ${categoryNav(categories, opts.current)}
</header>
<main id="noi-dung" tabindex="-1">
${content}
</main>
<footer class="footer">
  <div class="wrap footer-inner">
    <div>
      <p class="footer-name">${site.name}</p>
      ${site.address ? html`<p>Địa chỉ: ${site.address}</p>` : ''}
      ${site.phone ? html`<p>Điện thoại: <a href="tel:${site.phone.replace(/[^\d+]/g, '')}">${site.phone}</a></p>` : ''}
      ${site.email ? html`<p>Email: <a href="mailto:${site.email}">${site.email}</a></p>` : ''}
      <p>Ghi rõ nguồn «${site.shortName || site.name}» khi phát hành lại thông tin từ trang này.</p>
    </div>
    <div>
      <p class="footer-h">Theo dõi</p>
      <ul class="footer-links">
        <li><a href="${site.isHome ? '/rss.xml' : `${site.path}/rss.xml`}">Tin mới (RSS)</a></li>
        <li><a href="/sitemap.xml">Sơ đồ trang</a></li>
        <li><a href="/tim-kiem">Tìm kiếm</a></li>
        <li><a href="/app/">Đăng nhập hệ thống Lan Tỏa</a></li>
      </ul>
    </div>
  </div>
</footer>
</body>
</html>`;
  return page.value;
}

export function picture(img: Img, sizes: string, eager = false, cls = ''): Html {
  return html`<img${cls ? html` class="${cls}"` : ''} src="${img.src}" srcset="${img.srcset}" sizes="${sizes}" width="${img.width}" height="${img.height}" alt="${img.alt}" ${eager ? raw('fetchpriority="high"') : raw('loading="lazy"')} decoding="async">`;
}

export function meta(c: Card, withUnit = true): Html {
  return html`<p class="meta">${c.category ? html`<a class="tag" href="${c.category.url}">${c.category.name}</a>` : ''}<time datetime="${c.publishedAt}">${fmtDate(c.publishedAt)}</time>${withUnit && c.unit.name ? html`<span class="unit">${c.unit.name}</span>` : ''}</p>`;
}

export function cardItem(c: Card, o: { level?: 2 | 3; sapo?: boolean; image?: boolean; sizes?: string; eager?: boolean } = {}): Html {
  const h = o.level ?? 3;
  const title = html`<a href="${c.url}">${c.title}</a>`;
  return html`<article class="card${c.image && o.image !== false ? '' : ' no-img'}">
    ${c.image && o.image !== false ? html`<a class="card-img" href="${c.url}" tabindex="-1" aria-hidden="true">${picture({ ...c.image, alt: '' }, o.sizes ?? '(max-width: 700px) 100vw, 380px', o.eager)}</a>` : ''}
    <div class="card-body">
      ${h === 2 ? html`<h2 class="card-title">${title}</h2>` : html`<h3 class="card-title">${title}</h3>`}
      ${meta(c)}
      ${o.sapo !== false && c.sapo ? html`<p class="sapo">${c.sapo}</p>` : ''}
    </div>
  </article>`;
}

function bannerBlock(b: Banner): Html {
  return html`<section class="banner" aria-label="Chương trình tuyên truyền"><div class="wrap banner-inner">
    <p class="banner-kicker">Chương trình tuyên truyền</p>
    <p class="banner-title">${b.title}</p>
    <p class="banner-text">${b.text}</p>
    <a class="banner-link" href="${b.url}">Tìm hiểu Nghị quyết 57</a>
  </div></section>`;
}

function keyDatesBlock(items: KeyDateItem[]): Html {
  if (!items.length) return html``;
  return html`<section class="box" aria-labelledby="kd-h"><h2 id="kd-h" class="box-h">Sắp diễn ra</h2><ul class="keydates">
    ${items.map(
      (k) => html`<li><span class="kd-date">${fmtDate(`${k.date}T05:00:00Z`).slice(0, 5)}</span><span class="kd-name">${k.name}<span class="kd-left">${k.daysLeft === 0 ? 'Hôm nay' : `Còn ${k.daysLeft} ngày`}</span></span></li>`,
    )}
  </ul></section>`;
}

export function homePage(base: string, d: Awaited<ReturnType<PortalService['home']>>, categories: NewsCategoryTable[]): string {
  const [lead, ...second] = d.featured;
  const content = html`
<h1 class="sr-only">${d.site.name} — tin tức</h1>
${bannerBlock(d.banner)}
<div class="wrap">
  ${
    lead
      ? html`<section class="featured" aria-label="Tin nổi bật">
    <div class="lead">${cardItem(lead, { level: 2, sizes: '(max-width: 900px) 100vw, 760px', eager: true })}</div>
    <div class="second">${second.map((c) => cardItem(c, { sapo: false, sizes: '(max-width: 900px) 100vw, 180px' }))}</div>
  </section>`
      : html`<p class="empty">Chưa có tin bài nào được đăng.</p>`
  }
  <div class="columns">
    <div class="col-main">
      ${
        d.latest.length
          ? html`<section aria-labelledby="latest-h"><h2 id="latest-h" class="section-h"><span>Tin mới</span></h2><div class="list">${d.latest.map((c) => cardItem(c, { sizes: '(max-width: 700px) 100vw, 240px' }))}</div></section>`
          : ''
      }
      ${d.sections.map(
        (s) => html`<section aria-labelledby="cat-${s.category.slug}"><h2 id="cat-${s.category.slug}" class="section-h"><a href="/chuyen-muc/${s.category.slug}">${s.category.name}</a><a class="more" href="/chuyen-muc/${s.category.slug}">Xem tất cả<span class="sr-only"> tin ${s.category.name}</span></a></h2>
        <div class="section-body"><div class="section-lead">${cardItem(s.cards[0], { sizes: '(max-width: 900px) 100vw, 400px' })}</div>${
          s.cards.length > 1 ? html`<ul class="section-more">${s.cards.slice(1).map((c) => html`<li><h3 class="card-title"><a href="${c.url}">${c.title}</a></h3>${meta(c)}</li>`)}</ul>` : ''
        }</div></section>`,
      )}
    </div>
    <aside class="col-side" aria-label="Thông tin thêm">
      ${keyDatesBlock(d.keyDates)}
      ${
        d.unitSites.length
          ? html`<section class="box" aria-labelledby="units-h"><h2 id="units-h" class="box-h">Trang các đơn vị</h2><ul class="unit-list">${d.unitSites.map((u) => html`<li><a href="${u.url}">${u.name}</a> <span class="count">${u.count} tin</span></li>`)}</ul></section>`
          : ''
      }
    </aside>
  </div>
</div>`;
  return layout(
    {
      base,
      title: `Trang thông tin điện tử ${d.site.name}`,
      description: `Tin hoạt động, chuyển đổi số, mô hình hay, gương điển hình và hỏi đáp Nghị quyết 57 của ${d.site.name}.`,
      path: '/',
      feeds: [{ title: `Tin mới — ${d.site.shortName}`, href: '/rss.xml' }, ...categories.map((c) => ({ title: `${c.name} — ${d.site.shortName}`, href: `/chuyen-muc/${c.slug}/rss.xml` }))],
      ld: { '@context': 'https://schema.org', '@type': 'WebSite', name: d.site.name, url: `${base}/`, potentialAction: { '@type': 'SearchAction', target: `${base}/tim-kiem?q={q}`, 'query-input': 'required name=q' } },
    },
    d.site,
    categories,
    content,
    { current: '' },
  );
}

export function pager(path: string, page: number, pages: number, param = 'trang', extra = ''): Html {
  if (pages <= 1) return html``;
  const href = (p: number) => (p === 1 && !extra ? path : `${path}?${extra}${extra ? '&' : ''}${param}=${p}`);
  const nums: number[] = [];
  for (let p = Math.max(1, page - 2); p <= Math.min(pages, page + 2); p++) nums.push(p);
  return html`<nav class="pager" aria-label="Phân trang">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">← Trang trước</a>` : ''}
    ${nums.map((p) => (p === page ? html`<span aria-current="page">${p}</span>` : html`<a href="${href(p)}">${p}</a>`))}
    ${page < pages ? html`<a href="${href(page + 1)}" rel="next">Trang sau →</a>` : ''}
  </nav>`;
}

export function listPage(
  base: string,
  o: { site: SiteInfo; heading: string; intro?: string | null; cards: Card[]; page: number; pages: number; total: number; path: string; feed: { title: string; href: string }; current?: string; before?: Html },
  categories: NewsCategoryTable[],
): string {
  const content = html`<div class="wrap">
  <nav class="crumbs" aria-label="Vị trí"><a href="/">Trang chủ</a> › <span>${o.heading}</span></nav>
  <header class="page-h"><h1>${o.heading}</h1>${o.intro ? html`<p>${o.intro}</p>` : ''}<p class="feed-link"><a href="${o.feed.href}">Theo dõi qua RSS</a> · ${o.total} tin bài</p></header>
  ${o.before ?? ''}
  ${o.before && o.cards.length ? html`<h2 class="section-h"><span>Tin bài</span></h2>` : ''}
  ${o.cards.length ? html`<div class="list">${o.cards.map((c, i) => cardItem(c, { level: 2, eager: i === 0 && o.page === 1, sizes: '(max-width: 700px) 100vw, 240px' }))}</div>` : html`<p class="empty">Chưa có tin bài nào trong mục này.</p>`}
  ${pager(o.path, o.page, o.pages)}
</div>`;
  return layout(
    {
      base,
      title: o.page > 1 ? `${o.heading} — trang ${o.page}` : o.heading,
      description: o.intro || `${o.heading}: tin bài mới nhất.`,
      path: o.page > 1 ? `${o.path}?trang=${o.page}` : o.path,
      feeds: [o.feed],
    },
    o.site,
    categories,
    content,
    { current: o.current },
  );
}

export function articlePageHtml(base: string, a: ArticlePage, categories: NewsCategoryTable[]): string {
  const c = a.card;
  const url = base + c.url;
  const share = encodeURIComponent(url);
  const body = articleToHtml(a.body, { image: (id) => a.images.get(id) });
  const ogImage = c.image ? { url: base + c.image.jpeg, alt: c.image.alt, width: 1200, height: 630 } : { url: `${base}/portal/og-default.jpg`, alt: a.site.name, width: 1200, height: 630 };
  const content = html`<div class="wrap">
  <nav class="crumbs" aria-label="Vị trí"><a href="/">Trang chủ</a>${c.category ? html` › <a href="${c.category.url}">${c.category.name}</a>` : ''}</nav>
  <article class="story">
    <header class="story-h">
      <h1>${c.title}</h1>
      <p class="story-meta">
        ${a.byline ? html`<span class="byline">${a.byline}</span> · ` : ''}${c.unit.url ? html`<a href="${c.unit.url}">${c.unit.name}</a>` : c.unit.name}
        · <time datetime="${c.publishedAt}">${fmtTime(c.publishedAt)}, ${fmtDate(c.publishedAt)}</time>
        ${a.updatedAt ? html`<span class="updated"> · Cập nhật <time datetime="${a.updatedAt}">${fmtTime(a.updatedAt)}, ${fmtDate(a.updatedAt)}</time></span>` : ''}
      </p>
    </header>
    ${c.sapo ? html`<p class="story-sapo">${c.sapo}</p>` : ''}
    ${c.image ? html`<figure class="figure cover">${picture(c.image, '(max-width: 800px) 100vw, 760px', true)}${c.image.caption ? html`<figcaption>${c.image.caption}</figcaption>` : ''}</figure>` : ''}
    <div class="story-body">${raw(body)}</div>
    ${
      a.topics.length || a.tags.length
        ? html`<div class="topics">${a.topics.length ? html`<p><span class="lbl">Chủ đề:</span> ${a.topics.map((t, i) => html`${i ? ', ' : ''}<span>${t.title}</span>`)}</p>` : ''}${
            a.tags.length ? html`<p><span class="lbl">Từ khóa:</span> ${a.tags.map((t, i) => html`${i ? ', ' : ''}<a href="/tim-kiem?q=${encodeURIComponent(t)}">${t}</a>`)}</p>` : ''
          }</div>`
        : ''
    }
    <div class="share" aria-label="Chia sẻ">
      <span class="lbl">Chia sẻ:</span>
      <a class="share-fb" href="https://www.facebook.com/sharer/sharer.php?u=${share}" rel="noopener" target="_blank">Facebook<span class="sr-only"> (mở cửa sổ mới)</span></a>
      <a class="share-zalo" href="https://sp.zalo.me/share_to?url=${share}" rel="noopener" target="_blank">Zalo<span class="sr-only"> (mở cửa sổ mới)</span></a>
      <a class="share-mail" href="mailto:?subject=${encodeURIComponent(c.title)}&amp;body=${share}">Gửi email</a>
    </div>
    <p class="print-url">Nguồn: ${url}</p>
  </article>
  ${
    a.related.length
      ? html`<section class="related" aria-labelledby="rel-h"><h2 id="rel-h" class="section-h"><span>Tin liên quan</span></h2><div class="grid">${a.related.map((r) => cardItem(r, { sapo: false }))}</div></section>`
      : ''
  }
</div>`;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: c.title.slice(0, 110),
    description: c.sapo,
    image: [ogImage.url, ...(c.image ? [base + c.image.src] : [])],
    datePublished: c.publishedAt,
    dateModified: a.updatedAt ?? c.publishedAt,
    author: a.byline ? [{ '@type': 'Person', name: a.byline }] : [{ '@type': 'Organization', name: c.unit.name }],
    publisher: { '@type': 'Organization', name: a.site.name, logo: { '@type': 'ImageObject', url: `${base}/portal/emblem.png` } },
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    articleSection: c.category?.name,
    keywords: a.tags.join(', ') || undefined,
    inLanguage: 'vi',
  };
  return layout(
    {
      base,
      title: c.title,
      description: c.sapo || c.title,
      path: c.url,
      feeds: [
        ...(c.category ? [{ title: `${c.category.name} (RSS)`, href: `${c.category.url}/rss.xml` }] : []),
        ...(c.unit.url ? [{ title: `${c.unit.name} (RSS)`, href: `${c.unit.url}/rss.xml` }] : []),
      ],
      og: { type: 'article', image: ogImage, publishedTime: c.publishedAt, modifiedTime: a.updatedAt ?? undefined, section: c.category?.name },
      ld,
    },
    a.site,
    categories,
    content,
    { current: a.categorySlug ?? undefined },
  );
}

/** The public search's type filter (`loai`) and the kind of index entry each stands for. */
export const SEARCH_TYPES = [
  { key: 'tin-bai', kind: 'article', label: 'Tin bài', tag: 'Tin bài' },
  { key: 'mo-hinh', kind: 'model', label: 'Mô hình hay, gương điển hình', tag: 'Mô hình, gương điển hình' },
  { key: 'tai-lieu', kind: 'material', label: 'Tài liệu tuyên truyền', tag: 'Tài liệu' },
  { key: 'van-ban', kind: 'plan', label: 'Văn bản', tag: 'Văn bản' },
] as const;

export function searchPageHtml(
  base: string,
  d: { site: SiteInfo; result: SearchResult; cards: Map<string, Card>; images?: Map<string, Img>; categories: NewsCategoryTable[] },
  q: { q: string; category?: string; type?: string; from?: string; to?: string; page: number },
): string {
  const r = d.result;
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  const extra = new URLSearchParams({ q: q.q, ...(q.type ? { loai: q.type } : {}), ...(q.category ? { 'chuyen-muc': q.category } : {}), ...(q.from ? { tu: q.from } : {}), ...(q.to ? { den: q.to } : {}) }).toString();
  const hasQuery = q.q.trim().length > 0;
  const content = html`<div class="wrap">
  <header class="page-h"><h1>Tìm kiếm</h1></header>
  <form class="search-form" role="search" action="/tim-kiem" method="get">
    <div class="field grow"><label for="q">Từ khóa (gõ có dấu hoặc không dấu)</label><input id="q" type="search" name="q" value="${q.q}" placeholder="ví dụ: nghi quyet 57"></div>
    <div class="field wide"><label for="loai">Loại</label><select id="loai" name="loai"><option value="">Tất cả</option>${SEARCH_TYPES.map((t) => html`<option value="${t.key}"${q.type === t.key ? raw(' selected') : ''}>${t.label}</option>`)}</select></div>
    <div class="field"><label for="cm">Chuyên mục</label><select id="cm" name="chuyen-muc"><option value="">Tất cả</option>${d.categories.map((c) => html`<option value="${c.slug}"${q.category === c.slug ? raw(' selected') : ''}>${c.name}</option>`)}</select></div>
    <div class="field"><label for="tu">Từ ngày</label><input id="tu" name="tu" value="${q.from ? vnDate(q.from) : ''}" placeholder="dd/mm/yyyy" inputmode="numeric" pattern="\\d{1,2}/\\d{1,2}/\\d{4}" size="10" aria-describedby="date-hint"></div>
    <div class="field"><label for="den">Đến ngày</label><input id="den" name="den" value="${q.to ? vnDate(q.to) : ''}" placeholder="dd/mm/yyyy" inputmode="numeric" pattern="\\d{1,2}/\\d{1,2}/\\d{4}" size="10" aria-describedby="date-hint"></div>
    <div class="field"><button type="submit">Tìm kiếm</button></div>
    <p id="date-hint" class="hint">Ngày viết dạng ngày/tháng/năm, ví dụ 18/05/2026.</p>
  </form>
  ${
    hasQuery
      ? html`<p class="result-count" role="status">${r.total ? html`Tìm thấy ${r.totalCapped ? 'hơn ' : ''}<strong>${r.total.toLocaleString('vi-VN')}</strong> kết quả cho «${q.q}»` : html`Không tìm thấy kết quả nào cho «${q.q}». Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc.`}</p>`
      : html`<p class="result-count">Nhập từ khóa để tìm tin bài, mô hình hay, tài liệu và văn bản đã công bố.</p>`
  }
  <ol class="results">
    ${r.items.map((it) => {
      const c = d.cards.get(it.id);
      const image = c?.image ?? (it.imageId ? d.images?.get(it.imageId) : undefined);
      const tag = it.kind === 'article' ? c?.category?.name : SEARCH_TYPES.find((t) => t.kind === it.kind)?.tag;
      return html`<li class="result">
        ${image ? html`<a class="result-img" href="${it.url}" tabindex="-1" aria-hidden="true">${picture({ ...image, alt: '' }, '160px')}</a>` : ''}
        <div><h2 class="result-title"><a href="${it.url}">${raw(it.titleHtml)}</a></h2>
        <p class="meta">${tag ? html`<span class="tag">${tag}</span>` : ''}<time datetime="${it.publishedAt}">${fmtDate(it.publishedAt)}</time><span class="unit">${it.unitName}</span></p>
        <p class="snippet">${raw(it.snippetHtml)}</p></div>
      </li>`;
    })}
  </ol>
  ${pager('/tim-kiem', q.page, pages, 'trang', extra)}
</div>`;
  return layout(
    { base, title: hasQuery ? `Tìm kiếm: ${q.q}` : 'Tìm kiếm', description: 'Tìm tin bài trên trang thông tin điện tử.', path: '/tim-kiem', noindex: true },
    d.site,
    d.categories,
    content,
    { query: q.q },
  );
}

export function notFoundHtml(base: string, site: SiteInfo, categories: NewsCategoryTable[]): string {
  const content = html`<div class="wrap narrow"><header class="page-h"><h1>Không tìm thấy trang</h1></header>
  <p>Trang bạn mở không có hoặc tin bài đã được gỡ xuống. Hãy quay về <a href="/">trang chủ</a> hoặc tìm tin bài:</p>
  <form class="search-form" role="search" action="/tim-kiem" method="get"><div class="field grow"><label for="q404">Từ khóa</label><input id="q404" type="search" name="q"></div><div class="field"><button type="submit">Tìm kiếm</button></div></form></div>`;
  return layout({ base, title: 'Không tìm thấy trang', description: 'Không tìm thấy trang.', path: '/', noindex: true }, site, categories, content);
}
