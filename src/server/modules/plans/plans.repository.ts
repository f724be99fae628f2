import { type Insertable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Db } from '../../platform/db.js';
import type {
  Database,
  PlanAttachmentTable,
  PlanBasisTable,
  PlanMilestoneTable,
  PlanResponsibilityTable,
  PlanTable,
  PlanVersionTable,
} from '../../platform/db-schema.js';

export type PlanRow = PlanTable;
export type BasisRow = PlanBasisTable;
export type MilestoneRow = PlanMilestoneTable;
export type ResponsibilityRow = PlanResponsibilityTable;

export interface PlanChildren {
  bases: Array<BasisRow & { based_on_number_text: string | null; based_on_subject: string | null }>;
  topicIds: string[];
  formIds: string[];
  milestones: MilestoneRow[];
  responsibilities: ResponsibilityRow[];
  attachments: Array<PlanAttachmentTable & { name: string; size: number; mime: string }>;
}

export interface ChildInput {
  bases?: BasisRow[];
  topicIds?: string[];
  formIds?: string[];
  milestones?: MilestoneRow[];
  responsibilities?: ResponsibilityRow[];
}

/** Who may see plans: visible units, units whose templates are shared downward, and recipients. */
export interface PlanVisibility {
  all: boolean;
  /** Units in the actor's current scope: every plan they issue is visible. */
  units: string[];
  /** Units seen through past grants only: their plans dated up to `until`. */
  historic: Array<{ until: string; units: string[] }>;
  /** Units whose templates are visible (scope plus ancestors). */
  templateUnits: string[];
}

/** `%needle%` for LIKE … ESCAPE '\' (same on SQLite and PostgreSQL). */
export const containsPattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface PlanListFilter {
  /** Folded words; every one must appear in `search_text` (any order). */
  search?: string[];
  unitId?: string;
  campaignId?: string;
  status?: string;
  today: string;
  year?: number;
  template: boolean;
  page: number;
  pageSize: number;
}

