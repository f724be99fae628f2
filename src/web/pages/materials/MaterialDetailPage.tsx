// One material: details, edit title/description/topics, download, switch public/internal, versions (upload a new one),
// downloads per unit.
import { Alert, Anchor, Breadcrumbs, Button, Card, FileInput, Grid, Group, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconArchive, IconDeviceFloppy, IconDownload, IconEdit, IconExternalLink, IconFilePlus, IconUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ModalForm } from '../../components/ModalForm';
import { AppModal, ErrorAlert, Field, FormErrorSummary, Loading, PageHeader, useIsPhone } from '../../components/common';
import { api } from '../../lib/api';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { addMaterialVersion, type MaterialDetail, materialDownloadHref, materialKey, useDownloadStats, useMaterial, useMaterialCatalogue, type Visibility } from '../../lib/materials';
import { formatFileSize } from '../../lib/plans';
import { MaterialFields, useMaterialFields } from './MaterialFields';
import { VisibilityBadge } from './MaterialsPage';

function useMaterialRefresh() {
  const client = useQueryClient();
  return (next: MaterialDetail) => {
    client.setQueryData(materialKey(next.id), next);
    client.invalidateQueries({ queryKey: ['materials'] });
  };
}

function VersionModal({ m, opened, onClose }: { m: MaterialDetail; opened: boolean; onClose: () => void }) {
  const refresh = useMaterialRefresh();
  const catalogue = useMaterialCatalogue();
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setFile(null);
    setNote('');
    setError(null);
  }, [opened]);
  const kind = catalogue.data?.kinds.find((k) => k.key === m.kind);
  const max = catalogue.data?.maxUploadBytes;
  const submit = async () => {
    const problem = !file ? 'Hãy chọn tệp của phiên bản mới.' : max && file.size > max ? `Tệp «${file.name}» (${formatFileSize(file.size)}) vượt quá ${formatFileSize(max)} cho phép.` : null;
    setError(problem);
    if (problem || !file) return false;
    const next = await addMaterialVersion(m.id, file, note);
    refresh(next);
    notifications.show({ color: 'green', title: `Đã tải lên phiên bản ${next.currentVersion}`, message: 'Các phiên bản cũ vẫn được giữ.' });
    return true;
  };
  return (
    <ModalForm opened={opened} onClose={onClose} title="Tải lên phiên bản mới" confirm="Tải lên" size="lg" confirmIcon={<IconUpload size={18} />} onSubmit={submit}>
      <FileInput
        label="Tệp"
        required
        placeholder="Chọn tệp từ máy"
        description={kind ? `Nhận: ${kind.fileTypes.join(', ')}${max ? `; tối đa ${formatFileSize(max)}` : ''}.` : undefined}
        leftSection={<IconUpload size={18} aria-hidden />}
        value={file}
        onChange={setFile}
        error={error}
        clearable
      />
      <Textarea label="Ghi chú phiên bản" placeholder="Điều gì đã thay đổi" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} />
    </ModalForm>
  );
}

/** Title, description, campaign and topics of a material (PATCH /api/materials/:id; people with news.edit on its unit). */
function EditModal({ m, opened, onClose }: { m: MaterialDetail; opened: boolean; onClose: () => void }) {
  // The dialog's content mounts on opening: the form starts from the saved values, and a background refetch of the
  // detail does not wipe what is being typed.
  return (
    <AppModal opened={opened} onClose={onClose} title="Sửa thông tin tài liệu" size="lg">
      <EditForm m={m} onClose={onClose} />
    </AppModal>
  );
}

