import type { Db } from '../../platform/db.js';
import { UnitTree } from '../units/unit-tree.js';

/**
 * The unit tree inside a transaction. The service that opens the transaction hands over the
 * snapshot it already has (`useTree`); event handlers and other modules calling into plans inside
 * that transaction read it back. Without one, the tree is read through the transaction itself —
 * never through the outer connection, which SQLite holds for the transaction.
 */
const trees = new WeakMap<Db, UnitTree>();

export function useTree(trx: Db, tree: UnitTree): void {
  trees.set(trx, tree);
}

export async function treeIn(trx: Db): Promise<UnitTree> {
  const known = trees.get(trx);
  if (known) return known;
  const units = await trx.selectFrom('units').selectAll().execute();
  const parents = await trx.selectFrom('unit_parents').selectAll().execute();
  const successions = await trx.selectFrom('unit_successions').selectAll().execute();
  const tree = new UnitTree(units, parents, successions);
  trees.set(trx, tree);
  return tree;
}
