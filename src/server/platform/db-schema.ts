/**
 * Table types for Kysely. Portable conventions (see docs/decisions.md):
 * ids are app-made text, timestamps ISO-8601 UTC text, calendar dates YYYY-MM-DD text,
 * booleans 0/1 integers, JSON stored as text.
 */
import type { Generated } from 'kysely';

export interface UnitTable {
  id: string;
  code: string;
  name: string;
  short_name: string;
  kind: string;
  level: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  term: string | null;
  population: number | null;
  note: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Parent links with validity, so moves keep history. */
export interface UnitParentTable {
  id: string;
  unit_id: string;
  parent_id: string;
  valid_from: string | null;
  valid_to: string | null;
}

export interface UnitEventTable {
  id: string;
  kind: string; // create | merge | split | rename | move | close | reopen
  effective_date: string;
  unit_id: string | null;
  note: string | null;
  details: string | null; // JSON
  created_by: string | null;
  created_at: string;
}

export interface UnitSuccessionTable {
  id: string;
  event_id: string | null;
  predecessor_id: string;
  successor_id: string;
  effective_date: string;
}

export interface UserTable {
  id: string;
  username: string;
  email: string | null;
  full_name: string;
  phone: string | null;
  position: string | null;
  password_hash: string;
  must_change_password: number;
  failed_attempts: number;
  locked_until: string | null;
  disabled: number;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  csrf_token: string;
  acting_unit_id: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  unit_id: string;
  role: string;
  valid_from: string | null;
  valid_to: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  username: string | null;
  acting_unit_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  request_id: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  units: UnitTable;
  unit_parents: UnitParentTable;
  unit_events: UnitEventTable;
  unit_successions: UnitSuccessionTable;
  users: UserTable;
  sessions: SessionTable;
  role_grants: RoleGrantTable;
  audit_log: AuditLogTable;
  meta: MetaTable;
}
