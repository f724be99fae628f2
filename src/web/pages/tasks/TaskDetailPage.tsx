// One task: periods with due dates and done state, the progress timeline, and a note (with evidence) form.
import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  FileInput,
  Grid,
  Group,
  NumberInput,
  ScrollArea,
  Select,
  Slider,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconMessage, IconPaperclip, IconSend, IconSpeakerphone } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert, Field, FormErrorSummary, Loading, PageHeader, StatusBadge, useIsPhone } from '../../components/common';
import { OverdueBadge, ProgressLine, TaskStatusBadge } from '../../components/PlanBadges';
import { api, request } from '../../lib/api';
import { can, useCurrentMe } from '../../lib/auth';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatFileSize, recurrenceLabel } from '../../lib/plans';
import type { Occurrence, TaskDetail } from '../../lib/tasks';

const ACCEPT = '.pdf,.docx,.xlsx,.jpg,.jpeg,.png,.webp';

/** "Tháng 11/2026", "Quý IV/2026", or the whole period for a one-off task. */
export function periodLabel(o: Occurrence, recurrence: string): string {
  const y = o.periodStart.slice(0, 4);
  const m = Number(o.periodStart.slice(5, 7));
  const sameMonth = o.periodStart.slice(0, 7) === o.periodEnd.slice(0, 7);
  if (recurrence === 'monthly' && sameMonth) return `Tháng ${m}/${y}`;
  if (recurrence === 'quarterly' || recurrence === 'ongoing') {
    const q = Math.floor((Number(o.periodEnd.slice(5, 7)) - 1) / 3);
    return `Quý ${['I', 'II', 'III', 'IV'][q]}/${o.periodEnd.slice(0, 4)}`;
  }
  return `${formatDate(o.periodStart)} – ${formatDate(o.periodEnd)}`;
}

function OccurrenceState({ o }: { o: Occurrence }) {
  if (o.doneAt) return <StatusBadge tone="green">Đã xong {formatDate(o.doneAt)}</StatusBadge>;
  if (o.overdue) return <StatusBadge tone="red">Quá hạn</StatusBadge>;
  return <StatusBadge tone="gray">Chưa xong</StatusBadge>;
}

