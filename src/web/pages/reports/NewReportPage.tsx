// Start a periodic report: the acting unit, a period (or a received request's period), campaign and how to compile.
import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Radio, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconFilePlus, IconInfoCircle } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert, Loading, PageHeader, useIsPhone } from '../../components/common';
import { DeadlineBadge } from '../../components/PlanBadges';
import { api, isApiError } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { formatDate } from '../../lib/format';
import { useCampaigns } from '../../lib/plans';
import {
  COMPILE_MODE_OPTIONS,
  type CompileMode,
  type PeriodInput,
  periodBody,
  type ReportDetail,
  type ReportRequest,
  useReportRequest,
} from '../../lib/reports';
import { defaultPeriod, PeriodPicker } from './PeriodPicker';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card component="section" aria-label={title}>
      <Stack gap="md">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** Creates a report (or opens the existing one of the same period: 409 report_exists). */
export function useCreateReport() {
  const navigate = useNavigate();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<ReportDetail>('/api/reports', body),
    onSuccess: (report) => {
      client.invalidateQueries({ queryKey: ['reports'] });
      client.invalidateQueries({ queryKey: ['report-requests'] });
      client.invalidateQueries({ queryKey: ['report-request'] });
      notifications.show({
        color: 'green',
        title: 'Đã lập dự thảo báo cáo',
        message: 'Số liệu và các phần I–V đã được điền sẵn; hãy đọc lại, bổ sung đánh giá rồi gửi báo cáo.',
      });
      navigate(`/bao-cao/${report.id}`, { replace: true });
    },
    onError: (err) => {
      const existing = isApiError(err, 'report_exists') ? (err.details as { id?: string } | undefined)?.id : undefined;
      if (existing) {
        notifications.show({
          color: 'frontBlue',
          title: 'Đã có báo cáo kỳ này',
          message: 'Đơn vị đã có báo cáo cùng kỳ, cùng chương trình; mở báo cáo đang có.',
        });
        navigate(`/bao-cao/${existing}`, { replace: true });
      }
    },
  });
}

