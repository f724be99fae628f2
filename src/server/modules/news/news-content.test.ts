/**
 * Bad input on both databases: script and event-handler HTML never stored as markup nor rendered,
 * unknown rich-text nodes and unsafe links refused in Vietnamese, titles escaped everywhere; image
 * uploads checked by their bytes, alt text required, oversized files refused, WebP variants made
 * and served publicly only once an article showing them is published.
 */
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { categoryId, draftArticle, filesDir, imageBytes, multipart, ok, para, publicGet, publishedArticle, uploadImage } from './news.testkit.js';

const MB = 1024 * 1024;

describeEachDb(
  'news content and images',
  (ctx) => {
    let editor: Session;
    let leader: Session;
    let otherWard: Session;

    beforeAll(async () => {
      const t = ctx();
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
      otherWard = await t.login('quangphu.btt');
    });

    it('refuses unknown nodes, unknown node attributes and unsafe links with a Vietnamese message', async () => {
      const cat = await categoryId(editor, 'tin-hoat-dong');
      const script = await editor.post('/api/news/articles', { title: 'X', categoryId: cat, body: { type: 'doc', content: [{ type: 'script', content: [{ type: 'text', text: 'alert(1)' }] }] } });
      expect(script.statusCode).toBe(400);
      expect(script.json().error.message).toContain('khối nội dung không hợp lệ hoặc không được hỗ trợ');
      const html = await editor.post('/api/news/articles', { title: 'X', categoryId: cat, body: { type: 'doc', content: [{ type: 'html', attrs: { value: '<img src=x onerror=alert(1)>' } }] } });
      expect(html.statusCode).toBe(400);
      const onerror = await editor.post('/api/news/articles', { title: 'X', categoryId: cat, body: { type: 'doc', content: [{ type: 'image', attrs: { imageId: 'x', onerror: 'alert(1)' } }] } });
      expect(onerror.statusCode).toBe(400);
      const js = await editor.post('/api/news/articles', {
        title: 'X',
        categoryId: cat,
        body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'bấm', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] },
      });
      expect(js.statusCode).toBe(400);
      const video = await editor.post('/api/news/articles', { title: 'X', categoryId: cat, body: { type: 'doc', content: [{ type: 'video', attrs: { url: 'https://evil.example/x.js' } }] } });
      expect(video.statusCode).toBe(400);
      expect(video.json().error.message).toContain('chỉ nhận liên kết video https');
    });

    it('drops unknown attributes TipTap may send (onclick, class, target) and stores only known fields', async () => {
      const t = ctx();
      const a = await draftArticle(editor, {
        body: {
          type: 'doc',
          content: [
            { type: 'paragraph', attrs: { textAlign: 'center', onclick: 'alert(1)', class: 'x' }, content: [{ type: 'text', text: 'Căn giữa', marks: [{ type: 'link', attrs: { href: 'https://mattran.org.vn', target: '_blank', onmouseover: 'alert(1)' } }] }] },
            { type: 'heading', attrs: { level: 2, id: 'h' }, content: [{ type: 'text', text: 'Tiêu đề nhỏ' }] },
          ],
        },
      });
      const row = await t.db.db.selectFrom('news_articles').select('body').where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(row.body).not.toMatch(/onclick|onmouseover|class|target/);
      expect(JSON.parse(row.body)).toEqual({
        type: 'doc',
        content: [
          { type: 'paragraph', attrs: { textAlign: 'center' }, content: [{ type: 'text', text: 'Căn giữa', marks: [{ type: 'link', attrs: { href: 'https://mattran.org.vn' } }] }] },
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Tiêu đề nhỏ' }] },
        ],
      });
    });

    it('renders script and event-handler text escaped: title, sapo, body, tags, feed, search', async () => {
      const t = ctx();
      const evil = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
      const a = await publishedArticle(editor, leader, {
        title: `Tin có mã độc ${evil}`,
        sapo: `Sapo ${evil}`,
        body: { type: 'doc', content: [para(`Đoạn ${evil}`), { type: 'blockquote', content: [para(`Trích dẫn ${evil}`)] }] },
        tags: ['<b onmouseover=alert(1)>thẻ</b>'],
      });
      const page = await publicGet(t, a.publicUrl);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).toContain('Tin có mã độc &lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(page.body).toContain('<blockquote><p>Trích dẫn &lt;script&gt;');
      expect(page.body).toContain('&lt;b onmouseover=alert(1)&gt;thẻ&lt;/b&gt;');
      expect(page.body).not.toContain('<b onmouseover');
      // The only <script> elements are JSON-LD data blocks, and their JSON cannot close the element.
      const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map((m) => m[1])).toEqual([' type="application/ld+json"']);
      expect(JSON.parse(scripts[0][2]).headline).toContain('<script>alert("xss")</script>');
      const feed = await publicGet(t, '/rss.xml');
      expect(feed.body).not.toContain('<script>');
      expect(feed.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
      const res = ok(await editor.get(`/api/search?q=${encodeURIComponent('mã độc script')}`));
      expect(res.items[0].titleHtml).toContain('Tin có <mark>mã độc &lt;script</mark>&gt;alert(&quot;xss&quot;)');
      expect(res.items[0].titleHtml).not.toContain('<script');
      const search = await publicGet(t, `/tim-kiem?q=${encodeURIComponent('<script>alert(1)</script> mã độc')}`);
      expect(search.statusCode).toBe(200);
      expect(search.body).not.toContain('<script>alert');
    });

    it('uploads an image: WebP at 400/800/1200 and a 1200×630 JPEG; alt text required; the type checked by its bytes', async () => {
      const t = ctx();
      const noAlt = await uploadImage(editor, {});
      expect(noAlt.statusCode).toBe(400);
      expect(noAlt.json().error.code).toBe('alt_required');
      expect(noAlt.json().error.message).toContain('Mô tả ảnh (alt)');
      const fake = await uploadImage(editor, { alt: 'Giả ảnh' }, Buffer.from('<html><script>alert(1)</script></html>'), 'anh.jpg');
      expect(fake.statusCode).toBe(415);
      expect(fake.json().error.message).toContain('không phải ảnh JPEG, PNG hoặc WebP');
      const pdf = await uploadImage(editor, { alt: 'PDF' }, Buffer.from('%PDF-1.4\n%%EOF\n'), 'tai-lieu.pdf');
      expect(pdf.statusCode).toBe(415);
      const tiny = await uploadImage(editor, { alt: 'Nhỏ' }, await imageBytes(120, 80, 'png'), 'nho.png');
      expect(tiny.json().error.code).toBe('image_too_small');
      const big = multipart('lon.jpg', Buffer.concat([await imageBytes(), Buffer.alloc(3 * MB)]), { alt: 'Ảnh quá lớn' }, 'image/jpeg');
      const tooLarge = await editor.request('POST', '/api/news/images', big.body, big.headers);
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().error.message).toContain('vượt quá 2 MB');

      const img = ok(await uploadImage(editor, { alt: 'Đoàn viên hướng dẫn người dân cài VNeID', caption: 'Tổ công nghệ số tại khối phố 3' }), 201);
      expect(img).toMatchObject({ alt: 'Đoàn viên hướng dẫn người dân cài VNeID', caption: 'Tổ công nghệ số tại khối phố 3', width: 1600, height: 900 });
      expect(img.urls).toEqual({ w400: `/anh/${img.id}-400.webp`, w800: `/anh/${img.id}-800.webp`, w1200: `/anh/${img.id}-1200.webp`, jpeg: `/anh/${img.id}.jpg` });
      for (const [v, w, h, format] of [
        ['400', 400, 225, 'webp'],
        ['800', 800, 450, 'webp'],
        ['1200', 1200, 675, 'webp'],
        ['jpeg', 1200, 630, 'jpeg'],
      ] as const) {
        const res = await editor.get(`/api/news/images/${img.id}/${v}`);
        expect(res.statusCode).toBe(200);
        const meta = await sharp(res.rawPayload).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual([format, w, h]);
      }
      // Another ward cannot see it, nor use it in an article.
      expect((await otherWard.get(`/api/news/images/${img.id}/800`)).statusCode).toBe(404);
      const cat = await categoryId(otherWard, 'tin-hoat-dong');
      expect((await otherWard.post('/api/news/articles', { title: 'X', categoryId: cat, coverImageId: img.id })).json().error.code).toBe('image_not_found');

      // Not public while the article is a draft; public (with the right type, cached for a year) once published.
      const body = { type: 'doc', content: [para('Mở đầu.'), { type: 'image', attrs: { imageId: img.id, caption: 'Chú thích riêng trong bài' } }] };
      const a = await draftArticle(editor, { title: 'Tin có ảnh', coverImageId: img.id, body });
      expect((await publicGet(t, img.urls.w800)).statusCode).toBe(404);
      ok(await editor.post(`/api/news/articles/${a.id}/submit`, {}));
      ok(await leader.post(`/api/news/articles/${a.id}/approve`, {}));
      const pub = ok(await editor.post(`/api/news/articles/${a.id}/publish`, {}));
      const pic = await publicGet(t, img.urls.w800);
      expect(pic.statusCode).toBe(200);
      expect(pic.headers['content-type']).toBe('image/webp');
      expect(pic.headers['cache-control']).toContain('immutable');
      const page = (await publicGet(t, pub.publicUrl)).body;
      expect(page).toContain(`srcset="/anh/${img.id}-400.webp 400w, /anh/${img.id}-800.webp 800w, /anh/${img.id}-1200.webp 1200w"`);
      expect(page).toContain('alt="Đoàn viên hướng dẫn người dân cài VNeID"');
      expect(page).toContain('<figcaption>Chú thích riêng trong bài</figcaption>');
      expect(page).toContain(`<meta property="og:image" content="http://localhost:80/anh/${img.id}.jpg">`);
    });
  },
  { config: { filesDir: filesDir(), maxUploadBytes: 2 * MB } },
);
