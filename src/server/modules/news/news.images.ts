import { basename, extname } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { NewsImageTable } from '../../platform/db-schema.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { detectKind, type FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ImageDto } from './news.schemas.js';

export const IMAGE_WIDTHS = [400, 800, 1200] as const;
export type ImageVariant = '400' | '800' | '1200' | 'jpeg';
const MAX_PIXELS = 40_000_000;
const MIN_WIDTH = 200;

export interface ImageVariants {
  '400': string;
  '800': string;
  '1200': string;
  jpeg: string;
}

/** Public URL of a variant; the portal answers it only for images of published articles. */
export function publicImageUrl(id: string, v: ImageVariant): string {
  return v === 'jpeg' ? `/anh/${id}.jpg` : `/anh/${id}-${v}.webp`;
}

export function imageDto(row: NewsImageTable): ImageDto {
  return {
    id: row.id,
    unitId: row.unit_id,
    alt: row.alt,
    caption: row.caption,
    width: row.width,
    height: row.height,
    urls: { w400: publicImageUrl(row.id, '400'), w800: publicImageUrl(row.id, '800'), w1200: publicImageUrl(row.id, '1200'), jpeg: publicImageUrl(row.id, 'jpeg') },
    previewUrl: `/api/news/images/${row.id}/800`,
  };
}

/** Height of a variant `w` pixels wide (never wider than the original). */
export function variantSize(row: Pick<NewsImageTable, 'width' | 'height'>, w: number): { width: number; height: number } {
  const width = Math.min(w, row.width);
  return { width, height: Math.max(1, Math.round((row.height * width) / row.width)) };
}

export interface ImageOutput {
  key: ImageVariant;
  name: string;
  buffer: Buffer;
}

/**
 * WebP 400/800/1200 px wide (never enlarged) and a 1200×630 JPEG for link previews. `quick` (demo covers
 * drawn by the seed, not photos) trades a little file size for speed: the lowest WebP effort, a centred
 * crop instead of the attention search and plain libjpeg — about 3× faster per image.
 */
export async function renderVariants(buffer: Buffer, base: string, opts: { quick?: boolean } = {}): Promise<ImageOutput[]> {
  const outputs: ImageOutput[] = [];
  for (const w of IMAGE_WIDTHS) {
    const out = await sharp(buffer, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize({ width: w, withoutEnlargement: true })
      .webp({ quality: 78, ...(opts.quick ? { effort: 0 } : {}) })
      .toBuffer();
    outputs.push({ key: String(w) as ImageVariant, name: `${base}-${w}.webp`, buffer: out });
  }
  const jpeg = await sharp(buffer, { limitInputPixels: MAX_PIXELS })
    .rotate()
    .resize({ width: 1200, height: 630, fit: 'cover', position: opts.quick ? 'centre' : 'attention' })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 80, mozjpeg: !opts.quick })
    .toBuffer();
  outputs.push({ key: 'jpeg', name: `${base}-1200x630.jpg`, buffer: jpeg });
  return outputs;
}

/** Saves the original and its variants through the file store and records the image (inside `trx`). */
export async function storeImage(
  trx: Db,
  files: FileStore,
  clock: Clock,
  p: { original: Buffer; name: string; outputs: ImageOutput[]; unitId: string; userId: string | null; alt: string; caption: string | null; width: number; height: number; maxBytes: number },
): Promise<NewsImageTable> {
  const original = await files.save({ buffer: p.original, name: p.name, unitId: p.unitId, userId: p.userId, allowed: ['jpeg', 'png', 'webp'], maxBytes: p.maxBytes }, trx);
  const variants: Partial<ImageVariants> = {};
  for (const o of p.outputs) {
    const f = await files.save({ buffer: o.buffer, name: o.name, unitId: p.unitId, userId: p.userId, allowed: ['webp', 'jpeg'], maxBytes: Math.max(p.maxBytes, o.buffer.length) }, trx);
    variants[o.key] = f.id;
  }
  const row: NewsImageTable = {
    id: newId(),
    unit_id: p.unitId,
    file_id: original.id,
    alt: p.alt,
    caption: p.caption,
    width: p.width,
    height: p.height,
    variants: JSON.stringify(variants),
    created_by: p.userId,
    created_at: clock.now().toISOString(),
  };
  await trx.insertInto('news_images').values(row).execute();
  return row;
}

/**
 * Images of articles: an upload (JPEG, PNG or WebP, checked by its bytes) is turned into WebP at
 * 400, 800 and 1200 px wide for `srcset`, and a 1200×630 JPEG for link previews (Facebook, Zalo).
 * Alt text is required. The original is kept.
 */
