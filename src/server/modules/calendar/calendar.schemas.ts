import { z } from 'zod';
import { isoDate } from '../../platform/validation.js';

const id = z.string().trim().min(1).max(64);

export const EVENT_KINDS = ['key_date', 'plan_period', 'milestone', 'task_due', 'request_deadline'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const CalendarEventSchema = z.object({
  id: z.string(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  date: z.string(),
  endDate: z.string().nullable(),
  link: z.string().nullable(),
  description: z.string().nullable(),
});
export type CalendarEvent = z.infer<typeof CalendarEventSchema>;

export const CalendarQuery = z.object({ from: isoDate.optional(), to: isoDate.optional(), unitId: id.optional() }).strict();

export const KeyDateSchema = z.object({
  id: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  campaignId: z.string().nullable(),
  name: z.string(),
  basis: z.string().nullable(),
  recurring: z.boolean().describe('Lặp lại hằng năm theo ngày/tháng'),
  month: z.number().nullable(),
  day: z.number().nullable(),
  date: z.string().nullable().describe('Ngày cụ thể (không lặp lại)'),
  editable: z.boolean(),
});
export type KeyDateDto = z.infer<typeof KeyDateSchema>;

export const KeyDatesQuery = z.object({ unitId: id.optional() }).strict();

const name = z.string().trim().min(1).max(300);
const basis = z.string().trim().max(500).nullish();
const month = z.number().int().min(1).max(12);
const day = z.number().int().min(1).max(31);

export const CreateKeyDateBody = z
  .object({
    unitId: id.nullish().describe('Đơn vị áp dụng; null = toàn hệ thống (chỉ quản trị hệ thống); mặc định đơn vị đang làm việc'),
    campaignId: id.nullish(),
    name,
    basis,
    month: month.optional(),
    day: day.optional(),
    date: isoDate.optional(),
  })
  .strict();
export type CreateKeyDateInput = z.infer<typeof CreateKeyDateBody>;

export const UpdateKeyDateBody = z
  .object({ campaignId: id.nullish(), name: name.optional(), basis, month: month.optional(), day: day.optional(), date: isoDate.optional() })
  .strict();
export type UpdateKeyDateInput = z.infer<typeof UpdateKeyDateBody>;

export const FeedBody = z.object({ unitId: id.optional() }).strict();
export const FeedSchema = z.object({ url: z.string(), unitId: z.string() });

export const IdParams = z.object({ id }).strict();
