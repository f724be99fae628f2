/** Task recurrence without a database: how many occurrences, and when each is due. */
import { describe, expect, it } from 'vitest';
import { lastDayOfMonth, occurrencesFor, shortTitle } from './recurrence.js';

describe('task recurrence', () => {
  it('monthly over a year gives 12 occurrences due on each month’s last day', () => {
    const occ = occurrencesFor('monthly', '2026-01-01', '2026-12-31', null);
    expect(occ).toHaveLength(12);
    expect(occ.map((o) => o.dueDate)).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30',
      '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31',
    ]);
    expect(occ[0]).toEqual({ periodStart: '2026-01-01', periodEnd: '2026-01-31', dueDate: '2026-01-31' });
  });

  it('knows leap years', () => {
    expect(lastDayOfMonth(2024, 2)).toBe('2024-02-29');
    expect(lastDayOfMonth(2100, 2)).toBe('2100-02-28');
    expect(occurrencesFor('monthly', '2024-02-10', '2024-02-20', null)).toEqual([{ periodStart: '2024-02-10', periodEnd: '2024-02-20', dueDate: '2024-02-29' }]);
  });

  it('quarterly and ongoing ("thường xuyên") over a year give 4, due on quarter ends', () => {
    for (const r of ['quarterly', 'ongoing'] as const) {
      const occ = occurrencesFor(r, '2026-01-01', '2026-12-31', null);
      expect(occ.map((o) => o.dueDate)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31']);
      expect(occ[1].periodStart).toBe('2026-04-01');
    }
  });

  it('once gives a single occurrence due on the due date', () => {
    expect(occurrencesFor('once', '2026-03-07', '2026-06-30', '2026-05-18')).toEqual([{ periodStart: '2026-03-07', periodEnd: '2026-05-18', dueDate: '2026-05-18' }]);
  });

  it('a period starting mid-month or mid-quarter clips the first period', () => {
    const m = occurrencesFor('monthly', '2025-03-07', '2025-12-31', null);
    expect(m).toHaveLength(10);
    expect(m[0]).toEqual({ periodStart: '2025-03-07', periodEnd: '2025-03-31', dueDate: '2025-03-31' });
    const q = occurrencesFor('quarterly', '2025-03-07', '2026-02-15', null);
    expect(q.map((o) => o.dueDate)).toEqual(['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31', '2026-03-31']);
    expect(q[4].periodEnd).toBe('2026-02-15');
  });

  it('shortens a duty into a title', () => {
    expect(shortTitle('Xây dựng kế hoạch tuyên truyền; theo dõi, đôn đốc việc thực hiện ở cơ sở.')).toBe('Xây dựng kế hoạch tuyên truyền');
    const long = `${'Phối hợp với các cơ quan báo chí, truyền thông tuyên truyền rộng rãi các mô hình hay, gương điển hình tiên tiến '.repeat(3)}`;
    const t = shortTitle(long);
    expect(t.length).toBeLessThanOrEqual(120);
    expect(t.endsWith('…')).toBe(true);
    expect(shortTitle('- đăng tin thường xuyên trên trang thông tin điện tử')).toBe('Đăng tin thường xuyên trên trang thông tin điện tử');
  });
});
