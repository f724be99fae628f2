// Report period: preset (Tháng, Quý, 6 tháng, Năm, Tùy chọn), year, number, cut-off day, and the server's preview.
import { Alert, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCalendarStats } from '@tabler/icons-react';
import { useIsPhone } from '../../components/common';
import { DateField } from '../../components/DateField';
import { errorMessage } from '../../lib/api';
import { formatDate, todayIso } from '../../lib/format';
import {
  PERIOD_KIND_OPTIONS,
  type PeriodInput,
  type ReportPeriodKind,
  periodIndexOptions,
  periodOf,
  usePeriodPreview,
} from '../../lib/reports';

const CUTOFF_OPTIONS = [
  { value: '1', label: 'Ngày 1 (theo tháng dương lịch)' },
  ...Array.from({ length: 27 }, (_, i) => ({
    value: String(i + 2),
    label: `Ngày ${i + 2} (kỳ tháng từ ngày ${i + 2} tháng trước)`,
  })),
];

/** The default period: the quarter of today. */
export function defaultPeriod(kind: ReportPeriodKind = 'quarter'): PeriodInput {
  const { year, index } = periodOf(kind, todayIso());
  return { periodKind: kind, year, index };
}

export function PeriodPicker({
  value,
  onChange,
  errors,
  allowFuture = false,
}: {
  value: PeriodInput;
  onChange: (next: PeriodInput) => void;
  errors?: { from?: string; to?: string };
  /** Offer next year too (a request may be sent ahead; a report needs a period that has started). */
  allowFuture?: boolean;
}) {
  const phone = useIsPhone();
  const preview = usePeriodPreview(value);
  const thisYear = Number(todayIso().slice(0, 4));
  const first = allowFuture ? thisYear + 1 : thisYear;
  const years = Array.from({ length: 6 }, (_, i) => String(first - i));
  const set = (patch: Partial<PeriodInput>) => onChange({ ...value, ...patch });

  const changeKind = (kind: ReportPeriodKind) => {
    if (kind === 'custom') {
      onChange({ ...value, periodKind: kind, from: value.from ?? preview.data?.from, to: value.to ?? preview.data?.to });
      return;
    }
    const { index } = periodOf(kind, todayIso());
    onChange({ ...value, periodKind: kind, index: kind === 'year' ? undefined : index });
  };

  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="md" fw={500} id="period-kind-label">
          Kỳ báo cáo
        </Text>
        <SegmentedControl
          aria-labelledby="period-kind-label"
          data={PERIOD_KIND_OPTIONS}
          value={value.periodKind}
          onChange={(v) => changeKind(v as ReportPeriodKind)}
          fullWidth={phone}
          size={phone ? 'sm' : 'md'}
          styles={{ label: phone ? { paddingInline: 4 } : undefined }}
          style={{ alignSelf: phone ? 'stretch' : 'flex-start' }}
        />
      </Stack>
      {value.periodKind === 'custom' ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateField
            label="Từ ngày"
            value={value.from ?? null}
            onChange={(v) => set({ from: v ?? undefined })}
            maxDate={allowFuture ? undefined : todayIso()}
            error={errors?.from}
            required
          />
          <DateField
            label="Đến ngày"
            value={value.to ?? null}
            onChange={(v) => set({ to: v ?? undefined })}
            minDate={value.from}
            error={errors?.to}
            required
          />
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label="Năm"
            data={years}
            value={String(value.year)}
            onChange={(v) => v && set({ year: Number(v) })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          {value.periodKind !== 'year' ? (
            <Select
              label={value.periodKind === 'month' ? 'Tháng' : value.periodKind === 'quarter' ? 'Quý' : 'Nửa năm'}
              data={periodIndexOptions(value.periodKind)}
              value={value.index ? String(value.index) : null}
              onChange={(v) => v && set({ index: Number(v) })}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
          <Select
            label="Ngày chốt số liệu"
            description="Ngày bắt đầu kỳ tháng"
            data={CUTOFF_OPTIONS}
            value={value.cutoffDay ? String(value.cutoffDay) : null}
            placeholder="Theo cấu hình chung"
            onChange={(v) => set({ cutoffDay: v ? Number(v) : undefined })}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
      )}
      <Alert
        color={preview.error ? 'red' : 'frontBlue'}
        variant="light"
        icon={<IconCalendarStats aria-hidden />}
        data-testid="period-preview"
        aria-live="polite"
        py="xs"
      >
        {preview.error ? (
          <Text size="sm">{errorMessage(preview.error)}</Text>
        ) : preview.data ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Text size="sm">
              <b>{preview.data.label}:</b> số liệu từ ngày {formatDate(preview.data.from)} đến hết ngày {formatDate(preview.data.to)}
            </Text>
            {preview.isFetching ? <Loader size="xs" aria-label="Đang cập nhật" /> : null}
          </Group>
        ) : preview.isFetching ? (
          <Text size="sm">Đang tính khoảng thời gian…</Text>
        ) : (
          <Text size="sm">Chọn đủ kỳ báo cáo để xem khoảng thời gian tính số liệu.</Text>
        )}
      </Alert>
    </Stack>
  );
}
