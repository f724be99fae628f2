/**
 * The access rules end to end: every role × every action from src/shared/permissions.ts, granted to
 * a fresh person through the admin API, checked through /api/auth/me and through the HTTP routes that
 * exist today; then the scope rules (roll-up, history, read-only, subtree administrators).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action, ROLE_ACTIONS, ROLES, type Role, roleAllows } from '../../../shared/permissions.js';
import { describeEachDb, type Session, type TestApp } from '../../test/harness.js';

const FIRST_PASSWORD = 'Khoi-dau-2026!x';
const NEW_PASSWORD = 'Doi-mat-khau-2026!';
// Many sign-ins from one test IP: the per-IP limit has its own test in accounts/auth.test.ts.
const config = { login: { maxFailures: 5, lockMinutes: 15, ratePerMinute: 10_000 } };

let seq = 0;

/** Creates a person through the admin API, grants the roles, signs in and changes the first password. */
async function personWith(t: TestApp, admin: Session, grants: Array<{ unit: string; role: Role; validFrom?: string; validTo?: string }>) {
  const username = `thu.${grants[0].role}.${++seq}`;
  const created = await admin.post('/api/users', { username, fullName: `Người thử ${seq}`, password: FIRST_PASSWORD });
  expect(created.statusCode, created.body).toBe(201);
  for (const g of grants) {
    const res = await admin.post('/api/grants', { userId: created.json().id, unitId: await t.unit(g.unit), role: g.role, validFrom: g.validFrom, validTo: g.validTo });
    expect(res.statusCode, res.body).toBe(201);
  }
  const s = await t.login(username, FIRST_PASSWORD);
  expect((s.me.user as { mustChangePassword?: boolean }).mustChangePassword).toBe(true);
  const changed = await s.post('/api/auth/change-password', { currentPassword: FIRST_PASSWORD, newPassword: NEW_PASSWORD });
  expect(changed.statusCode, changed.body).toBe(204);
  const me = (await s.get('/api/auth/me')).json();
  expect(me.user.mustChangePassword).toBe(false);
  return { s, username, id: created.json().id as string };
}

