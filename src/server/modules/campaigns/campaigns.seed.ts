import { readFileSync } from 'node:fs';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';

interface SeedForm {
  code: string;
  name: string;
  counts: string[];
}

interface SeedTopic {
  code: string;
  title: string;
  text?: string;
  target?: string;
  children?: SeedTopic[];
}

const dataFile = (name: string) => new URL(`../../demo/data/${name}`, import.meta.url);

/** The NQ 57 topic tree (src/server/demo/data/nq57-topics.json): its campaign title and topics. */
export function nq57Topics(): { campaign: string; topics: SeedTopic[] } {
  return JSON.parse(readFileSync(dataFile('nq57-topics.json'), 'utf8'));
}

export function catalogueForms(): SeedForm[] {
  return JSON.parse(readFileSync(dataFile('forms.json'), 'utf8'));
}

/**
 * Loads the forms catalogue (src/server/demo/data/forms.json) and, when `campaignId` is given, the
 * NQ 57 topic tree into that campaign. Idempotent: forms and topics whose code already exists are
 * left as they are. Runs inside the caller's transaction; used by the demo loader.
 */
export async function seedCampaignCatalogue(trx: Db, _clock: Clock, campaignId?: string): Promise<{ forms: number; topics: number }> {
  let forms = 0;
  const existingForms = new Set((await trx.selectFrom('forms').select('code').execute()).map((f) => f.code));
  const seedForms = catalogueForms();
  for (const [sort, f] of seedForms.entries()) {
    if (existingForms.has(f.code)) continue;
    await trx.insertInto('forms').values({ id: newId(), code: f.code, name: f.name, counts: JSON.stringify(f.counts), sort, archived: 0 }).execute();
    forms += 1;
  }
  let topics = 0;
  if (campaignId) {
    const existing = new Map((await trx.selectFrom('topics').select(['id', 'code']).where('campaign_id', '=', campaignId).execute()).map((t) => [t.code, t.id]));
    const insert = async (list: SeedTopic[], parentId: string | null) => {
      for (const [sort, t] of list.entries()) {
        let id = existing.get(t.code);
        if (!id) {
          id = newId();
          const body = t.text ?? (t.target ? `Chỉ tiêu: ${t.target}` : null);
          await trx.insertInto('topics').values({ id, campaign_id: campaignId, parent_id: parentId, code: t.code, title: t.title, body, sort, archived: 0 }).execute();
          existing.set(t.code, id);
          topics += 1;
        }
        if (t.children?.length) await insert(t.children, id);
      }
    };
    await insert(nq57Topics().topics, null);
  }
  return { forms, topics };
}
