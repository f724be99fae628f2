/**
 * The figures an activity report counts (domain.md section 5): attendance by group, materials,
 * online posts, radio, staging, contests, good models and exemplary people, supervision and social
 * criticism, digital-skills help. One registry drives everything: the typed integer columns of
 * `activities` and of the stats tables (migration 2026112605), the API body, validation maxima,
 * the .xlsx columns and the figures query layer.
 */
import type { ActivityMeasureColumn } from '../../platform/db-schema.js';

export type MeasureGroup = 'attendance' | 'sessions' | 'visual' | 'online' | 'radio' | 'staging' | 'contest' | 'models' | 'supervision' | 'digital';

export const MEASURE_GROUP_LABELS: Record<MeasureGroup, string> = {
  attendance: 'Người tham dự',
  sessions: 'Số buổi',
  visual: 'Tuyên truyền trực quan',
  online: 'Trang thông tin điện tử, mạng xã hội, chuyên mục',
  radio: 'Truyền thanh',
  staging: 'Sân khấu hóa',
  contest: 'Cuộc thi',
  models: 'Mô hình hay, gương điển hình',
  supervision: 'Giám sát, phản biện xã hội',
  digital: 'Bình dân học vụ số',
};

export interface MeasureDef {
  /** API key (camelCase), also the key in figures. */
  key: string;
  column: ActivityMeasureColumn;
  /** Vietnamese label, used in messages, .xlsx headers and reports. */
  label: string;
  /** Unit of count for reports ("lượt người", "cái", "phút"…). */
  unit: string;
  group: MeasureGroup;
  /** Largest value accepted for one activity. */
  max: number;
  /** Forms where the measure is usually filled (a hint for the form and the template; not enforced). */
  forms: readonly string[];
}

const ATT = ['HOI_NGHI', 'LONG_GHEP', 'SAN_KHAU_HOA', 'BDHVS', 'KHAC'];
const M = 1_000_000;

