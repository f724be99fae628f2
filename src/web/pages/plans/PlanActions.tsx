// Dialogs of the plan life cycle: issue, return, confirmations, save as template, version history.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowBackUp, IconArrowLeft, IconCircleDot, IconSend } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { AppModal, ErrorAlert, Loading } from '../../components/common';
import { DateField } from '../../components/DateField';
import { UnitMultiSelect } from '../../components/UnitSelect';
import { api } from '../../lib/api';
import { addDays, formatDate, formatDateTime, todayIso } from '../../lib/format';
import { type Plan, type PlanVersion, resolveTargets } from '../../lib/plans';
import { useUnits } from '../../lib/units';
import { PlanDocument } from './PlanDocument';

// ---------------------------------------------------------------- issue

export interface IssueInput {
  docDate: string;
  requestDeadline: string | null;
  targetUnitIds: string[];
}

export function IssueModal({
  plan,
  opened,
  onClose,
  onIssue,
  pending,
  error,
}: {
  plan: Plan;
  opened: boolean;
  onClose: () => void;
  onIssue: (input: IssueInput) => void;
  pending: boolean;
  error: unknown;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Ban hành kế hoạch" size="xl">
      {opened ? <IssueBody plan={plan} onClose={onClose} onIssue={onIssue} pending={pending} error={error} /> : null}
    </AppModal>
  );
}