async function unitRow(t: TestApp, code: string) {
  return t.db.db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

describeEachDb(
  'access rules: every role × action on phường Tam Kỳ',
  (ctx) => {
    let admin: Session;
    beforeAll(async () => {
      admin = await ctx().login('admin');
    });

    for (const role of ROLES) {
      describe(`role ${role}`, () => {
        let s: Session;
        let me: { permissions: string[]; actingUnitId: string | null };
        beforeAll(async () => {
          const t = ctx();
          s = (await personWith(t, admin, [{ unit: 'PHUONG_TAMKY', role }])).s;
          me = (await s.get('/api/auth/me')).json();
        });

        it(`a new ${role} acts for phường Tam Kỳ with exactly the ${role} actions`, async () => {
          expect(me.actingUnitId).toBe(await ctx().unit('PHUONG_TAMKY'));
          expect([...me.permissions].sort()).toEqual([...ROLE_ACTIONS[role]].sort());
        });

        const checks: Partial<Record<Action, () => Promise<void>>> = {
          'unit.view': async () => {
            const t = ctx();
            const res = await s.get(`/api/units/${await t.unit('PHUONG_TAMKY')}`);
            expect(res.statusCode).toBe(200);
            expect(res.json().readOnly).toBe(false);
            const list = (await s.get('/api/units')).json().items as Array<{ id: string }>;
            expect(list.some((u) => u.id === res.json().id)).toBe(true);
          },
          'unit.manage': async () => {
            const t = ctx();
            const before = await unitRow(t, 'PHUONG_TAMKY_TTT');
            const note = `Ghi chú do ${role} sửa`;
            const res = await s.patch(`/api/units/${before.id}`, { version: before.version, note });
            const code = `TMP_${role.toUpperCase()}_${seq}`;
            const created = await s.post('/api/units', { code, name: `Chi hội thử ${role}`, shortName: `CH ${role}`, kind: 'residential_committee', parentId: await t.unit('PHUONG_TAMKY') });
            const after = await unitRow(t, 'PHUONG_TAMKY_TTT');
            const exists = await t.db.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst();
            if (roleAllows(role, 'unit.manage')) {
              expect(res.statusCode, res.body).toBe(200);
              expect(after.note).toBe(note);
              expect(created.statusCode, created.body).toBe(201);
              expect(exists).toBeTruthy();
            } else {
              expect(res.statusCode).toBe(403);
              expect(res.json().error.code).toBe('forbidden');
              expect(after.note).toBe(before.note);
              expect(after.version).toBe(before.version);
              expect(created.statusCode).toBe(403);
              expect(exists).toBeUndefined();
            }
          },
          'user.manage': async () => {
            const res = await s.get('/api/users');
            expect(res.statusCode).toBe(roleAllows(role, 'user.manage') ? 200 : 403);
          },
          'audit.view': async () => {
            const res = await s.get('/api/audit');
            expect(res.statusCode).toBe(roleAllows(role, 'audit.view') ? 200 : 403);
          },
        };

        for (const action of ACTIONS) {
          const allowed = roleAllows(role, action);
          it(`${role} ${allowed ? 'may' : 'may not'} ${action}${checks[action] ? ' (checked over HTTP)' : ''}`, async () => {
            expect(me.permissions.includes(action)).toBe(allowed);
            await checks[action]?.();
          });
        }

        it(`${role} on phường Tam Kỳ sees its predecessor An Mỹ but gets 404 for phường Quảng Phú`, async () => {
          const t = ctx();
          expect((await s.get(`/api/units/${await t.unit('AN_MY')}`)).statusCode).toBe(200);
          const quangPhu = await t.unit('QUANG_PHU');
          const other = await s.get(`/api/units/${quangPhu}`);
          expect(other.statusCode).toBe(404);
          expect(other.json().error.code).toBe('unit_not_found');
          const list = (await s.get('/api/units?includeClosed=true')).json().items as Array<{ id: string }>;
          expect(list.some((u) => u.id === quangPhu)).toBe(false);
          expect(list.some((u) => u.id === me.actingUnitId)).toBe(true);
        });
      });
    }
  },
  { config },
);

describeEachDb(
  'access scope: roll-up, history and subtrees',
  (ctx) => {
    let admin: Session;
    beforeAll(async () => {
      admin = await ctx().login('admin');
    });

    it('quangphu.btt sees An Phú (history) and Tam Phú but gets 404 on phường Tam Kỳ and An Mỹ', async () => {
      const t = ctx();
      const s = await t.login('quangphu.btt');
      for (const code of ['QUANG_PHU', 'AN_PHU', 'TAM_PHU', 'AN_PHU_KDC1']) {
        expect((await s.get(`/api/units/${await t.unit(code)}`)).statusCode, code).toBe(200);
      }
      for (const code of ['PHUONG_TAMKY', 'AN_MY', 'TAMKY', 'DANANG']) {
        expect((await s.get(`/api/units/${await t.unit(code)}`)).statusCode, code).toBe(404);
      }
    });

    it('tamky.btt sees all 12 old wards of Tam Kỳ through the past grant, read-only outside phường Tam Kỳ', async () => {
      const t = ctx();
      const s = await t.login('tamky.btt');
      const tamky = await t.unit('TAMKY');
      const items = (await s.get('/api/units?asOf=2025-03-07')).json().items as Array<{ id: string; parentId: string; kind: string; readOnly: boolean }>;
      const wards = items.filter((u) => u.parentId === tamky && u.kind === 'front_committee');
      expect(wards).toHaveLength(12);
      const anPhu = await s.get(`/api/units/${await t.unit('AN_PHU')}`);
      expect(anPhu.statusCode).toBe(200);
      expect(anPhu.json().readOnly).toBe(true);
      const anMy = await s.get(`/api/units/${await t.unit('AN_MY')}`);
      expect(anMy.json().readOnly).toBe(false);
      // An officer may not manage units at all.
      const res = await s.patch(`/api/units/${anPhu.json().id}`, { version: anPhu.json().version, note: 'không được sửa' });
      expect(res.statusCode).toBe(403);
    });

    it('an admin of phường Tam Kỳ with a past admin grant on Tam Kỳ city can read An Phú but not change it', async () => {
      const t = ctx();
      const { s } = await personWith(t, admin, [
        { unit: 'PHUONG_TAMKY', role: 'admin', validFrom: '2025-07-01' },
        { unit: 'TAMKY', role: 'admin', validFrom: '2024-10-01', validTo: '2025-06-30' },
      ]);
      const anPhu = await unitRow(t, 'AN_PHU');
      const seen = await s.get(`/api/units/${anPhu.id}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json().readOnly).toBe(true);
      const denied = await s.patch(`/api/units/${anPhu.id}`, { version: anPhu.version, note: 'không được sửa' });
      expect(denied.statusCode).toBe(403);
      expect((await unitRow(t, 'AN_PHU')).note).toBe(anPhu.note);
      // An Mỹ is a predecessor of phường Tam Kỳ: it rolls up into the acting unit and is writable.
      const anMy = await unitRow(t, 'AN_MY');
      const ok = await s.patch(`/api/units/${anMy.id}`, { version: anMy.version, note: 'Bổ sung hồ sơ lưu trữ' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().readOnly).toBe(false);
      expect((await s.get(`/api/units/${await t.unit('QUANG_PHU')}`)).statusCode).toBe(404);
    });

    it('a subtree admin on Đà Nẵng manages units under Đà Nẵng but gets 404 for a unit outside it', async () => {
      const t = ctx();
      const { s } = await personWith(t, admin, [{ unit: 'DANANG', role: 'admin' }]);
      const outside = await admin.post('/api/units', { code: 'HUE_SCOPE', name: 'Ủy ban MTTQ Việt Nam thành phố Huế', shortName: 'MTTQ TP Huế', kind: 'front_committee', level: 'province', parentId: await t.unit('TW') });
      expect(outside.statusCode, outside.body).toBe(201);
      const id = outside.json().id;
      expect((await s.get(`/api/units/${id}`)).statusCode).toBe(404);
      const patch = await s.patch(`/api/units/${id}`, { version: 1, note: 'không thấy' });
      expect(patch.statusCode).toBe(404);
      expect((await s.post('/api/units', { code: 'HUE_CHILD', name: 'Con của Huế', shortName: 'Con', kind: 'partner', parentId: id })).statusCode).toBe(404);
      const list = (await s.get('/api/units')).json().items as Array<{ id: string }>;
      expect(list.some((u) => u.id === id)).toBe(false);
      const radio = await unitRow(t, 'QUANG_PHU_TTT');
      expect((await s.post(`/api/units/${radio.id}/move`, { parentId: id, effectiveDate: '2026-12-01' })).statusCode).toBe(404);
      expect(await t.db.db.selectFrom('unit_parents').select('id').where('unit_id', '=', radio.id).execute()).toHaveLength(1);
      // Inside: create under Đà Nẵng, edit a ward.
      const inside = await s.post('/api/units', { code: 'DANANG_SCOPE', name: 'Hội Sinh viên thành phố Đà Nẵng', shortName: 'HSV Đà Nẵng', kind: 'member_organisation', level: 'province', parentId: await t.unit('DANANG') });
      expect(inside.statusCode, inside.body).toBe(201);
      const qp = await unitRow(t, 'QUANG_PHU');
      const edit = await s.patch(`/api/units/${qp.id}`, { version: qp.version, phone: '0235 3851 234' });
      expect(edit.statusCode, edit.body).toBe(200);
      expect(edit.json().phone).toBe('0235 3851 234');
      // Only a system administrator may create a unit without a parent.
      const root = await s.post('/api/units', { code: 'NO_PARENT', name: 'Không có cấp trên', shortName: 'KCT', kind: 'partner' });
      expect(root.statusCode).toBe(400);
      expect(root.json().error.code).toBe('parent_required');
    });
  },
  { config },
);

describeEachDb('records seen through a past grant', (ctx) => {
  it('tamky.btt sees An Phú’s records up to 30/6/2025 (the end of the city grant), not after', async () => {
    const t = ctx();
    const tk = await t.login('tamky.btt');
    const me = (await tk.get('/api/auth/me')).json();
    expect(me.grants.some((g: { validTo: string | null; current: boolean }) => g.validTo === '2025-06-30' && !g.current)).toBe(true);
    const scope = await t.app.services.auth.scopeFor({ userId: me.user.id, username: 'tamky.btt', fullName: '', sessionId: '', actingUnitId: me.actingUnitId, grants: await t.db.db.selectFrom('role_grants').selectAll().where('user_id', '=', me.user.id).execute() });
    const anPhuKdc = await t.unit('AN_PHU_KDC1');
    expect(scope.canSee(anPhuKdc)).toBe(true);
    expect(scope.canSeeRecord(anPhuKdc, '2025-05-10')).toBe(true);
    expect(scope.canSeeRecord(anPhuKdc, '2025-07-01')).toBe(false);
    // Their current ward: every date.
    expect(scope.canSeeRecord(await t.unit('AN_MY_KDC1'), '2026-11-01')).toBe(true);
  });
});

describeEachDb('activity reports seen through a past grant', (ctx) => {
  it('tamky.btt sees An Phú’s activity reports dated up to 30/6/2025, not those of the same unit afterwards', async () => {
    const t = ctx();
    const { seedActivityCatalogue } = await import('../activities/activities.testkit.js');
    const C = await seedActivityCatalogue(t.db.db, t.clock, await t.unit('DANANG'));
    const admin = await t.login('admin');
    const unitId = await t.unit('AN_PHU_KDC1');
    const make = async (dateFrom: string, title: string) => {
      const r = await admin.post('/api/activities', { unitId, campaignId: C.campaignId, formCode: 'HOI_NGHI', title, dateFrom, submit: true });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const before = await make('2025-05-10', 'Hội nghị tháng 5/2025');
    const after = await make('2025-07-02', 'Hội nghị tháng 7/2025');
    const tk = await t.login('tamky.btt');
    expect((await tk.get(`/api/activities/${before}`)).statusCode).toBe(200);
    expect((await tk.get(`/api/activities/${after}`)).statusCode).toBe(404);
    const list = await tk.get(`/api/activities?unitId=${unitId}&pageSize=50`);
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((a: { id: string }) => a.id);
    expect(ids).toContain(before);
    expect(ids).not.toContain(after);
  });
});

describeEachDb('tasks seen through a past grant', (ctx) => {
  it('tamky.btt sees An Phú’s tasks started up to 30/6/2025, not those assigned afterwards', async () => {
    const t = ctx();
    const admin = await t.login('admin');
    const unitId = await t.unit('AN_PHU_KDC1');
    const make = async (startDate: string, title: string) => {
      const r = await admin.post('/api/tasks', { unitId, title, recurrence: 'once', startDate, dueDate: startDate });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const before = await make('2025-05-10', 'Treo băng rôn tháng 5/2025');
    const after = await make('2025-08-01', 'Treo băng rôn tháng 8/2025');
    const tk = await t.login('tamky.btt');
    expect((await tk.get(`/api/tasks/${before}`)).statusCode).toBe(200);
    expect((await tk.get(`/api/tasks/${after}`)).statusCode).toBe(404);
    const list = await tk.get(`/api/tasks?unitId=${unitId}&pageSize=50`);
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((x: { id: string }) => x.id);
    expect(ids).toContain(before);
    expect(ids).not.toContain(after);
  });
});
