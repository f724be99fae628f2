import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import { boolQuery, isoDate } from '../../platform/validation.js';
import { readXlsxUpload, sendWorkbook } from '../../platform/xlsx.js';
import type { Services } from '../../services.js';

/** Documents the multipart field for OpenAPI; the file itself is read with `req.file()`. */
const UploadBody = z.object({ file: z.string().optional().meta({ format: 'binary', description: 'Tệp Excel .xlsx (tối đa 5 MB)' }) }).nullish();

const ImportIssueSchema = z.object({ row: z.number(), field: z.string(), message: z.string() });

const UnitsImportResult = z.object({
  created: z.number().describe('Số đơn vị sẽ được / đã được tạo mới'),
  updated: z.number().describe('Số dòng có mã đơn vị đã có (cập nhật)'),
  unchanged: z.number().describe('Trong số đó, số dòng không có gì thay đổi'),
  errors: z.array(ImportIssueSchema),
});

/** Excel export, template and import of units (`/api/units/export.xlsx`, `/template.xlsx`, `/import`). */
export function unitsTransferRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Đơn vị'];
  const scope = async (req: Parameters<typeof requireActor>[0]) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/units/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Xuất danh sách đơn vị ra tệp Excel (.xlsx) theo ngày',
        description: 'Các đơn vị bạn được xem, với đơn vị cấp trên tại ngày `asOf` (mặc định hôm nay). Trả về tệp .xlsx.',
        querystring: z.object({ asOf: isoDate.optional(), includeClosed: boolQuery.optional() }).strict(),
      },
    },
    async (req, reply) => {
      const { workbook, filename } = await s.unitsTransfer.exportWorkbook(await scope(req), req.query);
      return sendWorkbook(reply, workbook, filename);
    },
  );

  r.get('/api/units/template.xlsx', { schema: { tags, summary: 'Tải tệp mẫu nhập danh sách đơn vị (.xlsx)' } }, async (req, reply) => {
    const { workbook, filename } = s.unitsTransfer.template(await scope(req));
    return sendWorkbook(reply, workbook, filename);
  });

  r.post(
    '/api/units/import',
    {
      schema: {
        tags,
        summary: 'Nhập danh sách đơn vị từ tệp Excel (.xlsx, tối đa 5 MB)',
        description:
          'Gửi multipart/form-data với trường `file`. Kiểm tra toàn bộ tệp trước; có lỗi thì trả 400 `import_invalid` với `details: [{ row, field, message }]` và không ghi gì. `dryRun=true` chỉ kiểm tra và đếm.',
        consumes: ['multipart/form-data'],
        body: UploadBody,
        querystring: z.object({ dryRun: boolQuery.optional() }).strict(),
        response: { 200: UnitsImportResult },
      },
    },
    async (req) => {
      const sc = await scope(req);
      sc.assertHas('unit.manage');
      const upload = await readXlsxUpload(req);
      return s.unitsTransfer.import(sc, ctxOf(req), upload, { dryRun: req.query.dryRun ?? false });
    },
  );
}
