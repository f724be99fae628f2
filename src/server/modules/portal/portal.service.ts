import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { ArticleDoc, ArticleImageInfo } from '../../../shared/richtext.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { NewsCategoryTable, NewsImageTable, UnitTable } from '../../platform/db-schema.js';
import { type ArticleRow, type ImageVariant, type NewsImages, type NewsRepository, type NewsService, PORTAL_VERSION_KEY, publicImageUrl, type SearchService, variantSize } from '../news/index.js';
import type { SearchResult } from '../news/search.service.js';
import { notFound } from '../../platform/errors.js';
import type { Scope } from '../access/index.js';
import type { UnitTree } from '../units/unit-tree.js';

export const PAGE_SIZE = 12;

export interface SiteInfo {
  unitId: string;
  /** Sub-site slug; null for the main site. */
  slug: string | null;
  name: string;
  shortName: string;
  /** "Ủy ban MTTQ Việt Nam" line above the place name in the header. */
  upper: string;
  lower: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  path: string;
  isHome: boolean;
  /** Set when the unit no longer exists: its last day and the current units that took it over. */
  reorganised: { until: string; successors: Array<{ name: string; url: string | null }> } | null;
}

/** Kinds of unit that work at the office of the committee above them (and share its contacts). */
const SHARES_PARENT_OFFICE = new Set(['member_organisation', 'residential_committee', 'standing_committee', 'partner']);

/**
 * Whose address and contacts a sub-site's footer shows: the unit's own; for a member organisation,
 * residential committee, standing committee or partner without its own, the committee it works
 * under; otherwise none — never another committee's (a ward never shows the old city's address).
 */
export function siteContact(tree: UnitTree, unit: UnitTable, today: string): Pick<UnitTable, 'address' | 'phone' | 'email'> | null {
  if (unit.address || unit.phone || unit.email) return unit;
  if (!SHARES_PARENT_OFFICE.has(unit.kind)) return null;
  const day = unit.valid_to && unit.valid_to < today ? unit.valid_to : today;
  const parentId = tree.parentOn(unit.id, day);
  const parent = parentId ? tree.get(parentId) : undefined;
  return parent && (parent.address || parent.phone || parent.email) ? parent : null;
}

export interface Img {
  src: string;
  srcset: string;
  width: number;
  height: number;
  alt: string;
  caption: string | null;
  jpeg: string;
}

export interface Card {
  id: string;
  title: string;
  sapo: string;
  url: string;
  category: { name: string; url: string } | null;
  unit: { name: string; url: string | null };
  publishedAt: string;
  image: Img | null;
}

export interface KeyDateItem {
  date: string;
  name: string;
  daysLeft: number;
}

export interface Banner {
  title: string;
  text: string;
  url: string;
}

export interface ArticlePage {
  site: SiteInfo;
  card: Card;
  body: ArticleDoc;
  images: Map<string, ArticleImageInfo>;
  byline: string;
  coverCaption: string | null;
  tags: string[];
  topics: Array<{ id: string; title: string }>;
  related: Card[];
  updatedAt: string | null;
  categorySlug: string | null;
}

type ImageUrl = (id: string, v: ImageVariant) => string;
const previewImageUrl: ImageUrl = (id, v) => `/api/news/images/${id}/${v}`;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Types worth compressing (the PDF export and images are already compressed). */
const TEXTUAL = /^(text\/|application\/(?:rss\+xml|xml|json))/;
/** Below this size compression costs more than it saves (@fastify/compress uses the same threshold). */
const COMPRESS_MIN = 1024;

/**
 * One cached response, stored once per encoding: the bytes as rendered and, for text of 1 KB or
 * more, its gzip and brotli forms made when the page is cached, so a cache hit compresses nothing.
 * Each form has its own strong ETag (`"<hash>"`, `"<hash>-gz"`, `"<hash>-br"`).
 */
export interface CachedPage {
  body: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
  etag: string;
  lastModified: string;
  type: string;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best stored encoding the client accepts (brotli, then gzip), from its Accept-Encoding q-values. */
export function pickEncoding(header: string | undefined, page: Pick<CachedPage, 'gzip' | 'br'>): Encoding {
  if (!header || (!page.br && !page.gzip)) return 'identity';
  let br = -1;
  let gz = -1;
  let star = -1;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (Number.isNaN(q)) continue;
    if (name === 'br') br = q;
    else if (name === 'gzip' || name === 'x-gzip') gz = q;
    else if (name === '*') star = q;
  }
  if (br < 0) br = star;
  if (gz < 0) gz = star;
  if (page.br && br > 0 && br >= gz) return 'br';
  if (page.gzip && gz > 0) return 'gzip';
  if (page.br && br > 0) return 'br';
  return 'identity';
}

