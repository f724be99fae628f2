/**
 * A small contest written straight into the tables for the server-side features (results, stats, activity
 * figures): Đà Nẵng's contest of 10 questions, a frozen round 1 and an open round 2, four people in two wards.
 *
 * Round 1 (frozen, actual figure 2): P1 (Tam Kỳ, Hội LHPN) 8 then 10 correct, predicts 5, 300 s;
 * P2 (Tam Kỳ, no organisation) 10 correct, predicts 2, 400 s; P3 (Quảng Phú, Đoàn Thanh niên) 7 correct;
 * P4 (Quảng Phú) started but never submitted. Round 2 (open): P1 once, 9 correct.
 */
import type { TestApp } from '../../test/harness.js';
import { newId } from '../../platform/ids.js';

export interface ContestFixture {
  contestId: string;
  round1: string;
  round2: string;
  people: Record<'P1' | 'P2' | 'P3' | 'P4', string>;
  U: Record<string, string>;
}

export async function seedSmallContest(t: TestApp, campaignId: string | null = null): Promise<ContestFixture> {
  const U: Record<string, string> = {};
  for (const code of ['DANANG', 'PHUONG_TAMKY', 'QUANG_PHU', 'PHUONG_TAMKY_HPN', 'QUANG_PHU_DTN']) U[code] = await t.unit(code);
  const db = t.db.db;
  const now = t.clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = 86400_000;
  const contestId = newId();
  await db
    .insertInto('contests')
    .values({
      id: contestId,
      unit_id: U.DANANG,
      campaign_id: campaignId,
      slug: `thu-nghiem-${contestId.slice(0, 6).toLowerCase()}`,
      title: 'Cuộc thi trực tuyến tìm hiểu Nghị quyết số 57-NQ/TW',
      rules: '<p>Thể lệ</p>',
      status: 'open',
      questions_per_attempt: 10,
      quotas: '[]',
      time_limit_sec: 900,
      grace_sec: 15,
      attempts_per_round: 3,
      area_unit_id: U.DANANG,
      prizes: JSON.stringify([
        { label: 'Giải Nhất', count: 1, kind: 'individual' },
        { label: 'Giải Nhì', count: 2, kind: 'individual' },
        { label: 'Giải tập thể', count: 1, kind: 'unit' },
      ]),
      retention_days: 365,
      created_by: null,
      created_at: iso(now - 20 * day),
      updated_at: iso(now - 20 * day),
      version: 2,
    })
    .execute();
  const round1 = newId();
  const round2 = newId();
  await db
    .insertInto('contest_rounds')
    .values([
      { id: round1, contest_id: contestId, no: 1, title: 'Tuần thi thứ 1', opens_at: iso(now - 10 * day), closes_at: iso(now - 3 * day), prediction_question: 'Bao nhiêu người đúng hết?', actual_value: 2, frozen_at: iso(now - 3 * day) },
      { id: round2, contest_id: contestId, no: 2, title: 'Tuần thi thứ 2', opens_at: iso(now - day), closes_at: iso(now + 6 * day), prediction_question: 'Bao nhiêu người đúng hết?', actual_value: null, frozen_at: null },
    ])
    .execute();
  const person = (key: string, fullName: string, birth: string, unitId: string, orgUnitId: string | null) => ({
    id: newId(),
    contest_id: contestId,
    full_name: fullName,
    birth_date: birth,
    gender: 'female',
    phone: `09051234${key.slice(1).padStart(2, '0')}`,
    unit_id: unitId,
    org_unit_id: orgUnitId,
    consent_at: iso(now - 11 * day),
    consent_version: '1',
    verified_at: iso(now - 11 * day),
    referral_code: `ref${key}`,
    referred_by: null,
    withdrawn_at: null,
    anonymised_at: null,
    created_at: iso(now - 11 * day),
    ip: null,
  });
  const P = {
    P1: person('P1', 'Nguyễn Thị Hoa', '1990-05-12', U.PHUONG_TAMKY, U.PHUONG_TAMKY_HPN),
    P2: person('P2', 'Trần Văn Bình', '1985-01-20', U.PHUONG_TAMKY, null),
    P3: person('P3', 'Lê Minh Châu', '2001-09-03', U.QUANG_PHU, U.QUANG_PHU_DTN),
    P4: person('P4', 'Phạm Thu Dung', '1978-11-30', U.QUANG_PHU, null),
  };
  await db.insertInto('contest_participants').values(Object.values(P)).execute();
  let n = 0;
  const attempt = (round: string, p: { id: string; unit_id: string }, o: { correct: number | null; prediction?: number; seconds?: number; startedAgo: number }) => {
    const started = now - o.startedAgo;
    const submitted = o.correct === null ? null : started + (o.seconds ?? 300) * 1000;
    return {
      id: newId(),
      round_id: round,
      participant_id: p.id,
      unit_id: p.unit_id,
      attempt_no: ++n,
      questions: '[]',
      started_at: iso(started),
      deadline_at: iso(started + 900_000),
      submitted_at: submitted === null ? null : iso(submitted),
      auto_submitted: 0,
      prediction: o.prediction ?? null,
      correct_count: o.correct,
      time_used_ms: submitted === null ? null : (o.seconds ?? 300) * 1000,
    };
  };
  await db
    .insertInto('contest_attempts')
    .values([
      attempt(round1, P.P1, { correct: 8, prediction: 5, seconds: 500, startedAgo: 9 * day }),
      attempt(round1, P.P1, { correct: 10, prediction: 5, seconds: 300, startedAgo: 8 * day }),
      attempt(round1, P.P2, { correct: 10, prediction: 2, seconds: 400, startedAgo: 7 * day }),
      attempt(round1, P.P3, { correct: 7, prediction: 1, seconds: 600, startedAgo: 6 * day }),
      { ...attempt(round1, P.P4, { correct: null, startedAgo: 5 * day }), deadline_at: iso(now - 5 * day + 900_000) },
      attempt(round2, P.P1, { correct: 9, prediction: 3, seconds: 350, startedAgo: 3600_000 }),
    ])
    .execute();
  return { contestId, round1, round2, people: { P1: P.P1.id, P2: P.P2.id, P3: P.P3.id, P4: P.P4.id }, U };
}
