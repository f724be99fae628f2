/**
 * The citizen contest page /cuoc-thi/<slug> on both databases: rules, schedule, prizes and a masked
 * leaderboard rendered on the server; the boot data embedded safely; one small hashed module served gzip.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';
import { seedActivityCatalogue } from '../activities/activities.testkit.js';
import { DEMO_CONTEST_SLUG, seedContestDemo } from './contests.seed.js';

describeEachDb('the citizen contest page', (ctx) => {
  beforeAll(async () => {
    const t = ctx();
    await seedActivityCatalogue(t.db.db, t.clock, await t.unit('DANANG'));
    await seedContestDemo(t.db.db, t.clock);
  });

  it('renders rules, rounds, prizes and the masked leaderboard, and loads one hashed module', async () => {
    const t = ctx();
    const res = await t.app.inject({ url: `/cuoc-thi/${DEMO_CONTEST_SLUG}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const body = res.body;
    expect(gzipSync(body).length).toBeLessThan(40 * 1024); // slow networks: the whole page, wards included
    expect(body).toContain('Nghị quyết số 57-NQ/TW');
    expect(body).toContain('>Thể lệ</h2>');
    expect(body).toContain('<h3>1. Đối tượng dự thi</h3>'); // rules headings demoted under "Thể lệ"
    expect(body).toContain('Tuần thi thứ 3');
    expect(body).toContain('Giải Nhất: <strong>1</strong> giải');
    // Leaderboard: phones masked, never a full 10-digit number in the page.
    expect(body).toMatch(/0\d{3}\*\*\*\d{3}/);
    expect(body).not.toMatch(/\b0\d{9}\b/);
    // Boot data: ward names as places, parseable, no raw "<" that could close the script.
    const boot = /<script type="application\/json" id="ct-boot">(.*?)<\/script>/s.exec(body)?.[1] ?? '';
    expect(boot).not.toContain('<');
    const data = JSON.parse(boot) as { wards: Array<{ name: string }>; consentText: string };
    expect(data.wards.map((w) => w.name)).toContain('Phường Tam Kỳ');
    expect(data.consentText).toMatch(/91\/2025\/QH15/);

    const scripts = [...body.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    const js = await t.app.inject({ url: scripts[0], headers: { 'accept-encoding': 'gzip' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.rawPayload.length).toBeLessThan(150 * 1024);
    expect(gunzipSync(js.rawPayload).toString()).toContain('/api/public/contests/');
    const plain = await t.app.inject({ url: scripts[0] });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('Nộp bài');
    expect((await t.app.inject({ url: '/cuoc-thi/_/contest.0000000000.js' })).statusCode).toBe(404);
  });

  it('answers an unknown contest with a Vietnamese 404 page', async () => {
    const res = await ctx().app.inject({ url: '/cuoc-thi/khong-co-cuoc-thi-nay' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Không tìm thấy cuộc thi');
  });
});
