import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { approxWidth, COLUMNS, PAGE, renderDocx } from './docx.js';
import { flattenRichDoc, type FlatParagraph } from './flatten.js';
import {
  numberLine,
  type OfficialDocument,
  plainMarker,
  printedFootnotes,
  recipientLines,
  signerAuthorityLine,
  vnPlaceDate,
  vnUpper,
} from './official-document.js';

/**
 * PDF output. With LibreOffice on the machine (Debian `libreoffice-writer-nogui` + `fonts-liberation2`)
 * the .docx itself is converted, so the PDF is page for page what Word users get. Without it, a pure-JS
 * fallback (pdfmake) lays out the same structure with a full Vietnamese TrueType font from the system.
 */
export type PdfEngineName = 'libreoffice' | 'pdfmake';

export interface RenderPdfOptions {
  /** Force an engine (tests); default: LibreOffice when found on PATH, else pdfmake. */
  engine?: PdfEngineName;
  /** LibreOffice time-out, default 60 s. */
  timeoutMs?: number;
}

let sofficeCache: string | null | undefined;

/** The LibreOffice binary on PATH (`soffice`, else `libreoffice`), or null. */
export function findSoffice(): string | null {
  if (sofficeCache !== undefined) return sofficeCache;
  sofficeCache = null;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['soffice', 'libreoffice']) {
    for (const dir of dirs) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        sofficeCache = file;
        return file;
      } catch {
        // not here
      }
    }
  }
  return sofficeCache;
}

/** Which engine renderPdf uses on this machine. */
export function pdfEngine(): PdfEngineName {
  return findSoffice() ? 'libreoffice' : 'pdfmake';
}

export async function renderPdf(doc: OfficialDocument, opts: RenderPdfOptions = {}): Promise<Buffer> {
  const engine = opts.engine ?? pdfEngine();
  if (engine === 'libreoffice') return docxToPdf(await renderDocx(doc), opts.timeoutMs);
  return renderPdfWithPdfmake(doc);
}

// ---------------------------------------------------------------------------------------------
// LibreOffice

/** At most this many LibreOffice processes at once (each takes ~150 MB and a core for a second). */
const MAX_CONVERSIONS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONVERSIONS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Converts a .docx to PDF with LibreOffice headless, in a temporary directory that is also its HOME and
 * its user profile (`-env:UserInstallation`), so parallel conversions never share a profile or a lock.
 * The whole process group is killed after the time-out; the directory is always removed.
 */
