// All my notifications, newest first, with paging and an unread filter.
import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconChecks } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader } from '../../components/common';
import { Pager } from '../../components/Pager';
import { NotificationRow, useMarkAllRead, useOpenNotification } from '../../components/NotificationBell';
import { api } from '../../lib/api';
import type { NotificationPage } from '../../lib/tasks';

const PAGE_SIZE = 20;

export default function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const unreadOnly = params.get('loc') === 'chua-doc';
  const open = useOpenNotification();
  const markAll = useMarkAllRead();

  const query = useQuery({
    queryKey: ['notifications', 'page', { page, unreadOnly }],
    queryFn: ({ signal }) =>
      api.get<NotificationPage>('/api/notifications', { page, pageSize: PAGE_SIZE, unreadOnly: unreadOnly || undefined }, signal),
    placeholderData: keepPreviousData,
  });
  const data = query.data;

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Thông báo"
        description="Yêu cầu xây dựng kế hoạch, văn bản đến, nhiệm vụ được giao và nhắc hạn gửi tới bạn."
        actions={
          <Button
            variant="default"
            leftSection={<IconChecks size={18} />}
            onClick={() => markAll.mutate()}
            loading={markAll.isPending}
            disabled={!data || data.unread === 0}
          >
            Đánh dấu tất cả đã đọc
          </Button>
        }
      />
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => set({ loc: v === 'unread' ? 'chua-doc' : null, trang: null })}
          data={[
            { value: 'all', label: 'Tất cả' },
            { value: 'unread', label: `Chưa đọc${data ? ` (${data.unread})` : ''}` },
          ]}
          aria-label="Lọc thông báo"
        />
        {data ? (
          <Text size="sm" c="dimmed" aria-live="polite">
            {data.total} thông báo
          </Text>
        ) : null}
      </Group>
      {query.isPending ? (
        <Loading label="Đang tải thông báo…" />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Không tải được thông báo" onRetry={() => query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            title={unreadOnly ? 'Bạn đã đọc hết thông báo' : 'Chưa có thông báo nào'}
            description="Khi có yêu cầu, văn bản hoặc nhiệm vụ mới cho đơn vị của bạn, thông báo sẽ hiện ở đây và ở chuông trên cùng."
          />
        </Paper>
      ) : (
        <Paper withBorder p={4} style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Stack gap={2}>
            {data.items.map((n) => (
              <NotificationRow key={n.id} n={n} onOpen={open} />
            ))}
          </Stack>
        </Paper>
      )}
      {data ? (
        <Pager total={data.total} pageSize={data.pageSize} page={page} onChange={(p) => set({ trang: p > 1 ? String(p) : null })} />
      ) : null}
    </Stack>
  );
}