function IssueBody({
  plan,
  onClose,
  onIssue,
  pending,
  error,
}: {
  plan: Plan;
  onClose: () => void;
  onIssue: (input: IssueInput) => void;
  pending: boolean;
  error: unknown;
}) {
  const today = todayIso();
  const units = useUnits();
  const [docDate, setDocDate] = useState<string | null>(plan.docDate ?? today);
  const [deadline, setDeadline] = useState<string | null>(plan.requestDeadline ?? addDays(plan.docDate ?? today, 15));
  const defaults = useMemo(
    () => (units.data ? resolveTargets(units.data, plan.issuingUnitId, plan.responsibilities) : null),
    [units.data, plan],
  );
  const [targets, setTargets] = useState<string[] | null>(null);
  const chosen = targets ?? defaults ?? [];
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [formError, setFormError] = useState<string | null>(null);

  const recipientUnits = plan.recipients.map((r) => r.unitId).filter((u): u is string => !!u && u !== plan.issuingUnitId);
  const deliverCount = new Set([...recipientUnits, ...chosen]).size;

  const missingDue = plan.periodEnd
    ? []
    : plan.responsibilities.flatMap((r, i) =>
        r.duties.flatMap((d, j) => (d.recurrence === 'once' && !d.dueDate ? [`nhóm ${i + 1} (${r.heading}), nhiệm vụ ${j + 1}`] : [])),
      );

  const next = () => {
    if (!docDate) return setFormError('Hãy chọn ngày ban hành.');
    if (missingDue.length)
      return setFormError(
        `Nhiệm vụ một lần cần hạn hoàn thành: ${missingDue.join('; ')}. Hãy sửa dự thảo để đặt hạn, hoặc đặt ngày kết thúc của kế hoạch.`,
      );
    if (chosen.length > 0 && deadline && deadline < docDate)
      return setFormError('Hạn xây dựng kế hoạch thực hiện trước ngày ban hành. Hãy chọn lại hạn.');
    setFormError(null);
    setStep('confirm');
  };

  if (units.isPending) return <Loading label="Đang tải danh sách đơn vị…" />;

  if (step === 'confirm') {
    return (
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Xác nhận ban hành">
          <Text>
            Sau khi ban hành, kế hoạch được cấp số và gửi tới <b>{deliverCount} đơn vị</b>; không thể sửa. Muốn thay đổi
            phải soạn văn bản sửa đổi, bổ sung.
          </Text>
        </Alert>
        <List spacing={4}>
          <List.Item>
            Ngày ban hành: <b>{formatDate(docDate)}</b>
          </List.Item>
          <List.Item>
            Yêu cầu xây dựng kế hoạch thực hiện: <b>{chosen.length} đơn vị</b>
            {chosen.length > 0 ? (deadline ? `, hạn ${formatDate(deadline)}` : ', không đặt hạn') : ''}
          </List.Item>
          <List.Item>
            Gửi văn bản (Nơi nhận và đơn vị được yêu cầu): <b>{deliverCount} đơn vị</b>
          </List.Item>
          <List.Item>Nhiệm vụ trong phần Tổ chức thực hiện được giao cho các đơn vị.</List.Item>
        </List>
        <ErrorAlert error={error} title="Chưa ban hành được" />
        <Group justify="space-between" className="lt-sticky-actions">
          <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={() => setStep('form')}>
            Quay lại
          </Button>
          <Button
            leftSection={<IconSend size={18} />}
            loading={pending}
            onClick={() => docDate && onIssue({ docDate, requestDeadline: chosen.length ? deadline : null, targetUnitIds: chosen })}
          >
            Ban hành
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {formError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
          {formError}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <DateField label="Ngày ban hành" required value={docDate} onChange={setDocDate} />
        <DateField
          label="Hạn xây dựng kế hoạch thực hiện"
          description="Các đơn vị được yêu cầu phải ban hành kế hoạch trước ngày này"
          value={deadline}
          onChange={setDeadline}
          clearable
          minDate={docDate ?? undefined}
          disabled={chosen.length === 0}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
        />
      </SimpleGrid>
      <UnitMultiSelect
        label="Đơn vị phải xây dựng kế hoạch thực hiện"
        description={
          defaults && defaults.length > 0
            ? `Gợi ý theo phần Tổ chức thực hiện: ${defaults.length} đơn vị. Có thể bỏ bớt hoặc thêm đơn vị.`
            : 'Phần Tổ chức thực hiện không giao cho nhóm đơn vị nào. Chọn đơn vị nếu cần yêu cầu xây dựng kế hoạch thực hiện.'
        }
        value={chosen}
        onChange={setTargets}
        exclude={[plan.issuingUnitId]}
        filterUnit={(u) => u.active && !u.readOnly}
        placeholder={chosen.length ? '' : 'Không yêu cầu đơn vị nào'}
      />
      <Text size="sm">
        Văn bản cũng được gửi tới {recipientUnits.length} đơn vị trong Nơi nhận.
      </Text>
      <Group justify="flex-end" className="lt-sticky-actions">
        <Button variant="default" onClick={onClose}>
          Hủy
        </Button>
        <Button onClick={next}>Tiếp tục</Button>
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- simple dialogs

export function ConfirmModal({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
  pending,
  error,
  danger,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending: boolean;
  error?: unknown;
  danger?: boolean;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={title} size="md">
      <Stack>
        {children}
        <ErrorAlert error={error} title="Chưa thực hiện được" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button color={danger ? 'red' : undefined} loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function ReturnModal({
  opened,
  onClose,
  onReturn,
  pending,
  error,
}: {
  opened: boolean;
  onClose: () => void;
  onReturn: (comment: string) => void;
  pending: boolean;
  error: unknown;
}) {
  const [comment, setComment] = useState('');
  return (
    <AppModal opened={opened} onClose={onClose} title="Trả lại dự thảo" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onReturn(comment.trim());
        }}
      >
        <Stack>
          <Text>Dự thảo trở về trạng thái Nháp để người soạn sửa tiếp; người soạn nhận được thông báo kèm ý kiến của bạn.</Text>
          <Textarea
            label="Ý kiến"
            description="Nêu rõ cần sửa những gì"
            autosize
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            data-autofocus
          />
          <ErrorAlert error={error} title="Chưa trả lại được" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Hủy
            </Button>
            <Button type="submit" loading={pending}>
              Trả lại
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

export function SaveTemplateModal({
  plan,
  opened,
  onClose,
  onSave,
  pending,
  error,
}: {
  plan: Plan;
  opened: boolean;
  onClose: () => void;
  onSave: (subject: string) => void;
  pending: boolean;
  error: unknown;
}) {
  const [subject, setSubject] = useState(plan.subject);
  return (
    <AppModal opened={opened} onClose={onClose} title="Lưu làm mẫu kế hoạch" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(subject.trim());
        }}
      >
        <Stack>
          <Text>
            Bản sao nội dung kế hoạch được lưu thành mẫu của đơn vị, dùng để soạn nhanh các kế hoạch sau (tab «Mẫu kế
            hoạch»). Kế hoạch này không thay đổi.
          </Text>
          <TextInput label="Tên mẫu (trích yếu)" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required />
          <ErrorAlert error={error} title="Chưa lưu được mẫu" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Hủy
            </Button>
            <Button type="submit" loading={pending} disabled={!subject.trim()}>
              Lưu làm mẫu
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

// ---------------------------------------------------------------- return note

/** The leader's comment when a draft came back (the latest "Trả lại" after the latest submission), if any. */
export function ReturnNote({ planId }: { planId: string }) {
  const versions = useQuery({
    queryKey: ['plan-versions', planId],
    queryFn: ({ signal }) => api.get<PlanVersion[]>(`/api/plans/${encodeURIComponent(planId)}/versions`, undefined, signal),
  });
  const sorted = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const ret = sorted.find((v) => v.reason?.startsWith('Trả lại'));
  const submitted = sorted.find((v) => v.reason?.startsWith('Trình'));
  if (!ret || (submitted && submitted.version > ret.version)) return null;
  const comment = ret.reason?.replace(/^Trả lại:\s*/, '').replace(/^Trả lại để sửa$/, '') ?? '';
  return (
    <Alert color="orange" variant="light" icon={<IconArrowBackUp aria-hidden />} title="Dự thảo đã được trả lại để sửa">
      <Text size="sm">
        {ret.createdByName ?? 'Lãnh đạo'} trả lại lúc {formatDateTime(ret.createdAt)}
        {comment ? (
          <>
            {' '}
            với ý kiến: <b>{comment}</b>
          </>
        ) : (
          '.'
        )}
      </Text>
    </Alert>
  );
}

// ---------------------------------------------------------------- versions

export function VersionsDrawer({ planId, opened, onClose }: { planId: string; opened: boolean; onClose: () => void }) {
  const [viewing, setViewing] = useState<number | null>(null);
  const versions = useQuery({
    queryKey: ['plan-versions', planId],
    queryFn: ({ signal }) => api.get<PlanVersion[]>(`/api/plans/${encodeURIComponent(planId)}/versions`, undefined, signal),
    enabled: opened,
  });
  const snapshot = useQuery({
    queryKey: ['plan-version', planId, viewing],
    queryFn: ({ signal }) =>
      api.get<PlanVersion & { snapshot: Plan }>(`/api/plans/${encodeURIComponent(planId)}/versions/${viewing}`, undefined, signal),
    enabled: opened && viewing !== null,
  });
  return (
    <Drawer
      opened={opened}
      onClose={() => {
        setViewing(null);
        onClose();
      }}
      title={viewing !== null ? `Phiên bản ${viewing}` : 'Lịch sử phiên bản'}
      position="right"
      size={viewing !== null ? 'xl' : 'md'}
      closeButtonProps={{ 'aria-label': 'Đóng' }}
    >
      {viewing !== null ? (
        <Stack gap="sm">
          <Group>
            <Button variant="subtle" leftSection={<IconArrowLeft size={18} />} onClick={() => setViewing(null)}>
              Về danh sách phiên bản
            </Button>
          </Group>
          {snapshot.isPending ? (
            <Loading />
          ) : snapshot.error ? (
            <ErrorAlert error={snapshot.error} title="Không tải được phiên bản" />
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {snapshot.data.reason ?? 'Lưu'} · {formatDateTime(snapshot.data.createdAt)}
                {snapshot.data.createdByName ? ` · ${snapshot.data.createdByName}` : ''}
              </Text>
              <PlanDocument plan={snapshot.data.snapshot} />
            </>
          )}
        </Stack>
      ) : versions.isPending ? (
        <Loading />
      ) : versions.error ? (
        <ErrorAlert error={versions.error} title="Không tải được lịch sử" onRetry={() => versions.refetch()} />
      ) : versions.data.length === 0 ? (
        <Text c="dimmed">Chưa có phiên bản nào.</Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} active={versions.data.length}>
          {[...versions.data]
            .sort((a, b) => b.version - a.version)
            .map((v) => (
              <Timeline.Item key={v.version} bullet={<IconCircleDot size={12} />} title={v.reason ?? 'Lưu dự thảo'}>
                <Text size="sm" c="dimmed">
                  {formatDateTime(v.createdAt)}
                  {v.createdByName ? ` · ${v.createdByName}` : ''}
                </Text>
                <Group gap={6} mt={4}>
                  <Badge variant="light" color="gray" size="md">
                    Phiên bản {v.version}
                  </Badge>
                  <Anchor component="button" type="button" size="sm" onClick={() => setViewing(v.version)}>
                    Xem nội dung
                  </Anchor>
                </Group>
              </Timeline.Item>
            ))}
        </Timeline>
      )}
    </Drawer>
  );
}