/** Plans and everything hanging off them. Every method takes the db or the caller's transaction. */
export class PlansRepository {
  get(db: Db, id: string) {
    return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insert(db: Db, row: Insertable<PlanTable>) {
    return db.insertInto('plans').values(row).execute();
  }

  /** Optimistic update: false when the version moved on (or the status guard failed). */
  async updateVersioned(db: Db, id: string, version: number, patch: Updateable<PlanTable>, statuses?: string[]): Promise<boolean> {
    let q = db
      .updateTable('plans')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version);
    if (statuses) q = q.where('status', 'in', statuses);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  update(db: Db, id: string, patch: Updateable<PlanTable>) {
    return db.updateTable('plans').set(patch).where('id', '=', id).execute();
  }

  async children(db: Db, id: string): Promise<PlanChildren> {
    const bases = await db
      .selectFrom('plan_bases as b')
      .leftJoin('plans as p', 'p.id', 'b.based_on_plan_id')
      .selectAll('b')
      .select(['p.number_text as based_on_number_text', 'p.subject as based_on_subject'])
      .where('b.plan_id', '=', id)
      .orderBy('b.sort')
      .execute();
    const topicIds = (await db.selectFrom('plan_topics').select('topic_id').where('plan_id', '=', id).orderBy('topic_id').execute()).map((r) => r.topic_id);
    const formIds = (await db.selectFrom('plan_forms').select('form_id').where('plan_id', '=', id).orderBy('form_id').execute()).map((r) => r.form_id);
    const milestones = await db.selectFrom('plan_milestones').selectAll().where('plan_id', '=', id).execute();
    const responsibilities = await db.selectFrom('plan_responsibilities').selectAll().where('plan_id', '=', id).orderBy('sort').execute();
    const attachments = await db
      .selectFrom('plan_attachments as a')
      .innerJoin('files as f', 'f.id', 'a.file_id')
      .selectAll('a')
      .select(['f.name', 'f.size', 'f.mime'])
      .where('a.plan_id', '=', id)
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute();
    return { bases, topicIds, formIds, milestones, responsibilities, attachments };
  }

  /** Replaces the given child collections (absent ones are left alone). */
  async replaceChildren(db: Db, planId: string, c: ChildInput): Promise<void> {
    if (c.bases) {
      await db.deleteFrom('plan_bases').where('plan_id', '=', planId).execute();
      if (c.bases.length) await db.insertInto('plan_bases').values(c.bases).execute();
    }
    if (c.topicIds) {
      await db.deleteFrom('plan_topics').where('plan_id', '=', planId).execute();
      const topics = [...new Set(c.topicIds)];
      if (topics.length) await db.insertInto('plan_topics').values(topics.map((topic_id) => ({ plan_id: planId, topic_id }))).execute();
    }
    if (c.formIds) {
      await db.deleteFrom('plan_forms').where('plan_id', '=', planId).execute();
      const forms = [...new Set(c.formIds)];
      if (forms.length) await db.insertInto('plan_forms').values(forms.map((form_id) => ({ plan_id: planId, form_id }))).execute();
    }
    if (c.milestones) {
      await db.deleteFrom('plan_milestones').where('plan_id', '=', planId).execute();
      if (c.milestones.length) await db.insertInto('plan_milestones').values(c.milestones).execute();
    }
    if (c.responsibilities) {
      await db.deleteFrom('plan_responsibilities').where('plan_id', '=', planId).execute();
      if (c.responsibilities.length) await db.insertInto('plan_responsibilities').values(c.responsibilities).execute();
    }
  }

  async deletePlan(db: Db, id: string): Promise<void> {
    await db.updateTable('implementation_requests').set({ implementing_plan_id: null }).where('implementing_plan_id', '=', id).execute();
    for (const table of ['plan_versions', 'plan_bases', 'plan_topics', 'plan_forms', 'plan_milestones', 'plan_responsibilities', 'plan_attachments'] as const) {
      await db.deleteFrom(table).where('plan_id', '=', id).execute();
    }
    await db.deleteFrom('plans').where('id', '=', id).execute();
  }

  /** Plans that cite `id` as a basis or a parent (a draft that is cited cannot be deleted). */
  async citedBy(db: Db, id: string): Promise<number> {
    const a = await db.selectFrom('plan_bases').select((eb) => eb.fn.countAll<number>().as('n')).where('based_on_plan_id', '=', id).executeTakeFirst();
    const b = await db.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_plan_id', '=', id).where('id', '!=', id).executeTakeFirst();
    return Number(a?.n ?? 0) + Number(b?.n ?? 0);
  }

  /** Edges plan → plans it is based on (bases and parent links) for the given plans. */
  async basisEdges(db: Db, planIds: string[]): Promise<Array<{ from: string; to: string }>> {
    if (planIds.length === 0) return [];
    const bases = await db.selectFrom('plan_bases').select(['plan_id', 'based_on_plan_id']).where('plan_id', 'in', planIds).where('based_on_plan_id', 'is not', null).execute();
    const parents = await db.selectFrom('plans').select(['id', 'parent_plan_id']).where('id', 'in', planIds).where('parent_plan_id', 'is not', null).execute();
    return [...bases.map((b) => ({ from: b.plan_id, to: b.based_on_plan_id! })), ...parents.map((p) => ({ from: p.id, to: p.parent_plan_id! }))];
  }

  plansByIds(db: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([] as PlanRow[]);
    return db.selectFrom('plans').selectAll().where('id', 'in', ids).execute();
  }

  findDraftAmendment(db: Db, supersedesId: string) {
    return db.selectFrom('plans').select(['id', 'status']).where('supersedes_id', '=', supersedesId).where('status', 'in', ['draft', 'submitted']).executeTakeFirst();
  }

  // ---- numbering ----

  /**
   * Takes the next number for (unit, type, year) in the caller's transaction. The upsert locks the
   * counter row, so concurrent issues queue behind each other (PostgreSQL) or run one at a time
   * (SQLite); a rollback gives the number back.
   */
  async nextNumber(db: Db, unitId: string, docType: string, year: number): Promise<number> {
    const row = await db
      .insertInto('document_counters')
      .values({ unit_id: unitId, doc_type: docType, year, last_number: 1 })
      .onConflict((oc) => oc.columns(['unit_id', 'doc_type', 'year']).doUpdateSet({ last_number: sql<number>`document_counters.last_number + 1` }))
      .returning('last_number')
      .executeTakeFirstOrThrow();
    return Number(row.last_number);
  }

  // ---- versions ----

  insertVersion(db: Db, row: PlanVersionTable) {
    return db.insertInto('plan_versions').values(row).execute();
  }

  /** The newest snapshot of a plan (for coalescing autosaves). */
  latestVersion(db: Db, planId: string) {
    return db
      .selectFrom('plan_versions')
      .select(['id', 'version', 'status', 'reason', 'created_by', 'created_at'])
      .where('plan_id', '=', planId)
      .orderBy('version', 'desc')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Replaces a snapshot in place (an autosave coalesced into the previous one). */
  replaceVersion(db: Db, id: string, patch: Pick<PlanVersionTable, 'version' | 'status' | 'snapshot' | 'created_at'>) {
    return db.updateTable('plan_versions').set(patch).where('id', '=', id).execute();
  }

  versions(db: Db, planId: string) {
    return db
      .selectFrom('plan_versions as v')
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .select(['v.version', 'v.status', 'v.created_at', 'v.created_by', 'v.reason', 'u.full_name'])
      .where('v.plan_id', '=', planId)
      .orderBy('v.version', 'desc')
      .orderBy('v.created_at', 'desc')
      .execute();
  }

  version(db: Db, planId: string, version: number) {
    return db
      .selectFrom('plan_versions as v')
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .select(['v.version', 'v.status', 'v.created_at', 'v.created_by', 'v.reason', 'v.snapshot', 'u.full_name'])
      .where('v.plan_id', '=', planId)
      .where('v.version', '=', version)
      .orderBy('v.created_at', 'desc')
      .executeTakeFirst();
  }

  // ---- list ----

  private visible<O>(q: SelectQueryBuilder<Database, 'plans', O>, v: PlanVisibility, template: boolean) {
    if (v.all) return q;
    if (template) return v.templateUnits.length ? q.where('plans.issuing_unit_id', 'in', v.templateUnits) : q.where(sql<boolean>`1 = 0`);
    const windows = [...(v.units.length ? [{ until: null as string | null, units: v.units }] : []), ...v.historic.filter((w) => w.units.length)];
    if (windows.length === 0) return q.where(sql<boolean>`1 = 0`);
    return q.where((eb) =>
      eb.or(
        windows.map((w) => {
          const dated = w.until === null ? [] : [eb(eb.fn.coalesce('plans.doc_date', eb.fn('substr', ['plans.created_at', sql.lit(1), sql.lit(10)])), '<=', w.until)];
          return eb.and([
            ...dated,
            eb.or([
              eb('plans.issuing_unit_id', 'in', w.units),
              eb.and([
                eb('plans.status', 'in', ['issued', 'closed']),
                eb.or([
                  eb.exists(eb.selectFrom('deliveries as d').select('d.id').whereRef('d.plan_id', '=', 'plans.id').where('d.recipient_unit_id', 'in', w.units)),
                  eb.exists(eb.selectFrom('implementation_requests as r').select('r.id').whereRef('r.plan_id', '=', 'plans.id').where('r.target_unit_id', 'in', w.units)),
                ]),
              ]),
            ]),
          ]);
        }),
      ),
    );
  }

  async list(db: Db, v: PlanVisibility, f: PlanListFilter) {
    let q = db.selectFrom('plans').where('plans.is_template', '=', f.template ? 1 : 0);
    q = this.visible(q, v, f.template);
    if (f.unitId) q = q.where('plans.issuing_unit_id', '=', f.unitId);
    if (f.campaignId) q = q.where('plans.campaign_id', '=', f.campaignId);
    if (f.status === 'in_force') {
      q = q
        .where('plans.status', '=', 'issued')
        .where((eb) => eb(eb.fn.coalesce('plans.period_start', 'plans.doc_date'), '<=', f.today))
        .where((eb) => eb.or([eb('plans.period_end', 'is', null), eb('plans.period_end', '>=', f.today)]));
    } else if (f.status) q = q.where('plans.status', '=', f.status);
    if (f.year) q = q.where('plans.doc_date', '>=', `${f.year}-01-01`).where('plans.doc_date', '<=', `${f.year}-12-31`);
    for (const word of f.search ?? []) q = q.where(sql<boolean>`plans.search_text like ${containsPattern(word)} escape '\\'`);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .selectAll('plans')
      .orderBy(sql`coalesce(plans.doc_date, substr(plans.created_at, 1, 10))`, 'desc')
      .orderBy('plans.created_at', 'desc')
      .orderBy('plans.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { rows, total: Number(total?.n ?? 0) };
  }

  /** True when the plan was delivered to, or asks for an implementing plan from, one of `units`. */
  /** True when the plan was delivered or sent as a request to a unit that `sees` accepts. */
  async addressedTo(db: Db, planId: string, sees: (unitId: string) => boolean): Promise<boolean> {
    const d = await db.selectFrom('deliveries').select('recipient_unit_id as u').where('plan_id', '=', planId).execute();
    const r = await db.selectFrom('implementation_requests').select('target_unit_id as u').where('plan_id', '=', planId).execute();
    return [...d, ...r].some((x) => sees(x.u));
  }

  // ---- attachments ----

  insertAttachment(db: Db, row: PlanAttachmentTable) {
    return db.insertInto('plan_attachments').values(row).execute();
  }

  /** Attaches the same stored files to another plan (amendments, templates, plans from templates). */
  async copyAttachments(db: Db, fromPlanId: string, toPlanId: string, now: string, newId: () => string): Promise<void> {
    const rows = await db.selectFrom('plan_attachments').selectAll().where('plan_id', '=', fromPlanId).orderBy('created_at').orderBy('id').execute();
    if (rows.length) await db.insertInto('plan_attachments').values(rows.map((r) => ({ ...r, id: newId(), plan_id: toPlanId, created_at: now }))).execute();
  }

  getAttachment(db: Db, planId: string, id: string) {
    return db.selectFrom('plan_attachments').selectAll().where('plan_id', '=', planId).where('id', '=', id).executeTakeFirst();
  }

  deleteAttachment(db: Db, id: string) {
    return db.deleteFrom('plan_attachments').where('id', '=', id).execute();
  }

  plansOwningFile(db: Db, fileId: string) {
    return db.selectFrom('plan_attachments').select('plan_id').where('file_id', '=', fileId).execute();
  }
}
