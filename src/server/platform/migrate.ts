import { Migrator } from 'kysely';
import { migrationsFor } from '../migrations/index.js';
import type { DbHandle } from './db.js';

export async function migrateToLatest(h: DbHandle): Promise<string[]> {
  const migrator = new Migrator({
    db: h.db,
    provider: { getMigrations: async () => migrationsFor(h.engine) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
