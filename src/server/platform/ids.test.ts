import { describe, expect, it } from 'vitest';
import { newId, newShortId } from './ids.js';

describe('ids', () => {
  it('makes UUIDs of version 7 that sort in the order they were made, so new rows sit together in every index', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids); // within a millisecond too
    // The leading 48 bits are the time of creation.
    const ms = Number.parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });

  it('makes short ids that do not share a prefix when made together (option ids of one question)', () => {
    const ids = Array.from({ length: 6 }, () => newShortId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(ids).size).toBe(6);
    expect(new Set(Array.from({ length: 2000 }, () => newShortId())).size).toBeGreaterThan(1995);
  });
});
