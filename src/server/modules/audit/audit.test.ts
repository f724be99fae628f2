/**
 * The audit log: every change writes an entry (who, acting for which unit, before → after, no secrets),
 * the database refuses to change or delete entries, and GET /api/audit filters and pages them.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { describeEachDb, type Session, TEST_NOW, type TestApp } from '../../test/harness.js';

const PASSWORD = 'Khoi-dau-2026!x';
const NEW_PASSWORD = 'Doi-mat-khau-2026!';
const config = { login: { maxFailures: 3, lockMinutes: 15, ratePerMinute: 10_000 } };

type Entry = {
  id: number;
  at: string;
  userId: string | null;
  username: string | null;
  actingUnitId: string | null;
  actingUnitName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
};

let seq = 0;

describeEachDb(
  'audit log',
  (ctx) => {
    let admin: Session;
    let tw: string;
    beforeAll(async () => {
      admin = await ctx().login('admin');
      tw = await ctx().unit('TW');
    });
    afterEach(() => ctx().clock.set(TEST_NOW));

    /** Entries for one entity, oldest first. */
    async function entriesFor(entityId: string): Promise<Entry[]> {
      const res = await admin.get(`/api/audit?pageSize=200&search=&entityId=${entityId}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as Entry[]).reverse();
    }
    async function latest(action: string, entityId: string): Promise<Entry> {
      const e = (await entriesFor(entityId)).filter((x) => x.action === action).pop();
      expect(e, `${action} for ${entityId}`).toBeDefined();
      return e!;
    }
    const byAdmin = (e: Entry) => {
      expect(e.userId).toBe(admin.me.user.id);
      expect(e.username).toBe('admin');
      expect(e.actingUnitId).toBe(tw);
      expect(e.actingUnitName).toBe('Ủy ban Trung ương MTTQ Việt Nam');
      expect(e.summary).toEqual(expect.any(String));
    };
    async function newUnit(t: TestApp, parent?: string) {
      const res = await admin.post('/api/units', { code: `AU${++seq}_${t.engine}`, name: `Đơn vị nhật ký ${seq}`, shortName: `NK ${seq}`, kind: 'front_committee', parentId: parent ?? (await t.unit('DANANG')), validFrom: '2026-01-01' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; name: string; version: number };
    }

    it('unit create, update, move, close, merge and split each write an entry by the acting person', async () => {
      const t = ctx();
      const a = await newUnit(t);
      const created = await latest('unit.create', a.id);
      byAdmin(created);
      expect(created.after).toMatchObject({ id: a.id, name: a.name });

      expect((await admin.patch(`/api/units/${a.id}`, { version: 1, name: 'Tên đã đổi' })).statusCode).toBe(200);
      const updated = await latest('unit.update', a.id);
      byAdmin(updated);
      expect(updated.before).toMatchObject({ name: a.name, version: 1 });
      expect(updated.after).toMatchObject({ name: 'Tên đã đổi', version: 2 });

      const b = await newUnit(t);
      expect((await admin.post(`/api/units/${a.id}/move`, { parentId: b.id, effectiveDate: '2026-12-01' })).statusCode).toBe(200);
      const moved = await latest('unit.move', a.id);
      byAdmin(moved);
      expect(moved.before).toEqual({ parentId: await t.unit('DANANG') });
      expect(moved.after).toEqual({ parentId: b.id, effectiveDate: '2026-12-01' });

      const c = await newUnit(t);
      expect((await admin.post(`/api/units/${c.id}/close`, { effectiveDate: '2026-11-30' })).statusCode).toBe(200);
      const closed = await latest('unit.close', c.id);
      byAdmin(closed);
      expect(closed.before).toEqual({ validTo: null });
      expect(closed.after).toMatchObject({ validTo: '2026-11-30' });

      const d = await newUnit(t);
      const e = await newUnit(t);
      const merge = await admin.post('/api/units/merge', { sourceIds: [d.id], target: { existingId: e.id }, effectiveDate: '2026-12-01' });
      expect(merge.statusCode).toBe(201);
      const merged = await latest('unit.merge', e.id);
      byAdmin(merged);
      expect(merged.after).toMatchObject({ effectiveDate: '2026-12-01', sources: [{ id: d.id }], successors: [{ id: e.id }] });

      const f = await newUnit(t);
      const g1 = await newUnit(t);
      const g2 = await newUnit(t);
      expect((await admin.post('/api/units/split', { sourceId: f.id, targets: [{ existingId: g1.id }, { existingId: g2.id }], effectiveDate: '2026-12-01' })).statusCode).toBe(201);
      const split = await latest('unit.split', f.id);
      byAdmin(split);
      expect(split.after).toMatchObject({ sources: [{ id: f.id }], successors: [{ id: g1.id }, { id: g2.id }] });
    });

    it('a refused change writes no entry', async () => {
      const t = ctx();
      const a = await newUnit(t);
      const before = await entriesFor(a.id);
      expect((await admin.patch(`/api/units/${a.id}`, { version: 99, name: 'Không lưu' })).statusCode).toBe(409);
      expect((await admin.post(`/api/units/${a.id}/move`, { parentId: a.id, effectiveDate: '2026-12-01' })).statusCode).toBe(400);
      expect(await entriesFor(a.id)).toEqual(before);
    });

    it('user create, update, reset-password, unlock and grant create, end and transfer each write an entry', async () => {
      const t = ctx();
      const created = await admin.post('/api/users', { username: `nk.${++seq}`, fullName: 'Người nhật ký', password: PASSWORD });
      const id = created.json().id as string;
      const c = await latest('user.create', id);
      byAdmin(c);
      expect(c.after).toMatchObject({ id, username: `nk.${seq}`, fullName: 'Người nhật ký', mustChangePassword: true });

      expect((await admin.patch(`/api/users/${id}`, { position: 'Ủy viên' })).statusCode).toBe(200);
      const u = await latest('user.update', id);
      byAdmin(u);
      expect(u.before).toMatchObject({ position: null });
      expect(u.after).toMatchObject({ position: 'Ủy viên' });

      expect((await admin.post(`/api/users/${id}/reset-password`, { newPassword: NEW_PASSWORD })).statusCode).toBe(204);
      byAdmin(await latest('user.reset_password', id));
      expect((await admin.post(`/api/users/${id}/unlock`)).statusCode).toBe(204);
      byAdmin(await latest('user.unlock', id));

      const g = await admin.post('/api/grants', { userId: id, unitId: await t.unit('HUONG_TRA'), role: 'officer', validFrom: '2025-07-01' });
      const grantId = g.json().id as string;
      const gc = await latest('grant.create', grantId);
      byAdmin(gc);
      expect(gc.after).toMatchObject({ user_id: id, role: 'officer', valid_from: '2025-07-01' });

      const moved = await admin.post(`/api/grants/${grantId}/transfer`, { toUnitId: await t.unit('BAN_THACH'), effectiveDate: '2026-11-01' });
      expect(moved.statusCode).toBe(201);
      const ended = await latest('grant.end', grantId);
      byAdmin(ended);
      expect(ended.before).toEqual({ validTo: null });
      expect(ended.after).toEqual({ validTo: '2026-10-31' });
      const newGrant = await latest('grant.create', moved.json().id);
      expect(newGrant.after).toMatchObject({ valid_from: '2026-11-01' });

      expect((await admin.post(`/api/grants/${moved.json().id}/end`, { validTo: '2026-11-30' })).statusCode).toBe(200);
      const end = await latest('grant.end', moved.json().id);
      expect(end.after).toEqual({ validTo: '2026-11-30' });
    });

    it('sign-in, failed sign-in, lock-out and password change each write an entry', async () => {
      const t = ctx();
      const username = `nk.${++seq}`;
      const id = (await admin.post('/api/users', { username, fullName: 'Người đăng nhập', password: PASSWORD })).json().id as string;
      expect((await admin.post('/api/grants', { userId: id, unitId: await t.unit('QUANG_PHU'), role: 'viewer' })).statusCode).toBe(201);
      const s = await t.login(username, PASSWORD);
      const login = await latest('auth.login', id);
      expect(login).toMatchObject({ userId: id, username, entityType: 'user' });
      expect(login.ip).toBe('127.0.0.1');

      expect((await s.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
      const changed = await latest('auth.change_password', id);
      expect(changed).toMatchObject({ userId: id, actingUnitId: await t.unit('QUANG_PHU') });

      const bad = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'sai-mat-khau-roi' } });
      expect((await bad()).statusCode).toBe(401);
      expect((await bad()).statusCode).toBe(401);
      expect((await bad()).statusCode).toBe(423);
      const all = await entriesFor(id);
      expect(all.filter((e) => e.action === 'auth.login_failed')).toHaveLength(2);
      expect(all.filter((e) => e.action === 'auth.lock')).toHaveLength(1);
      expect(all.at(-1)!.summary).toContain('Tạm khóa');
    });

    it('no entry carries a password or its hash', async () => {
      const t = ctx();
      const rows = await t.db.db.selectFrom('audit_log').select(['action', 'before', 'after', 'summary']).execute();
      expect(rows.length).toBeGreaterThan(10);
      const hashes = (await t.db.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash);
      for (const r of rows) {
        const text = `${r.before ?? ''} ${r.after ?? ''} ${r.summary ?? ''}`;
        expect(text, r.action).not.toMatch(/\$argon2/);
        expect(text, r.action).not.toContain(PASSWORD);
        expect(text, r.action).not.toContain(NEW_PASSWORD);
        for (const h of hashes) expect(text).not.toContain(h);
      }
    });

    it('secrets in before/after are redacted before writing, at any depth', async () => {
      const t = ctx();
      await t.app.services.audit.record(t.db.db, systemCtx, {
        action: 'test.redact',
        entityType: 'system',
        summary: 'Kiểm tra che thông tin bí mật',
        before: { password_hash: '$argon2id$v=19$abc', mustChangePassword: true },
        after: { nested: [{ apiToken: 'bi-mat', csrfSecret: 'bi-mat-2', name: 'Công khai' }], newPassword: 'Mat-khau-moi-2026' },
      });
      const row = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'test.redact').executeTakeFirstOrThrow();
      expect(JSON.parse(row.before!)).toEqual({ password_hash: '[ẩn]', mustChangePassword: true });
      expect(JSON.parse(row.after!)).toEqual({ nested: [{ apiToken: '[ẩn]', csrfSecret: '[ẩn]', name: 'Công khai' }], newPassword: '[ẩn]' });
    });

    it('the database refuses to update or delete audit entries', async () => {
      const t = ctx();
      const db = t.db.db;
      const count = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const first = await db.selectFrom('audit_log').selectAll().orderBy('id').executeTakeFirstOrThrow();
      const n = await count();
      await expect(db.updateTable('audit_log').set({ summary: 'đã bị sửa' }).where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
      await expect(db.updateTable('audit_log').set({ user_id: null }).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('audit_log').where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      expect(await count()).toBe(n);
      expect((await db.selectFrom('audit_log').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow()).summary).toBe(first.summary);
      // Appending still works.
      await db.insertInto('audit_log').values({ at: TEST_NOW, user_id: null, username: 'kiểm thử', acting_unit_id: null, action: 'test.append', entity_type: 'system', entity_id: null, summary: 'Ghi thêm', before: null, after: null, ip: null, request_id: null }).execute();
      expect(await count()).toBe(n + 1);
    });

    it('filters by action prefix and by accent-insensitive search, newest first', async () => {
      const t = ctx();
      const a = await newUnit(t);
      await admin.patch(`/api/units/${a.id}`, { version: 1, name: 'Ủy ban MTTQ Việt Nam phường Điện Bàn Đông' });
      const byAction = (await admin.get('/api/audit?action=unit.update&pageSize=200')).json();
      expect(byAction.items.length).toBeGreaterThan(0);
      expect(byAction.items.every((e: Entry) => e.action === 'unit.update')).toBe(true);
      const prefix = (await admin.get('/api/audit?action=unit.&pageSize=200')).json().items as Entry[];
      expect(prefix.every((e) => e.action.startsWith('unit.'))).toBe(true);
      expect(new Set(prefix.map((e) => e.action))).toEqual(new Set(['unit.create', 'unit.update', 'unit.move', 'unit.close', 'unit.merge', 'unit.split']));
      const folded = (await admin.get(`/api/audit?search=${encodeURIComponent('dien ban dong')}`)).json().items as Entry[];
      expect(folded.map((e) => e.entityId)).toEqual([a.id]);
      const exact = (await admin.get(`/api/audit?search=${encodeURIComponent('Điện Bàn Đông')}`)).json().items as Entry[];
      expect(exact.map((e) => e.entityId)).toEqual([a.id]);
      const ids = prefix.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
      expect((await admin.get('/api/audit?search=khong-co-dong-nao-nhu-the')).json()).toMatchObject({ items: [], total: 0 });
    });

    it('filters by calendar date (from/to, Vietnam time)', async () => {
      const t = ctx();
      // Sessions idle out when the clock jumps: sign in again at each moment.
      t.clock.set('2026-12-10T03:00:00Z'); // 10:00 on 10/12 in Hà Nội
      admin = await t.login('admin');
      const early = await newUnit(t);
      t.clock.set('2026-12-10T18:30:00Z'); // 01:30 on 11/12 in Hà Nội
      admin = await t.login('admin');
      const late = await newUnit(t);
      t.clock.set(TEST_NOW);
      admin = await t.login('admin');
      const ids = async (q: string) => ((await admin.get(`/api/audit?action=unit.create&pageSize=200&${q}`)).json().items as Entry[]).map((e) => e.entityId);
      expect(await ids('from=2026-12-10&to=2026-12-10')).toEqual([early.id]);
      expect(await ids('from=2026-12-11&to=2026-12-11')).toEqual([late.id]);
      expect(await ids('from=2026-12-10')).toEqual([late.id, early.id]);
      const upTo = await ids('to=2026-12-09');
      expect(upTo).not.toContain(early.id);
      expect(upTo.length).toBeGreaterThan(0);
      expect((await admin.get('/api/audit?from=2026-02-30')).statusCode).toBe(400);
    });

    it('pages through entries without gaps or repeats', async () => {
      const all = (await admin.get('/api/audit?pageSize=200')).json();
      expect(all.total).toBeGreaterThan(6);
      const p1 = (await admin.get('/api/audit?pageSize=3&page=1')).json();
      const p2 = (await admin.get('/api/audit?pageSize=3&page=2')).json();
      expect(p1).toMatchObject({ page: 1, pageSize: 3, total: all.total });
      expect(p2).toMatchObject({ page: 2, pageSize: 3, total: all.total });
      expect([...p1.items, ...p2.items].map((e: Entry) => e.id)).toEqual(all.items.slice(0, 6).map((e: Entry) => e.id));
      expect((await admin.get('/api/audit?pageSize=201')).statusCode).toBe(400);
    });

    it('a subtree administrator sees only entries made on behalf of units in their scope; others may not read the log', async () => {
      const t = ctx();
      const username = `nk.${++seq}`;
      const id = (await admin.post('/api/users', { username, fullName: 'Quản trị Quảng Phú', password: PASSWORD })).json().id as string;
      expect((await admin.post('/api/grants', { userId: id, unitId: await t.unit('QUANG_PHU'), role: 'admin' })).statusCode).toBe(201);
      const s = await t.login(username, PASSWORD);
      expect((await s.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
      const qp = await t.unit('QUANG_PHU');
      const res = await s.post('/api/units', { code: `QP_KDC_${t.engine}`, name: 'Ban công tác Mặt trận khối phố mới', shortName: 'BCTMT mới', kind: 'residential_committee', parentId: qp });
      expect(res.statusCode, res.body).toBe(201);
      const kdc = res.json();
      const items = (await s.get('/api/audit?pageSize=200')).json().items as Entry[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((e) => e.actingUnitId === qp)).toBe(true);
      expect(items.some((e) => e.action === 'unit.create' && e.entityId === kdc.id)).toBe(true);
      const officer = await t.login('quangphu.btt');
      const denied = await officer.get('/api/audit');
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('forbidden');
    });
  },
  { config },
);
