import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http-auth.js';
import { boolQuery, pageQuery } from '../../platform/validation.js';
import type { Services } from '../../services.js';

const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
const NoContent = z.null().describe('Không có nội dung');

export function notificationsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Thông báo'];
  r.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'Thông báo của tôi',
        querystring: z.object({ unreadOnly: boolQuery.optional(), ...pageQuery }).strict(),
        response: { 200: z.object({ items: z.array(NotificationSchema), total: z.number(), page: z.number(), pageSize: z.number(), unread: z.number() }) },
      },
    },
    async (req) => s.notifications.list(requireActor(req).userId, req.query),
  );
  r.get('/api/notifications/unread-count', { schema: { tags, summary: 'Số thông báo chưa đọc', response: { 200: z.object({ unread: z.number() }) } } }, async (req) => ({
    unread: await s.notifications.unreadCount(requireActor(req).userId),
  }));
  r.post(
    '/api/notifications/:id/read',
    { schema: { tags, summary: 'Đánh dấu đã đọc', params: z.object({ id: z.string().min(1).max(64) }), response: { 204: NoContent } } },
    async (req, reply) => {
      await s.notifications.markRead(requireActor(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
  r.post('/api/notifications/read-all', { schema: { tags, summary: 'Đánh dấu tất cả đã đọc', response: { 204: NoContent } } }, async (req, reply) => {
    await s.notifications.markAllRead(requireActor(req).userId);
    return reply.code(204).send(null);
  });
}
