import { sql } from 'kysely';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/index.js';

/** Job that carries work over on the effective date of a succession recorded in advance. */
export const CARRY_OVER_JOB = 'tasks.carry_over';

export interface CarryOverInput {
  /** Units that ceased (merged or split). */
  sourceIds: string[];
  /** The unit that takes over their open work (the first successor). */
  successorId: string;
  /** First day of the successor (YYYY-MM-DD). */
  effectiveDate: string;
}

export interface CarryOverDeps {
  audit: AuditService;
  notifications: NotificationsService;
  clock: Clock;
}

const CHUNK = 200;

/**
 * Reassigns the open (not done) tasks of `sourceIds` to `successorId`, inside the caller's transaction
 * (every read goes through `trx`). History is kept: each task gets a note "Chuyển từ … sang … do sắp xếp
 * đơn vị từ dd/mm/yyyy" and an audit entry; done tasks stay with the unit that did them. A named
 * assignee who holds no role on the successor on the effective date is cleared (the successor assigns
 * its own people). The successor's officers and leaders get one notification. Implementation requests
 * are left addressed to the sources (docs/decisions.md): the successor sees them through its roll-up.
 */
export async function carryOverOpenWork(trx: Db, ctx: Ctx, input: CarryOverInput, deps: CarryOverDeps): Promise<{ tasks: number }> {
  const sourceIds = [...new Set(input.sourceIds)].filter((id) => id !== input.successorId);
  if (sourceIds.length === 0) return { tasks: 0 };
  const open = await trx
    .selectFrom('tasks')
    .select(['id', 'unit_id', 'title', 'assignee_user_id', 'plan_id'])
    .where('unit_id', 'in', sourceIds)
    .where('status', '<>', 'done')
    .orderBy('unit_id')
    .orderBy('id')
    .execute();
  if (open.length === 0) return { tasks: 0 };

  const units = await trx
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', 'in', [...sourceIds, input.successorId])
    .execute();
  const name = new Map(units.map((u) => [u.id, u.name]));
  const successorName = name.get(input.successorId) ?? input.successorId;
  const day = input.effectiveDate;
  const assignees = [...new Set(open.map((t) => t.assignee_user_id).filter((u): u is string => !!u))];
  const staying = new Set(
    assignees.length
      ? (
          await trx
            .selectFrom('role_grants')
            .select('user_id')
            .where('unit_id', '=', input.successorId)
            .where('user_id', 'in', assignees)
            .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]))
            .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
            .execute()
        ).map((g) => g.user_id)
      : [],
  );

  const now = deps.clock.now().toISOString();
  const ids = open.map((t) => t.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    await trx
      .updateTable('tasks')
      .set({ unit_id: input.successorId, updated_at: now, version: sql<number>`version + 1` })
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  }
  const cleared = open.filter((t) => t.assignee_user_id && !staying.has(t.assignee_user_id)).map((t) => t.id);
  for (let i = 0; i < cleared.length; i += CHUNK) {
    await trx.updateTable('tasks').set({ assignee_user_id: null }).where('id', 'in', cleared.slice(i, i + CHUNK)).execute();
  }
  const clearedSet = new Set(cleared);
  const noteOf = (t: (typeof open)[number]) =>
    `Chuyển từ ${name.get(t.unit_id) ?? t.unit_id} sang ${successorName} do sắp xếp đơn vị từ ${formatVnDate(day)}.${
      clearedSet.has(t.id) ? ' Người được giao trước đây không thuộc đơn vị mới: đơn vị mới phân công lại.' : ''
    }`;
  const notes = open.map((t) => ({ id: newId(), task_id: t.id, occurrence_id: null, user_id: ctx.actor?.userId ?? null, note: noteOf(t), progress: null, file_ids: '[]', created_at: now }));
  for (let i = 0; i < notes.length; i += CHUNK) await trx.insertInto('task_notes').values(notes.slice(i, i + CHUNK)).execute();
  for (const t of open) {
    await deps.audit.record(trx, ctx, {
      action: 'task.carry_over',
      entityType: 'task',
      entityId: t.id,
      summary: `Chuyển nhiệm vụ «${t.title.slice(0, 150)}» từ ${name.get(t.unit_id) ?? t.unit_id} sang ${successorName} do sắp xếp đơn vị từ ${formatVnDate(day)}`,
      before: { unitId: t.unit_id, assigneeUserId: t.assignee_user_id },
      after: { unitId: input.successorId, assigneeUserId: clearedSet.has(t.id) ? null : t.assignee_user_id, effectiveDate: day },
    });
  }
  const from = sourceIds.map((s) => name.get(s) ?? s).join(', ');
  await deps.notifications.notify(trx, {
    unitId: input.successorId,
    kind: 'task.carried_over',
    title: `${open.length} nhiệm vụ chuyển sang đơn vị do sắp xếp đơn vị từ ${formatVnDate(day)}`,
    body: `Nhiệm vụ đang thực hiện của ${from} nay do ${successorName} tiếp tục thực hiện.`,
    link: '/app/nhiem-vu',
    entityType: 'unit',
    entityId: input.successorId,
    dedupeKey: `tasks-carried:${input.successorId}:${day}:${[...sourceIds].sort().join(',')}`,
  });
  return { tasks: open.length };
}

/**
 * `units.succeeded` handler (wired in services.ts): a merge or split that is already in effect carries
 * the sources' open tasks over at once, in the recording transaction; one recorded in advance is carried
 * over by a job on its effective date, so the sources keep their work until their last day.
 */
export class TaskCarryOver {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
    private readonly deps: CarryOverDeps,
  ) {
    jobs.register(CARRY_OVER_JOB, async (payload: CarryOverInput) => {
      await tx(this.db, (trx) => carryOverOpenWork(trx, systemCtx, payload, this.deps));
    });
  }

  async onUnitsSucceeded(trx: Db, p: { sourceIds: string[]; successorIds: string[]; effectiveDate: string }, ctx: Ctx): Promise<void> {
    const successorId = p.successorIds[0];
    if (!successorId) return;
    const input: CarryOverInput = { sourceIds: p.sourceIds, successorId, effectiveDate: p.effectiveDate };
    if (p.effectiveDate <= this.deps.clock.today()) {
      await carryOverOpenWork(trx, ctx, input, this.deps);
      return;
    }
    // 00:00 in Vietnam (UTC+7) on the effective date.
    const runAt = new Date(Date.parse(`${p.effectiveDate}T00:00:00+07:00`)).toISOString();
    await this.jobs.enqueue(CARRY_OVER_JOB, input, { runAt, trx, dedupeKey: `carry-over:${[...input.sourceIds].sort().join(',')}:${input.effectiveDate}` });
  }
}
