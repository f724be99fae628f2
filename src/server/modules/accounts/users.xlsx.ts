/**
 * Users ⇄ Excel: an import template with a guide sheet, an all-or-nothing import that creates
 * accounts (which must change their password at first sign-in) and their role grants, and an
 * export of the users the actor manages with their grants.
 */
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { ROLE_LABELS, type Role } from '../../../shared/permissions.js';
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
import { grantCurrentOn, type Scope } from '../access/index.js';
import type { UnitTree } from '../units/unit-tree.js';
import { codeIndex } from '../units/units.xlsx.js';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';
import { hashPassword } from './passwords.js';
import type { UsersService } from './users.service.js';

export type UserColumn = 'username' | 'fullName' | 'email' | 'phone' | 'position' | 'password' | 'unitCode' | 'role' | 'validFrom';
type ExportColumn = Exclude<UserColumn, 'password'> | 'unitName' | 'validTo' | 'status';

export const USERS_SHEET = 'Người dùng';
/** The template's example username; importing it unchanged is refused. */
export const EXAMPLE_USERNAME = 'vidu.nguyenvana';
const roleList = choiceList(ROLE_LABELS);

export const USER_COLUMNS: ColumnSpec<UserColumn>[] = [
  {
    key: 'username',
    header: 'Tên đăng nhập',
    width: 22,
    required: true,
    numFmt: '@',
    guide:
      'Từ 3 đến 60 ký tự: chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang (chữ hoa được đổi thành chữ thường). Tên chưa có: tạo tài khoản mới. Tên đã có: chỉ cấp thêm vai trò ở dòng này (các cột thông tin cá nhân và mật khẩu được bỏ qua); nếu người đó đã có đúng vai trò này tại đơn vị này thì báo lỗi. Một người có nhiều vai trò: ghi nhiều dòng cùng tên đăng nhập.',
  },
  { key: 'fullName', header: 'Họ và tên', width: 28, requiredNote: 'Tài khoản mới', guide: 'Tối đa 200 ký tự.' },
  { key: 'email', header: 'Email', width: 30, guide: 'Không bắt buộc; nếu có phải hợp lệ và chưa dùng cho tài khoản khác (dùng được để đăng nhập).' },
  { key: 'phone', header: 'Điện thoại', width: 16, numFmt: '@', guide: 'Tối đa 30 ký tự. Nên định dạng ô là văn bản để giữ số 0 ở đầu.' },
  { key: 'position', header: 'Chức vụ', width: 40, guide: 'Tối đa 200 ký tự.' },
  {
    key: 'password',
    header: 'Mật khẩu ban đầu',
    width: 22,
    numFmt: '@',
    requiredNote: 'Tài khoản mới',
    guide: `Ít nhất ${PASSWORD_MIN_LENGTH} ký tự, không chứa tên đăng nhập, không phải mật khẩu phổ biến. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên. Hãy xóa tệp sau khi nhập vì tệp chứa mật khẩu.`,
  },
  { key: 'unitCode', header: 'Mã đơn vị', width: 22, required: true, numFmt: '@', guide: 'Mã của đơn vị nơi người dùng được cấp vai trò; phải thuộc phạm vi bạn được quản lý người dùng và còn hoạt động vào ngày «Hiệu lực từ».' },
  { key: 'role', header: 'Vai trò', width: 22, required: true, guide: `Một trong: ${roleList}. Vai trò «Quản trị hệ thống» chỉ quản trị hệ thống mới được cấp.` },
  { key: 'validFrom', header: 'Hiệu lực từ', width: 14, numFmt: 'dd/mm/yyyy', guide: 'Ngày vai trò bắt đầu có hiệu lực, dạng dd/mm/yyyy hoặc ô ngày của Excel. Để trống là hôm nay.' },
];

