// Small shared pieces of the activity pages: status badge, number field, the period line.
import { NumberInput, type NumberInputProps } from '@mantine/core';
import { StatusBadge } from '../../components/common';
import { ACTIVITY_STATUS_LABELS, ACTIVITY_STATUS_TONES, type Activity, type ActivityStatus } from '../../lib/activities';
import { formatDate } from '../../lib/format';

export function ActivityStatusBadge({ status }: { status: ActivityStatus }) {
  return <StatusBadge tone={ACTIVITY_STATUS_TONES[status] ?? 'gray'}>{ACTIVITY_STATUS_LABELS[status] ?? status}</StatusBadge>;
}

/** "26/11/2026" or "24/11/2026 – 26/11/2026". */
export function activityPeriod(a: Pick<Activity, 'dateFrom' | 'dateTo'>): string {
  return a.dateTo && a.dateTo !== a.dateFrom ? `${formatDate(a.dateFrom)} – ${formatDate(a.dateTo)}` : formatDate(a.dateFrom);
}

/** A whole, non-negative count with Vietnamese digit grouping; empty = not reported (null). */
export function CountInput({
  value,
  onChange,
  max,
  ...rest
}: Omit<NumberInputProps, 'value' | 'onChange'> & { value: number | null | undefined; onChange: (v: number | null) => void; max: number }) {
  return (
    <NumberInput
      size="md"
      min={0}
      max={max}
      allowNegative={false}
      allowDecimal={false}
      thousandSeparator="."
      decimalSeparator=","
      hideControls
      inputMode="numeric"
      clampBehavior="strict"
      value={value ?? ''}
      onChange={(v) => onChange(typeof v === 'number' && Number.isFinite(v) ? v : null)}
      {...rest}
    />
  );
}
