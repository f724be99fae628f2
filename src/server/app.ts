import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { constants as zlibConstants } from 'node:zlib';
import { z } from 'zod';
import type { Config } from './config.js';
import { activitiesRoutes } from './modules/activities/index.js';
import { authRoutes } from './modules/accounts/auth.routes.js';
import { usersRoutes } from './modules/accounts/users.routes.js';
import { usersTransferRoutes } from './modules/accounts/users-transfer.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { campaignsRoutes } from './modules/campaigns/index.js';
import { contestsRoutes } from './modules/contests/index.js';
import { dashboardRoutes } from './modules/dashboard/index.js';
import { calendarRoutes } from './modules/calendar/index.js';
import { notificationsRoutes } from './modules/notifications/index.js';
import { newsRoutes } from './modules/news/index.js';
import { materialsRoutes } from './modules/materials/index.js';
import { modelsRoutes } from './modules/models/index.js';
import { plansRoutes } from './modules/plans/index.js';
import { portalRoutes } from './modules/portal/index.js';
import { reportsRoutes } from './modules/reports/index.js';
import { tasksRoutes } from './modules/tasks/index.js';
import { unitsRoutes } from './modules/units/units.routes.js';
import { unitsTransferRoutes } from './modules/units/units-transfer.routes.js';
import { type Clock, systemClock, fixedClock } from './platform/clock.js';
import { type DbHandle, ping } from './platform/db.js';
import { registerAuthHook } from './platform/http-auth.js';
import { registerErrorHandling } from './platform/http-errors.js';
import { configureZod } from './platform/validation.js';
import { buildServices, type Services } from './services.js';

export interface AppDeps {
  config: Config;
  db: DbHandle;
  clock?: Clock;
  /** Pino logger options, or false to silence (tests). */
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    clock: Clock;
  }
}

const WEB_DIR = resolve(import.meta.dirname, '../..', process.env.WEB_DIST_DIR || 'dist/web');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  configureZod();
  const { config, db } = deps;
  const clock = deps.clock ?? (config.fixedNow ? fixedClock(config.fixedNow) : systemClock());
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
            ...(typeof deps.logger === 'object' ? deps.logger : {}),
          },
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[\w-]{8,64}$/.test(h) ? h : randomUUID();
    },
    bodyLimit: 2 * 1024 * 1024,
    // A hop count is accepted at run time though Fastify's types omit it.
    trustProxy: config.trustProxy as boolean | string[],
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  const services = buildServices(db, clock, config, app.log);
  app.addHook('onClose', async () => services.jobs.stop());
  app.decorate('services', services);
  app.decorate('clock', clock);

  registerErrorHandling(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  // Compresses text responses of 1 KB or more (API JSON, CSS, search pages). Cached portal pages are stored
  // already compressed and sent with Content-Encoding, which the plugin leaves alone; images, fonts and PDFs
  // are not compressible types. Brotli at quality 5: far cheaper per request than the default 11.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT } },
    zlibOptions: { level: 6 },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => Object.assign(new Error('rate limited'), { statusCode: 429 }),
  });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Lan Tỏa API', description: 'API của nền tảng Lan Tỏa — quản lý công tác tuyên truyền của MTTQ Việt Nam.', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lantoa_sid' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    // Emits schemas registered with an id (recursive ones: RichBlock, TopicNode) as components.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  registerAuthHook(app, services.auth);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { tags: ['Vận hành'], summary: 'Kiểm tra sống', response: { 200: z.object({ status: z.string() }) } } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['Vận hành'], summary: 'Kiểm tra sẵn sàng (cơ sở dữ liệu)', response: { 200: z.object({ status: z.string(), database: z.string() }), 503: z.object({ status: z.string(), database: z.string() }) } } },
    async (_req, reply) => {
      const ok = await ping(db.db);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
    },
  );

  authRoutes(app, services, config);
  usersRoutes(app, services);
  usersTransferRoutes(app, services);
  unitsRoutes(app, services);
  unitsTransferRoutes(app, services);
  auditRoutes(app, services);
  notificationsRoutes(app, services);
  campaignsRoutes(app, services);
  contestsRoutes(app, services, config);
  plansRoutes(app, services);
  tasksRoutes(app, services);
  activitiesRoutes(app, services);
  reportsRoutes(app, services);
  dashboardRoutes(app, services);
  calendarRoutes(app, services);
  newsRoutes(app, services);
  modelsRoutes(app, services);
  materialsRoutes(app, services);
  // The public site at / (server-rendered); the workspace stays under /app and the API under /api.
  const portal = portalRoutes(app, services);

  // The workspace SPA under /app; deep links fall back to index.html.
  const hasWeb = existsSync(resolve(WEB_DIR, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/app/', wildcard: false, index: ['index.html'], cacheControl: false, setHeaders: (res, path) => {
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    } });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && (req.url === '/app' || req.url.startsWith('/app/')) && !req.url.startsWith('/app/assets/')) {
      if (!hasWeb) {
        return reply.code(503).type('text/plain; charset=utf-8').send('Giao diện chưa được build. Hãy chạy: npm run build:web');
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', WEB_DIR);
    }
    if (req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html')) return portal.notFound(req, reply);
    return reply.code(404).send({ error: { code: 'route_not_found', message: 'Không tìm thấy đường dẫn yêu cầu.' } });
  });

  return app;
}
