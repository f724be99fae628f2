import { addDays } from '../../platform/clock.js';
import { type Db, foldedColumn } from '../../platform/db.js';
import type { AuditLogTable } from '../../platform/db-schema.js';
import type { Insertable } from 'kysely';
import { foldVietnamese } from '../../platform/validation.js';

export interface AuditFilter {
  search?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  userId?: string;
  actingUnitIds?: string[];
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  insert(db: Db, row: Insertable<AuditLogTable>) {
    return db.insertInto('audit_log').values(row).execute();
  }

  async list(f: AuditFilter) {
    let q = this.db.selectFrom('audit_log');
    if (f.action) q = q.where('action', 'like', `${f.action}%`);
    if (f.entityType) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (f.userId) q = q.where('user_id', '=', f.userId);
    if (f.actingUnitIds) q = f.actingUnitIds.length ? q.where('acting_unit_id', 'in', f.actingUnitIds) : q.where('id', '<', 0);
    // Calendar days are days in Việt Nam (UTC+7): 10/12 runs from 09/12 17:00 UTC to 10/12 17:00 UTC.
    if (f.from) q = q.where('at', '>=', `${addDays(f.from, -1)}T17:00:00.000Z`);
    if (f.to) q = q.where('at', '<', `${f.to}T17:00:00.000Z`);
    if (f.search) {
      // Accent- and case-insensitive on both engines ("dien ban" finds "Điện Bàn").
      const folded = `%${foldVietnamese(f.search.trim())}%`;
      q = q.where((eb) =>
        eb.or([eb(foldedColumn('summary'), 'like', folded), eb(foldedColumn('username'), 'like', folded), eb(eb.fn('lower', ['action']), 'like', folded)]),
      );
    }
    const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const items = await q
      .selectAll()
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { items, total: Number(totalRow?.n ?? 0) };
  }
}
