/**
 * The full demo start-up path (`seed: 'full'`): the seed plan as structured data, the 2025 cascade with
 * its late ward, the carry-over of 1/7/2025, and today's Đà Nẵng plan with phường Tam Kỳ's implementing
 * plan — all read back through the API, as the workspace and the e2e journeys will see them.
 */
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../test/harness.js';
import { seedPlanText } from './seed-plan.js';

type PlanSummary = { id: string; issuingUnitId: string; numberText: string | null; numberUnknown: boolean; status: string; docDate: string | null; subject: string };
type CascadeItem = { unitId: string; unitName: string; status: string; onTime: boolean | null; late: boolean; deadline: string | null; implementingNumberText: string | null };
type Cascade = { items: CascadeItem[]; counts: { total: number; pending: number; drafting: number; issued: number; onTime: number; late: number } };
type Task = { id: string; unitId: string; planId: string | null; status: string; overdue: boolean; title: string; notes?: Array<{ note: string }> };

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

describeEachDb(
  'the full demo data',
  (ctx) => {
    let city: Session; // danang.btt
    let ward: Session; // tamky.btt, acting for phường Tam Kỳ
    let seedPlan: PlanSummary;
    let danangPlan: PlanSummary;
    const U: Record<string, string> = {};

    beforeAll(async () => {
      const t = ctx();
      city = await t.login('danang.btt');
      ward = await t.login('tamky.btt');
      for (const c of ['TAMKY', 'DANANG', 'PHUONG_TAMKY', 'QUANG_PHU', 'BAN_THACH', 'HUONG_TRA', 'AN_MY', 'HOA_HUONG', 'DANANG_HPN', 'DANANG_DTN']) U[c] = await t.unit(c);
      const found = await city.get(`/api/plans?search=${encodeURIComponent('57-NQ/TW')}&pageSize=100`);
      expect(found.statusCode, found.body).toBe(200);
      const items: PlanSummary[] = found.json().items;
      seedPlan = items.find((p) => p.issuingUnitId === U.TAMKY)!;
      danangPlan = items.find((p) => p.issuingUnitId === U.DANANG)!;
    });

    it('finds the seed plan by "57-NQ/TW": issued by Tam Kỳ on 07/03/2025, its number kept unknown', () => {
      expect(seedPlan).toMatchObject({ numberUnknown: true, numberText: null, status: 'issued', docDate: '2025-03-07' });
      expect(seedPlan.subject).toMatch(/^Tuyên truyền Nghị quyết số 57-NQ\/TW, ngày 22\/12\/2024/);
    });

    it('keeps the seed plan as structured data: bases, recipients, signer, section V as tasks', async () => {
      const p = (await city.get(`/api/plans/${seedPlan.id}`)).json();
      expect(p.header).toEqual({ parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: 'THÀNH PHỐ TAM KỲ', issuer: 'BAN THƯỜNG TRỰC' });
      expect(p.signer).toEqual({ mode: 'TM', authority: 'BAN THƯỜNG TRỰC', position: 'CHỦ TỊCH', name: 'Nguyễn Ba' });
      expect(p.bases.map((b: { externalNumber: string }) => b.externalNumber)).toEqual(['51/KH-MTTQ-BTT', '224-KH/TU']);
      expect(p.recipients.map((r: { text: string }) => r.text)).toEqual(['Ban Tuyên giáo UBMTTQVN tỉnh', 'Ban Tuyên giáo và Dân vận Thành ủy', 'Các tổ chức thành viên UBMTTQVN th.phố', 'BTT Ủy ban MTTQ Việt Nam các xã, phường']);
      expect(p.requestDeadline).toBe('2025-03-21');
      expect(p.responsibilities.map((r: { targetGroup: string; duties: unknown[] }) => [r.targetGroup, r.duties.length])).toEqual([
        ['self', 4],
        ['member_organisations', 2],
        ['ward_committees', 3],
      ]);
      const overview = (await city.get(`/api/tasks/overview?planId=${seedPlan.id}`)).json() as Array<{ total: number }>;
      expect(overview.reduce((n, r) => n + r.total, 0)).toBe(4 + 9 * 2 + 12 * 3);
    });

    it('exports the seed plan as .docx with the seed file word for word', async () => {
      const res = await city.get(`/api/plans/${seedPlan.id}/export?format=docx`);
      expect(res.statusCode).toBe(200);
      let text = (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
      for (const s of ['ỦY BAN MTTQ VIỆT NAM', 'THÀNH PHỐ TAM KỲ', 'BAN THƯỜNG TRỰC', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']) {
        const at = text.indexOf(s);
        expect(at, s).toBeGreaterThanOrEqual(0);
        expect(at, s).toBeLessThan(text.indexOf('Tam Kỳ, ngày'));
        text = text.slice(0, at) + text.slice(at + s.length);
      }
      const number = /Số:\s+\/KH-MTTQ-BTT/.exec(text);
      expect(number, 'Số:      /KH-MTTQ-BTT (number unknown)').not.toBeNull();
      text = text.replace(number![0], '');
      const start = 'Tam Kỳ, ngày 07 tháng 3 năm 2025';
      const end = 'Nguyễn Ba';
      const seed = seedPlanText();
      const from = text.indexOf(start);
      const to = text.lastIndexOf(end) + end.length;
      expect(collapse(text.slice(0, from))).toBe('');
      expect(collapse(text.slice(to))).toBe('');
      expect(collapse(text.slice(from, to))).toBe(collapse(seed.slice(seed.indexOf(start), seed.lastIndexOf(end) + end.length)));
    });

    it('asked 21 units for implementing plans in 2025 (9 member organisations, 12 wards), one ward late', async () => {
      const c: Cascade = (await city.get(`/api/plans/${seedPlan.id}/cascade`)).json();
      expect(c.counts.total).toBe(21);
      expect(c.items.filter((i) => /^Ủy ban MTTQ Việt Nam (phường|xã) /.test(i.unitName))).toHaveLength(12);
      expect(c.items.every((i) => i.deadline === '2025-03-21')).toBe(true);
      expect(c.counts.issued).toBeGreaterThanOrEqual(5);
      const hoaHuong = c.items.find((i) => i.unitId === U.HOA_HUONG)!;
      expect(hoaHuong).toMatchObject({ status: 'issued', onTime: false, late: true });
      expect(c.items.find((i) => i.unitId === U.AN_MY)).toMatchObject({ status: 'issued', onTime: true, late: false, implementingNumberText: '01/KH-MTTQ-BTT' });
    });

    it('carried An Mỹ’s open 2025 tasks over to phường Tam Kỳ on 1/7/2025', async () => {
      const t = ctx();
      const moved = await t.db.db
        .selectFrom('task_notes')
        .innerJoin('tasks', 'tasks.id', 'task_notes.task_id')
        .select(['tasks.id', 'tasks.unit_id', 'task_notes.note'])
        .where('task_notes.note', 'like', 'Chuyển từ Ủy ban MTTQ Việt Nam phường An Mỹ sang %')
        .execute();
      expect(moved.length).toBeGreaterThanOrEqual(2);
      expect(moved.every((m) => m.unit_id === U.PHUONG_TAMKY)).toBe(true);
      expect(moved[0].note).toBe('Chuyển từ Ủy ban MTTQ Việt Nam phường An Mỹ sang Ủy ban MTTQ Việt Nam phường Tam Kỳ do sắp xếp đơn vị từ 01/07/2025.');
      const list = (await ward.get('/api/tasks?pageSize=100')).json();
      expect(list.items.map((x: Task) => x.id)).toEqual(expect.arrayContaining(moved.map((m) => m.id)));
      // Nothing open is left on a unit that ceased and has a successor; done work stays where it was done.
      const old = await t.db.db.selectFrom('tasks').select(['unit_id', 'status']).where('unit_id', '=', U.AN_MY).execute();
      expect(old.length).toBeGreaterThan(0);
      expect(old.every((x) => x.status === 'done')).toBe(true);
    });

    it('today: Đà Nẵng’s plan 05/KH-MTTQ-BTT — phường Tam Kỳ issued on time, three wards not yet', async () => {
      expect(danangPlan).toMatchObject({ numberText: '05/KH-MTTQ-BTT', status: 'issued', docDate: '2026-01-20' });
      const c: Cascade = (await city.get(`/api/plans/${danangPlan.id}/cascade`)).json();
      const by = new Map(c.items.map((i) => [i.unitId, i]));
      expect(c.counts.total).toBe(6);
      expect(by.get(U.PHUONG_TAMKY)).toMatchObject({ status: 'issued', onTime: true, late: false, deadline: '2026-02-10' });
      expect(by.get(U.QUANG_PHU)).toMatchObject({ status: 'pending', onTime: null, late: true });
      for (const u of [U.BAN_THACH, U.HUONG_TRA]) expect(by.get(u)?.status).not.toBe('issued');
      expect(by.has(U.DANANG_HPN) && by.has(U.DANANG_DTN)).toBe(true);
      // Quảng Phú's request is untouched: no draft, so the journey can start one.
      const t = ctx();
      const qp = await t.db.db.selectFrom('implementation_requests').select(['implementing_plan_id']).where('plan_id', '=', danangPlan.id).where('target_unit_id', '=', U.QUANG_PHU).executeTakeFirstOrThrow();
      expect(qp.implementing_plan_id).toBeNull();
    });

    it('shows phường Tam Kỳ its overdue Q3/2026 work, and some tasks done', async () => {
      const overdue = (await ward.get('/api/tasks?overdue=true')).json();
      expect(overdue.total).toBeGreaterThanOrEqual(1);
      expect(overdue.items.every((x: Task) => x.overdue && x.unitId === U.PHUONG_TAMKY)).toBe(true);
      expect(overdue.items.some((x: Task) => x.planId === danangPlan.id)).toBe(true);
      const done = (await ward.get(`/api/tasks?planId=${danangPlan.id}&status=done`)).json();
      expect(done.total).toBeGreaterThanOrEqual(1);
    });

    it('leaves 2025 notifications read', async () => {
      const t = ctx();
      const unread = await t.db.db.selectFrom('notifications').select('id').where('created_at', '<', '2026-01-01').where('read_at', 'is', null).execute();
      expect(unread).toHaveLength(0);
    });
  },
  { seed: 'full' },
);
