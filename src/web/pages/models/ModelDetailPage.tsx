// One good model / exemplary person: the profile, review by the unit above (công nhận / trả lại / không công nhận),
// commendation record, publish / unpublish, link to the public profile, history of steps and comments.
import { Alert, Anchor, Breadcrumbs, Button, Card, Grid, Group, Image, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconArrowBackUp, IconAward, IconCheck, IconEdit, IconExternalLink, IconEye, IconEyeOff, IconSend, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AppModal, ErrorAlert, Field, Loading, PageHeader, useIsPhone } from '../../components/common';
import { DetailColumns } from '../../components/DetailColumns';
import { ReviewTimeline } from '../../components/ReviewTimeline';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { type ModelDetail, useModel, useModelHistory } from '../../lib/models';
import { CommendationModal, ModelStatusBadge, type ReviewMode, ReviewModal, useModelRefresh } from './ModelParts';

function History({ id }: { id: string }) {
  const history = useModelHistory(id);
  const steps = [...(history.data ?? [])].reverse().map((h) => ({ id: h.id, label: h.label, by: [h.userName, h.actingUnitName].filter(Boolean).join(', '), at: h.at, comment: h.comment }));
  return <ReviewTimeline title="Quá trình xét duyệt" steps={steps} error={history.error} />;
}

