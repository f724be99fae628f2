/**
 * The page cache stores each public page once per encoding (identity, gzip, brotli) when it is
 * rendered, and serves the one the client accepts with Vary: Accept-Encoding and an ETag per
 * encoding; a cache hit sends the stored bytes (no compression per request). Revalidation (304)
 * works whichever encoding the client kept, publishing drops every form, and @fastify/compress
 * handles the responses that are not cached (search page, stylesheet) but leaves images alone.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { categoryId, doc, filesDir, ok, publicGet, publishedArticle, uploadImage } from '../news/news.testkit.js';
import { pickEncoding } from './portal.service.js';

describe('pickEncoding', () => {
  const both = { gzip: Buffer.from('g'), br: Buffer.from('b') };
  it('prefers brotli, honours q-values and falls back to identity', () => {
    expect(pickEncoding('gzip, deflate, br', both)).toBe('br');
    expect(pickEncoding('gzip', both)).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(pickEncoding('gzip;q=1.0, br;q=0.5', both)).toBe('gzip');
    expect(pickEncoding('x-gzip', both)).toBe('gzip');
    expect(pickEncoding('*', both)).toBe('br');
    expect(pickEncoding('*;q=0, identity', both)).toBe('identity');
    expect(pickEncoding('deflate', both)).toBe('identity');
    expect(pickEncoding('identity', both)).toBe('identity');
    expect(pickEncoding(undefined, both)).toBe('identity');
    expect(pickEncoding('br, gzip', { gzip: null, br: null })).toBe('identity');
    expect(pickEncoding('br, gzip', { gzip: Buffer.from('g'), br: null })).toBe('gzip');
  });
});

describeEachDb(
  'portal cache compression',
  (ctx) => {
    let editor: Session;
    let leader: Session;
    let url: string;
    let imageId: string;

    beforeAll(async () => {
      const t = ctx();
      t.clock.set('2026-11-26T03:00:00Z');
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
      const img = ok(await uploadImage(editor, { alt: 'Lớp học Bình dân học vụ số' }), 201);
      imageId = img.id;
      const dx = await categoryId(editor, 'chuyen-doi-so');
      const a = await publishedArticle(editor, leader, {
        title: 'Đà Nẵng nén trang để người dân đọc nhanh hơn',
        sapo: 'Trang tin được lưu sẵn ở dạng nén gzip và brotli.',
        body: doc(...Array.from({ length: 12 }, (_, i) => `Đoạn ${i + 1}: Ủy ban MTTQ phường Tam Kỳ hướng dẫn người dân đăng ký định danh điện tử, thanh toán không dùng tiền mặt và tra cứu dịch vụ công trực tuyến.`)),
        categoryId: dx,
        coverImageId: img.id,
      });
      url = a.publicUrl;
    });

    it('serves a cached article as brotli, gzip or identity: the same page, one ETag per encoding, Vary: Accept-Encoding', async () => {
      const t = ctx();
      const plain = await publicGet(t, url);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      const html = plain.body;
      expect(html).toContain('Đà Nẵng nén trang để người dân đọc nhanh hơn');
      const etag = plain.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);

      const br = await publicGet(t, url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.headers.etag).toBe(`${etag.slice(0, -1)}-br"`);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(html);
      expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(html) / 2);
      expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);

      const gz = await publicGet(t, url, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.etag).toBe(`${etag.slice(0, -1)}-gz"`);
      expect(gunzipSync(gz.rawPayload).toString()).toBe(html);

      const id = await publicGet(t, url, { 'accept-encoding': 'identity' });
      expect(id.headers['content-encoding']).toBeUndefined();
      expect(id.body).toBe(html);
      expect((await publicGet(t, url, { 'accept-encoding': 'deflate' })).headers['content-encoding']).toBeUndefined();

      // A hit sends exactly the bytes stored with the page (compressed once, when it was cached).
      const stored = await t.app.services.portal.peek(`http://localhost:80|${url}`);
      expect(stored?.br?.equals(br.rawPayload)).toBe(true);
      expect(stored?.gzip?.equals(gz.rawPayload)).toBe(true);
      const again = await publicGet(t, url, { 'accept-encoding': 'br' });
      expect(again.rawPayload.equals(br.rawPayload)).toBe(true);
    });

    it('answers 304 for the ETag of any encoding the client kept, and 200 for another page version', async () => {
      const t = ctx();
      const br = await publicGet(t, url, { 'accept-encoding': 'br' });
      const gzTag = `${(br.headers.etag as string).slice(0, -4)}-gz"`;
      for (const [inm, ae] of [
        [br.headers.etag as string, 'br'],
        [br.headers.etag as string, 'gzip'],
        [gzTag, 'br'],
        [`W/${gzTag}`, 'gzip'],
        [`"khac", ${(br.headers.etag as string).slice(0, -4)}"`, ''],
      ]) {
        const res = await publicGet(t, url, { 'if-none-match': inm, ...(ae ? { 'accept-encoding': ae } : {}) });
        expect(res.statusCode, `${inm} ${ae}`).toBe(304);
        expect(res.body).toBe('');
        expect(res.headers['content-encoding']).toBeUndefined();
      }
      expect((await publicGet(t, url, { 'if-none-match': '"khac-br"', 'accept-encoding': 'br' })).statusCode).toBe(200);
      // Feeds and the sitemap are cached and compressed the same way.
      const rss = await publicGet(t, '/rss.xml', { 'accept-encoding': 'gzip' });
      expect(rss.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(rss.rawPayload).toString()).toContain('Đà Nẵng nén trang');
    });

    it('drops every stored encoding when an article is published', async () => {
      const t = ctx();
      const before = await publicGet(t, '/', { 'accept-encoding': 'br' });
      const oldHtml = brotliDecompressSync(before.rawPayload).toString();
      expect(oldHtml).not.toContain('Tin nén mới đăng');
      t.clock.set('2026-11-26T04:00:00Z');
      await publishedArticle(await t.login('tamky.bientap'), await t.login('tamky.lanhdao'), { title: 'Tin nén mới đăng' });
      for (const ae of ['br', 'gzip', '']) {
        const res = await publicGet(t, '/', { 'if-none-match': before.headers.etag as string, ...(ae ? { 'accept-encoding': ae } : {}) });
        expect(res.statusCode, ae).toBe(200);
        const body = ae === 'br' ? brotliDecompressSync(res.rawPayload).toString() : ae === 'gzip' ? gunzipSync(res.rawPayload).toString() : res.body;
        expect(body).toContain('Tin nén mới đăng');
        expect(res.headers.etag).not.toBe(before.headers.etag);
      }
    });

    it('compresses responses that are not cached (search page, stylesheet) but never images', async () => {
      const t = ctx();
      const search = await publicGet(t, `/tim-kiem?q=${encodeURIComponent('da nang')}`, { 'accept-encoding': 'br' });
      expect(search.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(search.rawPayload).toString()).toContain('<mark>Đà Nẵng</mark>');
      const home = await publicGet(t, '/');
      const css = /<link rel="stylesheet" href="([^"]+)">/.exec(home.body)![1];
      const cssRes = await publicGet(t, css, { 'accept-encoding': 'gzip' });
      expect(cssRes.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(cssRes.rawPayload).toString()).toContain('@media print');
      const image = await publicGet(t, `/anh/${imageId}-800.webp`, { 'accept-encoding': 'br, gzip' });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/webp');
      expect(image.headers['content-encoding']).toBeUndefined();
      const health = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br' } });
      expect(health.headers['content-encoding']).toBeUndefined(); // under 1 KB
    });
  },
  { config: { filesDir: filesDir() } },
);
