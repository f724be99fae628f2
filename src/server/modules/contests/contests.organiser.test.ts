/**
 * Organiser gaps found by the workspace screens, over HTTP on both databases: the difficulty filter of the
 * question bank (paging and totals on the server), "return with comment" in review, the eligible area editable
 * while the contest is a draft (and registration following it), stats split by round, and editing a round
 * before it opens.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { solvePow } from './contest-rules.js';
import { type ContestFixture, seedSmallContest } from './contests.testkit.js';

const VN = /[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const e = res.json().error;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(VN);
  return e;
}

describeEachDb(
  'contest organiser gaps',
  (ctx) => {
    let officer: Session; // danang.btt — organiser, author of the questions
    let leader: Session; // danang.lanhdao — reviewer
    let outsider: Session; // quangphu.btt — another ward
    let F: ContestFixture;

    beforeAll(async () => {
      F = await seedSmallContest(ctx());
      F.U.TW = await ctx().unit('TW');
      officer = await ctx().login('danang.btt');
      leader = await ctx().login('danang.lanhdao');
      outsider = await ctx().login('quangphu.btt');
    });

    const question = (text: string, difficulty: number) => ({ kind: 'single', text, options: ['Đúng', 'Sai'], correct: [0], difficulty });

    it('filters the bank by difficulty on the server, with totals and paging of the filtered list', async () => {
      const marker = 'Mức độ lọc thử';
      for (const [i, d] of [1, 2, 2, 3, 2].entries()) {
        const r = await officer.post('/api/contest-questions', question(`${marker} câu số ${i + 1}?`, d));
        expect(r.statusCode, r.body).toBe(201);
      }
      const medium = await officer.get(`/api/contest-questions?search=${encodeURIComponent(marker)}&difficulty=2&pageSize=2`);
      expect(medium.statusCode, medium.body).toBe(200);
      expect(medium.json().total).toBe(3);
      expect(medium.json().items).toHaveLength(2);
      expect(medium.json().items.every((q: { difficulty: number }) => q.difficulty === 2)).toBe(true);
      const page2 = (await officer.get(`/api/contest-questions?search=${encodeURIComponent(marker)}&difficulty=2&pageSize=2&page=2`)).json();
      expect(page2.items).toHaveLength(1);
      expect(page2.items[0].difficulty).toBe(2);
      const hard = (await officer.get(`/api/contest-questions?search=${encodeURIComponent(marker)}&difficulty=3`)).json();
      expect(hard.total).toBe(1);
      const all = (await officer.get(`/api/contest-questions?search=${encodeURIComponent(marker)}`)).json();
      expect(all.total).toBe(5);
      expectError(await officer.get('/api/contest-questions?difficulty=4'), 400, 'validation_failed');
    });

    it('returns a question with a comment the author sees, stored with the reviewer and the time', async () => {
      const created = (await officer.post('/api/contest-questions', question('Câu hỏi cần góp ý của người duyệt?', 1))).json();
      expect(created.reviewComment).toBeNull();
      // Returning (draft → draft) needs a reason; unknown fields are still refused.
      expectError(await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'draft', version: created.version }), 400, 'review_comment_required');
      expectError(await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'draft', version: created.version, comment: '   ' }), 400, 'review_comment_required');
      expectError(await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'draft', version: created.version, comment: 'x', note: 'y' }), 400, 'validation_failed');
      const comment = 'Phương án B chưa rõ, hãy nêu căn cứ trong Nghị quyết.';
      const returned = await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'draft', version: created.version, comment });
      expect(returned.statusCode, returned.body).toBe(200);
      const now = ctx().clock.now().toISOString();
      const leaderRow = await ctx().db.db.selectFrom('users').select(['id', 'full_name']).where('username', '=', 'danang.lanhdao').executeTakeFirstOrThrow();
      expect(returned.json().status).toBe('draft');
      expect(returned.json().reviewComment).toEqual({ text: comment, byUserId: leaderRow.id, byName: leaderRow.full_name, at: now });
      // The author sees it on the question and in the list.
      expect((await officer.get(`/api/contest-questions/${created.id}`)).json().reviewComment.text).toBe(comment);
      const listed = (await officer.get(`/api/contest-questions?search=${encodeURIComponent('cần góp ý của người duyệt')}`)).json();
      expect(listed.items[0].reviewComment.byName).toBe(leaderRow.full_name);
      const row = await ctx().db.db.selectFrom('contest_questions').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(row.review_comment).toBe(comment);
      expect(row.review_comment_by).toBe(leaderRow.id);

      // Approving settles the comment; returning an approved question or archiving needs one again.
      const approved = (await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'approved', version: returned.json().version })).json();
      expect(approved.status).toBe('approved');
      expect(approved.reviewComment).toBeNull();
      expectError(await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'draft', version: approved.version }), 400, 'review_comment_required');
      expectError(await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'archived', version: approved.version }), 400, 'review_comment_required');
      const archived = (await leader.post(`/api/contest-questions/${created.id}/review`, { status: 'archived', version: approved.version, comment: 'Trùng với câu hỏi đã có.' })).json();
      expect(archived.status).toBe('archived');
      expect(archived.reviewComment.text).toBe('Trùng với câu hỏi đã có.');
      // Restoring from the archive needs no comment and keeps the last one.
      const restored = await officer.post(`/api/contest-questions/${created.id}/review`, { status: 'draft', version: archived.version });
      expect(restored.statusCode, restored.body).toBe(200);
      expect(restored.json().reviewComment.text).toBe('Trùng với câu hỏi đã có.');
      // Nothing saved by the refused requests: versions moved once per accepted review.
      expect(restored.json().version).toBe(created.version + 4);
    });

    it('edits the eligible area while the contest is a draft, and registration follows it', async () => {
      const t = ctx();
      const created = await officer.post('/api/contests', { title: 'Cuộc thi thử địa bàn dự thi', slug: 'thu-dia-ban-du-thi', questionsPerAttempt: 5 });
      expect(created.statusCode, created.body).toBe(201);
      const c = created.json();
      expect(c.areaUnitId).toBe(F.U.DANANG);
      expectError(await officer.patch(`/api/contests/${c.id}`, { version: c.version, areaUnitId: F.U.TW }), 400, 'area_invalid');
      expectError(await officer.patch(`/api/contests/${c.id}`, { version: c.version, areaUnitId: 'khong-co' }), 400, 'area_invalid');
      expect((await outsider.patch(`/api/contests/${c.id}`, { version: c.version, areaUnitId: F.U.QUANG_PHU })).statusCode).toBe(404);
      const moved = await officer.patch(`/api/contests/${c.id}`, { version: c.version, areaUnitId: F.U.PHUONG_TAMKY });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().areaUnitId).toBe(F.U.PHUONG_TAMKY);
      expect(moved.json().areaUnitName).toMatch(/Tam Kỳ/);
      expect((await t.db.db.selectFrom('contests').select('area_unit_id').where('id', '=', c.id).executeTakeFirstOrThrow()).area_unit_id).toBe(F.U.PHUONG_TAMKY);

      // Opened (written straight in: the bank is not the point here), the area is frozen and registration follows it.
      const now = t.clock.now().getTime();
      const round = await officer.post(`/api/contests/${c.id}/rounds`, { opensAt: new Date(now - 3600_000).toISOString(), closesAt: new Date(now + 86400_000).toISOString() });
      expect(round.statusCode, round.body).toBe(201);
      await t.db.db.updateTable('contests').set({ status: 'open' }).where('id', '=', c.id).execute();
      const version = round.json().version;
      expectError(await officer.patch(`/api/contests/${c.id}`, { version, areaUnitId: F.U.DANANG }), 409, 'contest_started');
      const pub = await t.app.inject({ method: 'GET', url: '/api/public/contests/thu-dia-ban-du-thi' });
      expect(pub.json().wards.map((w: { id: string }) => w.id)).toEqual([F.U.PHUONG_TAMKY]);
      const register = async (unitId: string, phone: string) => {
        const ch = (await t.app.inject({ method: 'GET', url: '/api/public/contests/thu-dia-ban-du-thi/pow?purpose=register' })).json();
        return t.app.inject({
          method: 'POST',
          url: '/api/public/contests/thu-dia-ban-du-thi/register',
          payload: { fullName: 'Nguyễn Văn Địa', birthDate: '1990-01-01', gender: 'male', phone, unitId, consent: true, pow: { challenge: ch.challenge, nonce: solvePow(ch.challenge, ch.bits) } },
        });
      };
      expectError(await register(F.U.QUANG_PHU, '0905777001'), 400, 'unit_invalid');
      expect((await register(F.U.PHUONG_TAMKY, '0905777002')).statusCode).toBe(200);
    });

    it('splits the headline counts, wards and days by round, matching a direct count', async () => {
      const db = ctx().db.db;
      const direct = async (roundId: string) => {
        const rows = await db.selectFrom('contest_attempts').select(['participant_id', 'unit_id', 'submitted_at']).where('round_id', '=', roundId).execute();
        const wards = new Map<string, { people: Set<string>; attempts: number }>();
        for (const r of rows) {
          const w = wards.get(r.unit_id) ?? { people: new Set<string>(), attempts: 0 };
          w.people.add(r.participant_id);
          w.attempts++;
          wards.set(r.unit_id, w);
        }
        return {
          participants: new Set(rows.map((r) => r.participant_id)).size,
          attempts: rows.length,
          submitted: rows.filter((r) => r.submitted_at).length,
          byUnit: Object.fromEntries([...wards].map(([k, v]) => [k, { participants: v.people.size, attempts: v.attempts }])),
        };
      };
      for (const [roundId, expected] of [
        [F.round1, { participants: 4, attempts: 5, submitted: 4 }],
        [F.round2, { participants: 1, attempts: 1, submitted: 1 }],
      ] as const) {
        const res = await officer.get(`/api/contests/${F.contestId}/stats?roundId=${roundId}`);
        expect(res.statusCode, res.body).toBe(200);
        const s = res.json();
        const d = await direct(roundId);
        expect({ participants: s.participants, attempts: s.attempts, submitted: s.submitted }).toEqual(expected);
        expect({ participants: s.participants, attempts: s.attempts, submitted: s.submitted }).toEqual({ participants: d.participants, attempts: d.attempts, submitted: d.submitted });
        expect(Object.fromEntries(s.byUnit.map((u: { unitId: string; participants: number; attempts: number }) => [u.unitId, { participants: u.participants, attempts: u.attempts }]))).toEqual(d.byUnit);
        expect(s.byDay.reduce((n: number, x: { attempts: number }) => n + x.attempts, 0)).toBe(d.attempts);
        expect(s.roundId).toBe(roundId);
        // byRound always lists every round.
        expect(s.byRound.map((r: { no: number }) => r.no)).toEqual([1, 2]);
      }
      const r2 = (await officer.get(`/api/contests/${F.contestId}/stats?roundId=${F.round2}`)).json();
      expect(r2.byUnit).toEqual([expect.objectContaining({ unitId: F.U.PHUONG_TAMKY, participants: 1, attempts: 1 })]);
      // The whole contest: registrations, and every attempt.
      const whole = (await officer.get(`/api/contests/${F.contestId}/stats`)).json();
      expect([whole.participants, whole.attempts, whole.submitted]).toEqual([4, 6, 5]);
      expect(whole.byUnit.find((u: { unitId: string }) => u.unitId === F.U.PHUONG_TAMKY)).toMatchObject({ participants: 2, attempts: 4 });
      expectError(await officer.get(`/api/contests/${F.contestId}/stats?roundId=khong-co`), 400, 'round_invalid');
    });

    it('edits a round (times, prediction question) only before it opens', async () => {
      const now = ctx().clock.now().getTime();
      const day = 86400_000;
      const added = await officer.post(`/api/contests/${F.contestId}/rounds`, { opensAt: new Date(now + 7 * day).toISOString(), closesAt: new Date(now + 14 * day).toISOString() });
      expect(added.statusCode, added.body).toBe(201);
      const round3 = added.json().rounds.find((r: { no: number }) => r.no === 3);
      expect(round3.state).toBe('upcoming');
      const question = 'Theo bạn, có bao nhiêu người trả lời đúng cả 10 câu trong tuần thứ ba?';
      const edited = await officer.patch(`/api/contest-rounds/${round3.id}`, { predictionQuestion: question, closesAt: new Date(now + 13 * day).toISOString() });
      expect(edited.statusCode, edited.body).toBe(200);
      const r3 = edited.json().rounds.find((r: { id: string }) => r.id === round3.id);
      expect(r3.predictionQuestion).toBe(question);
      expect(r3.closesAt).toBe(new Date(now + 13 * day).toISOString());
      expect(r3.opensAt).toBe(round3.opensAt);
      expectError(await officer.patch(`/api/contest-rounds/${round3.id}`, { opensAt: new Date(now + 2 * day).toISOString() }), 409, 'round_overlap');
      expectError(await officer.patch(`/api/contest-rounds/${round3.id}`, { closesAt: new Date(now + 7 * day).toISOString() }), 400, 'invalid_period');
      expectError(await officer.patch(`/api/contest-rounds/${round3.id}`, { predictionQuestion: 'Hỏi' }), 400, 'validation_failed');
      expectError(await officer.patch(`/api/contest-rounds/${F.round2}`, { predictionQuestion: question }), 409, 'round_started');
      expectError(await officer.patch(`/api/contest-rounds/${F.round1}`, { predictionQuestion: question }), 409, 'round_started');
      expect((await outsider.patch(`/api/contest-rounds/${round3.id}`, { predictionQuestion: question })).statusCode).toBe(404);
      const stored = await ctx().db.db.selectFrom('contest_rounds').select(['prediction_question', 'opens_at']).where('id', '=', round3.id).executeTakeFirstOrThrow();
      expect(stored.prediction_question).toBe(question);
      expect(stored.opens_at).toBe(round3.opensAt);
    });
  },
  { config: { contest: { powBits: 4, powSecret: 'test-secret', rateLimits: false } } },
);
