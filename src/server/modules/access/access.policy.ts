import { ACTIONS as ACTION_LIST, type Action, type Role, roleAllows } from '../../../shared/permissions.js';
import type { Actor, GrantRow } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { UnitTree } from '../units/unit-tree.js';

export const grantCurrentOn = (g: Pick<GrantRow, 'valid_from' | 'valid_to'>, d: string) =>
  (!g.valid_from || g.valid_from <= d) && (!g.valid_to || d <= g.valid_to);

/**
 * What one actor may see and do, computed once per request from their grants and the unit tree.
 *
 * - Acting unit: the person acts for one unit at a time; their roles there decide what they may do,
 *   over that unit's subtree today plus the units it succeeded (and what was under those).
 * - Seeing: the union over every current grant of the same scope, plus read-only access to
 *   everything that was ever under a unit where they held a role in the past.
 * - A system administrator holds `admin` on a unit with no parent: everything.
 */
export class Scope {
  readonly roles: Set<Role>;
  readonly isSystemAdmin: boolean;
  private readonly writable: Set<string>;
  private readonly visible: Set<string>;
  private readonly visibleNow: Set<string>;
  private readonly historic: Map<string, string>;

  constructor(
    readonly actor: Actor | null,
    readonly tree: UnitTree,
    readonly today: string,
  ) {
    const grants = actor?.grants ?? [];
    const current = grants.filter((g) => grantCurrentOn(g, today) && tree.isActiveOn(g.unit_id, today));
    const acting = actor?.actingUnitId && current.some((g) => g.unit_id === actor.actingUnitId) ? actor.actingUnitId : null;
    this.roles = new Set(current.filter((g) => g.unit_id === acting).map((g) => g.role as Role));
    this.isSystemAdmin = current.some((g) => g.role === 'admin' && tree.parentOn(g.unit_id, today) === null);
    this.writable = acting ? tree.rollup(acting, today) : new Set();
    this.visible = new Set<string>();
    for (const g of current) for (const u of tree.rollup(g.unit_id, today)) this.visible.add(u);
    this.visibleNow = new Set(this.visible);
    this.historic = new Map<string, string>();
    for (const g of grants) {
      if (g.valid_from && g.valid_from > today) continue;
      const until = g.valid_to && g.valid_to < today ? g.valid_to : null;
      for (const u of tree.historicScope(g.unit_id)) {
        this.visible.add(u);
        if (until && !this.visibleNow.has(u) && (this.historic.get(u) ?? '') < until) this.historic.set(u, until);
      }
    }
  }

  /**
   * Records dated `date` of unit `unitId` are visible: through a current grant, or through a past grant
   * whose period covers the date (people keep read access to what happened while they held a role there,
   * not to what the unit did after they left).
   */
  canSeeRecord(unitId: string, date: string): boolean {
    if (this.isSystemAdmin || this.visibleNow.has(unitId)) return true;
    const until = this.historic.get(unitId);
    return !!until && date.slice(0, 10) <= until;
  }

  /**
   * The last day of a unit's records the actor may see: null = no bound (a current grant), a date for a
   * unit seen only through a past grant. Only meaningful for a unit that `canSee`.
   */
  recordsUntil(unitId: string): string | null {
    if (this.isSystemAdmin || this.visibleNow.has(unitId)) return null;
    return this.historic.get(unitId) ?? null;
  }

  /** Units visible through current grants (or 'all'). */
  currentUnitIds(): Set<string> | 'all' {
    return this.isSystemAdmin ? 'all' : this.visibleNow;
  }

  /** Units visible only through past grants, grouped by the last day their records are visible. */
  historicWindows(): Array<{ until: string; units: string[] }> {
    const byDate = new Map<string, string[]>();
    for (const [u, until] of this.historic) byDate.set(until, [...(byDate.get(until) ?? []), u]);
    return [...byDate].map(([until, units]) => ({ until, units }));
  }

  get actingUnitId(): string | null {
    return this.roles.size ? (this.actor?.actingUnitId ?? null) : null;
  }

  /** Actions the actor may take for the acting unit. */
  permissions(): Action[] {
    const out = new Set<Action>();
    for (const r of this.roles) for (const a of ACTION_LIST) if (roleAllows(r, a)) out.add(a);
    return [...out];
  }

  has(action: Action): boolean {
    return [...this.roles].some((r) => roleAllows(r, action));
  }

  canSee(unitId: string): boolean {
    return this.isSystemAdmin || this.visible.has(unitId);
  }

  /** Visible only through history (a past grant), not through any current grant. */
  isReadOnly(unitId: string): boolean {
    return !this.isSystemAdmin && !this.writable.has(unitId);
  }

  can(action: Action, unitId: string): boolean {
    if (!this.has(action)) return false;
    if (this.isSystemAdmin && this.roles.has('admin')) return true;
    return this.writable.has(unitId);
  }

  /** 404 when the unit is outside what the actor may see. */
  assertSee(unitId: string, code = 'unit_not_found'): void {
    if (!this.canSee(unitId)) throw notFound(code);
  }

  /** 404 when invisible, 403 when visible but the action is not allowed. */
  assertCan(action: Action, unitId: string, code = 'unit_not_found'): void {
    this.assertSee(unitId, code);
    if (!this.can(action, unitId)) throw forbidden('forbidden');
  }

  /** 403 unless the acting role allows the action at all. */
  assertHas(action: Action): void {
    if (!this.has(action)) throw forbidden('forbidden');
  }

  visibleUnitIds(): Set<string> | 'all' {
    return this.isSystemAdmin ? 'all' : this.visible;
  }
}
