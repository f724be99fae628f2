// The plan editor's local state: the editable fields of a Plan, list items keyed for React, and the PATCH payload.
import type { RichDoc } from '../../../shared/richtext';
import { isEmptyDoc } from '../../components/RichText';
import {
  type Basis,
  type Duty,
  type Footnote,
  type Milestone,
  type Plan,
  type PlanHeader,
  type PlanSection,
  type PlanSigner,
  type Recipient,
  type Responsibility,
  targetGroupLabel,
} from '../../lib/plans';

let counter = 0;
export const newKey = () => `k${Date.now().toString(36)}${(counter++).toString(36)}`;

export type Keyed<T> = T & { key: string };
export type EditorMilestone = Keyed<Milestone & { yearly: boolean }>;
export type EditorDuty = Keyed<Duty>;
export type EditorResponsibility = Keyed<Omit<Responsibility, 'duties'> & { duties: EditorDuty[] }>;

export interface EditorState {
  campaignId: string | null;
  docType: string;
  symbol: string;
  numberUnknown: boolean;
  place: string;
  docDate: string | null;
  title: string;
  subject: string;
  header: PlanHeader;
  preamble: RichDoc;
  sections: Keyed<PlanSection>[];
  closing: RichDoc;
  footnotes: Keyed<Footnote>[];
  recipients: Keyed<Recipient>[];
  archiveLine: string;
  signer: PlanSigner;
  bases: Keyed<Basis & { linked: boolean }>[];
  topicIds: string[];
  formIds: string[];
  milestones: EditorMilestone[];
  responsibilities: EditorResponsibility[];
  periodStart: string | null;
  periodEnd: string | null;
  requestDeadline: string | null;
}

export function fromPlan(p: Plan): EditorState {
  return {
    campaignId: p.campaignId,
    docType: p.docType,
    symbol: p.symbol,
    numberUnknown: p.numberUnknown,
    place: p.place,
    docDate: p.docDate,
    title: p.title,
    subject: p.subject,
    header: { ...p.header },
    preamble: p.preamble,
    sections: p.sections.map((s) => ({ ...s, key: newKey() })),
    closing: p.closing,
    footnotes: p.footnotes.map((f) => ({ ...f, key: newKey() })),
    recipients: p.recipients.map((r) => ({ ...r, key: newKey() })),
    archiveLine: p.archiveLine,
    signer: { ...p.signer },
    bases: p.bases.map((b) => ({ ...b, linked: !!b.basedOnPlanId, key: newKey() })),
    topicIds: [...p.topicIds],
    formIds: [...p.formIds],
    milestones: p.milestones.map((m) => ({ ...m, yearly: !m.date && !!m.month, key: newKey() })),
    responsibilities: p.responsibilities.map((r) => ({
      ...r,
      key: newKey(),
      duties: r.duties.map((d) => ({ ...d, key: newKey() })),
    })),
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    requestDeadline: p.requestDeadline,
  };
}

const t = (s: string | null | undefined) => (s ?? '').trim();
const orNull = (s: string | null | undefined) => (t(s) ? t(s) : null);

/**
 * The PATCH body (without version). `lenient` (autosave) leaves out list items that are not filled in yet,
 * so a half-typed row does not block saving the rest; the strict form is checked by `validate` first.
 */
export function toPayload(s: EditorState, lenient: boolean) {
  const keep = <T>(ok: boolean, v: T) => (!lenient || ok ? [v] : []);
  return {
    campaignId: s.campaignId,
    docType: s.docType,
    ...(t(s.symbol) ? { symbol: t(s.symbol) } : {}),
    numberUnknown: s.numberUnknown,
    place: t(s.place),
    docDate: s.docDate,
    title: t(s.title),
    subject: t(s.subject),
    header: { parentBody: t(s.header.parentBody), bodyName: t(s.header.bodyName), issuer: t(s.header.issuer) },
    preamble: s.preamble,
    sections: s.sections.map((x) => ({ ...(x.id ? { id: x.id } : {}), heading: t(x.heading), content: x.content })),
    closing: s.closing,
    footnotes: s.footnotes.flatMap((f) => keep(!!t(f.marker), { marker: t(f.marker), text: orNull(f.text) })),
    recipients: s.recipients.flatMap((r) => keep(!!t(r.text), { unitId: r.unitId, text: t(r.text) })),
    archiveLine: t(s.archiveLine),
    signer: { mode: s.signer.mode, authority: t(s.signer.authority), position: t(s.signer.position), name: t(s.signer.name) },
    bases: s.bases.flatMap((b) =>
      b.linked
        ? keep(!!b.basedOnPlanId, { basedOnPlanId: b.basedOnPlanId })
        : keep(!!(t(b.externalNumber) || t(b.externalTitle)), {
            basedOnPlanId: null,
            externalNumber: orNull(b.externalNumber),
            externalDate: b.externalDate,
            externalIssuer: orNull(b.externalIssuer),
            externalTitle: orNull(b.externalTitle),
          }),
    ),
    topicIds: s.topicIds,
    formIds: s.formIds,
    milestones: s.milestones.flatMap((m) =>
      keep(!!t(m.title) && (m.yearly ? !!m.day && !!m.month : !!m.date), {
        ...(m.id ? { id: m.id } : {}),
        title: t(m.title),
        date: m.yearly ? null : m.date,
        month: m.yearly ? m.month : null,
        day: m.yearly ? m.day : null,
      }),
    ),
    responsibilities: s.responsibilities.flatMap((r) =>
      keep(!!t(r.heading) || r.duties.some((d) => !!t(d.text)), {
        ...(r.id ? { id: r.id } : {}),
        // The server needs a heading; while it is being typed, the group's name stands in.
        heading: t(r.heading) || (lenient ? targetGroupLabel(r.targetGroup) : ''),
        targetGroup: r.targetGroup,
        targetUnitIds: r.targetGroup === 'units' ? r.targetUnitIds : [],
        duties: r.duties.flatMap((d) =>
          keep(!!t(d.text), { text: t(d.text), recurrence: d.recurrence, dueDate: d.dueDate, topicIds: d.topicIds, formIds: d.formIds }),
        ),
      }),
    ),
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    requestDeadline: s.requestDeadline,
  };
}

