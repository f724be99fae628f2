import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DbConfig } from '../config.js';
import type { Database } from './db-schema.js';
import { foldVietnamese } from './validation.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** The raw better-sqlite3 handle (SQLite only): used for online backup. */
  sqlite?: SQLite.Database;
  /** The PostgreSQL schema the handle works in, when not the default (tests use one per file). */
  schema?: string;
  close(): Promise<void>;
}

// Return BIGINT/NUMERIC counts as JS numbers on PostgreSQL (counts never exceed 2^53 here).
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * `opts.server`: the connection of a long-running server on a SQLite file. It checkpoints its WAL from a worker
 * thread instead of inside commits (wal-checkpointer.ts), keeps up to 64 MB of pages in its cache (SQLite's
 * default is 2 MB) and reads the database file through a 256 MB memory map instead of a read() per page
 * (docs/decisions.md, "Contest load").
 */
export function openDb(cfg: DbConfig, opts: { server?: boolean; log?: (message: string) => void } = {}): DbHandle {
  if (cfg.engine === 'sqlite') {
    if (cfg.file !== ':memory:') mkdirSync(dirname(cfg.file), { recursive: true });
    const sqlite = new SQLite(cfg.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.function('translate', { deterministic: true }, sqliteTranslate);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const server = opts.server && cfg.file !== ':memory:';
    if (server) {
      sqlite.pragma('cache_size = -65536');
      sqlite.pragma('mmap_size = 268435456');
    }
    const checkpointer = server ? startWalCheckpointer(sqlite, cfg.file, opts.log) : null;
    return {
      db,
      engine: 'sqlite',
      sqlite,
      close: async () => {
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: cfg.url,
    max: 10,
    ...(cfg.schema ? { options: `-c search_path=${cfg.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', schema: cfg.schema, close: () => db.destroy() };
}

/** Every non-ASCII letter that folds to a single ASCII letter (Vietnamese ones included), and what it folds to. */
const FOLD_PAIRS = Array.from({ length: 0x1f00 - 0xc0 }, (_, i) => String.fromCharCode(0xc0 + i)).filter((c) => /^[a-z]$/.test(foldVietnamese(c)));
const FOLD_FROM = FOLD_PAIRS.join('');
const FOLD_TO = FOLD_PAIRS.map(foldVietnamese).join('');

/**
 * SQL for a text column lower-cased with its accents removed, on both engines (PostgreSQL's built-in
 * translate(); the same function is registered on SQLite, whose lower() only knows ASCII).
 * Compare it with `foldVietnamese(needle)`.
 */
export function foldedColumn(column: string) {
  return sql<string>`translate(lower(${sql.ref(column)}), ${FOLD_FROM}, ${FOLD_TO})`;
}

let translateCache: { from: string; to: string; map: Map<string, string> } | null = null;
/** PostgreSQL's translate(string, from, to) for SQLite. */
function sqliteTranslate(s: unknown, from: unknown, to: unknown): string | null {
  if (s == null || from == null || to == null) return null;
  if (!translateCache || translateCache.from !== from || translateCache.to !== to) {
    const f = [...String(from)];
    const t = [...String(to)];
    const map = new Map<string, string>();
    f.forEach((c, i) => {
      if (!map.has(c)) map.set(c, t[i] ?? '');
    });
    translateCache = { from: String(from), to: String(to), map };
  }
  const map = translateCache.map;
  let out = '';
  for (const c of String(s)) out += map.get(c) ?? c;
  return out;
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
