import type { Config } from './config.js';
import { type Clock, fixedClock, systemClock } from './platform/clock.js';
import { type DbHandle, openDb } from './platform/db.js';
import { migrateToLatest } from './platform/migrate.js';
import { isEmpty, seedDemo } from './demo/seed.js';

export function clockFor(config: Config): Clock {
  return config.fixedNow ? fixedClock(config.fixedNow) : systemClock();
}

/** Opens the configured database and brings its schema up to date. */
export async function openAndMigrate(config: Config): Promise<{ handle: DbHandle; applied: string[] }> {
  const handle = openDb(config.db);
  const applied = await migrateToLatest(handle);
  return { handle, applied };
}

/** Loads demo data when the database is empty; returns counts, or null when nothing was loaded. */
export async function seedDemoIfEmpty(handle: DbHandle, clock: Clock) {
  if (!(await isEmpty(handle.db))) return null;
  return seedDemo(handle.db, clock);
}
