import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  type ParagraphChild,
  SectionType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { type FlatParagraph, flattenRichDoc } from './flatten.js';
import {
  numberLine,
  type OfficialAnnex,
  type OfficialDocument,
  printedFootnotes,
  recipientLines,
  signerAuthorityLine,
  vnPlaceDate,
  vnUpper,
} from './official-document.js';

/** Page geometry (twips: 1 mm = 56.7 twips). Nghị định 30/2020: A4, top/bottom 20–25 mm, left 30–35, right 15–20. */
export const PAGE = {
  width: 11906,
  height: 16838,
  marginTop: 1134, // 20 mm
  marginBottom: 1134, // 20 mm
  marginLeft: 1701, // 30 mm
  marginRight: 850, // 15 mm
  header: 567, // the page number sits 10 mm from the top edge, inside the top margin
} as const;

const FONT = 'Times New Roman';
const TEXT_WIDTH = PAGE.width - PAGE.marginLeft - PAGE.marginRight; // 9355 twips = 16.5 cm
/** Header and signature tables: left column (issuer / recipients), right column (national title / signer). */
export const COLUMNS = {
  headerLeft: 3855, // 6.8 cm; the right column (9.7 cm) fits "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 12 pt bold (8.9 cm)
  signLeft: 4700, // 8.3 cm: the signature table gives the recipient list (11 pt) a little more room
} as const;
const LEFT_COL = COLUMNS.headerLeft;
const SIGN_LEFT = COLUMNS.signLeft;
const RIGHT_COL = TEXT_WIDTH - LEFT_COL;
const CELL_MARGIN = 57; // 1 mm each side
const pt = (n: number) => n * 2; // docx sizes are half-points
const BODY = pt(14);
const FIRST_LINE = 720; // 1.27 cm
const LINE_115 = 276; // 1.15 lines (240 = single)
const AFTER_6PT = 120;

/** Rough width of a line of Times New Roman (twips), to size the short rules under header lines. */
export function approxWidth(text: string, sizePt: number, bold = false): number {
  let em = 0;
  for (const c of text) {
    if (c === ' ') em += 0.25;
    else if (/[0-9]/.test(c)) em += 0.5;
    else if (/[-.,:;/()]/.test(c)) em += 0.3;
    else if (/[IJ]/.test(c.normalize('NFD')[0] ?? c)) em += 0.39;
    else if (/[MW]/.test(c.normalize('NFD')[0] ?? c)) em += 0.94;
    else if (c !== c.toLocaleLowerCase('vi')) em += bold ? 0.73 : 0.7;
    else if (/[iljtf]/.test(c.normalize('NFD')[0] ?? c)) em += 0.3;
    else em += bold ? 0.53 : 0.48;
  }
  return Math.round(em * sizePt * 20);
}

const run = (text: string, opts: { size?: number; bold?: boolean; italics?: boolean; underline?: boolean } = {}) =>
  new TextRun({ text, size: opts.size, bold: opts.bold, italics: opts.italics, underline: opts.underline ? {} : undefined });

/** A centred text line inside a header or signature cell. */
function centred(text: string, opts: { size: number; bold?: boolean; italics?: boolean; before?: number; after?: number }) {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: opts.before ?? 0, after: opts.after ?? 0, line: 240, lineRule: LineRuleType.AUTO },
    children: [run(text, { size: pt(opts.size), bold: opts.bold, italics: opts.italics })],
  });
}

/**
 * A short centred horizontal rule, `width` twips long inside `cellWidth`: an empty 2-pt paragraph with a
 * bottom border (a top border would be drawn over the descenders of the line above).
 */
function rule(width: number, cellWidth: number, before = 0) {
  const inner = cellWidth - 2 * CELL_MARGIN;
  const side = Math.max(0, Math.round((inner - Math.min(width, inner)) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before, after: 0, line: 40, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
    run: { size: 4 },
    children: [],
  });
}

function cell(width: number, children: Paragraph[]) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 0, bottom: 0 },
    verticalAlign: VerticalAlignTable.TOP,
    children,
  });
}

function twoColumns(left: Paragraph[], right: Paragraph[], leftWidth: number = LEFT_COL) {
  const rightWidth = TEXT_WIDTH - leftWidth;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, rightWidth],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [cell(leftWidth, left), cell(rightWidth, right)] })],
  });
}

