/**
 * The monitoring dashboard on both databases, over the full demo (Đà Nẵng's 2026 campaign with its
 * plan cascade and tasks) plus a handful of activity reports around the 1/7/2025 merge: aggregation by
 * form / topic / unit / month (as of the period: the former wards; as of today: the new ones; equal
 * totals), indicators, units that have not reported, coverage, overdue tasks and plans not issued,
 * scope and period errors, and equality with /api/activities/figures.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { type CampaignFixture, seedActivityCatalogue } from '../activities/activities.testkit.js';
import { newId } from '../../platform/ids.js';

type Json = Record<string, any>;

describeEachDb(
  'dashboard',
  (ctx) => {
    let ward: Session; // tamky.btt — phường Tam Kỳ
    let city: Session; // danang.btt
    let qp: Session; // quangphu.btt
    let U: Record<string, string>;
    let C: CampaignFixture;
    let demoCampaignId: string;

    const qs = (q: Record<string, string | number>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
    const get = async (s: Session, path: string, q: Record<string, string | number>, status = 200) => {
      const res = await s.get(`/api/dashboard/${path}?${qs(q)}`);
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as Json;
    };
    const report = async (author: Session, reviewer: Session | null, over: Json, then: 'accept' | 'return' | 'none' = 'accept') => {
      const res = await author.post('/api/activities', { campaignId: C.campaignId, title: 'Hoạt động', submit: true, ...over });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      if (reviewer && then !== 'none') {
        const r = await reviewer.post(`/api/activities/${id}/${then}`, then === 'return' ? { comment: 'Sửa lại' } : {});
        expect(r.statusCode, r.body).toBe(200);
      }
      return id;
    };

    beforeAll(async () => {
      const t = ctx();
      U = {};
      for (const c of ['DANANG', 'TAMKY', 'PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA', 'BAN_THACH', 'AN_MY', 'AN_MY_KDC1', 'AN_PHU', 'AN_XUAN', 'HOA_HUONG']) U[c] = await t.unit(c);
      C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG, 'NQ57-TEST');
      demoCampaignId = (await t.db.db.selectFrom('campaigns').select('id').where('unit_id', '=', U.DANANG).where('code', '=', 'NQ57').executeTakeFirstOrThrow()).id;
      ward = await t.login('tamky.btt');
      city = await t.login('danang.btt');
      qp = await t.login('quangphu.btt');
      const T = C.topics;
      await report(ward, city, { unitId: U.AN_MY, dateFrom: '2025-05-10', formCode: 'HOI_NGHI', topicIds: [T.QD1], measures: { sessions: 1, attCadres: 10, attResidents: 50 } });
      await report(ward, ward, { unitId: U.AN_MY_KDC1, dateFrom: '2025-03-15', formCode: 'TRUC_QUAN', topicIds: [T.NV1], measures: { banners: 5, flags: 20 } });
      await report(ward, city, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-09-01', formCode: 'HOI_NGHI', topicIds: [T.QD1, T.QD2], measures: { sessions: 2, attCadres: 30, attParty: 5 } });
      await report(qp, city, { unitId: U.QUANG_PHU, dateFrom: '2025-08-20', formCode: 'TRUYEN_THANH', measures: { bulletins: 4, radioMinutes: 60 } });
      await report(qp, city, { unitId: U.AN_PHU, dateFrom: '2025-04-03', formCode: 'HOI_NGHI', measures: { sessions: 1, attResidents: 80 } });
      // Not counted in figures: waiting for review, returned, draft.
      await report(ward, null, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-10-10', formCode: 'HOI_NGHI', measures: { attCadres: 999 } }, 'none');
      await report(ward, city, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-10-11', formCode: 'HOI_NGHI', measures: { attCadres: 999 } }, 'return');
      const d = await ward.post('/api/activities', { unitId: U.PHUONG_TAMKY, campaignId: C.campaignId, title: 'Nháp', formCode: 'HOI_NGHI', dateFrom: '2025-10-12' });
      expect(d.statusCode, d.body).toBe(201);
      // Indicators of the test campaign: measured from the figures.
      await t.db.db
        .insertInto('campaign_indicators')
        .values([
          { id: newId(), campaign_id: C.campaignId, name: 'Phát thanh 120 phút', metric: 'radioMinutes', target_value: 120, unit_label: 'phút', sort: 1 },
          { id: newId(), campaign_id: C.campaignId, name: 'Trực quan', metric: 'visual', target_value: 50, unit_label: 'cái', sort: 2 },
          { id: newId(), campaign_id: C.campaignId, name: 'Hội nghị mỗi phường', metric: 'conferences_per_ward', target_value: 1, unit_label: 'hội nghị', sort: 3 },
          { id: newId(), campaign_id: C.campaignId, name: 'Khác', metric: 'custom', target_value: 1, unit_label: null, sort: 4 },
        ])
        .execute();
    });

    it('summary: totals, by form, by month, by topic and pending, equal to /api/activities/figures', async () => {
      const q = { unitId: U.DANANG, period: 'half', year: 2025, index: 1, campaignId: C.campaignId };
      const s = await get(city, 'summary', q);
      expect(s.filter).toMatchObject({ from: '2025-01-01', to: '2025-06-30', periodLabel: '6 tháng đầu năm 2025', campaignId: C.campaignId, cutoffDay: 1 });
      expect(s.totals).toMatchObject({ activities: 3, attendance: 140, sessions: 2, banners: 5, flags: 20 });
      const form = (k: string) => s.byForm.find((f: Json) => f.key === k);
      expect(form('HOI_NGHI')).toMatchObject({ activities: 2, attendance: 140 });
      expect(form('TRUC_QUAN').activities).toBe(1);
      expect(form('BDHVS').activities).toBe(0); // every form, zeros included
      expect(s.byMonth.map((m: Json) => [m.label, m.activities])).toEqual([
        ['T1/2025', 0],
        ['T2/2025', 0],
        ['T3/2025', 1],
        ['T4/2025', 1],
        ['T5/2025', 1],
        ['T6/2025', 0],
      ]);
      const topic = (id: string) => s.byTopic.find((x: Json) => x.key === id);
      expect(topic(C.topics.QD1).activities).toBe(1);
      expect(topic(C.topics.NV1).activities).toBe(1);
      expect(topic(C.topics.QD2).activities).toBe(0);
      expect(s.headline.map((h: Json) => h.key).slice(0, 4)).toEqual(['activities', 'attendance', 'sessions', 'visual']);
      expect(s.headline.find((h: Json) => h.key === 'visual').value).toBe(25);
      expect(s.pending).toEqual({ submitted: 1, returned: 1, drafts: 1 });

      for (const [period, extra] of [
        [{ period: 'half', year: 2025, index: 1 }, {}],
        [{ period: 'year', year: 2025 }, {}],
        [{ from: '2025-03-10', to: '2025-08-31' }, {}],
        [{ period: 'year', year: 2025 }, { unitId: U.PHUONG_TAMKY }],
      ] as const) {
        const filter = { unitId: U.DANANG, campaignId: C.campaignId, ...period, ...extra };
        const dash = await get(city, 'summary', filter);
        const fig = await city.get(`/api/activities/figures?${qs({ ...filter, groupBy: 'form' })}`);
        expect(fig.statusCode, fig.body).toBe(200);
        expect(dash.totals).toEqual(fig.json().totals);
        expect(dash.byForm.map((f: Json) => [f.key, f.activities])).toEqual(fig.json().groups.map((g: Json) => [g.form, g.values.activities]));
      }
    });

    it('units: as of the period a half-year before 1/7/2025 shows the former wards; as of today the new ones; equal totals', async () => {
      const base = { unitId: U.DANANG, period: 'half', year: 2025, index: 1, campaignId: C.campaignId };
      const period = await get(city, 'units', { ...base, unitGrouping: 'as_of_period' });
      const today = await get(city, 'units', base);
      const row = (v: Json, id: string) => v.rows.find((r: Json) => r.key === id);
      expect(row(period, U.AN_MY)).toMatchObject({ activities: 2, kind: 'child', active: false, lastActivityDate: '2025-05-10' });
      expect(row(period, U.AN_PHU).activities).toBe(1);
      expect(row(period, U.PHUONG_TAMKY)).toBeUndefined();
      expect(period.notReported.map((n: Json) => n.unitId)).toEqual(expect.arrayContaining([U.HOA_HUONG, U.AN_XUAN]));
      expect(period.notReported.map((n: Json) => n.unitId)).not.toContain(U.AN_MY);
      expect(row(today, U.PHUONG_TAMKY)).toMatchObject({ activities: 2, attendance: 60, active: true, lastActivityDate: '2025-05-10' });
      expect(row(today, U.QUANG_PHU)).toMatchObject({ activities: 1, attendance: 80 });
      expect(row(today, U.AN_MY)).toBeUndefined();
      expect(today.notReported.map((n: Json) => n.unitId)).toEqual(expect.arrayContaining([U.HUONG_TRA, U.BAN_THACH]));
      expect(today.notReported.map((n: Json) => n.unitId)).not.toContain(U.PHUONG_TAMKY);
      const sum = (v: Json) => v.rows.reduce((s: number, r: Json) => s + r.activities, 0);
      expect(sum(period)).toBe(3);
      expect(sum(today)).toBe(3);

      // The whole year: the report waiting for review counts as reported (submitted) for phường Tam Kỳ.
      const year = await get(city, 'units', { unitId: U.DANANG, period: 'year', year: 2025, campaignId: C.campaignId });
      expect(row(year, U.PHUONG_TAMKY)).toMatchObject({ activities: 3, submitted: 1, lastActivityDate: '2025-09-01' });
      const q4 = await get(city, 'units', { unitId: U.DANANG, period: 'quarter', year: 2025, index: 4, campaignId: C.campaignId });
      expect(row(q4, U.PHUONG_TAMKY)).toMatchObject({ activities: 0, submitted: 1, lastActivityDate: null });
      expect(q4.notReported.map((n: Json) => n.unitId)).not.toContain(U.PHUONG_TAMKY);
      expect(q4.notReported.map((n: Json) => n.unitId)).toContain(U.QUANG_PHU);
    });

    it('indicators: actual against target from the period’s figures', async () => {
      const s = await get(city, 'summary', { unitId: U.DANANG, period: 'year', year: 2025, campaignId: C.campaignId });
      const ind = (metric: string) => s.indicators.find((i: Json) => i.metric === metric);
      expect(ind('radioMinutes')).toMatchObject({ target: 120, actual: 60, percent: 50 });
      expect(ind('visual')).toMatchObject({ target: 50, actual: 25, percent: 50 });
      expect(ind('conferences_per_ward').actual).toBeGreaterThan(0);
      expect(ind('conferences_per_ward').note).toMatch(/^3 hội nghị, \d+ đơn vị trực thuộc$/);
      expect(ind('custom')).toMatchObject({ actual: null, percent: null });

      // The demo campaign: share of implementing plans issued, from the plan cascade.
      const t = ctx();
      const demo = await get(city, 'summary', { unitId: U.DANANG, period: 'year', year: 2026 });
      expect(demo.filter.campaignId).toBe(demoCampaignId); // default: the newest active campaign
      const reqs = await t.db.db
        .selectFrom('implementation_requests as q')
        .innerJoin('plans as p', 'p.id', 'q.plan_id')
        .select(['q.implemented_at'])
        .where('p.campaign_id', '=', demoCampaignId)
        .where('p.status', '=', 'issued')
        .execute();
      const issued = reqs.filter((r) => r.implemented_at).length;
      expect(reqs.length).toBeGreaterThan(issued);
      const pct = demo.indicators.find((i: Json) => i.metric === 'plans_issued_pct');
      expect(pct).toMatchObject({ target: 100, actual: Math.round((issued / reqs.length) * 1000) / 10 });
      expect(pct.note).toBe(`${issued}/${reqs.length} đơn vị đã ban hành kế hoạch thực hiện`);
    });

    it('coverage: unit × main topic grid; a campaign is required', async () => {
      const c = await get(city, 'coverage', { unitId: U.DANANG, period: 'year', year: 2025, campaignId: C.campaignId });
      // Columns: the main groups (NQ 57's own groups replace the document heading "NQ57").
      expect(c.topics.map((x: Json) => x.code)).toEqual(['QD', 'MT2030', 'TN2045', 'NV', 'TCTH', 'CTR60', 'GSPB', 'BDHVS', 'KNS']);
      const col = (code: string) => c.topics.findIndex((x: Json) => x.code === code);
      const line = (unitId: string) => c.cells[c.units.findIndex((u: Json) => u.key === unitId)];
      // phường Tam Kỳ: A1 (QD1, via An Mỹ), A3 (QD1 + QD2) → three topic tags under QD; A2 (NV1) under NV.
      expect(line(U.PHUONG_TAMKY)[col('QD')]).toBe(3);
      expect(line(U.PHUONG_TAMKY)[col('NV')]).toBe(1);
      expect(line(U.QUANG_PHU).every((n: number) => n === 0)).toBe(true); // its reports have no topic
      const cellsTotal = c.cells.length * c.topics.length;
      const empty = c.cells.flat().filter((n: number) => n === 0).length;
      expect(c.uncovered).toBe(empty);
      expect(empty).toBe(cellsTotal - 2);
      const res = await city.get(`/api/dashboard/coverage?${qs({ unitId: U.DANANG, campaignId: 'all' })}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'campaign_required' });
      expect(res.json().error.message).toContain('Chương trình');
    });

    it('coverage follows the topic tree: a moved or archived topic counts under its new main topic at once', async () => {
      const q = { unitId: U.DANANG, period: 'year', year: 2025, campaignId: C.campaignId };
      const cell = (c: Json, unitId: string, code: string) => c.cells[c.units.findIndex((u: Json) => u.key === unitId)][c.topics.findIndex((x: Json) => x.code === code)];
      const move = async (id: string, parentId: string) => {
        const res = await city.patch(`/api/topics/${id}`, { parentId });
        expect(res.statusCode, res.body).toBe(200);
      };
      const before = await get(city, 'coverage', q);
      expect([cell(before, U.PHUONG_TAMKY, 'QD'), cell(before, U.PHUONG_TAMKY, 'NV')]).toEqual([3, 1]);
      await move(C.topics.QD2, C.topics.NV); // A3's QD2 tag now counts under NV
      const moved = await get(city, 'coverage', q);
      expect([cell(moved, U.PHUONG_TAMKY, 'QD'), cell(moved, U.PHUONG_TAMKY, 'NV')]).toEqual([2, 2]);
      const archive = await city.post(`/api/topics/${C.topics.NV1}/archive`, { archived: true });
      expect(archive.statusCode, archive.body).toBe(200);
      expect(cell(await get(city, 'coverage', q), U.PHUONG_TAMKY, 'NV')).toBe(1); // an archived topic's tags no longer count
      expect((await city.post(`/api/topics/${C.topics.NV1}/archive`, { archived: false })).statusCode).toBe(200);
      await move(C.topics.QD2, C.topics.QD);
      const back = await get(city, 'coverage', q);
      expect(back.cells).toEqual(before.cells);
    });

    it('follow-up: overdue tasks and plans not issued from the demo cascade, within the roll-up', async () => {
      const t = ctx();
      const today = t.clock.today();
      const f = await get(city, 'follow-up', { unitId: U.DANANG });
      expect(f.filter.campaignId).toBe(demoCampaignId);
      const names = f.plansNotIssued.items.map((i: Json) => i.unitId);
      for (const w of ['QUANG_PHU', 'BAN_THACH', 'HUONG_TRA']) expect(names, w).toContain(U[w]);
      expect(names).not.toContain(U.PHUONG_TAMKY); // issued its implementing plan in February
      expect(f.plansNotIssued.items.every((i: Json) => i.late)).toBe(true); // deadlines 10/02/2026 and 06/3/2026 have passed
      expect(f.plansNotIssued.items.filter((i: Json) => i.deadline === '2026-02-10').length).toBeGreaterThanOrEqual(3);
      expect(f.plansNotIssued.late).toBe(f.plansNotIssued.total);
      // Reports due: the periodic reports module's answer for the same roll-up.
      const services = t.app.services;
      const rollupIds = [...services.activityFigures.unitSet(await services.units.tree(), U.DANANG, today)];
      expect(f.reportsDue).toEqual(await services.reports.dueForUnits({ unitIds: rollupIds, limit: 20 }));

      // Overdue tasks: the same rule as the tasks module (open, next due date passed), checked against SQL.
      const rollup = (await t.db.db.selectFrom('units').select('id').execute()).map((u) => u.id);
      const expected = await t.db.db
        .selectFrom('tasks')
        .select(sql<number>`count(*)`.as('n'))
        .where('status', '<>', 'done')
        .where('next_due_date', '<', today)
        .where('campaign_id', '=', demoCampaignId)
        .where('unit_id', 'in', rollup)
        .executeTakeFirstOrThrow();
      expect(Number(expected.n)).toBeGreaterThan(0);
      expect(f.overdueTasks.total).toBe(Number(expected.n));
      const items = f.overdueTasks.items as Json[];
      expect(items.length).toBe(Math.min(20, f.overdueTasks.total));
      expect(items.map((i) => i.dueDate)).toEqual([...items.map((i) => i.dueDate)].sort());
      for (const i of items) expect(i.daysLate).toBeGreaterThan(0);

      // Every campaign: the 2025 seed plan's open requests (former wards) count too.
      const all = await get(city, 'follow-up', { unitId: U.DANANG, campaignId: 'all' });
      expect(all.plansNotIssued.total).toBeGreaterThan(f.plansNotIssued.total);
      expect(all.overdueTasks.total).toBeGreaterThanOrEqual(f.overdueTasks.total);

      // A ward sees its own roll-up only.
      const w = await get(ward, 'follow-up', { campaignId: 'all' });
      expect(w.filter.unitId).toBe(U.PHUONG_TAMKY);
      const wardUnits = new Set(w.overdueTasks.items.map((i: Json) => i.unitId).concat(w.plansNotIssued.items.map((i: Json) => i.unitId)));
      expect(wardUnits.has(U.QUANG_PHU)).toBe(false);
      expect(w.plansNotIssued.items.map((i: Json) => i.unitId)).not.toContain(U.BAN_THACH);
    });

    it('scope and bad input: 404 outside scope, 400 in Vietnamese naming the field', async () => {
      for (const path of ['summary', 'units', 'coverage', 'follow-up']) {
        const res = await ward.get(`/api/dashboard/${path}?unitId=${U.DANANG}`);
        expect(res.statusCode, path).toBe(404);
        expect(res.json().error.code).toBe('unit_not_found');
      }
      expect((await qp.get(`/api/dashboard/summary?unitId=${U.PHUONG_TAMKY}`)).statusCode).toBe(404);
      const bad = async (q: string, code: string, text: string) => {
        const res = await city.get(`/api/dashboard/summary?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().error.code, q).toBe(code);
        expect(res.json().error.message, q).toContain(text);
      };
      await bad('period=quarter&year=2025&index=5', 'validation_failed', 'Trường «Kỳ (index)»: quý phải từ 1 đến 4');
      await bad('period=month&year=2025', 'validation_failed', 'Kỳ (index)');
      await bad('from=2025-05-01&to=2025-04-01', 'invalid_period', 'Đến ngày (to)');
      await bad('from=2025-05-01', 'validation_failed', 'Đến ngày (to)');
      await bad('from=2015-01-01&to=2025-04-01', 'invalid_period', '5 năm');
      await bad('period=year&year=2025&from=2025-01-01&to=2025-02-01', 'validation_failed', 'Kỳ (period)');
      await bad('cutoffDay=31', 'validation_failed', 'cutoffDay');
      const missing = await city.get('/api/dashboard/summary?campaignId=khong-co');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('campaign_not_found');
    });

    it('cached figures follow every accept (stats version), waiting reports are counted live', async () => {
      const t = ctx();
      const q = { unitId: U.PHUONG_TAMKY, period: 'year', year: 2026, campaignId: C.campaignId };
      const before = await get(ward, 'summary', q);
      const units = await get(ward, 'units', q);
      const version = async () => (await t.db.db.selectFrom('meta').select('value').where('key', '=', 'stats_version').executeTakeFirstOrThrow()).value;
      const v0 = await version();
      const res = await ward.post('/api/activities', { campaignId: C.campaignId, unitId: U.PHUONG_TAMKY, title: 'Mới', formCode: 'FANPAGE', dateFrom: '2026-11-20', topicIds: [C.topics.MT08], measures: { articles: 2 }, submit: true });
      expect(res.statusCode, res.body).toBe(201);
      const waiting = await get(ward, 'summary', q);
      expect(waiting.totals).toEqual(before.totals); // not accepted yet
      expect(waiting.pending.submitted).toBe(before.pending.submitted + 1);
      expect((await get(ward, 'units', q)).rows.find((x: Json) => x.key === U.PHUONG_TAMKY).submitted).toBe(units.rows.find((x: Json) => x.key === U.PHUONG_TAMKY).submitted + 1);
      expect((await city.post(`/api/activities/${res.json().id}/accept`, {})).statusCode).toBe(200);
      expect(await version()).not.toBe(v0);
      const after = await get(ward, 'summary', q);
      expect(after.totals.activities).toBe(before.totals.activities + 1);
      expect(after.totals.articles).toBe(before.totals.articles + 2);
      expect(after.byTopic.find((x: Json) => x.key === C.topics.MT08).activities).toBe(1);
      const cov = await get(ward, 'coverage', q);
      expect(cov.cells.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1);
      const u = await get(ward, 'units', q);
      expect(u.rows.find((x: Json) => x.key === U.PHUONG_TAMKY)).toMatchObject({ activities: after.totals.activities, lastActivityDate: '2026-11-20' });
    });

    it('recognised good models and exemplary people per unit as of today (a merged ward counts for its successor); a new one once accepted', async () => {
      const t = ctx();
      const q = { unitId: U.DANANG, campaignId: 'all' };
      const before = (await get(city, 'units', q)).recognised;
      const row = (rec: Json, unitId: string) => rec.rows.find((x: Json) => x.unitId === unitId);
      // Demo: Quảng Phú itself, its youth union and the former An Phú ward (merged into Quảng Phú on 1/7/2025).
      expect(row(before, U.QUANG_PHU)).toMatchObject({ kind: 'child', model: 2, person: 1, total: 3, published: 3 });
      expect(row(before, U.HUONG_TRA)).toMatchObject({ total: 2 });
      const bt0 = row(before, U.BAN_THACH);
      expect(before.total).toBe(before.rows.reduce((a: number, x: Json) => a + x.total, 0));
      expect(before.total).toBe(Number((await t.db.db.selectFrom('good_models').select(sql<number>`count(*)`.as('n')).where('status', '=', 'accepted').executeTakeFirstOrThrow()).n));
      // The ward sees its own organisations and residential areas.
      const wardView = (await get(ward, 'units', { campaignId: 'all' })).recognised;
      expect(wardView.total).toBe(row(before, U.PHUONG_TAMKY).total);
      expect(wardView.rows.every((x: Json) => x.unitId !== U.QUANG_PHU)).toBe(true);

      const bt = await t.login('banthach.btt');
      const created = await bt.post('/api/models', { kind: 'person', field: 'ky-nang-so-nguoi-cao-tuoi', name: 'Cô Lê Thị Bé dạy kỹ năng số cho người cao tuổi', place: 'Phường Bàn Thạch', summary: 'Tóm tắt.', description: 'Mô tả.', year: 2026 });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await bt.post(`/api/models/${id}/submit`)).statusCode).toBe(200);
      expect(row((await get(city, 'units', q)).recognised, U.BAN_THACH).total).toBe(bt0.total); // waiting for review
      const acc = await city.post(`/api/models/${id}/accept`, { isPublic: false });
      expect(acc.statusCode, acc.body).toBe(200);
      const after = (await get(city, 'units', q)).recognised;
      expect(row(after, U.BAN_THACH)).toMatchObject({ model: bt0.model, person: bt0.person + 1, total: bt0.total + 1, published: bt0.published });
      expect(after).toMatchObject({ total: before.total + 1, person: before.person + 1, published: before.published });
      expect(after.rows[0].total).toBeGreaterThanOrEqual(after.rows[after.rows.length - 1].total);
    });

    it('every dashboard route is in the OpenAPI description with a summary', async () => {
      const spec = (await ctx().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      for (const path of ['summary', 'units', 'coverage', 'follow-up']) {
        const op = spec.paths[`/api/dashboard/${path}`]?.get;
        expect(op?.summary, path).toMatch(/^Bảng điều khiển: /);
        expect(op.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['unitId', 'campaignId', 'period', 'unitGrouping']));
      }
    });

    it('defaults: the acting unit, the current quarter, the configured cut-off day', async () => {
      const s = await get(ward, 'summary', {});
      expect(s.filter).toMatchObject({ unitId: U.PHUONG_TAMKY, from: '2026-10-01', to: '2026-12-31', periodLabel: 'Quý IV/2026', unitGrouping: 'as_of_today' });
      expect(s.filter.activitiesUrl).toContain(`unitId=${U.PHUONG_TAMKY}`);
      const m = await get(ward, 'summary', { period: 'month', year: 2026, index: 3, cutoffDay: 15 });
      expect(m.filter).toMatchObject({ from: '2026-02-15', to: '2026-03-14', periodLabel: 'Tháng 3/2026', cutoffDay: 15 });
    });
  },
  { seed: 'full' },
);
