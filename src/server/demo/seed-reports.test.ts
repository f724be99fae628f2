/**
 * The demo periodic reports (`seed: 'full'`), read back through the API: phường An Mỹ's Q2/2025 report sent
 * to the Tam Kỳ city Front before the merge, with figures frozen from the demo activity reports; the city's
 * H1/2025 report; and Đà Nẵng's Q3/2025 request to the four new wards — two on time, one late, one not started.
 */
import { beforeAll, expect, it } from 'vitest';
import { reportReviewerUnits } from '../modules/reports/index.js';
import { UnitsRepository } from '../modules/units/units.repository.js';
import { describeEachDb, type Session } from '../test/harness.js';

type Json = Record<string, any>;

describeEachDb(
  'the demo periodic reports',
  (ctx) => {
    let admin: Session;
    const U: Record<string, string> = {};
    let list: Json[];

    beforeAll(async () => {
      const t = ctx();
      for (const c of ['AN_MY', 'TAMKY', 'QNAM', 'DANANG', 'PHUONG_TAMKY', 'QUANG_PHU', 'BAN_THACH', 'HUONG_TRA']) U[c] = await t.unit(c);
      admin = await t.login('admin');
      const res = await admin.get('/api/reports?pageSize=100');
      expect(res.statusCode, res.body).toBe(200);
      list = res.json().items;
    });

    it("phường An Mỹ's Q2/2025 report was sent to the city before the merge, with its figures frozen", async () => {
      const anMy = list.find((r) => r.unitId === U.AN_MY)!;
      expect(anMy).toMatchObject({ periodKind: 'quarter', periodYear: 2025, periodIndex: 2, periodFrom: '2025-04-01', periodTo: '2025-06-30', status: 'submitted', docDate: '2025-06-30' });
      expect(anMy.numberText).toMatch(/^\d+\/BC-MTTQ-BTT$/);
      const detail = (await admin.get(`/api/reports/${anMy.id}`)).json() as Json;
      expect(detail.figures.frozenAt).toBe('2025-06-30T10:30:00.000Z');
      expect(detail.figures.totals.activities).toBeGreaterThan(5);
      expect(detail.figures.totals.attendance).toBeGreaterThan(100);
      expect(detail.signer.name).toBe('Phan Thị Thu');
      // The residential areas of An Mỹ appear in the annex by unit (as they stood in the period).
      expect((detail.figures.byUnit as Json[]).some((u) => /khối phố/.test(u.label))).toBe(true);
      const db = ctx().db.db;
      // Every report of the ward and its residential areas for the quarter had been reviewed when it was sent.
      const accepted = await db
        .selectFrom('activities')
        .select(['id', 'reviewed_at'])
        .where('status', '=', 'accepted')
        .where('date_from', '>=', '2025-04-01')
        .where('date_from', '<=', '2025-06-30')
        .where('unit_id', 'in', (await db.selectFrom('units').select('id').where('code', 'like', 'AN_MY%').execute()).map((u) => u.id))
        .execute();
      expect(accepted.every((a) => a.reviewed_at! < '2025-06-30T10:30:00.000Z')).toBe(true);
      expect(detail.figures.totals.activities).toBe(accepted.length);
    });

    it("the Tam Kỳ city Front's H1/2025 report, received by Quảng Nam when the reports policy lets the province review the city", async () => {
      const city = list.find((r) => r.unitId === U.TAMKY)!;
      expect(city).toMatchObject({ periodKind: 'half', periodYear: 2025, periodIndex: 1, periodFrom: '2025-01-01', periodTo: '2025-06-30' });
      const tree = await new UnitsRepository(ctx().db.db).tree();
      // The city and the province both merged into Đà Nẵng; the province is still the unit above the city.
      expect(reportReviewerUnits(tree, U.TAMKY, null, '2025-06-30')).toContain(U.QNAM);
      expect(city).toMatchObject({ status: 'accepted', reviewedByName: 'Phạm Thị Thanh Hương', late: false });
      const detail = (await admin.get(`/api/reports/${city.id}`)).json() as Json;
      expect(detail.figures.totals.activities).toBeGreaterThan(300);
      expect((detail.figures.byUnit as Json[]).length).toBeGreaterThanOrEqual(12);
    });

    it("Đà Nẵng's Q3/2025 request: two wards on time, one late, one not started", async () => {
      const city = await ctx().login('danang.btt');
      const sent = (await city.get('/api/report-requests?role=sent')).json() as Json;
      const q3 = (sent.items as Json[]).find((r) => r.periodYear === 2025 && r.periodIndex === 3)!;
      expect(q3).toMatchObject({ unitId: U.DANANG, periodKind: 'quarter', deadline: '2025-10-05' });
      const target = (code: string) => (q3.targets as Json[]).find((x) => x.unitId === U[code]);
      expect(target('PHUONG_TAMKY')).toMatchObject({ status: 'accepted', late: false });
      expect(target('QUANG_PHU')).toMatchObject({ status: 'accepted', late: false });
      expect(target('BAN_THACH')).toMatchObject({ status: 'submitted', late: true });
      expect(target('HUONG_TRA')).toMatchObject({ status: 'not_started', late: true });
      expect(q3.counts).toMatchObject({ total: 4, submitted: 3, onTime: 2, late: 2, accepted: 2, notStarted: 1 });
      // The late ward's report waits in Đà Nẵng's review list.
      const detail = (await city.get(`/api/reports/${target('BAN_THACH')!.reportId}`)).json() as Json;
      expect(detail.can.accept).toBe(true);
      expect(detail.figures.totals.activities).toBeGreaterThan(0);
    });
  },
  { seed: 'full' },
);
