/**
 * People and their role grants through the admin API: creation rules, lists, grant periods,
 * who may grant what, and transfers that keep read access to the old unit's history.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session, type TestApp } from '../../test/harness.js';

const PASSWORD = 'Khoi-dau-2026!x';
const NEW_PASSWORD = 'Doi-mat-khau-2026!';
const config = { login: { maxFailures: 5, lockMinutes: 15, ratePerMinute: 10_000 } };

let seq = 0;

async function createUser(admin: Session, fields: Record<string, unknown> = {}) {
  const username = `nd.${++seq}`;
  const res = await admin.post('/api/users', { username, fullName: `Người dùng ${seq}`, password: PASSWORD, ...fields });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; username: string };
}

/** Signs in for the first time and changes the password, as a new person must. */
async function firstSignIn(t: TestApp, username: string) {
  const s = await t.login(username, PASSWORD);
  expect((await s.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
  return s;
}

describeEachDb(
  'users and grants',
  (ctx) => {
    let admin: Session;
    beforeAll(async () => {
      admin = await ctx().login('admin');
    });

    it('creates a person who must change the password at first sign-in, without exposing the hash', async () => {
      const t = ctx();
      const res = await admin.post('/api/users', { username: 'Tran.Van.An', fullName: '  Trần Văn An ', email: 'An.Tran@MatTran.vn', phone: '0905 123 456', position: 'Cán bộ', password: PASSWORD });
      expect(res.statusCode, res.body).toBe(201);
      const u = res.json();
      expect(u).toMatchObject({ username: 'tran.van.an', fullName: 'Trần Văn An', email: 'an.tran@mattran.vn', mustChangePassword: true, disabled: false, locked: false, grants: [] });
      expect(JSON.stringify(u)).not.toMatch(/argon|password_hash|passwordHash/i);
      const row = await t.db.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a weak password with 400 weak_password and creates nothing', async () => {
      const t = ctx();
      for (const password of ['ngan-qua', 'nd.yeu-1234567', 'matkhau123']) {
        const res = await admin.post('/api/users', { username: 'nd.yeu', fullName: 'Yếu', password });
        expect(res.statusCode, password).toBe(400);
        expect(res.json().error.code).toBe('weak_password');
        expect(res.json().error.message).toContain('Mật khẩu');
      }
      expect(await t.db.db.selectFrom('users').select('id').where('username', '=', 'nd.yeu').executeTakeFirst()).toBeUndefined();
    });

    it('refuses a duplicate username (any letter case) or e-mail with 409', async () => {
      const t = ctx();
      const u = await createUser(admin, { email: `trung.${t.engine}@mattran.vn` });
      const dupName = await admin.post('/api/users', { username: u.username.toUpperCase(), fullName: 'Trùng tên', password: PASSWORD });
      expect(dupName.statusCode).toBe(409);
      expect(dupName.json().error.code).toBe('username_taken');
      expect(dupName.json().error.message).toContain('Tên đăng nhập');
      const dupMail = await admin.post('/api/users', { username: `khac.${seq}`, fullName: 'Trùng mail', email: `TRUNG.${t.engine.toUpperCase()}@mattran.vn`, password: PASSWORD });
      expect(dupMail.statusCode).toBe(409);
      expect(dupMail.json().error.code).toBe('email_taken');
    });

    it('refuses an invalid username or unknown fields with 400', async () => {
      const bad = await admin.post('/api/users', { username: 'có dấu', fullName: 'X', password: PASSWORD });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('username');
      const extra = await admin.post('/api/users', { username: 'nd.thua', fullName: 'X', password: PASSWORD, role: 'admin' });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().error.message).toContain('role');
    });

    it('lists people with search and pagination', async () => {
      for (let i = 0; i < 5; i++) await createUser(admin, { fullName: `Lê Thị Tìm Kiếm ${i}` });
      const all = await admin.get(`/api/users?search=${encodeURIComponent('tìm kiếm')}&pageSize=200`);
      expect(all.statusCode).toBe(200);
      expect(all.json().total).toBe(5);
      const p1 = (await admin.get(`/api/users?search=${encodeURIComponent('Tìm Kiếm')}&pageSize=2&page=1`)).json();
      const p3 = (await admin.get(`/api/users?search=${encodeURIComponent('Tìm Kiếm')}&pageSize=2&page=3`)).json();
      expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
      expect(p1.items).toHaveLength(2);
      expect(p3.items).toHaveLength(1);
      const ids = new Set([...p1.items, ...p3.items].map((u: { id: string }) => u.id));
      expect(ids.size).toBe(3);
      expect((await admin.get('/api/users?search=tamky.bientap')).json().items.map((u: { username: string }) => u.username)).toEqual(['tamky.bientap']);
      // Case- and accent-insensitive on both engines.
      for (const q of ['Đặng Thị Hồng', 'đặng thị', 'ĐẶNG', 'dang thi hong']) {
        const found = (await admin.get(`/api/users?search=${encodeURIComponent(q)}`)).json().items.map((u: { username: string }) => u.username);
        expect(found, q).toEqual(['quangphu.lanhdao']);
      }
      expect((await admin.get('/api/users?pageSize=500')).statusCode).toBe(400);
    });

    it('lists the people with a role on a unit', async () => {
      const t = ctx();
      const res = (await admin.get(`/api/users?unitId=${await t.unit('QUANG_PHU')}`)).json();
      expect(res.items.map((u: { username: string }) => u.username).sort()).toEqual(['quangphu.btt', 'quangphu.lanhdao']);
    });

    it('refuses an overlapping grant of the same role on the same unit with 409', async () => {
      const t = ctx();
      const u = await createUser(admin);
      const unitId = await t.unit('BAN_THACH');
      const first = await admin.post('/api/grants', { userId: u.id, unitId, role: 'officer', validFrom: '2025-07-01', validTo: '2026-06-30' });
      expect(first.statusCode, first.body).toBe(201);
      const overlap = await admin.post('/api/grants', { userId: u.id, unitId, role: 'officer', validFrom: '2026-06-30' });
      expect(overlap.statusCode).toBe(409);
      expect(overlap.json().error.code).toBe('grant_overlap');
      // The day after the first ends is fine; so is another role in the same period.
      expect((await admin.post('/api/grants', { userId: u.id, unitId, role: 'officer', validFrom: '2026-07-01' })).statusCode).toBe(201);
      expect((await admin.post('/api/grants', { userId: u.id, unitId, role: 'editor', validFrom: '2025-07-01' })).statusCode).toBe(201);
    });

    it('refuses validTo before validFrom with 400', async () => {
      const t = ctx();
      const u = await createUser(admin);
      const res = await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('BAN_THACH'), role: 'viewer', validFrom: '2026-12-01', validTo: '2026-11-30' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_period');
      expect(res.json().error.message).toContain('Đến ngày');
      const bad = await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('BAN_THACH'), role: 'viewer', validFrom: '2026-02-30' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('validFrom');
      expect(await t.db.db.selectFrom('role_grants').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
    });

    it('refuses a grant on a closed unit beyond its end', async () => {
      const t = ctx();
      const u = await createUser(admin);
      const res = await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('AN_MY'), role: 'viewer', validFrom: '2025-07-01' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('unit_inactive');
    });

    it('a subtree administrator cannot grant the admin role (403) but may grant other roles in the subtree', async () => {
      const t = ctx();
      const sub = await createUser(admin);
      expect((await admin.post('/api/grants', { userId: sub.id, unitId: await t.unit('DANANG'), role: 'admin' })).statusCode).toBe(201);
      const s = await firstSignIn(t, sub.username);
      const target = await createUser(admin);
      const denied = await s.post('/api/grants', { userId: target.id, unitId: await t.unit('QUANG_PHU'), role: 'admin' });
      expect(denied.statusCode).toBe(403);
      expect(await t.db.db.selectFrom('role_grants').select('id').where('user_id', '=', target.id).execute()).toHaveLength(0);
      const ok = await s.post('/api/grants', { userId: target.id, unitId: await t.unit('QUANG_PHU'), role: 'officer' });
      expect(ok.statusCode, ok.body).toBe(201);
      // Outside the subtree: 404.
      const hue = await admin.post('/api/units', { code: `HUE_${seq}`, name: 'Ủy ban MTTQ Việt Nam thành phố Huế', shortName: 'MTTQ Huế', kind: 'front_committee', parentId: await t.unit('TW') });
      expect((await s.post('/api/grants', { userId: target.id, unitId: hue.json().id, role: 'viewer' })).statusCode).toBe(404);
      // The subtree administrator lists only people with roles in the subtree.
      const names = (await s.get('/api/users?pageSize=200')).json().items.map((u: { username: string }) => u.username);
      expect(names).toContain('quangphu.lanhdao');
      expect(names).toContain(target.username);
      expect(names).not.toContain('admin');
    });

    it('a subtree administrator creates a person and gives them a role in the subtree', async () => {
      const t = ctx();
      const sub = await createUser(admin);
      expect((await admin.post('/api/grants', { userId: sub.id, unitId: await t.unit('DANANG'), role: 'admin' })).statusCode).toBe(201);
      const s = await firstSignIn(t, sub.username);
      const res = await s.post('/api/users', { username: `moi.${seq}`, fullName: 'Người mới của Đà Nẵng', password: PASSWORD });
      expect(res.statusCode, res.body).toBe(201);
      // Until it has a role, the new account is visible to its creator's unit only, not to a ward administrator.
      const ward = await createUser(admin);
      expect((await admin.post('/api/grants', { userId: ward.id, unitId: await t.unit('QUANG_PHU'), role: 'admin' })).statusCode).toBe(201);
      const w = await firstSignIn(t, ward.username);
      expect((await w.get(`/api/users/${res.json().id}`)).statusCode).toBe(404);
      expect((await s.get(`/api/users/${res.json().id}`)).statusCode).toBe(200);
      const g = await s.post('/api/grants', { userId: res.json().id, unitId: await t.unit('HUONG_TRA'), role: 'reporter' });
      expect(g.statusCode, g.body).toBe(201);
      expect((await s.get(`/api/users/${res.json().id}`)).json().grants).toHaveLength(1);
    });

    it('a ward administrator cannot take over an account that also holds roles outside the ward', async () => {
      const t = ctx();
      const ward = await createUser(admin);
      expect((await admin.post('/api/grants', { userId: ward.id, unitId: await t.unit('HUONG_TRA'), role: 'admin' })).statusCode).toBe(201);
      const s = await firstSignIn(t, ward.username);
      // Giving the system administrator a small role in the ward must not hand the ward their account.
      const sysAdminId = admin.me.user.id;
      expect((await s.post('/api/grants', { userId: sysAdminId, unitId: await t.unit('HUONG_TRA'), role: 'viewer' })).statusCode).toBe(201);
      const leader = (await admin.get('/api/users?search=danang.lanhdao')).json().items[0];
      expect((await admin.post('/api/grants', { userId: leader.id, unitId: await t.unit('HUONG_TRA'), role: 'viewer' })).statusCode).toBe(201);
      for (const id of [sysAdminId, leader.id]) {
        expect((await s.post(`/api/users/${id}/reset-password`, { newPassword: 'Chiem-tai-khoan-2026' })).statusCode).toBe(404);
        expect((await s.patch(`/api/users/${id}`, { disabled: true })).statusCode).toBe(404);
        expect((await s.get(`/api/users/${id}`)).statusCode).toBe(404);
      }
      const names = (await s.get('/api/users?pageSize=200')).json().items.map((u: { username: string }) => u.username);
      expect(names).not.toContain('admin');
      expect(names).not.toContain('danang.lanhdao');
      expect(names).toContain(ward.username);
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'danang.lanhdao', password: 'lantoa-demo' } })).statusCode).toBe(200);
      // People whose roles all lie inside the ward (or ended elsewhere long ago) stay manageable.
      const local = await createUser(admin);
      expect((await admin.post('/api/grants', { userId: local.id, unitId: await t.unit('QUANG_PHU'), role: 'officer', validFrom: '2025-07-01', validTo: '2025-12-31' })).statusCode).toBe(201);
      expect((await admin.post('/api/grants', { userId: local.id, unitId: await t.unit('HUONG_TRA'), role: 'officer', validFrom: '2026-01-01' })).statusCode).toBe(201);
      expect((await s.post(`/api/users/${local.id}/reset-password`, { newPassword: 'Dat-lai-cho-ban-2026' })).statusCode).toBe(204);
      const edited = await s.patch(`/api/users/${local.id}`, { position: 'Ủy viên Ban Thường trực' });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json().position).toBe('Ủy viên Ban Thường trực');
    });

    it('a unit officer (no user.manage) cannot create people or grant roles', async () => {
      const t = ctx();
      const s = await t.login('danang.btt');
      expect((await s.post('/api/users', { username: 'nd.lau', fullName: 'Lậu', password: PASSWORD })).statusCode).toBe(403);
      const u = await createUser(admin);
      expect((await s.post('/api/grants', { userId: u.id, unitId: await t.unit('QUANG_PHU'), role: 'viewer' })).statusCode).toBe(403);
    });

    it('updates a person and ends a grant', async () => {
      const t = ctx();
      const u = await createUser(admin);
      const res = await admin.patch(`/api/users/${u.id}`, { fullName: 'Tên Mới', position: 'Phó Chủ tịch', email: '' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ fullName: 'Tên Mới', position: 'Phó Chủ tịch', email: null });
      const g = (await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('HUONG_TRA'), role: 'viewer', validFrom: '2025-07-01' })).json();
      const early = await admin.post(`/api/grants/${g.id}/end`, { validTo: '2025-06-01' });
      expect(early.statusCode).toBe(400);
      const ended = await admin.post(`/api/grants/${g.id}/end`, { validTo: '2026-11-25' });
      expect(ended.statusCode).toBe(200);
      expect(ended.json()).toMatchObject({ validTo: '2026-11-25', current: false });
      const self = await admin.patch(`/api/users/${admin.me.user.id}`, { disabled: true });
      expect(self.statusCode).toBe(400);
      expect(self.json().error.code).toBe('cannot_disable_self');
    });

    it('a transfer ends the old grant the day before and starts a new one on the effective date', async () => {
      const t = ctx();
      const u = await createUser(admin);
      const old = (await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('QUANG_PHU'), role: 'officer', validFrom: '2025-07-01', note: 'Phụ trách tuyên truyền' })).json();
      const res = await admin.post(`/api/grants/${old.id}/transfer`, { toUnitId: await t.unit('PHUONG_TAMKY'), effectiveDate: '2026-11-26' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ unitId: await t.unit('PHUONG_TAMKY'), role: 'officer', validFrom: '2026-11-26', validTo: null, current: true, note: 'Phụ trách tuyên truyền' });
      const rows = await t.db.db.selectFrom('role_grants').selectAll().where('user_id', '=', u.id).orderBy('valid_from').execute();
      expect(rows.map((r) => [r.unit_id, r.valid_from, r.valid_to])).toEqual([
        [await t.unit('QUANG_PHU'), '2025-07-01', '2026-11-25'],
        [await t.unit('PHUONG_TAMKY'), '2026-11-26', null],
      ]);
    });

    it('after a transfer the person keeps read-only access to the old unit and its history', async () => {
      const t = ctx();
      const u = await createUser(admin);
      const old = (await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('QUANG_PHU'), role: 'officer', validFrom: '2025-07-01' })).json();
      expect((await admin.post(`/api/grants/${old.id}/transfer`, { toUnitId: await t.unit('PHUONG_TAMKY'), effectiveDate: '2026-11-01' })).statusCode).toBe(201);
      const s = await firstSignIn(t, u.username);
      const me = (await s.get('/api/auth/me')).json();
      expect(me.actingUnitId).toBe(await t.unit('PHUONG_TAMKY'));
      for (const code of ['QUANG_PHU', 'AN_PHU', 'TAM_PHU']) {
        const res = await s.get(`/api/units/${await t.unit(code)}`);
        expect(res.statusCode, code).toBe(200);
        expect(res.json().readOnly, code).toBe(true);
      }
      expect((await s.get(`/api/units/${await t.unit('BAN_THACH')}`)).statusCode).toBe(404);
      const switchBack = await s.post('/api/auth/acting-unit', { unitId: await t.unit('QUANG_PHU') });
      expect(switchBack.statusCode).toBe(400);
    });

    it('a transfer that would overlap an existing grant fails as a whole', async () => {
      const t = ctx();
      const u = await createUser(admin);
      const a = (await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('QUANG_PHU'), role: 'viewer', validFrom: '2025-07-01' })).json();
      expect((await admin.post('/api/grants', { userId: u.id, unitId: await t.unit('HUONG_TRA'), role: 'viewer', validFrom: '2025-07-01' })).statusCode).toBe(201);
      const res = await admin.post(`/api/grants/${a.id}/transfer`, { toUnitId: await t.unit('HUONG_TRA'), effectiveDate: '2026-11-26' });
      expect(res.statusCode).toBe(409);
      const row = await t.db.db.selectFrom('role_grants').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(row.valid_to).toBeNull();
      const unknown = await admin.post(`/api/grants/${a.id}/transfer`, { toUnitId: 'khong-co', effectiveDate: '2026-11-26' });
      expect(unknown.statusCode).toBe(404);
      expect((await t.db.db.selectFrom('role_grants').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()).valid_to).toBeNull();
      const early = await admin.post(`/api/grants/${a.id}/transfer`, { toUnitId: await t.unit('BAN_THACH'), effectiveDate: '2025-07-01' });
      expect(early.statusCode).toBe(400);
    });

    it('unknown people and grants answer 404', async () => {
      expect((await admin.get('/api/users/khong-co')).statusCode).toBe(404);
      expect((await admin.patch('/api/users/khong-co', { fullName: 'X' })).statusCode).toBe(404);
      expect((await admin.post('/api/users/khong-co/reset-password', { newPassword: NEW_PASSWORD })).statusCode).toBe(404);
      expect((await admin.post('/api/users/khong-co/unlock')).statusCode).toBe(404);
      expect((await admin.post('/api/grants/khong-co/end', { validTo: '2026-11-26' })).statusCode).toBe(404);
    });
  },
  { config },
);
