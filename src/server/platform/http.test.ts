/**
 * The HTTP layer shared by every module: CSRF, error bodies, body parsing limits, OpenAPI, health checks.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../test/harness.js';

/** Vietnamese text carries Vietnamese letters (ă â đ ê ô ơ ư or a tone mark). */
const VIETNAMESE = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;

function expectError(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.code).toBe('string');
  expect(body.error.code).toMatch(/^[a-z_]+$/);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message).toMatch(VIETNAMESE);
  if (code) expect(body.error.code).toBe(code);
  return body.error as { code: string; message: string; details?: unknown };
}

/** Routes under /api as printed by Fastify's radix tree, e.g. "GET /api/units/:id". */
function registeredApiRoutes(tree: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)(?:[├└]── )?(\S+)(?: \(([^)]*)\))?\s*$/u.exec(line);
    if (!m || !line.trim()) continue;
    const depth = line.includes('── ') ? m[1].length / 4 + 1 : 0;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/^\/?/, '/').replace(/\/\//g, '/');
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
      if (method === 'HEAD' || !path.startsWith('/api/')) continue;
      out.add(`${method} ${path}`);
    }
  }
  return out;
}

describeEachDb('HTTP layer', (ctx) => {
  let admin: Session;
  beforeAll(async () => {
    admin = await ctx().login('admin');
  });

  it('a state-changing request with the session cookie but no CSRF header is refused and changes nothing', async () => {
    const t = ctx();
    const before = await t.db.db.selectFrom('units').selectAll().where('code', '=', 'AN_XUAN').executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/units/${before.id}`,
      headers: { cookie: admin.cookie },
      payload: { version: before.version, name: 'Tên giả mạo' },
    });
    const err = expectError(res, 403, 'csrf_invalid');
    expect(err.message).toContain('giả mạo');
    const after = await t.db.db.selectFrom('units').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(after.name).toBe(before.name);
    expect(after.version).toBe(before.version);
  });

  it('a wrong CSRF token, or the token of another session, is refused and changes nothing', async () => {
    const t = ctx();
    const usersBefore = await t.db.db.selectFrom('users').select('id').execute();
    const create = await admin.request('POST', '/api/users', { username: 'csrf.victim', fullName: 'Nạn nhân', password: 'Mat-khau-rat-dai-1' }, { 'x-csrf-token': 'x'.repeat(32) });
    expectError(create, 403, 'csrf_invalid');
    expect(await t.db.db.selectFrom('users').select('id').execute()).toHaveLength(usersBefore.length);
    // The token of another session does not work either.
    const other = await t.login('danang.btt');
    const logoutAll = await admin.request('POST', '/api/auth/logout-all', {}, { 'x-csrf-token': other.csrf });
    expectError(logoutAll, 403, 'csrf_invalid');
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('GET works with the cookie and without the CSRF header', async () => {
    const t = ctx();
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().csrfToken).toBe(admin.csrf);
  });

  it('sign-in needs no CSRF token (there is no session yet)', async () => {
    const t = ctx();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'danang.btt', password: 'lantoa-demo' } });
    expect(res.statusCode).toBe(200);
  });

  it('an unknown /api route answers 404 route_not_found in Vietnamese', async () => {
    const t = ctx();
    expectError(await t.app.inject({ method: 'GET', url: '/api/khong-co' }), 404, 'route_not_found');
    expectError(await admin.post('/api/units/khong/co/dau'), 404, 'route_not_found');
  });

  it('requests without a session answer 401 unauthenticated', async () => {
    const t = ctx();
    for (const url of ['/api/auth/me', '/api/units', '/api/users', '/api/audit']) {
      expectError(await t.app.inject({ method: 'GET', url }), 401, 'unauthenticated');
    }
    // An unknown cookie is treated as no session.
    expectError(await t.app.inject({ method: 'GET', url: '/api/units', headers: { cookie: 'lantoa_sid=khong-hop-le' } }), 401, 'unauthenticated');
  });

  it('malformed JSON answers 400 invalid_json', async () => {
    const res = await admin.request('POST', '/api/units', '{"code": "X", "name":', { 'content-type': 'application/json' });
    expectError(res, 400, 'invalid_json');
  });

  it('a body over the 2 MB limit answers 413', async () => {
    const big = JSON.stringify({ code: 'BIG', name: 'x'.repeat(3 * 1024 * 1024), shortName: 'B', kind: 'partner' });
    const res = await admin.request('POST', '/api/units', big, { 'content-type': 'application/json' });
    expectError(res, 413, 'body_too_large');
    expect(await ctx().db.db.selectFrom('units').select('id').where('code', '=', 'BIG').executeTakeFirst()).toBeUndefined();
  });

  it('a form post to sign-in is refused (JSON only)', async () => {
    const t = ctx();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=admin&password=lantoa-demo' });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('validation errors name the field in Vietnamese and list details', async () => {
    const res = await admin.post('/api/units', { code: 'OK_CODE', name: '', shortName: 'x', kind: 'front_committee' });
    const err = expectError(res, 400, 'validation_failed');
    expect(err.message).toContain('name');
    expect(Array.isArray(err.details)).toBe(true);
  });

  it('every error body has the shape { error: { code, message } } with a Vietnamese message', async () => {
    const t = ctx();
    const unitId = await t.unit('AN_MY');
    const cases: Array<[Promise<LightMyRequestResponse>, number]> = [
      [t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'sai-mat-khau-roi' } }), 401],
      [t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} }), 400],
      [admin.get('/api/units/khong-ton-tai'), 404],
      [admin.get('/api/units?asOf=2025-02-30'), 400],
      [admin.get('/api/units?pageSize=0'), 400],
      [admin.get('/api/users?page=abc'), 400],
      [admin.get('/api/audit?from=hom-qua'), 400],
      [admin.post(`/api/units/${unitId}/move`, { parentId: unitId, effectiveDate: '2025-01-01' }), 400],
      [admin.post('/api/units', { code: 'TW', name: 'Trùng mã', shortName: 'T', kind: 'partner' }), 409],
      [admin.post('/api/grants', { userId: 'khong-co', unitId, role: 'viewer' }), 404],
      [admin.post('/api/auth/acting-unit', { unitId }), 400],
      [admin.post('/api/setup/admin', { username: 'admin2', fullName: 'Quản trị 2', password: 'Mat-khau-that-dai-9' }), 409],
      [(await t.login('tamky.bientap')).get('/api/users'), 403],
    ];
    for (const [p, status] of cases) expectError(await p, status);
  });

  it('GET /api/openapi.json describes every /api route', async () => {
    const t = ctx();
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(spec.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const registered = [...registeredApiRoutes(t.app.printRoutes({ commonPrefix: false }))].filter(
      (r) => !r.endsWith(' /api/openapi.json') && !/ \/api\/docs(\/|$)/.test(r),
    );
    // Guard against a parser that finds nothing: these must be among the registered routes.
    expect(registered).toEqual(expect.arrayContaining(['POST /api/auth/logout-all', 'PATCH /api/units/:id', 'POST /api/units/:id/move', 'POST /api/grants/:id/transfer', 'GET /api/audit']));
    expect(registered.length).toBeGreaterThanOrEqual(25);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('/healthz and /readyz answer 200', async () => {
    const t = ctx();
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('every response carries a request id and security headers', async () => {
    const t = ctx();
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'thu-nghiem-12345' } });
    expect(res.headers['x-request-id']).toBe('thu-nghiem-12345');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
