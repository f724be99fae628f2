/**
 * Demo data for online contests: the NQ 57 question bank (src/server/demo/data/contest-questions.json, written
 * from the resolution's text and verified key dates), reviewed and approved, and Đà Nẵng city Front's weekly
 * contest with past rounds already taken by residents of the four new wards (results frozen), the current round
 * open and a future one. Deterministic (seeded randomness); written straight into the tables for speed.
 */
import { readFileSync } from 'node:fs';
import type { Clock } from '../../platform/clock.js';
import { type Db, tx } from '../../platform/db.js';
import { newId, newShortId } from '../../platform/ids.js';
import { syncContestActivities } from './contests.activities.js';
import { contestDataChanged } from './bank-cache.js';
import { CONSENT_VERSION } from './contest-play.service.js';
import { drawQuestions, isCorrect, seededRng, shuffle } from './contest-rules.js';
import { allCorrectCount, cleanRules } from './contests.service.js';

interface BankEntry {
  topic: string;
  kind: 'single' | 'multiple';
  difficulty: number;
  text: string;
  options: string[];
  correct: number[];
  explanation: string;
}

const BANK_FILE = new URL('../../demo/data/contest-questions.json', import.meta.url);

export function demoQuestionBank(): BankEntry[] {
  return (JSON.parse(readFileSync(BANK_FILE, 'utf8')) as { questions: BankEntry[] }).questions;
}

export const DEMO_CONTEST_SLUG = 'tim-hieu-nghi-quyet-57-da-nang-2026';

