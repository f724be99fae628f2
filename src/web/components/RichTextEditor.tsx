// Rich text field (TipTap): bold, italic, underline, lists and links — exactly the RichDoc subset the server accepts.
import { Box, Button, Group, Input, Popover, Stack, TextInput } from '@mantine/core';
import {
  IconBold,
  IconItalic,
  IconLink,
  IconLinkOff,
  IconList,
  IconListNumbers,
  IconUnderline,
} from '@tabler/icons-react';
import { EditorContent, type JSONContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useRef, useState } from 'react';
import type { BlockNode, ListItemNode, RichDoc } from '../../shared/richtext';
import { HREF_OK, ToolButton, toInline } from './editor-common';
import './plans.css';

function toBlocks(nodes: JSONContent[] | undefined): BlockNode[] {
  const out: BlockNode[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'paragraph') {
      const content = toInline(n.content);
      out.push(content ? { type: 'paragraph', content } : { type: 'paragraph' });
    } else if (n.type === 'heading') {
      const level = n.attrs?.level === 1 || n.attrs?.level === 2 ? n.attrs.level : 3;
      out.push({ type: 'heading', attrs: { level }, content: toInline(n.content) });
    } else if (n.type === 'bulletList' || n.type === 'orderedList') {
      const items: ListItemNode[] = (n.content ?? [])
        .filter((li) => li.type === 'listItem')
        .map((li) => ({ type: 'listItem', content: toBlocks(li.content) }));
      if (n.type === 'bulletList') out.push({ type: 'bulletList', content: items });
      else {
        const start = Number(n.attrs?.start ?? 1);
        out.push(
          start > 1 && start <= 1000
            ? { type: 'orderedList', attrs: { start }, content: items }
            : { type: 'orderedList', content: items },
        );
      }
    }
  }
  return out;
}

/** TipTap JSON → RichDoc (drops anything the server would reject; trailing empty paragraphs removed). */
export function toRichDoc(json: JSONContent): RichDoc {
  const blocks = toBlocks(json.content);
  while (blocks.length > 0) {
    const last = blocks[blocks.length - 1];
    if (last.type === 'paragraph' && !last.content) blocks.pop();
    else break;
  }
  return { type: 'doc', content: blocks };
}


export interface RichTextEditorProps {
  label?: string;
  description?: string;
  value: RichDoc;
  onChange: (doc: RichDoc) => void;
  placeholder?: string;
  error?: string;
  minHeight?: number;
  id?: string;
}