export async function docxToPdf(docx: Buffer, timeoutMs = 60_000): Promise<Buffer> {
  const soffice = findSoffice();
  if (!soffice) throw new Error('Không tìm thấy LibreOffice (soffice) để tạo PDF: cài libreoffice-writer-nogui');
  return withSlot(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lantoa-pdf-'));
    try {
      const input = join(dir, 'van-ban.docx');
      const outDir = join(dir, 'out');
      await writeFile(input, docx);
      const args = [
        `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
        '--headless',
        '--invisible',
        '--norestore',
        '--nolockcheck',
        '--nodefault',
        '--nologo',
        '--convert-to',
        'pdf:writer_pdf_Export',
        '--outdir',
        outDir,
        input,
      ];
      const { code, output } = await run(soffice, args, { ...process.env, HOME: dir, TMPDIR: dir }, timeoutMs);
      const pdfFile = join(outDir, 'van-ban.pdf');
      if (code !== 0 || !existsSync(pdfFile)) {
        throw new Error(`LibreOffice không chuyển được sang PDF (mã ${code}): ${output.trim().slice(-500)}`);
      }
      return await readFile(pdfFile);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a time-out also ends soffice.bin behind the soffice script.
    const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (b: Buffer) => {
      if (output.length < 20_000) output += b.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`LibreOffice quá thời gian (${Math.round(timeoutMs / 1000)} giây) khi tạo PDF`));
      else resolve({ code, output });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// pdfmake fallback

const FONT_DIRS = [
  {
    dir: '/usr/share/fonts/truetype/liberation2',
    files: ['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf', 'LiberationSerif-BoldItalic.ttf'],
  },
  {
    dir: '/usr/share/fonts/truetype/liberation',
    files: ['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf', 'LiberationSerif-BoldItalic.ttf'],
  },
  { dir: '/usr/share/fonts/truetype/dejavu', files: ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSerif-Italic.ttf', 'DejaVuSerif-BoldItalic.ttf'] },
];

/** A full serif TTF family with Vietnamese: Liberation Serif (Times New Roman metrics), else DejaVu Serif. */
export function findSerifFont(): { normal: string; bold: string; italics: string; bolditalics: string } | null {
  for (const { dir, files } of FONT_DIRS) {
    const paths = files.map((f) => join(dir, f));
    if (paths.every((p) => existsSync(p))) return { normal: paths[0], bold: paths[1], italics: paths[2], bolditalics: paths[3] };
  }
  return null;
}

const TWIP_PT = 1 / 20;
const MARGINS: [number, number, number, number] = [PAGE.marginLeft * TWIP_PT, PAGE.marginTop * TWIP_PT, PAGE.marginRight * TWIP_PT, PAGE.marginBottom * TWIP_PT];
const TEXT_W = (PAGE.width - PAGE.marginLeft - PAGE.marginRight) * TWIP_PT;
const LEFT_W = COLUMNS.headerLeft * TWIP_PT;
const SIGN_LEFT_W = COLUMNS.signLeft * TWIP_PT;

/** Rough text width in points (Times New Roman), to size the short rules. */
const approxPt = (text: string, size: number, bold = false) => approxWidth(text, size, bold) / 20;

type Node = Record<string, unknown>;

const ruleNode = (width: number, box: number, margin: [number, number, number, number] = [0, 3, 0, 0]): Node => {
  const x = Math.max(0, (box - width) / 2);
  return { canvas: [{ type: 'line', x1: x, y1: 0, x2: x + Math.min(width, box), y2: 0, lineWidth: 0.6 }], margin };
};

const SUP_MARKER = /(⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾)/;
const JOINED_WORD = /^\S*\S[/-]\S+$/;

/**
 * pdfmake inlines for one run. Numbers like "51/KH-MTTQ-BTT" and "57-NQ/TW" must not break (nor, when
 * justified, open gaps) at their "/" and "-": they become noWrap inlines. Footnote markers written as
 * "⁽¹⁾" become a superscript "(1)", since Liberation Serif has no superscript parentheses.
 */
function inlines(text: string, style: Node): Node[] {
  const out: Node[] = [];
  for (const piece of text.split(SUP_MARKER)) {
    if (!piece) continue;
    if (SUP_MARKER.test(piece)) {
      out.push({ ...style, text: plainMarker(piece), sup: true });
      continue;
    }
    let plain = '';
    let joined: Node | null = null;
    for (const token of piece.split(/(\s+)/)) {
      if (joined && /^\s+$/.test(token)) {
        // The space after a joined word stays with it, as between any two words.
        joined.text = `${joined.text}${token}`;
        joined = null;
      } else if (JOINED_WORD.test(token)) {
        if (plain) out.push({ ...style, text: plain });
        plain = '';
        joined = { ...style, text: token, noWrap: true };
        out.push(joined);
      } else {
        joined = null;
        plain += token;
      }
    }
    if (plain) out.push({ ...style, text: plain });
  }
  return out;
}

function paragraphNode(p: FlatParagraph): Node {
  const text = p.runs.flatMap((r) =>
    'br' in r ? [{ text: '\n' }] : inlines(r.text, { bold: r.bold, italics: r.italic, decoration: r.underline ? 'underline' : undefined }),
  );
  return {
    text,
    alignment: p.align === 'justify' ? 'justify' : p.align,
    leadingIndent: p.align === 'center' ? 0 : 36,
    margin: [p.depth * 28.35, 0, 0, 6],
  };
}

function buildDocDefinition(doc: OfficialDocument): Node {
  const h = doc.header;
  const issuer = vnUpper(h.issuer);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const left: Node[] = [];
  if (h.parentBody.trim()) left.push({ text: vnUpper(h.parentBody), fontSize: 13, alignment: 'center' });
  if (h.bodyName.trim()) left.push({ text: vnUpper(h.bodyName), fontSize: 13, alignment: 'center' });
  left.push({ text: issuer, fontSize: 13, bold: true, alignment: 'center' });
  left.push(ruleNode(Math.max(45, approxPt(issuer, 13, true) * 0.45), LEFT_W - 6));
  left.push({ text: numberLine(doc), fontSize: 13, alignment: 'center', margin: [0, 6, 0, 0], preserveLeadingSpaces: true });
  if (!doc.title.trim() && doc.subject.trim()) left.push({ text: `V/v ${doc.subject.replace(/^V\/v\s*/i, '')}`, fontSize: 12, alignment: 'center', margin: [0, 3, 0, 0] });
  const right: Node[] = [
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', fontSize: 12, bold: true, alignment: 'center' },
    { text: motto, fontSize: 13, bold: true, alignment: 'center' },
    ruleNode(approxPt(motto, 13, true), TEXT_W - LEFT_W - 6),
    { text: vnPlaceDate(doc.place, doc.date), fontSize: 14, italics: true, alignment: 'center', margin: [0, 10, 0, 0] },
  ];
  const content: Node[] = [
    { table: { widths: [LEFT_W - 6, '*'], body: [[{ stack: left }, { stack: right }]] }, layout: 'noBorders', lineHeight: 1 },
  ];
  if (doc.title.trim()) {
    content.push({ text: vnUpper(doc.title), bold: true, alignment: 'center', margin: [0, 18, 0, 0], lineHeight: 1 });
    content.push({ text: inlines(doc.subject, { bold: true }), alignment: 'center', lineHeight: 1 });
    content.push(ruleNode(100, TEXT_W, [0, 4, 0, 12]));
  } else {
    content.push({ text: '', margin: [0, 0, 0, 12] });
  }
  const body = (d: OfficialDocument['preamble']) => flattenRichDoc(d).map(paragraphNode);
  content.push(...body(doc.preamble));
  for (const s of doc.sections) {
    if (s.heading.trim()) content.push({ text: inlines(s.heading, { bold: true }), alignment: 'justify', leadingIndent: 36, margin: [0, 0, 0, 6] });
    content.push(...body(s.content));
  }
  content.push(...body(doc.closing));

  const recipients: Node[] = [
    { text: 'Nơi nhận:', fontSize: 12, bold: true, italics: true },
    ...recipientLines(doc).map((line) => ({ text: line, fontSize: 11 })),
  ];
  const s = doc.signer;
  const signature: Node[] = [];
  if (s.authority.trim() || s.mode) signature.push({ text: signerAuthorityLine(s), bold: true, alignment: 'center' });
  if (s.position.trim()) signature.push({ text: vnUpper(s.position), bold: true, alignment: 'center' });
  signature.push({ text: s.name, bold: true, alignment: 'center', margin: [0, 85, 0, 0] });
  content.push({
    table: { widths: [SIGN_LEFT_W - 6, '*'], body: [[{ stack: recipients }, { stack: signature }]], dontBreakRows: true },
    layout: 'noBorders',
    lineHeight: 1,
    margin: [0, 6, 0, 0],
  });

  const notes = printedFootnotes(doc);
  if (notes.length) {
    content.push(ruleNode(140, 140, [0, 18, 0, 3]));
    for (const n of notes) {
      content.push({ text: [...inlines(n.marker, {}), ...inlines(` ${n.text}`, {})], fontSize: 12, alignment: 'justify', lineHeight: 1, margin: [0, 0, 0, 2] });
    }
  }

  for (const annex of doc.annexes ?? []) {
    const cols = Math.max(1, annex.table.headers.length, ...annex.table.rows.map((r) => r.length));
    const rows: Node[][] = [];
    if (annex.table.headers.length) rows.push(Array.from({ length: cols }, (_, i) => ({ text: annex.table.headers[i] ?? '', bold: true, alignment: 'center' })));
    for (const r of annex.table.rows) {
      rows.push(
        Array.from({ length: cols }, (_, i) => {
          const v = r[i];
          return typeof v === 'number' ? { text: v.toLocaleString('vi-VN'), alignment: 'right' } : { text: v == null ? '' : String(v) };
        }),
      );
    }
    content.push({
      text: annex.title,
      bold: true,
      alignment: 'center',
      pageBreak: 'before',
      pageOrientation: annex.landscape ? 'landscape' : 'portrait',
      margin: [0, 0, 0, 12],
    });
    content.push({ table: { headerRows: annex.table.headers.length ? 1 : 0, widths: Array.from({ length: cols }, () => '*'), body: rows }, fontSize: 12, lineHeight: 1 });
  }

  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: MARGINS,
    info: { title: doc.subject, author: 'Lan Tỏa', creator: 'Lan Tỏa', producer: 'Lan Tỏa', subject: doc.numberText ?? '' },
    defaultStyle: { font: 'Serif', fontSize: 14, lineHeight: 1.15 },
    // No number on page 1; from page 2, centred in the top margin.
    header: (currentPage: number) => (currentPage > 1 ? { text: String(currentPage), alignment: 'center', fontSize: 14, margin: [0, 28, 0, 0] } : null),
    content,
  };
}

let pdfmakeReady: Promise<PdfMake> | null = null;

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(dd: Node): { getBuffer(): Promise<Buffer> };
}

async function loadPdfmake(): Promise<PdfMake> {
  const font = findSerifFont();
  if (!font) throw new Error('Không tìm thấy phông chữ tiếng Việt để tạo PDF: cài fonts-liberation2 (hoặc fonts-dejavu-core)');
  const mod = (await import('pdfmake')) as unknown as { default?: PdfMake } & PdfMake;
  const pdfmake = mod.default ?? mod;
  pdfmake.setFonts({ Serif: font });
  pdfmake.setUrlAccessPolicy(() => false);
  const allowed = new Set(Object.values(font));
  pdfmake.setLocalAccessPolicy((p) => allowed.has(p));
  return pdfmake;
}

/** The pure-JS fallback: same structure as the .docx, laid out by pdfmake. */
export async function renderPdfWithPdfmake(doc: OfficialDocument): Promise<Buffer> {
  pdfmakeReady ??= loadPdfmake().catch((err) => {
    pdfmakeReady = null;
    throw err;
  });
  const pdfmake = await pdfmakeReady;
  const out = await pdfmake.createPdf(buildDocDefinition(doc)).getBuffer();
  return Buffer.from(out);
}
