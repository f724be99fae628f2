// The article's side tabs: comments, revision history with a diff, and the Fanpage post.
import { Alert, Anchor, Badge, Button, Card, Group, Image, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconBrandFacebook, IconCheck, IconCopy, IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Empty, ErrorAlert, Loading, useIsPhone } from '../../components/common';
import { api, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import {
  type Article,
  type ArticleComment,
  copyText,
  type RevisionDiff,
  statusInfo,
  useArticleComments,
  useRevisionDiff,
  useRevisions,
} from '../../lib/news';
import { useCampaigns } from '../../lib/plans';
import { ArticleStatusBadge } from './NewsParts';

const COMMENT_KINDS: Record<string, string> = {
  return: 'Trả lại',
  approve: 'Duyệt',
  unpublish: 'Gỡ tin',
};

// ---- comments ----

export function CommentsPanel({ article }: { article: Article }) {
  const client = useQueryClient();
  const comments = useArticleComments(article.id);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (text: string) => api.post<ArticleComment>(`/api/news/articles/${encodeURIComponent(article.id)}/comments`, { body: text }),
    onSuccess: () => {
      setBody('');
      client.invalidateQueries({ queryKey: ['news-comments', article.id] });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Stack gap="md">
      {comments.isPending ? (
        <Loading label="Đang tải trao đổi…" />
      ) : comments.error ? (
        <ErrorAlert error={comments.error} title="Không tải được trao đổi" onRetry={() => comments.refetch()} />
      ) : comments.data.length === 0 ? (
        <Empty title="Chưa có trao đổi nào" description="Người viết và người duyệt góp ý cho nhau ở đây; ý kiến khi trả lại hoặc duyệt cũng được ghi lại." />
      ) : (
        <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Các ý kiến trao đổi">
          {comments.data.map((c) => (
            <Card key={c.id} component="li" padding="sm" withBorder>
              <Stack gap={4}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm">
                    {c.userName ?? 'Hệ thống'}
                  </Text>
                  {COMMENT_KINDS[c.kind] ? (
                    <Badge size="sm" variant="light" color={c.kind === 'approve' ? 'green' : c.kind === 'return' ? 'orange' : 'red'}>
                      {COMMENT_KINDS[c.kind]}
                    </Badge>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {formatDateTime(c.createdAt)}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {c.body}
                </Text>
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      {article.can.comment ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            if (!body.trim()) {
              setError('Hãy nhập nội dung góp ý.');
              return;
            }
            send.mutate(body.trim());
          }}
          noValidate
        >
          <Stack gap="xs">
            <Textarea
              label="Góp ý về tin bài"
              placeholder="Ví dụ: Đề nghị bổ sung số liệu người tham gia ở đoạn 2."
              autosize
              minRows={3}
              maxLength={4000}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={error}
            />
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconSend size={18} />} loading={send.isPending}>
                Gửi góp ý
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}

// ---- revisions and diff ----

function fieldValue(field: string, v: unknown, ctx: { campaign: (id: string) => string | undefined; topic: (id: string) => string | undefined }): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '(trống)';
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  if (field === 'status') return statusInfo(String(v)).label;
  if (field === 'scheduledAt') return formatDateTime(String(v));
  if (field === 'coverImageId') return 'Có ảnh';
  if (field === 'campaignId') return ctx.campaign(String(v)) ?? 'Một chương trình';
  if (field === 'topicIds' && Array.isArray(v)) return v.map((id) => ctx.topic(String(id)) ?? 'chủ đề khác').join('; ');
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

function lineText(text: string): string {
  if (text.startsWith('# ')) return `Tiêu đề: ${text.slice(2)}`;
  if (text.startsWith('> ')) return `Sapo: ${text.slice(2)}`;
  return text;
}

/** Lines of the diff, unchanged runs folded to two lines of context on each side. */
function foldSame(lines: RevisionDiff['lines']): Array<RevisionDiff['lines'][number] | { op: 'fold'; count: number }> {
  const out: Array<RevisionDiff['lines'][number] | { op: 'fold'; count: number }> = [];
  const changed = lines.map((l) => l.op !== 'same');
  const near = (i: number) => changed.slice(Math.max(0, i - 2), i + 3).some(Boolean);
  let folded = 0;
  lines.forEach((l, i) => {
    if (l.op === 'same' && !near(i)) {
      folded++;
      return;
    }
    if (folded) out.push({ op: 'fold', count: folded });
    folded = 0;
    out.push(l);
  });
  if (folded) out.push({ op: 'fold', count: folded });
  return out;
}

export function DiffView({ diff, article }: { diff: RevisionDiff; article: Article }) {
  const campaigns = useCampaigns();
  const ctx = useMemo(
    () => ({
      campaign: (id: string) => campaigns.data?.find((c) => c.id === id)?.name,
      topic: (id: string) => article.topics.find((t) => t.id === id)?.title,
    }),
    [campaigns.data, article.topics],
  );
  const phone = useIsPhone();
  const lines = foldSame(diff.lines);
  const added = diff.lines.filter((l) => l.op === 'add').length;
  const removed = diff.lines.filter((l) => l.op === 'del').length;
  return (
    <Stack gap="sm" data-testid="revision-diff">
      <Text size="sm">
        So sánh phiên bản {diff.to} với phiên bản {diff.from}: <b>+{added}</b> đoạn thêm, <b>−{removed}</b> đoạn bỏ
        {diff.fields.length ? `, ${diff.fields.length} thông tin khác thay đổi` : ''}.
      </Text>
      {diff.fields.length ? (
        phone ? (
          <Stack gap="xs">
            {diff.fields.map((f) => (
              <Card key={f.field} padding="xs" withBorder>
                <Text size="sm" fw={600}>
                  {f.label}
                </Text>
                <Text size="sm" className="lt-diff-line" data-op="del">
                  <span className="lt-diff-sign" aria-hidden>
                    −
                  </span>
                  <span>
                    <span className="lt-sr-only">Trước: </span>
                    {fieldValue(f.field, f.before, ctx)}
                  </span>
                </Text>
                <Text size="sm" className="lt-diff-line" data-op="add">
                  <span className="lt-diff-sign" aria-hidden>
                    +
                  </span>
                  <span>
                    <span className="lt-sr-only">Sau: </span>
                    {fieldValue(f.field, f.after, ctx)}
                  </span>
                </Text>
              </Card>
            ))}
          </Stack>
        ) : (
          <Table withTableBorder verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={200}>Thông tin</Table.Th>
                <Table.Th>− Trước</Table.Th>
                <Table.Th>+ Sau</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {diff.fields.map((f) => (
                <Table.Tr key={f.field}>
                  <Table.Td fw={600}>{f.label}</Table.Td>
                  <Table.Td className="lt-diff-line" data-op="del" style={{ display: 'table-cell' }}>
                    − {fieldValue(f.field, f.before, ctx)}
                  </Table.Td>
                  <Table.Td className="lt-diff-line" data-op="add" style={{ display: 'table-cell' }}>
                    + {fieldValue(f.field, f.after, ctx)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      ) : null}
      {added || removed ? (
        <div className="lt-diff" role="list" aria-label="Thay đổi nội dung theo đoạn">
          {lines.map((l, i) =>
            l.op === 'fold' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the diff is a fixed list, never reordered
              <div key={`f${i}`} className="lt-diff-line" data-op="same" role="listitem">
                <span className="lt-diff-sign" aria-hidden>
                  ⋯
                </span>
                <span>{l.count} đoạn không đổi</span>
              </div>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: the diff is a fixed list, never reordered
              <div key={`${l.op}${i}`} className="lt-diff-line" data-op={l.op} role="listitem">
                <span className="lt-diff-sign" aria-hidden>
                  {l.op === 'add' ? '+' : l.op === 'del' ? '−' : ' '}
                </span>
                <span>
                  {l.op !== 'same' ? <span className="lt-sr-only">{l.op === 'add' ? 'Thêm: ' : 'Bỏ: '}</span> : null}
                  {lineText(l.text)}
                </span>
              </div>
            ),
          )}
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          Nội dung chữ (tiêu đề, sapo, thân bài) không đổi.
        </Text>
      )}
    </Stack>
  );
}

export function RevisionsPanel({ article }: { article: Article }) {
  const revisions = useRevisions(article.id);
  const [selected, setSelected] = useState<number | null>(null);
  const [against, setAgainst] = useState<number | null>(null);
  const diff = useRevisionDiff(article.id, selected, against);
  const phone = useIsPhone();

  // The latest change is shown first.
  useEffect(() => {
    if (selected === null && revisions.data && revisions.data.length > 1) setSelected(revisions.data[0].revision);
  }, [revisions.data, selected]);

  if (revisions.isPending) return <Loading label="Đang tải lịch sử phiên bản…" />;
  if (revisions.error) return <ErrorAlert error={revisions.error} title="Không tải được lịch sử" onRetry={() => revisions.refetch()} />;
  const list = revisions.data;
  const older = list.filter((r) => selected !== null && r.revision < selected);

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Mỗi lần lưu, gửi duyệt, duyệt, đăng hoặc gỡ đều giữ lại một phiên bản đầy đủ. Chọn một phiên bản để xem nó khác phiên bản trước thế nào.
      </Text>
      <Stack gap={4} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 320, overflowY: 'auto' }} aria-label="Các phiên bản">
        {list.map((r) => (
          <li key={r.revision}>
            <Group
              justify="space-between"
              gap="xs"
              wrap={phone ? 'wrap' : 'nowrap'}
              p={6}
              style={{ borderRadius: 6, background: selected === r.revision ? 'var(--mantine-color-frontBlue-0)' : undefined }}
            >
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={600}>
                    Phiên bản {r.revision}
                  </Text>
                  <ArticleStatusBadge status={r.status} />
                </Group>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {r.reason}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(r.createdAt)}
                  {r.createdByName ? ` · ${r.createdByName}` : ''}
                </Text>
              </Stack>
              {r.revision > 1 ? (
                <Button
                  size="compact-sm"
                  variant={selected === r.revision ? 'filled' : 'light'}
                  onClick={() => {
                    setSelected(r.revision);
                    setAgainst(null);
                  }}
                  aria-label={`Xem thay đổi của phiên bản ${r.revision}`}
                >
                  Xem thay đổi
                </Button>
              ) : (
                <Text size="xs" c="dimmed">
                  Bản đầu tiên
                </Text>
              )}
            </Group>
          </li>
        ))}
      </Stack>
      {selected !== null ? (
        <Card withBorder padding="sm">
          <Stack gap="sm">
            <Group justify="space-between" align="flex-end" gap="sm">
              <Title order={3} size="h5">
                Thay đổi ở phiên bản {selected}
              </Title>
              <Select
                label="So với"
                size="sm"
                w={220}
                data={older.map((r) => ({ value: String(r.revision), label: `Phiên bản ${r.revision}${r.revision === selected - 1 ? ' (liền trước)' : ''}` }))}
                value={String(against ?? selected - 1)}
                onChange={(v) => setAgainst(v && Number(v) !== selected - 1 ? Number(v) : null)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
            </Group>
            {diff.isPending ? <Loading label="Đang so sánh…" /> : diff.error ? <ErrorAlert error={diff.error} /> : diff.data ? <DiffView diff={diff.data} article={article} /> : null}
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}

// ---- Fanpage ----

interface FanpageHistoryItem {
  id: string;
  postedAt: string;
  postedByName: string | null;
  ok: boolean;
  remoteId: string | null;
  postUrl: string | null;
  error: string | null;
}

interface FanpageView {
  package: { text: string; title: string; summary: string; hashtags: string[]; link: string | null; image: { url: string; alt: string }; published: boolean };
  configured: boolean;
  canPost: boolean;
  history: FanpageHistoryItem[];
}

const fanpageKey = (id: string) => ['news-fanpage', id];

export function FanpagePanel({ article }: { article: Article }) {
  const client = useQueryClient();
  const view = useQuery({
    queryKey: [...fanpageKey(article.id), article.version, article.status],
    queryFn: ({ signal }) => api.get<FanpageView>(`/api/news/articles/${encodeURIComponent(article.id)}/fanpage`, undefined, signal),
  });
  const [text, setText] = useState('');
  useEffect(() => {
    if (view.data) setText(view.data.package.text);
  }, [view.data]);
  const [copied, setCopied] = useState<'post' | 'link' | 'image' | null>(null);
  const [postError, setPostError] = useState<string | null>(null);
  const post = useMutation({
    mutationFn: () => api.post<FanpageHistoryItem>(`/api/news/articles/${encodeURIComponent(article.id)}/fanpage`, {}),
    onSuccess: () => {
      setPostError(null);
      notifications.show({ color: 'green', title: 'Đã đăng lên Fanpage', message: 'Bài đăng đã có trên Trang của Ủy ban.' });
    },
    onError: (err) => setPostError(errorMessage(err)),
    onSettled: () => client.invalidateQueries({ queryKey: fanpageKey(article.id) }),
  });

  const copy = async (what: 'post' | 'link' | 'image', value: string) => {
    const ok = await copyText(value);
    if (ok) {
      setCopied(what);
      window.setTimeout(() => setCopied(null), 2500);
    } else notifications.show({ color: 'red', title: 'Chưa sao chép được', message: 'Hãy chọn nội dung rồi nhấn Ctrl+C.' });
  };
  const copyIcon = (what: 'post' | 'link' | 'image', size = 16) => (copied === what ? <IconCheck size={size} /> : <IconCopy size={size} />);

  if (view.isPending) return <Loading label="Đang chuẩn bị bài đăng Fanpage…" />;
  if (view.error) return <ErrorAlert error={view.error} title="Không chuẩn bị được bài đăng" onRetry={() => view.refetch()} />;
  const d = view.data;
  const pkg = d.package;

  return (
    <Stack gap="md">
      <Group gap="xs">
        <IconBrandFacebook size={22} color="#1877F2" aria-hidden />
        <Title order={3} size="h5">
          Chia sẻ lên Fanpage
        </Title>
      </Group>
      {!pkg.published ? (
        <Alert color="orange" variant="light" icon={<IconInfoCircle aria-hidden />}>
          Tin chưa được đăng nên chưa có liên kết công khai. Bài đăng Fanpage nên đợi đến khi tin được đăng trên trang thông tin.
        </Alert>
      ) : null}
      <Textarea
        label="Nội dung bài đăng"
        description="Tiêu đề, sapo rút gọn, liên kết đến tin và hashtag theo chủ đề. Có thể sửa trước khi sao chép."
        autosize
        minRows={6}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="fanpage-text"
      />
      <Group gap="xs">
        <Button leftSection={copyIcon('post', 18)} color={copied === 'post' ? 'green' : undefined} onClick={() => copy('post', text)}>
          {copied === 'post' ? 'Đã sao chép' : 'Sao chép nội dung'}
        </Button>
        {d.configured && pkg.published ? (
          d.canPost ? (
            <Button variant="outline" leftSection={<IconSend size={18} />} loading={post.isPending} onClick={() => post.mutate()}>
              Đăng lên Fanpage
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              Lãnh đạo của đơn vị đăng tin có thể đăng thẳng lên Fanpage.
            </Text>
          )
        ) : null}
      </Group>
      {!d.configured ? (
        <Text size="sm" c="dimmed">
          Chưa cấu hình đăng tự động: sao chép nội dung rồi đăng trên Trang của Ủy ban.
        </Text>
      ) : null}
      {postError ? (
        <Alert color="red" variant="light" title="Chưa đăng được lên Fanpage" role="alert">
          {postError}
        </Alert>
      ) : null}
      {pkg.link ? (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput label="Liên kết đến tin" value={pkg.link} readOnly onFocus={(e) => e.currentTarget.select()} style={{ flex: 1, minWidth: 0 }} />
          <Button variant="default" leftSection={copyIcon('link')} onClick={() => copy('link', pkg.link!)} aria-label="Sao chép liên kết đến tin">
            {copied === 'link' ? 'Đã chép' : 'Chép'}
          </Button>
        </Group>
      ) : null}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Ảnh chia sẻ (1200×630)
        </Text>
        <Image src={article.coverImage ? article.coverImage.urls.jpeg : pkg.image.url} alt={pkg.image.alt} radius="sm" maw={360} />
        <Group gap="xs">
          <Button variant="default" size="sm" leftSection={copyIcon('image')} onClick={() => copy('image', pkg.image.url)}>
            {copied === 'image' ? 'Đã sao chép' : 'Sao chép liên kết ảnh'}
          </Button>
          {pkg.published ? (
            <Anchor href={pkg.image.url} target="_blank" rel="noopener" size="sm">
              Mở ảnh
            </Anchor>
          ) : null}
        </Group>
      </Stack>
      <Stack gap={6}>
        <Title order={4} size="h6">
          Lịch sử đăng Fanpage
        </Title>
        {d.history.length === 0 ? (
          <Text size="sm" c="dimmed">
            Chưa đăng lần nào qua hệ thống.
          </Text>
        ) : (
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Các lần đăng Fanpage" data-testid="fanpage-history">
            {d.history.map((h) => (
              <Card key={h.id} component="li" padding="xs" withBorder>
                <Group gap="xs" wrap="wrap">
                  <Badge color={h.ok ? 'green' : 'red'} variant="light">
                    {h.ok ? 'Đã đăng' : 'Không thành công'}
                  </Badge>
                  <Text size="sm">
                    {formatDateTime(h.postedAt)}
                    {h.postedByName ? ` · ${h.postedByName}` : ''}
                  </Text>
                  {h.postUrl ? (
                    <Anchor href={h.postUrl} target="_blank" rel="noopener" size="sm">
                      Xem bài trên Facebook
                    </Anchor>
                  ) : null}
                </Group>
                {h.error ? (
                  <Text size="sm" c="red.8" mt={4} style={{ overflowWrap: 'anywhere' }}>
                    {h.error}
                  </Text>
                ) : null}
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}
