import type { BlockNode, InlineNode, RichDoc } from '../../../shared/richtext.js';

/** One run of text with its marks; `br` is a hard line break. Links become underlined text. */
export type FlatRun = { text: string; bold?: boolean; italic?: boolean; underline?: boolean } | { br: true };

/** A paragraph as Front documents print it: lists become indented paragraphs with "- " / "1. " prefixes. */
export interface FlatParagraph {
  heading: 0 | 1 | 2 | 3;
  align: 'left' | 'center' | 'right' | 'justify';
  /** Nesting depth of lists (0 for body paragraphs and first-level list items). */
  depth: number;
  runs: FlatRun[];
}

function inlineRuns(nodes: InlineNode[] | undefined, heading: number): FlatRun[] {
  const runs: FlatRun[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'hardBreak') {
      runs.push({ br: true });
      continue;
    }
    if (!n.text) continue;
    const marks = new Set((n.marks ?? []).map((m) => m.type));
    runs.push({
      text: n.text,
      bold: marks.has('bold') || heading > 0 || undefined,
      italic: marks.has('italic') || heading === 3 || undefined,
      underline: marks.has('underline') || marks.has('link') || undefined,
    });
  }
  return runs;
}

/** Flattens rich text into printable paragraphs, in reading order. */
export function flattenRichDoc(doc: RichDoc | null | undefined): FlatParagraph[] {
  const out: FlatParagraph[] = [];
  const walk = (blocks: BlockNode[], depth: number, prefixFirst: string | null) => {
    let prefix = prefixFirst;
    for (const b of blocks) {
      if (b.type === 'paragraph' || b.type === 'heading') {
        const heading = b.type === 'heading' ? b.attrs.level : 0;
        const align = b.type === 'paragraph' && b.attrs?.textAlign ? b.attrs.textAlign : 'justify';
        const runs = inlineRuns(b.content, heading);
        if (prefix !== null) {
          runs.unshift({ text: prefix, bold: heading > 0 || undefined });
          prefix = null;
        }
        out.push({ heading: heading as FlatParagraph['heading'], align, depth, runs });
      } else if (b.type === 'bulletList') {
        for (const li of b.content) walk(li.content, nextDepth(depth, prefixFirst), '- ');
        prefix = null;
      } else if (b.type === 'orderedList') {
        const start = b.attrs?.start ?? 1;
        b.content.forEach((li, i) => {
          walk(li.content, nextDepth(depth, prefixFirst), `${start + i}. `);
        });
        prefix = null;
      }
    }
  };
  walk(doc?.content ?? [], 0, null);
  return out;
}

/** A top-level list stays at depth 0 (Front documents indent "- " items like any paragraph); nested lists go one deeper. */
function nextDepth(depth: number, prefixFirst: string | null): number {
  return prefixFirst === null && depth === 0 ? 0 : depth + 1;
}

/** Plain text of a flattened paragraph (tests, fallbacks). */
export function flatText(p: FlatParagraph): string {
  return p.runs.map((r) => ('br' in r ? '\n' : r.text)).join('');
}
