/**
 * Numbering at issue, on both databases: per issuing unit, document type and calendar year of the
 * document date; restarting at 01 on 1 January; at least two digits; never a duplicate, even with
 * ten issues at once; plans whose number is unknown (the seed plan) never take one.
 */
import { beforeAll, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { describeEachDb, type Session } from '../../test/harness.js';
import { draft, issued, ok } from './plans.testkit.js';

describeEachDb('plan numbering', (ctx) => {
  let officer: Session;
  let leader: Session;
  let qpOfficer: Session;
  let qpLeader: Session;

  beforeAll(async () => {
    const t = ctx();
    officer = await t.login('danang.btt');
    leader = await t.login('danang.lanhdao');
    qpOfficer = await t.login('quangphu.btt');
    qpLeader = await t.login('quangphu.lanhdao');
  });

  it('numbers per issuing unit and document type, with at least two digits', async () => {
    const kh1 = await issued(officer, leader, { docType: 'KH' }, { docDate: '2026-03-02' });
    const kh2 = await issued(officer, leader, { docType: 'KH' }, { docDate: '2026-03-05' });
    const hd1 = await issued(officer, leader, { docType: 'HD' }, { docDate: '2026-03-05' });
    const ward1 = await issued(qpOfficer, qpLeader, { docType: 'KH' }, { docDate: '2026-03-06' });
    expect([kh1.numberText, kh2.numberText, hd1.numberText, ward1.numberText]).toEqual(['01/KH-MTTQ-BTT', '02/KH-MTTQ-BTT', '01/HD-MTTQ-BTT', '01/KH-MTTQ-BTT']);
    expect(kh1.issuingUnitId).not.toBe(ward1.issuingUnitId);
    const cv = await issued(officer, leader, { docType: 'CV', subject: 'V/v triển khai tuyên truyền' }, { docDate: '2026-03-06' });
    expect(cv.numberText).toBe('01/MTTQ-BTT');
  });

  it('restarts at 01 on 1 January: 31/12/2025 and 02/01/2026 both take 01', async () => {
    const dec = await issued(officer, leader, { docType: 'TB' }, { docDate: '2025-12-31' });
    const dec2 = await issued(officer, leader, { docType: 'TB' }, { docDate: '2025-12-31' });
    const jan = await issued(officer, leader, { docType: 'TB' }, { docDate: '2026-01-02' });
    expect([dec.numberText, dec2.numberText, jan.numberText]).toEqual(['01/TB-MTTQ-BTT', '02/TB-MTTQ-BTT', '01/TB-MTTQ-BTT']);
    // A late entry for 2025 continues 2025's sequence, not 2026's.
    const lateEntry = await issued(officer, leader, { docType: 'TB' }, { docDate: '2025-12-30' });
    expect(lateEntry.numberText).toBe('03/TB-MTTQ-BTT');
    const t = ctx();
    const rows = await t.db.db.selectFrom('plans').select(['number', 'number_year']).where('id', 'in', [dec.id, jan.id]).orderBy('number_year').execute();
    expect(rows).toEqual([
      { number: 1, number_year: 2025 },
      { number: 1, number_year: 2026 },
    ]);
  });

  it('ten issues at once take ten distinct consecutive numbers', async () => {
    const drafts = [];
    for (let i = 0; i < 10; i += 1) drafts.push(await draft(officer, { docType: 'CTr', subject: `Chương trình phối hợp ${i + 1}` }));
    const results = await Promise.all(drafts.map((d) => leader.post(`/api/plans/${d.id}/issue`, { docDate: '2026-06-01' })));
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const numbers = results.map((r) => Number.parseInt(r.json().numberText, 10)).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(results.map((r) => r.json().numberText)).size).toBe(10);
  });

  it('issuing the same plan twice at once: exactly one wins, the other answers 409', async () => {
    const d = await draft(officer, { docType: 'NQ' });
    const [a, b] = await Promise.all([leader.post(`/api/plans/${d.id}/issue`, {}), leader.post(`/api/plans/${d.id}/issue`, {})]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const t = ctx();
    const counter = await t.db.db.selectFrom('document_counters').select('last_number').where('doc_type', '=', 'NQ').executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(1);
  });

  it('goes past two digits (99 → 100) and the unique index refuses a duplicate number', async () => {
    const t = ctx();
    const unit = await t.unit('DANANG');
    await t.db.db.insertInto('document_counters').values({ unit_id: unit, doc_type: 'BC', year: 2026, last_number: 99 }).execute();
    const p = await issued(officer, leader, { docType: 'BC' }, { docDate: '2026-09-30' });
    expect(p.numberText).toBe('100/BC-MTTQ-BTT');
    const row = await t.db.db.selectFrom('plans').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    await expect(t.db.db.insertInto('plans').values({ ...row, id: newId() }).execute()).rejects.toThrow();
  });

  it('a plan whose number is unknown (the seed plan) is issued without a number and takes none from the counter', async () => {
    const before = await issued(officer, leader, { docType: 'KH' }, { docDate: '2026-10-01' });
    const seedLike = await issued(officer, leader, { docType: 'KH', numberUnknown: true, subject: 'Tuyên truyền Nghị quyết số 57-NQ/TW' }, { docDate: '2026-10-02' });
    expect(seedLike).toMatchObject({ status: 'issued', numberText: null, numberUnknown: true });
    const after = await issued(officer, leader, { docType: 'KH' }, { docDate: '2026-10-03' });
    expect(Number.parseInt(after.numberText, 10)).toBe(Number.parseInt(before.numberText, 10) + 1);
    expect(ok(await officer.get(`/api/plans?search=${encodeURIComponent('57-NQ/TW')}`)).items.map((i: { id: string }) => i.id)).toContain(seedLike.id);
  });
});
