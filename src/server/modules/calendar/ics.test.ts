/** The RFC 5545 writer on its own: escaping, folding at 75 octets, and a round trip through ical.js. */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderIcs } from './ics.js';

describe('ics writer', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds long lines at 75 octets without splitting a Vietnamese character', () => {
    const line = `SUMMARY:${'Tuyên truyền Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ '.repeat(4)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('renders a calendar ical.js reads back', () => {
    const text = renderIcs({
      name: 'Lan Tỏa – MTTQ phường Tam Kỳ',
      timezone: 'Asia/Ho_Chi_Minh',
      now: new Date('2026-11-26T03:00:00Z'),
      events: [
        { uid: 'k1@x', summary: 'Ngày Khoa học và Công nghệ Việt Nam', start: '2026-05-18', yearly: true },
        { uid: 'k2@x', summary: 'Ngày nhuận', start: '2024-02-29', yearly: true },
        { uid: 'p1@x', summary: 'Thời gian thực hiện, kế hoạch; số 1', start: '2026-01-01', end: '2026-12-31', description: 'dòng 1\ndòng 2' },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Lan Tỏa – MTTQ phường Tam Kỳ');
    const ev = cal.getAllSubcomponents('vevent');
    expect(ev).toHaveLength(3);
    const rrule = ev[0].getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rrule.freq).toBe('YEARLY');
    const start = ev[0].getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.isDate).toBe(true);
    expect(start.toString()).toBe('2026-05-18');
    expect(String(ev[1].getFirstPropertyValue('rrule'))).toBe('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29');
    expect(ev[2].getFirstPropertyValue('summary')).toBe('Thời gian thực hiện, kế hoạch; số 1');
    expect(ev[2].getFirstPropertyValue('description')).toBe('dòng 1\ndòng 2');
    expect(String(ev[2].getFirstPropertyValue('dtend'))).toBe('2027-01-01');
  });
});
