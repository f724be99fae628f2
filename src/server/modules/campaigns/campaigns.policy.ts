import { grantCurrentOn, type Scope } from '../access/index.js';

/**
 * Units whose campaigns (and plan templates) the actor may see: every unit in their scope, plus the
 * ancestors of each unit where they hold or held a role — a ward implements the city's campaign, so
 * its people see the city's campaign without seeing the city's other records.
 */
export function campaignUnitIds(scope: Scope): Set<string> | 'all' {
  const visible = scope.visibleUnitIds();
  if (visible === 'all') return 'all';
  const out = new Set(visible);
  const tree = scope.tree;
  for (const g of scope.actor?.grants ?? []) {
    if (g.valid_from && g.valid_from > scope.today) continue;
    const dates = grantCurrentOn(g, scope.today) ? [scope.today] : [g.valid_to ?? scope.today];
    for (const d of dates) for (const a of tree.ancestorsOn(g.unit_id, d)) out.add(a);
  }
  return out;
}

export function canSeeCampaignUnit(scope: Scope, unitId: string): boolean {
  const ids = campaignUnitIds(scope);
  return ids === 'all' || ids.has(unitId);
}

const CATALOGUE_LEVELS = new Set(['central', 'province']);

/**
 * The forms catalogue is shared by every unit. It is edited by officers and leaders (plan.edit)
 * acting for a province-level (or central) unit, and by system administrators (docs/decisions.md).
 */
export function canManageForms(scope: Scope): boolean {
  if (scope.isSystemAdmin && scope.roles.has('admin')) return true;
  const acting = scope.actingUnitId;
  if (!acting || !scope.has('plan.edit')) return false;
  const unit = scope.tree.get(acting);
  return !!unit && CATALOGUE_LEVELS.has(unit.level ?? '');
}