function CommendationCard({ m, onEdit }: { m: ModelDetail; onEdit: () => void }) {
  if (m.status !== 'accepted') return null;
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <IconAward size={20} aria-hidden />
            <Title order={2} size="h4">
              Khen thưởng
            </Title>
          </Group>
          {m.can.commend ? (
            <Button size="xs" variant="light" onClick={onEdit}>
              {m.commendation ? 'Sửa' : 'Ghi nhận khen thưởng'}
            </Button>
          ) : null}
        </Group>
        {m.commendation ? (
          <Stack gap={2} data-testid="commendation">
            <Text fw={600}>{m.commendation.form}</Text>
            <Text size="sm">
              Quyết định số {m.commendation.docNumber} ngày {formatDate(m.commendation.docDate)}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Chưa ghi nhận hình thức khen thưởng.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export default function ModelDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const phone = useIsPhone();
  const query = useModel(id);
  const refresh = useModelRefresh();
  const m = query.data;
  const [review, setReview] = useState<ReviewMode | null>(null);
  const [commend, setCommend] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const submit = useMutation({
    mutationFn: () => api.post<ModelDetail>(`/api/models/${encodeURIComponent(id)}/submit`),
    onSuccess: (next) => {
      refresh(next);
      notifications.show({ color: 'green', title: 'Đã gửi đề xuất', message: 'Đơn vị cấp trên được thông báo để xét duyệt.' });
    },
  });
  const setPublic = useMutation({
    mutationFn: (isPublic: boolean) => api.patch<ModelDetail>(`/api/models/${encodeURIComponent(id)}/public`, { isPublic }),
    onSuccess: (next) => {
      refresh(next);
      notifications.show({ color: 'green', title: next.isPublic ? 'Đã công khai' : 'Đã thôi công khai', message: next.isPublic ? 'Hồ sơ hiện trên trang thông tin.' : 'Hồ sơ không còn trên trang thông tin.' });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.del(`/api/models/${encodeURIComponent(id)}`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['models'] });
      notifications.show({ color: 'green', title: 'Đã xóa bản nháp', message: 'Hồ sơ nháp đã được xóa.' });
      navigate('/mo-hinh', { replace: true });
    },
  });

  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/mo-hinh">
        Mô hình, gương
      </Anchor>
      <Text size="sm" c="dimmed" truncate="end" maw={240}>
        {m?.name ?? 'Hồ sơ'}
      </Text>
    </Breadcrumbs>
  );
  if (query.isPending) return <Loading label="Đang tải hồ sơ…" />;
  if (query.error || !m)
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} title="Không mở được hồ sơ" onRetry={() => query.refetch()} />
      </Stack>
    );

  const actionError = submit.error ?? setPublic.error ?? remove.error;
  const actions = (
    <>
      {m.can.review ? (
        <>
          <Button leftSection={<IconCheck size={18} />} onClick={() => setReview('accept')}>
            Công nhận
          </Button>
          <Button color="orange" variant="light" leftSection={<IconArrowBackUp size={18} />} onClick={() => setReview('return')}>
            Trả lại
          </Button>
          <Button color="red" variant="subtle" leftSection={<IconX size={18} />} onClick={() => setReview('reject')}>
            Không công nhận
          </Button>
        </>
      ) : null}
      {m.can.edit ? (
        <Button component={Link} to={`/mo-hinh/${m.id}/sua`} variant="default" leftSection={<IconEdit size={18} />}>
          Sửa
        </Button>
      ) : null}
      {m.can.submit ? (
        <Button variant="light" leftSection={<IconSend size={18} />} loading={submit.isPending} onClick={() => submit.mutate()}>
          Gửi đề xuất
        </Button>
      ) : null}
      {m.can.setPublic ? (
        <Button
          variant="default"
          leftSection={m.isPublic ? <IconEyeOff size={18} /> : <IconEye size={18} />}
          loading={setPublic.isPending}
          onClick={() => setPublic.mutate(!m.isPublic)}
        >
          {m.isPublic ? 'Thôi công khai' : 'Công khai'}
        </Button>
      ) : null}
      {m.publicUrl ? (
        <Button component="a" href={m.publicUrl} target="_blank" rel="noopener" variant="subtle" leftSection={<IconExternalLink size={18} />}>
          Xem trang công khai
        </Button>
      ) : null}
      {m.can.delete ? (
        <Button variant="subtle" color="red" leftSection={<IconTrash size={18} />} onClick={() => setConfirmDelete(true)}>
          Xóa
        </Button>
      ) : null}
    </>
  );

  const paragraphs = m.description.split(/\n\s*\n/).filter((p) => p.trim());
  const main = (
    <Stack gap="md">
      <Card>
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Loại">{m.kindLabel}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Lĩnh vực">{m.fieldLabel}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Đơn vị đề xuất">{m.unitName}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Địa bàn">{m.place}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Năm">{m.year}</Field>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Field label="Trang thông tin">{m.publicUrl ? 'Đang công khai' : m.status === 'accepted' ? 'Không công khai' : 'Chưa công khai (chờ công nhận)'}</Field>
          </Grid.Col>
          <Grid.Col span={12}>
            <Field label="Tóm tắt">{m.summary}</Field>
          </Grid.Col>
          <Grid.Col span={12}>
            <Field label="Mô tả">
              {paragraphs.length ? (
                <Stack gap="xs">
                  {paragraphs.map((p) => (
                    <Text key={p} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {p}
                    </Text>
                  ))}
                </Stack>
              ) : null}
            </Field>
          </Grid.Col>
          <Grid.Col span={12}>
            <Field label="Thành tích">
              {m.achievements.length ? (
                <List spacing={2}>
                  {m.achievements.map((a) => (
                    <List.Item key={a}>{a}</List.Item>
                  ))}
                </List>
              ) : null}
            </Field>
          </Grid.Col>
          <Grid.Col span={12}>
            <Field label="Tin bài liên quan">
              {m.stories.length ? (
                <Stack gap={2}>
                  {m.stories.map((s) =>
                    s.publicUrl ? (
                      <Anchor key={s.id} href={s.publicUrl} target="_blank" rel="noopener" style={{ overflowWrap: 'anywhere' }}>
                        {s.title}
                      </Anchor>
                    ) : (
                      <Text key={s.id}>{s.title}</Text>
                    ),
                  )}
                </Stack>
              ) : null}
            </Field>
          </Grid.Col>
        </Grid>
      </Card>
      <Card>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Ảnh ({m.photos.length})
          </Title>
          {m.photos.length ? (
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
              {m.photos.map((p) => (
                <Stack key={p.id} gap={4}>
                  <Image src={p.previewUrl} alt={p.alt} radius="sm" h={140} fit="cover" />
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {p.caption || p.alt}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
          ) : (
            <Text size="sm" c="dimmed">
              Chưa có ảnh.
            </Text>
          )}
        </Stack>
      </Card>
    </Stack>
  );
  const side = (
    <Stack gap="md">
      <CommendationCard m={m} onEdit={() => setCommend(true)} />
      <History id={m.id} />
    </Stack>
  );

  return (
    <Stack gap="md">
      <PageHeader
        before={crumbs}
        title={m.name}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <ModelStatusBadge status={m.status} label={m.statusLabel} />
            <Text span c="dimmed" size="sm">
              {m.kindLabel} · {m.unitName}
              {m.submittedAt ? ` · gửi đề xuất ${formatDate(m.submittedAt)}` : ''}
            </Text>
          </Group>
        }
        actions={phone ? undefined : actions}
      />
      {(m.status === 'returned' || m.status === 'rejected') && m.reviewComment ? (
        <Alert color={m.status === 'returned' ? 'orange' : 'red'} variant="light" title={`${m.statusLabel} — ý kiến của ${m.reviewerUnitName ?? 'đơn vị cấp trên'}`}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {m.reviewComment}
          </Text>
        </Alert>
      ) : null}
      {m.status === 'accepted' ? (
        <Text size="sm" c="dimmed">
          Được {m.reviewerUnitName ?? 'đơn vị cấp trên'} công nhận ngày {formatDate(m.reviewedAt)}
          {m.reviewComment ? ` — «${m.reviewComment}»` : ''}.
        </Text>
      ) : null}
      {actionError ? <ErrorAlert error={actionError} title="Chưa thực hiện được" /> : null}
      <DetailColumns main={main} side={side} actions={actions} />
      <ReviewModal model={m} mode={review} onClose={() => setReview(null)} />
      <CommendationModal model={m} opened={commend} onClose={() => setCommend(false)} />
      <AppModal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Xóa bản nháp?">
        <Stack>
          <Text>Hồ sơ nháp «{m.name}» và ảnh của nó sẽ bị xóa.</Text>
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
