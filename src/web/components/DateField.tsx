// Calendar date field: shows dd/mm/yyyy, accepts typed dates, value is 'YYYY-MM-DD' or null.
import { DateInput, type DateInputProps } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';

export function parseVnDate(input: string): string | null {
  const text = input.trim();
  let m = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(text);
  let y: number;
  let mo: number;
  let d: number;
  if (m) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
  } else {
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (!m) return null;
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export interface DateFieldProps extends Omit<DateInputProps, 'value' | 'onChange'> {
  value: string | null;
  onChange: (value: string | null) => void;
}

export function DateField({ value, onChange, ...rest }: DateFieldProps) {
  return (
    <DateInput
      size="md"
      valueFormat="DD/MM/YYYY"
      placeholder="dd/mm/yyyy"
      locale="vi"
      dateParser={parseVnDate}
      leftSection={<IconCalendar size={18} aria-hidden />}
      popoverProps={{ withinPortal: true }}
      {...rest}
      value={value}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : null)}
    />
  );
}
