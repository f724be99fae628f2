import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import { sendWorkbook } from '../../platform/xlsx.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Services } from '../../services.js';
import { renderDocx, renderPdf, renderPrintHtml } from '../documents/index.js';
import { reportFileName, reportWorkbook, toOfficialDocument } from './reports.export.js';
import {
  AcceptBody,
  CreateReportBody,
  CreateRequestBody,
  ExportQuery,
  IdParams,
  ListReportsQuery,
  ListRequestsQuery,
  PeriodPreviewSchema,
  PeriodQuery,
  RefreshBody,
  ReportDetailSchema,
  ReportListSchema,
  ReportRequestSchema,
  RequestListSchema,
  ReturnBody,
  UpdateReportBody,
  VersionBody,
} from './reports.schemas.js';

function contentDisposition(name: string): string {
  const ascii = foldVietnamese(name).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'bao-cao';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** `/api/reports…` and `/api/report-requests…`: periodic reports, their review, exports and requests. */
export function reportsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Báo cáo định kỳ'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/reports',
    {
      schema: {
        tags,
        summary: 'Danh sách báo cáo định kỳ (đơn vị và đơn vị trực thuộc, kỳ mới nhất trước)',
        description: '`includeSubunits=false`: chỉ đơn vị đó. `reviewable=true`: báo cáo đang chờ đơn vị đang làm việc tiếp nhận.',
        querystring: ListReportsQuery,
        response: { 200: ReportListSchema },
      },
    },
    async (req) => s.reports.list(await scope(req), req.query),
  );

  r.get(
    '/api/reports/period',
    { schema: { tags, summary: 'Xem trước kỳ báo cáo (từ ngày, đến ngày, tên kỳ) theo loại kỳ và ngày chốt số liệu', querystring: PeriodQuery, response: { 200: PeriodPreviewSchema } } },
    async (req) => {
      requireActor(req);
      const p = s.reports.period(req.query);
      return { from: p.from, to: p.to, label: p.label };
    },
  );

  r.post(
    '/api/reports',
    {
      schema: {
        tags,
        summary: 'Tạo dự thảo báo cáo định kỳ (số liệu và các mục I–V được điền sẵn)',
        description: 'Với `requestId`, kỳ và hạn lấy theo yêu cầu của cấp trên. 409 `report_exists` (`details.id`) nếu đơn vị đã có báo cáo cùng kỳ.',
        body: CreateReportBody,
        response: { 201: ReportDetailSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.reports.create(await scope(req), ctxOf(req), req.body)),
  );

  r.get('/api/reports/:id', { schema: { tags, summary: 'Chi tiết báo cáo định kỳ: nội dung, số liệu, báo cáo của đơn vị trực thuộc, lịch sử', params: IdParams, response: { 200: ReportDetailSchema } } }, async (req) =>
    s.reports.get(await scope(req), req.params.id),
  );

  r.patch(
    '/api/reports/:id',
    { schema: { tags, summary: 'Lưu bản nháp báo cáo (kèm phiên bản — 409 nếu người khác vừa lưu)', params: IdParams, body: UpdateReportBody, response: { 200: ReportDetailSchema } } },
    async (req) => s.reports.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/reports/:id/refresh',
    { schema: { tags, summary: 'Cập nhật số liệu; `sections: true` viết lại các mục I–V theo dữ liệu mới', params: IdParams, body: RefreshBody, response: { 200: ReportDetailSchema } } },
    async (req) => s.reports.refresh(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.delete('/api/reports/:id', { schema: { tags, summary: 'Xóa bản nháp báo cáo', params: IdParams } }, async (req, reply) => {
    await s.reports.remove(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.post(
    '/api/reports/:id/submit',
    { schema: { tags, summary: 'Gửi báo cáo lên cấp trên (cấp số n/BC-…, chốt số liệu)', params: IdParams, body: VersionBody, response: { 200: ReportDetailSchema } } },
    async (req) => s.reports.submit(await scope(req), ctxOf(req), req.params.id, req.body.version),
  );

  r.post(
    '/api/reports/:id/accept',
    { schema: { tags, summary: 'Tiếp nhận báo cáo (đơn vị cấp trên)', params: IdParams, body: AcceptBody, response: { 200: ReportDetailSchema } } },
    async (req) => s.reports.accept(await scope(req), ctxOf(req), req.params.id, req.body?.comment),
  );

  r.post(
    '/api/reports/:id/return',
    { schema: { tags, summary: 'Trả lại báo cáo để đơn vị sửa (kèm ý kiến)', params: IdParams, body: ReturnBody, response: { 200: ReportDetailSchema } } },
    async (req) => s.reports.returnReport(await scope(req), ctxOf(req), req.params.id, req.body.comment),
  );

  r.get(
    '/api/reports/:id/export',
    { schema: { tags, summary: 'Tải báo cáo .docx, .pdf (thể thức Nghị định 30/2020/NĐ-CP, phụ lục thống kê) hoặc .xlsx', params: IdParams, querystring: ExportQuery } },
    async (req, reply) => {
      const report = await s.reports.forExport(await scope(req), req.params.id);
      const format = req.query.format;
      if (format === 'xlsx') return sendWorkbook(reply, reportWorkbook(report, app.clock.now()), reportFileName(report, 'xlsx'));
      const doc = toOfficialDocument(report);
      const buffer = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
      const mime = format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      return reply.header('content-type', mime).header('content-disposition', contentDisposition(reportFileName(report, format))).header('cache-control', 'no-store').send(buffer);
    },
  );

  r.get('/api/reports/:id/print', { schema: { tags, summary: 'Trang in báo cáo (HTML, cùng bố cục với văn bản)', params: IdParams } }, async (req, reply) => {
    const report = await s.reports.forExport(await scope(req), req.params.id);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPrintHtml(toOfficialDocument(report)));
  });

  // ---- requests

  r.post(
    '/api/report-requests',
    {
      schema: {
        tags,
        summary: 'Yêu cầu các đơn vị trực thuộc gửi báo cáo định kỳ (kỳ, hạn gửi)',
        description: 'Mặc định gửi đến các đơn vị trực thuộc hiện nay (Ủy ban MTTQ cấp dưới, tổ chức thành viên, Ban công tác Mặt trận).',
        body: CreateRequestBody,
        response: { 201: ReportRequestSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.reports.createRequest(await scope(req), ctxOf(req), req.body)),
  );

  r.get(
    '/api/report-requests',
    { schema: { tags, summary: 'Yêu cầu báo cáo đã gửi (`role=sent`) hoặc đã nhận (`role=received`) của đơn vị', querystring: ListRequestsQuery, response: { 200: RequestListSchema } } },
    async (req) => s.reports.listRequests(await scope(req), req.query),
  );

  r.get(
    '/api/report-requests/:id',
    { schema: { tags, summary: 'Tình hình gửi báo cáo theo yêu cầu: đơn vị chưa gửi, gửi đúng hạn, quá hạn', params: IdParams, response: { 200: ReportRequestSchema } } },
    async (req) => s.reports.getRequest(await scope(req), req.params.id),
  );
}