function NoteForm({ task }: { task: TaskDetail }) {
  const client = useQueryClient();
  const open = task.occurrences.filter((o) => !o.doneAt);
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState<number>(task.progress);
  const [occurrenceId, setOccurrenceId] = useState<string | null>(open[0]?.id ?? null);
  const [markDone, setMarkDone] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string[]>([]);
  const once = task.recurrence === 'once';

  const send = useMutation({
    mutationFn: () => {
      const path = `/api/tasks/${encodeURIComponent(task.id)}`;
      const body = {
        note: note.trim() || (file ? `Minh chứng: ${file.name}` : ''),
        ...(progress !== task.progress ? { progress } : {}),
        ...(occurrenceId && !once ? { occurrenceId } : {}),
        ...(markDone ? { markDone: true } : {}),
      };
      if (!file) return api.post<TaskDetail>(`${path}/notes`, body);
      const form = new FormData();
      form.append('note', body.note);
      if (body.progress !== undefined) form.append('progress', String(body.progress));
      if (body.occurrenceId) form.append('occurrenceId', body.occurrenceId);
      if (markDone) form.append('markDone', 'true');
      form.append('file', file);
      return request<TaskDetail>(`${path}/evidence`, { method: 'POST', body: form });
    },
    onSuccess: (t) => {
      client.setQueryData(['task', task.id], t);
      client.invalidateQueries({ queryKey: ['tasks'] });
      setNote('');
      setFile(null);
      setMarkDone(false);
      setProgress(t.progress);
      setOccurrenceId(t.occurrences.find((o) => !o.doneAt)?.id ?? null);
      notifications.show({
        color: 'green',
        icon: <IconCheck size={18} />,
        title: markDone ? 'Đã báo hoàn thành' : 'Đã ghi tiến độ',
        message: t.status === 'done' ? 'Nhiệm vụ đã hoàn thành; đơn vị giao được thông báo.' : `Tiến độ hiện tại: ${t.progress}%.`,
      });
    },
  });

  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!note.trim() && !file && !markDone) {
            setError(['Hãy ghi nội dung đã làm, hoặc đính kèm minh chứng.']);
            return;
          }
          setError([]);
          send.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h4">
            Ghi tiến độ
          </Title>
          <FormErrorSummary messages={error} serverError={send.error} />
          <Textarea
            label="Đã làm được gì"
            description="Ví dụ: Tổ chức 2 hội nghị với 150 lượt người tham dự; đăng 3 tin trên trang thông tin."
            autosize
            minRows={3}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Stack gap={4}>
            <Text size="md" fw={500} id="progress-label">
              Tiến độ chung: {progress}%
            </Text>
            <Group gap="md" wrap="nowrap" align="center">
              <Slider
                value={progress}
                onChange={setProgress}
                step={5}
                min={0}
                max={100}
                style={{ flex: 1 }}
                aria-labelledby="progress-label"
                label={(v) => `${v}%`}
              />
              <NumberInput value={progress} onChange={(v) => setProgress(typeof v === 'number' ? Math.max(0, Math.min(100, v)) : 0)} min={0} max={100} w={96} suffix="%" aria-label="Tiến độ (%)" />
            </Group>
          </Stack>
          {!once && open.length > 0 ? (
            <Select
              label="Kỳ báo cáo"
              data={open.map((o) => ({ value: o.id, label: `${periodLabel(o, task.recurrence)} — hạn ${formatDate(o.dueDate)}${o.overdue ? ' (quá hạn)' : ''}` }))}
              value={occurrenceId}
              onChange={setOccurrenceId}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
          {task.status !== 'done' ? (
            <Checkbox
              label={once ? 'Báo hoàn thành nhiệm vụ' : 'Báo hoàn thành kỳ này'}
              checked={markDone}
              onChange={(e) => setMarkDone(e.currentTarget.checked)}
            />
          ) : null}
          <FileInput
            label="Minh chứng"
            description="Không bắt buộc. PDF, Word, Excel, ảnh JPEG, PNG, WebP"
            placeholder="Chọn tệp"
            accept={ACCEPT}
            value={file}
            onChange={setFile}
            clearable
            leftSection={<IconPaperclip size={18} />}
          />
          <Group justify="flex-end" className="lt-sticky-actions">
            <Button type="submit" loading={send.isPending} leftSection={<IconSend size={18} />}>
              {markDone ? 'Ghi và báo hoàn thành' : 'Ghi tiến độ'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export default function TaskDetailPage() {
  const { id = '' } = useParams();
  const me = useCurrentMe();
  const phone = useIsPhone();
  const query = useQuery({
    queryKey: ['task', id],
    queryFn: ({ signal }) => api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(id)}`, undefined, signal),
  });
  const t = query.data;
  if (query.isPending) return <Loading label="Đang tải nhiệm vụ…" />;
  if (query.error || !t)
    return (
      <Stack>
        <Breadcrumbs>
          <Anchor component={Link} to="/nhiem-vu">
            Nhiệm vụ
          </Anchor>
        </Breadcrumbs>
        <ErrorAlert error={query.error} title="Không mở được nhiệm vụ" onRetry={() => query.refetch()} />
      </Stack>
    );

  const canReport = can(me, 'task.manage') || can(me, 'activity.report');
  const notes = [...t.notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const occName = new Map(t.occurrences.map((o) => [o.id, periodLabel(o, t.recurrence)]));

  const info = (
    <Card>
      <Stack gap="md">
        <ProgressLine value={t.progress} label="Tiến độ nhiệm vụ" />
        {t.description ? <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{t.description}</Text> : null}
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Đơn vị thực hiện">{t.unitName}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Đơn vị giao">{t.assignerUnitName}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Người phụ trách">{t.assigneeName}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Kế hoạch">
              {t.planId ? (
                <Anchor component={Link} to={`/ke-hoach/${t.planId}`}>
                  {t.planNumberText ? `Kế hoạch số ${t.planNumberText}` : 'Mở kế hoạch'}
                </Anchor>
              ) : null}
            </Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Thời gian">
              {formatDate(t.startDate)}
              {t.endDate ? ` – ${formatDate(t.endDate)}` : ''}
            </Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label={t.recurrence === 'once' ? 'Hạn hoàn thành' : 'Hạn kỳ tới'}>
              {t.status === 'done' ? `Đã xong ${formatDate(t.doneAt)}` : formatDate(t.nextDueDate ?? t.dueDate)}
            </Field>
          </Grid.Col>
        </Grid>
      </Stack>
    </Card>
  );
  const occurrences = (
    t.occurrences.length > (t.recurrence === 'once' ? 1 : 0) ? (
      <Card>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Các kỳ báo cáo
          </Title>
          <ScrollArea.Autosize mah={phone ? undefined : 360} type="auto">
            <Stack gap={0}>
              {t.occurrences.map((o) => (
                <Group
                  key={o.id}
                  justify="space-between"
                  wrap="nowrap"
                  gap="xs"
                  py={6}
                  pr={4}
                  style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
                  bg={o.overdue ? 'red.0' : undefined}
                >
                  <Stack gap={0}>
                    <Text fw={500} size="sm">
                      {periodLabel(o, t.recurrence)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDate(o.periodStart)} – {formatDate(o.periodEnd)} · hạn {formatDate(o.dueDate)}
                    </Text>
                  </Stack>
                  <OccurrenceState o={o} />
                </Group>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      </Card>
    ) : null
  );
  const timeline = (
    <Card>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Quá trình thực hiện
        </Title>
        {notes.length === 0 ? (
          <Text c="dimmed">Chưa có ghi chép tiến độ nào.</Text>
        ) : (
          <Timeline bulletSize={24} lineWidth={2} active={notes.length}>
            {notes.map((n) => (
              <Timeline.Item
                key={n.id}
                bullet={<IconMessage size={13} />}
                title={
                  <Text size="sm" fw={600}>
                    {n.userName ?? 'Hệ thống'} · {formatDateTime(n.createdAt)}
                  </Text>
                }
              >
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {n.note}
                </Text>
                <Group gap={6} mt={4}>
                  {n.progress !== null ? <StatusBadge tone="blue">Tiến độ {n.progress}%</StatusBadge> : null}
                  {n.occurrenceId && occName.get(n.occurrenceId) ? (
                    <StatusBadge tone="gray">{occName.get(n.occurrenceId)}</StatusBadge>
                  ) : null}
                </Group>
                {n.files.map((f) => (
                  <Anchor
                    key={f.id}
                    href={`/api/tasks/${encodeURIComponent(t.id)}/evidence/${encodeURIComponent(f.id)}`}
                    size="sm"
                    display="block"
                    mt={4}
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    <IconPaperclip size={14} style={{ verticalAlign: 'middle' }} aria-hidden /> {f.name} ({formatFileSize(f.size)})
                  </Anchor>
                ))}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
    </Card>
  );
  const form = canReport ? <NoteForm key={t.version} task={t} /> : null;

  return (
    <Stack gap="md">
      <PageHeader
        actions={
          can(me, 'activity.report') ? (
            <Button component={Link} to={`/hoat-dong/moi?taskId=${encodeURIComponent(t.id)}`} leftSection={<IconSpeakerphone size={18} />}>
              Báo cáo hoạt động
            </Button>
          ) : null
        }
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/nhiem-vu">
              Nhiệm vụ
            </Anchor>
            <Text size="sm" c="dimmed" truncate="end" maw={240}>
              {t.title}
            </Text>
          </Breadcrumbs>
        }
        title={t.title}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <TaskStatusBadge status={t.status} />
            <OverdueBadge overdue={t.overdue} />
            <StatusBadge tone="blue">{recurrenceLabel(t.recurrence)}</StatusBadge>
            <Text span c="dimmed">
              {t.unitName}
            </Text>
          </Group>
        }
      />
      {phone ? (
        <Stack gap="md">
          {info}
          {form}
          {occurrences}
          {timeline}
        </Stack>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              {info}
              {timeline}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md">
              {form}
              {occurrences}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
