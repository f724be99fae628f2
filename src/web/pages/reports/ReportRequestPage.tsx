// Tracking a report request: each target unit with its status, on time or late, a link to its report;
// the requesting unit compiles its own report from the sub-unit reports ("Tổng hợp báo cáo").
import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconFilePlus, IconStack2 } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorAlert, Field, Loading, PageHeader, useIsPhone } from '../../components/common';
import { DeadlineBadge } from '../../components/PlanBadges';
import { useCan, useCurrentMe } from '../../lib/auth';
import { formatDate, formatDateTime } from '../../lib/format';
import { periodBody, type ReportRequest, type RequestTarget, useReportRequest } from '../../lib/reports';
import { useCreateReport } from './NewReportPage';
import { LateBadge, ReportStatusBadge } from './ReportBadges';

function Count({ value, label, tone }: { value: number; label: string; tone?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text fz={24} fw={700} lh={1.2} c={tone ?? 'dark'} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="sm">{label}</Text>
    </Paper>
  );
}

function ReportLink({ t }: { t: RequestTarget }) {
  if (!t.reportId)
    return (
      <Text size="sm" c="dimmed" aria-label="Chưa có báo cáo">
        —
      </Text>
    );
  return (
    <Anchor component={Link} to={`/bao-cao/${t.reportId}`} size="sm" fw={600}>
      {t.numberText ? `Báo cáo số ${t.numberText}` : 'Mở báo cáo'}
    </Anchor>
  );
}

