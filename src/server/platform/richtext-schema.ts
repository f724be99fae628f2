import { z } from 'zod';
import type { RichDoc } from '../../shared/richtext.js';

const MarkSchema = z.union([
  z.object({ type: z.enum(['bold', 'italic', 'underline']) }).strict(),
  z.object({ type: z.literal('link'), attrs: z.object({ href: z.string().max(2000).regex(/^(https?:\/\/|mailto:|\/)/i, { message: 'liên kết phải bắt đầu bằng http://, https://, mailto: hoặc /' }) }).passthrough() }).passthrough(),
]);

export const InlineSchema = z.union([
  z.object({ type: z.literal('text'), text: z.string().max(20000), marks: z.array(MarkSchema).max(5).optional() }).strict(),
  z.object({ type: z.literal('hardBreak') }).strict(),
]);

type Block = RichDoc['content'][number];
export const BlockSchema: z.ZodType<Block> = z.lazy(() =>
  z.union([
    z
      .object({
        type: z.literal('paragraph'),
        attrs: z.object({ textAlign: z.enum(['left', 'center', 'right', 'justify']).nullish() }).passthrough().optional(),
        content: z.array(InlineSchema).max(500).optional(),
      })
      .strict(),
    z.object({ type: z.literal('heading'), attrs: z.object({ level: z.union([z.literal(1), z.literal(2), z.literal(3)]) }).passthrough(), content: z.array(InlineSchema).max(500).optional() }).strict(),
    z.object({ type: z.literal('bulletList'), content: z.array(ListItemSchema).max(500) }).strict(),
    z.object({ type: z.literal('orderedList'), attrs: z.object({ start: z.number().int().min(1).max(1000).optional() }).passthrough().optional(), content: z.array(ListItemSchema).max(500) }).strict(),
  ]),
) as z.ZodType<Block>;

const ListItemSchema = z.object({ type: z.literal('listItem'), content: z.array(BlockSchema).max(100) }).strict();

// Recursive: registered with an id so the OpenAPI document references it (`#/components/schemas/RichBlock`)
// instead of emitting a dangling `$ref` (see app.ts `transformObject`).
z.globalRegistry.add(BlockSchema, { id: 'RichBlock' });

/** Validates TipTap JSON restricted to the nodes and marks Lan Tỏa renders (web, .docx, print). */
export const RichDocSchema = z
  .object({ type: z.literal('doc'), content: z.array(BlockSchema).max(2000) })
  .strict()
  .refine((d) => JSON.stringify(d).length <= 500_000, { message: 'nội dung quá dài (tối đa 500 KB)' }) as unknown as z.ZodType<RichDoc>;
