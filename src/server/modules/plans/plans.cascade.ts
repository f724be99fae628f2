import { emptyDoc } from '../../../shared/richtext.js';
import { type Clock, formatVnDate, vnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/index.js';
import type { UnitTree } from '../units/unit-tree.js';
import { type PlanContent, contentOf } from './plans.content.js';
import { seesIssuingUnit } from './plans.policy.js';
import { type PlanRow, PlansRepository } from './plans.repository.js';
import type { Duty, TargetGroup } from './plans.schemas.js';
import { defaultHeader, defaultPlace, defaultSigner, defaultSymbol, implementingPreamble, issuerPhrase } from './plans.text.js';
import { treeIn } from './plans.tree.js';

/** What the tasks module needs from an issued plan to create tasks from its responsibilities. */
export interface CascadeSource {
  plan: {
    id: string;
    issuingUnitId: string;
    campaignId: string | null;
    periodStart: string | null;
    periodEnd: string | null;
    numberText: string | null;
    subject: string;
    docDate: string | null;
  };
  responsibilities: Array<{ id: string; heading: string; targetGroup: TargetGroup | null; targetUnitIds: string[]; duties: Duty[] }>;
}

/** The committee whose children a group is taken from (a standing committee speaks for its committee). */
function groupBase(tree: UnitTree, unitId: string, date: string): string {
  const u = tree.get(unitId);
  if (u?.kind === 'standing_committee') return tree.parentOn(unitId, date) ?? unitId;
  return unitId;
}

/** The units a target group means, from the unit tree as of `date`. */
export function resolveGroup(tree: UnitTree, issuingUnitId: string, group: TargetGroup | null, explicit: string[], date: string): string[] {
  if (!group || group === 'units') return [...new Set(explicit)];
  if (group === 'self') return [];
  const base = groupBase(tree, issuingUnitId, date);
  const children = tree.childrenOn(base, date).map((id) => tree.get(id)!);
  const pick = children.filter((u) => {
    if (group === 'member_organisations') return u.kind === 'member_organisation';
    if (group === 'ward_committees') return u.kind === 'front_committee' && u.level === 'commune';
    return u.kind === 'residential_committee';
  });
  return pick.sort((a, b) => a.name.localeCompare(b.name, 'vi')).map((u) => u.id);
}

/** The group a unit belongs to when a plan addresses groups (for picking its responsibilities). */
export function groupOfUnit(tree: UnitTree, unitId: string): TargetGroup | null {
  const u = tree.get(unitId);
  if (!u) return null;
  if (u.kind === 'member_organisation') return 'member_organisations';
  if (u.kind === 'front_committee' && u.level === 'commune') return 'ward_committees';
  if (u.kind === 'residential_committee') return 'residential_committees';
  return null;
}

function sourceFrom(row: PlanRow, content: PlanContent, responsibilityIds: string[], tree: UnitTree): CascadeSource {
  const date = row.doc_date ?? vnDate(new Date(row.issued_at ?? row.created_at));
  return {
    plan: {
      id: row.id,
      issuingUnitId: row.issuing_unit_id,
      campaignId: row.campaign_id,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      numberText: row.number_text,
      subject: row.subject,
      docDate: row.doc_date,
    },
    responsibilities: content.responsibilities.map((r, i) => ({
      id: responsibilityIds[i],
      heading: r.heading,
      targetGroup: r.targetGroup ?? null,
      targetUnitIds: resolveGroup(tree, row.issuing_unit_id, r.targetGroup ?? null, r.targetUnitIds, date),
      duties: r.duties,
    })),
  };
}

/**
 * The issued plan and its responsibilities with target groups resolved to units (unit tree as of
 * the plan's date). Called inside the `plan.issued` transaction by handlers of other modules.
 * A responsibility of group `self` (or none) targets no other unit: its duties are the issuing unit's own.
 */
export async function loadCascadeSource(trx: Db, planId: string): Promise<CascadeSource> {
  const repo = new PlansRepository();
  const row = await repo.get(trx, planId);
  if (!row) throw notFound('plan_not_found', 'Không tìm thấy kế hoạch.');
  const children = await repo.children(trx, planId);
  return sourceFrom(row, contentOf(row, children), children.responsibilities.map((r) => r.id), await treeIn(trx));
}

/** Request status from its implementing plan. */
function requestStatus(r: { implementing_plan_id: string | null; implemented_at: string | null }): 'pending' | 'drafting' | 'issued' {
  if (r.implemented_at) return 'issued';
  return r.implementing_plan_id ? 'drafting' : 'pending';
}

/** On time when the implementing plan was issued (Vietnam date) on or before the deadline; late when after, or still missing past it. */
export function timeliness(r: { deadline: string | null; implemented_at: string | null }, today: string) {
  if (r.implemented_at) {
    const onTime = !r.deadline || vnDate(new Date(r.implemented_at)) <= r.deadline;
    return { onTime, late: !onTime };
  }
  return { onTime: null, late: !!r.deadline && today > r.deadline };
}

/**
 * The cascade: when a plan is issued, each target unit receives an implementation request (and the
 * document in its inbox); each recipient unit receives the document; officers and leaders are notified.
 */
export class PlanCascade {
  constructor(
    private readonly db: Db,
    private readonly repo: PlansRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `plan.issued` handler (registered in services.ts): requests, deliveries, notifications. */
  async onPlanIssued(trx: Db, payload: { planId: string }, ctx: Ctx): Promise<void> {
    const row = await this.repo.get(trx, payload.planId);
    if (!row) return;
    const tree = await treeIn(trx);
    const children = await this.repo.children(trx, row.id);
    const content = contentOf(row, children);
    const source = sourceFrom(row, content, children.responsibilities.map((r) => r.id), tree);
    const explicit = row.target_unit_ids ? (JSON.parse(row.target_unit_ids) as string[]) : null;
    const resolved = source.responsibilities.filter((r) => r.targetGroup && r.targetGroup !== 'self').flatMap((r) => r.targetUnitIds);
    const targets = [...new Set(explicit ?? resolved)].filter((u) => u !== row.issuing_unit_id && tree.get(u));
    const recipients = content.recipients.map((r) => r.unitId).filter((u): u is string => !!u && u !== row.issuing_unit_id && !!tree.get(u));
    const deliverTo = [...new Set([...recipients, ...targets])];
    const now = this.clock.now().toISOString();

    for (const part of chunks(targets, 100)) {
      await trx
        .insertInto('implementation_requests')
        .values(part.map((u) => ({ id: newId(), plan_id: row.id, target_unit_id: u, deadline: row.request_deadline, implementing_plan_id: null, implemented_at: null, created_at: now })))
        .onConflict((oc) => oc.columns(['plan_id', 'target_unit_id']).doNothing())
        .execute();
    }
    for (const part of chunks(deliverTo, 100)) {
      await trx
        .insertInto('deliveries')
        .values(part.map((u) => ({ id: newId(), plan_id: row.id, recipient_unit_id: u, delivered_at: now, first_opened_at: null, first_opened_by: null, confirmed_at: null, confirmed_by: null })))
        .onConflict((oc) => oc.columns(['plan_id', 'recipient_unit_id']).doNothing())
        .execute();
    }

    const docName = `${row.title ? row.title.charAt(0) + row.title.slice(1).toLocaleLowerCase('vi') : 'Văn bản'}${row.number_text ? ` số ${row.number_text}` : ''}`;
    const from = tree.get(row.issuing_unit_id)?.short_name ?? '';
    const link = `/app/ke-hoach/${row.id}`;
    const targetSet = new Set(targets);
    for (const u of targets) {
      await this.notifications.notify(trx, {
        unitId: u,
        kind: 'plan.request',
        title: `Yêu cầu xây dựng kế hoạch thực hiện ${docName} của ${from}`,
        body: `${row.subject}${row.request_deadline ? `. Hạn ban hành kế hoạch thực hiện: ${formatVnDate(row.request_deadline)}.` : ''}`,
        link,
        entityType: 'plan',
        entityId: row.id,
        dedupeKey: `plan-request:${row.id}:${u}`,
      });
    }
    for (const u of deliverTo) {
      if (targetSet.has(u)) continue;
      await this.notifications.notify(trx, {
        unitId: u,
        kind: 'plan.delivered',
        title: `Văn bản mới: ${docName} của ${from}`,
        body: row.subject,
        link,
        entityType: 'plan',
        entityId: row.id,
        dedupeKey: `plan-delivered:${row.id}:${u}`,
      });
    }
    if (targets.length || deliverTo.length) {
      await this.audit.record(trx, ctx, {
        action: 'plan.distribute',
        entityType: 'plan',
        entityId: row.id,
        summary: `Gửi ${docName}: yêu cầu xây dựng kế hoạch thực hiện đến ${targets.length} đơn vị, chuyển văn bản đến ${deliverTo.length} đơn vị`,
        after: { targetUnitIds: targets, deliveredTo: deliverTo },
      });
    }
  }

  /** `plan.submitted` handler: the issuing unit's leaders are told a plan waits for them. */
  async onPlanSubmitted(trx: Db, payload: { planId: string; issuingUnitId: string }): Promise<void> {
    const row = await this.repo.get(trx, payload.planId);
    if (!row) return;
    await this.notifications.notify(trx, {
      unitId: payload.issuingUnitId,
      roles: ['leader'],
      kind: 'plan.submitted',
      title: `Dự thảo chờ ban hành: ${row.subject}`,
      link: `/app/ke-hoach/${row.id}`,
      entityType: 'plan',
      entityId: row.id,
    });
  }

  /** Cascade overview of one plan: one query for the requests and their implementing plans. */
  async overview(scope: Scope, plan: PlanRow) {
    const today = this.clock.today();
    const rows = await this.db
      .selectFrom('implementation_requests as r')
      .leftJoin('plans as p', 'p.id', 'r.implementing_plan_id')
      .select(['r.id', 'r.target_unit_id', 'r.deadline', 'r.implementing_plan_id', 'r.implemented_at', 'p.number_text'])
      .where('r.plan_id', '=', plan.id)
      .execute();
    const tree = scope.tree;
    const sender = seesIssuingUnit(scope, plan);
    const items = rows
      .filter((r) => sender || scope.canSee(r.target_unit_id))
      .map((r) => {
        const status = requestStatus(r);
        return {
          requestId: r.id,
          unitId: r.target_unit_id,
          unitName: tree.get(r.target_unit_id)?.name ?? '',
          deadline: r.deadline,
          status,
          implementingPlanId: r.implementing_plan_id,
          implementingNumberText: r.number_text ?? null,
          issuedAt: r.implemented_at,
          ...timeliness(r, today),
        };
      })
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
    const counts = { total: items.length, pending: 0, drafting: 0, issued: 0, onTime: 0, late: 0 };
    for (const i of items) {
      counts[i.status] += 1;
      if (i.onTime) counts.onTime += 1;
      if (i.late) counts.late += 1;
    }
    return { items, counts };
  }

  /** Requests addressed to a unit (default: the acting unit and what rolls up into it). */
  async requests(scope: Scope, f: { unitId?: string; planId?: string; status?: 'pending' | 'drafting' | 'issued'; page: number; pageSize: number }) {
    const tree = scope.tree;
    const today = this.clock.today();
    let units: string[];
    if (f.unitId) {
      scope.assertSee(f.unitId);
      units = [f.unitId];
    } else {
      const acting = scope.actingUnitId;
      units = acting ? [...tree.rollup(acting, today)].filter((u) => scope.canSee(u)) : [];
    }
    if (units.length === 0) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
    let q = this.db
      .selectFrom('implementation_requests as r')
      .innerJoin('plans as pp', 'pp.id', 'r.plan_id')
      .leftJoin('plans as ip', 'ip.id', 'r.implementing_plan_id')
      .where('r.target_unit_id', 'in', units);
    if (f.planId) q = q.where('r.plan_id', '=', f.planId);
    if (f.status === 'issued') q = q.where('r.implemented_at', 'is not', null);
    else if (f.status === 'drafting') q = q.where('r.implemented_at', 'is', null).where('r.implementing_plan_id', 'is not', null);
    else if (f.status === 'pending') q = q.where('r.implemented_at', 'is', null).where('r.implementing_plan_id', 'is', null);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .select([
        'r.id',
        'r.target_unit_id',
        'r.deadline',
        'r.implementing_plan_id',
        'r.implemented_at',
        'r.created_at',
        'r.plan_id',
        'pp.number_text as plan_number_text',
        'pp.subject as plan_subject',
        'pp.doc_date as plan_doc_date',
        'pp.issuing_unit_id',
        'ip.number_text as implementing_number_text',
      ])
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return {
      items: rows.map((r) => ({
        requestId: r.id,
        unitId: r.target_unit_id,
        unitName: tree.get(r.target_unit_id)?.name ?? '',
        deadline: r.deadline,
        status: requestStatus(r),
        implementingPlanId: r.implementing_plan_id,
        implementingNumberText: r.implementing_number_text ?? null,
        issuedAt: r.implemented_at,
        ...timeliness(r, today),
        planId: r.plan_id,
        planNumberText: r.plan_number_text,
        planSubject: r.plan_subject,
        planDocDate: r.plan_doc_date,
        issuingUnitId: r.issuing_unit_id,
        issuingUnitName: tree.get(r.issuing_unit_id)?.name ?? '',
        createdAt: r.created_at,
      })),
      total: Number(total?.n ?? 0),
      page: f.page,
      pageSize: f.pageSize,
    };
  }

  /**
   * The draft an implementing plan starts from: the parent plan's campaign, topics, forms, time frame
   * and milestones; the responsibilities that concern the target unit (its own and its group's);
   * recipients (the parent's issuer and the unit's own sub-units); the unit's header; a preamble
   * citing the parent plan, and a basis linking it.
   */
  prefill(tree: UnitTree, today: string, parent: PlanRow, parentContent: PlanContent, parentResponsibilityIds: string[], targetUnitId: string): PlanContent {
    const date = parent.doc_date ?? today;
    const group = groupOfUnit(tree, targetUnitId);
    const source = sourceFrom(parent, parentContent, parentResponsibilityIds, tree);
    const mine = source.responsibilities.filter((r) => r.targetUnitIds.includes(targetUnitId) || (!!group && r.targetGroup === group));
    const parentIssuer = issuerPhrase(tree, parent.issuing_unit_id, parentContent.header.issuer, date);
    const header = defaultHeader(tree, targetUnitId, today);
    const ownIssuer = issuerPhrase(tree, targetUnitId, header.issuer, today);
    const subUnits = tree
      .childrenOn(targetUnitId, today)
      .map((id) => tree.get(id)!)
      .filter((u) => ['member_organisation', 'residential_committee', 'front_committee'].includes(u.kind))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'vi'));
    return {
      campaignId: parent.campaign_id,
      parentPlanId: parent.id,
      docType: 'KH',
      symbol: defaultSymbol(tree, targetUnitId, 'KH', today),
      numberUnknown: false,
      place: defaultPlace(tree, targetUnitId, today),
      docDate: null,
      title: 'KẾ HOẠCH',
      subject: parentContent.subject,
      header,
      preamble: implementingPreamble({ docType: parent.doc_type, numberText: parent.number_text, docDate: parent.doc_date, subject: parent.subject, parentIssuer, ownIssuer }),
      sections: parentContent.sections.map((s) => ({ heading: s.heading, content: emptyDoc() })),
      closing: emptyDoc(),
      footnotes: [],
      recipients: [
        { unitId: parent.issuing_unit_id, text: parentIssuer ? `${parentIssuer} (để báo cáo)` : (tree.get(parent.issuing_unit_id)?.name ?? '') },
        ...subUnits.map((u) => ({ unitId: u.id, text: u.name })),
      ],
      archiveLine: 'Lưu: VT',
      signer: defaultSigner(tree, targetUnitId, today),
      bases: [{ basedOnPlanId: parent.id }],
      topicIds: parentContent.topicIds,
      formIds: parentContent.formIds,
      milestones: parentContent.milestones.map((m) => ({ date: m.date, month: m.month, day: m.day, title: m.title })),
      responsibilities: mine.map((r) => ({ heading: r.heading, targetGroup: 'self' as const, targetUnitIds: [], duties: r.duties })),
      periodStart: parent.period_start,
      periodEnd: parent.period_end,
      requestDeadline: null,
    };
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