export class NewsImages {
  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    readonly maxBytes: number,
  ) {}

  async get(db: Db, id: string): Promise<NewsImageTable | undefined> {
    return db.selectFrom('news_images').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async many(db: Db, ids: string[]): Promise<Map<string, NewsImageTable>> {
    if (!ids.length) return new Map();
    const rows = await db.selectFrom('news_images').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async upload(scope: Scope, ctx: Ctx, input: { buffer: Buffer; filename: string; alt?: string; caption?: string; unitId?: string }): Promise<ImageDto> {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw new AppError(403, 'forbidden', 'Bạn cần chọn đơn vị làm việc trước khi tải ảnh lên.');
    scope.assertCan('news.edit', unitId);
    const alt = (input.alt ?? '').trim().slice(0, 500);
    if (!alt) throw invalid('alt_required', 'Trường «Mô tả ảnh (alt)»: bắt buộc phải có — hãy mô tả ngắn nội dung ảnh cho người không xem được ảnh.', [{ field: 'alt', message: 'bắt buộc phải có' }]);
    const caption = (input.caption ?? '').trim().slice(0, 1000) || null;
    if (input.buffer.length > this.maxBytes) {
      throw new AppError(413, 'file_too_large', `Ảnh «${input.filename}» vượt quá ${Math.round(this.maxBytes / 1024 / 1024)} MB cho phép.`);
    }
    const kind = detectKind(input.buffer, input.filename);
    if (!kind || !['jpeg', 'png', 'webp'].includes(kind)) {
      throw new AppError(415, 'file_type_not_allowed', `Tệp «${input.filename}» không phải ảnh JPEG, PNG hoặc WebP. Hãy chọn một tệp ảnh.`);
    }
    let meta: Metadata;
    try {
      meta = await sharp(input.buffer, { limitInputPixels: MAX_PIXELS }).metadata();
    } catch {
      throw invalid('image_invalid', `Không đọc được ảnh «${input.filename}»: tệp bị hỏng hoặc không phải ảnh.`);
    }
    const rotated = (meta.orientation ?? 1) >= 5;
    const width = (rotated ? meta.height : meta.width) ?? 0;
    const height = (rotated ? meta.width : meta.height) ?? 0;
    if (width * height > MAX_PIXELS) throw new AppError(413, 'image_too_large', `Ảnh «${input.filename}» quá lớn (${width}×${height} điểm ảnh); tối đa 40 triệu điểm ảnh.`);
    if (width < MIN_WIDTH) throw invalid('image_too_small', `Ảnh «${input.filename}» chỉ rộng ${width} điểm ảnh; cần ít nhất ${MIN_WIDTH}.`);

    const base = basename(input.filename, extname(input.filename)).slice(0, 100) || 'anh';
    let outputs: ImageOutput[];
    try {
      outputs = await renderVariants(input.buffer, base);
    } catch {
      throw invalid('image_invalid', `Không xử lý được ảnh «${input.filename}». Hãy thử lưu lại ảnh dạng JPEG rồi tải lên.`);
    }
    const row = await tx(this.db, async (trx) => {
      const userId = ctx.actor?.userId ?? null;
      const r = await storeImage(trx, this.files, this.clock, { original: input.buffer, name: input.filename || `${base}.${kind}`, outputs, unitId, userId, alt, caption, width, height, maxBytes: this.maxBytes });
      await this.audit.record(trx, ctx, { action: 'news.image.upload', entityType: 'news_image', entityId: r.id, summary: `Tải ảnh «${alt.slice(0, 120)}» (${width}×${height})`, after: { unitId, fileId: r.file_id } });
      return r;
    });
    return imageDto(row);
  }

  /** The stored file of a variant. */
  async variantFile(row: NewsImageTable, v: ImageVariant) {
    const variants = JSON.parse(row.variants) as ImageVariants;
    const fileId = variants[v];
    if (!fileId) throw notFound('image_not_found', 'Không tìm thấy ảnh.');
    return this.files.meta(fileId);
  }

  /** Workspace preview: anyone who sees the image's unit. */
  async forPreview(scope: Scope, id: string): Promise<NewsImageTable> {
    const row = await this.get(this.db, id);
    if (!row || !scope.canSee(row.unit_id)) throw notFound('image_not_found', 'Không tìm thấy ảnh hoặc bạn không có quyền xem.');
    return row;
  }

  /** Public: only images shown by a published article. */
  async forPublic(id: string): Promise<NewsImageTable | undefined> {
    const row = await this.db
      .selectFrom('news_images as i')
      .selectAll('i')
      .where('i.id', '=', id)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('news_article_images as ai')
            .innerJoin('news_articles as a', 'a.id', 'ai.article_id')
            .select('ai.article_id')
            .whereRef('ai.image_id', '=', 'i.id')
            .where('a.status', '=', 'published'),
        ),
      )
      .executeTakeFirst();
    return row;
  }

  readFile(file: Awaited<ReturnType<FileStore['meta']>>) {
    return this.files.read(file);
  }
}
