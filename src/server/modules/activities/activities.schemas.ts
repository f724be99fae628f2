import { z } from 'zod';
import { boolQuery, isoDate, pageQuery } from '../../platform/validation.js';
import { MEASURES, type MeasureKey, vnNumber } from './measures.js';
import { PERIOD_KINDS } from './periods.js';

export const ACTIVITY_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'superseded'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const STATUS_LABELS: Record<ActivityStatus, string> = {
  draft: 'Nháp',
  submitted: 'Chờ duyệt',
  returned: 'Bị trả lại',
  accepted: 'Đã duyệt',
  superseded: 'Đã được đính chính',
};

/** Vietnamese labels of the body fields, for messages that name the field. */
export const FIELD_LABELS: Record<string, string> = {
  unitId: 'Đơn vị',
  campaignId: 'Chương trình, chiến dịch',
  planId: 'Kế hoạch',
  taskId: 'Nhiệm vụ',
  occurrenceId: 'Kỳ báo cáo của nhiệm vụ',
  taskDone: 'Hoàn thành nhiệm vụ',
  formCode: 'Hình thức',
  title: 'Tên hoạt động',
  dateFrom: 'Ngày tổ chức (từ ngày)',
  dateTo: 'Đến ngày',
  place: 'Địa điểm',
  description: 'Mô tả',
  links: 'Liên kết',
  topicIds: 'Nội dung tuyên truyền',
  clientKey: 'Mã gửi (clientKey)',
  comment: 'Ý kiến',
  ...Object.fromEntries(MEASURES.map((m) => [`measures.${m.key}`, m.label])),
};

const id = z.string().trim().min(1).max(64);
const text = (label: string, max: number) =>
  z
    .string({ error: `«${label}» phải là chuỗi ký tự` })
    .trim()
    .max(max, { error: `«${label}» dài quá ${max} ký tự` });
