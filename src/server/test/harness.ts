/**
 * Test harness: every database test runs on SQLite (in memory) and, when TEST_POSTGRES_URL is set,
 * on PostgreSQL too, each test file in its own schema that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../app.js';
import { seedDemoIfEmpty } from '../boot.js';
import { type Config, loadConfig } from '../config.js';
import { seedDemo } from '../demo/seed.js';
import { fixedClock } from '../platform/clock.js';
import { type DbHandle, type Engine, openDb } from '../platform/db.js';
import { migrateToLatest } from '../platform/migrate.js';

export const ENGINES: Engine[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** The demo's reference "now" in tests: after the 1/7/2025 reorganisation. */
export const TEST_NOW = '2026-11-26T03:00:00Z';

export interface TestDb {
  engine: Engine;
  handle: DbHandle;
  drop(): Promise<void>;
}

export async function createTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'sqlite') {
    const handle = openDb({ engine: 'sqlite', file: ':memory:' });
    await migrateToLatest(handle);
    return { engine, handle, drop: () => handle.close() };
  }
  const url = process.env.TEST_POSTGRES_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = openDb({ engine: 'postgres', url, schema });
  await migrateToLatest(handle);
  return {
    engine,
    handle,
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  return { ...base, ...overrides };
}

export interface TestApp {
  engine: Engine;
  app: FastifyInstance;
  db: DbHandle;
  clock: ReturnType<typeof fixedClock>;
  /** Unit id by demo code. */
  unit(code: string): Promise<string>;
  /** Signs in; with `changePasswordTo`, also completes the first-sign-in password change. */
  login(username: string, password?: string, opts?: { changePasswordTo?: string }): Promise<Session>;
}

export interface Session {
  cookie: string;
  csrf: string;
  me: { user: { id: string; mustChangePassword: boolean }; actingUnitId: string | null; permissions: string[] };
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/**
 * How much demo data a test database gets: `true` (default) the organisation and people only (cheap),
 * `'full'` the whole demo start-up path (key dates, the NQ 57 campaign with plans and tasks), `false` nothing.
 */
export type SeedLevel = boolean | 'full';

/** Builds the app on a fresh database loaded with the demo data, with a frozen clock. */
export async function buildTestApp(engine: Engine, opts: { config?: Partial<Config>; seed?: SeedLevel } = {}): Promise<TestApp & { close(): Promise<void> }> {
  const tdb = await createTestDb(engine);
  const clock = fixedClock(TEST_NOW);
  const config = testConfig(opts.config);
  if (opts.seed === 'full') await seedDemoIfEmpty(tdb.handle, clock, config);
  else if (opts.seed !== false) await seedDemo(tdb.handle.db, clock);
  const app = await buildApp({ config, db: tdb.handle, clock, logger: false });
  await app.ready();
  const unitIds = new Map<string, string>();
  const t: TestApp & { close(): Promise<void> } = {
    engine,
    app,
    db: tdb.handle,
    clock,
    async unit(code) {
      if (!unitIds.has(code)) {
        const row = await tdb.handle.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow();
        unitIds.set(code, row.id);
      }
      return unitIds.get(code)!;
    },
    async login(username, password = 'lantoa-demo', opts = {}) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = res.cookies.find((c) => c.name === 'lantoa_sid')!;
      const cookie = `lantoa_sid=${setCookie.value}`;
      let me = res.json();
      const request: Session['request'] = (method, url, body, headers = {}) =>
        app.inject({
          method,
          url,
          headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': me.csrfToken }), ...headers },
          ...(body === undefined ? {} : { payload: body as object }),
        });
      if (opts.changePasswordTo) {
        const changed = await request('POST', '/api/auth/change-password', { currentPassword: password, newPassword: opts.changePasswordTo });
        if (changed.statusCode !== 204) throw new Error(`password change for ${username} failed: ${changed.statusCode} ${changed.body}`);
        me = (await request('GET', '/api/auth/me')).json();
      }
      return {
        cookie,
        csrf: me.csrfToken,
        me,
        request,
        get: (url) => request('GET', url),
        post: (url, body) => request('POST', url, body ?? {}),
        patch: (url, body) => request('PATCH', url, body ?? {}),
      };
    },
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
  return t;
}

/**
 * Runs a describe block once per engine with a fresh demo app, e.g.
 * `describeEachDb('units', (ctx) => { it('…', async () => { const t = ctx(); … }) })`.
 */
export function describeEachDb(name: string, body: (ctx: () => TestApp) => void, opts: { config?: Partial<Config>; seed?: SeedLevel } = {}) {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, () => {
      let t: (TestApp & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        t = await buildTestApp(engine, opts);
      });
      afterAll(async () => {
        await t?.close();
      });
      body(() => t!);
    });
  }
}
