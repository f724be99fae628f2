import { z } from 'zod';
import { RichDocSchema } from '../../platform/richtext-schema.js';
import { boolQuery, isoDate, pageQuery } from '../../platform/validation.js';

export const DOC_TYPES = ['KH', 'HD', 'TB', 'CTr', 'BC', 'QĐ', 'NQ', 'CV'] as const;
export type DocType = (typeof DOC_TYPES)[number];
/** The title printed under the header; a công văn has none (its subject is a "V/v …" line). */
export const DOC_TITLES: Record<DocType, string> = {
  KH: 'KẾ HOẠCH',
  HD: 'HƯỚNG DẪN',
  TB: 'THÔNG BÁO',
  CTr: 'CHƯƠNG TRÌNH',
  BC: 'BÁO CÁO',
  QĐ: 'QUYẾT ĐỊNH',
  NQ: 'NGHỊ QUYẾT',
  CV: '',
};
export const PLAN_STATUSES = ['draft', 'submitted', 'issued', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const TARGET_GROUPS = ['self', 'member_organisations', 'ward_committees', 'residential_committees', 'units'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const RECURRENCES = ['once', 'monthly', 'quarterly', 'ongoing'] as const;

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));
const id = z.string().min(1).max(64);
const ids = (max: number) => z.array(id).max(max);

export const IdParams = z.object({ id });

// ---- output ----

export const HeaderSchema = z.object({ parentBody: z.string(), bodyName: z.string(), issuer: z.string() });
export const SignerSchema = z.object({ mode: z.enum(['TM', 'KT', '']), authority: z.string(), position: z.string(), name: z.string() });
export const SectionSchema = z.object({ id: z.string(), heading: z.string(), content: RichDocSchema });
export const FootnoteSchema = z.object({ marker: z.string(), text: z.string().nullable() });
export const RecipientSchema = z.object({ unitId: z.string().nullable(), text: z.string() });
export const BasisSchema = z.object({
  id: z.string(),
  basedOnPlanId: z.string().nullable(),
  basedOnNumberText: z.string().nullable(),
  basedOnSubject: z.string().nullable(),
  externalNumber: z.string().nullable(),
  externalDate: z.string().nullable(),
  externalIssuer: z.string().nullable(),
  externalTitle: z.string().nullable(),
});
export const MilestoneSchema = z.object({ id: z.string(), date: z.string().nullable(), month: z.number().nullable(), day: z.number().nullable(), title: z.string() });
export const DutySchema = z.object({
  text: z.string(),
  recurrence: z.enum(RECURRENCES),
  dueDate: z.string().nullable(),
  topicIds: z.array(z.string()),
  formIds: z.array(z.string()),
});
export type Duty = z.infer<typeof DutySchema>;
export const ResponsibilitySchema = z.object({
  id: z.string(),
  heading: z.string(),
  targetGroup: z.enum(TARGET_GROUPS).nullable(),
  targetUnitIds: z.array(z.string()),
  duties: z.array(DutySchema),
});
export const AttachmentSchema = z.object({ id: z.string(), fileId: z.string(), title: z.string(), name: z.string(), size: z.number(), mime: z.string() });

export const PlanSummarySchema = z.object({
  id: z.string(),
  issuingUnitId: z.string(),
  issuingUnitName: z.string(),
  campaignId: z.string().nullable(),
  docType: z.string(),
  symbol: z.string(),
  numberText: z.string().nullable(),
  numberUnknown: z.boolean(),
  place: z.string(),
  docDate: z.string().nullable(),
  title: z.string(),
  subject: z.string(),
  status: z.enum(PLAN_STATUSES),
  effectiveStatus: z.enum([...PLAN_STATUSES, 'in_force']),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  parentPlanId: z.string().nullable(),
  isTemplate: z.boolean(),
  issuedAt: z.string().nullable(),
  /** Shown on the public site under "Văn bản" (issued plans only; PATCH /api/plans/:id/public). */
  isPublic: z.boolean(),
  updatedAt: z.string(),
  version: z.number(),
});
export type PlanSummaryDto = z.infer<typeof PlanSummarySchema>;

