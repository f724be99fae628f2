import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { ctxOf, requireActor, SESSION_COOKIE } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';

const MeSchema = z.object({
  user: z.object({ id: z.string(), username: z.string(), fullName: z.string(), email: z.string().nullable(), mustChangePassword: z.boolean() }),
  csrfToken: z.string(),
  actingUnitId: z.string().nullable(),
  actingUnit: z.object({ id: z.string(), name: z.string(), shortName: z.string() }).nullable(),
  grants: z.array(
    z.object({
      id: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      unitShortName: z.string(),
      role: z.string(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
      current: z.boolean(),
    }),
  ),
  permissions: z.array(z.string()),
});

const LoginBody = z.object({ username: z.string().trim().min(1).max(200), password: z.string().min(1).max(200) }).strict();
const NoContent = z.null().describe('Không có nội dung');

export function authRoutes(app: FastifyInstance, s: Services, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Đăng nhập'];
  const cookieOpts = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.cookieSecure,
    maxAge: config.session.absoluteHours * 3600,
  };

  r.post(
    '/api/auth/login',
    {
      schema: { tags, summary: 'Đăng nhập', body: LoginBody, response: { 200: MeSchema } },
      config: { rateLimit: { max: config.login.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { token } = await s.auth.login(req.body.username, req.body.password, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: String(req.id),
      });
      const session = (await s.auth.authenticate(token))!;
      reply.setCookie(SESSION_COOKIE, token, cookieOpts);
      return s.auth.me(session.actor, session.csrfToken);
    },
  );

  r.post('/api/auth/logout', { schema: { tags, summary: 'Đăng xuất', response: { 204: NoContent } } }, async (req, reply) => {
    if (req.actor) await s.auth.logout(req.actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  r.post('/api/auth/logout-all', { schema: { tags, summary: 'Đăng xuất khỏi mọi thiết bị', response: { 204: NoContent } } }, async (req, reply) => {
    const actor = requireActor(req);
    await s.auth.logoutAll(ctxOf(req), actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  r.get('/api/auth/me', { schema: { tags, summary: 'Thông tin người đang đăng nhập', response: { 200: MeSchema } } }, async (req) => {
    const actor = requireActor(req);
    return s.auth.me(actor, req.csrfToken!);
  });

  r.post(
    '/api/auth/acting-unit',
    { schema: { tags, summary: 'Chọn đơn vị làm việc', body: z.object({ unitId: z.string().min(1).max(64) }).strict(), response: { 200: MeSchema } } },
    async (req) => {
      const actor = requireActor(req);
      await s.auth.setActingUnit(actor, req.body.unitId);
      return s.auth.me(actor, req.csrfToken!);
    },
  );

  r.post(
    '/api/auth/change-password',
    {
      schema: {
        tags,
        summary: 'Đổi mật khẩu',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }).strict(),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await s.auth.changePassword(ctxOf(req), actor, req.body.currentPassword, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  r.get('/api/setup/status', { schema: { tags, summary: 'Hệ thống đã có quản trị viên chưa', response: { 200: z.object({ needsAdmin: z.boolean() }) } } }, async () => ({
    needsAdmin: await s.auth.needsAdmin(),
  }));

  r.post(
    '/api/setup/admin',
    {
      schema: {
        tags,
        summary: 'Tạo tài khoản quản trị đầu tiên',
        body: z
          .object({
            username: z.string().trim().min(3).max(60).regex(/^[a-zA-Z0-9._-]+$/, { message: 'chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang' }),
            fullName: z.string().trim().min(1).max(200),
            email: z.email().max(200).nullish(),
            password: z.string().min(1).max(200),
          })
          .strict(),
        response: { 200: MeSchema },
      },
      config: { rateLimit: { max: config.login.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      await s.auth.setupAdmin(ctxOf(req), {
        ...req.body,
        rootUnit: { code: 'TW', name: 'Ủy ban Trung ương MTTQ Việt Nam', shortName: 'UBTW MTTQ VN' },
      });
      const { token } = await s.auth.login(req.body.username, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id) });
      const session = (await s.auth.authenticate(token))!;
      reply.setCookie(SESSION_COOKIE, token, cookieOpts);
      return s.auth.me(session.actor, session.csrfToken);
    },
  );
}
