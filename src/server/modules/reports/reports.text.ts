/**
 * Words of a periodic report: period labels, the default subject, and the prefilled sections I–V
 * written from the figures and the unit's documents (all editable by the officer afterwards).
 */
import type { BlockNode, RichDoc } from '../../../shared/richtext.js';
import { formatVnDate } from '../../platform/clock.js';
import { ATTENDANCE_GROUPS, MEASURES, type MeasureTotals } from '../activities/index.js';
import type { SectionKey } from './reports.schemas.js';

export const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export const STATUS_LABELS: Record<string, string> = { draft: 'Nháp', submitted: 'Đã gửi', accepted: 'Đã tiếp nhận', returned: 'Bị trả lại' };
export const TARGET_STATUS_LABELS: Record<string, string> = {
  not_started: 'Chưa thực hiện',
  draft: 'Đang soạn',
  submitted: 'Đã gửi',
  accepted: 'Đã tiếp nhận',
  returned: 'Bị trả lại',
};

export const SECTION_HEADINGS: Record<SectionKey, string> = {
  I: 'I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO',
  II: 'II. KẾT QUẢ THỰC HIỆN',
  III: 'III. ĐÁNH GIÁ CHUNG',
  IV: 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI',
  V: 'V. ĐỀ XUẤT, KIẾN NGHỊ',
};

/** "quý II năm 2025", "6 tháng đầu năm 2025", "tháng 3 năm 2026", "năm 2025", "từ ngày 01/01/2025 đến ngày 31/03/2025". */
export function periodPhrase(kind: string, year: number, index: number, from: string, to: string): string {
  switch (kind) {
    case 'month':
      return `tháng ${index} năm ${year}`;
    case 'quarter':
      return `quý ${ROMAN[index - 1]} năm ${year}`;
    case 'half':
      return `6 tháng ${index === 1 ? 'đầu' : 'cuối'} năm ${year}`;
    case 'year':
      return `năm ${year}`;
    default:
      return `từ ngày ${formatVnDate(from)} đến ngày ${formatVnDate(to)}`;
  }
}

export const capitalise = (s: string) => (s ? s.charAt(0).toLocaleUpperCase('vi') + s.slice(1) : s);
const lcFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s);

/** "Kết quả công tác tuyên truyền Nghị quyết 57-NQ/TW quý II năm 2025". */
export function defaultSubject(campaignName: string | null, phrase: string): string {
  const name = (campaignName ?? '').trim();
  if (!name) return `Kết quả công tác tuyên truyền ${phrase}`;
  const m = /^tuyên truyền\s+(.*)$/iu.exec(name);
  if (m) return `Kết quả công tác tuyên truyền ${m[1]} ${phrase}`;
  return `Kết quả thực hiện ${lcFirst(name)} ${phrase}`;
}

export const vnNumber = (n: number) => n.toLocaleString('vi-VN');

const para = (text: string, opts: { bold?: boolean; italic?: boolean } = {}): BlockNode => {
  const marks = [...(opts.bold ? [{ type: 'bold' as const }] : []), ...(opts.italic ? [{ type: 'italic' as const }] : [])];
  return { type: 'paragraph', attrs: { textAlign: 'justify' }, content: text ? [{ type: 'text', text, ...(marks.length ? { marks } : {}) }] : [] };
};
const doc = (content: BlockNode[]): RichDoc => ({ type: 'doc', content });

const ATT_WORDS: Record<string, string> = { attCadres: 'cán bộ', attParty: 'đảng viên', attMembers: 'đoàn viên, hội viên', attResidents: 'nhân dân' };

/** "3 hoạt động; 175 lượt người tham dự (cán bộ 40, đảng viên 5, nhân dân 130); băng rôn: 5 cái". */
export function figuresPhrase(v: MeasureTotals): string {
  const parts: string[] = [`${vnNumber(v.activities)} hoạt động`];
  if (v.attendance > 0) {
    const groups = ATTENDANCE_GROUPS.filter((k) => v[k] > 0).map((k) => `${ATT_WORDS[k]} ${vnNumber(v[k])}`);
    const gender = [v.attMale > 0 ? `nam ${vnNumber(v.attMale)}` : '', v.attFemale > 0 ? `nữ ${vnNumber(v.attFemale)}` : ''].filter(Boolean);
    const detail = [...groups, ...(gender.length ? [`trong đó ${gender.join(', ')}`] : [])];
    parts.push(`${vnNumber(v.attendance)} lượt người tham dự${detail.length ? ` (${detail.join('; ')})` : ''}`);
  }
  for (const m of MEASURES) {
    if (m.group === 'attendance') continue;
    const n = v[m.key];
    if (n > 0) parts.push(`${lcFirst(m.label)}: ${vnNumber(n)} ${m.unit}`);
  }
  return parts.join('; ');
}

