/**
 * Search on both databases: Vietnamese without diacritics finds text with them (đ → d included),
 * FTS operators and quotes in the input are neutralised (never a 500), snippets are escaped with
 * the matched words in <mark>, filters by category, unit and date, and — the point of indexing the
 * same folded token stream on both engines — the very same results in the same order.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { queryTokens, snippet } from './search.text.js';
import { categoryId, doc, draftArticle, filesDir, ok, publishedArticle } from './news.testkit.js';

/** Results of the first engine, compared with the second's (titles, highlights, order). */
const firstEngine = new Map<string, unknown>();

describeEachDb(
  'news search',
  (ctx) => {
    let editor: Session;
    let leader: Session;
    let qpLeader: Session;
    const titles = {
      A: 'Đà Nẵng ra quân Bình dân học vụ số',
      B: 'Hội nghị quán triệt Nghị quyết 57 tại phường Tam Kỳ',
      C: 'Tọa đàm chuyển đổi số cho cán bộ Mặt trận',
      D: 'Năng lực số của người dân khối phố 5',
      E: 'Nghị quyết số 57 và điều người dân cần biết',
      G: 'Quảng Phú hướng dẫn người cao tuổi dùng VNeID',
    };

    async function step(minutes: number) {
      const t = ctx();
      t.clock.set(new Date(Date.parse('2026-11-26T03:00:00Z') + minutes * 60_000).toISOString());
    }

    beforeAll(async () => {
      const t = ctx();
      t.clock.set('2026-11-26T03:00:00Z');
      editor = await t.login('tamky.bientap');
      leader = await t.login('tamky.lanhdao');
      qpLeader = await t.login('quangphu.lanhdao');
      const dx = await categoryId(editor, 'chuyen-doi-so');
      const hd = await categoryId(editor, 'hoi-dap-nghi-quyet-57');
      await step(1);
      await publishedArticle(editor, leader, { title: titles.A, categoryId: dx, sapo: 'Sáng 26/11, hơn 200 đoàn viên ra quân.', body: doc('Các tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng.') });
      await step(2);
      await publishedArticle(editor, leader, { title: titles.B, categoryId: hd, sapo: 'Cán bộ chủ chốt dự hội nghị.', body: doc('Báo cáo viên trình bày năm quan điểm chỉ đạo của Nghị quyết 57-NQ/TW.') });
      await step(3);
      await publishedArticle(editor, leader, { title: titles.C, categoryId: dx, sapo: 'Tọa đàm do Ủy ban MTTQ phường tổ chức.', body: doc('Tại thành phố Đà Nẵng, các đại biểu chia sẻ kinh nghiệm <chuyển đổi số> & "dữ liệu mở".') });
      await step(4);
      await publishedArticle(editor, leader, { title: titles.D, categoryId: dx, sapo: 'Khối phố 5 mở lớp.', body: doc('Người dân đã được hướng dẫn nâng cao năng lực sử dụng dịch vụ công trực tuyến.') });
      await step(5);
      await publishedArticle(editor, leader, { title: titles.E, categoryId: hd, sapo: 'Hỏi - đáp.', body: doc('Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.') });
      await step(6);
      const g = await draftArticle(qpLeader, { title: titles.G, categoryId: dx, sapo: 'Hội Người cao tuổi phối hợp.', body: doc('Phường Quảng Phú, thành phố Đà Nẵng tổ chức lớp học.') });
      ok(await qpLeader.post(`/api/news/articles/${g.id}/submit`, {}));
      ok(await qpLeader.post(`/api/news/articles/${g.id}/approve`, {}));
      ok(await qpLeader.post(`/api/news/articles/${g.id}/publish`, {}));
      await step(7);
      // A draft is never found.
      await draftArticle(editor, { title: 'Bản nháp về Đà Nẵng chưa đăng', body: doc('Đà Nẵng') });
    });

    const search = async (q: string, extra = '') => ok(await editor.get(`/api/search?q=${encodeURIComponent(q)}${extra}`));
    const names = (res: { items: Array<{ title: string }> }) => res.items.map((i) => Object.entries(titles).find(([, v]) => v === i.title)?.[0] ?? i.title);

    it('finds "Đà Nẵng" from "da nang": whole phrase in the title first, then in the text, then the words apart', async () => {
      const res = await search('da nang');
      expect(names(res)).toEqual(['A', 'G', 'C', 'D']);
      expect(res.total).toBe(4);
      expect(res.words).toEqual(['da', 'nang']);
      expect(names(await search('Đà Nẵng'))).toEqual(['A', 'G', 'C', 'D']);
      expect(names(await search('ĐÀ NẴNG'))).toEqual(['A', 'G', 'C', 'D']);
      expect(res.items[0].titleHtml).toBe('<mark>Đà Nẵng</mark> ra quân Bình dân học vụ số');
      const c = res.items.find((i: { title: string }) => i.title === titles.C);
      expect(c.snippetHtml).toContain('Tại thành phố <mark>Đà Nẵng</mark>, các đại biểu chia sẻ kinh nghiệm &lt;chuyển đổi số&gt; &amp; &quot;dữ liệu mở&quot;.');
      expect(c.url).toBe('/don-vi/phuong-tam-ky/toa-dam-chuyen-doi-so-cho-can-bo-mat-tran');
    });

    it('finds "Nghị quyết 57" from "nghi quyet 57"', async () => {
      const res = await search('nghi quyet 57');
      expect(names(res)).toEqual(['B', 'E']);
      expect(res.items[0].titleHtml).toBe('Hội nghị quán triệt <mark>Nghị quyết 57</mark> tại phường Tam Kỳ');
      // Without the whole phrase, each word is marked.
      expect(res.items[1].titleHtml).toBe('<mark>Nghị</mark> <mark>quyết</mark> số <mark>57</mark> và điều người dân cần biết');
      expect(names(await search('NGHỊ QUYẾT 57'))).toEqual(['B', 'E']);
      expect(names(await search('57-NQ/TW'))).toEqual(['E', 'B']);
    });

    it('neutralises FTS operators, quotes and odd input: never a 500', async () => {
      for (const q of ['"nghị" OR -x*', '"', '*', 'NEAR(nghi quyet)', 'nghi AND quyet', 'title:nghi', '^nghi', "'; DROP TABLE news_articles; --", '\\', '%', '_', '(((', '-57', 'a'.repeat(400), '😀 đà nẵng']) {
        const res = await editor.get(`/api/search?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, q).toBe(200);
      }
      expect((await search('"nghị" OR -x*')).total).toBe(0); // the words nghi, or, x: no article has them all
      expect((await search('*')).total).toBe(0);
      expect(names(await search('"nghị quyết" 57'))).toEqual(['B', 'E']);
      expect(names(await search('-57 nghi'))).toEqual(['E', 'B']); // words in both titles, not as a phrase: newest first
      expect(names(await search('😀 đà nẵng'))).toEqual(['A', 'G', 'C', 'D']);
      expect(queryTokens('"nghị" OR -x*')).toEqual(['nghi', 'or', 'x']);
    });

    it('filters by category, unit and date', async () => {
      const t = ctx();
      expect(names(await search('da nang', '&category=chuyen-doi-so'))).toEqual(['A', 'G', 'C', 'D']);
      expect(names(await search('nghi quyet 57', '&category=chuyen-doi-so'))).toEqual([]);
      expect(names(await search('da nang', '&category=khong-co'))).toEqual([]);
      expect(names(await search('da nang', `&unitId=${await t.unit('QUANG_PHU')}`))).toEqual(['G']);
      expect(names(await search('da nang', `&unitId=${await t.unit('DANANG')}`))).toEqual(['A', 'G', 'C', 'D']);
      expect(names(await search('da nang', '&from=2026-11-27'))).toEqual([]);
      expect(names(await search('da nang', '&from=2026-11-26&to=2026-11-26'))).toEqual(['A', 'G', 'C', 'D']);
      expect((await editor.get('/api/search?q=x&from=2026-02-30')).statusCode).toBe(400);
      const paged = await search('da nang', '&pageSize=2&page=2');
      expect(names(paged)).toEqual(['C', 'D']);
      expect(paged.total).toBe(4);
    });

    it('answers exactly the same on both engines', async () => {
      for (const q of ['da nang', 'nghi quyet 57', 'so', 'nguoi dan', 'chuyen doi so', 'vneid']) {
        const res = await search(q);
        const shape = { total: res.total, items: res.items.map((i: { title: string; titleHtml: string; snippetHtml: string; url: string; publishedAt: string }) => [i.title, i.titleHtml, i.snippetHtml, i.url, i.publishedAt]) };
        if (firstEngine.has(q)) expect(shape, q).toEqual(firstEngine.get(q));
        else firstEngine.set(q, shape);
      }
    });

    it('cuts long text around the matches for the snippet', () => {
      const long = `${'Mở đầu dài. '.repeat(40)}Người dân Đà Nẵng hưởng ứng phong trào. ${'Kết thúc. '.repeat(40)}`;
      const s = snippet(long, ['da', 'nang'], 120);
      expect(s.startsWith('… ')).toBe(true);
      expect(s).toContain('Người dân <mark>Đà Nẵng</mark> hưởng ứng');
      expect(s.length).toBeLessThan(200);
    });
  },
  { config: { filesDir: filesDir() } },
);