export const MEASURES = [
  { key: 'attCadres', column: 'att_cadres', label: 'Cán bộ tham dự', unit: 'lượt người', group: 'attendance', max: M, forms: ATT },
  { key: 'attParty', column: 'att_party', label: 'Đảng viên tham dự', unit: 'lượt người', group: 'attendance', max: M, forms: ATT },
  { key: 'attMembers', column: 'att_members', label: 'Đoàn viên, hội viên tham dự', unit: 'lượt người', group: 'attendance', max: M, forms: ATT },
  { key: 'attResidents', column: 'att_residents', label: 'Nhân dân tham dự', unit: 'lượt người', group: 'attendance', max: M, forms: ATT },
  { key: 'attMale', column: 'att_male', label: 'Trong đó nam', unit: 'lượt người', group: 'attendance', max: 4 * M, forms: ATT },
  { key: 'attFemale', column: 'att_female', label: 'Trong đó nữ', unit: 'lượt người', group: 'attendance', max: 4 * M, forms: ATT },
  { key: 'sessions', column: 'sessions', label: 'Số buổi', unit: 'buổi', group: 'sessions', max: 10_000, forms: ['HOI_NGHI', 'LONG_GHEP', 'BDHVS', 'KHAC'] },
  { key: 'banners', column: 'banners', label: 'Băng rôn', unit: 'cái', group: 'visual', max: 100_000, forms: ['TRUC_QUAN'] },
  { key: 'panels', column: 'panels', label: 'Pa nô', unit: 'cái', group: 'visual', max: 100_000, forms: ['TRUC_QUAN'] },
  { key: 'posters', column: 'posters', label: 'Áp phích', unit: 'tờ', group: 'visual', max: M, forms: ['TRUC_QUAN'] },
  { key: 'flags', column: 'flags', label: 'Cờ', unit: 'lá', group: 'visual', max: M, forms: ['TRUC_QUAN'] },
  { key: 'slogans', column: 'slogans', label: 'Khẩu hiệu', unit: 'cái', group: 'visual', max: 100_000, forms: ['TRUC_QUAN'] },
  { key: 'leaflets', column: 'leaflets', label: 'Tờ rơi', unit: 'tờ', group: 'visual', max: 10 * M, forms: ['TRUC_QUAN'] },
  { key: 'newsItems', column: 'news_items', label: 'Tin', unit: 'tin', group: 'online', max: 100_000, forms: ['TRANG_TTDT', 'CHUYEN_MUC'] },
  { key: 'articles', column: 'articles', label: 'Bài viết, bài đăng', unit: 'bài', group: 'online', max: 100_000, forms: ['TRANG_TTDT', 'FANPAGE', 'CHUYEN_MUC'] },
  { key: 'photos', column: 'photos', label: 'Ảnh đăng tải', unit: 'ảnh', group: 'online', max: M, forms: ['TRANG_TTDT', 'FANPAGE'] },
  { key: 'videos', column: 'videos', label: 'Video đăng tải', unit: 'video', group: 'online', max: 100_000, forms: ['TRANG_TTDT', 'FANPAGE'] },
  { key: 'views', column: 'views', label: 'Lượt xem, lượt tiếp cận', unit: 'lượt', group: 'online', max: 500 * M, forms: ['TRANG_TTDT', 'FANPAGE'] },
  { key: 'shares', column: 'shares', label: 'Lượt chia sẻ', unit: 'lượt', group: 'online', max: 100 * M, forms: ['FANPAGE'] },
  { key: 'followers', column: 'followers', label: 'Người theo dõi', unit: 'người', group: 'online', max: 100 * M, forms: ['FANPAGE'] },
  { key: 'columnIssues', column: 'column_issues', label: 'Số kỳ chuyên trang, chuyên mục', unit: 'kỳ', group: 'online', max: 10_000, forms: ['CHUYEN_MUC'] },
  { key: 'bulletins', column: 'bulletins', label: 'Bản tin truyền thanh', unit: 'bản tin', group: 'radio', max: 100_000, forms: ['TRUYEN_THANH'] },
  { key: 'broadcasts', column: 'broadcasts', label: 'Lần phát sóng', unit: 'lần', group: 'radio', max: M, forms: ['TRUYEN_THANH'] },
  { key: 'radioMinutes', column: 'radio_minutes', label: 'Thời lượng phát sóng', unit: 'phút', group: 'radio', max: 10 * M, forms: ['TRUYEN_THANH'] },
  { key: 'shows', column: 'shows', label: 'Buổi biểu diễn', unit: 'buổi', group: 'staging', max: 10_000, forms: ['SAN_KHAU_HOA'] },
  { key: 'acts', column: 'acts', label: 'Tiết mục, đội tham gia', unit: 'tiết mục/đội', group: 'staging', max: 100_000, forms: ['SAN_KHAU_HOA'] },
  { key: 'audience', column: 'audience', label: 'Lượt người xem', unit: 'lượt người', group: 'staging', max: 100 * M, forms: ['SAN_KHAU_HOA'] },
  { key: 'contests', column: 'contests', label: 'Cuộc thi', unit: 'cuộc thi', group: 'contest', max: 10_000, forms: ['CUOC_THI', 'SAN_KHAU_HOA'] },
  { key: 'entries', column: 'entries', label: 'Lượt thi, bài dự thi', unit: 'lượt', group: 'contest', max: 100 * M, forms: ['CUOC_THI'] },
  { key: 'participants', column: 'participants', label: 'Người dự thi', unit: 'người', group: 'contest', max: 100 * M, forms: ['CUOC_THI'] },
  { key: 'winners', column: 'winners', label: 'Giải thưởng trao tặng', unit: 'giải', group: 'contest', max: 100_000, forms: ['CUOC_THI', 'SAN_KHAU_HOA'] },
  { key: 'modelsFound', column: 'models_found', label: 'Mô hình hay được phát hiện', unit: 'mô hình', group: 'models', max: 100_000, forms: [] },
  { key: 'modelsHonoured', column: 'models_honoured', label: 'Mô hình hay được biểu dương', unit: 'mô hình', group: 'models', max: 100_000, forms: [] },
  { key: 'modelsReplicated', column: 'models_replicated', label: 'Mô hình được nhân rộng', unit: 'mô hình', group: 'models', max: 100_000, forms: [] },
  { key: 'exemplarsFound', column: 'exemplars_found', label: 'Gương điển hình được phát hiện', unit: 'người', group: 'models', max: 100_000, forms: [] },
  { key: 'exemplarsHonoured', column: 'exemplars_honoured', label: 'Gương điển hình được biểu dương, khen thưởng', unit: 'người', group: 'models', max: 100_000, forms: [] },
  { key: 'supervisionsProposed', column: 'supervisions_proposed', label: 'Cuộc giám sát được đề xuất', unit: 'cuộc', group: 'supervision', max: 10_000, forms: [] },
  { key: 'supervisionsHeld', column: 'supervisions_held', label: 'Cuộc giám sát đã tổ chức', unit: 'cuộc', group: 'supervision', max: 10_000, forms: [] },
  { key: 'criticismsProposed', column: 'criticisms_proposed', label: 'Nội dung phản biện được đề xuất', unit: 'nội dung', group: 'supervision', max: 10_000, forms: [] },
  { key: 'criticismsHeld', column: 'criticisms_held', label: 'Hội nghị phản biện đã tổ chức', unit: 'hội nghị', group: 'supervision', max: 10_000, forms: [] },
  { key: 'recommendationsMade', column: 'recommendations_made', label: 'Kiến nghị đã nêu', unit: 'kiến nghị', group: 'supervision', max: 100_000, forms: [] },
  { key: 'recommendationsResolved', column: 'recommendations_resolved', label: 'Kiến nghị đã được giải quyết', unit: 'kiến nghị', group: 'supervision', max: 100_000, forms: [] },
  { key: 'digitalHelped', column: 'digital_helped', label: 'Người được hướng dẫn kỹ năng số', unit: 'người', group: 'digital', max: M, forms: ['BDHVS'] },
] as const satisfies readonly MeasureDef[];

