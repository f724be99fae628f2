/**
 * "Chia sẻ lên Fanpage" on both databases: the share package (post text with the sapo shortened,
 * hashtags, canonical link, og image), and posting through a local fake of the Graph API (a real
 * HTTP server in this test): success, Facebook's error → 502 in Vietnamese (recorded in the history),
 * not configured → 409, unpublished → 409, only the unit's leaders may post.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { hashtagOf, sharePackage, shortenSapo } from './fanpage.js';
import { categoryId, draftArticle, filesDir, ok, publishedArticle, uploadImage } from './news.testkit.js';

// ---- the fake Graph API ----

interface Received {
  path: string;
  form: URLSearchParams;
}
const received: Received[] = [];
/** What the fake answers next: a post id, or Facebook's error body with a status. */
let answer: { id: string } | { status: number; error: { message: string; type: string; code: number } } = { id: '123456_7890' };

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => resolve(data));
  });

const fake = createServer(async (req, res) => {
  const body = await readBody(req);
  received.push({ path: `${req.method} ${req.url}`, form: new URLSearchParams(body) });
  if ('id' in answer) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: answer.id }));
  } else {
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: answer.error }));
  }
});
await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
const graphUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v19.0`;
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

describe('share package (pure)', () => {
  it('makes plain hashtags from Vietnamese phrases', () => {
    expect(hashtagOf('Nghị quyết 57')).toBe('#NghiQuyet57');
    expect(hashtagOf('chuyển đổi số')).toBe('#ChuyenDoiSo');
    expect(hashtagOf('Đại đoàn kết toàn dân tộc')).toBe('#DaiDoanKetToanDanToc');
    expect(hashtagOf(' — ')).toBe('');
  });

  it('shortens a long sapo at a sentence end, else at a word with an ellipsis', () => {
    const s1 = 'Câu thứ nhất nói về lớp học bình dân học vụ số cho người cao tuổi ở khu dân cư. '.repeat(3) + 'Câu cuối rất dài '.repeat(20);
    const cut = shortenSapo(s1, 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut.endsWith('khu dân cư.')).toBe(true);
    const s2 = 'một hai ba bốn năm sáu bảy tám chín mười '.repeat(20);
    const cut2 = shortenSapo(s2, 120);
    expect(cut2.endsWith('…')).toBe(true);
    expect(cut2.length).toBeLessThanOrEqual(120);
    expect(s2.startsWith(cut2.slice(0, -1))).toBe(true);
    expect(cut2.slice(0, -1)).not.toMatch(/\s$/);
    expect(shortenSapo('Ngắn gọn.')).toBe('Ngắn gọn.');
  });

  it('takes hashtags from the topics (NQ 57 and its subtopics), the category and short tags, at most six', () => {
    const p = sharePackage({
      title: 'Người cao tuổi học dùng VNeID',
      sapo: 'Sapo.',
      topics: [
        { code: 'MT08', title: 'Tỉ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp', ancestors: ['MT2030', 'NQ57'] },
        { code: 'BDHVS', title: 'Phong trào "Bình dân học vụ số"', ancestors: [] },
      ],
      categorySlug: 'chuyen-doi-so',
      tags: ['Người cao tuổi', 'một từ khóa rất dài không làm hashtag được'],
      link: 'https://mttq.example/don-vi/phuong-tam-ky/x',
      image: { url: 'https://mttq.example/anh/x.jpg', alt: 'Ảnh' },
    });
    expect(p.hashtags).toEqual(['#NghiQuyet57', '#ChuyenDoiSo', '#BinhDanHocVuSo', '#NguoiCaoTuoi']);
    expect(p.text).toBe('Người cao tuổi học dùng VNeID\n\nSapo.\n\nĐọc tiếp: https://mttq.example/don-vi/phuong-tam-ky/x\n\n#NghiQuyet57 #ChuyenDoiSo #BinhDanHocVuSo #NguoiCaoTuoi');
  });
});

describeEachDb(
  'fanpage (configured, fake Graph API)',
  (ctx) => {
    let editor: Session;
    let leader: Session;
    let otherLeader: Session;
    let article: { id: string; publicUrl: string; title: string };
    let coverId: string;

    beforeAll(async () => {
      const t = ctx();
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
      otherLeader = await t.login('quangphu.lanhdao');
      coverId = ok(await uploadImage(editor, { alt: 'Lớp học Bình dân học vụ số' }), 201).id;
      article = await publishedArticle(editor, leader, {
        title: 'Phường Tam Kỳ ra mắt tổ công nghệ số cộng đồng',
        sapo: `${'Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt VNeID và thanh toán không dùng tiền mặt tại nhà. '.repeat(4)}Kết thúc.`,
        categoryId: await categoryId(editor, 'chuyen-doi-so'),
        coverImageId: coverId,
        tags: ['Tổ công nghệ số'],
      });
    });

    it('prepares the package: text with a shortened sapo, hashtags, canonical link and og image; posting is configured', async () => {
      const res = ok(await editor.get(`/api/news/articles/${article.id}/fanpage`));
      const link = `http://localhost:80${article.publicUrl}`;
      expect(res.configured).toBe(true);
      expect(res.canPost).toBe(false); // the editor is not a leader
      expect(res.package.link).toBe(link);
      expect(res.package.image).toEqual({ url: `http://localhost:80/anh/${coverId}.jpg`, alt: 'Lớp học Bình dân học vụ số' });
      expect(res.package.hashtags).toEqual(['#ChuyenDoiSo', '#ToCongNgheSo']);
      expect(res.package.summary.length).toBeLessThanOrEqual(300);
      expect(res.package.summary.endsWith('tại nhà.')).toBe(true);
      expect(res.package.text).toContain(`Đọc tiếp: ${link}`);
      expect(res.package.text.startsWith('Phường Tam Kỳ ra mắt tổ công nghệ số cộng đồng\n\n')).toBe(true);
      expect(res.history).toEqual([]);
      expect(ok(await leader.get(`/api/news/articles/${article.id}/fanpage`)).canPost).toBe(true);
    });

    it('posts message, link and the page token to {graph}/{page}/feed and records the post id', async () => {
      received.length = 0;
      answer = { id: '104_2001' };
      const entry = ok(await leader.post(`/api/news/articles/${article.id}/fanpage`), 201);
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe('POST /v19.0/page-104/feed');
      expect(received[0].form.get('access_token')).toBe('token-bi-mat');
      expect(received[0].form.get('link')).toBe(`http://localhost:80${article.publicUrl}`);
      expect(received[0].form.get('message')).toContain('#ChuyenDoiSo');
      expect(entry).toMatchObject({ ok: true, remoteId: '104_2001', postUrl: 'https://www.facebook.com/104_2001', error: null, postedByName: expect.any(String) });
      const view = ok(await editor.get(`/api/news/articles/${article.id}/fanpage`));
      expect(view.history.map((h: { remoteId: string }) => h.remoteId)).toEqual(['104_2001']);
    });

    it("turns Facebook's error into a 502 with a Vietnamese message (never 500) and records the failed attempt", async () => {
      const t = ctx();
      t.clock.set('2026-11-26T03:01:00Z');
      answer = { status: 400, error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190 } };
      const res = await leader.post(`/api/news/articles/${article.id}/fanpage`);
      expect(res.statusCode).toBe(502);
      expect(res.json().error.code).toBe('fanpage_failed');
      expect(res.json().error.message).toMatch(/^Facebook từ chối mã truy cập của Trang/);
      expect(res.json().error.message).toContain('Session has expired');
      answer = { status: 500, error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1 } };
      t.clock.set('2026-11-26T03:02:00Z');
      const res2 = await leader.post(`/api/news/articles/${article.id}/fanpage`);
      expect(res2.statusCode).toBe(502);
      expect(res2.json().error.message).toBe('Facebook không nhận bài đăng (mã lỗi 1). Chi tiết: An unknown error has occurred.');
      const view = ok(await leader.get(`/api/news/articles/${article.id}/fanpage`));
      expect(view.history.map((h: { ok: boolean }) => h.ok)).toEqual([false, false, true]);
      expect(view.history[1].error).toContain('FANPAGE_ACCESS_TOKEN');
      const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', article.id).where('action', 'like', 'news.fanpage%').execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['news.fanpage_failed', 'news.fanpage_failed', 'news.fanpage_post']);
      answer = { id: '104_2002' };
    });

    it('refuses an unpublished article (409) and people other than the unit leaders (403), calling nothing', async () => {
      received.length = 0;
      const draft = await draftArticle(editor, { title: 'Tin chưa đăng' });
      const pkg = ok(await leader.get(`/api/news/articles/${draft.id}/fanpage`));
      expect([pkg.package.link, pkg.package.published, pkg.canPost]).toEqual([null, false, false]);
      expect(pkg.package.image.url).toBe('http://localhost:80/portal/og-default.jpg');
      const unpublished = await leader.post(`/api/news/articles/${draft.id}/fanpage`);
      expect(unpublished.statusCode).toBe(409);
      expect(unpublished.json().error).toMatchObject({ code: 'article_not_published', message: 'Tin bài chưa được đăng trên trang thông tin nên chưa thể chia sẻ lên Fanpage.' });
      const byEditor = await editor.post(`/api/news/articles/${article.id}/fanpage`);
      expect(byEditor.statusCode).toBe(403);
      expect(byEditor.json().error.message).toBe('Chỉ lãnh đạo của đơn vị đăng tin mới được đăng tin bài lên Fanpage.');
      // A leader of another ward does not even see the article.
      expect((await otherLeader.post(`/api/news/articles/${article.id}/fanpage`)).statusCode).toBe(404);
      expect(received).toHaveLength(0);
    });
  },
  { config: { filesDir: filesDir(), fanpage: { graphUrl, pageId: 'page-104', accessToken: 'token-bi-mat' } } },
);

describeEachDb(
  'fanpage (not configured)',
  (ctx) => {
    it('prepares the package but refuses to post with a 409 in Vietnamese', async () => {
      const t = ctx();
      const editor = await t.login('tamky.bientap');
      const leader = await t.login('tamky.lanhdao');
      const a = await publishedArticle(editor, leader, { title: 'Tin để chia sẻ bằng tay' });
      const view = ok(await leader.get(`/api/news/articles/${a.id}/fanpage`));
      expect([view.configured, view.canPost]).toEqual([false, false]);
      expect(view.package.text).toContain('Tin để chia sẻ bằng tay');
      const res = await leader.post(`/api/news/articles/${a.id}/fanpage`);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('fanpage_not_configured');
      expect(res.json().error.message).toMatch(/^Chưa cấu hình đăng tự động lên Fanpage/);
      expect(ok(await leader.get(`/api/news/articles/${a.id}/fanpage`)).history).toEqual([]);
    });
  },
  { config: { filesDir: filesDir() } },
);
