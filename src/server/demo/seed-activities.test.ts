/**
 * The demo activity reports (`seed: 'full'`): a year of reports from March 2025 to February 2026 that are
 * valid as the service would make them — units that existed on the day, measures that fit the form,
 * reviewed by the unit above —, a mix of statuses, busier around 18/5 and 10/10, units that did not report,
 * figures that roll up under the former wards as of the period and under the new wards as of today, and
 * evidence photos that can be read back. Also: nothing is written after the demo clock.
 */
import { beforeAll, expect, it } from 'vitest';
import { reviewerUnits } from '../modules/activities/index.js';
import { directStats, storedStats } from '../modules/activities/activities.stats.js';
import type { UnitTree } from '../modules/units/unit-tree.js';
import { UnitsRepository } from '../modules/units/units.repository.js';
import { fixedClock } from '../platform/clock.js';
import { describeEachDb, type Session, TEST_NOW, testConfig } from '../test/harness.js';
import { ACTIVITY_STORY, seedActivitiesDemo } from './seed-activities.js';
import { seedCampaignDemo } from './seed-campaign.js';
import { seedDemo } from './seed.js';

type Row = {
  id: string;
  root_id: string;
  version_no: number;
  unit_id: string;
  status: string;
  form_code: string | null;
  title: string | null;
  date_from: string;
  created_at: string;
  submitted_at: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  created_by: string | null;
  return_comment: string | null;
  sessions: number | null;
  att_cadres: number | null;
  att_party: number | null;
  att_members: number | null;
  att_residents: number | null;
  bulletins: number | null;
  broadcasts: number | null;
  radio_minutes: number | null;
  digital_helped: number | null;
  banners: number | null;
  entries: number | null;
  participants: number | null;
};
type Json = Record<string, any>;

const attendance = (r: Row) => (r.att_cadres ?? 0) + (r.att_party ?? 0) + (r.att_members ?? 0) + (r.att_residents ?? 0);
const normalise = (rows: Array<Record<string, unknown>>) =>
  rows
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]))))
    .sort();

