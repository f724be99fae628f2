import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import {
  ArchiveTopicBody,
  CampaignListSchema,
  CampaignSchema,
  FormSchema,
  FormsQuery,
  IdParams,
  ListCampaignsQuery,
  NewCampaignBody,
  NewFormBody,
  NewTopicBody,
  TopicNodeSchema,
  TopicSchema,
  TopicsQuery,
  UpdateCampaignBody,
  UpdateFormBody,
  UpdateTopicBody,
} from './campaigns.schemas.js';

export function campaignsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Chương trình, chủ đề, hình thức'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Danh sách chương trình/chiến dịch được xem',
        description: 'Gồm chương trình của các đơn vị trong phạm vi và của các đơn vị cấp trên (phường thấy chương trình của thành phố mà mình thực hiện).',
        querystring: ListCampaignsQuery,
        response: { 200: CampaignListSchema },
      },
    },
    async (req) => s.campaigns.list(await scope(req), req.query),
  );

  r.post('/api/campaigns', { schema: { tags, summary: 'Tạo chương trình/chiến dịch', body: NewCampaignBody, response: { 201: CampaignSchema } } }, async (req, reply) =>
    reply.code(201).send(await s.campaigns.create(await scope(req), ctxOf(req), req.body)),
  );

  r.get('/api/campaigns/:id', { schema: { tags, summary: 'Chi tiết chương trình/chiến dịch', params: IdParams, response: { 200: CampaignSchema } } }, async (req) =>
    s.campaigns.get(await scope(req), req.params.id),
  );

  r.patch(
    '/api/campaigns/:id',
    { schema: { tags, summary: 'Sửa chương trình/chiến dịch (kèm phiên bản; 409 version_conflict khi đã bị sửa)', params: IdParams, body: UpdateCampaignBody, response: { 200: CampaignSchema } } },
    async (req) => s.campaigns.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/campaigns/:id/topics',
    { schema: { tags, summary: 'Cây chủ đề (nội dung tuyên truyền) của chương trình', params: IdParams, querystring: TopicsQuery, response: { 200: z.array(TopicNodeSchema) } } },
    async (req) => s.campaigns.topics(await scope(req), req.params.id, req.query.includeArchived ?? true),
  );

  r.post(
    '/api/campaigns/:id/topics',
    { schema: { tags, summary: 'Thêm chủ đề', params: IdParams, body: NewTopicBody, response: { 201: TopicSchema } } },
    async (req, reply) => reply.code(201).send(await s.campaigns.createTopic(await scope(req), ctxOf(req), req.params.id, req.body)),
  );

  r.patch(
    '/api/topics/:id',
    { schema: { tags, summary: 'Sửa, sắp xếp hoặc chuyển chủ đề (parentId)', params: IdParams, body: UpdateTopicBody, response: { 200: TopicSchema } } },
    async (req) => s.campaigns.updateTopic(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/topics/:id/archive',
    { schema: { tags, summary: 'Lưu trữ (hoặc khôi phục với archived=false) chủ đề cùng các chủ đề con', params: IdParams, body: ArchiveTopicBody, response: { 200: TopicSchema } } },
    async (req) => s.campaigns.archiveTopic(await scope(req), ctxOf(req), req.params.id, req.body.archived),
  );

  r.get('/api/forms', { schema: { tags, summary: 'Danh mục hình thức tuyên truyền (dùng chung)', querystring: FormsQuery, response: { 200: z.array(FormSchema) } } }, async (req) => {
    requireActor(req);
    return s.campaigns.forms(req.query.includeArchived ?? false);
  });

  r.post(
    '/api/forms',
    { schema: { tags, summary: 'Thêm hình thức tuyên truyền (cán bộ cấp tỉnh trở lên, quản trị hệ thống)', body: NewFormBody, response: { 201: FormSchema } } },
    async (req, reply) => reply.code(201).send(await s.campaigns.createForm(await scope(req), ctxOf(req), req.body)),
  );

  r.patch(
    '/api/forms/:id',
    { schema: { tags, summary: 'Sửa hoặc lưu trữ hình thức tuyên truyền', params: IdParams, body: UpdateFormBody, response: { 200: FormSchema } } },
    async (req) => s.campaigns.updateForm(await scope(req), ctxOf(req), req.params.id, req.body),
  );
}