export interface SectionFacts {
  issuer: string;
  phrase: string;
  from: string;
  to: string;
  totals: MeasureTotals;
  byForm: Array<{ label: string; values: MeasureTotals }>;
  documents: Array<{ title: string; number_text: string | null; doc_date: string | null; subject: string }>;
  received: Array<{ title: string; number_text: string | null; doc_date: string | null; subject: string; issuerName: string }>;
  withSubunits: boolean;
  subunitReports: Array<{ unitName: string; numberText: string | null; submittedAt: string | null; totals: MeasureTotals | null }>;
  missingUnits: string[];
}

const docRef = (d: { title: string; number_text: string | null; doc_date: string | null; subject: string }) => {
  const word = capitalise((d.title || 'Văn bản').toLocaleLowerCase('vi'));
  return `${word}${d.number_text ? ` số ${d.number_text}` : ''}${d.doc_date ? ` ngày ${formatVnDate(d.doc_date)}` : ''} về ${lcFirst(d.subject.replace(/[.;:]+$/, ''))}`;
};

/** Days of the key dates (18/5, 10/10) inside the period. */
function keyDatesIn(from: string, to: string): string[] {
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const [md, name] of [
      ['05-18', 'Ngày Khoa học và Công nghệ Việt Nam (18/5)'],
      ['10-10', 'Ngày Chuyển đổi số quốc gia (10/10)'],
    ] as const) {
      const d = `${y}-${md}`;
      if (d >= from && d <= to && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** Sections I–V prefilled from the data. */
export function prefillSections(f: SectionFacts): Array<{ key: SectionKey; heading: string; content: RichDoc }> {
  const I: BlockNode[] = [];
  if (f.received.length) {
    I.push(para('Thực hiện chỉ đạo của cấp trên:'));
    for (const r of f.received) I.push(para(`- ${docRef(r)} của ${r.issuerName};`));
  }
  if (f.documents.length) {
    I.push(para(`Trong kỳ, ${f.issuer} đã ban hành ${f.documents.length} văn bản lãnh đạo, chỉ đạo, hướng dẫn:`));
    for (const [i, d] of f.documents.entries()) I.push(para(`- ${docRef(d)}${i === f.documents.length - 1 ? '.' : ';'}`));
  } else {
    I.push(para(`Trong kỳ, ${f.issuer} chưa ban hành văn bản mới; tiếp tục triển khai các văn bản đã ban hành (nêu cụ thể).`));
  }

  const II: BlockNode[] = [];
  II.push(
    para(
      f.totals.activities
        ? `Trong ${f.phrase}, đã tổ chức ${vnNumber(f.totals.activities)} hoạt động tuyên truyền${f.totals.attendance ? `, thu hút ${vnNumber(f.totals.attendance)} lượt người tham dự` : ''}. Kết quả theo từng hình thức như sau (số liệu chi tiết tại các phụ lục kèm theo):`
        : `Trong ${f.phrase}, chưa có hoạt động tuyên truyền nào được báo cáo và duyệt trên hệ thống.`,
    ),
  );
  let n = 0;
  for (const g of f.byForm) {
    if (!g.values.activities) continue;
    n += 1;
    II.push(para(`${n}. ${g.label}: ${figuresPhrase(g.values)}.`));
  }
  for (const k of keyDatesIn(f.from, f.to)) {
    n += 1;
    II.push(para(`${n}. Tuyên truyền hưởng ứng ${k}: (nêu các hoạt động nổi bật).`));
  }
  if (f.withSubunits) {
    const accepted = f.subunitReports;
    if (accepted.length) {
      n += 1;
      II.push(para(`${n}. Kết quả của các đơn vị trực thuộc (theo báo cáo đã tiếp nhận):`));
      for (const r of accepted) {
        const head = `${r.unitName}${r.numberText ? ` (Báo cáo số ${r.numberText})` : ''}`;
        II.push(para(`- ${head}: ${r.totals ? figuresPhrase(r.totals) : 'không có số liệu'}.`));
      }
    }
  }

  const III: BlockNode[] = [
    para('1. Ưu điểm', { bold: true }),
    para('(Nêu những kết quả nổi bật, cách làm hay, mô hình hiệu quả.)'),
    para('2. Hạn chế', { bold: true }),
  ];
  if (f.missingUnits.length) III.push(para(`- Một số đơn vị chưa gửi báo cáo: ${f.missingUnits.join(', ')}.`));
  III.push(para('(Nêu những mặt còn hạn chế.)'), para('3. Nguyên nhân', { bold: true }), para('(Nêu nguyên nhân khách quan, chủ quan.)'));

  const IV: BlockNode[] = [para('(Nêu phương hướng, nhiệm vụ trọng tâm trong thời gian tới.)')];
  const V: BlockNode[] = [para('(Nêu đề xuất, kiến nghị với cấp trên, nếu có.)')];
  return [
    { key: 'I', heading: SECTION_HEADINGS.I, content: doc(I) },
    { key: 'II', heading: SECTION_HEADINGS.II, content: doc(II) },
    { key: 'III', heading: SECTION_HEADINGS.III, content: doc(III) },
    { key: 'IV', heading: SECTION_HEADINGS.IV, content: doc(IV) },
    { key: 'V', heading: SECTION_HEADINGS.V, content: doc(V) },
  ];
}
