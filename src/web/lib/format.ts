// Date and text helpers. Calendar dates travel as 'YYYY-MM-DD' strings, shown as dd/mm/yyyy.

const TZ = 'Asia/Ho_Chi_Minh';

/** Today's calendar date in Vietnam, 'YYYY-MM-DD'. */
export function todayIso(): string {
  return isoDateInTz(new Date());
}

function isoDateInTz(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'; an ISO timestamp → its calendar date in Vietnam (not its UTC date). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const stamp = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(stamp && !Number.isNaN(stamp.getTime()) ? isoDateInTz(stamp) : value);
  if (!m) return value;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** ISO timestamp → 'dd/mm/yyyy HH:mm' in Vietnam time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** Lower-case, strip Vietnamese diacritics (incl. đ → d) for search. */
export function fold(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

export function matchesSearch(query: string, ...fields: (string | null | undefined)[]): boolean {
  const q = fold(query);
  if (!q) return true;
  const words = q.split(/\s+/);
  const haystack = fields.map(fold).join(' ');
  return words.every((w) => haystack.includes(w));
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return new Intl.NumberFormat('vi-VN').format(n);
}
