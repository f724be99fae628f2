import sharp from 'sharp';
import { type ArticleDoc, articleToPlain } from '../../../shared/richtext.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { type DbHandle, tx } from '../../platform/db.js';
import { FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { UnitsRepository } from '../units/units.repository.js';
import { cleanDoc } from './news.content.js';
import { type ImageOutput, renderVariants, storeImage } from './news.images.js';
import { NewsRepository } from './news.repository.js';
import { slugify, unitSiteSlug } from './news.slug.js';
import { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';
import { DEMO_ARTICLES, type DemoArticle } from './news.demo-data.js';

const PALETTES: Record<string, [string, string, string]> = {
  'tin-hoat-dong': ['#8a0c13', '#c62828', '#f2c94c'],
  'chuyen-doi-so': ['#0b3d7a', '#1565c0', '#7fd3ff'],
  'dai-doan-ket': ['#9a1b1b', '#e0492f', '#ffe08a'],
  'mo-hinh-hay': ['#1b5e20', '#2e7d32', '#c5e1a5'],
  'guong-dien-hinh': ['#6a1b4d', '#ad1457', '#ffd1e3'],
  'hoi-dap-nghi-quyet-57': ['#4a148c', '#7b1fa2', '#f2c94c'],
  'van-ban': ['#37474f', '#546e7a', '#eceff1'],
  'tai-lieu-tuyen-truyen': ['#bf360c', '#e65100', '#ffe0b2'],
};

/** Size of the demo covers and body images (the largest variant is 1200 px wide). */
const COVER = { width: 1200, height: 675 };

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/)) {
    if (cur && (cur + ' ' + w).length > max) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.slice(0, 4);
}

/**
 * A cover made locally (no download): a gradient in the category's colours, the emblem's star and a caption,
 * drawn on a 1600×900 design and rendered `width` px wide (16:9).
 */
export async function demoCover(label: string, kicker: string, category: string, seed: number, width = 1600): Promise<Buffer> {
  const [a, b, c] = PALETTES[category] ?? PALETTES['tin-hoat-dong'];
  const lines = wrap(label.toUpperCase(), 22);
  const top = 450 - (lines.length * 92) / 2 + 60;
  const circles = Array.from({ length: 7 }, (_, i) => {
    const x = (seed * 137 + i * 241) % 1600;
    const y = (seed * 89 + i * 173) % 900;
    const r = 60 + ((seed + i * 31) % 180);
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="${c}" fill-opacity="${0.06 + (i % 3) * 0.03}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.round((width * 9) / 16)}" viewBox="0 0 1600 900">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
<rect width="1600" height="900" fill="url(#g)"/>${circles}
<g transform="translate(1330 70) scale(3)" opacity="0.9"><circle cx="32" cy="32" r="30" fill="none" stroke="${c}" stroke-width="3"/><path fill="${c}" d="M32 11l5.9 18.2H57L41.6 40.4l5.9 18.2L32 47.4 16.5 58.6l5.9-18.2L7 29.2h19.1z"/></g>
<rect x="100" y="${top - 120}" width="140" height="10" fill="${c}"/>
<text x="100" y="${top - 60}" font-family="DejaVu Sans, sans-serif" font-size="38" fill="${c}" letter-spacing="2">${xml(kicker.toUpperCase())}</text>
${lines.map((l, i) => `<text x="100" y="${top + 30 + i * 92}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="76" fill="#ffffff">${xml(l)}</text>`).join('\n')}
<text x="100" y="840" font-family="DejaVu Sans, sans-serif" font-size="28" fill="#ffffff" fill-opacity="0.85">Ảnh minh họa — dữ liệu mẫu Lan Tỏa</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 86 }).toBuffer();
}

function toDoc(a: DemoArticle, bodyImageId: string | null): ArticleDoc {
  const content: ArticleDoc['content'] = [];
  a.body.forEach((p, i) => {
    if (p.startsWith('## ')) content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: p.slice(3) }] });
    else if (p.startsWith('> ')) content.push({ type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: p.slice(2) }] }] });
    else if (p.startsWith('- ')) {
      const items = p.split('\n').map((l) => l.replace(/^- /, ''));
      content.push({ type: 'bulletList', content: items.map((t) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })) });
    } else content.push({ type: 'paragraph', content: [{ type: 'text', text: p }] });
    if (i === 1 && bodyImageId) content.push({ type: 'image', attrs: { imageId: bodyImageId, alt: null, caption: null } });
  });
  return cleanDoc({ type: 'doc', content });
}

