// The history of a record's review steps (sent, returned, accepted…) with who, when and the comment, newest first
// as the caller orders them: activity reports, good models and periodic reports.
import { Card, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { formatDateTime } from '../lib/format';
import { ErrorAlert } from './common';

export interface ReviewStep {
  id: string;
  label: string;
  /** Who did it (person, unit); empty: «Hệ thống». */
  by: string;
  at: string;
  comment?: string | null;
}

export function ReviewTimeline({ title, steps, error }: { title: string; steps: ReviewStep[]; error?: unknown }) {
  return (
    <Card component="section" aria-label={title}>
      <Stack gap="sm">
        <Group gap="xs">
          <IconHistory size={20} aria-hidden />
          <Title order={2} size="h4">
            {title}
          </Title>
        </Group>
        {error ? <ErrorAlert error={error} title="Không tải được lịch sử" /> : null}
        <Timeline bulletSize={14} lineWidth={2} active={steps.length}>
          {steps.map((h) => (
            <Timeline.Item
              key={h.id}
              title={
                <Text size="sm" fw={600}>
                  {h.label}
                </Text>
              }
            >
              <Text size="xs" c="dimmed">
                {h.by || 'Hệ thống'} · {formatDateTime(h.at)}
              </Text>
              {h.comment ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {h.comment}
                </Text>
              ) : null}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Card>
  );
}
