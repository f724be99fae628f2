import { describe, expect, it } from 'vitest';
import { fixedClock, formatVnDate, vnDate } from './clock.js';

describe('Vietnamese dates', () => {
  it('shows a timestamp on its calendar day in Việt Nam, not its UTC day', () => {
    expect(formatVnDate('2026-11-26T18:05:00.000Z')).toBe('27/11/2026'); // 01:05 on 27/11 in Hà Nội
    expect(formatVnDate('2026-11-26T16:59:00.000Z')).toBe('26/11/2026'); // 23:59 on 26/11
    expect(formatVnDate('2025-07-01')).toBe('01/07/2025');
    expect(formatVnDate(null)).toBe('');
  });

  it('today follows Việt Nam time', () => {
    const clock = fixedClock('2026-11-26T17:30:00Z');
    expect(clock.today()).toBe('2026-11-27');
    expect(vnDate(new Date('2026-11-26T16:30:00Z'))).toBe('2026-11-26');
  });
});
