import { addDays, type Clock, formatVnDate } from '../../platform/clock.js';
import { type Db, tx } from '../../platform/db.js';
import type { NotificationsService } from '../notifications/index.js';
import type { UnitsService } from '../units/units.service.js';
import { withReminders } from './tasks.repository.js';

export const REMINDERS_JOB = 'reminders.daily';
/** Every day at 07:00 Asia/Ho_Chi_Minh (the JobQueue's time zone). */
export const REMINDERS_CRON = '0 7 * * *';

export interface ReminderCounts {
  taskDueSoon: number;
  taskOverdue: number;
  requestDueSoon: number;
  requestOverdue: number;
  notifications: number;
}

const CHUNK = 200;
const dmy = formatVnDate;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);

type Kind = 'task.due_soon' | 'task.overdue' | 'request.due_soon' | 'request.overdue';

/**
 * The daily reminder run: open task occurrences and implementation requests due within REMINDER_DAYS
 * days, and those already overdue. Each (record, kind) is reminded once: `reminders_sent` remembers
 * what was sent and every notification carries a dedupe key, so running twice sends nothing new.
 */
export class RemindersService {
  constructor(
    private readonly db: Db,
    private readonly notifications: NotificationsService,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly opts: { reminderDays: number },
  ) {}

  async runDaily(): Promise<ReminderCounts> {
    const today = this.clock.today();
    const limit = addDays(today, this.opts.reminderDays);
    const counts: ReminderCounts = { taskDueSoon: 0, taskOverdue: 0, requestDueSoon: 0, requestOverdue: 0, notifications: 0 };
    const tree = await this.units.tree();
    const unitName = (id: string) => tree.get(id)?.name ?? '';

    // ---- task occurrences due soon
    const dueSoon = await this.openOccurrences('task.due_soon', today, limit);
    await this.inChunks(dueSoon, async (trx, o) => {
      const left = daysBetween(today, o.due_date);
      counts.notifications += await this.notifications.notify(trx, {
        unitId: o.unit_id,
        userIds: o.assignee_user_id ? [o.assignee_user_id] : [],
        kind: 'task.due_soon',
        title: `Sắp đến hạn: ${o.title}`,
        body: `${o.recurrence === 'once' ? 'Hạn' : `Kỳ ${dmy(o.period_start)} – ${dmy(o.period_end)}, hạn`} ${dmy(o.due_date)} (${left === 0 ? 'hôm nay' : `còn ${left} ngày`}).`,
        link: `/app/nhiem-vu/${o.task_id}`,
        entityType: 'task',
        entityId: o.task_id,
        dedupeKey: `task-due-soon:${o.occ_id}`,
      });
      await this.mark(trx, o.occ_id, 'task.due_soon', 'task_occurrence');
    });
    counts.taskDueSoon = dueSoon.length;

    // ---- task occurrences overdue: the unit, and (summarised) the assigning unit
    const overdue = await this.openOccurrences('task.overdue', null, addDays(today, -1));
    await this.inChunks(overdue, async (trx, o) => {
      counts.notifications += await this.notifications.notify(trx, {
        unitId: o.unit_id,
        userIds: o.assignee_user_id ? [o.assignee_user_id] : [],
        kind: 'task.overdue',
        title: `Quá hạn: ${o.title}`,
        body: `Hạn ${dmy(o.due_date)} đã qua ${daysBetween(o.due_date, today)} ngày mà chưa báo cáo hoàn thành.`,
        link: `/app/nhiem-vu/${o.task_id}`,
        entityType: 'task',
        entityId: o.task_id,
        dedupeKey: `task-overdue:${o.occ_id}`,
      });
      await this.mark(trx, o.occ_id, 'task.overdue', 'task_occurrence');
    });
    counts.taskOverdue = overdue.length;
    const byAssigner = groupBy(
      overdue.filter((o) => o.assigner_unit_id !== o.unit_id),
      (o) => o.assigner_unit_id,
    );
    if (byAssigner.size) {
      await tx(this.db, async (trx) => {
        for (const [assigner, list] of byAssigner) {
          const first = list[0];
          const plans = new Set(list.map((o) => o.plan_id));
          const lines = list.slice(0, 5).map((o) => `- ${unitName(o.unit_id)}: ${o.title} (hạn ${dmy(o.due_date)})`);
          if (list.length > 5) lines.push(`… và ${list.length - 5} nhiệm vụ khác.`);
          counts.notifications += await this.notifications.notify(trx, {
            unitId: assigner,
            kind: 'task.overdue',
            title: list.length === 1 ? `Nhiệm vụ giao cho ${unitName(first.unit_id)} đã quá hạn: ${first.title}` : `${list.length} nhiệm vụ giao cho đơn vị cấp dưới đã quá hạn`,
            body: lines.join('\n'),
            link: list.length === 1 ? `/app/nhiem-vu/${first.task_id}` : plans.size === 1 && first.plan_id ? `/app/nhiem-vu?planId=${first.plan_id}` : '/app/nhiem-vu',
            entityType: list.length === 1 ? 'task' : 'unit',
            entityId: list.length === 1 ? first.task_id : assigner,
            dedupeKey: `task-overdue-assigner:${assigner}:${today}`,
          });
        }
      });
    }

    // ---- implementation requests (deadline for the target unit's own implementing plan)
    const reqSoon = await this.openRequests('request.due_soon', today, limit);
    await this.inChunks(reqSoon, async (trx, r) => {
      const left = daysBetween(today, r.deadline);
      counts.notifications += await this.notifications.notify(trx, {
        unitId: r.target_unit_id,
        kind: 'request.due_soon',
        title: `Sắp đến hạn ban hành kế hoạch thực hiện ${planLabel(r)}`,
        body: `Hạn ${dmy(r.deadline)} (${left === 0 ? 'hôm nay' : `còn ${left} ngày`}): ${r.subject}.`,
        link: `/app/ke-hoach/${r.plan_id}`,
        entityType: 'implementation_request',
        entityId: r.id,
        dedupeKey: `request-due-soon:${r.id}`,
      });
      await this.mark(trx, r.id, 'request.due_soon', 'implementation_request');
    });
    counts.requestDueSoon = reqSoon.length;

    const reqOverdue = await this.openRequests('request.overdue', null, addDays(today, -1));
    await this.inChunks(reqOverdue, async (trx, r) => {
      counts.notifications += await this.notifications.notify(trx, {
        unitId: r.target_unit_id,
        kind: 'request.overdue',
        title: `Quá hạn ban hành kế hoạch thực hiện ${planLabel(r)}`,
        body: `Hạn ${dmy(r.deadline)} đã qua ${daysBetween(r.deadline, today)} ngày: ${r.subject}.`,
        link: `/app/ke-hoach/${r.plan_id}`,
        entityType: 'implementation_request',
        entityId: r.id,
        dedupeKey: `request-overdue:${r.id}`,
      });
      await this.mark(trx, r.id, 'request.overdue', 'implementation_request');
    });
    counts.requestOverdue = reqOverdue.length;
    const byPlan = groupBy(reqOverdue, (r) => r.plan_id);
    if (byPlan.size) {
      await tx(this.db, async (trx) => {
        for (const [planId, list] of byPlan) {
          const r = list[0];
          counts.notifications += await this.notifications.notify(trx, {
            unitId: r.issuing_unit_id,
            kind: 'request.overdue',
            title: `${list.length} đơn vị quá hạn ban hành kế hoạch thực hiện ${planLabel(r)}`,
            body: list
              .slice(0, 10)
              .map((x) => `- ${unitName(x.target_unit_id)} (hạn ${dmy(x.deadline)})`)
              .concat(list.length > 10 ? [`… và ${list.length - 10} đơn vị khác.`] : [])
              .join('\n'),
            link: `/app/ke-hoach/${planId}`,
            entityType: 'plan',
            entityId: planId,
            dedupeKey: `request-overdue-issuer:${planId}:${today}`,
          });
        }
      });
    }
    return counts;
  }

