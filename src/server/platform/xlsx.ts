/**
 * Shared helpers for Excel (.xlsx) import and export: reading an uploaded workbook safely, mapping
 * Vietnamese header rows to fields, turning cell values into text/dates/numbers, collecting row
 * errors, and building styled sheets (bold frozen header, autofilter, column widths, a guide sheet).
 */
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from './errors.js';
import { foldVietnamese } from './validation.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Rows beyond this in one file are refused (a province has a few thousand units). */
export const MAX_IMPORT_ROWS = 10_000;

const ACCEPTED_MIMES = new Set([
  XLSX_MIME,
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  '',
]);

const ZIP_MAGIC = 0x04034b50; // "PK\x03\x04" read little-endian

export interface Upload {
  filename: string;
  buffer: Buffer;
}

const tooLarge = (max: number) =>
  new AppError(413, 'file_too_large', `Tệp tải lên vượt quá ${Math.round(max / 1024 / 1024)} MB. Hãy chia nhỏ tệp rồi tải lên từng phần.`);
const notXlsx = (name: string) =>
  new AppError(
    415,
    'unsupported_file_type',
    `Tệp «${name}» không phải tệp Excel .xlsx. Chỉ nhận tệp .xlsx; nếu bạn có tệp .xls hoặc .csv, hãy mở bằng Excel và chọn «Lưu thành» dạng Excel Workbook (.xlsx).`,
  );

function uploadError(e: unknown, max: number): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(max);
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return multipartRequired();
  if (code === 'FST_FILES_LIMIT') return invalid('too_many_files', 'Mỗi lần chỉ tải lên một tệp.');
  const status = (e as { statusCode?: number })?.statusCode;
  if (status && status >= 400 && status < 500) return e;
  return invalid('invalid_multipart', 'Dữ liệu tải lên bị lỗi hoặc không đầy đủ. Hãy chọn lại tệp rồi tải lên lại.');
}

const multipartRequired = () =>
  new AppError(415, 'multipart_required', 'Yêu cầu phải gửi tệp Excel (.xlsx) trong trường «file» dạng multipart/form-data.');

/**
 * Reads the single uploaded file of a multipart request and checks that it is an .xlsx of at most
 * `max` bytes: name, declared type and the ZIP signature. Throws 413/415/400 with Vietnamese messages.
 */
export async function readXlsxUpload(req: FastifyRequest, max = MAX_IMPORT_BYTES): Promise<Upload> {
  if (!req.isMultipart()) throw multipartRequired();
  let buffer: Buffer;
  let filename: string;
  let mimetype: string;
  try {
    const part = await req.file({ limits: { fileSize: max, files: 1 } });
    if (!part) throw invalid('file_required', 'Chưa có tệp nào được gửi lên. Hãy chọn tệp Excel (.xlsx) rồi tải lên.');
    filename = [...(part.filename ?? '')].filter((c) => c >= ' ').join('').slice(-120);
    mimetype = (part.mimetype ?? '').toLowerCase();
    buffer = await part.toBuffer();
  } catch (e) {
    throw uploadError(e, max);
  }
  if (buffer.length > max) throw tooLarge(max);
  const shown = filename || 'không tên';
  if (!/\.xlsx$/i.test(filename)) throw notXlsx(shown);
  if (!ACCEPTED_MIMES.has(mimetype)) throw notXlsx(shown);
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== ZIP_MAGIC) throw notXlsx(shown);
  return { filename, buffer };
}

/** Unpacked size allowed for one workbook (guards against "zip bombs"); real 5 MB files stay far below. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/**
 * Sum of the uncompressed sizes declared in the ZIP central directory, or null when the directory
 * cannot be read (not a ZIP, truncated, or ZIP64 which no spreadsheet of this size needs).
 */
export function declaredUnzippedSize(buf: Buffer): number | null {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let eocd = buf.length - 22; eocd >= min; eocd--) {
    if (buf.readUInt32LE(eocd) !== 0x06054b50) continue;
    const entries = buf.readUInt16LE(eocd + 10);
    let p = buf.readUInt32LE(eocd + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
      const size = buf.readUInt32LE(p + 24);
      if (size === 0xffffffff) return null;
      total += size;
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    return total;
  }
  return null;
}

