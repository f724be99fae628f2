import { Button, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import type { Action } from '../../shared/permissions';
import { can, useMe } from '../lib/auth';
import { ErrorAlert, Loading } from './common';

/** Renders children only for a signed-in person; forces the password change when required. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  if (isPending) return <Loading label="Đang kiểm tra phiên đăng nhập…" />;
  if (error && me === undefined) {
    return (
      <Stack p="md" maw={560} mx="auto" mt="xl">
        <ErrorAlert error={error} title="Không tải được thông tin đăng nhập" onRetry={() => refetch()} />
      </Stack>
    );
  }
  if (!me) {
    const from = location.pathname + location.search;
    return <Navigate to="/dang-nhap" replace state={from && from !== '/' ? { from } : undefined} />;
  }
  if (me.user.mustChangePassword && location.pathname !== '/doi-mat-khau') {
    return <Navigate to="/doi-mat-khau" replace />;
  }
  return <>{children}</>;
}

export function NoPermission() {
  return (
    <Stack align="center" gap="sm" py={48} ta="center">
      <IconLock size={44} stroke={1.4} color="var(--mantine-color-gray-6)" aria-hidden />
      <Title order={2}>Bạn chưa có quyền xem trang này</Title>
      <Text c="dimmed" maw={520}>
        Quyền của bạn tại đơn vị đang làm việc không bao gồm chức năng này. Nếu bạn có vai trò ở đơn vị khác, hãy chuyển
        đơn vị làm việc ở thanh trên cùng, hoặc liên hệ quản trị hệ thống.
      </Text>
      <Button component={Link} to="/" variant="light">
        Về trang chủ
      </Button>
    </Stack>
  );
}

export function RequirePermission({ action, children }: { action: Action; children: ReactNode }) {
  const { data: me } = useMe();
  if (!can(me, action)) return <NoPermission />;
  return <>{children}</>;
}