  /** Open occurrences due in [from, to] (from null = any time) not yet reminded for `kind`. */
  private openOccurrences(kind: Kind, from: string | null, to: string) {
    const db = withReminders(this.db);
    let q = db
      .selectFrom('task_occurrences as o')
      .innerJoin('tasks as t', 't.id', 'o.task_id')
      .select(['o.id as occ_id', 'o.due_date', 'o.period_start', 'o.period_end', 't.id as task_id', 't.title', 't.unit_id', 't.assigner_unit_id', 't.assignee_user_id', 't.recurrence', 't.plan_id'])
      .where('o.done_at', 'is', null)
      .where('t.status', '<>', 'done')
      .where('o.due_date', '<=', to)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('reminders_sent as r').select('r.entity_id').whereRef('r.entity_id', '=', 'o.id').where('r.kind', '=', kind))),
      );
    if (from) q = q.where('o.due_date', '>=', from);
    return q.orderBy('o.due_date').orderBy('o.id').execute();
  }

  private async openRequests(kind: Kind, from: string | null, to: string) {
    const db = withReminders(this.db);
    let q = db
      .selectFrom('implementation_requests as q')
      .innerJoin('plans as p', 'p.id', 'q.plan_id')
      .select(['q.id', 'q.deadline', 'q.target_unit_id', 'p.id as plan_id', 'p.number_text', 'p.subject', 'p.issuing_unit_id'])
      .where('q.deadline', 'is not', null)
      .where('q.implemented_at', 'is', null)
      .where('p.status', '=', 'issued')
      .where('q.deadline', '<=', to)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('reminders_sent as r').select('r.entity_id').whereRef('r.entity_id', '=', 'q.id').where('r.kind', '=', kind))),
      );
    if (from) q = q.where('q.deadline', '>=', from);
    const rows = await q.orderBy('q.deadline').orderBy('q.id').execute();
    return rows.map((r) => ({ ...r, deadline: r.deadline as string }));
  }

  private async mark(trx: Db, entityId: string, kind: Kind, entityType: string) {
    await withReminders(trx)
      .insertInto('reminders_sent')
      .values({ entity_id: entityId, kind, entity_type: entityType, sent_at: this.clock.now().toISOString() })
      .onConflict((oc) => oc.columns(['entity_id', 'kind']).doNothing())
      .execute();
  }

  private async inChunks<T>(rows: T[], fn: (trx: Db, row: T) => Promise<void>) {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx(this.db, async (trx) => {
        for (const r of rows.slice(i, i + CHUNK)) await fn(trx, r);
      });
    }
  }
}

function planLabel(r: { number_text: string | null; subject: string }) {
  return r.number_text ? `Kế hoạch số ${r.number_text}` : `kế hoạch «${r.subject}»`;
}

function groupBy<T>(rows: T[], key: (r: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
