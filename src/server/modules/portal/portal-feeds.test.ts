/**
 * The portal's feeds and sitemap on both databases, over the demo news (63 articles across the
 * city, the wards before and after 1/7/2025 and member organisations; some waiting for approval,
 * one scheduled) plus one article published then taken down:
 * - home, category and unit RSS parsed by a real feed parser (rss-parser): RSS 2.0, the published
 *   articles of that category / unit newest first (checked against the database), titles with
 *   diacritics intact, absolute links, pubDate; nothing unpublished or scheduled;
 * - each category page links its feed with <link rel="alternate" type="application/rss+xml">;
 * - /sitemap.xml is valid XML and lists every published article and no other;
 * - "Trang các đơn vị" lists only units existing today; a dissolved ward's page still works and
 *   links to its successor; each sub-site's footer shows its own unit's contacts, never another's.
 */
import { DOMParser } from '@xmldom/xmldom';
import Parser from 'rss-parser';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { seedKeyDates } from '../calendar/index.js';
import { filesDir, ok, publicGet, publishedArticle } from '../news/news.testkit.js';
import { seedNewsDemo } from '../news/news.seed.js';

const BASE = 'http://localhost:80';
const dir = filesDir();
const parser = new Parser();

function parseXml(xml: string): Document {
  const errors: string[] = [];
  const d = new DOMParser({ errorHandler: { warning: () => undefined, error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } }).parseFromString(xml, 'text/xml');
  if (errors.length) throw new Error(`XML không hợp lệ: ${errors.join('; ')}`);
  return d as unknown as Document;
}

