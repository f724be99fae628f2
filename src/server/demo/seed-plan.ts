import { readFileSync } from 'node:fs';
import type { BlockNode, RichDoc } from '../../shared/richtext.js';
import { type OfficialDocument, plainMarker } from '../modules/documents/official-document.js';

/**
 * The seed plan: Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW of the Tam Kỳ city Front Standing Committee
 * (07/03/2025), kept as text in ./data. The copy lost its header block and the text of footnotes (1) and
 * (2); its own number is unknown and stays unknown (numberText null). The header lines below are those
 * every plan of this committee carries (docs/domain.md §4).
 */
export const SEED_PLAN_FILE = new URL('./data/ke-hoach-tuyen-truyen-nq57-tam-ky-2025.txt', import.meta.url);

export function seedPlanText(): string {
  return readFileSync(SEED_PLAN_FILE, 'utf8');
}

const SEED_HEADER = { parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: 'THÀNH PHỐ TAM KỲ', issuer: 'BAN THƯỜNG TRỰC' };
const SEED_SYMBOL = 'KH-MTTQ-BTT';

const PLACE_DATE = /^(.+?), ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})$/;
const ROMAN_HEADING = /^[IVXL]+\.\s+\S/;
const NUMBERED = /^\d+\.\s+\S/;
const MARKERS = /⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾/g;

const isHeading = (line: string) => ROMAN_HEADING.test(line) && line === line.toLocaleUpperCase('vi');
const para = (text: string, bold = false): BlockNode => ({
  type: 'paragraph',
  content: [bold ? { type: 'text', text, marks: [{ type: 'bold' }] } : { type: 'text', text }],
});

/**
 * Paragraphs as written, one per line. A numbered line that does not end a sentence and is followed by
 * "- …" lines is a sub-heading ("1. Ban Thường trực Ủy ban MTTQ Việt Nam thành phố") and is bold, as in
 * the printed plan; every other line (numbered items "1. …", "- …" items) is a body paragraph.
 */
function linesToDoc(lines: string[]): RichDoc {
  return {
    type: 'doc',
    content: lines.map((line, i) => para(line, NUMBERED.test(line) && !/[.:;!?…)]$/.test(line) && (lines[i + 1] ?? '').startsWith('- '))),
  };
}

function fail(what: string): never {
  throw new Error(`Kế hoạch mẫu: không đọc được ${what}`);
}

/** Parses the seed plan's text into the official-document model (for .docx/.pdf/print and for demo data). */
export function parseSeedPlan(text: string): OfficialDocument {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  let i = 0;
  const pd = PLACE_DATE.exec(lines[i] ?? '') ?? fail('dòng địa danh, ngày tháng');
  i++;
  const [, place, d, m, y] = pd;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const title = lines[i++] ?? fail('tên loại văn bản');
  const subjectLines: string[] = [];
  while (i < lines.length && !/^(Thực hiện|Căn cứ)\b/.test(lines[i]) && !isHeading(lines[i])) subjectLines.push(lines[i++]);
  if (!subjectLines.length) fail('trích yếu');
  const preamble: string[] = [];
  while (i < lines.length && !isHeading(lines[i])) preamble.push(lines[i++]);

  const sections: OfficialDocument['sections'] = [];
  const closing: string[] = [];
  while (i < lines.length && lines[i] !== 'Nơi nhận:') {
    if (isHeading(lines[i])) {
      sections.push({ heading: lines[i++], content: { type: 'doc', content: [] } });
      const body: string[] = [];
      while (i < lines.length && !isHeading(lines[i]) && lines[i] !== 'Nơi nhận:' && !/^Trên đây\b/.test(lines[i])) body.push(lines[i++]);
      sections[sections.length - 1].content = linesToDoc(body);
    } else {
      closing.push(lines[i++]);
    }
  }
  if (!sections.length) fail('các mục I, II, …');
  if (lines[i] !== 'Nơi nhận:') fail('"Nơi nhận:"');
  i++;
  const recipients: string[] = [];
  let archiveLine = '';
  while (i < lines.length && lines[i].startsWith('- ')) {
    const r = lines[i++].slice(2).trim();
    if (/^Lưu\b/.test(r)) archiveLine = r.replace(/[.;]\s*$/, '');
    else recipients.push(r.replace(/[;.]\s*$/, ''));
  }
  const authority = /^(TM|KT)\.\s*(.+)$/.exec(lines[i] ?? '');
  const signer: OfficialDocument['signer'] = authority
    ? { mode: authority[1] as 'TM' | 'KT', authority: authority[2], position: lines[i + 1] ?? '', name: lines[i + 2] ?? '' }
    : { mode: '', authority: lines[i] ?? '', position: lines[i + 1] ?? '', name: lines[i + 2] ?? '' };
  if (!signer.name) fail('người ký');

  const markers = [...new Set(text.match(MARKERS) ?? [])].map((mk) => ({ marker: plainMarker(mk), text: null }));
  return {
    header: { ...SEED_HEADER },
    numberText: null,
    symbol: SEED_SYMBOL,
    place,
    date,
    title,
    subject: subjectLines.join(' '),
    preamble: linesToDoc(preamble),
    sections,
    closing: linesToDoc(closing),
    footnotes: markers,
    recipients,
    archiveLine,
    signer,
  };
}

