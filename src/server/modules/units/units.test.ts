/**
 * Unit operations over HTTP: create, edit with optimistic versions, rename, move with history,
 * close, merge and split, and how bad input is refused (never with a 500).
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session, type TestApp } from '../../test/harness.js';

type UnitRes = { id: string; code: string; name: string; parentId: string | null; validFrom: string | null; validTo: string | null; version: number; active: boolean };

let seq = 0;

describeEachDb('unit operations over HTTP', (ctx) => {
  let admin: Session;
  beforeAll(async () => {
    admin = await ctx().login('admin');
  });

  /** Creates a unit under `parent` (a demo code or an id) valid from 1/1/2026. */
  async function mk(parent: string, fields: Record<string, unknown> = {}): Promise<UnitRes> {
    const t = ctx();
    const parentId = /^[A-Z_]+$/.test(parent) ? await t.unit(parent) : parent;
    const code = `T${++seq}_${t.engine.toUpperCase()}`;
    const res = await admin.post('/api/units', { code, name: `Đơn vị thử ${seq}`, shortName: `ĐV ${seq}`, kind: 'front_committee', level: 'commune', parentId, validFrom: '2026-01-01', ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const detail = async (id: string) => {
    const res = await admin.get(`/api/units/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const parentAsOf = async (id: string, asOf: string) =>
    ((await admin.get(`/api/units?asOf=${asOf}&includeClosed=true`)).json().items as UnitRes[]).find((u) => u.id === id)?.parentId;
  const row = (t: TestApp, id: string) => t.db.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const parentLinks = (t: TestApp, id: string) =>
    t.db.db.selectFrom('unit_parents').select(['parent_id', 'valid_from', 'valid_to']).where('unit_id', '=', id).orderBy('valid_from').execute();
  const treeVersion = async (t: TestApp) => (await t.db.db.selectFrom('meta').select('value').where('key', '=', 'units_version').executeTakeFirstOrThrow()).value;

  it('creates a unit with 201 and a create event', async () => {
    const t = ctx();
    const res = await admin.post('/api/units', {
      code: 'HOA_KHANH_TEST',
      name: 'Ủy ban MTTQ Việt Nam phường Hòa Khánh',
      shortName: 'MTTQ phường Hòa Khánh',
      kind: 'front_committee',
      level: 'commune',
      parentId: await t.unit('DANANG'),
      address: ' 12 Âu Cơ ',
      email: '',
      population: 45000,
    });
    expect(res.statusCode, res.body).toBe(201);
    const u = res.json();
    expect(u).toMatchObject({ code: 'HOA_KHANH_TEST', parentId: await t.unit('DANANG'), address: '12 Âu Cơ', email: null, population: 45000, validFrom: '2026-11-26', validTo: null, active: true, version: 1 });
    const d = await detail(u.id);
    expect(d.events.map((e: { kind: string; effectiveDate: string }) => [e.kind, e.effectiveDate])).toEqual([['create', '2026-11-26']]);
    expect((await admin.get(`/api/units/${await t.unit('DANANG')}`)).json().children.map((c: UnitRes) => c.id)).toContain(u.id);
  });

  it('refuses a duplicate code with 409 and a Vietnamese message', async () => {
    const t = ctx();
    const res = await admin.post('/api/units', { code: 'AN_MY', name: 'Trùng', shortName: 'Trùng', kind: 'partner', parentId: await t.unit('DANANG') });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'unit_code_taken' });
    expect(res.json().error.message).toContain('Mã đơn vị «AN_MY» đã được dùng');
  });

  it('refuses a parent that is closed on the start date', async () => {
    const t = ctx();
    const res = await admin.post('/api/units', { code: `LATE_${t.engine}`, name: 'Muộn', shortName: 'Muộn', kind: 'partner', parentId: await t.unit('AN_MY') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('parent_inactive');
  });

  it('refuses a PATCH with a stale version with 409 version_conflict and keeps the newer data', async () => {
    const t = ctx();
    const u = await mk('DANANG');
    const first = await admin.patch(`/api/units/${u.id}`, { version: 1, phone: '0236 111 222' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await admin.patch(`/api/units/${u.id}`, { version: 1, phone: '0236 999 999' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const r = await row(t, u.id);
    expect(r.phone).toBe('0236 111 222');
    expect(r.version).toBe(2);
  });

  it('a rename records a rename event on the given date; other edits do not', async () => {
    const u = await mk('DANANG');
    const edit = await admin.patch(`/api/units/${u.id}`, { version: 1, note: 'Chỉ sửa ghi chú' });
    expect(edit.statusCode).toBe(200);
    const rename = await admin.patch(`/api/units/${u.id}`, { version: 2, name: 'Tên mới sau đổi tên', renameDate: '2026-11-20' });
    expect(rename.statusCode, rename.body).toBe(200);
    expect(rename.json().name).toBe('Tên mới sau đổi tên');
    const d = await detail(u.id);
    const renames = d.events.filter((e: { kind: string }) => e.kind === 'rename');
    expect(renames).toHaveLength(1);
    expect(renames[0]).toMatchObject({ effectiveDate: '2026-11-20', details: { from: u.name, to: 'Tên mới sau đổi tên' }, createdBy: admin.me.user.id });
  });

  it('a move with an effective date keeps both parent links and the tree as of an earlier date shows the old parent', async () => {
    const t = ctx();
    const a = await mk('DANANG');
    const b = await mk('DANANG');
    const x = await mk(a.id, { kind: 'residential_committee', level: 'residential' });
    const res = await admin.post(`/api/units/${x.id}/move`, { parentId: b.id, effectiveDate: '2026-12-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().parentId).toBe(b.id);
    const d = await detail(x.id);
    expect(d.parents.map((p: { parentId: string; validFrom: string; validTo: string | null }) => [p.parentId, p.validFrom, p.validTo])).toEqual([
      [a.id, '2026-01-01', '2026-11-30'],
      [b.id, '2026-12-01', null],
    ]);
    expect(d.events.find((e: { kind: string }) => e.kind === 'move')).toMatchObject({ effectiveDate: '2026-12-01', details: { fromParentId: a.id, toParentId: b.id } });
    expect(await parentAsOf(x.id, '2026-11-30')).toBe(a.id);
    expect(await parentAsOf(x.id, '2026-12-01')).toBe(b.id);
    expect(await parentLinks(t, x.id)).toHaveLength(2);
  });

  it('a move under its own descendant is refused with 400 unit_cycle and changes nothing', async () => {
    const t = ctx();
    const a = await mk('DANANG');
    const child = await mk(a.id);
    const grandchild = await mk(child.id);
    const linksBefore = await parentLinks(t, a.id);
    const versionBefore = await treeVersion(t);
    for (const target of [child.id, grandchild.id]) {
      const res = await admin.post(`/api/units/${a.id}/move`, { parentId: target, effectiveDate: '2026-11-26' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('unit_cycle');
      expect(res.json().error.message).toContain('cấp dưới');
    }
    expect(await parentLinks(t, a.id)).toEqual(linksBefore);
    expect(await treeVersion(t)).toBe(versionBefore);
  });

  it('a move under itself is refused with 400 unit_cycle', async () => {
    const t = ctx();
    const a = await mk('DANANG');
    const res = await admin.post(`/api/units/${a.id}/move`, { parentId: a.id, effectiveDate: '2026-11-26' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('unit_cycle');
    expect(await parentLinks(t, a.id)).toHaveLength(1);
  });

  it('closing a unit with active children is refused with 400', async () => {
    const t = ctx();
    const a = await mk('DANANG');
    await mk(a.id);
    const res = await admin.post(`/api/units/${a.id}/close`, { effectiveDate: '2026-11-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('unit_has_children');
    expect((await row(t, a.id)).valid_to).toBeNull();
  });

  it('closing a unit ends it, its parent link and its role grants that day', async () => {
    const t = ctx();
    const u = await mk('DANANG');
    const person = (await admin.post('/api/users', { username: `dong.${seq}`, fullName: 'Người của đơn vị đóng', password: 'Khoi-dau-2026!x' })).json();
    const g = await admin.post('/api/grants', { userId: person.id, unitId: u.id, role: 'officer', validFrom: '2026-01-01' });
    expect(g.statusCode, g.body).toBe(201);
    const earlier = await admin.post('/api/grants', { userId: person.id, unitId: u.id, role: 'viewer', validFrom: '2026-01-01', validTo: '2026-03-31' });
    expect(earlier.statusCode).toBe(201);
    const res = await admin.post(`/api/units/${u.id}/close`, { effectiveDate: '2026-11-30', note: 'Giải thể theo quyết định' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ validTo: '2026-11-30' });
    expect((await row(t, u.id)).valid_to).toBe('2026-11-30');
    expect(await parentLinks(t, u.id)).toEqual([{ parent_id: await t.unit('DANANG'), valid_from: '2026-01-01', valid_to: '2026-11-30' }]);
    const grants = await t.db.db.selectFrom('role_grants').select(['role', 'valid_to']).where('user_id', '=', person.id).orderBy('role').execute();
    expect(grants).toEqual([
      { role: 'officer', valid_to: '2026-11-30' },
      { role: 'viewer', valid_to: '2026-03-31' },
    ]);
    expect((await detail(u.id)).events.find((e: { kind: string }) => e.kind === 'close')).toMatchObject({ effectiveDate: '2026-11-30', note: 'Giải thể theo quyết định' });
    expect(await parentAsOf(u.id, '2026-12-01')).toBe(await t.unit('DANANG'));
    expect(((await admin.get('/api/units?asOf=2026-12-01')).json().items as UnitRes[]).some((x) => x.id === u.id)).toBe(false);
  });

  it('merging two wards into a new unit closes them the day before, links succession and moves their children', async () => {
    const t = ctx();
    const w1 = await mk('DANANG');
    const w2 = await mk('DANANG');
    const kdc = await mk(w1.id, { kind: 'residential_committee', level: 'residential' });
    const res = await admin.post('/api/units/merge', {
      sourceIds: [w1.id, w2.id],
      target: { code: `MERGED_${t.engine}`, name: 'Ủy ban MTTQ Việt Nam phường Hợp Nhất', shortName: 'MTTQ P. Hợp Nhất', kind: 'front_committee', level: 'commune', parentId: await t.unit('DANANG') },
      effectiveDate: '2026-12-01',
      note: 'Nghị quyết sắp xếp',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.event).toMatchObject({ kind: 'merge', effectiveDate: '2026-12-01', note: 'Nghị quyết sắp xếp' });
    expect(body.successors).toHaveLength(1);
    const n = body.successors[0];
    expect(n).toMatchObject({ code: `MERGED_${t.engine}`, validFrom: '2026-12-01', parentId: await t.unit('DANANG') });
    for (const w of [w1, w2]) {
      expect((await row(t, w.id)).valid_to).toBe('2026-11-30');
      expect((await detail(w.id)).successors).toEqual([{ id: n.id, name: n.name, effectiveDate: '2026-12-01' }]);
    }
    const nd = await detail(n.id);
    expect(nd.predecessors.map((p: { id: string }) => p.id).sort()).toEqual([w1.id, w2.id].sort());
    expect(nd.lineage.map((l: { id: string; depth: number }) => [l.id, l.depth]).sort()).toEqual([[w1.id, 1], [w2.id, 1]].sort());
    expect(await parentAsOf(kdc.id, '2026-11-30')).toBe(w1.id);
    expect(await parentAsOf(kdc.id, '2026-12-01')).toBe(n.id);
    // The roll-up of the successor includes the sources and their former children.
    const rollup = (await admin.get(`/api/units/${n.id}/rollup?asOf=2026-12-01`)).json().unitIds;
    expect(rollup).toEqual(expect.arrayContaining([n.id, w1.id, w2.id, kdc.id]));
  });

  it('merging into an existing unit closes the source and keeps the target', async () => {
    const t = ctx();
    const src = await mk('DANANG');
    const dst = await mk('DANANG');
    const res = await admin.post('/api/units/merge', { sourceIds: [src.id], target: { existingId: dst.id }, effectiveDate: '2026-11-26' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().successors.map((s: UnitRes) => s.id)).toEqual([dst.id]);
    expect((await row(t, src.id)).valid_to).toBe('2026-11-25');
    expect((await row(t, dst.id)).valid_to).toBeNull();
    const self = await admin.post('/api/units/merge', { sourceIds: [dst.id], target: { existingId: dst.id }, effectiveDate: '2026-12-01' });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.code).toBe('merge_into_self');
  });

  it('splitting a unit into two new ones closes it the day before and links both successors', async () => {
    const t = ctx();
    const src = await mk('DANANG');
    const danang = await t.unit('DANANG');
    const target = (n: number) => ({ code: `SPLIT_${n}_${t.engine}`, name: `Ủy ban MTTQ Việt Nam xã Tách ${n}`, shortName: `MTTQ xã Tách ${n}`, kind: 'front_committee', level: 'commune', parentId: danang });
    const res = await admin.post('/api/units/split', { sourceId: src.id, targets: [target(1), target(2)], effectiveDate: '2026-12-01' });
    expect(res.statusCode, res.body).toBe(201);
    const { event, successors } = res.json();
    expect(event).toMatchObject({ kind: 'split', effectiveDate: '2026-12-01', unitId: src.id });
    expect(successors.map((s: UnitRes) => s.code)).toEqual([`SPLIT_1_${t.engine}`, `SPLIT_2_${t.engine}`]);
    expect((await row(t, src.id)).valid_to).toBe('2026-11-30');
    expect((await detail(src.id)).successors.map((s: { id: string }) => s.id).sort()).toEqual(successors.map((s: UnitRes) => s.id).sort());
    for (const s of successors) expect((await detail(s.id)).lineage.map((l: { id: string }) => l.id)).toEqual([src.id]);
  });

  it('splitting a unit that still has children is refused and creates nothing', async () => {
    const t = ctx();
    const src = await mk('DANANG');
    await mk(src.id);
    const code = `NOSPLIT_${t.engine}`;
    const res = await admin.post('/api/units/split', {
      sourceId: src.id,
      targets: [
        { code, name: 'Không tạo', shortName: 'KT', kind: 'partner', parentId: await t.unit('DANANG') },
        { code: `${code}_2`, name: 'Không tạo 2', shortName: 'KT2', kind: 'partner', parentId: await t.unit('DANANG') },
      ],
      effectiveDate: '2026-12-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('unit_has_children');
    expect(await t.db.db.selectFrom('units').select('id').where('code', 'in', [code, `${code}_2`]).execute()).toEqual([]);
    expect((await row(t, src.id)).valid_to).toBeNull();
  });

  it('bad dates answer 400 naming the field', async () => {
    const a = await mk('DANANG');
    const b = await mk('DANANG');
    for (const effectiveDate of ['2025-02-30', 'abc', '2026-1-5', '']) {
      const res = await admin.post(`/api/units/${a.id}/move`, { parentId: b.id, effectiveDate });
      expect(res.statusCode, effectiveDate).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.message).toContain('Ngày hiệu lực (effectiveDate)');
    }
    const asOf = await admin.get('/api/units?asOf=2025-02-30');
    expect(asOf.statusCode).toBe(400);
    expect(asOf.json().error.message).toContain('asOf');
    const vf = await admin.post('/api/units', { code: 'BAD_DATE', name: 'Sai ngày', shortName: 'SN', kind: 'partner', parentId: b.id, validFrom: '2026-13-01' });
    expect(vf.statusCode).toBe(400);
    expect(vf.json().error.message).toContain('validFrom');
    const rename = await admin.patch(`/api/units/${a.id}`, { version: 1, name: 'Đổi', renameDate: '2026-02-29' });
    expect(rename.statusCode).toBe(400);
    expect(rename.json().error.message).toContain('renameDate');
    expect((await detail(a.id)).name).toBe(a.name);
  });

  it('unknown fields answer 400 naming them', async () => {
    const a = await mk('DANANG');
    const patch = await admin.patch(`/api/units/${a.id}`, { version: 1, code: 'DOI_MA' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.message).toContain('code');
    const create = await admin.post('/api/units', { code: 'EXTRA_F', name: 'Thừa', shortName: 'T', kind: 'partner', parentId: a.id, secret: 1 });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.message).toContain('secret');
    const kind = await admin.post('/api/units', { code: 'BAD_KIND', name: 'Sai loại', shortName: 'SL', kind: 'club', parentId: a.id });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.message).toContain('kind');
  });

  it('malformed JSON answers 400 invalid_json and oversized bodies 413', async () => {
    const a = await mk('DANANG');
    const bad = await admin.request('PATCH', `/api/units/${a.id}`, '{"version": 1, "name": "x"', { 'content-type': 'application/json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_json');
    const huge = await admin.request('PATCH', `/api/units/${a.id}`, JSON.stringify({ version: 1, note: 'a'.repeat(2_200_000) }), { 'content-type': 'application/json' });
    expect(huge.statusCode).toBe(413);
  });

  it('odd requests never answer 500', async () => {
    const t = ctx();
    const a = await mk('DANANG');
    const b = await mk('DANANG');
    const closed = await t.unit('AN_MY');
    const danang = await t.unit('DANANG');
    const requests: Array<() => Promise<LightMyRequestResponse>> = [
      () => admin.get('/api/units/khong-co'),
      () => admin.get('/api/units/khong-co/rollup'),
      () => admin.get(`/api/units/${a.id}/rollup?asOf=hom-nay`),
      () => admin.get('/api/units?page=0'),
      () => admin.get('/api/units?pageSize=999999'),
      () => admin.get('/api/units?includeClosed=maybe'),
      () => admin.get(`/api/units?search=${'x'.repeat(500)}`),
      () => admin.patch('/api/units/khong-co', { version: 1, note: 'x' }),
      () => admin.patch(`/api/units/${a.id}`, { version: 0 }),
      () => admin.patch(`/api/units/${a.id}`, { version: 1.5 }),
      () => admin.patch(`/api/units/${a.id}`, { version: 1, population: -5 }),
      () => admin.patch(`/api/units/${a.id}`, { version: 1, email: 'khong-phai-email' }),
      () => admin.patch(`/api/units/${a.id}`, []),
      () => admin.patch(`/api/units/${a.id}`, 'chuỗi'),
      () => admin.post('/api/units', { code: 'NO_PARENT_X', name: 'X', shortName: 'X', kind: 'partner', parentId: 'khong-co' }),
      () => admin.post(`/api/units/${a.id}/move`, { parentId: 'khong-co', effectiveDate: '2026-12-01' }),
      () => admin.post(`/api/units/${a.id}/move`, { parentId: closed, effectiveDate: '2026-12-01' }),
      () => admin.post(`/api/units/${a.id}/move`, { parentId: danang, effectiveDate: '2026-12-01' }),
      () => admin.post(`/api/units/${a.id}/move`, { parentId: b.id, effectiveDate: '2025-01-01' }),
      () => admin.post(`/api/units/${a.id}/close`, { effectiveDate: '2025-01-01' }),
      () => admin.post(`/api/units/${closed}/close`, { effectiveDate: '2026-11-26' }),
      () => admin.post('/api/units/merge', { sourceIds: [], target: { existingId: b.id }, effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/merge', { sourceIds: ['khong-co'], target: { existingId: b.id }, effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/merge', { sourceIds: [a.id], target: { existingId: 'khong-co' }, effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/merge', { sourceIds: [closed], target: { existingId: b.id }, effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/merge', { sourceIds: [a.id], target: { code: 'TW', name: 'Trùng mã', shortName: 'T', kind: 'partner', parentId: danang }, effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/merge', { sourceIds: [a.id], target: { code: 'NEW_UNKNOWN_PARENT', name: 'Mới', shortName: 'M', kind: 'partner', parentId: 'khong-co' }, effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/merge', { sourceIds: [a.id], target: { existingId: b.id, code: 'X' }, effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/split', { sourceId: a.id, targets: [{ existingId: b.id }], effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/split', { sourceId: a.id, targets: [{ existingId: b.id }, { existingId: b.id }], effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/split', { sourceId: a.id, targets: [{ existingId: a.id }, { existingId: b.id }], effectiveDate: '2026-12-01' }),
      () => admin.post('/api/units/split', { sourceId: 'khong-co', targets: [{ existingId: a.id }, { existingId: b.id }], effectiveDate: '2026-12-01' }),
    ];
    const results: Array<[number, number, string]> = [];
    for (const [i, r] of requests.entries()) {
      const res = await r();
      results.push([i, res.statusCode, res.body.slice(0, 200)]);
    }
    expect(results.filter(([, status]) => status >= 500)).toEqual([]);
    expect(results.filter(([, status]) => status < 400)).toEqual([]);
    // None of the refused operations changed the two units.
    expect((await row(t, a.id)).valid_to).toBeNull();
    expect((await row(t, b.id)).valid_to).toBeNull();
  });

  it('recording the same merge twice is refused, not a server error', async () => {
    const t = ctx();
    const src = await mk('DANANG');
    const dst = await mk('DANANG');
    const body = { sourceIds: [src.id], target: { existingId: dst.id }, effectiveDate: '2026-12-01' };
    expect((await admin.post('/api/units/merge', body)).statusCode).toBe(201);
    const again = await admin.post('/api/units/merge', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('succession_exists');
    const links = await t.db.db.selectFrom('unit_successions').select('id').where('predecessor_id', '=', src.id).execute();
    expect(links).toHaveLength(1);
  });

  it('a merge or split naming the same successor twice, or a new unit under a closing source, is refused', async () => {
    const t = ctx();
    const src = await mk('DANANG');
    const dst = await mk('DANANG');
    const split = await admin.post('/api/units/split', { sourceId: src.id, targets: [{ existingId: dst.id }, { existingId: dst.id }], effectiveDate: '2026-12-01' });
    expect(split.statusCode).toBe(400);
    expect(split.json().error.code).toBe('duplicate_successor');
    const under = await admin.post('/api/units/merge', { sourceIds: [src.id], target: { code: `UNDER_${t.engine}`, name: 'Dưới nguồn', shortName: 'DN', kind: 'partner', parentId: src.id }, effectiveDate: '2026-12-01' });
    expect(under.statusCode).toBe(400);
    expect(under.json().error.code).toBe('invalid_parent');
    const unknown = await admin.post('/api/units/merge', { sourceIds: [src.id], target: { code: `NOWHERE_${t.engine}`, name: 'Không cha', shortName: 'KC', kind: 'partner', parentId: 'khong-co' }, effectiveDate: '2026-12-01' });
    expect(unknown.statusCode).toBe(404);
    expect(await t.db.db.selectFrom('units').select('id').where('code', 'in', [`UNDER_${t.engine}`, `NOWHERE_${t.engine}`]).execute()).toEqual([]);
    expect((await row(t, src.id)).valid_to).toBeNull();
  });

  it('merging a unit into one of its own children is refused', async () => {
    const t = ctx();
    const parent = await mk('DANANG');
    const child = await mk(parent.id);
    const res = await admin.post('/api/units/merge', { sourceIds: [parent.id], target: { existingId: child.id }, effectiveDate: '2026-12-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('unit_cycle');
    expect(await parentLinks(t, child.id)).toEqual([{ parent_id: parent.id, valid_from: '2026-01-01', valid_to: null }]);
    expect((await row(t, parent.id)).valid_to).toBeNull();
  });
});
