import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import type { ImageVariant } from '../news/index.js';
import { CSS_HASH, defaultOgImage, EMBLEM_SVG, emblemPngFile, fontFile, SITE_CSS } from './portal.assets.js';
import { renderRobots, renderRss, renderSitemap, renderSitemapIndex, SITEMAP_MAX } from './portal.feeds.js';
import { type CachedPage, encoded, PAGE_SIZE, pickEncoding } from './portal.service.js';
import { libraryRoutes, profilesBlock } from './portal.library.js';
import { articlePageHtml, homePage, listPage, notFoundHtml, SEARCH_TYPES, searchPageHtml } from './portal.templates.js';
import type { ModelKind } from '../models/index.js';

const HTML = 'text/html; charset=utf-8';
const RSS = 'application/rss+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
const YEAR = 'public, max-age=31536000, immutable';

const pageParam = (v: unknown): number | null => {
  if (v === undefined || v === '') return 1;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : null;
};
/** A date typed dd/mm/yyyy (or sent as yyyy-mm-dd); anything else is ignored. */
const dateParam = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const vn = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(v);
  const iso = vn ? `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}` : v.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
};
const str = (v: unknown, max = 200): string => (typeof v === 'string' ? v.slice(0, max) : Array.isArray(v) && typeof v[0] === 'string' ? v[0].slice(0, max) : '');

/** ETag/Last-Modified revalidation: 304 when the client already has this version (in any encoding). */
function fresh(req: FastifyRequest, page: CachedPage): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) {
    const base = page.etag.slice(0, -1);
    return inm.split(',').some((raw) => {
      const t = raw.trim().replace(/^W\//, '');
      return t === '*' || t === page.etag || t === `${base}-gz"` || t === `${base}-br"`;
    });
  }
  const ims = req.headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Date.parse(page.lastModified) <= since;
  }
  return false;
}

/**
 * Sends a cached page in the best encoding the client accepts, stored compressed beforehand, so no
 * compression happens per request (@fastify/compress leaves a response with Content-Encoding alone).
 */
function sendCached(req: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  const enc = pickEncoding(req.headers['accept-encoding'], page);
  const { body, etag } = encoded(page, enc);
  reply.header('etag', etag).header('last-modified', page.lastModified).header('cache-control', 'public, no-cache').header('vary', 'accept-encoding');
  if (fresh(req, page)) return reply.code(304).send();
  if (enc !== 'identity') reply.header('content-encoding', enc);
  return reply.type(page.type).send(body);
}

/**
 * The public site (server-rendered, no JavaScript): home, categories, unit sub-sites, articles,
 * search, feeds, sitemap and robots. Pages are cached in memory and revalidated with ETag /
 * Last-Modified; publishing, unpublishing or editing a published article empties the cache.
 */
