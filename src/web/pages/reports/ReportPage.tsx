// One periodic report: statistics, sections I–V (autosaved while draft or returned), recipients and signer,
// life cycle (submit → accept / return), downloads and history.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Menu,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconCheck,
  IconDeviceFloppy,
  IconDownload,
  IconFileSpreadsheet,
  IconFileText,
  IconFileTypePdf,
  IconPrinter,
  IconRefresh,
  IconRestore,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AppModal, ErrorAlert, Field, Loading, PageHeader, useIsPhone } from '../../components/common';
import { DateField } from '../../components/DateField';
import { DeadlineBadge } from '../../components/PlanBadges';
import { RichTextView } from '../../components/RichText';
import { RichTextEditor } from '../../components/RichTextEditor';
import { ApiError, api, errorMessage } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { formatDate, formatDateTime, todayIso } from '../../lib/format';
import { COMPILE_MODE_OPTIONS, type ReportDetail, reportKey, useReport } from '../../lib/reports';
import { ConfirmModal } from '../plans/PlanActions';
import { ReviewTimeline } from '../../components/ReviewTimeline';
import { ReportFiguresCard } from './ReportFigures';
import { LateBadge, ReportStatusBadge } from './ReportBadges';
import { isBlocked, useReportDraft } from './useReportDraft';

type Dialog = 'submit' | 'refresh' | 'accept' | 'return' | 'delete' | null;

const HISTORY_LABELS: Record<string, string> = {
  create: 'Lập dự thảo',
  update: 'Sửa nội dung',
  refresh: 'Làm mới số liệu',
  submit: 'Gửi báo cáo',
  accept: 'Tiếp nhận',
  return: 'Trả lại',
};

