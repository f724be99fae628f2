import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http-auth.js';
import { isoDate, pageQuery } from '../../platform/validation.js';
import type { Services } from '../../services.js';

const EntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  actingUnitId: z.string().nullable(),
  actingUnitName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  summary: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export function auditRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit',
    {
      schema: {
        tags: ['Nhật ký hệ thống'],
        summary: 'Tra cứu nhật ký thay đổi (chỉ đọc)',
        querystring: z
          .object({
            search: z.string().max(200).optional(),
            action: z.string().max(100).optional(),
            entityType: z.string().max(50).optional(),
            entityId: z.string().max(64).optional(),
            userId: z.string().max(64).optional(),
            from: isoDate.optional(),
            to: isoDate.optional(),
            ...pageQuery,
          })
          .strict(),
        response: { 200: z.object({ items: z.array(EntrySchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => {
      const scope = await s.auth.scopeFor(requireActor(req));
      scope.assertHas('audit.view');
      // A unit administrator sees the entries made on behalf of units in their scope.
      const visible = scope.visibleUnitIds();
      const { items, total } = await s.audit.list({ ...req.query, actingUnitIds: visible === 'all' ? undefined : [...visible] });
      const tree = scope.tree;
      return {
        items: items.map((e) => ({
          id: Number(e.id),
          at: e.at,
          userId: e.user_id,
          username: e.username,
          actingUnitId: e.acting_unit_id,
          actingUnitName: e.acting_unit_id ? (tree.get(e.acting_unit_id)?.name ?? null) : null,
          action: e.action,
          entityType: e.entity_type,
          entityId: e.entity_id,
          summary: e.summary,
          before: e.before ? JSON.parse(e.before) : null,
          after: e.after ? JSON.parse(e.after) : null,
          ip: e.ip,
        })),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );
}
