import type { Db } from '../../platform/db.js';
import type { PeriodicReportTable, ReportEventTable, ReportRequestTable } from '../../platform/db-schema.js';

export type ReportRow = PeriodicReportTable;
export type RequestRow = ReportRequestTable;

export interface ReportFilter {
  units: string[] | 'all';
  status?: string;
  year?: number;
  periodKind?: string;
  requestId?: string;
  /** Drafts only of these units (the ones the actor may write); 'all' = no restriction. */
  draftUnits: Set<string> | 'all';
  page: number;
  pageSize: number;
}

const CHUNK = 900;

/** Data access of periodic reports and report requests (no permission logic here). */
export class ReportsRepository {
  get(db: Db, id: string) {
    return db.selectFrom('periodic_reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insert(db: Db, row: ReportRow) {
    return db.insertInto('periodic_reports').values(row).execute();
  }

  /** Optimistic update: only when the version and status still match; returns whether a row changed. */
  async updateVersioned(db: Db, id: string, version: number, patch: Partial<ReportRow>, statuses: string[]): Promise<boolean> {
    const r = await db
      .updateTable('periodic_reports')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', 'in', statuses)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async remove(db: Db, id: string) {
    await db.updateTable('report_request_targets').set({ report_id: null }).where('report_id', '=', id).execute();
    await db.deleteFrom('report_events').where('report_id', '=', id).execute();
    await db.deleteFrom('periodic_reports').where('id', '=', id).execute();
  }

  /** A live (not returned) report of the same unit, campaign and period. */
  findSamePeriod(db: Db, unitId: string, campaignId: string | null, from: string, to: string) {
    let q = db
      .selectFrom('periodic_reports')
      .select(['id', 'status', 'number_text'])
      .where('unit_id', '=', unitId)
      .where('period_from', '=', from)
      .where('period_to', '=', to)
      .where('status', '<>', 'returned');
    q = campaignId ? q.where('campaign_id', '=', campaignId) : q.where('campaign_id', 'is', null);
    return q.executeTakeFirst();
  }

  async list(db: Db, f: ReportFilter): Promise<{ rows: ReportRow[]; total: number }> {
    let q = db.selectFrom('periodic_reports');
    if (f.units !== 'all') q = q.where('unit_id', 'in', f.units.length ? f.units : ['']);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.year) q = q.where('period_year', '=', f.year);
    if (f.periodKind) q = q.where('period_kind', '=', f.periodKind);
    if (f.requestId) q = q.where('request_id', '=', f.requestId);
    if (f.draftUnits !== 'all') {
      const writable = [...f.draftUnits];
      q = q.where((eb) => eb.or([eb('status', '<>', 'draft'), eb('unit_id', 'in', writable.length ? writable : [''])]));
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .selectAll()
      .orderBy('period_to', 'desc')
      .orderBy('period_from', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { rows, total: Number(total?.n ?? 0) };
  }

  // ---- events ----

  async addEvent(db: Db, e: Omit<ReportEventTable, 'seq'>) {
    const last = await db.selectFrom('report_events').select((eb) => eb.fn.max<number>('seq').as('m')).where('report_id', '=', e.report_id).executeTakeFirst();
    await db
      .insertInto('report_events')
      .values({ ...e, seq: Number(last?.m ?? 0) + 1 })
      .execute();
  }

  events(db: Db, reportId: string) {
    return db
      .selectFrom('report_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.kind', 'e.comment', 'e.at', 'u.full_name'])
      .where('e.report_id', '=', reportId)
      .orderBy('e.seq')
      .execute();
  }

  async userNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (!list.length) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', list).execute();
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  async campaignNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (!list.length) return new Map();
    const rows = await db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', list).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ---- what the sections prefill from ----

  /** Documents the unit issued in the period (the plans module's table): number, date, title, subject. */
  issuedDocuments(db: Db, unitIds: string[], from: string, to: string) {
    return db
      .selectFrom('plans')
      .select(['id', 'doc_type', 'number_text', 'doc_date', 'title', 'subject'])
      .where('issuing_unit_id', 'in', unitIds.length ? unitIds : [''])
      .where('status', 'in', ['issued', 'closed'])
      .where('is_template', '=', 0)
      .where('doc_date', '>=', from)
      .where('doc_date', '<=', to)
      .orderBy('doc_date')
      .orderBy('number')
      .execute();
  }

  /** Plans of units above that asked this unit for an implementing plan, issued in the period. */
  receivedRequests(db: Db, unitIds: string[], from: string, to: string) {
    return db
      .selectFrom('implementation_requests as q')
      .innerJoin('plans as p', 'p.id', 'q.plan_id')
      .select(['p.id', 'p.doc_type', 'p.number_text', 'p.doc_date', 'p.title', 'p.subject', 'p.issuing_unit_id', 'q.implemented_at'])
      .where('q.target_unit_id', 'in', unitIds.length ? unitIds : [''])
      .where('p.doc_date', '>=', from)
      .where('p.doc_date', '<=', to)
      .orderBy('p.doc_date')
      .execute();
  }

  /** Non-draft reports of these units for exactly this period and campaign. */
  async reportsForPeriod(db: Db, unitIds: string[], campaignId: string | null, from: string, to: string): Promise<ReportRow[]> {
    const out: ReportRow[] = [];
    for (let i = 0; i < unitIds.length; i += CHUNK) {
      let q = db
        .selectFrom('periodic_reports')
        .selectAll()
        .where('unit_id', 'in', unitIds.slice(i, i + CHUNK))
        .where('period_from', '=', from)
        .where('period_to', '=', to)
        .where('status', '<>', 'draft');
      q = campaignId ? q.where('campaign_id', '=', campaignId) : q.where('campaign_id', 'is', null);
      out.push(...(await q.execute()));
    }
    return out;
  }

  // ---- requests ----

  getRequest(db: Db, id: string) {
    return db.selectFrom('report_requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertRequest(db: Db, row: RequestRow, targets: string[]) {
    return (async () => {
      await db.insertInto('report_requests').values(row).execute();
      for (let i = 0; i < targets.length; i += CHUNK) {
        await db
          .insertInto('report_request_targets')
          .values(targets.slice(i, i + CHUNK).map((u) => ({ request_id: row.id, unit_id: u, report_id: null })))
          .execute();
      }
    })();
  }

  targets(db: Db, requestIds: string[]) {
    return db
      .selectFrom('report_request_targets as t')
      .leftJoin('periodic_reports as r', 'r.id', 't.report_id')
      .select(['t.request_id', 't.unit_id', 't.report_id', 'r.status', 'r.number_text', 'r.submitted_at'])
      .where('t.request_id', 'in', requestIds.length ? requestIds : [''])
      .execute();
  }

  target(db: Db, requestId: string, unitId: string) {
    return db.selectFrom('report_request_targets').selectAll().where('request_id', '=', requestId).where('unit_id', '=', unitId).executeTakeFirst();
  }

  linkTarget(db: Db, requestId: string, unitId: string, reportId: string) {
    return db.updateTable('report_request_targets').set({ report_id: reportId }).where('request_id', '=', requestId).where('unit_id', '=', unitId).execute();
  }

  /** An open request addressed to the unit for exactly this period and campaign (a report started without `requestId`). */
  openRequestFor(db: Db, unitId: string, campaignId: string | null, from: string, to: string) {
    let q = db
      .selectFrom('report_request_targets as t')
      .innerJoin('report_requests as q', 'q.id', 't.request_id')
      .select(['q.id', 'q.deadline', 'q.unit_id'])
      .where('t.unit_id', '=', unitId)
      .where('t.report_id', 'is', null)
      .where('q.period_from', '=', from)
      .where('q.period_to', '=', to);
    q = campaignId ? q.where('q.campaign_id', '=', campaignId) : q.where('q.campaign_id', 'is', null);
    return q.orderBy('q.created_at').executeTakeFirst();
  }

  async listRequests(db: Db, f: { sentBy?: string[]; receivedBy?: string[]; page: number; pageSize: number }): Promise<{ rows: RequestRow[]; total: number }> {
    let q = db.selectFrom('report_requests as q');
    if (f.sentBy) q = q.where('q.unit_id', 'in', f.sentBy.length ? f.sentBy : ['']);
    if (f.receivedBy) {
      const units = f.receivedBy.length ? f.receivedBy : [''];
      q = q.where(({ exists, selectFrom }) => exists(selectFrom('report_request_targets as t').select('t.request_id').whereRef('t.request_id', '=', 'q.id').where('t.unit_id', 'in', units)));
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .selectAll('q')
      .orderBy('q.deadline', 'desc')
      .orderBy('q.created_at', 'desc')
      .orderBy('q.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { rows, total: Number(total?.n ?? 0) };
  }

  /**
   * Open targets (no report, or a draft / returned one) of units in the set, soonest deadline first:
   * the dashboard's follow-up panel and the reminder job.
   */
  async openTargets(db: Db, unitIds: string[] | 'all', opts: { limit?: number; deadlineTo?: string } = {}) {
    const run = (units: string[] | null) => {
      let q = db
        .selectFrom('report_request_targets as t')
        .innerJoin('report_requests as q', 'q.id', 't.request_id')
        .leftJoin('periodic_reports as r', 'r.id', 't.report_id')
        .select(['q.id as request_id', 'q.title', 'q.deadline', 'q.unit_id as requester_id', 't.unit_id', 't.report_id', 'r.status'])
        .where((eb) => eb.or([eb('t.report_id', 'is', null), eb('r.status', 'in', ['draft', 'returned'])]));
      if (units) q = q.where('t.unit_id', 'in', units);
      if (opts.deadlineTo) q = q.where('q.deadline', '<=', opts.deadlineTo);
      return q.orderBy('q.deadline').orderBy('q.id').orderBy('t.unit_id').execute();
    };
    if (unitIds === 'all') return run(null);
    const out: Awaited<ReturnType<typeof run>> = [];
    for (let i = 0; i < unitIds.length; i += CHUNK) out.push(...(await run(unitIds.slice(i, i + CHUNK))));
    out.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.request_id.localeCompare(b.request_id) || a.unit_id.localeCompare(b.unit_id));
    return out;
  }
}

