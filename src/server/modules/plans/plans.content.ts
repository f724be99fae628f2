import { emptyDoc, type RichDoc } from '../../../shared/richtext.js';
import { newId } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { UnitTree } from '../units/unit-tree.js';
import type { BasisRow, MilestoneRow, PlanChildren, PlanRow, ResponsibilityRow } from './plans.repository.js';
import type { DocType, Duty, PlanDto, PlanFieldsInput, PlanStatus, PlanSummaryDto, TargetGroup } from './plans.schemas.js';

/** The editable content of a plan, fully populated (drafts, templates, amendments, prefills). */
export interface PlanContent {
  campaignId: string | null;
  parentPlanId: string | null;
  docType: DocType;
  symbol: string;
  numberUnknown: boolean;
  place: string;
  docDate: string | null;
  title: string;
  subject: string;
  header: { parentBody: string; bodyName: string; issuer: string };
  preamble: RichDoc;
  sections: Array<{ id?: string; heading: string; content: RichDoc }>;
  closing: RichDoc;
  footnotes: Array<{ marker: string; text: string | null }>;
  recipients: Array<{ unitId?: string | null; text: string }>;
  archiveLine: string;
  signer: { mode: 'TM' | 'KT' | ''; authority: string; position: string; name: string };
  bases: Array<{ basedOnPlanId?: string | null; externalNumber?: string | null; externalDate?: string | null; externalIssuer?: string | null; externalTitle?: string | null }>;
  topicIds: string[];
  formIds: string[];
  milestones: Array<{ id?: string; date?: string | null; month?: number | null; day?: number | null; title: string }>;
  responsibilities: Array<{ id?: string; heading: string; targetGroup?: TargetGroup | null; targetUnitIds: string[]; duties: Duty[] }>;
  periodStart: string | null;
  periodEnd: string | null;
  requestDeadline: string | null;
}

const parse = <T>(s: string | null, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);

export function contentOf(row: PlanRow, c: PlanChildren): PlanContent {
  return {
    campaignId: row.campaign_id,
    parentPlanId: row.parent_plan_id,
    docType: row.doc_type as DocType,
    symbol: row.symbol,
    numberUnknown: !!row.number_unknown,
    place: row.place,
    docDate: row.doc_date,
    title: row.title,
    subject: row.subject,
    header: parse(row.header, { parentBody: '', bodyName: '', issuer: '' }),
    preamble: parse(row.preamble, emptyDoc()),
    sections: parse(row.sections, []),
    closing: parse(row.closing, emptyDoc()),
    footnotes: parse(row.footnotes, []),
    recipients: parse(row.recipients, []),
    archiveLine: row.archive_line ?? '',
    signer: parse(row.signer, { mode: '', authority: '', position: '', name: '' }),
    bases: c.bases.map((b) => ({
      basedOnPlanId: b.based_on_plan_id,
      externalNumber: b.external_number,
      externalDate: b.external_date,
      externalIssuer: b.external_issuer,
      externalTitle: b.external_title,
    })),
    topicIds: c.topicIds,
    formIds: c.formIds,
    milestones: c.milestones.map((m) => ({ id: m.id, date: m.date, month: m.month, day: m.day, title: m.title })),
    responsibilities: c.responsibilities.map((r) => ({
      id: r.id,
      heading: r.heading,
      targetGroup: (r.target_group as TargetGroup | null) ?? null,
      targetUnitIds: JSON.parse(r.target_unit_ids),
      duties: JSON.parse(r.duties),
    })),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    requestDeadline: row.request_deadline,
  };
}

