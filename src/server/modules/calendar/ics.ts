/**
 * A small RFC 5545 (iCalendar) writer for all-day events: CRLF line endings, lines folded at 75 octets
 * without splitting a UTF-8 character, TEXT values escaped, DTSTAMP and UID on every event.
 */

export interface IcsEvent {
  uid: string;
  summary: string;
  description?: string | null;
  url?: string | null;
  categories?: string[];
  /** First (or only) day, YYYY-MM-DD. */
  start: string;
  /** Last day, inclusive (default: start). Written as the exclusive DTEND of RFC 5545. */
  end?: string | null;
  /** Recurs every year on the start's month and day. */
  yearly?: boolean;
}

export interface IcsCalendar {
  name: string;
  description?: string;
  timezone: string;
  /** Generation time (DTSTAMP). */
  now: Date;
  events: IcsEvent[];
}

const CRLF = '\r\n';

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line into chunks of at most 75 octets; continuation lines begin with one space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
      limit = 74; // the leading space takes one octet
    }
    current += ch;
    bytes += n;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const compactDate = (d: string) => d.replace(/-/g, '');

function addDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
}

export function utcStamp(d: Date): string {
  return `${d.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

export function renderIcs(cal: IcsCalendar): string {
  const stamp = utcStamp(cal.now);
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Lan Toa//Lich cong tac//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    `X-WR-TIMEZONE:${cal.timezone}`,
  ];
  if (cal.description) lines.push(`X-WR-CALDESC:${escapeText(cal.description)}`);
  for (const e of cal.events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${stamp}`, `DTSTART;VALUE=DATE:${compactDate(e.start)}`, `DTEND;VALUE=DATE:${compactDate(addDay(e.end ?? e.start))}`);
    if (e.yearly) {
      // 29 February recurs only in leap years.
      lines.push(e.start.slice(5) === '02-29' ? 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29' : 'RRULE:FREQ=YEARLY');
    }
    lines.push(`SUMMARY:${escapeText(e.summary)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    if (e.url) lines.push(`URL:${e.url}`);
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