function Targets({ targets }: { targets: RequestTarget[] }) {
  const phone = useIsPhone();
  if (phone) {
    return (
      <Stack gap="sm" data-testid="target-cards">
        {targets.map((t) => (
          <Card key={t.unitId} padding="sm" withBorder>
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {t.unitName}
                </Text>
                <ReportStatusBadge status={t.status} />
              </Group>
              <Group gap={6}>
                {t.submittedAt ? <Text size="sm" c="dimmed">Gửi {formatDateTime(t.submittedAt)}</Text> : null}
                <LateBadge late={t.late} submitted={!!t.submittedAt} showOnTime />
              </Group>
              {t.reportId ? <ReportLink t={t} /> : null}
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <div className="lt-table-scroll">
      <Table verticalSpacing="sm" highlightOnHover miw={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={240}>Đơn vị</Table.Th>
            <Table.Th w={150}>Trạng thái</Table.Th>
            <Table.Th w={170}>Ngày gửi</Table.Th>
            <Table.Th w={120}>Thời hạn</Table.Th>
            <Table.Th w={200}>Báo cáo</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {targets.map((t) => (
            <Table.Tr key={t.unitId}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {t.unitName}
                </Text>
              </Table.Td>
              <Table.Td>
                <ReportStatusBadge status={t.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={t.submittedAt ? undefined : 'dimmed'}>
                  {t.submittedAt ? formatDateTime(t.submittedAt) : 'Chưa gửi'}
                </Text>
              </Table.Td>
              <Table.Td>
                <LateBadge late={t.late} submitted={!!t.submittedAt} showOnTime />
              </Table.Td>
              <Table.Td>
                <ReportLink t={t} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function RequestView({ request }: { request: ReportRequest }) {
  const me = useCurrentMe();
  const canEdit = useCan('report.edit');
  const create = useCreateReport();
  const requester = me.actingUnitId === request.unitId;
  const mine = request.targets.find((t) => t.unitId === me.actingUnitId);
  const c = request.counts;
  const title = request.title || `Yêu cầu báo cáo ${request.periodLabel.toLowerCase()}`;

  const compile = () =>
    create.mutate({
      unitId: request.unitId,
      ...(request.campaignId ? { campaignId: request.campaignId } : {}),
      ...periodBody({
        periodKind: request.periodKind,
        year: request.periodYear,
        index: request.periodIndex,
        from: request.periodFrom,
        to: request.periodTo,
        cutoffDay: request.cutoffDay,
      }),
      compileMode: 'with_subunit_reports',
    });

  const actions = (
    <>
      {requester && canEdit ? (
        <Button leftSection={<IconStack2 size={18} />} onClick={compile} loading={create.isPending}>
          Tổng hợp báo cáo
        </Button>
      ) : null}
      {mine && !mine.reportId && canEdit ? (
        <Button component={Link} to={`/bao-cao/moi?yeuCau=${encodeURIComponent(request.id)}`} leftSection={<IconFilePlus size={18} />}>
          Lập báo cáo
        </Button>
      ) : null}
      {mine?.reportId ? (
        <Button component={Link} to={`/bao-cao/${mine.reportId}`} variant="light">
          Mở báo cáo của đơn vị
        </Button>
      ) : null}
    </>
  );

  return (
    <Stack gap="md">
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to={requester ? '/bao-cao?tab=yeu-cau-gui' : '/bao-cao?tab=yeu-cau-nhan'}>
              {requester ? 'Yêu cầu đã gửi' : 'Yêu cầu nhận được'}
            </Anchor>
            <Text size="sm" c="dimmed">
              {request.periodLabel}
            </Text>
          </Breadcrumbs>
        }
        title={title}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <Text span c="dimmed">
              {request.unitName} · hạn nộp {formatDate(request.deadline)}
            </Text>
            <DeadlineBadge deadline={request.deadline} done={c.submitted >= c.total} />
          </Group>
        }
        actions={actions}
      />
      <ErrorAlert error={create.error} title="Chưa lập được báo cáo tổng hợp" />
      {requester ? (
        <Alert color="frontBlue" variant="light" icon={<IconStack2 aria-hidden />}>
          «Tổng hợp báo cáo» lập báo cáo của {request.unitName} cùng kỳ, số liệu gồm các đơn vị cấp dưới, phần II có tóm tắt từng báo
          cáo đã tiếp nhận; đơn vị chưa báo cáo được nêu ở phần Hạn chế.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
        <Count value={c.total} label="Đơn vị được yêu cầu" />
        <Count value={c.submitted} label="Đã gửi" tone="frontBlue.8" />
        <Count value={c.onTime} label="Đúng hạn" tone="green.8" />
        <Count value={c.late} label="Trễ hạn" tone={c.late ? 'red.8' : undefined} />
        <Count value={c.accepted} label="Đã tiếp nhận" tone="green.8" />
        <Count value={c.notStarted} label="Chưa lập" tone={c.notStarted ? 'orange.8' : undefined} />
      </SimpleGrid>
      <Card>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
          <Field label="Kỳ báo cáo">{request.periodLabel}</Field>
          <Field label="Thời gian tính số liệu">
            {formatDate(request.periodFrom)} – {formatDate(request.periodTo)}
          </Field>
          <Field label="Chương trình, chiến dịch">{request.campaignName ?? 'Mọi chương trình'}</Field>
          <Field label="Gửi yêu cầu lúc">{formatDateTime(request.createdAt)}</Field>
          {request.note ? <Field label="Ghi chú">{request.note}</Field> : null}
        </SimpleGrid>
      </Card>
      <Card component="section" aria-label="Các đơn vị báo cáo">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Các đơn vị báo cáo
          </Title>
          <Targets targets={request.targets} />
        </Stack>
      </Card>
    </Stack>
  );
}

export default function ReportRequestPage() {
  const { id = '' } = useParams();
  const query = useReportRequest(id);
  if (query.isPending) return <Loading label="Đang tải yêu cầu báo cáo…" />;
  if (query.error || !query.data)
    return (
      <Stack>
        <Breadcrumbs>
          <Anchor component={Link} to="/bao-cao">
            Báo cáo
          </Anchor>
        </Breadcrumbs>
        <ErrorAlert error={query.error} title="Không mở được yêu cầu báo cáo" onRetry={() => query.refetch()} />
      </Stack>
    );
  return <RequestView request={query.data} />;
}
