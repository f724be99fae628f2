// Plan editor: every part of the draft, autosaved (PATCH with version ~5 s after a change), kept locally on conflict.
import {
  ActionIcon,
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  MultiSelect,
  SegmentedControl,
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
import { useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconCheck,
  IconDeviceFloppy,
  IconEye,
  IconRefresh,
  IconRestore,
  IconSend,
} from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert, FormErrorSummary, Loading, PageHeader, useIsPhone } from '../../components/common';
import { DateField } from '../../components/DateField';
import { RichTextEditor } from '../../components/RichTextEditor';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { api, errorMessage, isApiError } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { formatDateTime, todayIso } from '../../lib/format';
import { DOC_TYPES, type Plan, planKey, planName, useCampaigns, useForms, usePlan } from '../../lib/plans';
import { useUnits } from '../../lib/units';
import { type EditorState, fromPlan, toPayload, validate } from './editorModel';
import { ReturnNote } from './PlanActions';
import {
  BasesEditor,
  FootnotesEditor,
  MilestonesEditor,
  RecipientsEditor,
  ResponsibilitiesEditor,
  SectionsEditor,
} from './EditorParts';

const AUTOSAVE_MS = 5000;

type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; error: unknown }
  | { kind: 'conflict'; message: string }
  | { kind: 'locked'; message: string };

interface LocalCopy {
  version: number;
  at: string;
  state: EditorState;
}

const isBlocked = (s: SaveStatus) => s.kind === 'conflict' || s.kind === 'locked';

const localKey = (userId: string, planId: string) => `lantoa.plan-draft.${userId}.${planId}`;

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as LocalCopy) : null;
  } catch {
    return null;
  }
}

function writeLocal(key: string, copy: LocalCopy) {
  try {
    window.localStorage.setItem(key, JSON.stringify(copy));
  } catch {
    // Storage full or disabled: autosave to the server still protects the text.
  }
}

function clearLocal(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // ignore
  }
}

/** "14:32" today, "25/11/2026 14:32" another day. */
function savedAt(iso: string): string {
  const full = formatDateTime(iso);
  const [date, time] = full.split(' ');
  const [d, m, y] = date.split('/');
  return `${y}-${m}-${d}` === todayIso() ? time : full;
}

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
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

export default function PlanEditorPage() {
  const { id = '' } = useParams();
  const query = usePlan(id);
  const plan = query.data;
  if (query.isPending) return <Loading label="Đang mở dự thảo…" />;
  if (query.error || !plan)
    return <ErrorAlert error={query.error} title="Không mở được dự thảo" onRetry={() => query.refetch()} />;
  if (plan.status !== 'draft' || !plan.can.edit) {
    return (
      <Stack>
        <PageHeader title="Không sửa được kế hoạch này" />
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          {plan.status !== 'draft'
            ? 'Kế hoạch không còn là dự thảo nên không sửa được. Kế hoạch đã ban hành muốn thay đổi thì dùng «Sửa đổi, bổ sung».'
            : 'Bạn không có quyền soạn kế hoạch của đơn vị này.'}
        </Alert>
        <Group>
          <Button component={Link} to={`/ke-hoach/${plan.id}`} variant="light">
            Xem kế hoạch
          </Button>
        </Group>
      </Stack>
    );
  }
  return <Editor key={plan.id} plan={plan} />;
}

