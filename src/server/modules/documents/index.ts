/**
 * Official documents (kế hoạch, báo cáo, …) laid out after Nghị định 30/2020/NĐ-CP: one model, three
 * outputs — .docx (docx), .pdf (LibreOffice from the .docx, or pdfmake) and a print-ready HTML page.
 */
export { buildDocx, renderDocx } from './docx.js';
export { flattenRichDoc } from './flatten.js';
export {
  numberLine,
  type OfficialAnnex,
  type OfficialDocument,
  type OfficialFootnote,
  type OfficialSection,
  type OfficialSigner,
  plainMarker,
  recipientLines,
  signerAuthorityLine,
  superscriptMarker,
  vnPlaceDate,
} from './official-document.js';
export { docxToPdf, findSoffice, type PdfEngineName, pdfEngine, type RenderPdfOptions, renderPdf } from './pdf.js';
export { renderPrintHtml } from './print.js';
