// The workspace frame: red header with acting-unit switcher and user menu, navigation drawer on phones.
import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  IconAward,
  IconBuildingCommunity,
  IconCalendar,
  IconChartBar,
  IconCheck,
  IconChevronDown,
  IconFileText,
  IconFiles,
  IconHistory,
  IconHome,
  IconInbox,
  IconKey,
  IconListCheck,
  IconNews,
  IconLogout,
  IconLogout2,
  IconReportAnalytics,
  IconSitemap,
  IconSpeakerphone,
  IconTrophy,
  IconUsers,
} from '@tabler/icons-react';
import { Suspense, useMemo, useState } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { Action } from '../../shared/permissions';
import { api, errorMessage } from '../lib/api';
import { can, setMe, useCurrentMe, useSignOut } from '../lib/auth';
import type { Me } from '../lib/types';
import { AppModal, Loading } from './common';
import { NotificationBell } from './NotificationBell';

interface NavItem {
  to: string;
  label: string;
  icon: typeof IconHome;
  action?: Action;
  end?: boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'Trang chủ', icon: IconHome, end: true },
  { to: '/ke-hoach', label: 'Kế hoạch', icon: IconFileText, action: 'plan.view' },
  { to: '/van-ban-den', label: 'Văn bản đến', icon: IconInbox, action: 'plan.view' },
  { to: '/nhiem-vu', label: 'Nhiệm vụ', icon: IconListCheck },
  { to: '/hoat-dong', label: 'Hoạt động', icon: IconSpeakerphone },
  { to: '/theo-doi', label: 'Theo dõi', icon: IconChartBar, action: 'plan.view' },
  { to: '/bao-cao', label: 'Báo cáo', icon: IconReportAnalytics, action: 'plan.view' },
  { to: '/lich', label: 'Lịch', icon: IconCalendar },
  { to: '/tin-bai', label: 'Tin bài', icon: IconNews, action: 'news.edit' },
  { to: '/cuoc-thi', label: 'Cuộc thi', icon: IconTrophy, action: 'contest.manage' },
  { to: '/mo-hinh', label: 'Mô hình, gương', icon: IconAward },
  { to: '/tai-lieu', label: 'Tài liệu', icon: IconFiles },
  { to: '/don-vi', label: 'Đơn vị', icon: IconSitemap },
  { to: '/nguoi-dung', label: 'Người dùng', icon: IconUsers, action: 'user.manage' },
  { to: '/nhat-ky', label: 'Nhật ký hệ thống', icon: IconHistory, action: 'audit.view' },
];

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  const first = parts.length > 1 ? parts[0] : '';
  return `${first.charAt(0)}${last.charAt(0)}`.toUpperCase() || '?';
}

/** Units of the person's current grants, one entry per unit. */
export function currentUnits(me: Me): { id: string; name: string; shortName: string | null }[] {
  const seen = new Map<string, { id: string; name: string; shortName: string | null }>();
  for (const g of me.grants) {
    if (g.current && !seen.has(g.unitId))
      seen.set(g.unitId, { id: g.unitId, name: g.unitName, shortName: g.unitShortName });
  }
  return [...seen.values()];
}

function useSwitchUnit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (unitId: string) => api.post<Me>('/api/auth/acting-unit', { unitId }),
    onSuccess: (me) => {
      setMe(client, me);
      notifications.show({
        color: 'green',
        icon: <IconCheck size={18} />,
        title: 'Đã chuyển đơn vị làm việc',
        message: `Bạn đang làm việc tại ${me.actingUnit?.name ?? 'đơn vị mới'}.`,
      });
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'Không chuyển được đơn vị', message: errorMessage(err) }),
  });
}

