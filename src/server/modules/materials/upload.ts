import type { FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../platform/errors.js';

export interface Upload {
  buffer: Buffer;
  filename: string;
  fields: Record<string, string>;
}

/**
 * One file (field `file`) and the named text fields of a multipart request. Too large → 413, not
 * multipart → 415, no file → 400 (Vietnamese, naming the field).
 */
export async function readUpload(req: FastifyRequest, maxBytes: number, fieldNames: readonly string[], what = 'tệp'): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError(415, 'multipart_required', `Yêu cầu phải gửi ${what} trong trường «file» dạng multipart/form-data.`);
  let file: { buffer: Buffer; filename: string } | undefined;
  const fields: Record<string, string> = {};
  const mb = Math.round(maxBytes / 1024 / 1024);
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') file = { buffer: await part.toBuffer(), filename: part.filename ?? '' };
      else if (typeof part.value === 'string' && fieldNames.includes(part.fieldname)) fields[part.fieldname] = part.value;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string })?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'file_too_large', `${what[0].toUpperCase()}${what.slice(1)} tải lên vượt quá ${mb} MB cho phép.`);
    if (code === 'FST_FILES_LIMIT') throw invalid('too_many_files', `Mỗi lần chỉ tải lên một ${what}.`);
    throw invalid('invalid_multipart', `Dữ liệu tải lên bị lỗi hoặc không đầy đủ. Hãy chọn lại ${what} rồi tải lên lại.`);
  }
  if (!file) throw invalid('file_required', `Trường «Tệp (file)»: chưa có ${what} nào được gửi lên. Hãy chọn ${what} rồi tải lên.`, [{ field: 'file', message: 'bắt buộc' }]);
  if (file.buffer.length > maxBytes) throw new AppError(413, 'file_too_large', `Tệp «${file.filename}» vượt quá ${mb} MB cho phép.`);
  return { ...file, fields };
}
