// Modals that change units: create, edit, move, close.
import {
  Alert,
  Button,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { UNIT_KINDS, UNIT_LEVELS } from '../../shared/units';
import { api, isApiError } from '../lib/api';
import { formatDate, todayIso } from '../lib/format';
import { kindLabel, levelLabel } from '../lib/labels';
import type { Unit, UnitDetail } from '../lib/types';
import { buildTree, descendantIds, useUnits } from '../lib/units';
import { useForm } from '../lib/useForm';
import { emailError, phoneError, required } from '../lib/validate';
import { AppModal, FormErrorSummary } from './common';
import { DateField } from './DateField';
import { UnitSelect } from './UnitSelect';

export const KIND_OPTIONS = UNIT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }));
export const LEVEL_OPTIONS = UNIT_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }));

function invalidateUnits(client: ReturnType<typeof useQueryClient>, id?: string) {
  client.invalidateQueries({ queryKey: ['units'] });
  if (id) client.invalidateQueries({ queryKey: ['unit', id] });
  client.invalidateQueries({ queryKey: ['unit'] });
}

const emptyToNull = (s: string) => (s.trim() === '' ? null : s.trim());
const emptyToUndef = (s: string) => (s.trim() === '' ? undefined : s.trim());

// ---------------------------------------------------------------- create

export function CreateUnitModal({
  opened,
  onClose,
  defaultParentId,
}: {
  opened: boolean;
  onClose: () => void;
  defaultParentId?: string | null;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Thêm đơn vị" size="xl">
      {opened ? <CreateUnitBody opened={opened} onClose={onClose} defaultParentId={defaultParentId} /> : null}
    </AppModal>
  );
}

