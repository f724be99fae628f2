import { z } from 'zod';
import { UNIT_KINDS, UNIT_LEVELS } from '../../../shared/units.js';
import { boolQuery, isoDate } from '../../platform/validation.js';

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullish().transform((v) => (v ? v : null));

export const UnitKindSchema = z.enum(UNIT_KINDS);
export const UnitLevelSchema = z.enum(UNIT_LEVELS);

export const UnitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  level: z.string().nullable(),
  parentId: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  term: z.string().nullable(),
  population: z.number().nullable(),
  note: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  active: z.boolean(),
  readOnly: z.boolean(),
  version: z.number(),
});
export type UnitDto = z.infer<typeof UnitSchema>;

export const UnitEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  effectiveDate: z.string(),
  unitId: z.string().nullable(),
  note: z.string().nullable(),
  details: z.unknown(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});

const RefSchema = z.object({ id: z.string(), name: z.string(), effectiveDate: z.string() });

export const UnitDetailSchema = UnitSchema.extend({
  parents: z.array(
    z.object({ parentId: z.string(), parentName: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable() }),
  ),
  children: z.array(UnitSchema),
  predecessors: z.array(RefSchema),
  successors: z.array(RefSchema),
  events: z.array(UnitEventSchema),
  lineage: z.array(
    z.object({ id: z.string(), name: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable(), depth: z.number() }),
  ),
});

export const ListUnitsQuery = z
  .object({
    asOf: isoDate.optional(),
    search: z.string().max(200).optional(),
    includeClosed: boolQuery.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(5000).default(2000),
  })
  .strict();

export const UnitListSchema = z.object({
  items: z.array(UnitSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  asOf: z.string(),
});

export const NewUnitFields = z
  .object({
    code: text(50).min(1).regex(/^[A-Za-z0-9_.-]+$/, { message: 'chỉ gồm chữ không dấu, số, dấu gạch dưới, gạch ngang, dấu chấm' }),
    name: text(300).min(1),
    shortName: text(120).min(1),
    kind: UnitKindSchema,
    level: UnitLevelSchema.nullish(),
    parentId: z.string().max(64).nullish(),
    address: optText(500),
    phone: optText(50),
    email: z.email().max(200).nullish().or(z.literal('').transform(() => null)),
    term: optText(100),
    population: z.number().int().min(0).max(100_000_000).nullish(),
    note: optText(2000),
    validFrom: isoDate.nullish(),
  })
  .strict();
export type NewUnitInput = z.infer<typeof NewUnitFields>;

export const UpdateUnitBody = z
  .object({
    version: z.number().int().min(1),
    name: text(300).min(1).optional(),
    shortName: text(120).min(1).optional(),
    level: UnitLevelSchema.nullish(),
    address: optText(500).optional(),
    phone: optText(50).optional(),
    email: z.email().max(200).nullish().or(z.literal('').transform(() => null)),
    term: optText(100).optional(),
    population: z.number().int().min(0).max(100_000_000).nullish(),
    note: optText(2000).optional(),
    renameDate: isoDate.optional(),
  })
  .strict();
export type UpdateUnitInput = z.infer<typeof UpdateUnitBody>;

export const MoveUnitBody = z.object({ parentId: z.string().min(1).max(64), effectiveDate: isoDate }).strict();
export const CloseUnitBody = z.object({ effectiveDate: isoDate, note: optText(2000) }).strict();

const TargetSchema = z.union([z.object({ existingId: z.string().min(1).max(64) }).strict(), NewUnitFields.omit({ validFrom: true })]);
export type SuccessorTarget = z.infer<typeof TargetSchema>;

export const MergeBody = z
  .object({
    sourceIds: z.array(z.string().min(1).max(64)).min(1).max(50),
    target: TargetSchema,
    effectiveDate: isoDate,
    note: optText(2000),
  })
  .strict();
export type MergeInput = z.infer<typeof MergeBody>;

export const SplitBody = z
  .object({
    sourceId: z.string().min(1).max(64),
    targets: z.array(TargetSchema).min(2).max(20),
    effectiveDate: isoDate,
    note: optText(2000),
  })
  .strict();
export type SplitInput = z.infer<typeof SplitBody>;

export const IdParams = z.object({ id: z.string().min(1).max(64) });
