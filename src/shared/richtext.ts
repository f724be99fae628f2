/**
 * Rich text is stored as a small subset of TipTap/ProseMirror JSON, the same on the web and in
 * documents. Only these nodes and marks exist; anything else is rejected on input.
 */
export type Mark = { type: 'bold' | 'italic' | 'underline' } | { type: 'link'; attrs: { href: string } };

export type InlineNode = { type: 'text'; text: string; marks?: Mark[] } | { type: 'hardBreak' };

export type BlockNode =
  | { type: 'paragraph'; attrs?: { textAlign?: 'left' | 'center' | 'right' | 'justify' }; content?: InlineNode[] }
  | { type: 'heading'; attrs: { level: 1 | 2 | 3 }; content?: InlineNode[] }
  | { type: 'bulletList'; content: ListItemNode[] }
  | { type: 'orderedList'; attrs?: { start?: number }; content: ListItemNode[] };

export type ListItemNode = { type: 'listItem'; content: BlockNode[] };

export interface RichDoc {
  type: 'doc';
  content: BlockNode[];
}

export const emptyDoc = (): RichDoc => ({ type: 'doc', content: [] });

/** One paragraph per non-empty line. */
export function plainToRichText(text: string): RichDoc {
  const paras = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return { type: 'doc', content: paras.map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })) };
}

function inlineText(nodes: InlineNode[] | undefined): string {
  return (nodes ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

/** Paragraph texts in reading order (list items prefixed with "- " or "1. "). */
export function richTextToLines(doc: RichDoc | null | undefined): string[] {
  const out: string[] = [];
  const walk = (blocks: BlockNode[], prefix = '') => {
    for (const b of blocks) {
      if (b.type === 'paragraph' || b.type === 'heading') out.push(prefix + inlineText(b.content));
      else if (b.type === 'bulletList') for (const li of b.content) walk(li.content, '- ');
      else if (b.type === 'orderedList') {
        b.content.forEach((li, i) => {
          walk(li.content, `${(b.attrs?.start ?? 1) + i}. `);
        });
      }
    }
  };
  walk(doc?.content ?? []);
  return out;
}

export function richTextToPlain(doc: RichDoc | null | undefined): string {
  return richTextToLines(doc).join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function safeHref(href: string): string | null {
  return /^(https?:\/\/|mailto:|\/)/i.test(href) ? href : null;
}

function inlineHtml(nodes: InlineNode[] | undefined): string {
  return (nodes ?? [])
    .map((n) => {
      if (n.type === 'hardBreak') return '<br>';
      let html = esc(n.text);
      for (const m of n.marks ?? []) {
        if (m.type === 'bold') html = `<strong>${html}</strong>`;
        else if (m.type === 'italic') html = `<em>${html}</em>`;
        else if (m.type === 'underline') html = `<u>${html}</u>`;
        else if (m.type === 'link') {
          const href = safeHref(m.attrs.href);
          if (href) html = `<a href="${esc(href)}" rel="noopener nofollow">${html}</a>`;
        }
      }
      return html;
    })
    .join('');
}

/** HTML built by escaping every text: safe by construction, no sanitiser needed. */
export function richTextToHtml(doc: RichDoc | null | undefined): string {
  const block = (b: BlockNode): string => {
    switch (b.type) {
      case 'paragraph': {
        const align = b.attrs?.textAlign && b.attrs.textAlign !== 'left' ? ` style="text-align:${b.attrs.textAlign}"` : '';
        return `<p${align}>${inlineHtml(b.content)}</p>`;
      }
      case 'heading':
        return `<h${b.attrs.level + 2}>${inlineHtml(b.content)}</h${b.attrs.level + 2}>`;
      case 'bulletList':
        return `<ul>${b.content.map((li) => `<li>${li.content.map(block).join('')}</li>`).join('')}</ul>`;
      case 'orderedList':
        return `<ol start="${b.attrs?.start ?? 1}">${b.content.map((li) => `<li>${li.content.map(block).join('')}</li>`).join('')}</ol>`;
    }
  };
  return (doc?.content ?? []).map(block).join('');
}
