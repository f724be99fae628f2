import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import { boolQuery } from '../../platform/validation.js';
import { readXlsxUpload, sendWorkbook } from '../../platform/xlsx.js';
import type { Services } from '../../services.js';

/** Documents the multipart field for OpenAPI; the file itself is read with `req.file()`. */
const UploadBody = z.object({ file: z.string().optional().meta({ format: 'binary', description: 'Tệp Excel .xlsx (tối đa 5 MB)' }) }).nullish();

const ImportIssueSchema = z.object({ row: z.number(), field: z.string(), message: z.string() });

const UsersImportResult = z.object({
  created: z.number().describe('Số tài khoản mới'),
  updated: z.number().describe('Số tài khoản đã có được cấp thêm vai trò'),
  grants: z.number().describe('Số vai trò được cấp'),
  errors: z.array(ImportIssueSchema),
});

/** Excel template, import and export of users (`/api/users/template.xlsx`, `/import`, `/export.xlsx`). */
export function usersTransferRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Người dùng và phân quyền'];
  const scope = async (req: Parameters<typeof requireActor>[0]) => s.auth.scopeFor(requireActor(req));

  r.get('/api/users/template.xlsx', { schema: { tags, summary: 'Tải tệp mẫu nhập người dùng (.xlsx)' } }, async (req, reply) => {
    const { workbook, filename } = s.usersTransfer.template(await scope(req));
    return sendWorkbook(reply, workbook, filename);
  });

  r.get('/api/users/export.xlsx', { schema: { tags, summary: 'Xuất danh sách người dùng và vai trò ra tệp Excel (.xlsx)' } }, async (req, reply) => {
    const { workbook, filename } = await s.usersTransfer.exportWorkbook(await scope(req));
    return sendWorkbook(reply, workbook, filename);
  });

  r.post(
    '/api/users/import',
    {
      schema: {
        tags,
        summary: 'Nhập người dùng và vai trò từ tệp Excel (.xlsx, tối đa 5 MB)',
        description:
          'Gửi multipart/form-data với trường `file`. Kiểm tra toàn bộ tệp trước; có lỗi thì trả 400 `import_invalid` với `details: [{ row, field, message }]` và không ghi gì. `dryRun=true` chỉ kiểm tra và đếm.',
        consumes: ['multipart/form-data'],
        body: UploadBody,
        querystring: z.object({ dryRun: boolQuery.optional() }).strict(),
        response: { 200: UsersImportResult },
      },
    },
    async (req) => {
      const sc = await scope(req);
      sc.assertHas('user.manage');
      const upload = await readXlsxUpload(req);
      return s.usersTransfer.import(sc, ctxOf(req), upload, { dryRun: req.query.dryRun ?? false });
    },
  );
}
