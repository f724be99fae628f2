// Tổng hợp nhiệm vụ: units × status for one of my unit's plans (or a campaign), overdue highlighted.
import { Anchor, Breadcrumbs, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, Loading, PageHeader } from '../../components/common';
import { api } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { type PlanSummary, useCampaigns } from '../../lib/plans';
import type { OverviewRow } from '../../lib/tasks';
import type { Paged } from '../../lib/types';
import { OverviewTable } from '../plans/PlanTabs';

export default function TaskOverviewPage() {
  const me = useCurrentMe();
  const [params, setParams] = useSearchParams();
  const by = params.get('theo') === 'chuong-trinh' ? 'campaign' : 'plan';
  const plans = useQuery({
    queryKey: ['plans', { unitId: me.actingUnitId, status: 'issued', pageSize: 200 }],
    queryFn: ({ signal }) =>
      api.get<Paged<PlanSummary>>('/api/plans', { unitId: me.actingUnitId, status: 'issued', pageSize: 200 }, signal),
    enabled: !!me.actingUnitId,
  });
  const campaigns = useCampaigns();
  const planId = params.get('keHoach') ?? (by === 'plan' ? (plans.data?.items[0]?.id ?? null) : null);
  const campaignId = params.get('chuongTrinh') ?? (by === 'campaign' ? (campaigns.data?.[0]?.id ?? null) : null);
  const filter = by === 'plan' ? (planId ? { planId } : null) : campaignId ? { campaignId } : null;

  const overview = useQuery({
    queryKey: ['tasks', 'overview', filter],
    queryFn: ({ signal }) => api.get<OverviewRow[]>('/api/tasks/overview', filter ?? {}, signal),
    enabled: !!filter,
  });

  const set = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const rows = overview.data ?? [];
  const overdueUnits = rows.filter((r) => r.overdue > 0).length;

  return (
    <Stack gap="md">
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/nhiem-vu">
              Nhiệm vụ
            </Anchor>
            <Text size="sm" c="dimmed">
              Tổng hợp
            </Text>
          </Breadcrumbs>
        }
        title="Tổng hợp thực hiện nhiệm vụ"
        description="Số nhiệm vụ theo đơn vị và trạng thái; đơn vị có việc quá hạn được tô đỏ."
      />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Stack gap={4}>
            <Text size="md" fw={500} id="overview-by">
              Tổng hợp theo
            </Text>
            <SegmentedControl
              aria-labelledby="overview-by"
              value={by}
              onChange={(v) => set({ theo: v === 'campaign' ? 'chuong-trinh' : null, keHoach: null, chuongTrinh: null })}
              data={[
                { value: 'plan', label: 'Kế hoạch' },
                { value: 'campaign', label: 'Chương trình' },
              ]}
            />
          </Stack>
          {by === 'plan' ? (
            <Select
              label="Kế hoạch đã ban hành của đơn vị"
              placeholder={plans.data?.items.length === 0 ? 'Đơn vị chưa ban hành kế hoạch nào' : 'Chọn kế hoạch'}
              data={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.numberText ? `Số ${p.numberText} — ` : ''}${p.subject}` }))}
              value={planId}
              onChange={(v) => set({ keHoach: v })}
              searchable
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <Select
              label="Chương trình, chiến dịch"
              placeholder={campaigns.data?.length === 0 ? 'Chưa có chương trình nào' : 'Chọn chương trình'}
              data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={campaignId}
              onChange={(v) => set({ chuongTrinh: v })}
              searchable
              comboboxProps={{ withinPortal: true }}
            />
          )}
        </SimpleGrid>
      </Paper>
      {!filter ? (
        plans.isPending && by === 'plan' ? (
          <Loading />
        ) : (
          <Paper withBorder>
            <Empty
              title={by === 'plan' ? 'Chưa có kế hoạch đã ban hành' : 'Chưa có chương trình'}
              description="Tổng hợp hiện khi đơn vị đã ban hành kế hoạch có giao nhiệm vụ cho các đơn vị."
            />
          </Paper>
        )
      ) : overview.isPending ? (
        <Loading label="Đang tổng hợp…" />
      ) : overview.error ? (
        <ErrorAlert error={overview.error} title="Không tổng hợp được" onRetry={() => overview.refetch()} />
      ) : rows.length === 0 ? (
        <Paper withBorder>
          <Empty title="Chưa có nhiệm vụ nào" description="Kế hoạch này chưa giao nhiệm vụ cho đơn vị nào." />
        </Paper>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c={overdueUnits ? 'red.8' : 'dimmed'} aria-live="polite">
            {rows.length} đơn vị{overdueUnits ? ` · ${overdueUnits} đơn vị có nhiệm vụ quá hạn` : ''}
          </Text>
          <OverviewTable rows={rows} planId={planId ?? undefined} />
        </Stack>
      )}
    </Stack>
  );
}
