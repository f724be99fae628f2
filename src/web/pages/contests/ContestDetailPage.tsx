// One contest for its organisers: tabs "Thống kê", "Tuần thi", "Cài đặt" (the tab is kept in the URL).
import { Anchor, Breadcrumbs, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconChartBar, IconExternalLink, IconListNumbers, IconSettings } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert, Loading, PageHeader } from '../../components/common';
import { useContest } from '../../lib/contests';
import { ContestStatusBadge } from './ContestParts';
import { RoundsTab } from './RoundsTab';
import { SettingsTab } from './SettingsTab';
import { StatsTab } from './StatsTab';
import './contests.css';

const TABS = ['thong-ke', 'tuan-thi', 'cai-dat'] as const;
type Tab = (typeof TABS)[number];

export default function ContestDetailPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'thong-ke';
  const query = useContest(id);
  if (query.isPending) return <Loading label="Đang tải cuộc thi…" />;
  if (query.error) return <ErrorAlert error={query.error} title="Không tải được cuộc thi" onRetry={() => query.refetch()} />;
  const c = query.data;
  return (
    <Stack gap={0}>
      <PageHeader
        docTitle={c.title}
        before={
          <Breadcrumbs className="ct-no-print">
            <Anchor component={Link} to="/cuoc-thi">
              Cuộc thi
            </Anchor>
            <Text span size="sm" c="dimmed">
              Chi tiết
            </Text>
          </Breadcrumbs>
        }
        title={c.title}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <ContestStatusBadge status={c.status} />
            <Text span c="dimmed">
              {c.unitName}
            </Text>
            <Anchor href={c.publicUrl} target="_blank" rel="noreferrer" className="ct-no-print">
              <Group gap={4} component="span" wrap="nowrap">
                Trang dự thi <IconExternalLink size={14} aria-hidden />
              </Group>
            </Anchor>
          </Group>
        }
      />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'thong-ke' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md" className="ct-no-print">
          <Tabs.Tab value="thong-ke" leftSection={<IconChartBar size={16} aria-hidden />}>
            Thống kê
          </Tabs.Tab>
          <Tabs.Tab value="tuan-thi" leftSection={<IconListNumbers size={16} aria-hidden />}>
            Tuần thi
          </Tabs.Tab>
          <Tabs.Tab value="cai-dat" leftSection={<IconSettings size={16} aria-hidden />}>
            Cài đặt
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="thong-ke">
          <StatsTab contest={c} />
        </Tabs.Panel>
        <Tabs.Panel value="tuan-thi">
          <RoundsTab contest={c} />
        </Tabs.Panel>
        <Tabs.Panel value="cai-dat">
          <SettingsTab key={c.version} contest={c} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
