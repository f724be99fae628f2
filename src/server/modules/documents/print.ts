import { richTextToHtml } from '../../../shared/richtext.js';
import { approxWidth } from './docx.js';
import {
  numberLine,
  type OfficialAnnex,
  type OfficialDocument,
  printedFootnotes,
  recipientLines,
  signerAuthorityLine,
  vnPlaceDate,
  vnUpper,
} from './official-document.js';

const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
const cm = (twips: number) => `${(twips / 567).toFixed(2)}cm`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Escaped text whose runs of spaces survive (the blank number "Số:      /KH-…"). */
const escKeepSpaces = (s: string) => esc(s).replace(/ {2,}/g, (m) => '&nbsp;'.repeat(m.length));

/**
 * The layout of docx.ts in CSS: A4, margins 20/15/20/30 mm, Times New Roman (Liberation Serif has the
 * same metrics), two-column header, body 14 pt justified with a 1.27 cm first-line indent, page numbers
 * centred in the top margin from page 2 (CSS margin boxes; browsers without them print no number).
 */
const CSS = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm; @top-center { content: counter(page); font: 14pt "Times New Roman", "Liberation Serif", serif; } }
@page :first { @top-center { content: none; } }
@page annex-landscape { size: A4 landscape; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { margin: 0; font-family: "Times New Roman", "Liberation Serif", Tinos, serif; font-size: 14pt; color: #000; }
.screen-note { font: 11pt/1.4 system-ui, sans-serif; background: #fff8db; border-bottom: 1px solid #e0c96b; padding: 8px 16px; text-align: center; }
.sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 16px auto; padding: 20mm 15mm 20mm 30mm; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
.sheet.landscape { width: 297mm; min-height: 210mm; }
table.cols { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.cols td { vertical-align: top; padding: 0 1mm; }
.hdr .l { width: 41.2%; }
.sign .l { width: 50.2%; }
.c { text-align: center; }
.line { margin: 0; line-height: 1.15; }
.s12 { font-size: 12pt; } .s13 { font-size: 13pt; } .s11 { font-size: 11pt; }
.b { font-weight: bold; } .i { font-style: italic; }
.rule { border: 0; border-top: 0.75pt solid #000; margin: 4pt auto 0; height: 0; }
.place { margin-top: 10pt; }
.no { margin-top: 6pt; }
.title { margin: 18pt 0 0; text-align: center; font-weight: bold; line-height: 1.15; }
.subject { margin: 0; text-align: center; font-weight: bold; line-height: 1.15; }
.subject + .rule { width: 3.5cm; margin: 3pt auto 12pt; }
.doc p, .doc li, .doc h3, .doc h4, .doc h5 { margin: 0 0 6pt; text-align: justify; text-indent: 1.27cm; line-height: 1.15; font-size: 14pt; }
.doc p[style*="center"] { text-indent: 0; }
.doc h3, .doc h4, .doc h5, .doc .heading { font-weight: bold; break-after: avoid; }
.doc h5 { font-style: italic; }
.doc ul, .doc ol { margin: 0; padding: 0; }
.doc ul { list-style: "- " inside; }
.doc ol { list-style: decimal inside; }
.doc li > p, .doc li > h3, .doc li > h4, .doc li > h5 { display: inline; margin: 0; text-indent: 0; }
.doc li > p ~ p { display: block; margin: 6pt 0 0; text-indent: 1.27cm; }
.doc li ul, .doc li ol { margin-left: 1cm; }
.doc a { color: inherit; text-decoration: underline; }
.sign { margin-top: 6pt; break-inside: avoid; }
.recipients .line { padding-left: 3mm; text-indent: -3mm; line-height: 1.2; }
.signer-name { margin-top: 85pt; }
.notes { margin-top: 18pt; font-size: 12pt; }
.notes .rule { width: 5cm; margin: 0 0 3pt; }
.notes p { margin: 0 0 2pt; text-align: justify; }
.annex-title { text-align: center; font-weight: bold; margin: 0 0 12pt; }
table.grid { width: 100%; border-collapse: collapse; font-size: 12pt; }
table.grid th, table.grid td { border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: middle; }
table.grid th { text-align: center; }
table.grid td.n { text-align: right; }
@media print {
  html { background: none; }
  .screen-note { display: none; }
  .sheet, .sheet.landscape { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .annex { break-before: page; }
  .annex.landscape { page: annex-landscape; }
}
`;

function headerHtml(doc: OfficialDocument): string {
  const h = doc.header;
  const issuer = vnUpper(h.issuer);
  const left = [
    h.parentBody.trim() ? `<p class="line c s13">${esc(vnUpper(h.parentBody))}</p>` : '',
    h.bodyName.trim() ? `<p class="line c s13">${esc(vnUpper(h.bodyName))}</p>` : '',
    `<p class="line c s13 b">${esc(issuer)}</p>`,
    // 1/3–1/2 of the issuer line (Nghị định 30/2020).
    `<div class="rule" style="width:${cm(Math.max(900, approxWidth(issuer, 13, true) * 0.45))}"></div>`,
    `<p class="line c s13 no">${escKeepSpaces(numberLine(doc))}</p>`,
    !doc.title.trim() && doc.subject.trim() ? `<p class="line c s12">V/v ${esc(doc.subject.replace(/^V\/v\s*/i, ''))}</p>` : '',
  ].join('');
  const right = [
    '<p class="line c s12 b">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>',
    `<p class="line c s13 b">${MOTTO}</p>`,
    `<div class="rule" style="width:${cm(approxWidth(MOTTO, 13, true))}"></div>`,
    `<p class="line c i place">${escKeepSpaces(vnPlaceDate(doc.place, doc.date))}</p>`,
  ].join('');
  return `<table class="cols hdr"><tr><td class="l">${left}</td><td class="r">${right}</td></tr></table>`;
}

function signatureHtml(doc: OfficialDocument): string {
  const list = recipientLines(doc)
    .map((l) => `<p class="line s11">${esc(l)}</p>`)
    .join('');
  const s = doc.signer;
  const right = [
    s.authority.trim() || s.mode ? `<p class="line c b">${esc(signerAuthorityLine(s))}</p>` : '',
    s.position.trim() ? `<p class="line c b">${esc(vnUpper(s.position))}</p>` : '',
    `<p class="line c b signer-name">${esc(s.name)}</p>`,
  ].join('');
  return `<table class="cols sign"><tr><td class="l recipients"><p class="line s12 b i">Nơi nhận:</p>${list}</td><td class="r">${right}</td></tr></table>`;
}

function annexHtml(annex: OfficialAnnex): string {
  const cols = Math.max(1, annex.table.headers.length, ...annex.table.rows.map((r) => r.length));
  const head = annex.table.headers.length
    ? `<thead><tr>${Array.from({ length: cols }, (_, i) => `<th>${esc(annex.table.headers[i] ?? '')}</th>`).join('')}</tr></thead>`
    : '';
  const rows = annex.table.rows
    .map(
      (r) =>
        `<tr>${Array.from({ length: cols }, (_, i) => {
          const v = r[i];
          return typeof v === 'number' ? `<td class="n">${esc(v.toLocaleString('vi-VN'))}</td>` : `<td>${esc(v == null ? '' : String(v))}</td>`;
        }).join('')}</tr>`,
    )
    .join('');
  return `<section class="sheet annex${annex.landscape ? ' landscape' : ''}"><p class="annex-title">${esc(annex.title)}</p><table class="grid">${head}<tbody>${rows}</tbody></table></section>`;
}

/**
 * A complete, standalone HTML page (no script, no external resource) with the document's official layout,
 * for printing from the browser. The page's CSP forbids inline scripts, so instead of a print button a
 * screen-only banner says to press Ctrl+P.
 */
export function renderPrintHtml(doc: OfficialDocument): string {
  const body: string[] = [richTextToHtml(doc.preamble)];
  for (const s of doc.sections) {
    if (s.heading.trim()) body.push(`<p class="heading">${esc(s.heading)}</p>`);
    body.push(richTextToHtml(s.content));
  }
  body.push(richTextToHtml(doc.closing));
  const notes = printedFootnotes(doc);
  const notesHtml = notes.length
    ? `<div class="notes"><div class="rule"></div>${notes.map((n) => `<p>${esc(n.marker)} ${esc(n.text)}</p>`).join('')}</div>`
    : '';
  const titleHtml = doc.title.trim()
    ? `<p class="title">${esc(vnUpper(doc.title))}</p><p class="subject">${esc(doc.subject)}</p><div class="rule"></div>`
    : '<div style="height:12pt"></div>';
  const pageTitle = [doc.numberText ? `${doc.numberText} —` : '', vnUpper(doc.title), doc.subject].filter(Boolean).join(' ');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Lan Tỏa">
<title>${esc(pageTitle)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="screen-note" role="note">Nhấn <b>Ctrl+P</b> (trên máy Mac: <b>⌘+P</b>) để in văn bản. Chọn khổ giấy A4, tỷ lệ 100%, tắt “Đầu trang và chân trang” của trình duyệt.</div>
<main class="sheet">
${headerHtml(doc)}
${titleHtml}
<div class="doc">${body.join('\n')}</div>
${signatureHtml(doc)}
${notesHtml}
</main>
${(doc.annexes ?? []).map(annexHtml).join('\n')}
</body>
</html>
`;
}
