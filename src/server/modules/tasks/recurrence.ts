/**
 * Task recurrence: which reporting periods (occurrences) a task has over its period, and when each
 * is due. Pure functions on YYYY-MM-DD strings, shared by the service, the plan cascade and the bench.
 */

export const RECURRENCES = ['once', 'monthly', 'quarterly', 'ongoing'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const RECURRENCE_LABELS: Record<Recurrence, string> = {
  once: 'Một lần',
  monthly: 'Hằng tháng',
  quarterly: 'Hằng quý',
  ongoing: 'Thường xuyên (báo cáo hằng quý)',
};

export interface OccurrenceSpan {
  periodStart: string;
  periodEnd: string;
  dueDate: string;
}

/** Longest task period we materialise (10 years → at most 120 monthly occurrences). */
export const MAX_PERIOD_YEARS = 10;

const pad = (n: number) => String(n).padStart(2, '0');

export function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(d)}`;
}

export const yearOf = (d: string) => Number(d.slice(0, 4));
export const monthOf = (d: string) => Number(d.slice(5, 7));

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/**
 * Occurrences of a task over [start, end]:
 * - once: one occurrence [start, due], due on `due`;
 * - monthly: one per calendar month touching the period, due on the month's last day;
 * - quarterly and ongoing ("thường xuyên": one report a quarter): one per calendar quarter, due on its last day.
 */
export function occurrencesFor(recurrence: Recurrence, start: string, end: string, due: string | null): OccurrenceSpan[] {
  if (recurrence === 'once') {
    const d = due ?? end;
    return [{ periodStart: start, periodEnd: d, dueDate: d }];
  }
  const stepMonths = recurrence === 'monthly' ? 1 : 3;
  const out: OccurrenceSpan[] = [];
  let y = yearOf(start);
  // First period: the month (or quarter) containing `start`.
  let m = stepMonths === 1 ? monthOf(start) : Math.floor((monthOf(start) - 1) / 3) * 3 + 1;
  for (;;) {
    const first = `${y}-${pad(m)}-01`;
    if (first > end) break;
    const lastMonth = m + stepMonths - 1;
    const last = lastDayOfMonth(y, lastMonth);
    out.push({ periodStart: maxDate(first, start), periodEnd: minDate(last, end), dueDate: last });
    m += stepMonths;
    if (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  return out;
}

/** "Xây dựng kế hoạch và tổ chức… ; theo dõi…" → a readable title (first clause, ≤ max characters). */
export function shortTitle(text: string, max = 120): string {
  const clean = text.replace(/\s+/g, ' ').trim().replace(/^[-–•+*\d.)\s]+(?=\p{L})/u, '');
  if (!clean) return 'Nhiệm vụ';
  const sentence = clean.match(/^(.{20,}?)[.;:!?](\s|$)/u);
  let t = sentence ? sentence[1] : clean;
  if (t.length <= max) return capitalise(t);
  t = t.slice(0, max - 1);
  const space = t.lastIndexOf(' ');
  if (space > max / 2) t = t.slice(0, space);
  return `${capitalise(t.replace(/[\s,;:–-]+$/u, ''))}…`;
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}
