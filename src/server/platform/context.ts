import type { RoleGrantTable } from './db-schema.js';

export type GrantRow = RoleGrantTable;

/** The signed-in person on whose behalf a request acts. */
export interface Actor {
  userId: string;
  username: string;
  fullName: string;
  sessionId: string;
  actingUnitId: string | null;
  grants: GrantRow[];
}

/** What services need to know about the request: who, from where, for the audit log. */
export interface Ctx {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
}

export const systemCtx: Ctx = { actor: null, ip: null, requestId: null };
