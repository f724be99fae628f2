// One plan: the document as issued (or drafted), actions by permission and state, cascade, tasks, deliveries, files.
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Menu,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconArrowBackUp,
  IconCheck,
  IconCopy,
  IconDots,
  IconDownload,
  IconEdit,
  IconFileDescription,
  IconFilePencil,
  IconHistory,
  IconPlayerStop,
  IconPrinter,
  IconSend,
  IconRubberStamp,
  IconTemplate,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorAlert, Field, Loading, PageHeader, useIsPhone } from '../../components/common';
import { DeadlineBadge, PlanStatusBadge, RequestStatusBadge } from '../../components/PlanBadges';
import { api, errorMessage, isApiError } from '../../lib/api';
import { can, useCurrentMe } from '../../lib/auth';
import { formatDate, formatDateTime } from '../../lib/format';
import {
  docTypeLabel,
  type InboxPage,
  type Plan,
  planKey,
  planName,
  type RequestItem,
  usePlan,
} from '../../lib/plans';
import type { Paged } from '../../lib/types';
import { useUnits } from '../../lib/units';
import {
  ConfirmModal,
  IssueModal,
  type IssueInput,
  ReturnModal,
  ReturnNote,
  SaveTemplateModal,
  VersionsDrawer,
} from './PlanActions';
import { PlanDocument } from './PlanDocument';
import { AttachmentsTab, CascadeTab, DeliveriesTab, TaskOverviewTab } from './PlanTabs';

type Dialog = 'issue' | 'return' | 'submit' | 'close' | 'amend' | 'template' | 'delete' | null;

/** For a unit that received the plan: the request to build an implementing plan, and the delivery receipt. */
/** A button whose label may wrap on narrow screens. */
const WRAP_BUTTON = {
  root: { height: 'auto', minHeight: 42, paddingBlock: 8, maxWidth: '100%' },
  label: { whiteSpace: 'normal' as const, textAlign: 'left' as const },
};

