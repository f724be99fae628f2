// Renders a RichDoc (the TipTap JSON subset of src/shared/richtext.ts) as React elements.
import type { ReactNode } from 'react';
import type { BlockNode, InlineNode, RichDoc } from '../../shared/richtext';
import './plans.css';

function safeHref(href: string): string | null {
  return /^(https?:\/\/|mailto:|\/)/i.test(href) ? href : null;
}

function Inline({ nodes }: { nodes: InlineNode[] | undefined }) {
  return (
    <>
      {(nodes ?? []).map((n, i) => {
        // biome-ignore lint/suspicious/noArrayIndexKey: inline runs have no identity
        if (n.type === 'hardBreak') return <br key={i} />;
        let el: ReactNode = n.text;
        for (const m of n.marks ?? []) {
          if (m.type === 'bold') el = <strong>{el}</strong>;
          else if (m.type === 'italic') el = <em>{el}</em>;
          else if (m.type === 'underline') el = <u>{el}</u>;
          else if (m.type === 'link') {
            const href = safeHref(m.attrs.href);
            if (href)
              el = (
                <a href={href} rel="noopener nofollow" target={href.startsWith('/') ? undefined : '_blank'}>
                  {el}
                </a>
              );
          }
        }
        // biome-ignore lint/suspicious/noArrayIndexKey: inline runs have no identity
        return <span key={i}>{el}</span>;
      })}
    </>
  );
}

function Block({ block }: { block: BlockNode }) {
  switch (block.type) {
    case 'paragraph':
      return (
        <p style={block.attrs?.textAlign ? { textAlign: block.attrs.textAlign } : undefined}>
          <Inline nodes={block.content} />
        </p>
      );
    case 'heading':
      return (
        <p className={`lt-rt-h${block.attrs.level}`}>
          <Inline nodes={block.content} />
        </p>
      );
    case 'bulletList':
      return (
        <ul>
          {block.content.map((li, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity
            <li key={i}>
              {li.content.map((b, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity
                <Block key={j} block={b} />
              ))}
            </li>
          ))}
        </ul>
      );
    case 'orderedList':
      return (
        <ol start={block.attrs?.start ?? 1}>
          {block.content.map((li, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity
            <li key={i}>
              {li.content.map((b, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity
                <Block key={j} block={b} />
              ))}
            </li>
          ))}
        </ol>
      );
    default:
      return null;
  }
}

export function isEmptyDoc(doc: RichDoc | null | undefined): boolean {
  if (!doc || doc.content.length === 0) return true;
  return doc.content.every(
    (b) => b.type === 'paragraph' && (!b.content || b.content.every((n) => n.type === 'text' && !n.text.trim())),
  );
}

export function RichTextView({ doc, className }: { doc: RichDoc | null | undefined; className?: string }) {
  if (!doc) return null;
  return (
    <div className={className ?? 'lt-richtext'}>
      {doc.content.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity
        <Block key={i} block={b} />
      ))}
    </div>
  );
}
