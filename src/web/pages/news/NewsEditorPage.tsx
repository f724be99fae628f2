// One article: the editor (autosaved with version while a draft), the workflow, comments, history and the Fanpage post.
import {
  ActionIcon,
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Image,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconBrandFacebook,
  IconCheck,
  IconDeviceFloppy,
  IconExternalLink,
  IconEye,
  IconHistory,
  IconMessages,
  IconPencil,
  IconPhotoPlus,
  IconRefresh,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ArticleDoc } from '../../../shared/richtext';
import { AppModal, ErrorAlert, Field, FormErrorSummary, Loading, PageHeader, useIsPhone } from '../../components/common';
import { ImageUploadModal, imagePreviewUrl, isEmptyArticle, NewsEditor } from '../../components/NewsEditor';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { api, errorMessage, isApiError } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { formatDateTime, todayIso } from '../../lib/format';
import { type Article, articleKey, isNewsApprover, type NewsImage, useArticle, useNewsCategories } from '../../lib/news';
import { useCampaigns } from '../../lib/plans';
import { CommentsPanel, FanpagePanel, RevisionsPanel } from './ArticlePanels';
import { ArticleWorkflow } from './ArticleWorkflow';
import { ArticleStatusBadge } from './NewsParts';
import './news.css';

const AUTOSAVE_MS = 4000;

export default function NewsEditorPage() {
  const { id } = useParams();
  if (!id) return <NewArticle />;
  return <ArticlePage key={id} id={id} />;
}

// ---- a new article: unit, title and category, then the full editor ----

function NewArticle() {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const categories = useNewsCategories();
  const [unitId, setUnitId] = useState<string | null>(me.actingUnitId);
  const [title, setTitle] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = 'Hãy nhập tiêu đề tin bài.';
    if (!categoryId) found.categoryId = 'Hãy chọn chuyên mục.';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setServerError(null);
    try {
      const a = await api.post<Article>('/api/news/articles', { title: title.trim(), categoryId, ...(unitId ? { unitId } : {}) });
      client.setQueryData(articleKey(a.id), a);
      client.invalidateQueries({ queryKey: ['news-articles'] });
      navigate(`/tin-bai/${a.id}`, { replace: true });
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" maw={760}>
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/tin-bai">
              Tin bài
            </Anchor>
            <Text size="sm" c="dimmed">
              Viết tin bài
            </Text>
          </Breadcrumbs>
        }
        title="Viết tin bài"
        description="Nhập tiêu đề và chọn chuyên mục để tạo bản nháp; nội dung được lưu nháp tự động khi bạn viết."
      />
      <FormErrorSummary messages={Object.values(errors)} serverError={serverError} />
      <Card>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <UnitSelect
              label="Đơn vị đăng tin"
              description="Tin được đăng trên trang thông tin của đơn vị này."
              value={unitId}
              onChange={setUnitId}
              clearable={false}
              filterUnit={(u) => me.grants.some((g) => g.current && g.unitId === u.id) || u.id === me.actingUnitId}
            />
            <Textarea label="Tiêu đề" autosize minRows={1} maxLength={300} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} required data-autofocus />
            <Select
              label="Chuyên mục"
              placeholder="Chọn chuyên mục"
              data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={categoryId}
              onChange={setCategoryId}
              error={errors.categoryId}
              required
              comboboxProps={{ withinPortal: true }}
            />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/tin-bai">
                Hủy
              </Button>
              <Button type="submit" loading={busy} leftSection={<IconPencil size={18} />}>
                Bắt đầu viết
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

// ---- the article ----

interface FormState {
  title: string;
  slug: string;
  sapo: string;
  body: ArticleDoc;
  categoryId: string;
  tags: string[];
  campaignId: string | null;
  topicIds: string[];
  cover: NewsImage | null;
  coverCaption: string;
  byline: string;
  featured: boolean;
}

const fromArticle = (a: Article): FormState => ({
  title: a.title,
  slug: a.slug,
  sapo: a.sapo,
  body: a.body ?? { type: 'doc', content: [] },
  categoryId: a.categoryId,
  tags: a.tags,
  campaignId: a.campaignId,
  topicIds: a.topics.map((t) => t.id),
  cover: a.coverImage,
  coverCaption: a.coverCaption ?? '',
  byline: a.byline ?? '',
  featured: a.featured,
});

