import { z } from 'zod';
import { RichDocSchema } from '../../platform/richtext-schema.js';
import { boolQuery, isoDate, pageQuery } from '../../platform/validation.js';

export const REPORT_PERIOD_KINDS = ['month', 'quarter', 'half', 'year', 'custom'] as const;
export const REPORT_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const COMPILE_MODES = ['activities', 'with_subunit_reports'] as const;
export type CompileMode = (typeof COMPILE_MODES)[number];
export const SECTION_KEYS = ['I', 'II', 'III', 'IV', 'V'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export const TARGET_STATUSES = ['not_started', 'draft', 'submitted', 'accepted', 'returned'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);
const id = z.string().min(1).max(64);

export const IdParams = z.object({ id });

// ---- output ----

const Totals = z.record(z.string(), z.number());
const FigureRow = z.object({ key: z.string(), label: z.string(), values: Totals, kind: z.string().optional() });
export const ReportFiguresSchema = z.object({
  frozenAt: z.string().nullable(),
  filter: z.object({
    unitId: z.string(),
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
    campaignId: z.string().nullable(),
    cutoffDay: z.number(),
    unitGrouping: z.literal('as_of_period'),
  }),
  totals: Totals,
  byForm: z.array(FigureRow),
  byUnit: z.array(FigureRow),
  byMonth: z.array(FigureRow),
  measures: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), group: z.string() })),
});

const Can = z.object({ edit: z.boolean(), submit: z.boolean(), delete: z.boolean(), accept: z.boolean(), return: z.boolean(), export: z.boolean() });

export const ReportSummarySchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  requestId: z.string().nullable(),
  periodKind: z.enum(REPORT_PERIOD_KINDS),
  periodYear: z.number(),
  periodIndex: z.number(),
  periodFrom: z.string(),
  periodTo: z.string(),
  cutoffDay: z.number(),
  periodLabel: z.string(),
  title: z.string(),
  subject: z.string(),
  numberText: z.string().nullable(),
  docDate: z.string().nullable(),
  place: z.string(),
  status: z.enum(REPORT_STATUSES),
  statusLabel: z.string(),
  deadline: z.string().nullable(),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
  reviewedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  returnComment: z.string().nullable(),
  compileMode: z.enum(COMPILE_MODES),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  can: Can,
});

export const HeaderSchema = z.object({ parentBody: z.string(), bodyName: z.string(), issuer: z.string() });
export const SignerSchema = z.object({ mode: z.enum(['TM', 'KT', '']), authority: z.string(), position: z.string(), name: z.string() });
export const ReportSectionSchema = z.object({ key: z.enum(SECTION_KEYS), heading: z.string(), content: RichDocSchema });

export const ReportDetailSchema = ReportSummarySchema.extend({
  header: HeaderSchema,
  symbol: z.string(),
  sections: z.array(ReportSectionSchema),
  recipients: z.array(z.string()),
  archiveLine: z.string(),
  signer: SignerSchema,
  figures: ReportFiguresSchema,
  subunitReports: z.array(
    z.object({ id: z.string(), unitId: z.string(), unitName: z.string(), status: z.enum(REPORT_STATUSES), numberText: z.string().nullable(), submittedAt: z.string().nullable(), late: z.boolean() }),
  ),
  history: z.array(z.object({ kind: z.string(), comment: z.string().nullable(), userName: z.string().nullable(), at: z.string() })),
});

export const ReportListSchema = z.object({ items: z.array(ReportSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const RequestTargetSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  reportId: z.string().nullable(),
  status: z.enum(TARGET_STATUSES),
  statusLabel: z.string(),
  numberText: z.string().nullable(),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
});

export const ReportRequestSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  periodKind: z.enum(REPORT_PERIOD_KINDS),
  periodYear: z.number(),
  periodIndex: z.number(),
  periodFrom: z.string(),
  periodTo: z.string(),
  cutoffDay: z.number(),
  periodLabel: z.string(),
  title: z.string(),
  deadline: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  targets: z.array(RequestTargetSchema),
  counts: z.object({ total: z.number(), submitted: z.number(), onTime: z.number(), late: z.number(), accepted: z.number(), notStarted: z.number() }),
});
export type ReportRequestDto = z.infer<typeof ReportRequestSchema>;

