import { z } from 'zod';

/** Vietnamese messages for validation issues; field names are added by the HTTP error handler. */
function vietnameseError(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'bắt buộc phải có';
      return `sai kiểu dữ liệu (cần ${typeName(issue.expected)})`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'không được để trống' : `cần ít nhất ${issue.minimum} ký tự`;
      if (issue.origin === 'array') return `cần ít nhất ${issue.minimum} mục`;
      return `phải lớn hơn hoặc bằng ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `dài quá ${issue.maximum} ký tự`;
      if (issue.origin === 'array') return `nhiều nhất ${issue.maximum} mục`;
      return `phải nhỏ hơn hoặc bằng ${issue.maximum}`;
    case 'invalid_value':
      return `giá trị không hợp lệ (chọn một trong: ${issue.values.map(String).join(', ')})`;
    case 'unrecognized_keys':
      return `có trường không được phép: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'địa chỉ email không hợp lệ';
      if (issue.format === 'regex') return 'định dạng không hợp lệ';
      return 'định dạng không hợp lệ';
    default:
      return undefined;
  }
}

function typeName(t: string): string {
  return ({ string: 'chuỗi ký tự', number: 'số', boolean: 'đúng/sai', object: 'đối tượng', array: 'danh sách', int: 'số nguyên' } as Record<string, string>)[t] ?? t;
}

let configured = false;
export function configureZod(): void {
  if (configured) return;
  configured = true;
  z.config({ customError: vietnameseError });
}

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** Calendar date YYYY-MM-DD that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'ngày không hợp lệ (cần dạng YYYY-MM-DD)' })
  .refine(isRealDate, { message: 'ngày không tồn tại' });

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const boolQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** Fold Vietnamese text for accent-insensitive search (đ → d too). */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