/**
 * Demo news for the public site: about 60 articles (news.demo-data.ts, news.demo-data-more.ts) of the
 * former Tam Kỳ city Front, its member organisations and wards (until 30/6/2025), Đà Nẵng city and the
 * wards Tam Kỳ, Quảng Phú, Bàn Thạch, Hương Trà (from 1/7/2025) about Resolution 57 (18/5, 10/10, 18/11,
 * "Bình dân học vụ số", good models), with covers generated locally, published between March 2025 and
 * November 2026; plus articles waiting for approval and one scheduled. Rows are written directly (a fixture, not a workflow);
 * the search index and the sub-sites are filled too. Skips when any article exists. Call it after
 * `seedDemo` (units and users), `seedKeyDates` and `seedActivitiesDemo` (ward officers who write articles;
 * an unknown author is left empty).
 */
export async function seedNewsDemo(handle: DbHandle, clock: Clock, config: Pick<Config, 'filesDir' | 'maxUploadBytes'>): Promise<{ articles: number; images: number }> {
  const db = handle.db;
  if (await db.selectFrom('news_articles').select('id').limit(1).executeTakeFirst()) return { articles: 0, images: 0 };
  const units = new Map((await db.selectFrom('units').select(['id', 'code', 'name']).execute()).map((u) => [u.code, u]));
  const users = new Map((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const cats = new Map((await db.selectFrom('news_categories').select(['id', 'slug']).execute()).map((c) => [c.slug, c.id]));
  const topics = await db.selectFrom('topics').select(['id', 'code', 'title']).execute();
  const files = new FileStore(db, config.filesDir, clock);
  const repo = new NewsRepository();
  const tree = await new UnitsRepository(db).tree();
  const search = new SearchService(db, new SearchRepository(handle.engine), async () => tree, clock);

  // Images first (sharp work outside the transaction): drawn at the largest variant's width, quick variants,
  // two articles at a time — about 60 articles with their body images in a few seconds.
  type Prepared = { a: DemoArticle; cover: Buffer; coverOut: ImageOutput[]; inBody: Buffer | null; inBodyOut: ImageOutput[] | null };
  const prepare = async (a: DemoArticle, i: number): Promise<Prepared> => {
    const cover = await demoCover(a.coverLabel, a.coverKicker, a.category, i + 3, COVER.width);
    const coverOut = await renderVariants(cover, `anh-bia-${slugify(a.coverLabel, 40)}`, { quick: true });
    const inBody = a.bodyImage ? await demoCover(a.bodyImage.label, a.bodyImage.kicker, a.category, i + 41, COVER.width) : null;
    return { a, cover, coverOut, inBody, inBodyOut: inBody ? await renderVariants(inBody, `anh-${slugify(a.bodyImage!.label, 40)}`, { quick: true }) : null };
  };
  const prepared: Prepared[] = [];
  for (let i = 0; i < DEMO_ARTICLES.length; i += 2) {
    prepared.push(...(await Promise.all(DEMO_ARTICLES.slice(i, i + 2).map((a, k) => prepare(a, i + k)))));
  }

  let images = 0;
  await tx(db, async (trx) => {
    const sites = new Map<string, string>();
    const siteOf = async (unitId: string) => {
      if (sites.has(unitId)) return sites.get(unitId)!;
      let slug = (await repo.siteOf(trx, unitId)) ?? null;
      if (!slug) {
        slug = unitSiteSlug(tree.get(unitId)?.name ?? unitId);
        if (await repo.siteSlugTaken(trx, slug)) slug = `${slug}-${slugify(tree.get(unitId)?.code ?? 'dv')}`;
        await repo.insertSite(trx, unitId, slug, clock.now().toISOString());
      }
      sites.set(unitId, slug);
      return slug;
    };
    for (const p of prepared) {
      const a = p.a;
      const unit = units.get(a.unit);
      if (!unit) throw new Error(`demo news: unknown unit ${a.unit}`);
      const author = users.get(a.author) ?? null;
      const approver = users.get(a.approver) ?? null;
      const categoryId = cats.get(a.category);
      if (!categoryId) throw new Error(`demo news: unknown category ${a.category}`);
      const coverRow = await storeImage(trx, files, clock, {
        original: p.cover,
        name: 'anh-bia.jpg',
        outputs: p.coverOut,
        unitId: unit.id,
        userId: author,
        alt: a.coverAlt,
        caption: a.coverCaption,
        width: COVER.width,
        height: COVER.height,
        maxBytes: config.maxUploadBytes,
      });
      images += 1;
      let bodyImageId: string | null = null;
      if (p.inBody && p.inBodyOut && a.bodyImage) {
        const r = await storeImage(trx, files, clock, {
          original: p.inBody,
          name: 'anh.jpg',
          outputs: p.inBodyOut,
          unitId: unit.id,
          userId: author,
          alt: a.bodyImage.alt,
          caption: a.bodyImage.caption,
          width: COVER.width,
          height: COVER.height,
          maxBytes: config.maxUploadBytes,
        });
        bodyImageId = r.id;
        images += 1;
      }
      const body = toDoc(a, bodyImageId);
      const id = newId();
      const slug = await repo.freeSlug(trx, unit.id, slugify(a.title));
      const site = await siteOf(unit.id);
      const published = a.status === 'published';
      const created = new Date(Date.parse(a.at) - 26 * 3600_000).toISOString();
      await repo.insert(trx, {
        id,
        unit_id: unit.id,
        category_id: categoryId,
        campaign_id: null,
        slug,
        title: a.title,
        sapo: a.sapo,
        body: JSON.stringify(body),
        body_text: articleToPlain(body),
        cover_image_id: coverRow.id,
        cover_caption: null,
        byline: a.byline ?? null,
        featured: a.featured ? 1 : 0,
        status: a.status,
        version: 4,
        author_id: author,
        created_at: created,
        updated_by: author,
        updated_at: a.status === 'submitted' ? created : a.at,
        submitted_at: created,
        approved_by: a.status === 'submitted' ? null : approver,
        approved_at: a.status === 'submitted' ? null : created,
        scheduled_at: a.status === 'scheduled' ? a.at : null,
        published_at: published ? a.at : null,
        published_by: published ? author : null,
        content_updated_at: published ? a.at : null,
        unpublished_at: null,
      });
      await repo.setTags(trx, id, a.tags, created);
      const topicIds = topics.filter((t) => a.topics?.some((q: string) => t.title.includes(q))).map((t) => t.id);
      await repo.setTopics(trx, id, topicIds);
      await repo.setImages(trx, id, [coverRow.id, ...(bodyImageId ? [bodyImageId] : [])]);
      const steps: Array<[string, string, string | null, string]> = [['draft', 'Tạo bản nháp', author, created]];
      steps.push(['submitted', 'Gửi duyệt', author, created]);
      if (a.status === 'published' || a.status === 'scheduled') steps.push(['approved', 'Duyệt', approver, created]);
      if (a.status === 'published') steps.push(['published', 'Đăng tin', author, a.at]);
      if (a.status === 'scheduled') steps.push(['scheduled', `Hẹn giờ đăng`, author, created]);
      for (const [n, [status, reason, by, at]] of steps.entries()) {
        const snapshot = { title: a.title, slug, sapo: a.sapo, body, categoryId, tags: a.tags, topicIds, coverImageId: coverRow.id, coverCaption: null, byline: a.byline ?? null, featured: !!a.featured, campaignId: null, status, scheduledAt: status === 'scheduled' ? a.at : null };
        await repo.insertRevision(trx, { id: newId(), article_id: id, revision: n + 1, status, snapshot: JSON.stringify(snapshot), reason, created_by: by, created_at: at });
      }
      if (a.status === 'scheduled') {
        const now = clock.now().toISOString();
        await trx
          .insertInto('jobs')
          .values({ id: newId(), kind: 'news.publish', run_at: a.at, payload: JSON.stringify({ articleId: id, at: a.at }), status: 'pending', attempts: 0, last_error: null, locked_until: null, dedupe_key: `news.publish:${id}:${a.at}`, created_at: now, updated_at: now })
          .execute();
      }
      if (published) {
        await search.index(trx, { kind: 'article', refId: id, unitId: unit.id, categoryId, title: a.title, summary: a.sapo, body: articleToPlain(body), url: `/don-vi/${site}/${slug}`, imageId: coverRow.id, publishedAt: a.at });
      }
    }
    // Contacts shown in the site footers (demo data) where the unit has none.
    for (const [code, c] of Object.entries(DEMO_CONTACTS)) {
      const u = units.get(code);
      if (!u) continue;
      const cur = await trx.selectFrom('units').select(['address', 'phone', 'email']).where('id', '=', u.id).executeTakeFirstOrThrow();
      await trx
        .updateTable('units')
        .set({ address: cur.address ?? c.address, phone: cur.phone ?? c.phone, email: cur.email ?? c.email })
        .where('id', '=', u.id)
        .execute();
    }
    await new UnitsRepository(trx).bumpVersion(trx);
    await trx
      .insertInto('meta')
      .values({ key: 'portal_version', value: `demo-${clock.now().toISOString()}` })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: `demo-${clock.now().toISOString()}` }))
      .execute();
  });
  return { articles: DEMO_ARTICLES.length, images };
}

/** Demo contacts (illustrative, not verified addresses). */
const DEMO_CONTACTS: Record<string, { address: string; phone: string; email: string }> = {
  DANANG: { address: 'Trung tâm Hành chính thành phố Đà Nẵng (dữ liệu mẫu)', phone: '0236 3000 000', email: 'mattran@danang.example.vn' },
  PHUONG_TAMKY: { address: 'Trụ sở Ủy ban MTTQ Việt Nam phường Tam Kỳ, thành phố Đà Nẵng (dữ liệu mẫu)', phone: '0235 3000 000', email: 'mattran.phuongtamky@danang.example.vn' },
};
