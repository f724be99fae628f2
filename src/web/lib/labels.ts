import { ROLE_LABELS, type Role } from '../../shared/permissions';
import {
  UNIT_EVENT_LABELS,
  UNIT_KIND_LABELS,
  UNIT_LEVEL_LABELS,
  type UnitKind,
  type UnitLevel,
} from '../../shared/units';
import { formatDate } from './format';

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

export function kindLabel(kind: string | null | undefined): string {
  if (!kind) return '';
  return UNIT_KIND_LABELS[kind as UnitKind] ?? kind;
}

export function levelLabel(level: string | null | undefined): string {
  if (!level) return '';
  return UNIT_LEVEL_LABELS[level as UnitLevel] ?? level;
}

export function eventLabel(kind: string): string {
  return UNIT_EVENT_LABELS[kind] ?? kind;
}

/** "từ 01/07/2025 đến 30/06/2030", "từ 01/07/2025", "đến 30/06/2030" or "". */
export function periodText(from: string | null | undefined, to: string | null | undefined): string {
  const parts: string[] = [];
  if (from) parts.push(`từ ${formatDate(from)}`);
  if (to) parts.push(`đến ${formatDate(to)}`);
  return parts.join(' ');
}
