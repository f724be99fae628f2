import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Ctx } from './context.js';
import { AppError, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'lantoa_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Authenticator {
  authenticate(token: string): Promise<{ actor: Actor; csrfToken: string } | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

/** Attaches the signed-in actor (if any) to every request and enforces CSRF on state-changing ones. */
export function registerAuthHook(app: FastifyInstance, auth: Authenticator): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const session = await auth.authenticate(token);
    if (!session) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    req.actor = session.actor;
    req.csrfToken = session.csrfToken;
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || header !== session.csrfToken) {
        throw new AppError(403, 'csrf_invalid', 'Phiên làm việc không hợp lệ (thiếu mã chống giả mạo yêu cầu). Hãy tải lại trang rồi thử lại.');
      }
    }
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized('unauthenticated', 'Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.');
  return req.actor;
}

export function ctxOf(req: FastifyRequest): Ctx {
  return { actor: req.actor, ip: req.ip ?? null, requestId: String(req.id) };
}
