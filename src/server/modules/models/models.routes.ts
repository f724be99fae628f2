import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import { readUpload } from '../materials/upload.js';
import {
  AcceptBody,
  CatalogueSchema,
  CommendationSchema,
  CommentBody,
  CreateModelBody,
  IdParams,
  ListModelsQuery,
  ModelEventSchema,
  ModelListSchema,
  ModelSchema,
  PhotoParams,
  PublicBody,
  PublicModelsQuery,
  UpdateModelBody,
} from './models.schemas.js';

export function modelsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Mô hình hay, gương điển hình'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get('/api/models/catalogue', { schema: { tags, summary: 'Danh mục loại, lĩnh vực và trạng thái', response: { 200: CatalogueSchema } } }, async () => s.models.catalogue());

  r.get(
    '/api/models/public',
    { schema: { tags, summary: 'Hồ sơ đã công nhận và công khai (không cần đăng nhập), lọc theo loại, lĩnh vực, đơn vị, năm', querystring: PublicModelsQuery, response: { 200: ModelListSchema } } },
    async (req) => {
      const { items, total, page, pageSize } = await s.models.publicList(req.query);
      return { items, total, page, pageSize };
    },
  );

  r.get(
    '/api/models',
    {
      schema: {
        tags,
        summary: 'Danh sách hồ sơ của các đơn vị trong phạm vi (reviewable=true: chờ tôi xét duyệt)',
        description: 'Bản nháp chỉ người đề xuất của đơn vị thấy. Tìm theo tên, địa bàn, tóm tắt (không phân biệt dấu).',
        querystring: ListModelsQuery,
        response: { 200: ModelListSchema },
      },
    },
    async (req) => s.models.list(await scope(req), req.query),
  );

  r.post(
    '/api/models',
    {
      schema: {
        tags,
        summary: 'Đề xuất mô hình hay / gương điển hình (bản nháp)',
        description: 'Người có quyền biên tập tin (news.edit) hoặc soạn báo cáo (report.edit) của đơn vị đề xuất. `description`: các đoạn văn cách nhau một dòng trống; `achievements`: mỗi thành tích một dòng.',
        body: CreateModelBody,
        response: { 201: ModelSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.models.create(await scope(req), ctxOf(req), req.body)),
  );

  r.get('/api/models/:id', { schema: { tags, summary: 'Chi tiết hồ sơ', params: IdParams, response: { 200: ModelSchema } } }, async (req) => s.models.get(await scope(req), req.params.id));

  r.patch(
    '/api/models/:id',
    { schema: { tags, summary: 'Sửa hồ sơ nháp hoặc bị trả lại (kèm version)', params: IdParams, body: UpdateModelBody, response: { 200: ModelSchema } } },
    async (req) => s.models.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.delete('/api/models/:id', { schema: { tags, summary: 'Xóa hồ sơ nháp chưa từng gửi', params: IdParams } }, async (req, reply) => {
    await s.models.remove(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.get('/api/models/:id/history', { schema: { tags, summary: 'Các bước đề xuất, xét duyệt, công khai', params: IdParams, response: { 200: z.array(ModelEventSchema) } } }, async (req) =>
    s.models.history(await scope(req), req.params.id),
  );

  r.post(
    '/api/models/:id/submit',
    { schema: { tags, summary: 'Gửi đề xuất lên đơn vị cấp trên trực tiếp (lãnh đạo, cán bộ được thông báo)', params: IdParams, response: { 200: ModelSchema } } },
    async (req) => s.models.submit(await scope(req), ctxOf(req), req.params.id),
  );
  r.post(
    '/api/models/:id/accept',
    {
      schema: {
        tags,
        summary: 'Công nhận (đơn vị cấp trên trực tiếp; không tự xét đề xuất của đơn vị mình)',
        description: '`isPublic` (mặc định true): đăng hồ sơ lên trang thông tin. `commendation`: hình thức khen thưởng, số và ngày quyết định.',
        params: IdParams,
        body: AcceptBody,
        response: { 200: ModelSchema },
      },
    },
    async (req) => s.models.accept(await scope(req), ctxOf(req), req.params.id, req.body),
  );
  r.post('/api/models/:id/return', { schema: { tags, summary: 'Trả lại để bổ sung, kèm ý kiến', params: IdParams, body: CommentBody, response: { 200: ModelSchema } } }, async (req) =>
    s.models.returnModel(await scope(req), ctxOf(req), req.params.id, req.body.comment),
  );
  r.post('/api/models/:id/reject', { schema: { tags, summary: 'Không công nhận, kèm ý kiến', params: IdParams, body: CommentBody, response: { 200: ModelSchema } } }, async (req) =>
    s.models.reject(await scope(req), ctxOf(req), req.params.id, req.body.comment),
  );
  r.patch(
    '/api/models/:id/public',
    { schema: { tags, summary: 'Công khai / thôi công khai hồ sơ đã công nhận (đơn vị xét duyệt)', params: IdParams, body: PublicBody, response: { 200: ModelSchema } } },
    async (req) => s.models.setPublic(await scope(req), ctxOf(req), req.params.id, req.body.isPublic),
  );
  r.put(
    '/api/models/:id/commendation',
    { schema: { tags, summary: 'Ghi nhận khen thưởng (hình thức, số và ngày quyết định); null để xóa', params: IdParams, body: z.object({ commendation: CommendationSchema.nullable() }), response: { 200: ModelSchema } } },
    async (req) => s.models.setCommendation(await scope(req), ctxOf(req), req.params.id, req.body.commendation),
  );

  r.post(
    '/api/models/:id/photos',
    {
      schema: {
        tags,
        summary: 'Thêm ảnh (multipart: file, alt bắt buộc, caption)',
        description: 'JPEG, PNG hoặc WebP nhận biết theo nội dung tệp, tối đa MAX_UPLOAD_MB, rộng ít nhất 200 px; tạo các cỡ WebP và JPEG chia sẻ như ảnh tin bài.',
        params: IdParams,
        response: { 201: ModelSchema },
      },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const up = await readUpload(req, s.newsImages.maxBytes, ['alt', 'caption'], 'ảnh');
      return reply.code(201).send(await s.models.addPhoto(sc, ctxOf(req), req.params.id, { buffer: up.buffer, filename: up.filename, alt: up.fields.alt, caption: up.fields.caption }));
    },
  );
  r.delete('/api/models/:id/photos/:imageId', { schema: { tags, summary: 'Bỏ một ảnh khỏi hồ sơ', params: PhotoParams, response: { 200: ModelSchema } } }, async (req) =>
    s.models.removePhoto(await scope(req), ctxOf(req), req.params.id, req.params.imageId),
  );
}