function CreateUnitBody({
  onClose,
  defaultParentId,
}: {
  opened: boolean;
  onClose: () => void;
  defaultParentId?: string | null;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const initial = {
    code: '',
    name: '',
    shortName: '',
    kind: 'front_committee' as string | null,
    level: null as string | null,
    parentId: (defaultParentId ?? null) as string | null,
    validFrom: todayIso() as string | null,
    address: '',
    phone: '',
    email: '',
    term: '',
    population: '' as string | number,
    note: '',
  };
  const form = useForm(initial, {
    code: (v) =>
      !v.trim()
        ? 'Hãy nhập mã đơn vị.'
        : !/^[A-Za-z0-9._-]{1,40}$/.test(v.trim())
          ? 'Mã đơn vị chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (tối đa 40 ký tự).'
          : null,
    name: required('Hãy nhập tên đơn vị.'),
    shortName: required('Hãy nhập tên viết tắt (tên ngắn), ví dụ: MTTQ phường Tam Kỳ.'),
    kind: required('Hãy chọn loại đơn vị.'),
    validFrom: required('Hãy chọn ngày bắt đầu hoạt động.'),
    phone: phoneError,
    email: emailError,
  });

  const create = useMutation({
    mutationFn: () => {
      const v = form.values;
      return api.post<Unit>('/api/units', {
        code: v.code.trim(),
        name: v.name.trim(),
        shortName: v.shortName.trim(),
        kind: v.kind,
        level: v.level ?? undefined,
        parentId: v.parentId ?? undefined,
        validFrom: v.validFrom ?? undefined,
        address: emptyToUndef(v.address),
        phone: emptyToUndef(v.phone),
        email: emptyToUndef(v.email),
        term: emptyToUndef(v.term),
        population: typeof v.population === 'number' ? v.population : undefined,
        note: emptyToUndef(v.note),
      });
    },
    onSuccess: (unit) => {
      invalidateUnits(client);
      notifications.show({ color: 'green', title: 'Đã thêm đơn vị', message: unit.name });
      onClose();
      navigate(`/don-vi/${unit.id}`);
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
          <TextInput label="Mã đơn vị" description="Mã duy nhất, ví dụ: DN-TAMKY" required {...form.text('code')} />
          <TextInput
            label="Tên viết tắt"
            description="Tên ngắn hiện trong danh sách"
            required
            {...form.text('shortName')}
          />
        </SimpleGrid>
        <TextInput
          label="Tên đơn vị"
          description="Tên đầy đủ, ví dụ: Ủy ban MTTQ Việt Nam phường Tam Kỳ"
          required
          {...form.text('name')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select label="Loại đơn vị" data={KIND_OPTIONS} required allowDeselect={false} {...form.field('kind')} />
          <Select label="Cấp" data={LEVEL_OPTIONS} clearable placeholder="Chọn cấp" {...form.field('level')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <UnitSelect
            label="Trực thuộc"
            description="Để trống nếu là đơn vị cấp cao nhất"
            {...form.field('parentId')}
          />
          <DateField label="Ngày bắt đầu hoạt động" required {...form.field('validFrom')} />
        </SimpleGrid>
        <TextInput label="Địa chỉ" {...form.text('address')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Điện thoại" type="tel" {...form.text('phone')} />
          <TextInput label="Email" type="email" {...form.text('email')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Nhiệm kỳ" placeholder="Ví dụ: 2024–2029" {...form.text('term')} />
          <NumberInput
            label="Số dân"
            min={0}
            thousandSeparator="."
            decimalSeparator=","
            allowDecimal={false}
            {...form.field('population')}
          />
        </SimpleGrid>
        <Textarea label="Ghi chú" autosize minRows={2} {...form.text('note')} />
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button type="submit" loading={create.isPending}>
            Thêm đơn vị
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- edit

export const CONFLICT_MESSAGE = 'Đơn vị đã được người khác sửa. Hãy tải lại để xem bản mới nhất.';

export function EditUnitModal({
  unit,
  opened,
  onClose,
  onReload,
}: {
  unit: UnitDetail;
  opened: boolean;
  onClose: () => void;
  onReload: () => Promise<UnitDetail | undefined>;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={`Sửa thông tin: ${unit.name}`} size="xl">
      {opened ? <EditUnitBody unit={unit} opened={opened} onClose={onClose} onReload={onReload} /> : null}
    </AppModal>
  );
}

function EditUnitBody({
  unit,
  onClose,
  onReload,
}: {
  unit: UnitDetail;
  opened: boolean;
  onClose: () => void;
  onReload: () => Promise<UnitDetail | undefined>;
}) {
  const client = useQueryClient();
  const fromUnit = (u: Unit) => ({
    name: u.name ?? '',
    shortName: u.shortName ?? '',
    level: (u.level ?? null) as string | null,
    address: u.address ?? '',
    phone: u.phone ?? '',
    email: u.email ?? '',
    term: u.term ?? '',
    population: (u.population ?? '') as string | number,
    note: u.note ?? '',
    renameDate: todayIso() as string | null,
  });
  const form = useForm(fromUnit(unit), {
    name: required('Hãy nhập tên đơn vị.'),
    shortName: required('Hãy nhập tên viết tắt.'),
    phone: phoneError,
    email: emailError,
    renameDate: (v, all) => (all.name.trim() !== unit.name && !v ? 'Hãy chọn ngày đổi tên.' : null),
  });
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);

  const renamed = form.values.name.trim() !== unit.name;

  const save = useMutation({
    mutationFn: () => {
      const v = form.values;
      const body: Record<string, unknown> = { version: unit.version };
      if (v.name.trim() !== unit.name) {
        body.name = v.name.trim();
        if (v.renameDate) body.renameDate = v.renameDate;
      }
      if (v.shortName.trim() !== (unit.shortName ?? '')) body.shortName = v.shortName.trim();
      if ((v.level ?? null) !== (unit.level ?? null)) body.level = v.level;
      for (const key of ['address', 'phone', 'email', 'term', 'note'] as const) {
        if (v[key].trim() !== (unit[key] ?? '')) body[key] = emptyToNull(v[key]);
      }
      const pop = typeof v.population === 'number' ? v.population : null;
      if (pop !== (unit.population ?? null)) body.population = pop;
      return api.patch<Unit>(`/api/units/${unit.id}`, body);
    },
    onSuccess: (u) => {
      invalidateUnits(client, unit.id);
      notifications.show({ color: 'green', title: 'Đã lưu thay đổi', message: u.name });
      onClose();
    },
    onError: (err) => {
      if (isApiError(err, 'version_conflict') || (isApiError(err) && err.status === 409)) setConflict(true);
    },
  });

  const reload = async () => {
    setReloading(true);
    try {
      const latest = await onReload();
      if (latest) form.reset(fromUnit(latest));
      setConflict(false);
      save.reset();
    } finally {
      setReloading(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) save.mutate();
      }}
    >
      <Stack gap="md">
        {conflict ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title="Chưa lưu được"
            role="alert"
          >
            <Stack gap="xs">
              <Text>{CONFLICT_MESSAGE}</Text>
              <Group>
                <Button
                  size="xs"
                  variant="white"
                  color="orange"
                  leftSection={<IconRefresh size={16} />}
                  loading={reloading}
                  onClick={reload}
                >
                  Tải lại bản mới nhất
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <FormErrorSummary messages={form.summary} serverError={save.error} />
        )}
        <TextInput label="Mã đơn vị" value={unit.code} readOnly disabled description="Mã không sửa được" />
        <TextInput label="Tên đơn vị" required {...form.text('name')} />
        {renamed ? (
          <DateField
            label="Ngày đổi tên"
            description="Tên cũ vẫn được giữ trong lịch sử đến trước ngày này"
            required
            {...form.field('renameDate')}
          />
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Tên viết tắt" required {...form.text('shortName')} />
          <Select label="Cấp" data={LEVEL_OPTIONS} clearable placeholder="Chọn cấp" {...form.field('level')} />
        </SimpleGrid>
        <TextInput label="Địa chỉ" {...form.text('address')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Điện thoại" type="tel" {...form.text('phone')} />
          <TextInput label="Email" type="email" {...form.text('email')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Nhiệm kỳ" {...form.text('term')} />
          <NumberInput
            label="Số dân"
            min={0}
            thousandSeparator="."
            decimalSeparator=","
            allowDecimal={false}
            {...form.field('population')}
          />
        </SimpleGrid>
        <Textarea label="Ghi chú" autosize minRows={2} {...form.text('note')} />
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button type="submit" loading={save.isPending} disabled={conflict}>
            Lưu thay đổi
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- move

export function MoveUnitModal({ unit, opened, onClose }: { unit: UnitDetail; opened: boolean; onClose: () => void }) {
  return (
    <AppModal opened={opened} onClose={onClose} title={`Chuyển trực thuộc: ${unit.name}`}>
      {opened ? <MoveUnitBody unit={unit} opened={opened} onClose={onClose} /> : null}
    </AppModal>
  );
}

function MoveUnitBody({ unit, opened, onClose }: { unit: UnitDetail; opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const { data: units } = useUnits(todayIso(), false, opened);
  const excluded = useMemo(() => descendantIds(buildTree(units ?? []), unit.id).add(unit.id), [units, unit.id]);
  const form = useForm(
    { parentId: null as string | null, effectiveDate: todayIso() as string | null },
    {
      parentId: (v) =>
        !v ? 'Hãy chọn đơn vị cấp trên mới.' : v === unit.parentId ? 'Đơn vị đang trực thuộc đơn vị này rồi.' : null,
      effectiveDate: required('Hãy chọn ngày hiệu lực.'),
    },
  );

  const move = useMutation({
    mutationFn: () =>
      api.post<Unit>(`/api/units/${unit.id}/move`, {
        parentId: form.values.parentId,
        effectiveDate: form.values.effectiveDate,
      }),
    onSuccess: () => {
      invalidateUnits(client, unit.id);
      notifications.show({ color: 'green', title: 'Đã chuyển trực thuộc', message: unit.name });
      onClose();
    },
  });

  const currentParent = unit.parents.find((p) => !p.validTo || p.validTo >= todayIso());

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) move.mutate();
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={form.summary} serverError={move.error} />
        <Text>
          Hiện trực thuộc: <b>{currentParent?.parentName ?? 'không trực thuộc đơn vị nào'}</b>
        </Text>
        <UnitSelect label="Đơn vị cấp trên mới" required exclude={excluded} {...form.field('parentId')} />
        <DateField
          label="Ngày hiệu lực"
          description="Từ ngày này đơn vị trực thuộc đơn vị mới; trước đó vẫn thuộc đơn vị cũ"
          required
          {...form.field('effectiveDate')}
        />
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button type="submit" loading={move.isPending}>
            Chuyển trực thuộc
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- close

export function CloseUnitModal({ unit, opened, onClose }: { unit: UnitDetail; opened: boolean; onClose: () => void }) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Kết thúc hoạt động đơn vị?">
      {opened ? <CloseUnitBody unit={unit} opened={opened} onClose={onClose} /> : null}
    </AppModal>
  );
}

function CloseUnitBody({ unit, onClose }: { unit: UnitDetail; opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const form = useForm(
    { effectiveDate: todayIso() as string | null, note: '' },
    {
      effectiveDate: (v) =>
        !v
          ? 'Hãy chọn ngày kết thúc.'
          : unit.validFrom && v < unit.validFrom
            ? `Ngày kết thúc trước ngày bắt đầu hoạt động (${formatDate(unit.validFrom)}). Hãy chọn lại.`
            : null,
    },
  );

  const closeUnit = useMutation({
    mutationFn: () =>
      api.post<Unit>(`/api/units/${unit.id}/close`, {
        effectiveDate: form.values.effectiveDate,
        note: emptyToUndef(form.values.note),
      }),
    onSuccess: () => {
      invalidateUnits(client, unit.id);
      client.invalidateQueries({ queryKey: ['users'] });
      client.invalidateQueries({ queryKey: ['me'] });
      notifications.show({ color: 'green', title: 'Đã ghi nhận kết thúc hoạt động', message: unit.name });
      onClose();
    },
  });

  const activeChildren = unit.children.filter((c) => c.active);
  const date = formatDate(form.values.effectiveDate) || '…';

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.validate()) closeUnit.mutate();
      }}
    >
      <Stack gap="md">
        <FormErrorSummary messages={form.summary} serverError={closeUnit.error} />
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Điều gì sẽ xảy ra">
          <List size="sm" spacing={4}>
            <List.Item>
              <b>{unit.name}</b> hoạt động đến hết ngày <b>{date}</b>, sau đó chỉ còn xem được trong lịch sử.
            </List.Item>
            <List.Item>Mọi vai trò (phân quyền) của người dùng tại đơn vị này kết thúc vào ngày đó.</List.Item>
            <List.Item>Dữ liệu và lịch sử của đơn vị được giữ nguyên, không bị xóa.</List.Item>
            {activeChildren.length > 0 ? (
              <List.Item>
                Đơn vị đang có {activeChildren.length} đơn vị trực thuộc. Hãy chuyển trực thuộc chúng sang đơn vị khác
                nếu cần.
              </List.Item>
            ) : null}
          </List>
        </Alert>
        <Text size="sm" c="dimmed">
          Nếu đơn vị được hợp nhất vào đơn vị khác, hãy dùng “Ghi nhận hợp nhất” để giữ liên kết kế thừa.
        </Text>
        <DateField label="Ngày kết thúc hoạt động" required {...form.field('effectiveDate')} />
        <Textarea
          label="Ghi chú"
          placeholder="Ví dụ: theo Nghị quyết số …"
          autosize
          minRows={2}
          {...form.text('note')}
        />
        <Group justify="flex-end" className="lt-sticky-actions">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button type="submit" color="red" loading={closeUnit.isPending}>
            Kết thúc hoạt động
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
