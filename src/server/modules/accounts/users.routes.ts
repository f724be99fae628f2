import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/permissions.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import { isoDate, pageQuery } from '../../platform/validation.js';
import type { Services } from '../../services.js';

export const GrantSchema = z.object({
  id: z.string(),
  userId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  role: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  current: z.boolean(),
  note: z.string().nullable(),
});

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  position: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(GrantSchema),
});

const opt = (max: number) => z.string().trim().max(max).nullish();
export const NewUserBody = z
  .object({
    username: z.string().trim().min(3).max(60).regex(/^[a-zA-Z0-9._-]+$/, { message: 'chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang' }),
    fullName: z.string().trim().min(1).max(200),
    email: z.email().max(200).nullish().or(z.literal('').transform(() => null)),
    phone: opt(30),
    position: opt(200),
    password: z.string().min(1).max(200),
  })
  .strict();

const Id = z.object({ id: z.string().min(1).max(64) });
const NoContent = z.null().describe('Không có nội dung');

export function usersRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Người dùng và phân quyền'];
  const scope = async (req: Parameters<typeof requireActor>[0]) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Danh sách người dùng',
        querystring: z.object({ search: z.string().max(200).optional(), unitId: z.string().max(64).optional(), ...pageQuery }).strict(),
        response: { 200: z.object({ items: z.array(UserSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => s.users.list(await scope(req), req.query),
  );

  r.post('/api/users', { schema: { tags, summary: 'Tạo người dùng', body: NewUserBody, response: { 201: UserSchema } } }, async (req, reply) => {
    const sc = await scope(req);
    const id = await s.users.create(sc, ctxOf(req), req.body);
    return reply.code(201).send(await s.users.get(sc, id));
  });

  r.get('/api/users/:id', { schema: { tags, summary: 'Chi tiết người dùng', params: Id, response: { 200: UserSchema } } }, async (req) =>
    s.users.get(await scope(req), req.params.id),
  );

  r.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Sửa người dùng',
        params: Id,
        body: z
          .object({
            fullName: z.string().trim().min(1).max(200).optional(),
            email: z.email().max(200).nullish().or(z.literal('').transform(() => null)),
            phone: opt(30),
            position: opt(200),
            disabled: z.boolean().optional(),
          })
          .strict(),
        response: { 200: UserSchema },
      },
    },
    async (req) => s.users.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/users/:id/reset-password',
    { schema: { tags, summary: 'Đặt lại mật khẩu', params: Id, body: z.object({ newPassword: z.string().min(1).max(200) }).strict(), response: { 204: NoContent } } },
    async (req, reply) => {
      await s.users.resetPassword(await scope(req), ctxOf(req), req.params.id, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  r.post('/api/users/:id/unlock', { schema: { tags, summary: 'Mở khóa tài khoản', params: Id, response: { 204: NoContent } } }, async (req, reply) => {
    await s.users.unlock(await scope(req), ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  r.post(
    '/api/grants',
    {
      schema: {
        tags,
        summary: 'Cấp vai trò tại một đơn vị',
        body: z
          .object({
            userId: z.string().min(1).max(64),
            unitId: z.string().min(1).max(64),
            role: z.enum(ROLES),
            validFrom: isoDate.nullish(),
            validTo: isoDate.nullish(),
            note: z.string().max(500).nullish(),
          })
          .strict(),
        response: { 201: GrantSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.users.grant(await scope(req), ctxOf(req), req.body)),
  );

  r.post(
    '/api/grants/:id/end',
    { schema: { tags, summary: 'Kết thúc vai trò', params: Id, body: z.object({ validTo: isoDate }).strict(), response: { 200: GrantSchema } } },
    async (req) => s.users.endGrant(await scope(req), ctxOf(req), req.params.id, req.body.validTo),
  );

  r.post(
    '/api/grants/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Chuyển công tác sang đơn vị khác',
        params: Id,
        body: z.object({ toUnitId: z.string().min(1).max(64), effectiveDate: isoDate }).strict(),
        response: { 201: GrantSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.users.transferGrant(await scope(req), ctxOf(req), req.params.id, req.body.toUnitId, req.body.effectiveDate)),
  );
}
