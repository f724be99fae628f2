/**
 * Units ⇄ Excel: export of the visible tree as of a date, an import template with a guide sheet,
 * and an all-or-nothing import that creates new codes and updates existing ones.
 *
 * The parsing and planning functions are pure (workbook / tree / scope in, rows / operations / issues
 * out); `UnitsTransferService` loads, checks and writes everything in one transaction.
 */
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { UNIT_KIND_LABELS, UNIT_LEVEL_LABELS, type UnitKind, type UnitLevel } from '../../../shared/units.js';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import {
  addDataSheet,
  addGuideSheet,
  addListValidation,
  type ColumnSpec,
  cellDate,
  cellPhone,
  cellText,
  cellWholeNumber,
  choiceList,
  dataRows,
  type ImportIssue,
  IssueList,
  importInvalid,
  loadWorkbook,
  locateColumns,
  textCells,
  matchChoice,
  newWorkbook,
  type Upload,
  xlsxDate,
} from '../../platform/xlsx.js';
import type { Scope } from '../access/index.js';
import type { UnitRow, UnitTree } from './unit-tree.js';
import type { UnitsService } from './units.service.js';

export type UnitColumn =
  | 'code'
  | 'name'
  | 'shortName'
  | 'kind'
  | 'level'
  | 'parentCode'
  | 'address'
  | 'phone'
  | 'email'
  | 'term'
  | 'population'
  | 'validFrom'
  | 'validTo'
  | 'note';

export const UNITS_SHEET = 'Đơn vị';
const DATE_FMT = 'dd/mm/yyyy';
/** The template's example row carries this note; importing it unchanged is refused. */
export const EXAMPLE_NOTE = 'DÒNG VÍ DỤ — hãy sửa hoặc xóa dòng này trước khi nhập';

const kindList = choiceList(UNIT_KIND_LABELS);
const levelList = choiceList(UNIT_LEVEL_LABELS);

export const UNIT_COLUMNS: ColumnSpec<UnitColumn>[] = [
  {
    key: 'code',
    header: 'Mã đơn vị',
    width: 22,
    required: true,
    numFmt: '@',
    aliases: ['Mã'],
    guide:
      'Mã duy nhất của đơn vị, tối đa 50 ký tự: chữ không dấu, số, dấu gạch dưới (_), gạch ngang (-), dấu chấm (.). Mã đã có trong hệ thống: dòng này cập nhật đơn vị đó. Mã mới: tạo đơn vị mới.',
  },
  { key: 'name', header: 'Tên đơn vị', width: 60, required: true, aliases: ['Tên'], guide: 'Tên đầy đủ, tối đa 300 ký tự. Đổi tên đơn vị đã có sẽ được ghi vào lịch sử (sự kiện «Đổi tên» từ ngày nhập).' },
  { key: 'shortName', header: 'Tên viết tắt', width: 30, required: true, guide: 'Tên ngắn hiển thị trên cây đơn vị, tối đa 120 ký tự.' },
  { key: 'kind', header: 'Loại đơn vị', width: 30, required: true, guide: `Một trong: ${kindList}.` },
  { key: 'level', header: 'Cấp', width: 24, guide: `Để trống hoặc một trong: ${levelList}.` },
  {
    key: 'parentCode',
    header: 'Mã đơn vị cấp trên',
    width: 22,
    numFmt: '@',
    guide:
      'Mã của đơn vị cấp trên: đơn vị đã có trong hệ thống (thuộc phạm vi bạn quản lý) hoặc một đơn vị khác trong cùng tệp (có thể ở dòng sau). Bắt buộc với đơn vị mới (trừ quản trị hệ thống tạo đơn vị gốc). Với đơn vị đã có: để trống hoặc ghi đúng mã đơn vị cấp trên hiện tại — nhập khẩu không chuyển trực thuộc; hãy dùng chức năng «Chuyển trực thuộc».',
  },
  { key: 'address', header: 'Địa chỉ', width: 40, guide: 'Tối đa 500 ký tự.' },
  { key: 'phone', header: 'Điện thoại', width: 16, numFmt: '@', guide: 'Tối đa 50 ký tự. Nên định dạng ô là văn bản để giữ số 0 ở đầu.' },
  { key: 'email', header: 'Email', width: 30, guide: 'Địa chỉ email hợp lệ, tối đa 200 ký tự.' },
  { key: 'term', header: 'Nhiệm kỳ', width: 24, guide: 'Ví dụ: Nhiệm kỳ 2024 - 2029. Tối đa 100 ký tự.' },
  { key: 'population', header: 'Dân số', width: 12, numFmt: '#,##0', guide: 'Số nguyên không âm (ví dụ 12345 hoặc 12.345).' },
  {
    key: 'validFrom',
    header: 'Hiệu lực từ',
    width: 14,
    numFmt: DATE_FMT,
    guide: 'Ngày bắt đầu hoạt động, dạng dd/mm/yyyy (ví dụ 01/07/2025) hoặc ô ngày của Excel. Đơn vị mới: để trống là hôm nay. Đơn vị đã có: để trống hoặc giữ nguyên.',
  },
  {
    key: 'validTo',
    header: 'Hiệu lực đến',
    width: 14,
    numFmt: DATE_FMT,
    guide: 'Ngày kết thúc hoạt động (chỉ để xem khi xuất). Khi nhập: để trống hoặc giữ nguyên; muốn kết thúc hoạt động hãy dùng chức năng «Kết thúc hoạt động».',
  },
  { key: 'note', header: 'Ghi chú', width: 40, guide: 'Tối đa 2000 ký tự.' },
];