function EditForm({ m, onClose }: { m: MaterialDetail; onClose: () => void }) {
  const refresh = useMaterialRefresh();
  const form = useMaterialFields({ title: m.title, description: m.description, campaignId: m.campaignId, topicIds: m.topics.map((t) => t.id) });
  const save = useMutation({
    mutationFn: () => api.patch<MaterialDetail>(`/api/materials/${encodeURIComponent(m.id)}`, form.values()),
    onSuccess: (next) => {
      refresh(next);
      notifications.show({ color: 'green', title: 'Đã lưu thông tin tài liệu', message: `«${next.title}»` });
      onClose();
    },
    onError: form.showServerErrors,
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found = form.check();
    form.setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate();
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <FormErrorSummary messages={form.messages()} serverError={save.error} />
        <MaterialFields form={form} autoFocus />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={18} />}>
            Lưu thông tin
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function VersionNote({ note }: { note: string | null }) {
  return note ? (
    <Text size="xs" c="dimmed">
      {note}
    </Text>
  ) : null;
}

function DownloadsCard({ id }: { id: string }) {
  const stats = useDownloadStats(id);
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Lượt tải theo đơn vị
          </Title>
          <Text size="sm">
            Tổng: <b data-testid="downloads-total">{formatNumber(stats.data?.total ?? 0)}</b>
          </Text>
        </Group>
        {stats.error ? <ErrorAlert error={stats.error} title="Không tải được số lượt tải" /> : null}
        {stats.data && stats.data.byUnit.length === 0 ? (
          <Text size="sm" c="dimmed">
            Chưa có lượt tải nào.
          </Text>
        ) : null}
        {stats.data?.byUnit.length ? (
          <Table verticalSpacing={6} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Đơn vị</Table.Th>
                <Table.Th ta="right">Lượt</Table.Th>
                <Table.Th ta="right">Lần cuối</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stats.data.byUnit.map((u) => (
                <Table.Tr key={u.unitId ?? 'public'}>
                  <Table.Td>
                    <Text size="sm">{u.unitName}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" fw={600}>
                      {formatNumber(u.count)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(u.lastAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Card>
  );
}

export default function MaterialDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const query = useMaterial(id);
  const phone = useIsPhone();
  const refresh = useMaterialRefresh();
  const m = query.data;
  const [versionOpen, setVersionOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);

  const setVisibility = useMutation({
    mutationFn: (visibility: Visibility) => api.patch<MaterialDetail>(`/api/materials/${encodeURIComponent(id)}`, { visibility }),
    onSuccess: (next) => {
      refresh(next);
      notifications.show({ color: 'green', title: `Đã chuyển sang ${next.visibilityLabel.toLowerCase()}`, message: next.visibility === 'public' ? 'Tài liệu hiện trên trang thông tin.' : 'Tài liệu không còn trên trang thông tin.' });
    },
  });
  const archive = useMutation({
    mutationFn: () => api.del(`/api/materials/${encodeURIComponent(id)}`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['materials'] });
      notifications.show({ color: 'green', title: 'Đã gỡ tài liệu', message: 'Tài liệu không còn trong thư viện; các phiên bản vẫn được lưu.' });
      navigate('/tai-lieu', { replace: true });
    },
  });
  // A download through the workspace counts for the acting unit: refresh the figures a moment later.
  const afterDownload = () =>
    window.setTimeout(() => {
      client.invalidateQueries({ queryKey: ['material-downloads', id] });
      client.invalidateQueries({ queryKey: materialKey(id) });
      client.invalidateQueries({ queryKey: ['materials'] });
    }, 1500);

  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/tai-lieu">
        Tài liệu
      </Anchor>
      <Text size="sm" c="dimmed" truncate="end" maw={240}>
        {m?.title ?? 'Tài liệu'}
      </Text>
    </Breadcrumbs>
  );
  if (query.isPending) return <Loading label="Đang tải tài liệu…" />;
  if (query.error || !m)
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} title="Không mở được tài liệu" onRetry={() => query.refetch()} />
      </Stack>
    );

  const actions = (
    <>
      <Button component="a" href={materialDownloadHref(m.id)} download leftSection={<IconDownload size={18} />} onClick={afterDownload}>
        Tải về ({m.file.typeLabel}, {formatFileSize(m.file.size)})
      </Button>
      {m.can.edit && !m.archived ? (
        <Button variant="light" leftSection={<IconEdit size={18} />} onClick={() => setEditOpen(true)}>
          Sửa thông tin
        </Button>
      ) : null}
      {m.can.edit && !m.archived ? (
        <Button variant="light" leftSection={<IconFilePlus size={18} />} onClick={() => setVersionOpen(true)}>
          Phiên bản mới
        </Button>
      ) : null}
      {m.publicUrl ? (
        <Button component="a" href={m.publicUrl} target="_blank" rel="noopener" variant="subtle" leftSection={<IconExternalLink size={18} />}>
          Xem trang công khai
        </Button>
      ) : null}
      {m.can.edit && !m.archived ? (
        <Button variant="subtle" color="red" leftSection={<IconArchive size={18} />} onClick={() => setConfirmArchive(true)}>
          Gỡ khỏi thư viện
        </Button>
      ) : null}
    </>
  );

  return (
    <Stack gap="md">
      <PageHeader
        before={crumbs}
        title={m.title}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <VisibilityBadge m={m} />
            <Text span c="dimmed" size="sm">
              {m.kindLabel} · {m.unitName} · phiên bản {m.currentVersion}
            </Text>
          </Group>
        }
        actions={actions}
      />
      {m.archived ? <Alert color="red">Tài liệu đã được gỡ khỏi thư viện; chỉ người biên tập của đơn vị còn xem được.</Alert> : null}
      {setVisibility.error ? <ErrorAlert error={setVisibility.error} title="Chưa đổi được phạm vi" /> : null}
      {archive.error ? <ErrorAlert error={archive.error} title="Chưa gỡ được tài liệu" /> : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Card>
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, xs: 6 }}>
                  <Field label="Loại tài liệu">{m.kindLabel}</Field>
                </Grid.Col>
                <Grid.Col span={{ base: 12, xs: 6 }}>
                  <Field label="Tệp hiện hành">
                    <Text style={{ overflowWrap: 'anywhere' }}>
                      {m.file.name} ({m.file.typeLabel}, {formatFileSize(m.file.size)})
                    </Text>
                  </Field>
                </Grid.Col>
                <Grid.Col span={{ base: 12, xs: 6 }}>
                  <Field label="Đơn vị">{m.unitName}</Field>
                </Grid.Col>
                <Grid.Col span={{ base: 12, xs: 6 }}>
                  <Field label="Ngày đăng">{formatDate(m.createdAt)}</Field>
                </Grid.Col>
                <Grid.Col span={12}>
                  <Field label="Mô tả">{m.description ? <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.description}</Text> : null}</Field>
                </Grid.Col>
                <Grid.Col span={12}>
                  <Field label="Chủ đề">{m.topics.length ? m.topics.map((t) => t.title).join('; ') : null}</Field>
                </Grid.Col>
                <Grid.Col span={12}>
                  <Stack gap={4}>
                    <Text size="sm" c="dimmed" fw={500} id="material-visibility">
                      Phạm vi
                    </Text>
                    {m.can.edit && !m.archived ? (
                      <SegmentedControl
                        aria-labelledby="material-visibility"
                        value={m.visibility}
                        onChange={(v) => setVisibility.mutate(v as Visibility)}
                        disabled={setVisibility.isPending}
                        data={[
                          { value: 'internal', label: 'Nội bộ' },
                          { value: 'public', label: 'Công khai' },
                        ]}
                        maw={320}
                      />
                    ) : (
                      <Text>{m.visibilityLabel}</Text>
                    )}
                  </Stack>
                </Grid.Col>
              </Grid>
            </Card>
            <Card>
              <Stack gap="sm">
                <Title order={2} size="h4">
                  Các phiên bản ({m.versions.length})
                </Title>
                {phone ? (
                  <Stack gap="xs">
                    {m.versions.map((v) => (
                      <Stack key={v.versionNo} gap={2} data-testid={`version-${v.versionNo}`} pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                        <Group justify="space-between" wrap="nowrap" gap="xs">
                          <Text fw={v.versionNo === m.currentVersion ? 700 : 500}>Phiên bản {v.versionNo}</Text>
                          <Anchor href={materialDownloadHref(m.id, v.versionNo)} download size="sm" onClick={afterDownload} aria-label={`Tải phiên bản ${v.versionNo}`}>
                            Tải
                          </Anchor>
                        </Group>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {v.file.name} ({formatFileSize(v.file.size)})
                        </Text>
                        <VersionNote note={v.note} />
                        <Text size="xs" c="dimmed">
                          {formatDate(v.createdAt)}
                          {v.createdByName ? ` · ${v.createdByName}` : ''}
                        </Text>
                      </Stack>
                    ))}
                  </Stack>
                ) : (
                <div className="lt-table-scroll">
                  <Table verticalSpacing={6} miw={460}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={50}>Bản</Table.Th>
                        <Table.Th>Tệp, ghi chú</Table.Th>
                        <Table.Th w={150}>Ngày, người tải lên</Table.Th>
                        <Table.Th w={60} />
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {m.versions.map((v) => (
                        <Table.Tr key={v.versionNo} data-testid={`version-${v.versionNo}`}>
                          <Table.Td>
                            <Text fw={v.versionNo === m.currentVersion ? 700 : 400}>{v.versionNo}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                              {v.file.name} ({formatFileSize(v.file.size)})
                            </Text>
                            <VersionNote note={v.note} />
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{formatDate(v.createdAt)}</Text>
                            <Text size="xs" c="dimmed">
                              {v.createdByName ?? ''}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Anchor href={materialDownloadHref(m.id, v.versionNo)} download size="sm" onClick={afterDownload} aria-label={`Tải phiên bản ${v.versionNo}`}>
                              Tải
                            </Anchor>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
                )}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <DownloadsCard id={m.id} />
            <Text size="xs" c="dimmed">
              Cập nhật lần cuối {formatDateTime(m.updatedAt)}.
            </Text>
          </Stack>
        </Grid.Col>
      </Grid>
      <VersionModal m={m} opened={versionOpen} onClose={() => setVersionOpen(false)} />
      <EditModal m={m} opened={editOpen} onClose={() => setEditOpen(false)} />
      <AppModal opened={confirmArchive} onClose={() => setConfirmArchive(false)} title="Gỡ tài liệu khỏi thư viện?">
        <Stack>
          <Text>«{m.title}» sẽ không còn trong thư viện và trên trang thông tin. Các phiên bản vẫn được lưu.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmArchive(false)}>
              Hủy
            </Button>
            <Button color="red" loading={archive.isPending} onClick={() => archive.mutate()}>
              Gỡ tài liệu
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Stack>
  );
}
