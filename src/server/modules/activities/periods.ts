/**
 * Reporting periods with a cut-off day (ngày chốt số liệu). With cut-off day c (1–28):
 * - month M of year Y runs from day c of month M−1 to day c−1 of month M (c = 1: the calendar month);
 * - quarter q = months 3q−2 … 3q, half h = months 6h−5 … 6h, year = months 1 … 12.
 * State practice (c = 15): the year 2026 runs 15/12/2025 – 14/12/2026, its first quarter 15/12/2025 – 14/3/2026.
 * Dates are `YYYY-MM-DD` strings, months `YYYY-MM`.
 */
import { invalid } from '../../platform/errors.js';

export const PERIOD_KINDS = ['month', 'quarter', 'half', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const PERIOD_LABELS: Record<PeriodKind, string> = {
  month: 'Tháng',
  quarter: 'Quý',
  half: '6 tháng',
  year: 'Năm',
  custom: 'Tùy chọn',
};

export interface DateRange {
  from: string;
  to: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The last day of a calendar month. */
export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM` shifted by `n` months. */
export function addMonths(ym: string, n: number): string {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${pad(yy, 4)}-${pad(mm + 1)}`;
}

export function dayBefore(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function dayAfter(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function checkCutoffDay(cutoffDay: number): number {
  if (!Number.isInteger(cutoffDay) || cutoffDay < 1 || cutoffDay > 28) {
    throw invalid('validation_failed', 'Trường «Ngày chốt số liệu (cutoffDay)»: phải là số nguyên từ 1 đến 28.', [{ field: 'cutoffDay', message: 'từ 1 đến 28' }]);
  }
  return cutoffDay;
}

/** The reporting month `YYYY-MM` (with cut-off day c) as a date range. */
export function reportMonthRange(ym: string, cutoffDay = 1): DateRange {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7));
  if (cutoffDay === 1) return { from: `${ym}-01`, to: `${ym}-${pad(lastDayOfMonth(y, m))}` };
  const prev = addMonths(ym, -1);
  return { from: `${prev}-${pad(cutoffDay)}`, to: `${ym}-${pad(cutoffDay - 1)}` };
}

/** The reporting month `YYYY-MM` a date falls in, with cut-off day c: from day c it counts for the next month. */
export function reportMonthOf(date: string, cutoffDay = 1): string {
  const ym = date.slice(0, 7);
  return cutoffDay > 1 && Number(date.slice(8, 10)) >= cutoffDay ? addMonths(ym, 1) : ym;
}

/**
 * A preset period as a date range: `month` (index 1–12), `quarter` (1–4), `half` (1–2, "6 tháng"),
 * `year` (index ignored), `custom` (the given range, checked). 400 naming the field when out of range.
 */
export function periodRange(kind: PeriodKind, year: number, index: number, cutoffDay = 1, custom?: DateRange): DateRange {
  checkCutoffDay(cutoffDay);
  if (kind === 'custom') {
    if (!custom) throw invalid('validation_failed', 'Trường «Từ ngày (from)»: kỳ tùy chọn cần ngày bắt đầu và ngày kết thúc.', [{ field: 'from', message: 'bắt buộc' }]);
    if (custom.to < custom.from) {
      throw invalid('invalid_period', 'Trường «Đến ngày (to)»: ngày kết thúc phải sau hoặc bằng ngày bắt đầu.', [{ field: 'to', message: 'trước ngày bắt đầu' }]);
    }
    return { from: custom.from, to: custom.to };
  }
  if (!Number.isInteger(year) || year < 1900 || year > 2200) {
    throw invalid('validation_failed', 'Trường «Năm (year)»: năm không hợp lệ.', [{ field: 'year', message: 'năm không hợp lệ' }]);
  }
  const span = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  const count = 12 / span;
  const i = kind === 'year' ? 1 : index;
  if (!Number.isInteger(i) || i < 1 || i > count) {
    throw invalid('validation_failed', `Trường «Kỳ (index)»: ${PERIOD_LABELS[kind].toLowerCase()} phải từ 1 đến ${count}.`, [{ field: 'index', message: `từ 1 đến ${count}` }]);
  }
  const firstMonth = (i - 1) * span + 1;
  const lastMonth = i * span;
  return {
    from: reportMonthRange(`${pad(year, 4)}-${pad(firstMonth)}`, cutoffDay).from,
    to: reportMonthRange(`${pad(year, 4)}-${pad(lastMonth)}`, cutoffDay).to,
  };
}

/** Calendar months `YYYY-MM` from `fromYm` to `toYm` inclusive. */
export function monthsBetween(fromYm: string, toYm: string): string[] {
  const out: string[] = [];
  for (let m = fromYm; m <= toYm; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * Splits [from, to] into the calendar months lying wholly inside it and the partial pieces at the
 * edges (at most two): the figures layer reads whole months from the stats table, pieces from activities.
 */
export function splitWholeMonths(range: DateRange): { months: string[]; pieces: DateRange[] } {
  const { from, to } = range;
  if (to < from) return { months: [], pieces: [] };
  const firstFull = from.slice(8, 10) === '01' ? from.slice(0, 7) : addMonths(from.slice(0, 7), 1);
  const toY = Number(to.slice(0, 4));
  const toM = Number(to.slice(5, 7));
  const lastFull = Number(to.slice(8, 10)) === lastDayOfMonth(toY, toM) ? to.slice(0, 7) : addMonths(to.slice(0, 7), -1);
  if (firstFull > lastFull) return { months: [], pieces: [{ from, to }] };
  const pieces: DateRange[] = [];
  if (from < `${firstFull}-01`) pieces.push({ from, to: dayBefore(`${firstFull}-01`) });
  const afterLast = `${addMonths(lastFull, 1)}-01`;
  if (afterLast <= to) pieces.push({ from: afterLast, to });
  return { months: monthsBetween(firstFull, lastFull), pieces };
}

/** "03/2026" for a month, "15/12/2025 – 14/01/2026" for a range. */
export const monthLabel = (ym: string) => `${ym.slice(5, 7)}/${ym.slice(0, 4)}`;
