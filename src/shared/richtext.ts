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

// ---- Articles (news): the same subset plus images with captions, quotes, video links and tables ----

/** An uploaded image (see the news module): shown as <figure> with its caption. */
export type ImageNode = { type: 'image'; attrs: { imageId: string; alt?: string | null; caption?: string | null } };
export type BlockquoteNode = { type: 'blockquote'; content: BlockNode[] };
/** A link to a video on an allowed host, shown as a plain link (no third-party player or script). */
export type VideoNode = { type: 'video'; attrs: { url: string; title?: string | null } };
export type TableCellNode = { type: 'tableCell' | 'tableHeader'; content: BlockNode[] };
export type TableRowNode = { type: 'tableRow'; content: TableCellNode[] };
export type TableNode = { type: 'table'; content: TableRowNode[] };

export type ArticleBlockNode = BlockNode | ImageNode | BlockquoteNode | VideoNode | TableNode;

export interface ArticleDoc {
  type: 'doc';
  content: ArticleBlockNode[];
}

/** What the renderer knows about an uploaded image (URLs built by the caller). */
export interface ArticleImageInfo {
  src: string;
  srcset: string;
  sizes: string;
  width: number;
  height: number;
  alt: string;
  caption: string | null;
}

export interface ArticleHtmlOptions {
  /** Looks up an image; unknown images are left out. */
  image?: (imageId: string) => ArticleImageInfo | undefined;
}

const VIDEO_HOSTS = /^https:\/\/(www\.)?(youtube\.com|youtu\.be|m\.youtube\.com|facebook\.com|fb\.watch|vimeo\.com|tiktok\.com|www\.tiktok\.com)\//i;

/** Video links are accepted only from a few known hosts, over https. */
export function isAllowedVideoUrl(url: string): boolean {
  return VIDEO_HOSTS.test(url);
}

/** Image ids a document refers to, in order. */
export function articleImageIds(doc: ArticleDoc | null | undefined): string[] {
  const out: string[] = [];
  for (const b of doc?.content ?? []) if (b.type === 'image') out.push(b.attrs.imageId);
  return out;
}

/** Paragraph texts of an article in reading order (captions, quotes and table cells included). */
export function articleToLines(doc: ArticleDoc | null | undefined): string[] {
  const out: string[] = [];
  for (const b of doc?.content ?? []) {
    switch (b.type) {
      case 'image':
        if (b.attrs.caption) out.push(b.attrs.caption);
        break;
      case 'blockquote':
        out.push(...richTextToLines({ type: 'doc', content: b.content }));
        break;
      case 'video':
        out.push(b.attrs.title ? `${b.attrs.title} (${b.attrs.url})` : b.attrs.url);
        break;
      case 'table':
        for (const row of b.content) out.push(row.content.map((c) => richTextToLines({ type: 'doc', content: c.content }).join(' ')).join(' | '));
        break;
      default:
        out.push(...richTextToLines({ type: 'doc', content: [b] }));
    }
  }
  return out;
}

export function articleToPlain(doc: ArticleDoc | null | undefined): string {
  return articleToLines(doc).join('\n');
}

/** HTML for an article body, escaping every text like richTextToHtml (safe by construction). */
export function articleToHtml(doc: ArticleDoc | null | undefined, opts: ArticleHtmlOptions = {}): string {
  const rich = (blocks: BlockNode[]) => richTextToHtml({ type: 'doc', content: blocks });
  return (doc?.content ?? [])
    .map((b): string => {
      switch (b.type) {
        case 'image': {
          const img = opts.image?.(b.attrs.imageId);
          if (!img) return '';
          const alt = b.attrs.alt?.trim() || img.alt;
          const caption = b.attrs.caption?.trim() || img.caption;
          return `<figure class="figure"><img src="${esc(img.src)}" srcset="${esc(img.srcset)}" sizes="${esc(img.sizes)}" width="${img.width}" height="${img.height}" alt="${esc(alt)}" loading="lazy" decoding="async">${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>`;
        }
        case 'blockquote':
          return `<blockquote>${rich(b.content)}</blockquote>`;
        case 'video': {
          if (!isAllowedVideoUrl(b.attrs.url)) return '';
          const label = b.attrs.title?.trim() || 'Xem video';
          return `<p class="video-link"><a href="${esc(b.attrs.url)}" rel="noopener nofollow">▶ ${esc(label)}</a></p>`;
        }
        case 'table':
          return `<div class="table-wrap"><table>${b.content
            .map((row) => `<tr>${row.content.map((c) => (c.type === 'tableHeader' ? `<th scope="col">${rich(c.content)}</th>` : `<td>${rich(c.content)}</td>`)).join('')}</tr>`)
            .join('')}</table></div>`;
        case 'heading':
          // The article title is the page's h1: body headings start at h2.
          return `<h${b.attrs.level + 1}>${inlineHtml(b.content)}</h${b.attrs.level + 1}>`;
        default:
          return rich([b]);
      }
    })
    .join('');
}
