/**
 * Calendar over HTTP on both databases: key dates (seeded and editable), the unit's events from plans,
 * tasks and requests, and the secret .ics feed read back with ical.js.
 */
import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { insertPlan } from '../tasks/tasks.fixtures.js';
import { seedKeyDates } from './key-dates.seed.js';

type Event = { id: string; kind: string; title: string; date: string; endDate: string | null; link: string | null; description: string | null };
type KeyDate = { id: string; unitId: string | null; name: string; month: number | null; day: number | null; date: string | null; recurring: boolean; editable: boolean };

const LONG_SUBJECT =
  'Tuyên truyền, quán triệt và triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; "Bình dân học vụ số"';

describeEachDb('calendar and key dates', (ctx) => {
  let ward: Session; // tamky.btt — officer of phường Tam Kỳ
  let cityLeader: Session;
  let otherWard: Session;
  let reporter: Session;
  let admin: Session;
  let U: Record<string, string>;
  let planId: string;
  let taskId: string;

  beforeAll(async () => {
    const t = ctx();
    expect(await seedKeyDates(t.db.db, t.clock)).toBe(5);
    expect(await seedKeyDates(t.db.db, t.clock)).toBe(0); // idempotent
    ward = await t.login('tamky.btt');
    cityLeader = await t.login('danang.lanhdao');
    otherWard = await t.login('quangphu.btt');
    reporter = await t.login('khoipho.tamky');
    admin = await t.login('admin');
    U = {};
    for (const c of ['DANANG', 'PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA']) U[c] = await t.unit(c);
    planId = await insertPlan(t.db.db, {
      issuingUnitId: U.DANANG,
      docDate: '2026-03-01',
      periodStart: '2026-03-01',
      periodEnd: '2027-02-28',
      numberText: '15/KH-MTTQ-BTT',
      subject: LONG_SUBJECT,
      milestones: [
        { title: 'Hưởng ứng Ngày Chuyển đổi số quốc gia', month: 10, day: 10 },
        { title: 'Sơ kết 6 tháng', date: '2026-09-15' },
      ],
      requests: [
        { unitId: U.PHUONG_TAMKY, deadline: '2026-03-31' },
        { unitId: U.QUANG_PHU, deadline: '2026-03-31' },
        { unitId: U.HUONG_TRA, deadline: '2026-03-31' },
      ],
    });
    const city = await t.login('danang.btt');
    const res = await city.post('/api/tasks', { unitId: U.PHUONG_TAMKY, title: 'Báo cáo quý về tuyên truyền NQ 57', recurrence: 'quarterly', startDate: '2026-10-01', endDate: '2027-03-31' });
    expect(res.statusCode, res.body).toBe(201);
    taskId = res.json().id;
  });

  it('lists the nationwide key dates and lets a unit add its own', async () => {
    let res = await ward.get('/api/key-dates');
    expect(res.statusCode).toBe(200);
    const globals = res.json() as KeyDate[];
    expect(globals).toHaveLength(5);
    expect(globals.find((k) => k.month === 5 && k.day === 18)).toMatchObject({ name: 'Ngày Khoa học và Công nghệ Việt Nam', unitId: null, recurring: true, editable: false });
    res = await ward.post('/api/key-dates', { name: 'Kỷ niệm ngày thành lập phường Tam Kỳ', month: 7, day: 1, basis: 'Nghị quyết 1659/NQ-UBTVQH15' });
    expect(res.statusCode, res.body).toBe(201);
    const own = res.json() as KeyDate;
    expect(own).toMatchObject({ unitId: U.PHUONG_TAMKY, recurring: true, editable: true, month: 7, day: 1 });
    res = await ward.post('/api/key-dates', { name: 'Hội thi sân khấu hóa cấp phường', date: '2026-12-05' });
    expect(res.json()).toMatchObject({ recurring: false, date: '2026-12-05', month: null });
    res = await ward.patch(`/api/key-dates/${own.id}`, { name: 'Ngày thành lập phường Tam Kỳ (mới)' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('Ngày thành lập phường Tam Kỳ (mới)');
    expect((await ward.get('/api/key-dates')).json()).toHaveLength(7);
    // Other wards neither see nor edit it; the city sees its own and global ones only.
    expect((await otherWard.get('/api/key-dates')).json()).toHaveLength(5);
    expect((await otherWard.patch(`/api/key-dates/${own.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await reporter.patch(`/api/key-dates/${own.id}`, { name: 'x' })).statusCode).toBe(404);
    const global = globals[0];
    expect((await ward.patch(`/api/key-dates/${global.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await ward.post('/api/key-dates', { unitId: null, name: 'Chung', month: 1, day: 1 })).statusCode).toBe(403);
    const adminCreated = await admin.post('/api/key-dates', { unitId: null, name: 'Ngày Quốc khánh', month: 9, day: 2 });
    expect(adminCreated.statusCode, adminCreated.body).toBe(201);
    expect((await admin.request('DELETE', `/api/key-dates/${adminCreated.json().id}`)).statusCode).toBe(204);
    expect((await ward.request('DELETE', `/api/key-dates/${own.id}`)).statusCode).toBe(204);
    expect((await ward.get('/api/key-dates')).json()).toHaveLength(6);
  });

  it('refuses impossible key dates with 400 naming the field', async () => {
    let res = await ward.post('/api/key-dates', { name: 'Ngày 30/2', month: 2, day: 30 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('(day)');
    res = await ward.post('/api/key-dates', { name: 'Thiếu ngày', month: 2 });
    expect(res.json().error.message).toContain('(day)');
    res = await ward.post('/api/key-dates', { name: 'Cả hai', month: 2, day: 3, date: '2026-02-03' });
    expect(res.json().error.code).toBe('key_date_ambiguous');
    res = await ward.post('/api/key-dates', { name: 'Tháng 13', month: 13, day: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('month');
    expect((await ward.post('/api/key-dates', { name: '', month: 1, day: 1 })).statusCode).toBe(400);
  });

  it('builds the ward’s calendar: key dates, plan period and milestones, request deadline, task due dates', async () => {
    const res = await ward.get('/api/calendar?from=2026-01-01&to=2026-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const ev = res.json() as Event[];
    const kinds = (k: string) => ev.filter((e) => e.kind === k);
    expect(kinds('key_date').map((e) => e.date)).toEqual(['2026-03-26', '2026-05-18', '2026-10-10', '2026-11-18', '2026-12-05', '2026-12-22']);
    expect(ev.find((e) => e.date === '2026-05-18')).toMatchObject({ kind: 'key_date', title: 'Ngày Khoa học và Công nghệ Việt Nam', description: expect.stringContaining('Luật Khoa học và Công nghệ') });
    expect(kinds('plan_period')).toEqual([
      { id: `plan_period:${planId}`, kind: 'plan_period', title: 'Thời gian thực hiện Kế hoạch số 15/KH-MTTQ-BTT', date: '2026-03-01', endDate: '2027-02-28', link: `/app/ke-hoach/${planId}`, description: LONG_SUBJECT },
    ]);
    expect(kinds('milestone').map((e) => [e.date, e.title])).toEqual([
      ['2026-09-15', 'Sơ kết 6 tháng (Kế hoạch số 15/KH-MTTQ-BTT)'],
      ['2026-10-10', 'Hưởng ứng Ngày Chuyển đổi số quốc gia (Kế hoạch số 15/KH-MTTQ-BTT)'],
    ]);
    expect(kinds('request_deadline')).toEqual([expect.objectContaining({ date: '2026-03-31', title: 'Hạn ban hành kế hoạch thực hiện Kế hoạch số 15/KH-MTTQ-BTT' })]);
    expect(kinds('task_due').map((e) => [e.date, e.link])).toEqual([['2026-12-31', `/app/nhiem-vu/${taskId}`]]);
    // Sorted by date.
    expect(ev.map((e) => e.date)).toEqual([...ev.map((e) => e.date)].sort());
    // The yearly milestone recurs only inside the plan's period.
    const next = (await ward.get('/api/calendar?from=2027-01-01&to=2027-12-31')).json() as Event[];
    expect(next.filter((e) => e.kind === 'milestone')).toHaveLength(0);
    expect(next.filter((e) => e.kind === 'task_due').map((e) => e.date)).toEqual(['2027-03-31']);
  });

  it('shows the city one deadline for all the wards it asked, and no ward tasks', async () => {
    const ev = (await cityLeader.get('/api/calendar?from=2026-03-01&to=2026-03-31')).json() as Event[];
    expect(ev.filter((e) => e.kind === 'request_deadline')).toEqual([
      expect.objectContaining({ date: '2026-03-31', title: 'Hạn đơn vị cấp dưới ban hành kế hoạch thực hiện Kế hoạch số 15/KH-MTTQ-BTT (3 đơn vị)' }),
    ]);
    const sub = (await cityLeader.get(`/api/calendar?from=2026-12-01&to=2026-12-31&unitId=${U.PHUONG_TAMKY}`)).json() as Event[];
    expect(sub.some((e) => e.kind === 'task_due')).toBe(true);
    const own = (await cityLeader.get('/api/calendar?from=2026-12-01&to=2026-12-31')).json() as Event[];
    expect(own.some((e) => e.kind === 'task_due')).toBe(false);
  });

  it('refuses bad ranges and other wards’ calendars', async () => {
    let res = await ward.get('/api/calendar?from=2026-12-31&to=2026-01-01');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('(to)');
    res = await ward.get('/api/calendar?from=2026-02-30');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('from');
    expect((await ward.get('/api/calendar?from=2020-01-01&to=2026-01-01')).json().error.code).toBe('range_too_long');
    expect((await ward.get(`/api/calendar?unitId=${U.QUANG_PHU}`)).statusCode).toBe(404);
    const t = ctx();
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar' })).statusCode).toBe(401);
  });

  it('serves a secret .ics feed that ical.js reads: Vietnamese summaries, yearly 18/5, all-day dates, folded lines', async () => {
    const t = ctx();
    let res = await ward.post('/api/calendar/feed', {});
    expect(res.statusCode, res.body).toBe(200);
    const { url, unitId } = res.json() as { url: string; unitId: string };
    expect(unitId).toBe(U.PHUONG_TAMKY);
    const m = /^\/api\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(url);
    expect(m).not.toBeNull();
    const token = m![1];
    // Only the hash is stored.
    const row = await t.db.db.selectFrom('calendar_feeds').selectAll().where('unit_id', '=', U.PHUONG_TAMKY).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row.token_hash).not.toContain(token);

    res = await t.app.inject({ method: 'GET', url }); // no cookie
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = res.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const lines = text.split('\r\n');
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true); // some lines were folded
    expect(text).toContain('X-WR-TIMEZONE:Asia/Ho_Chi_Minh');

    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Lan Tỏa – MTTQ phường Tam Kỳ');
    const events = cal.getAllSubcomponents('vevent');
    const bySummary = (s: string) => events.find((e) => e.getFirstPropertyValue('summary') === s);
    const st = bySummary('Ngày Khoa học và Công nghệ Việt Nam')!;
    expect(st).toBeDefined();
    expect((st.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('YEARLY');
    const dtstart = st.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(dtstart.isDate).toBe(true);
    expect([dtstart.month, dtstart.day]).toEqual([5, 18]);
    expect(st.getFirstPropertyValue('uid')).toMatch(/@/);
    expect(st.getFirstPropertyValue('dtstamp')).toBeTruthy();
    // The plan period: a multi-day all-day event whose long Vietnamese description survives folding.
    const period = bySummary('Thời gian thực hiện Kế hoạch số 15/KH-MTTQ-BTT')!;
    expect(String(period.getFirstPropertyValue('dtstart'))).toBe('2026-03-01');
    expect(String(period.getFirstPropertyValue('dtend'))).toBe('2027-03-01'); // exclusive
    expect(period.getFirstPropertyValue('description')).toBe(LONG_SUBJECT);
    expect(events.some((e) => String(e.getFirstPropertyValue('summary')).startsWith('Hạn nhiệm vụ: Báo cáo quý về tuyên truyền NQ 57'))).toBe(true);
    expect(events.every((e) => (e.getFirstPropertyValue('dtstart') as ICAL.Time).isDate)).toBe(true);

    // Rotating the link ends the old one.
    res = await ward.post('/api/calendar/feed', {});
    const fresh = res.json().url as string;
    expect(fresh).not.toBe(url);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: fresh })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar/khong-phai-ma-that-nhung-du-dai.ics' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar/x.ics' })).statusCode).toBe(404);
    // A ward cannot make a link for another ward.
    expect((await ward.post('/api/calendar/feed', { unitId: U.QUANG_PHU })).statusCode).toBe(404);
  });
});