export function portalRoutes(app: FastifyInstance, s: Services) {
  const portal = s.portal;
  const hide = { schema: { hide: true } };

  const baseOf = (req: FastifyRequest) => portal.publicUrl || `${req.protocol}://${req.host}`;

  /** A fresh installation before its first administrator has no unit to publish for yet. */
  async function notReady(reply: FastifyReply) {
    if ((await s.units.tree()).units.size > 0) return false;
    await reply
      .code(503)
      .type(HTML)
      .header('cache-control', 'no-store')
      .send(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lan Tỏa</title></head><body style="font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6"><h1>Trang thông tin đang được thiết lập</h1><p>Hệ thống chưa có đơn vị nào. Quản trị viên hãy <a href="/app/">đăng nhập không gian làm việc</a> để thiết lập.</p></body></html>',
      );
    return true;
  }

  async function notFound(req: FastifyRequest, reply: FastifyReply) {
    if (await notReady(reply)) return reply;
    const { site } = await portal.homeSite();
    return reply.code(404).type(HTML).header('cache-control', 'no-cache').send(notFoundHtml(baseOf(req), site, await portal.categories()));
  }

  async function send(req: FastifyRequest, reply: FastifyReply, key: string, type: string, render: (base: string) => Promise<string | Buffer | null>) {
    const base = baseOf(req);
    const cacheKey = `${base}|${key}`;
    // A cache hit does no database work (the readiness check below reads the unit tree's version).
    const hit = await portal.peek(cacheKey);
    if (hit) return sendCached(req, reply, hit);
    if (await notReady(reply)) return reply;
    const entry = await portal.cached(cacheKey, type, () => render(base));
    if (!entry) return notFound(req, reply);
    return sendCached(req, reply, entry);
  }

  app.get('/', hide, async (req, reply) =>
    send(req, reply, '/', HTML, async (base) => homePage(base, await portal.home(), await portal.categories())),
  );

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/chuyen-muc/:slug', hide, async (req, reply) => {
    const page = pageParam(req.query.trang);
    if (!page) return notFound(req, reply);
    return send(req, reply, `/chuyen-muc/${req.params.slug}?${page}`, HTML, async (base) => {
      const d = await portal.categoryPage(req.params.slug, page);
      if (!d) return null;
      // "Mô hình hay" and "Gương điển hình" list the recognised profiles above the articles.
      const profileKind = ({ 'mo-hinh-hay': 'model', 'guong-dien-hinh': 'person' } as Record<string, ModelKind>)[d.category.slug];
      const before = profileKind && page === 1 ? await profilesBlock(s, profileKind) : undefined;
      return listPage(
        base,
        {
          site: d.site,
          heading: d.category.name,
          intro: d.category.description,
          cards: d.cards,
          page,
          pages: d.pages,
          total: d.total,
          path: `/chuyen-muc/${d.category.slug}`,
          feed: { title: `${d.category.name} — ${d.site.shortName} (RSS)`, href: `/chuyen-muc/${d.category.slug}/rss.xml` },
          current: d.category.slug,
          before,
        },
        await portal.categories(),
      );
    });
  });

  app.get<{ Params: { slug: string } }>('/chuyen-muc/:slug/rss.xml', hide, async (req, reply) =>
    send(req, reply, `/chuyen-muc/${req.params.slug}/rss.xml`, RSS, async (base) => {
      const category = (await portal.categories()).find((c) => c.slug === req.params.slug);
      if (!category) return null;
      const { site, units } = await portal.homeSite();
      const items = await portal.feedItems({ unitIds: units, categoryId: category.id });
      return renderRss(base, { title: `${category.name} — ${site.name}`, link: `${base}/chuyen-muc/${category.slug}`, self: `${base}/chuyen-muc/${category.slug}/rss.xml`, description: category.description ?? category.name }, items, app.clock.now());
    }),
  );

  app.get('/rss.xml', hide, async (req, reply) =>
    send(req, reply, '/rss.xml', RSS, async (base) => {
      const { site, units } = await portal.homeSite();
      const items = await portal.feedItems({ unitIds: units });
      return renderRss(base, { title: `Tin mới — ${site.name}`, link: `${base}/`, self: `${base}/rss.xml`, description: `Tin bài mới nhất của ${site.name}` }, items, app.clock.now());
    }),
  );

  app.get<{ Params: { site: string }; Querystring: Record<string, unknown> }>('/don-vi/:site', hide, async (req, reply) => {
    const page = pageParam(req.query.trang);
    if (!page) return notFound(req, reply);
    return send(req, reply, `/don-vi/${req.params.site}?${page}`, HTML, async (base) => {
      const d = await portal.unitPage(req.params.site, page);
      if (!d) return null;
      return listPage(
        base,
        { site: d.site, heading: d.site.name, intro: null, cards: d.cards, page, pages: d.pages, total: d.total, path: d.site.path, feed: { title: `${d.site.name} (RSS)`, href: `${d.site.path}/rss.xml` } },
        await portal.categories(),
      );
    });
  });

  app.get<{ Params: { site: string } }>('/don-vi/:site/rss.xml', hide, async (req, reply) =>
    send(req, reply, `/don-vi/${req.params.site}/rss.xml`, RSS, async (base) => {
      const u = await portal.unitSite(req.params.site);
      if (!u) return null;
      const items = await portal.feedItems({ unitIds: u.units });
      return renderRss(base, { title: u.site.name, link: `${base}${u.site.path}`, self: `${base}${u.site.path}/rss.xml`, description: `Tin bài của ${u.site.name}` }, items, app.clock.now());
    }),
  );

  app.get<{ Params: { site: string; slug: string } }>('/don-vi/:site/:slug', hide, async (req, reply) =>
    send(req, reply, `/don-vi/${req.params.site}/${req.params.slug}`, HTML, async (base) => {
      const a = await portal.articlePage(req.params.site, req.params.slug);
      return a ? articlePageHtml(base, a, await portal.categories()) : null;
    }),
  );

  app.get<{ Querystring: Record<string, unknown> }>('/tim-kiem', hide, async (req, reply) => {
    const q = {
      q: str(req.query.q, 300),
      category: str(req.query['chuyen-muc'], 120) || undefined,
      type: SEARCH_TYPES.find((t) => t.key === str(req.query.loai, 20))?.key,
      from: dateParam(req.query.tu),
      to: dateParam(req.query.den),
      page: pageParam(req.query.trang) ?? 1,
    };
    const d = await portal.searchPage({ ...q, kind: SEARCH_TYPES.find((t) => t.key === q.type)?.kind });
    return reply.type(HTML).header('cache-control', 'no-cache').send(searchPageHtml(baseOf(req), d, q));
  });

  /** Every public URL: home, categories, unit sites, articles, then profiles, materials and public plans. */
  async function sitemapUrls(): Promise<Array<{ url: string; lastmod?: string }>> {
    const e = await portal.sitemapEntries();
    const [models, materials, plans] = await Promise.all([s.models.sitemapEntries(), s.materials.sitemapEntries(), s.publicPlans.sitemapEntries()]);
    const library = ['/mo-hinh', '/guong-dien-hinh', '/tai-lieu', '/van-ban'].map((url) => ({ url }));
    return [{ url: '/' }, ...e.categories.map((url) => ({ url })), ...library, ...e.sites.map((url) => ({ url })), ...e.articles, ...models, ...materials, ...plans];
  }

  app.get('/sitemap.xml', hide, async (req, reply) =>
    send(req, reply, '/sitemap.xml', XML, async (base) => {
      const urls = await sitemapUrls();
      if (urls.length <= SITEMAP_MAX) return renderSitemap(base, urls);
      return renderSitemapIndex(base, Math.ceil(urls.length / SITEMAP_MAX));
    }),
  );

  app.get<{ Params: { n: string } }>('/sitemap-:n.xml', hide, async (req, reply) => {
    const n = Number(req.params.n);
    if (!Number.isInteger(n) || n < 1) return notFound(req, reply);
    return send(req, reply, `/sitemap-${n}.xml`, XML, async (base) => {
      const urls = await sitemapUrls();
      const part = urls.slice((n - 1) * SITEMAP_MAX, n * SITEMAP_MAX);
      return part.length ? renderSitemap(base, part) : null;
    });
  });

  libraryRoutes(app, s, { send, notFound });

  app.get('/robots.txt', hide, async (req, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(renderRobots(baseOf(req))));

  // ---- images of published articles ----
  app.get<{ Params: { file: string } }>('/anh/:file', hide, async (req, reply) => {
    const m = /^([0-9a-f-]{36})(?:-(400|800|1200)\.webp|\.jpg)$/.exec(req.params.file);
    if (!m) return notFound(req, reply);
    // Images of published articles, or photos of published good-model profiles.
    const row = (await s.newsImages.forPublic(m[1])) ?? (await s.models.publicPhoto(m[1]));
    if (!row) return notFound(req, reply);
    const file = await s.newsImages.variantFile(row, (m[2] ?? 'jpeg') as ImageVariant);
    const etag = `"${file.sha256.slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', YEAR);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(file.mime).send(await s.newsImages.readFile(file));
  });

  // ---- static assets ----
  app.get('/portal/site.css', hide, async (req, reply) => {
    const etag = `"${CSS_HASH}"`;
    reply.header('etag', etag).header('cache-control', (req.query as { v?: string })?.v === CSS_HASH ? YEAR : 'public, no-cache');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(SITE_CSS);
  });
  app.get<{ Params: { file: string } }>('/portal/fonts/:file', hide, async (req, reply) => {
    const buf = await fontFile(req.params.file);
    if (!buf) return notFound(req, reply);
    return reply.type('font/woff2').header('cache-control', YEAR).header('access-control-allow-origin', '*').send(buf);
  });
  app.get('/portal/emblem.svg', hide, async (_req, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(EMBLEM_SVG));
  app.get('/portal/emblem.png', hide, async (_req, reply) => reply.type('image/png').header('cache-control', 'public, max-age=86400').send(await emblemPngFile()));
  app.get('/portal/og-default.jpg', hide, async (_req, reply) => {
    const { site } = await portal.homeSite();
    return reply.type('image/jpeg').header('cache-control', 'public, max-age=86400').send(await defaultOgImage(site.upper || 'Mặt trận Tổ quốc Việt Nam', site.lower));
  });

  // ---- workspace preview: the article as it will appear, any status ----
  app.get<{ Params: { id: string } }>('/api/news/articles/:id/preview', { schema: { tags: ['Tin bài'], summary: 'Xem trước tin bài như trên trang công khai (HTML)' } }, async (req, reply) => {
    const scope = await s.auth.scopeFor(requireActor(req));
    const a = await portal.previewPage(scope, req.params.id);
    const html = articlePageHtml(baseOf(req), a, await portal.categories()).replace('<body>', '<body class="preview"><p class="preview-bar" role="status">Bản xem trước — tin bài chưa chắc đã được đăng. Ảnh hiển thị từ kho của đơn vị.</p>');
    return reply.type(HTML).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(html);
  });

  return { notFound, pageSize: PAGE_SIZE };
}