function toPayload(f: FormState, slugTouched: boolean) {
  return {
    ...(f.title.trim() ? { title: f.title.trim() } : {}),
    ...(slugTouched && f.slug.trim() ? { slug: f.slug.trim() } : {}),
    sapo: f.sapo.trim(),
    body: f.body,
    categoryId: f.categoryId,
    tags: [...new Set(f.tags.map((t) => t.trim()).filter(Boolean))],
    campaignId: f.campaignId,
    topicIds: f.campaignId ? f.topicIds : [],
    coverImageId: f.cover?.id ?? null,
    coverCaption: f.cover ? f.coverCaption.trim() || null : null,
    byline: f.byline.trim() || null,
    featured: f.featured,
  };
}

function validate(f: FormState): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.title.trim()) e.title = 'Tiêu đề: bắt buộc.';
  if (!f.sapo.trim()) e.sapo = 'Sapo (đoạn mở đầu): bắt buộc trước khi gửi duyệt.';
  if (isEmptyArticle(f.body)) e.body = 'Nội dung: bài viết chưa có nội dung.';
  return e;
}

type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; error: unknown }
  | { kind: 'conflict'; message: string }
  | { kind: 'locked'; message: string };

const isBlocked = (s: SaveStatus) => s.kind === 'conflict' || s.kind === 'locked';

/** "14:32" today, "25/11/2026 14:32" another day. */
function savedAt(iso: string): string {
  const full = formatDateTime(iso);
  const [date, time] = full.split(' ');
  const [d, m, y] = date.split('/');
  return `${y}-${m}-${d}` === todayIso() ? time : full;
}

function ArticlePage({ id }: { id: string }) {
  const query = useArticle(id);
  if (query.isPending) return <Loading label="Đang mở tin bài…" />;
  if (query.error || !query.data) return <ErrorAlert error={query.error} title="Không mở được tin bài" onRetry={() => query.refetch()} />;
  return <ArticleEditor article={query.data} />;
}

function Section({ title, children, description }: { title: string; children: ReactNode; description?: ReactNode }) {
  return (
    <Card component="section" aria-label={title}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Stack>
    </Card>
  );
}