const optText = (label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

/** One measure: a whole number from 0 to its maximum; the messages name the field in Vietnamese. */
const measure = (label: string, max: number) =>
  z
    .number({ error: `«${label}» phải là số` })
    .int({ error: `«${label}» phải là số nguyên` })
    .min(0, { error: `«${label}» không được là số âm` })
    .max(max, { error: `«${label}» không được lớn hơn ${vnNumber(max)}` })
    .nullable()
    .optional();

export const MeasuresInput = z
  .object(Object.fromEntries(MEASURES.map((m) => [m.key, measure(m.label, m.max)])) as Record<MeasureKey, ReturnType<typeof measure>>)
  .strict();

export const MeasuresSchema = z.object(Object.fromEntries(MEASURES.map((m) => [m.key, z.number().nullable()])) as Record<MeasureKey, z.ZodNullable<z.ZodNumber>>);
export const TotalsSchema = z.object({
  activities: z.number(),
  attendance: z.number(),
  ...(Object.fromEntries(MEASURES.map((m) => [m.key, z.number()])) as Record<MeasureKey, z.ZodNumber>),
});

const link = z
  .url({ protocol: /^https?$/, error: '«Liên kết» chỉ nhận địa chỉ bắt đầu bằng http:// hoặc https://' })
  .max(2000, { error: '«Liên kết» dài quá 2000 ký tự' });

const date = (label: string) => isoDate.describe(label);

const contentFields = {
  campaignId: id.nullish(),
  planId: id.nullish(),
  taskId: id.nullish(),
  occurrenceId: id.nullish(),
  taskDone: z.boolean().optional().describe('Khi báo cáo được duyệt: đánh dấu kỳ báo cáo của nhiệm vụ là hoàn thành (mặc định chỉ ghi tiến độ)'),
  formCode: z.string().trim().min(1).max(50).nullish().describe('Mã hình thức trong danh mục (GET /api/forms)'),
  title: optText('Tên hoạt động', 500),
  dateFrom: date('Ngày tổ chức (từ ngày); mặc định hôm nay').optional(),
  dateTo: date('Đến ngày (để trống nếu trong một ngày)').nullish(),
  place: optText('Địa điểm', 500),
  description: optText('Mô tả', 20_000),
  links: z.array(link).max(20, { error: '«Liên kết» nhiều nhất 20 địa chỉ' }).optional(),
  topicIds: z.array(id).max(100, { error: '«Nội dung tuyên truyền» nhiều nhất 100 chủ đề' }).optional(),
  measures: MeasuresInput.optional(),
};

export const CreateActivityBody = z
  .object({
    unitId: id.optional().describe('Mặc định: đơn vị đang làm việc'),
    ...contentFields,
    clientKey: z.uuid({ error: '«Mã gửi (clientKey)» phải là UUID do ứng dụng tạo' }).optional().describe('UUID do ứng dụng tạo: gửi lại cùng mã (mất mạng) trả về đúng bản ghi đã tạo, mã 200'),
    submit: z.boolean().optional().describe('Tạo và gửi duyệt ngay'),
  })
  .strict();
export type CreateActivityInput = z.infer<typeof CreateActivityBody>;

export const UpdateActivityBody = z
  .object({
    version: z.number().int().min(1),
    unitId: id.optional(),
    ...contentFields,
  })
  .strict();
export type UpdateActivityInput = z.infer<typeof UpdateActivityBody>;
export type ActivityContentInput = Omit<UpdateActivityInput, 'version'>;

export const SubmitBody = z
  .object({
    clientKey: z.uuid({ error: '«Mã gửi (clientKey)» phải là UUID do ứng dụng tạo' }).optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();

export const ReturnBody = z.object({ comment: text('Ý kiến', 2000).min(1, { error: '«Ý kiến» không được để trống: hãy nêu điều cần sửa' }) }).strict();
export const AcceptBody = z.object({ comment: optText('Ý kiến', 2000) }).strict();

export const IdParams = z.object({ id }).strict();
export const FileParams = z.object({ id, fileId: id }).strict();

export const ListActivitiesQuery = z
  .object({
    unitId: id.optional(),
    includeSubunits: boolQuery.optional(),
    asOf: isoDate.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    form: z.string().trim().min(1).max(50).optional(),
    topicId: id.optional(),
    campaignId: id.optional(),
    status: z.enum(ACTIVITY_STATUSES).optional(),
    reviewable: boolQuery.optional(),
    ...pageQuery,
  })
  .strict();
export type ListActivitiesFilter = z.infer<typeof ListActivitiesQuery>;

export const ExportQuery = ListActivitiesQuery.omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['xlsx']).default('xlsx') })
  .strict();

export const FileSchema = z.object({
  id: z.string(),
  kind: z.enum(['photo', 'document']),
  fileId: z.string(),
  thumbFileId: z.string().nullable(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  caption: z.string().nullable(),
  url: z.string(),
  thumbUrl: z.string().nullable(),
});

export const ActivitySchema = z.object({
  id: z.string(),
  rootId: z.string(),
  versionNo: z.number().describe('1 = bản gốc; 2, 3… = các bản đính chính'),
  supersedesId: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  planId: z.string().nullable(),
  planNumberText: z.string().nullable(),
  taskId: z.string().nullable(),
  taskTitle: z.string().nullable(),
  occurrenceId: z.string().nullable(),
  taskDone: z.boolean(),
  formCode: z.string().nullable(),
  formName: z.string().nullable(),
  title: z.string().nullable(),
  dateFrom: z.string(),
  dateTo: z.string().nullable(),
  place: z.string().nullable(),
  description: z.string().nullable(),
  links: z.array(z.string()),
  topicIds: z.array(z.string()),
  measures: MeasuresSchema,
  attendance: z.number().describe('Tổng lượt người tham dự (cán bộ + đảng viên + đoàn viên, hội viên + nhân dân)'),
  status: z.enum(ACTIVITY_STATUSES),
  statusLabel: z.string(),
  returnComment: z.string().nullable(),
  photoCount: z.number(),
  documentCount: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  version: z.number(),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), delete: z.boolean(), accept: z.boolean(), return: z.boolean(), correct: z.boolean() }),
});
export type ActivityDto = z.infer<typeof ActivitySchema>;

