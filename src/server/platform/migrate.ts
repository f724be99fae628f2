import { Migrator } from 'kysely';
import { migrationsFor } from '../migrations/index.js';
import type { DbHandle } from './db.js';

export async function migrateToLatest(h: DbHandle): Promise<string[]> {
  const migrator = new Migrator({
    db: h.db,
    provider: { getMigrations: async () => migrationsFor(h.engine) },
    // Kysely looks for its migration tables in every schema unless told which: another schema's tables
    // (a parallel test file's) would make it skip creating its own and fail.
    ...(h.schema ? { migrationTableSchema: h.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
