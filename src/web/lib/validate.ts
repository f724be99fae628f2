// Field validators returning a Vietnamese message, or null when the value is fine.

export type Validator<V> = (value: V, all: Record<string, unknown>) => string | null;

export const required =
  (message: string): Validator<unknown> =>
  (value) => {
    if (value === null || value === undefined) return message;
    if (typeof value === 'string' && value.trim() === '') return message;
    if (Array.isArray(value) && value.length === 0) return message;
    return null;
  };

export function emailError(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : 'Email chưa đúng định dạng, ví dụ: ten@mattran.vn.';
}

export function phoneError(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return /^[0-9 +().-]{8,20}$/.test(value.trim()) ? null : 'Số điện thoại chỉ gồm chữ số, ví dụ: 0235 3812 345.';
}

export function usernameError(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return 'Hãy nhập tên đăng nhập.';
  return /^[a-zA-Z0-9._-]{3,64}$/.test(value.trim())
    ? null
    : 'Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.';
}

// A short list only to warn early; the server has the full check.
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1111111111',
  'qwertyuiop',
  'password123',
  'matkhau123',
]);

export const PASSWORD_HINT =
  'Ít nhất 10 ký tự, không trùng tên đăng nhập, không dùng mật khẩu phổ biến (như 1234567890).';

export function passwordError(value: unknown, username?: string): string | null {
  if (typeof value !== 'string' || value === '') return 'Hãy nhập mật khẩu mới.';
  if (value.length < 10) return 'Mật khẩu cần ít nhất 10 ký tự.';
  if (username && value.toLowerCase() === username.trim().toLowerCase())
    return 'Mật khẩu không được trùng tên đăng nhập.';
  if (COMMON_PASSWORDS.has(value.toLowerCase()))
    return 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.';
  return null;
}

export function dateOrderError(from: string | null | undefined, to: string | null | undefined): string | null {
  if (from && to && to < from) return 'Ngày kết thúc trước ngày bắt đầu. Hãy chọn lại ngày kết thúc.';
  return null;
}
