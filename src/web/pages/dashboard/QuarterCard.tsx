// Home page card "Số liệu quý này": a few headline figures of the current quarter, linking to the dashboard.
// Kept free of the chart library so the home page stays light.
import { Anchor, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDashboardSummary } from '../../lib/dashboard';
import { formatNumber } from '../../lib/format';

const KEYS = ['activities', 'attendance', 'online', 'radioMinutes'];

export function QuarterCard() {
  const summary = useDashboardSummary({});
  if (summary.error) return null;
  const data = summary.data;
  const figures = data ? KEYS.map((k) => data.headline.find((h) => h.key === k)).filter((h) => !!h) : [];
  return (
    <Card data-testid="home-quarter-figures">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Stack gap={0}>
            <Title order={2} size="h3">
              Số liệu quý này
            </Title>
            <Text size="sm" c="dimmed">
              {data ? `${data.filter.periodLabel} · ${data.filter.campaignName ?? 'Tất cả chương trình'}` : 'Đang tổng hợp…'}
            </Text>
          </Stack>
          <Anchor component={Link} to="/theo-doi" fw={500}>
            <Group gap={2} wrap="nowrap">
              Xem theo dõi
              <IconChevronRight size={16} aria-hidden />
            </Group>
          </Anchor>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          {data
            ? figures.map((h) => (
                <Stack key={h.key} gap={0}>
                  <Text fz={24} fw={700} c={h.value ? 'frontRed.8' : 'gray.6'} lh={1.2}>
                    {formatNumber(h.value)}
                  </Text>
                  <Text size="sm" c="dimmed" lh={1.3}>
                    {h.label}
                  </Text>
                </Stack>
              ))
            : KEYS.map((k) => <Skeleton key={k} h={48} />)}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
