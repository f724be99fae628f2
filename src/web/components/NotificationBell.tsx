// The bell in the top bar: unread count (polled every minute and when the window regains focus), latest ten.
import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { type AppNotification, appRoute, type NotificationPage } from '../lib/tasks';
import './plans.css';

export const UNREAD_KEY = ['notifications', 'unread'] as const;

export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: ({ signal }) => api.get<{ unread: number }>('/api/notifications/unread-count', undefined, signal),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
}

/** Marks read and opens the link; shared by the bell and the notifications page. */
export function useOpenNotification() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const markRead = useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSettled: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  return (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const route = appRoute(n.link);
    if (route) navigate(route);
    else if (n.link) window.location.assign(n.link);
  };
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/notifications/read-all'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
    onError: (err) => toasts.show({ color: 'red', title: 'Chưa đánh dấu được', message: errorMessage(err) }),
  });
}

export function NotificationRow({ n, onOpen }: { n: AppNotification; onOpen: (n: AppNotification) => void }) {
  const unread = !n.readAt;
  return (
    <UnstyledButton
      className="lt-notif-item"
      data-unread={unread ? 'true' : 'false'}
      onClick={() => onOpen(n)}
      px="sm"
      py={8}
      w="100%"
      style={{ borderRadius: 6, display: 'block' }}
      aria-label={`${unread ? 'Chưa đọc: ' : ''}${n.title}`}
    >
      <Group gap={8} wrap="nowrap" align="flex-start">
        <Box
          aria-hidden
          mt={7}
          style={{
            width: 8,
            height: 8,
            borderRadius: '50%',
            flexShrink: 0,
            background: unread ? 'var(--mantine-color-frontRed-7)' : 'transparent',
          }}
        />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 700 : 400} lh={1.4} style={{ overflowWrap: 'anywhere' }}>
            {n.title}
          </Text>
          {n.body ? (
            <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {n.body}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {formatDateTime(n.createdAt)}
            {unread ? ' · Chưa đọc' : ''}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  const openNotification = useOpenNotification();
  const markAll = useMarkAllRead();
  const latest = useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: ({ signal }) => api.get<NotificationPage>('/api/notifications', { page: 1, pageSize: 10 }, signal),
    enabled: opened,
    staleTime: 0,
  });

  // A discreet toast when new notifications arrive (they stay in the bell).
  const previous = useRef<number | null>(null);
  useEffect(() => {
    if (unread.data === undefined) return;
    if (previous.current !== null && count > previous.current) {
      const added = count - previous.current;
      toasts.show({
        color: 'frontBlue',
        icon: <IconBell size={18} />,
        title: added === 1 ? 'Bạn có 1 thông báo mới' : `Bạn có ${added} thông báo mới`,
        message: 'Bấm vào chuông ở thanh trên cùng để xem.',
      });
    }
    previous.current = count;
  }, [count, unread.data]);

  const label = count > 0 ? `Thông báo: ${count} chưa đọc` : 'Thông báo: không có thông báo mới';

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      shadow="md"
      width="min(380px, calc(100vw - 16px))"
      withinPortal
      trapFocus
    >
      <Popover.Target>
        <Indicator
          label={count > 99 ? '99+' : count}
          disabled={count === 0}
          color="gold.4"
          size={18}
          offset={6}
          styles={{ indicator: { color: '#3e2d00', fontWeight: 700, fontSize: 11 } }}
        >
          <ActionIcon
            size={40}
            variant="subtle"
            color="white"
            aria-label={label}
            aria-haspopup="dialog"
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
            data-testid="notification-bell"
            style={{ color: 'white' }}
          >
            <IconBell size={24} stroke={1.7} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label="Thông báo">
        <Group justify="space-between" px="sm" py={8} wrap="nowrap" gap={4}>
          <Text fw={700} style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
            Thông báo
          </Text>
          <Button
            variant="subtle"
            size="compact-sm"
            px={6}
            leftSection={<IconChecks size={16} />}
            onClick={() => markAll.mutate()}
            disabled={count === 0}
            loading={markAll.isPending}
          >
            Đánh dấu tất cả đã đọc
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah="min(420px, 60vh)" type="auto">
          {latest.isPending ? (
            <Group justify="center" py="md">
              <Loader size="sm" />
              <Text c="dimmed" size="sm">
                Đang tải…
              </Text>
            </Group>
          ) : latest.error ? (
            <Text c="red" size="sm" p="sm">
              {errorMessage(latest.error)}
            </Text>
          ) : (latest.data?.items.length ?? 0) === 0 ? (
            <Text c="dimmed" size="sm" p="md" ta="center">
              Chưa có thông báo nào.
            </Text>
          ) : (
            <Stack gap={2} p={4}>
              {latest.data?.items.map((n) => (
                <NotificationRow
                  key={n.id}
                  n={n}
                  onOpen={(item) => {
                    setOpened(false);
                    openNotification(item);
                  }}
                />
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
        <Divider />
        <Box p={6}>
          <Button component={Link} to="/thong-bao" variant="subtle" fullWidth onClick={() => setOpened(false)}>
            Xem tất cả thông báo
          </Button>
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}

export default NotificationBell;
