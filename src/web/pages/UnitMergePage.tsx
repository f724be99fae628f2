// Record a merge: several units end and one unit (existing or new) succeeds them.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  List,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowMerge } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AppModal, FormErrorSummary, PageHeader } from '../components/common';
import { DateField } from '../components/DateField';
import { KIND_OPTIONS, LEVEL_OPTIONS } from '../components/UnitForms';
import { UnitMultiSelect, UnitSelect } from '../components/UnitSelect';
import { api } from '../lib/api';
import { addDays, formatDate, todayIso } from '../lib/format';
import type { Unit, UnitEvent } from '../lib/types';
import { useUnits } from '../lib/units';
import { useForm } from '../lib/useForm';
import { required } from '../lib/validate';

type Mode = 'existing' | 'new';

export default function UnitMergePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [mode, setMode] = useState<Mode>('existing');
  const [confirming, setConfirming] = useState(false);
  const { data: units } = useUnits(todayIso(), false);
  const nameOf = useMemo(() => new Map((units ?? []).map((u) => [u.id, u.name])), [units]);

  const initialSource = params.get('nguon');
  const form = useForm(
    {
      sourceIds: (initialSource ? [initialSource] : []) as string[],
      existingId: null as string | null,
      code: '',
      name: '',
      shortName: '',
      kind: 'front_committee' as string | null,
      level: null as string | null,
      parentId: null as string | null,
      effectiveDate: todayIso() as string | null,
      note: '',
    },
    {
      sourceIds: (v) => (v.length === 0 ? 'Hãy chọn ít nhất một đơn vị được hợp nhất.' : null),
      existingId: (v, all) =>
        mode !== 'existing'
          ? null
          : !v
            ? 'Hãy chọn đơn vị kế thừa.'
            : all.sourceIds.includes(v)
              ? 'Đơn vị kế thừa không được nằm trong các đơn vị được hợp nhất.'
              : null,
      code: (v) => (mode === 'new' && !v.trim() ? 'Hãy nhập mã của đơn vị mới.' : null),
      name: (v) => (mode === 'new' && !v.trim() ? 'Hãy nhập tên của đơn vị mới.' : null),
      shortName: (v) => (mode === 'new' && !v.trim() ? 'Hãy nhập tên viết tắt của đơn vị mới.' : null),
      kind: (v) => (mode === 'new' && !v ? 'Hãy chọn loại của đơn vị mới.' : null),
      effectiveDate: required('Hãy chọn ngày hợp nhất có hiệu lực.'),
    },
  );
  const v = form.values;

  const merge = useMutation({
    mutationFn: () =>
      api.post<{ event: UnitEvent; successor?: Unit; successors?: Unit[] }>('/api/units/merge', {
        sourceIds: v.sourceIds,
        target:
          mode === 'existing'
            ? { existingId: v.existingId }
            : {
                code: v.code.trim(),
                name: v.name.trim(),
                shortName: v.shortName.trim(),
                kind: v.kind,
                level: v.level ?? undefined,
                parentId: v.parentId ?? undefined,
              },
        effectiveDate: v.effectiveDate,
        note: v.note.trim() || undefined,
      }),
    onSuccess: (res) => {
      client.invalidateQueries({ queryKey: ['units'] });
      client.invalidateQueries({ queryKey: ['unit'] });
      client.invalidateQueries({ queryKey: ['me'] });
      // The contract says `successor`; accept `successors[0]` too.
      const successor = res?.successor ?? res?.successors?.[0];
      notifications.show({
        color: 'green',
        title: 'Đã ghi nhận hợp nhất',
        message: successor ? `Đơn vị kế thừa: ${successor.name}` : 'Các đơn vị đã được hợp nhất.',
      });
      navigate(successor ? `/don-vi/${successor.id}` : '/don-vi');
    },
    onError: () => setConfirming(false),
  });

  const lastDay = v.effectiveDate ? formatDate(addDays(v.effectiveDate, -1)) : '…';
  const targetName = mode === 'existing' ? (v.existingId ? nameOf.get(v.existingId) : undefined) : v.name.trim();
  const sourceNames = v.sourceIds.map((id) => nameOf.get(id) ?? id);

  return (
    <Stack gap="md" maw={860}>
      <PageHeader
        before={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/don-vi">
              Đơn vị
            </Anchor>
            <Text size="sm" c="dimmed">
              Ghi nhận hợp nhất
            </Text>
          </Breadcrumbs>
        }
        title="Ghi nhận hợp nhất đơn vị"
        description="Các đơn vị được hợp nhất kết thúc hoạt động; đơn vị kế thừa nhận lại lịch sử của chúng. Báo cáo các kỳ trước vẫn hiện đúng đơn vị cũ."
      />
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (form.validate()) setConfirming(true);
          }}
        >
          <Stack gap="md">
            <FormErrorSummary messages={form.summary} serverError={merge.error} />
            <UnitMultiSelect
              label="Các đơn vị được hợp nhất"
              description="Chọn một hoặc nhiều đơn vị sẽ kết thúc hoạt động"
              required
              {...form.field('sourceIds')}
            />
            <Stack gap={6}>
              <Text fw={500} size="md" id="merge-mode-label">
                Đơn vị kế thừa
              </Text>
              <SegmentedControl
                aria-labelledby="merge-mode-label"
                value={mode}
                onChange={(m) => setMode(m as Mode)}
                data={[
                  { value: 'existing', label: 'Đơn vị đang có' },
                  { value: 'new', label: 'Thành lập đơn vị mới' },
                ]}
                fullWidth
              />
            </Stack>
            {mode === 'existing' ? (
              <UnitSelect label="Chọn đơn vị kế thừa" required exclude={v.sourceIds} {...form.field('existingId')} />
            ) : (
              <Stack gap="md">
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  <TextInput label="Mã đơn vị mới" required {...form.text('code')} />
                  <TextInput label="Tên viết tắt" required {...form.text('shortName')} />
                </SimpleGrid>
                <TextInput label="Tên đơn vị mới" required {...form.text('name')} />
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  <Select
                    label="Loại đơn vị"
                    data={KIND_OPTIONS}
                    required
                    allowDeselect={false}
                    {...form.field('kind')}
                  />
                  <Select label="Cấp" data={LEVEL_OPTIONS} clearable placeholder="Chọn cấp" {...form.field('level')} />
                </SimpleGrid>
                <UnitSelect label="Trực thuộc" exclude={v.sourceIds} {...form.field('parentId')} />
              </Stack>
            )}
            <DateField
              label="Ngày hợp nhất có hiệu lực"
              description={v.effectiveDate ? `Các đơn vị được hợp nhất hoạt động đến hết ngày ${lastDay}.` : undefined}
              required
              {...form.field('effectiveDate')}
            />
            <Textarea
              label="Ghi chú"
              placeholder="Ví dụ: theo Nghị quyết số … của …"
              autosize
              minRows={2}
              {...form.text('note')}
            />
            <Group justify="flex-end" className="lt-sticky-actions">
              <Button component={Link} to="/don-vi" variant="default">
                Hủy
              </Button>
              <Button type="submit" leftSection={<IconArrowMerge size={18} />}>
                Xem lại và xác nhận
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <AppModal opened={confirming} onClose={() => setConfirming(false)} title="Xác nhận hợp nhất đơn vị">
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Điều gì sẽ xảy ra">
            <List size="sm" spacing={4}>
              <List.Item>
                Các đơn vị <b>{sourceNames.join(', ')}</b> hoạt động đến hết ngày <b>{lastDay}</b>, sau đó chỉ còn xem
                trong lịch sử.
              </List.Item>
              <List.Item>
                Từ ngày <b>{formatDate(v.effectiveDate)}</b>, <b>{targetName || 'đơn vị kế thừa'}</b>
                {mode === 'new' ? ' được thành lập và' : ''} là đơn vị kế thừa của các đơn vị trên.
              </List.Item>
              <List.Item>Dữ liệu và lịch sử của các đơn vị cũ được giữ nguyên, không bị xóa.</List.Item>
            </List>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Quay lại sửa
            </Button>
            <Button loading={merge.isPending} onClick={() => merge.mutate()} leftSection={<IconArrowMerge size={18} />}>
              Ghi nhận hợp nhất
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Stack>
  );
}
