// Theo dõi: the monitoring dashboard of the acting unit (or a unit under it) for a period and a campaign —
// headline figures, indicators, breakdowns by month/form/topic/unit, units not reporting, coverage, follow-up.
// Every number opens the activity list behind it; the whole filter lives in the URL so links can be shared.
import { Button, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { ErrorAlert, Loading, PageHeader } from '../../components/common';
import { isApiError } from '../../lib/api';
import {
  filterFromParams,
  filterToParams,
  filterToQuery,
  useDashboardCoverage,
  useDashboardFollowUp,
  useDashboardSummary,
  useDashboardUnits,
} from '../../lib/dashboard';
import { formatDate } from '../../lib/format';
import { CoverageGrid } from './CoverageGrid';
import { DashboardFilters, type FilterPatch } from './DashboardFilters';
import {
  FollowUp,
  FormBreakdown,
  HeadlineCards,
  Indicators,
  MonthBreakdown,
  NotReported,
  TopicBreakdown,
  UnitBreakdown,
} from './Sections';
import { RecognisedModels } from './RecognisedModels';
import './dashboard.css';

export default function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const query = filterToQuery(filter);
  const summary = useDashboardSummary(query);
  const units = useDashboardUnits(query);
  const followUp = useDashboardFollowUp(query);
  const echo = summary.data?.filter;
  const wantsCoverage = filter.campaignId !== 'all' && (!echo || !!echo.campaignId);
  const coverage = useDashboardCoverage(query, wantsCoverage);

  // Patches apply to the URL as it is when the change runs — read from the location, not from the last render
  // (react-router hands a functional update the render's params) — so quick changes (year, then grouping) all stick.
  const change = (patch: FilterPatch) => {
    const current = filterFromParams(new URLSearchParams(window.location.search));
    setParams(filterToParams({ ...current, ...(typeof patch === 'function' ? patch(current) : patch) }), { replace: true });
  };

  const refreshing = summary.isFetching || units.isFetching;

  return (
    <Stack gap="lg" className="lt-dash-page">
      <PageHeader
        title="Theo dõi thực hiện"
        docTitle="Theo dõi"
        description={
          echo ? (
            <>
              {echo.unitName} và các đơn vị trực thuộc · <b>{echo.periodLabel}</b> ({formatDate(echo.from)} –{' '}
              {formatDate(echo.to)}) · {echo.campaignName ?? 'Tất cả chương trình'}
            </>
          ) : (
            'Số liệu hoạt động tuyên truyền của đơn vị và các đơn vị trực thuộc.'
          )
        }
        actions={
          <Button variant="default" leftSection={<IconPrinter size={18} aria-hidden />} onClick={() => window.print()} className="lt-no-print">
            In trang
          </Button>
        }
      />

      <DashboardFilters filter={filter} echo={echo} onChange={change} />

      {echo ? (
        <Text size="sm" className="lt-dash-print-only">
          Số liệu đến ngày chốt {echo.cutoffDay === 1 ? 'cuối tháng' : `ngày ${echo.cutoffDay} hằng tháng`} ·{' '}
          {echo.unitGrouping === 'as_of_period' ? 'Theo đơn vị tại thời điểm' : 'Theo đơn vị hiện nay'} · Cây đơn vị ngày{' '}
          {formatDate(echo.asOf)}
        </Text>
      ) : null}

      {!query ? (
        <Paper withBorder p="md">
          <Text c="dimmed">Hãy chọn từ ngày và đến ngày (đến ngày không trước từ ngày) để xem số liệu.</Text>
        </Paper>
      ) : summary.isPending ? (
        <Loading label="Đang tổng hợp số liệu…" />
      ) : summary.error ? (
        <ErrorAlert error={summary.error} title="Không tổng hợp được số liệu" onRetry={() => summary.refetch()} />
      ) : summary.data ? (
        <Stack gap="lg" aria-busy={refreshing} style={{ opacity: refreshing ? 0.65 : 1, transition: 'opacity 150ms' }}>
          <HeadlineCards summary={summary.data} />
          <Indicators summary={summary.data} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" className="lt-dash-twocol">
            <MonthBreakdown summary={summary.data} />
            <FormBreakdown summary={summary.data} />
          </SimpleGrid>
          <TopicBreakdown summary={summary.data} />

          {units.isPending ? (
            <Loading label="Đang tổng hợp theo đơn vị…" />
          ) : units.error ? (
            <ErrorAlert error={units.error} title="Không tổng hợp được theo đơn vị" onRetry={() => units.refetch()} />
          ) : units.data ? (
            <>
              <UnitBreakdown units={units.data} />
              <NotReported units={units.data} />
              <RecognisedModels units={units.data} />
            </>
          ) : null}

          {wantsCoverage ? (
            coverage.isPending ? (
              <Loading label="Đang tính độ phủ nội dung…" />
            ) : coverage.error ? (
              isApiError(coverage.error, 'campaign_required') ? null : (
                <ErrorAlert error={coverage.error} title="Không tính được độ phủ nội dung" onRetry={() => coverage.refetch()} />
              )
            ) : coverage.data ? (
              <CoverageGrid data={coverage.data} />
            ) : null
          ) : (
            <Paper withBorder p="md">
              <Text c="dimmed" size="sm">
                Chọn một chương trình để xem độ phủ nội dung tuyên truyền theo đơn vị.
              </Text>
            </Paper>
          )}

          {followUp.isPending ? (
            <Loading label="Đang tải việc cần đôn đốc…" />
          ) : followUp.error ? (
            <ErrorAlert error={followUp.error} title="Không tải được việc cần đôn đốc" onRetry={() => followUp.refetch()} />
          ) : followUp.data ? (
            <FollowUp data={followUp.data} />
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
