/** The demo question bank is well-formed and the demo contest is consistent (frozen rounds, valid people). */
import { describe, expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';
import { seedActivityCatalogue } from '../activities/activities.testkit.js';
import { normalisePhone } from './contest-rules.js';
import { allCorrectCount } from './contests.service.js';
import { foldQuestionUsage } from './contests.usage.js';
import { DEMO_CONTEST_SLUG, demoQuestionBank, seedContestDemo } from './contests.seed.js';

describe('the demo question bank', () => {
  it('has at least 120 distinct, well-formed questions over the resolution’s topics', () => {
    const bank = demoQuestionBank();
    expect(bank.length).toBeGreaterThanOrEqual(120);
    expect(new Set(bank.map((q) => q.text)).size).toBe(bank.length);
    for (const q of bank) {
      expect(q.options.length, q.text).toBeGreaterThanOrEqual(2);
      expect(q.options.length, q.text).toBeLessThanOrEqual(6);
      expect(new Set(q.options).size, q.text).toBe(q.options.length);
      expect(q.correct.every((i) => i >= 0 && i < q.options.length), q.text).toBe(true);
      if (q.kind === 'single') expect(q.correct, q.text).toHaveLength(1);
      else expect(q.correct.length, q.text).toBeGreaterThanOrEqual(2);
      expect(q.explanation.length, q.text).toBeGreaterThan(10);
      expect(q.text).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i);
    }
    const topics = new Set(bank.map((q) => q.topic));
    for (const t of ['QD1', 'QD5', 'MT07', 'TN1', 'NV7', 'TCTH', 'BDHVS', 'KNS']) expect(topics).toContain(t);
  });
});

describeEachDb('the demo contest', (ctx) => {
  it('opens with past rounds frozen, the current round open and valid participants', async () => {
    const t = ctx();
    const danang = await t.unit('DANANG');
    await seedActivityCatalogue(t.db.db, t.clock, danang);
    const counts = await seedContestDemo(t.db.db, t.clock);
    expect(counts.questions).toBe(demoQuestionBank().length);
    expect(counts.participants).toBeGreaterThan(40);
    expect(counts.attempts).toBeGreaterThan(50);
    const c = await t.db.db.selectFrom('contests').selectAll().where('slug', '=', DEMO_CONTEST_SLUG).executeTakeFirstOrThrow();
    const rounds = await t.db.db.selectFrom('contest_rounds').selectAll().where('contest_id', '=', c.id).orderBy('no').execute();
    const now = t.clock.now().toISOString();
    expect(rounds.filter((r) => r.frozen_at)).toHaveLength(2);
    expect(rounds.filter((r) => r.opens_at <= now && now < r.closes_at)).toHaveLength(1);
    for (const r of rounds.filter((x) => x.frozen_at)) {
      const attempts = await t.db.db.selectFrom('contest_attempts').select(['participant_id', 'correct_count']).where('round_id', '=', r.id).execute();
      expect(r.actual_value).toBe(allCorrectCount(attempts, c.questions_per_attempt));
      expect(attempts.length).toBeGreaterThan(0);
    }
    const people = await t.db.db.selectFrom('contest_participants').selectAll().where('contest_id', '=', c.id).execute();
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
    for (const p of people) {
      expect(normalisePhone(p.phone)).toBe(p.phone);
      expect(p.consent_at <= now).toBe(true);
    }
    // Answers never come after the attempt's deadline; every drawn question is distinct.
    const attempts = await t.db.db.selectFrom('contest_attempts').select(['id', 'questions', 'deadline_at', 'submitted_at']).execute();
    for (const a of attempts) {
      const ids = (JSON.parse(a.questions) as { id: string }[]).map((q) => q.id);
      expect(new Set(ids).size).toBe(20);
      expect(a.submitted_at! <= a.deadline_at).toBe(true);
    }
    // The bank's usage counters were written with the demo attempts: folding finds nothing left to count, and
    // the counters equal the answers saved.
    const before = await t.db.db.selectFrom('contest_questions').select((eb) => [eb.fn.sum<number>('answered').as('n')]).executeTakeFirst();
    expect(await foldQuestionUsage(t.db.db)).toBe(0);
    const saved = await t.db.db.selectFrom('contest_answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    expect(Number(before?.n)).toBe(Number(saved?.n));
    // People of several member organisations, and some of none.
    const orgs = new Set(people.map((p) => p.org_unit_id));
    expect(orgs.has(null)).toBe(true);
    expect(orgs.size).toBeGreaterThan(3);
    // Participation went into the activity figures: one accepted CUOC_THI report per opened round and ward.
    const acts = await t.db.db.selectFrom('activities').selectAll().where('client_key', 'like', 'contest:%').execute();
    const opened = rounds.filter((r) => r.opens_at <= now).length;
    expect(acts.length).toBeGreaterThanOrEqual(opened);
    expect(acts.length).toBeLessThanOrEqual(opened * 4);
    for (const a of acts) {
      expect(a.status).toBe('accepted');
      expect(a.form_code).toBe('CUOC_THI');
      expect(a.entries!).toBeGreaterThanOrEqual(a.participants!);
      expect(a.participants!).toBeGreaterThan(0);
    }
    const fromStats = await t.db.db.selectFrom('activity_day_stats').select((eb) => eb.fn.sum<number>('entries').as('e')).where('form_code', '=', 'CUOC_THI').executeTakeFirst();
    expect(Number(fromStats?.e)).toBe(acts.reduce((n, a) => n + (a.entries ?? 0), 0));
    // The public page answers for the demo contest.
    const res = await t.app.inject({ method: 'GET', url: `/api/public/contests/${DEMO_CONTEST_SLUG}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().currentRoundId).toBe(rounds.find((r) => !r.frozen_at && r.opens_at <= now)!.id);
    const board = await t.app.inject({ method: 'GET', url: `/api/public/contests/${DEMO_CONTEST_SLUG}/leaderboard` });
    expect(board.statusCode, board.body).toBe(200);
    expect(board.json().rows.length).toBeGreaterThan(0);
  });
});
