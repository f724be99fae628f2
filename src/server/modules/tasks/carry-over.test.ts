/**
 * Reorganisation and tasks: a merge recorded through the units API carries the sources' open tasks over
 * to the successor (with a note and an audit entry) and leaves done tasks where they were done; a merge
 * recorded in advance carries them over on its effective date (job `tasks.carry_over`).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session, TEST_NOW } from '../../test/harness.js';

type Task = { id: string; unitId: string; status: string; notes: Array<{ note: string }> };

let seq = 0;

describeEachDb('open tasks follow a merged unit to its successor', (ctx) => {
  let admin: Session;
  let city: Session; // danang.btt — officer of Đà Nẵng city, assigns tasks to its wards

  beforeAll(async () => {
    admin = await ctx().login('admin');
    city = await ctx().login('danang.btt');
  });

  async function ward(label: string): Promise<{ id: string; name: string }> {
    const t = ctx();
    seq += 1;
    const res = await admin.post('/api/units', {
      code: `CO${seq}_${t.engine.toUpperCase()}`,
      name: `Ủy ban MTTQ Việt Nam phường ${label} ${seq}`,
      shortName: `MTTQ P. ${label} ${seq}`,
      kind: 'front_committee',
      level: 'commune',
      parentId: await t.unit('DANANG'),
      validFrom: '2026-01-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  async function task(unitId: string, title: string, body: Record<string, unknown> = {}): Promise<Task> {
    const res = await city.post('/api/tasks', { unitId, title, recurrence: 'once', dueDate: '2026-12-20', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const get = async (id: string): Promise<Task> => {
    const res = await city.get(`/api/tasks/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const merge = async (sourceIds: string[], target: Record<string, unknown>, effectiveDate: string) => {
    const res = await admin.post('/api/units/merge', { sourceIds, target, effectiveDate, note: 'Nghị quyết sắp xếp đơn vị' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { successors: Array<{ id: string; name: string }> };
  };

  it('moves open tasks to the successor with a note and an audit entry, and leaves done tasks', async () => {
    const t = ctx();
    const a = await ward('Hòa An');
    const b = await ward('Hòa Bình');
    const openA = await task(a.id, 'Tổ chức hội nghị quán triệt');
    const quarterlyB = await task(b.id, 'Báo cáo kết quả hằng quý', { recurrence: 'quarterly', dueDate: undefined, startDate: '2026-01-01', endDate: '2026-12-31' });
    const doneA = await task(a.id, 'Xây dựng kế hoạch thực hiện');
    const done = await city.post(`/api/tasks/${doneA.id}/notes`, { note: 'Đã ban hành kế hoạch', markDone: true });
    expect(done.statusCode, done.body).toBe(201);

    const { successors } = await merge(
      [a.id, b.id],
      { code: `CO_MERGED_${seq}_${t.engine}`, name: 'Ủy ban MTTQ Việt Nam phường Hòa Hợp', shortName: 'MTTQ P. Hòa Hợp', kind: 'front_committee', level: 'commune', parentId: await t.unit('DANANG') },
      TEST_NOW.slice(0, 10),
    );
    const successor = successors[0];

    for (const [moved, from] of [
      [openA, a],
      [quarterlyB, b],
    ] as const) {
      const now = await get(moved.id);
      expect(now.unitId).toBe(successor.id);
      expect(now.status).not.toBe('done');
      expect(now.notes[0].note).toBe(`Chuyển từ ${from.name} sang ${successor.name} do sắp xếp đơn vị từ 26/11/2026.`);
    }
    const stayed = await get(doneA.id);
    expect(stayed).toMatchObject({ unitId: a.id, status: 'done' });
    expect(stayed.notes.some((n) => n.note.startsWith('Chuyển từ'))).toBe(false);

    const audit = await t.db.db.selectFrom('audit_log').select(['entity_id', 'summary', 'username']).where('action', '=', 'task.carry_over').where('entity_id', 'in', [openA.id, quarterlyB.id, doneA.id]).execute();
    expect(audit.map((r) => r.entity_id).sort()).toEqual([openA.id, quarterlyB.id].sort());
    expect(audit.every((r) => r.username === 'admin' && r.summary?.includes(successor.name))).toBe(true);

    // The successor's people see the work in their list; the source keeps only what it finished.
    const list = await city.get(`/api/tasks?unitId=${successor.id}`);
    expect(list.json().items.map((x: Task) => x.id).sort()).toEqual([openA.id, quarterlyB.id].sort());
    expect((await city.get(`/api/tasks?unitId=${a.id}`)).json().items.map((x: Task) => x.id)).toEqual([doneA.id]);
  });

  it('a merge recorded in advance carries tasks over on its effective date', async () => {
    const t = ctx();
    const src = await ward('Hòa Xuân');
    const dst = await ward('Hòa Quý');
    const open = await task(src.id, 'Duy trì chuyên mục Đại đoàn kết');
    await merge([src.id], { existingId: dst.id }, '2026-12-01');
    expect((await get(open.id)).unitId).toBe(src.id); // the source still works until 30/11
    try {
      t.clock.set('2026-12-01T00:30:00Z'); // 07:30 in Vietnam on the effective date
      expect(await t.app.services.jobs.runDue()).toBeGreaterThanOrEqual(1);
    } finally {
      t.clock.set(TEST_NOW);
    }
    const moved = await get(open.id);
    expect(moved.unitId).toBe(dst.id);
    expect(moved.notes[0].note).toBe(`Chuyển từ ${src.name} sang ${dst.name} do sắp xếp đơn vị từ 01/12/2026.`);
  });
});
