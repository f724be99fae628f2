import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';

const FIELD_LABELS: Record<string, string> = {
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  newPassword: 'Mật khẩu mới',
  currentPassword: 'Mật khẩu hiện tại',
  fullName: 'Họ và tên',
  email: 'Email',
  phone: 'Số điện thoại',
  code: 'Mã đơn vị',
  name: 'Tên',
  shortName: 'Tên viết tắt',
  kind: 'Loại đơn vị',
  level: 'Cấp',
  parentId: 'Đơn vị cấp trên',
  validFrom: 'Từ ngày',
  validTo: 'Đến ngày',
  effectiveDate: 'Ngày hiệu lực',
  asOf: 'Ngày xem',
  role: 'Vai trò',
  unitId: 'Đơn vị',
  userId: 'Người dùng',
  version: 'Phiên bản',
  sourceIds: 'Các đơn vị hợp nhất',
  page: 'Trang',
  pageSize: 'Số dòng mỗi trang',
};

function fieldLabel(path: string): string {
  const last = path.split(/[./]/).filter(Boolean).pop() ?? path;
  return FIELD_LABELS[last] ? `${FIELD_LABELS[last]} (${path})` : path;
}

/** One place renders every error as `{ error: { code, message, details } }` in Vietnamese; 5xx hide internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => {
        const path = [err.validationContext === 'body' ? '' : err.validationContext, ...(v.instancePath || '').split('/')]
          .filter(Boolean)
          .join('.');
        const field = (v.instancePath || '').split('/').filter(Boolean).join('.') || (v.params as { issue?: { keys?: string[] } })?.issue?.keys?.join(', ') || '';
        return { field, message: v.message ?? 'không hợp lệ', location: err.validationContext, path };
      });
      const first = details[0];
      const where = first?.field ? `Trường «${fieldLabel(first.field)}»` : 'Dữ liệu gửi lên';
      return reply.code(400).send({
        error: {
          code: 'validation_failed',
          message: `${where}: ${first?.message ?? 'không hợp lệ'}. Hãy kiểm tra lại và gửi lại.`,
          details,
        },
      });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response serialization failed');
      return reply.code(500).send({ error: { code: 'internal_error', message: `Lỗi hệ thống. Mã tra cứu: ${req.id}` } });
    }
    const status = err.statusCode ?? 500;
    if (status === 429) {
      return reply.code(429).send({ error: { code: 'rate_limited', message: 'Bạn thao tác quá nhanh. Hãy đợi một phút rồi thử lại.' } });
    }
    if (status < 500) {
      const known: Record<string, [number, string, string]> = {
        FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'Dữ liệu gửi lên không phải JSON hợp lệ.'],
        FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'Thiếu nội dung JSON trong yêu cầu.'],
        FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'Dữ liệu gửi lên quá lớn.'],
        FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Kiểu dữ liệu gửi lên không được hỗ trợ.'],
        FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'Độ dài nội dung không hợp lệ.'],
        FST_REQ_FILE_TOO_LARGE: [413, 'file_too_large', 'Tệp tải lên vượt quá dung lượng cho phép.'],
        FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'multipart_required', 'Yêu cầu phải gửi tệp dạng multipart/form-data.'],
        FST_FILES_LIMIT: [413, 'too_many_files', 'Gửi quá nhiều tệp trong một lần.'],
        FST_PARTS_LIMIT: [413, 'too_many_parts', 'Gửi quá nhiều trường trong một lần.'],
      };
      const k = known[err.code];
      if (k) return reply.code(k[0]).send({ error: { code: k[1], message: k[2] } });
      if (err.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError) {
        return reply.code(400).send({ error: { code: 'invalid_request', message: 'Yêu cầu không hợp lệ.' } });
      }
      return reply.code(status).send({ error: { code: 'bad_request', message: 'Yêu cầu không hợp lệ.' } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal_error', message: `Lỗi hệ thống. Hãy thử lại sau. Mã tra cứu: ${req.id}` } });
  });
}
