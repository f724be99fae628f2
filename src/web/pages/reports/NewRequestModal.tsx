// "Yêu cầu báo cáo": the unit above asks units below for a report of a period, with a deadline.
import { Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconMailForward } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { AppModal, ErrorAlert, FormErrorSummary } from '../../components/common';
import { DateField } from '../../components/DateField';
import { UnitMultiSelect } from '../../components/UnitSelect';
import { api } from '../../lib/api';
import { useCurrentMe } from '../../lib/auth';
import { addDays, todayIso } from '../../lib/format';
import { useCampaigns } from '../../lib/plans';
import { type PeriodInput, periodBody, type ReportRequest, usePeriodPreview } from '../../lib/reports';
import { useUnits } from '../../lib/units';
import { defaultPeriod, PeriodPicker } from './PeriodPicker';

export function NewRequestModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Yêu cầu báo cáo" size="xl">
      {opened ? <RequestForm onClose={onClose} /> : null}
    </AppModal>
  );
}

function RequestForm({ onClose }: { onClose: () => void }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const units = useUnits();
  const acting = me.actingUnitId;
  const [period, setPeriod] = useState<PeriodInput>(() => defaultPeriod('quarter'));
  const preview = usePeriodPreview(period);
  const [deadline, setDeadline] = useState<string | null>(null);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [targets, setTargets] = useState<string[] | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  // Units that report to this one: its children, without its own standing committee and partner bodies.
  const children = useMemo(
    () =>
      (units.data ?? [])
        .filter((u) => u.parentId === acting && u.active && u.kind !== 'standing_committee' && u.kind !== 'partner')
        .map((u) => u.id),
    [units.data, acting],
  );
  const chosen = targets ?? children;
  const suggested = preview.data ? addDays(preview.data.to, 5) : null;
  const effectiveDeadline = deadline ?? (suggested && suggested >= todayIso() ? suggested : addDays(todayIso(), 7));

  const create = useMutation({
    mutationFn: () => {
      const body = periodBody(period);
      if (body.periodKind === 'custom' && body.from) body.year = Number(body.from.slice(0, 4));
      return api.post<ReportRequest>('/api/report-requests', {
        ...body,
        campaignId,
        deadline: effectiveDeadline,
        targetUnitIds: chosen,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
    },
    onSuccess: (r) => {
      client.invalidateQueries({ queryKey: ['report-requests'] });
      notifications.show({
        color: 'green',
        title: 'Đã gửi yêu cầu báo cáo',
        message: `${r.targets.length} đơn vị nhận được thông báo kèm hạn nộp.`,
      });
      onClose();
      navigate(`/bao-cao/yeu-cau/${r.id}`);
    },
  });

  const submit = () => {
    const e: Record<string, string> = {};
    if (period.periodKind === 'custom') {
      if (!period.from) e.from = 'Hãy chọn ngày bắt đầu kỳ báo cáo.';
      if (!period.to) e.to = 'Hãy chọn ngày kết thúc kỳ báo cáo.';
    }
    if (!effectiveDeadline) e.deadline = 'Hãy chọn hạn nộp báo cáo.';
    else if (effectiveDeadline < todayIso()) e.deadline = 'Hạn nộp đã qua. Hãy chọn từ hôm nay trở đi.';
    if (chosen.length === 0) e.targets = 'Hãy chọn ít nhất một đơn vị phải báo cáo.';
    setErrors(e);
    if (Object.keys(e).length) return;
    create.mutate();
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {me.actingUnit?.name ?? 'Đơn vị'} yêu cầu các đơn vị cấp dưới báo cáo kỳ dưới đây. Các đơn vị nhận được thông báo, được nhắc
        trước hạn, và báo cáo lập theo yêu cầu có sẵn kỳ, hạn nộp.
      </Text>
      <FormErrorSummary messages={Object.values(errors)} />
      <PeriodPicker value={period} onChange={setPeriod} errors={errors} allowFuture />
      <DateField
        label="Hạn nộp báo cáo"
        description="Mặc định 5 ngày sau khi kết thúc kỳ"
        value={effectiveDeadline}
        onChange={setDeadline}
        minDate={todayIso()}
        error={errors.deadline}
        required
      />
      <Select
        label="Chương trình, chiến dịch"
        placeholder="Mọi chương trình"
        data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={campaignId}
        onChange={setCampaignId}
        clearable
        searchable
        comboboxProps={{ withinPortal: true }}
      />
      <UnitMultiSelect
        label="Đơn vị phải báo cáo"
        description={`Mặc định: các đơn vị trực thuộc (${children.length} đơn vị); bớt hoặc thêm tùy ý`}
        value={chosen}
        onChange={setTargets}
        filterUnit={(u) => u.id !== acting}
        error={errors.targets}
        maxValues={5000}
      />
      <Textarea label="Ghi chú cho các đơn vị" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <ErrorAlert error={create.error} title="Chưa gửi được yêu cầu" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Hủy
        </Button>
        <Button leftSection={<IconMailForward size={18} />} onClick={submit} loading={create.isPending}>
          Gửi yêu cầu
        </Button>
      </Group>
    </Stack>
  );
}