function ArticleEditor({ article }: { article: Article }) {
  const me = useCurrentMe();
  const client = useQueryClient();
  const phone = useIsPhone();
  const categories = useNewsCategories();
  const campaigns = useCampaigns();
  const [form, setForm] = useState<FormState>(() => fromArticle(article));
  const formRef = useRef(form);
  formRef.current = form;
  const versionRef = useRef(article.version);
  const slugTouched = useRef(false);
  const revision = useRef(0);
  const savedRevision = useRef(0);
  const saving = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const statusRef = useRef(status);
  statusRef.current = status;
  const [showErrors, setShowErrors] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [manualEdit, setManualEdit] = useState(false);
  const [coverOpen, setCoverOpen] = useState(false);
  const [preview, setPreview] = useState(false);
  const [tab, setTab] = useState<string>('noi-dung');
  const topRef = useRef<HTMLDivElement>(null);
  const tagSuggestions = useQuery({
    queryKey: ['news-tags'],
    queryFn: ({ signal }) => api.get<{ id: string; name: string }[]>('/api/news/tags', undefined, signal),
    staleTime: 5 * 60_000,
    enabled: article.can.edit,
  });

  const autosave = article.status === 'draft';
  const editing = article.can.edit && (article.status === 'draft' || manualEdit);

  const save = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    if (saving.current) {
      await saving.current;
      if (revision.current === savedRevision.current) return true;
    }
    if (revision.current === savedRevision.current && statusRef.current.kind !== 'error') return true;
    if (isBlocked(statusRef.current)) return false;
    const rev = revision.current;
    const run = (async () => {
      setStatus({ kind: 'saving' });
      try {
        const saved = await api.patch<Article>(`/api/news/articles/${encodeURIComponent(article.id)}`, {
          version: versionRef.current,
          ...toPayload(formRef.current, slugTouched.current),
        });
        versionRef.current = saved.version;
        savedRevision.current = rev;
        client.setQueryData(articleKey(article.id), saved);
        client.invalidateQueries({ queryKey: ['news-articles'] });
        client.invalidateQueries({ queryKey: ['news-revisions', article.id] });
        // The slug follows the title while it was made from it.
        if (!slugTouched.current) setForm((f) => ({ ...f, slug: saved.slug }));
        setStatus(revision.current === rev ? { kind: 'saved', at: saved.updatedAt } : { kind: 'dirty' });
        return true;
      } catch (err) {
        if (isApiError(err, 'version_conflict')) setStatus({ kind: 'conflict', message: err.message });
        else if (isApiError(err, 'article_not_editable')) setStatus({ kind: 'locked', message: err.message });
        else setStatus({ kind: 'error', error: err });
        return false;
      } finally {
        saving.current = null;
      }
    })();
    saving.current = run;
    const ok = await run;
    if (ok && autosave && revision.current > savedRevision.current && !timer.current) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        void save();
      }, AUTOSAVE_MS);
    }
    return ok;
  }, [article.id, autosave, client]);

  const change = useCallback(<K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((prev) => ({ ...prev, [key]: value }));
    revision.current += 1;
  }, []);

  // After every change (form): autosave a draft ~4 s after the first unsaved change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of the form
  useEffect(() => {
    if (revision.current === savedRevision.current) return;
    if (isBlocked(statusRef.current)) return;
    if (statusRef.current.kind !== 'saving') setStatus({ kind: 'dirty' });
    if (autosave && !timer.current && !saving.current) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        void save();
      }, AUTOSAVE_MS);
    }
  }, [form, save, autosave]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (revision.current !== savedRevision.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (timer.current) window.clearTimeout(timer.current);
      if (autosave && revision.current !== savedRevision.current && !isBlocked(statusRef.current)) void save();
    };
  }, [save, autosave]);

  const errors = useMemo(() => (showErrors ? validate(form) : {}), [showErrors, form]);

  const loadLatest = async () => {
    try {
      const latest = await api.get<Article>(`/api/news/articles/${encodeURIComponent(article.id)}`);
      client.setQueryData(articleKey(article.id), latest);
      versionRef.current = latest.version;
      revision.current = 0;
      savedRevision.current = 0;
      slugTouched.current = false;
      setForm(fromArticle(latest));
      setManualEdit(false);
      setStatus({ kind: 'saved', at: latest.updatedAt });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Không tải được bản mới nhất', message: errorMessage(err) });
    }
  };

  const overwrite = async () => {
    try {
      const latest = await api.get<Article>(`/api/news/articles/${encodeURIComponent(article.id)}`);
      if (!latest.can.edit) {
        client.setQueryData(articleKey(article.id), latest);
        setStatus({ kind: 'locked', message: `Tin bài đang ở trạng thái «${latest.statusLabel}», bạn không sửa được nữa.` });
        return;
      }
      versionRef.current = latest.version;
      revision.current += 1;
      statusRef.current = { kind: 'dirty' };
      setStatus({ kind: 'dirty' });
      if (await save()) notifications.show({ color: 'green', title: 'Đã lưu bản của bạn', message: 'Nội dung trên máy chủ đã được thay bằng bản bạn đang soạn.' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Chưa lưu được', message: errorMessage(err) });
    }
  };

  /** Before a workflow step: pending edits are saved first. */
  const beforeAction = async () => {
    if (revision.current === savedRevision.current && status.kind !== 'error') return true;
    const ok = await save();
    if (!ok) topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    return ok;
  };

  const onChanged = (a: Article) => {
    versionRef.current = a.version;
    setManualEdit(false);
  };

  const submit = async () => {
    setShowErrors(true);
    setSubmitError(null);
    if (Object.keys(validate(formRef.current)).length) {
      setTab('noi-dung');
      topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      return;
    }
    setSubmitting(true);
    try {
      if (!(await beforeAction())) return;
      const submitted = await api.post<Article>(`/api/news/articles/${encodeURIComponent(article.id)}/submit`, { version: versionRef.current });
      versionRef.current = submitted.version;
      client.setQueryData(articleKey(article.id), submitted);
      client.invalidateQueries({ queryKey: ['news-articles'] });
      client.invalidateQueries({ queryKey: ['news-revisions', article.id] });
      notifications.show({ color: 'green', icon: <IconCheck size={18} />, title: 'Đã gửi duyệt', message: 'Lãnh đạo đơn vị nhận được thông báo để duyệt tin.' });
    } catch (err) {
      setSubmitError(err);
      topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } finally {
      setSubmitting(false);
    }
  };

  const openPreview = async () => {
    if (editing && !(await beforeAction())) return;
    setPreview(true);
  };

  const saveNow = () => {
    if (status.kind === 'error') revision.current += 1;
    void save().then((ok) => {
      if (ok && !autosave) notifications.show({ color: 'green', title: 'Đã lưu thay đổi', message: article.status === 'published' ? 'Trang công khai đã cập nhật.' : 'Thay đổi đã được lưu.' });
    });
  };

  const category = categories.data?.find((c) => c.id === form.categoryId);
  const publicUrl = article.publicUrl ? window.location.origin + article.publicUrl : null;
  const approver = isNewsApprover(me);

  const statusText =
    status.kind === 'saving'
      ? 'Đang lưu…'
      : status.kind === 'saved'
        ? `${autosave ? 'Đã lưu nháp' : 'Đã lưu'} lúc ${savedAt(status.at)}`
        : status.kind === 'dirty'
          ? autosave
            ? 'Có thay đổi chưa lưu — sẽ tự lưu sau vài giây'
            : 'Có thay đổi chưa lưu — bấm «Lưu thay đổi»'
          : status.kind === 'error' || isBlocked(status)
            ? 'Chưa lưu được — xem thông báo ở đầu trang'
            : autosave
              ? `Đã lưu nháp lúc ${savedAt(article.updatedAt)}`
              : `Cập nhật lúc ${savedAt(article.updatedAt)}`;

  const statusLine = (
    <Text
      size={phone ? 'xs' : 'sm'}
      c={status.kind === 'error' || status.kind === 'conflict' ? 'red.8' : 'dimmed'}
      aria-live="polite"
      data-testid="autosave-status"
      style={{ minWidth: 0 }}
    >
      {statusText}
    </Text>
  );

  // ---- the facts and actions panel ----
  const facts = (
    <Stack gap="sm">
      <Group gap="xs" justify="space-between">
        <Text fw={600}>Trạng thái</Text>
        <ArticleStatusBadge status={article.status} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 1 }} spacing="xs">
        <Field label="Đơn vị">{article.unitName}</Field>
        <Field label="Người viết">{article.authorName}</Field>
        {article.approvedByName ? <Field label="Người duyệt">{`${article.approvedByName}${article.approvedAt ? `, ${formatDateTime(article.approvedAt)}` : ''}`}</Field> : null}
        {article.status === 'scheduled' && article.scheduledAt ? <Field label="Hẹn đăng lúc">{formatDateTime(article.scheduledAt)}</Field> : null}
        {article.publishedAt ? <Field label={article.status === 'published' ? 'Đăng lúc' : 'Đã đăng lúc'}>{formatDateTime(article.publishedAt)}</Field> : null}
      </SimpleGrid>
      {publicUrl ? (
        <Anchor href={publicUrl} target="_blank" rel="noopener" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="public-link">
          <IconExternalLink size={14} aria-hidden /> Xem trên trang thông tin
        </Anchor>
      ) : null}
      <Button variant="default" leftSection={<IconEye size={18} />} onClick={openPreview}>
        Xem trước
      </Button>
      <ArticleWorkflow article={article} beforeAction={beforeAction} onChanged={onChanged} onSubmit={submit} submitting={submitting} vertical={!phone} hideSubmit={editing} />
    </Stack>
  );

  const editWarning =
    article.status === 'published'
      ? 'Tin đang đăng: thay đổi hiện ngay trên trang công khai khi bạn bấm «Lưu thay đổi».'
      : article.status === 'submitted'
        ? 'Bạn đang sửa tin chờ duyệt. Người viết xem được các thay đổi trong «Lịch sử».'
        : approver
          ? 'Bạn sửa với tư cách người duyệt: tin vẫn giữ trạng thái hiện tại.'
          : 'Sửa tin đã duyệt sẽ đưa tin về «Nháp» (hủy hẹn giờ nếu có) và phải gửi duyệt lại.';

  return (
    <Stack gap="md" ref={topRef} style={{ scrollMarginTop: 80 }}>
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/tin-bai">
              Tin bài
            </Anchor>
            <Text size="sm" c="dimmed" lineClamp={1}>
              {article.status === 'draft' ? 'Bản nháp' : article.statusLabel}
            </Text>
          </Breadcrumbs>
        }
        docTitle={`Tin bài: ${article.title}`}
        title={form.title || 'Tin bài chưa có tiêu đề'}
        description={`${article.unitName} · ${category?.name ?? article.categoryName}`}
      />

      {status.kind === 'conflict' ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Người khác vừa lưu tin bài này" role="alert">
          <Stack gap="xs">
            <Text>{status.message}</Text>
            <Text size="sm">Bản bạn đang soạn vẫn còn trên màn hình. Bạn có thể tải bản mới nhất (bỏ bản của bạn), hoặc lưu đè bằng bản của bạn.</Text>
            <Group gap="xs">
              <Button size="sm" leftSection={<IconRefresh size={16} />} onClick={loadLatest}>
                Tải bản mới nhất
              </Button>
              <Button size="sm" variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={overwrite}>
                Lưu đè bằng bản của tôi
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {status.kind === 'locked' ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Không còn sửa được" role="alert">
          <Stack gap="xs">
            <Text>{status.message}</Text>
            <Group>
              <Button size="sm" variant="light" leftSection={<IconRefresh size={16} />} onClick={loadLatest}>
                Tải lại tin bài
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {status.kind === 'error' ? <ErrorAlert error={status.error} title="Chưa lưu được" /> : null}
      <FormErrorSummary messages={Object.values(errors)} serverError={submitError} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Tabs value={tab} onChange={(v) => setTab(v ?? 'noi-dung')} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="noi-dung" leftSection={<IconPencil size={16} />}>
                Nội dung
              </Tabs.Tab>
              <Tabs.Tab value="trao-doi" leftSection={<IconMessages size={16} />}>
                Trao đổi
              </Tabs.Tab>
              <Tabs.Tab value="lich-su" leftSection={<IconHistory size={16} />}>
                Lịch sử
              </Tabs.Tab>
              <Tabs.Tab value="fanpage" leftSection={<IconBrandFacebook size={16} />}>
                {phone ? 'Fanpage' : 'Chia sẻ lên Fanpage'}
              </Tabs.Tab>
            </Tabs.List>

            <Tabs.Panel value="noi-dung">
              <Stack gap="md">
                {article.can.edit && article.status !== 'draft' ? (
                  manualEdit ? (
                    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
                      {editWarning}
                    </Alert>
                  ) : (
                    <Group>
                      <Button variant="light" leftSection={<IconPencil size={18} />} onClick={() => setManualEdit(true)}>
                        Sửa nội dung
                      </Button>
                    </Group>
                  )
                ) : null}
                {editing ? (
                  <>
                    <Section title="Tiêu đề và sapo">
                      <Textarea label="Tiêu đề" autosize minRows={1} maxLength={300} value={form.title} onChange={(e) => change('title', e.currentTarget.value)} error={errors.title} required />
                      <Textarea
                        label="Sapo"
                        description="Đoạn mở đầu in đậm, tóm tắt tin trong 1–3 câu; hiện trên trang chủ, kết quả tìm kiếm và khi chia sẻ."
                        autosize
                        minRows={2}
                        maxLength={1000}
                        value={form.sapo}
                        onChange={(e) => change('sapo', e.currentTarget.value)}
                        error={errors.sapo}
                        required
                      />
                    </Section>
                    <Card>
                      <NewsEditor value={form.body} onChange={(v) => change('body', v)} unitId={article.unitId} error={errors.body} />
                    </Card>
                    <Section title="Ảnh đại diện" description="Hiện đầu bài, trên trang chủ và khi chia sẻ lên mạng xã hội.">
                      {form.cover ? (
                        <Stack gap="sm">
                          <Image src={imagePreviewUrl(form.cover.id)} alt={form.cover.alt} radius="sm" maw={480} />
                          <TextInput label="Chú thích ảnh đại diện" value={form.coverCaption} maxLength={500} onChange={(e) => change('coverCaption', e.currentTarget.value)} />
                          <Group gap="xs">
                            <Button variant="default" leftSection={<IconPhotoPlus size={18} />} onClick={() => setCoverOpen(true)}>
                              Đổi ảnh
                            </Button>
                            <Button variant="subtle" color="red" leftSection={<IconTrash size={18} />} onClick={() => change('cover', null)}>
                              Bỏ ảnh đại diện
                            </Button>
                          </Group>
                        </Stack>
                      ) : (
                        <Group>
                          <Button variant="default" leftSection={<IconPhotoPlus size={18} />} onClick={() => setCoverOpen(true)}>
                            Chọn ảnh đại diện
                          </Button>
                        </Group>
                      )}
                    </Section>
                    <Section title="Thông tin tin bài">
                      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                        <Select
                          label="Chuyên mục"
                          data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                          value={form.categoryId}
                          onChange={(v) => v && change('categoryId', v)}
                          allowDeselect={false}
                          comboboxProps={{ withinPortal: true }}
                        />
                        <TextInput
                          label="Tác giả (bút danh)"
                          description="Để trống: ghi tên đơn vị"
                          value={form.byline}
                          maxLength={200}
                          onChange={(e) => change('byline', e.currentTarget.value)}
                        />
                      </SimpleGrid>
                      <TagsInput
                        label="Từ khóa"
                        description="Nhấn Enter sau mỗi từ khóa; dùng để tìm kiếm và làm hashtag khi chia sẻ."
                        data={(tagSuggestions.data ?? []).map((t) => t.name)}
                        value={form.tags}
                        onChange={(v) => change('tags', v.slice(0, 15))}
                        maxTags={15}
                        clearable
                        comboboxProps={{ withinPortal: true }}
                      />
                      <Switch label="Tin nổi bật (ưu tiên trên trang chủ của đơn vị)" checked={form.featured} onChange={(e) => change('featured', e.currentTarget.checked)} />
                      <TextInput
                        label="Đường dẫn"
                        description={
                          article.publishedAt
                            ? 'Tin đã từng được đăng: đường dẫn không đổi được nữa.'
                            : 'Tự tạo từ tiêu đề; chỉ sửa khi cần (chữ thường không dấu, số, dấu gạch ngang).'
                        }
                        value={form.slug}
                        disabled={!!article.publishedAt}
                        onChange={(e) => {
                          slugTouched.current = true;
                          change('slug', e.currentTarget.value);
                        }}
                      />
                    </Section>
                    <Section title="Chương trình và chủ đề" description="Gắn tin với chương trình, chủ đề tuyên truyền để theo dõi mức độ bao phủ.">
                      <Select
                        label="Chương trình, chiến dịch"
                        placeholder={campaigns.data?.length === 0 ? 'Chưa có chương trình nào' : 'Chọn chương trình'}
                        data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                        value={form.campaignId}
                        onChange={(v) => change('campaignId', v)}
                        clearable
                        searchable
                        comboboxProps={{ withinPortal: true }}
                      />
                      <TopicTreeSelect campaignId={form.campaignId} value={form.topicIds} onChange={(v) => change('topicIds', v)} />
                    </Section>
                  </>
                ) : (
                  <ReadView article={article} />
                )}
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="trao-doi">
              <Card>
                <CommentsPanel article={article} />
              </Card>
            </Tabs.Panel>
            <Tabs.Panel value="lich-su">
              <Card>
                <RevisionsPanel article={article} />
              </Card>
            </Tabs.Panel>
            <Tabs.Panel value="fanpage">
              <Card>
                <FanpagePanel article={article} />
              </Card>
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Card style={phone ? undefined : { position: 'sticky', top: 76 }} data-testid="article-actions">
            {facts}
          </Card>
        </Grid.Col>
      </Grid>

      {editing && tab === 'noi-dung' ? (
        <Card className="lt-sticky-actions" padding={phone ? 'xs' : 'sm'} withBorder shadow="sm">
          <Stack gap={phone ? 4 : 0}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              {phone ? null : statusLine}
              <Group gap="xs" wrap="nowrap" justify="flex-end" style={{ flex: '1 1 auto' }}>
                {phone ? (
                  <>
                    <ActionIcon size={42} variant="default" aria-label="Xem trước" onClick={openPreview}>
                      <IconEye size={20} />
                    </ActionIcon>
                    {autosave || article.can.submit ? (
                      <ActionIcon
                        size={42}
                        variant="default"
                        aria-label={autosave ? 'Lưu nháp' : 'Lưu thay đổi'}
                        onClick={saveNow}
                        loading={status.kind === 'saving'}
                        disabled={isBlocked(status)}
                      >
                        <IconDeviceFloppy size={20} />
                      </ActionIcon>
                    ) : null}
                  </>
                ) : (
                  <>
                    <Button variant="default" leftSection={<IconEye size={18} />} onClick={openPreview}>
                      Xem trước
                    </Button>
                    <Button
                      variant={article.can.submit || autosave ? 'default' : 'filled'}
                      leftSection={<IconDeviceFloppy size={18} />}
                      onClick={saveNow}
                      loading={status.kind === 'saving'}
                      disabled={isBlocked(status)}
                    >
                      {autosave ? 'Lưu nháp' : 'Lưu thay đổi'}
                    </Button>
                  </>
                )}
                {article.can.submit ? (
                  <Button
                    leftSection={<IconSend size={18} />}
                    onClick={submit}
                    loading={submitting}
                    disabled={isBlocked(status)}
                    style={phone ? { flex: 1 } : undefined}
                  >
                    Gửi duyệt
                  </Button>
                ) : phone && !autosave ? (
                  <Button leftSection={<IconDeviceFloppy size={18} />} onClick={saveNow} loading={status.kind === 'saving'} disabled={isBlocked(status)} style={{ flex: 1 }}>
                    Lưu thay đổi
                  </Button>
                ) : null}
              </Group>
            </Group>
            {phone ? statusLine : null}
          </Stack>
        </Card>
      ) : null}

      <ImageUploadModal
        opened={coverOpen}
        onClose={() => setCoverOpen(false)}
        title="Ảnh đại diện"
        unitId={article.unitId}
        onUploaded={(img, caption) => {
          change('cover', img);
          change('coverCaption', caption);
        }}
      />
      <AppModal opened={preview} onClose={() => setPreview(false)} title="Xem trước tin bài" size="80rem">
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed">
              Tin bài hiện như trên trang thông tin (bản đã lưu gần nhất).
            </Text>
            <Anchor href={`/api/news/articles/${encodeURIComponent(article.id)}/preview`} target="_blank" rel="noopener" size="sm">
              <IconExternalLink size={14} aria-hidden /> Mở trong thẻ mới
            </Anchor>
          </Group>
          {preview ? (
            <iframe
              title="Xem trước tin bài"
              className="lt-news-preview-frame"
              src={`/api/news/articles/${encodeURIComponent(article.id)}/preview?v=${versionRef.current}`}
            />
          ) : null}
        </Stack>
      </AppModal>
    </Stack>
  );
}