function UnitSwitcher({ me, variant }: { me: Me; variant: 'header' | 'navbar' }) {
  const units = currentUnits(me);
  const switchUnit = useSwitchUnit();
  const acting = me.actingUnit;
  const label = acting ? acting.shortName || acting.name : 'Chưa chọn đơn vị';
  const onHeader = variant === 'header';

  if (units.length <= 1) {
    return (
      <Stack gap={0} style={{ minWidth: 0 }} data-testid={`acting-unit-${variant}`}>
        <Text size="xs" c={onHeader ? 'rgba(255,255,255,0.8)' : 'dimmed'}>
          Đơn vị làm việc
        </Text>
        <Text size="sm" fw={600} c={onHeader ? 'white' : undefined} truncate="end" title={acting?.name}>
          {label}
        </Text>
      </Stack>
    );
  }

  return (
    <Menu position="bottom-end" shadow="md" width={300} withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={`Đơn vị làm việc: ${acting?.name ?? 'chưa chọn'}. Bấm để chuyển đơn vị`}
          data-testid={`acting-unit-${variant}`}
          style={{
            minWidth: 0,
            maxWidth: onHeader ? 320 : '100%',
            padding: '4px 10px',
            borderRadius: 8,
            border: onHeader ? '1px solid rgba(255,255,255,0.35)' : '1px solid var(--mantine-color-gray-3)',
            color: onHeader ? 'white' : undefined,
          }}
        >
          <Group gap={6} wrap="nowrap">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="xs" c={onHeader ? 'rgba(255,255,255,0.8)' : 'dimmed'}>
                Đơn vị làm việc
              </Text>
              <Text size="sm" fw={600} truncate="end" title={acting?.name}>
                {switchUnit.isPending ? 'Đang chuyển…' : label}
              </Text>
            </Stack>
            <IconChevronDown size={16} aria-hidden style={{ flexShrink: 0 }} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Chuyển đơn vị làm việc</Menu.Label>
        {units.map((u) => (
          <Menu.Item
            key={u.id}
            leftSection={
              u.id === me.actingUnitId ? (
                <IconCheck size={16} aria-label="Đang chọn" />
              ) : (
                <IconBuildingCommunity size={16} />
              )
            }
            onClick={() => u.id !== me.actingUnitId && switchUnit.mutate(u.id)}
            fw={u.id === me.actingUnitId ? 600 : undefined}
          >
            {u.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function UserMenu({ me, minimal }: { me: Me; minimal: boolean }) {
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState(false);

  const doSignOut = async (everywhere: boolean) => {
    setBusy(true);
    await signOut(everywhere);
    setBusy(false);
    setConfirmAll(false);
    notifications.show({
      color: 'green',
      title: 'Đã đăng xuất',
      message: everywhere ? 'Bạn đã đăng xuất khỏi mọi thiết bị.' : 'Hẹn gặp lại bạn.',
    });
    navigate('/dang-nhap', { replace: true });
  };

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260} withinPortal>
        <Menu.Target>
          <UnstyledButton
            aria-label={`Tài khoản: ${me.user.fullName}`}
            data-testid="user-menu"
            style={{ color: 'white' }}
          >
            <Group gap={8} wrap="nowrap">
              <Avatar size={34} radius="xl" color="gold" variant="filled" style={{ color: '#3e2d00' }}>
                {initials(me.user.fullName)}
              </Avatar>
              <Text size="sm" fw={500} visibleFrom="md" maw={180} truncate="end">
                {me.user.fullName}
              </Text>
              <IconChevronDown size={16} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="dark">
              {me.user.fullName}
            </Text>
            <Text size="xs" c="dimmed">
              {me.user.username}
            </Text>
          </Menu.Label>
          <Menu.Divider />
          {!minimal ? (
            <Menu.Item leftSection={<IconKey size={16} />} component={Link} to="/doi-mat-khau">
              Đổi mật khẩu
            </Menu.Item>
          ) : null}
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => doSignOut(false)}>
            Đăng xuất
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout2 size={16} />} onClick={() => setConfirmAll(true)}>
            Đăng xuất mọi thiết bị
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <AppModal opened={confirmAll} onClose={() => setConfirmAll(false)} title="Đăng xuất mọi thiết bị?" size="md">
        <Stack>
          <Text>
            Mọi phiên đăng nhập của tài khoản <b>{me.user.username}</b> — trên máy này và trên các điện thoại, máy tính
            khác — sẽ kết thúc. Bạn sẽ phải đăng nhập lại ở từng nơi.
          </Text>
          <Text c="dimmed" size="sm">
            Nên làm việc này nếu bạn nghi ngờ người khác biết mật khẩu hoặc quên đăng xuất ở máy dùng chung.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmAll(false)}>
              Hủy
            </Button>
            <Button loading={busy} onClick={() => doSignOut(true)}>
              Đăng xuất mọi thiết bị
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </>
  );
}

export function AppLayout() {
  const me = useCurrentMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const minimal = me.user.mustChangePassword;

  const items = useMemo(() => NAV.filter((n) => !n.action || can(me, n.action)), [me]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={minimal ? undefined : { width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a href="#noi-dung" className="lt-skip-link">
        Bỏ qua trình đơn, đến nội dung chính
      </a>
      <AppShell.Header
        style={{ background: 'var(--lt-header-bg)', borderBottom: '3px solid var(--lt-gold)', color: 'white' }}
      >
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {!minimal ? (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                color="white"
                aria-label={opened ? 'Đóng trình đơn' : 'Mở trình đơn'}
              />
            ) : null}
            <Link
              to="/"
              onClick={close}
              style={{ color: 'white', textDecoration: 'none', minWidth: 0 }}
              aria-label="Lan Tỏa — Trang chủ"
            >
              <Group gap={8} wrap="nowrap">
                <Box
                  aria-hidden
                  style={{
                    width: 30,
                    height: 30,
                    borderRadius: '50%',
                    background: 'var(--lt-gold)',
                    color: '#b3261e',
                    display: 'grid',
                    placeItems: 'center',
                    fontWeight: 700,
                    fontSize: 18,
                    flexShrink: 0,
                  }}
                >
                  ★
                </Box>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text fw={700} size="lg" lh={1.2} c="white">
                    Lan Tỏa
                  </Text>
                  <Text size="xs" lh={1.2} c="rgba(255,255,255,0.85)" visibleFrom="xs">
                    Mặt trận Tổ quốc Việt Nam
                  </Text>
                </Stack>
              </Group>
            </Link>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            {!minimal ? (
              <Box visibleFrom="sm" style={{ minWidth: 0 }}>
                <UnitSwitcher me={me} variant="header" />
              </Box>
            ) : null}
            {!minimal ? <NotificationBell /> : null}
            <UserMenu me={me} minimal={minimal} />
          </Group>
        </Group>
      </AppShell.Header>

      {!minimal ? (
        <AppShell.Navbar p="sm" aria-label="Điều hướng chính">
          <Box hiddenFrom="sm" mb="sm" pb="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
            <UnitSwitcher me={me} variant="navbar" />
          </Box>
          <ScrollArea style={{ flex: 1 }}>
            <Stack gap={4} component="nav">
              {items.map((item) => (
                <NavLink
                  key={item.to}
                  component={RouterNavLink}
                  to={item.to}
                  end={item.end}
                  onClick={close}
                  label={item.label}
                  leftSection={<item.icon size={20} stroke={1.7} aria-hidden />}
                  active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
                  variant="light"
                  style={{ borderRadius: 8, fontSize: '1rem' }}
                  styles={{ label: { fontSize: '1rem' } }}
                />
              ))}
            </Stack>
          </ScrollArea>
          <Text size="xs" c="dimmed" mt="sm">
            Lan Tỏa · Không gian làm việc
          </Text>
        </AppShell.Navbar>
      ) : null}

      <AppShell.Main id="noi-dung" tabIndex={-1} style={{ outline: 'none' }}>
        <Box maw={1200} mx="auto" w="100%">
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
