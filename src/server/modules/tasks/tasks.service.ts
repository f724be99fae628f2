import type { Insertable } from 'kysely';
import type { DomainEvents } from '../../events.js';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { TaskOccurrenceTable, TaskTable } from '../../platform/db-schema.js';
import { type AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { FileKind, FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/index.js';
import type { UnitTree } from '../units/unit-tree.js';
import type { CascadeSource } from './cascade-source.js';
import { MAX_PERIOD_YEARS, occurrencesFor, RECURRENCES, type Recurrence, shortTitle, yearOf } from './recurrence.js';
import type { OccurrenceRow, PlanRef, TaskRow, TasksRepository } from './tasks.repository.js';
import type { CreateTaskInput, NoteInput, TaskDto, UpdateTaskInput } from './tasks.schemas.js';

export const EVIDENCE_KINDS: readonly FileKind[] = ['pdf', 'docx', 'xlsx', 'jpeg', 'png', 'webp'];

export interface TasksOptions {
  maxUploadBytes: number;
}

const FIELD = {
  startDate: 'Ngày bắt đầu',
  endDate: 'Ngày kết thúc',
  dueDate: 'Hạn hoàn thành',
  unitId: 'Đơn vị thực hiện',
  assigneeUserId: 'Người thực hiện',
  planId: 'Kế hoạch',
  campaignId: 'Chiến dịch',
  topicIds: 'Nội dung tuyên truyền',
  formIds: 'Hình thức',
  occurrenceId: 'Kỳ báo cáo',
  recurrence: 'Chu kỳ',
} as const;

/** 400 naming the field, in the same shape as schema validation errors. */
function fieldError(code: string, field: string, message: string, label?: string): AppError {
  const name = label ?? FIELD[field as keyof typeof FIELD] ?? field;
  return invalid(code, `Trường «${name} (${field})»: ${message}. Hãy kiểm tra lại và gửi lại.`, [{ field, message }]);
}

const dmy = formatVnDate;
const link = (taskId: string) => `/app/nhiem-vu/${taskId}`;
const json = (v: unknown) => JSON.stringify(v ?? []);
const parseIds = (s: string): string[] => {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
};
const addYears = (d: string, n: number) => `${yearOf(d) + n}${d.slice(4)}`;

interface Schedule {
  start: string;
  end: string;
  due: string | null;
}

interface ScheduleInput {
  recurrence: Recurrence;
  startDate?: string | null;
  endDate?: string | null;
  dueDate?: string | null;
}

/** Field names used in messages; the plan cascade names the duty instead. */
type FieldNames = Record<'startDate' | 'endDate' | 'dueDate', [string, string?]>;
const API_FIELDS: FieldNames = { startDate: ['startDate'], endDate: ['endDate'], dueDate: ['dueDate'] };

export class TasksService {
  constructor(
    private readonly db: Db,
    private readonly repo: TasksRepository,
    private readonly notifications: NotificationsService,
    private readonly files: FileStore,
    private readonly events: EventBus<DomainEvents>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly opts: TasksOptions,
  ) {}

  // ---------------------------------------------------------------- schedule

  /**
   * Start, end and due date of a task, with defaults from its plan, checked:
   * end ≥ start, due ≥ start, due ≥ the plan's date, the period at most MAX_PERIOD_YEARS.
   */
  resolveSchedule(input: ScheduleInput, plan: Pick<PlanRef, 'doc_date' | 'period_start' | 'period_end'> | null, names: FieldNames = API_FIELDS): Schedule {
    const today = this.clock.today();
    const err = (code: string, key: keyof FieldNames, message: string) => fieldError(code, names[key][0], message, names[key][1]);
    const planDate = plan?.doc_date ?? null;
    let start = input.startDate ?? null;
    if (!start) {
      start = plan?.period_start ?? planDate ?? today;
      if (planDate && start < planDate) start = planDate; // work cannot start before the plan exists
    }
    let end: string;
    let due: string | null;
    if (input.recurrence === 'once') {
      due = input.dueDate ?? input.endDate ?? plan?.period_end ?? null;
      if (!due) throw err('due_required', 'dueDate', 'bắt buộc với nhiệm vụ thực hiện một lần');
      end = input.endDate ?? due;
    } else {
      due = input.dueDate ?? null;
      end = input.endDate ?? due ?? plan?.period_end ?? `${yearOf(start)}-12-31`;
    }
    if (due && planDate && due < planDate) {
      throw err('due_before_plan_date', 'dueDate', `hạn hoàn thành (${dmy(due)}) không được trước ngày ban hành kế hoạch (${dmy(planDate)})`);
    }
    if (due && due < start) throw err('due_before_start', 'dueDate', `hạn hoàn thành (${dmy(due)}) không được trước ngày bắt đầu (${dmy(start)})`);
    if (end < start) throw err('invalid_period', 'endDate', `ngày kết thúc (${dmy(end)}) phải sau hoặc bằng ngày bắt đầu (${dmy(start)})`);
    if (due && due > end) throw err('due_after_end', 'dueDate', `hạn hoàn thành (${dmy(due)}) không được sau ngày kết thúc (${dmy(end)})`);
    if (end > addYears(start, MAX_PERIOD_YEARS)) throw err('period_too_long', 'endDate', `thời gian thực hiện dài quá ${MAX_PERIOD_YEARS} năm`);
    if (input.recurrence !== 'once' && planDate) {
      const first = occurrencesFor(input.recurrence, start, end, due)[0];
      if (first && first.dueDate < planDate) {
        throw err('start_before_plan_date', 'startDate', `kỳ báo cáo đầu tiên (hạn ${dmy(first.dueDate)}) rơi trước ngày ban hành kế hoạch (${dmy(planDate)}); hãy bắt đầu từ tháng/quý ban hành`);
      }
    }
    return { start, end, due: input.recurrence === 'once' ? due : (input.dueDate ?? null) };
  }

  private occurrenceRows(taskId: string, recurrence: Recurrence, s: Schedule): Insertable<TaskOccurrenceTable>[] {
    return occurrencesFor(recurrence, s.start, s.end, s.due).map((o) => ({
      id: newId(),
      task_id: taskId,
      period_start: o.periodStart,
      period_end: o.periodEnd,
      due_date: o.dueDate,
      done_at: null,
      note: null,
    }));
  }

  // ---------------------------------------------------------------- reading

  /** Through a current grant, or a past one whose period covers the task's start (Scope.canSeeRecord). */
  private visible(scope: Scope, t: Pick<TaskRow, 'unit_id' | 'assigner_unit_id' | 'start_date'>): boolean {
    return scope.canSeeRecord(t.unit_id, t.start_date) || scope.canSeeRecord(t.assigner_unit_id, t.start_date);
  }

  private async load(scope: Scope, id: string, trx: Db = this.db): Promise<TaskRow> {
    const t = await this.repo.findTask(trx, id);
    if (!t || !this.visible(scope, t)) throw notFound('task_not_found', 'Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.');
    return t;
  }

  private async toDtos(trx: Db, rows: TaskRow[], tree: UnitTree): Promise<TaskDto[]> {
    const today = this.clock.today();
    const ids = rows.map((r) => r.id);
    const [occ, plans, users] = await Promise.all([
      this.repo.occurrences(trx, ids),
      this.repo.planNumbers(trx, [...new Set(rows.map((r) => r.plan_id).filter((x): x is string => !!x))]),
      this.repo.userNames(trx, [...new Set(rows.map((r) => r.assignee_user_id).filter((x): x is string => !!x))]),
    ]);
    const byTask = new Map<string, OccurrenceRow[]>();
    for (const o of occ) {
      const list = byTask.get(o.task_id);
      if (list) list.push(o);
      else byTask.set(o.task_id, [o]);
    }
    const planNo = new Map(plans.map((p) => [p.id, p.number_text]));
    const userName = new Map(users.map((u) => [u.id, u.full_name]));
    const unitName = (id: string) => tree.get(id)?.name ?? id;
    return rows.map((t) => ({
      id: t.id,
      planId: t.plan_id,
      planNumberText: t.plan_id ? (planNo.get(t.plan_id) ?? null) : null,
      campaignId: t.campaign_id,
      responsibilityId: t.responsibility_id,
      assignerUnitId: t.assigner_unit_id,
      assignerUnitName: unitName(t.assigner_unit_id),
      unitId: t.unit_id,
      unitName: unitName(t.unit_id),
      assigneeUserId: t.assignee_user_id,
      assigneeName: t.assignee_user_id ? (userName.get(t.assignee_user_id) ?? null) : null,
      title: t.title,
      description: t.description,
      topicIds: parseIds(t.topic_ids),
      formIds: parseIds(t.form_ids),
      recurrence: t.recurrence as Recurrence,
      startDate: t.start_date,
      endDate: t.end_date,
      dueDate: t.due_date,
      status: t.status as TaskDto['status'],
      overdue: t.status !== 'done' && !!t.next_due_date && t.next_due_date < today,
      nextDueDate: t.next_due_date,
      progress: t.progress,
      doneAt: t.done_at,
      occurrences: (byTask.get(t.id) ?? []).map((o) => ({
        id: o.id,
        periodStart: o.period_start,
        periodEnd: o.period_end,
        dueDate: o.due_date,
        doneAt: o.done_at,
        overdue: !o.done_at && o.due_date < today,
      })),
      createdAt: t.created_at,
      updatedAt: t.updated_at,
      version: t.version,
    }));
  }

  async get(scope: Scope, id: string) {
    const t = await this.load(scope, id);
    const [dto] = await this.toDtos(this.db, [t], scope.tree);
    const notes = await this.repo.notes(this.db, id);
    const fileIds = [...new Set(notes.flatMap((n) => parseIds(n.file_ids)))];
    const files = new Map((await this.repo.files(this.db, fileIds)).map((f) => [f.id, f]));
    return {
      ...dto,
      notes: notes.map((n) => ({
        id: n.id,
        occurrenceId: n.occurrence_id,
        userId: n.user_id,
        userName: n.full_name ?? null,
        note: n.note,
        progress: n.progress,
        files: parseIds(n.file_ids)
          .map((f) => files.get(f))
          .filter((f): f is NonNullable<typeof f> => !!f)
          .map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size })),
        createdAt: n.created_at,
      })),
    };
  }

  async list(scope: Scope, q: { unitId?: string; planId?: string; campaignId?: string; status?: string; overdue?: boolean; search?: string; page: number; pageSize: number }) {
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(unitId);
    const startedBy = scope.recordsUntil(unitId) ?? undefined;
    const { rows, total } = await this.repo.list({ ...q, unitId, startedBy, today: this.clock.today() });
    return { items: await this.toDtos(this.db, rows, scope.tree), total, page: q.page, pageSize: q.pageSize };
  }

  /** Units × status counts for the issuing unit of a plan (or the owner of a campaign). */
  async overview(scope: Scope, q: { planId?: string; campaignId?: string }) {
    if (!!q.planId === !!q.campaignId) {
      throw invalid('overview_filter_required', 'Cần chọn đúng một trong hai: kế hoạch (planId) hoặc chiến dịch (campaignId).', [{ field: 'planId', message: 'chọn kế hoạch hoặc chiến dịch' }]);
    }
    if (q.planId) {
      const plan = await this.repo.planRef(this.db, q.planId);
      if (!plan || !scope.canSee(plan.issuing_unit_id)) throw notFound('plan_not_found', 'Không tìm thấy kế hoạch hoặc bạn không có quyền xem.');
    } else {
      const c = await this.repo.campaignUnit(this.db, q.campaignId!);
      if (!c || !scope.canSee(c.unit_id)) throw notFound('campaign_not_found', 'Không tìm thấy chiến dịch hoặc bạn không có quyền xem.');
    }
    const rows = await this.repo.overview(q.planId ? { planId: q.planId } : { campaignId: q.campaignId! }, this.clock.today());
    const tree = scope.tree;
    return rows
      .filter((r) => scope.canSee(r.unit_id))
      .map((r) => ({
        unitId: r.unit_id,
        unitName: tree.get(r.unit_id)?.name ?? r.unit_id,
        notStarted: Number(r.not_started),
        inProgress: Number(r.in_progress),
        done: Number(r.done),
        overdue: Number(r.overdue),
        total: Number(r.total),
      }))
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
  }

  /**
   * People a task of `unitId` (default: the acting unit) can be assigned to: current grants on that
   * unit. Needs task.manage over it (404 outside the actor's scope, 403 without the right).
   */
  async assignees(scope: Scope, q: { unitId?: string }) {
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertCan('task.manage', unitId);
    const rows = await this.repo.assignees(this.db, unitId, this.clock.today());
    const people = new Map<string, { userId: string; fullName: string; position: string | null; roles: string[] }>();
    for (const r of rows) {
      const p = people.get(r.user_id) ?? { userId: r.user_id, fullName: r.full_name, position: r.position, roles: [] };
      if (!p.roles.includes(r.role)) p.roles.push(r.role);
      people.set(r.user_id, p);
    }
    return [...people.values()].map((p) => ({ ...p, roles: p.roles.sort() })).sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  }

  // ---------------------------------------------------------------- writing

  /** The plan a task may be linked to: issued, and issued by or addressed to a unit the actor sees. */
  private async linkablePlan(scope: Scope, trx: Db, planId: string): Promise<PlanRef> {
    const plan = await this.repo.planRef(trx, planId);
    let ok = !!plan && scope.canSee(plan.issuing_unit_id);
    if (plan && !ok) ok = [...(await this.repo.planAddressees(trx, planId))].some((u) => scope.canSee(u));
    if (!plan || !ok) throw fieldError('plan_not_found', 'planId', 'không tìm thấy kế hoạch hoặc bạn không có quyền xem');
    if (plan.status !== 'issued') throw fieldError('plan_not_issued', 'planId', 'chỉ gắn nhiệm vụ với kế hoạch đã ban hành và còn hiệu lực');
    return plan;
  }

  private async checkRefs(scope: Scope, trx: Db, r: { campaignId?: string | null; topicIds?: string[]; formIds?: string[] }) {
    if (r.campaignId) {
      const c = await this.repo.campaignUnit(trx, r.campaignId);
      const acting = scope.actingUnitId;
      const ancestors = acting ? scope.tree.ancestorsOn(acting, this.clock.today()) : [];
      if (!c || !(scope.canSee(c.unit_id) || ancestors.includes(c.unit_id))) {
        throw fieldError('campaign_not_found', 'campaignId', 'không tìm thấy chiến dịch hoặc bạn không có quyền xem');
      }
    }
    for (const [field, table] of [['topicIds', 'topics'], ['formIds', 'forms']] as const) {
      const wanted = [...new Set(r[field] ?? [])];
      if (wanted.length === 0) continue;
      const found = await this.repo.existingIds(trx, table, wanted);
      const missing = wanted.filter((x) => !found.has(x));
      if (missing.length) throw fieldError('reference_not_found', field, `không tìm thấy mục: ${missing.slice(0, 5).join(', ')}`);
    }
  }

  private async checkAssignee(trx: Db, userId: string | null | undefined, unitId: string) {
    if (!userId) return;
    if (!(await this.repo.holdsRoleOn(trx, userId, unitId, this.clock.today()))) {
      throw fieldError('assignee_invalid', 'assigneeUserId', 'người được giao phải đang giữ một vai trò tại đơn vị thực hiện');
    }
  }

  async create(scope: Scope, ctx: Ctx, input: CreateTaskInput) {
    const assigner = scope.actingUnitId;
    if (!assigner) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertHas('task.manage');
    scope.assertCan('task.manage', input.unitId);
    const today = this.clock.today();
    if (!scope.tree.isActiveOn(input.unitId, today)) throw fieldError('unit_inactive', 'unitId', 'đơn vị đã ngừng hoạt động');
    const id = newId();
    await tx(this.db, async (trx) => {
      const plan = input.planId ? await this.linkablePlan(scope, trx, input.planId) : null;
      const campaignId = input.campaignId ?? plan?.campaign_id ?? null;
      await this.checkRefs(scope, trx, { campaignId: input.campaignId, topicIds: input.topicIds, formIds: input.formIds });
      await this.checkAssignee(trx, input.assigneeUserId, input.unitId);
      const s = this.resolveSchedule(input, plan);
      const occ = this.occurrenceRows(id, input.recurrence, s);
      const now = this.clock.now().toISOString();
      await this.repo.insertTasks(trx, [
        {
          id,
          plan_id: plan?.id ?? null,
          campaign_id: campaignId,
          responsibility_id: null,
          assigner_unit_id: assigner,
          unit_id: input.unitId,
          assignee_user_id: input.assigneeUserId ?? null,
          title: input.title,
          description: input.description ?? null,
          topic_ids: json(input.topicIds),
          form_ids: json(input.formIds),
          recurrence: input.recurrence,
          start_date: s.start,
          end_date: s.end,
          due_date: s.due,
          status: 'not_started',
          progress: 0,
          next_due_date: occ[0]?.due_date ?? null,
          done_at: null,
          created_by: ctx.actor?.userId ?? null,
          created_at: now,
          updated_at: now,
          version: 1,
        },
      ]);
      await this.repo.insertOccurrences(trx, occ);
      await this.notifyAssigned(trx, { id, title: input.title, unitId: input.unitId, assignerUnitId: assigner, assigneeUserId: input.assigneeUserId ?? null, nextDue: occ[0]?.due_date ?? null }, scope.tree);
      await this.events.emit('task.assigned', trx, { taskId: id, unitId: input.unitId, assigneeUserId: input.assigneeUserId ?? null }, ctx);
      await this.audit.record(trx, ctx, {
        action: 'task.create',
        entityType: 'task',
        entityId: id,
        summary: `Giao nhiệm vụ «${input.title}» cho ${scope.tree.get(input.unitId)?.name ?? input.unitId}`,
        after: { ...input, startDate: s.start, endDate: s.end, dueDate: s.due },
      });
    });
    return this.get(scope, id);
  }

  private async notifyAssigned(trx: Db, t: { id: string; title: string; unitId: string; assignerUnitId: string; assigneeUserId: string | null; nextDue: string | null }, tree: UnitTree) {
    await this.notifications.notify(trx, {
      unitId: t.unitId,
      userIds: t.assigneeUserId ? [t.assigneeUserId] : [],
      kind: 'task.assigned',
      title: `Nhiệm vụ mới: ${t.title}`,
      body: `${tree.get(t.assignerUnitId)?.name ?? 'Đơn vị cấp trên'} giao${t.nextDue ? `; hạn gần nhất ${dmy(t.nextDue)}` : ''}.`,
      link: link(t.id),
      entityType: 'task',
      entityId: t.id,
      dedupeKey: `task-assigned:${t.id}`,
    });
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateTaskInput) {
    await tx(this.db, async (trx) => {
      const t = await this.load(scope, id, trx);
      if (!scope.can('task.manage', t.assigner_unit_id)) throw forbidden('forbidden', 'Chỉ đơn vị giao nhiệm vụ mới được sửa nhiệm vụ này.');
      if (t.version !== input.version) throw this.versionConflict();
      await this.checkRefs(scope, trx, { topicIds: input.topicIds, formIds: input.formIds });
      if (input.assigneeUserId !== undefined) await this.checkAssignee(trx, input.assigneeUserId, t.unit_id);
      const recurrence = (input.recurrence ?? t.recurrence) as Recurrence;
      const scheduleChanged =
        (input.recurrence !== undefined && input.recurrence !== t.recurrence) ||
        (input.startDate !== undefined && input.startDate !== t.start_date) ||
        (input.endDate !== undefined && input.endDate !== t.end_date) ||
        (input.dueDate !== undefined && input.dueDate !== t.due_date);
      const now = this.clock.now().toISOString();
      const patch: Partial<TaskTable> = { updated_at: now };
      if (input.title !== undefined) patch.title = input.title;
      if (input.description !== undefined) patch.description = input.description ?? null;
      if (input.topicIds !== undefined) patch.topic_ids = json(input.topicIds);
      if (input.formIds !== undefined) patch.form_ids = json(input.formIds);
      if (input.assigneeUserId !== undefined) patch.assignee_user_id = input.assigneeUserId ?? null;
      if (scheduleChanged) {
        const plan = t.plan_id ? ((await this.repo.planRef(trx, t.plan_id)) ?? null) : null;
        const pick = <K extends 'startDate' | 'endDate' | 'dueDate'>(k: K, current: string | null) => (input[k] !== undefined ? input[k] : current);
        const changedRecurrence = input.recurrence !== undefined && input.recurrence !== t.recurrence;
        const s = this.resolveSchedule(
          {
            recurrence,
            startDate: pick('startDate', t.start_date),
            // Switching between once and recurring: let the old end/due follow the new meaning.
            endDate: changedRecurrence && input.endDate === undefined ? (recurrence === 'once' ? null : (t.end_date ?? t.due_date)) : pick('endDate', t.end_date),
            dueDate: changedRecurrence && input.dueDate === undefined ? (recurrence === 'once' ? t.end_date : null) : pick('dueDate', t.due_date),
          },
          plan,
        );
        Object.assign(patch, { recurrence, start_date: s.start, end_date: s.end, due_date: s.due });
        await this.rematerialise(trx, t.id, recurrence, s);
      }
      if (!(await this.repo.updateTask(trx, id, t.version, patch))) throw this.versionConflict();
      if (scheduleChanged) await this.refresh(trx, { ...t, ...patch, version: t.version + 1 } as TaskRow, { occurrencesChanged: true });
      await this.audit.record(trx, ctx, { action: 'task.update', entityType: 'task', entityId: id, summary: `Sửa nhiệm vụ «${patch.title ?? t.title}»`, before: t, after: patch });
    });
    return this.get(scope, id);
  }

  private versionConflict() {
    return conflict('version_conflict', 'Nhiệm vụ vừa được người khác cập nhật. Hãy tải lại để xem bản mới nhất rồi sửa lại.');
  }

  /** Re-derives occurrences, keeping those (and their done state) whose due date is unchanged. */
  private async rematerialise(trx: Db, taskId: string, recurrence: Recurrence, s: Schedule) {
    const existing = await this.repo.occurrences(trx, [taskId]);
    const wanted = this.occurrenceRows(taskId, recurrence, s);
    const byDue = new Map(existing.map((o) => [o.due_date, o]));
    const keep = new Set<string>();
    const insert: Insertable<TaskOccurrenceTable>[] = [];
    for (const w of wanted) {
      const old = byDue.get(w.due_date);
      if (old && !keep.has(old.id)) {
        keep.add(old.id);
        if (old.period_start !== w.period_start || old.period_end !== w.period_end) {
          await trx.updateTable('task_occurrences').set({ period_start: w.period_start, period_end: w.period_end }).where('id', '=', old.id).execute();
        }
      } else insert.push(w);
    }
    await this.repo.deleteOccurrences(
      trx,
      existing.filter((o) => !keep.has(o.id)).map((o) => o.id),
    );
    await this.repo.insertOccurrences(trx, insert);
  }

  /**
   * Recomputes status, progress and next_due_date from the occurrences (in SQL), and bumps the version.
   * Done = every occurrence done. Progress: explicit when given; otherwise the share of periods done
   * for recurring tasks; 100 when done.
   */
  private async refresh(trx: Db, t: TaskRow, o: { touched?: boolean; progress?: number; occurrencesChanged?: boolean }): Promise<{ becameDone: boolean }> {
    const sum = await this.repo.occurrenceSummary(trx, t.id);
    const allDone = sum.total > 0 && sum.done === sum.total;
    let progress = o.progress ?? t.progress;
    if (o.progress === undefined && o.occurrencesChanged && t.recurrence !== 'once' && sum.total > 0) progress = Math.round((sum.done / sum.total) * 100);
    if (allDone) progress = 100;
    const status = allDone ? 'done' : o.touched || sum.done > 0 || progress > 0 || t.status !== 'not_started' ? 'in_progress' : 'not_started';
    const now = this.clock.now().toISOString();
    const ok = await this.repo.updateTask(trx, t.id, t.version, {
      status,
      progress,
      next_due_date: allDone ? null : sum.nextDue,
      done_at: allDone ? (t.done_at ?? now) : null,
      updated_at: now,
    });
    if (!ok) throw this.versionConflict();
    return { becameDone: allDone && t.status !== 'done' };
  }

  /** A progress note; optionally marks a period (or, for a one-off task, the task) done. */
  async addNote(scope: Scope, ctx: Ctx, taskId: string, input: NoteInput, fileIds: string[] = []) {
    await tx(this.db, async (trx) => {
      const t = await this.load(scope, taskId, trx);
      await this.noteInTx(trx, scope, ctx, t, input, fileIds);
    });
    return this.get(scope, taskId);
  }

  private assertCanWork(scope: Scope, t: TaskRow) {
    const ok = scope.can('task.manage', t.unit_id) || scope.can('activity.report', t.unit_id) || scope.can('task.manage', t.assigner_unit_id);
    if (!ok) throw forbidden('forbidden', 'Bạn không có quyền cập nhật tiến độ nhiệm vụ này.');
  }

  /**
   * For the activities module: a progress note (optionally closing a period) written when an activity
   * report citing the task is accepted, inside the accepting transaction (SQLite has one connection).
   * The caller has checked that the report may cite the task. False when the task no longer exists.
   */
  async noteFromActivity(trx: Db, scope: Scope, ctx: Ctx, taskId: string, input: NoteInput): Promise<boolean> {
    const t = await this.repo.findTask(trx, taskId);
    if (!t) return false;
    await this.noteInTx(trx, scope, ctx, t, input, [], true);
    return true;
  }

  private async noteInTx(trx: Db, scope: Scope, ctx: Ctx, t: TaskRow, input: NoteInput, fileIds: string[], checked = false) {
    if (!checked) this.assertCanWork(scope, t);
    const now = this.clock.now().toISOString();
    const occ = await this.repo.occurrences(trx, [t.id]);
    let occurrenceId = input.occurrenceId ?? null;
    if (occurrenceId && !occ.some((o) => o.id === occurrenceId)) throw fieldError('occurrence_not_found', 'occurrenceId', 'kỳ báo cáo không thuộc nhiệm vụ này');
    let changed = false;
    if (input.markDone) {
      const open = occ.filter((o) => !o.done_at);
      const targets = t.recurrence === 'once' ? open : occurrenceId ? open.filter((o) => o.id === occurrenceId) : open.slice(0, 1);
      if (!occurrenceId && targets[0]) occurrenceId = targets[0].id;
      for (const o of targets) await this.repo.markOccurrenceDone(trx, o.id, now);
      changed = targets.length > 0;
    }
    await this.repo.insertNote(trx, {
      id: newId(),
      task_id: t.id,
      occurrence_id: occurrenceId,
      user_id: ctx.actor?.userId ?? null,
      note: input.note,
      progress: input.progress ?? null,
      file_ids: json(fileIds),
      created_at: now,
    });
    const { becameDone } = await this.refresh(trx, t, { touched: true, progress: input.progress, occurrencesChanged: changed });
    if (becameDone && t.assigner_unit_id !== t.unit_id) {
      await this.notifications.notify(trx, {
        unitId: t.assigner_unit_id,
        kind: 'task.done',
        title: `Đã hoàn thành: ${t.title}`,
        body: `${scope.tree.get(t.unit_id)?.name ?? ''} báo cáo hoàn thành nhiệm vụ.`,
        link: link(t.id),
        entityType: 'task',
        entityId: t.id,
        dedupeKey: `task-done:${t.id}`,
      });
    }
    await this.audit.record(trx, ctx, {
      action: input.markDone ? 'task.done' : 'task.note',
      entityType: 'task',
      entityId: t.id,
      summary: `${input.markDone ? 'Báo cáo hoàn thành kỳ' : 'Cập nhật tiến độ'} nhiệm vụ «${t.title}»`,
      after: { ...input, fileIds },
    });
  }

  /** Evidence upload: the file and a note referring to it, in one transaction. */
  async addEvidence(scope: Scope, ctx: Ctx, taskId: string, upload: { buffer: Buffer; filename: string }, input: Partial<NoteInput>) {
    await tx(this.db, async (trx) => {
      const t = await this.load(scope, taskId, trx);
      this.assertCanWork(scope, t);
      const file = await this.files.save(
        { buffer: upload.buffer, name: upload.filename, unitId: t.unit_id, userId: ctx.actor?.userId ?? null, allowed: EVIDENCE_KINDS, maxBytes: this.opts.maxUploadBytes },
        trx,
      );
      await this.noteInTx(trx, scope, ctx, t, { note: input.note?.trim() || `Minh chứng: ${file.name}`, progress: input.progress, occurrenceId: input.occurrenceId, markDone: input.markDone }, [file.id]);
    });
    return this.get(scope, taskId);
  }

  /** An evidence file of a visible task. */
  async evidenceFile(scope: Scope, taskId: string, fileId: string) {
    await this.load(scope, taskId);
    const notes = await this.repo.notes(this.db, taskId);
    if (!notes.some((n) => parseIds(n.file_ids).includes(fileId))) throw notFound('file_not_found', 'Không tìm thấy tệp minh chứng.');
    return this.files.meta(fileId);
  }

  // ---------------------------------------------------------------- plan cascade

  /**
   * `plan.issued`: one task per duty per target unit, assigned by the issuing unit, inside the issuing
   * transaction. Idempotent (a duty already turned into a task for a unit is skipped). Returns how many.
   */
  async createFromPlan(trx: Db, ctx: Ctx, src: CascadeSource): Promise<number> {
    const p = src.plan;
    // Everything inside the issuing transaction goes through `trx` (SQLite has a single connection).
    const targetsOf = (r: CascadeSource['responsibilities'][number]) =>
      r.targetUnitIds.length === 0 && (r.targetGroup === 'self' || !r.targetGroup) ? [p.issuingUnitId] : r.targetUnitIds;
    const unitIds = [...new Set([p.issuingUnitId, ...src.responsibilities.flatMap(targetsOf)])];
    const names = new Map((await this.repo.unitNames(trx, unitIds)).map((u) => [u.id, u.name]));
    const planRef = { doc_date: p.docDate, period_start: p.periodStart, period_end: p.periodEnd };
    const existing = await this.repo.planTaskKeys(trx, p.id);
    const now = this.clock.now().toISOString();
    const tasks: Insertable<TaskTable>[] = [];
    const occ: Insertable<TaskOccurrenceTable>[] = [];
    const perUnit = new Map<string, number>();
    src.responsibilities.forEach((r, i) => {
      r.duties.forEach((d, j) => {
        const text = d.text.trim();
        if (!text) return;
        const recurrence = (RECURRENCES as readonly string[]).includes(d.recurrence) ? (d.recurrence as Recurrence) : 'once';
        const where = `responsibilities[${i}].duties[${j}]`;
        const label = `Nhiệm vụ ${j + 1} của mục «${r.heading}»`;
        if (recurrence === 'once' && !d.dueDate && !p.periodEnd) {
          // Nothing to take the due date from: say what to fill in, not only which field.
          const message = `Nhiệm vụ «${shortTitle(text, 80)}» (một lần) chưa có hạn hoàn thành và kế hoạch chưa có ngày kết thúc. Hãy nhập hạn hoàn thành hoặc thời gian thực hiện của kế hoạch.`;
          throw invalid('due_required', message, [{ field: `${where}.dueDate`, message }]);
        }
        const s = this.resolveSchedule({ recurrence, dueDate: d.dueDate }, planRef, {
          startDate: [`${where}.dueDate`, label],
          endDate: [`${where}.dueDate`, label],
          dueDate: [`${where}.dueDate`, label],
        });
        const title = shortTitle(text);
        for (const unitId of new Set(targetsOf(r))) {
          if (!names.has(unitId)) continue;
          const key = `${r.id}|${unitId}|${title}`;
          if (existing.has(key)) continue;
          existing.add(key);
          const id = newId();
          const rows = this.occurrenceRows(id, recurrence, s);
          tasks.push({
            id,
            plan_id: p.id,
            campaign_id: p.campaignId,
            responsibility_id: r.id,
            assigner_unit_id: p.issuingUnitId,
            unit_id: unitId,
            assignee_user_id: null,
            title,
            description: text,
            topic_ids: json(d.topicIds),
            form_ids: json(d.formIds),
            recurrence,
            start_date: s.start,
            end_date: s.end,
            due_date: s.due,
            status: 'not_started',
            progress: 0,
            next_due_date: rows[0]?.due_date ?? null,
            done_at: null,
            created_by: ctx.actor?.userId ?? null,
            created_at: now,
            updated_at: now,
            version: 1,
          });
          occ.push(...rows);
          perUnit.set(unitId, (perUnit.get(unitId) ?? 0) + 1);
        }
      });
    });
    if (tasks.length === 0) return 0;
    await this.repo.insertTasks(trx, tasks);
    await this.repo.insertOccurrences(trx, occ);
    const planLabel = p.numberText ? `Kế hoạch số ${p.numberText}` : `Kế hoạch «${p.subject}»`;
    const issuer = names.get(p.issuingUnitId) ?? 'Đơn vị cấp trên';
    for (const [unitId, n] of perUnit) {
      await this.notifications.notify(trx, {
        unitId,
        kind: 'task.assigned',
        title: `${n} nhiệm vụ mới từ ${planLabel}`,
        body: `${issuer} giao ${n} nhiệm vụ thực hiện ${planLabel}: ${p.subject}.`,
        link: `/app/nhiem-vu?planId=${p.id}`,
        entityType: 'plan',
        entityId: p.id,
        dedupeKey: `plan-tasks:${p.id}:${unitId}`,
      });
    }
    for (const t of tasks) await this.events.emit('task.assigned', trx, { taskId: t.id, unitId: t.unit_id, assigneeUserId: null }, ctx);
    await this.audit.record(trx, ctx, {
      action: 'task.create_from_plan',
      entityType: 'plan',
      entityId: p.id,
      summary: `Tạo ${tasks.length} nhiệm vụ cho ${perUnit.size} đơn vị từ ${planLabel}`,
    });
    return tasks.length;
  }
}
