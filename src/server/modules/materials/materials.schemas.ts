import { z } from 'zod';
import { pageQuery } from '../../platform/validation.js';
import { MATERIAL_KINDS, VISIBILITIES } from './materials.catalogue.js';

const id = z.string().min(1).max(64);
const text = (label: string, max: number) =>
  z
    .string({ error: `«${label}» phải là chuỗi ký tự` })
    .trim()
    .max(max, { message: `«${label}» dài quá ${max} ký tự` });

/** Topic ids as a JSON array or comma-separated (multipart fields are strings). */
const topicIds = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const t = v.trim();
    if (!t) return [];
    if (t.startsWith('[')) {
      try {
        return JSON.parse(t);
      } catch {
        return v;
      }
    }
    return t.split(',').map((x) => x.trim()).filter(Boolean);
  },
  z.array(id, { error: '«Chủ đề» phải là danh sách mã chủ đề' }).max(30, { message: 'Tối đa 30 chủ đề' }),
);

export const MaterialFields = z.object({
  unitId: id.optional(),
  title: text('Tên tài liệu', 300).min(1, { message: '«Tên tài liệu» không được để trống' }),
  kind: z.enum(MATERIAL_KINDS, { error: '«Loại tài liệu» phải là một trong: document, infographic, slides, leaflet, qa, audio' }),
  description: text('Mô tả', 5000).default(''),
  visibility: z.enum(VISIBILITIES, { error: '«Phạm vi» phải là public (công khai) hoặc internal (nội bộ)' }).default('internal'),
  topicIds: topicIds.default([]),
  campaignId: z.preprocess((v) => (v === '' ? null : v), id.nullish()),
  note: text('Ghi chú phiên bản', 500).optional(),
});
export type MaterialFieldsInput = z.infer<typeof MaterialFields>;

export const UpdateMaterialBody = z.object({
  title: text('Tên tài liệu', 300).min(1, { message: '«Tên tài liệu» không được để trống' }).optional(),
  kind: z.enum(MATERIAL_KINDS).optional(),
  description: text('Mô tả', 5000).optional(),
  visibility: z.enum(VISIBILITIES).optional(),
  topicIds: z.array(id).max(30).optional(),
  campaignId: id.nullable().optional(),
});
export type UpdateMaterialInput = z.infer<typeof UpdateMaterialBody>;

export const IdParams = z.object({ id });
export const DownloadQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

export const ListMaterialsQuery = z.object({
  unitId: id.optional(),
  kind: z.enum(MATERIAL_KINDS).optional(),
  topicId: id.optional(),
  visibility: z.enum(VISIBILITIES).optional(),
  search: z.string().max(200).optional(),
  ...pageQuery,
});
export type ListMaterialsInput = z.infer<typeof ListMaterialsQuery>;

export const PublicMaterialsQuery = z.object({
  kind: z.enum(MATERIAL_KINDS).optional(),
  topicId: id.optional(),
  page: pageQuery.page,
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type PublicMaterialsInput = z.infer<typeof PublicMaterialsQuery>;

const FileInfo = z.object({ name: z.string(), size: z.number(), mime: z.string(), typeLabel: z.string() });

export const MaterialVersionSchema = z.object({ versionNo: z.number(), file: FileInfo, note: z.string().nullable(), createdAt: z.string(), createdByName: z.string().nullable(), downloadUrl: z.string() });

export const MaterialSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  kind: z.enum(MATERIAL_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  description: z.string(),
  visibility: z.enum(VISIBILITIES),
  visibilityLabel: z.string(),
  campaignId: z.string().nullable(),
  topics: z.array(z.object({ id: z.string(), title: z.string() })),
  currentVersion: z.number(),
  file: FileInfo,
  versions: z.array(MaterialVersionSchema),
  downloads: z.number(),
  archived: z.boolean(),
  publicUrl: z.string().nullable(),
  downloadUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ edit: z.boolean() }),
});
export type MaterialDto = z.infer<typeof MaterialSchema>;

export const MaterialSummarySchema = MaterialSchema.omit({ versions: true, can: true });
export type MaterialSummaryDto = z.infer<typeof MaterialSummarySchema>;
export const MaterialListSchema = z.object({ items: z.array(MaterialSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const DownloadStatsSchema = z.object({
  total: z.number(),
  byUnit: z.array(z.object({ unitId: z.string().nullable(), unitName: z.string(), count: z.number(), lastAt: z.string() })),
});

export const MaterialCatalogueSchema = z.object({
  kinds: z.array(z.object({ key: z.string(), label: z.string(), fileTypes: z.array(z.string()) })),
  visibilities: z.array(z.object({ key: z.string(), label: z.string() })),
  maxUploadBytes: z.number(),
});
