import { Cron } from 'croner';
import type { Clock } from './clock.js';
import type { Db } from './db.js';
import { newId } from './ids.js';

export type JobHandler = (payload: any, job: { id: string; kind: string; runAt: string; attempts: number }) => Promise<void>;

interface Logger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const MAX_ATTEMPTS = 5;
const LOCK_MS = 5 * 60 * 1000;

/**
 * A job table polled by the server: works on SQLite and PostgreSQL, survives restarts (jobs are rows),
 * and is safe with several server processes (a job is claimed by a conditional UPDATE).
 * Recurring work is a cron expression whose next run is always present as a pending row.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly crons = new Map<string, { cron: Cron; handler: JobHandler }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Runs `handler` on a cron schedule (Asia/Ho_Chi_Minh). */
  schedule(kind: string, expression: string, handler: JobHandler): void {
    const cron = new Cron(expression, { timezone: 'Asia/Ho_Chi_Minh', paused: true });
    this.crons.set(kind, { cron, handler });
    this.handlers.set(kind, async (payload, job) => {
      try {
        await handler(payload, job);
      } finally {
        await this.enqueueNextCron(kind);
      }
    });
  }

  /** Insert a job (inside the caller's transaction when given one). A duplicate dedupe key is ignored. */
  async enqueue(kind: string, payload: unknown, opts: { runAt?: string; dedupeKey?: string; trx?: Db } = {}): Promise<void> {
    const now = this.clock.now().toISOString();
    await (opts.trx ?? this.db)
      .insertInto('jobs')
      .values({
        id: newId(),
        kind,
        run_at: opts.runAt ?? now,
        payload: JSON.stringify(payload ?? null),
        status: 'pending',
        attempts: 0,
        last_error: null,
        locked_until: null,
        dedupe_key: opts.dedupeKey ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }

  private async enqueueNextCron(kind: string) {
    const c = this.crons.get(kind);
    if (!c) return;
    const next = c.cron.nextRun(this.clock.now());
    if (!next) return;
    const runAt = next.toISOString();
    await this.enqueue(kind, null, { runAt, dedupeKey: `cron:${kind}:${runAt}` });
  }

  /** Makes sure every cron schedule has its next run queued. */
  async ensureSchedules(): Promise<void> {
    for (const kind of this.crons.keys()) {
      const pending = await this.db.selectFrom('jobs').select('id').where('kind', '=', kind).where('status', 'in', ['pending', 'running']).limit(1).executeTakeFirst();
      if (!pending) await this.enqueueNextCron(kind);
    }
  }

  /** Claims and runs every job due now; returns how many ran. Tests call this directly. */
  async runDue(limit = 50): Promise<number> {
    if (this.running) return this.running;
    this.running = this.runDueInner(limit).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runDueInner(limit: number): Promise<number> {
    const now = this.clock.now().toISOString();
    const due = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)])]))
      .orderBy('run_at')
      .limit(limit)
      .execute();
    let ran = 0;
    for (const job of due) {
      const lockedUntil = new Date(this.clock.now().getTime() + LOCK_MS).toISOString();
      const claim = await this.db
        .updateTable('jobs')
        .set({ status: 'running', locked_until: lockedUntil, attempts: job.attempts + 1, updated_at: now })
        .where('id', '=', job.id)
        .where('status', '=', job.status)
        .where('attempts', '=', job.attempts)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue; // another process took it
      const handler = this.handlers.get(job.kind);
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(JSON.parse(job.payload), { id: job.id, kind: job.kind, runAt: job.run_at, attempts: job.attempts + 1 });
        await this.db.updateTable('jobs').set({ status: 'done', locked_until: null, updated_at: this.clock.now().toISOString() }).where('id', '=', job.id).execute();
        ran += 1;
      } catch (err) {
        const attempts = job.attempts + 1;
        const failed = attempts >= MAX_ATTEMPTS;
        const retryAt = new Date(this.clock.now().getTime() + 2 ** attempts * 30_000).toISOString();
        this.log.error({ err, jobId: job.id, kind: job.kind, attempts }, 'job failed');
        await this.db
          .updateTable('jobs')
          .set({ status: failed ? 'failed' : 'pending', run_at: failed ? job.run_at : retryAt, last_error: String((err as Error)?.message ?? err).slice(0, 2000), locked_until: null, updated_at: this.clock.now().toISOString() })
          .where('id', '=', job.id)
          .execute();
      }
    }
    return ran;
  }

  /** Starts polling every `intervalMs`. */
  async start(intervalMs = 15_000): Promise<void> {
    await this.ensureSchedules();
    const tick = () => {
      this.runDue().catch((err) => this.log.error({ err }, 'job polling failed'));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => undefined);
  }
}