/** The seed plan as an official document. */
export function seedPlanDocument(): OfficialDocument {
  return parseSeedPlan(seedPlanText());
}

/** The two plans the seed plan implements (its "Thực hiện …" opening). */
export function seedPlanBases() {
  return [
    { externalNumber: '51/KH-MTTQ-BTT', externalDate: '2025-03-05', externalIssuer: 'Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Quảng Nam', externalTitle: 'Kế hoạch tuyên truyền Nghị quyết số 57-NQ/TW' },
    { externalNumber: '224-KH/TU', externalDate: '2025-03-04', externalIssuer: 'Thành ủy Tam Kỳ', externalTitle: 'Kế hoạch tuyên truyền Nghị quyết số 57-NQ/TW' },
  ];
}

export type SeedTargetGroup = 'self' | 'member_organisations' | 'ward_committees';

export interface SeedDuty {
  text: string;
  recurrence: 'once' | 'ongoing';
  dueDate: string | null;
  topicIds: string[];
  formIds: string[];
}

export interface SeedResponsibility {
  heading: string;
  targetGroup: SeedTargetGroup;
  targetUnitIds: string[];
  duties: SeedDuty[];
}

/**
 * Due dates of the one-off duties ("Xây dựng kế hoạch …"). The plan gives none, so the demo uses:
 * - ward/commune committees: 21/03/2025, two weeks after the city plan (07/03/2025) — the usual time a
 *   committee is given to issue its implementing plan, and well before the first key date (18/5);
 * - the city committee (its plan, plus setting up the follow-up of the whole system): 31/03/2025, the
 *   end of the month, once the wards' plans are due and the city can check that all 12 have issued one.
 * Everything else ("Thường xuyên …", "Đẩy mạnh …", "Phối hợp …", "Nghiên cứu, đề xuất … (nếu có)") runs
 * all year: 'ongoing', reported every quarter.
 */
const ONCE_DUE: Record<SeedTargetGroup, string> = {
  self: '2025-03-31',
  member_organisations: '2025-03-31',
  ward_committees: '2025-03-21',
};

function targetGroupOf(heading: string): SeedTargetGroup {
  if (/các xã, phường/i.test(heading)) return 'ward_committees';
  if (/tổ chức thành viên|chính trị - xã hội/i.test(heading)) return 'member_organisations';
  return 'self';
}

/** Section V ("Tổ chức thực hiện") as responsibilities with duties, for the plans module's demo data. */
export function seedPlanResponsibilities(text: string = seedPlanText()): SeedResponsibility[] {
  const doc = parseSeedPlan(text);
  const section = doc.sections.find((s) => /^V\.\s/.test(s.heading)) ?? fail('mục V. TỔ CHỨC THỰC HIỆN');
  const out: SeedResponsibility[] = [];
  for (const block of section.content.content) {
    if (block.type !== 'paragraph') continue;
    const line = (block.content ?? []).map((n) => (n.type === 'text' ? n.text : '')).join('');
    const sub = /^\d+\.\s+(.+)$/.exec(line);
    if (sub) {
      out.push({ heading: sub[1], targetGroup: targetGroupOf(sub[1]), targetUnitIds: [], duties: [] });
    } else if (line.startsWith('- ') && out.length) {
      const current = out[out.length - 1];
      const dutyText = line.slice(2).trim();
      const once = /^Xây dựng kế hoạch/i.test(dutyText);
      current.duties.push({
        text: dutyText,
        recurrence: once ? 'once' : 'ongoing',
        dueDate: once ? ONCE_DUE[current.targetGroup] : null,
        topicIds: [],
        formIds: [],
      });
    }
  }
  return out;
}