export const RequestListSchema = z.object({ items: z.array(ReportRequestSchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const PeriodPreviewSchema = z.object({ from: z.string(), to: z.string(), label: z.string() });

// ---- input ----

const PeriodInput = {
  periodKind: z.enum(REPORT_PERIOD_KINDS),
  year: z.number().int().min(1900).max(2200),
  index: z.number().int().min(1).max(12).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cutoffDay: z.number().int().min(1).max(28).optional(),
};

export const CreateReportBody = z
  .object({
    unitId: id.optional(),
    campaignId: id.nullish(),
    ...PeriodInput,
    // Taken from the request when `requestId` is given.
    periodKind: PeriodInput.periodKind.optional(),
    year: PeriodInput.year.optional(),
    requestId: id.optional(),
    compileMode: z.enum(COMPILE_MODES).optional(),
  })
  .strict();
export type CreateReportInput = z.infer<typeof CreateReportBody>;

const SignerInput = z.object({ mode: z.enum(['TM', 'KT', '']), authority: text(200), position: text(200), name: text(200) }).strict();
const HeaderInput = z.object({ parentBody: text(200), bodyName: text(200), issuer: text(200) }).strict();
const SectionInput = z.object({ key: z.enum(SECTION_KEYS), heading: text(500), content: RichDocSchema }).strict();

export const UpdateReportBody = z
  .object({
    version: z.number().int().min(1),
    subject: text(2000).min(1).optional(),
    header: HeaderInput.optional(),
    sections: z.array(SectionInput).min(1).max(5).optional(),
    recipients: z.array(text(500).min(1)).max(200).optional(),
    archiveLine: text(300).optional(),
    signer: SignerInput.optional(),
    place: text(100).optional(),
    docDate: isoDate.nullish(),
    compileMode: z.enum(COMPILE_MODES).optional(),
  })
  .strict();
export type UpdateReportInput = z.infer<typeof UpdateReportBody>;

export const RefreshBody = z.object({ version: z.number().int().min(1), sections: z.boolean().optional() }).strict();
export const VersionBody = z.object({ version: z.number().int().min(1) }).strict();
export const AcceptBody = z.object({ comment: text(2000).optional() }).strict().nullish();
export const ReturnBody = z.object({ comment: text(2000).min(1) }).strict();

export const ListReportsQuery = z
  .object({
    unitId: id.optional(),
    includeSubunits: boolQuery.optional(),
    status: z.enum(REPORT_STATUSES).optional(),
    year: z.coerce.number().int().min(1900).max(2200).optional(),
    periodKind: z.enum(REPORT_PERIOD_KINDS).optional(),
    requestId: id.optional(),
    reviewable: boolQuery.optional(),
    ...pageQuery,
  })
  .strict();
export type ListReportsInput = z.infer<typeof ListReportsQuery>;

export const ExportQuery = z.object({ format: z.enum(['docx', 'xlsx', 'pdf']).default('docx') }).strict();

export const PeriodQuery = z
  .object({
    kind: z.enum(REPORT_PERIOD_KINDS),
    year: z.coerce.number().int().min(1900).max(2200),
    index: z.coerce.number().int().min(1).max(12).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    cutoffDay: z.coerce.number().int().min(1).max(28).optional(),
  })
  .strict();

export const CreateRequestBody = z
  .object({
    unitId: id.optional(),
    campaignId: id.nullish(),
    ...PeriodInput,
    deadline: isoDate,
    targetUnitIds: z.array(id).min(1).max(5000).optional(),
    note: text(2000).optional(),
  })
  .strict();
export type CreateRequestInput = z.infer<typeof CreateRequestBody>;

export const ListRequestsQuery = z
  .object({
    unitId: id.optional(),
    role: z.enum(['sent', 'received']).default('sent'),
    ...pageQuery,
  })
  .strict();
export type ListRequestsInput = z.infer<typeof ListRequestsQuery>;
