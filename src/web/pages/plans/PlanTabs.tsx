// Tabs of an issued plan for the issuing unit: cascade, tasks by unit, deliveries; and the attachments of any plan.
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconDownload, IconPaperclip, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { AppModal, Empty, ErrorAlert, Loading, StatusBadge, useIsPhone } from '../../components/common';
import { DeadlineBadge, RequestStatusBadge, TimelinessBadge } from '../../components/PlanBadges';
import { api, errorMessage, request } from '../../lib/api';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { type Attachment, type Cascade, type Delivery, formatFileSize, type Plan, planKey } from '../../lib/plans';
import type { OverviewRow } from '../../lib/tasks';

function Stat({ label, value, tone }: { label: string; value: number; tone?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz={24} c={tone}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

// ---------------------------------------------------------------- cascade

export function CascadeTab({ planId }: { planId: string }) {
  const phone = useIsPhone();
  const query = useQuery({
    queryKey: ['cascade', planId],
    queryFn: ({ signal }) => api.get<Cascade>(`/api/plans/${encodeURIComponent(planId)}/cascade`, undefined, signal),
  });
  if (query.isPending) return <Loading label="Đang tải tình hình triển khai…" />;
  if (query.error) return <ErrorAlert error={query.error} title="Không tải được tình hình triển khai" onRetry={() => query.refetch()} />;
  const { items, counts } = query.data;
  if (items.length === 0)
    return (
      <Empty
        title="Kế hoạch không yêu cầu đơn vị nào xây dựng kế hoạch thực hiện"
        description="Yêu cầu được gửi khi ban hành, tới các đơn vị trong phần Tổ chức thực hiện hoặc các đơn vị được chọn."
      />
    );
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
        <Stat label="Đơn vị được yêu cầu" value={counts.total} />
        <Stat label="Chưa ban hành" value={counts.pending} />
        <Stat label="Đang soạn" value={counts.drafting} tone="gold.8" />
        <Stat label="Đã ban hành" value={counts.issued} tone="green.8" />
        <Stat label="Đúng hạn" value={counts.onTime} tone="green.8" />
        <Stat label="Trễ hạn, quá hạn" value={counts.late} tone={counts.late ? 'red.8' : undefined} />
      </SimpleGrid>
      {phone ? (
        <Stack gap="sm">
          {items.map((i) => (
            <Card key={i.requestId} padding="md">
              <Stack gap={6}>
                <Text fw={600}>{i.unitName}</Text>
                <Group gap={6}>
                  <RequestStatusBadge status={i.status} />
                  <TimelinessBadge item={i} />
                  {i.status !== 'issued' && !i.late ? <DeadlineBadge deadline={i.deadline} /> : null}
                </Group>
                <Text size="sm">Hạn: {i.deadline ? formatDate(i.deadline) : 'Không đặt hạn'}</Text>
                {i.issuedAt ? <Text size="sm">Ban hành: {formatDate(i.issuedAt)}</Text> : null}
                {i.implementingPlanId ? (
                  <Anchor component={Link} to={`/ke-hoach/${i.implementingPlanId}`} size="sm">
                    {i.implementingNumberText ? `Kế hoạch số ${i.implementingNumberText}` : 'Xem dự thảo'}
                  </Anchor>
                ) : null}
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="lt-table-scroll">
          <Table verticalSpacing="sm" miw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Đơn vị</Table.Th>
                <Table.Th>Hạn</Table.Th>
                <Table.Th>Trạng thái</Table.Th>
                <Table.Th>Ngày ban hành</Table.Th>
                <Table.Th>Thời hạn</Table.Th>
                <Table.Th>Kế hoạch thực hiện</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.requestId} bg={i.late && i.status !== 'issued' ? 'red.0' : undefined}>
                  <Table.Td fw={500}>{i.unitName}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{i.deadline ? formatDate(i.deadline) : '—'}</Table.Td>
                  <Table.Td>
                    <RequestStatusBadge status={i.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{i.issuedAt ? formatDate(i.issuedAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <TimelinessBadge item={i} />
                      {i.status !== 'issued' && !i.late ? <DeadlineBadge deadline={i.deadline} /> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {i.implementingPlanId ? (
                      <Anchor component={Link} to={`/ke-hoach/${i.implementingPlanId}`}>
                        {i.implementingNumberText ? `Số ${i.implementingNumberText}` : 'Dự thảo'}
                      </Anchor>
                    ) : (
                      <Text c="dimmed" size="sm">
                        Chưa có
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- tasks overview

export function OverviewTable({ rows, planId }: { rows: OverviewRow[]; planId?: string }) {
  const phone = useIsPhone();
  const totals = rows.reduce(
    (t, r) => ({
      notStarted: t.notStarted + r.notStarted,
      inProgress: t.inProgress + r.inProgress,
      done: t.done + r.done,
      overdue: t.overdue + r.overdue,
      total: t.total + r.total,
    }),
    { notStarted: 0, inProgress: 0, done: 0, overdue: 0, total: 0 },
  );
  const link = (unitId: string) => `/nhiem-vu?donVi=${encodeURIComponent(unitId)}${planId ? `&keHoach=${encodeURIComponent(planId)}` : ''}`;
  if (phone) {
    return (
      <Stack gap="sm">
        {rows.map((r) => (
          <Card key={r.unitId} padding="md" style={r.overdue ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}>
            <Stack gap={6}>
              <Anchor component={Link} to={link(r.unitId)} fw={600}>
                {r.unitName}
              </Anchor>
              <Group gap={6}>
                <StatusBadge tone="gray">Chưa thực hiện: {r.notStarted}</StatusBadge>
                <StatusBadge tone="blue">Đang thực hiện: {r.inProgress}</StatusBadge>
                <StatusBadge tone="green">Hoàn thành: {r.done}</StatusBadge>
                {r.overdue ? <StatusBadge tone="red">Quá hạn: {r.overdue}</StatusBadge> : null}
              </Group>
              <Text size="sm" c="dimmed">
                Tổng {r.total} nhiệm vụ
              </Text>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" miw={680}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Đơn vị</Table.Th>
            <Table.Th ta="right">Chưa thực hiện</Table.Th>
            <Table.Th ta="right">Đang thực hiện</Table.Th>
            <Table.Th ta="right">Hoàn thành</Table.Th>
            <Table.Th ta="right">Quá hạn</Table.Th>
            <Table.Th ta="right">Tổng</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.unitId} bg={r.overdue ? 'red.0' : undefined}>
              <Table.Td>
                <Anchor component={Link} to={link(r.unitId)} fw={500}>
                  {r.unitName}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{r.notStarted}</Table.Td>
              <Table.Td ta="right">{r.inProgress}</Table.Td>
              <Table.Td ta="right">{r.done}</Table.Td>
              <Table.Td ta="right">
                {r.overdue ? <StatusBadge tone="red">{r.overdue} quá hạn</StatusBadge> : <Text c="dimmed">0</Text>}
              </Table.Td>
              <Table.Td ta="right" fw={600}>
                {r.total}
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={700} bg="gray.0">
            <Table.Td>Cộng</Table.Td>
            <Table.Td ta="right">{totals.notStarted}</Table.Td>
            <Table.Td ta="right">{totals.inProgress}</Table.Td>
            <Table.Td ta="right">{totals.done}</Table.Td>
            <Table.Td ta="right">{totals.overdue}</Table.Td>
            <Table.Td ta="right">{totals.total}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </div>
  );
}

export function TaskOverviewTab({ planId }: { planId: string }) {
  const query = useQuery({
    queryKey: ['tasks', 'overview', { planId }],
    queryFn: ({ signal }) => api.get<OverviewRow[]>('/api/tasks/overview', { planId }, signal),
  });
  if (query.isPending) return <Loading label="Đang tải tình hình thực hiện nhiệm vụ…" />;
  if (query.error) return <ErrorAlert error={query.error} title="Không tải được tình hình nhiệm vụ" onRetry={() => query.refetch()} />;
  if (query.data.length === 0)
    return (
      <Empty
        title="Chưa có nhiệm vụ nào từ kế hoạch này"
        description="Nhiệm vụ được tạo khi ban hành, từ các nhiệm vụ trong phần Tổ chức thực hiện; bạn cũng có thể giao thêm ở mục Nhiệm vụ."
      />
    );
  return <OverviewTable rows={query.data} planId={planId} />;
}

// ---------------------------------------------------------------- deliveries

export function DeliveriesTab({ planId }: { planId: string }) {
  const phone = useIsPhone();
  const query = useQuery({
    queryKey: ['deliveries', planId],
    queryFn: ({ signal }) => api.get<Delivery[]>(`/api/plans/${encodeURIComponent(planId)}/deliveries`, undefined, signal),
  });
  if (query.isPending) return <Loading label="Đang tải tình hình gửi nhận…" />;
  if (query.error) return <ErrorAlert error={query.error} title="Không tải được tình hình gửi nhận" onRetry={() => query.refetch()} />;
  const rows = query.data;
  if (rows.length === 0)
    return <Empty title="Văn bản chưa gửi tới đơn vị nào" description="Văn bản được gửi khi ban hành, tới các đơn vị trong Nơi nhận và các đơn vị được yêu cầu." />;
  const opened = rows.filter((r) => r.firstOpenedAt).length;
  const confirmed = rows.filter((r) => r.confirmedAt).length;
  const seen = (r: Delivery) =>
    r.firstOpenedAt ? (
      <Stack gap={0}>
        <Text size="sm">{formatDateTime(r.firstOpenedAt)}</Text>
        {r.firstOpenedByName ? (
          <Text size="xs" c="dimmed">
            {r.firstOpenedByName}
          </Text>
        ) : null}
      </Stack>
    ) : (
      <StatusBadge tone="gray">Chưa xem</StatusBadge>
    );
  const conf = (r: Delivery) =>
    r.confirmedAt ? (
      <Stack gap={0}>
        <Text size="sm">{formatDateTime(r.confirmedAt)}</Text>
        {r.confirmedByName ? (
          <Text size="xs" c="dimmed">
            {r.confirmedByName}
          </Text>
        ) : null}
      </Stack>
    ) : (
      <StatusBadge tone="gray">Chưa xác nhận</StatusBadge>
    );
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 3 }} spacing="sm" maw={560}>
        <Stat label="Đã gửi" value={rows.length} />
        <Stat label="Đã xem" value={opened} tone="frontBlue.8" />
        <Stat label="Đã xác nhận" value={confirmed} tone="green.8" />
      </SimpleGrid>
      {phone ? (
        <Stack gap="sm">
          {rows.map((r) => (
            <Card key={r.deliveryId} padding="md">
              <Stack gap={6}>
                <Text fw={600}>{r.unitName}</Text>
                <Text size="sm" c="dimmed">
                  Đã gửi {formatDateTime(r.deliveredAt)}
                </Text>
                <Group gap="xs" align="flex-start">
                  <Text size="sm" w={90}>
                    Đã xem:
                  </Text>
                  {seen(r)}
                </Group>
                <Group gap="xs" align="flex-start">
                  <Text size="sm" w={90}>
                    Xác nhận:
                  </Text>
                  {conf(r)}
                </Group>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="lt-table-scroll">
          <Table verticalSpacing="sm" miw={680}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Đơn vị nhận</Table.Th>
                <Table.Th>Đã gửi</Table.Th>
                <Table.Th>Đã xem lúc</Table.Th>
                <Table.Th>Đã xác nhận lúc</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.deliveryId}>
                  <Table.Td fw={500}>{r.unitName}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.deliveredAt)}</Table.Td>
                  <Table.Td>{seen(r)}</Table.Td>
                  <Table.Td>{conf(r)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- attachments

const ACCEPT =
  '.pdf,.docx,.xlsx,.jpg,.jpeg,.png,.webp,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,image/jpeg,image/png,image/webp';

export function AttachmentsTab({ plan, editable }: { plan: Plan; editable: boolean }) {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [removing, setRemoving] = useState<Attachment | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (title.trim()) form.append('title', title.trim());
      if (file) form.append('file', file);
      return request<Attachment>(`/api/plans/${encodeURIComponent(plan.id)}/attachments`, { method: 'POST', body: form });
    },
    onSuccess: (a) => {
      setFile(null);
      setTitle('');
      client.invalidateQueries({ queryKey: planKey(plan.id) });
      notifications.show({ color: 'green', title: 'Đã đính kèm tệp', message: a.title || a.name });
    },
  });
  const remove = useMutation({
    mutationFn: (a: Attachment) => api.del<void>(`/api/plans/${encodeURIComponent(plan.id)}/attachments/${encodeURIComponent(a.id)}`),
    onSuccess: () => {
      setRemoving(null);
      client.invalidateQueries({ queryKey: planKey(plan.id) });
      notifications.show({ color: 'green', title: 'Đã bỏ tệp đính kèm', message: 'Tệp không còn gắn với dự thảo.' });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Chưa bỏ được tệp', message: errorMessage(err) }),
  });

  return (
    <Stack gap="md">
      {plan.attachments.length === 0 ? (
        <Empty
          title="Chưa có tệp đính kèm"
          description={editable ? 'Có thể đính kèm phụ lục, biểu mẫu, hình ảnh (PDF, Word, Excel, JPEG, PNG, WebP).' : undefined}
        />
      ) : (
        <Stack gap="xs">
          {plan.attachments.map((a) => (
            <Paper key={a.id} withBorder p="sm">
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                  <IconPaperclip size={20} aria-hidden style={{ flexShrink: 0 }} />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Anchor href={`/api/files/${encodeURIComponent(a.fileId)}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {a.title || a.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {a.name} · {formatFileSize(a.size)}
                    </Text>
                  </Stack>
                </Group>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    component="a"
                    href={`/api/files/${encodeURIComponent(a.fileId)}`}
                    aria-label={`Tải ${a.name}`}
                    size={36}
                  >
                    <IconDownload size={18} />
                  </ActionIcon>
                  {editable ? (
                    <ActionIcon color="red" aria-label={`Bỏ tệp ${a.name}`} size={36} onClick={() => setRemoving(a)}>
                      <IconTrash size={18} />
                    </ActionIcon>
                  ) : null}
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {editable ? (
        <Card>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (file) upload.mutate();
            }}
          >
            <Stack gap="sm">
              <Text fw={600}>Đính kèm tệp</Text>
              {upload.error ? <ErrorAlert error={upload.error} title="Chưa tải lên được" /> : null}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <FileInput
                  label="Tệp"
                  description="PDF, Word (.docx), Excel (.xlsx), ảnh JPEG, PNG, WebP"
                  placeholder="Chọn tệp"
                  accept={ACCEPT}
                  value={file}
                  onChange={(f) => {
                    setFile(f);
                    upload.reset();
                  }}
                  clearable
                  leftSection={<IconPaperclip size={18} />}
                />
                <TextInput
                  label="Tên hiển thị"
                  description="Không bắt buộc, ví dụ: Phụ lục 1 — Lịch tuyên truyền"
                  value={title}
                  onChange={(e) => setTitle(e.currentTarget.value)}
                />
              </SimpleGrid>
              <Group justify="flex-end">
                <Button type="submit" leftSection={<IconUpload size={18} />} loading={upload.isPending} disabled={!file}>
                  Tải lên
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      ) : plan.status === 'draft' ? null : (
        <Alert variant="light" color="gray">
          Chỉ thêm, bỏ tệp đính kèm khi kế hoạch còn là dự thảo.
        </Alert>
      )}
      <AppModal opened={!!removing} onClose={() => setRemoving(null)} title="Bỏ tệp đính kèm?" size="md">
        <Stack>
          <Text>
            Tệp <b>{removing?.title || removing?.name}</b> sẽ không còn gắn với dự thảo này.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              Hủy
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              Bỏ tệp
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Stack>
  );
}