const RULES = `<h2>1. Đối tượng dự thi</h2>
<p>Công dân Việt Nam đang sinh sống, học tập, làm việc trên địa bàn thành phố Đà Nẵng. Thành viên Ban Tổ chức, Tổ giúp việc và cán bộ Ủy ban MTTQ Việt Nam thành phố không tham gia dự thi.</p>
<h2>2. Hình thức thi</h2>
<p>Thi trắc nghiệm trực tuyến theo tuần. Mỗi lượt thi gồm <strong>20 câu hỏi</strong> lấy ngẫu nhiên từ ngân hàng câu hỏi về Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và <strong>01 câu hỏi dự đoán</strong> số người trả lời đúng tất cả các câu hỏi trong tuần. Thời gian làm bài tối đa <strong>15 phút</strong>; mỗi người được thi tối đa <strong>3 lượt</strong> mỗi tuần, lấy kết quả lượt cao nhất.</p>
<h2>3. Cách xếp giải</h2>
<ol><li>Trả lời đúng nhiều câu hỏi hơn;</li><li>Dự đoán gần đúng nhất số người trả lời đúng tất cả các câu hỏi;</li><li>Thời gian làm bài ít hơn;</li><li>Nộp bài sớm hơn.</li></ol>
<h2>4. Cơ cấu giải thưởng mỗi tuần</h2>
<p>01 giải Nhất, 02 giải Nhì, 03 giải Ba, 10 giải Khuyến khích; giải cho người chia sẻ cuộc thi có nhiều người đăng ký dự thi nhất; giải tập thể cho phường, xã có tỉ lệ người dự thi cao nhất.</p>
<h2>5. Bảo vệ dữ liệu cá nhân</h2>
<p>Ban Tổ chức chỉ thu thập họ và tên, ngày sinh, giới tính, số điện thoại, phường/xã và tổ chức thành viên (nếu có); không yêu cầu hình ảnh căn cước công dân. Người dự thi có quyền xem, sửa, xóa dữ liệu và rút lại sự đồng ý theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15.</p>`;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thanh'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Minh', 'Thanh', 'Hoài', 'Kim'];
const GIVEN_M = ['An', 'Bảo', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khoa', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Trung', 'Vinh'];
const GIVEN_F = ['Anh', 'Bích', 'Chi', 'Diệu', 'Hà', 'Hạnh', 'Hoa', 'Lan', 'Linh', 'Mai', 'Nga', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Yến'];

/** Monday 00:00 Vietnam time of the week holding the calendar date `isoDate`. */
function weekStart(isoDate: string): Date {
  const back = (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;
  return new Date(new Date(`${isoDate}T00:00:00+07:00`).getTime() - back * 86400_000);
}

export async function seedContestDemo(db: Db, clock: Clock): Promise<{ questions: number; participants: number; attempts: number }> {
  const units = await db.selectFrom('units').select(['id', 'code', 'name']).execute();
  const byCode = new Map(units.map((u) => [u.code, u.id]));
  const organiser = byCode.get('DANANG');
  if (!organiser) return { questions: 0, participants: 0, attempts: 0 };
  const campaign = await db.selectFrom('campaigns').select(['id']).where('unit_id', '=', organiser).orderBy('created_at', 'desc').executeTakeFirst();
  const topics = campaign ? await db.selectFrom('topics').select(['id', 'code', 'parent_id']).where('campaign_id', '=', campaign.id).execute() : [];
  const topicByCode = new Map(topics.map((t) => [t.code, t.id]));
  const parent = new Map(topics.map((t) => [t.id, t.parent_id]));
  const reviewer = await db.selectFrom('users').select(['id']).where('username', '=', 'danang.lanhdao').executeTakeFirst();
  const author = await db.selectFrom('users').select(['id']).where('username', '=', 'danang.btt').executeTakeFirst();
  const wards = ['PHUONG_TAMKY', 'QUANG_PHU', 'HUONG_TRA', 'BAN_THACH'].map((c) => byCode.get(c)).filter((x): x is string => !!x);
  const rng = seededRng(57);
  const now = clock.now();
  const created = new Date(now.getTime() - 30 * 86400_000).toISOString();

  // ---- the bank
  const bank = demoQuestionBank().map((q) => {
    const options = q.options.map((text) => ({ id: newShortId(), text }));
    return { id: newId(), entry: q, options, correct: q.correct.map((i) => options[i].id), topicId: topicByCode.get(q.topic) ?? null };
  });
  const pathOf = (id: string | null) => {
    const out: string[] = [];
    for (let cur = id; cur && out.length < 20; cur = parent.get(cur) ?? null) out.push(cur);
    return out;
  };
  const quotas = [
    { code: 'QD', count: 4 },
    { code: 'MT2030', count: 4 },
    { code: 'NV', count: 2 },
    { code: 'KNS', count: 2 },
  ]
    .map((q) => ({ topicId: topicByCode.get(q.code) ?? '', count: q.count }))
    .filter((q) => q.topicId);

  // ---- contest and weekly rounds: two closed, the current one open, the next one upcoming
  const contestId = newId();
  const thisWeek = weekStart(clock.today());
  const rounds = [-2, -1, 0, 1].map((w, i) => {
    const opens = new Date(thisWeek.getTime() + w * 7 * 86400_000);
    const closes = new Date(opens.getTime() + 7 * 86400_000 - 1000);
    return { id: newId(), no: i + 1, opens, closes, closed: closes.getTime() <= now.getTime() };
  });

  // ---- participants and their attempts
  const people: { id: string; unit: string; skill: number; phone: string }[] = [];
  const attempts: { row: Record<string, unknown>; answers: { question_id: string; option_ids: string; answered_at: string }[] }[] = [];
  const stats = new Map<string, { answered: number; right: number }>();
  const drawBank = bank.map((b) => ({ id: b.id, topicPath: pathOf(b.topicId), optionIds: b.options.map((o) => o.id) }));
  const bankById = new Map(bank.map((b) => [b.id, b]));
  const participantRows: Record<string, unknown>[] = [];
  // About two in three people name their member organisation (Phụ nữ, Thanh niên, Nông dân, Cựu chiến binh, Công đoàn).
  const codeById = new Map(units.map((u) => [u.id, u.code]));
  const orgOf = (ward: string, i: number) => {
    const suffix = ['HPN', 'DTN', 'HND', null, 'CCB', 'HPN', 'CD', null, 'DTN'][i % 9];
    return suffix ? (byCode.get(`${codeById.get(ward)}_${suffix}`) ?? null) : null;
  };
  const N = 64;
  for (let i = 0; i < N; i++) {
    const female = rng(2) === 0;
    const name = `${FAMILY[rng(FAMILY.length)]} ${(female ? MIDDLE_F : MIDDLE_M)[rng(7)]} ${(female ? GIVEN_F : GIVEN_M)[rng(16)]}`;
    const unit = wards[i % 5 === 4 ? 0 : i % wards.length]; // phường Tam Kỳ mobilised the most
    const phone = `09${['05', '35', '14', '79'][i % 4]}${String(100000 + i * 7919).slice(-6)}`;
    const id = newId();
    const year = 1955 + rng(50);
    people.push({ id, unit, skill: 0.6 + rng(40) / 100, phone });
    participantRows.push({
      id,
      contest_id: contestId,
      full_name: name,
      birth_date: `${year}-${String(1 + rng(12)).padStart(2, '0')}-${String(1 + rng(28)).padStart(2, '0')}`,
      gender: female ? 'female' : 'male',
      phone,
      unit_id: unit,
      org_unit_id: orgOf(unit, i),
      consent_at: new Date(rounds[0].opens.getTime() + rng(5 * 86400) * 1000).toISOString(),
      consent_version: CONSENT_VERSION,
      verified_at: new Date(rounds[0].opens.getTime() + rng(5 * 86400) * 1000).toISOString(),
      referral_code: `dn${String(i).padStart(3, '0')}${rng(1000)}`,
      referred_by: i > 5 && rng(4) === 0 ? people[rng(5)].id : null,
      withdrawn_at: null,
      anonymised_at: null,
      created_at: rounds[0].opens.toISOString(),
      ip: null,
    });
  }
  const roundActual = new Map<string, number>();
  for (const r of rounds) {
    if (r.opens.getTime() > now.getTime()) continue;
    const submitted: { participant_id: string; correct_count: number }[] = [];
    for (const p of people) {
      if (rng(10) < (r.closed ? 3 : 6)) continue; // not everyone takes every round
      const tries = 1 + rng(3);
      for (let n = 1; n <= tries; n++) {
        const startMs = Math.min(r.opens.getTime() + rng(6 * 86400) * 1000, now.getTime() - 3600_000);
        if (startMs < r.opens.getTime()) continue;
        const drawn = drawQuestions(drawBank, quotas, 20, rng);
        const used = (6 + rng(9)) * 60_000 + rng(60_000);
        const answers = drawn.map((d, k) => {
          const q = bankById.get(d.id)!;
          const right = rng(100) / 100 < p.skill;
          const pick = right ? q.correct : [shuffle(q.options.map((o) => o.id).filter((o) => !q.correct.includes(o)), rng)[0]];
          return { question_id: d.id, option_ids: JSON.stringify(pick), answered_at: new Date(startMs + ((k + 1) * used) / drawn.length).toISOString() };
        });
        let correct = 0;
        for (const a of answers) {
          const q = bankById.get(a.question_id)!;
          const ok = isCorrect(JSON.parse(a.option_ids), q.correct);
          if (ok) correct++;
          const s = stats.get(q.id) ?? { answered: 0, right: 0 };
          s.answered++;
          if (ok) s.right++;
          stats.set(q.id, s);
        }
        const submittedAt = new Date(startMs + used).toISOString();
        attempts.push({
          row: {
            id: newId(),
            round_id: r.id,
            participant_id: p.id,
            unit_id: p.unit,
            attempt_no: n,
            questions: JSON.stringify(drawn),
            started_at: new Date(startMs).toISOString(),
            deadline_at: new Date(startMs + 15 * 60_000).toISOString(),
            submitted_at: submittedAt,
            auto_submitted: 0,
            prediction: 1 + rng(30),
            correct_count: correct,
            time_used_ms: used,
            usage_counted: 1, // the bank's counters are written below from the same answers
          },
          answers,
        });
        submitted.push({ participant_id: p.id, correct_count: correct });
      }
    }
    roundActual.set(r.id, allCorrectCount(submitted, 20));
  }

  await tx(db, async (trx) => {
    for (const b of bank) {
      const s = stats.get(b.id) ?? { answered: 0, right: 0 };
      await trx
        .insertInto('contest_questions')
        .values({
          id: b.id,
          unit_id: organiser,
          campaign_id: campaign?.id ?? null,
          kind: b.entry.kind,
          text: b.entry.text,
          options: JSON.stringify(b.options),
          correct: JSON.stringify(b.correct),
          explanation: b.entry.explanation,
          difficulty: b.entry.difficulty,
          topic_id: b.topicId,
          status: 'approved',
          answered: s.answered,
          answered_correctly: s.right,
          reviewed_by: reviewer?.id ?? null,
          reviewed_at: created,
          created_by: author?.id ?? null,
          created_at: created,
          updated_at: created,
          version: 2,
        })
        .execute();
    }
    await trx
      .insertInto('contests')
      .values({
        id: contestId,
        unit_id: organiser,
        campaign_id: campaign?.id ?? null,
        slug: DEMO_CONTEST_SLUG,
        title: 'Cuộc thi trực tuyến tìm hiểu Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia',
        rules: cleanRules(RULES),
        status: 'open',
        questions_per_attempt: 20,
        quotas: JSON.stringify(quotas),
        time_limit_sec: 15 * 60,
        grace_sec: 15,
        attempts_per_round: 3,
        area_unit_id: organiser,
        prizes: JSON.stringify([
          { label: 'Giải Nhất', count: 1, kind: 'individual' },
          { label: 'Giải Nhì', count: 2, kind: 'individual' },
          { label: 'Giải Ba', count: 3, kind: 'individual' },
          { label: 'Giải Khuyến khích', count: 10, kind: 'individual' },
          { label: 'Giải người chia sẻ cuộc thi', count: 1, kind: 'referral' },
          { label: 'Giải tập thể phường, xã', count: 1, kind: 'unit' },
        ]),
        retention_days: 365,
        created_by: author?.id ?? null,
        created_at: created,
        updated_at: created,
        version: 3,
      })
      .execute();
    for (const r of rounds) {
      await trx
        .insertInto('contest_rounds')
        .values({
          id: r.id,
          contest_id: contestId,
          no: r.no,
          title: `Tuần thi thứ ${r.no}`,
          opens_at: r.opens.toISOString(),
          closes_at: r.closes.toISOString(),
          prediction_question: 'Theo bạn, có bao nhiêu người trả lời đúng tất cả 20 câu hỏi trong tuần thi này?',
          actual_value: r.closed ? (roundActual.get(r.id) ?? 0) : null,
          frozen_at: r.closed ? r.closes.toISOString() : null,
        })
        .execute();
    }
    for (const p of participantRows) await trx.insertInto('contest_participants').values(p as never).execute();
    for (const a of attempts) {
      await trx.insertInto('contest_attempts').values(a.row as never).execute();
      for (const x of a.answers) await trx.insertInto('contest_answers').values({ attempt_id: a.row.id as string, ...x }).execute();
    }
  });
  contestDataChanged();
  // Participation of every round so far into the activity figures (the demo dashboard shows it).
  await syncContestActivities(db, clock);
  return { questions: bank.length, participants: participantRows.length, attempts: attempts.length };
}