export const ActivityDetailSchema = ActivitySchema.extend({
  files: z.array(FileSchema),
  history: z.array(z.object({ id: z.string(), activityId: z.string(), kind: z.string(), comment: z.string().nullable(), userName: z.string().nullable(), at: z.string() })),
  versions: z.array(z.object({ id: z.string(), versionNo: z.number(), status: z.enum(ACTIVITY_STATUSES), reviewedAt: z.string().nullable() })),
});
export type ActivityDetailDto = z.infer<typeof ActivityDetailSchema>;

export const ActivityListSchema = z.object({
  items: z.array(ActivitySchema),
  total: z.number(),
  /** True when more than `total` (10 000) reports match: the count stops there (narrow the filter). */
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
});

export const DIMENSIONS = ['form', 'unit', 'month', 'topic'] as const;

export const FiguresQuerySchema = z
  .object({
    unitId: id.optional().describe('Mặc định: đơn vị đang làm việc'),
    asOf: isoDate.optional().describe('Cây đơn vị tại ngày (mặc định hôm nay, hoặc ngày cuối của đơn vị đã giải thể)'),
    from: isoDate.optional(),
    to: isoDate.optional(),
    period: z.enum(PERIOD_KINDS).optional().describe('Thay cho from/to: kỳ báo cáo (cùng year, index, cutoffDay)'),
    year: z.coerce.number().int().min(1900).max(2200).optional(),
    index: z.coerce.number().int().min(1).max(12).optional(),
    cutoffDay: z.coerce.number().int().min(1).max(28).default(1),
    campaignId: id.optional(),
    groupBy: z
      .string()
      .regex(/^(none|(form|unit|month|topic)(,(form|unit|month|topic))?)$/, { error: 'chọn none, form, unit, month, topic hoặc hai chiều cách nhau dấu phẩy (ví dụ unit,topic)' })
      .default('none'),
    unitGrouping: z.enum(['as_of_period', 'as_of_today']).default('as_of_today'),
    measures: z
      .string()
      .max(2000)
      .optional()
      .describe('Chỉ tính các chỉ tiêu này (mã, cách nhau dấu phẩy; `none` = chỉ đếm số hoạt động); mặc định tất cả')
      .transform((v, ctx) => {
        if (v === undefined || v === 'all') return undefined;
        if (v === 'none' || v === '') return [] as MeasureKey[];
        const keys = v.split(',').map((k) => k.trim());
        const bad = keys.filter((k) => !MEASURES.some((m) => m.key === k));
        if (bad.length) ctx.addIssue({ code: 'custom', message: `không có chỉ tiêu ${bad.join(', ')}` });
        return keys as MeasureKey[];
      }),
  })
  .strict();

const AxisItem = z.object({ key: z.string(), label: z.string() });
export const FiguresSchema = z.object({
  unitId: z.string(),
  asOf: z.string(),
  from: z.string(),
  to: z.string(),
  campaignId: z.string().nullable(),
  groupBy: z.array(z.enum(DIMENSIONS)),
  unitGrouping: z.enum(['as_of_period', 'as_of_today']),
  cutoffDay: z.number(),
  totals: TotalsSchema,
  groups: z.array(
    z.object({
      key: z.string(),
      form: z.string().optional(),
      unitId: z.string().optional(),
      month: z.string().optional(),
      topicId: z.string().optional(),
      label: z.string(),
      values: TotalsSchema,
    }),
  ),
  axes: z.object({ form: z.array(AxisItem).optional(), unit: z.array(AxisItem).optional(), month: z.array(AxisItem).optional(), topic: z.array(AxisItem).optional() }),
  sources: z.object({
    strategy: z.enum(['all_minus_outside', 'units', 'unit_tables']),
    statsMonths: z.array(z.string()),
    rawRanges: z.array(z.object({ from: z.string(), to: z.string() })),
  }),
});

export const ImportQuery = z
  .object({
    campaignId: id.optional().describe('Chương trình mặc định cho các dòng không ghi mã chương trình'),
    submit: boolQuery.optional().describe('Gửi duyệt ngay các hoạt động nhập (mặc định: có)'),
    dryRun: boolQuery.optional(),
  })
  .strict();

export const ImportResultSchema = z.object({
  created: z.number(),
  submitted: z.boolean(),
  ids: z.array(z.string()),
  errors: z.array(z.object({ row: z.number(), field: z.string(), message: z.string() })),
});
