import { ROLE_LABELS, type Role } from '../../../shared/permissions.js';
import { addDays, type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx, GrantRow } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { UserTable } from '../../platform/db-schema.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { grantCurrentOn, type Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountsRepository } from './accounts.repository.js';
import { passwordProblem } from './password-policy.js';
import { hashPassword } from './passwords.js';

export interface NewUserInput {
  username: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  position?: string | null;
  password: string;
}

export interface GrantInput {
  userId: string;
  unitId: string;
  role: Role;
  validFrom?: string | null;
  validTo?: string | null;
  note?: string | null;
}

const publicUser = (u: UserTable) => ({
  id: u.id,
  username: u.username,
  fullName: u.full_name,
  email: u.email,
  phone: u.phone,
  position: u.position,
  disabled: !!u.disabled,
  mustChangePassword: !!u.must_change_password,
  lastLoginAt: u.last_login_at,
  createdAt: u.created_at,
});

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly repo: AccountsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private grantDto(scope: Scope, g: GrantRow) {
    const u = scope.tree.get(g.unit_id);
    const today = this.clock.today();
    return {
      id: g.id,
      userId: g.user_id,
      unitId: g.unit_id,
      unitName: u?.name ?? '',
      role: g.role,
      validFrom: g.valid_from,
      validTo: g.valid_to,
      current: grantCurrentOn(g, today) && scope.tree.isActiveOn(g.unit_id, today),
      note: g.note,
    };
  }

  private userDto(scope: Scope, u: UserTable, grants: GrantRow[]) {
    const now = this.clock.now().toISOString();
    return {
      ...publicUser(u),
      locked: !!u.locked_until && u.locked_until > now,
      grants: grants.filter((g) => scope.canSee(g.unit_id)).map((g) => this.grantDto(scope, g)),
    };
  }

  /** Users an administrator may manage: everyone for a system admin, otherwise those with grants in scope. */
  private async manageableIds(scope: Scope): Promise<string[] | null> {
    scope.assertHas('user.manage');
    if (scope.isSystemAdmin) return null;
    const visible = scope.visibleUnitIds();
    const ids = visible === 'all' ? [] : [...visible].filter((u) => scope.can('user.manage', u));
    // Plus the accounts they created that have no role yet, or a new account would vanish on creation.
    const [granted, created] = await Promise.all([this.repo.userIdsWithGrantsOn(ids), this.repo.ungrantedUserIdsCreatedFor(ids)]);
    // Not someone who holds a current or future role outside this scope (a higher-level leader, the system
    // administrator): a unit administrator could otherwise reset their password and take the account over.
    const inScope = new Set(ids);
    const today = this.clock.today();
    const outside = new Set(
      (await this.repo.grantsOfUsers(granted)).filter((g) => (!g.valid_to || g.valid_to >= today) && !inScope.has(g.unit_id)).map((g) => g.user_id),
    );
    return [...new Set([...granted.filter((id) => !outside.has(id)), ...created])];
  }

  private async loadManageable(scope: Scope, id: string, db: Db = this.db) {
    const ids = await this.manageableIds(scope);
    const u = await this.repo.findUser(id, db);
    if (!u || (ids && !ids.includes(id))) throw notFound('user_not_found', 'Không tìm thấy người dùng hoặc bạn không có quyền quản lý người dùng này.');
    return u;
  }

  async list(scope: Scope, f: { search?: string; unitId?: string; page: number; pageSize: number }) {
    let ids = await this.manageableIds(scope);
    if (f.unitId) {
      scope.assertSee(f.unitId);
      const onUnit = await this.repo.userIdsWithGrantsOn([f.unitId]);
      ids = ids ? ids.filter((i) => onUnit.includes(i)) : onUnit;
    }
    const { items, total } = await this.repo.listUsers({ search: f.search, ids, page: f.page, pageSize: f.pageSize });
    const grants = await this.repo.grantsOfUsers(items.map((u) => u.id));
    return {
      items: items.map((u) => this.userDto(scope, u, grants.filter((g) => g.user_id === u.id))),
      total,
      page: f.page,
      pageSize: f.pageSize,
    };
  }

  async get(scope: Scope, id: string) {
    const u = await this.loadManageable(scope, id);
    return this.userDto(scope, u, await this.repo.grantsOf(id));
  }

  async create(scope: Scope, ctx: Ctx, input: NewUserInput, db: Db = this.db) {
    scope.assertHas('user.manage');
    const username = input.username.trim().toLowerCase();
    const email = input.email?.trim().toLowerCase() || null;
    const problem = passwordProblem(input.password, username);
    if (problem) throw invalid('weak_password', `Trường «Mật khẩu»: ${problem}`);
    const h = await hashPassword(input.password);
    const now = this.clock.now().toISOString();
    const id = newId();
    const run = async (trx: Db) => {
      if (await this.repo.findUserByUsername(username, trx)) throw conflict('username_taken', `Tên đăng nhập «${username}» đã có người dùng. Hãy chọn tên khác.`);
      if (email && (await this.repo.findUserByEmail(email, trx))) throw conflict('email_taken', `Email «${email}» đã được dùng cho tài khoản khác.`);
      const row: UserTable = {
        id,
        username,
        email,
        full_name: input.fullName.trim(),
        phone: input.phone ?? null,
        position: input.position ?? null,
        password_hash: h,
        must_change_password: 1,
        failed_attempts: 0,
        locked_until: null,
        disabled: 0,
        last_login_at: null,
        password_changed_at: null,
        created_at: now,
        updated_at: now,
      };
      await this.repo.insertUser(trx, row);
      await this.audit.record(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, summary: `Tạo tài khoản ${username} (${row.full_name})`, after: publicUser(row) });
    };
    if (db === this.db) await tx(this.db, run);
    else await run(db);
    return id;
  }

  /**
   * Creates a user inside the caller's transaction with a password already checked against the policy
   * and hashed (the Excel import hashes outside the transaction). Must change it at first sign-in. Audited.
   */
  async createHashedInTx(trx: Db, scope: Scope, ctx: Ctx, input: Omit<NewUserInput, 'password'>, passwordHash: string): Promise<string> {
    scope.assertHas('user.manage');
    const username = input.username.trim().toLowerCase();
    const email = input.email?.trim().toLowerCase() || null;
    if (await this.repo.findUserByUsername(username, trx)) throw conflict('username_taken', `Tên đăng nhập «${username}» đã có người dùng. Hãy chọn tên khác.`);
    if (email && (await this.repo.findUserByEmail(email, trx))) throw conflict('email_taken', `Email «${email}» đã được dùng cho tài khoản khác.`);
    const now = this.clock.now().toISOString();
    const row: UserTable = {
      id: newId(),
      username,
      email,
      full_name: input.fullName.trim(),
      phone: input.phone ?? null,
      position: input.position ?? null,
      password_hash: passwordHash,
      must_change_password: 1,
      failed_attempts: 0,
      locked_until: null,
      disabled: 0,
      last_login_at: null,
      password_changed_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insertUser(trx, row);
    await this.audit.record(trx, ctx, { action: 'user.create', entityType: 'user', entityId: row.id, summary: `Tạo tài khoản ${username} (${row.full_name}) — nhập từ tệp Excel`, after: publicUser(row) });
    return row.id;
  }

  async update(scope: Scope, ctx: Ctx, id: string, patch: { fullName?: string; email?: string | null; phone?: string | null; position?: string | null; disabled?: boolean }) {
    // Check outside the transaction: on SQLite it holds the only connection and the check's queries would wait forever.
    await this.loadManageable(scope, id);
    await tx(this.db, async (trx) => {
      const before = (await this.repo.findUser(id, trx))!;
      if (patch.disabled && ctx.actor?.userId === id) throw invalid('cannot_disable_self', 'Bạn không thể tự vô hiệu hóa tài khoản của mình.');
      const email = patch.email === undefined ? undefined : patch.email?.trim().toLowerCase() || null;
      if (email && email !== before.email) {
        const other = await this.repo.findUserByEmail(email, trx);
        if (other && other.id !== id) throw conflict('email_taken', `Email «${email}» đã được dùng cho tài khoản khác.`);
      }
      await this.repo.updateUser(trx, id, {
        ...(patch.fullName !== undefined ? { full_name: patch.fullName.trim() } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        updated_at: this.clock.now().toISOString(),
      });
      if (patch.disabled) await this.repo.deleteSessionsOf(id, trx);
      const after = (await this.repo.findUser(id, trx))!;
      await this.audit.record(trx, ctx, { action: 'user.update', entityType: 'user', entityId: id, summary: `Sửa tài khoản ${before.username}`, before: publicUser(before), after: publicUser(after) });
    });
    return this.get(scope, id);
  }

  async resetPassword(scope: Scope, ctx: Ctx, id: string, newPassword: string) {
    const u = await this.loadManageable(scope, id);
    const problem = passwordProblem(newPassword, u.username);
    if (problem) throw invalid('weak_password', `Trường «Mật khẩu mới»: ${problem}`);
    const h = await hashPassword(newPassword);
    await tx(this.db, async (trx) => {
      await this.repo.updateUser(trx, id, { password_hash: h, must_change_password: 1, failed_attempts: 0, locked_until: null, updated_at: this.clock.now().toISOString() });
      await this.repo.deleteSessionsOf(id, trx);
      await this.audit.record(trx, ctx, { action: 'user.reset_password', entityType: 'user', entityId: id, summary: `Đặt lại mật khẩu cho ${u.username} (phải đổi khi đăng nhập)` });
    });
  }

  async unlock(scope: Scope, ctx: Ctx, id: string) {
    const u = await this.loadManageable(scope, id);
    await tx(this.db, async (trx) => {
      await this.repo.updateUser(trx, id, { failed_attempts: 0, locked_until: null });
      await this.audit.record(trx, ctx, { action: 'user.unlock', entityType: 'user', entityId: id, summary: `Mở khóa tài khoản ${u.username}` });
    });
  }

  async grant(scope: Scope, ctx: Ctx, input: GrantInput, db: Db = this.db) {
    const run = async (trx: Db) => {
      const u = await this.repo.findUser(input.userId, trx);
      if (!u) throw notFound('user_not_found', 'Không tìm thấy người dùng.');
      const unit = scope.tree.get(input.unitId);
      if (!unit) throw notFound('unit_not_found');
      scope.assertCan('user.manage', input.unitId);
      if (input.role === 'admin' && !scope.isSystemAdmin) throw forbidden('forbidden', 'Chỉ quản trị hệ thống mới được cấp vai trò quản trị.');
      const validFrom = input.validFrom ?? this.clock.today();
      if (input.validTo && input.validTo < validFrom) throw invalid('invalid_period', 'Trường «Đến ngày»: phải sau hoặc bằng «Từ ngày». Hãy chọn lại ngày kết thúc.');
      if (unit.valid_to && validFrom > unit.valid_to) throw invalid('unit_inactive', `Đơn vị ${unit.name} đã kết thúc hoạt động từ ngày ${formatVnDate(unit.valid_to)}.`);
      if (unit.valid_from && validFrom < unit.valid_from) throw invalid('unit_inactive', `Đơn vị ${unit.name} bắt đầu hoạt động từ ngày ${formatVnDate(unit.valid_from)}; vai trò không thể bắt đầu trước ngày đó.`);
      const existing = await this.repo.grantsOf(input.userId, trx);
      const overlap = existing.find(
        (g) => g.unit_id === input.unitId && g.role === input.role && (!g.valid_to || g.valid_to >= validFrom) && (!input.validTo || !g.valid_from || g.valid_from <= input.validTo),
      );
      if (overlap) throw conflict('grant_overlap', `Người dùng đã có vai trò ${ROLE_LABELS[input.role]} tại ${unit.name} trong khoảng thời gian này.`);
      const id = newId();
      const row = { id, user_id: input.userId, unit_id: input.unitId, role: input.role, valid_from: validFrom, valid_to: input.validTo ?? unit.valid_to ?? null, note: input.note ?? null, created_by: ctx.actor?.userId ?? null, created_at: this.clock.now().toISOString() };
      await this.repo.insertGrant(trx, row);
      await this.audit.record(trx, ctx, { action: 'grant.create', entityType: 'grant', entityId: id, summary: `Cấp vai trò ${ROLE_LABELS[input.role]} tại ${unit.name} cho ${u.username} từ ${formatVnDate(validFrom)}`, after: row });
      return row;
    };
    const row = db === this.db ? await tx(this.db, run) : await run(db);
    return this.grantDto(scope, row);
  }

  async endGrant(scope: Scope, ctx: Ctx, id: string, validTo: string) {
    const row = await tx(this.db, async (trx) => {
      const g = await this.repo.findGrant(id, trx);
      if (!g || !scope.canSee(g.unit_id)) throw notFound('grant_not_found', 'Không tìm thấy phân quyền.');
      scope.assertCan('user.manage', g.unit_id);
      if (g.valid_from && validTo < g.valid_from) throw invalid('invalid_period', `Ngày kết thúc phải từ ngày ${formatVnDate(g.valid_from)} trở đi.`);
      if (g.valid_to && g.valid_to < validTo) throw invalid('grant_already_ended', `Vai trò này đã kết thúc ngày ${formatVnDate(g.valid_to)}.`);
      await this.repo.updateGrant(trx, id, { valid_to: validTo });
      await this.audit.record(trx, ctx, { action: 'grant.end', entityType: 'grant', entityId: id, summary: `Kết thúc vai trò ${ROLE_LABELS[g.role as Role] ?? g.role} tại ${scope.tree.get(g.unit_id)?.name} ngày ${formatVnDate(validTo)}`, before: { validTo: g.valid_to }, after: { validTo } });
      return { ...g, valid_to: validTo };
    });
    return this.grantDto(scope, row);
  }

  /** A person moves to another unit: the old grant ends the day before, a new one starts. */
  async transferGrant(scope: Scope, ctx: Ctx, id: string, toUnitId: string, effectiveDate: string) {
    return tx(this.db, async (trx) => {
      const g = await this.repo.findGrant(id, trx);
      if (!g || !scope.canSee(g.unit_id)) throw notFound('grant_not_found', 'Không tìm thấy phân quyền.');
      scope.assertCan('user.manage', g.unit_id);
      if (g.valid_from && effectiveDate <= g.valid_from) throw invalid('invalid_period', `Ngày chuyển phải sau ngày ${formatVnDate(g.valid_from)}.`);
      if (g.valid_to && g.valid_to < addDays(effectiveDate, -1)) throw invalid('grant_already_ended', `Vai trò này đã kết thúc ngày ${formatVnDate(g.valid_to)}.`);
      await this.repo.updateGrant(trx, id, { valid_to: addDays(effectiveDate, -1) });
      await this.audit.record(trx, ctx, { action: 'grant.end', entityType: 'grant', entityId: id, summary: `Kết thúc vai trò tại ${scope.tree.get(g.unit_id)?.name} do chuyển công tác`, before: { validTo: g.valid_to }, after: { validTo: addDays(effectiveDate, -1) } });
      return this.grant(scope, ctx, { userId: g.user_id, unitId: toUnitId, role: g.role as Role, validFrom: effectiveDate, note: g.note }, trx);
    });
  }
}
