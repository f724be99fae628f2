import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalid } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import { readXlsxUpload, sendWorkbook } from '../../platform/xlsx.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Services } from '../../services.js';
import {
  AcceptBody,
  ActivityDetailSchema,
  ActivityListSchema,
  CreateActivityBody,
  ExportQuery,
  FileParams,
  FiguresQuerySchema,
  FiguresSchema,
  IdParams,
  ImportQuery,
  ImportResultSchema,
  ListActivitiesQuery,
  ReturnBody,
  SubmitBody,
  UpdateActivityBody,
} from './activities.schemas.js';
import { parseGroupBy } from './figures.js';
import { MEASURE_GROUP_LABELS, MEASURES } from './measures.js';

/** `inline|attachment; filename="ascii"; filename*=UTF-8''…` */
function contentDisposition(name: string, inline: boolean): string {
  const ascii = foldVietnamese(name).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'tep';
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Reads one uploaded file (field `file`) and an optional `caption` from a multipart request. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ buffer: Buffer; filename: string; caption: string | null }> {
  if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Yêu cầu phải gửi tệp trong trường «file» dạng multipart/form-data.');
  let file: { buffer: Buffer; filename: string } | undefined;
  let caption: string | null = null;
  const mb = Math.round(maxBytes / 1024 / 1024);
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          await part.toBuffer();
          continue;
        }
        file = { buffer: await part.toBuffer(), filename: [...(part.filename ?? '')].filter((c) => c >= ' ').join('').slice(-200) };
      } else if (part.fieldname === 'caption' && typeof part.value === 'string') caption = part.value;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string })?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'file_too_large', `Tệp tải lên vượt quá ${mb} MB cho phép.`);
    if (code === 'FST_FILES_LIMIT') throw invalid('too_many_files', 'Mỗi lần chỉ tải lên một tệp.');
    throw invalid('invalid_multipart', 'Dữ liệu tải lên bị lỗi hoặc không đầy đủ. Hãy chọn lại tệp rồi tải lên lại.');
  }
  if (!file) throw invalid('file_required', 'Trường «Tệp (file)»: chưa có tệp nào được gửi lên. Hãy chọn tệp rồi tải lên.', [{ field: 'file', message: 'bắt buộc phải có' }]);
  if (file.buffer.length > maxBytes) throw new AppError(413, 'file_too_large', `Tệp «${file.filename}» vượt quá ${mb} MB cho phép.`);
  return { ...file, caption };
}

const UploadBody = z
  .object({
    file: z.string().optional().meta({ format: 'binary' }),
    caption: z.string().optional(),
  })
  .nullish();

const MeasureCatalogue = z.array(
  z.object({ key: z.string(), label: z.string(), unit: z.string(), group: z.string(), groupLabel: z.string(), max: z.number(), forms: z.array(z.string()) }),
);

