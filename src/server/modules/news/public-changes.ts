/**
 * Changes to what the public site shows (articles, good models, materials, public plans). Each change
 * records a new `meta.portal_version` inside its transaction — other server processes drop their page
 * caches on their next request — and, once committed, tells this process's listeners (the portal's cache).
 */
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';

export const PORTAL_VERSION_KEY = 'portal_version';

/** Writes a new `meta.portal_version` (inside the caller's transaction). */
export async function bumpPortalVersion(trx: Db, clock: Clock): Promise<void> {
  const value = `${clock.now().toISOString()}|${newId()}`;
  await trx
    .insertInto('meta')
    .values({ key: PORTAL_VERSION_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The listeners of one service's public changes, told after the change committed. */
export class PublicChanges {
  private readonly listeners: Array<() => void> = [];

  on(fn: () => void): void {
    this.listeners.push(fn);
  }

  notify(): void {
    for (const fn of this.listeners) fn();
  }
}
