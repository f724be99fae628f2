import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalid } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import { renderDocx, renderPdf, renderPrintHtml } from '../documents/index.js';
import { exportFileName, toOfficialDocument } from './plans.document.js';
import {
  AttachmentParams,
  AttachmentSchema,
  CascadeSchema,
  CreatePlanBody,
  DeliverySchema,
  ExportQuery,
  IdParams,
  InboxQuery,
  InboxSchema,
  IssueBody,
  ListPlansQuery,
  PlanListSchema,
  PlanSchema,
  PublicFlagBody,
  RequestListSchema,
  RequestsQuery,
  ReturnBody,
  TemplateBody,
  UpdatePlanBody,
  VersionListSchema,
  VersionOnlyBody,
  VersionParams,
  VersionSnapshotSchema,
} from './plans.schemas.js';

/** `attachment; filename="ascii"; filename*=UTF-8''…` */
export function contentDisposition(name: string, inline = false): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Reads one uploaded file (field `file`) and an optional `title` field from a multipart request. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ buffer: Buffer; filename: string; title?: string }> {
  if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Yêu cầu phải gửi tệp trong trường «file» dạng multipart/form-data.');
  let file: { buffer: Buffer; filename: string } | undefined;
  let title: string | undefined;
  const mb = Math.round(maxBytes / 1024 / 1024);
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') file = { buffer: await part.toBuffer(), filename: part.filename ?? '' };
      else if (part.fieldname === 'title' && typeof part.value === 'string') title = part.value;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string })?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'file_too_large', `Tệp tải lên vượt quá ${mb} MB cho phép.`);
    if (code === 'FST_FILES_LIMIT') throw invalid('too_many_files', 'Mỗi lần chỉ tải lên một tệp.');
    throw invalid('invalid_multipart', 'Dữ liệu tải lên bị lỗi hoặc không đầy đủ. Hãy chọn lại tệp rồi tải lên lại.');
  }
  if (!file) throw invalid('file_required', 'Trường «Tệp (file)»: chưa có tệp nào được gửi lên. Hãy chọn tệp rồi tải lên.');
  if (file.buffer.length > maxBytes) throw new AppError(413, 'file_too_large', `Tệp «${file.filename}» vượt quá ${mb} MB cho phép.`);
  return { ...file, title };
}

