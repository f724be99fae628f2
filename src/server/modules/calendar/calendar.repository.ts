import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db.js';
import type { KeyDateTable } from '../../platform/db-schema.js';

/**
 * Calendar reads. Besides its own tables (key_dates, calendar_feeds) it reads, never writes, the plans
 * module's plans / plan_milestones / implementation_requests / deliveries and the tasks module's
 * tasks / task_occurrences (a deliberate cross-module read, see docs/decisions.md).
 */
export class CalendarRepository {
  constructor(private readonly db: Db) {}

  keyDates(unitIds: string[]) {
    return this.db
      .selectFrom('key_dates')
      .selectAll()
      .where((eb) => (unitIds.length ? eb.or([eb('unit_id', 'is', null), eb('unit_id', 'in', unitIds)]) : eb('unit_id', 'is', null)))
      .orderBy('month')
      .orderBy('day')
      .orderBy('date')
      .orderBy('name')
      .execute();
  }

  keyDate(id: string) {
    return this.db.selectFrom('key_dates').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertKeyDate(trx: Db, row: Insertable<KeyDateTable>) {
    return trx.insertInto('key_dates').values(row).execute();
  }

  updateKeyDate(trx: Db, id: string, patch: Updateable<KeyDateTable>) {
    return trx.updateTable('key_dates').set(patch).where('id', '=', id).execute();
  }

  deleteKeyDate(trx: Db, id: string) {
    return trx.deleteFrom('key_dates').where('id', '=', id).execute();
  }

  campaign(id: string) {
    return this.db.selectFrom('campaigns').select(['id', 'unit_id']).where('id', '=', id).executeTakeFirst();
  }

  /** Issued (or closed) plans issued by the unit or addressed to it, whose period touches [from, to]. */
  plansForUnit(unitId: string, from: string, to: string) {
    return this.db
      .selectFrom('plans')
      .select(['id', 'issuing_unit_id', 'number_text', 'subject', 'period_start', 'period_end', 'doc_date'])
      .where('status', 'in', ['issued', 'closed'])
      .where('is_template', '=', 0)
      .where((eb) =>
        eb.or([
          eb('issuing_unit_id', '=', unitId),
          eb('id', 'in', eb.selectFrom('implementation_requests').select('plan_id').where('target_unit_id', '=', unitId)),
          eb('id', 'in', eb.selectFrom('deliveries').select('plan_id').where('recipient_unit_id', '=', unitId)),
        ]),
      )
      .where((eb) => eb.or([eb('period_start', 'is', null), eb('period_start', '<=', to)]))
      .where((eb) => eb.or([eb('period_end', 'is', null), eb('period_end', '>=', from)]))
      .orderBy('period_start')
      .execute();
  }

  milestones(planIds: string[]) {
    if (planIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('plan_milestones').selectAll().where('plan_id', 'in', planIds).execute();
  }

  occurrencesForUnit(unitId: string, from: string, to: string) {
    return this.db
      .selectFrom('task_occurrences as o')
      .innerJoin('tasks as t', 't.id', 'o.task_id')
      .select(['o.id', 'o.due_date', 'o.period_start', 'o.period_end', 'o.done_at', 't.id as task_id', 't.title', 't.recurrence'])
      .where('t.unit_id', '=', unitId)
      .where('o.due_date', '>=', from)
      .where('o.due_date', '<=', to)
      .orderBy('o.due_date')
      .execute();
  }

  /** Requests addressed to the unit (its own implementing plan is due). */
  requestsToUnit(unitId: string, from: string, to: string) {
    return this.db
      .selectFrom('implementation_requests as q')
      .innerJoin('plans as p', 'p.id', 'q.plan_id')
      .select(['q.id', 'q.deadline', 'q.implemented_at', 'p.id as plan_id', 'p.number_text', 'p.subject'])
      .where('q.target_unit_id', '=', unitId)
      .where('q.deadline', '>=', from)
      .where('q.deadline', '<=', to)
      .execute();
  }

  /** Deadlines the unit set for others, one row per plan and deadline. */
  requestsFromUnit(unitId: string, from: string, to: string) {
    return this.db
      .selectFrom('implementation_requests as q')
      .innerJoin('plans as p', 'p.id', 'q.plan_id')
      .select((eb) => ['p.id as plan_id', 'p.number_text', 'p.subject', 'q.deadline', eb.fn.countAll<number>().as('n')])
      .where('p.issuing_unit_id', '=', unitId)
      .where('q.deadline', '>=', from)
      .where('q.deadline', '<=', to)
      .groupBy(['p.id', 'p.number_text', 'p.subject', 'q.deadline'])
      .execute();
  }

  feedByHash(hash: string) {
    return this.db.selectFrom('calendar_feeds').select(['unit_id']).where('token_hash', '=', hash).executeTakeFirst();
  }

  async replaceFeed(trx: Db, unitId: string, hash: string, userId: string | null, now: string) {
    await trx.deleteFrom('calendar_feeds').where('unit_id', '=', unitId).execute();
    await trx.insertInto('calendar_feeds').values({ unit_id: unitId, token_hash: hash, created_by: userId, created_at: now }).execute();
  }
}
