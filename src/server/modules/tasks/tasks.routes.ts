import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalid } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import type { Services } from '../../services.js';
import {
  AssigneeSchema,
  AssigneesQuery,
  CreateTaskBody,
  EvidenceParams,
  IdParams,
  ListTasksQuery,
  NoteBody,
  OverviewQuery,
  OverviewRowSchema,
  TaskDetailSchema,
  TaskListSchema,
  UpdateTaskBody,
} from './tasks.schemas.js';

const EvidenceFields = z
  .object({
    note: z.string().trim().max(10000).optional(),
    progress: z.coerce.number().int().min(0).max(100).optional(),
    occurrenceId: z.string().trim().min(1).max(64).optional(),
    markDone: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
  })
  .strict();

/** Reads the single file and the text fields of a multipart request, in any order. */
async function readEvidence(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Hãy gửi tệp minh chứng trong trường «file» dạng multipart/form-data.');
  const fields: Record<string, string> = {};
  let file: { buffer: Buffer; filename: string } | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        await part.toBuffer();
        continue;
      }
      file = { buffer: await part.toBuffer(), filename: part.filename || 'tep-minh-chung' };
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  }
  if (!file) throw invalid('file_required', 'Chưa có tệp minh chứng nào được gửi lên (trường «file»).', [{ field: 'file', message: 'bắt buộc phải có' }]);
  const parsed = EvidenceFields.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'file';
    throw invalid('validation_failed', `Trường «${field}»: ${issue.message}. Hãy kiểm tra lại và gửi lại.`, [{ field, message: issue.message }]);
  }
  return { file, fields: parsed.data };
}

/** `/api/tasks…`: a unit's tasks, the issuing unit's overview, assignment, edits, progress notes and evidence. */
export function tasksRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Nhiệm vụ'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));

  r.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'Nhiệm vụ của đơn vị đang làm việc (hoặc một đơn vị cấp dưới)',
        description: '`overdue=true`: còn kỳ chưa xong mà hạn đã qua (tính theo ngày hôm nay của máy chủ).',
        querystring: ListTasksQuery,
        response: { 200: TaskListSchema },
      },
    },
    async (req) => s.tasks.list(await scope(req), req.query),
  );

  r.get(
    '/api/tasks/overview',
    {
      schema: {
        tags,
        summary: 'Tổng hợp tình hình thực hiện theo đơn vị (của một kế hoạch hoặc chiến dịch)',
        querystring: OverviewQuery,
        response: { 200: z.array(OverviewRowSchema) },
      },
    },
    async (req) => s.tasks.overview(await scope(req), req.query),
  );

  r.get(
    '/api/tasks/assignees',
    {
      schema: {
        tags,
        summary: 'Người có thể được giao nhiệm vụ của một đơn vị (đang giữ vai trò tại đơn vị đó)',
        description: 'Cần quyền giao nhiệm vụ (task.manage) với đơn vị; mặc định là đơn vị đang làm việc. Chỉ trả họ tên, chức vụ, vai trò.',
        querystring: AssigneesQuery,
        response: { 200: z.array(AssigneeSchema) },
      },
    },
    async (req) => s.tasks.assignees(await scope(req), req.query),
  );

  r.post('/api/tasks', { schema: { tags, summary: 'Giao nhiệm vụ cho đơn vị', body: CreateTaskBody, response: { 201: TaskDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await s.tasks.create(await scope(req), ctxOf(req), req.body)),
  );

  r.get('/api/tasks/:id', { schema: { tags, summary: 'Chi tiết nhiệm vụ, các kỳ báo cáo và ghi chú tiến độ', params: IdParams, response: { 200: TaskDetailSchema } } }, async (req) =>
    s.tasks.get(await scope(req), req.params.id),
  );

  r.patch(
    '/api/tasks/:id',
    { schema: { tags, summary: 'Sửa nhiệm vụ (kèm phiên bản; 409 nếu đã bị người khác sửa)', params: IdParams, body: UpdateTaskBody, response: { 200: TaskDetailSchema } } },
    async (req) => s.tasks.update(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/tasks/:id/notes',
    {
      schema: {
        tags,
        summary: 'Ghi tiến độ; `markDone` báo hoàn thành kỳ (hoặc nhiệm vụ một lần)',
        description: 'Không có `occurrenceId` thì `markDone` áp dụng cho kỳ chưa xong sớm nhất.',
        params: IdParams,
        body: NoteBody,
        response: { 201: TaskDetailSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.tasks.addNote(await scope(req), ctxOf(req), req.params.id, req.body)),
  );

  r.post(
    '/api/tasks/:id/evidence',
    {
      schema: {
        tags,
        summary: 'Tải lên minh chứng (PDF, Word, Excel, ảnh JPEG/PNG/WebP)',
        description: 'multipart/form-data: `file` và tuỳ chọn `note`, `progress`, `occurrenceId`, `markDone`. Tạo một ghi chú kèm tệp.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: TaskDetailSchema },
      },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const { file, fields } = await readEvidence(req);
      return reply.code(201).send(await s.tasks.addEvidence(sc, ctxOf(req), req.params.id, file, fields));
    },
  );

  r.get(
    '/api/tasks/:id/evidence/:fileId',
    { schema: { tags, summary: 'Tải tệp minh chứng của nhiệm vụ', params: EvidenceParams } },
    async (req, reply) => {
      const f = await s.tasks.evidenceFile(await scope(req), req.params.id, req.params.fileId);
      const ascii = f.name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'minh-chung';
      reply.header('content-type', f.mime);
      reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(s.files.stream(f));
    },
  );
}