export const PlanSchema = PlanSummarySchema.extend({
  header: HeaderSchema,
  preamble: RichDocSchema,
  sections: z.array(SectionSchema),
  closing: RichDocSchema,
  footnotes: z.array(FootnoteSchema),
  recipients: z.array(RecipientSchema),
  archiveLine: z.string(),
  signer: SignerSchema,
  bases: z.array(BasisSchema),
  topicIds: z.array(z.string()),
  formIds: z.array(z.string()),
  milestones: z.array(MilestoneSchema),
  responsibilities: z.array(ResponsibilitySchema),
  attachments: z.array(AttachmentSchema),
  requestDeadline: z.string().nullable(),
  requestId: z.string().nullable(),
  supersedesId: z.string().nullable(),
  submittedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  /** What the signed-in person may do with this plan now (for showing buttons). */
  can: z.object({ edit: z.boolean(), submit: z.boolean(), issue: z.boolean(), returnToDraft: z.boolean(), close: z.boolean(), amend: z.boolean() }),
});
export type PlanDto = z.infer<typeof PlanSchema>;

export const PlanListSchema = z.object({ items: z.array(PlanSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });

// ---- input ----

const HeaderInput = z.object({ parentBody: text(200), bodyName: text(200), issuer: text(200) }).strict();
const SignerInput = z.object({ mode: z.enum(['TM', 'KT', '']), authority: text(200), position: text(200), name: text(200) }).strict();
const SectionInput = z.object({ id: id.optional(), heading: text(500), content: RichDocSchema }).strict();
const FootnoteInput = z.object({ marker: text(20).min(1), text: z.string().trim().max(5000).nullable() }).strict();
/** A unit (its name is the default text) or free text; empty free text is refused by the service. */
const RecipientInput = z
  .object({
    unitId: id.nullish(),
    text: z.string().trim().max(500).default(''),
  })
  .strict();
const BasisInput = z
  .object({
    basedOnPlanId: id.nullish(),
    externalNumber: optText(100),
    externalDate: isoDate.nullish(),
    externalIssuer: optText(300),
    externalTitle: optText(1000),
  })
  .strict();
const MilestoneInput = z
  .object({
    id: id.optional(),
    date: isoDate.nullish(),
    month: z.number().int().min(1).max(12).nullish(),
    day: z.number().int().min(1).max(31).nullish(),
    title: text(500).min(1),
  })
  .strict();
const DutyInput = z
  .object({
    text: text(5000).min(1),
    recurrence: z.enum(RECURRENCES).default('once'),
    dueDate: isoDate.nullish(),
    topicIds: ids(200).default([]),
    formIds: ids(100).default([]),
  })
  .strict();
const ResponsibilityInput = z
  .object({
    id: id.optional(),
    heading: text(500).min(1),
    targetGroup: z.enum(TARGET_GROUPS).nullish(),
    targetUnitIds: ids(5000).default([]),
    duties: z.array(DutyInput).max(200).default([]),
  })
  .strict();

/** Editable fields of a draft; every one optional (PATCH sends what changed). */
export const PlanFields = {
  campaignId: id.nullish(),
  parentPlanId: id.nullish(),
  docType: z.enum(DOC_TYPES).optional(),
  symbol: text(60)
    .min(1)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}.-]*$/u, { message: 'chỉ gồm chữ, số, dấu gạch ngang (ví dụ KH-MTTQ-BTT)' })
    .optional(),
  numberUnknown: z.boolean().optional(),
  place: text(100).optional(),
  docDate: isoDate.nullish(),
  title: text(200).optional(),
  subject: text(2000).optional(),
  header: HeaderInput.optional(),
  preamble: RichDocSchema.optional(),
  sections: z.array(SectionInput).max(50).optional(),
  closing: RichDocSchema.optional(),
  footnotes: z.array(FootnoteInput).max(100).optional(),
  recipients: z.array(RecipientInput).max(500).optional(),
  archiveLine: text(300).optional(),
  signer: SignerInput.optional(),
  bases: z.array(BasisInput).max(50).optional(),
  topicIds: ids(500).optional(),
  formIds: ids(100).optional(),
  milestones: z.array(MilestoneInput).max(100).optional(),
  responsibilities: z.array(ResponsibilityInput).max(50).optional(),
  periodStart: isoDate.nullish(),
  periodEnd: isoDate.nullish(),
  requestDeadline: isoDate.nullish(),
};

export const CreatePlanBody = z
  .object({
    ...PlanFields,
    issuingUnitId: id.optional(),
    /** Start an implementing plan for this implementation request (prefilled from the parent plan). */
    fromRequestId: id.optional(),
    /** Start from a template (its content is copied). */
    fromTemplateId: id.optional(),
  })
  .strict();
