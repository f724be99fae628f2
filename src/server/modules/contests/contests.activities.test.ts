/**
 * Contest participation in the monitoring figures: one accepted CUOC_THI report per round and ward, idempotent,
 * updated in place with the pre-aggregated stats kept equal to the activities; run by the tick right after a
 * round freezes; refused by every edit path of the activities API with a Vietnamese 409.
 */
import { beforeAll, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { describeEachDb, type Session } from '../../test/harness.js';
import { directStats, STATS_TABLES, storedStats } from '../activities/index.js';
import { CONTEST_TICK_JOB } from './index.js';
import { contestActivityKey, syncContestActivities } from './contests.activities.js';
import { type ContestFixture, seedSmallContest } from './contests.testkit.js';

const SYSTEM_MESSAGE = 'Hoạt động này do hệ thống tổng hợp từ cuộc thi trực tuyến, không sửa được.';

describeEachDb('contest participation in the activity figures', (ctx) => {
  let F: ContestFixture;
  let ward: Session; // quangphu.btt — officer of a ward with a contest activity
  const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, Number.isFinite(Number(v)) && v !== '' && v !== null ? Number(v) : v]).sort())).sort();
  const expectStatsConsistent = async () => {
    const db = ctx().db.db;
    for (const t of STATS_TABLES) expect(sorted(await storedStats(db, t.name)), t.name).toEqual(sorted(await directStats(db, t.name)));
  };
  const contestActivities = () =>
    ctx().db.db.selectFrom('activities').selectAll().where('client_key', 'like', 'contest:%').orderBy('client_key').execute();

  beforeAll(async () => {
    F = await seedSmallContest(ctx());
    ward = await ctx().login('quangphu.btt');
  });

  it('writes one accepted report per round and ward with entries and participants, idempotently', async () => {
    const t = ctx();
    const first = await syncContestActivities(t.db.db, t.clock);
    expect(first).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const rows = await contestActivities();
    const by = new Map(rows.map((r) => [r.client_key, r]));
    const tamky1 = by.get(contestActivityKey(F.round1, F.U.PHUONG_TAMKY))!;
    expect(tamky1).toMatchObject({ status: 'accepted', form_code: 'CUOC_THI', unit_id: F.U.PHUONG_TAMKY, entries: 3, participants: 2, title: 'Cuộc thi trực tuyến tìm hiểu Nghị quyết số 57-NQ/TW — Tuần 1' });
    // P4 started but never submitted: one entry, one person in Quảng Phú.
    expect(by.get(contestActivityKey(F.round1, F.U.QUANG_PHU))).toMatchObject({ entries: 1, participants: 1 });
    expect(by.get(contestActivityKey(F.round2, F.U.PHUONG_TAMKY))).toMatchObject({ entries: 1, participants: 1 });
    // Dates are the round's, in Vietnam time.
    const round = await t.db.db.selectFrom('contest_rounds').selectAll().where('id', '=', F.round1).executeTakeFirstOrThrow();
    expect(tamky1.date_from).toBe(new Date(new Date(round.opens_at).getTime() + 7 * 3600_000).toISOString().slice(0, 10));
    expect(tamky1.date_to).toBe(new Date(new Date(round.closes_at).getTime() - 1 + 7 * 3600_000).toISOString().slice(0, 10));
    await expectStatsConsistent();
    const stats = await t.db.db.selectFrom('activity_unit_stats').select((eb) => eb.fn.sum<number>('entries').as('e')).where('unit_id', '=', F.U.PHUONG_TAMKY).executeTakeFirst();
    expect(Number(stats?.e)).toBeGreaterThanOrEqual(4);

    expect(await syncContestActivities(t.db.db, t.clock)).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await contestActivities()).toHaveLength(3);
  });

  it('updates the figures in place when more attempts come in, keeping the stats equal to the reports', async () => {
    const t = ctx();
    const before = await t.db.db.selectFrom('activity_unit_stats').select((eb) => eb.fn.sum<number>('entries').as('e')).where('unit_id', '=', F.U.QUANG_PHU).executeTakeFirst();
    await t.db.db.updateTable('contest_attempts').set({ submitted_at: t.clock.now().toISOString(), correct_count: 3, time_used_ms: 800_000, auto_submitted: 1 }).where('participant_id', '=', F.people.P4).execute();
    expect(await syncContestActivities(t.db.db, t.clock)).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const row = (await contestActivities()).find((r) => r.client_key === contestActivityKey(F.round1, F.U.QUANG_PHU))!;
    expect(row).toMatchObject({ entries: 2, participants: 2, version: 2 });
    const after = await t.db.db.selectFrom('activity_unit_stats').select((eb) => eb.fn.sum<number>('entries').as('e')).where('unit_id', '=', F.U.QUANG_PHU).executeTakeFirst();
    expect(Number(after?.e) - Number(before?.e ?? 0)).toBe(1);
    await expectStatsConsistent();
  });

  it('refuses to edit, delete or correct a system-generated report with a Vietnamese 409', async () => {
    const row = (await contestActivities()).find((r) => r.unit_id === F.U.QUANG_PHU)!;
    const got = await ward.get(`/api/activities/${row.id}`);
    expect(got.statusCode, got.body).toBe(200);
    for (const res of [
      await ward.post(`/api/activities/${row.id}/correct`),
      await ward.patch(`/api/activities/${row.id}`, { version: row.version, title: 'Sửa tay' }),
      await ward.request('DELETE', `/api/activities/${row.id}`),
    ]) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'activity_system_generated', message: SYSTEM_MESSAGE });
    }
    const still = await ctx().db.db.selectFrom('activities').select(['status', 'version']).where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(still).toEqual({ status: 'accepted', version: row.version });
  });

  it('syncs right after the tick freezes a round', async () => {
    const t = ctx();
    // A third round that closed a minute ago, with one submitted attempt from Quảng Phú.
    const now = t.clock.now().getTime();
    const round3 = newId();
    await t.db.db
      .insertInto('contest_rounds')
      .values({ id: round3, contest_id: F.contestId, no: 3, title: 'Tuần thi thứ 3', opens_at: new Date(now - 3 * 3600_000).toISOString(), closes_at: new Date(now - 60_000).toISOString(), prediction_question: 'Dự đoán?', actual_value: null, frozen_at: null })
      .execute();
    await t.db.db
      .insertInto('contest_attempts')
      .values({ id: newId(), round_id: round3, participant_id: F.people.P3, unit_id: F.U.QUANG_PHU, attempt_no: 1, questions: '[]', started_at: new Date(now - 7200_000).toISOString(), deadline_at: new Date(now - 6300_000).toISOString(), submitted_at: new Date(now - 7000_000).toISOString(), auto_submitted: 0, prediction: 1, correct_count: 10, time_used_ms: 200_000 })
      .execute();
    const jobs = t.app.services.jobs as unknown as { handlers?: Map<string, (p: unknown, j: unknown) => Promise<void>> };
    const handler = jobs.handlers?.get(CONTEST_TICK_JOB);
    expect(handler, 'tick job registered').toBeTypeOf('function');
    await handler!(null, { id: 'x', kind: CONTEST_TICK_JOB, runAt: new Date(now).toISOString(), attempts: 0 });
    const r3 = await t.db.db.selectFrom('contest_rounds').select(['frozen_at', 'actual_value']).where('id', '=', round3).executeTakeFirstOrThrow();
    expect(r3.frozen_at).not.toBeNull();
    expect(r3.actual_value).toBe(1);
    const row = await t.db.db.selectFrom('activities').selectAll().where('client_key', '=', contestActivityKey(round3, F.U.QUANG_PHU)).executeTakeFirst();
    expect(row).toMatchObject({ status: 'accepted', entries: 1, participants: 1, title: 'Cuộc thi trực tuyến tìm hiểu Nghị quyết số 57-NQ/TW — Tuần 3' });
    await expectStatsConsistent();
  });
});
