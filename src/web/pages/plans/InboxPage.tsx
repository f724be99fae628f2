// Văn bản đến: implementation requests addressed to my unit, and documents delivered to it.
import { Anchor, Badge, Button, Card, Chip, Group, Paper, SegmentedControl, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconFileDescription, IconFilePencil } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader, StatusBadge, useIsPhone } from '../../components/common';
import { Pager } from '../../components/Pager';
import { DeadlineBadge, RequestStatusBadge, TimelinessBadge } from '../../components/PlanBadges';
import { api, errorMessage } from '../../lib/api';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate, formatDateTime } from '../../lib/format';
import { docTypeLabel, type InboxItem, type InboxPage as InboxList, type RequestItem } from '../../lib/plans';
import type { Paged } from '../../lib/types';

const PAGE_SIZE = 20;

function RequestAction({ r }: { r: RequestItem }) {
  const canEdit = useCan('plan.edit');
  const me = useCurrentMe();
  if (r.implementingPlanId)
    return (
      <Anchor component={Link} to={`/ke-hoach/${r.implementingPlanId}`} fw={600} size="sm">
        <IconFileDescription size={16} style={{ verticalAlign: 'text-bottom' }} aria-hidden />{' '}
        {r.implementingNumberText
          ? `Kế hoạch thực hiện số ${r.implementingNumberText}`
          : 'Dự thảo kế hoạch thực hiện (soạn tiếp)'}
      </Anchor>
    );
  if (!canEdit || r.unitId !== me.actingUnitId) return null;
  return (
    <Button
      component={Link}
      to={`/ke-hoach/moi?yeuCau=${encodeURIComponent(r.requestId)}`}
      size="compact-md"
      leftSection={<IconFilePencil size={16} />}
    >
      Xây dựng kế hoạch thực hiện
    </Button>
  );
}

