/**
 * The public site on both databases: home, category and unit pages, article pages with Open Graph,
 * Twitter card, canonical URL and JSON-LD NewsArticle, share links, the search page, RSS feeds
 * parsed back with a real XML parser (@xmldom/xmldom), a sitemap listing every published article and
 * no draft, robots.txt, fonts and CSS served from the project, and the page cache revalidated with
 * ETag / Last-Modified (304) and emptied when something is published.
 */
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, expect, it } from 'vitest';
import { categoryId, doc, draftArticle, filesDir, ok, publicGet, publishedArticle, uploadImage } from '../news/news.testkit.js';
import { describeEachDb, type Session } from '../../test/harness.js';
import { seedKeyDates } from '../calendar/index.js';

function parseXml(xml: string): Document {
  const errors: string[] = [];
  const d = new DOMParser({ errorHandler: { warning: () => undefined, error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } }).parseFromString(xml, 'text/xml');
  if (errors.length) throw new Error(`XML không hợp lệ: ${errors.join('; ')}`);
  return d as unknown as Document;
}

const text = (el: Element, tag: string) => el.getElementsByTagName(tag)[0]?.textContent ?? null;
const metaContent = (html: string, attr: 'property' | 'name', key: string) => new RegExp(`<meta ${attr}="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" content="([^"]*)">`).exec(html)?.[1] ?? null;

