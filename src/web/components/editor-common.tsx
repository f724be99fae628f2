// Pieces shared by the TipTap editors (RichTextEditor for plans and reports, NewsEditor for articles):
// the toolbar button and the conversion of TipTap's inline JSON to the server's rich text marks and inlines.
import { ActionIcon, Tooltip } from '@mantine/core';
import type { JSONContent } from '@tiptap/react';
import type { InlineNode, Mark } from '../../shared/richtext';

/** Links the server accepts: web, mail and site-relative addresses. */
export const HREF_OK = /^(https?:\/\/|mailto:|\/)/i;

export function toMarks(marks: JSONContent['marks']): Mark[] | undefined {
  const out: Mark[] = [];
  for (const m of marks ?? []) {
    if (m.type === 'bold' || m.type === 'italic' || m.type === 'underline') out.push({ type: m.type });
    else if (m.type === 'link' && typeof m.attrs?.href === 'string' && HREF_OK.test(m.attrs.href))
      out.push({ type: 'link', attrs: { href: m.attrs.href } });
  }
  return out.length ? out : undefined;
}

export function toInline(nodes: JSONContent[] | undefined): InlineNode[] | undefined {
  const out: InlineNode[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'hardBreak') out.push({ type: 'hardBreak' });
    else if (n.type === 'text' && n.text) {
      const marks = toMarks(n.marks);
      out.push(marks ? { type: 'text', text: n.text, marks } : { type: 'text', text: n.text });
    }
  }
  return out.length ? out : undefined;
}

/** A toolbar button: icon with a Vietnamese tooltip and label, pressed state, keeps the editor's selection. */
export function ToolButton({
  label,
  active,
  onClick,
  children,
  disabled,
}: {
  label: string;
  active?: boolean;
  onClick: () => void;
  children: React.ReactNode;
  disabled?: boolean;
}) {
  return (
    <Tooltip label={label} withArrow openDelay={400}>
      <ActionIcon
        size={36}
        variant={active ? 'light' : 'subtle'}
        color={active ? 'frontBlue' : 'gray'}
        aria-label={label}
        aria-pressed={active === undefined ? undefined : active}
        onClick={onClick}
        disabled={disabled}
        onMouseDown={(e) => e.preventDefault()}
      >
        {children}
      </ActionIcon>
    </Tooltip>
  );
}
