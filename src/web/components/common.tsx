// Small shared building blocks: page header, alerts, empty states, badges, responsive modal.
import {
  Alert,
  Badge,
  Box,
  Button,
  Center,
  Group,
  List,
  Loader,
  Modal,
  type ModalProps,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconInbox, IconRefresh } from '@tabler/icons-react';
import { type ReactNode, useEffect } from 'react';
import { errorMessage } from '../lib/api';

/** Sets the browser tab title: "<page> · Lan Tỏa". */
export function useDocumentTitle(title: string | null | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Lan Tỏa` : 'Lan Tỏa';
  }, [title]);
}

export function PageHeader({
  title,
  description,
  actions,
  before,
  docTitle,
}: {
  title: ReactNode;
  /** Browser tab title when `title` is not plain text or should differ. */
  docTitle?: string;
  description?: ReactNode;
  actions?: ReactNode;
  before?: ReactNode;
}) {
  useDocumentTitle(docTitle ?? (typeof title === 'string' ? title : null));
  return (
    <Stack gap={6} mb="lg">
      {before}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Title order={1}>{title}</Title>
          {description ? (
            <Text c="dimmed" size="md">
              {description}
            </Text>
          ) : null}
        </Stack>
        {actions ? (
          <Group gap="xs" wrap="wrap">
            {actions}
          </Group>
        ) : null}
      </Group>
    </Stack>
  );
}

export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title ?? 'Có lỗi'} role="alert">
      <Stack gap="xs">
        <Text size="md">{errorMessage(error)}</Text>
        {onRetry ? (
          <Group>
            <Button size="xs" variant="white" color="red" leftSection={<IconRefresh size={16} />} onClick={onRetry}>
              Thử lại
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function FormErrorSummary({ messages, serverError }: { messages: string[]; serverError?: unknown }) {
  if (messages.length === 0 && !serverError) return null;
  if (messages.length === 0) return <ErrorAlert error={serverError} title="Chưa lưu được" />;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title="Hãy sửa các mục sau"
      role="alert"
    >
      <List size="md" spacing={2}>
        {messages.map((m) => (
          <List.Item key={m}>{m}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

export function Loading({ label = 'Đang tải…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

export function Empty({ title, description, action }: { title: string; description?: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" px="md" ta="center">
      <IconInbox size={40} stroke={1.4} color="var(--mantine-color-gray-5)" aria-hidden />
      <Text fw={600}>{title}</Text>
      {description ? (
        <Text c="dimmed" size="sm" maw={480}>
          {description}
        </Text>
      ) : null}
      {action}
    </Stack>
  );
}

/** Modal that fills the screen on phones. */
export function AppModal(props: ModalProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return <Modal fullScreen={!!phone} {...props} />;
}

export function useIsPhone(): boolean {
  return !!useMediaQuery('(max-width: 48em)');
}

export type BadgeTone = 'green' | 'gray' | 'red' | 'orange' | 'blue' | 'yellow';

export function StatusBadge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  const color = tone === 'blue' ? 'frontBlue' : tone === 'yellow' ? 'gold' : tone;
  return (
    <Badge color={color} variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
      {children}
    </Badge>
  );
}

/** Key-value row for detail pages. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Box fz="md" style={{ overflowWrap: 'anywhere' }}>
        {empty ? (
          <Text span c="dimmed">
            Chưa có
          </Text>
        ) : (
          children
        )}
      </Box>
    </Stack>
  );
}