function Editor({ plan }: { plan: Plan }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const forms = useForms();
  const units = useUnits();
  const storageKey = localKey(me.user.id, plan.id);

  const [state, setState] = useState<EditorState>(() => fromPlan(plan));
  const stateRef = useRef(state);
  stateRef.current = state;
  const versionRef = useRef(plan.version);
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
  const topRef = useRef<HTMLDivElement>(null);
  const phone = useIsPhone();

  // A local copy left by an earlier session (closed tab, lost connection, conflict) that differs from the server's.
  const [restorable, setRestorable] = useState<LocalCopy | null>(() => {
    const local = readLocal(storageKey);
    if (!local) return null;
    const same = JSON.stringify(toPayload(local.state, false)) === JSON.stringify(toPayload(fromPlan(plan), false));
    if (same) {
      clearLocal(storageKey);
      return null;
    }
    return local;
  });


  const save = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    if (saving.current) {
      await saving.current;
      if (revision.current === savedRevision.current) return true;
    }
    if (isBlocked(statusRef.current)) return false;
    const rev = revision.current;
    const run = (async () => {
      setStatus({ kind: 'saving' });
      try {
        const payload = toPayload(stateRef.current, true);
        // Rows not filled in yet are left out of the autosave; keep the local copy until they are saved too.
        const complete = JSON.stringify(payload) === JSON.stringify(toPayload(stateRef.current, false));
        const saved = await api.patch<Plan>(`/api/plans/${encodeURIComponent(plan.id)}`, {
          version: versionRef.current,
          ...payload,
        });
        versionRef.current = saved.version;
        savedRevision.current = rev;
        client.setQueryData(planKey(plan.id), saved);
        client.invalidateQueries({ queryKey: ['plans'] });
        if (revision.current === rev && complete) clearLocal(storageKey);
        setStatus(revision.current === rev ? { kind: 'saved', at: saved.updatedAt } : { kind: 'dirty' });
        return true;
      } catch (err) {
        if (isApiError(err, 'version_conflict')) setStatus({ kind: 'conflict', message: err.message });
        else if (isApiError(err, 'plan_not_editable')) setStatus({ kind: 'locked', message: err.message });
        else setStatus({ kind: 'error', error: err });
        return false;
      } finally {
        saving.current = null;
      }
    })();
    saving.current = run;
    const ok = await run;
    if (ok && revision.current > savedRevision.current && !timer.current) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        void save();
      }, AUTOSAVE_MS);
    }
    return ok;
  }, [client, plan.id, storageKey]);

  const change = useCallback(<K extends keyof EditorState>(key: K, value: EditorState[K]) => {
    setState((prev) => ({ ...prev, [key]: value }));
    revision.current += 1;
  }, []);

  // After every change: keep a local copy, and autosave ~5 s after the first unsaved change.
  useEffect(() => {
    if (revision.current === savedRevision.current) return;
    writeLocal(storageKey, { version: versionRef.current, at: new Date().toISOString(), state });
    if (isBlocked(statusRef.current)) return;
    if (statusRef.current.kind !== 'saving') setStatus({ kind: 'dirty' });
    if (!timer.current && !saving.current) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        void save();
      }, AUTOSAVE_MS);
    }
  }, [state, storageKey, save]);

  // Leaving: warn in the browser, save what is pending inside the app.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (revision.current !== savedRevision.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (timer.current) window.clearTimeout(timer.current);
      if (revision.current !== savedRevision.current && !isBlocked(statusRef.current)) void save();
    };
  }, [save]);

  const errors = useMemo(() => (showErrors ? validate(state) : {}), [showErrors, state]);
  const summary = Object.values(errors);

  const loadLatest = async () => {
    try {
      const latest = await api.get<Plan>(`/api/plans/${encodeURIComponent(plan.id)}`);
      const mine: LocalCopy = { version: versionRef.current, at: new Date().toISOString(), state: stateRef.current };
      writeLocal(storageKey, mine);
      client.setQueryData(planKey(plan.id), latest);
      if (latest.status !== 'draft') {
        setStatus({ kind: 'locked', message: 'Kế hoạch không còn là dự thảo nên không sửa được nữa. Nội dung bạn đã nhập vẫn được giữ trên máy này.' });
        return;
      }
      versionRef.current = latest.version;
      revision.current = 0;
      savedRevision.current = 0;
      setState(fromPlan(latest));
      setRestorable(mine);
      setStatus({ kind: 'saved', at: latest.updatedAt });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Không tải được bản mới nhất', message: errorMessage(err) });
    }
  };

  const overwrite = async () => {
    try {
      const latest = await api.get<Plan>(`/api/plans/${encodeURIComponent(plan.id)}`);
      if (latest.status !== 'draft') {
        setStatus({ kind: 'locked', message: 'Kế hoạch không còn là dự thảo nên không lưu đè được.' });
        return;
      }
      versionRef.current = latest.version;
      revision.current += 1;
      setStatus({ kind: 'dirty' });
      statusRef.current = { kind: 'dirty' };
      const ok = await save();
      if (ok) notifications.show({ color: 'green', title: 'Đã lưu bản của bạn', message: 'Nội dung trên máy chủ đã được thay bằng bản bạn đang soạn.' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Chưa lưu được', message: errorMessage(err) });
    }
  };

  const restore = () => {
    if (!restorable) return;
    setState(restorable.state);
    revision.current += 1;
    setRestorable(null);
    notifications.show({ color: 'green', title: 'Đã khôi phục nội dung', message: 'Nội dung sẽ được lưu nháp trong giây lát.' });
  };

  const submit = async () => {
    setShowErrors(true);
    setSubmitError(null);
    const found = validate(stateRef.current);
    if (Object.keys(found).length > 0) {
      topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      return;
    }
    setSubmitting(true);
    try {
      if (revision.current !== savedRevision.current || statusRef.current.kind === 'error') {
        revision.current += 1;
        const ok = await save();
        if (!ok) {
          topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
          return;
        }
      }
      const submitted = await api.post<Plan>(`/api/plans/${encodeURIComponent(plan.id)}/submit`, { version: versionRef.current });
      client.setQueryData(planKey(plan.id), submitted);
      client.invalidateQueries({ queryKey: ['plans'] });
      clearLocal(storageKey);
      notifications.show({ color: 'green', icon: <IconCheck size={18} />, title: 'Đã gửi duyệt', message: 'Lãnh đạo đơn vị nhận được thông báo để duyệt, ban hành.' });
      navigate(`/ke-hoach/${plan.id}`);
    } catch (err) {
      setSubmitError(err);
      topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } finally {
      setSubmitting(false);
    }
  };

  const view = async () => {
    if (revision.current !== savedRevision.current && !isBlocked(statusRef.current)) {
      const ok = await save();
      if (!ok) return;
    }
    navigate(`/ke-hoach/${plan.id}`);
  };

  const unitName = useMemo(() => {
    const map = new Map((units.data ?? []).map((u) => [u.id, u.name]));
    return (uid: string) => map.get(uid);
  }, [units.data]);

  const statusText =
    status.kind === 'saving'
      ? 'Đang lưu nháp…'
      : status.kind === 'saved'
        ? `Đã lưu nháp lúc ${savedAt(status.at)}`
        : status.kind === 'dirty'
          ? 'Có thay đổi chưa lưu — sẽ tự lưu sau vài giây'
          : status.kind === 'error'
            ? 'Chưa lưu được nháp — xem thông báo ở đầu trang'
            : status.kind === 'conflict' || status.kind === 'locked'
              ? 'Chưa lưu — xem thông báo ở đầu trang'
              : `Đã lưu nháp lúc ${savedAt(plan.updatedAt)}`;

  const statusLine = (
    <Text
      size={phone ? 'xs' : 'sm'}
      c={status.kind === 'error' || status.kind === 'conflict' ? 'red.8' : 'dimmed'}
      aria-live="polite"
      data-testid="autosave-status"
      truncate={phone ? 'end' : undefined}
    >
      {statusText}
    </Text>
  );
  const saveNow = () => {
    if (status.kind === 'error') revision.current += 1;
    void save();
  };

  const docTitleFor = DOC_TYPES.find((d) => d.value === state.docType)?.title ?? '';

  return (
    <Stack gap="md" ref={topRef} style={{ scrollMarginTop: 80 }}>
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/ke-hoach">
              Kế hoạch
            </Anchor>
            <Anchor component={Link} to={`/ke-hoach/${plan.id}`} size="sm">
              {planName(plan)}
            </Anchor>
            <Text size="sm" c="dimmed">
              Soạn thảo
            </Text>
          </Breadcrumbs>
        }
        docTitle={`Soạn: ${plan.subject}`}
        title={plan.supersedesId ? 'Soạn văn bản sửa đổi, bổ sung' : plan.requestId ? 'Soạn kế hoạch thực hiện' : 'Soạn kế hoạch'}
        description={`${plan.issuingUnitName}. Nội dung được lưu nháp tự động; các đơn vị chỉ nhận được khi kế hoạch được ban hành.`}
      />

      {status.kind === 'conflict' ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Người khác vừa lưu dự thảo này" role="alert">
          <Stack gap="xs">
            <Text>{status.message}</Text>
            <Text size="sm">
              Bản bạn đang soạn vẫn còn nguyên trên màn hình và được giữ trên máy này. Bạn có thể tải bản mới nhất (bản của
              bạn vẫn khôi phục được), hoặc lưu đè bằng bản của bạn.
            </Text>
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
            <Text size="sm">Nội dung bạn đã nhập được giữ trên máy này; có thể sao chép sang văn bản sửa đổi, bổ sung.</Text>
            <Group>
              <Button size="sm" variant="light" component={Link} to={`/ke-hoach/${plan.id}`}>
                Xem kế hoạch
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {restorable ? (
        <Alert color="frontBlue" variant="light" icon={<IconRestore aria-hidden />} title="Có nội dung chưa lưu lên máy chủ">
          <Stack gap="xs">
            <Text size="sm">
              Trên máy này còn bản bạn soạn lúc {formatDateTime(restorable.at)} khác với bản đang mở.
            </Text>
            <Group gap="xs">
              <Button size="sm" leftSection={<IconRestore size={16} />} onClick={restore}>
                Khôi phục bản của tôi
              </Button>
              <Button
                size="sm"
                variant="default"
                onClick={() => {
                  clearLocal(storageKey);
                  setRestorable(null);
                }}
              >
                Bỏ bản đó
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <ReturnNote planId={plan.id} />
      {status.kind === 'error' ? <ErrorAlert error={status.error} title="Chưa lưu được nháp" /> : null}
      <FormErrorSummary messages={summary} serverError={submitError} />

      <Section title="Thông tin văn bản">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Chương trình, chiến dịch"
            placeholder={campaigns.data?.length === 0 ? 'Chưa có chương trình nào' : 'Chọn chương trình'}
            data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={state.campaignId}
            onChange={(v) => change('campaignId', v)}
            clearable
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Loại văn bản"
            data={DOC_TYPES.map((d) => ({ value: d.value, label: d.label }))}
            value={state.docType}
            allowDeselect={false}
            onChange={(v) => {
              if (!v) return;
              const nextTitle = DOC_TYPES.find((d) => d.value === v)?.title ?? '';
              change('docType', v);
              if (state.title === docTitleFor) change('title', nextTitle);
              if (state.symbol.startsWith(`${state.docType}-`)) change('symbol', `${v === 'CV' ? '' : `${v}-`}${state.symbol.slice(state.docType.length + 1)}`);
            }}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="Ký hiệu"
            description="Số được cấp khi ban hành, ví dụ: 12/KH-MTTQ-BTT"
            value={state.symbol}
            onChange={(e) => change('symbol', e.currentTarget.value)}
            error={errors.symbol}
            required
          />
          <TextInput
            label="Tên loại văn bản (in dưới quốc hiệu)"
            description="Để trống với công văn"
            value={state.title}
            onChange={(e) => change('title', e.currentTarget.value)}
          />
          <TextInput label="Địa danh" value={state.place} onChange={(e) => change('place', e.currentTarget.value)} />
          <DateField
            label="Ngày ban hành"
            description="Để trống: ngày được ghi khi ban hành"
            value={state.docDate}
            onChange={(v) => change('docDate', v)}
            clearable
          />
        </SimpleGrid>
        <Textarea
          label="Trích yếu"
          autosize
          minRows={2}
          value={state.subject}
          onChange={(e) => change('subject', e.currentTarget.value)}
          error={errors.subject}
          required
        />
        <Switch
          label="Văn bản đã ban hành ngoài hệ thống, không rõ số (nhập để lưu trữ, không cấp số)"
          checked={state.numberUnknown}
          onChange={(e) => change('numberUnknown', e.currentTarget.checked)}
        />
      </Section>

      <Section title="Tên cơ quan trên văn bản" description="Góc trên bên trái của văn bản.">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            label="Cơ quan cấp trên"
            value={state.header.parentBody}
            onChange={(e) => change('header', { ...state.header, parentBody: e.currentTarget.value })}
          />
          <TextInput
            label="Tên cơ quan"
            value={state.header.bodyName}
            onChange={(e) => change('header', { ...state.header, bodyName: e.currentTarget.value })}
          />
          <TextInput
            label="Bộ phận ban hành"
            value={state.header.issuer}
            onChange={(e) => change('header', { ...state.header, issuer: e.currentTarget.value })}
          />
        </SimpleGrid>
      </Section>

      <Section title="Căn cứ" description="Kế hoạch, văn bản mà kế hoạch này thực hiện. Kế hoạch trong Lan Tỏa được liên kết để theo dõi triển khai.">
        <BasesEditor value={state.bases} onChange={(v) => change('bases', v)} errors={errors} />
      </Section>

      <Section title="Mở đầu">
        <RichTextEditor
          label="Đoạn mở đầu"
          description="Thường nêu văn bản được thực hiện, ví dụ: «Thực hiện Kế hoạch số 51/KH-MTTQ-BTT ngày 05/3/2025…»"
          value={state.preamble}
          onChange={(v) => change('preamble', v)}
        />
      </Section>

      <Section title="Nội dung" description="Các phần I, II, III… Có thể thêm, bớt, đổi thứ tự; số La Mã được đánh lại tự động.">
        <SectionsEditor value={state.sections} onChange={(v) => change('sections', v)} errors={errors} getLatest={() => stateRef.current.sections} />
      </Section>

      <Section title="Kết thúc và chú thích">
        <RichTextEditor
          label="Đoạn kết"
          description="Thường kết thúc bằng «./.»"
          value={state.closing}
          onChange={(v) => change('closing', v)}
          minHeight={72}
        />
        <FootnotesEditor value={state.footnotes} onChange={(v) => change('footnotes', v)} errors={errors} />
      </Section>

      <Section title="Chủ đề và hình thức tuyên truyền" description="Dùng để gắn tài liệu, hoạt động, báo cáo và đo mức độ bao phủ.">
        <TopicTreeSelect campaignId={state.campaignId} value={state.topicIds} onChange={(v) => change('topicIds', v)} />
        <MultiSelect
          label="Hình thức tuyên truyền"
          placeholder={forms.data?.length === 0 ? 'Danh mục hình thức chưa có' : 'Chọn hình thức'}
          data={(forms.data ?? []).filter((f) => !f.archived).map((f) => ({ value: f.id, label: f.name }))}
          value={state.formIds}
          onChange={(v) => change('formIds', v)}
          searchable
          clearable
          hidePickedOptions
          comboboxProps={{ withinPortal: true }}
        />
      </Section>

      <Section title="Thời gian thực hiện">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <DateField label="Từ ngày" value={state.periodStart} onChange={(v) => change('periodStart', v)} clearable />
          <DateField
            label="Đến ngày"
            value={state.periodEnd}
            onChange={(v) => change('periodEnd', v)}
            clearable
            minDate={state.periodStart ?? undefined}
            error={errors.periodEnd}
          />
          <DateField
            label="Hạn xây dựng kế hoạch thực hiện"
            value={state.requestDeadline}
            onChange={(v) => change('requestDeadline', v)}
            clearable
          />
        </SimpleGrid>
        <MilestonesEditor value={state.milestones} onChange={(v) => change('milestones', v)} errors={errors} />
      </Section>

      <Section
        title="Tổ chức thực hiện"
        description="Nhiệm vụ của từng đơn vị, nhóm đơn vị. Nếu phần «Tổ chức thực hiện» ở trên để trống, văn bản tự viết phần này từ danh sách dưới đây."
      >
        <ResponsibilitiesEditor
          value={state.responsibilities}
          onChange={(v) => change('responsibilities', v)}
          errors={errors}
          getLatest={() => stateRef.current.responsibilities}
        />
      </Section>

      <Section title="Nơi nhận" description="Đơn vị trong Lan Tỏa nhận văn bản (có theo dõi đã xem) khi ban hành; nơi nhận khác chỉ in trên văn bản.">
        <RecipientsEditor value={state.recipients} onChange={(v) => change('recipients', v)} errors={errors} unitName={unitName} />
        <TextInput
          label="Dòng lưu"
          description="In cuối Nơi nhận, ví dụ: Lưu: VT, TG"
          value={state.archiveLine}
          onChange={(e) => change('archiveLine', e.currentTarget.value)}
        />
      </Section>

      <Section title="Người ký">
        <Stack gap={4}>
          <Text size="md" fw={500} id="signer-mode">
            Hình thức ký
          </Text>
          <SegmentedControl
            aria-labelledby="signer-mode"
            value={state.signer.mode || 'none'}
            onChange={(v) => change('signer', { ...state.signer, mode: v === 'none' ? '' : (v as 'TM' | 'KT') })}
            data={[
              { value: 'TM', label: phone ? 'TM.' : 'TM. (thay mặt)' },
              { value: 'KT', label: phone ? 'KT.' : 'KT. (ký thay)' },
              { value: 'none', label: 'Ký trực tiếp' },
            ]}
            style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            label="Thay mặt"
            placeholder="BAN THƯỜNG TRỰC"
            value={state.signer.authority}
            onChange={(e) => change('signer', { ...state.signer, authority: e.currentTarget.value })}
          />
          <TextInput
            label="Chức vụ"
            placeholder="CHỦ TỊCH"
            value={state.signer.position}
            onChange={(e) => change('signer', { ...state.signer, position: e.currentTarget.value })}
          />
          <TextInput
            label="Họ và tên"
            value={state.signer.name}
            onChange={(e) => change('signer', { ...state.signer, name: e.currentTarget.value })}
          />
        </SimpleGrid>
      </Section>

      <Card className="lt-sticky-actions" padding={phone ? 'xs' : 'sm'} withBorder shadow="sm">
        <Stack gap={phone ? 4 : 0}>
          <Group justify="space-between" gap="xs" wrap={phone ? 'nowrap' : 'wrap'}>
            {!phone ? statusLine : null}
            <Group gap="xs" wrap="nowrap" justify="flex-end" style={{ flex: '1 1 auto' }}>
              {phone ? (
                <>
                  <ActionIcon size={42} variant="default" aria-label="Xem văn bản" onClick={view}>
                    <IconEye size={20} />
                  </ActionIcon>
                  <ActionIcon
                    size={42}
                    variant="default"
                    aria-label="Lưu nháp"
                    onClick={saveNow}
                    loading={status.kind === 'saving'}
                    disabled={status.kind === 'conflict' || status.kind === 'locked'}
                  >
                    <IconDeviceFloppy size={20} />
                  </ActionIcon>
                </>
              ) : (
                <>
                  <Button variant="default" leftSection={<IconEye size={18} />} onClick={view}>
                    Xem văn bản
                  </Button>
                  <Button
                    variant="default"
                    leftSection={<IconDeviceFloppy size={18} />}
                    onClick={saveNow}
                    loading={status.kind === 'saving'}
                    disabled={status.kind === 'conflict' || status.kind === 'locked'}
                  >
                    Lưu nháp
                  </Button>
                </>
              )}
              <Button
                leftSection={<IconSend size={18} />}
                onClick={submit}
                loading={submitting}
                disabled={status.kind === 'conflict' || status.kind === 'locked'}
                style={phone ? { flex: 1 } : undefined}
              >
                Gửi duyệt
              </Button>
            </Group>
          </Group>
          {phone ? statusLine : null}
        </Stack>
      </Card>
    </Stack>
  );
}
