import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /password|token|secret|hash/i;

function redact(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (Array.isArray(v)) return v.map(redact);
  if (typeof v === 'object') {
    return Object.fromEntries(
      // Flags such as mustChangePassword are facts, not secrets.
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, SECRET_KEYS.test(k) && typeof x !== 'boolean' ? '[ẩn]' : redact(x)]),
    );
  }
  return v;
}

/** Append-only log of every change: who, acting for which unit, when, what, before → after. */
export class AuditService {
  private readonly repo: AuditRepository;
  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.repo = new AuditRepository(db);
  }

  /** Write inside the caller's transaction so the change and its audit entry land together. */
  async record(trx: Db, ctx: Ctx, e: AuditEntry): Promise<void> {
    await this.repo.insert(trx, {
      at: this.clock.now().toISOString(),
      user_id: ctx.actor?.userId ?? null,
      username: ctx.actor?.username ?? null,
      acting_unit_id: ctx.actor?.actingUnitId ?? null,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId ?? null,
      summary: e.summary,
      before: e.before === undefined ? null : JSON.stringify(redact(e.before)),
      after: e.after === undefined ? null : JSON.stringify(redact(e.after)),
      ip: ctx.ip,
      request_id: ctx.requestId,
    });
  }

  list(f: AuditFilter) {
    return this.repo.list(f);
  }
}
