import { z } from 'zod';
import { isoDate, pageQuery } from '../../platform/validation.js';
import { ImageSchema } from '../news/news.schemas.js';
import { MODEL_FIELD_KEYS, MODEL_KINDS, MODEL_STATUSES } from './models.catalogue.js';

const id = z.string().min(1).max(64);
const text = (label: string, max: number) =>
  z
    .string({ error: `«${label}» phải là chuỗi ký tự` })
    .trim()
    .max(max, { message: `«${label}» dài quá ${max} ký tự` });
const required = (label: string, max: number) => text(label, max).min(1, { message: `«${label}» không được để trống` });
const nullable = (label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => (v ? v : null));

export const CommendationSchema = z.object({
  form: required('Hình thức khen thưởng', 300),
  docNumber: required('Số quyết định', 60),
  docDate: isoDate,
});

const fields = {
  kind: z.enum(MODEL_KINDS, { error: '«Loại» phải là model (mô hình) hoặc person (gương điển hình)' }),
  field: z.enum(MODEL_FIELD_KEYS, { error: '«Lĩnh vực» không có trong danh mục' }),
  name: required('Tên mô hình / họ tên', 300),
  place: required('Địa bàn', 300),
  summary: text('Tóm tắt', 600),
  description: text('Mô tả', 20000),
  achievements: z.array(required('Thành tích', 500)).max(30, { message: 'Tối đa 30 thành tích' }),
  year: z.number({ error: '«Năm» phải là số' }).int().min(2000, { message: '«Năm» không được trước 2000' }).max(2100, { message: '«Năm» không hợp lệ' }),
  storyIds: z.array(id).max(20, { message: 'Tối đa 20 tin bài liên quan' }),
  commendation: CommendationSchema.nullable(),
};

export const CreateModelBody = z.object({
  unitId: id.optional(),
  kind: fields.kind,
  field: fields.field,
  name: fields.name,
  place: fields.place,
  summary: fields.summary.optional(),
  description: fields.description.optional(),
  achievements: fields.achievements.optional(),
  year: fields.year,
  storyIds: fields.storyIds.optional(),
  commendation: fields.commendation.optional(),
});
export type CreateModelInput = z.infer<typeof CreateModelBody>;

export const UpdateModelBody = z.object({
  version: z.number().int().min(1),
  kind: fields.kind.optional(),
  field: fields.field.optional(),
  name: fields.name.optional(),
  place: fields.place.optional(),
  summary: fields.summary.optional(),
  description: fields.description.optional(),
  achievements: fields.achievements.optional(),
  year: fields.year.optional(),
  storyIds: fields.storyIds.optional(),
  commendation: fields.commendation.optional(),
});
export type UpdateModelInput = z.infer<typeof UpdateModelBody>;

export const IdParams = z.object({ id });
export const PhotoParams = z.object({ id, imageId: id });
export const CommentBody = z.object({ comment: required('Ý kiến', 2000) });
export const AcceptBody = z.object({
  comment: nullable('Ý kiến', 2000).optional(),
  isPublic: z.boolean().default(true),
  commendation: CommendationSchema.nullish(),
});
export const PublicBody = z.object({ isPublic: z.boolean() });

export const ListModelsQuery = z.object({
  unitId: id.optional(),
  status: z.enum(MODEL_STATUSES).optional(),
  kind: z.enum(MODEL_KINDS).optional(),
  field: z.enum(MODEL_FIELD_KEYS).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  search: z.string().max(200).optional(),
  reviewable: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type ListModelsInput = z.infer<typeof ListModelsQuery>;

export const PublicModelsQuery = z.object({
  kind: z.enum(MODEL_KINDS).optional(),
  field: z.enum(MODEL_FIELD_KEYS).optional(),
  unitId: id.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: pageQuery.page,
  pageSize: z.coerce.number().int().min(1).max(50).default(12),
});
export type PublicModelsInput = z.infer<typeof PublicModelsQuery>;

export const ModelSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  kind: z.enum(MODEL_KINDS),
  kindLabel: z.string(),
  field: z.string(),
  fieldLabel: z.string(),
  name: z.string(),
  slug: z.string(),
  place: z.string(),
  summary: z.string(),
  description: z.string(),
  achievements: z.array(z.string()),
  year: z.number(),
  status: z.enum(MODEL_STATUSES),
  statusLabel: z.string(),
  isPublic: z.boolean(),
  commendation: z.object({ form: z.string(), docNumber: z.string(), docDate: z.string() }).nullable(),
  reviewComment: z.string().nullable(),
  reviewerUnitId: z.string().nullable(),
  reviewerUnitName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  photos: z.array(ImageSchema),
  stories: z.array(z.object({ id: z.string(), title: z.string(), publicUrl: z.string().nullable() })),
  publicUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), review: z.boolean(), setPublic: z.boolean(), commend: z.boolean(), delete: z.boolean() }),
});
export type ModelDto = z.infer<typeof ModelSchema>;

export const ModelSummarySchema = ModelSchema.pick({
  id: true,
  unitId: true,
  unitName: true,
  kind: true,
  kindLabel: true,
  field: true,
  fieldLabel: true,
  name: true,
  slug: true,
  place: true,
  summary: true,
  year: true,
  status: true,
  statusLabel: true,
  isPublic: true,
  publicUrl: true,
  submittedAt: true,
  updatedAt: true,
}).extend({ photo: ImageSchema.nullable() });
export type ModelSummaryDto = z.infer<typeof ModelSummarySchema>;

export const ModelListSchema = z.object({ items: z.array(ModelSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const ModelEventSchema = z.object({ id: z.string(), kind: z.string(), label: z.string(), comment: z.string().nullable(), userName: z.string().nullable(), actingUnitName: z.string().nullable(), at: z.string() });

export const CatalogueSchema = z.object({
  kinds: z.array(z.object({ key: z.string(), label: z.string() })),
  fields: z.array(z.object({ key: z.string(), label: z.string() })),
  statuses: z.array(z.object({ key: z.string(), label: z.string() })),
});
