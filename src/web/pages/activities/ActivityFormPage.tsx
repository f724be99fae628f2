// Báo cáo hoạt động: the mobile-first report form. Autosaves a server draft (PATCH with version), keeps an
// unsent copy in localStorage, and submits through the retrying queue of lib/activities (clientKey).
import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  CloseButton,
  FileButton,
  Group,
  Image,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconCloudCheck,
  IconCloudOff,
  IconFileText,
  IconPhotoPlus,
  IconPaperclip,
  IconPlus,
  IconRefresh,
  IconSend,
} from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { DateField } from '../../components/DateField';
import { ErrorAlert, Loading, PageHeader } from '../../components/common';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { UnitSelect } from '../../components/UnitSelect';
import {
  type ActivityDetail,
  type ActivityFile,
  type ActivityFormValues,
  ATTENDANCE_KEYS,
  activityKey,
  clearJob,
  dropCopy,
  emptyValues,
  enqueueSubmit,
  errorLines,
  fileUrl,
  formatTime,
  GENDER_KEYS,
  isHttpUrl,
  isRetryable,
  jobCopy,
  type LocalCopy,
  linkLines,
  type MeasureDef,
  newKey,
  readCopy,
  resumePending,
  retryNow,
  saveDraft,
  toPayload,
  useActivity,
  useMeasures,
  useSubmitState,
  valuesOf,
  watchJob,
  writeCopy,
} from '../../lib/activities';
import { ApiError, api, errorMessage, request } from '../../lib/api';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate, formatNumber, todayIso } from '../../lib/format';
import { type Campaign, formatFileSize, type PlanSummary, type PropagandaForm, useCampaigns, useForms } from '../../lib/plans';
import type { Task, TaskDetail } from '../../lib/tasks';
import type { Paged } from '../../lib/types';
import { CountInput } from './ActivityParts';

const AUTOSAVE_MS = 1500;
const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';
const DOC_ACCEPT = '.pdf,.docx,.xlsx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Errors = Partial<Record<string, string>>;

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Client checks matching the server's (so the person sees them before sending). */
function check(v: ActivityFormValues, defs: MeasureDef[], forSubmit: boolean): Errors {
  const e: Errors = {};
  const today = todayIso();
  if (forSubmit) {
    if (!v.campaignId) e.campaignId = 'Hãy chọn chương trình, chiến dịch.';
    if (!v.formCode) e.formCode = 'Hãy chọn hình thức tuyên truyền.';
    if (!v.title.trim()) e.title = 'Hãy nhập tên hoạt động.';
  }
  if (!v.dateFrom) e.dateFrom = 'Hãy nhập ngày tổ chức (dd/mm/yyyy).';
  else if (v.dateFrom > today) e.dateFrom = 'Ngày tổ chức không được sau hôm nay.';
  if (v.multiDay && v.dateFrom) {
    if (!v.dateTo) e.dateTo = 'Hãy nhập ngày kết thúc, hoặc tắt «Diễn ra nhiều ngày».';
    else if (v.dateTo < v.dateFrom) e.dateTo = 'Ngày kết thúc không được trước ngày bắt đầu.';
    else if (v.dateTo > today) e.dateTo = 'Ngày kết thúc không được sau hôm nay.';
    else if (daysBetween(v.dateFrom, v.dateTo) > 366) e.dateTo = 'Một báo cáo kéo dài nhiều nhất một năm.';
  }
  if (v.title.length > 500) e.title = 'Tên hoạt động dài quá 500 ký tự.';
  const bad = linkLines(v.links).filter((l) => !isHttpUrl(l));
  if (bad.length) e.links = `Liên kết phải bắt đầu bằng http:// hoặc https:// (dòng «${bad[0]}»).`;
  for (const d of defs) {
    const n = v.measures[d.key];
    if (typeof n === 'number' && n > d.max) e[`m.${d.key}`] = `«${d.label}» không được lớn hơn ${formatNumber(d.max)}.`;
  }
  const groups = ATTENDANCE_KEYS.reduce((s, k) => s + (v.measures[k] ?? 0), 0);
  const gender = (v.measures.attMale ?? 0) + (v.measures.attFemale ?? 0);
  if (gender > groups) e['m.attMale'] = `Số nam và nữ (${formatNumber(gender)}) không được lớn hơn tổng số người tham dự (${formatNumber(groups)}).`;
  return e;
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'offline' }
  | { kind: 'error'; error: unknown }
  | { kind: 'conflict'; error: unknown };

