/**
 * Results of a frozen round for the award decision: an official document (.docx, Nghị định 30/2020/NĐ-CP layout
 * through modules/documents: committee header, title "KẾT QUẢ … TUẦN n", prize winners by tier, collective
 * prizes, Nơi nhận and signature, then annex tables — winners, the full ranking, wards) and a workbook with the
 * sheets "Xếp hạng", "Giải thưởng", "Theo đơn vị". Only organisers of the contest's unit (or above) download.
 */
import type ExcelJS from 'exceljs';
import type { RichDoc } from '../../../shared/richtext.js';
import type { Clock } from '../../platform/clock.js';
import { formatVnDate } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { conflict, notFound } from '../../platform/errors.js';
import { addDataSheet, type ColumnSpec, newWorkbook } from '../../platform/xlsx.js';
import type { Scope } from '../access/index.js';
import { type OfficialAnnex, type OfficialDocument, renderDocx } from '../documents/index.js';
import { areaName, defaultHeader, defaultPlace } from '../plans/plans.text.js';
import type { UnitTree } from '../units/unit-tree.js';
import type { ContestRow, ContestsRepository, RoundRow } from './contests.repository.js';
import type { ContestsService } from './contests.service.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface ResultsDeps {
  db: Db;
  repo: ContestsRepository;
  contests: ContestsService;
  clock: Clock;
  tree: () => Promise<UnitTree>;
}

interface Prize {
  label: string;
  count: number;
  kind: 'individual' | 'unit' | 'referral';
}

export interface RankedPerson {
  rank: number;
  participantId: string;
  fullName: string;
  birthYear: string;
  wardName: string;
  orgName: string;
  correct: number;
  total: number;
  prediction: number | null;
  predictionGap: number | null;
  timeUsedSeconds: number;
  eligible: boolean;
}

export interface RoundResults {
  contest: ContestRow;
  round: RoundRow;
  actualValue: number | null;
  attempts: number;
  ranking: RankedPerson[];
  /** Individual prizes in tier order; each winner once. */
  winners: { prize: string; people: RankedPerson[] }[];
  /** Wards ranked by participants per 1 000 residents (then participants). */
  wards: { rank: number; unitId: string; name: string; participants: number; attempts: number; population: number | null; per1000: number | null }[];
  unitPrizes: { prize: string; wards: RoundResults['wards'] }[];
  referralPrizes: { prize: string; people: { fullName: string; wardName: string; referred: number }[] }[];
}

/** 372 → "6 phút 12 giây". */
export function vnDuration(seconds: number): string {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  const r = s % 60;
  return m ? `${m} phút ${String(r).padStart(2, '0')} giây` : `${r} giây`;
}

const two = (n: number) => String(n).padStart(2, '0');
const vnDateOf = (iso: string) => formatVnDate(new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10));
/** The last instant of a round as a calendar date (a round closing at Monday 00:00 ends on Sunday). */
const vnLastDate = (iso: string) => formatVnDate(new Date(new Date(iso).getTime() - 1 + 7 * 3600_000).toISOString().slice(0, 10));

const para = (text: string, bold = false): RichDoc['content'][number] => ({ type: 'paragraph', content: [{ type: 'text', text, ...(bold ? { marks: [{ type: 'bold' as const }] } : {}) }] });
const bullets = (lines: string[]): RichDoc['content'][number] => ({ type: 'bulletList', content: lines.map((l) => ({ type: 'listItem' as const, content: [para(l)] })) });

export class ContestResults {
  constructor(private readonly d: ResultsDeps) {}

