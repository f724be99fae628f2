/** pdfmake 0.3 ships no types; pdf.ts describes the few calls it makes (see its PdfMake interface). */
declare module 'pdfmake' {
  const pdfmake: unknown;
  export default pdfmake;
}
