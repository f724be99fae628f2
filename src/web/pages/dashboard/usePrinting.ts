// Whether the page is being printed (print dialog, print emulation, PDF export).
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * True while the page is printed. Charts then draw at a fixed A4 width: the browser lays the page out again
 * for paper, but a chart measured on screen keeps its width. `beforeprint` renders synchronously (flushSync)
 * so the printout already has the new size; the media query covers print emulation and PDF export.
 */
export function usePrinting(): boolean {
  const [printing, setPrinting] = useState(() => window.matchMedia?.('print').matches ?? false);
  useEffect(() => {
    const mql = window.matchMedia?.('print');
    const on = () => flushSync(() => setPrinting(true));
    const off = () => setPrinting(mql?.matches ?? false);
    const change = () => (mql?.matches ? on() : off());
    window.addEventListener('beforeprint', on);
    window.addEventListener('afterprint', off);
    mql?.addEventListener('change', change);
    return () => {
      window.removeEventListener('beforeprint', on);
      window.removeEventListener('afterprint', off);
      mql?.removeEventListener('change', change);
    };
  }, []);
  return printing;
}
