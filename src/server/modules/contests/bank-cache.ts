/**
 * Per-process cache of what every attempt request reads besides the attempt itself (docs/decisions.md, "Contest
 * load"): the participant of a session token, the contest row by slug and its rounds, the drawable bank of a
 * contest (approved question ids of its owners with their option ids and topic paths) and the question rows an
 * attempt shows and scores, with their options and keys parsed once.
 *
 * Invalidation: every write of this process that can change those rows (questions created, edited, reviewed,
 * imported or seeded; contests and rounds created, changed, opened, closed or frozen; topics edited; a
 * participant's ward changed; participants anonymised, which ends their sessions) calls
 * `contestDataChanged()`, which bumps a
 * process-wide version; a cache seeing another version drops everything. Writes by another process on the same
 * SQLite file (the CLI, a seed script) are seen through SQLite's `PRAGMA data_version`, which changes whenever
 * another connection commits; the store reads it (a prepared statement, microseconds) before using the cache. The
 * owners (the organising unit and its ancestors as of today) are computed from the unit tree, kept a second
 * (`peek`/`put`), and are part of the key, so a unit move reaches the draw within a second with no call. Contest and round rows are also re-read at least once a second
 * (ROW_TTL_MS), a safety net for a writer that forgets the call; sessions are kept SESSION_TTL_MS (a new session
 * is a cache miss, and expiry is checked against the clock on every request). Only the SQLite store uses it; PostgreSQL keeps
 * reading the tables.
 */
import type { BankQuestion } from './contest-rules.js';
import type { QuestionRow } from './contests.repository.js';

/**
 * A question row's options and key, parsed once per row object: cached rows are the same objects from request to
 * request, so this parses each question once per process (rows read fresh, on PostgreSQL, are parsed each time).
 * The arrays are shared: never modify them.
 */
const parsedRows = new WeakMap<QuestionRow, { options: { id: string; text: string }[]; correct: string[] }>();
export function parsedQuestion(q: QuestionRow): { options: { id: string; text: string }[]; correct: string[] } {
  let p = parsedRows.get(q);
  if (!p) {
    p = { options: JSON.parse(q.options), correct: JSON.parse(q.correct) };
    parsedRows.set(q, p);
  }
  return p;
}

let version = 0;
const ROW_TTL_MS = 1000;
const SESSION_TTL_MS = 60_000;
const MAX_SESSIONS = 100_000;

/**
 * Call after any write that can change a contest or its rounds, a contest's drawable bank, or the questions' text,
 * options or keys.
 */
export function contestDataChanged(): void {
  version++;
}

export class BankCache {
  private seenVersion = -1;
  private seenDataVersion = -1;
  private readonly banks = new Map<string, BankQuestion[]>();
  private readonly questions = new Map<string, QuestionRow>();
  private readonly rows = new Map<string, { at: number; value: unknown }>();
  private readonly sessions = new Map<string, { at: number; value: unknown }>();

  /**
   * Drops everything if this process or another connection changed the data since the last look (`dataVersion`
   * undefined: the connection's data version is taken as unchanged since the last call that gave one).
   */
  check(dataVersion = this.seenDataVersion): void {
    if (this.seenVersion === version && this.seenDataVersion === dataVersion) return;
    this.banks.clear();
    this.questions.clear();
    this.rows.clear();
    this.sessions.clear();
    this.seenVersion = version;
    this.seenDataVersion = dataVersion;
  }

  /** A contest or round row (or list) under `key`, re-read when older than ROW_TTL_MS. */
  row<T>(key: string, load: () => T): T {
    const now = Date.now();
    const hit = this.rows.get(key);
    if (hit && now - hit.at < ROW_TTL_MS) return hit.value as T;
    const value = load();
    this.rows.set(key, { at: now, value });
    return value;
  }

  /** The value under `key` if it was put less than ROW_TTL_MS ago. */
  peek<T>(key: string): T | undefined {
    const hit = this.rows.get(key);
    return hit && Date.now() - hit.at < ROW_TTL_MS ? (hit.value as T) : undefined;
  }

  put<T>(key: string, value: T): void {
    this.rows.set(key, { at: Date.now(), value });
  }

  /** The participant of a session token hash (undefined is not cached: a session may appear at any moment). */
  session<T>(tokenHash: string, load: () => T | undefined): T | undefined {
    const now = Date.now();
    const hit = this.sessions.get(tokenHash);
    if (hit && now - hit.at < SESSION_TTL_MS) return hit.value as T;
    const value = load();
    if (value === undefined) return undefined;
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.clear();
    this.sessions.set(tokenHash, { at: now, value });
    return value;
  }

  bank(owners: string[], campaignId: string | null, load: () => BankQuestion[]): BankQuestion[] {
    const key = `${campaignId ?? ''}|${owners.join(',')}`;
    let b = this.banks.get(key);
    if (!b) {
      b = load();
      this.banks.set(key, b);
    }
    return b;
  }

  /**
   * Question rows by id, loading the missing ones. The rows' `answered`/`answered_correctly` counters are not kept
   * current (submissions update them without invalidating): callers must not read them from here.
   */
  questionsByIds(ids: string[], load: (missing: string[]) => QuestionRow[]): QuestionRow[] {
    const missing = ids.filter((id) => !this.questions.has(id));
    if (missing.length) for (const q of load(missing)) this.questions.set(q.id, q);
    const out: QuestionRow[] = [];
    for (const id of ids) {
      const q = this.questions.get(id);
      if (q) out.push(q);
    }
    return out;
  }
}
