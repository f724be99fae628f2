import { foldVietnamese } from '../../platform/validation.js';

/** Passwords people pick first; refused outright (compared case- and accent-insensitively). */
const COMMON = new Set(
  [
    '123456789', '1234567890', '12345678910', 'password', 'password1', 'password123', 'qwertyuiop', 'qwerty123',
    '1q2w3e4r5t', 'abc123456', 'abcd1234', 'iloveyou', 'matkhau123', 'matkhau', '11111111111', '0123456789',
    '987654321', 'aaaaaaaaaa', 'admin12345', 'administrator', 'admin@123', 'letmein123', 'welcome123',
    'vietnam123', 'vietnam1234', 'hanoi12345', 'saigon1234', 'anhyeuem', 'anhyeuem123', 'emyeuanh123',
    'changeme123', 'lantoa123', 'mattran123', 'mattranto quoc'.replace(' ', ''), 'zaq12wsx', '1qaz2wsx3edc',
  ].map((p) => foldVietnamese(p)),
);

export const PASSWORD_MIN_LENGTH = 10;

/** Returns a Vietnamese reason when the password is too weak, or null when acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`;
  if (password.length > 200) return 'Mật khẩu dài quá 200 ký tự.';
  const folded = foldVietnamese(password);
  if (username && folded.includes(foldVietnamese(username))) return 'Mật khẩu không được chứa tên đăng nhập.';
  if (COMMON.has(folded)) return 'Mật khẩu quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.';
  if (/^(.)\1+$/.test(password)) return 'Mật khẩu không được lặp lại một ký tự.';
  return null;
}
