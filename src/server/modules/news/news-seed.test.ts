/** The demo news loader on both databases: articles, covers, sub-sites, search index, one waiting and one scheduled. */
import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';
import { seedKeyDates } from '../calendar/index.js';
import { DEMO_ARTICLES } from './news.demo-data.js';
import { seedNewsDemo } from './news.seed.js';
import { filesDir, ok, publicGet } from './news.testkit.js';

const dir = filesDir();

describeEachDb(
  'news demo data',
  (ctx) => {
    it('loads the demo articles once, searchable and shown on the public site', async () => {
      const t = ctx();
      await seedKeyDates(t.db.db, t.clock);
      const first = await seedNewsDemo(t.db, t.clock, { filesDir: dir, maxUploadBytes: 20 * 1024 * 1024 });
      const expected = (status: string) => DEMO_ARTICLES.filter((a) => a.status === status).length;
      expect(first.articles).toBe(DEMO_ARTICLES.length);
      expect(DEMO_ARTICLES.length).toBeGreaterThanOrEqual(60);
      expect((await seedNewsDemo(t.db, t.clock, { filesDir: dir, maxUploadBytes: 20 * 1024 * 1024 })).articles).toBe(0);
      const rows = await t.db.db.selectFrom('news_articles').select(['status']).execute();
      expect(rows.length).toBe(DEMO_ARTICLES.length);
      for (const status of ['published', 'submitted', 'scheduled']) expect(rows.filter((r) => r.status === status).length, status).toBe(expected(status));
      expect(expected('scheduled')).toBeGreaterThanOrEqual(1);
      const home = await publicGet(t, '/');
      expect(home.body).toContain('Kỷ niệm 96 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam');
      expect(home.body).toContain('Trung tâm Hành chính thành phố Đà Nẵng');
      const editor = await t.login('tamky.bientap');
      const found = ok(await editor.get('/api/search?q=binh dan hoc vu so'));
      expect(found.total).toBeGreaterThanOrEqual(4);
      const first18 = ok(await editor.get('/api/search?q=ngay khoa hoc va cong nghe'));
      expect(first18.items[0].url).toMatch(/^\/don-vi\/(thanh-pho-tam-ky|phuong-tam-ky)\//);
      const page = await publicGet(t, found.items[0].url);
      expect(page.statusCode).toBe(200);
      // The scheduled one goes online at its minute.
      t.clock.set('2026-11-27T01:00:00Z');
      await t.app.services.jobs.runDue();
      expect((await publicGet(t, '/don-vi/phuong-tam-ky/doan-thanh-nien-phuong-tam-ky-ra-mat-doi-hinh-thanh-nien-tinh-nguyen-so')).statusCode).toBe(200);
    });
  },
  { config: { filesDir: dir } },
);
