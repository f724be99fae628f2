import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';

describeEachDb('unit tree as of a date', (ctx) => {
  const names = async (date: string, parentCode: string, as = 'admin') => {
    const t = ctx();
    const s = await t.login(as);
    const parent = await t.unit(parentCode);
    const res = await s.get(`/api/units?asOf=${date}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ name: string; parentId: string | null; kind: string }>;
    return items.filter((u) => u.parentId === parent && u.kind === 'front_committee').map((u) => u.name).sort();
  };

  it('before 1/7/2025 Tam Kỳ city has the 12 wards and communes of March 2025', async () => {
    const wards = await names('2025-03-07', 'TAMKY');
    expect(wards).toHaveLength(12);
    expect(wards).toContain('Ủy ban MTTQ Việt Nam phường An Mỹ');
    expect(wards).toContain('Ủy ban MTTQ Việt Nam xã Tam Ngọc');
    expect(wards).not.toContain('Ủy ban MTTQ Việt Nam phường Phước Hòa');
  });

  it('in 2024 phường Phước Hòa still exists under Tam Kỳ', async () => {
    const wards = await names('2024-06-01', 'TAMKY');
    expect(wards).toContain('Ủy ban MTTQ Việt Nam phường Phước Hòa');
    expect(wards).toHaveLength(13);
  });

  it('from 1/7/2025 the four new wards sit under Đà Nẵng and Tam Kỳ city is gone', async () => {
    const wards = await names('2025-07-01', 'DANANG');
    expect(wards).toEqual([
      'Ủy ban MTTQ Việt Nam phường Bàn Thạch',
      'Ủy ban MTTQ Việt Nam phường Hương Trà',
      'Ủy ban MTTQ Việt Nam phường Quảng Phú',
      'Ủy ban MTTQ Việt Nam phường Tam Kỳ',
    ]);
    expect(await names('2025-07-01', 'TAMKY')).toEqual([]);
  });

  it('residential committees moved with their area to the new ward', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const kdc = await t.unit('AN_MY_KDC1');
    const before = (await s.get(`/api/units/${kdc}`)).json();
    expect(before.parents.map((p: { parentName: string }) => p.parentName)).toEqual([
      'Ủy ban MTTQ Việt Nam phường An Mỹ',
      'Ủy ban MTTQ Việt Nam phường Tam Kỳ',
    ]);
    const list = (await s.get('/api/units?asOf=2025-06-30')).json().items as Array<{ id: string; parentId: string }>;
    expect(list.find((u) => u.id === kdc)?.parentId).toBe(await t.unit('AN_MY'));
  });

  it('rolls up phường Tam Kỳ through its predecessors An Mỹ, An Xuân, Trường Xuân and Phước Hòa', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const res = await s.get(`/api/units/${await t.unit('PHUONG_TAMKY')}/rollup`);
    expect(res.statusCode).toBe(200);
    const ids = new Set(res.json().unitIds as string[]);
    for (const code of ['PHUONG_TAMKY', 'AN_MY', 'AN_XUAN', 'TRUONG_XUAN', 'PHUOC_HOA', 'AN_MY_KDC1', 'PHUONG_TAMKY_HPN']) {
      expect(ids.has(await t.unit(code)), code).toBe(true);
    }
    for (const code of ['AN_PHU', 'QUANG_PHU', 'TAMKY']) expect(ids.has(await t.unit(code)), code).toBe(false);
  });

  it('the unit page shows the lineage of phường Tam Kỳ', async () => {
    const t = ctx();
    const s = await t.login('tamky.btt');
    const d = (await s.get(`/api/units/${await t.unit('PHUONG_TAMKY')}`)).json();
    expect(d.lineage.map((l: { name: string }) => l.name)).toEqual(
      expect.arrayContaining(['Ủy ban MTTQ Việt Nam phường An Mỹ', 'Ủy ban MTTQ Việt Nam phường Phước Hòa']),
    );
    expect(d.lineage.find((l: { name: string }) => l.name.includes('Phước Hòa')).depth).toBe(2);
  });
});
