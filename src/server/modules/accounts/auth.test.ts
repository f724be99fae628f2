/**
 * Sign-in, lock-out, rate limits, sessions (idle and absolute timeouts, sign-out), password changes,
 * the acting unit and first-run setup, over HTTP on both engines.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session, TEST_NOW, type TestApp } from '../../test/harness.js';

const VIETNAMESE = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;
const FIRST_PASSWORD = 'Khoi-dau-2026!x';
const GOOD_PASSWORD = 'Trang-moi-2026-xanh';
const MINUTE = 60_000;

let seq = 0;

/** A fresh person with a viewer role on phường Quảng Phú, created through the admin API. */
async function newPerson(t: TestApp, admin: Session, extra: { email?: string; password?: string } = {}) {
  const username = `auth.${++seq}.${t.engine}`;
  const res = await admin.post('/api/users', { username, fullName: `Người thử ${seq}`, password: extra.password ?? FIRST_PASSWORD, ...(extra.email ? { email: extra.email } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const g = await admin.post('/api/grants', { userId: id, unitId: await t.unit('QUANG_PHU'), role: 'viewer' });
  expect(g.statusCode, g.body).toBe(201);
  return { username, id, password: extra.password ?? FIRST_PASSWORD };
}

const login = (t: TestApp, username: string, password: string, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...(remoteAddress ? { remoteAddress } : {}) });

const sessionsOf = (t: TestApp, userId: string) => t.db.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();

describeEachDb(
  'sign-in and sessions',
  (ctx) => {
    let admin: Session;
    beforeAll(async () => {
      admin = await ctx().login('admin');
    });
    afterEach(() => {
      ctx().clock.set(TEST_NOW);
    });

    it('signs in with 200, an HttpOnly SameSite=Lax session cookie and the Me body', async () => {
      const t = ctx();
      const res = await login(t, 'tamky.btt', 'lantoa-demo');
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'lantoa_sid');
      expect(cookie).toBeDefined();
      expect(cookie!.httpOnly).toBe(true);
      expect(cookie!.sameSite).toBe('Lax');
      expect(cookie!.path).toBe('/');
      expect(cookie!.value.length).toBeGreaterThanOrEqual(40);
      const me = res.json();
      expect(me.user.username).toBe('tamky.btt');
      expect(me.csrfToken).toEqual(expect.any(String));
      // The database keeps only a hash of the token.
      const row = await t.db.db.selectFrom('sessions').selectAll().where('user_id', '=', me.user.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      expect(row.id).not.toBe(cookie!.value);
      expect(row.id).toMatch(/^[0-9a-f]{64}$/);
      const again = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `lantoa_sid=${cookie!.value}` } });
      expect(again.json().user.id).toBe(me.user.id);
    });

    it('a wrong password and an unknown user both answer 401 with the same Vietnamese message', async () => {
      const t = ctx();
      const wrong = await login(t, 'danang.lanhdao', 'khong-phai-mat-khau');
      const unknown = await login(t, 'khong.ai.ca', 'khong-phai-mat-khau');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('invalid_credentials');
      expect(unknown.json()).toEqual(wrong.json());
      expect(wrong.json().error.message).toMatch(VIETNAMESE);
      expect(wrong.cookies).toHaveLength(0);
    });

    it('signs in with the e-mail address instead of the username, in any letter case', async () => {
      const t = ctx();
      const p = await newPerson(t, admin, { email: `Nguoi.Thu.${t.engine}@MatTran.vn` });
      const res = await login(t, ` NGUOI.THU.${t.engine.toUpperCase()}@mattran.VN `, p.password);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().user.username).toBe(p.username);
      expect(res.json().user.email).toBe(`nguoi.thu.${t.engine}@mattran.vn`);
    });

    it('locks the account after 5 wrong passwords (423 even with the right one) and unlocks after 15 minutes', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      for (let i = 1; i <= 4; i++) expect((await login(t, p.username, `sai-mat-khau-${i}`)).statusCode).toBe(401);
      const fifth = await login(t, p.username, 'sai-mat-khau-5');
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().error.code).toBe('account_locked');
      expect(fifth.json().error.message).toMatch(VIETNAMESE);
      const right = await login(t, p.username, p.password);
      expect(right.statusCode).toBe(423);
      expect(right.cookies).toHaveLength(0);
      expect((await admin.get(`/api/users/${p.id}`)).json().locked).toBe(true);
      t.clock.advance(14 * MINUTE);
      expect((await login(t, p.username, p.password)).statusCode).toBe(423);
      t.clock.advance(MINUTE + 1000);
      expect((await login(t, p.username, p.password)).statusCode).toBe(200);
    });

    it('a successful sign-in resets the count of wrong passwords', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      for (let i = 0; i < 4; i++) expect((await login(t, p.username, 'sai-mat-khau')).statusCode).toBe(401);
      expect((await login(t, p.username, p.password)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) expect((await login(t, p.username, 'sai-mat-khau')).statusCode).toBe(401);
      expect((await login(t, p.username, p.password)).statusCode).toBe(200);
    });

    it('an administrator unlocks a locked account with POST /api/users/:id/unlock', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      for (let i = 0; i < 5; i++) await login(t, p.username, 'sai-mat-khau');
      expect((await login(t, p.username, p.password)).statusCode).toBe(423);
      const unlock = await admin.post(`/api/users/${p.id}/unlock`);
      expect(unlock.statusCode).toBe(204);
      expect((await admin.get(`/api/users/${p.id}`)).json().locked).toBe(false);
      expect((await login(t, p.username, p.password)).statusCode).toBe(200);
    });

    it('a disabled account cannot sign in and its open sessions end', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      const s = await t.login(p.username, p.password);
      const res = await admin.patch(`/api/users/${p.id}`, { disabled: true });
      expect(res.statusCode, res.body).toBe(200);
      expect((await s.get('/api/auth/me')).statusCode).toBe(401);
      const again = await login(t, p.username, p.password);
      expect(again.statusCode).toBe(403);
      expect(again.json().error.code).toBe('account_disabled');
    });

    it('a session ends after 30 idle minutes but activity keeps it alive', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      const s = await t.login(p.username, p.password);
      t.clock.advance(20 * MINUTE);
      expect((await s.get('/api/auth/me')).statusCode).toBe(200);
      t.clock.advance(20 * MINUTE);
      expect((await s.get('/api/auth/me')).statusCode).toBe(200);
      t.clock.advance(30 * MINUTE + 1000);
      const res = await s.get('/api/auth/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
      expect(await sessionsOf(t, p.id)).toHaveLength(0);
    });

    it('a session ends after its absolute lifetime of 12 hours however active it is', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      const s = await t.login(p.username, p.password);
      for (let h = 0; h < 12 * 60 - 25; h += 25) {
        t.clock.advance(25 * MINUTE);
        expect((await s.get('/api/auth/me')).statusCode).toBe(200);
      }
      t.clock.set(new Date(Date.parse(TEST_NOW) + 12 * 3600_000).toISOString());
      expect((await s.get('/api/auth/me')).statusCode).toBe(401);
    });

    it('logout ends the session', async () => {
      const t = ctx();
      const s = await t.login('danang.lanhdao');
      const res = await s.post('/api/auth/logout');
      expect(res.statusCode).toBe(204);
      expect(res.cookies.find((c) => c.name === 'lantoa_sid')?.value).toBe('');
      expect((await s.get('/api/auth/me')).statusCode).toBe(401);
    });

    it('logout-all ends every session of the person, including the other ones', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      const a = await t.login(p.username, p.password);
      const b = await t.login(p.username, p.password);
      const other = await t.login('quangphu.lanhdao');
      expect(await sessionsOf(t, p.id)).toHaveLength(2);
      expect((await a.post('/api/auth/logout-all')).statusCode).toBe(204);
      expect((await b.get('/api/auth/me')).statusCode).toBe(401);
      expect((await a.get('/api/auth/me')).statusCode).toBe(401);
      expect(await sessionsOf(t, p.id)).toHaveLength(0);
      expect((await other.get('/api/auth/me')).statusCode).toBe(200);
    });

    it('change-password refuses a wrong current password and weak new ones', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      const s = await t.login(p.username, p.password);
      const wrong = await s.post('/api/auth/change-password', { currentPassword: 'khong-dung-dau', newPassword: GOOD_PASSWORD });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('wrong_password');
      for (const weak of ['Ngan-9', `x-${p.username}-2026`, `${p.username.toUpperCase()}!!`, 'matkhau123', 'Password123', 'qwertyuiop', 'aaaaaaaaaaaa', p.password]) {
        const res = await s.post('/api/auth/change-password', { currentPassword: p.password, newPassword: weak });
        expect(res.statusCode, weak).toBe(400);
        expect(res.json().error.code, weak).toBe('weak_password');
        expect(res.json().error.message).toMatch(VIETNAMESE);
      }
      // Nothing changed: the first password still works.
      expect((await login(t, p.username, p.password)).statusCode).toBe(200);
    });

    it('changing the password keeps this session, ends the others and clears must-change', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      const s = await t.login(p.username, p.password);
      const other = await t.login(p.username, p.password);
      expect((s.me.user as { mustChangePassword?: boolean }).mustChangePassword).toBe(true);
      const res = await s.post('/api/auth/change-password', { currentPassword: p.password, newPassword: GOOD_PASSWORD });
      expect(res.statusCode, res.body).toBe(204);
      const me = (await s.get('/api/auth/me')).json();
      expect(me.user.mustChangePassword).toBe(false);
      expect((await other.get('/api/auth/me')).statusCode).toBe(401);
      expect((await login(t, p.username, p.password)).statusCode).toBe(401);
      expect((await login(t, p.username, GOOD_PASSWORD)).statusCode).toBe(200);
    });

    it('an administrator reset ends the sessions and the person must change the password at next sign-in', async () => {
      const t = ctx();
      const p = await newPerson(t, admin);
      const s = await t.login(p.username, p.password);
      expect((await s.post('/api/auth/change-password', { currentPassword: p.password, newPassword: GOOD_PASSWORD })).statusCode).toBe(204);
      expect((await s.get('/api/auth/me')).json().user.mustChangePassword).toBe(false);
      const weak = await admin.post(`/api/users/${p.id}/reset-password`, { newPassword: 'ngan' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe('weak_password');
      const reset = await admin.post(`/api/users/${p.id}/reset-password`, { newPassword: 'Dat-lai-2026-mot' });
      expect(reset.statusCode).toBe(204);
      expect((await s.get('/api/auth/me')).statusCode).toBe(401);
      expect((await login(t, p.username, GOOD_PASSWORD)).statusCode).toBe(401);
      const again = await login(t, p.username, 'Dat-lai-2026-mot');
      expect(again.statusCode).toBe(200);
      expect(again.json().user.mustChangePassword).toBe(true);
    });

    it('tamky.btt acts for phường Tam Kỳ and cannot switch to the ended grant on Tam Kỳ city', async () => {
      const t = ctx();
      const s = await t.login('tamky.btt');
      const me = (await s.get('/api/auth/me')).json();
      const phuong = await t.unit('PHUONG_TAMKY');
      const city = await t.unit('TAMKY');
      expect(me.actingUnitId).toBe(phuong);
      expect(me.grants.map((g: { unitId: string; current: boolean }) => [g.unitId, g.current]).sort()).toEqual([
        [city, false],
        [phuong, true],
      ].sort());
      const res = await s.post('/api/auth/acting-unit', { unitId: city });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('not_your_unit');
      expect((await s.get('/api/auth/me')).json().actingUnitId).toBe(phuong);
    });

    it('switching the acting unit switches the permissions to the roles held there', async () => {
      const t = ctx();
      const p = await newPerson(t, admin); // viewer on phường Quảng Phú
      const g = await admin.post('/api/grants', { userId: p.id, unitId: await t.unit('PHUONG_TAMKY'), role: 'leader' });
      expect(g.statusCode).toBe(201);
      const s = await t.login(p.username, p.password, { changePasswordTo: 'Mat-khau-moi-2026!' });
      const qp = await t.unit('QUANG_PHU');
      const first = await s.post('/api/auth/acting-unit', { unitId: qp });
      expect(first.statusCode).toBe(200);
      expect(first.json().permissions.sort()).toEqual(['plan.view', 'unit.view']);
      const second = await s.post('/api/auth/acting-unit', { unitId: await t.unit('PHUONG_TAMKY') });
      expect(second.statusCode).toBe(200);
      expect(second.json().actingUnit.name).toBe('Ủy ban MTTQ Việt Nam phường Tam Kỳ');
      expect(second.json().permissions).toContain('report.approve');
      // The choice is kept in the session.
      expect((await s.get('/api/auth/me')).json().actingUnitId).toBe(await t.unit('PHUONG_TAMKY'));
    });
  },
  { config: { login: { maxFailures: 5, lockMinutes: 15, ratePerMinute: 10_000 } } },
);

