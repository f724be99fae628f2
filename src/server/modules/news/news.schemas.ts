import { z } from 'zod';
import { type ArticleDoc, isAllowedVideoUrl } from '../../../shared/richtext.js';
import { BlockSchema } from '../../platform/richtext-schema.js';
import { isoDate, pageQuery } from '../../platform/validation.js';
import { SLUG_RE } from './news.slug.js';

export const ARTICLE_STATUSES = ['draft', 'submitted', 'approved', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Nháp',
  submitted: 'Chờ duyệt',
  approved: 'Đã duyệt',
  scheduled: 'Hẹn giờ đăng',
  published: 'Đã đăng',
  unpublished: 'Đã gỡ',
};

const id = z.string().min(1).max(64);
const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

// ---- the article body: the rich text subset plus images, quotes, video links and tables ----

const BLOCK_TYPES = 'đoạn văn, tiêu đề, danh sách, trích dẫn, ảnh, liên kết video, bảng';

const ImageNodeSchema = z
  .object({
    type: z.literal('image'),
    attrs: z.object({ imageId: id, alt: nullableText(500).optional(), caption: nullableText(1000).optional() }).strict(),
  })
  .strict();
const BlockquoteSchema = z.object({ type: z.literal('blockquote'), content: z.array(BlockSchema).max(50) }).strict();
const VideoSchema = z
  .object({
    type: z.literal('video'),
    attrs: z
      .object({
        url: z.string().trim().max(500).refine(isAllowedVideoUrl, { message: 'chỉ nhận liên kết video https từ YouTube, Facebook, Vimeo hoặc TikTok' }),
        title: nullableText(300).optional(),
      })
      .strict(),
  })
  .strict();
const CellSchema = z.object({ type: z.enum(['tableCell', 'tableHeader']), attrs: z.record(z.string(), z.unknown()).optional(), content: z.array(BlockSchema).max(20) }).strict();
const RowSchema = z.object({ type: z.literal('tableRow'), content: z.array(CellSchema).min(1).max(20) }).strict();
const TableSchema = z.object({ type: z.literal('table'), content: z.array(RowSchema).min(1).max(200) }).strict();

const ArticleBlockSchema = z.union([BlockSchema, ImageNodeSchema, BlockquoteSchema, VideoSchema, TableSchema], {
  error: `khối nội dung không hợp lệ hoặc không được hỗ trợ (chỉ nhận: ${BLOCK_TYPES})`,
});

/** TipTap JSON of an article body; unknown nodes, marks and attributes are refused or dropped (see news.content.ts). */
export const ArticleDocSchema = z
  .object({ type: z.literal('doc'), content: z.array(ArticleBlockSchema).max(2000) })
  .strict()
  .refine((d) => JSON.stringify(d).length <= 800_000, { message: 'nội dung quá dài (tối đa 800 KB)' }) as unknown as z.ZodType<ArticleDoc>;

// ---- input ----