function Section({ title, children, description }: { title: string; children: ReactNode; description?: string }) {
  return (
    <Card padding="md">
      <Stack gap="sm">
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

interface Init {
  slot: string;
  copy: LocalCopy;
  files: ActivityFile[];
  restored: boolean;
  status: ActivityDetail['status'] | null;
  returnComment: string | null;
  versionNo: number;
}

export default function ActivityFormPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const taskId = id ? null : params.get('taskId');
  const me = useCurrentMe();
  const userId = me.user.id;
  const slot = id ?? 'new';
  const existing = useActivity(id);
  const forms = useForms();
  const campaigns = useCampaigns();
  const measures = useMeasures();
  const task = useQuery({
    queryKey: ['task', taskId],
    queryFn: ({ signal }) => api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId ?? '')}`, undefined, signal),
    enabled: !!taskId,
  });
  const [init, setInit] = useState<Init | null>(null);
  const measureKeys = useMemo(() => (measures.data ?? []).map((m) => m.key), [measures.data]);

  useEffect(() => {
    if (measureKeys.length) resumePending(userId, measureKeys);
  }, [userId, measureKeys]);

  const ready = !!forms.data && !!campaigns.data && !!measures.data && (!id || !!existing.data) && (!taskId || task.isFetched);

  useEffect(() => {
    if (!ready || init) return;
    const local = readCopy(userId, slot);
    if (id && existing.data) {
      const a = existing.data;
      const useLocal = local && local.draftId === a.id && (a.status === 'draft' || a.status === 'returned');
      setInit({
        slot,
        copy: useLocal
          ? local
          : { slot, userId, draftId: a.id, createKey: newKey(), submitKey: newKey(), baseVersion: a.version, values: valuesOf(a), unknown: [], submitting: false, savedAt: '' },
        files: a.files,
        restored: !!useLocal,
        status: a.status,
        returnComment: a.returnComment,
        versionNo: a.versionNo,
      });
      return;
    }
    if (local && (local.values.taskId ?? null) === (taskId ?? null)) {
      setInit({ slot, copy: local, files: [], restored: true, status: null, returnComment: null, versionNo: 1 });
      return;
    }
    const v = emptyValues();
    v.unitId = me.actingUnitId;
    const active = (campaigns.data ?? []).filter((c: Campaign) => c.status === 'active');
    if (active.length === 1) v.campaignId = active[0].id;
    const t = task.data;
    if (t) {
      v.taskId = t.id;
      v.planId = t.planId;
      v.campaignId = t.campaignId ?? v.campaignId;
      v.title = t.title;
      v.topicIds = [...t.topicIds];
      const byId = new Map((forms.data ?? []).map((f: PropagandaForm) => [f.id, f.code]));
      v.formCode = t.formIds.map((f) => byId.get(f)).find(Boolean) ?? null;
      const open = t.occurrences.filter((o) => !o.doneAt);
      v.occurrenceId = (open.find((o) => o.periodStart <= v.dateFrom! && v.dateFrom! <= o.periodEnd) ?? open[0])?.id ?? null;
      if (t.unitId) v.unitId = t.unitId;
    }
    setInit({
      slot,
      copy: { slot, userId, draftId: null, createKey: newKey(), submitKey: newKey(), baseVersion: null, values: v, unknown: [], submitting: false, savedAt: '' },
      files: [],
      restored: false,
      status: null,
      returnComment: null,
      versionNo: 1,
    });
  }, [ready, init, id, existing.data, userId, slot, taskId, task.data, me.actingUnitId, campaigns.data, forms.data]);

  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/hoat-dong">
        Hoạt động
      </Anchor>
      <Text size="sm" c="dimmed">
        {id ? 'Sửa báo cáo' : 'Báo cáo mới'}
      </Text>
    </Breadcrumbs>
  );
  const error = existing.error ?? forms.error ?? campaigns.error ?? measures.error;
  if (error)
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={error} title="Không mở được biểu mẫu" />
      </Stack>
    );
  if (id && existing.data && !['draft', 'returned'].includes(existing.data.status)) {
    const a = existing.data;
    return (
      <Stack>
        {crumbs}
        <Alert color="gray" title="Báo cáo này không sửa được" icon={<IconAlertTriangle aria-hidden />}>
          <Stack gap="xs">
            <Text>
              {a.status === 'submitted'
                ? 'Báo cáo đang chờ đơn vị cấp trên duyệt.'
                : a.status === 'accepted'
                  ? 'Báo cáo đã được tiếp nhận và khóa. Muốn sửa, hãy mở báo cáo và chọn «Sửa đổi» để tạo bản sửa đổi.'
                  : 'Báo cáo này đã được thay bằng bản sửa đổi mới hơn.'}
            </Text>
            <Group>
              <Button component={Link} to={`/hoat-dong/${a.id}`} variant="white">
                Mở báo cáo
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Stack>
    );
  }
  if (!init || !measures.data || !forms.data || !campaigns.data) return <Loading label="Đang mở biểu mẫu báo cáo…" />;
  return (
    <ActivityForm
      key={`${slot}:${init.copy.createKey}`}
      init={init}
      crumbs={crumbs}
      defs={measures.data}
      forms={forms.data}
      campaigns={campaigns.data}
      onRestart={() => {
        dropCopy(userId, slot);
        clearJob(userId, slot);
        setInit(null);
      }}
    />
  );
}

function ActivityForm({
  init,
  crumbs,
  defs,
  forms,
  campaigns,
  onRestart,
}: {
  init: Init;
  crumbs: ReactNode;
  defs: MeasureDef[];
  forms: PropagandaForm[];
  campaigns: Campaign[];
  onRestart: () => void;
}) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const userId = me.user.id;
  const slot = init.slot;
  const measureKeys = useMemo(() => defs.map((d) => d.key), [defs]);
  const [values, setValues] = useState<ActivityFormValues>(init.copy.values);
  const valuesRef = useRef(values);
  const copyRef = useRef<LocalCopy>({ ...init.copy, values: init.copy.values });
  const dirtyRef = useRef(init.restored);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const [save, setSave] = useState<SaveState>(init.copy.draftId ? { kind: 'saved', at: '' } : { kind: 'idle' });
  const [files, setFiles] = useState<ActivityFile[]>(init.files);
  const [uploading, setUploading] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [moreMeasures, setMoreMeasures] = useState(false);
  const [byGender, setByGender] = useState(values.measures.attMale != null || values.measures.attFemale != null);
  const submit = useSubmitState(userId, slot);
  const busy = submit.phase === 'sending' || submit.phase === 'waiting';
  const errorsRef = useRef<HTMLDivElement>(null);

  useEffect(() => watchJob(userId, slot), [userId, slot]);

  useEffect(() => {
    if (submit.phase === 'done') {
      const a = submit.activity;
      client.setQueryData(activityKey(a.id), a);
      client.invalidateQueries({ queryKey: ['activities'] });
      client.invalidateQueries({ queryKey: ['home', 'todo'] });
      clearJob(userId, slot);
      notifications.show({ color: 'green', title: 'Đã gửi duyệt', message: `Báo cáo «${a.title ?? ''}» đã được gửi đến đơn vị cấp trên.` });
      navigate(`/hoat-dong/${a.id}`, { replace: true });
    } else if (submit.phase === 'failed' || submit.phase === 'conflict') {
      const c = jobCopy(userId, slot);
      if (c) copyRef.current = { ...c, submitting: false };
      setShowErrors(true);
      errorsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }, [submit, client, navigate, userId, slot]);

  const run = useCallback(<T,>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.current.then(fn);
    chain.current = p.catch(() => undefined);
    return p;
  }, []);

  const doSave = useCallback(async (force = false) => {
    if (!dirtyRef.current && !force) return;
    const c = copyRef.current;
    if (c.submitting) return;
    const sent = valuesRef.current;
    const payload = toPayload(sent, measureKeys);
    setSave({ kind: 'saving' });
    try {
      const a = await saveDraft(c, payload);
      setFiles(a.files);
      client.setQueryData(activityKey(a.id), a);
      if (valuesRef.current === sent) {
        dirtyRef.current = false;
        dropCopy(userId, slot);
      } else writeCopy({ ...c, values: valuesRef.current });
      setSave({ kind: 'saved', at: a.updatedAt });
    } catch (err) {
      writeCopy({ ...c, values: valuesRef.current });
      if (err instanceof ApiError && err.code === 'version_conflict') setSave({ kind: 'conflict', error: err });
      else if (isRetryable(err)) {
        setSave({ kind: 'offline' });
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => void run(() => doSave()), 5000);
      } else setSave({ kind: 'error', error: err });
    }
  }, [measureKeys, client, userId, slot, run]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(() => doSave()), AUTOSAVE_MS);
  }, [run, doSave]);

  useEffect(() => {
    if (init.restored && !init.copy.submitting) schedule();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [init, schedule]);

  const update = (patch: Partial<ActivityFormValues>) => {
    const next = { ...valuesRef.current, ...patch };
    valuesRef.current = next;
    setValues(next);
    dirtyRef.current = true;
    writeCopy({ ...copyRef.current, values: next });
    if (save.kind !== 'conflict') schedule();
  };
  const setMeasure = (key: string, n: number | null) => update({ measures: { ...valuesRef.current.measures, [key]: n } });

  const errors = useMemo(() => (showErrors ? check(values, defs, true) : check(values, defs, false)), [values, defs, showErrors]);
  const err = (key: string) => errors[key];

  const reloadLatest = async () => {
    if (!copyRef.current.draftId) return;
    try {
      const a = await api.get<ActivityDetail>(`/api/activities/${encodeURIComponent(copyRef.current.draftId)}`);
      const v = valuesOf(a);
      copyRef.current = { ...copyRef.current, baseVersion: a.version, values: v, unknown: [] };
      valuesRef.current = v;
      setValues(v);
      setFiles(a.files);
      dirtyRef.current = false;
      dropCopy(userId, slot);
      clearJob(userId, slot);
      setSave({ kind: 'saved', at: a.updatedAt });
      notifications.show({ color: 'blue', title: 'Đã tải bản mới nhất', message: 'Hãy kiểm tra lại nội dung rồi sửa tiếp.' });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Không tải được bản mới nhất', message: errorMessage(e) });
    }
  };

  const ensureDraft = () =>
    run(async () => {
      if (!copyRef.current.draftId) await doSave(true);
      if (!copyRef.current.draftId) throw new ApiError(0, 'network_error', 'Chưa tạo được bản nháp để gắn tệp. Hãy kiểm tra kết nối rồi thử lại.');
      return copyRef.current.draftId;
    });

  const upload = async (list: File[], kind: 'photos' | 'documents') => {
    if (!list.length) return;
    setUploadError(null);
    try {
      const draftId = await ensureDraft();
      for (const f of list) {
        setUploading(f.name);
        const form = new FormData();
        form.append('file', f);
        const a = await run(() => request<ActivityDetail>(`/api/activities/${encodeURIComponent(draftId)}/${kind}`, { method: 'POST', body: form }));
        setFiles(a.files);
      }
    } catch (e) {
      setUploadError(e);
    } finally {
      setUploading(null);
    }
  };

  const removeFile = async (f: ActivityFile) => {
    const draftId = copyRef.current.draftId;
    if (!draftId) return;
    try {
      await run(() => api.del(`/api/activities/${encodeURIComponent(draftId)}/attachments/${encodeURIComponent(f.id)}`));
      setFiles((prev) => prev.filter((x) => x.id !== f.id));
    } catch (e) {
      setUploadError(e);
    }
  };

  const onSubmit = async () => {
    setShowErrors(true);
    const found = check(valuesRef.current, defs, true);
    if (Object.keys(found).length) {
      requestAnimationFrame(() => errorsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    // Let a save in flight finish, so the queue starts from the version the server has.
    await chain.current;
    enqueueSubmit({ ...copyRef.current, values: valuesRef.current, submitKey: copyRef.current.submitKey || newKey() }, measureKeys);
    copyRef.current = { ...copyRef.current, submitting: true };
  };

  // ---- derived
  const formOptions = forms.filter((f) => !f.archived || f.code === values.formCode).map((f) => ({ value: f.code, label: f.name }));
  const campaignOptions = campaigns
    .filter((c) => c.status === 'active' || c.id === values.campaignId)
    .map((c) => ({ value: c.id, label: c.name }));
  const nonAttendance = defs.filter((d) => d.group !== 'attendance');
  const usual = nonAttendance.filter((d) => (values.formCode && d.forms.includes(values.formCode)) || values.measures[d.key] != null);
  const others = nonAttendance.filter((d) => !usual.includes(d));
  const groupsOf = (list: MeasureDef[]) => {
    const out = new Map<string, MeasureDef[]>();
    for (const d of list) out.set(d.groupLabel, [...(out.get(d.groupLabel) ?? []), d]);
    return [...out.entries()];
  };
  const attendanceTotal = ATTENDANCE_KEYS.reduce((s, k) => s + (values.measures[k] ?? 0), 0);
  const def = (key: string) => defs.find((d) => d.key === key);
  const summary = showErrors ? Object.values(errors).filter(Boolean) as string[] : [];
  const serverError = submit.phase === 'failed' || submit.phase === 'conflict' ? submit.error : null;

  const measureField = (d: MeasureDef) => (
    <CountInput
      key={d.key}
      label={d.label}
      description={d.label.toLowerCase().includes(d.unit.toLowerCase()) ? undefined : d.unit}
      max={d.max}
      value={values.measures[d.key]}
      onChange={(n) => setMeasure(d.key, n)}
      error={err(`m.${d.key}`)}
    />
  );

  const saveLine =
    save.kind === 'saving' ? (
      <Group gap={6} wrap="nowrap">
        <Loader size={14} />
        <Text size="sm" c="dimmed">
          Đang lưu nháp…
        </Text>
      </Group>
    ) : save.kind === 'saved' ? (
      <Group gap={6} wrap="nowrap">
        <IconCloudCheck size={18} color="var(--mantine-color-green-7)" aria-hidden />
        <Text size="sm" c="dimmed" data-testid="save-state">
          {save.at ? `Đã lưu nháp lúc ${formatTime(save.at)}` : 'Bản nháp đã lưu'}
        </Text>
      </Group>
    ) : save.kind === 'offline' ? (
      <Group gap={6} wrap="nowrap">
        <IconCloudOff size={18} color="var(--mantine-color-orange-7)" aria-hidden />
        <Text size="sm" c="orange.8">
          Chưa lưu được (mất kết nối) — đã giữ trên máy này
        </Text>
      </Group>
    ) : save.kind === 'error' ? (
      <Text size="sm" c="red.8">
        Chưa lưu được nháp
      </Text>
    ) : (
      <Text size="sm" c="dimmed">
        Nháp được lưu tự động
      </Text>
    );

  const fileList = (kind: 'photo' | 'document') => files.filter((f) => f.kind === kind);
  const draftId = copyRef.current.draftId;

  return (
    <Stack gap="md" maw={880}>
      <PageHeader
        before={crumbs}
        title={init.versionNo > 1 ? `Sửa đổi báo cáo (lần ${init.versionNo - 1})` : init.slot === 'new' ? 'Báo cáo hoạt động' : 'Sửa báo cáo hoạt động'}
        description="Điền những gì đơn vị đã làm; bản nháp được lưu tự động. Bấm «Gửi duyệt» để gửi đơn vị cấp trên."
      />
      {init.restored ? (
        <Alert color="blue" variant="light" title="Đã khôi phục nội dung chưa gửi">
          <Group justify="space-between" gap="xs">
            <Text size="sm">Nội dung bạn nhập lần trước vẫn được giữ trên máy này.</Text>
            {init.slot === 'new' && !busy ? (
              <Button size="xs" variant="white" onClick={onRestart}>
                Bắt đầu báo cáo mới
              </Button>
            ) : null}
          </Group>
        </Alert>
      ) : null}
      {init.status === 'returned' && init.returnComment ? (
        <Alert color="red" variant="light" title="Báo cáo bị trả lại" icon={<IconAlertTriangle aria-hidden />}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {init.returnComment}
          </Text>
        </Alert>
      ) : null}
      {save.kind === 'conflict' || submit.phase === 'conflict' ? (
        <Alert color="red" title="Báo cáo vừa được sửa ở nơi khác" role="alert" icon={<IconAlertTriangle aria-hidden />}>
          <Stack gap="xs">
            <Text size="sm">{errorMessage(save.kind === 'conflict' ? save.error : (submit as { error: unknown }).error)}</Text>
            <Text size="sm">Để không ghi đè lên thay đổi đó, bản nháp tạm dừng lưu. Hãy tải bản mới nhất rồi sửa tiếp.</Text>
            <Group>
              <Button size="xs" color="red" leftSection={<IconRefresh size={16} />} onClick={reloadLatest}>
                Tải bản mới nhất
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <div ref={errorsRef} style={{ display: summary.length || submit.phase === 'failed' || save.kind === 'error' ? undefined : 'none' }}>
        {summary.length ? (
          <Alert color="red" variant="light" title="Hãy sửa các mục sau" role="alert" icon={<IconAlertTriangle aria-hidden />}>
            <Stack gap={2}>
              {summary.map((m) => (
                <Text key={m} size="sm">
                  • {m}
                </Text>
              ))}
            </Stack>
          </Alert>
        ) : serverError && submit.phase === 'failed' ? (
          <Alert color="red" variant="light" title="Chưa gửi được" role="alert" icon={<IconAlertTriangle aria-hidden />}>
            <Stack gap={2}>
              <Text size="sm">{errorMessage(serverError)}</Text>
              {errorLines(serverError).length > 1
                ? errorLines(serverError).map((m) => (
                    <Text key={m} size="sm">
                      • {m}
                    </Text>
                  ))
                : null}
            </Stack>
          </Alert>
        ) : save.kind === 'error' ? (
          <ErrorAlert error={save.error} title="Chưa lưu được bản nháp" />
        ) : null}
      </div>

      <fieldset disabled={busy} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">
          <Section title="Thông tin chung">
            <UnitSelect
              label="Đơn vị báo cáo"
              size="md"
              value={values.unitId}
              onChange={(v) => update({ unitId: v })}
              clearable={false}
              disabled={busy || init.versionNo > 1}
            />
            <Select
              label="Chương trình, chiến dịch"
              size="md"
              withAsterisk
              data={campaignOptions}
              value={values.campaignId}
              onChange={(v) => update({ campaignId: v, topicIds: v === values.campaignId ? values.topicIds : [] })}
              error={err('campaignId')}
              placeholder="Chọn chương trình"
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Hình thức"
              size="md"
              withAsterisk
              data={formOptions}
              value={values.formCode}
              onChange={(v) => update({ formCode: v })}
              error={err('formCode')}
              placeholder="Chọn hình thức tuyên truyền"
              searchable
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              label="Tên hoạt động"
              size="md"
              withAsterisk
              placeholder="Ví dụ: Hội nghị quán triệt Nghị quyết 57 tại khối phố 1"
              value={values.title}
              onChange={(e) => update({ title: e.currentTarget.value })}
              error={err('title')}
              maxLength={500}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <DateField
                label={values.multiDay ? 'Từ ngày' : 'Ngày tổ chức'}
                withAsterisk
                value={values.dateFrom}
                onChange={(v) => update({ dateFrom: v })}
                maxDate={todayIso()}
                error={err('dateFrom')}
                disabled={busy}
              />
              {values.multiDay ? (
                <DateField
                  label="Đến ngày"
                  value={values.dateTo}
                  onChange={(v) => update({ dateTo: v })}
                  minDate={values.dateFrom ?? undefined}
                  maxDate={todayIso()}
                  error={err('dateTo')}
                  disabled={busy}
                />
              ) : null}
            </SimpleGrid>
            <Switch
              label="Diễn ra nhiều ngày"
              checked={values.multiDay}
              onChange={(e) => update({ multiDay: e.currentTarget.checked, dateTo: e.currentTarget.checked ? values.dateTo : null })}
            />
            <TextInput
              label="Địa điểm"
              size="md"
              placeholder="Ví dụ: Nhà văn hóa khối phố 1"
              value={values.place}
              onChange={(e) => update({ place: e.currentTarget.value })}
              maxLength={500}
            />
          </Section>

          <Section title="Nội dung tuyên truyền" description="Chọn các chủ đề của chương trình mà hoạt động đã đề cập.">
            <TopicTreeSelect campaignId={values.campaignId} value={values.topicIds} onChange={(ids) => update({ topicIds: ids })} label="Chủ đề" />
          </Section>

          <Section title="Người tham dự" description="Số lượt người theo từng nhóm; để trống nếu không có.">
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" style={{ alignItems: 'end' }}>
              {ATTENDANCE_KEYS.map((k) => {
                const d = def(k);
                return d ? (
                  <CountInput key={k} label={d.label.replace(' tham dự', '')} max={d.max} value={values.measures[k]} onChange={(n) => setMeasure(k, n)} error={err(`m.${k}`)} />
                ) : null;
              })}
            </SimpleGrid>
            <Text size="sm" aria-live="polite">
              Tổng số: <b>{formatNumber(attendanceTotal)}</b> lượt người
            </Text>
            <Checkbox
              label="Ghi theo giới tính"
              checked={byGender}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setByGender(on);
                if (!on) update({ measures: { ...valuesRef.current.measures, attMale: null, attFemale: null } });
              }}
            />
            {byGender ? (
              <SimpleGrid cols={2} spacing="sm">
                {GENDER_KEYS.map((k) => {
                  const d = def(k);
                  return d ? <CountInput key={k} label={d.label} max={d.max} value={values.measures[k]} onChange={(n) => setMeasure(k, n)} error={k === 'attMale' ? err('m.attMale') : undefined} /> : null;
                })}
              </SimpleGrid>
            ) : null}
          </Section>

          <Section
            title="Số liệu"
            description={values.formCode ? 'Các số liệu thường có của hình thức đã chọn.' : 'Chọn hình thức để thấy các số liệu thường có.'}
          >
            {usual.length ? (
              <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm" style={{ alignItems: 'end' }}>
                {usual.map(measureField)}
              </SimpleGrid>
            ) : null}
            {others.length ? (
              moreMeasures ? (
                <Stack gap="sm">
                  {groupsOf(others).map(([label, list]) => (
                    <Stack key={label} gap={6}>
                      <Text fw={600} size="sm">
                        {label}
                      </Text>
                      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm" style={{ alignItems: 'end' }}>
                        {list.map(measureField)}
                      </SimpleGrid>
                    </Stack>
                  ))}
                </Stack>
              ) : (
                <Group>
                  <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setMoreMeasures(true)}>
                    Thêm số liệu khác
                  </Button>
                </Group>
              )
            ) : null}
          </Section>

          <Section title="Mô tả và minh chứng">
            <Textarea
              label="Mô tả"
              size="md"
              autosize
              minRows={3}
              maxRows={12}
              placeholder="Nội dung chính, kết quả, ý kiến của người dân…"
              value={values.description}
              onChange={(e) => update({ description: e.currentTarget.value })}
            />
            <Textarea
              label="Liên kết"
              description="Mỗi dòng một địa chỉ (bài đăng, tin trên trang thông tin…)"
              size="md"
              autosize
              minRows={1}
              placeholder="https://"
              value={values.links}
              onChange={(e) => update({ links: e.currentTarget.value })}
              error={err('links')}
            />
            <Stack gap={6}>
              <Text fw={500}>Ảnh</Text>
              {fileList('photo').length ? (
                <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs">
                  {fileList('photo').map((f) => (
                    <Box key={f.id} pos="relative">
                      <Image
                        src={draftId ? fileUrl(draftId, f.thumbFileId ?? f.fileId) : undefined}
                        alt={f.caption ?? f.name}
                        radius="sm"
                        h={88}
                        fit="cover"
                      />
                      <CloseButton
                        pos="absolute"
                        top={2}
                        right={2}
                        size="md"
                        radius="xl"
                        variant="white"
                        style={{ boxShadow: '0 1px 3px rgba(0,0,0,0.35)' }}
                        aria-label={`Bỏ ảnh ${f.name}`}
                        onClick={() => removeFile(f)}
                      />
                    </Box>
                  ))}
                </SimpleGrid>
              ) : null}
              <Group gap="xs">
                <FileButton onChange={(fs) => upload(fs, 'photos')} accept={PHOTO_ACCEPT} multiple disabled={busy || !!uploading}>
                  {(props) => (
                    <Button {...props} variant="default" leftSection={<IconPhotoPlus size={18} />}>
                      Thêm ảnh
                    </Button>
                  )}
                </FileButton>
                <FileButton onChange={(fs) => upload(fs, 'documents')} accept={DOC_ACCEPT} multiple disabled={busy || !!uploading}>
                  {(props) => (
                    <Button {...props} variant="default" leftSection={<IconPaperclip size={18} />}>
                      Thêm tài liệu
                    </Button>
                  )}
                </FileButton>
              </Group>
              <Text size="xs" c="dimmed">
                Ảnh JPEG, PNG, WebP (máy chủ tự thu nhỏ); tài liệu PDF, Word, Excel.
              </Text>
              {uploading ? (
                <Group gap={6}>
                  <Loader size={14} />
                  <Text size="sm">Đang tải lên {uploading}…</Text>
                </Group>
              ) : null}
              {uploadError ? <ErrorAlert error={uploadError} title="Chưa tải lên được" /> : null}
              {fileList('document').map((f) => (
                <Group key={f.id} gap="xs" wrap="nowrap">
                  <IconFileText size={18} aria-hidden />
                  <Anchor href={draftId ? fileUrl(draftId, f.fileId, true) : undefined} size="sm" style={{ overflowWrap: 'anywhere', flex: 1 }}>
                    {f.name} ({formatFileSize(f.size)})
                  </Anchor>
                  <CloseButton size="sm" aria-label={`Bỏ tài liệu ${f.name}`} onClick={() => removeFile(f)} />
                </Group>
              ))}
            </Stack>
          </Section>

          <TaskSection values={values} update={update} />
        </Stack>
      </fieldset>

      <Stack gap="xs" className="lt-sticky-actions" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        {submit.phase === 'waiting' || (submit.phase === 'sending' && submit.attempt > 1) ? (
          <Alert color="orange" variant="light" role="status" icon={<IconCloudOff aria-hidden />} p="xs">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Stack gap={0}>
                <Text fw={600} size="sm">
                  Mất kết nối — đang thử gửi lại…
                </Text>
                <Text size="xs">Mọi nội dung vẫn được giữ trên máy này; báo cáo chỉ được gửi một lần.</Text>
              </Stack>
              <Button size="xs" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => retryNow(userId, slot)} loading={submit.phase === 'sending'}>
                Gửi lại
              </Button>
            </Group>
          </Alert>
        ) : null}
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Box style={{ minWidth: 0 }}>{saveLine}</Box>
          <Button
            size="md"
            style={{ flexShrink: 0 }}
            leftSection={<IconSend size={18} />}
            onClick={onSubmit}
            loading={submit.phase === 'sending' && submit.attempt === 1}
            disabled={busy || save.kind === 'conflict'}
          >
            Gửi duyệt
          </Button>
        </Group>
      </Stack>
    </Stack>
  );
}

/** The plan and task the activity fulfils; a period and "done" mark for the task's progress. */
function TaskSection({ values, update }: { values: ActivityFormValues; update: (p: Partial<ActivityFormValues>) => void }) {
  const tasks = useQuery({
    queryKey: ['tasks', 'list', { pageSize: 100, pick: 'activity' }],
    queryFn: ({ signal }) => api.get<Paged<Task>>('/api/tasks', { pageSize: 100 }, signal),
  });
  const task = useQuery({
    queryKey: ['task', values.taskId],
    queryFn: ({ signal }) => api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(values.taskId ?? '')}`, undefined, signal),
    enabled: !!values.taskId,
  });
  const canPlans = useCan('plan.view');
  const plans = useQuery({
    queryKey: ['plans', { status: 'issued', pageSize: 200, pick: 'task' }],
    queryFn: ({ signal }) => api.get<Paged<PlanSummary>>('/api/plans', { status: 'issued', pageSize: 200 }, signal),
    enabled: canPlans,
  });
  const planOptions = (plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.numberText ? `Số ${p.numberText} — ` : ''}${p.subject}` }));
  if (values.planId && !planOptions.some((o) => o.value === values.planId)) planOptions.unshift({ value: values.planId, label: 'Kế hoạch đã chọn' });
  const items = tasks.data?.items ?? [];
  const options = items
    .filter((t) => t.status !== 'done' || t.id === values.taskId)
    .map((t) => ({ value: t.id, label: `${t.title}${t.planNumberText ? ` (KH số ${t.planNumberText})` : ''}` }));
  if (values.taskId && !options.some((o) => o.value === values.taskId))
    options.unshift({ value: values.taskId, label: task.data?.title ?? 'Nhiệm vụ đã chọn' });
  const t = task.data;
  const open = (t?.occurrences ?? []).filter((o) => !o.doneAt || o.id === values.occurrenceId);
  const recurring = t && t.recurrence !== 'once';

  return (
    <Section title="Kế hoạch, nhiệm vụ" description="Nếu hoạt động thực hiện một nhiệm vụ được giao, chọn nhiệm vụ để ghi tiến độ khi báo cáo được tiếp nhận.">
      <Select
        label="Nhiệm vụ"
        size="md"
        placeholder={tasks.isPending ? 'Đang tải nhiệm vụ…' : 'Không gắn với nhiệm vụ nào'}
        data={options}
        value={values.taskId}
        searchable
        clearable
        comboboxProps={{ withinPortal: true }}
        onChange={(v) => {
          const picked = items.find((x) => x.id === v);
          update({
            taskId: v,
            planId: picked ? picked.planId : v ? values.planId : null,
            campaignId: picked?.campaignId ?? values.campaignId,
            occurrenceId: null,
            taskDone: false,
          });
        }}
      />
      <Select
        label="Kế hoạch"
        size="md"
        description={values.taskId ? 'Theo nhiệm vụ đã chọn' : 'Kế hoạch mà hoạt động thực hiện (nếu có)'}
        placeholder="Không gắn với kế hoạch nào"
        data={planOptions}
        value={values.planId}
        onChange={(v) => update({ planId: v })}
        disabled={!!values.taskId}
        searchable
        clearable
        comboboxProps={{ withinPortal: true }}
      />
      {t ? (
        <Text size="sm" c="dimmed">
          {t.planNumberText ? `Thuộc Kế hoạch số ${t.planNumberText}. ` : ''}Giao bởi {t.assignerUnitName}
          {t.nextDueDate ?? t.dueDate ? ` · hạn ${formatDate(t.nextDueDate ?? t.dueDate)}` : ''}
        </Text>
      ) : null}
      {recurring && open.length ? (
        <Select
          label="Kỳ báo cáo của nhiệm vụ"
          size="md"
          data={open.map((o) => ({ value: o.id, label: `${formatDate(o.periodStart)} – ${formatDate(o.periodEnd)} (hạn ${formatDate(o.dueDate)})` }))}
          value={values.occurrenceId}
          onChange={(v) => update({ occurrenceId: v })}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      ) : null}
      {values.taskId ? (
        <Checkbox
          label={recurring ? 'Đánh dấu hoàn thành kỳ này khi báo cáo được tiếp nhận' : 'Đánh dấu hoàn thành nhiệm vụ khi báo cáo được tiếp nhận'}
          checked={values.taskDone}
          onChange={(e) => update({ taskDone: e.currentTarget.checked })}
        />
      ) : null}
    </Section>
  );
}
