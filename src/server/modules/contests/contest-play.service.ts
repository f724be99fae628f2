/**
 * Citizens' side of an online contest: registration with consent and a one-time code, the participant's own
 * data (see, correct, delete), and attempts on a server-owned clock (each answer saved as chosen, resume after a
 * reload, auto-submission when time runs out plus a grace period, the answer key sent only after submission).
 */
import { hash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import { type Db, tx } from '../../platform/db.js';
import { AppError, conflict, invalid, notFound, unauthorized } from '../../platform/errors.js';
import { newId, newSecret } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { UnitTree } from '../units/unit-tree.js';
import { type DrawnQuestion, drawQuestions, isCorrect, issuePow, normalisePhone, scoreAnswers, verifyPow } from './contest-rules.js';
import { type ContestsService, type Option, roundState } from './contests.service.js';
import type { AttemptRow, ContestRow, ContestsRepository, QuestionRow, RoundRow } from './contests.repository.js';
import type { AnswerRow, Scored, SessionRow, SqliteAttemptStore } from './contest-play.sqlite.js';
import { contestDataChanged, parsedQuestion } from './bank-cache.js';
import type { SmsSender } from './sms.js';

export const CONSENT_VERSION = '2026-01';
export const CONSENT_TEXT =
  'Tôi đồng ý để Ban Tổ chức cuộc thi xử lý các dữ liệu cá nhân tôi cung cấp (họ và tên, ngày sinh, giới tính, số điện thoại, ' +
  'phường/xã nơi cư trú, tổ chức thành viên) cho các mục đích: xác minh người dự thi, chấm và công bố kết quả (tên và số điện thoại ' +
  'được che một phần), liên hệ trao giải và thống kê số người tham gia theo đơn vị. Dữ liệu được lưu đến hết thời hạn Ban Tổ chức ' +
  'công bố sau khi cuộc thi kết thúc rồi được xóa hoặc ẩn danh. Tôi có quyền xem, sửa, xóa dữ liệu và rút lại sự đồng ý bất cứ lúc nào ' +
  '(Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).';

const CODE_TTL_MS = 5 * 60_000;
const CODES_PER_WINDOW = 3;
const CODE_WINDOW_MS = 15 * 60_000;
const CODE_MAX_TRIES = 5;
const SESSION_DAYS = 30;
const timeUp = () => conflict('attempt_time_up', 'Đã hết thời gian làm bài: bài thi đã được tự động nộp với các câu trả lời đã lưu.');

export interface PlayDeps {
  db: Db;
  repo: ContestsRepository;
  contests: ContestsService;
  sms: SmsSender;
  clock: Clock;
  tree: () => Promise<UnitTree>;
  powSecret: string;
  powBits: number;
  /** SQLite only: the prepared-statement store of the attempt hot path (contest-play.sqlite.ts). */
  store?: SqliteAttemptStore;
}

export interface Participant {
  id: string;
  contest_id: string;
  unit_id: string;
}

// One-shot hashing (no Hash object per call): every attempt request hashes its bearer token to find the session.
const sha = (s: string) => hash('sha256', s, 'hex');
const tooMany = (code: string, message: string) => new AppError(429, code, message);

type StoredQuestion = DrawnQuestion;

export class ContestPlayService {
  private readonly store: SqliteAttemptStore | null;

  constructor(private readonly d: PlayDeps) {
    this.store = d.store ?? null;
  }

  private async openContest(db: Db, slug: string): Promise<ContestRow> {
    const c = await this.d.repo.contestBySlug(db, slug);
    if (!c || c.status === 'draft') throw notFound('contest_not_found', 'Không tìm thấy cuộc thi.');
    return c;
  }

  private requireOpen(c: ContestRow) {
    if (c.status !== 'open') throw conflict('contest_closed', 'Cuộc thi đã kết thúc, không nhận đăng ký hay bài thi mới.');
  }

  /** Wards of the contest's area (as of today) with their member organisations. */
  private async wards(c: ContestRow) {
    const tree = (await this.d.tree());
    const today = this.d.clock.today();
    const area = [...tree.subtreeOn(c.area_unit_id, today)];
    const wards = area.map((id) => tree.get(id)!).filter((u) => u && u.level === 'commune' && u.kind === 'front_committee');
    return wards
      .map((w) => ({
        id: w.id,
        name: w.name,
        organisations: tree
          .childrenOn(w.id, today)
          .map((id) => tree.get(id)!)
          .filter((u) => u.kind === 'member_organisation')
          .map((u) => ({ id: u.id, name: u.name }))
          .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async publicContest(slug: string) {
    const c = await this.openContest(this.d.db, slug);
    const rounds = await this.d.repo.rounds(this.d.db, [c.id]);
    const nowIso = this.d.clock.now().toISOString();
    const dto = await this.d.contests.contestDto(c, rounds);
    const current = rounds.find((r) => roundState(r, nowIso) === 'open') ?? null;
    return {
      slug: c.slug,
      title: c.title,
      rules: c.rules,
      organiser: dto.unitName,
      status: dto.status,
      questionsPerAttempt: c.questions_per_attempt,
      timeLimitMinutes: dto.timeLimitMinutes,
      attemptsPerRound: c.attempts_per_round,
      prizes: dto.prizes,
      rounds: dto.rounds,
      currentRoundId: current?.id ?? null,
      consentText: CONSENT_TEXT,
      consentVersion: CONSENT_VERSION,
      wards: await this.wards(c),
    };
  }

  challenge(purpose: 'register' | 'login' | 'start') {
    return issuePow(this.d.powSecret, purpose, this.d.powBits, this.d.clock.now());
  }

  private checkPow(purpose: string, pow: { challenge: string; nonce: string }) {
    if (!verifyPow(this.d.powSecret, purpose, this.d.powBits, pow.challenge, pow.nonce, this.d.clock.now())) {
      throw invalid('pow_invalid', 'Kiểm tra chống tự động không hợp lệ hoặc đã hết hạn. Hãy tải lại trang rồi thử lại.', [{ field: 'pow', message: 'không hợp lệ' }]);
    }
  }

  private phone(input: string): string {
    const p = normalisePhone(input);
    if (!p) throw invalid('phone_invalid', 'Trường «Số điện thoại»: số di động Việt Nam gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.', [{ field: 'phone', message: 'không đúng định dạng' }]);
    return p;
  }

  private async checkPerson(c: ContestRow, input: { birthDate?: string; unitId?: string; orgUnitId?: string | null }) {
    const today = this.d.clock.today();
    if (input.birthDate !== undefined) {
      const d = new Date(`${input.birthDate}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== input.birthDate) {
        throw invalid('validation_failed', 'Trường «Ngày sinh»: ngày không tồn tại.', [{ field: 'birthDate', message: 'không hợp lệ' }]);
      }
      if (input.birthDate > today) throw invalid('date_in_future', 'Trường «Ngày sinh»: không được sau hôm nay.', [{ field: 'birthDate', message: 'sau hôm nay' }]);
      if (Number(today.slice(0, 4)) - Number(input.birthDate.slice(0, 4)) > 120) {
        throw invalid('validation_failed', 'Trường «Ngày sinh»: năm sinh không hợp lý.', [{ field: 'birthDate', message: 'không hợp lý' }]);
      }
    }
    const wards = await this.wards(c);
    if (input.unitId !== undefined) {
      const ward = wards.find((w) => w.id === input.unitId);
      if (!ward) throw invalid('unit_invalid', 'Trường «Phường/xã»: hãy chọn phường/xã trong địa bàn cuộc thi.', [{ field: 'unitId', message: 'không thuộc địa bàn' }]);
      if (input.orgUnitId && !ward.organisations.some((o) => o.id === input.orgUnitId)) {
        throw invalid('org_invalid', 'Trường «Tổ chức thành viên»: hãy chọn tổ chức của phường/xã đã chọn.', [{ field: 'orgUnitId', message: 'không thuộc phường/xã' }]);
      }
    }
  }

  async register(
    slug: string,
    input: { fullName: string; birthDate: string; gender: string; phone: string; unitId: string; orgUnitId?: string | null; consent: true; ref?: string | null; pow: { challenge: string; nonce: string } },
    ip: string | null,
  ) {
    const c = await this.openContest(this.d.db, slug);
    this.requireOpen(c);
    const phone = this.phone(input.phone);
    await this.checkPerson(c, input);
    this.checkPow('register', input.pow);
    const now = this.d.clock.now().toISOString();
    const tree = await this.d.tree(); // read before the transaction (SQLite: one connection)
    const participantId = await tx(this.d.db, async (trx) => {
      // Organisers may not compete: a person with a role on the organising unit (or under it) is refused.
      const staff = await trx
        .selectFrom('users')
        .innerJoin('role_grants', 'role_grants.user_id', 'users.id')
        .select(['role_grants.unit_id'])
        .where('users.phone', '=', phone)
        .execute();
      if (staff.some((g) => g.unit_id === c.unit_id || tree.isAncestorOn(c.unit_id, g.unit_id, this.d.clock.today()))) {
        throw conflict('organiser_excluded', 'Thành viên Ban Tổ chức và cán bộ của đơn vị tổ chức không tham gia dự thi theo Thể lệ.');
      }
      const existing = await trx.selectFrom('contest_participants').selectAll().where('contest_id', '=', c.id).where('phone', '=', phone).executeTakeFirst();
      if (existing?.verified_at) {
        throw conflict('phone_registered', 'Số điện thoại này đã đăng ký dự thi. Hãy chọn «Đã đăng ký» để nhận mã đăng nhập.', { field: 'phone' });
      }
      // Duplicate identity: the same person (name, birth date, ward) under another number.
      const folded = foldVietnamese(input.fullName).replace(/\s+/g, ' ').trim();
      const twins = await trx
        .selectFrom('contest_participants')
        .select(['id', 'full_name', 'phone'])
        .where('contest_id', '=', c.id)
        .where('birth_date', '=', input.birthDate)
        .where('unit_id', '=', input.unitId)
        .where('verified_at', 'is not', null)
        .where('anonymised_at', 'is', null)
        .execute();
      if (twins.some((t) => t.phone !== phone && foldVietnamese(t.full_name).replace(/\s+/g, ' ').trim() === folded)) {
        throw conflict('identity_duplicate', 'Người dự thi cùng họ tên, ngày sinh và phường/xã đã đăng ký bằng số điện thoại khác. Mỗi người chỉ dùng một số điện thoại.');
      }
      const referrer = input.ref ? await trx.selectFrom('contest_participants').select('id').where('contest_id', '=', c.id).where('referral_code', '=', input.ref).executeTakeFirst() : undefined;
      const values = {
        full_name: input.fullName.replace(/\s+/g, ' ').trim(),
        birth_date: input.birthDate,
        gender: input.gender,
        unit_id: input.unitId,
        org_unit_id: input.orgUnitId ?? null,
        consent_at: now,
        consent_version: CONSENT_VERSION,
        referred_by: referrer?.id ?? null,
        ip,
      };
      if (existing) {
        await trx.updateTable('contest_participants').set(values).where('id', '=', existing.id).execute();
        contestDataChanged(); // cached sessions carry the ward
        return existing.id;
      }
      const id = newId();
      await trx
        .insertInto('contest_participants')
        .values({ id, contest_id: c.id, phone, verified_at: null, referral_code: newSecret(6).replace(/[-_]/g, 'x').slice(0, 8), withdrawn_at: null, anonymised_at: null, created_at: now, ...values })
        .execute();
      return id;
    });
    return this.sendCode(participantId, phone, c.title);
  }

  async loginCode(slug: string, input: { phone: string; pow: { challenge: string; nonce: string } }) {
    const c = await this.openContest(this.d.db, slug);
    const phone = this.phone(input.phone);
    this.checkPow('login', input.pow);
    const p = await this.d.db.selectFrom('contest_participants').select(['id']).where('contest_id', '=', c.id).where('phone', '=', phone).where('anonymised_at', 'is', null).executeTakeFirst();
    if (!p) throw notFound('participant_not_found', 'Số điện thoại này chưa đăng ký dự thi. Hãy đăng ký trước.');
    return this.sendCode(p.id, phone, c.title);
  }

  private async sendCode(participantId: string, phone: string, title: string) {
    const now = this.d.clock.now();
    const since = new Date(now.getTime() - CODE_WINDOW_MS).toISOString();
    const recent = await this.d.db.selectFrom('contest_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('participant_id', '=', participantId).where('created_at', '>', since).executeTakeFirst();
    if (Number(recent?.n ?? 0) >= CODES_PER_WINDOW) throw tooMany('too_many_codes', 'Bạn đã yêu cầu quá nhiều mã. Hãy thử lại sau 15 phút.');
    const code = String(100000 + Math.floor(Math.random() * 900000));
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
    await this.d.db
      .insertInto('contest_codes')
      .values({ id: newId(), participant_id: participantId, code_hash: sha(`${participantId}:${code}`), expires_at: expiresAt, tries: 0, used_at: null, created_at: now.toISOString() })
      .execute();
    await this.d.sms.send(phone, `Ma xac nhan cuoc thi "${foldVietnamese(title).slice(0, 60)}": ${code}. Ma co hieu luc 5 phut. Khong chia se ma nay cho bat ky ai.`);
    return { sent: true as const, phoneMasked: `${phone.slice(0, 4)}***${phone.slice(-3)}`, expiresAt };
  }

  async verify(slug: string, input: { phone: string; code: string }) {
    const c = await this.openContest(this.d.db, slug);
    const phone = this.phone(input.phone);
    const now = this.d.clock.now();
    const nowIso = now.toISOString();
    return tx(this.d.db, async (trx) => {
      const p = await trx.selectFrom('contest_participants').selectAll().where('contest_id', '=', c.id).where('phone', '=', phone).where('anonymised_at', 'is', null).executeTakeFirst();
      const wrong = () => invalid('code_invalid', 'Mã xác nhận không đúng hoặc đã hết hạn. Hãy kiểm tra tin nhắn hoặc yêu cầu mã mới.', [{ field: 'code', message: 'không đúng' }]);
      if (!p) throw wrong();
      const code = await trx
        .selectFrom('contest_codes')
        .selectAll()
        .where('participant_id', '=', p.id)
        .where('used_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!code || code.expires_at < nowIso || code.tries >= CODE_MAX_TRIES) throw wrong();
      if (code.code_hash !== sha(`${p.id}:${input.code}`)) {
        await trx.updateTable('contest_codes').set({ tries: code.tries + 1 }).where('id', '=', code.id).execute();
        throw wrong();
      }
      await trx.updateTable('contest_codes').set({ used_at: nowIso }).where('id', '=', code.id).execute();
      if (!p.verified_at) await trx.updateTable('contest_participants').set({ verified_at: nowIso, withdrawn_at: null }).where('id', '=', p.id).execute();
      const token = newSecret();
      const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86400_000).toISOString();
      await trx.insertInto('contest_sessions').values({ token_hash: sha(token), participant_id: p.id, created_at: nowIso, expires_at: expiresAt }).execute();
      return { token, participantId: p.id, expiresAt };
    });
  }

  /** The participant of a bearer token, for this contest. */
  async authenticate(slug: string, authorization: string | undefined): Promise<{ contest: ContestRow; participant: Participant }> {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    const fail = () => unauthorized('participant_unauthenticated', 'Bạn chưa xác nhận số điện thoại hoặc phiên dự thi đã hết hạn. Hãy nhận mã đăng nhập mới.');
    if (!token) throw fail();
    const hot = this.hot();
    let c: ContestRow;
    let row: SessionRow | undefined;
    if (hot) {
      const found = hot.contestBySlug(slug);
      if (!found || found.status === 'draft') throw notFound('contest_not_found', 'Không tìm thấy cuộc thi.');
      c = found;
      row = hot.session(sha(token));
    } else {
      c = await this.openContest(this.d.db, slug);
      row = await this.d.db
        .selectFrom('contest_sessions')
        .innerJoin('contest_participants as p', 'p.id', 'contest_sessions.participant_id')
        .select(['p.id', 'p.contest_id', 'p.unit_id', 'p.anonymised_at', 'contest_sessions.expires_at'])
        .where('contest_sessions.token_hash', '=', sha(token))
        .executeTakeFirst();
    }
    if (!row || row.contest_id !== c.id || row.anonymised_at || row.expires_at < this.d.clock.now().toISOString()) throw fail();
    return { contest: c, participant: { id: row.id, contest_id: row.contest_id, unit_id: row.unit_id } };
  }

  async me(p: Participant) {
    const row = await this.d.db.selectFrom('contest_participants').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    const refs = await this.d.db.selectFrom('contest_participants').select((eb) => eb.fn.countAll<number>().as('n')).where('referred_by', '=', p.id).where('verified_at', 'is not', null).executeTakeFirst();
    const tree = (await this.d.tree());
    return {
      id: row.id,
      fullName: row.full_name,
      birthDate: row.birth_date,
      gender: row.gender,
      phone: row.phone,
      unitId: row.unit_id,
      unitName: tree.get(row.unit_id)?.name ?? '',
      orgUnitId: row.org_unit_id,
      orgUnitName: row.org_unit_id ? (tree.get(row.org_unit_id)?.name ?? null) : null,
      consentAt: row.consent_at,
      consentVersion: row.consent_version,
      referralCode: row.referral_code,
      referralCount: Number(refs?.n ?? 0),
    };
  }

  async updateMe(c: ContestRow, p: Participant, input: { fullName?: string; birthDate?: string; gender?: string; unitId?: string; orgUnitId?: string | null }) {
    const current = await this.d.db.selectFrom('contest_participants').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    await this.checkPerson(c, { birthDate: input.birthDate, unitId: input.unitId ?? current.unit_id, orgUnitId: input.orgUnitId === undefined ? current.org_unit_id : input.orgUnitId });
    await this.d.db
      .updateTable('contest_participants')
      .set({
        full_name: input.fullName?.replace(/\s+/g, ' ').trim() ?? current.full_name,
        birth_date: input.birthDate ?? current.birth_date,
        gender: input.gender ?? current.gender,
        unit_id: input.unitId ?? current.unit_id,
        org_unit_id: input.orgUnitId === undefined ? current.org_unit_id : input.orgUnitId,
      })
      .where('id', '=', p.id)
      .execute();
    contestDataChanged(); // cached sessions carry the ward
    return this.me(p);
  }

  /** Deleting one's data withdraws consent: the person is anonymised, attempts stay as anonymous counts. */
  async deleteMe(p: Participant) {
    await anonymise(this.d.db, [p.id], this.d.clock.now().toISOString(), true);
  }

  // ------------------------------------------------------------------ attempts
  // Every step below reads and writes through the SQLite statement store when it can (`hot()`), else through
  // Kysely (PostgreSQL, or while a Kysely transaction holds the SQLite connection); the rules are shared.

  /** The prepared-statement store, unless there is none (PostgreSQL) or a Kysely transaction is open on SQLite. */
  private hot(): SqliteAttemptStore | null {
    const s = this.store;
    return s && !s.busy() ? s : null;
  }

  private currentRound(rounds: RoundRow[]): RoundRow {
    const nowIso = this.d.clock.now().toISOString();
    const r = rounds.find((x) => roundState(x, nowIso) === 'open');
    if (!r) throw conflict('round_not_open', 'Hiện không có tuần thi nào đang mở. Hãy xem lịch các tuần thi trong Thể lệ.');
    return r;
  }

  async start(c: ContestRow, p: Participant, pow: { challenge: string; nonce: string }) {
    this.requireOpen(c);
    const hot0 = this.hot();
    const round = this.currentRound(hot0 ? hot0.rounds(c.id) : await this.d.repo.rounds(this.d.db, [c.id]));
    const now = this.d.clock.now();
    const nowIso = now.toISOString();
    // A running attempt is resumed, not replaced (a reload or a second tab).
    const hot1 = this.hot();
    const running = hot1
      ? hot1.runningAttempt(round.id, p.id)
      : await this.d.db.selectFrom('contest_attempts').selectAll().where('round_id', '=', round.id).where('participant_id', '=', p.id).where('submitted_at', 'is', null).executeTakeFirst();
    if (running) {
      const finished = await this.finaliseIfExpired(running, c);
      if (!finished) return this.attemptDto(running, round);
    }
    this.checkPow('start', pow);
    const id = newId();
    const exhausted = () => conflict('attempts_exhausted', `Bạn đã dùng hết ${c.attempts_per_round} lượt thi của tuần này. Hẹn gặp lại ở tuần thi sau.`);
    const row = { id, round_id: round.id, participant_id: p.id, unit_id: p.unit_id, started_at: nowIso, deadline_at: new Date(now.getTime() + c.time_limit_sec * 1000).toISOString() };
    if (this.store) {
      // The bank's owners (the organising unit and its ancestors as of today) change only with the unit tree:
      // kept a second (bank-cache.ts), which saves reading the tree's version on every start.
      const key = `owners:${c.unit_id}:${this.d.clock.today()}`;
      let owners = this.store.peek<string[]>(key);
      if (!owners) {
        const tree = await this.d.tree();
        owners = [c.unit_id, ...tree.ancestorsOn(c.unit_id, this.d.clock.today())];
        this.store.put(key, owners);
      }
      const done = await this.store.insertAttempt(row, c.attempts_per_round, { owners, campaignId: c.campaign_id }, (bank) => drawQuestions(bank, JSON.parse(c.quotas), c.questions_per_attempt));
      if (!done) throw exhausted();
      if ('running' in done) return this.attemptDto(done.running, round);
      const inserted: AttemptRow = { ...row, attempt_no: done.attemptNo, questions: done.questions, submitted_at: null, auto_submitted: 0, prediction: null, correct_count: null, time_used_ms: null, usage_counted: 0, usage_mask: null };
      return this.attemptDto(inserted, round, []);
    } else {
      const tree = await this.d.tree();
      const resumed = await tx(this.d.db, async (trx) => {
        // PostgreSQL: starts of one participant queue on their row, and a start that waited resumes the attempt
        // the first one inserted (two taps on "Bắt đầu"; without the lock, both insert attempt no. 1).
        await trx.selectFrom('contest_participants').select('id').where('id', '=', p.id).forUpdate().execute();
        const other = await trx.selectFrom('contest_attempts').select('id').where('round_id', '=', round.id).where('participant_id', '=', p.id).where('submitted_at', 'is', null).executeTakeFirst();
        if (other) return other.id;
        const n = await trx.selectFrom('contest_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', '=', round.id).where('participant_id', '=', p.id).executeTakeFirst();
        const used = Number(n?.n ?? 0);
        if (used >= c.attempts_per_round) throw exhausted();
        const drawn = drawQuestions(await this.d.contests.bankFor(trx, c, tree), JSON.parse(c.quotas), c.questions_per_attempt);
        await trx
          .insertInto('contest_attempts')
          .values({ ...row, attempt_no: used + 1, questions: JSON.stringify(drawn), submitted_at: null, auto_submitted: 0, prediction: null, correct_count: null, time_used_ms: null })
          .execute();
        return null;
      });
      if (resumed) return this.getAttempt(c, p, resumed);
    }
    return this.getAttempt(c, p, id);
  }

  private async loadAttempt(c: ContestRow, p: Participant, attemptId: string) {
    const hot = this.hot();
    const a = hot ? hot.attempt(attemptId) : await this.d.db.selectFrom('contest_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
    if (!a || a.participant_id !== p.id) throw notFound('attempt_not_found', 'Không tìm thấy lượt thi.');
    const hot2 = this.hot();
    const round = hot2 ? hot2.roundOf(c.id, a.round_id) : await this.d.repo.round(this.d.db, a.round_id);
    if (!round || round.contest_id !== c.id) throw notFound('attempt_not_found', 'Không tìm thấy lượt thi.');
    return { a, round };
  }

  async getAttempt(c: ContestRow, p: Participant, attemptId: string) {
    let { a, round } = await this.loadAttempt(c, p, attemptId);
    if (!a.submitted_at && (await this.finaliseIfExpired(a, c))) ({ a, round } = await this.loadAttempt(c, p, attemptId));
    return this.attemptDto(a, round);
  }

  private limitOf(a: AttemptRow, c: ContestRow): string {
    return new Date(new Date(a.deadline_at).getTime() + c.grace_sec * 1000).toISOString();
  }

  /** Submits an attempt whose time (plus grace) is up. True when it did. */
  private async finaliseIfExpired(a: AttemptRow, c: ContestRow): Promise<boolean> {
    if (a.submitted_at || this.d.clock.now().toISOString() <= this.limitOf(a, c)) return false;
    await this.finaliseNow(a.id, c, true);
    return true;
  }

  /** Scores and closes an attempt in one transaction (idempotent: a submitted attempt is left as it is). */
  private async finaliseNow(attemptId: string, c: ContestRow, auto: boolean, prediction?: number | null): Promise<void> {
    const hot = this.hot();
    if (hot) return hot.finalise(attemptId, (a, drawn, answers, questions) => this.score(a, drawn, answers, questions, c, auto, prediction));
    await tx(this.d.db, (trx) => this.finalise(trx, attemptId, c, auto, prediction));
  }

  /** The result of an attempt from its saved answers (those saved after the time limit plus grace do not count). */
  private score(a: AttemptRow, drawn: StoredQuestion[], answers: AnswerRow[], questions: QuestionRow[], c: ContestRow, auto: boolean, prediction?: number | null): Scored {
    const keys = new Map(questions.map((q) => [q.id, parsedQuestion(q).correct]));
    const questionIds = drawn.map((q) => q.id);
    const { correct, mask } = scoreAnswers(answers, questionIds, (id) => keys.get(id), this.limitOf(a, c));
    const nowIso = this.d.clock.now().toISOString();
    const submittedAt = auto && a.deadline_at < nowIso ? a.deadline_at : nowIso;
    const used = Math.max(0, Math.min(new Date(submittedAt).getTime(), new Date(a.deadline_at).getTime()) - new Date(a.started_at).getTime());
    return { correct, mask, questionIds, submittedAt, timeUsedMs: used, prediction: prediction === undefined ? a.prediction : prediction, auto };
  }

  /** Kysely version of SqliteAttemptStore.finalise, inside the caller's transaction (usage counters: contests.usage.ts). */
  /**
   * True when this call closed the attempt; false when it was already closed, before the read or by a concurrent
   * submission whose update won (the guarded update then changes no row: PostgreSQL re-checks the condition once
   * the other transaction commits).
   */
  private async finalise(trx: Db, attemptId: string, c: ContestRow, auto: boolean, prediction?: number | null): Promise<boolean> {
    // PostgreSQL: the attempt's row is locked before its answers are read, so an answer being saved is either
    // committed first (and counted) or refused after (see `answer`). SQLite runs one transaction at a time.
    const a = await trx
      .selectFrom('contest_attempts')
      .selectAll()
      .where('id', '=', attemptId)
      .$if(!this.store, (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    if (a.submitted_at) return false;
    const drawn = JSON.parse(a.questions) as StoredQuestion[];
    const answers = await trx.selectFrom('contest_answers').select(['question_id', 'option_ids', 'answered_at']).where('attempt_id', '=', a.id).execute();
    const questions = await this.d.repo.questionsByIds(trx, drawn.map((q) => q.id));
    const r = this.score(a, drawn, answers, questions, c, auto, prediction);
    const done = await trx
      .updateTable('contest_attempts')
      .set({ submitted_at: r.submittedAt, auto_submitted: r.auto ? 1 : 0, correct_count: r.correct, time_used_ms: r.timeUsedMs, prediction: r.prediction, usage_mask: r.mask, usage_counted: 1 })
      .where('id', '=', a.id)
      .where('submitted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return false;
    // Queued for the bank's usage counters (contests.usage.ts), in the same transaction.
    await trx.insertInto('contest_usage_pending').values({ attempt_id: a.id, question_ids: r.questionIds.join(','), mask: r.mask }).execute();
    return true;
  }

  private async inProgress(c: ContestRow, p: Participant, attemptId: string) {
    const { a, round } = await this.loadAttempt(c, p, attemptId);
    if (a.submitted_at) throw conflict('attempt_already_submitted', 'Bài thi đã được nộp, không thay đổi được nữa.');
    if (await this.finaliseIfExpired(a, c)) throw timeUp();
    return { a, round };
  }

  async answer(c: ContestRow, p: Participant, attemptId: string, questionId: string, optionIds: string[]) {
    const { a } = await this.inProgress(c, p, attemptId);
    const drawn = (JSON.parse(a.questions) as StoredQuestion[]).find((q) => q.id === questionId);
    if (!drawn) throw invalid('question_not_in_attempt', 'Câu hỏi không thuộc lượt thi này.', [{ field: 'questionId', message: 'không thuộc lượt thi' }]);
    const hot = this.hot();
    const q = hot ? hot.question(questionId) : await this.d.repo.question(this.d.db, questionId);
    const unique = [...new Set(optionIds)];
    if (!q || unique.some((o) => !drawn.options.includes(o))) throw invalid('option_invalid', 'Phương án trả lời không thuộc câu hỏi.', [{ field: 'optionIds', message: 'không hợp lệ' }]);
    if (q.kind === 'single' && unique.length > 1) throw invalid('option_invalid', 'Câu hỏi này chỉ chọn một phương án.', [{ field: 'optionIds', message: 'chỉ chọn một' }]);
    const nowIso = this.d.clock.now().toISOString();
    if (this.store) {
      if (!(await this.store.upsertAnswer(a.id, questionId, JSON.stringify(unique), nowIso))) throw conflict('attempt_already_submitted', 'Bài thi đã được nộp, không thay đổi được nữa.');
    } else {
      // PostgreSQL: saved under a share lock on the attempt, which a submission's lock waits for (`finalise`).
      await tx(this.d.db, async (trx) => {
        const open = await trx.selectFrom('contest_attempts').select('submitted_at').where('id', '=', a.id).forShare().executeTakeFirst();
        if (open?.submitted_at) throw conflict('attempt_already_submitted', 'Bài thi đã được nộp, không thay đổi được nữa.');
        await trx
          .insertInto('contest_answers')
          .values({ attempt_id: a.id, question_id: questionId, option_ids: JSON.stringify(unique), answered_at: nowIso })
          .onConflict((oc) => oc.columns(['attempt_id', 'question_id']).doUpdateSet({ option_ids: JSON.stringify(unique), answered_at: nowIso }))
          .execute();
      });
    }
    return { saved: true as const, questionId, optionIds: unique, savedAt: nowIso };
  }

  async setPrediction(c: ContestRow, p: Participant, attemptId: string, prediction: number | null) {
    const { a } = await this.inProgress(c, p, attemptId);
    const hot = this.hot();
    if (hot) hot.setPrediction(a.id, prediction);
    else await this.d.db.updateTable('contest_attempts').set({ prediction }).where('id', '=', a.id).execute();
    return { saved: true as const, prediction };
  }

  async submit(c: ContestRow, p: Participant, attemptId: string, prediction: number | null | undefined) {
    const hot = this.hot();
    if (hot) {
      // SQLite: the whole submission in one transaction (shared with the other submissions of this turn of the
      // event loop) that reads the attempt and its answers once.
      let round: RoundRow | undefined;
      const done = await hot.submit(
        attemptId,
        (a) => {
          round = a && a.participant_id === p.id ? hot.roundOf(c.id, a.round_id) : undefined;
          if (!a || !round) throw notFound('attempt_not_found', 'Không tìm thấy lượt thi.');
          if (a.submitted_at) throw conflict('attempt_already_submitted', 'Bài thi đã được nộp, không thay đổi được nữa.');
          return { a, expired: this.d.clock.now().toISOString() > this.limitOf(a, c) };
        },
        (a, drawn, answers, questions, expired) => this.score(a, drawn, answers, questions, c, expired, expired ? undefined : (prediction ?? undefined)),
      );
      if (done.expired) throw timeUp();
      return this.submittedDto(done.attempt, round!, done.answers, done);
    }
    await this.inProgress(c, p, attemptId);
    // A second submission racing this one (another tab, a retry) gets the same 409 as one arriving after it.
    if (!(await tx(this.d.db, (trx) => this.finalise(trx, attemptId, c, false, prediction ?? undefined)))) {
      throw conflict('attempt_already_submitted', 'Bài thi đã được nộp, không thay đổi được nữa.');
    }
    const { a, round } = await this.loadAttempt(c, p, attemptId);
    return this.submittedDto(a, round, await this.d.db.selectFrom('contest_answers').select(['question_id', 'option_ids']).where('attempt_id', '=', a.id).execute());
  }

  /** The attempt as the participant sees it: questions, saved answers and, once submitted, the result. */
  private async attemptDto(a: AttemptRow, round: RoundRow, answerRows?: { question_id: string; option_ids: string }[]) {
    const { drawn, questions, answers } = await this.attemptParts(a, answerRows);
    return {
      ...this.attemptHead(a, round),
      questions: drawn.map((d, i) => {
        const q = questions.get(d.id);
        const options: Option[] = q ? parsedQuestion(q).options : [];
        const byId = new Map(options.map((o) => [o.id, o]));
        return {
          id: d.id,
          no: i + 1,
          kind: (q?.kind ?? 'single') as 'single' | 'multiple',
          text: q?.text ?? '',
          options: d.options.map((id) => byId.get(id)).filter((o): o is Option => !!o),
          chosen: answers.get(d.id) ?? [],
        };
      }),
      result: this.resultOf(a, drawn, questions, answers),
    };
  }

  /**
   * What a submission answers: the attempt's result without the questions' text and options, which the
   * participant's page already holds (half the bytes, and no compression needed at the closing peak).
   */
  private async submittedDto(a: AttemptRow, round: RoundRow, answerRows: { question_id: string; option_ids: string }[], read?: { drawn: StoredQuestion[]; questions: QuestionRow[] }) {
    const { drawn, questions, answers } = await this.attemptParts(a, answerRows, read);
    return { ...this.attemptHead(a, round), status: 'submitted' as const, result: this.resultOf(a, drawn, questions, answers)! };
  }

  private attemptHead(a: AttemptRow, round: RoundRow) {
    return {
      id: a.id,
      roundId: round.id,
      roundNo: round.no,
      attemptNo: a.attempt_no,
      startedAt: a.started_at,
      deadlineAt: a.deadline_at,
      serverNow: this.d.clock.now().toISOString(),
      status: a.submitted_at ? ('submitted' as const) : ('in_progress' as const),
      autoSubmitted: !!a.auto_submitted,
      predictionQuestion: round.prediction_question,
      prediction: a.prediction,
    };
  }

  /** `read`: the drawn questions and their rows when the caller has them already (a submission read them). */
  private async attemptParts(a: AttemptRow, answerRows?: { question_id: string; option_ids: string }[], read?: { drawn: StoredQuestion[]; questions: QuestionRow[] }) {
    const drawn = read?.drawn ?? (JSON.parse(a.questions) as StoredQuestion[]);
    const ids = drawn.map((q) => q.id);
    const hot = this.hot();
    const questionRows = read?.questions ?? (hot ? hot.questionsByIds(ids) : await this.d.repo.questionsByIds(this.d.db, ids));
    const hot2 = this.hot();
    const rows = answerRows ?? (hot2 ? hot2.answers(a.id) : await this.d.db.selectFrom('contest_answers').select(['question_id', 'option_ids']).where('attempt_id', '=', a.id).execute());
    return { drawn, questions: new Map(questionRows.map((q) => [q.id, q])), answers: new Map(rows.map((x) => [x.question_id, JSON.parse(x.option_ids) as string[]])) };
  }

  /** The answer key leaves the server only once the attempt is submitted (null before). */
  private resultOf(a: AttemptRow, drawn: StoredQuestion[], questions: Map<string, QuestionRow>, answers: Map<string, string[]>) {
    if (!a.submitted_at) return null;
    return {
      correct: a.correct_count ?? 0,
      total: drawn.length,
      timeUsedSeconds: Math.round((a.time_used_ms ?? 0) / 100) / 10,
      review: drawn.map((d) => {
        const q = questions.get(d.id);
        const key = q ? parsedQuestion(q).correct : [];
        const chosen = answers.get(d.id) ?? [];
        return { questionId: d.id, chosenOptionIds: chosen, correctOptionIds: key, isCorrect: isCorrect(chosen, key), explanation: q?.explanation ?? null };
      }),
    };
  }

  async leaderboard(slug: string, limit: number) {
    const c = await this.openContest(this.d.db, slug);
    const rounds = await this.d.repo.rounds(this.d.db, [c.id]);
    const nowIso = this.d.clock.now().toISOString();
    const shown = [...rounds].reverse().find((r) => roundState(r, nowIso) !== 'upcoming');
    if (!shown) throw notFound('round_not_found', 'Chưa có tuần thi nào bắt đầu.');
    return this.d.contests.ranking(this.d.db, shown, c.questions_per_attempt, limit, { masked: true });
  }

  /** Submits every attempt whose time (plus grace) is up; the scheduler calls it every minute. */
  async finaliseExpired(): Promise<number> {
    const nowIso = this.d.clock.now().toISOString();
    const open = await this.d.db
      .selectFrom('contest_attempts')
      .innerJoin('contest_rounds', 'contest_rounds.id', 'contest_attempts.round_id')
      .innerJoin('contests', 'contests.id', 'contest_rounds.contest_id')
      .select(['contest_attempts.id', 'contest_attempts.deadline_at', 'contests.id as contest_id', 'contests.grace_sec'])
      .where('contest_attempts.usage_counted', '=', 0) // running attempts are never folded: the partial index
      .where('contest_attempts.submitted_at', 'is', null)
      .where('contest_attempts.deadline_at', '<', nowIso)
      .limit(5000)
      .execute();
    let n = 0;
    for (const x of open) {
      if (new Date(new Date(x.deadline_at).getTime() + x.grace_sec * 1000).toISOString() >= nowIso) continue;
      const c = await this.d.repo.contest(this.d.db, x.contest_id);
      if (!c) continue;
      await tx(this.d.db, (trx) => this.finalise(trx, x.id, c, true));
      n++;
    }
    return n;
  }

  /** Personal data of contests closed longer ago than their retention period is anonymised (daily job). */
  async anonymiseExpired(): Promise<number> {
    const now = this.d.clock.now();
    const closed = await this.d.db.selectFrom('contests').select(['id', 'retention_days', 'updated_at']).where('status', '=', 'closed').execute();
    let n = 0;
    for (const c of closed) {
      if (new Date(c.updated_at).getTime() + c.retention_days * 86400_000 > now.getTime()) continue;
      const people = await this.d.db.selectFrom('contest_participants').select('id').where('contest_id', '=', c.id).where('anonymised_at', 'is', null).execute();
      if (people.length) n += await anonymise(this.d.db, people.map((p) => p.id), now.toISOString(), false);
    }
    return n;
  }
}

/** Replaces a participant's personal data by placeholders, ends their sessions and codes. */
export async function anonymise(db: Db, ids: string[], nowIso: string, withdrawn: boolean): Promise<number> {
  if (!ids.length) return 0;
  await tx(db, async (trx) => {
    for (const id of ids) {
      await trx
        .updateTable('contest_participants')
        .set({ full_name: 'Người dự thi đã xóa dữ liệu', birth_date: '1900-01-01', gender: 'other', phone: `deleted:${id}`, ip: null, anonymised_at: nowIso, ...(withdrawn ? { withdrawn_at: nowIso } : {}) })
        .where('id', '=', id)
        .execute();
    }
    await trx.deleteFrom('contest_sessions').where('participant_id', 'in', ids).execute();
    await trx.deleteFrom('contest_codes').where('participant_id', 'in', ids).execute();
  });
  contestDataChanged(); // their cached sessions end now
  return ids.length;
}
