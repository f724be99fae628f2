import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { invalid } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import { contentDisposition } from '../plans/plans.routes.js';
import {
  DownloadQuery,
  DownloadStatsSchema,
  IdParams,
  ListMaterialsQuery,
  MaterialCatalogueSchema,
  MaterialFields,
  MaterialListSchema,
  MaterialSchema,
  PublicMaterialsQuery,
  UpdateMaterialBody,
} from './materials.schemas.js';
import { readUpload } from './upload.js';

const FIELD_LABELS: Record<string, string> = { title: 'Tên tài liệu', kind: 'Loại tài liệu', description: 'Mô tả', visibility: 'Phạm vi', topicIds: 'Chủ đề', campaignId: 'Chiến dịch', unitId: 'Đơn vị', note: 'Ghi chú phiên bản' };

/** Multipart text fields checked with the same schema as JSON; 400 naming the first wrong field. */
function parseFields(fields: Record<string, string>) {
  const r = MaterialFields.safeParse(fields);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const first = r.error.issues[0];
  const key = String(first.path[0] ?? '');
  throw invalid('validation_failed', `Trường «${FIELD_LABELS[key] ?? key} (${first.path.join('.')})»: ${first.message}.`, details);
}

export function materialsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Tài liệu tuyên truyền'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));
  const fieldNames = ['title', 'kind', 'description', 'visibility', 'topicIds', 'campaignId', 'unitId', 'note'] as const;

  r.get('/api/materials/catalogue', { schema: { tags, summary: 'Loại tài liệu, định dạng tệp nhận cho mỗi loại, phạm vi, dung lượng tối đa', response: { 200: MaterialCatalogueSchema } } }, async () =>
    s.materials.catalogue(),
  );

  r.get(
    '/api/materials/public',
    { schema: { tags, summary: 'Tài liệu công khai (không cần đăng nhập), lọc theo loại và chủ đề', querystring: PublicMaterialsQuery, response: { 200: MaterialListSchema } } },
    async (req) => s.materials.publicList(req.query),
  );

  r.get(
    '/api/materials',
    { schema: { tags, summary: 'Thư viện tài liệu: tài liệu công khai và tài liệu nội bộ của các đơn vị trong phạm vi', querystring: ListMaterialsQuery, response: { 200: MaterialListSchema } } },
    async (req) => s.materials.list(await scope(req), req.query),
  );

  r.post(
    '/api/materials',
    {
      schema: {
        tags,
        summary: 'Đăng tài liệu (multipart: file, title, kind, description, visibility, topicIds, campaignId, unitId, note)',
        description:
          'Loại tệp nhận biết theo nội dung (không theo tên): tài liệu PDF/DOCX/XLSX, infographic PNG/JPEG/WebP/PDF, trình chiếu PPTX/PDF, tờ rơi, hỏi - đáp, âm thanh MP3/M4A. Sai loại → 415, quá MAX_UPLOAD_MB → 413. `topicIds`: mảng JSON hoặc danh sách cách nhau dấu phẩy. Người có quyền biên tập tin (news.edit) của đơn vị.',
        response: { 201: MaterialSchema },
      },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const up = await readUpload(req, s.materials.maxUploadBytes, fieldNames);
      const input = parseFields(up.fields);
      return reply.code(201).send(await s.materials.create(sc, ctxOf(req), input, { buffer: up.buffer, filename: up.filename }));
    },
  );

  r.get('/api/materials/:id', { schema: { tags, summary: 'Chi tiết tài liệu với các phiên bản', params: IdParams, response: { 200: MaterialSchema } } }, async (req) =>
    s.materials.get(await scope(req), req.params.id),
  );

  r.patch('/api/materials/:id', { schema: { tags, summary: 'Sửa thông tin tài liệu (tên, loại, mô tả, phạm vi, chủ đề)', params: IdParams, body: UpdateMaterialBody, response: { 200: MaterialSchema } } }, async (req) =>
    s.materials.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.delete('/api/materials/:id', { schema: { tags, summary: 'Gỡ tài liệu khỏi thư viện (các phiên bản vẫn được lưu)', params: IdParams } }, async (req, reply) => {
    await s.materials.archive(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.post(
    '/api/materials/:id/versions',
    { schema: { tags, summary: 'Tải lên phiên bản mới (multipart: file, note); các phiên bản cũ được giữ', params: IdParams, response: { 201: MaterialSchema } } },
    async (req, reply) => {
      const sc = await scope(req);
      const up = await readUpload(req, s.materials.maxUploadBytes, ['note']);
      return reply.code(201).send(await s.materials.addVersion(sc, ctxOf(req), req.params.id, { buffer: up.buffer, filename: up.filename }, up.fields.note));
    },
  );

  r.get(
    '/api/materials/:id/download',
    { schema: { tags, summary: 'Tải tệp (phiên bản hiện hành hoặc `version`); lượt tải được tính cho đơn vị đang làm việc', params: IdParams, querystring: DownloadQuery } },
    async (req, reply) => {
      const { file } = await s.materials.download(await scope(req), req.params.id, req.query.version);
      return reply.type(file.mime).header('content-disposition', contentDisposition(file.name)).header('cache-control', 'private, no-store').send(await s.materials.readFile(file));
    },
  );

  r.get('/api/materials/:id/downloads', { schema: { tags, summary: 'Lượt tải theo đơn vị (người chưa đăng nhập: «Người dân»)', params: IdParams, response: { 200: DownloadStatsSchema } } }, async (req) =>
    s.materials.downloadStats(await scope(req), req.params.id),
  );
}
