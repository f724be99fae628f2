/**
 * Online contests over HTTP on both databases: the question bank and its review, opening a contest, and a
 * citizen's whole path — registration with consent and a one-time code, an attempt on the server clock with
 * resume, time limit and grace, submission, ranking — plus the participant's own data and bad input.
 */
import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { newId, newShortId } from '../../platform/ids.js';
import { describeEachDb, type Session, type TestApp } from '../../test/harness.js';
import { type CampaignFixture, seedActivityCatalogue } from '../activities/activities.testkit.js';
import { contestDataChanged } from './bank-cache.js';
import * as usageQueue from '../../migrations/2026112803_contest_usage_pending.js';
import { foldQuestionUsage } from './contests.usage.js';
import { solvePow } from './contest-rules.js';
import type { LoggingSmsSender } from './sms.js';

const VN = /[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i;
const POW_BITS = 4;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const e = res.json().error;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(VN);
  return e;
}

/** `n` approved questions per topic code, written straight into the bank of `unitId`. */
async function seedBank(t: TestApp, unitId: string, C: CampaignFixture, perTopic: Record<string, number>) {
  const now = t.clock.now().toISOString();
  for (const [code, n] of Object.entries(perTopic)) {
    for (let i = 0; i < n; i++) {
      const options = ['A', 'B', 'C', 'D'].map((l) => ({ id: newShortId(), text: `Phương án ${l} (${code}-${i})` }));
      await t.db.db
        .insertInto('contest_questions')
        .values({
          id: newId(),
          unit_id: unitId,
          campaign_id: C.campaignId,
          kind: 'single',
          text: `Câu hỏi ${code} số ${i + 1} về Nghị quyết 57-NQ/TW?`,
          options: JSON.stringify(options),
          correct: JSON.stringify([options[i % 4].id]),
          explanation: 'Giải thích.',
          difficulty: 1,
          topic_id: C.topics[code],
          status: 'approved',
          answered: 0,
          answered_correctly: 0,
          reviewed_by: null,
          reviewed_at: now,
          created_by: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
    }
  }
  contestDataChanged(); // written straight into the table, past the service
}

describeEachDb(
  'online contests over HTTP',
  (ctx) => {
    let officer: Session; // danang.btt — organiser
    let leader: Session; // danang.lanhdao — reviews questions
    let outsider: Session; // quangphu.btt — officer of another ward
    let C: CampaignFixture;
    let U: Record<string, string>;
    let contestId: string;
    const slug = 'tim-hieu-nghi-quyet-57-2026';

    const pub = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, token?: string) =>
      ctx().app.inject({ method, url, payload: body as never, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const pow = async (purpose: string) => {
      const c = (await pub('GET', `/api/public/contests/${slug}/pow?purpose=${purpose}`)).json();
      return { challenge: c.challenge, nonce: solvePow(c.challenge, c.bits) };
    };
    const lastCode = (phone: string) => {
      const m = (ctx().app.services.sms as LoggingSmsSender).last(phone);
      return /(\d{6})/.exec(m?.text ?? '')?.[1] ?? '';
    };
    const person = (phone: string, extra: Record<string, unknown> = {}) => ({
      fullName: 'Nguyễn Văn An',
      birthDate: '1990-05-12',
      gender: 'male',
      phone,
      unitId: U.PHUONG_TAMKY,
      consent: true,
      ...extra,
    });
    async function join(phone: string, extra: Record<string, unknown> = {}): Promise<string> {
      const reg = await pub('POST', `/api/public/contests/${slug}/register`, { ...person(phone, extra), pow: await pow('register') });
      expect(reg.statusCode, reg.body).toBe(200);
      const v = await pub('POST', `/api/public/contests/${slug}/verify`, { phone, code: lastCode(phone) });
      expect(v.statusCode, v.body).toBe(200);
      return v.json().token;
    }

    beforeAll(async () => {
      const t = ctx();
      U = {};
      for (const code of ['DANANG', 'PHUONG_TAMKY', 'QUANG_PHU']) U[code] = await t.unit(code);
      C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG);
      officer = await t.login('danang.btt');
      leader = await t.login('danang.lanhdao');
      outsider = await t.login('quangphu.btt');
    });

    it('keeps a question bank with review by someone other than the author', async () => {
      const created = await officer.post('/api/contest-questions', {
        campaignId: C.campaignId,
        kind: 'single',
        text: 'Nghị quyết số 57-NQ/TW do cơ quan nào ban hành?',
        options: ['Bộ Chính trị', 'Quốc hội', 'Chính phủ'],
        correct: [0],
        explanation: 'Bộ Chính trị ban hành ngày 22/12/2024.',
        topicId: C.topics.QD1,
      });
      expect(created.statusCode, created.body).toBe(201);
      const q = created.json();
      expect(q.status).toBe('draft');
      expect(q.options.map((o: { text: string }) => o.text)).toEqual(['Bộ Chính trị', 'Quốc hội', 'Chính phủ']);
      expect(q.correct).toEqual([0]);
      expectError(await officer.post(`/api/contest-questions/${q.id}/review`, { status: 'approved', version: q.version }), 403, 'self_review');
      const approved = await leader.post(`/api/contest-questions/${q.id}/review`, { status: 'approved', version: q.version });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().status).toBe('approved');
      // Changing the content sends it back to review.
      const edited = await officer.patch(`/api/contest-questions/${q.id}`, { version: approved.json().version, options: ['Bộ Chính trị', 'Quốc hội', 'Chính phủ', 'Ban Bí thư'] });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json().status).toBe('draft');
      expectError(await officer.patch(`/api/contest-questions/${q.id}`, { version: 1, text: 'Câu hỏi sửa khi đã cũ' }), 409, 'version_conflict');
      expect((await outsider.get(`/api/contest-questions/${q.id}`)).statusCode).toBe(404);
      const list = await officer.get(`/api/contest-questions?topicId=${C.topics.QD}`);
      expect(list.json().items.map((x: { id: string }) => x.id)).toContain(q.id);
    });

    it('refuses malformed questions with a Vietnamese message naming the problem', async () => {
      const base = { kind: 'single', text: 'Câu hỏi thử nghiệm hợp lệ?', options: ['Một', 'Hai'], correct: [0] };
      expectError(await officer.post('/api/contest-questions', { ...base, correct: [0, 1] }), 400, 'validation_failed');
      expectError(await officer.post('/api/contest-questions', { ...base, kind: 'multiple' }), 400, 'validation_failed');
      expectError(await officer.post('/api/contest-questions', { ...base, correct: [3] }), 400, 'validation_failed');
      expectError(await officer.post('/api/contest-questions', { ...base, options: ['Một'] }), 400, 'validation_failed');
      expectError(await officer.post('/api/contest-questions', { ...base, options: ['Một', 'một'] }), 400, 'validation_failed');
      expectError(await outsider.post('/api/contest-questions', { ...base, unitId: U.DANANG }), 404, 'unit_not_found');
    });

    it('opens a contest only when the approved bank can fill every attempt', async () => {
      const t = ctx();
      const created = await officer.post('/api/contests', {
        campaignId: C.campaignId,
        title: 'Cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW',
        slug,
        rules: '<p>Thể lệ <strong>cuộc thi</strong></p><script>alert(1)</script><img src=x onerror=alert(1)>',
        questionsPerAttempt: 10,
        quotas: [{ topicId: C.topics.QD, count: 3 }],
        timeLimitMinutes: 2,
        graceSeconds: 10,
        attemptsPerRound: 2,
        prizes: [{ label: 'Giải Nhất', count: 1 }],
      });
      expect(created.statusCode, created.body).toBe(201);
      const c = created.json();
      contestId = c.id;
      expect(c.rules).toBe('<p>Thể lệ <strong>cuộc thi</strong></p>');
      expect(c.areaUnitName).toMatch(/Đà Nẵng/);
      const now = t.clock.now().getTime();
      const round = await officer.post(`/api/contests/${c.id}/rounds`, { opensAt: new Date(now - 3600_000).toISOString(), closesAt: new Date(now + 7 * 86400_000).toISOString() });
      expect(round.statusCode, round.body).toBe(201);
      expectError(await officer.post(`/api/contests/${c.id}/rounds`, { opensAt: new Date(now).toISOString(), closesAt: new Date(now + 3600_000).toISOString() }), 409, 'round_overlap');
      // Only 1 approved question so far (and it went back to draft): not enough.
      expectError(await officer.post(`/api/contests/${c.id}/status`, { status: 'open', version: round.json().version }), 400, 'bank_too_small');
      await seedBank(t, U.DANANG, C, { QD1: 2, QD2: 2, MT01: 6, KNS: 6 });
      const open = await officer.post(`/api/contests/${c.id}/status`, { status: 'open', version: round.json().version });
      expect(open.statusCode, open.body).toBe(200);
      expect(open.json().status).toBe('open');
      expectError(await officer.patch(`/api/contests/${c.id}`, { version: open.json().version, questionsPerAttempt: 12 }), 409, 'contest_started');
    });

    it('registers a citizen with explicit consent and a one-time code, one identity per phone', async () => {
      const info = await pub('GET', `/api/public/contests/${slug}`);
      expect(info.statusCode, info.body).toBe(200);
      expect(info.json().wards.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining([U.PHUONG_TAMKY, U.QUANG_PHU]));
      expect(info.json().consentText).toMatch(/91\/2025\/QH15/);

      const bad = async (body: Record<string, unknown>, code: string) => expectError(await pub('POST', `/api/public/contests/${slug}/register`, { ...person('0905111222'), ...body, pow: await pow('register') }), 400, code);
      await bad({ consent: false }, 'validation_failed');
      await bad({ phone: '0205123456' }, 'phone_invalid');
      await bad({ birthDate: '2030-01-01' }, 'date_in_future');
      await bad({ unitId: U.DANANG }, 'unit_invalid');
      expectError(await pub('POST', `/api/public/contests/${slug}/register`, { ...person('0905111222'), pow: { challenge: 'register.1.x.y', nonce: '1' } }), 400, 'pow_invalid');

      const reg = await pub('POST', `/api/public/contests/${slug}/register`, { ...person('0905 111 222'), pow: await pow('register') });
      expect(reg.statusCode, reg.body).toBe(200);
      expect(reg.json().phoneMasked).toBe('0905***222');
      const code = lastCode('0905111222');
      expect(code).toMatch(/^\d{6}$/);
      expectError(await pub('POST', `/api/public/contests/${slug}/verify`, { phone: '0905111222', code: code === '000000' ? '111111' : '000000' }), 400, 'code_invalid');
      const ok = await pub('POST', `/api/public/contests/${slug}/verify`, { phone: '0905111222', code });
      expect(ok.statusCode, ok.body).toBe(200);
      expectError(await pub('POST', `/api/public/contests/${slug}/verify`, { phone: '0905111222', code }), 400, 'code_invalid'); // used once

      const row = await ctx().db.db.selectFrom('contest_participants').selectAll().where('phone', '=', '0905111222').executeTakeFirstOrThrow();
      expect(row.consent_at).toBe(ctx().clock.now().toISOString());
      expect(row.consent_version).toBeTruthy();
      expectError(await pub('POST', `/api/public/contests/${slug}/register`, { ...person('0905111222'), pow: await pow('register') }), 409, 'phone_registered');
      expectError(await pub('POST', `/api/public/contests/${slug}/register`, { ...person('0905333444', { fullName: 'nguyen van an' }), pow: await pow('register') }), 409, 'identity_duplicate');
    });

    it('keeps organisers out of the contest', async () => {
      const t = ctx();
      await t.db.db.updateTable('users').set({ phone: '0912000111' }).where('username', '=', 'danang.btt').execute();
      expectError(await pub('POST', `/api/public/contests/${slug}/register`, { ...person('0912000111', { fullName: 'Lê Thị Thu Hà', birthDate: '1980-01-01' }), pow: await pow('register') }), 409, 'organiser_excluded');
    });

    it('runs an attempt on the server clock: quotas, resume, answers saved, the key hidden until submission', async () => {
      const token = await join('0935000001', { fullName: 'Trần Thị Bình', birthDate: '1985-03-03' });
      const started = await pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, token);
      expect(started.statusCode, started.body).toBe(200);
      const a = started.json();
      expect(a.questions).toHaveLength(10);
      expect(new Set(a.questions.map((q: { id: string }) => q.id)).size).toBe(10);
      const qd = await ctx().db.db.selectFrom('contest_questions').select('id').where('topic_id', 'in', [C.topics.QD1, C.topics.QD2]).execute();
      const qdIds = new Set(qd.map((x) => x.id));
      expect(a.questions.filter((q: { id: string }) => qdIds.has(q.id)).length).toBeGreaterThanOrEqual(3);
      // The answer key never travels before submission.
      expect(a.result).toBeNull();
      expect(started.body).not.toMatch(/"correct|explanation|correctOptionIds/);

      const key = new Map(
        (await ctx().db.db.selectFrom('contest_questions').select(['id', 'correct']).where('id', 'in', a.questions.map((q: { id: string }) => q.id)).execute()).map((r) => [r.id, JSON.parse(r.correct)[0] as string]),
      );
      // Answer 7 right and 1 wrong; 2 unanswered.
      for (const [i, q] of a.questions.slice(0, 8).entries()) {
        const right = key.get(q.id)!;
        const pick = i < 7 ? right : q.options.find((o: { id: string }) => o.id !== right).id;
        const r = await pub('PUT', `/api/public/contests/${slug}/attempts/${a.id}/answers/${q.id}`, { optionIds: [pick] }, token);
        expect(r.statusCode, r.body).toBe(200);
      }
      expectError(await pub('PUT', `/api/public/contests/${slug}/attempts/${a.id}/answers/${newId()}`, { optionIds: [] }, token), 400, 'question_not_in_attempt');
      expectError(await pub('PUT', `/api/public/contests/${slug}/attempts/${a.id}/answers/${a.questions[0].id}`, { optionIds: [a.questions[1].options[0].id] }, token), 400, 'option_invalid');
      expectError(await pub('PUT', `/api/public/contests/${slug}/attempts/${a.id}/answers/${a.questions[0].id}`, { optionIds: a.questions[0].options.slice(0, 2).map((o: { id: string }) => o.id) }, token), 400, 'option_invalid');

      // A reload (or a second "start") resumes the same attempt with the saved answers.
      const again = await pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, token);
      expect(again.json().id).toBe(a.id);
      expect(again.json().questions.filter((q: { chosen: string[] }) => q.chosen.length).length).toBe(8);
      // Someone else's token cannot see it.
      const other = await join('0935000002', { fullName: 'Phạm Văn Cường', birthDate: '1970-07-07' });
      expectError(await pub('GET', `/api/public/contests/${slug}/attempts/${a.id}`, undefined, other), 404, 'attempt_not_found');

      ctx().clock.advance(45_000);
      const submitted = await pub('POST', `/api/public/contests/${slug}/attempts/${a.id}/submit`, { prediction: 3 }, token);
      expect(submitted.statusCode, submitted.body).toBe(200);
      const s = submitted.json();
      expect(s.status).toBe('submitted');
      expect(s.result.correct).toBe(7);
      expect(s.result.total).toBe(10);
      expect(s.result.timeUsedSeconds).toBe(45);
      expect(s.result.review.filter((r: { isCorrect: boolean }) => r.isCorrect)).toHaveLength(7);
      expect(s.prediction).toBe(3);
      expectError(await pub('POST', `/api/public/contests/${slug}/attempts/${a.id}/submit`, {}, token), 409, 'attempt_already_submitted');
      expectError(await pub('PUT', `/api/public/contests/${slug}/attempts/${a.id}/answers/${a.questions[9].id}`, { optionIds: [a.questions[9].options[0].id] }, token), 409, 'attempt_already_submitted');
      // Usage statistics of the bank, folded from the submission (by the tick job, or before the bank is shown):
      // 8 answered, 7 of them right; a second fold counts nothing twice.
      const usage = async () => {
        const rows = await ctx().db.db.selectFrom('contest_questions').select(['answered', 'answered_correctly']).where('id', 'in', a.questions.map((q: { id: string }) => q.id)).execute();
        return [rows.reduce((n, r) => n + r.answered, 0), rows.reduce((n, r) => n + r.answered_correctly, 0)];
      };
      // Per question, in drawn order: [answered, answered correctly].
      const perQuestion = async () => {
        const rows = await ctx().db.db.selectFrom('contest_questions').select(['id', 'answered', 'answered_correctly']).where('id', 'in', a.questions.map((q: { id: string }) => q.id)).execute();
        const byId = new Map(rows.map((r) => [r.id, [r.answered, r.answered_correctly]]));
        return a.questions.map((q: { id: string }) => byId.get(q.id));
      };
      const expected = [...Array(7).fill([1, 1]), [1, 0], [0, 0], [0, 0]];
      // The submission queued its usage in its own transaction: the drawn ids in order and the mask.
      const queued = () => ctx().db.db.selectFrom('contest_usage_pending').selectAll().where('attempt_id', '=', a.id).execute();
      const queuedRow = { attempt_id: a.id, question_ids: a.questions.map((q: { id: string }) => q.id).join(','), mask: '11111110--' };
      expect(await queued()).toEqual([queuedRow]);
      expect(await foldQuestionUsage(ctx().db.db)).toBe(1);
      expect(await usage()).toEqual([8, 7]);
      expect(await perQuestion()).toEqual(expected);
      expect(await queued()).toEqual([]);
      expect(await foldQuestionUsage(ctx().db.db)).toBe(0);
      expect(await usage()).toEqual([8, 7]);
      // Migrating the queue down hands a queued submission back to the old fold, which counts it from its own row;
      // migrating up again starts an empty queue. Nothing is lost or counted twice.
      await ctx().db.db.insertInto('contest_usage_pending').values(queuedRow).execute();
      await ctx().db.db.updateTable('contest_questions').set({ answered: 0, answered_correctly: 0 }).execute();
      await usageQueue.down(ctx().db.db);
      await usageQueue.up(ctx().db.db, ctx().engine);
      expect(await foldQuestionUsage(ctx().db.db)).toBe(1);
      expect(await perQuestion()).toEqual(expected);
      expect(await foldQuestionUsage(ctx().db.db)).toBe(0);
      // The submission recorded its mask (7 right, 1 wrong, 2 unanswered, in drawn order) …
      const row = await ctx().db.db.selectFrom('contest_attempts').select(['usage_mask']).where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(row.usage_mask).toBe('11111110--');
      // … and an attempt without one is scored again from its saved answers, to the same figures.
      await ctx().db.db.updateTable('contest_attempts').set({ usage_mask: null, usage_counted: 0 }).where('id', '=', a.id).execute();
      await ctx().db.db.updateTable('contest_questions').set({ answered: 0, answered_correctly: 0 }).execute();
      expect(await foldQuestionUsage(ctx().db.db)).toBe(1);
      expect(await usage()).toEqual([8, 7]);
      expect(await perQuestion()).toEqual(expected);

      // Second attempt allowed (2 per round), a third is not.
      const second = await pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, token);
      expect(second.statusCode, second.body).toBe(200);
      expect(second.json().attemptNo).toBe(2);
      await pub('POST', `/api/public/contests/${slug}/attempts/${second.json().id}/submit`, {}, token);
      expectError(await pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, token), 409, 'attempts_exhausted');
    });

    it('auto-submits when the time limit and grace are over, counting answers saved in time', async () => {
      const token = await join('0935000003', { fullName: 'Lê Văn Dũng', birthDate: '1995-09-09' });
      const a = (await pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, token)).json();
      const q = a.questions[0];
      ctx().clock.advance(2 * 60_000 + 5_000); // past the 2-minute limit, within the 10 s grace
      const late = await pub('PUT', `/api/public/contests/${slug}/attempts/${a.id}/answers/${q.id}`, { optionIds: [q.options[0].id] }, token);
      expect(late.statusCode, late.body).toBe(200);
      ctx().clock.advance(6_000); // past the grace
      expectError(await pub('PUT', `/api/public/contests/${slug}/attempts/${a.id}/answers/${a.questions[1].id}`, { optionIds: [a.questions[1].options[0].id] }, token), 409, 'attempt_time_up');
      const got = (await pub('GET', `/api/public/contests/${slug}/attempts/${a.id}`, undefined, token)).json();
      expect(got.status).toBe('submitted');
      expect(got.autoSubmitted).toBe(true);
      expect(got.result.timeUsedSeconds).toBe(120);
      expect(got.questions[0].chosen).toEqual([q.options[0].id]);
    });

    it('ranks the round for the organiser and shows only masked names in public', async () => {
      const ranking = await officer.get(`/api/contests/${contestId}`);
      const roundId = ranking.json().rounds[0].id;
      const full = await officer.get(`/api/contest-rounds/${roundId}/ranking`);
      expect(full.statusCode, full.body).toBe(200);
      const rows = full.json().rows;
      expect(rows[0].name).toBe('Trần Thị Bình');
      expect(rows[0].correct).toBe(7);
      expect(rows.map((r: { rank: number }) => r.rank)).toEqual(rows.map((_: unknown, i: number) => i + 1));
      expect((await outsider.get(`/api/contest-rounds/${roundId}/ranking`)).statusCode).toBe(404);
      const board = await pub('GET', `/api/public/contests/${slug}/leaderboard`);
      expect(board.statusCode, board.body).toBe(200);
      expect(board.json().rows[0].name).toBe('Trần T. B.');
      expect(board.json().rows[0].phone).toBe('0935***001');
      expect(board.body).not.toContain('0935000001');
      const stats = (await officer.get(`/api/contests/${contestId}/stats`)).json();
      expect(stats.byUnit.find((u: { unitId: string }) => u.unitId === U.PHUONG_TAMKY).participants).toBe(2);
    });

    it('lets a participant see, correct and delete their data (withdrawing consent)', async () => {
      const token = await join('0935000009', { fullName: 'Võ Thị Én', birthDate: '2000-02-02' });
      const me = await pub('GET', `/api/public/contests/${slug}/me`, undefined, token);
      expect(me.json().fullName).toBe('Võ Thị Én');
      const fixed = await pub('PATCH', `/api/public/contests/${slug}/me`, { fullName: 'Võ Thị Yến', unitId: U.QUANG_PHU }, token);
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json().unitId).toBe(U.QUANG_PHU);
      expectError(await pub('PATCH', `/api/public/contests/${slug}/me`, { birthDate: '2099-01-01' }, token), 400, 'date_in_future');
      expect((await pub('DELETE', `/api/public/contests/${slug}/me`, undefined, token)).statusCode).toBe(204);
      expectError(await pub('GET', `/api/public/contests/${slug}/me`, undefined, token), 401, 'participant_unauthenticated');
      const row = await ctx().db.db.selectFrom('contest_participants').selectAll().where('phone', '=', '0935000009').executeTakeFirst();
      expect(row).toBeUndefined();
      const gone = await ctx().db.db.selectFrom('contest_participants').selectAll().where('full_name', '=', 'Võ Thị Yến').executeTakeFirst();
      expect(gone).toBeUndefined();
    });

    it('answers submissions arriving together each on its own: one commit on SQLite, a lost race gets 409', async () => {
      const tokens = [
        await join('0935000101', { fullName: 'Trương Thị Lan', birthDate: '1985-03-01' }),
        await join('0935000102', { fullName: 'Hồ Văn Phúc', birthDate: '1992-08-19' }),
        await join('0935000103', { fullName: 'Đinh Thị Mai', birthDate: '2001-11-30' }),
      ];
      const ids: string[] = [];
      for (const t of tokens) {
        const s = await pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, t);
        expect(s.statusCode, s.body).toBe(200);
        ids.push(s.json().id);
      }
      const submit = (i: number, as = i) => pub('POST', `/api/public/contests/${slug}/attempts/${ids[i]}/submit`, { prediction: 10 + i }, tokens[as]);
      // Sent together: on SQLite they share one transaction, each in its own savepoint.
      const [first, twice, second, stranger, third] = await Promise.all([submit(0), submit(0), submit(1), submit(2, 0), submit(2)]);
      expect(second.statusCode, second.body).toBe(200);
      expect(third.statusCode, third.body).toBe(200);
      expect(second.json().result.total).toBe(10);
      expect(second.json().prediction).toBe(11);
      // The same attempt twice: one is accepted, the other refused, whichever came first.
      expect([first.statusCode, twice.statusCode].sort()).toEqual([200, 409]);
      expectError(first.statusCode === 409 ? first : twice, 409, 'attempt_already_submitted');
      // Someone else's attempt, even in the same group, is not found and changes nothing.
      expectError(stranger, 404, 'attempt_not_found');
      const rows = await ctx().db.db.selectFrom('contest_attempts').select(['id', 'submitted_at', 'prediction']).where('id', 'in', ids).execute();
      for (const [i, id] of ids.entries()) {
        const row = rows.find((r) => r.id === id)!;
        expect(row.submitted_at).not.toBeNull();
        expect(row.prediction).toBe(10 + i);
      }
    });

    it('gives two starts sent in the same instant one attempt, and answers sent with the submission are saved before it or refused', async () => {
      const token = await join('0935000104', { fullName: 'Vũ Thị Ngọc', birthDate: '1995-06-15' });
      const start = async () => pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, token);
      const [a, b] = await Promise.all([start(), start()]);
      expect(a.statusCode, a.body).toBe(200);
      expect(b.statusCode, b.body).toBe(200);
      expect(b.json().id).toBe(a.json().id);
      const id = a.json().id as string;
      const qs = a.json().questions as { id: string; options: { id: string }[] }[];
      const answer = (i: number) => pub('PUT', `/api/public/contests/${slug}/attempts/${id}/answers/${qs[i].id}`, { optionIds: [qs[i].options[0].id] }, token);
      const [x, submitted, y] = await Promise.all([answer(0), pub('POST', `/api/public/contests/${slug}/attempts/${id}/submit`, { prediction: 3 }, token), answer(1)]);
      expect(submitted.statusCode, submitted.body).toBe(200);
      const review = submitted.json().result.review as { questionId: string; chosenOptionIds: string[] }[];
      const saved = await ctx().db.db.selectFrom('contest_answers').select('question_id').where('attempt_id', '=', id).execute();
      // Each answer is either saved and counted in the result, or refused with 409 and absent.
      for (const [i, r] of [x, y].entries()) {
        const q = qs[i].id;
        if (r.statusCode === 200) {
          expect(saved.map((s) => s.question_id)).toContain(q);
          expect(review.find((v) => v.questionId === q)!.chosenOptionIds).toEqual([qs[i].options[0].id]);
        } else {
          expectError(r, 409, 'attempt_already_submitted');
          expect(saved.map((s) => s.question_id)).not.toContain(q);
        }
      }
    });

    it('answers the attempt steps as a JSON API: fixed headers, start and submission plain, a reload gzipped', async () => {
      const phoneHeaders = (token?: string) => ({ 'accept-encoding': 'gzip, deflate, br', ...(token ? { authorization: `Bearer ${token}` } : {}) });
      const challenge = await ctx().app.inject({ method: 'GET', url: `/api/public/contests/${slug}/pow?purpose=start`, headers: phoneHeaders() });
      expect(challenge.statusCode).toBe(200);
      expect(challenge.headers['cache-control']).toBe('no-store');
      expect(challenge.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(challenge.headers['x-content-type-options']).toBe('nosniff');
      const c = challenge.json();
      const token = await join('0935000077', { fullName: 'Lê Thị Hoa', birthDate: '1990-09-09' });
      const started = await ctx().app.inject({ method: 'POST', url: `/api/public/contests/${slug}/attempts`, headers: phoneHeaders(token), payload: { pow: { challenge: c.challenge, nonce: solvePow(c.challenge, c.bits) } } });
      expect(started.statusCode, started.body).toBe(200);
      // The start's 5–6 KB fit in one round trip: sent as they are, no CPU spent compressing at the opening minute.
      expect(started.headers['content-encoding']).toBeUndefined();
      expect(started.headers['x-frame-options']).toBe('DENY');
      const a = started.json();
      expect(a.questions).toHaveLength(10);
      const reloaded = await ctx().app.inject({ method: 'GET', url: `/api/public/contests/${slug}/attempts/${a.id}`, headers: phoneHeaders(token) });
      expect(reloaded.headers['content-encoding']).toBe('gzip');
      const body = JSON.parse(gunzipSync(reloaded.rawPayload).toString('utf8'));
      expect(body.id).toBe(a.id);
      expect(body.questions.map((q: { id: string }) => q.id)).toEqual(a.questions.map((q: { id: string }) => q.id));
      const submitted = await ctx().app.inject({ method: 'POST', url: `/api/public/contests/${slug}/attempts/${a.id}/submit`, headers: phoneHeaders(token), payload: { prediction: 1 } });
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.headers['content-encoding']).toBeUndefined();
      expect(submitted.json().status).toBe('submitted');
    });

    it('closes a round at its time and freezes the actual figure of the prediction question', async () => {
      const t = ctx();
      t.clock.advance(8 * 86400_000);
      expect(await t.app.services.contests.closeDueRounds()).toBe(1);
      officer = await t.login('danang.btt'); // the old session timed out over the eight days
      const c = (await officer.get(`/api/contests/${contestId}`)).json();
      expect(c.rounds[0].state).toBe('closed');
      expect(c.rounds[0].actualValue).toBe(0);
      const token = await join('0935000010', { fullName: 'Hồ Văn Phúc', birthDate: '1999-01-01' }).catch(() => null);
      expect(token).not.toBeNull();
      expectError(await pub('POST', `/api/public/contests/${slug}/attempts`, { pow: await pow('start') }, token!), 409, 'round_not_open');
    });
  },
  { config: { contest: { powBits: POW_BITS, powSecret: 'test-secret', rateLimits: false } } },
);