function headerBlock(doc: OfficialDocument) {
  const h = doc.header;
  const left: Paragraph[] = [];
  if (h.parentBody.trim()) left.push(centred(vnUpper(h.parentBody), { size: 13 }));
  if (h.bodyName.trim()) left.push(centred(vnUpper(h.bodyName), { size: 13 }));
  left.push(centred(vnUpper(h.issuer), { size: 13, bold: true }));
  // Nghị định 30: a rule 1/3–1/2 as long as the issuer line, centred under it.
  left.push(rule(Math.max(900, Math.round(approxWidth(vnUpper(h.issuer), 13, true) * 0.45)), LEFT_COL, 80));
  left.push(centred(numberLine(doc), { size: 13, before: 120 }));
  // A công văn has no title: its subject is a "V/v …" line under the number.
  if (!doc.title.trim() && doc.subject.trim()) left.push(centred(`V/v ${doc.subject.replace(/^V\/v\s*/i, '')}`, { size: 12, before: 60 }));

  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 12, bold: true }),
    centred(motto, { size: 13, bold: true }),
    rule(approxWidth(motto, 13, true), RIGHT_COL, 80),
    centred(vnPlaceDate(doc.place, doc.date), { size: 14, italics: true, before: 200 }),
  ];
  return twoColumns(left, right);
}

/** Rich text paragraphs in the body style: 14 pt, justified, first-line indent 1.27 cm, 6 pt after, 1.15 lines. */
function bodyParagraphs(flat: (FlatParagraph & { keepNext?: boolean })[]): Paragraph[] {
  return flat.map((p) => {
    const children: ParagraphChild[] = [];
    let pendingBreak = 0;
    for (const r of p.runs) {
      if ('br' in r) {
        pendingBreak++;
        continue;
      }
      children.push(
        new TextRun({ text: r.text, bold: r.bold, italics: r.italic, underline: r.underline ? {} : undefined, break: pendingBreak || undefined }),
      );
      pendingBreak = 0;
    }
    if (pendingBreak) children.push(new TextRun({ text: '', break: pendingBreak }));
    const alignment =
      p.align === 'center' ? AlignmentType.CENTER : p.align === 'right' ? AlignmentType.RIGHT : p.align === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED;
    return new Paragraph({
      alignment,
      indent: p.align === 'center' ? undefined : { firstLine: FIRST_LINE, left: p.depth * 567 },
      spacing: { before: 0, after: AFTER_6PT, line: LINE_115, lineRule: LineRuleType.AUTO },
      keepNext: p.heading > 0 || p.keepNext || undefined,
      children,
    });
  });
}

function sectionHeading(text: string) {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: { before: 0, after: AFTER_6PT, line: LINE_115, lineRule: LineRuleType.AUTO },
    keepNext: true,
    children: [run(text, { bold: true })],
  });
}

function titleBlock(doc: OfficialDocument): Paragraph[] {
  if (!doc.title.trim()) return [new Paragraph({ spacing: { before: 0, after: 120 }, children: [] })];
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      keepNext: true,
      children: [run(vnUpper(doc.title), { size: BODY, bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      keepNext: true,
      children: [run(doc.subject, { size: BODY, bold: true })],
    }),
    // A short rule under the subject (1/3–1/2 of a line), then the body.
    rule(2000, TEXT_WIDTH + 2 * CELL_MARGIN, 80),
    new Paragraph({ spacing: { before: 0, after: 120 }, run: { size: 8 }, children: [] }),
  ];
}

function signatureBlock(doc: OfficialDocument) {
  const list = recipientLines(doc);
  const left = [
    new Paragraph({
      spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      children: [run('Nơi nhận:', { size: pt(12), bold: true, italics: true })],
    }),
    ...list.map(
      (line) =>
        new Paragraph({
          // A wrapped recipient continues under its text, not under the dash.
          indent: { left: 170, hanging: 170 },
          spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
          children: [run(line, { size: pt(11) })],
        }),
    ),
  ];
  const s = doc.signer;
  const right: Paragraph[] = [];
  if (s.authority.trim() || s.mode) right.push(centred(signerAuthorityLine(s), { size: 14, bold: true }));
  if (s.position.trim()) right.push(centred(vnUpper(s.position), { size: 14, bold: true }));
  // Room for the signature and the seal (about 3 cm), then the full name.
  right.push(centred(s.name, { size: 14, bold: true, before: 1700 }));
  return twoColumns(left, right, SIGN_LEFT);
}

function footnoteBlock(doc: OfficialDocument): Paragraph[] {
  const notes = printedFootnotes(doc);
  if (!notes.length) return [];
  return [
    new Paragraph({
      spacing: { before: 360, after: 60, line: 40, lineRule: LineRuleType.EXACT },
      border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 0 } },
      indent: { right: TEXT_WIDTH - 2800 },
      run: { size: 4 },
      children: [],
    }),
    ...notes.map(
      (n) =>
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { before: 0, after: 40, line: 240, lineRule: LineRuleType.AUTO },
          children: [run(`${n.marker} `, { size: pt(12) }), run(n.text, { size: pt(12) })],
        }),
    ),
  ];
}

