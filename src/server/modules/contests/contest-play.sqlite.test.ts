/**
 * The SQLite attempt store's group commit (contest-play.sqlite.ts): writes queued in the same turn of the event
 * loop share one transaction in the order they came, and each re-checks what it depends on inside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import type { Scored } from './contest-play.sqlite.js';
import { SqliteAttemptStore } from './contest-play.sqlite.js';
import * as clustered from '../../migrations/2026112802_contest_answers_clustered.js';
import { type ContestFixture, seedSmallContest } from './contests.testkit.js';

let t: TestApp & { close(): Promise<void> };
let f: ContestFixture;
let store: SqliteAttemptStore;
beforeEach(async () => {
  t = await buildTestApp('sqlite');
  f = await seedSmallContest(t);
  store = new SqliteAttemptStore(t.db.sqlite!);
});
afterEach(() => t.close());

const drawn = [
  { id: 'q1', options: ['a', 'b'] },
  { id: 'q2', options: ['c', 'd'] },
];
const attemptRow = (participantId: string, unitId: string) => {
  const now = t.clock.now();
  return { id: newId(), round_id: f.round2, participant_id: participantId, unit_id: unitId, started_at: now.toISOString(), deadline_at: new Date(now.getTime() + 900_000).toISOString() };
};
const scored = (): Scored => ({ correct: 1, mask: '1-', questionIds: ['q1', 'q2'], submittedAt: t.clock.now().toISOString(), timeUsedMs: 1000, prediction: 4, auto: false });

describe('the SQLite attempt store', () => {
  it('gives a second start queued in the same instant the attempt the first one inserted', async () => {
    const P2 = f.people.P2;
    const unit = f.U.PHUONG_TAMKY;
    const [first, second] = await Promise.all([
      store.insertAttempt(attemptRow(P2, unit), 3, { owners: [f.U.DANANG], campaignId: null }, () => drawn),
      store.insertAttempt(attemptRow(P2, unit), 3, { owners: [f.U.DANANG], campaignId: null }, () => drawn),
    ]);
    expect(first).toMatchObject({ attemptNo: 1, questions: JSON.stringify(drawn) });
    expect(second && 'running' in second ? second.running.attempt_no : null).toBe(1);
    const rows = await t.db.db.selectFrom('contest_attempts').select('id').where('round_id', '=', f.round2).where('participant_id', '=', P2).execute();
    expect(rows).toHaveLength(1);
    expect(second && 'running' in second ? second.running.id : null).toBe(rows[0].id);
  });

  it('refuses, and does not write, an answer queued after the submission of its attempt in the same group', async () => {
    const row = attemptRow(f.people.P2, f.U.PHUONG_TAMKY);
    await store.insertAttempt(row, 3, { owners: [f.U.DANANG], campaignId: null }, () => drawn);
    const check = (a: Parameters<Parameters<SqliteAttemptStore['submit']>[1]>[0]) => ({ a: a!, expired: false });
    // Same turn, in this order: an answer, the submission, a late answer.
    const [before, submitted, late] = await Promise.all([
      store.upsertAnswer(row.id, 'q1', '["a"]', t.clock.now().toISOString()),
      store.submit(row.id, check, scored),
      store.upsertAnswer(row.id, 'q2', '["c"]', t.clock.now().toISOString()),
    ]);
    expect(before).toBe(true);
    expect(late).toBe(false);
    // The submission saw the answer queued before it, and not the late one.
    expect(submitted.answers.map((a) => a.question_id)).toEqual(['q1']);
    expect(submitted.attempt.submitted_at).not.toBeNull();
    const saved = await t.db.db.selectFrom('contest_answers').select(['question_id', 'option_ids']).where('attempt_id', '=', row.id).execute();
    expect(saved).toEqual([{ question_id: 'q1', option_ids: '["a"]' }]);
  });

  it('rolls back only the piece that throws and settles every promise after the one commit', async () => {
    const a = attemptRow(f.people.P2, f.U.PHUONG_TAMKY);
    const b = attemptRow(f.people.P3, f.U.QUANG_PHU);
    await Promise.all([
      store.insertAttempt(a, 3, { owners: [f.U.DANANG], campaignId: null }, () => drawn),
      store.insertAttempt(b, 3, { owners: [f.U.DANANG], campaignId: null }, () => drawn),
    ]);
    const results = await Promise.allSettled([
      store.upsertAnswer(a.id, 'q1', '["b"]', t.clock.now().toISOString()),
      store.submit(
        b.id,
        () => {
          throw new Error('refused');
        },
        scored,
      ),
      store.upsertAnswer(b.id, 'q2', '["d"]', t.clock.now().toISOString()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const saved = await t.db.db.selectFrom('contest_answers').select(['attempt_id', 'question_id']).where('attempt_id', 'in', [a.id, b.id]).orderBy('question_id').execute();
    expect(saved).toEqual([
      { attempt_id: a.id, question_id: 'q1' },
      { attempt_id: b.id, question_id: 'q2' },
    ]);
    const closed = await t.db.db.selectFrom('contest_attempts').select('submitted_at').where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(closed.submitted_at).toBeNull();
  });

  it('keeps saved answers in a table clustered by (attempt, question), and its migration keeps every row both ways', async () => {
    const row = attemptRow(f.people.P2, f.U.PHUONG_TAMKY);
    await store.insertAttempt(row, 3, { owners: [f.U.DANANG], campaignId: null }, () => drawn);
    await Promise.all([store.upsertAnswer(row.id, 'q1', '["a"]', t.clock.now().toISOString()), store.upsertAnswer(row.id, 'q2', '["d"]', t.clock.now().toISOString())]);
    const kind = () => (t.db.sqlite!.prepare("select wr from pragma_table_list where name = 'contest_answers'").get() as { wr: number }).wr;
    const rows = () => t.db.sqlite!.prepare('select question_id, option_ids from contest_answers where attempt_id = ? order by question_id').all(row.id);
    expect(kind()).toBe(1);
    const before = rows();
    expect(before).toEqual([
      { question_id: 'q1', option_ids: '["a"]' },
      { question_id: 'q2', option_ids: '["d"]' },
    ]);
    await clustered.down(t.db.db, 'sqlite');
    expect(kind()).toBe(0);
    expect(rows()).toEqual(before);
    await clustered.up(t.db.db, 'sqlite');
    expect(kind()).toBe(1);
    expect(rows()).toEqual(before);
    // The key still refuses a second row for the same question: saving again replaces the answer.
    await store.upsertAnswer(row.id, 'q1', '["b"]', t.clock.now().toISOString());
    expect(rows()).toEqual([{ question_id: 'q1', option_ids: '["b"]' }, before[1]]);
  });

  it('sees what another process commits to the same file (PRAGMA data_version) without being told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantoa-data-version-'));
    const file = join(dir, 'contest.db');
    t.db.sqlite!.exec(`vacuum into '${file}'`);
    const mine = new SQLite(file);
    const other = new SQLite(file); // a CLI or a seed script on the same file
    try {
      mine.pragma('journal_mode = WAL');
      const s = new SqliteAttemptStore(mine);
      const { slug, title } = other.prepare('select slug, title from contests where id = ?').get(f.contestId) as { slug: string; title: string };
      const rounds = s.rounds(f.contestId).length;
      expect(s.contestBySlug(slug)?.title).toBe(title);
      // Written elsewhere: a new title and one more round. The store's cached rows are not told (no contestDataChanged).
      other.prepare('update contests set title = ? where id = ?').run('Cuộc thi đổi tên từ tiến trình khác', f.contestId);
      const r = other.prepare('select * from contest_rounds where contest_id = ? order by no desc limit 1').get(f.contestId) as Record<string, unknown>;
      other.prepare(`insert into contest_rounds (${Object.keys(r).join(', ')}) values (${Object.keys(r).map(() => '?').join(', ')})`).run(...Object.values({ ...r, id: newId(), no: Number(r.no) + 1 }));
      // The version is read at most once a millisecond.
      await new Promise((ok) => setTimeout(ok, 5));
      expect(s.contestBySlug(slug)?.title).toBe('Cuộc thi đổi tên từ tiến trình khác');
      expect(s.rounds(f.contestId)).toHaveLength(rounds + 1);
    } finally {
      mine.close();
      other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