const spec = (key: UserColumn) => USER_COLUMNS.find((c) => c.key === key)!;
const EXPORT_COLUMNS: ColumnSpec<ExportColumn>[] = [
  spec('username') as ColumnSpec<ExportColumn>,
  spec('fullName') as ColumnSpec<ExportColumn>,
  spec('email') as ColumnSpec<ExportColumn>,
  spec('phone') as ColumnSpec<ExportColumn>,
  spec('position') as ColumnSpec<ExportColumn>,
  spec('unitCode') as ColumnSpec<ExportColumn>,
  { key: 'unitName', header: 'Tên đơn vị', width: 44, guide: '' },
  spec('role') as ColumnSpec<ExportColumn>,
  spec('validFrom') as ColumnSpec<ExportColumn>,
  { key: 'validTo', header: 'Hiệu lực đến', width: 14, numFmt: 'dd/mm/yyyy', guide: '' },
  { key: 'status', header: 'Trạng thái', width: 40, guide: '' },
];

const USERNAME_RE = /^[a-z0-9._-]{3,60}$/;
const emailSchema = z.email();
const H = (k: UserColumn) => spec(k).header;

export interface UserImportRow {
  row: number;
  username: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  position: string | null;
  password: string | null;
  unitCode: string | null;
  role: Role | null;
  validFrom: string | null;
}

/** Reads and checks the format of every row; rows without a usable username are left out (but reported). */
export function parseUsersWorkbook(wb: ExcelJS.Workbook, issues: IssueList): UserImportRow[] {
  const layout = locateColumns(wb, USERS_SHEET, USER_COLUMNS, issues);
  if (!layout || issues.length) return [];
  const out: UserImportRow[] = [];
  for (const { row, get } of dataRows(layout, issues)) {
    const text = textCells<UserColumn>(issues, row, get, H);
    const raw = text('username', 200, true);
    const username = raw?.toLowerCase() ?? null;
    let usernameOk = !!username;
    if (username && !USERNAME_RE.test(username)) {
      issues.add(row, H('username'), `«${raw}» không hợp lệ: cần 3–60 ký tự gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang`);
      usernameOk = false;
    }
    if (username === EXAMPLE_USERNAME) {
      issues.add(row, H('username'), 'đây là dòng ví dụ của tệp mẫu; hãy sửa thành dữ liệu thật hoặc xóa dòng này');
      usernameOk = false;
    }
    const email = text('email', 200)?.toLowerCase() ?? null;
    if (email && !emailSchema.safeParse(email).success) issues.add(row, H('email'), `«${email}» không phải địa chỉ email hợp lệ`);
    const roleText = text('role', 100, true);
    const role = roleText ? (matchChoice(roleText, ROLE_LABELS) ?? null) : null;
    if (roleText && !role) issues.add(row, H('role'), `giá trị «${roleText}» không hợp lệ; chọn một trong: ${roleList}`);
    const validFrom = cellDate(get('validFrom'));
    if (validFrom === undefined) issues.add(row, H('validFrom'), `«${cellText(get('validFrom'))}» không phải ngày hợp lệ; hãy nhập dạng dd/mm/yyyy (ví dụ 01/07/2025)`);
    const r: UserImportRow = {
      row,
      username: username ?? '',
      fullName: text('fullName', 200),
      email: email && emailSchema.safeParse(email).success ? email : null,
      phone: text('phone', 30),
      position: text('position', 200),
      password: cellText(get('password')) || null,
      unitCode: text('unitCode', 50, true),
      role,
      validFrom: validFrom ?? null,
    };
    if (r.password && r.password.length > 200) issues.add(row, H('password'), 'dài quá 200 ký tự');
    if (usernameOk) out.push(r);
  }
  return out;
}

export interface ExistingUser {
  id: string;
  username: string;
  grants: Array<{ unit_id: string; role: string; valid_from: string | null; valid_to: string | null }>;
}

export interface GrantPlan {
  row: UserImportRow;
  username: string;
  unitId: string;
  role: Role;
  validFrom: string;
}

export interface UsersPlan {
  newUsers: UserImportRow[];
  existingUsernames: Set<string>;
  grants: GrantPlan[];
}

/**
 * Resolves every row: new accounts (first row of each new username carries the person's data),
 * and one grant per row, checked against the actor's scope, the unit's validity and existing grants.
 */
