// Article body editor (TipTap): the rich-text subset plus headings, quotes, uploaded images with captions,
// video links and simple tables — exactly the ArticleDoc the server accepts (src/shared/richtext.ts).
import { Box, Button, Divider, Group, Input, Popover, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBlockquote,
  IconBold,
  IconColumnInsertRight,
  IconColumnRemove,
  IconH1,
  IconH2,
  IconItalic,
  IconLink,
  IconLinkOff,
  IconList,
  IconListNumbers,
  IconPencil,
  IconPhoto,
  IconRowInsertBottom,
  IconRowRemove,
  IconTable,
  IconTableOff,
  IconUnderline,
  IconVideo,
} from '@tabler/icons-react';
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, deleteTable, goToNextCell, isInTable, tableEditing } from '@tiptap/pm/tables';
import { NodeSelection } from '@tiptap/pm/state';
import { EditorContent, Extension, type JSONContent, Node, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useRef, useState } from 'react';
import {
  type ArticleBlockNode,
  type ArticleDoc,
  type BlockNode,
  isAllowedVideoUrl,
  type ListItemNode,
  type TableCellNode,
  type TableRowNode,
} from '../../shared/richtext';
import { type NewsImage, uploadNewsImage } from '../lib/news';
import { AppModal } from './common';
import { ImageUploadDialog } from './ImageUpload';
import { HREF_OK, ToolButton, toInline } from './editor-common';
import './plans.css';
import '../pages/news/news.css';

/** Blocks allowed inside quotes, list items and table cells (the server's BlockSchema). */
const SIMPLE_BLOCKS = '(paragraph | heading | bulletList | orderedList)+';

export const imagePreviewUrl = (imageId: string, width: 400 | 800 | 1200 = 800) =>
  `/api/news/images/${encodeURIComponent(imageId)}/${width}`;

// ---- TipTap JSON → ArticleDoc ----

function toBlocks(nodes: JSONContent[] | undefined): BlockNode[] {
  const out: BlockNode[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'paragraph') {
      const content = toInline(n.content);
      out.push(content ? { type: 'paragraph', content } : { type: 'paragraph' });
    } else if (n.type === 'heading') {
      const level = n.attrs?.level === 1 || n.attrs?.level === 2 ? n.attrs.level : 3;
      const content = toInline(n.content);
      out.push(content ? { type: 'heading', attrs: { level }, content } : { type: 'heading', attrs: { level } });
    } else if (n.type === 'bulletList' || n.type === 'orderedList') {
      const items: ListItemNode[] = (n.content ?? [])
        .filter((li) => li.type === 'listItem')
        .map((li) => ({ type: 'listItem', content: toBlocks(li.content) }));
      if (n.type === 'bulletList') out.push({ type: 'bulletList', content: items });
      else {
        const start = Number(n.attrs?.start ?? 1);
        out.push(start > 1 && start <= 1000 ? { type: 'orderedList', attrs: { start }, content: items } : { type: 'orderedList', content: items });
      }
    }
  }
  return out;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** TipTap JSON → ArticleDoc (what the server stores); anything it would refuse is left out. */
export function toArticleDoc(json: JSONContent): ArticleDoc {
  const out: ArticleBlockNode[] = [];
  for (const n of json.content ?? []) {
    if (n.type === 'image') {
      const imageId = text(n.attrs?.imageId);
      if (imageId) out.push({ type: 'image', attrs: { imageId, alt: text(n.attrs?.alt), caption: text(n.attrs?.caption) } });
    } else if (n.type === 'video') {
      const url = text(n.attrs?.url);
      if (url && isAllowedVideoUrl(url)) out.push({ type: 'video', attrs: { url, title: text(n.attrs?.title) } });
    } else if (n.type === 'blockquote') {
      out.push({ type: 'blockquote', content: toBlocks(n.content) });
    } else if (n.type === 'table') {
      const rows: TableRowNode[] = (n.content ?? [])
        .filter((r) => r.type === 'tableRow')
        .map((r): TableRowNode => ({
          type: 'tableRow',
          content: (r.content ?? []).map(
            (c): TableCellNode => ({ type: c.type === 'tableHeader' ? 'tableHeader' : 'tableCell', content: toBlocks(c.content) }),
          ),
        }))
        .filter((r) => r.content.length > 0);
      if (rows.length) out.push({ type: 'table', content: rows });
    } else out.push(...toBlocks([n]));
  }
  while (out.length > 0) {
    const last = out[out.length - 1];
    if (last.type === 'paragraph' && !last.content) out.pop();
    else break;
  }
  return { type: 'doc', content: out };
}

