// Types of the foundation HTTP API (see docs/api-foundation.md).
import type { Action, Role } from '../../shared/permissions';
import type { UnitKind, UnitLevel } from '../../shared/units';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface MeGrant {
  id: string;
  unitId: string;
  unitName: string;
  unitShortName: string | null;
  role: Role;
  validFrom: string | null;
  validTo: string | null;
  current: boolean;
}

export interface Me {
  user: {
    id: string;
    username: string;
    fullName: string;
    email: string | null;
    mustChangePassword: boolean;
  };
  csrfToken: string;
  actingUnitId: string | null;
  actingUnit: { id: string; name: string; shortName: string | null } | null;
  grants: MeGrant[];
  permissions: Action[];
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind | string;
  level: UnitLevel | string | null;
  parentId: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  term: string | null;
  population: number | null;
  note: string | null;
  validFrom: string | null;
  validTo: string | null;
  active: boolean;
  version: number;
  readOnly: boolean;
}

export interface UnitEvent {
  id: string;
  kind: string;
  effectiveDate: string;
  unitId: string;
  note: string | null;
  details: unknown;
  createdAt: string;
  createdBy: string | null;
}

export interface UnitLink {
  id: string;
  name: string;
  effectiveDate: string;
}

export interface UnitDetail extends Unit {
  parents: { parentId: string; parentName: string; validFrom: string | null; validTo: string | null }[];
  children: Unit[];
  predecessors: UnitLink[];
  successors: UnitLink[];
  events: UnitEvent[];
  lineage: { id: string; name: string; validFrom: string | null; validTo: string | null; depth: number }[];
}

export interface Grant {
  id: string;
  userId: string;
  unitId: string;
  unitName: string;
  role: Role;
  validFrom: string | null;
  validTo: string | null;
  current: boolean;
  note: string | null;
}

export interface User {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  position: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  grants: Grant[];
}

export interface AuditEntry {
  id: string | number;
  at: string;
  userId: string | null;
  username: string | null;
  actingUnitId: string | null;
  actingUnitName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: ImportRowError[];
}

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}
