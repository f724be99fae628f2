import { Group } from '@mantine/core';
import { StatusBadge } from '../components/common';
import type { Grant, User } from './types';
import { todayIso } from './format';

export function UserStatusBadges({ user }: { user: Pick<User, 'disabled' | 'locked' | 'mustChangePassword'> }) {
  return (
    <Group gap={6} wrap="wrap">
      {user.disabled ? <StatusBadge tone="red">Đã vô hiệu hóa</StatusBadge> : null}
      {user.locked ? <StatusBadge tone="orange">Đang bị khóa</StatusBadge> : null}
      {!user.disabled && user.mustChangePassword ? <StatusBadge tone="yellow">Chờ đổi mật khẩu</StatusBadge> : null}
      {!user.disabled && !user.locked && !user.mustChangePassword ? (
        <StatusBadge tone="green">Đang hoạt động</StatusBadge>
      ) : null}
    </Group>
  );
}

export type GrantState = 'current' | 'ended' | 'future';

export function grantState(g: Grant): GrantState {
  if (g.current) return 'current';
  const today = todayIso();
  if (g.validFrom && g.validFrom > today) return 'future';
  return 'ended';
}

export function GrantStatusBadge({ grant }: { grant: Grant }) {
  const s = grantState(grant);
  if (s === 'current') return <StatusBadge tone="green">Đang hiệu lực</StatusBadge>;
  if (s === 'future') return <StatusBadge tone="blue">Chưa bắt đầu</StatusBadge>;
  return <StatusBadge tone="gray">Đã kết thúc</StatusBadge>;
}