export function RichTextEditor({ label, description, value, onChange, error, minHeight = 96, id }: RichTextEditorProps) {
  const autoId = useId();
  const labelId = `${id ?? autoId}-label`;
  const descId = `${id ?? autoId}-desc`;
  const lastEmitted = useRef<RichDoc>(value);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');

  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        code: false,
        codeBlock: false,
        blockquote: false,
        horizontalRule: false,
        strike: false,
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https', isAllowedUri: (url) => HREF_OK.test(url) },
      }),
    ],
    content: value as JSONContent,
    editorProps: {
      attributes: {
        'aria-multiline': 'true',
        role: 'textbox',
        ...(label ? { 'aria-labelledby': labelId } : {}),
        ...(description ? { 'aria-describedby': descId } : {}),
        class: 'lt-rte-content',
      },
    },
    onUpdate: ({ editor: ed }) => {
      const doc = toRichDoc(ed.getJSON());
      lastEmitted.current = doc;
      onChangeRef.current(doc);
    },
  });

  // Outside changes (loading the latest version, resetting) replace the content.
  useEffect(() => {
    if (!editor || value === lastEmitted.current) return;
    lastEmitted.current = value;
    editor.commands.setContent(value as JSONContent, { emitUpdate: false });
  }, [editor, value]);

  const state = useEditorState({
    editor,
    selector: ({ editor: ed }) => ({
      bold: ed?.isActive('bold') ?? false,
      italic: ed?.isActive('italic') ?? false,
      underline: ed?.isActive('underline') ?? false,
      bullet: ed?.isActive('bulletList') ?? false,
      ordered: ed?.isActive('orderedList') ?? false,
      link: ed?.isActive('link') ?? false,
    }),
  });

  const applyLink = () => {
    if (!editor) return;
    let url = href.trim();
    if (url && !/^[a-z]+:|^\//i.test(url)) url = `https://${url}`;
    if (!url) editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else if (HREF_OK.test(url)) editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
    setLinkOpen(false);
  };

  return (
    <Stack gap={4}>
      {label ? (
        <Input.Label id={labelId} size="md" onClick={() => editor?.commands.focus()}>
          {label}
        </Input.Label>
      ) : null}
      {description ? (
        <Input.Description id={descId} size="sm">
          {description}
        </Input.Description>
      ) : null}
      <Box
        className="lt-rte"
        data-error={error ? 'true' : undefined}
        style={{ '--lt-rte-min': `${minHeight}px` } as React.CSSProperties}
      >
        <Group gap={2} className="lt-rte-toolbar" role="toolbar" aria-label={label ? `Định dạng: ${label}` : 'Định dạng'}>
          <ToolButton label="In đậm (Ctrl+B)" active={state?.bold} onClick={() => editor?.chain().focus().toggleBold().run()}>
            <IconBold size={18} />
          </ToolButton>
          <ToolButton label="In nghiêng (Ctrl+I)" active={state?.italic} onClick={() => editor?.chain().focus().toggleItalic().run()}>
            <IconItalic size={18} />
          </ToolButton>
          <ToolButton
            label="Gạch chân (Ctrl+U)"
            active={state?.underline}
            onClick={() => editor?.chain().focus().toggleUnderline().run()}
          >
            <IconUnderline size={18} />
          </ToolButton>
          <ToolButton label="Danh sách gạch đầu dòng" active={state?.bullet} onClick={() => editor?.chain().focus().toggleBulletList().run()}>
            <IconList size={18} />
          </ToolButton>
          <ToolButton label="Danh sách đánh số" active={state?.ordered} onClick={() => editor?.chain().focus().toggleOrderedList().run()}>
            <IconListNumbers size={18} />
          </ToolButton>
          <Popover opened={linkOpen} onChange={setLinkOpen} trapFocus withArrow position="bottom-start" withinPortal>
            <Popover.Target>
              <span>
                <ToolButton
                  label="Chèn liên kết"
                  active={state?.link}
                  onClick={() => {
                    setHref((editor?.getAttributes('link').href as string | undefined) ?? '');
                    setLinkOpen((o) => !o);
                  }}
                >
                  <IconLink size={18} />
                </ToolButton>
              </span>
            </Popover.Target>
            <Popover.Dropdown>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  applyLink();
                }}
              >
                <Stack gap="xs" w={{ base: 260, sm: 320 }}>
                  <TextInput
                    label="Địa chỉ liên kết"
                    placeholder="https://…"
                    value={href}
                    onChange={(e) => setHref(e.currentTarget.value)}
                    data-autofocus
                  />
                  <Group justify="flex-end" gap="xs">
                    <Button variant="default" size="sm" onClick={() => setLinkOpen(false)}>
                      Hủy
                    </Button>
                    <Button type="submit" size="sm">
                      Gắn liên kết
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Popover.Dropdown>
          </Popover>
          {state?.link ? (
            <ToolButton label="Bỏ liên kết" onClick={() => editor?.chain().focus().extendMarkRange('link').unsetLink().run()}>
              <IconLinkOff size={18} />
            </ToolButton>
          ) : null}
        </Group>
        <EditorContent editor={editor} />
      </Box>
      {error ? (
        <Input.Error size="sm" role="alert">
          {error}
        </Input.Error>
      ) : null}
    </Stack>
  );
}

export default RichTextEditor;
