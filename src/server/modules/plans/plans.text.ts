import type { RichDoc } from '../../../shared/richtext.js';
import { formatVnDate } from '../../platform/clock.js';
import type { UnitRow, UnitTree } from '../units/unit-tree.js';
import { DOC_TITLES, type DocType } from './plans.schemas.js';

/** Default texts of a document derived from its issuing unit (all editable in the draft). */

const FRONT_PREFIX = /^Ủy ban MTTQ Việt Nam\s+/i;
const STANDING_PREFIX = /^Ban Thường trực\s+/i;
const PLACE_KIND = /^(thành phố|tỉnh|phường|xã|quận|huyện|thị xã|thị trấn|đặc khu)\s+/i;

export const vnUpper = (s: string) => s.toLocaleUpperCase('vi');

/** The committee a standing committee belongs to (plans of a BTT are headed by its committee). */
function committeeOf(tree: UnitTree, u: UnitRow, date: string): UnitRow {
  if (u.kind === 'standing_committee') {
    const parent = tree.parentOn(u.id, date);
    const p = parent ? tree.get(parent) : undefined;
    if (p) return p;
  }
  return u;
}

/** "Ủy ban MTTQ Việt Nam phường Quảng Phú" → "phường Quảng Phú". */
export function areaName(name: string): string {
  return name.replace(STANDING_PREFIX, '').replace(FRONT_PREFIX, '').trim();
}

export function defaultHeader(tree: UnitTree, unitId: string, date: string) {
  const u = tree.get(unitId);
  if (!u) return { parentBody: '', bodyName: '', issuer: '' };
  const c = committeeOf(tree, u, date);
  if (c.kind === 'front_committee') {
    return { parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: vnUpper(areaName(c.name)), issuer: 'BAN THƯỜNG TRỰC' };
  }
  const parent = tree.parentOn(u.id, date);
  const p = parent ? tree.get(parent) : undefined;
  return { parentBody: p ? vnUpper(p.short_name || p.name) : '', bodyName: vnUpper(u.name), issuer: '' };
}

export function defaultPlace(tree: UnitTree, unitId: string, date: string): string {
  const u = tree.get(unitId);
  if (!u) return '';
  const c = committeeOf(tree, u, date);
  return areaName(c.name).replace(PLACE_KIND, '').trim();
}

export function defaultSymbol(tree: UnitTree, unitId: string, docType: DocType, date: string): string {
  const u = tree.get(unitId);
  const front = !!u && ['front_committee', 'standing_committee'].includes(committeeOf(tree, u, date).kind);
  if (docType === 'CV') return front ? 'MTTQ-BTT' : 'CV';
  return front ? `${docType}-MTTQ-BTT` : docType;
}

export function defaultSigner(tree: UnitTree, unitId: string, date: string) {
  const u = tree.get(unitId);
  const front = !!u && ['front_committee', 'standing_committee'].includes(committeeOf(tree, u, date).kind);
  return front ? { mode: 'TM' as const, authority: 'BAN THƯỜNG TRỰC', position: 'CHỦ TỊCH', name: '' } : { mode: '' as const, authority: '', position: '', name: '' };
}

export function defaultTitle(docType: DocType): string {
  return DOC_TITLES[docType];
}

/** "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Đà Nẵng" — who issued, as written in a sentence. */
export function issuerPhrase(tree: UnitTree, unitId: string, issuer: string, date: string): string {
  const u = tree.get(unitId);
  if (!u) return '';
  if (u.kind === 'standing_committee') return u.name;
  const c = committeeOf(tree, u, date);
  const who = issuer.trim();
  if (!who) return c.name;
  const phrase = vnUpper(who) === 'BAN THƯỜNG TRỰC' ? 'Ban Thường trực' : who.charAt(0) + who.slice(1).toLocaleLowerCase('vi');
  return `${phrase} ${c.name}`;
}

/** "Kế hoạch", "Hướng dẫn", "Công văn"… for "Thực hiện Kế hoạch số …". */
export function docTypeWord(docType: string): string {
  const t = DOC_TITLES[docType as DocType];
  if (docType === 'CV' || !t) return 'Công văn';
  const lower = t.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

const lcFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s);

/**
 * "Thực hiện Kế hoạch số 05/KH-MTTQ-BTT ngày 12/01/2026 của Ban Thường trực Ủy ban MTTQ Việt Nam
 * thành phố Đà Nẵng về tuyên truyền …, Ban Thường trực Ủy ban MTTQ Việt Nam phường Quảng Phú xây
 * dựng Kế hoạch thực hiện như sau:"
 */
export function implementingPreamble(p: { docType: string; numberText: string | null; docDate: string | null; subject: string; parentIssuer: string; ownIssuer: string }): RichDoc {
  const num = p.numberText ? ` số ${p.numberText}` : '';
  const date = p.docDate ? ` ngày ${formatVnDate(p.docDate)}` : '';
  const subject = p.subject.trim().replace(/[.;:]+$/, '');
  const line = `Thực hiện ${docTypeWord(p.docType)}${num}${date} của ${p.parentIssuer}${subject ? ` về ${lcFirst(subject)}` : ''}, ${p.ownIssuer} xây dựng Kế hoạch thực hiện như sau:`;
  return { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: 'justify' }, content: [{ type: 'text', text: line }] }] };
}

/** Zero-padded to at least two digits: 1 → "01", 123 → "123". */
export function formatNumber(n: number, symbol: string): string {
  return `${String(n).padStart(2, '0')}/${symbol}`;
}