/** The bytes and ETag of one encoding of a cached page. */
export function encoded(page: CachedPage, enc: Encoding): { body: Buffer; etag: string } {
  if (enc === 'br' && page.br) return { body: page.br, etag: `${page.etag.slice(0, -1)}-br"` };
  if (enc === 'gzip' && page.gzip) return { body: page.gzip, etag: `${page.etag.slice(0, -1)}-gz"` };
  return { body: page.body, etag: page.etag };
}

const vnParts = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();

/** Loads what the public pages show (published articles only) and keeps the page cache. */
export class PortalService {
  private version = 0;
  private dbVersion: string | null = null;
  private checkedAt = 0;
  private sitesCache: { byUnit: Map<string, string>; bySlug: Map<string, string> } | null = null;
  private readonly cache = new Map<string, CachedPage>();
  private lastModified = new Date();
  static readonly MAX_ENTRIES = 2000;

  constructor(
    private readonly d: {
      db: Db;
      repo: NewsRepository;
      news: NewsService;
      images: NewsImages;
      search: SearchService;
      tree: () => Promise<UnitTree>;
      clock: Clock;
      publicUrl: string;
    },
  ) {
    this.lastModified = new Date(Math.floor(d.clock.now().getTime() / 1000) * 1000);
  }

  get publicUrl(): string {
    return this.d.publicUrl.replace(/\/+$/, '');
  }

  // ---- cache ----

  /** Drops every cached page (after a publish, unpublish or edit of a published article). */
  invalidate(): void {
    this.version += 1;
    this.cache.clear();
    this.sitesCache = null;
    this.lastModified = new Date(Math.floor(this.d.clock.now().getTime() / 1000) * 1000);
  }