export type EditorErrors = Record<string, string>;

const SYMBOL = /^[\p{L}\p{N}][\p{L}\p{N}.-]*$/u;

/** Field errors (path → message) in the order of the form. */
export function validate(s: EditorState): EditorErrors {
  const e: EditorErrors = {};
  if (!t(s.subject)) e.subject = 'Hãy nhập trích yếu của kế hoạch.';
  if (!t(s.symbol)) e.symbol = 'Hãy nhập ký hiệu văn bản, ví dụ: KH-MTTQ-BTT.';
  else if (!SYMBOL.test(t(s.symbol))) e.symbol = 'Ký hiệu chỉ gồm chữ, số, dấu chấm, dấu gạch ngang, ví dụ: KH-MTTQ-BTT.';
  s.bases.forEach((b, i) => {
    if (b.linked ? !b.basedOnPlanId : !t(b.externalNumber) && !t(b.externalTitle))
      e[`bases.${i}`] = b.linked
        ? `Căn cứ ${i + 1}: hãy chọn kế hoạch được căn cứ, hoặc xóa dòng này.`
        : `Căn cứ ${i + 1}: hãy nhập số hiệu hoặc trích yếu của văn bản.`;
  });
  s.sections.forEach((x, i) => {
    if (!t(x.heading) && !isEmptyDoc(x.content)) e[`sections.${i}.heading`] = `Phần ${i + 1}: hãy nhập tiêu đề phần.`;
  });
  s.footnotes.forEach((f, i) => {
    if (!t(f.marker)) e[`footnotes.${i}.marker`] = `Chú thích ${i + 1}: hãy nhập ký hiệu, ví dụ: (1).`;
  });
  if (s.periodStart && s.periodEnd && s.periodEnd < s.periodStart)
    e.periodEnd = 'Ngày kết thúc trước ngày bắt đầu. Hãy chọn lại ngày kết thúc.';
  s.milestones.forEach((m, i) => {
    if (!t(m.title)) e[`milestones.${i}.title`] = `Mốc ${i + 1}: hãy nhập nội dung mốc.`;
    if (m.yearly) {
      if (!m.day || !m.month) e[`milestones.${i}.date`] = `Mốc ${i + 1}: hãy nhập ngày và tháng.`;
      else if (new Date(Date.UTC(2024, m.month - 1, m.day)).getUTCMonth() !== m.month - 1)
        e[`milestones.${i}.date`] = `Mốc ${i + 1}: ngày ${m.day}/${m.month} không tồn tại.`;
    } else if (!m.date) e[`milestones.${i}.date`] = `Mốc ${i + 1}: hãy chọn ngày.`;
  });
  s.responsibilities.forEach((r, i) => {
    if (!t(r.heading)) e[`responsibilities.${i}.heading`] = `Nhiệm vụ của nhóm ${i + 1}: hãy nhập tên đơn vị, nhóm thực hiện.`;
    if (r.targetGroup === 'units' && r.targetUnitIds.length === 0)
      e[`responsibilities.${i}.targetUnitIds`] = `Nhóm ${i + 1}: hãy chọn ít nhất một đơn vị.`;
    r.duties.forEach((d, j) => {
      if (!t(d.text)) e[`responsibilities.${i}.duties.${j}.text`] = `Nhóm ${i + 1}, nhiệm vụ ${j + 1}: hãy nhập nội dung.`;
      if (d.recurrence === 'once' && !d.dueDate && !s.periodEnd)
        e[`responsibilities.${i}.duties.${j}.dueDate`] =
          `Nhóm ${i + 1}, nhiệm vụ ${j + 1}: nhiệm vụ một lần cần hạn hoàn thành (hoặc đặt ngày kết thúc của kế hoạch).`;
    });
  });
  s.recipients.forEach((r, i) => {
    if (!t(r.text)) e[`recipients.${i}`] = `Nơi nhận ${i + 1}: hãy nhập tên nơi nhận hoặc bỏ dòng này.`;
  });
  return e;
}

export const DEFAULT_SECTIONS = [
  'I. MỤC ĐÍCH, YÊU CẦU',
  'II. NỘI DUNG TUYÊN TRUYỀN',
  'III. HÌNH THỨC TUYÊN TRUYỀN',
  'IV. THỜI GIAN THỰC HIỆN',
  'V. TỔ CHỨC THỰC HIỆN',
];

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];

/** Renumbers headings that start with a Roman numeral ("III. …") after sections were added, moved or removed. */
export function renumber<T extends { heading: string }>(sections: T[]): T[] {
  return sections.map((s, i) => {
    const m = /^([IVXL]+)\.\s*/.exec(s.heading);
    if (!m || !ROMAN[i]) return s;
    return { ...s, heading: `${ROMAN[i]}. ${s.heading.slice(m[0].length)}` };
  });
}

export function nextRoman(i: number): string {
  return ROMAN[i] ?? String(i + 1);
}

export function blankDuty(): EditorDuty {
  return { key: newKey(), text: '', recurrence: 'once', dueDate: null, topicIds: [], formIds: [] };
}