const CODE_RE = /^[A-Za-z0-9_.-]+$/;
const emailSchema = z.email();

export interface UnitImportRow {
  row: number;
  code: string;
  name: string;
  shortName: string;
  kind: UnitKind | null;
  level: UnitLevel | null;
  parentCode: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  term: string | null;
  population: number | null;
  validFrom: string | null;
  validTo: string | null;
  note: string | null;
}

const header = (k: UnitColumn) => UNIT_COLUMNS.find((c) => c.key === k)!.header;

/** Reads and checks the format of every row; rows with an unusable code are left out (but reported). */
export function parseUnitsWorkbook(wb: ExcelJS.Workbook, issues: IssueList): UnitImportRow[] {
  const layout = locateColumns(wb, UNITS_SHEET, UNIT_COLUMNS, issues);
  if (!layout || issues.length) return [];
  const out: UnitImportRow[] = [];
  for (const { row, get } of dataRows(layout, issues)) {
    const text = textCells<UnitColumn>(issues, row, get, header);
    const code = text('code', 50, true);
    let codeOk = !!code;
    if (code && !CODE_RE.test(code)) {
      issues.add(row, header('code'), `mã «${code}» chỉ được gồm chữ không dấu, số, dấu gạch dưới, gạch ngang, dấu chấm`);
      codeOk = false;
    }
    const name = text('name', 300, true) ?? '';
    const shortName = text('shortName', 120, true) ?? '';
    const kindText = text('kind', 200, true);
    const kind = kindText ? (matchChoice(kindText, UNIT_KIND_LABELS) ?? null) : null;
    if (kindText && !kind) issues.add(row, header('kind'), `giá trị «${kindText}» không hợp lệ; chọn một trong: ${kindList}`);
    const levelText = text('level', 200);
    const level = levelText ? (matchChoice(levelText, UNIT_LEVEL_LABELS) ?? null) : null;
    if (levelText && !level) issues.add(row, header('level'), `giá trị «${levelText}» không hợp lệ; để trống hoặc chọn một trong: ${levelList}`);
    const parentCode = text('parentCode', 50);
    const email = text('email', 200);
    if (email && !emailSchema.safeParse(email).success) issues.add(row, header('email'), `«${email}» không phải địa chỉ email hợp lệ`);
    const population = cellWholeNumber(get('population'));
    if (population === undefined || (population !== null && population > 100_000_000)) {
      issues.add(row, header('population'), `«${cellText(get('population'))}» không phải số nguyên không âm hợp lệ`);
    }
    const date = (k: 'validFrom' | 'validTo') => {
      const d = cellDate(get(k));
      if (d === undefined) issues.add(row, header(k), `«${cellText(get(k))}» không phải ngày hợp lệ; hãy nhập dạng dd/mm/yyyy (ví dụ 01/07/2025)`);
      return d ?? null;
    };
    const validFrom = date('validFrom');
    const validTo = date('validTo');
    if (validFrom && validTo && validTo < validFrom) issues.add(row, header('validTo'), `phải từ ngày ${formatVnDate(validFrom)} («Hiệu lực từ») trở đi`);
    const note = text('note', 2000);
    if (note?.startsWith(EXAMPLE_NOTE.slice(0, 10))) issues.add(row, header('note'), 'đây là dòng ví dụ của tệp mẫu; hãy sửa thành dữ liệu thật hoặc xóa dòng này');
    if (!codeOk || !code) continue;
    out.push({
      row,
      code,
      name,
      shortName,
      kind,
      level,
      parentCode,
      address: text('address', 500),
      phone: text('phone', 50),
      email: email || null,
      term: text('term', 100),
      population: population ?? null,
      validFrom,
      validTo,
      note,
    });
  }
  return out;
}