/** True when the body has no words, image, video or table. */
export function isEmptyArticle(doc: ArticleDoc): boolean {
  return !doc.content.some((b) => b.type !== 'paragraph' || (b.content ?? []).some((i) => i.type === 'text' && i.text.trim()));
}

// ---- nodes ----

const ArticleImage = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      imageId: { default: null, rendered: false },
      alt: { default: null, rendered: false },
      caption: { default: null, rendered: false },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'figure[data-image-id]',
        getAttrs: (el) => ({
          imageId: el.getAttribute('data-image-id'),
          alt: el.querySelector('img')?.getAttribute('alt') ?? null,
          caption: el.querySelector('figcaption')?.textContent ?? null,
        }),
      },
    ];
  },
  renderHTML({ node }) {
    const { imageId, alt, caption } = node.attrs as { imageId: string; alt: string | null; caption: string | null };
    const img = ['img', { src: imagePreviewUrl(imageId), alt: alt ?? '', loading: 'lazy' }] as const;
    return caption
      ? ['figure', { 'data-image-id': imageId, class: 'lt-news-figure' }, img, ['figcaption', {}, caption]]
      : ['figure', { 'data-image-id': imageId, class: 'lt-news-figure' }, img];
  },
});

const ArticleVideo = Node.create({
  name: 'video',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return { url: { default: null, rendered: false }, title: { default: null, rendered: false } };
  },
  parseHTML() {
    return [
      {
        tag: 'div[data-video-url]',
        getAttrs: (el) => ({ url: el.getAttribute('data-video-url'), title: el.getAttribute('data-video-title') }),
      },
    ];
  },
  renderHTML({ node }) {
    const { url, title } = node.attrs as { url: string; title: string | null };
    return [
      'div',
      { 'data-video-url': url, 'data-video-title': title ?? '', class: 'lt-news-video' },
      ['span', { class: 'lt-news-video-title' }, `▶ ${title || 'Xem video'}`],
      ['span', { class: 'lt-news-video-url' }, url],
    ];
  },
});

const Quote = Node.create({
  name: 'blockquote',
  group: 'block',
  content: SIMPLE_BLOCKS,
  defining: true,
  parseHTML: () => [{ tag: 'blockquote' }],
  renderHTML: () => ['blockquote', 0],
});

const cellAttributes = () => ({
  colspan: { default: 1, rendered: false },
  rowspan: { default: 1, rendered: false },
  colwidth: { default: null, rendered: false },
});

const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: () => ['div', { class: 'lt-news-table' }, ['table', ['tbody', 0]]],
  addProseMirrorPlugins: () => [tableEditing()],
  addKeyboardShortcuts: () => ({
    // biome-ignore lint/correctness/noComponentHookFactories: a key name, not a component
    Tab: ({ editor }) => (isInTable(editor.state) ? goToNextCell(1)(editor.state, editor.view.dispatch) : false),
    'Shift-Tab': ({ editor }) => (isInTable(editor.state) ? goToNextCell(-1)(editor.state, editor.view.dispatch) : false),
  }),
});
const TableRow = Node.create({ name: 'tableRow', content: '(tableCell | tableHeader)+', parseHTML: () => [{ tag: 'tr' }], renderHTML: () => ['tr', 0] });
const TableCell = Node.create({
  name: 'tableCell',
  content: SIMPLE_BLOCKS,
  isolating: true,
  addAttributes: cellAttributes,
  parseHTML: () => [{ tag: 'td' }],
  renderHTML: () => ['td', 0],
});
const TableHeader = Node.create({
  name: 'tableHeader',
  content: SIMPLE_BLOCKS,
  isolating: true,
  addAttributes: cellAttributes,
  parseHTML: () => [{ tag: 'th' }],
  renderHTML: () => ['th', 0],
});
/** prosemirror-tables finds the table parts by their `tableRole`. */
const TableRoles = Extension.create({
  name: 'tableRoles',
  extendNodeSchema(extension) {
    const roles: Record<string, string> = { table: 'table', tableRow: 'row', tableCell: 'cell', tableHeader: 'header_cell' };
    return roles[extension.name] ? { tableRole: roles[extension.name] } : {};
  },
});

