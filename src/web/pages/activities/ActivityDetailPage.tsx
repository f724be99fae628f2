// One activity report: content, figures, evidence, review (Tiếp nhận / Trả lại), correction, history, versions.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Image,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconEdit, IconFileText, IconPencilPlus, IconSend, IconTrash, IconArrowBackUp } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AppModal, ErrorAlert, Field, Loading, PageHeader, useIsPhone } from '../../components/common';
import { DetailColumns } from '../../components/DetailColumns';
import { ReviewTimeline } from '../../components/ReviewTimeline';
import { type ActivityDetail, activityKey, EVENT_LABELS, fileUrl, type MeasureDef, newKey, useActivity, useMeasures } from '../../lib/activities';
import { api, isApiError } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { flattenTopics, formatFileSize, useTopics } from '../../lib/plans';
import { ActivityStatusBadge, activityPeriod } from './ActivityParts';

function Figures({ a, defs }: { a: ActivityDetail; defs: MeasureDef[] }) {
  const filled = defs.filter((d) => a.measures[d.key] != null);
  if (!filled.length) return <Text c="dimmed">Chưa có số liệu.</Text>;
  return (
    <Table verticalSpacing={6} striped>
      <Table.Tbody>
        {filled.map((d) => (
          <Table.Tr key={d.key}>
            <Table.Td>{d.label}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              <b>{formatNumber(a.measures[d.key])}</b> {d.unit}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ReviewModal({ a, mode, onClose }: { a: ActivityDetail; mode: 'accept' | 'return' | null; onClose: () => void }) {
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: () =>
      api.post<ActivityDetail>(`/api/activities/${encodeURIComponent(a.id)}/${mode}`, mode === 'return' ? { comment: comment.trim() } : comment.trim() ? { comment: comment.trim() } : {}),
    onSuccess: (next) => {
      client.setQueryData(activityKey(a.id), next);
      client.invalidateQueries({ queryKey: ['activities'] });
      client.invalidateQueries({ queryKey: ['home', 'todo'] });
      client.invalidateQueries({ queryKey: ['dashboard'] });
      notifications.show({
        color: mode === 'accept' ? 'green' : 'orange',
        title: mode === 'accept' ? 'Đã tiếp nhận báo cáo' : 'Đã trả lại báo cáo',
        message: mode === 'accept' ? 'Báo cáo được khóa và tính vào số liệu.' : `${a.unitName} được thông báo để sửa.`,
      });
      setComment('');
      onClose();
    },
  });
  return (
    <AppModal opened={!!mode} onClose={onClose} title={mode === 'accept' ? 'Tiếp nhận báo cáo' : 'Trả lại báo cáo'}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (mode === 'return' && !comment.trim()) {
            setError('Hãy nêu điều cần sửa để đơn vị biết.');
            return;
          }
          setError(null);
          act.mutate();
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            {mode === 'accept'
              ? 'Báo cáo sẽ được khóa và tính vào số liệu của đơn vị. Có thể ghi thêm ý kiến (không bắt buộc).'
              : 'Báo cáo được trả về đơn vị để sửa rồi gửi lại.'}
          </Text>
          <Textarea
            label={mode === 'return' ? 'Ý kiến (điều cần sửa)' : 'Ý kiến'}
            withAsterisk={mode === 'return'}
            autosize
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          {act.error ? <ErrorAlert error={act.error} title="Chưa thực hiện được" /> : null}
          <Group justify="flex-end" className="lt-sticky-actions">
            <Button variant="default" onClick={onClose}>
              Hủy
            </Button>
            <Button type="submit" color={mode === 'return' ? 'orange' : undefined} loading={act.isPending}>
              {mode === 'accept' ? 'Tiếp nhận' : 'Trả lại'}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

export default function ActivityDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const phone = useIsPhone();
  const query = useActivity(id);
  const measures = useMeasures();
  const a = query.data;
  const topics = useTopics(a?.campaignId);
  const [review, setReview] = useState<'accept' | 'return' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const correct = useMutation({
    mutationFn: () => api.post<ActivityDetail>(`/api/activities/${encodeURIComponent(id)}/correct`),
    onSuccess: (next) => {
      client.setQueryData(activityKey(next.id), next);
      client.invalidateQueries({ queryKey: ['activities'] });
      navigate(`/hoat-dong/${next.id}/sua`);
    },
    onError: (err) => {
      if (isApiError(err, 'correction_exists')) {
        const other = (err.details as { id?: string } | undefined)?.id;
        if (other) navigate(`/hoat-dong/${other}/sua`);
      }
    },
  });
  const submit = useMutation({
    mutationFn: () => api.post<ActivityDetail>(`/api/activities/${encodeURIComponent(id)}/submit`, { clientKey: newKey() }),
    onSuccess: (next) => {
      client.setQueryData(activityKey(id), next);
      client.invalidateQueries({ queryKey: ['activities'] });
      notifications.show({ color: 'green', title: 'Đã gửi duyệt', message: 'Báo cáo đã được gửi đến đơn vị cấp trên.' });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.del(`/api/activities/${encodeURIComponent(id)}`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['activities'] });
      notifications.show({ color: 'green', title: 'Đã xóa báo cáo', message: 'Bản nháp đã được xóa.' });
      navigate('/hoat-dong', { replace: true });
    },
  });

  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/hoat-dong">
        Hoạt động
      </Anchor>
      <Text size="sm" c="dimmed" truncate="end" maw={240}>
        {a?.title ?? 'Báo cáo'}
      </Text>
    </Breadcrumbs>
  );
  if (query.isPending) return <Loading label="Đang tải báo cáo…" />;
  if (query.error || !a)
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} title="Không mở được báo cáo" onRetry={() => query.refetch()} />
      </Stack>
    );

  const topicTitle = new Map(flattenTopics(topics.data ?? []).map((t) => [t.topic.id, `${t.topic.code ? `${t.topic.code} ` : ''}${t.topic.title}`]));
  const photos = a.files.filter((f) => f.kind === 'photo');
  const docs = a.files.filter((f) => f.kind === 'document');
  const history = [...a.history].sort((x, y) => y.at.localeCompare(x.at)).map((h) => ({ id: h.id, label: EVENT_LABELS[h.kind] ?? h.kind, by: h.userName ?? '', at: h.at, comment: h.comment }));
  const actionError = correct.error ?? submit.error ?? remove.error;

  const actions = (
    <>
      {a.can.accept ? (
        <Button leftSection={<IconCheck size={18} />} onClick={() => setReview('accept')}>
          Tiếp nhận
        </Button>
      ) : null}
      {a.can.return ? (
        <Button color="orange" variant="light" leftSection={<IconArrowBackUp size={18} />} onClick={() => setReview('return')}>
          Trả lại
        </Button>
      ) : null}
      {a.can.edit ? (
        <Button component={Link} to={`/hoat-dong/${a.id}/sua`} variant="default" leftSection={<IconEdit size={18} />}>
          Sửa
        </Button>
      ) : null}
      {a.can.submit ? (
        <Button variant="light" leftSection={<IconSend size={18} />} loading={submit.isPending} onClick={() => submit.mutate()}>
          Gửi duyệt
        </Button>
      ) : null}
      {a.can.correct ? (
        <Button variant="default" leftSection={<IconPencilPlus size={18} />} loading={correct.isPending} onClick={() => correct.mutate()}>
          Sửa đổi
        </Button>
      ) : null}
      {a.can.delete ? (
        <Button variant="subtle" color="red" leftSection={<IconTrash size={18} />} onClick={() => setConfirmDelete(true)}>
          Xóa
        </Button>
      ) : null}
    </>
  );

  const main = (
    <Stack gap="md">
      <Card>
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Đơn vị">{a.unitName}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Thời gian">{activityPeriod(a)}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Hình thức">{a.formName}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Địa điểm">{a.place}</Field>
          </Grid.Col>
          <Grid.Col span={12}>
            <Field label="Chương trình, chiến dịch">{a.campaignName}</Field>
          </Grid.Col>
          <Grid.Col span={12}>
            <Field label="Nội dung tuyên truyền">
              {a.topicIds.length ? (
                <Stack gap={2}>
                  {a.topicIds.map((t) => (
                    <Text key={t} size="md">
                      • {topicTitle.get(t) ?? 'Chủ đề'}
                    </Text>
                  ))}
                </Stack>
              ) : null}
            </Field>
          </Grid.Col>
          {a.taskId || a.planId ? (
            <Grid.Col span={12}>
              <Field label="Thực hiện">
                <Stack gap={2}>
                  {a.taskId ? (
                    <Anchor component={Link} to={`/nhiem-vu/${a.taskId}`}>
                      Nhiệm vụ: {a.taskTitle}
                    </Anchor>
                  ) : null}
                  {a.planId ? (
                    <Anchor component={Link} to={`/ke-hoach/${a.planId}`}>
                      Kế hoạch số {a.planNumberText ?? '(chưa có số)'}
                    </Anchor>
                  ) : null}
                  {a.taskDone ? <Text size="sm">Báo hoàn thành khi được tiếp nhận</Text> : null}
                </Stack>
              </Field>
            </Grid.Col>
          ) : null}
          {a.description ? (
            <Grid.Col span={12}>
              <Field label="Mô tả">
                <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{a.description}</Text>
              </Field>
            </Grid.Col>
          ) : null}
          {a.links.length ? (
            <Grid.Col span={12}>
              <Field label="Liên kết">
                <Stack gap={2}>
                  {a.links.map((l) => (
                    <Anchor key={l} href={l} target="_blank" rel="noopener noreferrer" style={{ overflowWrap: 'anywhere' }}>
                      {l}
                    </Anchor>
                  ))}
                </Stack>
              </Field>
            </Grid.Col>
          ) : null}
        </Grid>
      </Card>
      <Card>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Số liệu
            </Title>
            <Text size="sm">
              Tổng người tham dự: <b>{formatNumber(a.attendance)}</b>
            </Text>
          </Group>
          {measures.data ? <Figures a={a} defs={measures.data} /> : null}
        </Stack>
      </Card>
      <Card>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Minh chứng
          </Title>
          {!photos.length && !docs.length ? <Text c="dimmed">Chưa có ảnh hay tài liệu.</Text> : null}
          {photos.length ? (
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
              {photos.map((f) => (
                <Anchor key={f.id} href={fileUrl(a.id, f.fileId)} target="_blank" rel="noopener noreferrer" aria-label={`Xem ảnh ${f.name}`}>
                  <Image src={fileUrl(a.id, f.thumbFileId ?? f.fileId)} alt={f.caption ?? f.name} radius="sm" h={120} fit="cover" />
                </Anchor>
              ))}
            </SimpleGrid>
          ) : null}
          {docs.map((f) => (
            <Anchor key={f.id} href={fileUrl(a.id, f.fileId, true)} size="sm" style={{ overflowWrap: 'anywhere' }}>
              <IconFileText size={16} style={{ verticalAlign: 'middle' }} aria-hidden /> {f.name} ({formatFileSize(f.size)})
            </Anchor>
          ))}
        </Stack>
      </Card>
    </Stack>
  );

  const side = (
    <Stack gap="md">
      {a.versions.length > 1 ? (
        <Card>
          <Stack gap="xs">
            <Title order={2} size="h4">
              Các phiên bản
            </Title>
            {a.versions.map((v) => (
              <Group key={v.id} justify="space-between" gap="xs" wrap="nowrap">
                {v.id === a.id ? (
                  <Text size="sm" fw={600}>
                    {v.versionNo === 1 ? 'Bản gốc' : `Sửa đổi lần ${v.versionNo - 1}`} (đang xem)
                  </Text>
                ) : (
                  <Anchor component={Link} to={`/hoat-dong/${v.id}`} size="sm">
                    {v.versionNo === 1 ? 'Bản gốc' : `Sửa đổi lần ${v.versionNo - 1}`}
                  </Anchor>
                )}
                <ActivityStatusBadge status={v.status} />
              </Group>
            ))}
          </Stack>
        </Card>
      ) : null}
      <ReviewTimeline title="Lịch sử" steps={history} />
    </Stack>
  );

  return (
    <Stack gap="md">
      <PageHeader
        before={crumbs}
        title={a.title ?? '(Chưa đặt tên)'}
        docTitle={a.title ?? 'Báo cáo hoạt động'}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <ActivityStatusBadge status={a.status} />
            {a.versionNo > 1 ? <Text span size="sm">Sửa đổi lần {a.versionNo - 1}</Text> : null}
            <Text span c="dimmed" size="sm">
              {a.unitName} · {activityPeriod(a)}
            </Text>
          </Group>
        }
        actions={phone ? undefined : actions}
      />
      {a.status === 'returned' && a.returnComment ? (
        <Alert color="red" variant="light" title="Bị trả lại — ý kiến của đơn vị cấp trên">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {a.returnComment}
          </Text>
        </Alert>
      ) : null}
      {a.status === 'accepted' ? (
        <Text size="sm" c="dimmed">
          Đã tiếp nhận{a.reviewedByName ? ` bởi ${a.reviewedByName}` : ''} lúc {formatDateTime(a.reviewedAt)}. Báo cáo đã khóa; muốn sửa, chọn «Sửa đổi» để tạo
          bản sửa đổi.
        </Text>
      ) : a.status === 'submitted' ? (
        <Text size="sm" c="dimmed">
          Gửi duyệt lúc {formatDateTime(a.submittedAt)}
          {a.createdByName ? ` · người báo cáo: ${a.createdByName}` : ''}.
        </Text>
      ) : null}
      {actionError ? <ErrorAlert error={actionError} title="Chưa thực hiện được" /> : null}
      <DetailColumns main={main} side={side} actions={actions} />
      <ReviewModal a={a} mode={review} onClose={() => setReview(null)} />
      <AppModal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Xóa báo cáo?">
        <Stack>
          <Text>Bản nháp «{a.title ?? '(chưa đặt tên)'}» và các tệp đính kèm sẽ bị xóa.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              Hủy
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Xóa
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Stack>
  );
}
