import type { RichDoc } from '../../../shared/richtext.js';

/**
 * An official document of a Front committee (kế hoạch, báo cáo, …) laid out after Nghị định
 * 30/2020/NĐ-CP (see docs/domain.md §4). Every renderer (.docx, .pdf, print HTML) takes this model,
 * so the three outputs carry the same words in the same order.
 */
export interface OfficialDocument {
  header: {
    /** "ỦY BAN MTTQ VIỆT NAM" — the body above the issuer (upright, not bold). */
    parentBody: string;
    /** "THÀNH PHỐ TAM KỲ" (upright, not bold). */
    bodyName: string;
    /** "BAN THƯỜNG TRỰC" (bold). */
    issuer: string;
  };
  /** "51/KH-MTTQ-BTT" once a number is assigned, else null ("Số:      /KH-MTTQ-BTT"). */
  numberText: string | null;
  /** The symbol printed after the blank number: "KH-MTTQ-BTT". */
  symbol: string;
  place: string;
  /** YYYY-MM-DD, or null before the document is dated (the day and month are left blank). */
  date: string | null;
  /** "KẾ HOẠCH", "BÁO CÁO"… Empty for a công văn (its subject is a "V/v …" line under the number). */
  title: string;
  subject: string;
  preamble: RichDoc;
  sections: OfficialSection[];
  /** The closing paragraph(s), ending "./.". */
  closing: RichDoc;
  /** Markers stay in the text as written (e.g. "⁽¹⁾"); a footnote with text is printed in a notes block. */
  footnotes: OfficialFootnote[];
  /** Recipient names without the leading "- " and trailing ";". */
  recipients: string[];
  /** "Lưu VT, TG" — printed as the last recipient line with a final ".". */
  archiveLine: string;
  signer: OfficialSigner;
  /** Annexes (periodic reports): one table each, in its own section, landscape if asked. */
  annexes?: OfficialAnnex[];
}

export interface OfficialSection {
  heading: string;
  content: RichDoc;
}

export interface OfficialFootnote {
  marker: string;
  text: string | null;
}

export interface OfficialSigner {
  mode: 'TM' | 'KT' | '';
  authority: string;
  position: string;
  name: string;
}

export interface OfficialAnnex {
  title: string;
  landscape: boolean;
  table: { headers: string[]; rows: (string | number)[][] };
  /** Relative column widths (e.g. [1, 3, 2]); equal widths when absent. */
  widths?: number[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * "Tam Kỳ, ngày 07 tháng 3 năm 2025". Days below 10 and months 1–2 take a leading zero
 * (Nghị định 30/2020/NĐ-CP, Phụ lục I). Without a date the day and month are left blank to be
 * written by hand (the year too, unless `blankYear` is given).
 */
export function vnPlaceDate(place: string, isoDate: string | null, blankYear?: number): string {
  const prefix = place.trim() ? `${place.trim()}, ` : '';
  if (!isoDate) return `${prefix}ngày      tháng      năm ${blankYear ?? '      '}`.trimEnd();
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new Error(`Ngày không hợp lệ: ${isoDate}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new Error(`Ngày không hợp lệ: ${isoDate}`);
  }
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `${prefix}ngày ${dd} tháng ${mm} năm ${year}`;
}

/** "Số: 51/KH-MTTQ-BTT", or "Số:      /KH-MTTQ-BTT" while the number is not assigned (or unknown). */
export function numberLine(doc: Pick<OfficialDocument, 'numberText' | 'symbol'>): string {
  if (doc.numberText) return `Số: ${doc.numberText}`;
  return `Số:      /${doc.symbol}`;
}

/** "TM. BAN THƯỜNG TRỰC", "KT. CHỦ TỊCH", or just the authority when no mode is set. */
export function signerAuthorityLine(signer: OfficialSigner): string {
  const authority = signer.authority.toLocaleUpperCase('vi');
  return signer.mode ? `${signer.mode}. ${authority}` : authority;
}

/** Recipient lines as printed: "- X;" each, the archive line last with a full stop. */
export function recipientLines(doc: Pick<OfficialDocument, 'recipients' | 'archiveLine'>): string[] {
  const lines = doc.recipients.map((r) => r.trim()).filter(Boolean).map((r) => `- ${r.replace(/[;.]\s*$/, '')};`);
  const archive = doc.archiveLine.trim().replace(/\.\s*$/, '');
  if (archive) lines.push(`- ${archive}.`);
  return lines;
}

const SUPERSCRIPT: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁽': '(', '⁾': ')',
};
const TO_SUPERSCRIPT: Record<string, string> = Object.fromEntries(Object.entries(SUPERSCRIPT).map(([k, v]) => [v, k]));

/** "⁽¹⁾" → "(1)": footnote markers compare equal however they were typed. */
export function plainMarker(marker: string): string {
  return [...marker.trim()].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** "(1)" → "⁽¹⁾" when every character has a superscript form, else the marker unchanged. */
export function superscriptMarker(marker: string): string {
  const chars = [...plainMarker(marker)];
  return chars.every((c) => TO_SUPERSCRIPT[c]) ? chars.map((c) => TO_SUPERSCRIPT[c]).join('') : marker.trim();
}

/** Footnotes that have text, in order (footnotes whose text is unknown print nothing). */
export function printedFootnotes(doc: Pick<OfficialDocument, 'footnotes'>): { marker: string; text: string }[] {
  return doc.footnotes
    .filter((f): f is { marker: string; text: string } => typeof f.text === 'string' && f.text.trim() !== '')
    .map((f) => ({ marker: superscriptMarker(f.marker), text: f.text.trim() }));
}

/** Upper-case a heading or title the Vietnamese way. */
export const vnUpper = (s: string) => s.toLocaleUpperCase('vi');