const fields = {
  title: z.string().trim().min(1).max(300),
  slug: z.string().trim().max(120).regex(SLUG_RE, { message: 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: ngay-hoi-dai-doan-ket)' }),
  sapo: z.string().trim().max(1000),
  body: ArticleDocSchema,
  categoryId: id,
  tags: z.array(z.string().trim().min(1).max(60)).max(15),
  topicIds: z.array(id).max(30),
  coverImageId: id.nullable(),
  coverCaption: nullableText(500),
  byline: nullableText(200),
  featured: z.boolean(),
  campaignId: id.nullable(),
};

export const CreateArticleBody = z
  .object({
    unitId: id.optional(),
    title: fields.title,
    slug: fields.slug.optional(),
    sapo: fields.sapo.default(''),
    body: fields.body.optional(),
    categoryId: fields.categoryId,
    tags: fields.tags.default([]),
    topicIds: fields.topicIds.default([]),
    coverImageId: fields.coverImageId.optional(),
    coverCaption: fields.coverCaption.optional(),
    byline: fields.byline.optional(),
    featured: fields.featured.default(false),
    campaignId: fields.campaignId.optional(),
  })
  .strict();
export type CreateArticleInput = z.infer<typeof CreateArticleBody>;

export const UpdateArticleBody = z
  .object({
    version: z.number().int().min(1),
    title: fields.title.optional(),
    slug: fields.slug.optional(),
    sapo: fields.sapo.optional(),
    body: fields.body.optional(),
    categoryId: fields.categoryId.optional(),
    tags: fields.tags.optional(),
    topicIds: fields.topicIds.optional(),
    coverImageId: fields.coverImageId.optional(),
    coverCaption: fields.coverCaption.optional(),
    byline: fields.byline.optional(),
    featured: fields.featured.optional(),
    campaignId: fields.campaignId.optional(),
  })
  .strict();
export type UpdateArticleInput = z.infer<typeof UpdateArticleBody>;

export const VersionBody = z.object({ version: z.number().int().min(1).optional() }).strict();
export const CommentBody = z.object({ body: z.string().trim().min(1).max(4000) }).strict();
export const ReturnBody = z.object({ comment: z.string().trim().min(1).max(4000) }).strict();
export const ApproveBody = z.object({ comment: z.string().trim().max(4000).optional() }).strict();
export const UnpublishBody = z.object({ reason: z.string().trim().max(1000).optional() }).strict();
export const ScheduleBody = z
  .object({
    at: z.iso.datetime({ offset: true, message: 'thời điểm không hợp lệ (cần dạng 2026-12-01T08:00:00+07:00)' }),
  })
  .strict();

export const IdParams = z.object({ id });
export const RevisionParams = z.object({ id, rev: z.coerce.number().int().min(1) });
export const DiffQuery = z.object({ against: z.coerce.number().int().min(1).optional() });

export const ListArticlesQuery = z.object({
  status: z.enum(ARTICLE_STATUSES).optional(),
  unitId: id.optional(),
  categoryId: id.optional(),
  search: z.string().trim().max(200).optional(),
  mine: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type ListArticlesInput = z.infer<typeof ListArticlesQuery>;

export const SearchQuerySchema = z.object({
  q: z.string().max(500).default(''),
  kind: z.enum(['article', 'model', 'material', 'plan']).optional(),
  category: z.string().max(120).optional(),
  unitId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

// ---- output ----

export const ImageSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  alt: z.string(),
  caption: z.string().nullable(),
  width: z.number(),
  height: z.number(),
  /** Public URLs: WebP at 400/800/1200 px wide and a 1200 px JPEG for link previews. */
  urls: z.object({ w400: z.string(), w800: z.string(), w1200: z.string(), jpeg: z.string() }),
  /** Workspace preview (signed-in, any status). */
  previewUrl: z.string(),
});
export type ImageDto = z.infer<typeof ImageSchema>;

export const ArticleCanSchema = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  approve: z.boolean(),
  returnToDraft: z.boolean(),
  publish: z.boolean(),
  schedule: z.boolean(),
  unschedule: z.boolean(),
  unpublish: z.boolean(),
  delete: z.boolean(),
  comment: z.boolean(),
});
export type ArticleCan = z.infer<typeof ArticleCanSchema>;

export const ArticleSummarySchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  slug: z.string(),
  title: z.string(),
  sapo: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  statusLabel: z.string(),
  featured: z.boolean(),
  coverImageId: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  updatedAt: z.string(),
  scheduledAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publicUrl: z.string().nullable(),
  version: z.number(),
});

export const ArticleSchema = ArticleSummarySchema.extend({
  campaignId: z.string().nullable(),
  body: z.any(),
  coverImage: ImageSchema.nullable(),
  coverCaption: z.string().nullable(),
  byline: z.string().nullable(),
  tags: z.array(z.string()),
  topics: z.array(z.object({ id: z.string(), title: z.string() })),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedByName: z.string().nullable(),
  contentUpdatedAt: z.string().nullable(),
  unpublishedAt: z.string().nullable(),
  can: ArticleCanSchema,
});
export type ArticleDto = z.infer<typeof ArticleSchema>;

export const ArticleListSchema = z.object({ items: z.array(ArticleSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const CommentSchema = z.object({ id: z.string(), kind: z.string(), body: z.string(), userId: z.string().nullable(), userName: z.string().nullable(), createdAt: z.string() });

export const RevisionSummarySchema = z.object({
  revision: z.number(),
  status: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export const RevisionSchema = RevisionSummarySchema.extend({ snapshot: z.any() });

export const DiffLineSchema = z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() });
export const DiffSchema = z.object({
  from: z.number(),
  to: z.number(),
  /** Field-level changes other than the text (category, tags, cover, …). */
  fields: z.array(z.object({ field: z.string(), label: z.string(), before: z.any(), after: z.any() })),
  /** Paragraph-level changes of title, sapo and body. */
  lines: z.array(DiffLineSchema),
});

export const CategorySchema = z.object({ id: z.string(), slug: z.string(), name: z.string(), description: z.string().nullable(), sort: z.number() });

export const SearchResultSchema = z.object({
  items: z.array(
    z.object({
      kind: z.string(),
      id: z.string(),
      title: z.string(),
      titleHtml: z.string(),
      snippetHtml: z.string(),
      url: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      categoryId: z.string().nullable(),
      imageId: z.string().nullable(),
      publishedAt: z.string(),
    }),
  ),
  total: z.number(),
  totalCapped: z.boolean().optional(),
  page: z.number(),
  pageSize: z.number(),
  words: z.array(z.string()),
});