const para = (t = ''): JSONContent => ({ type: 'paragraph', ...(t ? { content: [{ type: 'text', text: t }] } : {}) });

function newTable(rows = 3, cols = 3): JSONContent {
  return {
    type: 'table',
    content: Array.from({ length: rows }, (_, r) => ({
      type: 'tableRow',
      content: Array.from({ length: cols }, () => ({ type: r === 0 ? 'tableHeader' : 'tableCell', content: [para()] })),
    })),
  };
}

// ---- toolbar ----


// ---- image upload (also used for the cover image) ----

export function ImageUploadModal({
  opened,
  onClose,
  onUploaded,
  unitId,
  title = 'Chèn ảnh',
}: {
  opened: boolean;
  onClose: () => void;
  onUploaded: (image: NewsImage, caption: string) => void;
  unitId?: string;
  title?: string;
}) {
  return (
    <ImageUploadDialog
      opened={opened}
      onClose={onClose}
      title={title}
      altExample="Bà con khu phố 3 dự Ngày hội Đại đoàn kết"
      captionDescription="Hiện dưới ảnh; có thể ghi tên tác giả ảnh."
      upload={async ({ file, alt, caption }) => onUploaded(await uploadNewsImage(file, alt, caption, unitId), caption)}
    />
  );
}

function ImageDetailsModal({
  opened,
  onClose,
  initial,
  onSave,
}: {
  opened: boolean;
  onClose: () => void;
  initial: { alt: string; caption: string };
  onSave: (v: { alt: string; caption: string }) => void;
}) {
  const [alt, setAlt] = useState(initial.alt);
  const [caption, setCaption] = useState(initial.caption);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setAlt(initial.alt);
      setCaption(initial.caption);
      setError(null);
    }
  }, [opened, initial.alt, initial.caption]);
  return (
    <AppModal opened={opened} onClose={onClose} title="Mô tả và chú thích ảnh">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!alt.trim()) {
            setError('Mô tả ảnh là bắt buộc.');
            return;
          }
          onSave({ alt: alt.trim(), caption: caption.trim() });
          onClose();
        }}
        noValidate
      >
        <Stack gap="sm">
          <TextInput label="Mô tả ảnh (văn bản thay thế)" value={alt} onChange={(e) => setAlt(e.currentTarget.value)} error={error} required maxLength={500} />
          <Textarea label="Chú thích ảnh" autosize minRows={2} value={caption} onChange={(e) => setCaption(e.currentTarget.value)} maxLength={1000} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Hủy
            </Button>
            <Button type="submit">Lưu</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

function VideoModal({ opened, onClose, onInsert }: { opened: boolean; onClose: () => void; onInsert: (v: { url: string; title: string }) => void }) {
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setUrl('');
      setTitle('');
      setError(null);
    }
  }, [opened]);
  return (
    <AppModal opened={opened} onClose={onClose} title="Chèn liên kết video">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          let u = url.trim();
          if (u && !/^[a-z]+:/i.test(u)) u = `https://${u}`;
          if (!isAllowedVideoUrl(u)) {
            setError('Chỉ nhận liên kết https từ YouTube, Facebook, Vimeo hoặc TikTok, ví dụ: https://www.youtube.com/watch?v=…');
            return;
          }
          onInsert({ url: u, title: title.trim() });
          onClose();
        }}
        noValidate
      >
        <Stack gap="sm">
          <TextInput
            label="Liên kết video"
            description="Trang công khai hiện một liên kết «▶ Xem video» (không nhúng trình phát của bên thứ ba)."
            placeholder="https://www.youtube.com/watch?v=…"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={error}
            required
            data-autofocus
          />
          <TextInput label="Tên video" placeholder="Xem video" value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={300} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Hủy
            </Button>
            <Button type="submit">Chèn video</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

// ---- the editor ----

export interface NewsEditorProps {
  label?: string;
  value: ArticleDoc;
  onChange?: (doc: ArticleDoc) => void;
  editable?: boolean;
  /** The article's unit: images are uploaded to it. */
  unitId?: string;
  error?: string;
  minHeight?: number;
}