/** `/api/activities…`: activity reports, review, evidence, lists, .xlsx, and the figures query layer. */
export function activitiesRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Hoạt động tuyên truyền'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/activities',
    {
      schema: {
        tags,
        summary: 'Danh sách báo cáo hoạt động (lọc theo đơn vị, kỳ, hình thức, chủ đề, chương trình, trạng thái)',
        description:
          'Mặc định: đơn vị đang làm việc và các đơn vị trực thuộc (kể cả đơn vị tiền thân), `includeSubunits=false` chỉ đơn vị đó. `from`/`to` lọc theo ngày tổ chức. `topicId` gồm cả chủ đề con. `reviewable=true`: báo cáo chờ bạn duyệt. Bản đã được đính chính chỉ hiện khi `status=superseded`.',
        querystring: ListActivitiesQuery,
        response: { 200: ActivityListSchema },
      },
    },
    async (req) => s.activities.list(await scope(req), req.query),
  );

  r.get('/api/activities/measures', { schema: { tags, summary: 'Danh mục chỉ tiêu số lượng của báo cáo hoạt động', response: { 200: MeasureCatalogue } } }, async () =>
    MEASURES.map((m) => ({ key: m.key, label: m.label, unit: m.unit, group: m.group, groupLabel: MEASURE_GROUP_LABELS[m.group], max: m.max, forms: [...m.forms] })),
  );

  r.get(
    '/api/activities/figures',
    {
      schema: {
        tags,
        summary: 'Số liệu tổng hợp từ các báo cáo đã duyệt (tầng truy vấn dùng chung cho bảng điều khiển và báo cáo định kỳ)',
        description:
          '`groupBy`: none | form | unit | month | topic, hoặc hai chiều (ví dụ `unit,topic`). `unitGrouping=as_of_today` gộp đơn vị cũ vào đơn vị kế thừa theo cây hiện nay; `as_of_period` nhóm theo đơn vị tại thời điểm diễn ra hoạt động. Kỳ: `from`/`to` hoặc `period` + `year` + `index` + `cutoffDay`.',
        querystring: FiguresQuerySchema,
        response: { 200: FiguresSchema },
      },
    },
    async (req) => s.activities.figuresFor(await scope(req), { ...req.query, groupBy: parseGroupBy(req.query.groupBy) }),
  );

  r.get(
    '/api/activities/export',
    { schema: { tags, summary: 'Xuất danh sách báo cáo hoạt động đã lọc ra tệp Excel (.xlsx)', querystring: ExportQuery } },
    async (req, reply) => {
      const { format: _f, ...q } = req.query;
      const { workbook, filename } = await s.activitiesTransfer.exportWorkbook(await scope(req), q);
      return sendWorkbook(reply, workbook, filename);
    },
  );

  r.get(
    '/api/activities/template.xlsx',
    { schema: { tags, summary: 'Tải tệp mẫu nhập báo cáo hoạt động (.xlsx)', querystring: z.object({ campaignId: z.string().max(64).optional() }).strict() } },
    async (req, reply) => {
      const { workbook, filename } = await s.activitiesTransfer.template(await scope(req), req.query.campaignId);
      return sendWorkbook(reply, workbook, filename);
    },
  );

  r.post(
    '/api/activities/import',
    {
      schema: {
        tags,
        summary: 'Nhập nhiều báo cáo hoạt động từ tệp Excel (.xlsx, tối đa 5 MB) — tất cả hoặc không',
        description: 'multipart/form-data, trường `file`. Có lỗi: 400 `import_invalid`, `details: [{ row, field, message }]`, không ghi gì. Mặc định gửi duyệt ngay (`submit=false` để lưu nháp).',
        consumes: ['multipart/form-data'],
        body: UploadBody,
        querystring: ImportQuery,
        response: { 200: ImportResultSchema },
      },
    },
    async (req) => {
      const sc = await scope(req);
      sc.assertHas('activity.report');
      const upload = await readXlsxUpload(req);
      return s.activitiesTransfer.import(sc, ctxOf(req), upload, { campaignId: req.query.campaignId, submit: req.query.submit ?? true, dryRun: req.query.dryRun ?? false });
    },
  );

  r.post(
    '/api/activities',
    {
      schema: {
        tags,
        summary: 'Tạo báo cáo hoạt động (bản nháp; `submit: true` để gửi duyệt ngay)',
        description: 'Với `clientKey` (UUID do ứng dụng tạo), gửi lại cùng mã sau khi mất mạng trả về đúng bản ghi đã tạo với mã 200 thay vì tạo bản thứ hai.',
        body: CreateActivityBody,
        response: { 200: ActivityDetailSchema, 201: ActivityDetailSchema },
      },
    },
    async (req, reply) => {
      const { activity, created } = await s.activities.create(await scope(req), ctxOf(req), req.body);
      return reply.code(created ? 201 : 200).send(activity);
    },
  );

  r.get('/api/activities/:id', { schema: { tags, summary: 'Chi tiết báo cáo hoạt động, minh chứng, lịch sử và các phiên bản', params: IdParams, response: { 200: ActivityDetailSchema } } }, async (req) =>
    s.activities.get(await scope(req), req.params.id),
  );

  r.patch(
    '/api/activities/:id',
    {
      schema: {
        tags,
        summary: 'Lưu bản nháp (tự động khi đang nhập; kèm phiên bản — 409 nếu người khác vừa lưu)',
        params: IdParams,
        body: UpdateActivityBody,
        response: { 200: ActivityDetailSchema },
      },
    },
    async (req) => s.activities.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.delete('/api/activities/:id', { schema: { tags, summary: 'Xóa bản nháp hoặc báo cáo bị trả lại', params: IdParams } }, async (req, reply) => {
    await s.activities.remove(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.post(
    '/api/activities/:id/submit',
    {
      schema: {
        tags,
        summary: 'Gửi duyệt (hoặc gửi lại sau khi sửa); `clientKey` giúp gửi lại an toàn khi mất mạng',
        params: IdParams,
        body: SubmitBody,
        response: { 200: ActivityDetailSchema },
      },
    },
    async (req) => s.activities.submit(await scope(req), ctxOf(req), req.params.id, req.body ?? {}),
  );

  r.post(
    '/api/activities/:id/accept',
    { schema: { tags, summary: 'Duyệt báo cáo (đơn vị cấp trên); báo cáo được khóa và tính vào số liệu', params: IdParams, body: AcceptBody, response: { 200: ActivityDetailSchema } } },
    async (req) => s.activities.accept(await scope(req), ctxOf(req), req.params.id, req.body ?? {}),
  );

  r.post(
    '/api/activities/:id/return',
    { schema: { tags, summary: 'Trả lại báo cáo để đơn vị sửa (kèm ý kiến)', params: IdParams, body: ReturnBody, response: { 200: ActivityDetailSchema } } },
    async (req) => s.activities.return(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/activities/:id/correct',
    { schema: { tags, summary: 'Tạo bản đính chính của báo cáo đã duyệt (phiên bản mới, giữ lịch sử)', params: IdParams, response: { 201: ActivityDetailSchema } } },
    async (req, reply) => reply.code(201).send(await s.activities.correct(await scope(req), ctxOf(req), req.params.id)),
  );

  r.post(
    '/api/activities/:id/photos',
    {
      schema: {
        tags,
        summary: 'Thêm ảnh minh chứng (JPEG, PNG, WebP; thu nhỏ còn 1600 px và 400 px dạng WebP)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: UploadBody,
        response: { 201: ActivityDetailSchema },
      },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const up = await readUpload(req, s.activities.maxUploadBytes);
      return reply.code(201).send(await s.activities.addPhoto(sc, ctxOf(req), req.params.id, up, up.caption));
    },
  );

  r.post(
    '/api/activities/:id/documents',
    {
      schema: { tags, summary: 'Thêm tài liệu minh chứng (PDF, Word, Excel)', consumes: ['multipart/form-data'], params: IdParams, body: UploadBody, response: { 201: ActivityDetailSchema } },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const up = await readUpload(req, s.activities.maxUploadBytes);
      return reply.code(201).send(await s.activities.addDocument(sc, ctxOf(req), req.params.id, up, up.caption));
    },
  );

  r.delete(
    '/api/activities/:id/attachments/:fileId',
    { schema: { tags, summary: 'Bỏ một ảnh hoặc tài liệu minh chứng (theo `files[].id`)', params: FileParams } },
    async (req, reply) => {
      await s.activities.removeFile(await scope(req), ctxOf(req), req.params.id, req.params.fileId);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/activities/:id/files/:fileId',
    { schema: { tags, summary: 'Tải ảnh (cỡ hiển thị hoặc ảnh nhỏ) hoặc tài liệu minh chứng', params: FileParams, querystring: z.object({ download: z.enum(['true', 'false']).optional() }).strict() } },
    async (req, reply) => {
      const f = await s.activities.file(await scope(req), req.params.id, req.params.fileId);
      const inline = req.query.download !== 'true' && (f.mime.startsWith('image/') || f.mime === 'application/pdf');
      return reply
        .header('content-type', f.mime)
        .header('content-length', String(f.size))
        .header('content-disposition', contentDisposition(f.name, inline))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .send(s.files.stream(f));
    },
  );
}
