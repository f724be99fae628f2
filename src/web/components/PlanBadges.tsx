// Status badges of plans, requests and tasks: always a colour and a word.
import { Group, Progress, Text } from '@mantine/core';
import { formatDate, todayIso } from '../lib/format';
import {
  type CascadeItem,
  daysUntil,
  type EffectiveStatus,
  PLAN_STATUS_LABELS,
  PLAN_STATUS_TONES,
  REQUEST_STATUS_LABELS,
  type RequestStatus,
} from '../lib/plans';
import { TASK_STATUS_LABELS, TASK_STATUS_TONES, type TaskStatus } from '../lib/tasks';
import { StatusBadge } from './common';

export function PlanStatusBadge({ status }: { status: EffectiveStatus }) {
  return <StatusBadge tone={PLAN_STATUS_TONES[status] ?? 'gray'}>{PLAN_STATUS_LABELS[status] ?? status}</StatusBadge>;
}

const REQUEST_TONES: Record<RequestStatus, 'gray' | 'yellow' | 'green'> = {
  pending: 'gray',
  drafting: 'yellow',
  issued: 'green',
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return <StatusBadge tone={REQUEST_TONES[status]}>{REQUEST_STATUS_LABELS[status]}</StatusBadge>;
}

/** Đúng hạn / Trễ hạn / Quá hạn for a cascade row. */
export function TimelinessBadge({ item }: { item: Pick<CascadeItem, 'onTime' | 'late' | 'status'> }) {
  if (item.status === 'issued') {
    return item.onTime ? <StatusBadge tone="green">Đúng hạn</StatusBadge> : <StatusBadge tone="orange">Trễ hạn</StatusBadge>;
  }
  if (item.late) return <StatusBadge tone="red">Quá hạn</StatusBadge>;
  return null;
}

/** "Còn 5 ngày", "Hôm nay là hạn", "Quá hạn 3 ngày". */
export function DeadlineBadge({ deadline, done }: { deadline: string | null; done?: boolean }) {
  if (!deadline || done) return null;
  const days = daysUntil(deadline, todayIso());
  if (days < 0) return <StatusBadge tone="red">Quá hạn {-days} ngày</StatusBadge>;
  if (days === 0) return <StatusBadge tone="orange">Hạn là hôm nay</StatusBadge>;
  if (days <= 3) return <StatusBadge tone="orange">Còn {days} ngày</StatusBadge>;
  return <StatusBadge tone="gray">Còn {days} ngày</StatusBadge>;
}

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return <StatusBadge tone={TASK_STATUS_TONES[status]}>{TASK_STATUS_LABELS[status]}</StatusBadge>;
}

export function OverdueBadge({ overdue }: { overdue: boolean }) {
  return overdue ? <StatusBadge tone="red">Quá hạn</StatusBadge> : null;
}

export function ProgressLine({ value, label }: { value: number; label?: string }) {
  return (
    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
      <Progress
        value={value}
        color={value >= 100 ? 'green' : 'frontBlue'}
        style={{ flex: 1, minWidth: 60 }}
        aria-label={label ?? `Tiến độ ${value}%`}
        size="md"
      />
      <Text size="sm" fw={600} w={44} ta="right">
        {value}%
      </Text>
    </Group>
  );
}

export function DueText({ date, prefix = 'Hạn' }: { date: string | null; prefix?: string }) {
  if (!date) return null;
  return (
    <Text size="sm" span>
      {prefix}: <b>{formatDate(date)}</b>
    </Text>
  );
}
