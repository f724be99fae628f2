/**
 * Fixtures for the activity tests (and the benchmark to come): the forms catalogue and the NQ 57
 * campaign of Đà Nẵng with its topic tree, written straight into the tables; multipart bodies;
 * generated images (no downloads).
 */
import sharp from 'sharp';
import type { Clock } from '../../platform/clock.js';
import { type Db, tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { seedCampaignCatalogue } from '../campaigns/index.js';

export interface CampaignFixture {
  campaignId: string;
  /** Topic id by code (QD1, MT01, NV1…). */
  topics: Record<string, string>;
}

export async function seedActivityCatalogue(db: Db, clock: Clock, unitId: string, code = 'NQ57'): Promise<CampaignFixture> {
  const campaignId = newId();
  const now = clock.now().toISOString();
  await tx(db, async (trx) => {
    await trx
      .insertInto('campaigns')
      .values({
        id: campaignId,
        unit_id: unitId,
        code,
        name: 'Tuyên truyền Nghị quyết 57-NQ/TW',
        description: null,
        period_start: '2025-01-01',
        period_end: '2030-12-31',
        status: 'active',
        created_by: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await seedCampaignCatalogue(trx, clock, campaignId);
  });
  const rows = await db.selectFrom('topics').select(['id', 'code']).where('campaign_id', '=', campaignId).execute();
  return { campaignId, topics: Object.fromEntries(rows.map((r) => [r.code, r.id])) };
}

export function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = `----lantoa${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A noisy photo-like JPEG (so it does not compress to nothing), `w`×`h` pixels. */
export async function photoJpeg(w: number, h: number, opts: { exif?: boolean } = {}): Promise<Buffer> {
  const raw = Buffer.alloc(w * h * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (i % 3 === 0 ? 120 : 60) + (x % 64);
  }
  let img = sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 });
  if (opts.exif) img = img.withExif({ IFD0: { Make: 'Lan Toa test phone' } });
  return img.toBuffer();
}