function ParentPlan({ r }: { r: RequestItem }) {
  return (
    <Stack gap={2}>
      <Anchor component={Link} to={`/ke-hoach/${r.planId}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
        {r.planNumberText ? `Kế hoạch số ${r.planNumberText}` : 'Kế hoạch'}
        {r.planDocDate ? ` ngày ${formatDate(r.planDocDate)}` : ''}
      </Anchor>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {r.planSubject}
      </Text>
      <Text size="xs" c="dimmed">
        {r.issuingUnitName}
      </Text>
    </Stack>
  );
}

function RequestsTab({ page, setPage, status, setStatus }: { page: number; setPage: (p: number) => void; status: string; setStatus: (s: string) => void }) {
  const phone = useIsPhone();
  const me = useCurrentMe();
  const query = useQuery({
    queryKey: ['requests', { page, status }],
    queryFn: ({ signal }) =>
      api.get<Paged<RequestItem>>('/api/requests', { page, pageSize: PAGE_SIZE, status: status || undefined }, signal),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const multiUnit = !!data?.items.some((r) => r.unitId !== me.actingUnitId);
  return (
    <Stack gap="md">
      <Chip.Group multiple={false} value={status} onChange={setStatus}>
        <Group gap={6} role="radiogroup" aria-label="Lọc yêu cầu theo trạng thái">
          {[
            { value: '', label: 'Tất cả' },
            { value: 'pending', label: 'Chưa ban hành' },
            { value: 'drafting', label: 'Đang soạn' },
            { value: 'issued', label: 'Đã ban hành' },
          ].map((c) => (
            <Chip key={c.value} value={c.value} size="sm" variant="outline">
              {c.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {query.isPending ? (
        <Loading label="Đang tải yêu cầu…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được yêu cầu" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={status ? 'Không có yêu cầu phù hợp' : 'Chưa có yêu cầu nào'}
            description="Khi cấp trên ban hành kế hoạch giao đơn vị xây dựng kế hoạch thực hiện, yêu cầu sẽ hiện ở đây kèm hạn ban hành."
          />
        </Paper>
      ) : phone ? (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          {data.items.map((r) => (
            <Card key={r.requestId} padding="md">
              <Stack gap={8}>
                <ParentPlan r={r} />
                {multiUnit ? <Text size="sm">Đơn vị nhận: {r.unitName}</Text> : null}
                <Text size="sm">Hạn ban hành kế hoạch thực hiện: {r.deadline ? <b>{formatDate(r.deadline)}</b> : 'không đặt hạn'}</Text>
                <Group gap={6}>
                  <RequestStatusBadge status={r.status} />
                  <TimelinessBadge item={r} />
                  {r.status !== 'issued' && !r.late ? <DeadlineBadge deadline={r.deadline} /> : null}
                </Group>
                <Group>
                  <RequestAction r={r} />
                </Group>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="lt-table-scroll" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Table verticalSpacing="sm" miw={820}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kế hoạch cấp trên</Table.Th>
                {multiUnit ? <Table.Th>Đơn vị nhận</Table.Th> : null}
                <Table.Th w={150}>Hạn</Table.Th>
                <Table.Th w={170}>Trạng thái</Table.Th>
                <Table.Th w={250}>Kế hoạch thực hiện</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((r) => (
                <Table.Tr key={r.requestId}>
                  <Table.Td>
                    <ParentPlan r={r} />
                  </Table.Td>
                  {multiUnit ? <Table.Td>{r.unitName}</Table.Td> : null}
                  <Table.Td>
                    <Stack gap={4}>
                      <Text size="sm" fw={500}>
                        {r.deadline ? formatDate(r.deadline) : 'Không đặt hạn'}
                      </Text>
                      {r.status !== 'issued' ? <DeadlineBadge deadline={r.deadline} /> : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <RequestStatusBadge status={r.status} />
                      {r.status === 'issued' ? <TimelinessBadge item={r} /> : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <RequestAction r={r} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {data ? <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={setPage} /> : null}
    </Stack>
  );
}

function DeliveryBadges({ d }: { d: InboxItem }) {
  return (
    <Group gap={4}>
      {d.openedAt ? <StatusBadge tone="blue">Đã xem</StatusBadge> : <StatusBadge tone="orange">Chưa xem</StatusBadge>}
      {d.confirmedAt ? <StatusBadge tone="green">Đã xác nhận</StatusBadge> : null}
    </Group>
  );
}

function DocumentsTab({ page, setPage, unread, setUnread }: { page: number; setPage: (p: number) => void; unread: boolean; setUnread: (u: boolean) => void }) {
  const phone = useIsPhone();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['inbox', { page, unread }],
    queryFn: ({ signal }) => api.get<InboxList>('/api/inbox', { page, pageSize: PAGE_SIZE, unread: unread || undefined }, signal),
    placeholderData: keepPreviousData,
  });
  const confirm = useMutation({
    mutationFn: (deliveryId: string) => api.post(`/api/deliveries/${encodeURIComponent(deliveryId)}/confirm`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['inbox'] });
      notifications.show({ color: 'green', icon: <IconCheck size={18} />, title: 'Đã xác nhận đã nhận', message: 'Đơn vị gửi thấy xác nhận của bạn.' });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Chưa xác nhận được', message: errorMessage(err) }),
  });
  const data = query.data;
  const confirmButton = (d: InboxItem) =>
    d.confirmedAt ? (
      <Text size="sm" c="dimmed">
        Xác nhận lúc {formatDateTime(d.confirmedAt)}
      </Text>
    ) : (
      <Button
        size="compact-md"
        variant="light"
        leftSection={<IconCheck size={16} />}
        loading={confirm.isPending && confirm.variables === d.deliveryId}
        onClick={() => confirm.mutate(d.deliveryId)}
      >
        Xác nhận đã nhận
      </Button>
    );
  const docLink = (d: InboxItem) => (
    <Stack gap={2}>
      <Anchor component={Link} to={`/ke-hoach/${d.planId}`} fw={d.openedAt ? 500 : 700} style={{ overflowWrap: 'anywhere' }}>
        {docTypeLabel(d.docType)}
        {d.numberText ? ` số ${d.numberText}` : ''}
        {d.docDate ? ` ngày ${formatDate(d.docDate)}` : ''}
      </Anchor>
      <Text size="sm" fw={d.openedAt ? 400 : 600} style={{ overflowWrap: 'anywhere' }}>
        {d.subject}
      </Text>
      <Text size="xs" c="dimmed">
        {d.issuingUnitName}
      </Text>
    </Stack>
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          value={unread ? 'unread' : 'all'}
          onChange={(v) => setUnread(v === 'unread')}
          aria-label="Lọc văn bản đến"
          data={[
            { value: 'all', label: 'Tất cả' },
            { value: 'unread', label: `Chưa xem${data ? ` (${data.unopened})` : ''}` },
          ]}
          size="sm"
        />
      </Group>
      {query.isPending ? (
        <Loading label="Đang tải văn bản đến…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được văn bản đến" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={unread ? 'Không còn văn bản chưa xem' : 'Chưa có văn bản đến'}
            description="Văn bản cấp trên ban hành có tên đơn vị trong Nơi nhận sẽ hiện ở đây. Mở văn bản là đã ghi nhận đã xem."
          />
        </Paper>
      ) : phone ? (
        <Stack gap="sm" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          {data.items.map((d) => (
            <Card key={d.deliveryId} padding="md">
              <Stack gap={8}>
                {docLink(d)}
                <Text size="sm" c="dimmed">
                  Đến lúc {formatDateTime(d.deliveredAt)}
                </Text>
                <DeliveryBadges d={d} />
                <Group>{confirmButton(d)}</Group>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="lt-table-scroll" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Table verticalSpacing="sm" miw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Văn bản</Table.Th>
                <Table.Th w={150}>Đến lúc</Table.Th>
                <Table.Th w={200}>Tình trạng</Table.Th>
                <Table.Th w={220}>Xác nhận</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((d) => (
                <Table.Tr key={d.deliveryId}>
                  <Table.Td>{docLink(d)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.deliveredAt)}</Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <DeliveryBadges d={d} />
                      {d.openedAt ? (
                        <Text size="xs" c="dimmed">
                          Xem lúc {formatDateTime(d.openedAt)}
                        </Text>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{confirmButton(d)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {data ? <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={setPage} /> : null}
    </Stack>
  );
}

export default function InboxPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'van-ban' ? 'documents' : 'requests';
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const setPage = (p: number) => set({ trang: p > 1 ? String(p) : null });
  const counts = useQuery({
    queryKey: ['inbox', 'counts'],
    queryFn: async ({ signal }) => {
      const [pending, inbox] = await Promise.all([
        api.get<Paged<RequestItem>>('/api/requests', { status: 'pending', pageSize: 1 }, signal),
        api.get<InboxList>('/api/inbox', { pageSize: 1 }, signal),
      ]);
      return { pending: pending.total, unopened: inbox.unopened };
    },
  });

  return (
    <Stack gap="md">
      <PageHeader
        title="Văn bản đến"
        description="Yêu cầu xây dựng kế hoạch thực hiện và văn bản cấp trên gửi tới đơn vị."
      />
      <Tabs value={tab} onChange={(v) => set({ tab: v === 'documents' ? 'van-ban' : null, trang: null, trangThai: null, loc: null })}>
        <Tabs.List>
          <Tabs.Tab
            value="requests"
            rightSection={counts.data?.pending ? <Badge size="sm" color="frontRed" variant="filled" aria-label={`${counts.data.pending} chưa ban hành`}>{counts.data.pending}</Badge> : null}
          >
            Yêu cầu triển khai
          </Tabs.Tab>
          <Tabs.Tab
            value="documents"
            rightSection={counts.data?.unopened ? <Badge size="sm" color="frontRed" variant="filled" aria-label={`${counts.data.unopened} chưa xem`}>{counts.data.unopened}</Badge> : null}
          >
            Văn bản đến
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="requests" pt="md">
          {tab === 'requests' ? (
            <RequestsTab
              page={page}
              setPage={setPage}
              status={params.get('trangThai') ?? ''}
              setStatus={(s) => set({ trangThai: s || null, trang: null })}
            />
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          {tab === 'documents' ? (
            <DocumentsTab
              page={page}
              setPage={setPage}
              unread={params.get('loc') === 'chua-xem'}
              setUnread={(u) => set({ loc: u ? 'chua-xem' : null, trang: null })}
            />
          ) : null}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
