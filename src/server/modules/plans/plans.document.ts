import type { BlockNode, RichDoc } from '../../../shared/richtext.js';
import { formatVnDate } from '../../platform/clock.js';
import type { OfficialDocument } from '../documents/index.js';
import type { PlanDto } from './plans.schemas.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const RECURRENCE_TEXT: Record<string, string> = { monthly: 'định kỳ hằng tháng', quarterly: 'định kỳ hằng quý', ongoing: 'thường xuyên' };

const para = (text: string, bold = false): BlockNode => ({ type: 'paragraph', attrs: { textAlign: 'justify' }, content: text ? [{ type: 'text', text, ...(bold ? { marks: [{ type: 'bold' as const }] } : {}) }] : [] });

/**
 * Section V ("Tổ chức thực hiện") written from the structured responsibilities, for plans whose
 * sections do not already contain it.
 */
export function responsibilitiesSection(plan: Pick<PlanDto, 'responsibilities'>): RichDoc {
  const content: BlockNode[] = [];
  plan.responsibilities.forEach((r, i) => {
    content.push(para(`${i + 1}. ${r.heading}`, true));
    for (const d of r.duties) {
      const when = [d.recurrence !== 'once' ? RECURRENCE_TEXT[d.recurrence] : '', d.dueDate ? `hoàn thành trước ngày ${formatVnDate(d.dueDate)}` : ''].filter(Boolean).join('; ');
      const text = d.text.replace(/[.;]\s*$/, '');
      content.push(para(`- ${text}${when ? ` (${when})` : ''}.`));
    }
  });
  return { type: 'doc', content };
}

/** Heading words, accent- and punctuation-insensitive: "V. Tổ chức, thực hiện" → "v to chuc thuc hien". */
const headingKey = (heading: string) =>
  heading
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** True when a rich text document has no visible text (no blocks, or only empty paragraphs). */
export function isEmptyDoc(doc: RichDoc | null | undefined): boolean {
  const hasText = (nodes: ReadonlyArray<unknown> | undefined): boolean =>
    (nodes ?? []).some((n) => {
      const node = n as { type?: string; text?: string; content?: unknown[] };
      if (node.type === 'text') return !!node.text?.trim();
      return hasText(node.content);
    });
  return !hasText(doc?.content as unknown[] | undefined);
}

/**
 * The index of the "Tổ chức thực hiện" section: the first whose heading says so; failing that, an
 * empty section numbered V (an implementing plan prefilled with the parent's headings). -1 when none.
 */
export function organisationSectionIndex(sections: ReadonlyArray<{ heading: string; content: RichDoc }>): number {
  const named = sections.findIndex((s) => headingKey(s.heading).includes('to chuc thuc hien'));
  if (named >= 0) return named;
  return sections.findIndex((s) => /^V\s*\./.test(s.heading.trim()) && isEmptyDoc(s.content));
}

/**
 * The plan as an official document for the .docx / .pdf / print renderers (documents module).
 * Section V "Tổ chức thực hiện" comes from the structured responsibilities when the plan has it
 * with no content, or appended when it has none; a section V with content is printed as written.
 */
export function toOfficialDocument(plan: PlanDto): OfficialDocument {
  const sections = plan.sections.map((s) => ({ heading: s.heading, content: s.content }));
  if (plan.responsibilities.length) {
    const at = organisationSectionIndex(sections);
    if (at < 0) sections.push({ heading: `${ROMAN[sections.length] ?? sections.length + 1}. TỔ CHỨC THỰC HIỆN`, content: responsibilitiesSection(plan) });
    else if (isEmptyDoc(sections[at].content)) sections[at] = { heading: sections[at].heading, content: responsibilitiesSection(plan) };
  }
  return {
    header: plan.header,
    numberText: plan.numberText,
    symbol: plan.symbol,
    place: plan.place,
    date: plan.docDate,
    title: plan.title,
    subject: plan.subject,
    preamble: plan.preamble,
    sections,
    closing: plan.closing,
    footnotes: plan.footnotes,
    recipients: plan.recipients.map((r) => r.text),
    archiveLine: plan.archiveLine,
    signer: plan.signer,
  };
}

/** "01-KH-MTTQ-BTT-tuyen-truyen-nghi-quyet-57" — ASCII file name for downloads. */
export function exportFileName(plan: Pick<PlanDto, 'numberText' | 'numberUnknown' | 'subject' | 'symbol'>, ext: string): string {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
  const head = plan.numberText ? fold(plan.numberText).replace(/\//g, '-') : `${plan.numberUnknown ? 'khong-ro-so' : 'du-thao'}-${fold(plan.symbol)}`;
  const subject = fold(plan.subject)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '');
  return `${head}${subject ? `-${subject}` : ''}.${ext}`;
}