describeEachDb(
  'portal feeds and sitemap',
  (ctx) => {
    let editor: Session;
    let leader: Session;
    let takenDown: { id: string; title: string; publicUrl: string };
    /** Published articles from the database with their public URL, newest first (the feeds' order). */
    let published: Array<{ id: string; title: string; url: string; unit_id: string; category_id: string; published_at: string }>;
    let notPublished: Array<{ title: string; url: string; status: string }>;

    beforeAll(async () => {
      const t = ctx();
      await seedKeyDates(t.db.db, t.clock);
      await seedNewsDemo(t.db, t.clock, { filesDir: dir, maxUploadBytes: 20 * 1024 * 1024 });
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
      takenDown = await publishedArticle(editor, leader, { title: 'Tin đã gỡ xuống: không được xuất hiện trong RSS' });
      ok(await editor.post(`/api/news/articles/${takenDown.id}/unpublish`, { reason: 'Gỡ để kiểm tra' }));
      const rows = await t.db.db
        .selectFrom('news_articles as a')
        .leftJoin('news_sites as s', 's.unit_id', 'a.unit_id')
        .select(['a.id', 'a.title', 'a.slug', 'a.status', 'a.unit_id', 'a.category_id', 'a.published_at', 's.slug as site'])
        .execute();
      const url = (r: (typeof rows)[number]) => `/don-vi/${r.site ?? r.unit_id}/${r.slug}`;
      published = rows
        .filter((r) => r.status === 'published')
        .map((r) => ({ id: r.id, title: r.title, url: url(r), unit_id: r.unit_id, category_id: r.category_id, published_at: r.published_at! }))
        .sort((a, b) => b.published_at.localeCompare(a.published_at) || b.id.localeCompare(a.id));
      notPublished = rows.filter((r) => r.status !== 'published').map((r) => ({ title: r.title, url: url(r), status: r.status }));
      expect(published.length).toBeGreaterThanOrEqual(50);
      expect(new Set(notPublished.map((r) => r.status))).toEqual(new Set(['submitted', 'scheduled', 'unpublished']));
    });

    async function feed(path: string) {
      const res = await publicGet(ctx(), path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
      parseXml(res.body);
      return { xml: res.body, parsed: await parser.parseString(res.body) };
    }

    function expectItems(items: Parser.Item[], expected: typeof published) {
      const top = expected.slice(0, 30);
      expect(items.map((i) => i.link)).toEqual(top.map((a) => BASE + a.url));
      expect(items.map((i) => i.title)).toEqual(top.map((a) => a.title));
      for (const i of items) {
        expect(i.link).toMatch(/^http:\/\/localhost:80\/don-vi\/[a-z0-9-]+\/[a-z0-9-]+$/);
        expect(Number.isNaN(Date.parse(i.pubDate ?? ''))).toBe(false);
      }
      // Newest first, dates from the database.
      expect(items.map((i) => new Date(i.isoDate!).getTime())).toEqual(top.map((a) => Math.floor(Date.parse(a.published_at) / 1000) * 1000));
      const titles = new Set(items.map((i) => i.title));
      for (const n of notPublished) expect(titles.has(n.title), n.title).toBe(false);
    }

    it('home feed: the newest 30 published articles of the whole site, titles with diacritics, absolute links', async () => {
      const { parsed } = await feed('/rss.xml');
      expect(parsed.title).toBe('Tin mới — Ủy ban MTTQ Việt Nam thành phố Đà Nẵng');
      expect(parsed.link).toBe(`${BASE}/`);
      expect(parsed.items).toHaveLength(30);
      expectItems(parsed.items, published);
      expect(parsed.items.some((i) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(i.title ?? ''))).toBe(true);
    });

    it('category feeds: exactly the published articles of that category, newest first; the category page links its feed', async () => {
      const t = ctx();
      const cats = await t.db.db.selectFrom('news_categories').select(['id', 'slug', 'name']).execute();
      let checked = 0;
      for (const c of cats) {
        const expected = published.filter((a) => a.category_id === c.id);
        const { parsed } = await feed(`/chuyen-muc/${c.slug}/rss.xml`);
        expect(parsed.title).toBe(`${c.name} — Ủy ban MTTQ Việt Nam thành phố Đà Nẵng`);
        expectItems(parsed.items, expected);
        if (expected.length) checked++;
        const page = await publicGet(t, `/chuyen-muc/${c.slug}`);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain(`<link rel="alternate" type="application/rss+xml" title="${c.name} — ` );
        expect(page.body).toContain(`href="/chuyen-muc/${c.slug}/rss.xml">`);
      }
      expect(checked).toBeGreaterThanOrEqual(5);
    });

    it('unit feeds: the published articles of the unit, its subtree and predecessors; a dissolved ward keeps its own', async () => {
      const t = ctx();
      const tree = await t.app.services.units.tree();
      const sites = await t.db.db.selectFrom('news_sites').select(['unit_id', 'slug']).execute();
      for (const code of ['PHUONG_TAMKY', 'AN_MY', 'QUANG_PHU']) {
        const unitId = await t.unit(code);
        const site = sites.find((s) => s.unit_id === unitId);
        expect(site, code).toBeDefined();
        const scope = tree.rollup(unitId, t.clock.today());
        const expected = published.filter((a) => scope.has(a.unit_id));
        expect(expected.length, code).toBeGreaterThan(0);
        const { parsed } = await feed(`/don-vi/${site!.slug}/rss.xml`);
        expect(parsed.link).toBe(`${BASE}/don-vi/${site!.slug}`);
        expectItems(parsed.items, expected);
      }
    });

    it('sitemap.xml: valid XML listing every published article and nothing unpublished, scheduled or waiting', async () => {
      const res = await publicGet(ctx(), '/sitemap.xml');
      expect(res.statusCode).toBe(200);
      const d = parseXml(res.body);
      expect(d.documentElement.namespaceURI).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
      const nodes = d.getElementsByTagName('loc');
      const locs = Array.from({ length: nodes.length }, (_, i) => nodes.item(i)?.textContent ?? '');
      expect(locs.every((l) => l.startsWith(`${BASE}/`))).toBe(true);
      const articleLocs = locs.filter((l) => /^http:\/\/localhost:80\/don-vi\/[^/]+\/[^/]+$/.test(l));
      expect(new Set(articleLocs)).toEqual(new Set(published.map((a) => BASE + a.url)));
      expect(articleLocs).toHaveLength(published.length);
      for (const n of notPublished) expect(locs, n.title).not.toContain(BASE + n.url);
    });

    it('"Trang các đơn vị" lists only units existing today, with the counts their pages show', async () => {
      const t = ctx();
      const home = (await publicGet(t, '/')).body;
      const box = /<h2 id="units-h" class="box-h">Trang các đơn vị<\/h2><ul class="unit-list">([\s\S]*?)<\/ul>/.exec(home)![1];
      const listed = [...box.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a> <span class="count">(\d+) tin<\/span><\/li>/g)].map((m) => ({ url: m[1], name: m[2], count: Number(m[3]) }));
      expect(listed.length).toBeGreaterThanOrEqual(3);
      const tree = await t.app.services.units.tree();
      const sites = await t.db.db.selectFrom('news_sites').select(['unit_id', 'slug']).execute();
      const dissolved = sites.filter((s) => !tree.isActiveOn(s.unit_id, t.clock.today()));
      expect(dissolved.length).toBeGreaterThanOrEqual(3); // the demo has articles of the old city and old wards
      for (const s of dissolved) expect(listed.map((l) => l.url)).not.toContain(`/don-vi/${s.slug}`);
      expect(listed.map((l) => l.name)).not.toContain('Ủy ban MTTQ Việt Nam phường An Mỹ');
      expect(listed.map((l) => l.name)).toContain('Ủy ban MTTQ Việt Nam phường Tam Kỳ');
      for (const l of listed) {
        expect(tree.isActiveOn(sites.find((s) => `/don-vi/${s.slug}` === l.url)!.unit_id, t.clock.today()), l.name).toBe(true);
        const page = (await publicGet(t, l.url)).body;
        expect(page, l.name).toContain(`· ${l.count} tin bài</p>`);
      }
    });

    it("a dissolved ward's page still works, says it was reorganised and links to its successor", async () => {
      const t = ctx();
      const anMy = await t.unit('AN_MY');
      const slug = (await t.db.db.selectFrom('news_sites').select('slug').where('unit_id', '=', anMy).executeTakeFirstOrThrow()).slug;
      const page = await publicGet(t, `/don-vi/${slug}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1>Ủy ban MTTQ Việt Nam phường An Mỹ</h1>');
      expect(page.body).toMatch(/<div class="reorg" role="note"><div class="wrap"><p>Đơn vị đã kết thúc hoạt động từ ngày 30\/06\/2025 do sắp xếp lại tổ chức; các tin bài dưới đây được lưu giữ\. Đơn vị tiếp nhận: <a href="\/don-vi\/phuong-tam-ky">Ủy ban MTTQ Việt Nam phường Tam Kỳ<\/a>\.<\/p>/);
      const current = await publicGet(t, '/don-vi/phuong-tam-ky');
      expect(current.body).not.toContain('class="reorg"');
    });

    it("each sub-site's footer shows its own unit's contacts, never another committee's", async () => {
      const t = ctx();
      const footer = (html: string) => /<footer class="footer">([\s\S]*?)<\/footer>/.exec(html)![1];
      const sites = await t.db.db.selectFrom('news_sites').select(['unit_id', 'slug']).execute();
      const site = async (code: string) => {
        const id = await t.unit(code);
        return sites.find((s) => s.unit_id === id)!.slug;
      };
      // The old city keeps its own address on its archived site.
      const city = footer((await publicGet(t, `/don-vi/${await site('TAMKY')}`)).body);
      expect(city).toContain('<p class="footer-name">Ủy ban MTTQ Việt Nam thành phố Tam Kỳ</p>');
      expect(city).toContain('Địa chỉ: 02 Trần Hưng Đạo, thành phố Tam Kỳ, tỉnh Quảng Nam');
      // Old and new wards have no address on record: their own name, no other committee's address.
      for (const code of ['AN_MY', 'PHUONG_TAMKY', 'QUANG_PHU']) {
        const f = footer((await publicGet(t, `/don-vi/${await site(code)}`)).body);
        const name = (await t.db.db.selectFrom('units').select('name').where('code', '=', code).executeTakeFirstOrThrow()).name;
        expect(f, code).toContain(`<p class="footer-name">${name}</p>`);
        expect(f, code).not.toContain('Trần Hưng Đạo');
        expect(f, code).not.toContain('Tràng Thi');
      }
      // A ward with its own address shows it, and only it.
      const admin = await t.login('admin');
      const wardId = await t.unit('PHUONG_TAMKY');
      const before = ok(await admin.get(`/api/units/${wardId}`));
      ok(await admin.patch(`/api/units/${wardId}`, { address: '15 Phan Bội Châu, phường Tam Kỳ, thành phố Đà Nẵng', phone: '0235 3851 234', version: before.version }));
      // A unit edit moves meta.units_version; the portal notices within a second and renders afresh.
      await new Promise((r) => setTimeout(r, 1100));
      const ward = footer((await publicGet(t, '/don-vi/phuong-tam-ky')).body);
      expect(ward).toContain('Địa chỉ: 15 Phan Bội Châu, phường Tam Kỳ, thành phố Đà Nẵng');
      expect(ward).toContain('<a href="tel:02353851234">0235 3851 234</a>');
      const quangPhu = footer((await publicGet(t, `/don-vi/${await site('QUANG_PHU')}`)).body);
      expect(quangPhu).not.toContain('Phan Bội Châu');
    });
  },
  { config: { filesDir: dir } },
);
