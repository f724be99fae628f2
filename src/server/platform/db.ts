import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DbConfig } from '../config.js';
import type { Database } from './db-schema.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** The raw better-sqlite3 handle (SQLite only): used for online backup. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

// Return BIGINT/NUMERIC counts as JS numbers on PostgreSQL (counts never exceed 2^53 here).
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openDb(cfg: DbConfig): DbHandle {
  if (cfg.engine === 'sqlite') {
    if (cfg.file !== ':memory:') mkdirSync(dirname(cfg.file), { recursive: true });
    const sqlite = new SQLite(cfg.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, engine: 'sqlite', sqlite, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: cfg.url,
    max: 10,
    ...(cfg.schema ? { options: `-c search_path=${cfg.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}

export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Run `fn` in a transaction (SQLite: BEGIN IMMEDIATE semantics via Kysely's single connection). */
export function tx<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