type UnitFields = Partial<Pick<UnitRow, 'name' | 'short_name' | 'level' | 'address' | 'phone' | 'email' | 'term' | 'population' | 'note'>>;

export type UnitOp =
  | { type: 'create'; row: UnitImportRow; parentId: string | null; parentCode: string | null; validFrom: string }
  | { type: 'update'; row: UnitImportRow; unit: UnitRow; fields: UnitFields };

/** The minimal view of access rights the planner needs (a `Scope` fits). */
export interface ImportScope {
  readonly isSystemAdmin: boolean;
  canSee(unitId: string): boolean;
  can(action: 'unit.manage', unitId: string): boolean;
}

export function codeIndex(tree: UnitTree): Map<string, UnitRow> {
  const m = new Map<string, UnitRow>();
  for (const u of tree.units.values()) m.set(u.code, u);
  return m;
}

/**
 * Resolves every row against the tree and the actor's scope: updates of existing codes (first), then
 * creations in topological order so a parent defined later in the file is created before its children.
 */
export function planUnitsImport(rows: UnitImportRow[], tree: UnitTree, scope: ImportScope, today: string, issues: IssueList): UnitOp[] {
  const byCode = codeIndex(tree);
  const lowerCodes = new Map<string, string>();
  for (const c of byCode.keys()) lowerCodes.set(c.toLowerCase(), c);
  const firstRow = new Map<string, UnitImportRow>();
  const updates: UnitOp[] = [];
  const creates = new Map<string, Extract<UnitOp, { type: 'create' }>>();
  const H = header;

  for (const r of rows) {
    const dup = firstRow.get(r.code);
    if (dup) {
      issues.add(r.row, H('code'), `mã «${r.code}» trùng với dòng ${dup.row} trong tệp`);
      continue;
    }
    firstRow.set(r.code, r);
  }

  for (const r of firstRow.values()) {
    const existing = byCode.get(r.code);
    if (existing) {
      const op = planUpdate(r, existing, tree, scope, today, issues);
      if (op) updates.push(op);
      continue;
    }
    const near = lowerCodes.get(r.code.toLowerCase());
    if (near) {
      issues.add(r.row, H('code'), `mã «${r.code}» chỉ khác mã đã có «${near}» ở chữ hoa/chữ thường; hãy ghi đúng mã «${near}» để cập nhật hoặc chọn mã khác`);
      continue;
    }
    if (r.validTo) issues.add(r.row, H('validTo'), 'đơn vị mới không được có ngày kết thúc hoạt động; hãy để trống');
    const validFrom = r.validFrom ?? today;
    let parentId: string | null = null;
    let parentCode: string | null = null;
    if (!r.parentCode) {
      if (!scope.isSystemAdmin) issues.add(r.row, H('parentCode'), 'bắt buộc phải nhập với đơn vị mới');
    } else if (r.parentCode === r.code) {
      issues.add(r.row, H('parentCode'), 'vòng lặp cấp trên: đơn vị không thể là cấp trên của chính nó');
    } else {
      const p = byCode.get(r.parentCode);
      if (p) {
        if (!scope.canSee(p.id)) issues.add(r.row, H('parentCode'), `không tìm thấy đơn vị có mã ${r.parentCode}`);
        else if (!scope.can('unit.manage', p.id)) issues.add(r.row, H('parentCode'), `đơn vị ${p.name} (mã ${r.parentCode}) nằm ngoài phạm vi bạn được quản lý`);
        else if (!tree.isActiveOn(p.id, validFrom)) {
          issues.add(r.row, H('parentCode'), `đơn vị ${p.name} (mã ${r.parentCode}) không hoạt động vào ngày ${formatVnDate(validFrom)}`);
        } else parentId = p.id;
      } else if (firstRow.has(r.parentCode)) {
        parentCode = r.parentCode;
        const pr = firstRow.get(r.parentCode)!;
        const pFrom = pr.validFrom ?? today;
        if (pFrom > validFrom) {
          issues.add(r.row, H('validFrom'), `đơn vị cấp trên ${r.parentCode} (dòng ${pr.row}) chỉ bắt đầu hoạt động từ ${formatVnDate(pFrom)}, sau ngày ${formatVnDate(validFrom)}`);
        }
      } else {
        issues.add(r.row, H('parentCode'), `không tìm thấy đơn vị có mã ${r.parentCode} (trong hệ thống và trong tệp)`);
      }
    }
    creates.set(r.code, { type: 'create', row: r, parentId, parentCode, validFrom });
  }

  return [...updates, ...topoOrder(creates, issues)];
}

