/**
 * Per-process cache of what every attempt request reads besides the attempt itself (docs/decisions.md, "Contest
 * load"): the contest row by slug and its rounds, the drawable bank of a contest (approved question ids of its
 * owners with their option ids and topic paths) and the question rows an attempt shows and scores.
 *
 * Invalidation: every write of this process that can change those rows (questions created, edited, reviewed,
 * imported or seeded; contests and rounds created, changed, opened, closed or frozen; topics edited) calls
 * `contestDataChanged()`, which bumps a
 * process-wide version; a cache seeing another version drops everything. Writes by another process on the same
 * SQLite file (the CLI, a seed script) are seen through SQLite's `PRAGMA data_version`, which changes whenever
 * another connection commits; the store reads it (a prepared statement, microseconds) before using the cache. The
 * owners (the organising unit and its ancestors as of today) are computed from the unit tree on every start and are
 * part of the key, so unit moves need no call. Contest and round rows are also re-read at least once a second
 * (ROW_TTL_MS), a safety net for a writer that forgets the call. Only the SQLite store uses it; PostgreSQL keeps
 * reading the tables.
 */
import type { BankQuestion } from './contest-rules.js';
import type { QuestionRow } from './contests.repository.js';

let version = 0;
const ROW_TTL_MS = 1000;

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

  /** Drops everything if this process or another connection changed the data since the last look. */
  check(dataVersion: number): void {
    if (this.seenVersion === version && this.seenDataVersion === dataVersion) return;
    this.banks.clear();
    this.questions.clear();
    this.rows.clear();
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
