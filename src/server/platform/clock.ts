/** Injected time source: services never call `new Date()` directly, so tests control "now". */
export interface Clock {
  now(): Date;
  /** Today's calendar date in Asia/Ho_Chi_Minh as YYYY-MM-DD. */
  today(): string;
}

const VN_OFFSET_MS = 7 * 60 * 60 * 1000; // Vietnam has no daylight saving time.

export function vnDate(d: Date): string {
  return new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function systemClock(): Clock {
  return { now: () => new Date(), today: () => vnDate(new Date()) };
}

/** A clock frozen at `iso` (date or date-time); `set` moves it, for tests. */
export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = parse(iso);
  return {
    now: () => new Date(t),
    today: () => vnDate(new Date(t)),
    set(next: string) {
      t = parse(next);
    },
    advance(ms: number) {
      t += ms;
    },
  };
}

function parse(iso: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T03:00:00Z`) : Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`Thời điểm không hợp lệ: ${iso}`);
  return t;
}

/** dd/mm/yyyy for Vietnamese display. */
export function formatVnDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  // A timestamp shows its calendar date in Việt Nam (02:00 on the 27th in Hà Nội is 19:00 on the 26th UTC).
  const stamp = /^\d{4}-\d{2}-\d{2}T/.test(isoDate) ? new Date(isoDate) : null;
  const day = stamp && !Number.isNaN(stamp.getTime()) ? vnDate(stamp) : isoDate.slice(0, 10);
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}