function CompileModeField({ value, onChange }: { value: CompileMode; onChange: (v: CompileMode) => void }) {
  return (
    <Radio.Group label="Cách tổng hợp" value={value} onChange={(v) => onChange(v as CompileMode)}>
      <Stack gap="sm" mt={6}>
        {COMPILE_MODE_OPTIONS.map((o) => (
          <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

function FromRequest({ request }: { request: ReportRequest }) {
  const me = useCurrentMe();
  const phone = useIsPhone();
  const create = useCreateReport();
  const [mode, setMode] = useState<CompileMode>('activities');
  const mine = request.targets.find((t) => t.unitId === me.actingUnitId);
  const navigate = useNavigate();
  const opened = useRef(false);
  // The report already exists: open it instead of offering to create a second one.
  useEffect(() => {
    if (mine?.reportId && !opened.current) {
      opened.current = true;
      navigate(`/bao-cao/${mine.reportId}`, { replace: true });
    }
  }, [mine, navigate]);

  const submit = () =>
    create.mutate({
      requestId: request.id,
      ...(request.campaignId ? { campaignId: request.campaignId } : {}),
      ...periodBody({
        periodKind: request.periodKind,
        year: request.periodYear,
        index: request.periodIndex,
        from: request.periodFrom,
        to: request.periodTo,
        cutoffDay: request.cutoffDay,
      }),
      compileMode: mode,
    });

  return (
    <Stack gap="md" maw={760}>
      <Alert color="gold" variant="light" icon={<IconInfoCircle aria-hidden />} title={`Yêu cầu báo cáo của ${request.unitName}`}>
        <Stack gap={6}>
          <Text>
            {request.periodLabel}: số liệu từ ngày {formatDate(request.periodFrom)} đến hết ngày {formatDate(request.periodTo)}.
          </Text>
          <Group gap="xs">
            <Text>
              Hạn nộp: <b>{formatDate(request.deadline)}</b>
            </Text>
            <DeadlineBadge deadline={request.deadline} />
          </Group>
          {request.campaignName ? <Text size="sm">Chương trình: {request.campaignName}</Text> : null}
          {request.note ? <Text size="sm">Ghi chú: {request.note}</Text> : null}
        </Stack>
      </Alert>
      {!mine ? (
        <Alert color="orange" variant="light">
          Đơn vị đang làm việc ({me.actingUnit?.name ?? 'chưa chọn'}) không có trong danh sách được yêu cầu báo cáo. Hãy chuyển
          sang đơn vị được yêu cầu ở đầu trang.
        </Alert>
      ) : null}
      <Section title="Cách tổng hợp">
        <CompileModeField value={mode} onChange={setMode} />
      </Section>
      <ErrorAlert error={create.error} title="Chưa lập được báo cáo" />
      <Group justify="flex-end" className={phone ? 'lt-sticky-actions' : undefined}>
        <Button variant="default" component={Link} to="/bao-cao?tab=yeu-cau-nhan">
          Hủy
        </Button>
        <Button leftSection={<IconFilePlus size={18} />} onClick={submit} loading={create.isPending} disabled={!mine} style={phone ? { flex: 1 } : undefined}>
          Lập báo cáo
        </Button>
      </Group>
    </Stack>
  );
}

function RequestLoader({ requestId }: { requestId: string }) {
  const request = useReportRequest(requestId);
  if (request.isPending) return <Loading label="Đang tải yêu cầu báo cáo…" />;
  if (request.error || !request.data)
    return <ErrorAlert error={request.error} title="Không mở được yêu cầu báo cáo" onRetry={() => request.refetch()} />;
  return <FromRequest request={request.data} />;
}

function NewReportForm() {
  const me = useCurrentMe();
  const phone = useIsPhone();
  const campaigns = useCampaigns();
  const create = useCreateReport();
  const [period, setPeriod] = useState<PeriodInput>(() => defaultPeriod('quarter'));
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [mode, setMode] = useState<CompileMode>('activities');
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  const submit = () => {
    if (period.periodKind === 'custom') {
      const e: { from?: string; to?: string } = {};
      if (!period.from) e.from = 'Hãy chọn ngày bắt đầu kỳ báo cáo.';
      if (!period.to) e.to = 'Hãy chọn ngày kết thúc kỳ báo cáo.';
      else if (period.from && period.to < period.from) e.to = 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.';
      setErrors(e);
      if (Object.keys(e).length) return;
    }
    const body = periodBody(period);
    if (body.periodKind === 'custom' && body.from) body.year = Number(body.from.slice(0, 4));
    create.mutate({ ...body, campaignId, compileMode: mode });
  };

  return (
    <Stack gap="md" maw={860}>
      <Section title="Thời gian báo cáo">
        <PeriodPicker value={period} onChange={setPeriod} errors={errors} />
      </Section>
      <Section title="Phạm vi số liệu">
        <Select
          label="Chương trình, chiến dịch"
          description="Để trống: tính mọi hoạt động tuyên truyền trong kỳ"
          placeholder={campaigns.data?.length === 0 ? 'Chưa có chương trình nào' : 'Mọi chương trình'}
          data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={campaignId}
          onChange={setCampaignId}
          clearable
          searchable
          nothingFoundMessage="Không có chương trình phù hợp"
          comboboxProps={{ withinPortal: true }}
        />
        <CompileModeField value={mode} onChange={setMode} />
      </Section>
      <ErrorAlert error={create.error} title="Chưa lập được báo cáo" />
      <Card className="lt-sticky-actions" padding={phone ? 'xs' : 'sm'} withBorder shadow="sm">
        <Group justify="flex-end" gap="xs" wrap="nowrap">
          <Button variant="default" component={Link} to="/bao-cao">
            Hủy
          </Button>
          <Button
            leftSection={<IconFilePlus size={18} />}
            onClick={submit}
            loading={create.isPending}
            disabled={!me.actingUnitId}
            style={phone ? { flex: 1 } : undefined}
          >
            Lập báo cáo
          </Button>
        </Group>
      </Card>
    </Stack>
  );
}

export default function NewReportPage() {
  const [params] = useSearchParams();
  const me = useCurrentMe();
  const requestId = params.get('yeuCau');
  return (
    <Stack gap="md">
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/bao-cao">
              Báo cáo
            </Anchor>
            <Text size="sm" c="dimmed">
              Lập báo cáo
            </Text>
          </Breadcrumbs>
        }
        title={requestId ? 'Lập báo cáo theo yêu cầu' : 'Lập báo cáo định kỳ'}
        description={
          me.actingUnit ? (
            <>
              Báo cáo của <b>{me.actingUnit.name}</b>. Số liệu thống kê và các phần I–V được điền sẵn từ hoạt động đã báo cáo;
              bạn đọc lại, bổ sung rồi gửi lên cấp trên.
            </>
          ) : (
            'Hãy chọn đơn vị làm việc ở đầu trang trước khi lập báo cáo.'
          )
        }
      />
      {requestId ? <RequestLoader requestId={requestId} /> : <NewReportForm />}
    </Stack>
  );
}
