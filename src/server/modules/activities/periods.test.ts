/** Reporting periods with a cut-off day, and the split of a range into whole months and edge pieces. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { periodRange, reportMonthOf, reportMonthRange, splitWholeMonths } from './periods.js';

describe('periodRange', () => {
  it('calendar periods with cut-off day 1', () => {
    expect(periodRange('month', 2026, 2, 1)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('month', 2024, 2)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('quarter', 2025, 2)).toEqual({ from: '2025-04-01', to: '2025-06-30' });
    expect(periodRange('half', 2025, 2)).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(periodRange('year', 2025, 0)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('state practice: cut-off on the 15th (the year runs 15/12 – 14/12)', () => {
    expect(periodRange('year', 2026, 1, 15)).toEqual({ from: '2025-12-15', to: '2026-12-14' });
    expect(periodRange('month', 2026, 1, 15)).toEqual({ from: '2025-12-15', to: '2026-01-14' });
    expect(periodRange('month', 2026, 3, 15)).toEqual({ from: '2026-02-15', to: '2026-03-14' });
    expect(periodRange('quarter', 2026, 1, 15)).toEqual({ from: '2025-12-15', to: '2026-03-14' });
    expect(periodRange('quarter', 2026, 4, 15)).toEqual({ from: '2026-09-15', to: '2026-12-14' });
    expect(periodRange('half', 2025, 1, 15)).toEqual({ from: '2024-12-15', to: '2025-06-14' });
    expect(periodRange('half', 2025, 2, 20)).toEqual({ from: '2025-06-20', to: '2025-12-19' });
  });

  it('consecutive periods tile the year without gaps or overlaps', () => {
    for (const c of [1, 10, 15, 28]) {
      for (const kind of ['month', 'quarter', 'half'] as const) {
        const n = { month: 12, quarter: 4, half: 2 }[kind];
        const ranges = Array.from({ length: n }, (_, i) => periodRange(kind, 2026, i + 1, c));
        expect(ranges[0].from).toBe(periodRange('year', 2026, 1, c).from);
        expect(ranges[n - 1].to).toBe(periodRange('year', 2026, 1, c).to);
        for (let i = 1; i < n; i++) {
          const next = new Date(Date.parse(`${ranges[i - 1].to}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
          expect(ranges[i].from).toBe(next);
        }
      }
    }
  });

  it('custom ranges and bad input answer 400 naming the field', () => {
    expect(periodRange('custom', 0, 0, 1, { from: '2025-03-07', to: '2025-05-18' })).toEqual({ from: '2025-03-07', to: '2025-05-18' });
    const bad = (f: () => unknown, field: string) => {
      try {
        f();
        throw new Error('no error');
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).status).toBe(400);
        expect((e as AppError).message).toContain(field);
      }
    };
    bad(() => periodRange('custom', 0, 0, 1, { from: '2025-05-18', to: '2025-03-07' }), '(to)');
    bad(() => periodRange('month', 2026, 13), '(index)');
    bad(() => periodRange('quarter', 2026, 5), '(index)');
    bad(() => periodRange('month', 2026, 1, 29), '(cutoffDay)');
    bad(() => periodRange('month', 2026, 1, 0), '(cutoffDay)');
  });
});

describe('reporting months and whole-month split', () => {
  it('a date from the cut-off day on counts for the next month', () => {
    expect(reportMonthOf('2026-01-14', 15)).toBe('2026-01');
    expect(reportMonthOf('2026-01-15', 15)).toBe('2026-02');
    expect(reportMonthOf('2025-12-20', 15)).toBe('2026-01');
    expect(reportMonthOf('2025-12-20', 1)).toBe('2025-12');
    expect(reportMonthRange('2026-03', 15)).toEqual({ from: '2026-02-15', to: '2026-03-14' });
  });

  it('splits a range into whole calendar months and edge pieces', () => {
    expect(splitWholeMonths({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ months: monthsOf(2025), pieces: [] });
    expect(splitWholeMonths({ from: '2025-12-15', to: '2026-12-14' })).toEqual({
      months: monthsOf(2026).slice(0, 11),
      pieces: [
        { from: '2025-12-15', to: '2025-12-31' },
        { from: '2026-12-01', to: '2026-12-14' },
      ],
    });
    expect(splitWholeMonths({ from: '2026-02-15', to: '2026-03-14' })).toEqual({ months: [], pieces: [{ from: '2026-02-15', to: '2026-03-14' }] });
    expect(splitWholeMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: ['2024-02'], pieces: [] });
    expect(splitWholeMonths({ from: '2024-02-01', to: '2024-02-28' })).toEqual({ months: [], pieces: [{ from: '2024-02-01', to: '2024-02-28' }] });
  });
});

function monthsOf(y: number) {
  return Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
}
