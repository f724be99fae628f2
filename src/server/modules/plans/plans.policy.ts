import { grantCurrentOn, type Scope } from '../access/index.js';
import { campaignUnitIds } from '../campaigns/index.js';
import type { PlanRow, PlanVisibility } from './plans.repository.js';

/**
 * Who sees a plan: people whose scope covers the issuing unit (every status); people of a unit the
 * issued plan was delivered to or asked to implement it; and for templates, the issuing unit's
 * scope plus its descendants (a ward may start from the city's template).
 */
export function planVisibility(scope: Scope): PlanVisibility {
  const visible = scope.currentUnitIds();
  if (visible === 'all') return { all: true, units: [], historic: [], templateUnits: [] };
  const templates = campaignUnitIds(scope);
  return { all: false, units: [...visible], historic: scope.historicWindows(), templateUnits: templates === 'all' ? [] : [...templates] };
}

/** The date a plan is "of": its document date, else when it was drafted. */
export const planDate = (plan: Pick<PlanRow, 'doc_date' | 'created_at'>) => plan.doc_date ?? plan.created_at.slice(0, 10);

/** The issuing unit's plans are visible through a current grant, or a past one covering the plan's date. */
export function seesPlanOfUnit(scope: Scope, plan: Pick<PlanRow, 'issuing_unit_id' | 'doc_date' | 'created_at'>): boolean {
  return scope.canSeeRecord(plan.issuing_unit_id, planDate(plan));
}

/** Sender-side access: the issuing unit is in the actor's scope. */
export function seesIssuingUnit(scope: Scope, plan: Pick<PlanRow, 'issuing_unit_id'>): boolean {
  return scope.canSee(plan.issuing_unit_id);
}

export function canEditPlan(scope: Scope, plan: Pick<PlanRow, 'issuing_unit_id'>): boolean {
  return scope.can('plan.edit', plan.issuing_unit_id);
}

/**
 * Issuing, returning and closing belong to the leaders of the issuing unit itself (acting for it, or
 * for the committee whose standing committee issues) — not to leaders of a unit above it
 * (docs/decisions.md). A system administrator acting as admin may too.
 */
export function isIssuingLeader(scope: Scope, plan: Pick<PlanRow, 'issuing_unit_id'>): boolean {
  if (!scope.has('plan.issue')) return false;
  if (scope.isSystemAdmin && scope.roles.has('admin')) return true;
  const acting = scope.actingUnitId;
  if (!acting) return false;
  if (acting === plan.issuing_unit_id) return true;
  const u = scope.tree.get(plan.issuing_unit_id);
  if (u?.kind === 'standing_committee' && scope.tree.parentOn(u.id, scope.today) === acting) return true;
  // A unit that ceased to exist is led by its successors' leaders (closing its old plans).
  return !scope.tree.isActiveOn(plan.issuing_unit_id, scope.today) && scope.can('plan.issue', plan.issuing_unit_id);
}

/** Units the person belongs to directly today (their current grants): opening a delivered plan as one of them is a read receipt. */
export function ownUnits(scope: Scope): Set<string> {
  return new Set((scope.actor?.grants ?? []).filter((g) => grantCurrentOn(g, scope.today)).map((g) => g.unit_id));
}