function planUpdate(r: UnitImportRow, u: UnitRow, tree: UnitTree, scope: ImportScope, today: string, issues: IssueList): UnitOp | null {
  const H = header;
  if (!scope.canSee(u.id)) {
    issues.add(r.row, H('code'), `mã «${r.code}» đã được dùng cho một đơn vị ngoài phạm vi của bạn; hãy chọn mã khác`);
    return null;
  }
  if (!scope.can('unit.manage', u.id)) {
    issues.add(r.row, H('code'), `bạn không có quyền sửa đơn vị ${u.name} (mã ${r.code})`);
    return null;
  }
  let ok = true;
  if (r.kind && r.kind !== u.kind) {
    issues.add(r.row, H('kind'), `đơn vị ${r.code} đang là «${UNIT_KIND_LABELS[u.kind as UnitKind] ?? u.kind}»; nhập khẩu không đổi loại đơn vị`);
    ok = false;
  }
  if (r.parentCode) {
    const current = tree.parentOn(u.id, today);
    const known = new Set(tree.parentHistory(u.id).map((l) => tree.get(l.parent_id)?.code));
    if (!known.has(r.parentCode)) {
      const cur = current ? tree.get(current) : undefined;
      const now = cur ? `hiện trực thuộc ${cur.name} (mã ${cur.code})` : 'hiện không có đơn vị cấp trên';
      issues.add(
        r.row,
        H('parentCode'),
        `đơn vị ${r.code} ${now}; nhập khẩu không chuyển trực thuộc — hãy để trống, ghi đúng mã hiện tại hoặc dùng chức năng «Chuyển trực thuộc»`,
      );
      ok = false;
    }
  }
  if (r.validFrom && r.validFrom !== u.valid_from) {
    issues.add(r.row, H('validFrom'), `đơn vị ${r.code} ${u.valid_from ? `hoạt động từ ${formatVnDate(u.valid_from)}` : 'không ghi ngày bắt đầu'}; nhập khẩu không đổi ngày này — hãy để trống hoặc giữ nguyên`);
    ok = false;
  }
  if (r.validTo && r.validTo !== u.valid_to) {
    issues.add(r.row, H('validTo'), `nhập khẩu không kết thúc hoạt động đơn vị; hãy để trống hoặc dùng chức năng «Kết thúc hoạt động»`);
    ok = false;
  }
  const wanted: UnitFields = {
    name: r.name,
    short_name: r.shortName,
    level: r.level,
    address: r.address,
    phone: r.phone,
    email: r.email,
    term: r.term,
    population: r.population,
    note: r.note,
  };
  const fields: UnitFields = {};
  for (const [k, v] of Object.entries(wanted) as Array<[keyof UnitFields, string | number | null]>) {
    if (k === 'name' || k === 'short_name') {
      if (v && v !== u[k]) (fields as Record<string, unknown>)[k] = v;
    } else if ((v ?? null) !== (u[k] ?? null)) (fields as Record<string, unknown>)[k] = v ?? null;
  }
  if (Object.keys(fields).length && u.valid_to && u.valid_to < today) {
    issues.add(r.row, '', `đơn vị ${u.name} (mã ${r.code}) đã kết thúc hoạt động từ ${formatVnDate(u.valid_to)}; không sửa được qua nhập khẩu`);
    ok = false;
  }
  return ok ? { type: 'update', row: r, unit: u, fields } : null;
}

