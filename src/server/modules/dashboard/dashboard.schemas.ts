import { z } from 'zod';
import { isoDate } from '../../platform/validation.js';
import { TotalsSchema } from '../activities/activities.schemas.js';

const id = z.string().trim().min(1).max(64);

/** The filter every dashboard endpoint takes (docs/api-dashboard.md, "Common query"). */
export const DashboardQuery = z
  .object({
    unitId: id.optional().describe('Mặc định: đơn vị đang làm việc'),
    campaignId: id.optional().describe('Mặc định: chương trình đang thực hiện mới nhất của đơn vị hoặc cấp trên trong kỳ; `all` = mọi chương trình'),
    period: z.enum(['month', 'quarter', 'half', 'year']).optional().describe('Kỳ báo cáo (cùng year, index, cutoffDay); mặc định quý hiện tại'),
    year: z.coerce.number().int().min(1900).max(2200).optional(),
    index: z.coerce.number().int().min(1).max(12).optional().describe('Tháng 1–12, quý 1–4, 6 tháng 1–2; bỏ trống với năm'),
    cutoffDay: z.coerce.number().int().min(1).max(28).optional().describe('Ngày chốt số liệu (mặc định theo cấu hình REPORT_CUTOFF_DAY)'),
    from: isoDate.optional().describe('Kỳ tùy chọn: từ ngày (cùng to, không dùng với period)'),
    to: isoDate.optional().describe('Kỳ tùy chọn: đến ngày'),
    unitGrouping: z.enum(['as_of_today', 'as_of_period']).default('as_of_today'),
    asOf: isoDate.optional().describe('Cây đơn vị tại ngày (mặc định hôm nay, hoặc ngày cuối của đơn vị đã giải thể)'),
  })
  .strict();
export type DashboardQueryInput = z.infer<typeof DashboardQuery>;

export const FilterSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  cutoffDay: z.number(),
  unitGrouping: z.enum(['as_of_today', 'as_of_period']),
  periodLabel: z.string(),
  activitiesUrl: z.string().describe('Danh sách hoạt động với cùng bộ lọc (thêm form, topicId, unitId để xem chi tiết một con số)'),
});

const Count = z.object({ key: z.string(), label: z.string(), activities: z.number(), attendance: z.number() });

export const SummarySchema = z.object({
  filter: FilterSchema,
  totals: TotalsSchema,
  headline: z.array(z.object({ key: z.string(), label: z.string(), value: z.number(), unit: z.string() })),
  byForm: z.array(Count),
  byMonth: z.array(Count),
  byTopic: z.array(z.object({ key: z.string(), code: z.string(), label: z.string(), parentId: z.string().nullable(), activities: z.number() })),
  indicators: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      metric: z.string(),
      unitLabel: z.string().nullable(),
      target: z.number(),
      actual: z.number().nullable(),
      percent: z.number().nullable(),
      note: z.string().nullable(),
    }),
  ),
  pending: z.object({ submitted: z.number(), returned: z.number(), drafts: z.number() }),
});

export const UnitsSchema = z.object({
  filter: FilterSchema,
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      kind: z.enum(['child', 'self']),
      active: z.boolean(),
      activities: z.number(),
      attendance: z.number(),
      sessions: z.number(),
      radioMinutes: z.number(),
      digitalHelped: z.number(),
      submitted: z.number(),
      lastActivityDate: z.string().nullable(),
    }),
  ),
  notReported: z.array(z.object({ unitId: z.string(), name: z.string() })),
  /**
   * Recognised good models and exemplary people (accepted, to date — not limited to the period) by
   * the units below as of today (a former ward's count goes to its successor) and the unit itself.
   */
  recognised: z.object({
    model: z.number(),
    person: z.number(),
    total: z.number(),
    published: z.number(),
    rows: z.array(z.object({ unitId: z.string(), label: z.string(), kind: z.enum(['child', 'self']), model: z.number(), person: z.number(), total: z.number(), published: z.number() })),
  }),
});

export const CoverageSchema = z.object({
  filter: FilterSchema,
  topics: z.array(z.object({ key: z.string(), code: z.string(), label: z.string() })),
  units: z.array(z.object({ key: z.string(), label: z.string() })),
  cells: z.array(z.array(z.number())),
  uncovered: z.number(),
});

export const FollowUpSchema = z.object({
  filter: FilterSchema,
  overdueTasks: z.object({
    total: z.number(),
    items: z.array(z.object({ taskId: z.string(), title: z.string(), unitId: z.string(), unitName: z.string(), dueDate: z.string(), daysLate: z.number() })),
  }),
  plansNotIssued: z.object({
    total: z.number(),
    late: z.number(),
    items: z.array(
      z.object({
        requestId: z.string(),
        planId: z.string(),
        planTitle: z.string(),
        planNumberText: z.string().nullable(),
        unitId: z.string(),
        unitName: z.string(),
        deadline: z.string().nullable(),
        status: z.enum(['pending', 'drafting']),
        implementingPlanId: z.string().nullable(),
        late: z.boolean(),
      }),
    ),
  }),
  reportsDue: z.object({
    total: z.number(),
    late: z.number(),
    items: z.array(
      z.object({
        requestId: z.string(),
        reportId: z.string().nullable(),
        unitId: z.string(),
        unitName: z.string(),
        title: z.string(),
        deadline: z.string().nullable(),
        status: z.string(),
        late: z.boolean(),
      }),
    ),
  }),
});

export type Summary = z.infer<typeof SummarySchema>;
export type UnitsView = z.infer<typeof UnitsSchema>;
export type Coverage = z.infer<typeof CoverageSchema>;
export type FollowUp = z.infer<typeof FollowUpSchema>;
export type Filter = z.infer<typeof FilterSchema>;
