/**
 * Evidence photos are resized on upload to web sizes: a display image (longest side ≤ 1600 px) and a
 * thumbnail (≤ 400 px), both WebP. The original is dropped unless it is already small — within 1600 px,
 * under SMALL_ORIGINAL_BYTES and without EXIF metadata (which may carry the place a phone took it:
 * personal data we do not keep) — in which case it serves, unchanged, as the display image.
 */
import { extname } from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';
import { detectKind, FILE_KINDS, type FileKind } from '../../platform/files.js';

export const PHOTO_KINDS: readonly FileKind[] = ['jpeg', 'png', 'webp'];
export const DOCUMENT_KINDS: readonly FileKind[] = ['pdf', 'docx', 'xlsx'];
export const DISPLAY_PX = 1600;
export const THUMB_PX = 400;
export const SMALL_ORIGINAL_BYTES = 300 * 1024;
/** Refuse decompression bombs: 60 megapixels is beyond any phone camera. */
const MAX_INPUT_PIXELS = 60_000_000;

export interface ImageOut {
  buffer: Buffer;
  name: string;
  width: number;
  height: number;
}

export interface ProcessedPhoto {
  display: ImageOut;
  thumb: ImageOut;
  keptOriginal: boolean;
}

const notImage = (name: string) =>
  new AppError(415, 'file_type_not_allowed', `Tệp «${name}» không phải ảnh hợp lệ. Ảnh minh chứng chỉ nhận ${PHOTO_KINDS.map((k) => FILE_KINDS[k].label).join(', ')}.`);

export function checkSize(name: string, size: number, maxBytes: number): void {
  if (size === 0) throw new AppError(400, 'file_empty', `Tệp «${name}» rỗng.`);
  if (size > maxBytes) throw new AppError(413, 'file_too_large', `Tệp «${name}» vượt quá ${Math.round(maxBytes / 1024 / 1024)} MB cho phép.`);
}

export async function processPhoto(buffer: Buffer, name: string, maxBytes: number): Promise<ProcessedPhoto> {
  checkSize(name, buffer.length, maxBytes);
  const kind = detectKind(buffer, name);
  if (!kind || !PHOTO_KINDS.includes(kind)) throw notImage(name);
  const base = name.slice(0, name.length - extname(name).length).slice(0, 200) || 'anh';
  try {
    const input = () => sharp(buffer, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const meta = await input().metadata();
    const resize = (px: number, quality: number) =>
      input()
        .rotate() // apply the EXIF orientation; output carries no metadata
        .resize({ width: px, height: px, fit: 'inside', withoutEnlargement: true })
        .webp({ quality })
        .toBuffer({ resolveWithObject: true });
    const [large, small] = await Promise.all([resize(DISPLAY_PX, 80), resize(THUMB_PX, 75)]);
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    const keep = Math.max(w, h) <= DISPLAY_PX && buffer.length <= SMALL_ORIGINAL_BYTES && !meta.exif && (meta.orientation ?? 1) === 1;
    const display: ImageOut = keep
      ? { buffer, name: name.slice(-255), width: w, height: h }
      : { buffer: large.data, name: `${base}.webp`, width: large.info.width, height: large.info.height };
    return { display, thumb: { buffer: small.data, name: `${base}-${THUMB_PX}.webp`, width: small.info.width, height: small.info.height }, keptOriginal: keep };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(415, 'image_unreadable', `Không đọc được ảnh «${name}»: tệp bị hỏng hoặc quá lớn (tối đa ${MAX_INPUT_PIXELS / 1_000_000} triệu điểm ảnh).`);
  }
}
