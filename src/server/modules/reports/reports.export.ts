/**
 * A periodic report as an official document (.docx / .pdf / print, through modules/documents) and as
 * a workbook (.xlsx). Every number comes from the report's `figures` — the figures layer's answer for
 * the report's filter — so the exports, the screen and the dashboard agree.
 */
import type ExcelJS from 'exceljs';
import { emptyDoc } from '../../../shared/richtext.js';
import { formatVnDate } from '../../platform/clock.js';
import { addDataSheet, newWorkbook } from '../../platform/xlsx.js';
import type { OfficialAnnex, OfficialDocument } from '../documents/index.js';
import type { FigureRow, ReportDetail, ReportFigures } from './reports.service.js';

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

const slug = (s: string) =>
  fold(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** "bao-cao-12-BC-MTTQ-BTT-quy-ii-nam-2025.docx" or "bao-cao-du-thao-…". */
export function reportFileName(r: Pick<ReportDetail, 'numberText' | 'periodLabel'>, ext: string): string {
  const head = r.numberText ? fold(r.numberText).replace(/\//g, '-') : 'du-thao';
  return `bao-cao-${head}-${slug(r.periodLabel).slice(0, 60).replace(/-$/, '')}.${ext}`;
}

/** `list` in the fewest parts of at most `max` items, as even as possible (20 by 6 → 5, 5, 5, 5). */
function chunks<T>(list: T[], max: number): T[][] {
  const count = Math.max(1, Math.ceil(list.length / max));
  const size = Math.ceil(list.length / count) || 1;
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out.length ? out : [[]];
}

/** Measure columns per table of the by-unit annex (landscape); more continue in a further table. */
export const MAX_MEASURE_COLUMNS = 6;

/** "Ủy ban MTTQ Việt Nam phường An Mỹ" → "phường An Mỹ": the unit as printed in the by-unit annex. */
export const annexUnitLabel = (label: string) => label.replace(/^Ủy ban MTTQ Việt Nam\s+/i, '');

/**
 * Annex 1, by form, as a long table (portrait): for each form with activities, one row per non-zero
 * figure — "Hình thức | Chỉ tiêu (đơn vị tính) | Số lượng" — then the totals of every figure shown.
 */
function formAnnex(title: string, f: ReportFigures): OfficialAnnex {
  const rows: (string | number)[][] = [];
  let n = 0;
  for (const g of f.byForm) {
    if (!g.values.activities && !Object.values(g.values).some((v) => v !== 0)) continue;
    n += 1;
    const shown = f.measures.filter((m) => m.key === 'activities' || (g.values[m.key as keyof typeof g.values] ?? 0) !== 0);
    for (const [i, m] of shown.entries()) rows.push([i === 0 ? `${n}. ${g.label}` : '', `${m.label} (${m.unit})`, g.values[m.key as keyof typeof g.values] ?? 0]);
  }
  for (const [i, m] of f.measures.entries()) rows.push([i === 0 ? 'Tổng cộng' : '', `${m.label} (${m.unit})`, f.totals[m.key as keyof typeof f.totals] ?? 0]);
  return { title, landscape: false, table: { headers: ['Hình thức', 'Chỉ tiêu (đơn vị tính)', 'Số lượng'], rows } };
}

/**
 * Annex 2, by unit (as of the period), wide and landscape, up to 6 figures per table: every committee
 * under the unit (those that did nothing too, with zeros), and the other units (standing committee,
 * member organisations, the unit's own activities) when they have figures.
 */
function unitAnnexes(title: string, f: ReportFigures): OfficialAnnex[] {
  const parts = chunks(f.measures, MAX_MEASURE_COLUMNS);
  const shown = f.byUnit.filter((r) => (r.kind === 'front_committee' && !r.label.endsWith('(trực tiếp)')) || Object.values(r.values).some((v) => v !== 0));
  return parts.map((measures, i) => {
    const headers = ['Đơn vị', ...measures.map((m) => `${m.label} (${m.unit})`)];
    const body: (string | number)[][] = shown.map((r) => [annexUnitLabel(r.label), ...measures.map((m) => r.values[m.key as keyof typeof r.values] ?? 0)]);
    body.push(['Tổng cộng', ...measures.map((m) => f.totals[m.key as keyof typeof f.totals] ?? 0)]);
    const suffix = parts.length > 1 ? ` (bảng ${i + 1}/${parts.length})` : '';
    return { title: `${title}${suffix}`, landscape: headers.length > 4, table: { headers, rows: body } };
  });
}

/** The report as the document renderers take it (same header, Nơi nhận and signer conventions as plans). */
export function toOfficialDocument(r: ReportDetail): OfficialDocument {
  const f = r.figures;
  const period = `${r.periodLabel.toLocaleUpperCase('vi')} (${formatVnDate(r.periodFrom)} – ${formatVnDate(r.periodTo)})`;
  const caption = (what: string) => `${what} ${period}`;
  const annexes = [formAnnex(`Phụ lục 1: ${caption('THỐNG KÊ KẾT QUẢ THEO HÌNH THỨC TUYÊN TRUYỀN')}`, f), ...unitAnnexes(`Phụ lục 2: ${caption('THỐNG KÊ KẾT QUẢ THEO ĐƠN VỊ')}`, f)];
  const sections = r.sections.map((s) => ({ heading: s.heading, content: s.content }));
  return {
    header: r.header,
    numberText: r.numberText,
    symbol: r.symbol,
    place: r.place,
    date: r.docDate,
    title: r.title,
    subject: r.subject,
    preamble: emptyDoc(),
    sections,
    closing: { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: 'justify' }, content: [{ type: 'text', text: `Trên đây là báo cáo ${lcSubject(r.subject)}./.` }] }] },
    footnotes: [],
    recipients: r.recipients,
    archiveLine: r.archiveLine,
    signer: r.signer,
    annexes,
  };
}