function pageNumberHeader() {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 0, after: 0 },
        children: [new TextRun({ children: [PageNumber.CURRENT], size: BODY })],
      }),
    ],
  });
}

function annexChildren(annex: OfficialAnnex, width: number): (Paragraph | Table)[] {
  const cols = Math.max(1, annex.table.headers.length, ...annex.table.rows.map((r) => r.length));
  const weights = Array.from({ length: cols }, (_, i) => (annex.widths?.[i] && annex.widths[i] > 0 ? annex.widths[i] : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const colWidths = weights.map((w) => Math.floor((width * w) / sum));
  const cellPara = (text: string, bold: boolean, align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new Paragraph({ alignment: align, spacing: { before: 40, after: 40 }, children: [run(text, { size: pt(12), bold })] });
  const tableCell = (p: Paragraph, i: number) =>
    new TableCell({ width: { size: colWidths[i], type: WidthType.DXA }, margins: { left: 80, right: 80 }, verticalAlign: VerticalAlignTable.CENTER, children: [p] });
  const rows: TableRow[] = [];
  if (annex.table.headers.length) {
    rows.push(
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: Array.from({ length: cols }, (_, i) => tableCell(cellPara(annex.table.headers[i] ?? '', true, AlignmentType.CENTER), i)),
      }),
    );
  }
  for (const r of annex.table.rows) {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: Array.from({ length: cols }, (_, i) => {
          const v = r[i];
          const isNum = typeof v === 'number';
          const text = v === undefined || v === null ? '' : isNum ? v.toLocaleString('vi-VN') : String(v);
          return tableCell(cellPara(text, false, isNum ? AlignmentType.RIGHT : AlignmentType.LEFT), i);
        }),
      }),
    );
  }
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 240 },
      children: [run(annex.title, { size: BODY, bold: true })],
    }),
    new Table({
      width: { size: colWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: colWidths,
      layout: TableLayoutType.FIXED,
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      rows,
    }),
  ];
}

/** Builds the `docx` Document for an official document (exported for tests and for callers that patch it). */
export function buildDocx(doc: OfficialDocument): Document {
  const body: (Paragraph | Table)[] = [
    headerBlock(doc),
    ...titleBlock(doc),
    ...bodyParagraphs(flattenRichDoc(doc.preamble)),
  ];
  for (const s of doc.sections) {
    if (s.heading.trim()) body.push(sectionHeading(s.heading));
    body.push(...bodyParagraphs(flattenRichDoc(s.content)));
  }
  const closing = bodyParagraphs(flattenRichDoc(doc.closing).map((p, i, all) => (i === all.length - 1 ? { ...p, keepNext: true } : p)));
  body.push(...closing);
  // The closing paragraph stays on the page of the signature block (keepNext through this spacer).
  body.push(new Paragraph({ spacing: { before: 0, after: 120 }, keepNext: true, run: { size: 8 }, children: [] }));
  body.push(signatureBlock(doc));
  body.push(...footnoteBlock(doc));

  const margin = { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginLeft, right: PAGE.marginRight, header: PAGE.header, footer: PAGE.header };
  const sections = [
    {
      properties: {
        page: { size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT }, margin },
        // A different first page: no number on page 1, numbers centred in the top margin from page 2.
        titlePage: true,
      },
      headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ children: [] })] }) },
      children: body,
    },
    ...(doc.annexes ?? []).map((annex) => ({
      properties: {
        type: SectionType.NEXT_PAGE,
        page: {
          // docx swaps width and height itself for a landscape page.
          size: { width: PAGE.width, height: PAGE.height, orientation: annex.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin,
        },
      },
      headers: { default: pageNumberHeader() },
      children: annexChildren(annex, (annex.landscape ? PAGE.height : PAGE.width) - PAGE.marginLeft - PAGE.marginRight),
    })),
  ];

  return new Document({
    creator: 'Lan Tỏa',
    lastModifiedBy: 'Lan Tỏa',
    title: doc.subject,
    subject: doc.numberText ?? '',
    description: [vnUpper(doc.title), doc.subject].filter(Boolean).join(' '),
    styles: {
      default: {
        document: {
          run: { font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT }, size: BODY, color: '000000', language: { value: 'vi-VN' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections,
  });
}

/** Renders the document as a .docx file (Word 2007+). */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  return Packer.toBuffer(buildDocx(doc));
}
