// Small pieces shared by the contest screens: status badges, figure cards, the reviewer's comment.
import { Alert, Paper, Text } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { StatusBadge } from '../../components/common';
import { CONTEST_STATUS, type ContestStatus, QUESTION_STATUS, ROUND_STATE, type ReviewComment, type RoundState } from '../../lib/contests';
import { formatDateTime, formatNumber } from '../../lib/format';

export function ContestStatusBadge({ status }: { status: ContestStatus }) {
  const s = CONTEST_STATUS[status];
  return <StatusBadge tone={s.tone}>{s.label}</StatusBadge>;
}

export function RoundStateBadge({ state }: { state: RoundState }) {
  const s = ROUND_STATE[state];
  return <StatusBadge tone={s.tone}>{s.label}</StatusBadge>;
}

export function QuestionStatusBadge({ status }: { status: string }) {
  const s = QUESTION_STATUS.find((x) => x.value === status) ?? { label: status, tone: 'gray' as const };
  return <StatusBadge tone={s.tone}>{s.label}</StatusBadge>;
}

export function Figure({ label, value, hint }: { label: string; value: number | string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz={26} lh={1.3}>
        {typeof value === 'number' ? formatNumber(value) : value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

/** The latest reviewer's comment, shown to the author on the list and in the form. */
export function ReviewNote({ comment }: { comment: ReviewComment }) {
  return (
    <Alert color="orange" variant="light" p="xs" icon={<IconMessageCircle size={16} aria-hidden />} mt={6} data-testid="review-comment">
      <Text size="sm">{comment.text}</Text>
      <Text size="xs" c="dimmed">
        Góp ý của {comment.byName ?? 'người duyệt'} lúc {formatDateTime(comment.at)}
      </Text>
    </Alert>
  );
}