export function planUsersImport(
  rows: UserImportRow[],
  tree: UnitTree,
  scope: Pick<Scope, 'isSystemAdmin' | 'canSee' | 'can'>,
  existing: Map<string, ExistingUser>,
  takenEmails: Map<string, string>,
  today: string,
  issues: IssueList,
): UsersPlan {
  const byCode = codeIndex(tree);
  const plan: UsersPlan = { newUsers: [], existingUsernames: new Set(), grants: [] };
  const firstOf = new Map<string, UserImportRow>();
  const emailRow = new Map<string, UserImportRow>();
  const seenGrant = new Map<string, number>();

  for (const r of rows) {
    const ex = existing.get(r.username);
    if (!firstOf.has(r.username)) {
      firstOf.set(r.username, r);
      if (ex) plan.existingUsernames.add(r.username);
      else {
        plan.newUsers.push(r);
        if (!r.fullName) issues.add(r.row, H('fullName'), `bắt buộc phải nhập với tài khoản mới «${r.username}»`);
        if (!r.password) issues.add(r.row, H('password'), `bắt buộc phải nhập với tài khoản mới «${r.username}»`);
        else {
          const problem = passwordProblem(r.password, r.username);
          if (problem) issues.add(r.row, H('password'), problem.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()));
        }
        if (r.email) {
          const owner = takenEmails.get(r.email);
          const other = emailRow.get(r.email);
          if (owner && owner !== r.username) issues.add(r.row, H('email'), `«${r.email}» đã được dùng cho tài khoản khác`);
          else if (other) issues.add(r.row, H('email'), `«${r.email}» trùng với dòng ${other.row} trong tệp`);
          else emailRow.set(r.email, r);
        }
      }
    }

    if (!r.unitCode || !r.role) continue;
    const unit = byCode.get(r.unitCode);
    if (!unit || !scope.canSee(unit.id)) {
      issues.add(r.row, H('unitCode'), `không tìm thấy đơn vị có mã ${r.unitCode}`);
      continue;
    }
    if (!scope.can('user.manage', unit.id)) {
      issues.add(r.row, H('unitCode'), `đơn vị ${unit.name} (mã ${r.unitCode}) nằm ngoài phạm vi bạn được quản lý người dùng`);
      continue;
    }
    if (r.role === 'admin' && !scope.isSystemAdmin) {
      issues.add(r.row, H('role'), `chỉ quản trị hệ thống mới được cấp vai trò «${ROLE_LABELS.admin}»`);
      continue;
    }
    const validFrom = r.validFrom ?? today;
    if (unit.valid_to && validFrom > unit.valid_to) {
      issues.add(r.row, H('unitCode'), `đơn vị ${unit.name} đã kết thúc hoạt động từ ngày ${formatVnDate(unit.valid_to)}`);
      continue;
    }
    if (unit.valid_from && validFrom < unit.valid_from) {
      issues.add(r.row, H('validFrom'), `đơn vị ${unit.name} bắt đầu hoạt động từ ngày ${formatVnDate(unit.valid_from)}; vai trò không thể bắt đầu trước ngày đó`);
      continue;
    }
    const key = `${r.username}|${unit.id}|${r.role}`;
    const dupRow = seenGrant.get(key);
    if (dupRow) {
      issues.add(r.row, H('role'), `trùng với dòng ${dupRow}: cùng người dùng, đơn vị và vai trò`);
      continue;
    }
    seenGrant.set(key, r.row);
    const overlap = ex?.grants.find(
      (g) => g.unit_id === unit.id && g.role === r.role && (!g.valid_to || g.valid_to >= validFrom),
    );
    if (overlap) {
      issues.add(r.row, H('role'), `người dùng ${r.username} đã có vai trò «${ROLE_LABELS[r.role]}» tại ${unit.name}${overlap.valid_from ? ` từ ${formatVnDate(overlap.valid_from)}` : ''}`);
      continue;
    }
    plan.grants.push({ row: r, username: r.username, unitId: unit.id, role: r.role, validFrom });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Workbooks

function guide(wb: ExcelJS.Workbook, intro: string[]) {
  addGuideSheet(wb, {
    title: 'Hướng dẫn nhập người dùng và phân quyền',
    intro: [
      ...intro,
      `Nhập dữ liệu ở trang tính «${USERS_SHEET}», mỗi dòng một vai trò của một người tại một đơn vị, giữ nguyên dòng tiêu đề (thứ tự cột có thể thay đổi; cột lạ được bỏ qua).`,
      'Hệ thống kiểm tra toàn bộ tệp trước khi ghi: nếu có bất kỳ dòng nào lỗi thì không ghi dữ liệu nào và trả về danh sách lỗi theo số dòng. Có thể chọn «Kiểm tra trước» để xem số tài khoản và vai trò sẽ được tạo.',
      'Tài khoản mới phải đổi mật khẩu ở lần đăng nhập đầu tiên. Tệp chứa mật khẩu: hãy xóa tệp sau khi nhập xong.',
      'Tệp .xlsx, tối đa 5 MB.',
    ],
    specs: USER_COLUMNS,
    tables: [{ title: 'Giá trị của cột «Vai trò»', header: ['Mã', 'Tên (ghi vào tệp)'], rows: Object.entries(ROLE_LABELS).map(([c, l]) => [c, l]) }],
  });
}

export function buildUsersTemplate(now: Date, exampleUnitCode: string | null): ExcelJS.Workbook {
  const wb = newWorkbook(now);
  wb.title = 'Mẫu nhập người dùng';
  const ws = addDataSheet(wb, USERS_SHEET, USER_COLUMNS, [
    {
      username: EXAMPLE_USERNAME,
      fullName: 'Nguyễn Văn A',
      email: 'nguyenvana@example.vn',
      phone: '0905 123 456',
      position: 'Cán bộ Ban Tuyên giáo',
      password: 'Tam-thoi-2025!',
      unitCode: exampleUnitCode,
      role: ROLE_LABELS.officer,
      validFrom: xlsxDate(now.toISOString().slice(0, 10)),
    },
  ]);
  ws.getRow(2).font = { italic: true, color: { argb: 'FF7F7F7F' } };
  addListValidation(ws, USER_COLUMNS.findIndex((c) => c.key === 'role') + 1, 2, 1000, Object.values(ROLE_LABELS), 'Chọn vai trò (hoặc nhập mã, xem trang «Hướng dẫn»).');
  guide(wb, [`Tệp mẫu nhập người dùng vào Lan Tỏa. Dòng 2 là ví dụ (tên đăng nhập «${EXAMPLE_USERNAME}»): hãy sửa thành dữ liệu thật hoặc xóa trước khi nhập.`]);
  return wb;
}

// ---------------------------------------------------------------------------------------------
// Service

export interface UsersImportResult {
  /** New accounts. */
  created: number;
  /** Existing accounts that receive at least one new grant. */
  updated: number;
  /** Role grants created (one per row). */
  grants: number;
  errors: ImportIssue[];
}

export class UsersTransferService {
  constructor(
    private readonly db: Db,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  template(scope: Scope) {
    scope.assertHas('user.manage');
    const acting = scope.actingUnitId ? scope.tree.get(scope.actingUnitId) : undefined;
    return { workbook: buildUsersTemplate(this.clock.now(), acting?.code ?? null), filename: 'mau-nhap-nguoi-dung.xlsx' };
  }

  /** Users the actor manages, one row per visible grant (or one row without a unit). */
  async exportWorkbook(scope: Scope) {
    const list = await this.users.list(scope, { page: 1, pageSize: 1_000_000 });
    const tree = scope.tree;
    const today = this.clock.today();
    const rows: Array<Partial<Record<ExportColumn, ExcelJS.CellValue>>> = [];
    for (const u of list.items) {
      const status = u.disabled ? 'Đã vô hiệu hóa' : u.locked ? 'Đang bị khóa' : u.mustChangePassword ? 'Chưa đổi mật khẩu lần đầu' : 'Đang hoạt động';
      const base = { username: u.username, fullName: u.fullName, email: u.email, phone: u.phone, position: u.position, status };
      const grants = [...u.grants].sort((a, b) => Number(b.current) - Number(a.current) || (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
      if (!grants.length) rows.push(base);
      for (const g of grants) {
        rows.push({
          ...base,
          unitCode: tree.get(g.unitId)?.code ?? null,
          unitName: g.unitName,
          role: ROLE_LABELS[g.role as Role] ?? g.role,
          validFrom: xlsxDate(g.validFrom),
          validTo: xlsxDate(g.validTo),
          status: grantCurrentOn({ valid_from: g.validFrom, valid_to: g.validTo }, today) ? status : `${status} (vai trò đã hết hiệu lực)`,
        });
      }
    }
    const wb = newWorkbook(this.clock.now());
    wb.title = `Danh sách người dùng ngày ${formatVnDate(today)}`;
    addDataSheet(wb, USERS_SHEET, EXPORT_COLUMNS, rows);
    guide(wb, [`Tệp xuất từ Lan Tỏa ngày ${formatVnDate(today)}: ${list.items.length} người dùng. Cột «Tên đơn vị», «Hiệu lực đến», «Trạng thái» chỉ để xem; khi nhập lại, tên đăng nhập đã có chỉ được cấp thêm vai trò mới.`]);
    return { workbook: wb, filename: `nguoi-dung-${today}.xlsx` };
  }

  async import(scope: Scope, ctx: Ctx, upload: Upload, o: { dryRun: boolean }): Promise<UsersImportResult> {
    scope.assertHas('user.manage');
    const wb = await loadWorkbook(upload);
    const issues = new IssueList();
    const rows = parseUsersWorkbook(wb, issues);
    const existing = await this.loadExisting([...new Set(rows.map((r) => r.username))]);
    const takenEmails = await this.loadEmails([...new Set(rows.map((r) => r.email).filter((e): e is string => !!e))]);
    const plan = planUsersImport(rows, scope.tree, scope, existing, takenEmails, this.clock.today(), issues);
    if (issues.length) throw importInvalid(issues.items);
    const result: UsersImportResult = {
      created: plan.newUsers.length,
      updated: new Set(plan.grants.filter((g) => plan.existingUsernames.has(g.username)).map((g) => g.username)).size,
      grants: plan.grants.length,
      errors: [],
    };
    if (o.dryRun || (result.created === 0 && result.grants === 0)) return result;

    // argon2 outside the transaction (it takes tens of milliseconds per password).
    const hashes = await Promise.all(plan.newUsers.map((r) => hashPassword(r.password!)));
    const fail = (row: number, e: unknown) => {
      if (e instanceof AppError) return importInvalid([{ row, field: '', message: `Dòng ${row}: ${e.message}` }]);
      return e;
    };
    await tx(this.db, async (trx) => {
      const ids = new Map<string, string>();
      for (const u of existing.values()) ids.set(u.username, u.id);
      for (const [i, r] of plan.newUsers.entries()) {
        try {
          const id = await this.users.createHashedInTx(
            trx,
            scope,
            ctx,
            { username: r.username, fullName: r.fullName!, email: r.email, phone: r.phone, position: r.position },
            hashes[i],
          );
          ids.set(r.username, id);
        } catch (e) {
          throw fail(r.row, e);
        }
      }
      for (const g of plan.grants) {
        try {
          await this.users.grant(scope, ctx, { userId: ids.get(g.username)!, unitId: g.unitId, role: g.role, validFrom: g.validFrom, note: `Nhập từ tệp ${upload.filename}` }, trx);
        } catch (e) {
          throw fail(g.row.row, e);
        }
      }
    });
    return result;
  }

  private async loadExisting(usernames: string[]): Promise<Map<string, ExistingUser>> {
    const out = new Map<string, ExistingUser>();
    for (let i = 0; i < usernames.length; i += 500) {
      const chunk = usernames.slice(i, i + 500);
      const users = await this.db.selectFrom('users').select(['id', 'username']).where('username', 'in', chunk).execute();
      if (!users.length) continue;
      const grants = await this.db
        .selectFrom('role_grants')
        .select(['user_id', 'unit_id', 'role', 'valid_from', 'valid_to'])
        .where(
          'user_id',
          'in',
          users.map((u) => u.id),
        )
        .execute();
      for (const u of users) out.set(u.username, { ...u, grants: grants.filter((g) => g.user_id === u.id) });
    }
    return out;
  }

  /** email → username of the account using it. */
  private async loadEmails(emails: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < emails.length; i += 500) {
      const rows = await this.db.selectFrom('users').select(['email', 'username']).where('email', 'in', emails.slice(i, i + 500)).execute();
      for (const r of rows) if (r.email) out.set(r.email, r.username);
    }
    return out;
  }
}
