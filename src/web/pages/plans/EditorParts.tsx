// Parts of the plan editor: bases, sections, footnotes, milestones, responsibilities, recipients.
import {
  ActionIcon,
  Button,
  Group,
  Menu,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import {
  IconArrowDown,
  IconArrowUp,
  IconBuildingCommunity,
  IconChevronDown,
  IconFileText,
  IconLink,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { emptyDoc } from '../../../shared/richtext';
import { DateField } from '../../components/DateField';
import { RichTextEditor } from '../../components/RichTextEditor';
import { UnitMultiSelect, UnitSelect } from '../../components/UnitSelect';
import { api } from '../../lib/api';
import {
  type Basis,
  docTypeLabel,
  type PlanSummary,
  RECURRENCE_OPTIONS,
  type Recurrence,
  TARGET_GROUP_OPTIONS,
  type TargetGroup,
} from '../../lib/plans';
import type { Paged, Unit } from '../../lib/types';
import {
  blankDuty,
  DEFAULT_SECTIONS,
  type EditorErrors,
  type EditorMilestone,
  type EditorResponsibility,
  type EditorState,
  newKey,
  nextRoman,
  renumber,
} from './editorModel';

type Setter<K extends keyof EditorState> = (value: EditorState[K]) => void;

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

function RowTools({
  index,
  count,
  onMove,
  onRemove,
  what,
}: {
  index: number;
  count: number;
  onMove?: (to: number) => void;
  onRemove: () => void;
  what: string;
}) {
  return (
    <Group gap={2} wrap="nowrap">
      {onMove ? (
        <>
          <ActionIcon size={36} color="gray" aria-label={`Đưa ${what} lên trên`} disabled={index === 0} onClick={() => onMove(index - 1)}>
            <IconArrowUp size={18} />
          </ActionIcon>
          <ActionIcon
            size={36}
            color="gray"
            aria-label={`Đưa ${what} xuống dưới`}
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
          >
            <IconArrowDown size={18} />
          </ActionIcon>
        </>
      ) : null}
      <ActionIcon size={36} color="red" aria-label={`Xóa ${what}`} onClick={onRemove}>
        <IconTrash size={18} />
      </ActionIcon>
    </Group>
  );
}

/** Removes an item and offers to undo (a toast with a button). */
function removeWithUndo<T>(list: T[], index: number, set: (v: T[]) => void, label: string, getLatest: () => T[]) {
  const removed = list[index];
  set(list.filter((_, i) => i !== index));
  const id = `undo-${Date.now()}`;
  notifications.show({
    id,
    color: 'gray',
    title: `Đã xóa ${label}`,
    autoClose: 8000,
    message: (
      <Button
        size="compact-sm"
        variant="light"
        mt={4}
        onClick={() => {
          const latest = getLatest();
          const next = [...latest];
          next.splice(Math.min(index, next.length), 0, removed);
          set(next);
          notifications.hide(id);
        }}
      >
        Hoàn tác
      </Button>
    ),
  });
}

// ---------------------------------------------------------------- bases

function PlanPicker({
  value,
  label,
  onChange,
  error,
}: {
  value: string | null;
  label: string | null;
  onChange: (id: string | null, plan: PlanSummary | null) => void;
  error?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const results = useQuery({
    queryKey: ['plans', { search: debounced, pick: true }],
    queryFn: ({ signal }) => api.get<Paged<PlanSummary>>('/api/plans', { search: debounced, pageSize: 20 }, signal),
    enabled: debounced.trim().length >= 2,
  });
  const items = (results.data?.items ?? []).filter((p) => p.status === 'issued' || p.status === 'closed');
  const data = items.map((p) => ({
    value: p.id,
    label: `${p.numberText ? `${docTypeLabel(p.docType)} số ${p.numberText}` : docTypeLabel(p.docType)} — ${p.subject}`,
  }));
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: label ?? 'Kế hoạch đã chọn' });
  return (
    <Select
      label="Kế hoạch được căn cứ"
      placeholder="Gõ số hoặc trích yếu, ví dụ 51/KH"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={(v) => onChange(v, items.find((p) => p.id === v) ?? null)}
      filter={({ options }) => options}
      nothingFoundMessage={
        debounced.trim().length < 2 ? 'Gõ ít nhất 2 ký tự để tìm' : results.isFetching ? 'Đang tìm…' : 'Không tìm thấy kế hoạch đã ban hành phù hợp'
      }
      comboboxProps={{ withinPortal: true }}
      error={error}
      clearable
    />
  );
}

export function BasesEditor({ value, onChange, errors }: { value: EditorState['bases']; onChange: Setter<'bases'>; errors: EditorErrors }) {
  const update = (i: number, patch: Partial<Basis>) => onChange(value.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const blank = (linked: boolean): EditorState['bases'][number] => ({
    key: newKey(),
    linked,
    basedOnPlanId: null,
    externalNumber: null,
    externalDate: null,
    externalIssuer: null,
    externalTitle: null,
  });
  return (
    <Stack gap="sm">
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          Chưa có căn cứ. Kế hoạch thực hiện thường căn cứ kế hoạch của cấp trên và văn bản của cấp ủy cùng cấp.
        </Text>
      ) : null}
      {value.map((b, i) => {
        const linked = b.linked;
        return (
          <Paper key={b.key} withBorder p="sm">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600} size="sm">
                  Căn cứ {i + 1}: {linked ? 'kế hoạch trong Lan Tỏa' : 'văn bản khác'}
                </Text>
                <RowTools index={i} count={value.length} what={`căn cứ ${i + 1}`} onRemove={() => onChange(value.filter((_, j) => j !== i))} />
              </Group>
              {linked ? (
                <PlanPicker
                  value={b.basedOnPlanId}
                  label={b.basedOnNumberText ? `Số ${b.basedOnNumberText}${b.basedOnSubject ? ` — ${b.basedOnSubject}` : ''}` : null}
                  onChange={(id, p) =>
                    update(i, { basedOnPlanId: id, basedOnNumberText: p?.numberText ?? null, basedOnSubject: p?.subject ?? null })
                  }
                  error={errors[`bases.${i}`]}
                />
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextInput
                    label="Số, ký hiệu"
                    placeholder="224-KH/TU"
                    value={b.externalNumber ?? ''}
                    onChange={(e) => update(i, { externalNumber: e.currentTarget.value })}
                    error={errors[`bases.${i}`]}
                  />
                  <DateField label="Ngày" value={b.externalDate} onChange={(v) => update(i, { externalDate: v })} clearable />
                  <TextInput
                    label="Cơ quan ban hành"
                    placeholder="Thành ủy Tam Kỳ"
                    value={b.externalIssuer ?? ''}
                    onChange={(e) => update(i, { externalIssuer: e.currentTarget.value })}
                  />
                </SimpleGrid>
              )}
              {!linked ? (
                <TextInput
                  label="Trích yếu"
                  value={b.externalTitle ?? ''}
                  onChange={(e) => update(i, { externalTitle: e.currentTarget.value })}
                />
              ) : null}
            </Stack>
          </Paper>
        );
      })}
      <Group gap="xs">
        <Button variant="light" size="sm" leftSection={<IconLink size={16} />} onClick={() => onChange([...value, blank(true)])}>
          Căn cứ kế hoạch trong Lan Tỏa
        </Button>
        <Button variant="default" size="sm" leftSection={<IconFileText size={16} />} onClick={() => onChange([...value, blank(false)])}>
          Căn cứ văn bản khác
        </Button>
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- sections

export function SectionsEditor({
  value,
  onChange,
  errors,
  getLatest,
}: {
  value: EditorState['sections'];
  onChange: Setter<'sections'>;
  errors: EditorErrors;
  getLatest: () => EditorState['sections'];
}) {
  const update = (i: number, patch: Partial<EditorState['sections'][number]>) =>
    onChange(value.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Stack gap="md">
      {value.length === 0 ? (
        <Paper withBorder p="md">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">Kế hoạch tuyên truyền thường có 5 phần: {DEFAULT_SECTIONS.join('; ')}.</Text>
            <Button
              variant="light"
              size="sm"
              leftSection={<IconPlus size={16} />}
              onClick={() => onChange(DEFAULT_SECTIONS.map((heading) => ({ key: newKey(), heading, content: emptyDoc() })))}
            >
              Thêm 5 phần thường dùng
            </Button>
          </Stack>
        </Paper>
      ) : null}
      {value.map((s, i) => (
        <Paper key={s.key} withBorder p="sm" bg="gray.0">
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={700}>Phần {i + 1}</Text>
              <RowTools
                index={i}
                count={value.length}
                what={`phần ${i + 1}`}
                onMove={(to) => onChange(renumber(move(value, i, to)))}
                onRemove={() => removeWithUndo(value, i, (v) => onChange(renumber(v)), `phần «${s.heading || i + 1}»`, getLatest)}
              />
            </Group>
            <TextInput
              label={`Tiêu đề phần ${i + 1}`}
              value={s.heading}
              onChange={(e) => update(i, { heading: e.currentTarget.value })}
              error={errors[`sections.${i}.heading`]}
            />
            <RichTextEditor label={`Nội dung phần ${i + 1}`} value={s.content} onChange={(content) => update(i, { content })} minHeight={140} />
          </Stack>
        </Paper>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={18} />}
          onClick={() => onChange([...value, { key: newKey(), heading: `${nextRoman(value.length)}. `, content: emptyDoc() }])}
        >
          Thêm phần
        </Button>
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- footnotes

export function FootnotesEditor({ value, onChange, errors }: { value: EditorState['footnotes']; onChange: Setter<'footnotes'>; errors: EditorErrors }) {
  const update = (i: number, patch: Partial<EditorState['footnotes'][number]>) =>
    onChange(value.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Stack gap="xs">
      {value.map((f, i) => (
        <Group key={f.key} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label="Ký hiệu"
            w={90}
            value={f.marker}
            onChange={(e) => update(i, { marker: e.currentTarget.value })}
            error={errors[`footnotes.${i}.marker`] ? ' ' : undefined}
            aria-invalid={!!errors[`footnotes.${i}.marker`]}
          />
          <TextInput
            label="Nội dung chú thích"
            value={f.text ?? ''}
            onChange={(e) => update(i, { text: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 0 }}
            error={errors[`footnotes.${i}.marker`]}
          />
          <ActionIcon mt={30} size={36} color="red" aria-label={`Xóa chú thích ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <IconTrash size={18} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconPlus size={16} />}
          onClick={() => onChange([...value, { key: newKey(), marker: `(${value.length + 1})`, text: '' }])}
        >
          Thêm chú thích
        </Button>
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- milestones

export function MilestonesEditor({ value, onChange, errors }: { value: EditorMilestone[]; onChange: Setter<'milestones'>; errors: EditorErrors }) {
  const update = (i: number, patch: Partial<EditorMilestone>) => onChange(value.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Stack gap="sm">
      {value.map((m, i) => (
        <Paper key={m.key} withBorder p="sm">
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={700}>Mốc {i + 1}</Text>
              <RowTools index={i} count={value.length} what={`mốc ${i + 1}`} onRemove={() => onChange(value.filter((_, j) => j !== i))} />
            </Group>
            <TextInput
              label={`Nội dung mốc ${i + 1}`}
              placeholder="Ngày Khoa học và Công nghệ Việt Nam"
              value={m.title}
              onChange={(e) => update(i, { title: e.currentTarget.value })}
              error={errors[`milestones.${i}.title`]}
            />
            <SegmentedControl
              size="sm"
              value={m.yearly ? 'yearly' : 'date'}
              onChange={(v) => update(i, { yearly: v === 'yearly' })}
              data={[
                { value: 'date', label: 'Ngày cụ thể' },
                { value: 'yearly', label: 'Hằng năm' },
              ]}
              aria-label={`Kiểu mốc ${i + 1}`}
              style={{ alignSelf: 'flex-start' }}
            />
            {m.yearly ? (
              <Group gap="xs" align="flex-start">
                <NumberInput
                  label="Ngày"
                  min={1}
                  max={31}
                  w={110}
                  value={m.day ?? ''}
                  onChange={(v) => update(i, { day: typeof v === 'number' ? v : null })}
                  error={errors[`milestones.${i}.date`]}
                />
                <NumberInput
                  label="Tháng"
                  min={1}
                  max={12}
                  w={110}
                  value={m.month ?? ''}
                  onChange={(v) => update(i, { month: typeof v === 'number' ? v : null })}
                />
              </Group>
            ) : (
              <DateField label="Ngày" value={m.date} onChange={(v) => update(i, { date: v })} error={errors[`milestones.${i}.date`]} maw={240} />
            )}
          </Stack>
        </Paper>
      ))}
      <Group>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconPlus size={16} />}
          onClick={() => onChange([...value, { key: newKey(), title: '', date: null, month: null, day: null, yearly: false }])}
        >
          Thêm mốc thời gian
        </Button>
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- responsibilities

export function ResponsibilitiesEditor({
  value,
  onChange,
  errors,
  getLatest,
}: {
  value: EditorResponsibility[];
  onChange: Setter<'responsibilities'>;
  errors: EditorErrors;
  getLatest: () => EditorResponsibility[];
}) {
  const update = (i: number, patch: Partial<EditorResponsibility>) =>
    onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const updateDuty = (i: number, j: number, patch: Partial<EditorResponsibility['duties'][number]>) =>
    update(i, { duties: value[i].duties.map((d, k) => (k === j ? { ...d, ...patch } : d)) });
  const headingFor = (g: TargetGroup | null) => (g && g !== 'units' ? (TARGET_GROUP_OPTIONS.find((o) => o.value === g)?.label ?? '') : '');
  return (
    <Stack gap="md">
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          Mỗi nhóm gồm đơn vị thực hiện và các nhiệm vụ. Khi ban hành, mỗi nhiệm vụ trở thành nhiệm vụ được giao cho từng
          đơn vị, có hạn và được theo dõi; các đơn vị thuộc nhóm nhận yêu cầu xây dựng kế hoạch thực hiện.
        </Text>
      ) : null}
      {value.map((r, i) => (
        <Paper key={r.key} withBorder p="sm" bg="gray.0">
          <Stack gap="sm">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={700}>Nhóm thực hiện {i + 1}</Text>
              <RowTools
                index={i}
                count={value.length}
                what={`nhóm ${i + 1}`}
                onMove={(to) => onChange(move(value, i, to))}
                onRemove={() => removeWithUndo(value, i, onChange, `nhóm «${r.heading || i + 1}»`, getLatest)}
              />
            </Group>
            <TextInput
              label={`Tên đơn vị, nhóm thực hiện ${i + 1}`}
              description="In thành mục «1., 2., …» của phần Tổ chức thực hiện"
              placeholder="Ban Thường trực Ủy ban MTTQ các phường, xã"
              value={r.heading}
              onChange={(e) => update(i, { heading: e.currentTarget.value })}
              error={errors[`responsibilities.${i}.heading`]}
            />
            <Select
              label="Giao cho"
              data={TARGET_GROUP_OPTIONS}
              value={r.targetGroup}
              onChange={(v) => {
                const g = (v as TargetGroup | null) ?? null;
                update(i, { targetGroup: g, ...(r.heading.trim() ? {} : { heading: headingFor(g) }) });
              }}
              placeholder="Chọn nhóm đơn vị"
              comboboxProps={{ withinPortal: true }}
            />
            {r.targetGroup === 'units' ? (
              <UnitMultiSelect
                label="Các đơn vị"
                value={r.targetUnitIds}
                onChange={(ids) => update(i, { targetUnitIds: ids })}
                filterUnit={(u: Unit) => u.active && !u.readOnly}
                error={errors[`responsibilities.${i}.targetUnitIds`]}
              />
            ) : null}
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                Nhiệm vụ
              </Text>
              {r.duties.map((d, j) => (
                <Paper key={d.key} withBorder p="xs">
                  <Stack gap={6}>
                    <Group align="flex-start" gap="xs" wrap="nowrap">
                      <Textarea
                        aria-label={`Nhiệm vụ ${j + 1} của nhóm ${i + 1}`}
                        placeholder="Nội dung nhiệm vụ"
                        autosize
                        minRows={2}
                        value={d.text}
                        onChange={(e) => updateDuty(i, j, { text: e.currentTarget.value })}
                        error={errors[`responsibilities.${i}.duties.${j}.text`]}
                        style={{ flex: 1, minWidth: 0 }}
                      />
                      <ActionIcon
                        size={36}
                        color="red"
                        aria-label={`Xóa nhiệm vụ ${j + 1} của nhóm ${i + 1}`}
                        onClick={() => update(i, { duties: r.duties.filter((_, k) => k !== j) })}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Group>
                    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
                      <Select
                        size="sm"
                        label="Thực hiện"
                        data={RECURRENCE_OPTIONS}
                        value={d.recurrence}
                        allowDeselect={false}
                        onChange={(v) => updateDuty(i, j, { recurrence: (v as Recurrence) ?? 'once' })}
                        comboboxProps={{ withinPortal: true }}
                      />
                      <DateField
                        size="sm"
                        label={d.recurrence === 'once' ? 'Hạn hoàn thành' : 'Thực hiện đến ngày'}
                        value={d.dueDate}
                        onChange={(v) => updateDuty(i, j, { dueDate: v })}
                        clearable
                        error={errors[`responsibilities.${i}.duties.${j}.dueDate`] ? 'Cần hạn hoàn thành' : undefined}
                      />
                    </SimpleGrid>
                  </Stack>
                </Paper>
              ))}
              <Group>
                <Button
                  variant="subtle"
                  size="compact-md"
                  leftSection={<IconPlus size={16} />}
                  onClick={() => update(i, { duties: [...r.duties, blankDuty()] })}
                >
                  Thêm nhiệm vụ
                </Button>
              </Group>
            </Stack>
          </Stack>
        </Paper>
      ))}
      <Group>
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button variant="default" leftSection={<IconPlus size={18} />} rightSection={<IconChevronDown size={16} />}>
              Thêm nhóm thực hiện
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {TARGET_GROUP_OPTIONS.map((o) => (
              <Menu.Item
                key={o.value}
                leftSection={<IconBuildingCommunity size={16} />}
                onClick={() =>
                  onChange([
                    ...value,
                    { key: newKey(), heading: headingFor(o.value), targetGroup: o.value, targetUnitIds: [], duties: [blankDuty()] },
                  ])
                }
              >
                {o.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- recipients

export function RecipientsEditor({
  value,
  onChange,
  errors,
  unitName,
}: {
  value: EditorState['recipients'];
  onChange: Setter<'recipients'>;
  errors: EditorErrors;
  unitName: (id: string) => string | undefined;
}) {
  const [adding, setAdding] = useState<string | null>(null);
  const [addSearch, setAddSearch] = useState('');
  const update = (i: number, text: string) => onChange(value.map((r, j) => (j === i ? { ...r, text } : r)));
  return (
    <Stack gap="xs">
      {value.map((r, i) => (
        <Group key={r.key} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={`Nơi nhận ${i + 1}`}
            leftSection={
              r.unitId ? (
                <IconBuildingCommunity size={16} aria-label="Đơn vị trong Lan Tỏa, nhận văn bản khi ban hành" />
              ) : undefined
            }
            value={r.text}
            onChange={(e) => update(i, e.currentTarget.value)}
            error={errors[`recipients.${i}`]}
            style={{ flex: 1, minWidth: 0 }}
          />
          <RowTools
            index={i}
            count={value.length}
            what={`nơi nhận ${i + 1}`}
            onMove={(to) => onChange(move(value, i, to))}
            onRemove={() => onChange(value.filter((_, j) => j !== i))}
          />
        </Group>
      ))}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <UnitSelect
          aria-label="Thêm đơn vị nhận"
          placeholder="Thêm đơn vị nhận (gõ tên)"
          value={adding}
          searchValue={addSearch}
          onSearchChange={setAddSearch}
          filterUnit={(u) => u.active && !u.readOnly}
          exclude={value.map((r) => r.unitId).filter((u): u is string => !!u)}
          onChange={(id) => {
            if (!id) return;
            onChange([...value, { key: newKey(), unitId: id, text: unitName(id) ?? '' }]);
            setAdding(null);
            setAddSearch('');
          }}
        />
        <Button
          variant="default"
          leftSection={<IconPlus size={18} />}
          onClick={() => onChange([...value, { key: newKey(), unitId: null, text: '' }])}
        >
          Thêm nơi nhận khác
        </Button>
      </SimpleGrid>
    </Stack>
  );
}
