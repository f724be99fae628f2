import type { Insertable, Updateable } from 'kysely';
import { type Db, foldedColumn } from '../../platform/db.js';
import type { RoleGrantTable, SessionTable, UserTable } from '../../platform/db-schema.js';
import { foldVietnamese } from '../../platform/validation.js';

export class AccountsRepository {
  constructor(private readonly db: Db) {}

  findUserByLogin(login: string) {
    const l = login.trim().toLowerCase();
    return this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb.or([eb('username', '=', l), eb('email', '=', l)]))
      .executeTakeFirst();
  }

  findUser(id: string, db: Db = this.db) {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findUserByUsername(username: string, db: Db = this.db) {
    return db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
  }

  findUserByEmail(email: string, db: Db = this.db) {
    return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  }

  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  insertUser(db: Db, row: Insertable<UserTable>) {
    return db.insertInto('users').values(row).execute();
  }

  updateUser(db: Db, id: string, patch: Updateable<UserTable>) {
    return db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  grantsOf(userId: string, db: Db = this.db) {
    return db.selectFrom('role_grants').selectAll().where('user_id', '=', userId).orderBy('valid_from').execute();
  }

  grantsOfUsers(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return this.db.selectFrom('role_grants').selectAll().where('user_id', 'in', userIds).execute();
  }

  findGrant(id: string, db: Db = this.db) {
    return db.selectFrom('role_grants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertGrant(db: Db, row: Insertable<RoleGrantTable>) {
    return db.insertInto('role_grants').values(row).execute();
  }

  updateGrant(db: Db, id: string, patch: Updateable<RoleGrantTable>) {
    return db.updateTable('role_grants').set(patch).where('id', '=', id).execute();
  }

  /** User ids holding any grant on one of the given units (for scoped user lists). */
  async userIdsWithGrantsOn(unitIds: string[]): Promise<string[]> {
    if (!unitIds.length) return [];
    const rows = await this.db.selectFrom('role_grants').select('user_id').distinct().where('unit_id', 'in', unitIds).execute();
    return rows.map((r) => r.user_id);
  }

  /** New accounts created on behalf of one of the given units that hold no role yet (awaiting their first grant). */
  async ungrantedUserIdsCreatedFor(unitIds: string[]): Promise<string[]> {
    if (!unitIds.length) return [];
    const rows = await this.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'user.create')
      .where('acting_unit_id', 'in', unitIds)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('role_grants').select('role_grants.id').whereRef('role_grants.user_id', '=', 'audit_log.entity_id'))))
      .execute();
    return rows.map((r) => r.entity_id).filter((id): id is string => !!id);
  }

  async listUsers(f: { search?: string; ids?: string[] | null; page: number; pageSize: number }) {
    let q = this.db.selectFrom('users');
    if (f.ids) {
      if (!f.ids.length) return { items: [], total: 0 };
      q = q.where('id', 'in', f.ids);
    }
    if (f.search) {
      // Case- and accent-insensitive on both engines ("dang thi" finds "Đặng Thị").
      const s = `%${foldVietnamese(f.search.trim())}%`;
      q = q.where((eb) =>
        eb.or([eb('username', 'like', s), eb(foldedColumn('full_name'), 'like', s), eb('email', 'like', s), eb('phone', 'like', s)]),
      );
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const items = await q
      .selectAll()
      .orderBy('username')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { items, total: Number(total?.n ?? 0) };
  }

  // Sessions
  insertSession(row: Insertable<SessionTable>) {
    return this.db.insertInto('sessions').values(row).execute();
  }

  findSession(id: string) {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  touchSession(id: string, at: string) {
    return this.db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  setActingUnit(id: string, unitId: string) {
    return this.db.updateTable('sessions').set({ acting_unit_id: unitId }).where('id', '=', id).execute();
  }

  deleteSession(id: string) {
    return this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  deleteSessionsOf(userId: string, db: Db = this.db) {
    return db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  deleteExpiredSessions(nowIso: string) {
    return this.db.deleteFrom('sessions').where('expires_at', '<', nowIso).execute();
  }
}
