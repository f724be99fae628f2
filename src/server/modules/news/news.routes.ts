import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalid } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import { fanpageRoutes } from './fanpage.js';
import type { ImageVariant } from './news.images.js';
import {
  ApproveBody,
  ArticleListSchema,
  ArticleSchema,
  CategorySchema,
  CommentBody,
  CommentSchema,
  CreateArticleBody,
  DiffQuery,
  DiffSchema,
  IdParams,
  ImageSchema,
  ListArticlesQuery,
  ReturnBody,
  RevisionParams,
  RevisionSchema,
  RevisionSummarySchema,
  ScheduleBody,
  SearchQuerySchema,
  SearchResultSchema,
  UnpublishBody,
  UpdateArticleBody,
  VersionBody,
} from './news.schemas.js';

interface ImageUpload {
  buffer: Buffer;
  filename: string;
  alt?: string;
  caption?: string;
  unitId?: string;
}

/** One image (field `file`) with its `alt`, `caption` and optional `unitId` fields. */
async function readImageUpload(req: FastifyRequest, maxBytes: number): Promise<ImageUpload> {
  if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Yêu cầu phải gửi ảnh trong trường «file» dạng multipart/form-data.');
  let file: { buffer: Buffer; filename: string } | undefined;
  const fields: Record<string, string> = {};
  const mb = Math.round(maxBytes / 1024 / 1024);
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') file = { buffer: await part.toBuffer(), filename: part.filename ?? '' };
      else if (typeof part.value === 'string' && ['alt', 'caption', 'unitId'].includes(part.fieldname)) fields[part.fieldname] = part.value;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string })?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'file_too_large', `Ảnh tải lên vượt quá ${mb} MB cho phép.`);
    if (code === 'FST_FILES_LIMIT') throw invalid('too_many_files', 'Mỗi lần chỉ tải lên một ảnh.');
    throw invalid('invalid_multipart', 'Dữ liệu tải lên bị lỗi hoặc không đầy đủ. Hãy chọn lại ảnh rồi tải lên lại.');
  }
  if (!file) throw invalid('file_required', 'Trường «Ảnh (file)»: chưa có ảnh nào được gửi lên. Hãy chọn ảnh rồi tải lên.');
  return { ...file, alt: fields.alt, caption: fields.caption, unitId: fields.unitId || undefined };
}

const VariantParams = z.object({ id: z.string().min(1).max(64), variant: z.enum(['400', '800', '1200', 'jpeg']) });

