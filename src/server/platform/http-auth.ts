import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Ctx } from './context.js';
import { AppError, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'lantoa_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Opening a new session replaces the old one: no CSRF token is needed (JSON only, so no cross-site form can send it). */
const CSRF_EXEMPT = new Set(['/api/auth/login', '/api/setup/admin']);
/** What a person who must change their password may still do. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/me', '/api/auth/change-password', '/api/auth/logout', '/api/auth/logout-all', '/api/auth/login']);

export interface Authenticator {
  authenticate(token: string): Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean } | null>;
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
    const path = req.url.split('?')[0];
    if (CSRF_EXEMPT.has(path)) return; // signing in again: the old session is ignored
    req.actor = session.actor;
    req.csrfToken = session.csrfToken;
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || header !== session.csrfToken) {
        throw new AppError(403, 'csrf_invalid', 'Phiên làm việc không hợp lệ (thiếu mã chống giả mạo yêu cầu). Hãy tải lại trang rồi thử lại.');
      }
    }
    if (session.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(path)) {
      throw new AppError(403, 'password_change_required', 'Bạn cần đổi mật khẩu trước khi tiếp tục. Hãy vào trang Đổi mật khẩu.');
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
