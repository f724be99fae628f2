import type { UnitParentTable, UnitSuccessionTable, UnitTable } from '../../platform/db-schema.js';

export type UnitRow = UnitTable;
type ParentLink = UnitParentTable;
type Succession = UnitSuccessionTable;

const inPeriod = (d: string, from: string | null, to: string | null) => (!from || from <= d) && (!to || d <= to);

/**
 * An immutable snapshot of the unit tree with its whole history: parent links with validity and
 * succession links. Every "as of" question is answered from here; the snapshot is rebuilt when
 * units change (see UnitsRepository.version).
 */
export class UnitTree {
  readonly units = new Map<string, UnitRow>();
  private readonly parentLinks = new Map<string, ParentLink[]>();
  private readonly childLinks = new Map<string, ParentLink[]>();
  private readonly preds = new Map<string, Succession[]>();
  private readonly succs = new Map<string, Succession[]>();

  constructor(units: UnitRow[], parents: ParentLink[], successions: Succession[]) {
    for (const u of units) this.units.set(u.id, u);
    for (const l of parents) {
      push(this.parentLinks, l.unit_id, l);
      push(this.childLinks, l.parent_id, l);
    }
    for (const s of successions) {
      push(this.preds, s.successor_id, s);
      push(this.succs, s.predecessor_id, s);
    }
  }

  get(id: string): UnitRow | undefined {
    return this.units.get(id);
  }

  isActiveOn(id: string, d: string): boolean {
    const u = this.units.get(id);
    return !!u && inPeriod(d, u.valid_from, u.valid_to);
  }

  /** The parent on date d; for a unit not valid on d, its last known parent. */
  parentOn(id: string, d: string): string | null {
    const links = this.parentLinks.get(id) ?? [];
    const hit = links.find((l) => inPeriod(d, l.valid_from, l.valid_to));
    if (hit) return hit.parent_id;
    if (this.isActiveOn(id, d)) return null;
    const last = [...links].sort((a, b) => (b.valid_from ?? '').localeCompare(a.valid_from ?? ''))[0];
    return last?.parent_id ?? null;
  }

  parentHistory(id: string): ParentLink[] {
    return [...(this.parentLinks.get(id) ?? [])].sort((a, b) => (a.valid_from ?? '').localeCompare(b.valid_from ?? ''));
  }

  childrenOn(id: string, d: string): string[] {
    return (this.childLinks.get(id) ?? [])
      .filter((l) => inPeriod(d, l.valid_from, l.valid_to) && this.isActiveOn(l.unit_id, d))
      .map((l) => l.unit_id);
  }

  /** The unit and every unit under it on date d. */
  subtreeOn(id: string, d: string): Set<string> {
    const out = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      if (out.has(cur)) continue;
      out.add(cur);
      stack.push(...this.childrenOn(cur, d));
    }
    return out;
  }

  /** The unit and every unit that was ever under it, through any parent link. */
  everDescendants(id: string): Set<string> {
    const out = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      if (out.has(cur)) continue;
      out.add(cur);
      for (const l of this.childLinks.get(cur) ?? []) stack.push(l.unit_id);
    }
    return out;
  }

  /** True when `ancestor` is `id` or above it on date d. */
  isAncestorOn(ancestor: string, id: string, d: string): boolean {
    return this.subtreeOn(ancestor, d).has(id);
  }

  ancestorsOn(id: string, d: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>([id]);
    let cur = this.parentOn(id, d);
    while (cur && !seen.has(cur)) {
      out.push(cur);
      seen.add(cur);
      cur = this.parentOn(cur, d);
    }
    return out;
  }

  predecessors(id: string): Succession[] {
    return this.preds.get(id) ?? [];
  }

  successors(id: string): Succession[] {
    return this.succs.get(id) ?? [];
  }

  /** Every transitive predecessor of `id`, nearest first, with its distance. */
  lineage(id: string): Array<{ id: string; depth: number }> {
    const out: Array<{ id: string; depth: number }> = [];
    const seen = new Set([id]);
    let frontier = [id];
    let depth = 0;
    while (frontier.length) {
      depth += 1;
      const next: string[] = [];
      for (const cur of frontier) {
        for (const s of this.predecessors(cur)) {
          if (seen.has(s.predecessor_id)) continue;
          seen.add(s.predecessor_id);
          out.push({ id: s.predecessor_id, depth });
          next.push(s.predecessor_id);
        }
      }
      frontier = next;
    }
    return out;
  }

  /**
   * Units whose records roll up into `id` as of date d: its subtree on d, plus every predecessor of
   * those units (transitively) with everything that was ever under the predecessor.
   */
  rollup(id: string, d: string): Set<string> {
    return this.withHistory(this.subtreeOn(id, d));
  }

  /** Everything ever under `id`, plus predecessors of those units and their own history. */
  historicScope(id: string): Set<string> {
    return this.withHistory(this.everDescendants(id));
  }

  private withHistory(base: Set<string>): Set<string> {
    const out = new Set(base);
    const stack = [...base];
    while (stack.length) {
      const cur = stack.pop()!;
      for (const s of this.predecessors(cur)) {
        for (const u of this.everDescendants(s.predecessor_id)) {
          if (!out.has(u)) {
            out.add(u);
            stack.push(u);
          }
        }
      }
    }
    return out;
  }

  roots(): string[] {
    return [...this.units.keys()].filter((id) => !(this.parentLinks.get(id)?.length));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const arr = m.get(k);
  if (arr) arr.push(v);
  else m.set(k, [v]);
}