const lcSubject = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s).replace(/[.;:]+$/, '');

/** The workbook: "Tổng hợp", "Theo hình thức", "Theo đơn vị", "Theo tháng" — the same numbers as the document. */
export function reportWorkbook(r: ReportDetail, now: Date): ExcelJS.Workbook {
  const wb = newWorkbook(now);
  const f = r.figures;
  const summary = addDataSheet(
    wb,
    'Tổng hợp',
    [
      { key: 'stt', header: 'STT', width: 6, guide: '' },
      { key: 'label', header: 'Chỉ tiêu', width: 48, guide: '' },
      { key: 'unit', header: 'Đơn vị tính', width: 16, guide: '' },
      { key: 'value', header: 'Số lượng', width: 16, numFmt: '#,##0', guide: '' },
    ],
    f.measures.map((m, i) => ({ stt: i + 1, label: m.label, unit: m.unit, value: f.totals[m.key as keyof typeof f.totals] ?? 0 })),
  );
  summary.headerFooter.oddHeader = `${r.numberText ? `Báo cáo số ${r.numberText} — ` : ''}${r.subject}`;
  const breakdown = (name: string, nameHeader: string, rows: FigureRow[]) =>
    addDataSheet(
      wb,
      name,
      [
        { key: 'stt', header: 'STT', width: 6, guide: '' },
        { key: 'label', header: nameHeader, width: 42, guide: '' },
        ...f.measures.map((m) => ({ key: m.key, header: `${m.label} (${m.unit})`, width: 14, numFmt: '#,##0', guide: '' })),
      ],
      [
        ...rows.map((g, i) => ({ stt: i + 1, label: g.label, ...Object.fromEntries(f.measures.map((m) => [m.key, g.values[m.key as keyof typeof g.values] ?? 0])) })),
        { stt: null, label: 'Tổng cộng', ...Object.fromEntries(f.measures.map((m) => [m.key, f.totals[m.key as keyof typeof f.totals] ?? 0])) },
      ],
    );
  breakdown('Theo hình thức', 'Hình thức', f.byForm);
  breakdown('Theo đơn vị', 'Đơn vị', f.byUnit);
  breakdown('Theo tháng', 'Tháng', f.byMonth);
  const info = wb.addWorksheet('Thông tin');
  info.columns = [{ width: 28 }, { width: 80 }];
  const lines: [string, string][] = [
    ['Báo cáo', `${r.numberText ? `Số ${r.numberText}` : 'Dự thảo'} — ${r.subject}`],
    ['Đơn vị', r.unitName],
    ['Kỳ báo cáo', `${r.periodLabel} (${formatVnDate(r.periodFrom)} – ${formatVnDate(r.periodTo)})`],
    ['Ngày chốt số liệu', `ngày ${r.cutoffDay} hằng tháng`],
    ['Nhóm theo đơn vị', 'đơn vị tại thời điểm diễn ra hoạt động'],
    ['Số liệu', f.frozenAt ? `chốt khi gửi báo cáo (${formatVnDate(f.frozenAt.slice(0, 10))})` : 'số liệu hiện tại (bản nháp)'],
    ['Nguồn', 'các báo cáo hoạt động đã được duyệt'],
  ];
  for (const l of lines) info.addRow(l);
  info.getColumn(1).font = { bold: true };
  return wb;
}
