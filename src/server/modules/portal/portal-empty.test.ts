import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';

describeEachDb(
  'the public site on a fresh installation',
  (ctx) => {
    it('answers a Vietnamese "being set up" page, not a 500, before any unit exists', async () => {
      const t = ctx();
      for (const url of ['/', '/chuyen-muc/tin-hoat-dong', '/khong-co-trang-nay']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        expect(res.statusCode, url).toBe(503);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.body).toContain('Trang thông tin đang được thiết lập');
      }
      const setup = await t.app.inject({ method: 'GET', url: '/api/setup/status' });
      expect(setup.json()).toEqual({ needsAdmin: true });
    });
  },
  { seed: false },
);