describeEachDb(
  'sign-in rate limit per IP',
  (ctx) => {
    it('the fourth sign-in attempt from one IP within a minute answers 429 in Vietnamese; another IP is unaffected', async () => {
      const t = ctx();
      for (let i = 0; i < 3; i++) expect((await login(t, 'danang.btt', i === 2 ? 'lantoa-demo' : 'sai-mat-khau', '203.0.113.7')).statusCode).not.toBe(429);
      const limited = await login(t, 'danang.btt', 'lantoa-demo', '203.0.113.7');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      expect(limited.json().error.message).toMatch(VIETNAMESE);
      expect(limited.cookies).toHaveLength(0);
      expect((await login(t, 'danang.btt', 'lantoa-demo', '203.0.113.8')).statusCode).toBe(200);
    });
  },
  { config: { login: { maxFailures: 100, lockMinutes: 15, ratePerMinute: 3 } } },
);

describeEachDb(
  'first-run setup on an empty database',
  (ctx) => {
    it('reports that an administrator is needed, refuses a weak password, creates the admin once, then answers 409', async () => {
      const t = ctx();
      const status = await t.app.inject({ method: 'GET', url: '/api/setup/status' });
      expect(status.statusCode).toBe(200);
      expect(status.json()).toEqual({ needsAdmin: true });

      const weak = await t.app.inject({ method: 'POST', url: '/api/setup/admin', payload: { username: 'quantri', fullName: 'Quản trị', password: 'quantri-2026' } });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe('weak_password');
      expect((await t.app.inject({ method: 'GET', url: '/api/setup/status' })).json().needsAdmin).toBe(true);

      const res = await t.app.inject({ method: 'POST', url: '/api/setup/admin', payload: { username: 'QuanTri', fullName: 'Quản trị hệ thống', email: 'QT@mattran.vn', password: 'Khoi-tao-he-thong-2026' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.cookies.find((c) => c.name === 'lantoa_sid')?.httpOnly).toBe(true);
      const me = res.json();
      expect(me.user.username).toBe('quantri');
      expect(me.actingUnit.name).toBe('Ủy ban Trung ương MTTQ Việt Nam');
      expect(me.permissions).toContain('user.manage');
      expect((await t.app.inject({ method: 'GET', url: '/api/setup/status' })).json()).toEqual({ needsAdmin: false });

      const s = await t.login('qt@mattran.vn', 'Khoi-tao-he-thong-2026');
      expect((await s.get('/api/units')).json().total).toBe(1);

      const second = await t.app.inject({ method: 'POST', url: '/api/setup/admin', payload: { username: 'keghe', fullName: 'Kẻ ghé qua', password: 'Chiem-quyen-2026-x' } });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('already_set_up');
      expect(await t.db.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'quantri' }]);
    });
  },
  { seed: false },
);

describeEachDb('a password set by an administrator', (ctx) => {
  it('must be changed before the account can do anything else through the API', async () => {
    const t = ctx();
    const admin = await t.login('admin');
    const p = await newPerson(t, admin);
    const s = await t.login(p.username, p.password);
    expect(s.me.user.mustChangePassword).toBe(true);
    const blocked = await s.get('/api/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    expect(blocked.json().error.message).toMatch(/đổi mật khẩu/);
    expect((await s.get('/api/auth/me')).statusCode).toBe(200);
    const changed = await s.post('/api/auth/change-password', { currentPassword: p.password, newPassword: 'Mot-mat-khau-moi-2026' });
    expect(changed.statusCode).toBe(204);
    expect((await s.get('/api/units')).statusCode).toBe(200);
  });

  it('signing in again while a session cookie is present needs no CSRF token', async () => {
    const t = ctx();
    const s = await t.login('danang.btt');
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: s.cookie }, payload: { username: 'danang.btt', password: 'lantoa-demo' } });
    expect(again.statusCode).toBe(200);
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: { cookie: s.cookie } });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('csrf_invalid');
  });
});