/** Applies the fields present in `input` (undefined = unchanged, null = cleared). */
export function applyFields(base: PlanContent, input: PlanFieldsInput): PlanContent {
  const out: PlanContent = { ...base };
  const set = <K extends keyof PlanContent>(k: K, v: PlanContent[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('campaignId', input.campaignId);
  set('parentPlanId', input.parentPlanId);
  set('docType', input.docType);
  set('symbol', input.symbol);
  set('numberUnknown', input.numberUnknown);
  set('place', input.place);
  set('docDate', input.docDate);
  set('title', input.title);
  set('subject', input.subject);
  set('header', input.header);
  set('preamble', input.preamble);
  set('sections', input.sections);
  set('closing', input.closing);
  set('footnotes', input.footnotes);
  set('recipients', input.recipients);
  set('archiveLine', input.archiveLine);
  set('signer', input.signer);
  set('bases', input.bases);
  set('topicIds', input.topicIds);
  set('formIds', input.formIds);
  set('milestones', input.milestones);
  set(
    'responsibilities',
    input.responsibilities?.map((r) => ({ id: r.id, heading: r.heading, targetGroup: r.targetGroup ?? null, targetUnitIds: r.targetUnitIds, duties: r.duties.map((d) => ({ ...d, dueDate: d.dueDate ?? null })) })),
  );
  set('periodStart', input.periodStart);
  set('periodEnd', input.periodEnd);
  set('requestDeadline', input.requestDeadline);
  return out;
}

/**
 * The stored, folded text `GET /api/plans?search=` matches word by word: number, subject, title and
 * the issuing unit's names (so "57 da nang" finds Đà Nẵng's plans about Resolution 57).
 */
export function searchText(numberText: string | null, c: Pick<PlanContent, 'subject' | 'title'>, issuerNames: readonly string[] = []): string {
  return foldVietnamese([numberText ?? '', c.subject, c.title, ...issuerNames].join(' ').replace(/\s+/g, ' ').trim());
}

/** The issuing unit's full and short names, for the search text. */
export function issuerNames(tree: UnitTree, unitId: string): string[] {
  const u = tree.get(unitId);
  return u ? [...new Set([u.name, u.short_name].filter(Boolean))] : [];
}

/** Words of a search query, folded: each must appear in the search text (any order). At most 8. */
export function searchWords(q: string): string[] {
  const words = foldVietnamese(q)
    .split(/\s+/)
    .map((w) => w.replace(/^[,.;:!?()[\]"'«»“”]+|[,.;:!?()[\]"'«»“”]+$/gu, ''))
    .filter(Boolean);
  return [...new Set(words)].slice(0, 8);
}

/** Columns of `plans` that hold content. */
export function contentColumns(c: PlanContent, numberText: string | null, issuer: readonly string[] = []) {
  return {
    campaign_id: c.campaignId,
    parent_plan_id: c.parentPlanId,
    doc_type: c.docType,
    symbol: c.symbol,
    number_unknown: c.numberUnknown ? 1 : 0,
    place: c.place,
    doc_date: c.docDate,
    title: c.title,
    subject: c.subject,
    header: JSON.stringify(c.header),
    preamble: JSON.stringify(c.preamble),
    sections: JSON.stringify(c.sections.map((s) => ({ id: s.id ?? newId(), heading: s.heading, content: s.content }))),
    closing: JSON.stringify(c.closing),
    footnotes: JSON.stringify(c.footnotes),
    recipients: JSON.stringify(c.recipients.map((r) => ({ unitId: r.unitId ?? null, text: r.text }))),
    archive_line: c.archiveLine,
    signer: JSON.stringify(c.signer),
    period_start: c.periodStart,
    period_end: c.periodEnd,
    request_deadline: c.requestDeadline,
    search_text: searchText(numberText, c, issuer),
  };
}

/** Child rows; ids of milestones and responsibilities are kept when they already belong to the plan. */
export function childRows(planId: string, c: PlanContent, keepIds: Set<string>) {
  const keep = (id: string | undefined) => (id && keepIds.has(id) ? id : newId());
  const bases: BasisRow[] = c.bases.map((b, sort) => ({
    id: newId(),
    plan_id: planId,
    based_on_plan_id: b.basedOnPlanId ?? null,
    external_number: b.basedOnPlanId ? null : (b.externalNumber ?? null),
    external_date: b.basedOnPlanId ? null : (b.externalDate ?? null),
    external_issuer: b.basedOnPlanId ? null : (b.externalIssuer ?? null),
    external_title: b.basedOnPlanId ? null : (b.externalTitle ?? null),
    sort,
  }));
  const milestones: MilestoneRow[] = c.milestones.map((m) => ({ id: keep(m.id), plan_id: planId, date: m.date ?? null, month: m.date ? null : (m.month ?? null), day: m.date ? null : (m.day ?? null), title: m.title }));
  const responsibilities: ResponsibilityRow[] = c.responsibilities.map((r, sort) => ({
    id: keep(r.id),
    plan_id: planId,
    heading: r.heading,
    target_group: r.targetGroup ?? null,
    target_unit_ids: JSON.stringify(r.targetGroup === 'units' || !r.targetGroup ? [...new Set(r.targetUnitIds)] : []),
    duties: JSON.stringify(r.duties.map((d) => ({ text: d.text, recurrence: d.recurrence, dueDate: d.dueDate ?? null, topicIds: [...new Set(d.topicIds)], formIds: [...new Set(d.formIds)] }))),
    sort,
  }));
  return { bases, topicIds: c.topicIds, formIds: c.formIds, milestones, responsibilities };
}

/** A copy for a new plan: no ids of the source plan's child rows. */
export function copyContent(c: PlanContent): PlanContent {
  const copy = structuredClone(c);
  copy.sections = copy.sections.map((s) => ({ ...s, id: undefined }));
  copy.milestones = copy.milestones.map((m) => ({ ...m, id: undefined }));
  copy.responsibilities = copy.responsibilities.map((r) => ({ ...r, id: undefined }));
  return copy;
}

export function effectiveStatus(row: Pick<PlanRow, 'status' | 'period_start' | 'period_end' | 'doc_date'>, today: string): PlanSummaryDto['effectiveStatus'] {
  if (row.status !== 'issued') return row.status as PlanStatus;
  const start = row.period_start ?? row.doc_date;
  if ((!start || start <= today) && (!row.period_end || today <= row.period_end)) return 'in_force';
  return 'issued';
}

export function summaryDto(row: PlanRow, tree: UnitTree, today: string): PlanSummaryDto {
  return {
    id: row.id,
    issuingUnitId: row.issuing_unit_id,
    issuingUnitName: tree.get(row.issuing_unit_id)?.name ?? '',
    campaignId: row.campaign_id,
    docType: row.doc_type,
    symbol: row.symbol,
    numberText: row.number_text,
    numberUnknown: !!row.number_unknown,
    place: row.place,
    docDate: row.doc_date,
    title: row.title,
    subject: row.subject,
    status: row.status as PlanStatus,
    effectiveStatus: effectiveStatus(row, today),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    parentPlanId: row.parent_plan_id,
    isTemplate: !!row.is_template,
    issuedAt: row.issued_at,
    isPublic: !!row.is_public,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export type PlanCan = PlanDto['can'];
export const NO_ACTIONS: PlanCan = { edit: false, submit: false, issue: false, returnToDraft: false, close: false, amend: false };

export function planDto(row: PlanRow, c: PlanChildren, tree: UnitTree, today: string, can: PlanCan): PlanDto {
  const content = contentOf(row, c);
  return {
    ...summaryDto(row, tree, today),
    header: content.header,
    preamble: content.preamble,
    sections: content.sections.map((s) => ({ id: s.id ?? '', heading: s.heading, content: s.content })),
    closing: content.closing,
    footnotes: content.footnotes,
    recipients: content.recipients.map((r) => ({ unitId: r.unitId ?? null, text: r.text })),
    archiveLine: content.archiveLine,
    signer: content.signer,
    bases: c.bases.map((b) => ({
      id: b.id,
      basedOnPlanId: b.based_on_plan_id,
      basedOnNumberText: b.based_on_number_text,
      basedOnSubject: b.based_on_subject,
      externalNumber: b.external_number,
      externalDate: b.external_date,
      externalIssuer: b.external_issuer,
      externalTitle: b.external_title,
    })),
    topicIds: c.topicIds,
    formIds: c.formIds,
    milestones: c.milestones
      .map((m) => ({ id: m.id, date: m.date, month: m.month, day: m.day, title: m.title }))
      .sort((a, b) => milestoneKey(a).localeCompare(milestoneKey(b))),
    responsibilities: content.responsibilities.map((r) => ({ id: r.id ?? '', heading: r.heading, targetGroup: r.targetGroup ?? null, targetUnitIds: r.targetUnitIds, duties: r.duties })),
    attachments: c.attachments.map((a) => ({ id: a.id, fileId: a.file_id, title: a.title, name: a.name, size: Number(a.size), mime: a.mime })),
    requestDeadline: row.request_deadline,
    requestId: row.request_id,
    supersedesId: row.supersedes_id,
    submittedAt: row.submitted_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    can,
  };
}

const milestoneKey = (m: { date: string | null; month: number | null; day: number | null }) =>
  m.date ? m.date.slice(5) : `${String(m.month ?? 0).padStart(2, '0')}-${String(m.day ?? 0).padStart(2, '0')}`;
