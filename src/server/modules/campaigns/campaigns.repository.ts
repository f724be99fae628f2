import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db.js';
import type { CampaignIndicatorTable, CampaignTable, FormTable, TopicTable } from '../../platform/db-schema.js';

export type CampaignRow = CampaignTable;
export type IndicatorRow = CampaignIndicatorTable;
export type TopicRow = TopicTable;
export type FormRow = FormTable;

/** Campaigns, their indicators, topic trees and the forms catalogue. Every method takes the db or a transaction. */
export class CampaignsRepository {
  getCampaign(db: Db, id: string) {
    return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findCampaignByCode(db: Db, unitId: string, code: string) {
    return db.selectFrom('campaigns').selectAll().where('unit_id', '=', unitId).where('code', '=', code).executeTakeFirst();
  }

  /** Campaigns of the given units (few per unit: the service filters and pages in memory). */
  listCampaigns(db: Db, f: { unitIds: string[] | 'all'; status?: string }) {
    if (f.unitIds !== 'all' && f.unitIds.length === 0) return Promise.resolve([] as CampaignRow[]);
    let q = db.selectFrom('campaigns').selectAll();
    if (f.unitIds !== 'all') q = q.where('unit_id', 'in', f.unitIds);
    if (f.status) q = q.where('status', '=', f.status);
    return q.orderBy('status').orderBy('period_start', 'desc').orderBy('name').orderBy('id').execute();
  }

  insertCampaign(db: Db, row: Insertable<CampaignTable>) {
    return db.insertInto('campaigns').values(row).execute();
  }

  /** Optimistic update: false when the version no longer matches. */
  async updateCampaign(db: Db, id: string, version: number, patch: Updateable<CampaignTable>): Promise<boolean> {
    const r = await db
      .updateTable('campaigns')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  indicatorsFor(db: Db, campaignIds: string[]) {
    if (campaignIds.length === 0) return Promise.resolve([] as IndicatorRow[]);
    return db.selectFrom('campaign_indicators').selectAll().where('campaign_id', 'in', campaignIds).orderBy('campaign_id').orderBy('sort').orderBy('id').execute();
  }

  async replaceIndicators(db: Db, campaignId: string, rows: IndicatorRow[]) {
    await db.deleteFrom('campaign_indicators').where('campaign_id', '=', campaignId).execute();
    if (rows.length) await db.insertInto('campaign_indicators').values(rows).execute();
  }

  // ---- topics ----

  topicsOf(db: Db, campaignId: string) {
    return db.selectFrom('topics').selectAll().where('campaign_id', '=', campaignId).orderBy('sort').orderBy('code').execute();
  }

  getTopic(db: Db, id: string) {
    return db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
  }

  topicsByIds(db: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([] as TopicRow[]);
    return db.selectFrom('topics').selectAll().where('id', 'in', ids).execute();
  }

  findTopicByCode(db: Db, campaignId: string, code: string) {
    return db.selectFrom('topics').selectAll().where('campaign_id', '=', campaignId).where('code', '=', code).executeTakeFirst();
  }

  insertTopics(db: Db, rows: Insertable<TopicTable>[]) {
    if (rows.length === 0) return Promise.resolve();
    return db.insertInto('topics').values(rows).execute();
  }

  async updateTopic(db: Db, id: string, patch: Updateable<TopicTable>) {
    return db.updateTable('topics').set(patch).where('id', '=', id).execute();
  }

  setArchived(db: Db, ids: string[], archived: boolean) {
    if (ids.length === 0) return Promise.resolve();
    return db
      .updateTable('topics')
      .set({ archived: archived ? 1 : 0 })
      .where('id', 'in', ids)
      .execute();
  }

  async maxSiblingSort(db: Db, campaignId: string, parentId: string | null): Promise<number> {
    let q = db.selectFrom('topics').select((eb) => eb.fn.max<number | null>('sort').as('m')).where('campaign_id', '=', campaignId);
    q = parentId ? q.where('parent_id', '=', parentId) : q.where('parent_id', 'is', null);
    const r = await q.executeTakeFirst();
    return r?.m == null ? -1 : Number(r.m);
  }

  // ---- forms ----

  listForms(db: Db, includeArchived: boolean) {
    let q = db.selectFrom('forms').selectAll();
    if (!includeArchived) q = q.where('archived', '=', 0);
    return q.orderBy('sort').orderBy('code').execute();
  }

  getForm(db: Db, id: string) {
    return db.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findFormByCode(db: Db, code: string) {
    return db.selectFrom('forms').selectAll().where('code', '=', code).executeTakeFirst();
  }

  formsByIds(db: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([] as FormRow[]);
    return db.selectFrom('forms').selectAll().where('id', 'in', ids).execute();
  }

  insertForm(db: Db, row: Insertable<FormTable>) {
    return db.insertInto('forms').values(row).execute();
  }

  updateForm(db: Db, id: string, patch: Updateable<FormTable>) {
    return db.updateTable('forms').set(patch).where('id', '=', id).execute();
  }

  async maxFormSort(db: Db): Promise<number> {
    const r = await db.selectFrom('forms').select((eb) => eb.fn.max<number | null>('sort').as('m')).executeTakeFirst();
    return r?.m == null ? -1 : Number(r.m);
  }
}
