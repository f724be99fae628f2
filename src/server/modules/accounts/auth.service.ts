import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { conflict, forbidden, invalid, locked, unauthorized } from '../../platform/errors.js';
import { newId, newSecret } from '../../platform/ids.js';
import { grantCurrentOn, Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitsService } from '../units/units.service.js';
import type { AccountsRepository } from './accounts.repository.js';
import { passwordProblem } from './password-policy.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';

export interface AuthSettings {
  idleMinutes: number;
  absoluteHours: number;
  maxFailures: number;
  lockMinutes: number;
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly repo: AccountsRepository,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
  ) {}

  /** Checks the password, applies lock-out, and opens a session. Returns the cookie token. */
  async login(login: string, password: string, meta: { ip: string | null; userAgent: string | null; requestId: string | null }) {
    const user = await this.repo.findUserByLogin(login);
    const now = this.clock.now();
    const ctxFor = (u: { id: string; username: string } | null): Ctx => ({
      actor: u ? { userId: u.id, username: u.username, fullName: '', sessionId: '', actingUnitId: null, grants: [] } : null,
      ip: meta.ip,
      requestId: meta.requestId,
    });
    if (!user) {
      await verifyPassword(await dummyHash(), password);
      throw unauthorized('invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    if (user.locked_until && user.locked_until > now.toISOString()) {
      throw locked('account_locked', `Tài khoản đang bị tạm khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau ${minutesLeft(user.locked_until, now)} phút hoặc liên hệ quản trị viên.`);
    }
    if (user.disabled) {
      await verifyPassword(await dummyHash(), password);
      throw forbidden('account_disabled', 'Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.');
    }
    const ok = await verifyPassword(user.password_hash, password);
    if (!ok) {
      const failures = user.failed_attempts + 1;
      const lock = failures >= this.settings.maxFailures;
      await tx(this.db, async (trx) => {
        await this.repo.updateUser(trx, user.id, {
          failed_attempts: lock ? 0 : failures,
          locked_until: lock ? new Date(now.getTime() + this.settings.lockMinutes * 60000).toISOString() : user.locked_until,
        });
        await this.audit.record(trx, ctxFor(user), {
          action: lock ? 'auth.lock' : 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          summary: lock
            ? `Tạm khóa tài khoản ${user.username} ${this.settings.lockMinutes} phút sau ${failures} lần nhập sai mật khẩu`
            : `Đăng nhập sai mật khẩu: ${user.username} (lần ${failures})`,
        });
      });
      if (lock) {
        throw locked('account_locked', `Bạn đã nhập sai mật khẩu ${failures} lần. Tài khoản bị tạm khóa ${this.settings.lockMinutes} phút.`);
      }
      throw unauthorized('invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    const token = newSecret();
    const grants = await this.repo.grantsOf(user.id);
    const tree = await this.units.tree();
    const today = this.clock.today();
    const current = grants.filter((g) => grantCurrentOn(g, today) && tree.isActiveOn(g.unit_id, today));
    await tx(this.db, async (trx) => {
      await this.repo.updateUser(trx, user.id, { failed_attempts: 0, locked_until: null, last_login_at: now.toISOString() });
      await trx
        .insertInto('sessions')
        .values({
          id: sessionIdOf(token),
          user_id: user.id,
          csrf_token: newSecret(24),
          acting_unit_id: current[0]?.unit_id ?? null,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + this.settings.absoluteHours * 3600000).toISOString(),
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      await this.audit.record(trx, ctxFor(user), { action: 'auth.login', entityType: 'user', entityId: user.id, summary: `Đăng nhập: ${user.username}` });
    });
    return { token, userId: user.id };
  }

  /** Resolves a cookie token into an actor, enforcing idle and absolute timeouts. */
  async authenticate(token: string): Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean } | null> {
    const id = sessionIdOf(token);
    const s = await this.repo.findSession(id);
    if (!s) return null;
    const now = this.clock.now();
    const idleLimit = new Date(Date.parse(s.last_seen_at) + this.settings.idleMinutes * 60000);
    if (s.expires_at <= now.toISOString() || idleLimit <= now) {
      await this.repo.deleteSession(id);
      return null;
    }
    const user = await this.repo.findUser(s.user_id);
    if (!user || user.disabled) return null;
    // Write the idle timestamp at most once a minute to keep reads cheap.
    if (now.getTime() - Date.parse(s.last_seen_at) > 60000) await this.repo.touchSession(id, now.toISOString());
    const grants = await this.repo.grantsOf(user.id);
    return {
      actor: {
        userId: user.id,
        username: user.username,
        fullName: user.full_name,
        sessionId: id,
        actingUnitId: s.acting_unit_id,
        grants,
      },
      csrfToken: s.csrf_token,
      mustChangePassword: !!user.must_change_password,
    };
  }

  async scopeFor(actor: Actor | null): Promise<Scope> {
    return new Scope(actor, await this.units.tree(), this.clock.today());
  }

  async me(actor: Actor, csrfToken: string) {
    const user = (await this.repo.findUser(actor.userId))!;
    const scope = await this.scopeFor(actor);
    const tree = scope.tree;
    const today = this.clock.today();
    const acting = scope.actingUnitId ? tree.get(scope.actingUnitId) : undefined;
    return {
      user: {
        id: user.id,
        username: user.username,
        fullName: user.full_name,
        email: user.email,
        mustChangePassword: !!user.must_change_password,
      },
      csrfToken,
      actingUnitId: acting?.id ?? null,
      actingUnit: acting ? { id: acting.id, name: acting.name, shortName: acting.short_name } : null,
      grants: actor.grants.map((g) => {
        const u = tree.get(g.unit_id);
        return {
          id: g.id,
          unitId: g.unit_id,
          unitName: u?.name ?? '',
          unitShortName: u?.short_name ?? '',
          role: g.role,
          validFrom: g.valid_from,
          validTo: g.valid_to,
          current: grantCurrentOn(g, today) && tree.isActiveOn(g.unit_id, today),
        };
      }),
      permissions: scope.permissions(),
    };
  }

  async setActingUnit(actor: Actor, unitId: string) {
    const tree = await this.units.tree();
    const today = this.clock.today();
    const ok = actor.grants.some((g) => g.unit_id === unitId && grantCurrentOn(g, today) && tree.isActiveOn(unitId, today));
    if (!ok) throw invalid('not_your_unit', 'Bạn không có vai trò nào còn hiệu lực tại đơn vị này.');
    await this.repo.setActingUnit(actor.sessionId, unitId);
    actor.actingUnitId = unitId;
  }

  logout(actor: Actor) {
    return this.repo.deleteSession(actor.sessionId);
  }

  async logoutAll(ctx: Ctx, actor: Actor) {
    await tx(this.db, async (trx) => {
      await this.repo.deleteSessionsOf(actor.userId, trx);
      await this.audit.record(trx, ctx, { action: 'auth.logout_all', entityType: 'user', entityId: actor.userId, summary: `Đăng xuất khỏi mọi thiết bị: ${actor.username}` });
    });
  }

  async changePassword(ctx: Ctx, actor: Actor, current: string, next: string) {
    const user = (await this.repo.findUser(actor.userId))!;
    if (!(await verifyPassword(user.password_hash, current))) {
      throw invalid('wrong_password', 'Mật khẩu hiện tại không đúng.');
    }
    const problem = passwordProblem(next, user.username);
    if (problem) throw invalid('weak_password', problem);
    if (await verifyPassword(user.password_hash, next)) throw invalid('weak_password', 'Mật khẩu mới phải khác mật khẩu hiện tại.');
    const h = await hashPassword(next);
    await tx(this.db, async (trx) => {
      await this.repo.updateUser(trx, user.id, { password_hash: h, must_change_password: 0, password_changed_at: this.clock.now().toISOString(), updated_at: this.clock.now().toISOString() });
      // Other sessions end; this one stays.
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', actor.sessionId).execute();
      await this.audit.record(trx, ctx, { action: 'auth.change_password', entityType: 'user', entityId: user.id, summary: `Đổi mật khẩu: ${user.username}` });
    });
  }

  async needsAdmin(): Promise<boolean> {
    return (await this.repo.countUsers()) === 0;
  }

  /** First start without demo data: creates the system administrator on the root unit. */
  async setupAdmin(ctx: Ctx, input: { username: string; fullName: string; email?: string | null; password: string; rootUnit: { code: string; name: string; shortName: string } }) {
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw invalid('weak_password', problem);
    const h = await hashPassword(input.password);
    const now = this.clock.now().toISOString();
    const today = this.clock.today();
    const userId = newId();
    await tx(this.db, async (trx) => {
      const n = await trx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      if (Number(n?.n ?? 0) > 0) throw conflict('already_set_up', 'Hệ thống đã có tài khoản quản trị. Hãy đăng nhập.');
      let root = await trx.selectFrom('units').select('id').where('code', '=', input.rootUnit.code).executeTakeFirst();
      if (!root) {
        root = { id: newId() };
        await trx
          .insertInto('units')
          .values({ id: root.id, code: input.rootUnit.code, name: input.rootUnit.name, short_name: input.rootUnit.shortName, kind: 'front_committee', level: 'central', address: null, phone: null, email: null, term: null, population: null, note: null, valid_from: null, valid_to: null, created_at: now, updated_at: now, version: 1 })
          .execute();
        await this.units.bumpVersion(trx);
      }
      await this.repo.insertUser(trx, {
        id: userId,
        username: input.username.toLowerCase(),
        email: input.email?.toLowerCase() ?? null,
        full_name: input.fullName,
        phone: null,
        position: 'Quản trị hệ thống',
        password_hash: h,
        must_change_password: 0,
        failed_attempts: 0,
        locked_until: null,
        disabled: 0,
        last_login_at: null,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      });
      await this.repo.insertGrant(trx, { id: newId(), user_id: userId, unit_id: root.id, role: 'admin', valid_from: today, valid_to: null, note: 'Quản trị viên đầu tiên', created_by: null, created_at: now });
      await this.audit.record(trx, ctx, { action: 'setup.admin', entityType: 'user', entityId: userId, summary: `Tạo tài khoản quản trị đầu tiên: ${input.username}` });
    });
    return userId;
  }
}

function minutesLeft(untilIso: string, now: Date) {
  return Math.max(1, Math.ceil((Date.parse(untilIso) - now.getTime()) / 60000));
}

