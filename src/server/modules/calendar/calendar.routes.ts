import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import {
  CalendarEventSchema,
  CalendarQuery,
  CreateKeyDateBody,
  FeedBody,
  FeedSchema,
  IdParams,
  KeyDateSchema,
  KeyDatesQuery,
  UpdateKeyDateBody,
} from './calendar.schemas.js';

const NoContent = z.null().describe('Không có nội dung');

/** `/api/calendar…` and `/api/key-dates…`: the unit's calendar, editable key dates, and the secret .ics link. */
export function calendarRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Lịch'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/calendar',
    {
      schema: {
        tags,
        summary: 'Lịch của đơn vị: ngày sự kiện, thời gian thực hiện và mốc kế hoạch, hạn nhiệm vụ, hạn ban hành kế hoạch',
        description: 'Mặc định từ đầu tháng hiện tại, 93 ngày; tối đa 3 năm.',
        querystring: CalendarQuery,
        response: { 200: z.array(CalendarEventSchema) },
      },
    },
    async (req) => s.calendar.events(await scope(req), req.query),
  );

  r.post(
    '/api/calendar/feed',
    {
      schema: {
        tags,
        summary: 'Tạo (hoặc đổi) đường dẫn bí mật để đăng ký lịch .ics của đơn vị',
        description: 'Đường dẫn cũ hết hiệu lực ngay. Ai có đường dẫn đều xem được lịch, không cần đăng nhập.',
        body: FeedBody,
        response: { 200: FeedSchema },
      },
    },
    async (req) => s.calendar.rotateFeed(await scope(req), ctxOf(req), req.body.unitId),
  );

  r.get(
    '/api/calendar/:token.ics',
    {
      schema: {
        tags,
        summary: 'Lịch .ics của đơn vị (không cần đăng nhập; mã trong đường dẫn là khoá truy cập)',
        security: [],
        params: z.object({ token: z.string().max(200) }),
      },
    },
    async (req, reply) => {
      const feed = await s.calendar.feed(req.params.token);
      if (!feed) throw notFound('feed_not_found', 'Không tìm thấy lịch: đường dẫn không đúng hoặc đã được đổi.');
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="lan-toa.ics"')
        .header('cache-control', 'private, max-age=300')
        .header('referrer-policy', 'no-referrer')
        .send(feed.ics);
    },
  );

  r.get('/api/key-dates', { schema: { tags, summary: 'Ngày sự kiện áp dụng cho đơn vị (chung, của cấp trên và của đơn vị)', querystring: KeyDatesQuery, response: { 200: z.array(KeyDateSchema) } } }, async (req) =>
    s.calendar.listKeyDates(await scope(req), req.query.unitId),
  );

  r.post('/api/key-dates', { schema: { tags, summary: 'Thêm ngày sự kiện (hằng năm hoặc một lần)', body: CreateKeyDateBody, response: { 201: KeyDateSchema } } }, async (req, reply) =>
    reply.code(201).send(await s.calendar.createKeyDate(await scope(req), ctxOf(req), req.body)),
  );

  r.patch('/api/key-dates/:id', { schema: { tags, summary: 'Sửa ngày sự kiện', params: IdParams, body: UpdateKeyDateBody, response: { 200: KeyDateSchema } } }, async (req) =>
    s.calendar.updateKeyDate(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.delete('/api/key-dates/:id', { schema: { tags, summary: 'Xoá ngày sự kiện', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await s.calendar.deleteKeyDate(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
