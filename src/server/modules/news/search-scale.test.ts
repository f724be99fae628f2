/**
 * Search beyond one page on both databases: documents indexed out of publication order still come
 * newest first within each ranking tier (SQLite numbers its FTS rows by publication instant), a
 * re-index with a new date moves the document, counting stops at 1,000 (`totalCapped`), deep pages
 * continue across tiers, and date filters cut exactly at the boundaries.
 */
import { beforeAll, expect, it } from 'vitest';
import { tx } from '../../platform/db.js';
import { describeEachDb } from '../../test/harness.js';
import { SearchService } from './search.service.js';
import { SearchRepository } from './search.repository.js';

describeEachDb(
  'search at scale',
  (ctx) => {
    let search: SearchService;
    const N = 1_010;
    /** Instant of document i: a shuffled order, so indexing order ≠ publication order. */
    const at = (i: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + ((i * 7919) % N) * 3_600_000).toISOString();

    beforeAll(async () => {
      const t = ctx();
      const tree = await t.app.services.units.tree();
      const repo = new SearchRepository(t.engine);
      search = new SearchService(t.db.db, repo, async () => tree, t.clock);
      const unitId = await t.unit('PHUONG_TAMKY');
      await tx(t.db.db, async (trx) => {
        for (let i = 0; i < N; i++) {
          // Every 100th title holds the phrase; the others have it in the text or the words apart.
          const title = i % 100 === 0 ? `Người dân khu phố ${i} học chuyển đổi số` : `Tin hoạt động số ${i}`;
          const body = i % 2 ? 'Lớp học chuyển đổi số cho người dân.' : 'Người dân đổi mới, chuyển sang dịch vụ số.';
          await search.index(trx, { kind: 'article', refId: `scale-${i}`, unitId, categoryId: null, title, summary: '', body, url: `/x/${i}`, imageId: null, publishedAt: at(i) });
        }
      });
    });

    it('the public search page says «hơn 1.000» when the count stops at 1,000', async () => {
      const res = await ctx().app.inject({ method: 'GET', url: `/tim-kiem?q=${encodeURIComponent('chuyen doi so')}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Tìm thấy hơn <strong>1.000</strong> kết quả');
      const one = await ctx().app.inject({ method: 'GET', url: `/tim-kiem?q=${encodeURIComponent('khu pho 500')}` });
      expect(one.body).toContain('Tìm thấy <strong>1</strong> kết quả');
    });

    it('counts up to 1,000 and pages newest first within each tier', async () => {
      const first = await search.search({ q: 'chuyen doi so', page: 1, pageSize: 12 });
      expect(first.total).toBe(1000);
      expect(first.totalCapped).toBe(true);
      // Tier 3: the 11 titles with the phrase, newest first; then the phrase in the text, newest first.
      const titled = Array.from({ length: N }, (_, i) => i)
        .filter((i) => i % 100 === 0)
        .sort((a, b) => at(b).localeCompare(at(a)));
      expect(first.items.slice(0, 11).map((x) => x.id)).toEqual(titled.map((i) => `scale-${i}`));
      const inText = Array.from({ length: N }, (_, i) => i)
        .filter((i) => i % 100 !== 0 && i % 2 === 1)
        .sort((a, b) => at(b).localeCompare(at(a)));
      expect(first.items[11].id).toBe(`scale-${inText[0]}`);
      const page3 = await search.search({ q: 'chuyen doi so', page: 3, pageSize: 12 });
      expect(page3.items.map((x) => x.id)).toEqual(inText.slice(13, 25).map((i) => `scale-${i}`));
      // The last documents are those with the words apart (tier 0), still newest first.
      const apart = Array.from({ length: N }, (_, i) => i)
        .filter((i) => i % 100 !== 0 && i % 2 === 0)
        .sort((a, b) => at(b).localeCompare(at(a)));
      const last = await search.search({ q: 'chuyen doi so', page: 85, pageSize: 12 });
      expect(last.items.map((x) => x.id)).toEqual(apart.slice(85 * 12 - 11 - inText.length - 12, 85 * 12 - 11 - inText.length).map((i) => `scale-${i}`));
      const few = await search.search({ q: 'khu pho 500', page: 1, pageSize: 12 });
      expect([few.total, few.totalCapped, few.items.map((x) => x.id)]).toEqual([1, false, ['scale-500']]);
    });

    it('filters by date exactly at the boundaries (Vietnam days) and moves a re-dated document', async () => {
      const t = ctx();
      const day = await search.search({ q: 'nguoi dan', from: '2026-01-02', to: '2026-01-02', page: 1, pageSize: 50 });
      // Vietnam 02/01 = 01/01 17:00 UTC to 02/01 17:00 UTC: 24 hourly documents.
      expect(day.total).toBe(24);
      expect(day.items.every((x) => x.publishedAt >= '2026-01-01T17:00:00.000Z' && x.publishedAt < '2026-01-02T17:00:00.000Z')).toBe(true);
      const unitId = await t.unit('PHUONG_TAMKY');
      // A document published again later moves to its new place (scale-7 was in the middle of 2026).
      expect((await search.search({ q: 'lop hoc', page: 1, pageSize: 1 })).items[0].id).not.toBe('scale-7');
      await tx(t.db.db, (trx) => search.index(trx, { kind: 'article', refId: 'scale-7', unitId, categoryId: null, title: 'Tin hoạt động số 7', summary: '', body: 'Lớp học chuyển đổi số cho người dân.', url: '/x/7', imageId: null, publishedAt: '2027-01-01T00:00:00.000Z' }));
      const newest = await search.search({ q: 'lop hoc', page: 1, pageSize: 1 });
      expect(newest.items[0].id).toBe('scale-7');
      expect(newest.total).toBe(505);
      expect((await search.search({ q: 'lop hoc', from: '2026-12-31', to: '2027-01-01', page: 1, pageSize: 5 })).items.map((x) => x.id)).toEqual(['scale-7']);
    });
  },
);
