import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { ownUnits, seesIssuingUnit } from './plans.policy.js';
import type { PlanRow } from './plans.repository.js';

const deliveryNotFound = () => notFound('delivery_not_found', 'Không tìm thấy văn bản đến hoặc bạn không có quyền xem.');

/** Issued documents in recipients' inboxes, read receipts and confirmations of receipt. */
export class PlanDistribution {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the first opening by someone who belongs to a recipient unit (a current grant on it).
   * Later openings change nothing.
   */
  async markOpened(scope: Scope, plan: PlanRow): Promise<void> {
    if (plan.status !== 'issued' && plan.status !== 'closed') return;
    const userId = scope.actor?.userId;
    const mine = [...ownUnits(scope)];
    if (!userId || mine.length === 0) return;
    await this.db
      .updateTable('deliveries')
      .set({ first_opened_at: this.clock.now().toISOString(), first_opened_by: userId })
      .where('plan_id', '=', plan.id)
      .where('recipient_unit_id', 'in', mine)
      .where('first_opened_at', 'is', null)
      .execute();
  }

  /**
   * Documents delivered to the acting unit (and the units it succeeded), newest first; `planId`
   * narrows to one plan's delivery (the plan page), `unopened` counting within the filter.
   */
  async inbox(scope: Scope, f: { unitId?: string; planId?: string; unread?: boolean; page: number; pageSize: number }) {
    const tree = scope.tree;
    let units: string[];
    if (f.unitId) {
      scope.assertSee(f.unitId);
      units = [f.unitId, ...tree.lineage(f.unitId).map((l) => l.id)];
    } else {
      const acting = scope.actingUnitId;
      units = acting ? [acting, ...tree.lineage(acting).map((l) => l.id)] : [];
    }
    if (units.length === 0) return { items: [], total: 0, unopened: 0, page: f.page, pageSize: f.pageSize };
    let base = this.db.selectFrom('deliveries as d').innerJoin('plans as p', 'p.id', 'd.plan_id').where('d.recipient_unit_id', 'in', units);
    if (f.planId) base = base.where('d.plan_id', '=', f.planId);
    const q = f.unread ? base.where('d.first_opened_at', 'is', null) : base;
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const unopened = await base
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('d.first_opened_at', 'is', null)
      .executeTakeFirst();
    const rows = await q
      .select([
        'd.id',
        'd.plan_id',
        'd.recipient_unit_id',
        'd.delivered_at',
        'd.first_opened_at',
        'd.confirmed_at',
        'p.number_text',
        'p.doc_type',
        'p.subject',
        'p.doc_date',
        'p.issuing_unit_id',
      ])
      .orderBy('d.delivered_at', 'desc')
      .orderBy('d.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return {
      items: rows.map((r) => ({
        deliveryId: r.id,
        planId: r.plan_id,
        numberText: r.number_text,
        docType: r.doc_type,
        subject: r.subject,
        docDate: r.doc_date,
        issuingUnitId: r.issuing_unit_id,
        issuingUnitName: tree.get(r.issuing_unit_id)?.name ?? '',
        recipientUnitId: r.recipient_unit_id,
        deliveredAt: r.delivered_at,
        openedAt: r.first_opened_at,
        confirmedAt: r.confirmed_at,
      })),
      total: Number(total?.n ?? 0),
      unopened: Number(unopened?.n ?? 0),
      page: f.page,
      pageSize: f.pageSize,
    };
  }

  /** Confirms receipt for the recipient unit (idempotent). Also counts as opening it. */
  async confirm(scope: Scope, ctx: Ctx, deliveryId: string) {
    const d = await this.db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
    if (!d || !scope.canSee(d.recipient_unit_id)) throw deliveryNotFound();
    if (!scope.can('plan.view', d.recipient_unit_id)) {
      throw forbidden('forbidden', 'Chỉ người của đơn vị nhận (đang làm việc cho đơn vị đó) mới xác nhận đã nhận văn bản.');
    }
    const userId = ctx.actor?.userId ?? null;
    await tx(this.db, async (trx) => {
      if (d.confirmed_at) return;
      const now = this.clock.now().toISOString();
      await trx
        .updateTable('deliveries')
        .set({ confirmed_at: now, confirmed_by: userId, first_opened_at: d.first_opened_at ?? now, first_opened_by: d.first_opened_by ?? userId })
        .where('id', '=', d.id)
        .where('confirmed_at', 'is', null)
        .execute();
      await this.audit.record(trx, ctx, {
        action: 'delivery.confirm',
        entityType: 'plan',
        entityId: d.plan_id,
        summary: `Xác nhận đã nhận văn bản (${scope.tree.get(d.recipient_unit_id)?.name ?? d.recipient_unit_id})`,
        after: { deliveryId: d.id, recipientUnitId: d.recipient_unit_id },
      });
    });
    const row = await this.db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow();
    return { deliveryId: row.id, confirmedAt: row.confirmed_at, confirmedBy: row.confirmed_by, firstOpenedAt: row.first_opened_at };
  }

  /** The sender's view: who received the plan, who opened it and who confirmed. */
  async deliveries(scope: Scope, plan: PlanRow) {
    if (!seesIssuingUnit(scope, plan)) throw forbidden('forbidden', 'Chỉ đơn vị ban hành xem được tình hình nhận văn bản.');
    const rows = await this.db
      .selectFrom('deliveries as d')
      .leftJoin('users as o', 'o.id', 'd.first_opened_by')
      .leftJoin('users as c', 'c.id', 'd.confirmed_by')
      .select(['d.id', 'd.recipient_unit_id', 'd.delivered_at', 'd.first_opened_at', 'd.first_opened_by', 'd.confirmed_at', 'd.confirmed_by', 'o.full_name as opened_name', 'c.full_name as confirmed_name'])
      .where('d.plan_id', '=', plan.id)
      .execute();
    const tree = scope.tree;
    return rows
      .map((r) => ({
        deliveryId: r.id,
        unitId: r.recipient_unit_id,
        unitName: tree.get(r.recipient_unit_id)?.name ?? '',
        deliveredAt: r.delivered_at,
        firstOpenedAt: r.first_opened_at,
        firstOpenedBy: r.first_opened_by,
        firstOpenedByName: r.opened_name ?? null,
        confirmedAt: r.confirmed_at,
        confirmedBy: r.confirmed_by,
        confirmedByName: r.confirmed_name ?? null,
      }))
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
  }
}
