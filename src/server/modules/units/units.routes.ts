import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import {
  CloseUnitBody,
  IdParams,
  ListUnitsQuery,
  MergeBody,
  MoveUnitBody,
  NewUnitFields,
  SplitBody,
  UnitDetailSchema,
  UnitEventSchema,
  UnitListSchema,
  UnitSchema,
  UpdateUnitBody,
} from './units.schemas.js';

const SuccessionResult = z.object({ event: UnitEventSchema, successors: z.array(UnitSchema) });

export function unitsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Đơn vị'];
  const scope = async (req: Parameters<typeof requireActor>[0]) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/units',
    { schema: { tags, summary: 'Danh sách đơn vị theo ngày (dựng cây ở giao diện)', querystring: ListUnitsQuery, response: { 200: UnitListSchema } } },
    async (req) => s.units.list(await scope(req), req.query),
  );

  r.get('/api/units/:id', { schema: { tags, summary: 'Chi tiết và lịch sử đơn vị', params: IdParams, response: { 200: UnitDetailSchema } } }, async (req) =>
    s.units.get(await scope(req), req.params.id),
  );

  r.get(
    '/api/units/:id/rollup',
    {
      schema: {
        tags,
        summary: 'Các đơn vị được cộng dồn số liệu vào đơn vị này (cấp dưới và tiền thân)',
        params: IdParams,
        querystring: z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
        response: { 200: z.object({ unitIds: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const sc = await scope(req);
      sc.assertSee(req.params.id);
      const ids = await s.units.rollupIds(req.params.id, req.query.asOf);
      return { unitIds: ids.filter((id) => sc.canSee(id)) };
    },
  );

  r.post('/api/units', { schema: { tags, summary: 'Tạo đơn vị', body: NewUnitFields, response: { 201: UnitSchema } } }, async (req, reply) =>
    reply.code(201).send(await s.units.create(await scope(req), ctxOf(req), req.body)),
  );

  r.patch('/api/units/:id', { schema: { tags, summary: 'Sửa thông tin đơn vị', params: IdParams, body: UpdateUnitBody, response: { 200: UnitSchema } } }, async (req) =>
    s.units.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/units/:id/move',
    { schema: { tags, summary: 'Chuyển trực thuộc', params: IdParams, body: MoveUnitBody, response: { 200: UnitSchema } } },
    async (req) => s.units.move(await scope(req), ctxOf(req), req.params.id, req.body.parentId, req.body.effectiveDate),
  );

  r.post(
    '/api/units/:id/close',
    { schema: { tags, summary: 'Kết thúc hoạt động đơn vị', params: IdParams, body: CloseUnitBody, response: { 200: UnitSchema } } },
    async (req) => s.units.close(await scope(req), ctxOf(req), req.params.id, req.body.effectiveDate, req.body.note),
  );

  r.post('/api/units/merge', { schema: { tags, summary: 'Ghi nhận hợp nhất/sáp nhập', body: MergeBody, response: { 201: SuccessionResult } } }, async (req, reply) =>
    reply.code(201).send(await s.units.merge(await scope(req), ctxOf(req), req.body)),
  );

  r.post('/api/units/split', { schema: { tags, summary: 'Ghi nhận chia tách', body: SplitBody, response: { 201: SuccessionResult } } }, async (req, reply) =>
    reply.code(201).send(await s.units.split(await scope(req), ctxOf(req), req.body)),
  );
}