function Section({ title, description, children, actions }: { title: string; description?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card component="section" aria-label={title}>
      <Stack gap="md">
        <Group justify="space-between" gap="xs" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
            <Title order={2} size="h4">
              {title}
            </Title>
            {description ? (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            ) : null}
          </Stack>
          {actions}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

function savedAt(iso: string): string {
  const full = formatDateTime(iso);
  const [date, time] = full.split(' ');
  const [d, m, y] = date.split('/');
  return `${y}-${m}-${d}` === todayIso() ? time : full;
}

export default function ReportPage() {
  const { id = '' } = useParams();
  const query = useReport(id);
  if (query.isPending) return <Loading label="Đang tải báo cáo…" />;
  if (query.error || !query.data)
    return (
      <Stack>
        <Breadcrumbs>
          <Anchor component={Link} to="/bao-cao">
            Báo cáo
          </Anchor>
        </Breadcrumbs>
        <ErrorAlert error={query.error} title="Không mở được báo cáo" onRetry={() => query.refetch()} />
      </Stack>
    );
  return <ReportView key={query.data.id} report={query.data} />;
}

function ReportFacts({ report }: { report: ReportDetail }) {
  return (
    <Card>
      <Stack gap="md">
        <Title order={2} size="h4">
          Thông tin
        </Title>
        <Field label="Đơn vị báo cáo">{report.unitName}</Field>
        <Field label="Kỳ báo cáo">{report.periodLabel}</Field>
        <Field label="Thời gian tính số liệu">
          {formatDate(report.periodFrom)} – {formatDate(report.periodTo)}
        </Field>
        <Field label="Ngày chốt số liệu">{report.cutoffDay > 1 ? `Ngày ${report.cutoffDay} hằng tháng` : 'Theo tháng dương lịch'}</Field>
        <Field label="Chương trình, chiến dịch">{report.campaignName ?? 'Mọi chương trình'}</Field>
        <Field label="Cách tổng hợp">{COMPILE_MODE_OPTIONS.find((o) => o.value === report.compileMode)?.label}</Field>
        <Field label="Số, ký hiệu">{report.numberText ?? 'Cấp khi gửi báo cáo'}</Field>
        {report.deadline ? (
          <Field label="Hạn nộp">
            <Group gap="xs">
              <Text span>{formatDate(report.deadline)}</Text>
              <DeadlineBadge deadline={report.deadline} done={report.status === 'submitted' || report.status === 'accepted'} />
            </Group>
          </Field>
        ) : null}
        {report.requestId ? (
          <Field label="Theo yêu cầu">
            <Anchor component={Link} to={`/bao-cao/yeu-cau/${report.requestId}`}>
              Mở yêu cầu báo cáo
            </Anchor>
          </Field>
        ) : null}
        {report.submittedAt ? <Field label="Gửi lúc">{formatDateTime(report.submittedAt)}</Field> : null}
        {report.reviewedAt ? (
          <Field label={report.status === 'returned' ? 'Trả lại lúc' : 'Tiếp nhận lúc'}>
            {formatDateTime(report.reviewedAt)}
            {report.reviewedByName ? ` · ${report.reviewedByName}` : ''}
          </Field>
        ) : null}
        <Field label="Cập nhật lần cuối">{formatDateTime(report.updatedAt)}</Field>
      </Stack>
    </Card>
  );
}

function History({ report }: { report: ReportDetail }) {
  if (report.history.length === 0) return null;
  const steps = report.history.map((h, i) => ({ id: String(i), label: HISTORY_LABELS[h.kind] ?? h.kind, by: h.userName ?? '', at: h.at, comment: h.comment }));
  return <ReviewTimeline title="Lịch sử" steps={steps} />;
}

function SubunitReports({ report }: { report: ReportDetail }) {
  if (report.subunitReports.length === 0) return null;
  return (
    <Card component="section" aria-label="Báo cáo của đơn vị cấp dưới">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Báo cáo của đơn vị cấp dưới
        </Title>
        {report.subunitReports.map((s) => (
          <Group key={s.id} justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/bao-cao/${s.id}`} size="sm" fw={600}>
                {s.unitName}
              </Anchor>
              <Text size="xs" c="dimmed">
                {s.numberText ? `Số ${s.numberText}` : 'Chưa có số'}
                {s.submittedAt ? ` · gửi ${formatDate(s.submittedAt)}` : ''}
              </Text>
            </Stack>
            <Group gap={4} wrap="nowrap">
              <ReportStatusBadge status={s.status} />
              <LateBadge late={s.late} submitted={!!s.submittedAt} />
            </Group>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function ReportView({ report }: { report: ReportDetail }) {
  const me = useCurrentMe();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const client = useQueryClient();
  const editable = report.can.edit && (report.status === 'draft' || report.status === 'returned');
  const draft = useReportDraft(report, me.user.id, editable);
  const { state, change, status } = draft;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [rewriteSections, setRewriteSections] = useState(false);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);

  const base = `/api/reports/${encodeURIComponent(report.id)}`;
  const action = useMutation({
    mutationFn: async (a: { kind: Exclude<Dialog, null> }) => {
      if (a.kind === 'delete') {
        await api.del<void>(base);
        return null;
      }
      if (a.kind === 'submit' || a.kind === 'refresh') {
        const ok = await draft.flush();
        if (!ok) throw new ApiError(0, 'not_saved', 'Chưa lưu được nội dung đang soạn. Xem thông báo ở đầu trang rồi thử lại.');
      }
      const version = draft.versionRef.current;
      switch (a.kind) {
        case 'submit':
          return api.post<ReportDetail>(`${base}/submit`, { version });
        case 'refresh':
          return api.post<ReportDetail>(`${base}/refresh`, { version, sections: rewriteSections });
        case 'accept':
          return api.post<ReportDetail>(`${base}/accept`, comment.trim() ? { comment: comment.trim() } : {});
        case 'return':
          return api.post<ReportDetail>(`${base}/return`, { comment: comment.trim() });
      }
    },
    onSuccess: (r, a) => {
      const done: Record<string, [string, string]> = {
        submit: ['Đã gửi báo cáo', r?.numberText ? `Báo cáo số ${r.numberText} đã được gửi lên cấp trên; số liệu đã được chốt.` : 'Báo cáo đã được gửi lên cấp trên.'],
        refresh: ['Đã làm mới số liệu', rewriteSections ? 'Số liệu và các phần I–V đã được viết lại theo số liệu mới.' : 'Bảng số liệu đã được cập nhật.'],
        accept: ['Đã tiếp nhận báo cáo', 'Đơn vị báo cáo nhận được thông báo.'],
        return: ['Đã trả lại báo cáo', 'Đơn vị báo cáo nhận được thông báo kèm ý kiến để sửa và gửi lại.'],
        delete: ['Đã xóa dự thảo', 'Dự thảo báo cáo không còn trong danh sách.'],
      };
      const [title, message] = done[a.kind];
      notifications.show({ color: 'green', icon: <IconCheck size={18} />, title, message });
      setDialog(null);
      client.invalidateQueries({ queryKey: ['reports'] });
      client.invalidateQueries({ queryKey: ['report-requests'] });
      client.invalidateQueries({ queryKey: ['report-request'] });
      client.invalidateQueries({ queryKey: ['home', 'todo'] });
      if (a.kind === 'delete') {
        client.removeQueries({ queryKey: reportKey(report.id) });
        navigate('/bao-cao', { replace: true });
        return;
      }
      if (r) {
        client.setQueryData(reportKey(report.id), r);
        draft.reset(r);
      }
    },
  });
  const open = (d: Dialog) => {
    action.reset();
    setComment('');
    setCommentError(null);
    setRewriteSections(false);
    setDialog(d);
  };

  const late = report.deadline && report.deadline < todayIso() && !report.submittedAt;
  const statusText =
    status.kind === 'saving'
      ? 'Đang lưu nháp…'
      : status.kind === 'saved'
        ? `Đã lưu nháp lúc ${savedAt(status.at)}`
        : status.kind === 'dirty'
          ? 'Có thay đổi chưa lưu — sẽ tự lưu sau vài giây'
          : status.kind === 'error'
            ? 'Chưa lưu được nháp — xem thông báo ở đầu trang'
            : status.kind === 'conflict' || status.kind === 'locked'
              ? 'Chưa lưu — xem thông báo ở đầu trang'
              : `Đã lưu nháp lúc ${savedAt(report.updatedAt)}`;

  const downloads = (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={18} />}>
          Tải về, in
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={`${base}/export?format=docx`} leftSection={<IconFileText size={16} />}>
          Tải .docx (Word)
        </Menu.Item>
        <Menu.Item component="a" href={`${base}/export?format=xlsx`} leftSection={<IconFileSpreadsheet size={16} />}>
          Tải .xlsx (bảng số liệu)
        </Menu.Item>
        <Menu.Item component="a" href={`${base}/export?format=pdf`} leftSection={<IconFileTypePdf size={16} />}>
          Tải .pdf
        </Menu.Item>
        <Menu.Item component="a" href={`${base}/print`} target="_blank" rel="noopener" leftSection={<IconPrinter size={16} />}>
          In (mở trang in)
        </Menu.Item>
        {report.can.delete ? (
          <>
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => open('delete')}>
              Xóa dự thảo
            </Menu.Item>
          </>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );

  const actions = (
    <>
      {editable ? (
        <Button variant="light" leftSection={<IconRefresh size={18} />} onClick={() => open('refresh')}>
          Làm mới số liệu
        </Button>
      ) : null}
      {report.can.return ? (
        <Button variant="light" leftSection={<IconArrowBackUp size={18} />} onClick={() => open('return')}>
          Trả lại
        </Button>
      ) : null}
      {report.can.accept ? (
        <Button leftSection={<IconCheck size={18} />} onClick={() => open('accept')}>
          Tiếp nhận
        </Button>
      ) : null}
      {report.can.export ? downloads : null}
    </>
  );

  return (
    <Stack gap="md" pb={editable ? 0 : undefined}>
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/bao-cao">
              Báo cáo
            </Anchor>
            <Text size="sm" c="dimmed" truncate="end" maw={260}>
              {report.numberText ?? 'Dự thảo'}
            </Text>
          </Breadcrumbs>
        }
        docTitle={report.numberText ? `Báo cáo số ${report.numberText}` : `Báo cáo ${report.periodLabel}`}
        title={`Báo cáo ${report.periodLabel.charAt(0).toLowerCase()}${report.periodLabel.slice(1)}`}
        description={
          <Group gap={8} component="span" wrap="wrap">
            <ReportStatusBadge status={report.status} />
            <LateBadge late={report.late} submitted={!!report.submittedAt} />
            <Text span c="dimmed">
              {report.unitName}
              {report.numberText ? ` · Số ${report.numberText}` : ''}
              {report.docDate && report.numberText ? ` · ${formatDate(report.docDate)}` : ''}
            </Text>
          </Group>
        }
        actions={actions}
      />

      {report.status === 'returned' ? (
        <Alert color="orange" variant="light" icon={<IconArrowBackUp aria-hidden />} title="Cấp trên trả lại báo cáo">
          <Text style={{ overflowWrap: 'anywhere' }}>{report.returnComment || 'Không có ý kiến kèm theo.'}</Text>
          {editable ? <Text size="sm" mt={4}>Hãy sửa theo ý kiến rồi gửi lại; số liệu được chốt lại khi gửi.</Text> : null}
        </Alert>
      ) : null}
      {report.status === 'submitted' && !report.can.accept ? (
        <Alert color="frontBlue" variant="light" icon={<IconSend aria-hidden />}>
          Báo cáo đã gửi{report.submittedAt ? ` lúc ${formatDateTime(report.submittedAt)}` : ''}, đang chờ cấp trên tiếp nhận.
          Nội dung và số liệu không thay đổi nữa.
        </Alert>
      ) : null}
      {report.status === 'submitted' && report.can.accept ? (
        <Alert color="gold" variant="light" icon={<IconSend aria-hidden />}>
          Báo cáo chờ bạn xem xét. Đọc nội dung bên dưới rồi chọn «Tiếp nhận», hoặc «Trả lại» kèm ý kiến để đơn vị sửa.
        </Alert>
      ) : null}
      {report.status === 'accepted' ? (
        <Alert color="green" variant="light" icon={<IconCheck aria-hidden />}>
          Cấp trên đã tiếp nhận báo cáo{report.reviewedAt ? ` lúc ${formatDateTime(report.reviewedAt)}` : ''}
          {report.reviewedByName ? ` (${report.reviewedByName})` : ''}.
        </Alert>
      ) : null}
      {editable && late ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          Đã quá hạn nộp ({formatDate(report.deadline)}). Hãy hoàn thiện và gửi sớm; báo cáo sẽ được ghi nhận là nộp trễ.
        </Alert>
      ) : null}

      {status.kind === 'conflict' ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Người khác vừa lưu báo cáo này" role="alert">
          <Stack gap="xs">
            <Text>{status.message}</Text>
            <Text size="sm">
              Bản bạn đang soạn vẫn còn trên màn hình và được giữ trên máy này. Bạn có thể tải bản mới nhất (bản của bạn vẫn khôi
              phục được), hoặc lưu đè bằng bản của bạn.
            </Text>
            <Group gap="xs">
              <Button
                size="sm"
                leftSection={<IconRefresh size={16} />}
                onClick={() =>
                  draft.loadLatest().catch((err) => notifications.show({ color: 'red', title: 'Không tải được bản mới nhất', message: errorMessage(err) }))
                }
              >
                Tải bản mới nhất
              </Button>
              <Button
                size="sm"
                variant="default"
                leftSection={<IconDeviceFloppy size={16} />}
                onClick={() =>
                  draft
                    .overwrite()
                    .then((ok) => ok && notifications.show({ color: 'green', title: 'Đã lưu bản của bạn', message: 'Nội dung trên máy chủ đã được thay bằng bản bạn đang soạn.' }))
                    .catch((err) => notifications.show({ color: 'red', title: 'Chưa lưu được', message: errorMessage(err) }))
                }
              >
                Lưu đè bằng bản của tôi
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {status.kind === 'locked' ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Không còn sửa được" role="alert">
          <Text>{status.message}</Text>
        </Alert>
      ) : null}
      {draft.restorable && editable ? (
        <Alert color="frontBlue" variant="light" icon={<IconRestore aria-hidden />} title="Có nội dung chưa lưu lên máy chủ">
          <Stack gap="xs">
            <Text size="sm">Trên máy này còn bản bạn soạn lúc {formatDateTime(draft.restorable.at)} khác với bản đang mở.</Text>
            <Group gap="xs">
              <Button size="sm" leftSection={<IconRestore size={16} />} onClick={draft.restore}>
                Khôi phục bản của tôi
              </Button>
              <Button size="sm" variant="default" onClick={draft.dropRestorable}>
                Bỏ bản đó
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {status.kind === 'error' ? <ErrorAlert error={status.error} title="Chưa lưu được nháp" /> : null}

      <ReportFiguresCard figures={report.figures} live={editable} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8.5 }}>
          <Stack gap="md">
            <Section
              title="Nội dung báo cáo"
              description={editable ? 'Các phần đã được điền sẵn từ số liệu; sửa, bổ sung trực tiếp. Nội dung được lưu nháp tự động.' : undefined}
            >
              {editable ? (
                <Textarea
                  label="Trích yếu"
                  autosize
                  minRows={2}
                  value={state.subject}
                  onChange={(e) => change('subject', e.currentTarget.value)}
                  error={state.subject.trim() ? undefined : 'Hãy nhập trích yếu của báo cáo.'}
                  required
                />
              ) : (
                <Field label="Trích yếu">{report.subject}</Field>
              )}
              {state.sections.map((s) =>
                editable ? (
                  <RichTextEditor
                    key={s.key}
                    id={`report-section-${s.key}`}
                    label={s.heading}
                    value={s.content}
                    minHeight={s.key === 'II' ? 160 : 96}
                    onChange={(doc) => draft.changeSection(s.key, doc)}
                  />
                ) : (
                  <Stack key={s.key} gap={4}>
                    <Text fw={700}>{s.heading}</Text>
                    <RichTextView doc={s.content} />
                  </Stack>
                ),
              )}
            </Section>

            <Section title="Nơi nhận và người ký">
              {editable ? (
                <>
                  <Textarea
                    label="Nơi nhận"
                    description="Mỗi dòng một nơi nhận, ví dụ: Ban Thường trực Ủy ban MTTQ Việt Nam thành phố;"
                    autosize
                    minRows={3}
                    value={state.recipients}
                    onChange={(e) => change('recipients', e.currentTarget.value)}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                    <TextInput label="Dòng lưu" placeholder="Lưu: VT" value={state.archiveLine} onChange={(e) => change('archiveLine', e.currentTarget.value)} />
                    <TextInput label="Địa danh" value={state.place} onChange={(e) => change('place', e.currentTarget.value)} />
                    <DateField
                      label="Ngày báo cáo"
                      description="Để trống: ngày gửi báo cáo"
                      value={state.docDate}
                      onChange={(v) => change('docDate', v)}
                      clearable
                    />
                  </SimpleGrid>
                  <Stack gap={4}>
                    <Text size="md" fw={500} id="report-signer-mode">
                      Hình thức ký
                    </Text>
                    <SegmentedControl
                      aria-labelledby="report-signer-mode"
                      value={state.signer.mode || 'none'}
                      onChange={(v) => change('signer', { ...state.signer, mode: v === 'none' ? '' : (v as 'TM' | 'KT') })}
                      data={[
                        { value: 'TM', label: phone ? 'TM.' : 'TM. (thay mặt)' },
                        { value: 'KT', label: phone ? 'KT.' : 'KT. (ký thay)' },
                        { value: 'none', label: 'Ký trực tiếp' },
                      ]}
                      style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
                    />
                  </Stack>
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                    <TextInput
                      label="Thay mặt"
                      placeholder="BAN THƯỜNG TRỰC"
                      value={state.signer.authority}
                      onChange={(e) => change('signer', { ...state.signer, authority: e.currentTarget.value })}
                    />
                    <TextInput
                      label="Chức vụ"
                      placeholder="CHỦ TỊCH"
                      value={state.signer.position}
                      onChange={(e) => change('signer', { ...state.signer, position: e.currentTarget.value })}
                    />
                    <TextInput
                      label="Họ và tên người ký"
                      value={state.signer.name}
                      onChange={(e) => change('signer', { ...state.signer, name: e.currentTarget.value })}
                    />
                  </SimpleGrid>
                </>
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  <Field label="Nơi nhận">
                    {report.recipients.length ? (
                      <Stack gap={2}>
                        {report.recipients.map((r) => (
                          <Text key={r} size="sm">
                            {r}
                          </Text>
                        ))}
                        {report.archiveLine ? <Text size="sm">{report.archiveLine}</Text> : null}
                      </Stack>
                    ) : null}
                  </Field>
                  <Field label="Người ký">
                    {report.signer.name || report.signer.position ? (
                      <Stack gap={0}>
                        {report.signer.mode ? (
                          <Text size="sm" fw={600}>
                            {report.signer.mode}. {report.signer.authority}
                          </Text>
                        ) : null}
                        <Text size="sm" fw={600}>
                          {report.signer.position}
                        </Text>
                        <Text size="sm">{report.signer.name}</Text>
                      </Stack>
                    ) : null}
                  </Field>
                </SimpleGrid>
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3.5 }}>
          <Stack gap="md">
            <ReportFacts report={report} />
            <SubunitReports report={report} />
            <History report={report} />
          </Stack>
        </Grid.Col>
      </Grid>

      {editable ? (
        <Card className="lt-sticky-actions" padding={phone ? 'xs' : 'sm'} withBorder shadow="sm">
          <Stack gap={phone ? 4 : 0}>
            <Group justify="space-between" gap="xs" wrap={phone ? 'nowrap' : 'wrap'}>
              {!phone ? (
                <Text size="sm" c={status.kind === 'error' || status.kind === 'conflict' ? 'red.8' : 'dimmed'} aria-live="polite" data-testid="autosave-status">
                  {statusText}
                </Text>
              ) : null}
              <Group gap="xs" wrap="nowrap" justify="flex-end" style={{ flex: '1 1 auto' }}>
                <Button
                  variant="default"
                  leftSection={<IconDeviceFloppy size={18} />}
                  onClick={() => void draft.flush()}
                  loading={status.kind === 'saving'}
                  disabled={isBlocked(status)}
                >
                  Lưu nháp
                </Button>
                {report.can.submit ? (
                  <Button leftSection={<IconSend size={18} />} onClick={() => open('submit')} disabled={isBlocked(status)} style={phone ? { flex: 1 } : undefined}>
                    Gửi báo cáo
                  </Button>
                ) : null}
              </Group>
            </Group>
            {phone ? (
              <Text size="xs" c={status.kind === 'error' || status.kind === 'conflict' ? 'red.8' : 'dimmed'} aria-live="polite" data-testid="autosave-status" truncate="end">
                {statusText}
              </Text>
            ) : null}
          </Stack>
        </Card>
      ) : null}

      <ConfirmModal
        opened={dialog === 'submit'}
        onClose={() => setDialog(null)}
        title="Gửi báo cáo?"
        confirmLabel="Gửi báo cáo"
        onConfirm={() => action.mutate({ kind: 'submit' })}
        pending={action.isPending}
        error={action.error}
      >
        <Text>
          Báo cáo được <b>cấp số</b> (…/BC-MTTQ-BTT) và gửi lên cấp trên. <b>Số liệu thống kê được chốt</b> tại thời điểm gửi và
          không thay đổi nữa; nội dung không sửa được, trừ khi cấp trên trả lại.
        </Text>
        {late ? (
          <Text c="red.8" size="sm">
            Hạn nộp là {formatDate(report.deadline)}: báo cáo sẽ được ghi nhận là nộp trễ.
          </Text>
        ) : null}
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'refresh'}
        onClose={() => setDialog(null)}
        title="Làm mới số liệu?"
        confirmLabel="Làm mới số liệu"
        onConfirm={() => action.mutate({ kind: 'refresh' })}
        pending={action.isPending}
        error={action.error}
      >
        <Text>Bảng số liệu được tính lại theo các hoạt động đã báo cáo đến hiện tại.</Text>
        <Checkbox
          label="Viết lại cả các phần I–V theo số liệu mới"
          description="Nội dung bạn đã sửa trong các phần I–V sẽ bị thay bằng nội dung gợi ý mới."
          checked={rewriteSections}
          onChange={(e) => setRewriteSections(e.currentTarget.checked)}
        />
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'accept'}
        onClose={() => setDialog(null)}
        title="Tiếp nhận báo cáo?"
        confirmLabel="Tiếp nhận"
        onConfirm={() => action.mutate({ kind: 'accept' })}
        pending={action.isPending}
        error={action.error}
      >
        <Text>
          Báo cáo của {report.unitName} được ghi nhận là đã tiếp nhận và được tổng hợp vào báo cáo của đơn vị bạn (khi lập theo cách
          «kèm báo cáo của đơn vị cấp dưới»).
        </Text>
        <Textarea label="Ý kiến (không bắt buộc)" autosize minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
      </ConfirmModal>
      <AppModal opened={dialog === 'return'} onClose={() => setDialog(null)} title="Trả lại báo cáo" size="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!comment.trim()) {
              setCommentError('Hãy nêu rõ cần sửa những gì.');
              return;
            }
            action.mutate({ kind: 'return' });
          }}
        >
          <Stack>
            <Text>
              Báo cáo trở về cho {report.unitName} sửa và gửi lại; đơn vị nhận được thông báo kèm ý kiến của bạn. Số báo cáo đã cấp
              được giữ nguyên.
            </Text>
            <Textarea
              label="Ý kiến"
              description="Nêu rõ cần sửa, bổ sung những gì"
              autosize
              minRows={3}
              value={comment}
              onChange={(e) => {
                setComment(e.currentTarget.value);
                setCommentError(null);
              }}
              error={commentError}
              required
              data-autofocus
            />
            <ErrorAlert error={action.error} title="Chưa trả lại được" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                Hủy
              </Button>
              <Button type="submit" loading={action.isPending}>
                Trả lại
              </Button>
            </Group>
          </Stack>
        </form>
      </AppModal>
      <ConfirmModal
        opened={dialog === 'delete'}
        onClose={() => setDialog(null)}
        title="Xóa dự thảo báo cáo?"
        confirmLabel="Xóa dự thảo"
        onConfirm={() => action.mutate({ kind: 'delete' })}
        pending={action.isPending}
        error={action.error}
        danger
      >
        <Text>Dự thảo báo cáo {report.periodLabel.toLowerCase()} sẽ bị xóa. Việc này không hoàn tác được.</Text>
      </ConfirmModal>
    </Stack>
  );
}
