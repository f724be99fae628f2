// "Giao nhiệm vụ": a task for a unit in scope, optionally linked to an issued plan and a campaign.
import { Button, Group, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCheck } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { AppModal, FormErrorSummary } from '../../components/common';
import { DateField } from '../../components/DateField';
import { TopicTreeSelect } from '../../components/TopicTreeSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { api } from '../../lib/api';
import { can, useCurrentMe } from '../../lib/auth';
import { type PlanSummary, RECURRENCE_OPTIONS, type Recurrence, useCampaigns, useForms } from '../../lib/plans';
import type { TaskDetail } from '../../lib/tasks';
import type { Paged, User } from '../../lib/types';
import { useForm } from '../../lib/useForm';
import { dateOrderError, required } from '../../lib/validate';

export function AssignTaskModal({
  opened,
  onClose,
  defaultPlanId,
  defaultUnitId,
}: {
  opened: boolean;
  onClose: () => void;
  defaultPlanId?: string | null;
  defaultUnitId?: string | null;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Giao nhiệm vụ" size="xl">
      {opened ? <AssignBody onClose={onClose} defaultPlanId={defaultPlanId} defaultUnitId={defaultUnitId} /> : null}
    </AppModal>
  );
}

function AssignBody({
  onClose,
  defaultPlanId,
  defaultUnitId,
}: {
  onClose: () => void;
  defaultPlanId?: string | null;
  defaultUnitId?: string | null;
}) {
  const me = useCurrentMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const forms = useForms();
  const plans = useQuery({
    queryKey: ['plans', { status: 'issued', pageSize: 200, pick: 'task' }],
    queryFn: ({ signal }) => api.get<Paged<PlanSummary>>('/api/plans', { status: 'issued', pageSize: 200 }, signal),
  });
  const form = useForm(
    {
      unitId: (defaultUnitId ?? null) as string | null,
      assigneeUserId: null as string | null,
      title: '',
      description: '',
      planId: (defaultPlanId ?? null) as string | null,
      campaignId: null as string | null,
      topicIds: [] as string[],
      formIds: [] as string[],
      recurrence: 'once' as Recurrence,
      startDate: null as string | null,
      endDate: null as string | null,
      dueDate: null as string | null,
    },
    {
      unitId: required('Hãy chọn đơn vị được giao.'),
      title: required('Hãy nhập tên nhiệm vụ.'),
      dueDate: (v, all) =>
        all.recurrence === 'once' && !v && !all.endDate && !all.planId
          ? 'Nhiệm vụ một lần cần hạn hoàn thành. Hãy chọn hạn.'
          : v && all.startDate && v < all.startDate
            ? 'Hạn hoàn thành trước ngày bắt đầu. Hãy chọn lại hạn.'
            : null,
      endDate: (v, all) => dateOrderError(all.startDate, v),
    },
  );
  const canSeeUsers = can(me, 'user.manage');
  const users = useQuery({
    queryKey: ['users', { unitId: form.values.unitId, pick: true }],
    queryFn: ({ signal }) => api.get<Paged<User>>('/api/users', { unitId: form.values.unitId, pageSize: 200 }, signal),
    enabled: canSeeUsers && !!form.values.unitId,
  });
  const planCampaign = plans.data?.items.find((p) => p.id === form.values.planId)?.campaignId ?? null;
  const campaignId = form.values.campaignId ?? planCampaign;

  const create = useMutation({
    mutationFn: () => {
      const v = form.values;
      return api.post<TaskDetail>('/api/tasks', {
        unitId: v.unitId,
        assigneeUserId: v.assigneeUserId ?? undefined,
        planId: v.planId ?? undefined,
        campaignId: v.campaignId ?? undefined,
        title: v.title.trim(),
        description: v.description.trim() || undefined,
        topicIds: v.topicIds,
        formIds: v.formIds,
        recurrence: v.recurrence,
        startDate: v.startDate ?? undefined,
        endDate: v.endDate ?? undefined,
        dueDate: v.dueDate ?? undefined,
      });
    },
    onSuccess: (task) => {
      client.invalidateQueries({ queryKey: ['tasks'] });
      notifications.show({
        color: 'green',
        icon: <IconCheck size={18} />,
        title: 'Đã giao nhiệm vụ',
        message: `${task.unitName} nhận được thông báo.`,
      });
      onClose();
      navigate(`/nhiem-vu/${task.id}`);
    },
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) create.mutate();
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={form.summary} serverError={create.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <UnitSelect
            label="Đơn vị được giao"
            required
            filterUnit={(u) => u.active && !u.readOnly}
            {...form.field('unitId')}
            onChange={(v) => {
              form.setValue('unitId', v);
              form.setValue('assigneeUserId', null);
            }}
          />
          {canSeeUsers ? (
            <Select
              label="Người phụ trách"
              description="Không bắt buộc"
              placeholder={form.values.unitId ? 'Chọn người' : 'Chọn đơn vị trước'}
              data={(users.data?.items ?? [])
                .filter((u) => u.grants.some((g) => g.current && g.unitId === form.values.unitId))
                .map((u) => ({ value: u.id, label: u.fullName }))}
              disabled={!form.values.unitId}
              clearable
              searchable
              comboboxProps={{ withinPortal: true }}
              {...form.field('assigneeUserId')}
            />
          ) : null}
        </SimpleGrid>
        <TextInput label="Tên nhiệm vụ" required {...form.text('title')} />
        <Textarea label="Mô tả" autosize minRows={2} {...form.text('description')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Thuộc kế hoạch"
            description="Kế hoạch đã ban hành của đơn vị hoặc gửi tới đơn vị"
            placeholder={plans.data?.items.length === 0 ? 'Chưa có kế hoạch đã ban hành' : 'Không gắn kế hoạch'}
            data={(plans.data?.items ?? []).map((p) => ({
              value: p.id,
              label: `${p.numberText ? `Số ${p.numberText} — ` : ''}${p.subject}`,
            }))}
            clearable
            searchable
            comboboxProps={{ withinPortal: true }}
            {...form.field('planId')}
          />
          <Select
            label="Chương trình, chiến dịch"
            placeholder={planCampaign ? 'Theo kế hoạch' : 'Không gắn'}
            data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            clearable
            searchable
            comboboxProps={{ withinPortal: true }}
            {...form.field('campaignId')}
          />
        </SimpleGrid>
        <TopicTreeSelect campaignId={campaignId} value={form.values.topicIds} onChange={(v) => form.setValue('topicIds', v)} />
        <MultiSelect
          label="Hình thức tuyên truyền"
          data={(forms.data ?? []).filter((f) => !f.archived).map((f) => ({ value: f.id, label: f.name }))}
          searchable
          clearable
          hidePickedOptions
          comboboxProps={{ withinPortal: true }}
          placeholder={forms.data?.length === 0 ? 'Danh mục hình thức chưa có' : 'Chọn hình thức'}
          {...form.field('formIds')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Thực hiện"
            data={RECURRENCE_OPTIONS}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            description={
              form.values.recurrence === 'once'
                ? 'Báo cáo hoàn thành một lần'
                : form.values.recurrence === 'monthly'
                  ? 'Báo cáo mỗi tháng, hạn ngày cuối tháng'
                  : 'Báo cáo mỗi quý, hạn ngày cuối quý'
            }
            value={form.values.recurrence}
            onChange={(v) => form.setValue('recurrence', (v as Recurrence) ?? 'once')}
          />
          <DateField label="Bắt đầu" description="Để trống: hôm nay" clearable {...form.field('startDate')} />
          <DateField
            label="Kết thúc"
            description={form.values.recurrence === 'once' ? 'Không bắt buộc' : 'Để trống: theo kế hoạch hoặc cuối năm'}
            clearable
            {...form.field('endDate')}
          />
          {form.values.recurrence === 'once' ? (
            <DateField label="Hạn hoàn thành" required={!form.values.planId && !form.values.endDate} clearable {...form.field('dueDate')} />
          ) : null}
        </SimpleGrid>
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button type="submit" loading={create.isPending}>
            Giao nhiệm vụ
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
