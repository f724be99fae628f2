import type { ArticleBlockNode, ArticleDoc, BlockNode, InlineNode, ListItemNode, Mark, TableCellNode } from '../../../shared/richtext.js';
import { articleToLines } from '../../../shared/richtext.js';

/**
 * Rebuilds a validated document from the fields Lan Tỏa knows, dropping everything else (extra
 * attributes such as `onclick` or `class` that TipTap or a hand-made request may carry). What is
 * stored is therefore exactly what the renderer understands, and the renderer escapes all text.
 */
export function cleanDoc(doc: ArticleDoc | undefined | null): ArticleDoc {
  return { type: 'doc', content: (doc?.content ?? []).map(cleanArticleBlock).filter((b): b is ArticleBlockNode => !!b) };
}

function cleanMarks(marks: Mark[] | undefined): Mark[] | undefined {
  if (!marks?.length) return undefined;
  const out: Mark[] = [];
  for (const m of marks) {
    if (m.type === 'link') out.push({ type: 'link', attrs: { href: m.attrs.href } });
    else if (m.type === 'bold' || m.type === 'italic' || m.type === 'underline') out.push({ type: m.type });
  }
  return out.length ? out : undefined;
}

function cleanInline(nodes: InlineNode[] | undefined): InlineNode[] | undefined {
  if (!nodes) return undefined;
  return nodes.map((n) => {
    if (n.type === 'hardBreak') return { type: 'hardBreak' };
    const marks = cleanMarks(n.marks);
    return marks ? { type: 'text', text: n.text, marks } : { type: 'text', text: n.text };
  });
}

function cleanItem(li: ListItemNode): ListItemNode {
  return { type: 'listItem', content: li.content.map(cleanBlock) };
}

function cleanBlock(b: BlockNode): BlockNode {
  switch (b.type) {
    case 'paragraph': {
      const align = b.attrs?.textAlign;
      const content = cleanInline(b.content);
      return { type: 'paragraph', ...(align && align !== 'left' ? { attrs: { textAlign: align } } : {}), ...(content ? { content } : {}) };
    }
    case 'heading': {
      const content = cleanInline(b.content);
      return { type: 'heading', attrs: { level: b.attrs.level }, ...(content ? { content } : {}) };
    }
    case 'bulletList':
      return { type: 'bulletList', content: b.content.map(cleanItem) };
    case 'orderedList':
      return { type: 'orderedList', ...(b.attrs?.start && b.attrs.start !== 1 ? { attrs: { start: b.attrs.start } } : {}), content: b.content.map(cleanItem) };
  }
}

function cleanArticleBlock(b: ArticleBlockNode): ArticleBlockNode | null {
  switch (b.type) {
    case 'image':
      return { type: 'image', attrs: { imageId: b.attrs.imageId, alt: b.attrs.alt ?? null, caption: b.attrs.caption ?? null } };
    case 'blockquote':
      return { type: 'blockquote', content: b.content.map(cleanBlock) };
    case 'video':
      return { type: 'video', attrs: { url: b.attrs.url, title: b.attrs.title ?? null } };
    case 'table':
      return {
        type: 'table',
        content: b.content.map((row) => ({
          type: 'tableRow',
          content: row.content.map((c): TableCellNode => ({ type: c.type === 'tableHeader' ? 'tableHeader' : 'tableCell', content: c.content.map(cleanBlock) })),
        })),
      };
    case 'paragraph':
    case 'heading':
    case 'bulletList':
    case 'orderedList':
      return cleanBlock(b);
    default:
      return null;
  }
}

/** What a revision stores: the whole article as it was. */
export interface ArticleSnapshot {
  title: string;
  slug: string;
  sapo: string;
  body: ArticleDoc;
  categoryId: string;
  categoryName?: string;
  tags: string[];
  topicIds: string[];
  coverImageId: string | null;
  coverCaption: string | null;
  byline: string | null;
  featured: boolean;
  campaignId: string | null;
  status: string;
  scheduledAt: string | null;
}

export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}

/** Lines compared by the revision diff: title, sapo, then the body's paragraphs. */
export function snapshotLines(s: ArticleSnapshot): string[] {
  return [`# ${s.title}`, ...(s.sapo ? [`> ${s.sapo}`] : []), ...articleToLines(s.body).filter((l) => l.trim())];
}

/** Paragraph-level diff (longest common subsequence). */
export function diffLines(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  // Common prefix and suffix first: most edits touch a few paragraphs.
  let pre = 0;
  while (pre < n && pre < m && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++;
  const A = a.slice(pre, n - suf);
  const B = b.slice(pre, m - suf);
  if (A.length * B.length > 4_000_000) {
    // Too large to align paragraph by paragraph: show the middle as replaced.
    return [...a.slice(0, pre).map((text): DiffLine => ({ op: 'same', text })), ...A.map((text): DiffLine => ({ op: 'del', text })), ...B.map((text): DiffLine => ({ op: 'add', text })), ...a.slice(n - suf).map((text): DiffLine => ({ op: 'same', text }))];
  }
  const L: number[][] = Array.from({ length: A.length + 1 }, () => new Array<number>(B.length + 1).fill(0));
  for (let i = A.length - 1; i >= 0; i--) for (let j = B.length - 1; j >= 0; j--) L[i][j] = A[i] === B[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const mid: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < A.length && j < B.length) {
    if (A[i] === B[j]) {
      mid.push({ op: 'same', text: A[i] });
      i++;
      j++;
    } else if (L[i + 1][j] >= L[i][j + 1]) mid.push({ op: 'del', text: A[i++] });
    else mid.push({ op: 'add', text: B[j++] });
  }
  while (i < A.length) mid.push({ op: 'del', text: A[i++] });
  while (j < B.length) mid.push({ op: 'add', text: B[j++] });
  return [...a.slice(0, pre).map((text): DiffLine => ({ op: 'same', text })), ...mid, ...a.slice(n - suf).map((text): DiffLine => ({ op: 'same', text }))];
}

const FIELD_LABELS: Array<[keyof ArticleSnapshot, string]> = [
  ['slug', 'Đường dẫn'],
  ['categoryId', 'Chuyên mục'],
  ['tags', 'Từ khóa'],
  ['topicIds', 'Chủ đề'],
  ['coverImageId', 'Ảnh đại diện'],
  ['coverCaption', 'Chú thích ảnh đại diện'],
  ['byline', 'Tác giả'],
  ['featured', 'Tin nổi bật'],
  ['campaignId', 'Chương trình'],
  ['status', 'Trạng thái'],
  ['scheduledAt', 'Hẹn giờ đăng'],
];

export function diffFields(a: ArticleSnapshot, b: ArticleSnapshot) {
  return FIELD_LABELS.filter(([k]) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)).map(([k, label]) => ({
    field: k,
    label,
    before: k === 'categoryId' ? (a.categoryName ?? a[k]) : (a[k] ?? null),
    after: k === 'categoryId' ? (b.categoryName ?? b[k]) : (b[k] ?? null),
  }));
}
