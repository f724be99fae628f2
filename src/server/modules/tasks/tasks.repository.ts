import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { type Db, foldedColumn } from '../../platform/db.js';
import type { Database, TaskNoteTable, TaskOccurrenceTable, TaskTable } from '../../platform/db-schema.js';
import { foldVietnamese } from '../../platform/validation.js';

/** Table added by migration 2026112604 (typed here so the platform schema file stays untouched). */
export interface ReminderSentTable {
  entity_id: string;
  kind: string;
  entity_type: string;
  sent_at: string;
}
export type TasksDatabase = Database & { reminders_sent: ReminderSentTable };
export const withReminders = (db: Db) => db as unknown as Kysely<TasksDatabase>;

export type TaskRow = TaskTable;
export type OccurrenceRow = TaskOccurrenceTable;

export interface TaskFilter {
  unitId: string;
  planId?: string;
  campaignId?: string;
  status?: string;
  overdue?: boolean;
  search?: string;
  /** A unit seen only through a past grant: tasks started up to this day. */
  startedBy?: string;
  today: string;
  page: number;
  pageSize: number;
}

export interface OverviewCounts {
  unit_id: string;
  total: number;
  not_started: number;
  in_progress: number;
  done: number;
  overdue: number;
}

/** Plan fields tasks need (read from the plans module's table). */
export interface PlanRef {
  id: string;
  issuing_unit_id: string;
  campaign_id: string | null;
  number_text: string | null;
  subject: string;
  doc_date: string | null;
  period_start: string | null;
  period_end: string | null;
  status: string;
}

const INSERT_CHUNK = 200;

export class TasksRepository {
  constructor(private readonly db: Db) {}

  findTask(trx: Db, id: string): Promise<TaskRow | undefined> {
    return trx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertTasks(trx: Db, rows: Insertable<TaskTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx.insertInto('tasks').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  }

  async insertOccurrences(trx: Db, rows: Insertable<TaskOccurrenceTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK * 2) await trx.insertInto('task_occurrences').values(rows.slice(i, i + INSERT_CHUNK * 2)).execute();
  }