function RecipientPanel({ plan }: { plan: Plan }) {
  const me = useCurrentMe();
  const phone = useIsPhone();
  const client = useQueryClient();
  const requests = useQuery({
    queryKey: ['requests', 'plan', plan.id],
    queryFn: ({ signal }) => api.get<Paged<RequestItem>>('/api/requests', { planId: plan.id, pageSize: 50 }, signal),
  });
  const inbox = useQuery({
    queryKey: ['inbox', 'plan', plan.id],
    queryFn: ({ signal }) => api.get<InboxPage>('/api/inbox', { planId: plan.id, pageSize: 50 }, signal),
  });
  const confirm = useMutation({
    mutationFn: (deliveryId: string) => api.post(`/api/deliveries/${encodeURIComponent(deliveryId)}/confirm`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['inbox'] });
      notifications.show({ color: 'green', title: 'Đã xác nhận đã nhận văn bản', message: 'Đơn vị ban hành thấy xác nhận của bạn.' });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Chưa xác nhận được', message: errorMessage(err) }),
  });
  const myRequests = (requests.data?.items ?? []).filter((r) => r.planId === plan.id && r.unitId === me.actingUnitId);
  const delivery = (inbox.data?.items ?? []).find((d) => d.planId === plan.id && d.recipientUnitId === me.actingUnitId);
  if (myRequests.length === 0 && !delivery) return null;
  return (
    <Stack gap="sm">
      {myRequests.map((r) => (
        <Alert
          key={r.requestId}
          color={r.late ? 'red' : 'gold'}
          variant="light"
          icon={phone ? undefined : <IconRubberStamp aria-hidden />}
          title="Yêu cầu xây dựng kế hoạch thực hiện"
          styles={{ body: { minWidth: 0 } }}
        >
          <Stack gap="xs">
            <Text>
              {r.unitName} được yêu cầu xây dựng kế hoạch thực hiện kế hoạch này
              {r.deadline ? (
                <>
                  , hạn ban hành <b>{formatDate(r.deadline)}</b>
                </>
              ) : null}
              .
            </Text>
            <Group gap="xs">
              <RequestStatusBadge status={r.status} />
              <DeadlineBadge deadline={r.deadline} done={r.status === 'issued'} />
            </Group>
            <Group gap="xs">
              {r.implementingPlanId ? (
                <Button
                  component={Link}
                  to={`/ke-hoach/${r.implementingPlanId}`}
                  variant="light"
                  leftSection={<IconFileDescription size={18} />}
                  styles={WRAP_BUTTON}
                >
                  {r.implementingNumberText ? `Mở kế hoạch số ${r.implementingNumberText}` : 'Mở dự thảo kế hoạch thực hiện'}
                </Button>
              ) : can(me, 'plan.edit') ? (
                <Button
                  component={Link}
                  to={`/ke-hoach/moi?yeuCau=${encodeURIComponent(r.requestId)}`}
                  leftSection={<IconFilePencil size={18} />}
                  styles={WRAP_BUTTON}
                >
                  Xây dựng kế hoạch thực hiện
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Alert>
      ))}
      {delivery ? (
        <Card padding="sm">
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              Văn bản đến {formatDateTime(delivery.deliveredAt)}
              {delivery.openedAt ? ` · Đã xem lúc ${formatDateTime(delivery.openedAt)}` : ''}
              {delivery.confirmedAt ? ` · Đã xác nhận lúc ${formatDateTime(delivery.confirmedAt)}` : ''}
            </Text>
            {!delivery.confirmedAt ? (
              <Button
                size="sm"
                variant="light"
                leftSection={<IconCheck size={16} />}
                loading={confirm.isPending}
                onClick={() => confirm.mutate(delivery.deliveryId)}
              >
                Xác nhận đã nhận
              </Button>
            ) : (
              <Badge color="green" variant="light">
                Đã xác nhận
              </Badge>
            )}
          </Group>
        </Card>
      ) : null}
    </Stack>
  );
}

function PlanFacts({ plan }: { plan: Plan }) {
  return (
    <Card>
      <Stack gap="md">
        <Title order={2} size="h4">
          Thông tin
        </Title>
        <Field label="Đơn vị ban hành">{plan.issuingUnitName}</Field>
        <Field label="Loại văn bản">{docTypeLabel(plan.docType)}</Field>
        <Field label="Số, ký hiệu">{plan.numberText ?? (plan.numberUnknown ? 'Không rõ số' : `Chưa cấp số (…/${plan.symbol})`)}</Field>
        <Field label="Ngày ban hành">{formatDate(plan.docDate)}</Field>
        <Field label="Thời gian thực hiện">
          {plan.periodStart || plan.periodEnd ? `${formatDate(plan.periodStart) || '…'} – ${formatDate(plan.periodEnd) || '…'}` : null}
        </Field>
        {plan.requestDeadline ? <Field label="Hạn xây dựng kế hoạch thực hiện">{formatDate(plan.requestDeadline)}</Field> : null}
        <Field label="Căn cứ">
          {plan.bases.length ? (
            <Stack gap={4}>
              {plan.bases.map((b, i) =>
                b.basedOnPlanId ? (
                  <Anchor key={b.id ?? i} component={Link} to={`/ke-hoach/${b.basedOnPlanId}`} size="sm">
                    {b.basedOnNumberText ? `Kế hoạch số ${b.basedOnNumberText}` : 'Kế hoạch'}
                    {b.basedOnSubject ? ` — ${b.basedOnSubject}` : ''}
                  </Anchor>
                ) : (
                  <Text key={b.id ?? i} size="sm">
                    {[b.externalNumber ? `Số ${b.externalNumber}` : null, b.externalDate ? `ngày ${formatDate(b.externalDate)}` : null, b.externalIssuer]
                      .filter(Boolean)
                      .join(' ')}
                    {b.externalTitle ? ` — ${b.externalTitle}` : ''}
                  </Text>
                ),
              )}
            </Stack>
          ) : null}
        </Field>
        {plan.parentPlanId ? (
          <Field label="Kế hoạch cấp trên">
            <Anchor component={Link} to={`/ke-hoach/${plan.parentPlanId}`}>
              Mở kế hoạch cấp trên
            </Anchor>
          </Field>
        ) : null}
        {plan.supersedesId ? (
          <Field label="Sửa đổi, bổ sung cho">
            <Anchor component={Link} to={`/ke-hoach/${plan.supersedesId}`}>
              Mở kế hoạch được sửa đổi
            </Anchor>
          </Field>
        ) : null}
        <Field label="Cập nhật lần cuối">{formatDateTime(plan.updatedAt)}</Field>
      </Stack>
    </Card>
  );
}

export default function PlanDetailPage() {
  const { id = '' } = useParams();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const query = usePlan(id);
  const units = useUnits();
  const plan = query.data;

  const refresh = (p?: Plan) => {
    if (p) client.setQueryData(planKey(p.id), p);
    client.invalidateQueries({ queryKey: planKey(id) });
    client.invalidateQueries({ queryKey: ['plans'] });
  };
  const action = useMutation({
    mutationFn: async (a: { kind: string; body?: unknown }) => {
      const path = `/api/plans/${encodeURIComponent(id)}`;
      switch (a.kind) {
        case 'delete':
          await api.del<void>(path);
          return null;
        default:
          return api.post<Plan>(`${path}/${a.kind}`, a.body ?? {});
      }
    },
    onSuccess: (p, a) => {
      const done: Record<string, [string, string]> = {
        submit: ['Đã gửi duyệt', 'Lãnh đạo đơn vị nhận được thông báo để duyệt, ban hành.'],
        return: ['Đã trả lại dự thảo', 'Người soạn nhận được thông báo kèm ý kiến.'],
        issue: ['Đã ban hành', p?.numberText ? `Kế hoạch số ${p.numberText} đã được gửi tới các đơn vị.` : 'Kế hoạch đã được gửi tới các đơn vị.'],
        close: ['Đã kết thúc kế hoạch', 'Kế hoạch chuyển sang trạng thái Đã kết thúc.'],
        amend: ['Đã tạo dự thảo sửa đổi, bổ sung', 'Kế hoạch hiện hành vẫn có hiệu lực cho tới khi bản sửa đổi được ban hành.'],
        'save-as-template': ['Đã lưu làm mẫu', 'Mẫu có trong tab «Mẫu kế hoạch».'],
        delete: ['Đã xóa dự thảo', 'Dự thảo không còn trong danh sách.'],
      };
      const [title, message] = done[a.kind] ?? ['Đã thực hiện', ''];
      notifications.show({ color: 'green', icon: <IconCheck size={18} />, title, message });
      setDialog(null);
      if (a.kind === 'delete') {
        client.invalidateQueries({ queryKey: ['plans'] });
        navigate('/ke-hoach', { replace: true });
        return;
      }
      if (a.kind === 'amend' && p) {
        client.invalidateQueries({ queryKey: ['plans'] });
        navigate(`/ke-hoach/${p.id}/sua`);
        return;
      }
      if (a.kind === 'save-as-template') {
        client.invalidateQueries({ queryKey: ['plans'] });
        return;
      }
      refresh(p ?? undefined);
      if (a.kind === 'issue') {
        client.invalidateQueries({ queryKey: ['cascade', id] });
        client.invalidateQueries({ queryKey: ['tasks'] });
      }
    },
    onError: (err, a) => {
      if (a.kind === 'amend' && isApiError(err, 'amendment_exists')) {
        const planId = (err.details as { planId?: string } | undefined)?.planId;
        if (planId) {
          setDialog(null);
          notifications.show({ color: 'frontBlue', title: 'Đã có dự thảo sửa đổi', message: 'Mở dự thảo sửa đổi, bổ sung đang có.' });
          navigate(`/ke-hoach/${planId}`);
        }
      }
    },
  });
  const run = (kind: string, body?: unknown) => action.mutate({ kind, body });
  const open = (d: Dialog) => {
    action.reset();
    setDialog(d);
  };

  if (query.isPending) return <Loading label="Đang tải kế hoạch…" />;
  if (query.error || !plan) {
    return (
      <Stack>
        <Breadcrumbs>
          <Anchor component={Link} to="/ke-hoach">
            Kế hoạch
          </Anchor>
        </Breadcrumbs>
        <ErrorAlert error={query.error} title="Không mở được kế hoạch" onRetry={() => query.refetch()} />
      </Stack>
    );
  }

  const sender = !!units.data?.some((u) => u.id === plan.issuingUnitId && !u.readOnly);
  const issued = plan.status === 'issued' || plan.status === 'closed';
  const tab = params.get('tab') ?? 'van-ban';
  const setTab = (t: string | null) => {
    const next = new URLSearchParams(params);
    if (t && t !== 'van-ban') next.set('tab', t);
    else next.delete('tab');
    setParams(next, { replace: true });
  };
  const exportBase = `/api/plans/${encodeURIComponent(plan.id)}`;
  const canEditUnit = can(me, 'plan.edit');
  const title = plan.isTemplate ? `Mẫu: ${plan.subject}` : planName(plan);

  const primary = (
    <>
      {plan.can.edit ? (
        <Button component={Link} to={`/ke-hoach/${plan.id}/sua`} leftSection={<IconEdit size={18} />} variant="light">
          Sửa
        </Button>
      ) : null}
      {plan.can.submit && plan.status === 'draft' && !plan.isTemplate ? (
        <Button leftSection={<IconSend size={18} />} variant={plan.can.issue ? 'light' : 'filled'} onClick={() => open('submit')}>
          Gửi duyệt
        </Button>
      ) : null}
      {plan.can.returnToDraft ? (
        <Button variant="light" leftSection={<IconArrowBackUp size={18} />} onClick={() => open('return')}>
          Trả lại
        </Button>
      ) : null}
      {plan.can.issue && !plan.isTemplate ? (
        <Button leftSection={<IconRubberStamp size={18} />} onClick={() => open('issue')}>
          Ban hành
        </Button>
      ) : null}
      {plan.can.amend ? (
        <Button variant="light" leftSection={<IconFilePencil size={18} />} onClick={() => open('amend')}>
          Sửa đổi, bổ sung
        </Button>
      ) : null}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconDots size={18} />}>
            Thao tác khác
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component="a" href={`${exportBase}/export?format=docx`} leftSection={<IconDownload size={16} />}>
            Tải .docx
          </Menu.Item>
          <Menu.Item component="a" href={`${exportBase}/export?format=pdf`} leftSection={<IconDownload size={16} />}>
            Tải .pdf
          </Menu.Item>
          <Menu.Item
            component="a"
            href={`${exportBase}/print`}
            target="_blank"
            rel="noopener"
            leftSection={<IconPrinter size={16} />}
          >
            In (mở trang in)
          </Menu.Item>
          {sender ? (
            <Menu.Item leftSection={<IconHistory size={16} />} onClick={() => setVersionsOpen(true)}>
              Lịch sử phiên bản
            </Menu.Item>
          ) : null}
          {canEditUnit && !plan.isTemplate ? (
            <Menu.Item leftSection={<IconTemplate size={16} />} onClick={() => open('template')}>
              Lưu làm mẫu
            </Menu.Item>
          ) : null}
          {plan.isTemplate && canEditUnit ? (
            <Menu.Item component={Link} to={`/ke-hoach/moi?mau=${encodeURIComponent(plan.id)}`} leftSection={<IconCopy size={16} />}>
              Soạn kế hoạch từ mẫu này
            </Menu.Item>
          ) : null}
          {plan.can.close ? (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<IconPlayerStop size={16} />} onClick={() => open('close')}>
                Kết thúc kế hoạch
              </Menu.Item>
            </>
          ) : null}
          {plan.can.edit && plan.status === 'draft' ? (
            <>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => open('delete')}>
                Xóa dự thảo
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
    </>
  );

  return (
    <Stack gap="md">
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to={plan.isTemplate ? '/ke-hoach?tab=mau' : '/ke-hoach'}>
              {plan.isTemplate ? 'Mẫu kế hoạch' : 'Kế hoạch'}
            </Anchor>
            <Text size="sm" c="dimmed" truncate="end" maw={260}>
              {plan.numberText ?? (plan.numberUnknown ? 'Không rõ số' : 'Dự thảo')}
            </Text>
          </Breadcrumbs>
        }
        docTitle={plan.numberText ? `Kế hoạch số ${plan.numberText}` : plan.subject}
        title={title}
        description={
          <Group gap={8} component="span" wrap="wrap">
            {plan.isTemplate ? (
              <Badge color="frontBlue" variant="light">
                Mẫu kế hoạch
              </Badge>
            ) : (
              <PlanStatusBadge status={plan.effectiveStatus} />
            )}
            <Text span c="dimmed">
              {plan.issuingUnitName}
              {plan.docDate ? ` · ${formatDate(plan.docDate)}` : ''}
            </Text>
          </Group>
        }
        actions={primary}
      />

      {plan.status === 'submitted' && !plan.can.issue ? (
        <Alert color="gold" variant="light" icon={<IconSend aria-hidden />}>
          Dự thảo đang chờ lãnh đạo đơn vị duyệt, ban hành{plan.submittedAt ? ` (gửi lúc ${formatDateTime(plan.submittedAt)})` : ''}.
          Trong thời gian này không sửa được.
        </Alert>
      ) : null}
      {plan.status === 'submitted' && plan.can.issue ? (
        <Alert color="gold" variant="light" icon={<IconRubberStamp aria-hidden />}>
          Dự thảo chờ bạn duyệt. Đọc nội dung bên dưới rồi chọn «Ban hành», hoặc «Trả lại» kèm ý kiến.
        </Alert>
      ) : null}
      {plan.status === 'draft' && sender && !plan.isTemplate ? <ReturnNote planId={plan.id} /> : null}
      {issued && !sender ? <RecipientPanel plan={plan} /> : null}

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="van-ban">Văn bản</Tabs.Tab>
          {issued && sender ? <Tabs.Tab value="trien-khai">Triển khai</Tabs.Tab> : null}
          {issued && sender ? <Tabs.Tab value="nhiem-vu">Nhiệm vụ</Tabs.Tab> : null}
          {issued && sender ? <Tabs.Tab value="gui-nhan">Gửi nhận</Tabs.Tab> : null}
          <Tabs.Tab value="tep">Tệp đính kèm{plan.attachments.length ? ` (${plan.attachments.length})` : ''}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="van-ban" pt="md">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8.5 }}>
              <PlanDocument plan={plan} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 3.5 }}>
              <PlanFacts plan={plan} />
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="trien-khai" pt="md">
          <CascadeTab planId={plan.id} />
        </Tabs.Panel>
        <Tabs.Panel value="nhiem-vu" pt="md">
          <TaskOverviewTab planId={plan.id} />
        </Tabs.Panel>
        <Tabs.Panel value="gui-nhan" pt="md">
          <DeliveriesTab planId={plan.id} />
        </Tabs.Panel>
        <Tabs.Panel value="tep" pt="md">
          <AttachmentsTab plan={plan} editable={plan.can.edit && plan.status === 'draft'} />
        </Tabs.Panel>
      </Tabs>

      {plan.can.issue ? (
        <IssueModal
          plan={plan}
          opened={dialog === 'issue'}
          onClose={() => setDialog(null)}
          onIssue={(input: IssueInput) => run('issue', input)}
          pending={action.isPending}
          error={action.error}
        />
      ) : null}
      <ReturnModal
        opened={dialog === 'return'}
        onClose={() => setDialog(null)}
        onReturn={(comment) => run('return', comment ? { comment } : {})}
        pending={action.isPending}
        error={action.error}
      />
      <ConfirmModal
        opened={dialog === 'submit'}
        onClose={() => setDialog(null)}
        title="Gửi duyệt dự thảo?"
        confirmLabel="Gửi duyệt"
        onConfirm={() => run('submit', { version: plan.version })}
        pending={action.isPending}
        error={action.error}
      >
        <Text>
          Lãnh đạo đơn vị nhận được thông báo để duyệt và ban hành. Trong khi chờ duyệt, dự thảo không sửa được; nếu cần
          sửa, lãnh đạo sẽ trả lại.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'close'}
        onClose={() => setDialog(null)}
        title="Kết thúc kế hoạch?"
        confirmLabel="Kết thúc kế hoạch"
        onConfirm={() => run('close')}
        pending={action.isPending}
        error={action.error}
        danger
      >
        <Text>
          Kế hoạch chuyển sang trạng thái <b>Đã kết thúc</b>: không còn hiện là đang thực hiện. Văn bản, nhiệm vụ và báo cáo
          đã có vẫn được giữ nguyên.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'amend'}
        onClose={() => setDialog(null)}
        title="Soạn văn bản sửa đổi, bổ sung?"
        confirmLabel="Tạo dự thảo sửa đổi"
        onConfirm={() => run('amend')}
        pending={action.isPending}
        error={action.error}
      >
        <Text>
          Một dự thảo mới được tạo từ nội dung kế hoạch này. Khi dự thảo được ban hành, nó thay thế kế hoạch hiện hành (kế
          hoạch hiện hành chuyển sang Đã kết thúc).
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'delete'}
        onClose={() => setDialog(null)}
        title="Xóa dự thảo?"
        confirmLabel="Xóa dự thảo"
        onConfirm={() => run('delete')}
        pending={action.isPending}
        error={action.error}
        danger
      >
        <Text>
          Dự thảo «{plan.subject}» và các tệp đính kèm sẽ bị xóa. Việc này không hoàn tác được.
        </Text>
      </ConfirmModal>
      {dialog === 'template' ? (
        <SaveTemplateModal
          plan={plan}
          opened
          onClose={() => setDialog(null)}
          onSave={(subject) => run('save-as-template', subject ? { subject } : {})}
          pending={action.isPending}
          error={action.error}
        />
      ) : null}
      {sender ? <VersionsDrawer planId={plan.id} opened={versionsOpen} onClose={() => setVersionsOpen(false)} /> : null}
    </Stack>
  );
}
