import { z } from 'zod';
import { boolQuery, isoDate, pageQuery } from '../../platform/validation.js';
import { RECURRENCES } from './recurrence.js';

const id = z.string().trim().min(1).max(64);
const ids = z.array(id).max(200);

export const TASK_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const OccurrenceSchema = z.object({
  id: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueDate: z.string(),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
});

export const TaskSchema = z.object({
  id: z.string(),
  planId: z.string().nullable(),
  planNumberText: z.string().nullable(),
  campaignId: z.string().nullable(),
  responsibilityId: z.string().nullable(),
  assignerUnitId: z.string(),
  assignerUnitName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  assigneeUserId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  topicIds: z.array(z.string()),
  formIds: z.array(z.string()),
  recurrence: z.enum(RECURRENCES),
  startDate: z.string(),
  endDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean().describe('Tính từ đồng hồ máy chủ: còn kỳ chưa xong có hạn trước hôm nay'),
  nextDueDate: z.string().nullable(),
  progress: z.number(),
  doneAt: z.string().nullable(),
  occurrences: z.array(OccurrenceSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type TaskDto = z.infer<typeof TaskSchema>;

export const TaskNoteSchema = z.object({
  id: z.string(),
  occurrenceId: z.string().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  note: z.string(),
  progress: z.number().nullable(),
  files: z.array(z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number() })),
  createdAt: z.string(),
});

export const TaskDetailSchema = TaskSchema.extend({ notes: z.array(TaskNoteSchema) });

export const TaskListSchema = z.object({ items: z.array(TaskSchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const OverviewRowSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  notStarted: z.number(),
  inProgress: z.number(),
  done: z.number(),
  overdue: z.number().describe('Số nhiệm vụ chưa xong có kỳ hạn đã qua (cũng được đếm trong notStarted/inProgress)'),
  total: z.number(),
});

export const IdParams = z.object({ id }).strict();

export const ListTasksQuery = z
  .object({
    unitId: id.optional(),
    planId: id.optional(),
    campaignId: id.optional(),
    status: z.enum(TASK_STATUSES).optional(),
    overdue: boolQuery.optional(),
    search: z.string().trim().max(200).optional(),
    ...pageQuery,
  })
  .strict();

export const OverviewQuery = z.object({ planId: id.optional(), campaignId: id.optional() }).strict();

export const AssigneesQuery = z.object({ unitId: id.optional() }).strict();
/** Someone a task can be assigned to — no e-mail or phone (minimum personal data). */
export const AssigneeSchema = z.object({ userId: z.string(), fullName: z.string(), position: z.string().nullable(), roles: z.array(z.string()) });

const title = z.string().trim().min(1).max(300);
const description = z.string().trim().max(10000).nullish();

export const CreateTaskBody = z
  .object({
    unitId: id,
    assigneeUserId: id.nullish(),
    planId: id.nullish(),
    campaignId: id.nullish(),
    title,
    description,
    topicIds: ids.default([]),
    formIds: ids.default([]),
    recurrence: z.enum(RECURRENCES),
    startDate: isoDate.nullish(),
    endDate: isoDate.nullish(),
    dueDate: isoDate.nullish(),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof CreateTaskBody>;

export const UpdateTaskBody = z
  .object({
    version: z.number().int().min(1),
    assigneeUserId: id.nullish(),
    title: title.optional(),
    description,
    topicIds: ids.optional(),
    formIds: ids.optional(),
    recurrence: z.enum(RECURRENCES).optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.nullish(),
    dueDate: isoDate.nullish(),
  })
  .strict();
export type UpdateTaskInput = z.infer<typeof UpdateTaskBody>;

export const NoteBody = z
  .object({
    note: z.string().trim().min(1).max(10000),
    progress: z.number().int().min(0).max(100).optional(),
    occurrenceId: id.optional(),
    markDone: z.boolean().optional(),
  })
  .strict();
export type NoteInput = z.infer<typeof NoteBody>;

export const EvidenceParams = z.object({ id, fileId: id }).strict();
