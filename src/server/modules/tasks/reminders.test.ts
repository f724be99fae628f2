/**
 * The daily reminder job: due-soon and overdue notices for task periods and implementation requests,
 * sent exactly once, through the real JobQueue cron row; and a queued job surviving a restart.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { seedDemo } from '../../demo/seed.js';
import { fixedClock } from '../../platform/clock.js';
import { createTestDb, describeEachDb, ENGINES, type Session, TEST_NOW, type TestApp, testConfig } from '../../test/harness.js';
import { insertPlan } from './tasks.fixtures.js';

const KINDS = ['task.due_soon', 'task.overdue', 'request.due_soon', 'request.overdue'];
const longSessions = { session: { idleMinutes: 10_000_000, absoluteHours: 1_000_000 } };

async function reminderNotifications(t: TestApp) {
  return t.db.db
    .selectFrom('notifications')
    .select(['user_id', 'kind', 'entity_id', 'dedupe_key', 'title'])
    .where('kind', 'in', KINDS)
    .orderBy('dedupe_key')
    .execute();
}

describe('REMINDER_DAYS', () => {
  it('defaults to 3 and can be configured', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).reminderDays).toBe(3);
    expect(loadConfig({ REMINDER_DAYS: '7' } as NodeJS.ProcessEnv).reminderDays).toBe(7);
    expect(() => loadConfig({ REMINDER_DAYS: 'ba' } as NodeJS.ProcessEnv)).toThrow(/REMINDER_DAYS/);
  });
});

describeEachDb(
  'daily reminders',
  (ctx) => {
    it('sends due-soon and overdue reminders once, from the 07:00 cron job', async () => {
      const t = ctx();
      const city: Session = await t.login('danang.btt');
      const ward: Session = await t.login('tamky.btt');
      const U: Record<string, string> = {};
      for (const c of ['DANANG', 'PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA', 'BAN_THACH']) U[c] = await t.unit(c);
      const mk = async (body: Record<string, unknown>) => {
        const res = await city.post('/api/tasks', { recurrence: 'once', ...body });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string; occurrences: Array<{ id: string; dueDate: string }> };
      };
      const soon = await mk({ unitId: U.PHUONG_TAMKY, title: 'Gửi báo cáo nhanh', dueDate: '2026-11-28' });
      const late = await mk({ unitId: U.PHUONG_TAMKY, title: 'Hội nghị đã quá hạn', startDate: '2026-11-01', dueDate: '2026-11-10' });
      const monthly = await mk({ unitId: U.QUANG_PHU, title: 'Báo cáo tháng', recurrence: 'monthly', startDate: '2026-09-01', endDate: '2026-12-31' });
      await mk({ unitId: U.PHUONG_TAMKY, title: 'Còn xa', dueDate: '2026-12-20' });
      const done = await mk({ unitId: U.PHUONG_TAMKY, title: 'Đã xong', startDate: '2026-11-01', dueDate: '2026-11-20' });
      expect((await ward.post(`/api/tasks/${done.id}/notes`, { note: 'Xong', markDone: true })).statusCode).toBe(201);
      const planId = await insertPlan(t.db.db, {
        issuingUnitId: U.DANANG,
        docDate: '2026-11-01',
        numberText: '20/KH-MTTQ-BTT',
        requests: [
          { unitId: U.QUANG_PHU, deadline: '2026-11-29' },
          { unitId: U.HUONG_TRA, deadline: '2026-11-20' },
          { unitId: U.BAN_THACH, deadline: '2026-11-20', implementedAt: '2026-11-15T03:00:00.000Z' },
          { unitId: U.PHUONG_TAMKY, deadline: null },
        ],
      });

      const jobs = t.app.services.jobs;
      await jobs.ensureSchedules();
      // Other modules schedule their own jobs (report reminders, contest ticks): count the daily reminders run.
      const doneReminders = async () =>
        Number((await t.db.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'reminders.daily').where('status', '=', 'done').executeTakeFirst())?.n ?? 0);
      const runReminders = async () => {
        const before = await doneReminders();
        await jobs.runDue();
        return (await doneReminders()) - before;
      };
      const cronRow = await t.db.db.selectFrom('jobs').selectAll().where('kind', '=', 'reminders.daily').where('status', '=', 'pending').executeTakeFirstOrThrow();
      expect(cronRow.run_at).toBe('2026-11-27T00:00:00.000Z'); // 07:00 on 27/11 in Việt Nam
      expect(await runReminders()).toBe(0); // not yet
      expect(await reminderNotifications(t)).toHaveLength(0);

      try {
        t.clock.set('2026-11-27T00:30:00Z');
        expect(await runReminders()).toBe(1);
        const first = await reminderNotifications(t);
        const by = (kind: string, entity: string) => first.filter((n) => n.kind === kind && n.entity_id === entity).length;
        // Phường Tam Kỳ and Quảng Phú each have an officer and a leader; Đà Nẵng too; Hương Trà nobody.
        expect(by('task.due_soon', soon.id)).toBe(2);
        expect(by('task.due_soon', monthly.id)).toBe(2); // the November period, due 30/11 (3 days)
        expect(by('task.overdue', late.id)).toBe(2);
        expect(by('task.overdue', monthly.id)).toBe(4); // September and October, to two people
        expect(first.filter((n) => n.kind === 'task.overdue' && n.entity_id === U.DANANG)).toHaveLength(2); // the assigner's summary
        expect(first.find((n) => n.kind === 'task.overdue' && n.entity_id === U.DANANG)!.title).toBe('3 nhiệm vụ giao cho đơn vị cấp dưới đã quá hạn');
        expect(first.filter((n) => n.kind === 'request.due_soon')).toHaveLength(2);
        expect(first.filter((n) => n.kind === 'request.overdue' && n.entity_id === planId)).toHaveLength(2); // to the issuing city
        expect(first.filter((n) => n.entity_id === done.id)).toHaveLength(0);
        expect(first).toHaveLength(16);
        expect(new Set(first.map((n) => n.dedupe_key)).size).toBe(first.length);
        const wardBell = (await ward.get('/api/notifications?pageSize=200')).json().items as Array<{ kind: string; title: string; body: string; link: string }>;
        const s = wardBell.find((n) => n.kind === 'task.due_soon')!;
        expect(s).toMatchObject({ title: 'Sắp đến hạn: Gửi báo cáo nhanh', body: 'Hạn 28/11/2026 (còn 1 ngày).', link: `/app/nhiem-vu/${soon.id}` });

        // Running again (the job, or the service directly) sends nothing new.
        expect(await runReminders()).toBe(0);
        expect(await t.app.services.reminders.runDaily()).toEqual({ taskDueSoon: 0, taskOverdue: 0, requestDueSoon: 0, requestOverdue: 0, notifications: 0 });
        expect(await reminderNotifications(t)).toHaveLength(16);

        // Next morning: nothing new (28/11 is due today, already reminded).
        t.clock.set('2026-11-28T00:30:00Z');
        expect(await runReminders()).toBe(1);
        expect(await reminderNotifications(t)).toHaveLength(16);

        // 29/11: the task due 28/11 is now overdue → the ward and, once, the city.
        t.clock.set('2026-11-29T00:30:00Z');
        expect(await runReminders()).toBe(1);
        const third = await reminderNotifications(t);
        expect(third).toHaveLength(20);
        const lateSoon = third.filter((n) => n.kind === 'task.overdue' && n.entity_id === soon.id);
        expect(lateSoon).toHaveLength(4); // two people in the ward, two in the assigning city
        expect(lateSoon.map((n) => n.title).sort()).toEqual([
          'Nhiệm vụ giao cho Ủy ban MTTQ Việt Nam phường Tam Kỳ đã quá hạn: Gửi báo cáo nhanh',
          'Nhiệm vụ giao cho Ủy ban MTTQ Việt Nam phường Tam Kỳ đã quá hạn: Gửi báo cáo nhanh',
          'Quá hạn: Gửi báo cáo nhanh',
          'Quá hạn: Gửi báo cáo nhanh',
        ]);
        expect(await t.app.services.reminders.runDaily()).toMatchObject({ notifications: 0 });
        const pending = await t.db.db.selectFrom('jobs').select(['run_at']).where('kind', '=', 'reminders.daily').where('status', '=', 'pending').execute();
        expect(pending.map((p) => p.run_at)).toEqual(['2026-11-30T00:00:00.000Z']);
      } finally {
        t.clock.set(TEST_NOW);
      }
    });
  },
  { config: longSessions },
);

for (const engine of ENGINES) {
  describe(`job queue across a restart [${engine}]`, () => {
    it('a job queued before the app closed runs in a new app on the same database', async () => {
      const tdb = await createTestDb(engine);
      try {
        const clock = fixedClock(TEST_NOW);
        await seedDemo(tdb.handle.db, clock);
        const config = testConfig(longSessions);
        const first = await buildApp({ config, db: tdb.handle, clock, logger: false });
        await first.ready();
        await first.services.jobs.enqueue('test.restart', { hello: 'Lan Tỏa' }, { runAt: '2026-11-27T03:00:00.000Z' });
        await first.services.jobs.ensureSchedules();
        await first.close(); // the database stays open: a "restart" of the server process

        const second = await buildApp({ config, db: tdb.handle, clock, logger: false });
        await second.ready();
        const seen: unknown[] = [];
        second.services.jobs.register('test.restart', async (payload) => {
          seen.push(payload);
        });
        expect(await second.services.jobs.runDue()).toBe(0);
        clock.set('2026-11-27T04:00:00Z');
        expect(await second.services.jobs.runDue()).toBeGreaterThanOrEqual(2); // the queued job, the 07:00 reminder run (and other modules' schedules)
        expect(seen).toEqual([{ hello: 'Lan Tỏa' }]);
        const rows = await tdb.handle.db.selectFrom('jobs').select(['kind', 'status', 'run_at']).where('kind', 'in', ['reminders.daily', 'test.restart']).orderBy('run_at').execute();
        expect(rows).toEqual([
          { kind: 'reminders.daily', status: 'done', run_at: '2026-11-27T00:00:00.000Z' },
          { kind: 'test.restart', status: 'done', run_at: '2026-11-27T03:00:00.000Z' },
          { kind: 'reminders.daily', status: 'pending', run_at: '2026-11-28T00:00:00.000Z' },
        ]);
        await second.close();
      } finally {
        await tdb.drop();
      }
    });
  });
}
