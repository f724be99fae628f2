/**
 * Campaigns, indicators, topic trees and the forms catalogue over HTTP, on both databases:
 * who sees a campaign (a ward sees the city's), editing with versions, the topic tree (create,
 * move, cycle refused, archive), forms editable only at province level, the seed catalogue,
 * and the OpenAPI document with its recursive schemas.
 */
import { beforeAll, expect, it } from 'vitest';
import { tx } from '../../platform/db.js';
import { describeEachDb, type Session } from '../../test/harness.js';
import { ok } from '../plans/plans.testkit.js';
import { seedCampaignCatalogue } from './index.js';

describeEachDb('campaigns, topics and forms', (ctx) => {
  let danang: Session;
  let quangphu: Session;
  let tamky: Session;
  let cityCampaign: { id: string; version: number };

  beforeAll(async () => {
    const t = ctx();
    danang = await t.login('danang.btt');
    quangphu = await t.login('quangphu.btt');
    tamky = await t.login('tamky.btt');
    cityCampaign = ok(
      await danang.post('/api/campaigns', {
        code: 'NQ57',
        name: 'Tuyên truyền Nghị quyết 57-NQ/TW',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        indicators: [
          { name: 'Tỉ lệ đơn vị ban hành kế hoạch', metric: 'plans_issued_pct', targetValue: 100, unitLabel: '%' },
          { name: 'Hội nghị mỗi phường mỗi quý', metric: 'conferences_per_ward_quarter', targetValue: 1 },
        ],
      }),
      201,
    );
  });

  it('creates a campaign with indicators for the acting unit', async () => {
    const t = ctx();
    const c = ok(await danang.get(`/api/campaigns/${cityCampaign.id}`));
    expect(c).toMatchObject({ unitId: await t.unit('DANANG'), unitName: 'Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', code: 'NQ57', status: 'active', version: 1, canEdit: true });
    expect(c.indicators.map((i: { metric: string; targetValue: number; unitLabel: string | null }) => [i.metric, i.targetValue, i.unitLabel])).toEqual([
      ['plans_issued_pct', 100, '%'],
      ['conferences_per_ward_quarter', 1, null],
    ]);
  });

  it("a ward sees the city's campaign it implements (read-only); another ward's campaign stays hidden", async () => {
    const own = ok(await quangphu.post('/api/campaigns', { code: 'QP-BDHVS', name: 'Bình dân học vụ số phường Quảng Phú' }), 201);
    const list = ok(await quangphu.get('/api/campaigns'));
    const ids = list.items.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([cityCampaign.id, own.id]));
    expect(list.items.find((c: { id: string }) => c.id === cityCampaign.id).canEdit).toBe(false);
    expect((await quangphu.patch(`/api/campaigns/${cityCampaign.id}`, { version: 1, name: 'x' })).statusCode).toBe(403);
    // phường Tam Kỳ is a sibling: it does not see Quảng Phú's campaign.
    expect((await tamky.get(`/api/campaigns/${own.id}`)).statusCode).toBe(404);
    expect(ok(await tamky.get('/api/campaigns')).items.map((c: { id: string }) => c.id)).not.toContain(own.id);
    // The city sees the ward's campaign (in its scope).
    expect(ok(await danang.get('/api/campaigns?search=binh dan hoc vu')).items.map((c: { id: string }) => c.id)).toContain(own.id);
  });

  it('edits with optimistic versions (409 version_conflict in Vietnamese)', async () => {
    const c = ok(await danang.post('/api/campaigns', { code: 'CD-VER', name: 'Chiến dịch phiên bản' }), 201);
    const first = ok(await danang.patch(`/api/campaigns/${c.id}`, { version: 1, name: 'Chiến dịch đã sửa', indicators: [{ name: 'Số bài viết', metric: 'custom', targetValue: 12 }] }));
    expect(first).toMatchObject({ name: 'Chiến dịch đã sửa', version: 2 });
    expect(first.indicators).toHaveLength(1);
    const stale = await danang.patch(`/api/campaigns/${c.id}`, { version: 1, name: 'Bản cũ' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect(stale.json().error.message).toMatch(/đã được người khác sửa lúc \d\d:\d\d \d\d\/\d\d\/\d{4}/);
    const dup = await danang.post('/api/campaigns', { code: 'CD-VER', name: 'Trùng mã' });
    expect(dup.statusCode).toBe(409);
    const badPeriod = await danang.post('/api/campaigns', { code: 'CD-BAD', name: 'Sai ngày', periodStart: '2026-05-01', periodEnd: '2026-04-01' });
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().error.message).toContain('periodEnd');
  });

  it('builds, sorts, moves and archives a topic tree; a move under its own descendant is refused', async () => {
    const c = ok(await danang.post('/api/campaigns', { code: 'CD-TOPICS', name: 'Cây chủ đề' }), 201);
    const a = ok(await danang.post(`/api/campaigns/${c.id}/topics`, { code: 'A', title: 'Quan điểm' }), 201);
    const b = ok(await danang.post(`/api/campaigns/${c.id}/topics`, { code: 'B', title: 'Mục tiêu' }), 201);
    const a1 = ok(await danang.post(`/api/campaigns/${c.id}/topics`, { parentId: a.id, title: 'Đột phá hàng đầu' }), 201);
    const a2 = ok(await danang.post(`/api/campaigns/${c.id}/topics`, { parentId: a.id, code: 'A2', title: 'Người dân là trung tâm' }), 201);
    expect(a1.code).toMatch(/^A\./);
    let tree = ok(await danang.get(`/api/campaigns/${c.id}/topics`));
    expect(tree.map((n: { code: string }) => n.code)).toEqual(['A', 'B']);
    expect(tree[0].children.map((n: { id: string }) => n.id)).toEqual([a1.id, a2.id]);
    ok(await danang.patch(`/api/topics/${a1.id}`, { sort: 10 }));
    tree = ok(await danang.get(`/api/campaigns/${c.id}/topics`));
    expect(tree[0].children.map((n: { id: string }) => n.id)).toEqual([a2.id, a1.id]);

    const cycle = await danang.patch(`/api/topics/${a.id}`, { parentId: a1.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.code).toBe('topic_cycle');

    ok(await danang.patch(`/api/topics/${a1.id}`, { parentId: b.id, title: 'Đột phá quan trọng hàng đầu' }));
    tree = ok(await danang.get(`/api/campaigns/${c.id}/topics`));
    expect(tree[1].children.map((n: { title: string }) => n.title)).toEqual(['Đột phá quan trọng hàng đầu']);

    const archived = ok(await danang.post(`/api/topics/${b.id}/archive`, {}));
    expect(archived.archived).toBe(true);
    tree = ok(await danang.get(`/api/campaigns/${c.id}/topics`));
    expect(tree[1].archived).toBe(true);
    expect(tree[1].children[0].archived).toBe(true);
    expect(ok(await danang.get(`/api/campaigns/${c.id}/topics?includeArchived=false`)).map((n: { code: string }) => n.code)).toEqual(['A']);
    ok(await danang.post(`/api/topics/${b.id}/archive`, { archived: false }));

    // A ward reads the tree but cannot change it.
    expect(ok(await quangphu.get(`/api/campaigns/${c.id}/topics`))).toHaveLength(2);
    expect((await quangphu.post(`/api/campaigns/${c.id}/topics`, { title: 'x' })).statusCode).toBe(403);
    const dup = await danang.post(`/api/campaigns/${c.id}/topics`, { code: 'A', title: 'Trùng' });
    expect(dup.statusCode).toBe(409);
  });

  it('loads the forms catalogue and the NQ 57 topic tree (seedCampaignCatalogue, idempotent)', async () => {
    const t = ctx();
    const first = await tx(t.db.db, (trx) => seedCampaignCatalogue(trx, t.clock, cityCampaign.id));
    expect(first.forms).toBe(11);
    expect(first.topics).toBeGreaterThan(40);
    const again = await tx(t.db.db, (trx) => seedCampaignCatalogue(trx, t.clock, cityCampaign.id));
    expect(again).toEqual({ forms: 0, topics: 0 });
    const tree = ok(await quangphu.get(`/api/campaigns/${cityCampaign.id}/topics`));
    const nq57 = tree.find((n: { code: string }) => n.code === 'NQ57');
    expect(nq57.children.map((n: { code: string }) => n.code)).toEqual(['QD', 'MT2030', 'TN2045', 'NV', 'TCTH']);
    expect(nq57.children[0].children).toHaveLength(5);
    expect(tree.map((n: { code: string }) => n.code)).toEqual(expect.arrayContaining(['CTR60', 'GSPB', 'BDHVS', 'KNS']));
    const forms = ok(await quangphu.get('/api/forms'));
    expect(forms.map((f: { code: string }) => f.code).slice(0, 3)).toEqual(['HOI_NGHI', 'LONG_GHEP', 'TRUC_QUAN']);
    expect(forms[0].counts).toEqual(['buổi', 'lượt người tham dự']);
  });

  it('the forms catalogue is edited at province level or by the system administrator only', async () => {
    const t = ctx();
    expect((await quangphu.post('/api/forms', { code: 'PODCAST', name: 'Podcast', counts: ['số kỳ'] })).statusCode).toBe(403);
    const f = ok(await danang.post('/api/forms', { code: 'PODCAST', name: 'Podcast', counts: ['số kỳ', 'lượt nghe'] }), 201);
    expect(f).toMatchObject({ code: 'PODCAST', archived: false, counts: ['số kỳ', 'lượt nghe'] });
    const admin = await t.login('admin');
    ok(await admin.patch(`/api/forms/${f.id}`, { archived: true }));
    expect(ok(await quangphu.get('/api/forms')).map((x: { code: string }) => x.code)).not.toContain('PODCAST');
    expect(ok(await quangphu.get('/api/forms?includeArchived=true')).map((x: { code: string }) => x.code)).toContain('PODCAST');
    expect((await quangphu.patch(`/api/forms/${f.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await danang.post('/api/forms', { code: 'PODCAST', name: 'Trùng' })).statusCode).toBe(409);
  });

  it('GET /api/openapi.json builds, and every $ref points at a component that exists', async () => {
    const t = ctx();
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of new Set(refs)) expect(spec.components.schemas[r], r).toBeDefined();
    expect(JSON.stringify(spec)).not.toContain('__shared');
    for (const p of ['/api/plans', '/api/plans/{id}/issue', '/api/campaigns/{id}/topics', '/api/forms', '/api/inbox', '/api/files/{id}']) expect(spec.paths[p], p).toBeDefined();
  });
});