export function plansRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Kế hoạch'];
  const cascadeTags = ['Kế hoạch — triển khai và văn bản đến'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));
  const maxBytes = s.plans.maxUploadBytes;

  r.get(
    '/api/plans',
    {
      schema: {
        tags,
        summary: 'Danh sách kế hoạch (tìm theo số, trích yếu — không phân biệt dấu)',
        description: '`template=true` liệt kê mẫu kế hoạch. `status=in_force`: đã ban hành và đang trong thời gian thực hiện.',
        querystring: ListPlansQuery,
        response: { 200: PlanListSchema },
      },
    },
    async (req) => s.plans.list(await scope(req), req.query),
  );

  r.post(
    '/api/plans',
    {
      schema: {
        tags,
        summary: 'Tạo dự thảo kế hoạch',
        description: '`fromRequestId`: kế hoạch thực hiện một yêu cầu của cấp trên (điền sẵn từ kế hoạch cấp trên). `fromTemplateId`: tạo từ mẫu. Các trường khác ghi đè phần điền sẵn.',
        body: CreatePlanBody,
        response: { 201: PlanSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.plans.create(await scope(req), ctxOf(req), req.body)),
  );

  r.get(
    '/api/plans/:id',
    { schema: { tags, summary: 'Chi tiết kế hoạch (người của đơn vị nhận mở lần đầu được ghi nhận là đã xem)', params: IdParams, response: { 200: PlanSchema } } },
    async (req) => s.plans.get(await scope(req), req.params.id),
  );

  r.patch(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: 'Lưu dự thảo (kèm version; 409 version_conflict khi người khác đã lưu trước, 409 plan_not_editable khi không còn là dự thảo)',
        params: IdParams,
        body: UpdatePlanBody,
        response: { 200: PlanSchema },
      },
    },
    async (req) => s.plans.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.delete('/api/plans/:id', { schema: { tags, summary: 'Xóa dự thảo chưa ban hành', params: IdParams } }, async (req, reply) => {
    await s.plans.remove(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.post(
    '/api/plans/:id/submit',
    { schema: { tags, summary: 'Trình lãnh đạo ban hành (dự thảo → chờ ban hành)', params: IdParams, body: VersionOnlyBody, response: { 200: PlanSchema } } },
    async (req) => s.plans.submit(await scope(req), ctxOf(req), req.params.id, req.body.version),
  );

  r.post(
    '/api/plans/:id/return',
    { schema: { tags, summary: 'Lãnh đạo trả lại dự thảo (chờ ban hành → dự thảo)', params: IdParams, body: ReturnBody, response: { 200: PlanSchema } } },
    async (req) => s.plans.returnToDraft(await scope(req), ctxOf(req), req.params.id, req.body.comment),
  );

  r.post(
    '/api/plans/:id/issue',
    {
      schema: {
        tags,
        summary: 'Ban hành (lãnh đạo đơn vị ban hành): cấp số, gửi yêu cầu và văn bản đến các đơn vị',
        description:
          'Số theo đơn vị, loại văn bản và năm của ngày ban hành, bắt đầu lại từ 01 mỗi ngày 1/1. `targetUnitIds`: các đơn vị phải xây dựng kế hoạch thực hiện (mặc định: theo nhóm đơn vị trong phần Tổ chức thực hiện). Ban hành lần hai → 409.',
        params: IdParams,
        body: IssueBody,
        response: { 200: PlanSchema },
      },
    },
    async (req) => s.plans.issue(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.post('/api/plans/:id/close', { schema: { tags, summary: 'Kết thúc kế hoạch đã ban hành (lãnh đạo)', params: IdParams, response: { 200: PlanSchema } } }, async (req) =>
    s.plans.close(await scope(req), ctxOf(req), req.params.id),
  );

  r.patch(
    '/api/plans/:id/public',
    {
      schema: {
        tags,
        summary: 'Công khai / thôi công khai kế hoạch đã ban hành trên trang thông tin (mục «Văn bản»)',
        description: 'Lãnh đạo đơn vị ban hành (plan.issue). Kế hoạch chưa ban hành → 409 plan_not_issued.',
        params: IdParams,
        body: PublicFlagBody,
        response: { 200: PlanSchema },
      },
    },
    async (req) => s.plans.setPublic(await scope(req), ctxOf(req), req.params.id, req.body.isPublic),
  );

  r.post(
    '/api/plans/:id/amend',
    { schema: { tags, summary: 'Soạn sửa đổi, bổ sung (dự thảo mới thay thế kế hoạch khi được ban hành)', params: IdParams, response: { 201: PlanSchema } } },
    async (req, reply) => reply.code(201).send(await s.plans.amend(await scope(req), ctxOf(req), req.params.id)),
  );

  r.post(
    '/api/plans/:id/save-as-template',
    { schema: { tags, summary: 'Lưu thành mẫu kế hoạch của đơn vị đang làm việc', params: IdParams, body: TemplateBody, response: { 201: PlanSchema } } },
    async (req, reply) => reply.code(201).send(await s.plans.saveAsTemplate(await scope(req), ctxOf(req), req.params.id, req.body.subject)),
  );

  r.get('/api/plans/:id/versions', { schema: { tags, summary: 'Lịch sử các lần lưu, trình, ban hành', params: IdParams, response: { 200: VersionListSchema } } }, async (req) =>
    s.plans.versions(await scope(req), req.params.id),
  );

  r.get(
    '/api/plans/:id/versions/:v',
    { schema: { tags, summary: 'Nội dung kế hoạch tại một phiên bản', params: VersionParams, response: { 200: VersionSnapshotSchema } } },
    async (req) => s.plans.version(await scope(req), req.params.id, req.params.v),
  );

  r.get(
    '/api/plans/:id/export',
    { schema: { tags, summary: 'Tải văn bản .docx hoặc .pdf (thể thức Nghị định 30/2020/NĐ-CP)', params: IdParams, querystring: ExportQuery } },
    async (req, reply) => {
      const plan = await s.plans.forExport(await scope(req), req.params.id);
      const doc = toOfficialDocument(plan);
      const format = req.query.format;
      const buffer = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
      const mime = format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      return reply.header('content-type', mime).header('content-disposition', contentDisposition(exportFileName(plan, format))).header('cache-control', 'no-store').send(buffer);
    },
  );

  r.get('/api/plans/:id/print', { schema: { tags, summary: 'Trang in (HTML, cùng bố cục với văn bản)', params: IdParams } }, async (req, reply) => {
    const plan = await s.plans.forExport(await scope(req), req.params.id);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPrintHtml(toOfficialDocument(plan)));
  });

  r.post(
    '/api/plans/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Đính kèm tệp vào dự thảo (PDF, Word, Excel, ảnh JPEG/PNG/WebP)',
        description: 'multipart/form-data: trường `file` (một tệp, không quá MAX_UPLOAD_MB) và `title` (tùy chọn). Sai định dạng → 415, quá lớn → 413.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: AttachmentSchema },
      },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const upload = await readUpload(req, maxBytes);
      return reply.code(201).send(await s.plans.addAttachment(sc, ctxOf(req), req.params.id, upload));
    },
  );

  r.delete('/api/plans/:id/attachments/:attachmentId', { schema: { tags, summary: 'Bỏ tệp đính kèm khỏi dự thảo', params: AttachmentParams } }, async (req, reply) => {
    await s.plans.removeAttachment(await scope(req), ctxOf(req), req.params.id, req.params.attachmentId);
    return reply.code(204).send();
  });

  r.get(
    '/api/files/:id',
    { schema: { tags: ['Tệp'], summary: 'Tải tệp (chỉ khi được xem hồ sơ chứa tệp)', params: IdParams, querystring: z.object({ inline: z.enum(['true', 'false']).optional() }).strict() } },
    async (req, reply) => {
      const file = await s.plans.fileForDownload(await scope(req), req.params.id);
      const inline = req.query.inline === 'true' && (file.mime.startsWith('image/') || file.mime === 'application/pdf');
      return reply
        .header('content-type', file.mime)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.name, inline))
        .header('cache-control', 'private, no-store')
        .send(s.files.stream(file));
    },
  );

  // ---- cascade and distribution ----

  r.get(
    '/api/plans/:id/cascade',
    { schema: { tags: cascadeTags, summary: 'Tình hình xây dựng kế hoạch thực hiện của các đơn vị được yêu cầu', params: IdParams, response: { 200: CascadeSchema } } },
    async (req) => s.plans.cascade(await scope(req), req.params.id),
  );

  r.get(
    '/api/requests',
    { schema: { tags: cascadeTags, summary: 'Yêu cầu xây dựng kế hoạch gửi đến đơn vị (mặc định: đơn vị đang làm việc)', querystring: RequestsQuery, response: { 200: RequestListSchema } } },
    async (req) => s.planCascade.requests(await scope(req), req.query),
  );

  r.get(
    '/api/inbox',
    { schema: { tags: cascadeTags, summary: 'Văn bản đến của đơn vị đang làm việc', querystring: InboxQuery, response: { 200: InboxSchema } } },
    async (req) => s.planDistribution.inbox(await scope(req), req.query),
  );

  r.post(
    '/api/deliveries/:id/confirm',
    {
      schema: {
        tags: cascadeTags,
        summary: 'Xác nhận đã nhận văn bản',
        params: IdParams,
        response: { 200: z.object({ deliveryId: z.string(), confirmedAt: z.string().nullable(), confirmedBy: z.string().nullable(), firstOpenedAt: z.string().nullable() }) },
      },
    },
    async (req) => s.planDistribution.confirm(await scope(req), ctxOf(req), req.params.id),
  );

  r.get(
    '/api/plans/:id/deliveries',
    { schema: { tags: cascadeTags, summary: 'Đơn vị ban hành xem nơi nhận đã xem, đã xác nhận', params: IdParams, response: { 200: z.array(DeliverySchema) } } },
    async (req) => s.plans.deliveries(await scope(req), req.params.id),
  );
}