describeEachDb(
  'portal',
  (ctx) => {
    let editor: Session;
    let leader: Session;
    let article: { id: string; publicUrl: string; title: string; slug: string };
    let draftId: string;
    const published: string[] = [];

    beforeAll(async () => {
      const t = ctx();
      await seedKeyDates(t.db.db, t.clock);
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
      const img = ok(await uploadImage(editor, { alt: 'Người cao tuổi phường Tam Kỳ học dùng điện thoại thông minh', caption: 'Lớp "Bình dân học vụ số" tại nhà văn hóa khối phố 3' }), 201);
      const dx = await categoryId(editor, 'chuyen-doi-so');
      article = await publishedArticle(editor, leader, {
        title: 'Phường Tam Kỳ mở lớp "Bình dân học vụ số" cho người cao tuổi',
        sapo: 'Hơn 60 hội viên Hội Người cao tuổi được hướng dẫn cài đặt VNeID và thanh toán không dùng tiền mặt.',
        body: { type: 'doc', content: [...doc('Sáng 20/11, Ủy ban MTTQ phường Tam Kỳ phối hợp Đoàn phường mở lớp.').content, { type: 'image', attrs: { imageId: img.id } }, ...doc('Lớp học kéo dài hai buổi.').content] },
        categoryId: dx,
        coverImageId: img.id,
        tags: ['Bình dân học vụ số', 'Người cao tuổi'],
        byline: 'Thu Hà',
        featured: true,
      });
      published.push(article.publicUrl);
      for (let i = 1; i <= 13; i++) {
        t.clock.set(new Date(Date.parse('2026-11-26T03:00:00Z') + i * 60_000).toISOString());
        const a = await publishedArticle(editor, leader, { title: `Tin hoạt động Mặt trận số ${i}`, tags: i % 2 ? ['Người cao tuổi'] : [] });
        published.push(a.publicUrl);
      }
      draftId = (await draftArticle(editor, { title: 'Bản nháp không được lộ ra' })).id;
    });

    it('serves the home page at / (no redirect): lang="vi", skip link, header, categories, sign-in link, no script', async () => {
      const t = ctx();
      const res = await publicGet(t, '/');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = res.body;
      expect(html).toMatch(/^<!doctype html>\n<html lang="vi">/);
      expect(html).toContain('<a class="skip-link" href="#noi-dung">');
      expect(html).toContain('<main id="noi-dung"');
      expect(html).toContain('<span class="brand-lower">thành phố Đà Nẵng</span>');
      expect(html).toContain('<a class="login" href="/app/">Đăng nhập</a>');
      for (const name of ['Tin hoạt động Mặt trận', 'Chuyển đổi số', 'Đại đoàn kết', 'Mô hình hay', 'Gương điển hình', 'Hỏi đáp Nghị quyết 57', 'Văn bản', 'Tài liệu tuyên truyền']) expect(html).toContain(`>${name}</a>`);
      expect(html).toContain(article.title.replace(/"/g, '&quot;'));
      // Upcoming key dates from the calendar (22/12 is 26 days after 26/11/2026).
      expect(html).toContain('Sắp diễn ra');
      expect(html).toMatch(/<span class="kd-date">22\/12<\/span><span class="kd-name">Ngày ban hành Nghị quyết 57-NQ\/TW \(22\/12\/2024\)<span class="kd-left">Còn 26 ngày<\/span>/);
      expect(html).not.toMatch(/<script(?! type="application\/ld\+json")/);
      expect(html).toContain('<link rel="alternate" type="application/rss+xml"');
      expect(html).not.toContain('Bản nháp không được lộ ra');
      expect(html).toContain('Trang các đơn vị');
      // The SPA and the API are untouched.
      expect((await t.app.inject({ method: 'GET', url: '/api/news/articles' })).statusCode).toBe(401);
    });

    it('renders an article with its Open Graph and Twitter tags, canonical URL, JSON-LD, figure and share links', async () => {
      const t = ctx();
      const res = await publicGet(t, article.publicUrl);
      expect(res.statusCode).toBe(200);
      const html = res.body;
      const url = `http://localhost:80${article.publicUrl}`;
      expect(article.publicUrl).toBe('/don-vi/phuong-tam-ky/phuong-tam-ky-mo-lop-binh-dan-hoc-vu-so-cho-nguoi-cao-tuoi');
      expect(html).toContain(`<link rel="canonical" href="${url}">`);
      expect(metaContent(html, 'property', 'og:type')).toBe('article');
      expect(metaContent(html, 'property', 'og:title')).toBe('Phường Tam Kỳ mở lớp &quot;Bình dân học vụ số&quot; cho người cao tuổi');
      expect(metaContent(html, 'property', 'og:description')).toContain('Hơn 60 hội viên');
      expect(metaContent(html, 'property', 'og:url')).toBe(url);
      expect(metaContent(html, 'property', 'og:image')).toMatch(/^http:\/\/localhost:80\/anh\/[0-9a-f-]{36}\.jpg$/);
      expect(metaContent(html, 'property', 'og:image:width')).toBe('1200');
      expect(metaContent(html, 'property', 'og:image:height')).toBe('630');
      expect(metaContent(html, 'property', 'og:image:alt')).toBe('Người cao tuổi phường Tam Kỳ học dùng điện thoại thông minh');
      expect(metaContent(html, 'name', 'twitter:card')).toBe('summary_large_image');
      expect(metaContent(html, 'name', 'twitter:image')).toBe(metaContent(html, 'property', 'og:image'));
      const og = await publicGet(t, metaContent(html, 'property', 'og:image')!.replace('http://localhost:80', ''));
      expect([og.statusCode, og.headers['content-type']]).toEqual([200, 'image/jpeg']);

      const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]);
      expect(ld).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: 'Phường Tam Kỳ mở lớp "Bình dân học vụ số" cho người cao tuổi',
        datePublished: '2026-11-26T03:00:00.000Z',
        author: [{ '@type': 'Person', name: 'Thu Hà' }],
        publisher: { '@type': 'Organization', name: 'Ủy ban MTTQ Việt Nam phường Tam Kỳ' },
        mainEntityOfPage: { '@id': url },
        inLanguage: 'vi',
      });
      expect(html).toContain('<h1>Phường Tam Kỳ mở lớp &quot;Bình dân học vụ số&quot; cho người cao tuổi</h1>');
      expect(html).toContain('<span class="byline">Thu Hà</span>');
      expect(html).toContain('10:00, 26/11/2026');
      expect(html).toContain('<figcaption>Lớp &quot;Bình dân học vụ số&quot; tại nhà văn hóa khối phố 3</figcaption>');
      expect(html).toMatch(/<figure class="figure"><img src="\/anh\/[0-9a-f-]{36}-800\.webp" srcset="[^"]+ 400w, [^"]+ 800w, [^"]+ 1200w"/);
      expect(html).toContain(`href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}"`);
      expect(html).toContain(`href="https://sp.zalo.me/share_to?url=${encodeURIComponent(url)}"`);
      expect(html).toContain('Từ khóa:</span> <a href="/tim-kiem?q=B%C3%ACnh%20d%C3%A2n%20h%E1%BB%8Dc%20v%E1%BB%A5%20s%E1%BB%91">Bình dân học vụ số</a>');
      expect(html).toContain('Tin liên quan');
      expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Chuyển đổi số (RSS)" href="/chuyen-muc/chuyen-doi-so/rss.xml">');
      // An unknown article is an HTML 404 page, and so is any unknown public path.
      const missing = await publicGet(t, '/don-vi/phuong-tam-ky/khong-co-bai-nay');
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('Không tìm thấy trang');
      expect((await publicGet(t, '/khong-co/duong-dan')).statusCode).toBe(404);
      expect((await publicGet(t, '/don-vi/khong-co-don-vi')).statusCode).toBe(404);
    });

    it('pages a category, links its RSS feed, and serves the unit sub-site', async () => {
      const t = ctx();
      const res = await publicGet(t, '/chuyen-muc/tin-hoat-dong');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<link rel="alternate" type="application/rss+xml" title="Tin hoạt động Mặt trận — MTTQ thành phố Đà Nẵng (RSS)" href="/chuyen-muc/tin-hoat-dong/rss.xml">');
      expect(res.body).toContain('<h1>Tin hoạt động Mặt trận</h1>');
      expect(res.body).toContain('Tin hoạt động Mặt trận số 13');
      expect(res.body).not.toContain('Tin hoạt động Mặt trận số 1<');
      expect(res.body).toContain('href="/chuyen-muc/tin-hoat-dong?trang=2" rel="next"');
      const p2 = await publicGet(t, '/chuyen-muc/tin-hoat-dong?trang=2');
      expect(p2.body).toContain('Tin hoạt động Mặt trận số 1<');
      expect(p2.body).toContain('<link rel="canonical" href="http://localhost:80/chuyen-muc/tin-hoat-dong?trang=2">');
      expect((await publicGet(t, '/chuyen-muc/tin-hoat-dong?trang=9')).statusCode).toBe(404);
      expect((await publicGet(t, '/chuyen-muc/tin-hoat-dong?trang=abc')).statusCode).toBe(404);
      expect((await publicGet(t, '/chuyen-muc/khong-co')).statusCode).toBe(404);
      const unit = await publicGet(t, '/don-vi/phuong-tam-ky');
      expect(unit.statusCode).toBe(200);
      expect(unit.body).toContain('<span class="brand-lower">phường Tam Kỳ</span>');
      expect(unit.body).toContain('href="/don-vi/phuong-tam-ky/rss.xml"');
    });

    it('publishes RSS 2.0 feeds per category, per unit and for the site that parse as XML', async () => {
      const t = ctx();
      for (const [url, count] of [
        ['/chuyen-muc/tin-hoat-dong/rss.xml', 13],
        ['/chuyen-muc/chuyen-doi-so/rss.xml', 1],
        ['/don-vi/phuong-tam-ky/rss.xml', 14],
        ['/rss.xml', 14],
      ] as const) {
        const res = await publicGet(t, url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
        const d = parseXml(res.body);
        const rss = d.documentElement;
        expect(rss.tagName).toBe('rss');
        expect(rss.getAttribute('version')).toBe('2.0');
        const channel = rss.getElementsByTagName('channel')[0];
        expect(text(channel, 'language')).toBe('vi');
        expect(text(channel, 'title')).toBeTruthy();
        const items = Array.from(channel.getElementsByTagName('item'));
        expect(items.length, url).toBe(count);
        for (const item of items) {
          expect(text(item, 'link')).toMatch(/^http:\/\/localhost:80\/don-vi\/phuong-tam-ky\/[a-z0-9-]+$/);
          expect(text(item, 'guid')).toBe(text(item, 'link'));
          expect(Number.isNaN(Date.parse(text(item, 'pubDate')!))).toBe(false);
          expect(text(item, 'title')).toBeTruthy();
        }
      }
      const cat = parseXml((await publicGet(t, '/chuyen-muc/chuyen-doi-so/rss.xml')).body);
      const item = cat.getElementsByTagName('item')[0];
      expect(text(item, 'title')).toBe('Phường Tam Kỳ mở lớp "Bình dân học vụ số" cho người cao tuổi');
      expect(text(item, 'category')).toBe('Chuyển đổi số');
      expect(item.getElementsByTagName('media:content')[0].getAttribute('url')).toMatch(/\.jpg$/);
      expect((await publicGet(t, '/chuyen-muc/khong-co/rss.xml')).statusCode).toBe(404);
    });

    it('lists every published article in sitemap.xml and no draft; robots.txt points to it', async () => {
      const t = ctx();
      const res = await publicGet(t, '/sitemap.xml');
      expect(res.statusCode).toBe(200);
      const d = parseXml(res.body);
      const locs = Array.from(d.getElementsByTagName('loc')).map((l) => l.textContent);
      for (const u of published) expect(locs).toContain(`http://localhost:80${u}`);
      const articleLocs = locs.filter((l) => /\/don-vi\/[^/]+\/[^/]+$/.test(l ?? ''));
      const count = await t.db.db.selectFrom('news_articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
      expect(articleLocs.length).toBe(Number(count.n));
      expect(res.body).not.toContain('ban-nhap-khong-duoc-lo-ra');
      const draft = ok(await editor.get(`/api/news/articles/${draftId}`));
      expect(res.body).not.toContain(draft.slug);
      const robots = await publicGet(t, '/robots.txt');
      expect(robots.body).toContain('Sitemap: http://localhost:80/sitemap.xml');
      expect(robots.body).toContain('Disallow: /app/');
    });

    it('revalidates with ETag and Last-Modified (304) and drops the cache when an article is published', async () => {
      const t = ctx();
      const first = await publicGet(t, '/');
      const etag = first.headers.etag as string;
      const lastModified = first.headers['last-modified'] as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('public, no-cache');
      const again = await publicGet(t, '/', { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect((await publicGet(t, '/', { 'if-modified-since': lastModified })).statusCode).toBe(304);
      expect((await publicGet(t, '/', { 'if-none-match': '"khac"' })).statusCode).toBe(200);
      const a304 = await publicGet(t, article.publicUrl);
      expect((await publicGet(t, article.publicUrl, { 'if-none-match': a304.headers.etag as string })).statusCode).toBe(304);

      t.clock.set('2026-11-26T05:00:00Z');
      const fresh = await publishedArticle(await t.login('tamky.bientap'), await t.login('tamky.lanhdao'), { title: 'Tin mới làm mới bộ nhớ đệm' });
      published.push(fresh.publicUrl);
      const after = await publicGet(t, '/', { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.body).toContain('Tin mới làm mới bộ nhớ đệm');
      expect((await publicGet(t, '/sitemap.xml')).body).toContain(fresh.publicUrl);
    });

    it('searches without diacritics on /tim-kiem with highlighted, escaped snippets', async () => {
      const t = ctx();
      const res = await publicGet(t, `/tim-kiem?q=${encodeURIComponent('binh dan hoc vu so')}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Tìm thấy <strong>1</strong> kết quả');
      expect(res.body).toContain('<mark>Bình dân học vụ số</mark>');
      expect(res.body).toContain(`href="${article.publicUrl}"`);
      const filtered = await publicGet(t, `/tim-kiem?q=${encodeURIComponent('tin hoat dong')}&chuyen-muc=chuyen-doi-so`);
      expect(filtered.body).toContain('Không tìm thấy kết quả nào');
      const odd = await publicGet(t, `/tim-kiem?q=${encodeURIComponent('"nghị" OR -x*')}&tu=2026-99-99&trang=-1`);
      expect(odd.statusCode).toBe(200);
      expect((await publicGet(t, '/tim-kiem')).body).toContain('Nhập từ khóa');
    });

    it('serves the stylesheet, the fonts (Latin and Vietnamese subsets) and the default preview image from the project', async () => {
      const t = ctx();
      const home = (await publicGet(t, '/')).body;
      const css = /<link rel="stylesheet" href="([^"]+)">/.exec(home)![1];
      const cssRes = await publicGet(t, css);
      expect(cssRes.statusCode).toBe(200);
      expect(cssRes.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(cssRes.headers['cache-control']).toContain('immutable');
      expect(cssRes.body).toContain('@media print');
      for (const f of ['latin-400', 'vietnamese-400', 'latin-600', 'vietnamese-600', 'latin-700', 'vietnamese-700']) {
        expect(cssRes.body).toContain(`/portal/fonts/be-vietnam-pro-${f}-normal.woff2`);
        const font = await publicGet(t, `/portal/fonts/be-vietnam-pro-${f}-normal.woff2`);
        expect([font.statusCode, font.headers['content-type']]).toEqual([200, 'font/woff2']);
      }
      expect((await publicGet(t, '/portal/fonts/..%2F..%2Fpackage.json')).statusCode).toBe(404);
      const og = await publicGet(t, '/portal/og-default.jpg');
      expect([og.statusCode, og.headers['content-type']]).toEqual([200, 'image/jpeg']);
    });

    it('previews any article for the newsroom as it will appear (signed in only)', async () => {
      const t = ctx();
      editor = await t.login('tamky.bientap'); // the clock moved on: sign in again
      const res = await editor.get(`/api/news/articles/${draftId}/preview`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Bản xem trước');
      expect(res.body).toContain('Bản nháp không được lộ ra');
      expect((await t.app.inject({ method: 'GET', url: `/api/news/articles/${draftId}/preview` })).statusCode).toBe(401);
    });
  },
  { config: { filesDir: filesDir() } },
);
