import { z } from 'zod';
import { boolQuery, isoDate, pageQuery } from '../../platform/validation.js';

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));
const id = z.string().min(1).max(64);
const code = text(50)
  .min(1)
  .regex(/^[A-Za-z0-9_.-]+$/, { message: 'chỉ gồm chữ không dấu, số, dấu gạch dưới, gạch ngang, dấu chấm' });

export const IdParams = z.object({ id });

// ---- Campaigns ----

export const IndicatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  metric: z.string(),
  targetValue: z.number(),
  unitLabel: z.string().nullable(),
});

export const CampaignSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  status: z.enum(['active', 'closed']),
  indicators: z.array(IndicatorSchema),
  version: z.number(),
  /** The actor may edit the campaign, its indicators and its topic tree. */
  canEdit: z.boolean(),
});
export type CampaignDto = z.infer<typeof CampaignSchema>;

export const CampaignListSchema = z.object({ items: z.array(CampaignSchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const ListCampaignsQuery = z
  .object({
    unitId: id.optional(),
    status: z.enum(['active', 'closed']).optional(),
    search: z.string().max(200).optional(),
    ...pageQuery,
  })
  .strict();

const IndicatorInput = z
  .object({
    id: id.optional(),
    name: text(300).min(1),
    metric: text(64)
      .min(1)
      .regex(/^[a-z0-9_]+$/, { message: 'chỉ gồm chữ thường không dấu, số và dấu gạch dưới (ví dụ plans_issued_pct, custom)' }),
    targetValue: z.number().min(0).max(1e12),
    unitLabel: optText(50),
  })
  .strict();

export const NewCampaignBody = z
  .object({
    unitId: id.optional(),
    code,
    name: text(500).min(1),
    description: optText(5000),
    periodStart: isoDate.nullish(),
    periodEnd: isoDate.nullish(),
    status: z.enum(['active', 'closed']).default('active'),
    indicators: z.array(IndicatorInput).max(100).default([]),
  })
  .strict();
export type NewCampaignInput = z.infer<typeof NewCampaignBody>;

export const UpdateCampaignBody = z
  .object({
    version: z.number().int().min(1),
    code: code.optional(),
    name: text(500).min(1).optional(),
    description: optText(5000).optional(),
    periodStart: isoDate.nullish(),
    periodEnd: isoDate.nullish(),
    status: z.enum(['active', 'closed']).optional(),
    indicators: z.array(IndicatorInput).max(100).optional(),
  })
  .strict();
export type UpdateCampaignInput = z.infer<typeof UpdateCampaignBody>;

// ---- Topics ----

export const TopicSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  sort: z.number(),
  archived: z.boolean(),
});
export type TopicDto = z.infer<typeof TopicSchema>;

export type TopicNodeDto = TopicDto & { children: TopicNodeDto[] };
export const TopicNodeSchema: z.ZodType<TopicNodeDto> = TopicSchema.extend({
  get children() {
    return z.array(TopicNodeSchema);
  },
});
// Recursive: registered so the OpenAPI document references it instead of inlining forever.
z.globalRegistry.add(TopicNodeSchema, { id: 'TopicNode' });

export const TopicsQuery = z.object({ includeArchived: boolQuery.optional() }).strict();

export const NewTopicBody = z
  .object({
    parentId: id.nullish(),
    code: code.optional(),
    title: text(500).min(1),
    body: optText(20000),
    sort: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type NewTopicInput = z.infer<typeof NewTopicBody>;

export const UpdateTopicBody = z
  .object({
    parentId: id.nullish(),
    code: code.optional(),
    title: text(500).min(1).optional(),
    body: optText(20000).optional(),
    sort: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type UpdateTopicInput = z.infer<typeof UpdateTopicBody>;

export const ArchiveTopicBody = z.object({ archived: z.boolean().default(true) }).strict();

// ---- Forms ----

export const FormSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  counts: z.array(z.string()),
  sort: z.number(),
  archived: z.boolean(),
});
export type FormDto = z.infer<typeof FormSchema>;

export const FormsQuery = z.object({ includeArchived: boolQuery.optional() }).strict();

const CountsInput = z.array(text(100).min(1)).max(20);

export const NewFormBody = z
  .object({ code, name: text(300).min(1), counts: CountsInput.default([]), sort: z.number().int().min(0).max(1_000_000).optional() })
  .strict();
export type NewFormInput = z.infer<typeof NewFormBody>;

export const UpdateFormBody = z
  .object({
    name: text(300).min(1).optional(),
    counts: CountsInput.optional(),
    sort: z.number().int().min(0).max(1_000_000).optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type UpdateFormInput = z.infer<typeof UpdateFormBody>;