  /** The frozen results of a round (404 outside scope, 403 without `contest.manage`, 409 before the freeze). */
  async results(scope: Scope, roundId: string): Promise<RoundResults> {
    const db = this.d.db;
    const round = await this.d.repo.round(db, roundId);
    const contest = round ? await this.d.repo.contest(db, round.contest_id) : undefined;
    if (!round || !contest || !scope.canSee(contest.unit_id)) throw notFound('round_not_found', 'Không tìm thấy tuần thi.');
    scope.assertCan('contest.manage', contest.unit_id);
    if (!round.frozen_at) throw conflict('round_not_frozen', 'Tuần thi chưa kết thúc, kết quả chưa được chốt.');
    const tree = await this.d.tree();
    const ranked = await this.d.contests.ranking(db, round, contest.questions_per_attempt, Number.MAX_SAFE_INTEGER, { masked: false });
    const ids = ranked.rows.map((r) => r.participantId);
    const people = new Map<string, { full_name: string; birth_date: string; unit_id: string; org_unit_id: string | null; withdrawn_at: string | null; anonymised_at: string | null }>();
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = await db
        .selectFrom('contest_participants')
        .select(['id', 'full_name', 'birth_date', 'unit_id', 'org_unit_id', 'withdrawn_at', 'anonymised_at'])
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute();
      for (const p of rows) people.set(p.id, p);
    }
    const name = (id: string | null | undefined) => (id ? (tree.get(id)?.name ?? '') : '');
    /** "Ủy ban MTTQ Việt Nam phường Tam Kỳ" → "phường Tam Kỳ". */
    const ward = (id: string | null | undefined) => areaName(name(id));
    const ranking: RankedPerson[] = ranked.rows.map((r) => {
      const p = people.get(r.participantId);
      return {
        rank: r.rank,
        participantId: r.participantId,
        fullName: p?.full_name ?? '',
        birthYear: p && !p.anonymised_at ? p.birth_date.slice(0, 4) : '',
        wardName: ward(p?.unit_id),
        orgName: name(p?.org_unit_id),
        correct: r.correct,
        total: contest.questions_per_attempt,
        prediction: r.prediction,
        predictionGap: r.predictionGap,
        timeUsedSeconds: r.timeUsedSeconds,
        eligible: !!p && !p.withdrawn_at && !p.anonymised_at,
      };
    });
    const prizes = JSON.parse(contest.prizes) as Prize[];
    // Individual tiers in the order written; a person wins once; people who deleted their data are skipped.
    const pool = ranking.filter((r) => r.eligible);
    let at = 0;
    const winners = prizes
      .filter((p) => (p.kind ?? 'individual') === 'individual')
      .map((p) => {
        const got = pool.slice(at, at + p.count);
        at += got.length;
        return { prize: p.label, people: got };
      });
    // Wards of the round.
    const byWard = await db
      .selectFrom('contest_attempts')
      .select((eb) => ['unit_id', eb.fn.countAll<number>().as('attempts'), eb.fn.count<number>('participant_id').distinct().as('participants')])
      .where('round_id', '=', round.id)
      .groupBy('unit_id')
      .execute();
    const pops = new Map(
      byWard.length ? (await db.selectFrom('units').select(['id', 'population']).where('id', 'in', byWard.map((w) => w.unit_id)).execute()).map((u) => [u.id, u.population]) : [],
    );
    const wards = byWard
      .map((w) => {
        const population = pops.get(w.unit_id) ?? null;
        const participants = Number(w.participants);
        return { rank: 0, unitId: w.unit_id, name: ward(w.unit_id) || w.unit_id, participants, attempts: Number(w.attempts), population, per1000: population ? Math.round((participants / population) * 10000) / 10 : null };
      })
      .sort((a, b) => (b.per1000 ?? -1) - (a.per1000 ?? -1) || b.participants - a.participants || a.name.localeCompare(b.name, 'vi'))
      .map((w, i) => ({ ...w, rank: i + 1 }));
    let wardAt = 0;
    const unitPrizes = prizes
      .filter((p) => p.kind === 'unit')
      .map((p) => {
        const got = wards.slice(wardAt, wardAt + p.count);
        wardAt += got.length;
        return { prize: p.label, wards: got };
      });
    // Referral prizes: people whose link brought the most verified registrations up to the close of the round.
    const referralTiers = prizes.filter((p) => p.kind === 'referral');
    const referralPrizes: RoundResults['referralPrizes'] = [];
    if (referralTiers.length) {
      const refs = await db
        .selectFrom('contest_participants as r')
        .innerJoin('contest_participants as p', 'p.id', 'r.referred_by')
        .select((eb) => ['p.id', 'p.full_name', 'p.unit_id', eb.fn.countAll<number>().as('n')])
        .where('r.contest_id', '=', contest.id)
        .where('r.verified_at', 'is not', null)
        .where('r.created_at', '<', round.closes_at)
        .where('p.anonymised_at', 'is', null)
        .where('p.withdrawn_at', 'is', null)
        .groupBy(['p.id', 'p.full_name', 'p.unit_id'])
        .execute();
      const sorted = refs.map((r) => ({ fullName: r.full_name, wardName: ward(r.unit_id), referred: Number(r.n) })).sort((a, b) => b.referred - a.referred || a.fullName.localeCompare(b.fullName, 'vi'));
      let refAt = 0;
      for (const p of referralTiers) {
        referralPrizes.push({ prize: p.label, people: sorted.slice(refAt, refAt + p.count) });
        refAt += p.count;
      }
    }
    const attempts = await db.selectFrom('contest_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', '=', round.id).where('submitted_at', 'is not', null).executeTakeFirst();
    return { contest, round, actualValue: round.actual_value, attempts: Number(attempts?.n ?? 0), ranking, winners, wards, unitPrizes, referralPrizes };
  }

  fileBase(r: RoundResults): string {
    return `Kết quả tuần ${r.round.no} - ${r.contest.title.replace(/[\\/:*?"<>|]+/g, ' ').slice(0, 80).trim()}`;
  }

  // ------------------------------------------------------------------ .docx

  async document(r: RoundResults): Promise<OfficialDocument> {
    const tree = await this.d.tree();
    const today = this.d.clock.today();
    const c = r.contest;
    const from = vnDateOf(r.round.opens_at);
    const to = vnLastDate(r.round.closes_at);
    const winnerLine = (p: RankedPerson) =>
      `${p.fullName}${p.birthYear ? `, sinh năm ${p.birthYear}` : ''}${p.wardName ? `, ${p.wardName}` : ''}${p.orgName ? ` (${p.orgName})` : ''}: ${p.correct}/${p.total} câu đúng, dự đoán ${p.prediction ?? 'không trả lời'}, thời gian làm bài ${vnDuration(p.timeUsedSeconds)}.`;
    const allCorrect = r.actualValue ?? 0;
    const sections: OfficialDocument['sections'] = [
      {
        heading: 'I. KẾT QUẢ CHUNG',
        content: {
          type: 'doc',
          content: [
            bullets([
              `Số người dự thi: ${r.ranking.length.toLocaleString('vi-VN')} người; số lượt thi đã nộp bài: ${r.attempts.toLocaleString('vi-VN')} lượt.`,
              `Số người trả lời đúng tất cả ${c.questions_per_attempt} câu hỏi (đáp án câu hỏi dự đoán): ${allCorrect.toLocaleString('vi-VN')} người.`,
              `Số phường, xã có người dự thi: ${r.wards.length}.`,
            ]),
          ],
        },
      },
      {
        heading: 'II. GIẢI CÁ NHÂN',
        content: {
          type: 'doc',
          content: r.winners.length
            ? r.winners.flatMap((w, i) => [
                para(`${i + 1}. ${w.prize} (${two(w.people.length)} giải)`, true),
                w.people.length ? bullets(w.people.map(winnerLine)) : para('Không có người đạt giải.'),
              ])
            : [para('Thể lệ cuộc thi không có giải cá nhân.')],
        },
      },
    ];
    if (r.unitPrizes.length) {
      sections.push({
        heading: 'III. GIẢI TẬP THỂ',
        content: {
          type: 'doc',
          content: r.unitPrizes.flatMap((u) => [
            para(u.prize, true),
            u.wards.length
              ? bullets(u.wards.map((w) => `${w.name}: ${w.participants.toLocaleString('vi-VN')} người dự thi${w.per1000 !== null ? `, ${w.per1000.toLocaleString('vi-VN')} người trên 1.000 dân` : ''}.`))
              : para('Không có đơn vị đạt giải.'),
          ]),
        },
      });
    }
    if (r.referralPrizes.length) {
      sections.push({
        heading: `${r.unitPrizes.length ? 'IV' : 'III'}. GIẢI NGƯỜI CHIA SẺ CUỘC THI`,
        content: {
          type: 'doc',
          content: r.referralPrizes.flatMap((x) => [
            para(x.prize, true),
            x.people.length ? bullets(x.people.map((p) => `${p.fullName}${p.wardName ? `, ${p.wardName}` : ''}: ${p.referred} người đăng ký dự thi qua đường dẫn chia sẻ.`)) : para('Không có người đạt giải.'),
          ]),
        },
      });
    }
    const committee = defaultHeader(tree, c.unit_id, today);
    const annexes: OfficialAnnex[] = [];
    const winnerRows = r.winners.flatMap((w) => w.people.map((p, i) => [`${i + 1}`, w.prize, p.fullName, p.birthYear, p.wardName, p.orgName, `${p.correct}/${p.total}`, p.prediction ?? '', vnDuration(p.timeUsedSeconds)] as (string | number)[]));
    if (winnerRows.length) {
      annexes.push({
        title: `PHỤ LỤC I — DANH SÁCH NGƯỜI ĐẠT GIẢI TUẦN ${r.round.no}`,
        landscape: true,
        table: { headers: ['STT', 'Giải', 'Họ và tên', 'Năm sinh', 'Phường, xã', 'Tổ chức thành viên', 'Số câu đúng', 'Dự đoán', 'Thời gian làm bài'], rows: winnerRows },
        widths: [5, 13, 20, 7, 18, 18, 8, 8, 14],
      });
    }
    const n = (i: number) => ['I', 'II', 'III'][i];
    annexes.push({
      title: `PHỤ LỤC ${n(annexes.length)} — BẢNG XẾP HẠNG TUẦN ${r.round.no}`,
      landscape: true,
      table: {
        headers: ['Hạng', 'Họ và tên', 'Năm sinh', 'Phường, xã', 'Tổ chức thành viên', 'Số câu đúng', 'Dự đoán', 'Chênh lệch dự đoán', 'Thời gian làm bài'],
        rows: r.ranking.map((p) => [p.rank, p.fullName, p.birthYear, p.wardName, p.orgName, `${p.correct}/${p.total}`, p.prediction ?? '', p.predictionGap ?? '', vnDuration(p.timeUsedSeconds)]),
      },
      widths: [6, 20, 7, 18, 18, 8, 8, 9, 14],
    });
    annexes.push({
      title: `PHỤ LỤC ${n(annexes.length)} — NGƯỜI DỰ THI THEO PHƯỜNG, XÃ`,
      landscape: false,
      table: { headers: ['Hạng', 'Phường, xã', 'Người dự thi', 'Lượt thi', 'Dân số', 'Người dự thi trên 1.000 dân'], rows: r.wards.map((w) => [w.rank, w.name, w.participants, w.attempts, w.population ?? '', w.per1000 ?? '']) },
      widths: [8, 26, 12, 10, 12, 14],
    });
    const area = areaName(tree.get(c.unit_id)?.name ?? '');
    return {
      header: committee.issuer ? { ...committee, issuer: 'BAN TỔ CHỨC CUỘC THI' } : committee,
      numberText: null,
      symbol: 'TB-BTC',
      place: defaultPlace(tree, c.unit_id, today),
      date: today,
      title: `Kết quả ${c.title.replace(/^Cuộc thi/i, 'cuộc thi')} — Tuần ${r.round.no}`,
      subject: `(Từ ngày ${from} đến ngày ${to})`,
      preamble: {
        type: 'doc',
        content: [
          para(
            `Căn cứ Thể lệ ${c.title.replace(/^Cuộc thi/i, 'Cuộc thi')}; căn cứ kết quả chấm thi tự động trên hệ thống Lan Tỏa, chốt lúc ${vnDateOf(r.round.frozen_at ?? r.round.closes_at)}, Ban Tổ chức thông báo kết quả Tuần thi thứ ${r.round.no} như sau:`,
          ),
        ],
      },
      sections,
      closing: { type: 'doc', content: [para('Ban Tổ chức trân trọng chúc mừng các cá nhân, tập thể đạt giải và cảm ơn đông đảo cán bộ, đoàn viên, hội viên và Nhân dân đã tham gia Cuộc thi./.')] },
      footnotes: [],
      recipients: [`Ban Thường trực Ủy ban MTTQ Việt Nam ${area}`.trim(), 'Các thành viên Ban Tổ chức', 'Ủy ban MTTQ Việt Nam các phường, xã', 'Các cá nhân, tập thể đạt giải'],
      archiveLine: 'Lưu VT, BTC',
      signer: { mode: 'TM', authority: 'BAN TỔ CHỨC', position: 'TRƯỞNG BAN', name: '' },
      annexes,
    };
  }

  async docx(r: RoundResults): Promise<Buffer> {
    return renderDocx(await this.document(r));
  }

  // ------------------------------------------------------------------ .xlsx

  workbook(r: RoundResults): ExcelJS.Workbook {
    const wb = newWorkbook(this.d.clock.now());
    type RankCol = 'rank' | 'fullName' | 'birthYear' | 'ward' | 'org' | 'correct' | 'prediction' | 'gap' | 'time' | 'prize';
    const prizeOf = new Map<string, string>();
    for (const w of r.winners) for (const p of w.people) prizeOf.set(p.participantId, w.prize);
    const rankCols: ColumnSpec<RankCol>[] = [
      { key: 'rank', header: 'Hạng', width: 8, guide: '' },
      { key: 'fullName', header: 'Họ và tên', width: 28, guide: '' },
      { key: 'birthYear', header: 'Năm sinh', width: 10, guide: '' },
      { key: 'ward', header: 'Phường, xã', width: 30, guide: '' },
      { key: 'org', header: 'Tổ chức thành viên', width: 30, guide: '' },
      { key: 'correct', header: 'Số câu đúng', width: 12, guide: '' },
      { key: 'prediction', header: 'Dự đoán', width: 12, numFmt: '#,##0', guide: '' },
      { key: 'gap', header: 'Chênh lệch dự đoán', width: 14, numFmt: '#,##0', guide: '' },
      { key: 'time', header: 'Thời gian làm bài (giây)', width: 14, numFmt: '0.0', guide: '' },
      { key: 'prize', header: 'Giải', width: 18, guide: '' },
    ];
    addDataSheet(
      wb,
      'Xếp hạng',
      rankCols,
      r.ranking.map((p) => ({ rank: p.rank, fullName: p.fullName, birthYear: p.birthYear, ward: p.wardName, org: p.orgName, correct: p.correct, prediction: p.prediction, gap: p.predictionGap, time: p.timeUsedSeconds, prize: prizeOf.get(p.participantId) ?? '' })),
    );
    type PrizeCol = 'kind' | 'prize' | 'no' | 'name' | 'birthYear' | 'ward' | 'org' | 'result';
    const prizeRows: Partial<Record<PrizeCol, ExcelJS.CellValue>>[] = [
      ...r.winners.flatMap((w) =>
        w.people.map((p, i) => ({ kind: 'Cá nhân', prize: w.prize, no: i + 1, name: p.fullName, birthYear: p.birthYear, ward: p.wardName, org: p.orgName, result: `${p.correct}/${p.total} câu đúng; dự đoán ${p.prediction ?? '—'}; ${vnDuration(p.timeUsedSeconds)}` })),
      ),
      ...r.unitPrizes.flatMap((u) => u.wards.map((w, i) => ({ kind: 'Tập thể', prize: u.prize, no: i + 1, name: w.name, result: `${w.participants} người dự thi${w.per1000 !== null ? `; ${w.per1000.toLocaleString('vi-VN')} người/1.000 dân` : ''}` }))),
      ...r.referralPrizes.flatMap((x) => x.people.map((p, i) => ({ kind: 'Người chia sẻ', prize: x.prize, no: i + 1, name: p.fullName, ward: p.wardName, result: `${p.referred} người đăng ký qua đường dẫn` }))),
    ];
    addDataSheet(
      wb,
      'Giải thưởng',
      [
        { key: 'kind', header: 'Loại giải', width: 14, guide: '' },
        { key: 'prize', header: 'Giải', width: 20, guide: '' },
        { key: 'no', header: 'STT', width: 6, guide: '' },
        { key: 'name', header: 'Họ và tên / Đơn vị', width: 32, guide: '' },
        { key: 'birthYear', header: 'Năm sinh', width: 10, guide: '' },
        { key: 'ward', header: 'Phường, xã', width: 30, guide: '' },
        { key: 'org', header: 'Tổ chức thành viên', width: 30, guide: '' },
        { key: 'result', header: 'Kết quả', width: 44, guide: '' },
      ] satisfies ColumnSpec<PrizeCol>[],
      prizeRows,
    );
    addDataSheet(
      wb,
      'Theo đơn vị',
      [
        { key: 'rank', header: 'Hạng', width: 8, guide: '' },
        { key: 'name', header: 'Phường, xã', width: 36, guide: '' },
        { key: 'participants', header: 'Người dự thi', width: 14, numFmt: '#,##0', guide: '' },
        { key: 'attempts', header: 'Lượt thi', width: 12, numFmt: '#,##0', guide: '' },
        { key: 'population', header: 'Dân số', width: 12, numFmt: '#,##0', guide: '' },
        { key: 'per1000', header: 'Người dự thi trên 1.000 dân', width: 16, numFmt: '0.0', guide: '' },
      ] satisfies ColumnSpec<'rank' | 'name' | 'participants' | 'attempts' | 'population' | 'per1000'>[],
      r.wards.map((w) => ({ rank: w.rank, name: w.name, participants: w.participants, attempts: w.attempts, population: w.population, per1000: w.per1000 })),
    );
    return wb;
  }
}