/** Parses the workbook; a damaged, encrypted or suspiciously large file answers 400 in Vietnamese. */
export async function loadWorkbook(upload: Upload): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const unzipped = declaredUnzippedSize(upload.buffer);
  if (unzipped !== null && unzipped > MAX_UNZIPPED_BYTES) {
    throw invalid('xlsx_too_large', `Tệp «${upload.filename}» chứa quá nhiều dữ liệu khi giải nén. Hãy chia nhỏ tệp rồi tải lên từng phần.`);
  }
  try {
    await wb.xlsx.load(upload.buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw invalid(
      'invalid_xlsx',
      `Không đọc được tệp «${upload.filename}». Tệp có thể bị hỏng hoặc đã đặt mật khẩu. Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi thử lại.`,
    );
  }
  return wb;
}

// ---------------------------------------------------------------------------------------------
// Reading cells

type Raw = ExcelJS.CellValue | undefined;

/** The displayed text of a cell (rich text, hyperlinks and formula results unwrapped), trimmed. */
export function cellText(v: Raw): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return formatDate(isoOfDate(v));
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('hyperlink' in v) {
      const t = (v as { text?: unknown }).text;
      const s = typeof t === 'string' ? t : t && typeof t === 'object' ? cellText(t as Raw) : '';
      return (s || v.hyperlink.replace(/^mailto:/i, '')).trim();
    }
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: Raw }).result);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const isoOfDate = (d: Date) => d.toISOString().slice(0, 10);

function realIso(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * A calendar date from a cell: an Excel date, an Excel serial number, or text dd/mm/yyyy
 * (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd. Returns null for an empty cell and
 * `undefined` when the value is not a valid date.
 */
export function cellDate(v: Raw): string | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return undefined;
    // exceljs maps the serial to UTC; a time part (e.g. 23:59:59.999 rounding) is dropped.
    const t = new Date(v.getTime() + 500);
    return realIso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()) ?? undefined;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1 || v > 2958465) return undefined;
    return cellDate(new Date(Math.round((Math.floor(v) - 25569) * 86400000)));
  }
  if (typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) return cellDate((v as { result?: Raw }).result);
  const s = cellText(v);
  if (!s) return null;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return realIso(Number(m[3]), Number(m[2]), Number(m[1])) ?? undefined;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return realIso(Number(m[1]), Number(m[2]), Number(m[3])) ?? undefined;
  return undefined;
}

/** A non-negative whole number; accepts 12345, "12.345", "12,345", "12 345". null when empty, undefined when invalid. */
export function cellWholeNumber(v: Raw): number | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) return cellWholeNumber((v as { result?: Raw }).result);
  const s = cellText(v).replace(/\s+/g, ' ');
  if (!s) return null;
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d{1,3}([., ]\d{3})+$/.test(s)) return Number(s.replace(/[., ]/g, ''));
  return undefined;
}

/** A phone number as text; a 9-digit number typed into a number cell gets its leading zero back. */
export function cellPhone(v: Raw): string {
  if (typeof v === 'number' && Number.isInteger(v) && String(v).length === 9) return `0${v}`;
  return cellText(v);
}

// ---------------------------------------------------------------------------------------------
// Header mapping and row errors

export interface ColumnSpec<K extends string = string> {
  key: K;
  header: string;
  width: number;
  required?: boolean;
  /** Shown instead of «Có»/«Không» in the guide's "Bắt buộc" column (e.g. required only for new records). */
  requiredNote?: string;
  /** Other accepted header spellings (folded comparison). */
  aliases?: string[];
  /** Excel number format for the column (dates, numbers, '@' text). */
  numFmt?: string;
  /** What the column means and which values are allowed, for the guide sheet. */
  guide: string;
}