export type CreatePlanInput = z.infer<typeof CreatePlanBody>;

export const UpdatePlanBody = z.object({ version: z.number().int().min(1), ...PlanFields }).strict();
export type UpdatePlanInput = z.infer<typeof UpdatePlanBody>;
export type PlanFieldsInput = Omit<UpdatePlanInput, 'version'>;

export const IssueBody = z
  .object({
    docDate: isoDate.optional(),
    requestDeadline: isoDate.nullish(),
    targetUnitIds: ids(5000).optional(),
  })
  .strict();
export type IssueInput = z.infer<typeof IssueBody>;

export const ReturnBody = z.object({ comment: text(2000).optional() }).strict();
export const VersionOnlyBody = z.object({ version: z.number().int().min(1).optional() }).strict();
export const TemplateBody = z.object({ subject: text(2000).min(1).optional() }).strict();

export const ListPlansQuery = z
  .object({
    search: z.string().max(200).optional(),
    unitId: id.optional(),
    campaignId: id.optional(),
    status: z.enum([...PLAN_STATUSES, 'in_force']).optional(),
    year: z.coerce.number().int().min(1900).max(2200).optional(),
    template: boolQuery.optional(),
    ...pageQuery,
  })
  .strict();
export type ListPlansInput = z.infer<typeof ListPlansQuery>;

export const VersionParams = z.object({ id, v: z.coerce.number().int().min(1) });
export const VersionListSchema = z.array(
  z.object({ version: z.number(), status: z.string(), createdAt: z.string(), createdBy: z.string().nullable(), createdByName: z.string().nullable(), reason: z.string().nullable() }),
);
export const VersionSnapshotSchema = z.object({
  version: z.number(),
  status: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  reason: z.string().nullable(),
  /** The Plan as it was saved at this version. */
  snapshot: z.record(z.string(), z.unknown()),
});

// ---- cascade and distribution ----

export const RequestStatus = z.enum(['pending', 'drafting', 'issued']);
export const CascadeItemSchema = z.object({
  requestId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  deadline: z.string().nullable(),
  status: RequestStatus,
  implementingPlanId: z.string().nullable(),
  implementingNumberText: z.string().nullable(),
  issuedAt: z.string().nullable(),
  onTime: z.boolean().nullable(),
  late: z.boolean(),
});
export const CascadeSchema = z.object({
  items: z.array(CascadeItemSchema),
  counts: z.object({ total: z.number(), pending: z.number(), drafting: z.number(), issued: z.number(), onTime: z.number(), late: z.number() }),
});

export const RequestsQuery = z.object({ unitId: id.optional(), planId: id.optional(), status: RequestStatus.optional(), ...pageQuery }).strict();
export const RequestItemSchema = CascadeItemSchema.extend({
  planId: z.string(),
  planNumberText: z.string().nullable(),
  planSubject: z.string(),
  planDocDate: z.string().nullable(),
  issuingUnitId: z.string(),
  issuingUnitName: z.string(),
  createdAt: z.string(),
});
export const RequestListSchema = z.object({ items: z.array(RequestItemSchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const InboxQuery = z.object({ unitId: id.optional(), planId: id.optional(), unread: boolQuery.optional(), ...pageQuery }).strict();
export const InboxItemSchema = z.object({
  deliveryId: z.string(),
  planId: z.string(),
  numberText: z.string().nullable(),
  docType: z.string(),
  subject: z.string(),
  docDate: z.string().nullable(),
  issuingUnitId: z.string(),
  issuingUnitName: z.string(),
  recipientUnitId: z.string(),
  deliveredAt: z.string(),
  openedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
});
export const InboxSchema = z.object({ items: z.array(InboxItemSchema), total: z.number(), unopened: z.number(), page: z.number(), pageSize: z.number() });

export const DeliverySchema = z.object({
  deliveryId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  deliveredAt: z.string(),
  firstOpenedAt: z.string().nullable(),
  firstOpenedBy: z.string().nullable(),
  firstOpenedByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedByName: z.string().nullable(),
});

export const ExportQuery = z.object({ format: z.enum(['docx', 'pdf']).default('docx') }).strict();
export const AttachmentParams = z.object({ id, attachmentId: id });

export const PublicFlagBody = z.object({ isPublic: z.boolean() });
