/**
 * Who may see, write and review activity reports (docs/decisions.md, "Activity reports").
 *
 * - Writing (draft, submit, correct): `activity.report` over the report's unit (reporters, officers,
 *   leaders of the unit or of a unit above it, through the access model's roll-up).
 * - Seeing: the unit is visible; drafts only to those who may write them.
 * - Reviewing (accept / return): the unit above — a leader or officer (`report.edit`) acting for the
 *   parent of the report's unit as of the activity's date (or, when that parent no longer exists, for
 *   its successor today) — or anyone with `report.approve` over the unit acting for a unit above it.
 *   Never the unit itself, its predecessors or successors (no self-review: a ward officer cannot accept
 *   the ward's own report, nor the new ward the reports of the wards it absorbed).
 */
import type { Scope } from '../access/index.js';
import type { UnitTree } from '../units/unit-tree.js';

interface ActivityRef {
  unit_id: string;
  date_from: string | null;
  status: string;
}

/**
 * The unit with every transitive predecessor and every transitive successor: "the same unit" through
 * reorganisations. The two directions are walked separately — a unit merged into a successor is not "the same"
 * as the other units merged into it (Tam Kỳ city and Quảng Nam province both went into Đà Nẵng, yet the province
 * reviews the city).
 */
export function selfLineage(tree: UnitTree, unitId: string): Set<string> {
  const out = new Set<string>([unitId]);
  const walk = (next: (u: string) => string[]) => {
    const seen = new Set<string>([unitId]);
    const stack = [unitId];
    while (stack.length) {
      for (const u of next(stack.pop()!)) {
        if (seen.has(u)) continue;
        seen.add(u);
        out.add(u);
        stack.push(u);
      }
    }
  };
  walk((u) => tree.predecessors(u).map((s) => s.predecessor_id));
  walk((u) => tree.successors(u).map((s) => s.successor_id));
  return out;
}

/** The unit if active on `today`, else its successors (transitively) that are. */
export function activeHolders(tree: UnitTree, unitId: string, today: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [unitId];
  while (stack.length) {
    const cur = stack.pop()!;
    if (seen.has(cur)) continue;
    seen.add(cur);
    if (tree.isActiveOn(cur, today)) out.push(cur);
    else for (const s of tree.successors(cur)) stack.push(s.successor_id);
  }
  return out;
}

/** The units whose leaders and officers review a report of `unitId` dated `date`: "the unit above". */
export function reviewerUnits(tree: UnitTree, unitId: string, date: string, today: string): string[] {
  const parent = tree.parentOn(unitId, date) ?? tree.parentOn(unitId, today);
  return parent ? activeHolders(tree, parent, today) : [];
}

export function canWrite(scope: Scope, a: Pick<ActivityRef, 'unit_id'>): boolean {
  return scope.can('activity.report', a.unit_id);
}

export function canSeeActivity(scope: Scope, a: Pick<ActivityRef, 'unit_id' | 'status' | 'date_from'>): boolean {
  // Through a current grant, or a past one whose period covers the activity's date.
  if (!scope.canSeeRecord(a.unit_id, a.date_from ?? scope.today)) return false;
  return a.status !== 'draft' || canWrite(scope, a);
}

export function canReview(scope: Scope, a: ActivityRef, today: string): boolean {
  const acting = scope.actingUnitId;
  if (!acting) return false;
  const tree = scope.tree;
  if (selfLineage(tree, a.unit_id).has(acting)) return false;
  if (scope.can('report.approve', a.unit_id)) return true;
  if (!scope.can('report.edit', a.unit_id)) return false;
  return reviewerUnits(tree, a.unit_id, a.date_from ?? today, today).includes(acting);
}

/**
 * The units whose submitted reports the acting person may review (for the "waiting for me" list; each
 * item's `can.accept` is exact). With `report.approve`: the acting unit's roll-up except its own lineage;
 * with `report.edit`: units that ever had the acting unit (or a unit it succeeded) as their parent.
 */
export function reviewableUnits(scope: Scope): Set<string> {
  const acting = scope.actingUnitId;
  const out = new Set<string>();
  if (!acting) return out;
  const tree = scope.tree;
  const own = selfLineage(tree, acting);
  if (scope.has('report.approve')) {
    for (const u of tree.rollup(acting, scope.today)) if (!own.has(u)) out.add(u);
    return out;
  }
  if (!scope.has('report.edit')) return out;
  for (const parent of own) {
    for (const child of tree.everDescendants(parent)) {
      if (own.has(child)) continue;
      if (tree.parentHistory(child).some((l) => l.parent_id === parent)) out.add(child);
    }
  }
  return out;
}