describeEachDb(
  'the demo activity reports',
  (ctx) => {
    let rows: Row[];
    let tree: UnitTree;
    let admin: Session;
    const U: Record<string, string> = {};
    const codeOf = new Map<string, string>();

    beforeAll(async () => {
      const t = ctx();
      // The activity demo's own reports; those the online contest generates are checked in contests.seed.test.ts.
      rows = (await t.db.db.selectFrom('activities').selectAll().where((eb) => eb.or([eb('client_key', 'is', null), eb('client_key', 'not like', 'contest:%')])).execute()) as unknown as Row[];
      tree = await new UnitsRepository(t.db.db).tree();
      for (const u of await t.db.db.selectFrom('units').select(['id', 'code']).execute()) {
        U[u.code] = u.id;
        codeOf.set(u.id, u.code);
      }
      admin = await t.login('admin');
    });

    it('holds about a year of reports with a realistic mix of statuses', () => {
      const by = (s: string) => rows.filter((r) => r.status === s).length;
      expect(rows.length).toBeGreaterThanOrEqual(600);
      expect(rows.length).toBeLessThanOrEqual(1500);
      expect(by('accepted') / rows.length).toBeGreaterThan(0.75);
      expect(by('submitted')).toBeGreaterThanOrEqual(20);
      expect(by('returned')).toBeGreaterThanOrEqual(4);
      expect(by('draft')).toBeGreaterThanOrEqual(3);
      expect(by('superseded')).toBe(2);
      for (const r of rows) {
        expect(r.date_from >= ACTIVITY_STORY.from && r.date_from <= ACTIVITY_STORY.to, `${r.title} ${r.date_from}`).toBe(true);
        expect(r.created_at <= TEST_NOW).toBe(true);
      }
    });

    it('every report belongs to a unit that existed on its date: the 12 former wards until 30/6/2025, the four new wards after', () => {
      const former = ['AN_MY', 'AN_XUAN', 'TRUONG_XUAN', 'TAN_THANH', 'HOA_THUAN', 'AN_PHU', 'AN_SON', 'HOA_HUONG', 'TAM_THANG', 'TAM_PHU', 'TAM_THANH', 'TAM_NGOC'];
      const fresh = ['PHUONG_TAMKY', 'QUANG_PHU', 'BAN_THACH', 'HUONG_TRA'];
      for (const r of rows) expect(tree.isActiveOn(r.unit_id, r.date_from), `${codeOf.get(r.unit_id)} ${r.date_from}`).toBe(true);
      const units = (pred: (r: Row) => boolean) => new Set(rows.filter(pred).map((r) => codeOf.get(r.unit_id)!));
      const before = units((r) => r.date_from < '2025-07-01');
      const after = units((r) => r.date_from >= '2025-07-01');
      for (const w of former) expect(before.has(w), w).toBe(true);
      for (const w of fresh) {
        expect(before.has(w), w).toBe(false);
        expect(after.has(w), w).toBe(true);
      }
      expect([...after].filter((c) => former.includes(c) || c.startsWith('TAMKY'))).toEqual([]);
      // Residential areas report before and after the move (the same unit under another parent).
      expect(before.has('AN_MY_KDC1') && after.has('AN_MY_KDC1')).toBe(true);
      // Member organisations of both eras.
      expect(before.has('TAMKY_HPN') && after.has('PHUONG_TAMKY_HPN')).toBe(true);
    });

    it('measures fit the form', () => {
      const done = rows.filter((r) => r.status !== 'draft');
      for (const r of done.filter((x) => x.form_code === 'HOI_NGHI')) {
        expect(r.sessions, r.title!).toBe(1);
        expect(attendance(r), r.title!).toBeGreaterThanOrEqual(20);
        expect(attendance(r), r.title!).toBeLessThanOrEqual(400);
      }
      for (const r of done.filter((x) => x.form_code === 'TRUYEN_THANH')) {
        expect(r.bulletins! > 0 && r.broadcasts! >= r.bulletins! && r.radio_minutes! >= r.broadcasts!, r.title!).toBe(true);
      }
      for (const r of done.filter((x) => x.form_code === 'BDHVS')) expect(r.sessions! > 0 && (r.digital_helped ?? 0) > 0, r.title!).toBe(true);
      for (const r of done.filter((x) => x.form_code === 'CUOC_THI')) expect(r.entries! >= r.participants! && r.participants! > 0, r.title!).toBe(true);
      for (const r of done.filter((x) => x.form_code === 'TRUC_QUAN')) expect(r.banners, r.title!).toBeGreaterThan(0);
      const forms = new Set(done.map((r) => r.form_code));
      for (const f of ['HOI_NGHI', 'LONG_GHEP', 'TRUC_QUAN', 'SAN_KHAU_HOA', 'TRANG_TTDT', 'FANPAGE', 'CHUYEN_MUC', 'TRUYEN_THANH', 'CUOC_THI', 'BDHVS', 'KHAC']) expect(forms.has(f), f).toBe(true);
      expect(rows.some((r) => r.title === 'Hội nghị quán triệt Nghị quyết 57-NQ/TW cho cán bộ chủ chốt hệ thống Mặt trận thành phố Tam Kỳ' && r.date_from === '2025-03-12')).toBe(true);
    });

    it('accepted reports were reviewed by the unit above, after they were submitted', async () => {
      const t = ctx();
      const events = await t.db.db.selectFrom('activity_events').select(['activity_id', 'kind', 'acting_unit_id', 'user_id', 'at']).where('kind', '=', 'accepted').execute();
      const acceptedBy = new Map(events.map((e) => [e.activity_id, e]));
      const accepted = rows.filter((r) => r.status === 'accepted' || r.status === 'superseded');
      for (const r of accepted) {
        const e = acceptedBy.get(r.id);
        expect(e, r.title!).toBeDefined();
        expect(r.reviewed_by).toBe(e!.user_id);
        expect(r.created_by).not.toBe(r.reviewed_by);
        expect(r.submitted_at! >= r.created_at && r.reviewed_at! > r.submitted_at!, r.title!).toBe(true);
        const day = r.reviewed_at!.slice(0, 10);
        expect(reviewerUnits(tree, r.unit_id, r.date_from, day), `${codeOf.get(r.unit_id)} ${r.date_from} → ${codeOf.get(e!.acting_unit_id!)}`).toContain(e!.acting_unit_id);
      }
      const returned = rows.filter((r) => r.status === 'returned');
      for (const r of returned) expect(r.return_comment ?? '').toMatch(/^(Đề nghị|Lượt|Hoạt động|Số)/);
      // Corrections: the first version superseded, the second accepted; one more waiting for review.
      const chains = new Map<string, Row[]>();
      for (const r of rows) chains.set(r.root_id, [...(chains.get(r.root_id) ?? []), r]);
      const versioned = [...chains.values()].filter((c) => c.length > 1).map((c) => c.sort((a, b) => a.version_no - b.version_no).map((r) => r.status));
      expect(versioned.sort()).toEqual([
        ['accepted', 'submitted'],
        ['superseded', 'accepted'],
        ['superseded', 'accepted'],
      ]);
    });

    it('is busier around 18/5 and 10/10, and some units do not report in some months', () => {
      const inMonth = (m: string) => rows.filter((r) => r.date_from.startsWith(m)).length;
      expect(inMonth('2025-05')).toBeGreaterThan(inMonth('2025-04') * 1.2);
      expect(inMonth('2025-10')).toBeGreaterThan(inMonth('2025-09') * 1.2);
      const near = (a: string, b: string) => rows.filter((r) => r.date_from >= a && r.date_from <= b).length;
      expect(near('2025-05-12', '2025-05-20')).toBeGreaterThan(near('2025-05-01', '2025-05-09'));
      expect(near('2025-10-03', '2025-10-12')).toBeGreaterThan(near('2025-10-20', '2025-10-29'));
      const of = (code: string, from = '2025-01-01', to = '2026-12-31') => rows.filter((r) => r.unit_id === U[code] && r.date_from >= from && r.date_from <= to).length;
      expect(of('HUONG_TRA_CD')).toBe(0);
      expect(of('TAM_PHU_KDC1', '2025-03-01', '2025-07-31')).toBe(0);
      expect(of('TAM_THANH', '2025-06-01', '2025-06-30')).toBe(0);
      expect(of('HUONG_TRA', '2026-02-01', '2026-02-28')).toBe(0);
      expect(of('QUANG_PHU', '2026-02-01', '2026-02-28')).toBeGreaterThan(0);
    });

    it('figures: H1/2025 under the former wards as of the period, and under the new wards as of today', async () => {
      const q = (o: Record<string, string>) => admin.get(`/api/activities/figures?${new URLSearchParams(o)}`);
      const h1 = await q({ unitId: U.TAMKY, period: 'half', year: '2025', index: '1', groupBy: 'unit', unitGrouping: 'as_of_period' });
      expect(h1.statusCode, h1.body).toBe(200);
      const f = h1.json() as Json;
      const acceptedH1 = rows.filter((r) => r.status === 'accepted' && r.date_from <= '2025-06-30').length;
      expect(f.totals.activities).toBe(acceptedH1);
      expect(f.totals.attendance).toBeGreaterThan(1000);
      expect(f.totals.radioMinutes).toBeGreaterThan(0);
      expect(f.totals.digitalHelped).toBeGreaterThan(0);
      const group = (res: Json, code: string) => (res.groups as Json[]).find((g) => g.unitId === U[code])?.values;
      for (const w of ['AN_MY', 'AN_XUAN', 'AN_PHU', 'TAM_NGOC']) expect(group(f, w)?.activities, w).toBeGreaterThan(0);

      const today = await q({ unitId: U.DANANG, from: '2025-01-01', to: '2025-06-30', groupBy: 'unit', unitGrouping: 'as_of_today' });
      expect(today.statusCode, today.body).toBe(200);
      const g = today.json() as Json;
      for (const w of ['PHUONG_TAMKY', 'QUANG_PHU', 'BAN_THACH', 'HUONG_TRA']) expect(group(g, w)?.activities, w).toBeGreaterThan(0);
      // The former wards' half-year rolls into phường Tam Kỳ (An Mỹ + An Xuân + Trường Xuân and their areas).
      const ptk = group(g, 'PHUONG_TAMKY')!.activities;
      const parts = ['AN_MY', 'AN_XUAN', 'TRUONG_XUAN'].reduce((s, c) => s + (group(f, c)?.activities ?? 0), 0);
      expect(ptk).toBe(parts);

      const year = await q({ unitId: U.PHUONG_TAMKY, period: 'year', year: '2025', groupBy: 'form' });
      expect((year.json() as Json).totals.activities).toBeGreaterThan(ptk);
    });

    it('keeps the stats tables equal to a direct sum (bulk load, then corrections through the service)', async () => {
      const db = ctx().db.db;
      for (const table of ['activity_stats', 'activity_unit_stats', 'activity_topic_stats'] as const) {
        expect(normalise(await storedStats(db, table))).toEqual(normalise(await directStats(db, table)));
      }
    });

    it('serves the evidence photos: display JPEG and WebP thumbnail, files shared between reports', async () => {
      const db = ctx().db.db;
      const links = await db.selectFrom('activity_files').select(['activity_id', 'file_id', 'thumb_file_id']).where('kind', '=', 'photo').execute();
      expect(links.length).toBeGreaterThan(80);
      const distinct = new Set(links.map((l) => l.file_id));
      expect(distinct.size).toBeGreaterThanOrEqual(8);
      expect(distinct.size).toBeLessThanOrEqual(12);
      const withPhoto = rows.find((r) => r.status === 'accepted' && links.some((l) => l.activity_id === r.id))!;
      const detail = (await admin.get(`/api/activities/${withPhoto.id}`)).json() as Json;
      expect(detail.photoCount).toBeGreaterThan(0);
      const photo = detail.files[0];
      const big = await admin.get(photo.url);
      expect(big.statusCode).toBe(200);
      expect(big.headers['content-type']).toMatch(/image\/jpeg/);
      expect(big.rawPayload.length).toBeGreaterThan(20_000);
      const thumb = await admin.get(photo.thumbUrl);
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toMatch(/image\/webp/);
      expect(photo.width).toBe(1200);
    });

    it('the reviewers find their waiting reports; the returned one is back with its reporter', async () => {
      const t = ctx();
      const leader = await t.login('huongtra.lanhdao');
      const waiting = (await leader.get('/api/activities?reviewable=true&pageSize=100')).json() as Json;
      expect(waiting.total).toBeGreaterThan(0);
      expect((waiting.items as Json[]).every((a) => a.can.accept)).toBe(true);
      const reporter = await t.login('khoipho.tamky');
      const mine = (await reporter.get('/api/activities?status=returned')).json() as Json;
      expect((mine.items as Json[]).map((a) => a.returnComment)).toEqual([expect.stringMatching(/^Số người được hướng dẫn \(120\)/)]);
      expect((mine.items as Json[])[0].can.edit).toBe(true);
    });
  },
  { seed: 'full' },
);

describeEachDb(
  'the demo activity reports on an earlier clock',
  (ctx) => {
    const now = '2025-05-20T04:00:00Z';
    beforeAll(async () => {
      // The organisation, the campaign story and the reports up to "now" (news and key dates play no part).
      const t = ctx();
      const config = testConfig();
      await seedDemo(t.db.db, fixedClock(now));
      await seedCampaignDemo(t.db, config, new Date(now));
      await seedActivitiesDemo(t.db, config, new Date(now));
    });

    it('writes nothing after the demo clock', async () => {
      const db = ctx().db.db;
      const rows = await db.selectFrom('activities').select(['date_from', 'created_at', 'submitted_at', 'reviewed_at', 'status']).execute();
      expect(rows.length).toBeGreaterThan(100);
      for (const r of rows) {
        expect(r.date_from <= '2025-05-20').toBe(true);
        for (const at of [r.created_at, r.submitted_at, r.reviewed_at]) if (at) expect(at <= now, at).toBe(true);
      }
      expect(rows.some((r) => r.status === 'submitted')).toBe(true); // reviews due after "now" are still waiting
    });
  },
  { seed: false },
);