export type MeasureKey = (typeof MEASURES)[number]['key'];
export type MeasureInput = Partial<Record<MeasureKey, number | null>>;
/** Sums over accepted activities: every measure plus `activities` (count) and `attendance` (the four groups). */
export type MeasureTotals = Record<MeasureKey | 'activities' | 'attendance', number>;

// Every column of the table has a definition, and no definition is duplicated (checked at compile time and start-up).
type Missing = Exclude<ActivityMeasureColumn, (typeof MEASURES)[number]['column']>;
const _complete: Missing extends never ? true : Missing = true;
void _complete;

export const MEASURE_COLUMNS: readonly ActivityMeasureColumn[] = MEASURES.map((m) => m.column);
export const MEASURE_BY_KEY = new Map<string, MeasureDef>(MEASURES.map((m) => [m.key, m]));
/** The attendance groups whose sum is "lượt người tham dự" (male/female are a breakdown of the same people). */
export const ATTENDANCE_GROUPS: readonly MeasureKey[] = ['attCadres', 'attParty', 'attMembers', 'attResidents'];
export const DERIVED_LABELS = { activities: 'Số hoạt động', attendance: 'Tổng lượt người tham dự' } as const;

if (new Set(MEASURE_COLUMNS).size !== MEASURES.length || new Set(MEASURES.map((m) => m.key)).size !== MEASURES.length) {
  throw new Error('activities: duplicate measure definition');
}

export function zeroTotals(): MeasureTotals {
  const t = { activities: 0, attendance: 0 } as MeasureTotals;
  for (const m of MEASURES) t[m.key] = 0;
  return t;
}

/** Adds `src` (times `sign`) into `dst`. */
export function addTotals(dst: MeasureTotals, src: MeasureTotals, sign: 1 | -1 = 1): void {
  dst.activities += sign * src.activities;
  dst.attendance += sign * src.attendance;
  for (const m of MEASURES) dst[m.key] += sign * src[m.key];
}

/** Totals from a row with `activities` and one sum per measure column (nulls count as 0). */
export function totalsFromRow(row: Record<string, unknown>): MeasureTotals {
  const t = zeroTotals();
  t.activities = Number(row.activities ?? 0);
  for (const m of MEASURES) t[m.key] = Number(row[m.column] ?? 0);
  t.attendance = ATTENDANCE_GROUPS.reduce((s, k) => s + t[k], 0);
  return t;
}

/** Thousands separated with dots, Vietnamese style: 1.000.000. */
export const vnNumber = (n: number) => n.toLocaleString('vi-VN');
