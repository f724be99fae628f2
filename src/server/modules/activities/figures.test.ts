/**
 * The figures query layer on both databases: totals and breakdowns by form, unit, month and topic
 * over accepted activities, the roll-up across the 1/7/2025 merge ("as of today" vs "as of the
 * period"), cut-off days, whole months from the stats tables and edge pieces from activities, and —
 * property-style — the stats tables equal a direct SUM after a random sequence of accepts and corrections.
 */
import { beforeAll, expect, it } from 'vitest';
import { tx } from '../../platform/db.js';
import { describeEachDb, type Session } from '../../test/harness.js';
import { directCoverStats, directStats, rebuildStats, STATS_TABLES, storedStats } from './activities.stats.js';
import { type CampaignFixture, seedActivityCatalogue } from './activities.testkit.js';
import type { FiguresResult } from './figures.js';
import { MEASURES } from './measures.js';
import { periodRange } from './periods.js';

type Figures = FiguresResult;

describeEachDb('activity figures', (ctx) => {
  let wardOfficer: Session; // tamky.btt
  let cityOfficer: Session; // danang.btt
  let cityLeader: Session; // danang.lanhdao
  let qpOfficer: Session; // quangphu.btt
  let U: Record<string, string>;
  let C: CampaignFixture;
  const ids: Record<string, string> = {};

  const report = async (author: Session, reviewer: Session | null, over: Record<string, unknown>, then: 'accept' | 'return' | 'none' = 'accept') => {
    const res = await author.post('/api/activities', { campaignId: C.campaignId, title: 'Hoạt động', submit: true, ...over });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    if (reviewer && then !== 'none') {
      const r = await reviewer.post(`/api/activities/${id}/${then}`, then === 'return' ? { comment: 'Sửa lại' } : {});
      expect(r.statusCode, r.body).toBe(200);
    }
    return id;
  };
  const figures = async (s: Session, q: Record<string, string | number>) => {
    const res = await s.get(`/api/activities/figures?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Figures;
  };
  const group = (f: Figures, key: string) => f.groups.find((g) => g.key === key)!;

  beforeAll(async () => {
    const t = ctx();
    U = {};
    for (const c of ['DANANG', 'TAMKY', 'PHUONG_TAMKY', 'PHUONG_TAMKY_HPN', 'QUANG_PHU', 'HUONG_TRA', 'BAN_THACH', 'AN_MY', 'AN_MY_KDC1', 'AN_PHU', 'AN_XUAN', 'HOA_HUONG']) U[c] = await t.unit(c);
    C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG);
    wardOfficer = await t.login('tamky.btt');
    cityOfficer = await t.login('danang.btt');
    cityLeader = await t.login('danang.lanhdao');
    qpOfficer = await t.login('quangphu.btt');
    const T = C.topics;
    ids.A1 = await report(wardOfficer, cityOfficer, { unitId: U.AN_MY, dateFrom: '2025-05-10', formCode: 'HOI_NGHI', topicIds: [T.QD1], measures: { sessions: 1, attCadres: 10, attResidents: 50 } });
    ids.A2 = await report(wardOfficer, wardOfficer, { unitId: U.AN_MY_KDC1, dateFrom: '2025-03-15', formCode: 'TRUC_QUAN', topicIds: [T.NV1], measures: { banners: 5 } });
    ids.A3 = await report(wardOfficer, cityOfficer, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-09-01', formCode: 'HOI_NGHI', topicIds: [T.QD1, T.QD2], measures: { sessions: 2, attCadres: 30, attParty: 5 } });
    ids.A4 = await report(qpOfficer, cityOfficer, { unitId: U.QUANG_PHU, dateFrom: '2025-08-20', formCode: 'TRUYEN_THANH', measures: { bulletins: 4, broadcasts: 12, radioMinutes: 60 } });
    ids.A5 = await report(qpOfficer, cityOfficer, { unitId: U.AN_PHU, dateFrom: '2025-04-03', formCode: 'HOI_NGHI', measures: { sessions: 1, attResidents: 80 } });
    ids.A6 = await report(wardOfficer, cityOfficer, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-12-20', formCode: 'FANPAGE', topicIds: [T.MT08], measures: { articles: 3, views: 1000 } });
    // Not counted: waiting, returned, draft.
    ids.W = await report(wardOfficer, null, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-10-10', formCode: 'HOI_NGHI', measures: { attCadres: 999 } }, 'none');
    ids.R = await report(wardOfficer, cityOfficer, { unitId: U.PHUONG_TAMKY, dateFrom: '2025-10-11', formCode: 'HOI_NGHI', measures: { attCadres: 999 } }, 'return');
    const d = await wardOfficer.post('/api/activities', { unitId: U.PHUONG_TAMKY, campaignId: C.campaignId, title: 'Nháp', formCode: 'HOI_NGHI', dateFrom: '2025-10-12', measures: { attCadres: 999 } });
    expect(d.statusCode).toBe(201);
  });

  it('totals over accepted reports only, equal under both unit groupings', async () => {
    const today = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit' });
    const period = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit', unitGrouping: 'as_of_period' });
    expect(today.totals).toMatchObject({ activities: 6, attCadres: 40, attParty: 5, attResidents: 130, attendance: 175, sessions: 4, banners: 5, bulletins: 4, radioMinutes: 60, articles: 3, views: 1000 });
    expect(period.totals).toEqual(today.totals);
    for (const f of [today, period]) expect(f.groups.reduce((s, g) => s + g.values.activities, 0)).toBe(6);
    expect(today.sources).toEqual({ strategy: 'unit_tables', statsMonths: expect.arrayContaining(['2025-01', '2025-12']), rawRanges: [] });
    // The whole city is read as "everything minus the few units outside its roll-up"; a ward per unit.
    const city = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'form' });
    const ward = await figures(wardOfficer, { unitId: U.PHUONG_TAMKY, from: '2025-01-01', to: '2025-12-31', groupBy: 'form' });
    expect([city.sources.strategy, ward.sources.strategy]).toEqual(['all_minus_outside', 'units']);
    expect(city.totals).toEqual(today.totals);
    expect(ward.totals.activities).toBe(4);
  });

  it('as of today, An Mỹ’s 2025 reports roll into phường Tam Kỳ; the new wards appear even with nothing', async () => {
    const f = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit' });
    expect(group(f, U.PHUONG_TAMKY).values).toMatchObject({ activities: 4, attCadres: 40, banners: 5, articles: 3 });
    expect(group(f, U.QUANG_PHU).values).toMatchObject({ activities: 2, bulletins: 4, attResidents: 80 });
    expect(group(f, U.HUONG_TRA).values.activities).toBe(0);
    expect(group(f, U.BAN_THACH).values.activities).toBe(0);
    expect(f.groups.find((g) => g.unitId === U.AN_MY)).toBeUndefined();
    expect(group(f, U.DANANG).label).toContain('(trực tiếp)');
  });

  it('as of the period, a 2025 report shows the 12 former wards for January–June and the new wards afterwards', async () => {
    const f = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit', unitGrouping: 'as_of_period' });
    expect(group(f, U.AN_MY).values).toMatchObject({ activities: 2, attCadres: 10, banners: 5 }); // incl. its khối phố 1 (under An Mỹ then)
    expect(group(f, U.AN_PHU).values).toMatchObject({ activities: 1, attResidents: 80 });
    expect(group(f, U.PHUONG_TAMKY).values).toMatchObject({ activities: 2, attCadres: 30, articles: 3 });
    expect(group(f, U.QUANG_PHU).values).toMatchObject({ activities: 1, bulletins: 4 });
    const axis = f.axes.unit!.map((a) => a.key);
    for (const w of ['AN_XUAN', 'HOA_HUONG', 'HUONG_TRA', 'BAN_THACH']) expect(axis, w).toContain(U[w]);
    expect(axis).toContain(U.TAMKY); // Tam Kỳ city's own row (a predecessor of Đà Nẵng)
    // A period wholly before the merge: only the former wards and Tam Kỳ's own units.
    const h1 = await figures(cityOfficer, { unitId: U.DANANG, period: 'half', year: 2025, index: 1, groupBy: 'unit', unitGrouping: 'as_of_period' });
    expect(h1.from).toBe('2025-01-01');
    expect(h1.axes.unit!.map((a) => a.key)).not.toContain(U.PHUONG_TAMKY);
    expect(group(h1, U.AN_MY).values.activities).toBe(2);
  });

  it('a ward “as of the period” shows the wards it absorbed; “as of today” counts them as its own', async () => {
    const period = await figures(wardOfficer, { unitId: U.PHUONG_TAMKY, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit', unitGrouping: 'as_of_period' });
    expect(group(period, U.AN_MY).values.activities).toBe(1);
    expect(group(period, U.AN_MY_KDC1).values.activities).toBe(1);
    expect(group(period, U.PHUONG_TAMKY).values.activities).toBe(2);
    expect(group(period, U.AN_XUAN).values.activities).toBe(0);
    const today = await figures(wardOfficer, { unitId: U.PHUONG_TAMKY, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit' });
    expect(group(today, U.AN_MY_KDC1).values.activities).toBe(1);
    expect(group(today, U.PHUONG_TAMKY).values.activities).toBe(3);
    expect(today.totals.activities).toBe(4);
  });

  it('a unit that no longer exists is read as of its last day (Tam Kỳ city shows its wards)', async () => {
    const f = await figures(wardOfficer, { unitId: U.TAMKY, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit' });
    expect(f.asOf).toBe('2025-06-30');
    expect(f.totals.activities).toBe(3);
    expect(group(f, U.AN_MY).values.activities).toBe(2);
    expect(group(f, U.AN_PHU).values.activities).toBe(1);
    expect(f.axes.unit!.length).toBeGreaterThanOrEqual(12);
  });

  it('by form, by month and by topic (an activity counts under each of its topics, once in the totals)', async () => {
    const byForm = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'form' });
    expect(group(byForm, 'HOI_NGHI').values).toMatchObject({ activities: 3, attendance: 175 - 0 - 0 });
    expect(group(byForm, 'TRUC_QUAN').values.banners).toBe(5);
    expect(group(byForm, 'BDHVS').values.activities).toBe(0);
    expect(group(byForm, 'HOI_NGHI').label).toBe('Hội nghị quán triệt, triển khai');
    expect(byForm.groups.map((g) => g.form)).toEqual(byForm.axes.form!.map((a) => a.key));

    const byMonth = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'month' });
    expect(byMonth.groups.map((g) => [g.month, g.values.activities])).toEqual([
      ['2025-01', 0],
      ['2025-02', 0],
      ['2025-03', 1],
      ['2025-04', 1],
      ['2025-05', 1],
      ['2025-06', 0],
      ['2025-07', 0],
      ['2025-08', 1],
      ['2025-09', 1],
      ['2025-10', 0],
      ['2025-11', 0],
      ['2025-12', 1],
    ]);
    expect(byMonth.groups[2].label).toBe('03/2025');

    const byTopic = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'topic', campaignId: C.campaignId });
    expect(group(byTopic, C.topics.QD1).values).toMatchObject({ activities: 2, attCadres: 40 });
    expect(group(byTopic, C.topics.QD2).values.activities).toBe(1);
    expect(group(byTopic, C.topics.NV1).values.banners).toBe(5);
    expect(group(byTopic, C.topics.MT01).values.activities).toBe(0); // every topic of the campaign is listed
    expect(byTopic.totals.activities).toBe(6);

    const grid = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2025-12-31', groupBy: 'unit,topic', campaignId: C.campaignId });
    expect(grid.groups.find((g) => g.unitId === U.PHUONG_TAMKY && g.topicId === C.topics.QD1)?.values.activities).toBe(2);
    expect(grid.groups.find((g) => g.unitId === U.QUANG_PHU && g.topicId === C.topics.QD1)).toBeUndefined();
    expect(grid.axes.unit!.length).toBeGreaterThan(3);
    expect(grid.axes.topic!.length).toBeGreaterThan(30);
  });

  it('cut-off day: reporting months run 15th–14th; the year 2026 starts on 15/12/2025', async () => {
    const year = periodRange('year', 2026, 1, 15);
    const f = await figures(cityOfficer, { unitId: U.DANANG, period: 'year', year: 2026, cutoffDay: 15, groupBy: 'month' });
    expect([f.from, f.to]).toEqual([year.from, year.to]);
    expect(group(f, '2026-01').values).toMatchObject({ activities: 1, articles: 3 }); // 20/12/2025 counts for January 2026
    expect(f.groups).toHaveLength(12);
    expect(f.sources.statsMonths).toEqual([]); // reporting months straddle calendar months: read per day
    const y2025 = await figures(cityOfficer, { unitId: U.DANANG, period: 'year', year: 2025, cutoffDay: 15, groupBy: 'none' });
    expect([y2025.from, y2025.to]).toEqual(['2024-12-15', '2025-12-14']);
    expect(y2025.totals.activities).toBe(5);
    expect(y2025.sources.rawRanges).toEqual([
      { from: '2024-12-15', to: '2024-12-31' },
      { from: '2025-12-01', to: '2025-12-14' },
    ]);
    expect(y2025.sources.statsMonths).toHaveLength(11);
    const q = await figures(cityOfficer, { unitId: U.DANANG, period: 'quarter', year: 2025, index: 2, cutoffDay: 15, groupBy: 'form' });
    expect([q.from, q.to]).toEqual(['2025-03-15', '2025-06-14']);
    expect(q.totals.activities).toBe(3); // 15/3 (A2), 3/4 (A5), 10/5 (A1)
  });

  it('partial months at the edges are read from activities, whole months from the stats', async () => {
    const f = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-05-05', to: '2025-09-15', groupBy: 'form' });
    expect(f.sources).toEqual({
      strategy: 'all_minus_outside',
      statsMonths: ['2025-06', '2025-07', '2025-08'],
      rawRanges: [
        { from: '2025-05-05', to: '2025-05-31' },
        { from: '2025-09-01', to: '2025-09-15' },
      ],
    });
    expect(f.totals).toMatchObject({ activities: 3, attCadres: 40, bulletins: 4 }); // A1, A4, A3
    const narrow = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-05-11', to: '2025-08-19', groupBy: 'none' });
    expect(narrow.totals.activities).toBe(0);
    // Per unit: pieces from the per-day table, whole months from the monthly one.
    const byUnit = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-05-05', to: '2025-09-15', groupBy: 'unit' });
    expect(byUnit.sources.strategy).toBe('unit_tables');
    expect(byUnit.totals).toEqual(f.totals);
    expect(group(byUnit, U.PHUONG_TAMKY).values.activities).toBe(2);
    // A range reaching today is read to the end of the month (nothing is dated in the future).
    const ytd = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-01-01', to: '2026-11-26', groupBy: 'none' });
    expect(ytd.sources.rawRanges).toEqual([]);
    // Only some measures: the rest answer 0 (the coverage grid needs counts only).
    const counts = await figures(cityOfficer, { unitId: U.DANANG, from: '2025-05-05', to: '2025-09-15', groupBy: 'unit,topic', campaignId: C.campaignId, measures: 'none' });
    expect(counts.groups.find((g) => g.unitId === U.PHUONG_TAMKY && g.topicId === C.topics.QD1)?.values).toMatchObject({ activities: 2, attCadres: 0 }); // A1 (An Mỹ) and A3
  });

  it('scope: a unit outside one’s scope answers 404; a ward sees its own figures', async () => {
    expect((await qpOfficer.get(`/api/activities/figures?unitId=${U.PHUONG_TAMKY}`)).statusCode).toBe(404);
    expect((await qpOfficer.get(`/api/activities/figures?unitId=${U.DANANG}`)).statusCode).toBe(404);
    const own = await figures(qpOfficer, { from: '2025-01-01', to: '2025-12-31' });
    expect(own.unitId).toBe(U.QUANG_PHU);
    expect(own.totals.activities).toBe(2);
    expect((await qpOfficer.get('/api/activities/figures?groupBy=unit,form,month')).statusCode).toBe(400);
    expect((await qpOfficer.get('/api/activities/figures?from=2025-05-01&to=2025-04-01')).statusCode).toBe(400);
  });

  it('property: after a random sequence of accepts, returns and corrections, the stats equal a direct SUM and figures equal a naive count', async () => {
    const t = ctx();
    const db = t.db.db;
    let seed = 20251126;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const dayIn = (from: string, to: string) => {
      const a = Date.parse(`${from}T00:00:00Z`);
      const b = Date.parse(`${to}T00:00:00Z`);
      return new Date(a + Math.floor(rnd() * ((b - a) / 86400000 + 1)) * 86400000).toISOString().slice(0, 10);
    };
    const units: Array<[string, string, string]> = [
      [U.AN_MY, '2025-01-01', '2025-06-30'],
      [U.AN_PHU, '2025-01-01', '2025-06-30'],
      [U.AN_MY_KDC1, '2025-01-01', '2026-11-26'],
      [U.PHUONG_TAMKY, '2025-07-01', '2026-11-26'],
      [U.PHUONG_TAMKY_HPN, '2025-07-01', '2026-11-26'],
      [U.QUANG_PHU, '2025-07-01', '2026-11-26'],
      [U.HUONG_TRA, '2025-07-01', '2026-11-26'],
    ];
    const forms = ['HOI_NGHI', 'LONG_GHEP', 'TRUC_QUAN', 'FANPAGE', 'TRUYEN_THANH', 'BDHVS', 'KHAC'];
    const topicPool = Object.values(C.topics).slice(0, 12);
    const content = () => {
      const [unitId, from, to] = pick(units);
      const measures: Record<string, number> = {};
      for (const m of MEASURES) if (rnd() < 0.15) measures[m.key] = Math.floor(rnd() * 200);
      if ((measures.attMale ?? 0) + (measures.attFemale ?? 0) > 0) measures.attResidents = (measures.attMale ?? 0) + (measures.attFemale ?? 0);
      const topicIds = [...new Set(Array.from({ length: Math.floor(rnd() * 3) }, () => pick(topicPool)))];
      return { unitId, dateFrom: dayIn(from, to), formCode: pick(forms), topicIds, measures };
    };
    const accepted: string[] = [];
    const returned: string[] = [];
    for (let i = 0; i < 45; i++) {
      const r = rnd();
      if (r < 0.55 || accepted.length === 0) {
        const fate = rnd() < 0.75 ? 'accept' : rnd() < 0.5 ? 'return' : 'none';
        const id = await report(cityOfficer, cityLeader, { ...content(), title: `Ngẫu nhiên ${i}` }, fate);
        if (fate === 'accept') accepted.push(id);
        if (fate === 'return') returned.push(id);
      } else if (r < 0.85) {
        // Correct an accepted version: change unit-compatible fields, submit, usually accept.
        const id = accepted.splice(Math.floor(rnd() * accepted.length), 1)[0];
        const res = await cityOfficer.post(`/api/activities/${id}/correct`, {});
        expect(res.statusCode, res.body).toBe(201);
        const v2 = res.json();
        const c = content();
        const unit = units.find((u) => u[0] === v2.unitId)!;
        const patch = await cityOfficer.patch(`/api/activities/${v2.id}`, { version: v2.version, formCode: c.formCode, topicIds: c.topicIds, measures: c.measures, dateFrom: dayIn(unit[1], unit[2]) });
        expect(patch.statusCode, patch.body).toBe(200);
        expect((await cityOfficer.post(`/api/activities/${v2.id}/submit`, {})).statusCode).toBe(200);
        if (rnd() < 0.8) {
          expect((await cityLeader.post(`/api/activities/${v2.id}/accept`, {})).statusCode).toBe(200);
          accepted.push(v2.id);
        } // else v1 still counts while v2 waits (and cannot be corrected again)
      } else if (returned.length) {
        const id = returned.pop()!;
        const cur = (await cityOfficer.get(`/api/activities/${id}`)).json();
        await cityOfficer.patch(`/api/activities/${id}`, { version: cur.version, measures: { sessions: 7 } });
        expect((await cityOfficer.post(`/api/activities/${id}/submit`, {})).statusCode).toBe(200);
        expect((await cityLeader.post(`/api/activities/${id}/accept`, {})).statusCode).toBe(200);
        accepted.push(id);
      }
    }

    const norm = (rows: Array<Record<string, unknown>>) =>
      rows
        .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && !/^\d+$/.test(v) ? v : Number(v)])))
        .map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))
        .sort();
    const snapshot: Record<string, string[]> = {};
    for (const table of STATS_TABLES) {
      const stored = await storedStats(db, table.name);
      expect(stored.length, table.name).toBeGreaterThan(0);
      expect(stored.every((r) => Number(r.activities) > 0), table.name).toBe(true);
      expect(norm(stored), table.name).toEqual(norm(await directStats(db, table.name)));
      snapshot[table.name] = norm(stored);
    }
    // The coverage grid's table (unit × month × main topic) too.
    const cover = async () => norm(await db.selectFrom('activity_cover_stats').select(['unit_id', 'month', 'topic_id', 'activities']).execute());
    const coverBefore = await cover();
    expect(coverBefore.length).toBeGreaterThan(0);
    expect(coverBefore).toEqual(norm(await directCoverStats(db)));
    // Rebuilding from scratch gives the same tables.
    await tx(db, (trx) => rebuildStats(trx));
    for (const table of STATS_TABLES) expect(norm(await storedStats(db, table.name)), table.name).toEqual(snapshot[table.name]);
    expect(await cover()).toEqual(coverBefore);

    // Figures over random ranges equal a naive count of the accepted rows.
    const rows = await db.selectFrom('activities').selectAll().where('status', '=', 'accepted').execute();
    const topicRows = await db.selectFrom('activity_topics').selectAll().execute();
    const all = (await figures(cityLeader, { unitId: U.DANANG, from: '2024-01-01', to: '2026-11-26', groupBy: 'none' })).totals.activities;
    expect(all).toBe(rows.length);
    for (let i = 0; i < 6; i++) {
      const a = dayIn('2025-01-01', '2026-11-26');
      const b = dayIn('2025-01-01', '2026-11-26');
      const [from, to] = a < b ? [a, b] : [b, a];
      const inRange = rows.filter((r) => r.date_from! >= from && r.date_from! <= to);
      const byForm = await figures(cityLeader, { unitId: U.DANANG, from, to, groupBy: 'form' });
      expect(byForm.totals.activities, `${from}..${to}`).toBe(inRange.length);
      for (const m of MEASURES) expect(byForm.totals[m.key], m.key).toBe(inRange.reduce((s, r) => s + (r[m.column] ?? 0), 0));
      for (const f of forms) expect(group(byForm, f).values.activities, f).toBe(inRange.filter((r) => r.form_code === f).length);
      const byTopic = await figures(cityLeader, { unitId: U.DANANG, from, to, groupBy: 'topic', campaignId: C.campaignId });
      for (const tp of topicPool) {
        const n = inRange.filter((r) => topicRows.some((x) => x.activity_id === r.id && x.topic_id === tp)).length;
        expect(group(byTopic, tp).values.activities, tp).toBe(n);
      }
      const byMonth = await figures(cityLeader, { unitId: U.DANANG, from, to, groupBy: 'month', cutoffDay: 15 });
      expect(byMonth.totals).toEqual(byForm.totals);
      for (const unitGrouping of ['as_of_today', 'as_of_period']) {
        const byUnit = await figures(cityLeader, { unitId: U.DANANG, from, to, groupBy: 'unit', unitGrouping });
        expect(byUnit.totals).toEqual(byForm.totals);
      }
    }
  });
});