/** Kahn's algorithm in file order; rows left over sit on (or under) a cycle of parent codes. */
function topoOrder(creates: Map<string, Extract<UnitOp, { type: 'create' }>>, issues: IssueList): UnitOp[] {
  const children = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const [code, op] of creates) {
    const dep = op.parentCode && creates.has(op.parentCode) ? op.parentCode : null;
    waiting.set(code, dep ? 1 : 0);
    if (dep) children.set(dep, [...(children.get(dep) ?? []), code]);
  }
  const out: UnitOp[] = [];
  const queue = [...creates.keys()].filter((c) => waiting.get(c) === 0);
  while (queue.length) {
    const c = queue.shift()!;
    out.push(creates.get(c)!);
    for (const ch of children.get(c) ?? []) {
      waiting.set(ch, 0);
      queue.push(ch);
    }
  }
  if (out.length === creates.size) return out;
  const reported = new Set<string>();
  for (const [code] of creates) {
    if (waiting.get(code) === 0 || reported.has(code)) continue;
    // Walk up the parent chain until a code repeats: that loop is the cycle.
    const path: string[] = [];
    let cur: string | null = code;
    while (cur && !path.includes(cur)) {
      path.push(cur);
      cur = creates.get(cur)?.parentCode ?? null;
    }
    if (!cur) continue;
    const loop = path.slice(path.indexOf(cur));
    for (const c of loop) {
      if (reported.has(c)) continue;
      reported.add(c);
      const i = loop.indexOf(c);
      const chain = [...loop.slice(i), ...loop.slice(0, i), c].join(' → ');
      issues.add(creates.get(c)!.row.row, header('parentCode'), `vòng lặp cấp trên trong tệp: ${chain}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building workbooks

export interface ExportUnit {
  code: string;
  name: string;
  shortName: string;
  kind: string;
  level: string | null;
  parentCode: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  term: string | null;
  population: number | null;
  validFrom: string | null;
  validTo: string | null;
  note: string | null;
}

const kindLabel = (k: string) => UNIT_KIND_LABELS[k as UnitKind] ?? k;
const levelLabel = (l: string | null) => (l ? (UNIT_LEVEL_LABELS[l as UnitLevel] ?? l) : null);

function sheetRows(units: ExportUnit[]) {
  return units.map((u) => ({
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    kind: kindLabel(u.kind),
    level: levelLabel(u.level),
    parentCode: u.parentCode,
    address: u.address,
    phone: u.phone,
    email: u.email,
    term: u.term,
    population: u.population,
    validFrom: xlsxDate(u.validFrom),
    validTo: xlsxDate(u.validTo),
    note: u.note,
  }));
}

function guide(wb: ExcelJS.Workbook, intro: string[]) {
  addGuideSheet(wb, {
    title: 'Hướng dẫn nhập danh sách đơn vị',
    intro: [
      ...intro,
      'Nhập dữ liệu ở trang tính «Đơn vị», mỗi dòng một đơn vị, giữ nguyên dòng tiêu đề (thứ tự cột có thể thay đổi; cột lạ được bỏ qua).',
      'Hệ thống kiểm tra toàn bộ tệp trước khi ghi: nếu có bất kỳ dòng nào lỗi thì không ghi dữ liệu nào và trả về danh sách lỗi theo số dòng. Có thể chọn «Kiểm tra trước» để xem số đơn vị sẽ được tạo mới và cập nhật.',
      'Cột «Loại đơn vị» và «Cấp» nhận tên tiếng Việt hoặc mã (xem các bảng bên dưới), không phân biệt chữ hoa/thường và dấu.',
      'Tệp .xlsx, tối đa 5 MB.',
    ],
    specs: UNIT_COLUMNS,
    tables: [
      { title: 'Giá trị của cột «Loại đơn vị»', header: ['Mã', 'Tên (ghi vào tệp)'], rows: Object.entries(UNIT_KIND_LABELS).map(([c, l]) => [c, l]) },
      { title: 'Giá trị của cột «Cấp»', header: ['Mã', 'Tên (ghi vào tệp)'], rows: Object.entries(UNIT_LEVEL_LABELS).map(([c, l]) => [c, l]) },
    ],
  });
}

function dropdowns(ws: ExcelJS.Worksheet, lastRow: number) {
  const col = (k: UnitColumn) => UNIT_COLUMNS.findIndex((c) => c.key === k) + 1;
  addListValidation(ws, col('kind'), 2, lastRow, Object.values(UNIT_KIND_LABELS), 'Chọn loại đơn vị (hoặc nhập mã, xem trang «Hướng dẫn»).');
  addListValidation(ws, col('level'), 2, lastRow, Object.values(UNIT_LEVEL_LABELS), 'Chọn cấp (hoặc để trống).');
}

/** The export: visible units in tree order, with the guide sheet so the file can be edited and re-imported. */
export function buildUnitsWorkbook(units: ExportUnit[], asOf: string, now: Date): ExcelJS.Workbook {
  const wb = newWorkbook(now);
  wb.title = `Danh sách đơn vị ngày ${formatVnDate(asOf)}`;
  const ws = addDataSheet(wb, UNITS_SHEET, UNIT_COLUMNS, sheetRows(units));
  dropdowns(ws, Math.max(units.length + 1, 200));
  guide(wb, [`Tệp xuất từ Lan Tỏa: ${units.length} đơn vị, cơ cấu trực thuộc tính đến ngày ${formatVnDate(asOf)}.`]);
  return wb;
}

/** The empty template: header, one example row (refused if imported unchanged) and the guide. */
export function buildUnitsTemplate(now: Date, exampleParentCode: string | null): ExcelJS.Workbook {
  const wb = newWorkbook(now);
  wb.title = 'Mẫu nhập danh sách đơn vị';
  const example: ExportUnit = {
    code: 'VD_KDC_01',
    name: 'Ban công tác Mặt trận khu dân cư số 1',
    shortName: 'BCTMT KDC số 1',
    kind: 'residential_committee',
    level: 'residential',
    parentCode: exampleParentCode,
    address: 'Số 1 đường Ví Dụ',
    phone: '0235 3812 345',
    email: 'kdc1@example.vn',
    term: 'Nhiệm kỳ 2024 - 2029',
    population: 1250,
    validFrom: '2025-07-01',
    validTo: null,
    note: EXAMPLE_NOTE,
  };
  const ws = addDataSheet(wb, UNITS_SHEET, UNIT_COLUMNS, sheetRows([example]));
  ws.getRow(2).font = { italic: true, color: { argb: 'FF7F7F7F' } };
  dropdowns(ws, 1000);
  guide(wb, ['Tệp mẫu nhập danh sách đơn vị vào Lan Tỏa. Dòng 2 là ví dụ: hãy sửa thành dữ liệu thật hoặc xóa trước khi nhập.']);
  return wb;
}

// ---------------------------------------------------------------------------------------------
// Service

export interface UnitsImportResult {
  created: number;
  /** Rows whose code already existed (including those with nothing to change). */
  updated: number;
  /** Of `updated`, rows identical to the stored unit: nothing written for them. */
  unchanged: number;
  errors: ImportIssue[];
}

/** Orders units depth-first from the roots (children by name), so parents precede children. */
function treeOrder<T extends { id: string; parentId: string | null; name: string }>(items: T[]): T[] {
  const ids = new Set(items.map((i) => i.id));
  const kids = new Map<string | null, T[]>();
  for (const i of items) {
    const p = i.parentId && ids.has(i.parentId) ? i.parentId : null;
    kids.set(p, [...(kids.get(p) ?? []), i]);
  }
  for (const list of kids.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (i: T) => {
    if (seen.has(i.id)) return;
    seen.add(i.id);
    out.push(i);
    for (const c of kids.get(i.id) ?? []) visit(c);
  };
  for (const r of kids.get(null) ?? []) visit(r);
  for (const i of items) visit(i);
  return out;
}

export class UnitsTransferService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  /** Units the actor may see (as `GET /api/units` lists them) with their parent on `asOf`. */
  async exportWorkbook(scope: Scope, o: { asOf?: string; includeClosed?: boolean }) {
    const asOf = o.asOf ?? this.clock.today();
    const list = await this.units.list(scope, { asOf, includeClosed: o.includeClosed ?? false, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
    const tree = scope.tree;
    const units: ExportUnit[] = treeOrder(list.items).map((u) => ({
      ...u,
      parentCode: u.parentId ? (tree.get(u.parentId)?.code ?? null) : null,
    }));
    return { workbook: buildUnitsWorkbook(units, asOf, this.clock.now()), filename: `don-vi-${asOf}.xlsx` };
  }

  template(scope: Scope) {
    const acting = scope.actingUnitId ? scope.tree.get(scope.actingUnitId) : undefined;
    return { workbook: buildUnitsTemplate(this.clock.now(), acting?.code ?? null), filename: 'mau-nhap-don-vi.xlsx' };
  }

  /**
   * Checks every row, then (unless `dryRun`) writes all of it in one transaction: one audit entry per
   * created or changed unit and one version bump. Any problem → 400 `import_invalid`, nothing written.
   */
  async import(scope: Scope, ctx: Ctx, upload: Upload, o: { dryRun: boolean }): Promise<UnitsImportResult> {
    scope.assertHas('unit.manage');
    const wb = await loadWorkbook(upload);
    const issues = new IssueList();
    const rows = parseUnitsWorkbook(wb, issues);
    const tree = await this.units.tree();
    const today = this.clock.today();
    const ops = planUnitsImport(rows, tree, scope, today, issues);
    if (issues.length) throw importInvalid(issues.items);
    const updates = ops.filter((op) => op.type === 'update');
    const result: UnitsImportResult = {
      created: ops.length - updates.length,
      updated: updates.length,
      unchanged: updates.filter((op) => Object.keys(op.fields).length === 0).length,
      errors: [],
    };
    if (o.dryRun || result.created + result.updated - result.unchanged === 0) return result;

    const suffix = ` — nhập từ tệp ${upload.filename}`;
    await tx(this.db, async (trx) => {
      const created = new Map<string, string>();
      for (const op of ops) {
        try {
          if (op.type === 'update') {
            if (Object.keys(op.fields).length) await this.units.updateInTx(trx, ctx, op.unit, op.fields, { summarySuffix: suffix });
            continue;
          }
          const r = op.row;
          const parentId = op.parentId ?? (op.parentCode ? created.get(op.parentCode)! : null);
          const row = await this.units.createInTx(
            trx,
            ctx,
            {
              code: r.code,
              name: r.name,
              shortName: r.shortName,
              kind: r.kind!,
              level: r.level,
              parentId,
              address: r.address,
              phone: r.phone,
              email: r.email,
              term: r.term,
              population: r.population,
              note: r.note,
            },
            op.validFrom,
            suffix,
          );
          created.set(r.code, row.id);
        } catch (e) {
          // A race with another change since the checks: report it on its row; the transaction rolls back.
          if (e instanceof AppError) throw importInvalid([{ row: op.row.row, field: '', message: `Dòng ${op.row.row}: ${e.message}` }]);
          throw e;
        }
      }
      await this.units.bumpVersion(trx);
    });
    return result;
  }
}