const foldHeader = (s: string) =>
  foldVietnamese(s)
    .replace(/\(.*?\)/g, ' ')
    .replace(/[*:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export interface SheetLayout<K extends string> {
  sheet: ExcelJS.Worksheet;
  headerRow: number;
  cols: Map<K, number>;
}

export interface ImportIssue {
  /** Excel row number (1-based, as shown in Excel). */
  row: number;
  /** The column header, or '' for a problem with the whole row or file. */
  field: string;
  message: string;
}

/** Collects Vietnamese row errors in the shape of the `import_invalid` details. */
export class IssueList {
  readonly items: ImportIssue[] = [];

  /** "Dòng 5, cột «Mã đơn vị cấp trên»: không tìm thấy …". */
  add(row: number, field: string, problem: string): void {
    this.items.push({ row, field, message: field ? `Dòng ${row}, cột «${field}»: ${problem}` : `Dòng ${row}: ${problem}` });
  }

  get length(): number {
    return this.items.length;
  }
}

/** 400 `import_invalid` listing every problem by row; nothing has been written. */
export function importInvalid(issues: ImportIssue[]): AppError {
  const sorted = [...issues].sort((a, b) => a.row - b.row);
  const n = sorted.length;
  return new AppError(
    400,
    'import_invalid',
    n === 1
      ? `${sorted[0].message}. Chưa ghi dữ liệu nào; hãy sửa rồi tải tệp lên lại.`
      : `Tệp có ${n} lỗi (xem danh sách theo từng dòng). Chưa ghi dữ liệu nào; hãy sửa các dòng được nêu rồi tải tệp lên lại.`,
    sorted,
  );
}

/**
 * Finds the data sheet (preferring `preferredName`) and its header row among the first rows, and maps
 * each known column by its (accent-insensitive) header. Missing required columns are reported.
 */
export function locateColumns<K extends string>(wb: ExcelJS.Workbook, preferredName: string, specs: ColumnSpec<K>[], issues: IssueList): SheetLayout<K> | null {
  const wanted = new Map<string, K>();
  for (const s of specs) for (const h of [s.header, ...(s.aliases ?? [])]) wanted.set(foldHeader(h), s.key);
  const sheets = [...wb.worksheets].sort((a, b) => Number(b.name === preferredName) - Number(a.name === preferredName));
  const firstKey = specs[0].key;
  for (const sheet of sheets) {
    const last = Math.min(sheet.rowCount, 10);
    for (let r = 1; r <= last; r++) {
      const cols = new Map<K, number>();
      sheet.getRow(r).eachCell((cell, col) => {
        const key = wanted.get(foldHeader(cellText(cell.value)));
        if (key && !cols.has(key)) cols.set(key, col);
      });
      if (!cols.has(firstKey) || cols.size < 2) continue;
      for (const s of specs) if (s.required && !cols.has(s.key)) issues.add(r, s.header, 'thiếu cột này trong dòng tiêu đề. Hãy dùng tệp mẫu tải từ hệ thống.');
      return { sheet, headerRow: r, cols };
    }
  }
  issues.add(1, specs[0].header, `không tìm thấy dòng tiêu đề có cột «${specs[0].header}». Hãy dùng tệp mẫu tải từ hệ thống (trang tính «${preferredName}»).`);
  return null;
}

/**
 * Data rows under the header, skipping empty ones, with their Excel row number. With `issues` (imports,
 * all-or-nothing): stops after `MAX_IMPORT_ROWS` data rows and reports it, and reports a file without data rows.
 */
export function* dataRows<K extends string>(layout: SheetLayout<K>, issues?: IssueList): Generator<{ row: number; get(key: K): Raw }> {
  const { sheet, headerRow, cols } = layout;
  let count = 0;
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (key: K): Raw => {
      const c = cols.get(key);
      return c ? row.getCell(c).value : undefined;
    };
    let empty = true;
    for (const c of cols.values()) {
      if (cellText(row.getCell(c).value) !== '') {
        empty = false;
        break;
      }
    }
    if (empty) continue;
    if (issues && ++count > MAX_IMPORT_ROWS) {
      issues.add(r, '', `tệp có quá ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng dữ liệu. Hãy chia thành nhiều tệp.`);
      return;
    }
    yield { row: r, get };
  }
  if (issues && count === 0 && !issues.length) issues.add(headerRow + 1, '', 'tệp không có dòng dữ liệu nào dưới dòng tiêu đề.');
}

/**
 * Reads text cells of one data row: trimmed, checked as required and against a length, problems reported
 * under the column's header. A column keyed `phone` is read as a phone number (cellPhone).
 */
export function textCells<K extends string>(issues: IssueList, row: number, get: (key: K) => Raw, header: (key: K) => string) {
  return (k: K, max: number, required = false): string | null => {
    const v = k === 'phone' ? cellPhone(get(k)) : cellText(get(k));
    if (!v) {
      if (required) issues.add(row, header(k), 'bắt buộc phải nhập');
      return null;
    }
    if (v.length > max) {
      issues.add(row, header(k), `dài quá ${max} ký tự`);
      return null;
    }
    return v;
  };
}

/** Matches a value against labels or codes (accent- and case-insensitive). */
export function matchChoice<T extends string>(value: string, labels: Record<T, string>): T | undefined {
  const f = foldHeader(value);
  for (const [code, label] of Object.entries(labels) as Array<[T, string]>) {
    if (foldVietnamese(code) === f || foldHeader(label) === f) return code;
  }
  return undefined;
}

export const choiceList = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([code, label]) => `«${label}» (hoặc mã ${code})`)
    .join('; ');

