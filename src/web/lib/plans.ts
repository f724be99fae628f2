// Plans, cascade, inbox, campaigns, topics and forms: types (docs/api-plans.md), Vietnamese labels and queries.
import { useQuery } from '@tanstack/react-query';
import type { RichDoc } from '../../shared/richtext';
import { api } from './api';
import type { Paged, Unit } from './types';

export type PlanStatus = 'draft' | 'submitted' | 'issued' | 'closed';
export type EffectiveStatus = PlanStatus | 'in_force';
export type TargetGroup = 'self' | 'member_organisations' | 'ward_committees' | 'residential_committees' | 'units';
export type Recurrence = 'once' | 'monthly' | 'quarterly' | 'ongoing';

export interface PlanSummary {
  id: string;
  issuingUnitId: string;
  issuingUnitName: string;
  campaignId: string | null;
  docType: string;
  symbol: string;
  numberText: string | null;
  numberUnknown: boolean;
  place: string;
  docDate: string | null;
  title: string;
  subject: string;
  status: PlanStatus;
  effectiveStatus: EffectiveStatus;
  periodStart: string | null;
  periodEnd: string | null;
  parentPlanId: string | null;
  isTemplate: boolean;
  issuedAt: string | null;
  updatedAt: string;
  version: number;
}

export interface PlanHeader {
  parentBody: string;
  bodyName: string;
  issuer: string;
}
export interface PlanSigner {
  mode: 'TM' | 'KT' | '';
  authority: string;
  position: string;
  name: string;
}
export interface PlanSection {
  id?: string;
  heading: string;
  content: RichDoc;
}
export interface Footnote {
  marker: string;
  text: string | null;
}
export interface Recipient {
  unitId: string | null;
  text: string;
}
export interface Basis {
  id?: string;
  basedOnPlanId: string | null;
  basedOnNumberText?: string | null;
  basedOnSubject?: string | null;
  externalNumber: string | null;
  externalDate: string | null;
  externalIssuer: string | null;
  externalTitle: string | null;
}
export interface Milestone {
  id?: string;
  date: string | null;
  month: number | null;
  day: number | null;
  title: string;
}
export interface Duty {
  text: string;
  recurrence: Recurrence;
  dueDate: string | null;
  topicIds: string[];
  formIds: string[];
}
export interface Responsibility {
  id?: string;
  heading: string;
  targetGroup: TargetGroup | null;
  targetUnitIds: string[];
  duties: Duty[];
}
export interface Attachment {
  id: string;
  fileId: string;
  title: string;
  name: string;
  size: number;
  mime: string;
}

export interface Plan extends PlanSummary {
  header: PlanHeader;
  preamble: RichDoc;
  sections: PlanSection[];
  closing: RichDoc;
  footnotes: Footnote[];
  recipients: Recipient[];
  archiveLine: string;
  signer: PlanSigner;
  bases: Basis[];
  topicIds: string[];
  formIds: string[];
  milestones: Milestone[];
  responsibilities: Responsibility[];
  attachments: Attachment[];
  requestDeadline: string | null;
  requestId: string | null;
  supersedesId: string | null;
  submittedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  can: { edit: boolean; submit: boolean; issue: boolean; returnToDraft: boolean; close: boolean; amend: boolean };
}

export interface PlanVersion {
  version: number;
  status: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  reason: string | null;
}

export type RequestStatus = 'pending' | 'drafting' | 'issued';

export interface CascadeItem {
  requestId: string;
  unitId: string;
  unitName: string;
  deadline: string | null;
  status: RequestStatus;
  implementingPlanId: string | null;
  implementingNumberText: string | null;
  issuedAt: string | null;
  onTime: boolean | null;
  late: boolean;
}

export interface Cascade {
  items: CascadeItem[];
  counts: { total: number; pending: number; drafting: number; issued: number; onTime: number; late: number };
}

export interface RequestItem extends CascadeItem {
  planId: string;
  planNumberText: string | null;
  planSubject: string;
  planDocDate: string | null;
  issuingUnitId: string;
  issuingUnitName: string;
  createdAt: string;
}

export interface InboxItem {
  deliveryId: string;
  planId: string;
  numberText: string | null;
  docType: string;
  subject: string;
  docDate: string | null;
  issuingUnitId: string;
  issuingUnitName: string;
  recipientUnitId: string;
  deliveredAt: string;
  openedAt: string | null;
  confirmedAt: string | null;
}

export interface InboxPage extends Paged<InboxItem> {
  unopened: number;
}

export interface Delivery {
  deliveryId: string;
  unitId: string;
  unitName: string;
  deliveredAt: string;
  firstOpenedAt: string | null;
  firstOpenedBy: string | null;
  firstOpenedByName: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  confirmedByName: string | null;
}

export interface Campaign {
  id: string;
  unitId: string;
  unitName: string;
  code: string;
  name: string;
  description: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  status: 'active' | 'closed';
  version: number;
  canEdit: boolean;
}

export interface TopicNode {
  id: string;
  campaignId: string;
  parentId: string | null;
  code: string;
  title: string;
  body: string | null;
  sort: number;
  archived: boolean;
  children: TopicNode[];
}

export interface PropagandaForm {
  id: string;
  code: string;
  name: string;
  counts: string[];
  sort: number;
  archived: boolean;
}

// ---------------------------------------------------------------- labels

export const PLAN_STATUS_LABELS: Record<EffectiveStatus, string> = {
  draft: 'Nháp',
  submitted: 'Chờ duyệt',
  issued: 'Đã ban hành',
  in_force: 'Đang thực hiện',
  closed: 'Đã kết thúc',
};

