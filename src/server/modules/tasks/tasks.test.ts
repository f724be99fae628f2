/**
 * Tasks over HTTP on both databases: recurrence and occurrences, overdue from the injected clock,
 * next_due_date upkeep, progress notes and evidence, the overview, permissions, bad input,
 * and the `plan.issued` cascade.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { describeEachDb, type Session, TEST_NOW } from '../../test/harness.js';
import { loadCascadeSource } from '../plans/index.js';
import { insertPlan } from './tasks.fixtures.js';

type Task = {
  id: string;
  unitId: string;
  status: string;
  overdue: boolean;
  nextDueDate: string | null;
  progress: number;
  version: number;
  recurrence: string;
  startDate: string;
  endDate: string | null;
  dueDate: string | null;
  doneAt: string | null;
  occurrences: Array<{ id: string; dueDate: string; doneAt: string | null; overdue: boolean; periodStart: string; periodEnd: string }>;
  notes: Array<{ note: string; files: Array<{ id: string; name: string; size: number }> }>;
};

const filesDir = mkdtempSync(join(tmpdir(), 'lantoa-tasks-'));
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('minh chung anh')]);

function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = `----lantoa${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function expect400(res: LightMyRequestResponse, code: string, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  const e = res.json().error;
  expect(e.code).toBe(code);
  expect(e.message).toContain(field);
  expect(e.message).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i);
  return e;
}

describeEachDb(
  'tasks over HTTP',
  (ctx) => {
    let cityOfficer: Session; // danang.btt — officer of Đà Nẵng city
    let cityLeader: Session;
    let wardOfficer: Session; // tamky.btt — officer of phường Tam Kỳ
    let otherWard: Session; // quangphu.btt — officer of phường Quảng Phú
    let reporter: Session; // khoipho.tamky — reporter of a residential committee
    let U: Record<string, string>;
    let planId: string;

    beforeAll(async () => {
      const t = ctx();
      cityOfficer = await t.login('danang.btt');
      cityLeader = await t.login('danang.lanhdao');
      wardOfficer = await t.login('tamky.btt');
      otherWard = await t.login('quangphu.btt');
      reporter = await t.login('khoipho.tamky');
      U = {};
      for (const c of ['DANANG', 'PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA', 'AN_PHU', 'AN_MY', 'AN_MY_KDC1']) U[c] = await t.unit(c);
      planId = await insertPlan(t.db.db, { issuingUnitId: U.DANANG, docDate: '2026-03-01', periodStart: '2026-01-01', periodEnd: '2026-12-31', numberText: '12/KH-MTTQ-BTT' });
    });

    const create = async (s: Session, body: Record<string, unknown>) => {
      const res = await s.post('/api/tasks', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Task;
    };
    const get = async (s: Session, id: string) => {
      const res = await s.get(`/api/tasks/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Task;
    };

    it('materialises occurrences: monthly over a year = 12, quarterly = 4, ongoing = 4, once = 1', async () => {
      const base = { unitId: U.PHUONG_TAMKY, startDate: '2027-01-01', endDate: '2027-12-31' };
      const monthly = await create(cityOfficer, { ...base, title: 'Báo cáo tháng', recurrence: 'monthly' });
      expect(monthly.occurrences).toHaveLength(12);
      expect(monthly.occurrences.map((o) => o.dueDate).slice(0, 3)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31']);
      expect(monthly).toMatchObject({ status: 'not_started', overdue: false, nextDueDate: '2027-01-31', progress: 0, version: 1, dueDate: null });
      const quarterly = await create(cityOfficer, { ...base, title: 'Báo cáo quý', recurrence: 'quarterly' });
      expect(quarterly.occurrences.map((o) => o.dueDate)).toEqual(['2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31']);
      const ongoing = await create(cityOfficer, { ...base, title: 'Đăng tin thường xuyên', recurrence: 'ongoing' });
      expect(ongoing.occurrences).toHaveLength(4);
      const once = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Tổ chức hội nghị quán triệt', recurrence: 'once', dueDate: '2027-05-18' });
      expect(once.occurrences).toEqual([expect.objectContaining({ periodStart: '2026-11-26', periodEnd: '2027-05-18', dueDate: '2027-05-18' })]);
      expect(once).toMatchObject({ startDate: '2026-11-26', endDate: '2027-05-18', dueDate: '2027-05-18', nextDueDate: '2027-05-18' });
      const n = await ctx().db.db.selectFrom('task_occurrences').select((eb) => eb.fn.countAll<number>().as('n')).where('task_id', '=', monthly.id).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(12);
    });

    it('notifies the assigned unit’s officers (task.assigned)', async () => {
      const task = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Viết tin về mô hình hay', recurrence: 'once', dueDate: '2026-12-20' });
      const list = (await wardOfficer.get('/api/notifications?pageSize=200')).json().items as Array<{ kind: string; entityId: string; title: string; link: string }>;
      const n = list.filter((x) => x.kind === 'task.assigned' && x.entityId === task.id);
      expect(n).toHaveLength(1);
      expect(n[0].title).toContain('Viết tin về mô hình hay');
      expect(n[0].link).toBe(`/app/nhiem-vu/${task.id}`);
    });

    it('computes overdue from the clock: one day past due flips it', async () => {
      const t = ctx();
      const task = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Nộp báo cáo nhanh', recurrence: 'once', dueDate: '2026-11-30' });
      try {
        t.clock.set('2026-11-30T16:00:00Z'); // 23:00 on 30/11 in Việt Nam: still on time
        expect((await get(wardOfficer, task.id)).overdue).toBe(false);
        t.clock.set('2026-11-30T17:30:00Z'); // 00:30 on 1/12
        const late = await get(wardOfficer, task.id);
        expect(late.overdue).toBe(true);
        expect(late.occurrences[0].overdue).toBe(true);
        expect(late.status).toBe('not_started'); // overdue is never stored as a status
        const overdueList = (await wardOfficer.get('/api/tasks?overdue=true&pageSize=200')).json();
        expect(overdueList.items.map((x: Task) => x.id)).toContain(task.id);
        expect(overdueList.items.every((x: Task) => x.overdue)).toBe(true);
        const notOverdue = (await wardOfficer.get('/api/tasks?overdue=false&pageSize=200')).json();
        expect(notOverdue.items.map((x: Task) => x.id)).not.toContain(task.id);
      } finally {
        t.clock.set(TEST_NOW);
      }
      expect((await get(wardOfficer, task.id)).overdue).toBe(false);
    });

    it('keeps next_due_date, status and progress up to date as periods are done', async () => {
      const t = ctx();
      const task = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Báo cáo tháng về tuyên truyền NQ 57', recurrence: 'monthly', startDate: '2026-11-01', endDate: '2027-03-31' });
      expect(task.occurrences).toHaveLength(5);
      expect(task.nextDueDate).toBe('2026-11-30');
      let res = await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: 'Đã gửi báo cáo tháng 11', markDone: true });
      expect(res.statusCode, res.body).toBe(201);
      let cur = res.json() as Task;
      expect(cur).toMatchObject({ status: 'in_progress', nextDueDate: '2026-12-31', progress: 20, version: 2 });
      expect(cur.occurrences[0].doneAt).not.toBeNull();
      expect(cur.notes[0].note).toBe('Đã gửi báo cáo tháng 11');
      // A later period done out of order does not move the next due date.
      res = await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: 'Báo cáo tháng 3 gửi sớm', markDone: true, occurrenceId: cur.occurrences[4].id });
      cur = res.json();
      expect(cur.nextDueDate).toBe('2026-12-31');
      // A plain note moves nothing but is kept.
      res = await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: 'Đang chuẩn bị tháng 12', progress: 45 });
      cur = res.json();
      expect(cur).toMatchObject({ progress: 45, nextDueDate: '2026-12-31', status: 'in_progress' });
      for (let i = 0; i < 2; i++) await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: `Kỳ ${i}`, markDone: true });
      expect((await get(wardOfficer, task.id)).nextDueDate).toBe('2027-02-28');
      cur = (await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: 'Xong kỳ cuối', markDone: true })).json();
      expect(cur).toMatchObject({ status: 'done', nextDueDate: null, progress: 100, overdue: false });
      expect(cur.doneAt).not.toBeNull();
      const row = await t.db.db.selectFrom('tasks').select(['status', 'next_due_date']).where('id', '=', task.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'done', next_due_date: null });
    });

    it('marks a one-off task done explicitly and tells the assigner', async () => {
      const task = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Tổ chức sân khấu hóa', recurrence: 'once', dueDate: '2026-12-15' });
      const res = await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: 'Đã tổ chức đêm sân khấu hóa', markDone: true });
      expect(res.json()).toMatchObject({ status: 'done', progress: 100, nextDueDate: null });
      const mine = (await cityOfficer.get('/api/notifications?pageSize=200')).json().items as Array<{ kind: string; entityId: string }>;
      expect(mine.filter((n) => n.kind === 'task.done' && n.entityId === task.id)).toHaveLength(1);
    });

    it('edits with an optimistic version: 409 in Vietnamese when stale; schedule edits re-derive occurrences', async () => {
      const task = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Tập huấn chuyển đổi số', recurrence: 'once', dueDate: '2026-12-31' });
      let res = await cityOfficer.patch(`/api/tasks/${task.id}`, { version: 1, title: 'Tập huấn kỹ năng số cho cán bộ' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ title: 'Tập huấn kỹ năng số cho cán bộ', version: 2 });
      res = await cityOfficer.patch(`/api/tasks/${task.id}`, { version: 1, title: 'Bản cũ' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('version_conflict');
      expect(res.json().error.message).toContain('người khác cập nhật');
      res = await cityOfficer.patch(`/api/tasks/${task.id}`, { version: 2, recurrence: 'monthly', startDate: '2026-12-01', endDate: '2027-02-28' });
      expect(res.statusCode, res.body).toBe(200);
      const cur = res.json() as Task;
      expect(cur.occurrences.map((o) => o.dueDate)).toEqual(['2026-12-31', '2027-01-31', '2027-02-28']);
      expect(cur.occurrences[0].id).toBe(task.occurrences[0].id); // same due date: the row is kept
      expect(cur).toMatchObject({ recurrence: 'monthly', dueDate: null, nextDueDate: '2026-12-31' });
      expect((await cityOfficer.get('/api/tasks/nope-nope')).statusCode).toBe(404);
    });

    it('overview: per-unit counts for the issuing unit in one grouped query', async () => {
      const t = ctx();
      const mk = (unitId: string, title: string, extra: Record<string, unknown> = {}) => create(cityOfficer, { unitId, planId, title, recurrence: 'once', dueDate: '2026-12-20', ...extra });
      const a1 = await mk(U.PHUONG_TAMKY, 'Hội nghị quán triệt');
      await mk(U.PHUONG_TAMKY, 'Cổ động trực quan');
      await mk(U.PHUONG_TAMKY, 'Báo cáo sơ kết', { startDate: '2026-10-01', dueDate: '2026-10-31' }); // overdue
      await mk(U.QUANG_PHU, 'Hội nghị quán triệt', { startDate: '2026-09-01', dueDate: '2026-09-30' }); // overdue
      const q2 = await mk(U.QUANG_PHU, 'Cổ động trực quan');
      await wardOfficer.post(`/api/tasks/${a1.id}/notes`, { note: 'Đã tổ chức', markDone: true });
      await otherWard.post(`/api/tasks/${q2.id}/notes`, { note: 'Đang làm', progress: 30 });
      const res = await cityLeader.get(`/api/tasks/overview?planId=${planId}`);
      expect(res.statusCode, res.body).toBe(200);
      const rows = res.json() as Array<{ unitId: string; unitName: string; notStarted: number; inProgress: number; done: number; overdue: number; total: number }>;
      expect(rows.find((r) => r.unitId === U.PHUONG_TAMKY)).toEqual({ unitId: U.PHUONG_TAMKY, unitName: 'Ủy ban MTTQ Việt Nam phường Tam Kỳ', notStarted: 2, inProgress: 0, done: 1, overdue: 1, total: 3 });
      expect(rows.find((r) => r.unitId === U.QUANG_PHU)).toMatchObject({ notStarted: 1, inProgress: 1, done: 0, overdue: 1, total: 2 });
      expect(rows).toHaveLength(2);
      // Filtering the unit's list by plan agrees with the overview.
      const list = (await wardOfficer.get(`/api/tasks?planId=${planId}`)).json();
      expect(list.total).toBe(3);
      expect((await wardOfficer.get(`/api/tasks?planId=${planId}&status=done`)).json().total).toBe(1);
      // A ward cannot see the city's overview; a missing filter is a 400.
      expect((await wardOfficer.get(`/api/tasks/overview?planId=${planId}`)).statusCode).toBe(404);
      expect((await cityLeader.get('/api/tasks/overview')).statusCode).toBe(400);
      // Moving the clock past 20/12 makes every open task of the plan overdue.
      t.clock.set('2026-12-22T03:00:00Z');
      try {
        const later = (await cityLeader.get(`/api/tasks/overview?planId=${planId}`)).json() as typeof rows;
        expect(later.find((r) => r.unitId === U.PHUONG_TAMKY)!.overdue).toBe(2);
        expect(later.find((r) => r.unitId === U.QUANG_PHU)!.overdue).toBe(2);
      } finally {
        t.clock.set(TEST_NOW);
      }
    });

    it('lists a sub-unit’s tasks for the city, with paging', async () => {
      const res = await cityOfficer.get(`/api/tasks?unitId=${U.PHUONG_TAMKY}&page=1&pageSize=2`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items).toHaveLength(2);
      expect(body.total).toBeGreaterThan(5);
      expect(body).toMatchObject({ page: 1, pageSize: 2 });
      expect(body.items.every((x: Task) => x.unitId === U.PHUONG_TAMKY)).toBe(true);
      const search = (await cityOfficer.get(`/api/tasks?unitId=${U.PHUONG_TAMKY}&search=${encodeURIComponent('san khau hoa')}`)).json();
      expect(search.items.map((x: { title: string }) => x.title)).toEqual(['Tổ chức sân khấu hóa']);
    });

    it('keeps wards apart: 404 outside scope, 403 for forbidden actions', async () => {
      const theirs = await create(cityOfficer, { unitId: U.QUANG_PHU, title: 'Nhiệm vụ của Quảng Phú', recurrence: 'once', dueDate: '2026-12-31' });
      const ours = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Nhiệm vụ của Tam Kỳ', recurrence: 'once', dueDate: '2026-12-31' });
      expect((await wardOfficer.get(`/api/tasks/${theirs.id}`)).statusCode).toBe(404);
      expect((await wardOfficer.post(`/api/tasks/${theirs.id}/notes`, { note: 'x' })).statusCode).toBe(404);
      expect((await wardOfficer.patch(`/api/tasks/${theirs.id}`, { version: 1, title: 'x' })).statusCode).toBe(404);
      expect((await wardOfficer.get(`/api/tasks?unitId=${U.QUANG_PHU}`)).statusCode).toBe(404);
      expect((await otherWard.get(`/api/tasks/${ours.id}`)).statusCode).toBe(404);
      // Creating for units outside the scope.
      const body = { title: 'Không được giao', recurrence: 'once', dueDate: '2026-12-31' };
      expect((await wardOfficer.post('/api/tasks', { ...body, unitId: U.QUANG_PHU })).statusCode).toBe(404);
      expect((await wardOfficer.post('/api/tasks', { ...body, unitId: U.DANANG })).statusCode).toBe(404);
      expect((await wardOfficer.post('/api/tasks', { ...body, unitId: U.AN_PHU })).statusCode).toBe(403); // seen only through history
      expect((await reporter.post('/api/tasks', { ...body, unitId: U.AN_MY_KDC1 })).statusCode).toBe(403); // no task.manage
      expect400(await wardOfficer.post('/api/tasks', { ...body, unitId: U.AN_MY }), 'unit_inactive', 'unitId'); // closed on 30/6/2025
      // The assignee unit may report progress but not edit what the city assigned.
      expect((await wardOfficer.patch(`/api/tasks/${ours.id}`, { version: 1, title: 'Sửa trộm' })).statusCode).toBe(403);
      expect((await wardOfficer.post(`/api/tasks/${ours.id}/notes`, { note: 'Đã nhận nhiệm vụ' })).statusCode).toBe(201);
      // A ward assigns to itself and to its residential committees.
      const own = await create(wardOfficer, { unitId: U.AN_MY_KDC1, title: 'Treo băng rôn khu dân cư', recurrence: 'once', dueDate: '2026-12-10' });
      expect(own.unitId).toBe(U.AN_MY_KDC1);
      expect((await reporter.get(`/api/tasks/${own.id}`)).statusCode).toBe(200);
      expect((await reporter.post(`/api/tasks/${own.id}/notes`, { note: 'Đã treo 5 băng rôn', markDone: true })).statusCode).toBe(201);
      expect((await reporter.patch(`/api/tasks/${own.id}`, { version: 2, title: 'x' })).statusCode).toBe(403);
      // An assignee must hold a role on the unit.
      const ward = wardOfficer.me.user.id;
      const withPerson = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, assigneeUserId: ward, title: 'Giao đích danh', recurrence: 'once', dueDate: '2026-12-31' });
      expect(withPerson).toMatchObject({ assigneeUserId: ward, assigneeName: 'Nguyễn Thị Mai' });
      expect400(await cityOfficer.post('/api/tasks', { ...body, unitId: U.QUANG_PHU, assigneeUserId: ward }), 'assignee_invalid', 'assigneeUserId');
    });

    it('lists the people a unit’s task can be assigned to (current grants; names only), for task.manage', async () => {
      const t = ctx();
      // A grant that ended and one that has not started do not count.
      const phunu = await t.db.db.selectFrom('users').select('id').where('username', '=', 'phunu.tamky').executeTakeFirstOrThrow();
      const grant = (id: string, valid_from: string, valid_to: string | null) => ({
        id,
        user_id: phunu.id,
        unit_id: U.PHUONG_TAMKY,
        role: 'officer',
        valid_from,
        valid_to,
        note: null,
        created_by: null,
        created_at: TEST_NOW,
      });
      await t.db.db.insertInto('role_grants').values([grant('assignee-test-past', '2000-01-01', '2000-12-31'), grant('assignee-test-future', '2099-01-01', null)]).execute();
      try {
        const res = await cityOfficer.get(`/api/tasks/assignees?unitId=${U.PHUONG_TAMKY}`);
        expect(res.statusCode, res.body).toBe(200);
        const people = res.json() as Array<Record<string, unknown>>;
        expect(people.map((p) => [p.fullName, p.roles])).toEqual([
          ['Nguyễn Ba', ['leader']],
          ['Nguyễn Thị Mai', ['officer']],
          ['Võ Thị Lan', ['editor']],
        ]);
        expect(people[1]).toEqual({ userId: wardOfficer.me.user.id, fullName: 'Nguyễn Thị Mai', position: 'Cán bộ Ban Thường trực', roles: ['officer'] });
        for (const p of people) expect(Object.keys(p).sort()).toEqual(['fullName', 'position', 'roles', 'userId']);
        // Default: the acting unit. The ward's own officer sees the same list.
        expect((await wardOfficer.get('/api/tasks/assignees')).json()).toEqual(people);
        // Anyone listed can be assigned.
        const editor = people[2].userId as string;
        const task = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, assigneeUserId: editor, title: 'Đưa tin lên trang thông tin', recurrence: 'once', dueDate: '2026-12-31' });
        expect(task).toMatchObject({ assigneeUserId: editor, assigneeName: 'Võ Thị Lan' });
        // Outside the scope: 404; visible only through history, or without task.manage: 403.
        expect((await otherWard.get(`/api/tasks/assignees?unitId=${U.PHUONG_TAMKY}`)).statusCode).toBe(404);
        expect((await wardOfficer.get(`/api/tasks/assignees?unitId=${U.QUANG_PHU}`)).statusCode).toBe(404);
        expect((await wardOfficer.get(`/api/tasks/assignees?unitId=${U.AN_PHU}`)).statusCode).toBe(403);
        expect((await reporter.get(`/api/tasks/assignees?unitId=${U.AN_MY_KDC1}`)).statusCode).toBe(403);
        // A unit with nobody on it.
        expect((await cityOfficer.get(`/api/tasks/assignees?unitId=${U.HUONG_TRA}`)).json()).toEqual([]);
      } finally {
        await t.db.db.deleteFrom('role_grants').where('id', 'in', ['assignee-test-past', 'assignee-test-future']).execute();
      }
    });

    it('refuses bad input with 400 in Vietnamese naming the field, never 500', async () => {
      const base = { unitId: U.PHUONG_TAMKY, title: 'Thử', recurrence: 'monthly' };
      expect400(await cityOfficer.post('/api/tasks', { ...base, startDate: '2026-12-01', endDate: '2026-11-01' }), 'invalid_period', 'endDate');
      expect400(await cityOfficer.post('/api/tasks', { ...base, recurrence: 'once', planId, startDate: '2026-01-01', dueDate: '2026-02-15' }), 'due_before_plan_date', 'dueDate');
      expect400(await cityOfficer.post('/api/tasks', { ...base, recurrence: 'once', startDate: '2026-12-10', dueDate: '2026-12-01' }), 'due_before_start', 'dueDate');
      expect400(await cityOfficer.post('/api/tasks', { ...base, recurrence: 'once' }), 'due_required', 'dueDate');
      expect400(await cityOfficer.post('/api/tasks', { ...base, recurrence: 'monthly', planId, startDate: '2026-01-01' }), 'start_before_plan_date', 'startDate');
      const e = expect400(await cityOfficer.post('/api/tasks', { ...base, recurrence: 'weekly' }), 'validation_failed', 'recurrence');
      expect(e.message).toContain('once, monthly, quarterly, ongoing');
      expect400(await cityOfficer.post('/api/tasks', { ...base, startDate: '2026-02-30' }), 'validation_failed', 'startDate');
      expect400(await cityOfficer.post('/api/tasks', { ...base, title: '' }), 'validation_failed', 'title');
      expect400(await cityOfficer.post('/api/tasks', { ...base, startDate: '2026-01-01', endDate: '2040-01-01' }), 'period_too_long', 'endDate');
      expect400(await cityOfficer.post('/api/tasks', { ...base, planId: 'khong-co' }), 'plan_not_found', 'planId');
      expect400(await cityOfficer.post('/api/tasks', { ...base, topicIds: ['khong-co'] }), 'reference_not_found', 'topicIds');
      expect400(await cityOfficer.post('/api/tasks', { ...base, colour: 'đỏ' }), 'validation_failed', 'colour');
      const task = await create(cityOfficer, { ...base, recurrence: 'once', dueDate: '2026-12-31' });
      expect400(await cityOfficer.patch(`/api/tasks/${task.id}`, { version: 1, endDate: '2026-01-01' }), 'invalid_period', 'endDate');
      expect400(await cityOfficer.patch(`/api/tasks/${task.id}`, { title: 'thiếu phiên bản' }), 'validation_failed', 'version');
      expect400(await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: 'x', occurrenceId: 'khong-co' }), 'occurrence_not_found', 'occurrenceId');
      expect400(await wardOfficer.post(`/api/tasks/${task.id}/notes`, { note: 'x', progress: 120 }), 'validation_failed', 'progress');
      expect400(await cityOfficer.get('/api/tasks?status=late'), 'validation_failed', 'status');
      expect((await cityOfficer.request('POST', '/api/tasks', '{"unitId":', { 'content-type': 'application/json' })).statusCode).toBe(400);
    });

    it('stores evidence files with a note, serves them back, refuses other types', async () => {
      const task = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Minh chứng hội nghị', recurrence: 'once', dueDate: '2026-12-31' });
      const m = multipart({ note: 'Ảnh hội nghị', markDone: 'true' }, { name: 'hoi-nghi-tam-ky.png', type: 'image/png', content: PNG });
      let res = await wardOfficer.request('POST', `/api/tasks/${task.id}/evidence`, m.body, m.headers);
      expect(res.statusCode, res.body).toBe(201);
      const cur = res.json() as Task;
      expect(cur.status).toBe('done');
      expect(cur.notes[0]).toMatchObject({ note: 'Ảnh hội nghị', files: [{ name: 'hoi-nghi-tam-ky.png', size: PNG.length }] });
      const fileId = cur.notes[0].files[0].id;
      res = await cityOfficer.get(`/api/tasks/${task.id}/evidence/${fileId}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(res.rawPayload, PNG)).toBe(0);
      expect((await otherWard.get(`/api/tasks/${task.id}/evidence/${fileId}`)).statusCode).toBe(404);
      const other = await create(cityOfficer, { unitId: U.PHUONG_TAMKY, title: 'Khác', recurrence: 'once', dueDate: '2026-12-31' });
      expect((await cityOfficer.get(`/api/tasks/${other.id}/evidence/${fileId}`)).statusCode).toBe(404);
      const exe = multipart({}, { name: 'virus.exe', type: 'application/octet-stream', content: Buffer.from('MZ....') });
      res = await wardOfficer.request('POST', `/api/tasks/${task.id}/evidence`, exe.body, exe.headers);
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('file_type_not_allowed');
      const none = multipart({ note: 'không có tệp' });
      expect400(await wardOfficer.request('POST', `/api/tasks/${task.id}/evidence`, none.body, none.headers), 'file_required', 'file');
      expect((await wardOfficer.post(`/api/tasks/${task.id}/evidence`, { note: 'json' })).statusCode).toBe(415);
    });

    it('issuing a plan (plans API → plan.issued) creates one task per duty per target unit and notifies each unit once', async () => {
      const t = ctx();
      const longDuty =
        'Phối hợp với Ban Tuyên giáo và Dân vận tổ chức tuyên truyền sâu rộng Nghị quyết 57-NQ/TW trong cán bộ, đảng viên và Nhân dân; đưa nội dung Nghị quyết vào hội thi sân khấu hóa.';
      const draft = await cityOfficer.post('/api/plans', {
        subject: 'Tuyên truyền Nghị quyết 57-NQ/TW năm 2027',
        periodStart: '2026-11-20',
        periodEnd: '2027-06-30',
        responsibilities: [
          {
            heading: 'Ban Thường trực MTTQ phường Tam Kỳ và Quảng Phú',
            targetGroup: 'units',
            targetUnitIds: [U.PHUONG_TAMKY, U.QUANG_PHU],
            duties: [
              { text: longDuty, recurrence: 'once', dueDate: '2027-03-31' },
              { text: 'Báo cáo kết quả hằng quý về Ban Thường trực thành phố.', recurrence: 'quarterly' },
            ],
          },
          { heading: 'Ban Thường trực thành phố', targetGroup: 'self', duties: [{ text: 'Theo dõi, đôn đốc việc thực hiện.', recurrence: 'monthly' }] },
          { heading: 'Ban Thường trực MTTQ các phường', targetGroup: 'ward_committees', duties: [{ text: 'Đưa tin thường xuyên trên trang thông tin của Mặt trận.', recurrence: 'ongoing' }] },
        ],
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const issued = await cityLeader.post(`/api/plans/${draft.json().id}/issue`, { docDate: '2026-11-20' });
      expect(issued.statusCode, issued.body).toBe(200);
      const plan = issued.json() as { id: string; numberText: string };
      const pid = plan.id;
      const rows = await t.db.db.selectFrom('tasks').selectAll().where('plan_id', '=', pid).execute();
      // 2 duties × 2 named wards + 1 own duty of the city + 1 duty × 4 wards of the city.
      expect(rows).toHaveLength(9);
      const first = rows.find((r) => r.unit_id === U.PHUONG_TAMKY && r.recurrence === 'once')!;
      expect(first.title.length).toBeLessThanOrEqual(120);
      expect(first.title).toMatch(/^Phối hợp với Ban Tuyên giáo và Dân vận tổ chức tuyên truyền sâu rộng Nghị quyết 57-NQ\/TW .*…$/);
      expect(first).toMatchObject({ description: longDuty, assigner_unit_id: U.DANANG, start_date: '2026-11-20', end_date: '2027-03-31', due_date: '2027-03-31', next_due_date: '2027-03-31', status: 'not_started' });
      const quarterly = rows.find((r) => r.unit_id === U.QUANG_PHU && r.recurrence === 'quarterly')!;
      expect(quarterly).toMatchObject({ start_date: '2026-11-20', end_date: '2027-06-30', next_due_date: '2026-12-31', title: 'Báo cáo kết quả hằng quý về Ban Thường trực thành phố' });
      const occ = await t.db.db.selectFrom('task_occurrences').select('due_date').where('task_id', '=', quarterly.id).orderBy('due_date').execute();
      expect(occ.map((o) => o.due_date)).toEqual(['2026-12-31', '2027-03-31', '2027-06-30']);
      expect(rows.filter((r) => r.unit_id === U.DANANG).map((r) => r.recurrence)).toEqual(['monthly']);
      expect(rows.filter((r) => r.recurrence === 'ongoing')).toHaveLength(4);
      // One notification per unit and person, however many tasks.
      const notes = (await otherWard.get('/api/notifications?pageSize=200')).json().items as Array<{ kind: string; entityId: string; title: string }>;
      const mine = notes.filter((n) => n.kind === 'task.assigned' && n.entityId === pid);
      expect(mine).toHaveLength(1);
      expect(mine[0].title).toBe(`3 nhiệm vụ mới từ Kế hoạch số ${plan.numberText}`);
      // The ward sees them in its list, filtered by plan; the city sees the overview.
      expect((await otherWard.get(`/api/tasks?planId=${pid}`)).json().total).toBe(3);
      const overview = (await cityLeader.get(`/api/tasks/overview?planId=${pid}`)).json() as Array<{ unitId: string; total: number }>;
      expect(overview.map((r) => r.total).reduce((a, b) => a + b, 0)).toBe(9);
      expect(overview).toHaveLength(5);
      // Running the handler again creates nothing (the cascade is idempotent).
      const again = await t.db.db.transaction().execute(async (trx) => t.app.services.tasks.createFromPlan(trx, systemCtx, await loadCascadeSource(trx, pid)));
      expect(again).toBe(0);
      expect(await t.db.db.selectFrom('tasks').select('id').where('plan_id', '=', pid).execute()).toHaveLength(9);
    });

    it('the cascade refuses a duty due before the plan’s date, naming the duty (and nothing is written)', async () => {
      const t = ctx();
      const source = {
        plan: { id: planId, issuingUnitId: U.DANANG, campaignId: null, periodStart: '2026-03-01', periodEnd: '2026-12-31', numberText: '12/KH-MTTQ-BTT', subject: 'Thử', docDate: '2026-03-01' },
        responsibilities: [{ id: 'r1', heading: 'Các phường', targetGroup: 'units', targetUnitIds: [U.HUONG_TRA], duties: [{ text: 'Làm ngay', recurrence: 'once', dueDate: '2026-02-01', topicIds: [], formIds: [] }] }],
      };
      const err = await t.db.db
        .transaction()
        .execute((trx) => t.app.services.tasks.createFromPlan(trx, systemCtx, source))
        .catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.status).toBe(400);
      expect(err.code).toBe('due_before_plan_date');
      expect(err.message).toContain('responsibilities[0].duties[0].dueDate');
      expect(err.message).toContain('Nhiệm vụ 1 của mục «Các phường»');
      expect(await t.db.db.selectFrom('tasks').select('id').where('unit_id', '=', U.HUONG_TRA).where('plan_id', '=', planId).execute()).toHaveLength(0);
    });
  },
  // Sessions must survive the tests moving the clock by days.
  { config: { filesDir, session: { idleMinutes: 10_000_000, absoluteHours: 1_000_000 } } },
);