// ---------------------------------------------------------------------------------------------
// Building workbooks

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const THIN: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FF7F7F7F' } } };

/** An xlsx date cell value for a YYYY-MM-DD string (UTC midnight, shown with the column's dd/mm/yyyy format). */
export const xlsxDate = (iso: string | null | undefined): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

export function newWorkbook(now: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lan Tỏa';
  wb.created = now;
  wb.modified = now;
  return wb;
}

/** A data sheet: bold frozen header row, widths, number formats, autofilter over the data. */
export function addDataSheet<K extends string>(wb: ExcelJS.Workbook, name: string, specs: ColumnSpec<K>[], rows: Array<Partial<Record<K, ExcelJS.CellValue>>>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0, activeCell: 'A2' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  ws.columns = specs.map((s) => ({ key: s.key, width: s.width, style: s.numFmt ? { numFmt: s.numFmt } : {} }));
  const header = ws.getRow(1);
  specs.forEach((s, i) => {
    const cell = header.getCell(i + 1);
    cell.value = s.header;
    cell.font = { bold: true, color: s.required || s.requiredNote ? { argb: 'FF9C0006' } : undefined };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  header.height = 30;
  for (const r of rows) ws.addRow(specs.map((s) => r[s.key] ?? null));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: specs.length } };
  return ws;
}

/** Dropdown suggestions on a column (other values stay allowed: codes are accepted too). */
export function addListValidation(ws: ExcelJS.Worksheet, col: number, fromRow: number, toRow: number, values: string[], prompt: string): void {
  const letter = ws.getColumn(col).letter;
  const dv = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  dv.add(`${letter}${fromRow}:${letter}${toRow}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: false,
    showInputMessage: true,
    promptTitle: 'Giá trị gợi ý',
    prompt: prompt.slice(0, 250),
  });
}

/**
 * The "Hướng dẫn" sheet: an introduction, one line per column (required or not, meaning and allowed
 * values), and extra tables (e.g. the allowed values of a column with their codes).
 */
export function addGuideSheet(
  wb: ExcelJS.Workbook,
  o: { title: string; intro: string[]; specs: ColumnSpec[]; tables?: Array<{ title: string; header: [string, string]; rows: Array<[string, string]> }> },
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet('Hướng dẫn', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 26 }, { width: 16 }, { width: 100 }];
  const title = ws.addRow([o.title]);
  title.font = { bold: true, size: 14 };
  for (const line of o.intro) {
    const r = ws.addRow([line]);
    ws.mergeCells(r.number, 1, r.number, 3);
    r.alignment = { wrapText: true, vertical: 'top' };
    r.height = Math.max(15, Math.ceil(line.length / 120) * 15);
  }
  ws.addRow([]);
  const head = (cells: string[]) => {
    const r = ws.addRow(cells);
    r.eachCell((c) => {
      c.font = { bold: true };
      c.fill = HEADER_FILL;
      c.border = THIN;
    });
  };
  head(['Cột', 'Bắt buộc', 'Nội dung và giá trị hợp lệ']);
  for (const s of o.specs) {
    const r = ws.addRow([s.header, s.requiredNote ?? (s.required ? 'Có' : 'Không'), s.guide]);
    r.alignment = { wrapText: true, vertical: 'top' };
    r.getCell(1).font = { bold: true };
    r.height = Math.max(15, Math.ceil(s.guide.length / 95) * 15);
  }
  for (const t of o.tables ?? []) {
    ws.addRow([]);
    const tr = ws.addRow([t.title]);
    tr.font = { bold: true, size: 12 };
    head([t.header[0], '', t.header[1]]);
    for (const [a, b] of t.rows) ws.addRow([a, '', b]);
  }
  return ws;
}

/** Content-Disposition with an ASCII fallback and the RFC 5987 UTF-8 name. */
export function attachmentHeader(filename: string): string {
  const ascii = foldVietnamese(filename).replace(/[^\w.-]+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function sendWorkbook(reply: FastifyReply, wb: ExcelJS.Workbook, filename: string) {
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachmentHeader(filename))
    .header('cache-control', 'no-store')
    .send(buf);
}