export const PLAN_STATUS_TONES: Record<EffectiveStatus, 'gray' | 'yellow' | 'blue' | 'green' | 'orange'> = {
  draft: 'gray',
  submitted: 'yellow',
  issued: 'blue',
  in_force: 'green',
  closed: 'gray',
};

export const DOC_TYPES = [
  { value: 'KH', label: 'Kế hoạch', title: 'KẾ HOẠCH' },
  { value: 'HD', label: 'Hướng dẫn', title: 'HƯỚNG DẪN' },
  { value: 'CTr', label: 'Chương trình', title: 'CHƯƠNG TRÌNH' },
  { value: 'TB', label: 'Thông báo', title: 'THÔNG BÁO' },
  { value: 'BC', label: 'Báo cáo', title: 'BÁO CÁO' },
  { value: 'QĐ', label: 'Quyết định', title: 'QUYẾT ĐỊNH' },
  { value: 'NQ', label: 'Nghị quyết', title: 'NGHỊ QUYẾT' },
  { value: 'CV', label: 'Công văn', title: '' },
] as const;

export function docTypeLabel(code: string): string {
  return DOC_TYPES.find((d) => d.value === code)?.label ?? code;
}

export const TARGET_GROUP_OPTIONS: { value: TargetGroup; label: string }[] = [
  { value: 'self', label: 'Chính đơn vị' },
  { value: 'member_organisations', label: 'Các tổ chức thành viên' },
  { value: 'ward_committees', label: 'Ủy ban MTTQ các xã, phường' },
  { value: 'residential_committees', label: 'Ban công tác Mặt trận khu dân cư' },
  { value: 'units', label: 'Đơn vị cụ thể' },
];

export function targetGroupLabel(g: TargetGroup | null): string {
  return TARGET_GROUP_OPTIONS.find((o) => o.value === g)?.label ?? 'Chưa chọn';
}

export const RECURRENCE_OPTIONS: { value: Recurrence; label: string }[] = [
  { value: 'once', label: 'Một lần' },
  { value: 'monthly', label: 'Hằng tháng' },
  { value: 'quarterly', label: 'Hằng quý' },
  { value: 'ongoing', label: 'Thường xuyên' },
];

export function recurrenceLabel(r: string): string {
  return RECURRENCE_OPTIONS.find((o) => o.value === r)?.label ?? r;
}

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: 'Chưa ban hành',
  drafting: 'Đang soạn',
  issued: 'Đã ban hành',
};

/** "Kế hoạch số 51/KH-MTTQ-BTT", "Kế hoạch (không rõ số)" for an issued plan whose number is unknown, or "Kế hoạch (chưa có số)". */
export function planName(p: { docType: string; numberText: string | null; numberUnknown?: boolean; status?: string }): string {
  const kind = docTypeLabel(p.docType);
  if (p.numberText) return `${kind} số ${p.numberText}`;
  return p.numberUnknown ? `${kind} (không rõ số)` : `${kind} (chưa có số)`;
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

// ---------------------------------------------------------------- queries

export const plansKey = (q: Record<string, unknown>) => ['plans', q] as const;
export const planKey = (id: string) => ['plan', id] as const;

export function usePlan(id: string | undefined) {
  return useQuery({
    queryKey: planKey(id ?? ''),
    queryFn: ({ signal }) => api.get<Plan>(`/api/plans/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: ['campaigns'],
    queryFn: ({ signal }) => api.get<Paged<Campaign>>('/api/campaigns', { pageSize: 200 }, signal).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useTopics(campaignId: string | null | undefined) {
  return useQuery({
    queryKey: ['topics', campaignId],
    queryFn: ({ signal }) =>
      api.get<TopicNode[]>(`/api/campaigns/${encodeURIComponent(campaignId ?? '')}/topics`, { includeArchived: false }, signal),
    enabled: !!campaignId,
    staleTime: 5 * 60_000,
  });
}

export function useForms() {
  return useQuery({
    queryKey: ['forms'],
    queryFn: ({ signal }) => api.get<PropagandaForm[]>('/api/forms', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

/** Flat list of topics with their depth, in tree order. */
export function flattenTopics(nodes: TopicNode[], depth = 0, out: { topic: TopicNode; depth: number }[] = []) {
  for (const n of nodes) {
    out.push({ topic: n, depth });
    flattenTopics(n.children, depth + 1, out);
  }
  return out;
}

/**
 * The units a plan's responsibilities address, from the unit tree (same rules as the server's cascade):
 * groups are taken among the children of the issuing committee (a standing committee speaks for its parent).
 */
export function resolveTargets(units: Unit[], issuingUnitId: string, responsibilities: Responsibility[]): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const issuing = byId.get(issuingUnitId);
  const base = issuing?.kind === 'standing_committee' && issuing.parentId ? issuing.parentId : issuingUnitId;
  const children = units.filter((u) => u.parentId === base && u.active);
  const out = new Set<string>();
  for (const r of responsibilities) {
    if (!r.targetGroup || r.targetGroup === 'self') continue;
    if (r.targetGroup === 'units') {
      for (const id of r.targetUnitIds) out.add(id);
      continue;
    }
    for (const u of children) {
      if (r.targetGroup === 'member_organisations' && u.kind === 'member_organisation') out.add(u.id);
      if (r.targetGroup === 'ward_committees' && u.kind === 'front_committee' && u.level === 'commune') out.add(u.id);
      if (r.targetGroup === 'residential_committees' && u.kind === 'residential_committee') out.add(u.id);
    }
  }
  out.delete(issuingUnitId);
  return [...out];
}

/** Whole days from today to a date (negative when past). */
export function daysUntil(date: string, today: string): number {
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}
