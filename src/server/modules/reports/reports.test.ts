/**
 * Periodic reports on both databases: the life cycle and who may move it, numbering per unit and
 * year, requests and their targets' status with the frozen clock, cut-off days, reminders, the
 * dashboard's `dueForUnits`, and bad input answered with Vietnamese 4xx.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session, TEST_NOW } from '../../test/harness.js';
import { type CampaignFixture, seedActivityCatalogue } from '../activities/activities.testkit.js';

describeEachDb('periodic reports', (ctx) => {
  let ward: Session; // tamky.btt — officer of phường Tam Kỳ
  let city: Session; // danang.btt — officer of the Đà Nẵng city Front
  let cityLeader: Session; // danang.lanhdao
  let qp: Session; // quangphu.btt — officer of phường Quảng Phú
  let U: Record<string, string>;
  let C: CampaignFixture;

  const activity = async (author: Session, over: Record<string, unknown>) => {
    const res = await author.post('/api/activities', { campaignId: C.campaignId, title: 'Hoạt động tuyên truyền', submit: true, ...over });
    expect(res.statusCode, res.body).toBe(201);
    const acc = await city.post(`/api/activities/${res.json().id}/accept`, {});
    expect(acc.statusCode, acc.body).toBe(200);
  };
  const create = async (s: Session, body: Record<string, unknown>) => s.post('/api/reports', { campaignId: C.campaignId, ...body });
  const created = async (s: Session, body: Record<string, unknown>) => {
    const res = await create(s, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    const t = ctx();
    U = {};
    for (const c of ['DANANG', 'PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA', 'BAN_THACH', 'AN_MY']) U[c] = await t.unit(c);
    C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG);
    ward = await t.login('tamky.btt');
    city = await t.login('danang.btt');
    cityLeader = await t.login('danang.lanhdao');
    qp = await t.login('quangphu.btt');
    await activity(ward, { unitId: U.PHUONG_TAMKY, dateFrom: '2026-10-14', formCode: 'HOI_NGHI', measures: { sessions: 1, attCadres: 10 } });
    await activity(ward, { unitId: U.PHUONG_TAMKY, dateFrom: '2026-10-15', formCode: 'TRUC_QUAN', measures: { banners: 3 } });
    await activity(qp, { unitId: U.QUANG_PHU, dateFrom: '2026-08-10', formCode: 'HOI_NGHI', measures: { sessions: 2, attResidents: 20 } });
  });

  afterEach(async () => {
    const t = ctx();
    if (t.clock.today() === '2026-11-26') return;
    t.clock.set(TEST_NOW);
    [ward, city, qp] = [await t.login('tamky.btt'), await t.login('danang.btt'), await t.login('quangphu.btt')];
  });

  it('draft → submitted (numbered, figures frozen) → accepted; who may move it', async () => {
    const r = await created(ward, { unitId: U.PHUONG_TAMKY, periodKind: 'quarter', year: 2026, index: 4 });
    expect(r).toMatchObject({ status: 'draft', statusLabel: 'Nháp', numberText: null, title: 'BÁO CÁO', periodFrom: '2026-10-01', periodTo: '2026-12-31', periodLabel: 'Quý IV năm 2026' });
    expect(r.subject).toBe('Kết quả công tác tuyên truyền Nghị quyết 57-NQ/TW quý IV năm 2026');
    expect(r.header).toEqual({ parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: 'PHƯỜNG TAM KỲ', issuer: 'BAN THƯỜNG TRỰC' });
    expect(r.symbol).toBe('BC-MTTQ-BTT');
    expect(r.sections.map((s: { key: string }) => s.key)).toEqual(['I', 'II', 'III', 'IV', 'V']);
    expect(JSON.stringify(r.sections[1].content)).toContain('Hội nghị');
    expect(r.figures.totals).toMatchObject({ activities: 2, attCadres: 10, banners: 3 });
    expect(r.figures.frozenAt).toBeNull();
    expect(r.can).toMatchObject({ edit: true, submit: true, delete: true, accept: false });
    expect(r.recipients[0]).toContain('Đà Nẵng');

    // An outsider sees nothing (even a draft's existence), the city sees no draft.
    expect((await qp.get(`/api/reports/${r.id}`)).statusCode).toBe(404);
    expect((await city.get(`/api/reports/${r.id}`)).statusCode).toBe(200); // the city may write for its wards
    expect((await qp.post(`/api/reports/${r.id}/accept`, {})).statusCode).toBe(404);

    // Stale version → 409 naming who saved; a good save bumps the version.
    const saved = await ward.patch(`/api/reports/${r.id}`, { version: 1, subject: 'Kết quả tuyên truyền quý IV năm 2026' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(2);
    const stale = await ward.patch(`/api/reports/${r.id}`, { version: 1, place: 'Tam Kỳ' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect(stale.json().error.message).toContain('Hãy tải lại');
    expect((await ward.post(`/api/reports/${r.id}/submit`, { version: 1 })).json().error.code).toBe('version_conflict');

    // Not submitted yet: nothing to review.
    expect((await city.post(`/api/reports/${r.id}/accept`, {})).json().error.code).toBe('report_not_reviewable');

    const sub = await ward.post(`/api/reports/${r.id}/submit`, { version: 2 });
    expect(sub.statusCode, sub.body).toBe(200);
    const s = sub.json();
    expect(s).toMatchObject({ status: 'submitted', numberText: '01/BC-MTTQ-BTT', docDate: '2026-11-26', late: false });
    expect(s.figures.frozenAt).not.toBeNull();
    expect(s.can).toMatchObject({ edit: false, submit: false, delete: false });

    // Editing a submitted report → 409; self-review → 403; the unit above sees who submitted.
    expect((await ward.patch(`/api/reports/${r.id}`, { version: s.version, place: 'Tam Kỳ' })).json().error.code).toBe('report_not_editable');
    const self = await ward.post(`/api/reports/${r.id}/accept`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('cấp trên');
    const seen = await city.get(`/api/reports/${r.id}`);
    expect(seen.json().can).toMatchObject({ accept: true, return: true, edit: false });
    const waiting = await city.get('/api/reports?reviewable=true');
    expect(waiting.json().items.map((x: { id: string }) => x.id)).toContain(r.id);

    // An activity accepted after submission does not change the frozen figures.
    await activity(ward, { unitId: U.PHUONG_TAMKY, dateFrom: '2026-11-02', formCode: 'HOI_NGHI', measures: { attCadres: 5 } });
    expect((await city.get(`/api/reports/${r.id}`)).json().figures.totals.attCadres).toBe(10);

    const acc = await cityLeader.post(`/api/reports/${r.id}/accept`, { comment: 'Tốt' });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ status: 'accepted', statusLabel: 'Đã tiếp nhận', reviewedByName: expect.any(String) });
    expect(acc.json().history.map((h: { kind: string }) => h.kind)).toEqual(['create', 'submit', 'accept']);

    // Resubmitting an accepted report → 409 in Vietnamese; deleting it too.
    const again = await ward.post(`/api/reports/${r.id}/submit`, { version: acc.json().version });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'report_not_submittable' });
    expect(again.json().error.message).toContain('đã được cấp trên tiếp nhận');
    expect((await ward.request('DELETE', `/api/reports/${r.id}`)).statusCode).toBe(409);

    // A second report for the same unit, campaign and period → 409 report_exists pointing at it.
    const dup = await create(ward, { unitId: U.PHUONG_TAMKY, periodKind: 'quarter', year: 2026, index: 4 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'report_exists', details: { id: r.id } });
  });

  it('return → edit → resubmit keeps the number; numbers run per unit and year', async () => {
    const r = await created(ward, { unitId: U.PHUONG_TAMKY, periodKind: 'quarter', year: 2026, index: 3 });
    const s1 = (await ward.post(`/api/reports/${r.id}/submit`, { version: r.version })).json();
    expect(s1.numberText).toBe('02/BC-MTTQ-BTT');
    const noComment = await city.post(`/api/reports/${r.id}/return`, { comment: '' });
    expect(noComment.statusCode).toBe(400);
    const ret = await city.post(`/api/reports/${r.id}/return`, { comment: 'Bổ sung số liệu khu dân cư' });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(ret.json()).toMatchObject({ status: 'returned', returnComment: 'Bổ sung số liệu khu dân cư' });
    expect(ret.json().figures.frozenAt).toBeNull(); // live again while being corrected
    // Refresh rewrites the prefilled sections from the data; a stale version is refused.
    expect((await ward.post(`/api/reports/${r.id}/refresh`, { version: 1, sections: true })).json().error.code).toBe('version_conflict');
    const refreshed = await ward.post(`/api/reports/${r.id}/refresh`, { version: ret.json().version, sections: true });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    expect(refreshed.json().version).toBe(ret.json().version + 1);
    expect(refreshed.json().history.map((h: { kind: string }) => h.kind)).toEqual(['create', 'submit', 'return', 'refresh']);
    const edited = await ward.patch(`/api/reports/${r.id}`, { version: refreshed.json().version, docDate: '2026-11-26' });
    expect(edited.statusCode, edited.body).toBe(200);
    const s2 = await ward.post(`/api/reports/${r.id}/submit`, { version: edited.json().version });
    expect(s2.json()).toMatchObject({ status: 'submitted', numberText: '02/BC-MTTQ-BTT' });
    // Another unit starts at 01.
    const q = await created(qp, { unitId: U.QUANG_PHU, periodKind: 'quarter', year: 2026, index: 3 });
    expect(q.figures.totals).toMatchObject({ activities: 1, attResidents: 20, sessions: 2 });
    expect((await qp.post(`/api/reports/${q.id}/submit`, { version: q.version })).json().numberText).toBe('01/BC-MTTQ-BTT');
    // A draft can be deleted by its writer only.
    const d = await created(ward, { unitId: U.PHUONG_TAMKY, periodKind: 'month', year: 2026, index: 11 });
    expect((await qp.request('DELETE', `/api/reports/${d.id}`)).statusCode).toBe(404);
    expect((await ward.request('DELETE', `/api/reports/${d.id}`)).statusCode).toBe(204);
    expect((await ward.get(`/api/reports/${d.id}`)).statusCode).toBe(404);
  });

  it('cut-off day 15: the 14th counts in the previous month, the 15th in this one', async () => {
    const oct = await created(ward, { unitId: U.PHUONG_TAMKY, periodKind: 'month', year: 2026, index: 10, cutoffDay: 15 });
    expect([oct.periodFrom, oct.periodTo]).toEqual(['2026-09-15', '2026-10-14']);
    expect(oct.figures.totals).toMatchObject({ activities: 1, attCadres: 10, banners: 0 });
    const nov = await created(ward, { unitId: U.PHUONG_TAMKY, periodKind: 'month', year: 2026, index: 11, cutoffDay: 15 });
    expect([nov.periodFrom, nov.periodTo]).toEqual(['2026-10-15', '2026-11-14']);
    expect(nov.figures.totals).toMatchObject({ banners: 3, attCadres: 5 });
    expect(nov.figures.totals.attCadres).not.toBe(10);
    // Calendar months (cut-off 1): both in October.
    const cal = await created(ward, { unitId: U.PHUONG_TAMKY, periodKind: 'month', year: 2026, index: 10 });
    expect(cal.figures.totals).toMatchObject({ activities: 2, attCadres: 10, banners: 3 });
    // Lists: newest period first, filters, paging; another ward's list is out of reach.
    const list = (await ward.get(`/api/reports?unitId=${U.PHUONG_TAMKY}&periodKind=month&year=2026&pageSize=2`)).json();
    expect(list.total).toBeGreaterThanOrEqual(3);
    expect(list.items).toHaveLength(2);
    expect(list.items[0].periodTo >= list.items[1].periodTo).toBe(true);
    expect(list.items.every((x: { periodKind: string }) => x.periodKind === 'month')).toBe(true);
    expect((await qp.get(`/api/reports?unitId=${U.PHUONG_TAMKY}`)).statusCode).toBe(404);
    const drafts = (await ward.get('/api/reports?status=draft&includeSubunits=false')).json();
    expect(drafts.items.every((x: { status: string; unitId: string }) => x.status === 'draft' && x.unitId === U.PHUONG_TAMKY)).toBe(true);
    const preview = await ward.get('/api/reports/period?kind=year&year=2026&cutoffDay=15');
    expect(preview.json()).toEqual({ from: '2025-12-15', to: '2026-12-14', label: 'Năm 2026' });
  });

  it('a request: targets not started / submitted on time / late, reminders and the dashboard’s dueForUnits', async () => {
    const t = ctx();
    const res = await city.post('/api/report-requests', { campaignId: C.campaignId, periodKind: 'month', year: 2026, index: 9, deadline: '2026-11-28', note: 'Gửi kèm phụ lục' });
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json();
    const targetIds = q.targets.map((x: { unitId: string }) => x.unitId);
    for (const w of ['PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA', 'BAN_THACH']) expect(targetIds).toContain(U[w]);
    expect(targetIds).not.toContain(U.AN_MY); // merged away on 1/7/2025
    expect(q.counts).toMatchObject({ submitted: 0, late: 0, notStarted: q.counts.total });
    expect(q.title).toBe('Báo cáo kết quả công tác tuyên truyền Nghị quyết 57-NQ/TW tháng 9 năm 2026');

    const due = await t.app.services.reports.dueForUnits({ unitIds: [U.PHUONG_TAMKY, U.QUANG_PHU], limit: 1 });
    expect(due.total).toBe(2);
    expect(due.late).toBe(0);
    expect(due.items).toHaveLength(1);
    expect(due.items[0]).toMatchObject({ requestId: q.id, deadline: '2026-11-28', status: 'not_started', late: false, reportId: null });

    // Reminders: due within REMINDER_DAYS → each target's people once.
    const first = await t.app.services.reports.runReminders();
    expect(first.dueSoon).toBeGreaterThanOrEqual(4);
    expect(first.notifications).toBeGreaterThan(0);
    expect((await t.app.services.reports.runReminders()).notifications).toBe(0);
    const bell = await ward.get('/api/notifications');
    expect(JSON.stringify(bell.json())).toContain('Sắp đến hạn gửi báo cáo');

    // phường Tam Kỳ answers on time (the report takes the request's period and deadline).
    const r = await created(ward, { unitId: U.PHUONG_TAMKY, requestId: q.id });
    expect(r).toMatchObject({ requestId: q.id, deadline: '2026-11-28', periodFrom: '2026-09-01', periodTo: '2026-09-30' });
    expect((await ward.post(`/api/reports/${r.id}/submit`, { version: r.version })).statusCode).toBe(200);

    // Three days later Quảng Phú answers late; the others have not started (late too).
    t.clock.set('2026-11-29T03:00:00Z');
    qp = await t.login('quangphu.btt'); // sessions idle out over three days
    city = await t.login('danang.btt');
    ward = await t.login('tamky.btt');
    const overdue = await t.app.services.reports.runReminders();
    expect(overdue.overdue).toBeGreaterThanOrEqual(3);
    const late = await created(qp, { unitId: U.QUANG_PHU, periodKind: 'month', year: 2026, index: 9 }); // linked to the open request
    expect(late.requestId).toBe(q.id);
    expect((await qp.post(`/api/reports/${late.id}/submit`, { version: late.version })).json().late).toBe(true);

    const view = (await city.get(`/api/report-requests/${q.id}`)).json();
    const byUnit = (id: string) => view.targets.find((x: { unitId: string }) => x.unitId === id);
    expect(byUnit(U.PHUONG_TAMKY)).toMatchObject({ status: 'submitted', statusLabel: 'Đã gửi', late: false, numberText: expect.stringMatching(/\/BC-MTTQ-BTT$/) });
    expect(byUnit(U.QUANG_PHU)).toMatchObject({ status: 'submitted', late: true });
    expect(byUnit(U.HUONG_TRA)).toMatchObject({ status: 'not_started', statusLabel: 'Chưa thực hiện', late: true, reportId: null });
    expect(view.counts).toMatchObject({ submitted: 2, onTime: 1, late: view.counts.total - 1, notStarted: view.counts.total - 2 });

    const due2 = await t.app.services.reports.dueForUnits({ unitIds: [U.PHUONG_TAMKY, U.QUANG_PHU, U.HUONG_TRA], limit: 10 });
    expect(due2).toMatchObject({ total: 1, late: 1 });
    expect(due2.items[0]).toMatchObject({ unitId: U.HUONG_TRA, unitName: expect.stringContaining('Hương Trà'), late: true });

    // The ward sees the request it received; the city lists what it sent; the requester reviews.
    expect((await ward.get('/api/report-requests?role=received')).json().items.map((x: { id: string }) => x.id)).toContain(q.id);
    expect((await city.get('/api/report-requests?role=sent')).json().total).toBeGreaterThanOrEqual(1);
    expect((await city.post(`/api/reports/${late.id}/accept`, {})).statusCode).toBe(200);
    expect((await city.get(`/api/report-requests/${q.id}`)).json().counts.accepted).toBe(1);
  });

  it('bad input → Vietnamese 4xx naming the field, nothing saved', async () => {
    const t = ctx();
    const before = await t.db.db.selectFrom('periodic_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // A unit outside one's scope → 404; a unit one sees but may not write for → 403.
    const outside = await create(ward, { unitId: U.QUANG_PHU, periodKind: 'quarter', year: 2026, index: 2 });
    expect(outside.statusCode).toBe(404);
    const above = await create(ward, { unitId: U.DANANG, periodKind: 'quarter', year: 2026, index: 2 });
    expect([403, 404]).toContain(above.statusCode);
    const badIndex = await create(ward, { periodKind: 'quarter', year: 2026, index: 5 });
    expect(badIndex.statusCode).toBe(400);
    expect(badIndex.json().error.message).toContain('index');
    const noTo = await create(ward, { periodKind: 'custom', year: 2026, from: '2026-01-01' });
    expect(noTo.statusCode).toBe(400);
    expect(noTo.json().error.message).toContain('Đến ngày');
    const reversed = await create(ward, { periodKind: 'custom', year: 2026, from: '2026-03-01', to: '2026-01-01' });
    expect(reversed.statusCode).toBe(400);
    const future = await create(ward, { periodKind: 'year', year: 2027 });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe('period_in_future');
    const badCutoff = await create(ward, { periodKind: 'month', year: 2026, index: 1, cutoffDay: 31 });
    expect(badCutoff.statusCode).toBe(400);
    const badCampaign = await ward.post('/api/reports', { campaignId: 'khong-co', periodKind: 'month', year: 2026, index: 1 });
    expect(badCampaign.statusCode).toBe(400);
    expect(badCampaign.json().error.message).toContain('campaignId');
    const extra = await create(ward, { periodKind: 'month', year: 2026, index: 1, status: 'accepted' });
    expect(extra.statusCode).toBe(400);
    // Requests: a past deadline, a target outside the unit, a ward asking itself.
    const past = await city.post('/api/report-requests', { periodKind: 'month', year: 2026, index: 1, deadline: '2026-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toContain('deadline');
    const notUnder = await ward.post('/api/report-requests', { periodKind: 'month', year: 2026, index: 1, deadline: '2026-12-10', targetUnitIds: [U.QUANG_PHU] });
    expect(notUnder.statusCode).toBe(400);
    expect(notUnder.json().error.message).toContain('targetUnitIds.0');
    const noKind = await ward.post('/api/reports', { year: 2026 });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.message).toContain('periodKind');
    expect((await ward.post('/api/reports', { requestId: 'khong-co', periodKind: 'month', year: 2026, index: 1 })).statusCode).toBe(404);
    expect((await ward.get('/api/report-requests/khong-co')).statusCode).toBe(404);
    expect((await ward.get('/api/reports/khong-co')).statusCode).toBe(404);
    const after = await t.db.db.selectFrom('periodic_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

