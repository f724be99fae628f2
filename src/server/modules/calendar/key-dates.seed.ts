import { readFileSync } from 'node:fs';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';

interface KeyDateFact {
  /** "--MM-DD" (yearly) or "YYYY-MM-DD" (one-off). */
  date: string;
  name: string;
  basis?: string;
}

export function keyDateFacts(): KeyDateFact[] {
  return JSON.parse(readFileSync(new URL('../../demo/data/key-dates.json', import.meta.url), 'utf8')) as KeyDateFact[];
}

/**
 * Loads the nationwide key dates (18/5, 10/10, 18/11, …) from demo/data/key-dates.json as global
 * (unit_id null) rows. Idempotent: a date already present with the same name is skipped. Returns how many were added.
 */
export async function seedKeyDates(trx: Db, clock: Clock): Promise<number> {
  const existing = await trx.selectFrom('key_dates').select(['name', 'month', 'day', 'date']).where('unit_id', 'is', null).execute();
  const have = new Set(existing.map((k) => `${k.name}|${k.month ?? ''}|${k.day ?? ''}|${k.date ?? ''}`));
  const now = clock.now().toISOString();
  let added = 0;
  for (const f of keyDateFacts()) {
    const yearly = /^--(\d{2})-(\d{2})$/.exec(f.date);
    const oneOff = /^\d{4}-\d{2}-\d{2}$/.test(f.date) ? f.date : null;
    if (!yearly && !oneOff) throw new Error(`key-dates.json: ngày không hợp lệ "${f.date}"`);
    const month = yearly ? Number(yearly[1]) : null;
    const day = yearly ? Number(yearly[2]) : null;
    const key = `${f.name}|${month ?? ''}|${day ?? ''}|${oneOff ?? ''}`;
    if (have.has(key)) continue;
    have.add(key);
    await trx
      .insertInto('key_dates')
      .values({ id: newId(), unit_id: null, campaign_id: null, month, day, date: oneOff, name: f.name, basis: f.basis ?? null, created_at: now })
      .execute();
    added += 1;
  }
  return added;
}
