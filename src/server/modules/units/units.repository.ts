import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db.js';
import type { UnitEventTable, UnitParentTable, UnitSuccessionTable, UnitTable } from '../../platform/db-schema.js';
import { UnitTree } from './unit-tree.js';

const VERSION_KEY = 'units_version';

export class UnitsRepository {
  private cached: { version: string; tree: UnitTree } | null = null;

  constructor(private readonly db: Db) {}

  /** The current snapshot; rebuilt only when another write bumped the version. */
  async tree(): Promise<UnitTree> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', VERSION_KEY).executeTakeFirst();
    const version = row?.value ?? '0';
    if (this.cached && this.cached.version === version) return this.cached.tree;
    const [units, parents, successions] = await Promise.all([
      this.db.selectFrom('units').selectAll().execute(),
      this.db.selectFrom('unit_parents').selectAll().execute(),
      this.db.selectFrom('unit_successions').selectAll().execute(),
    ]);
    const tree = new UnitTree(units, parents, successions);
    this.cached = { version, tree };
    return tree;
  }

  /** Call inside every transaction that changes units, parent links or successions. */
  async bumpVersion(trx: Db): Promise<void> {
    const value = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const updated = await trx.updateTable('meta').set({ value }).where('key', '=', VERSION_KEY).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('meta').values({ key: VERSION_KEY, value }).execute();
  }

  findById(trx: Db, id: string) {
    return trx.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCode(trx: Db, code: string) {
    return trx.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
  }

  insertUnit(trx: Db, row: Insertable<UnitTable>) {
    return trx.insertInto('units').values(row).execute();
  }

  /** Optimistic update: returns false when the version no longer matches. */
  async updateUnit(trx: Db, id: string, version: number, patch: Updateable<UnitTable>): Promise<boolean> {
    const r = await trx
      .updateTable('units')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  insertParent(trx: Db, row: Insertable<UnitParentTable>) {
    return trx.insertInto('unit_parents').values(row).execute();
  }

  endParentLink(trx: Db, linkId: string, validTo: string) {
    return trx.updateTable('unit_parents').set({ valid_to: validTo }).where('id', '=', linkId).execute();
  }

  insertEvent(trx: Db, row: Insertable<UnitEventTable>) {
    return trx.insertInto('unit_events').values(row).execute();
  }

  insertSuccession(trx: Db, row: Insertable<UnitSuccessionTable>) {
    return trx.insertInto('unit_successions').values(row).execute();
  }

  eventsFor(unitIds: string[]) {
    if (unitIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('unit_events')
      .selectAll()
      .where('unit_id', 'in', unitIds)
      .orderBy('effective_date', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
  }

  eventsByIds(ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('unit_events').selectAll().where('id', 'in', ids).execute();
  }

  endGrantsOfUnit(trx: Db, unitId: string, validTo: string) {
    return trx
      .updateTable('role_grants')
      .set({ valid_to: validTo })
      .where('unit_id', '=', unitId)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', validTo)]))
      .execute();
  }
}