  /**
   * Something the pages show changed, in this process or another: `meta.portal_version` (publications) or
   * `meta.units_version` (unit names, addresses, the tree, shown in headers, footers and unit lists) moved.
   * Checked at most once a second.
   */
  private async syncVersion(): Promise<void> {
    const now = Date.now();
    if (now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    const rows = await this.d.db.selectFrom('meta').select(['key', 'value']).where('key', 'in', [PORTAL_VERSION_KEY, 'units_version']).orderBy('key').execute();
    const v = rows.map((r) => `${r.key}=${r.value}`).join('|');
    if (this.dbVersion !== null && v !== this.dbVersion) this.invalidate();
    this.dbVersion = v;
  }

  /** The cached response for `key`, if any (checks another process's publications first). */
  async peek(key: string): Promise<CachedPage | null> {
    await this.syncVersion();
    const hit = this.cache.get(key);
    if (!hit) return null;
    // Keep recently used pages: re-insert at the end of the Map's order.
    this.cache.delete(key);
    this.cache.set(key, hit);
    return hit;
  }

  /** A cached response, or renders, compresses and caches it. `null` from render = not found (not cached). */
  async cached(key: string, type: string, render: () => Promise<string | Buffer | null>): Promise<CachedPage | null> {
    const hit = await this.peek(key);
    if (hit) return hit;
    const version = this.version;
    const rendered = await render();
    if (rendered === null) return null;
    const body = typeof rendered === 'string' ? Buffer.from(rendered) : rendered;
    const compress = TEXTUAL.test(type) && body.length >= COMPRESS_MIN;
    const [gz, br] = compress
      ? await Promise.all([
          gzipAsync(body, { level: 9 }),
          brotliAsync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 10, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        ])
      : [null, null];
    const entry: CachedPage = {
      body,
      gzip: gz && gz.length < body.length ? gz : null,
      br: br && br.length < body.length ? br : null,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`,
      lastModified: this.lastModified.toUTCString(),
      type,
    };
    if (version === this.version) {
      this.cache.set(key, entry);
      if (this.cache.size > PortalService.MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    }
    return entry;
  }

  // ---- sites ----

  private async sites(): Promise<{ byUnit: Map<string, string>; bySlug: Map<string, string> }> {
    if (!this.sitesCache) {
      const rows = await this.d.repo.sites(this.d.db);
      this.sitesCache = { byUnit: new Map(rows.map((r) => [r.unit_id, r.slug])), bySlug: new Map(rows.map((r) => [r.slug, r.unit_id])) };
    }
    return this.sitesCache;
  }

  /** The main site's unit: `meta.portal_home_unit` (a unit code or id) or the first active province-level committee. */
  async homeUnit(tree: UnitTree): Promise<UnitTable> {
    const today = this.d.clock.today();
    const configured = (await this.d.db.selectFrom('meta').select('value').where('key', '=', 'portal_home_unit').executeTakeFirst())?.value;
    const all = [...tree.units.values()];
    const pick =
      (configured && all.find((u) => u.id === configured || u.code === configured)) ||
      all.filter((u) => u.kind === 'front_committee' && u.level === 'province' && tree.isActiveOn(u.id, today)).sort((a, b) => a.name.localeCompare(b.name, 'vi'))[0] ||
      all.find((u) => tree.isActiveOn(u.id, today) && tree.parentOn(u.id, today) === null) ||
      all[0];
    return pick;
  }

  private siteInfo(tree: UnitTree, unit: UnitTable, slug: string | null, isHome: boolean): SiteInfo {
    const m = /^(Ủy ban (?:MTTQ|Mặt trận Tổ quốc) Việt Nam)\s+(.*)$/i.exec(unit.name);
    const c = siteContact(tree, unit, this.d.clock.today());
    return {
      unitId: unit.id,
      slug,
      name: unit.name,
      shortName: unit.short_name,
      upper: m ? 'Ủy ban Mặt trận Tổ quốc Việt Nam' : '',
      lower: m ? m[2] : unit.name,
      address: c?.address ?? null,
      phone: c?.phone ?? null,
      email: c?.email ?? null,
      path: slug ? `/don-vi/${slug}` : '/',
      isHome,
      reorganised: null,
    };
  }

  /** A unit that ceased to exist (e.g. a ward merged on 1/7/2025): its end date and the current units that took it over, with their sub-sites. */
  private async reorganised(tree: UnitTree, unit: UnitTable): Promise<SiteInfo['reorganised']> {
    const today = this.d.clock.today();
    if (tree.isActiveOn(unit.id, today) || !unit.valid_to || unit.valid_to >= today) return null;
    const sites = await this.sites();
    const found = new Map<string, UnitTable>();
    const seen = new Set([unit.id]);
    let frontier = [unit.id];
    for (let depth = 0; frontier.length && depth < 6; depth++) {
      const next: string[] = [];
      for (const id of frontier)
        for (const s of tree.successors(id)) {
          if (seen.has(s.successor_id)) continue;
          seen.add(s.successor_id);
          const u = tree.get(s.successor_id);
          if (u && tree.isActiveOn(u.id, today)) found.set(u.id, u);
          else next.push(s.successor_id);
        }
      frontier = next;
    }
    const successors = [...found.values()].map((u) => ({ name: u.name, url: sites.byUnit.has(u.id) ? `/don-vi/${sites.byUnit.get(u.id)}` : null }));
    return { until: unit.valid_to, successors };
  }

  async homeSite(): Promise<{ tree: UnitTree; site: SiteInfo; units: string[] }> {
    const tree = await this.d.tree();
    const unit = await this.homeUnit(tree);
    return { tree, site: this.siteInfo(tree, unit, null, true), units: [...tree.rollup(unit.id, this.d.clock.today())] };
  }

  async unitSite(slug: string): Promise<{ tree: UnitTree; site: SiteInfo; units: string[] } | null> {
    let unitId = (await this.sites()).bySlug.get(slug);
    if (!unitId) {
      this.sitesCache = null; // a site created since the cache was filled
      unitId = (await this.sites()).bySlug.get(slug);
    }
    if (!unitId) return null;
    const tree = await this.d.tree();
    const unit = tree.get(unitId);
    if (!unit) return null;
    const site = { ...this.siteInfo(tree, unit, slug, false), reorganised: await this.reorganised(tree, unit) };
    return { tree, site, units: [...tree.rollup(unit.id, this.d.clock.today())] };
  }

  async categories(): Promise<NewsCategoryTable[]> {
    return this.d.news.categories();
  }

  // ---- cards ----

  img(row: NewsImageTable, alt?: string | null, caption?: string | null, urlFor: ImageUrl = publicImageUrl): Img {
    const widths = [...new Set([400, 800, 1200].map((w) => variantSize(row, w).width))];
    const variantOf = (w: number) => (['400', '800', '1200'] as const).find((v) => variantSize(row, Number(v)).width === w)!;
    const main = variantSize(row, 800);
    return {
      src: urlFor(row.id, variantOf(main.width)),
      srcset: widths.map((w) => `${urlFor(row.id, variantOf(w))} ${w}w`).join(', '),
      width: main.width,
      height: main.height,
      alt: alt?.trim() || row.alt,
      caption: caption?.trim() || row.caption,
      jpeg: urlFor(row.id, 'jpeg'),
    };
  }

  async cards(tree: UnitTree, rows: ArticleRow[], urlFor: ImageUrl = publicImageUrl): Promise<Card[]> {
    const [cats, sites, images] = await Promise.all([
      this.categories(),
      this.sites(),
      this.d.images.many(
        this.d.db,
        rows.map((r) => r.cover_image_id).filter((x): x is string => !!x),
      ),
    ]);
    return rows.map((r) => {
      const cat = cats.find((c) => c.id === r.category_id);
      const site = sites.byUnit.get(r.unit_id);
      const unit = tree.get(r.unit_id);
      const img = r.cover_image_id ? images.get(r.cover_image_id) : undefined;
      return {
        id: r.id,
        title: r.title,
        sapo: r.sapo,
        url: `/don-vi/${site ?? r.unit_id}/${r.slug}`,
        category: cat ? { name: cat.name, url: `/chuyen-muc/${cat.slug}` } : null,
        unit: { name: unit?.short_name || unit?.name || '', url: site ? `/don-vi/${site}` : null },
        publishedAt: r.published_at ?? r.updated_at,
        image: img ? this.img(img, null, r.cover_caption, urlFor) : null,
      };
    });
  }

  // ---- pages ----

  async home() {
    const { tree, site, units } = await this.homeSite();
    const db = this.d.db;
    const featuredRows = await this.d.repo.published(db, { unitIds: units, featured: true, limit: 5 });
    const fill = featuredRows.length < 5 ? await this.d.repo.published(db, { unitIds: units, excludeIds: featuredRows.map((r) => r.id), limit: 5 - featuredRows.length }) : [];
    const featured = [...featuredRows, ...fill];
    const latest = await this.d.repo.published(db, { unitIds: units, excludeIds: featured.map((r) => r.id), limit: 8 });
    const sections: Array<{ category: NewsCategoryTable; cards: Card[] }> = [];
    for (const c of await this.categories()) {
      const rows = await this.d.repo.published(db, { unitIds: units, categoryId: c.id, limit: 4 });
      if (rows.length) sections.push({ category: c, cards: await this.cards(tree, rows) });
    }
    return {
      site,
      featured: await this.cards(tree, featured),
      latest: await this.cards(tree, latest),
      sections,
      keyDates: await this.keyDates(tree, site.unitId),
      banner: await this.banner(tree, site.unitId),
      unitSites: await this.unitSites(tree, units, site.unitId),
    };
  }

  async categoryPage(slug: string, page: number) {
    const category = (await this.categories()).find((c) => c.slug === slug);
    if (!category) return null;
    const { tree, site, units } = await this.homeSite();
    const total = await this.d.repo.countPublished(this.d.db, { unitIds: units, categoryId: category.id });
    const rows = await this.d.repo.published(this.d.db, { unitIds: units, categoryId: category.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    if (page > 1 && !rows.length) return null;
    return { site, category, cards: await this.cards(tree, rows), total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  }

  async unitPage(slug: string, page: number) {
    const s = await this.unitSite(slug);
    if (!s) return null;
    const total = await this.d.repo.countPublished(this.d.db, { unitIds: s.units });
    const rows = await this.d.repo.published(this.d.db, { unitIds: s.units, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    if (page > 1 && !rows.length) return null;
    return { site: s.site, cards: await this.cards(s.tree, rows), total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  }

  async articlePage(siteSlug: string, slug: string): Promise<ArticlePage | null> {
    const s = await this.unitSite(siteSlug);
    if (!s) return null;
    const row = await this.d.repo.publishedBySlug(this.d.db, s.site.unitId, slug);
    if (!row) return null;
    return this.buildArticle(s.tree, s.site, row, publicImageUrl);
  }

  /** Any article the signed-in person may see, as it will appear (images from the workspace URLs). */
  async previewPage(scope: Scope, id: string): Promise<ArticlePage> {
    const row = await this.d.news.visibleArticle(scope, id);
    const tree = scope.tree;
    const unit = tree.get(row.unit_id);
    if (!unit) throw notFound('article_not_found', 'Không tìm thấy tin bài.');
    const slug = (await this.sites()).byUnit.get(row.unit_id) ?? null;
    return this.buildArticle(tree, { ...this.siteInfo(tree, unit, slug, false), reorganised: await this.reorganised(tree, unit) }, row, previewImageUrl);
  }

  private async buildArticle(tree: UnitTree, site: SiteInfo, row: ArticleRow, urlFor: ImageUrl): Promise<ArticlePage> {
    const db = this.d.db;
    const body = JSON.parse(row.body) as ArticleDoc;
    const imageIds = body.content.flatMap((b) => (b.type === 'image' ? [b.attrs.imageId] : []));
    const [card] = await this.cards(tree, [row], urlFor);
    const imgRows = await this.d.images.many(db, imageIds);
    const images = new Map<string, ArticleImageInfo>();
    for (const [id, r] of imgRows) {
      const i = this.img(r, null, null, urlFor);
      images.set(id, { src: i.src, srcset: i.srcset, sizes: '(max-width: 800px) 100vw, 760px', width: i.width, height: i.height, alt: i.alt, caption: i.caption });
    }
    const [tags, topics, names, relatedRows] = await Promise.all([
      this.d.repo.tagsOf(db, [row.id]),
      this.d.repo.topicsOf(db, row.id),
      this.d.repo.userNames(db, [row.author_id]),
      this.d.repo.related(db, row, 4),
    ]);
    const cat = (await this.categories()).find((c) => c.id === row.category_id);
    return {
      site,
      card,
      body,
      images,
      byline: row.byline || (row.author_id ? (names.get(row.author_id) ?? '') : ''),
      coverCaption: row.cover_caption,
      tags: tags.get(row.id) ?? [],
      topics,
      related: await this.cards(tree, relatedRows),
      updatedAt: row.content_updated_at && row.published_at && row.content_updated_at > row.published_at ? row.content_updated_at : null,
      categorySlug: cat?.slug ?? null,
    };
  }

  /** Published articles among `ids` (stories linked from a good model's profile), newest first. */
  async storyRows(ids: string[]): Promise<ArticleRow[]> {
    if (!ids.length) return [];
    return this.d.db.selectFrom('news_articles').selectAll().where('id', 'in', ids).where('status', '=', 'published').orderBy('published_at', 'desc').execute();
  }

  async searchPage(q: { q: string; category?: string; kind?: string; from?: string; to?: string; page: number }): Promise<{ site: SiteInfo; result: SearchResult; cards: Map<string, Card>; images: Map<string, Img>; categories: NewsCategoryTable[] }> {
    const { tree, site } = await this.homeSite();
    const categories = await this.categories();
    const category = q.category ? categories.find((c) => c.slug === q.category) : undefined;
    const result =
      q.category && !category
        ? { items: [], total: 0, page: q.page, pageSize: PAGE_SIZE, words: [] }
        : await this.d.search.search({ q: q.q, kind: q.kind, categoryId: category?.id, unitId: site.unitId, from: q.from, to: q.to, page: q.page, pageSize: PAGE_SIZE });
    const articleIds = result.items.filter((i) => i.kind === 'article').map((i) => i.id);
    const rows = articleIds.length ? await this.d.db.selectFrom('news_articles').selectAll().where('id', 'in', articleIds).execute() : [];
    const cards = new Map((await this.cards(tree, rows)).map((c) => [c.id, c]));
    // Photos of good models (other kinds than articles carry their image id in the index).
    const imageRows = await this.d.images.many(
      this.d.db,
      result.items.filter((i) => i.kind !== 'article' && i.imageId).map((i) => i.imageId!),
    );
    const images = new Map([...imageRows].map(([id, r]) => [id, this.img(r)]));
    return { site, result, cards, images, categories };
  }

  /**
   * "Trang các đơn vị": sub-sites of the units that exist today (a unit dissolved in a reorganisation
   * keeps its page at its URL, but is no longer listed), each with the number of published articles
   * its page shows (its own, its subtree's and its predecessors'). The home unit is the home page.
   */
  private async unitSites(tree: UnitTree, units: string[], homeUnitId?: string) {
    const today = this.d.clock.today();
    const rows = await this.d.db
      .selectFrom('news_articles')
      .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'published')
      .groupBy('unit_id')
      .execute();
    const counts = new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
    const sites = await this.sites();
    const inScope = new Set(units);
    return [...sites.byUnit]
      .filter(([unitId]) => inScope.has(unitId) && unitId !== homeUnitId && tree.isActiveOn(unitId, today))
      .map(([unitId, slug]) => {
        let count = 0;
        for (const u of tree.rollup(unitId, today)) count += counts.get(u) ?? 0;
        return { name: tree.get(unitId)?.name ?? '', url: `/don-vi/${slug}`, count };
      })
      .filter((u) => u.count > 0)
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  /**
   * The next key dates (global ones and those of the site's unit and the units above it) within a
   * year. Reads `key_dates` directly (owned by the calendar module; only month/day/date/name used).
   */
  private async keyDates(tree: UnitTree, unitId: string): Promise<KeyDateItem[]> {
    const today = this.d.clock.today();
    const chain = new Set<string>();
    for (let u: string | null = unitId, i = 0; u && i < 10; u = tree.parentOn(u, today), i++) chain.add(u);
    const rows = await this.d.db.selectFrom('key_dates').select(['unit_id', 'month', 'day', 'date', 'name']).execute();
    const items: KeyDateItem[] = [];
    const year = Number(today.slice(0, 4));
    const dayMs = 86400_000;
    for (const r of rows) {
      if (r.unit_id && !chain.has(r.unit_id)) continue;
      let next: string | null = null;
      if (r.date) next = r.date >= today ? r.date : null;
      else if (r.month && r.day) {
        for (const y of [year, year + 1]) {
          const d: string = `${y}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
          if (new Date(`${d}T00:00:00Z`).getUTCMonth() + 1 !== r.month) continue;
          if (d >= today) {
            next = d;
            break;
          }
        }
      }
      if (!next) continue;
      const daysLeft = Math.round((Date.parse(`${next}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs);
      if (daysLeft <= 366) items.push({ date: next, name: r.name, daysLeft });
    }
    return items.sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name, 'vi')).slice(0, 5);
  }

  /** The campaign of the site's unit or a unit above it (active, newest), else the NQ 57 banner. */
  private async banner(tree: UnitTree, unitId: string): Promise<Banner> {
    const today = this.d.clock.today();
    const chain: string[] = [];
    for (let u: string | null = unitId, i = 0; u && i < 10; u = tree.parentOn(u, today), i++) chain.push(u);
    const c = await this.d.db
      .selectFrom('campaigns')
      .select(['name', 'description'])
      .where('unit_id', 'in', chain)
      .where('status', '=', 'active')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      title: c?.name ?? 'Đưa Nghị quyết 57-NQ/TW vào cuộc sống',
      text: c?.description?.split('\n')[0]?.slice(0, 240) || 'Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia — mỗi người dân, mỗi khu dân cư cùng chung tay.',
      url: '/chuyen-muc/hoi-dap-nghi-quyet-57',
    };
  }

  // ---- feeds and sitemap ----

  async feedItems(filter: { unitIds?: string[]; categoryId?: string }, limit = 30) {
    const tree = await this.d.tree();
    const rows = await this.d.repo.published(this.d.db, { ...filter, limit });
    const cards = await this.cards(tree, rows);
    return cards.map((c, i) => ({ ...c, guid: rows[i].id }));
  }

  async sitemapEntries() {
    const [rows, sites, cats] = await Promise.all([this.d.repo.allPublished(this.d.db), this.sites(), this.categories()]);
    return {
      articles: rows.map((r) => ({ url: `/don-vi/${sites.byUnit.get(r.unit_id) ?? r.unit_id}/${r.slug}`, lastmod: r.content_updated_at ?? r.published_at ?? '' })),
      categories: cats.map((c) => `/chuyen-muc/${c.slug}`),
      sites: [...new Set(rows.map((r) => sites.byUnit.get(r.unit_id)).filter((s): s is string => !!s))].map((s) => `/don-vi/${s}`),
    };
  }

  /** dd/mm/yyyy and HH:mm in Vietnam time. */
  static date(iso: string): string {
    const d = vnParts(iso);
    return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  }

  static time(iso: string): string {
    return vnParts(iso).slice(11, 16);
  }
}