function ReadView({ article }: { article: Article }) {
  return (
    <Stack gap="md">
      <Card>
        <Stack gap="sm">
          <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
            {article.title}
          </Title>
          {article.sapo ? (
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {article.sapo}
            </Text>
          ) : null}
          {article.coverImage ? (
            <Stack gap={4}>
              <Image src={imagePreviewUrl(article.coverImage.id)} alt={article.coverImage.alt} radius="sm" />
              {article.coverCaption ? (
                <Text size="sm" c="dimmed" fs="italic" ta="center">
                  {article.coverCaption}
                </Text>
              ) : null}
            </Stack>
          ) : null}
          <NewsEditor value={article.body} editable={false} label="Nội dung" minHeight={0} />
        </Stack>
      </Card>
      <Card>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Field label="Chuyên mục">{article.categoryName}</Field>
          <Field label="Tác giả">{article.byline}</Field>
          <Field label="Từ khóa">{article.tags.join(', ')}</Field>
          <Field label="Chủ đề">{article.topics.map((t) => t.title).join('; ')}</Field>
          <Field label="Tin nổi bật">{article.featured ? 'Có' : 'Không'}</Field>
          <Field label="Đường dẫn">{article.slug}</Field>
        </SimpleGrid>
      </Card>
    </Stack>
  );
}
