// Unit list queries and tree building.
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import { todayIso } from './format';
import type { Paged, Unit } from './types';

export function unitsKey(asOf: string, includeClosed: boolean) {
  return ['units', { asOf, includeClosed }] as const;
}

export function useUnits(asOf: string = todayIso(), includeClosed = false, enabled = true) {
  return useQuery({
    queryKey: unitsKey(asOf, includeClosed),
    queryFn: ({ signal }) =>
      api.get<Paged<Unit>>('/api/units', { asOf, includeClosed, pageSize: 5000 }, signal).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}

export interface UnitNode {
  unit: Unit;
  children: UnitNode[];
  depth: number;
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

// A committee's own bodies first (standing committee, member organisations, partners), then lower committees.
const KIND_ORDER: Record<string, number> = {
  standing_committee: 0,
  member_organisation: 1,
  partner: 2,
  front_committee: 3,
  residential_committee: 4,
};

export function compareUnits(a: Unit, b: Unit): number {
  // Open units before closed ones, then by kind, then by name.
  if (a.active !== b.active) return a.active ? -1 : 1;
  const ka = KIND_ORDER[a.kind] ?? 9;
  const kb = KIND_ORDER[b.kind] ?? 9;
  return ka - kb || collator.compare(a.name, b.name) || collator.compare(a.code ?? '', b.code ?? '');
}

/** Builds the forest: roots are units whose parent is not in the list. */
export function buildTree(units: Unit[]): UnitNode[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const childrenOf = new Map<string, Unit[]>();
  const roots: Unit[] = [];
  for (const u of units) {
    if (u.parentId && byId.has(u.parentId) && u.parentId !== u.id) {
      const list = childrenOf.get(u.parentId) ?? [];
      list.push(u);
      childrenOf.set(u.parentId, list);
    } else {
      roots.push(u);
    }
  }
  const seen = new Set<string>();
  const make = (u: Unit, depth: number): UnitNode => {
    seen.add(u.id);
    const kids = (childrenOf.get(u.id) ?? []).filter((c) => !seen.has(c.id)).sort(compareUnits);
    return { unit: u, depth, children: kids.map((c) => make(c, depth + 1)) };
  };
  return roots.sort(compareUnits).map((r) => make(r, 0));
}

/** Depth-first list of the forest, for selects. */
export function flattenTree(nodes: UnitNode[]): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (list: UnitNode[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** Ids of a unit and everything under it (to exclude them as a new parent). */
export function descendantIds(nodes: UnitNode[], id: string): Set<string> {
  const result = new Set<string>();
  const collect = (n: UnitNode) => {
    result.add(n.unit.id);
    n.children.forEach(collect);
  };
  const find = (list: UnitNode[]): boolean => {
    for (const n of list) {
      if (n.unit.id === id) {
        collect(n);
        return true;
      }
      if (find(n.children)) return true;
    }
    return false;
  };
  find(nodes);
  return result;
}
