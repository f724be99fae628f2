import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import type { Clock } from './clock.js';
import type { Db } from './db.js';
import type { FileTable } from './db-schema.js';
import { AppError, notFound } from './errors.js';
import { newId } from './ids.js';

/** File kinds accepted anywhere in the product, recognised by their first bytes, not their name. */
export const FILE_KINDS = {
  pdf: { mime: 'application/pdf', ext: ['.pdf'], label: 'PDF' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: ['.docx'], label: 'Word (.docx)' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: ['.xlsx'], label: 'Excel (.xlsx)' },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: ['.pptx'], label: 'PowerPoint (.pptx)' },
  jpeg: { mime: 'image/jpeg', ext: ['.jpg', '.jpeg'], label: 'ảnh JPEG' },
  png: { mime: 'image/png', ext: ['.png'], label: 'ảnh PNG' },
  webp: { mime: 'image/webp', ext: ['.webp'], label: 'ảnh WebP' },
  mp3: { mime: 'audio/mpeg', ext: ['.mp3'], label: 'âm thanh MP3' },
  m4a: { mime: 'audio/mp4', ext: ['.m4a'], label: 'âm thanh M4A' },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

/** Detects the kind from magic bytes and checks that the extension agrees. */
export function detectKind(buf: Buffer, name: string): FileKind | null {
  const ext = extname(name).toLowerCase();
  const starts = (...bytes: number[]) => bytes.every((b, i) => buf[i] === b);
  let kind: FileKind | null = null;
  if (starts(0x25, 0x50, 0x44, 0x46)) kind = 'pdf';
  else if (starts(0x89, 0x50, 0x4e, 0x47)) kind = 'png';
  else if (starts(0xff, 0xd8, 0xff)) kind = 'jpeg';
  else if (starts(0x52, 0x49, 0x46, 0x46) && buf.subarray(8, 12).toString('ascii') === 'WEBP') kind = 'webp';
  // MP3: an ID3v2 tag, or an MPEG audio frame sync (11 set bits, layer III).
  else if (starts(0x49, 0x44, 0x33) || (buf.length > 2 && buf[0] === 0xff && (buf[1] & 0xe0) === 0xe0 && (buf[1] & 0x06) === 0x02)) kind = 'mp3';
  // M4A: an ISO media file (`ftyp` box) of an audio brand.
  else if (buf.subarray(4, 8).toString('ascii') === 'ftyp' && /^(M4A |M4B |mp42|isom|dash)$/.test(buf.subarray(8, 12).toString('latin1'))) kind = 'm4a';
  else if (starts(0x50, 0x4b, 0x03, 0x04)) {
    const head = buf.subarray(0, Math.min(buf.length, 64 * 1024)).toString('latin1');
    if (ext === '.docx' && head.includes('word/')) kind = 'docx';
    else if (ext === '.xlsx' && head.includes('xl/')) kind = 'xlsx';
    else if (ext === '.pptx' && head.includes('ppt/')) kind = 'pptx';
    else if (['.docx', '.xlsx', '.pptx'].includes(ext)) kind = ext.slice(1) as FileKind; // central directory may be far
  }
  if (!kind) return null;
  return (FILE_KINDS[kind].ext as readonly string[]).includes(ext) ? kind : null;
}

export interface SaveFileInput {
  buffer: Buffer;
  name: string;
  unitId: string | null;
  userId: string | null;
  allowed: readonly FileKind[];
  maxBytes: number;
}

/** Uploaded files on local disk under FILES_DIR, with their metadata in the `files` table. */
export class FileStore {
  private readonly root: string;
  constructor(
    private readonly db: Db,
    rootDir: string,
    private readonly clock: Clock,
  ) {
    this.root = resolve(rootDir);
  }

  /** Validates type and size, writes the bytes, then inserts the row (inside `trx` when given). */
  async save(input: SaveFileInput, trx?: Db): Promise<FileTable> {
    const allowedLabels = input.allowed.map((k) => FILE_KINDS[k].label).join(', ');
    if (input.buffer.length === 0) throw new AppError(400, 'file_empty', `Tệp «${input.name}» rỗng.`);
    if (input.buffer.length > input.maxBytes) {
      throw new AppError(413, 'file_too_large', `Tệp «${input.name}» vượt quá ${Math.round(input.maxBytes / 1024 / 1024)} MB cho phép.`);
    }
    const kind = detectKind(input.buffer, input.name);
    if (!kind || !input.allowed.includes(kind)) {
      throw new AppError(415, 'file_type_not_allowed', `Tệp «${input.name}» không đúng định dạng cho phép (${allowedLabels}).`);
    }
    const now = this.clock.now();
    const id = newId();
    const key = `${now.toISOString().slice(0, 7)}/${id}${FILE_KINDS[kind].ext[0]}`;
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, input.buffer);
    const row: FileTable = {
      id,
      unit_id: input.unitId,
      name: input.name.slice(0, 255),
      mime: FILE_KINDS[kind].mime,
      size: input.buffer.length,
      sha256: createHash('sha256').update(input.buffer).digest('hex'),
      storage_key: key,
      created_by: input.userId,
      created_at: now.toISOString(),
    };
    await (trx ?? this.db).insertInto('files').values(row).execute();
    return row;
  }

  async meta(id: string): Promise<FileTable> {
    const row = await this.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('file_not_found', 'Không tìm thấy tệp.');
    return row;
  }

  stream(row: FileTable) {
    return createReadStream(join(this.root, row.storage_key));
  }

  read(row: FileTable) {
    return readFile(join(this.root, row.storage_key));
  }
}