export function NewsEditor({ label = 'Nội dung', value, onChange, editable = true, unitId, error, minHeight = 320 }: NewsEditorProps) {
  const labelId = `${useId()}-label`;
  const lastEmitted = useRef<ArticleDoc>(value);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const [modal, setModal] = useState<null | 'image' | 'video' | 'imageDetails'>(null);

  const editor = useEditor({
    editable,
    extensions: [
      StarterKit.configure({
        heading: { levels: [1, 2, 3] },
        code: false,
        codeBlock: false,
        blockquote: false,
        horizontalRule: false,
        strike: false,
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https', isAllowedUri: (url) => HREF_OK.test(url) },
      }),
      Quote,
      ArticleImage,
      ArticleVideo,
      Table,
      TableRow,
      TableCell,
      TableHeader,
      TableRoles,
    ],
    content: value as JSONContent,
    editorProps: {
      attributes: {
        'aria-multiline': 'true',
        role: 'textbox',
        'aria-labelledby': labelId,
        class: 'lt-rte-content lt-news-content',
      },
    },
    onUpdate: ({ editor: ed }) => {
      const doc = toArticleDoc(ed.getJSON());
      lastEmitted.current = doc;
      onChangeRef.current?.(doc);
    },
  });

  useEffect(() => {
    if (!editor || value === lastEmitted.current) return;
    lastEmitted.current = value;
    editor.commands.setContent(value as JSONContent, { emitUpdate: false });
  }, [editor, value]);

  useEffect(() => {
    editor?.setEditable(editable, false);
  }, [editor, editable]);

  const state = useEditorState({
    editor,
    selector: ({ editor: ed }) => {
      const sel = ed?.state.selection;
      const node = sel instanceof NodeSelection ? sel.node : null;
      return {
        bold: ed?.isActive('bold') ?? false,
        italic: ed?.isActive('italic') ?? false,
        underline: ed?.isActive('underline') ?? false,
        h1: ed?.isActive('heading', { level: 1 }) ?? false,
        h2: ed?.isActive('heading', { level: 2 }) ?? false,
        bullet: ed?.isActive('bulletList') ?? false,
        ordered: ed?.isActive('orderedList') ?? false,
        quote: ed?.isActive('blockquote') ?? false,
        link: ed?.isActive('link') ?? false,
        table: ed ? isInTable(ed.state) : false,
        image: node?.type.name === 'image' ? { alt: String(node.attrs.alt ?? ''), caption: String(node.attrs.caption ?? '') } : null,
      };
    },
  });

  /**
   * Images, videos and tables go between top-level blocks (never inside a list, quote or table); a
   * paragraph follows them so writing goes on below, and the cursor moves there (into a new table's first cell).
   */
  const insertBlock = (content: JSONContent, intoTable = false) => {
    if (!editor) return;
    const { selection, doc } = editor.state;
    const pos = selection.$from.depth >= 1 ? selection.$from.after(1) : selection.to;
    const next = doc.resolve(pos).nodeAfter;
    const withPara = next?.type.name !== 'paragraph';
    editor.chain().focus().insertContentAt(pos, withPara ? [content, para()] : content).run();
    const inserted = editor.state.doc.resolve(pos).nodeAfter;
    if (!inserted) return;
    editor.commands.setTextSelection(intoTable ? pos + 4 : pos + inserted.nodeSize + 1);
  };

  const applyLink = () => {
    if (!editor) return;
    let url = href.trim();
    if (url && !/^[a-z]+:|^\//i.test(url)) url = `https://${url}`;
    if (!url) editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else if (HREF_OK.test(url)) editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
    setLinkOpen(false);
  };

  const tableCmd = (cmd: typeof addRowAfter) => () => {
    if (!editor) return;
    cmd(editor.state, editor.view.dispatch);
    editor.commands.focus();
  };

  return (
    <Stack gap={4}>
      <Input.Label id={labelId} size="md" onClick={() => editor?.commands.focus()} required={editable}>
        {label}
      </Input.Label>
      <Box className="lt-rte" data-error={error ? 'true' : undefined} data-readonly={editable ? undefined : 'true'} style={{ '--lt-rte-min': `${minHeight}px` } as React.CSSProperties}>
        {editable ? (
          <Group gap={2} className="lt-rte-toolbar lt-news-toolbar" role="toolbar" aria-label="Định dạng nội dung">
            <ToolButton label="In đậm (Ctrl+B)" active={state?.bold} onClick={() => editor?.chain().focus().toggleBold().run()}>
              <IconBold size={18} />
            </ToolButton>
            <ToolButton label="In nghiêng (Ctrl+I)" active={state?.italic} onClick={() => editor?.chain().focus().toggleItalic().run()}>
              <IconItalic size={18} />
            </ToolButton>
            <ToolButton label="Gạch chân (Ctrl+U)" active={state?.underline} onClick={() => editor?.chain().focus().toggleUnderline().run()}>
              <IconUnderline size={18} />
            </ToolButton>
            <Divider orientation="vertical" mx={2} />
            <ToolButton label="Tiêu đề mục" active={state?.h1} onClick={() => editor?.chain().focus().toggleHeading({ level: 1 }).run()}>
              <IconH1 size={18} />
            </ToolButton>
            <ToolButton label="Tiêu đề nhỏ" active={state?.h2} onClick={() => editor?.chain().focus().toggleHeading({ level: 2 }).run()}>
              <IconH2 size={18} />
            </ToolButton>
            <ToolButton label="Danh sách gạch đầu dòng" active={state?.bullet} onClick={() => editor?.chain().focus().toggleBulletList().run()}>
              <IconList size={18} />
            </ToolButton>
            <ToolButton label="Danh sách đánh số" active={state?.ordered} onClick={() => editor?.chain().focus().toggleOrderedList().run()}>
              <IconListNumbers size={18} />
            </ToolButton>
            <ToolButton
              label="Trích dẫn"
              active={state?.quote}
              onClick={() => (state?.quote ? editor?.chain().focus().lift('blockquote').run() : editor?.chain().focus().wrapIn('blockquote').run())}
            >
              <IconBlockquote size={18} />
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
                    <TextInput label="Địa chỉ liên kết" placeholder="https://…" value={href} onChange={(e) => setHref(e.currentTarget.value)} data-autofocus />
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
            <Divider orientation="vertical" mx={2} />
            <ToolButton label="Chèn ảnh" onClick={() => setModal('image')}>
              <IconPhoto size={18} />
            </ToolButton>
            <ToolButton label="Chèn liên kết video" onClick={() => setModal('video')}>
              <IconVideo size={18} />
            </ToolButton>
            <ToolButton label="Chèn bảng" onClick={() => insertBlock(newTable(), true)} disabled={state?.table}>
              <IconTable size={18} />
            </ToolButton>
            {state?.image ? (
              <ToolButton label="Sửa mô tả, chú thích ảnh" onClick={() => setModal('imageDetails')}>
                <IconPencil size={18} />
              </ToolButton>
            ) : null}
            {state?.table ? (
              <>
                <ToolButton label="Thêm hàng bên dưới" onClick={tableCmd(addRowAfter)}>
                  <IconRowInsertBottom size={18} />
                </ToolButton>
                <ToolButton label="Thêm cột bên phải" onClick={tableCmd(addColumnAfter)}>
                  <IconColumnInsertRight size={18} />
                </ToolButton>
                <ToolButton label="Xóa hàng" onClick={tableCmd(deleteRow)}>
                  <IconRowRemove size={18} />
                </ToolButton>
                <ToolButton label="Xóa cột" onClick={tableCmd(deleteColumn)}>
                  <IconColumnRemove size={18} />
                </ToolButton>
                <ToolButton label="Xóa bảng" onClick={tableCmd(deleteTable)}>
                  <IconTableOff size={18} />
                </ToolButton>
              </>
            ) : null}
          </Group>
        ) : null}
        <EditorContent editor={editor} />
      </Box>
      {error ? (
        <Input.Error size="sm" role="alert">
          {error}
        </Input.Error>
      ) : null}
      {editable ? (
        <>
          <ImageUploadModal
            opened={modal === 'image'}
            onClose={() => setModal(null)}
            unitId={unitId}
            onUploaded={(img, caption) => {
              insertBlock({ type: 'image', attrs: { imageId: img.id, alt: img.alt, caption: caption || null } });
              notifications.show({ color: 'green', title: 'Đã chèn ảnh', message: 'Ảnh đã được tải lên và chèn vào bài.' });
            }}
          />
          <VideoModal opened={modal === 'video'} onClose={() => setModal(null)} onInsert={(v) => insertBlock({ type: 'video', attrs: { url: v.url, title: v.title || null } })} />
          <ImageDetailsModal
            opened={modal === 'imageDetails'}
            onClose={() => setModal(null)}
            initial={state?.image ?? { alt: '', caption: '' }}
            onSave={(v) => editor?.chain().focus().updateAttributes('image', { alt: v.alt, caption: v.caption || null }).run()}
          />
        </>
      ) : null}
    </Stack>
  );
}

export default NewsEditor;