export function newsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Tin bài'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get('/api/news/categories', { schema: { tags, summary: 'Các chuyên mục của trang thông tin', response: { 200: z.array(CategorySchema) } } }, async () => s.news.categories());

  r.get(
    '/api/news/tags',
    { schema: { tags, summary: 'Từ khóa đã dùng (gợi ý khi nhập)', querystring: z.object({ search: z.string().max(60).optional() }), response: { 200: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })) } } },
    async (req) => {
      requireActor(req);
      return s.news.tags(req.query.search);
    },
  );

  r.get(
    '/api/news/articles',
    { schema: { tags, summary: 'Danh sách tin bài của các đơn vị trong phạm vi (tìm theo tiêu đề, không phân biệt dấu)', querystring: ListArticlesQuery, response: { 200: ArticleListSchema } } },
    async (req) => s.news.list(await scope(req), req.query),
  );

  r.post(
    '/api/news/articles',
    {
      schema: {
        tags,
        summary: 'Viết tin bài (bản nháp)',
        description:
          'Đường dẫn (slug) tự tạo từ tiêu đề (bỏ dấu, đ → d), thêm "-2", "-3" khi trùng trong đơn vị; slug do người dùng chọn mà trùng → 409 slug_taken. Nội dung là JSON TipTap: đoạn văn, tiêu đề, danh sách, trích dẫn, ảnh (imageId từ /api/news/images), liên kết video, bảng.',
        body: CreateArticleBody,
        response: { 201: ArticleSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.news.create(await scope(req), ctxOf(req), req.body)),
  );

  r.get('/api/news/articles/:id', { schema: { tags, summary: 'Chi tiết tin bài', params: IdParams, response: { 200: ArticleSchema } } }, async (req) => s.news.get(await scope(req), req.params.id));

  r.patch(
    '/api/news/articles/:id',
    {
      schema: {
        tags,
        summary: 'Lưu tin bài (kèm version)',
        description:
          'Bản nháp: người biên tập. Tin đã duyệt/hẹn giờ/đã gỡ mà người sửa không phải người duyệt → quay về nháp, phải duyệt lại. Tin đang chờ duyệt hoặc đang đăng: chỉ lãnh đạo đơn vị (người duyệt) sửa; sửa tin đang đăng cập nhật trang công khai ngay.',
        params: IdParams,
        body: UpdateArticleBody,
        response: { 200: ArticleSchema },
      },
    },
    async (req) => s.news.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.delete('/api/news/articles/:id', { schema: { tags, summary: 'Xóa bản nháp chưa từng đăng', params: IdParams } }, async (req, reply) => {
    await s.news.remove(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.post(
    '/api/news/articles/:id/submit',
    { schema: { tags, summary: 'Gửi duyệt (nháp → chờ duyệt); lãnh đạo đơn vị được thông báo', params: IdParams, body: VersionBody, response: { 200: ArticleSchema } } },
    async (req) => s.news.submit(await scope(req), ctxOf(req), req.params.id, req.body.version),
  );
  r.post(
    '/api/news/articles/:id/return',
    { schema: { tags, summary: 'Trả lại kèm góp ý (lãnh đạo đơn vị; chờ duyệt → nháp)', params: IdParams, body: ReturnBody, response: { 200: ArticleSchema } } },
    async (req) => s.news.returnToDraft(await scope(req), ctxOf(req), req.params.id, req.body.comment),
  );
  r.post(
    '/api/news/articles/:id/approve',
    { schema: { tags, summary: 'Duyệt (lãnh đạo của chính đơn vị đăng tin; chờ duyệt → đã duyệt)', params: IdParams, body: ApproveBody, response: { 200: ArticleSchema } } },
    async (req) => s.news.approve(await scope(req), ctxOf(req), req.params.id, req.body.comment),
  );
  r.post(
    '/api/news/articles/:id/publish',
    { schema: { tags, summary: 'Đăng ngay (tin đã duyệt, đã hẹn giờ hoặc đã gỡ); chưa duyệt → 409 article_not_approved', params: IdParams, response: { 200: ArticleSchema } } },
    async (req) => s.news.publish(await scope(req), ctxOf(req), req.params.id),
  );
  r.post(
    '/api/news/articles/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Hẹn giờ đăng (tính đến phút); thời điểm đã qua → 400 schedule_in_past',
        description: 'Đăng tự động đúng phút đã hẹn bởi một công việc nền (vẫn chạy sau khi khởi động lại máy chủ). Hẹn lại giờ khác thì giờ cũ bị bỏ qua.',
        params: IdParams,
        body: ScheduleBody,
        response: { 200: ArticleSchema },
      },
    },
    async (req) => s.news.schedule(await scope(req), ctxOf(req), req.params.id, req.body.at),
  );
  r.post(
    '/api/news/articles/:id/unschedule',
    { schema: { tags, summary: 'Hủy hẹn giờ (trở về đã duyệt)', params: IdParams, response: { 200: ArticleSchema } } },
    async (req) => s.news.unschedule(await scope(req), ctxOf(req), req.params.id),
  );
  r.post(
    '/api/news/articles/:id/unpublish',
    { schema: { tags, summary: 'Gỡ tin khỏi trang công khai', params: IdParams, body: UnpublishBody, response: { 200: ArticleSchema } } },
    async (req) => s.news.unpublish(await scope(req), ctxOf(req), req.params.id, req.body.reason),
  );

  r.get('/api/news/articles/:id/comments', { schema: { tags, summary: 'Trao đổi giữa người viết và người duyệt', params: IdParams, response: { 200: z.array(CommentSchema) } } }, async (req) =>
    s.news.comments(await scope(req), req.params.id),
  );
  r.post(
    '/api/news/articles/:id/comments',
    { schema: { tags, summary: 'Gửi góp ý về tin bài', params: IdParams, body: CommentBody, response: { 201: CommentSchema } } },
    async (req, reply) => reply.code(201).send(await s.news.addComment(await scope(req), ctxOf(req), req.params.id, req.body.body)),
  );

  r.get('/api/news/articles/:id/revisions', { schema: { tags, summary: 'Lịch sử các phiên bản', params: IdParams, response: { 200: z.array(RevisionSummarySchema) } } }, async (req) =>
    s.news.revisions(await scope(req), req.params.id),
  );
  r.get('/api/news/articles/:id/revisions/:rev', { schema: { tags, summary: 'Nội dung tin bài ở một phiên bản', params: RevisionParams, response: { 200: RevisionSchema } } }, async (req) =>
    s.news.revision(await scope(req), req.params.id, req.params.rev),
  );
  r.get(
    '/api/news/articles/:id/revisions/:rev/diff',
    { schema: { tags, summary: 'So sánh một phiên bản với phiên bản trước (hoặc `against`), theo đoạn', params: RevisionParams, querystring: DiffQuery, response: { 200: DiffSchema } } },
    async (req) => s.news.diff(await scope(req), req.params.id, req.params.rev, req.query.against),
  );

  r.post(
    '/api/news/images',
    {
      schema: {
        tags,
        summary: 'Tải ảnh cho tin bài (multipart: file, alt bắt buộc, caption, unitId)',
        description: 'JPEG, PNG hoặc WebP (nhận biết theo nội dung tệp), tối đa MAX_UPLOAD_MB và 40 triệu điểm ảnh. Tạo WebP rộng 400/800/1200 px và JPEG 1200×630 cho ảnh chia sẻ.',
        response: { 201: ImageSchema },
      },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const upload = await readImageUpload(req, s.newsImages.maxBytes);
      return reply.code(201).send(await s.newsImages.upload(sc, ctxOf(req), upload));
    },
  );

  r.get('/api/news/images/:id/:variant', { schema: { tags, summary: 'Xem ảnh (người trong phạm vi đơn vị, mọi trạng thái tin bài)', params: VariantParams } }, async (req, reply) => {
    const row = await s.newsImages.forPreview(await scope(req), req.params.id);
    const file = await s.newsImages.variantFile(row, req.params.variant as ImageVariant);
    return reply.type(file.mime).header('cache-control', 'private, max-age=3600').send(await s.newsImages.readFile(file));
  });

  r.get(
    '/api/search',
    {
      schema: {
        tags: ['Tìm kiếm'],
        summary: 'Tìm trong nội dung đã công bố (không phân biệt dấu: "da nang" tìm thấy "Đà Nẵng")',
        description: '`category`: slug chuyên mục; `unitId`: đơn vị và các đơn vị trực thuộc; `from`, `to`: ngày đăng. Đoạn trích đã được thoát HTML, từ khớp nằm trong <mark>.',
        querystring: SearchQuerySchema,
        response: { 200: SearchResultSchema },
      },
    },
    async (req) => {
      const q = req.query;
      const category = q.category ? (await s.news.categories()).find((c) => c.slug === q.category || c.id === q.category) : undefined;
      if (q.category && !category) return { items: [], total: 0, page: q.page, pageSize: q.pageSize, words: [] };
      return s.search.search({ q: q.q, kind: q.kind, categoryId: category?.id, unitId: q.unitId, from: q.from, to: q.to, page: q.page, pageSize: q.pageSize });
    },
  );

  fanpageRoutes(app, s);
}
