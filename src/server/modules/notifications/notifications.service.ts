import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';

export interface NotifyInput {
  /** Notify everyone holding a current role (of `roles`, default officer/leader/admin) on this unit. */
  unitId?: string;
  roles?: string[];
  /** And/or these people directly. */
  userIds?: string[];
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  /** Makes the notification idempotent per user (e.g. `task-due:<occurrenceId>:3d`). */
  dedupeKey?: string;
}

const DEFAULT_ROLES = ['officer', 'leader', 'admin'];

/** In-app notifications: the bell and its unread count. */
export class NotificationsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Recipients: people with a current grant of the given roles on the unit. */
  async usersOnUnit(trx: Db, unitId: string, roles: string[] = DEFAULT_ROLES): Promise<string[]> {
    const today = this.clock.today();
    const rows = await trx
      .selectFrom('role_grants')
      .select('user_id')
      .distinct()
      .where('unit_id', '=', unitId)
      .where('role', 'in', roles)
      .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', today)]))
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** Creates notifications inside the caller's transaction; returns how many were new. */
  async notify(trx: Db, n: NotifyInput): Promise<number> {
    const users = new Set(n.userIds ?? []);
    if (n.unitId) for (const u of await this.usersOnUnit(trx, n.unitId, n.roles)) users.add(u);
    const now = this.clock.now().toISOString();
    let created = 0;
    for (const userId of users) {
      const r = await trx
        .insertInto('notifications')
        .values({
          id: newId(),
          user_id: userId,
          unit_id: n.unitId ?? null,
          kind: n.kind,
          title: n.title,
          body: n.body ?? null,
          link: n.link ?? null,
          entity_type: n.entityType ?? null,
          entity_id: n.entityId ?? null,
          dedupe_key: n.dedupeKey ? `${n.dedupeKey}:${userId}` : null,
          created_at: now,
          read_at: null,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst();
      created += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return created;
  }

  async list(userId: string, f: { unreadOnly?: boolean; page: number; pageSize: number }) {
    let q = this.db.selectFrom('notifications').where('user_id', '=', userId);
    if (f.unreadOnly) q = q.where('read_at', 'is', null);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const items = await q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return {
      items: items.map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        entityType: n.entity_type,
        entityId: n.entity_id,
        createdAt: n.created_at,
        readAt: n.read_at,
      })),
      total: Number(total?.n ?? 0),
      page: f.page,
      pageSize: f.pageSize,
      unread: await this.unreadCount(userId),
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async markRead(userId: string, id: string): Promise<void> {
    const r = await this.db
      .updateTable('notifications')
      .set({ read_at: this.clock.now().toISOString() })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const exists = await this.db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (!exists) throw notFound('notification_not_found', 'Không tìm thấy thông báo.');
    }
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.updateTable('notifications').set({ read_at: this.clock.now().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  }
}