  /** Optimistic update: false when the version no longer matches. */
  async updateTask(trx: Db, id: string, version: number, patch: Updateable<TaskTable>): Promise<boolean> {
    const r = await trx
      .updateTable('tasks')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  occurrences(trx: Db, taskIds: string[]): Promise<OccurrenceRow[]> {
    if (taskIds.length === 0) return Promise.resolve([]);
    return trx.selectFrom('task_occurrences').selectAll().where('task_id', 'in', taskIds).orderBy('task_id').orderBy('due_date').execute();
  }

  deleteOccurrences(trx: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve();
    return trx.deleteFrom('task_occurrences').where('id', 'in', ids).execute().then(() => undefined);
  }

  markOccurrenceDone(trx: Db, id: string, at: string) {
    return trx.updateTable('task_occurrences').set({ done_at: at }).where('id', '=', id).where('done_at', 'is', null).execute();
  }

  /** Counts and earliest open due date of a task's occurrences, in SQL. */
  async occurrenceSummary(trx: Db, taskId: string): Promise<{ total: number; done: number; nextDue: string | null }> {
    const r = await trx
      .selectFrom('task_occurrences')
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`coalesce(sum(case when done_at is null then 0 else 1 end), 0)`.as('done'),
        sql<string | null>`min(case when done_at is null then due_date end)`.as('next_due'),
      ])
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    return { total: Number(r?.total ?? 0), done: Number(r?.done ?? 0), nextDue: r?.next_due ?? null };
  }

  async list(f: TaskFilter): Promise<{ rows: TaskRow[]; total: number }> {
    let q = this.db.selectFrom('tasks').where('unit_id', '=', f.unitId);
    if (f.startedBy) q = q.where('start_date', '<=', f.startedBy);
    if (f.planId) q = q.where('plan_id', '=', f.planId);
    if (f.campaignId) q = q.where('campaign_id', '=', f.campaignId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.overdue === true) q = q.where('status', '<>', 'done').where('next_due_date', '<', f.today);
    if (f.overdue === false) q = q.where((eb) => eb.or([eb('status', '=', 'done'), eb('next_due_date', 'is', null), eb('next_due_date', '>=', f.today)]));
    if (f.search) {
      const needle = `%${foldVietnamese(f.search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<boolean>`${foldedColumn('title')} like ${needle} escape '\\'`);
    }
    const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    const rows = await q
      .selectAll()
      .orderBy(sql`case when status = 'done' then 1 else 0 end`)
      .orderBy(sql`case when next_due_date is null then 1 else 0 end`)
      .orderBy('next_due_date')
      .orderBy('title')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { rows, total: Number(total?.n ?? 0) };
  }

  /** Units × status counts of one plan's or one campaign's tasks: ONE grouped query. */
  overview(by: { planId: string } | { campaignId: string }, today: string): Promise<OverviewCounts[]> {
    let q = this.db.selectFrom('tasks');
    q = 'planId' in by ? q.where('plan_id', '=', by.planId) : q.where('campaign_id', '=', by.campaignId);
    return q
      .select([
        'unit_id',
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(case when status = 'not_started' then 1 else 0 end)`.as('not_started'),
        sql<number>`sum(case when status = 'in_progress' then 1 else 0 end)`.as('in_progress'),
        sql<number>`sum(case when status = 'done' then 1 else 0 end)`.as('done'),
        sql<number>`sum(case when status <> 'done' and next_due_date < ${today} then 1 else 0 end)`.as('overdue'),
      ])
      .groupBy('unit_id')
      .execute();
  }

  planRef(trx: Db, planId: string): Promise<PlanRef | undefined> {
    return trx
      .selectFrom('plans')
      .select(['id', 'issuing_unit_id', 'campaign_id', 'number_text', 'subject', 'doc_date', 'period_start', 'period_end', 'status'])
      .where('id', '=', planId)
      .executeTakeFirst();
  }

  /** Units the plan was addressed to (requests and deliveries), to let recipients link their tasks to it. */
  async planAddressees(trx: Db, planId: string): Promise<Set<string>> {
    const [reqs, dels] = await Promise.all([
      trx.selectFrom('implementation_requests').select('target_unit_id as u').where('plan_id', '=', planId).execute(),
      trx.selectFrom('deliveries').select('recipient_unit_id as u').where('plan_id', '=', planId).execute(),
    ]);
    return new Set([...reqs, ...dels].map((r) => r.u));
  }

  planNumbers(trx: Db, planIds: string[]): Promise<Array<{ id: string; number_text: string | null }>> {
    if (planIds.length === 0) return Promise.resolve([]);
    return trx.selectFrom('plans').select(['id', 'number_text']).where('id', 'in', planIds).execute();
  }

  campaignUnit(trx: Db, campaignId: string): Promise<{ id: string; unit_id: string } | undefined> {
    return trx.selectFrom('campaigns').select(['id', 'unit_id']).where('id', '=', campaignId).executeTakeFirst();
  }

  async existingIds(trx: Db, table: 'topics' | 'forms', ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await trx.selectFrom(table).select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  unitNames(trx: Db, ids: string[]): Promise<Array<{ id: string; name: string }>> {
    if (ids.length === 0) return Promise.resolve([]);
    return trx.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
  }

  userNames(trx: Db, ids: string[]): Promise<Array<{ id: string; full_name: string }>> {
    if (ids.length === 0) return Promise.resolve([]);
    return trx.selectFrom('users').select(['id', 'full_name']).where('id', 'in', ids).execute();
  }

  /** True when the person holds a current role on the unit. */
  async holdsRoleOn(trx: Db, userId: string, unitId: string, today: string): Promise<boolean> {
    const r = await trx
      .selectFrom('role_grants')
      .innerJoin('users', 'users.id', 'role_grants.user_id')
      .select('role_grants.id')
      .where('role_grants.user_id', '=', userId)
      .where('role_grants.unit_id', '=', unitId)
      .where('users.disabled', '=', 0)
      .where((eb) => eb.or([eb('role_grants.valid_from', 'is', null), eb('role_grants.valid_from', '<=', today)]))
      .where((eb) => eb.or([eb('role_grants.valid_to', 'is', null), eb('role_grants.valid_to', '>=', today)]))
      .limit(1)
      .executeTakeFirst();
    return !!r;
  }

  /**
   * People with a current grant on the unit itself (enabled accounts), one row per grant: who a task
   * of the unit can be assigned to. Reads the accounts module's tables (docs/decisions.md,
   * cross-module reads); only the id, name, position and role — no contact details.
   */
  assignees(trx: Db, unitId: string, today: string) {
    return trx
      .selectFrom('role_grants')
      .innerJoin('users', 'users.id', 'role_grants.user_id')
      .select(['users.id as user_id', 'users.full_name', 'users.position', 'role_grants.role'])
      .where('role_grants.unit_id', '=', unitId)
      .where('users.disabled', '=', 0)
      .where((eb) => eb.or([eb('role_grants.valid_from', 'is', null), eb('role_grants.valid_from', '<=', today)]))
      .where((eb) => eb.or([eb('role_grants.valid_to', 'is', null), eb('role_grants.valid_to', '>=', today)]))
      .execute();
  }

  insertNote(trx: Db, row: Insertable<TaskNoteTable>) {
    return trx.insertInto('task_notes').values(row).execute();
  }

  notes(trx: Db, taskId: string) {
    return trx
      .selectFrom('task_notes')
      .leftJoin('users', 'users.id', 'task_notes.user_id')
      .select(['task_notes.id', 'task_notes.occurrence_id', 'task_notes.user_id', 'users.full_name', 'task_notes.note', 'task_notes.progress', 'task_notes.file_ids', 'task_notes.created_at'])
      .where('task_notes.task_id', '=', taskId)
      .orderBy('task_notes.created_at', 'desc')
      .orderBy('task_notes.id')
      .execute();
  }

  files(trx: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return trx.selectFrom('files').select(['id', 'name', 'mime', 'size']).where('id', 'in', ids).execute();
  }

  /** Tasks already made from a plan, to keep the cascade idempotent. */
  async planTaskKeys(trx: Db, planId: string): Promise<Set<string>> {
    const rows = await trx.selectFrom('tasks').select(['responsibility_id', 'unit_id', 'title']).where('plan_id', '=', planId).execute();
    return new Set(rows.map((r) => `${r.responsibility_id}|${r.unit_id}|${r.title}`));
  }
}
