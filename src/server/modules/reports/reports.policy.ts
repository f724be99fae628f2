/**
 * Who may write, see and review periodic reports (docs/api-reports.md, "Permissions").
 *
 * - Writing (create, edit, refresh, submit, delete a draft): `report.edit` over the report's unit.
 * - Seeing: the unit is visible; drafts only to those who may write them.
 * - Reviewing (accept / return): the unit above — `report.approve` over the unit, or `report.edit`
 *   acting for the parent of the report's unit today or for the unit that sent the request — never the
 *   unit itself, its predecessors or successors (the self-lineage rule of activities.policy.ts).
 */
import type { Scope } from '../access/index.js';
import { activeHolders, reviewerUnits, selfLineage } from '../activities/activities.policy.js';
import type { UnitTree } from '../units/unit-tree.js';

export interface ReportRef {
  unit_id: string;
  status: string;
}

export function canWriteReport(scope: Scope, unitId: string): boolean {
  return scope.can('report.edit', unitId);
}

export function canSeeReport(scope: Scope, r: ReportRef): boolean {
  if (!scope.canSee(r.unit_id)) return false;
  return r.status !== 'draft' || canWriteReport(scope, r.unit_id);
}

/** The units whose officers and leaders review a report of `unitId`: the parent today, and the requesting unit. */
export function reportReviewerUnits(tree: UnitTree, unitId: string, requestUnitId: string | null, today: string): string[] {
  const out = new Set(reviewerUnits(tree, unitId, today, today));
  if (requestUnitId) for (const u of activeHolders(tree, requestUnitId, today)) out.add(u);
  const own = selfLineage(tree, unitId);
  return [...out].filter((u) => !own.has(u));
}

export function canReviewReport(scope: Scope, r: ReportRef, requestUnitId: string | null, today: string): boolean {
  const acting = scope.actingUnitId;
  if (!acting) return false;
  const tree = scope.tree;
  if (selfLineage(tree, r.unit_id).has(acting)) return false;
  if (!scope.canSee(r.unit_id)) return false;
  if (scope.can('report.approve', r.unit_id)) return true;
  if (!scope.has('report.edit')) return false;
  return reportReviewerUnits(tree, r.unit_id, requestUnitId, today).includes(acting);
}

/** True when the acting unit is the unit itself or one of its lineage (so reviewing would be self-review). */
export function isOwnUnit(scope: Scope, unitId: string): boolean {
  const acting = scope.actingUnitId;
  return !!acting && selfLineage(scope.tree, unitId).has(acting);
}
