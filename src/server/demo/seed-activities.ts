/**
 * Demo activity reports: a year of propaganda work on Resolution 57-NQ/TW in the Tam Kỳ area, from the
 * city plan of 07/03/2025 to the end of February 2026 (issue 4).
 *
 * - Until 30/6/2025: the Tam Kỳ city Front, its nine member organisations, the 12 former wards/communes and
 *   their residential areas, reviewed by the unit above (the city, the ward, Quảng Nam for the city itself).
 *   From 1/7/2025: phường Tam Kỳ, Quảng Phú, Bàn Thạch, Hương Trà, their member organisations and the
 *   residential areas moved under them, reviewed by the ward (Đà Nẵng for the wards).
 * - More activity around 26/3 ("Bình dân học vụ số"), 18/5, 10/10, the Great Unity festival (18/11) and the
 *   first anniversary of the resolution (22/12); fewer in July (new wards starting) and around Tết 2026.
 * - Statuses: mostly accepted; the newest (February 2026) and a slow ward's backlog submitted and waiting;
 *   a few returned with a comment, one of them fixed and accepted; corrections (versions); drafts. Some units
 *   do not report in some months (the dashboard's "not reported").
 * - Evidence photos drawn locally (demo-photos.ts), stored once through the FileStore as the photo endpoint
 *   stores them (display + 400 px thumbnail) and attached to many reports.
 *
 * The bulk of the year is written in one transaction through the repository — each report checked by the
 * service's own `checkContent` (unit existed on the date, form, campaign topics, plan, not in the future),
 * rows built by its `newRow`, history events as the service writes them — and the figures rebuilt with
 * `rebuildStats`. The returned reports and the corrections are played through the service with a clock set
 * to their dates, so their history, notifications and figures are the product's own. Nothing later than
 * `now` is written. Deterministic: a seeded PRNG chooses dates, forms and numbers.
 */
import sharp from 'sharp';
import type { Config } from '../config.js';
import { Scope } from '../modules/access/index.js';
import { ActivitiesRepository, type ActivityContent, type MeasureKey, MEASURES, rebuildStats } from '../modules/activities/index.js';
import { type ImageOut, PHOTO_KINDS, SMALL_ORIGINAL_BYTES, THUMB_PX } from '../modules/activities/activities.photos.js';
import { addDays, fixedClock } from '../platform/clock.js';
import type { Actor, Ctx, GrantRow } from '../platform/context.js';
import { type DbHandle, tx } from '../platform/db.js';
import type { ActivityEventTable, ActivityFileTable, ActivityMeasureColumn } from '../platform/db-schema.js';
import { FileStore } from '../platform/files.js';
import { newId } from '../platform/ids.js';
import { NotificationsService } from '../modules/notifications/index.js';
import { buildServices } from '../services.js';
import { demoPhotos, type PhotoScene } from './demo-photos.js';

/** The reported year. */
export const ACTIVITY_STORY = { from: '2025-03-07', to: '2026-02-28' } as const;
const REORG = '2025-07-01';
const OLD_END = '2025-06-30';

// ------------------------------------------------------------------ people

interface Person {
  username: string;
  fullName: string;
  position: string;
  unit: string;
  role: 'officer' | 'leader';
  from: string;
  to: string | null;
}

/** Officers who enter and review reports in the demo (besides the accounts of demo-units.ts and the former chairs). */
export const ACTIVITY_PEOPLE: Person[] = [
  { username: 'quangnam.btt', fullName: 'Phạm Thị Thanh Hương', position: 'Cán bộ Ban Tuyên giáo, Ủy ban MTTQ Việt Nam tỉnh Quảng Nam (đến 30/6/2025)', unit: 'QNAM', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'anmy.btt', fullName: 'Trần Thị Bích Ngọc', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường An Mỹ (đến 30/6/2025)', unit: 'AN_MY', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'anxuan.btt', fullName: 'Nguyễn Văn Phúc', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường An Xuân (đến 30/6/2025)', unit: 'AN_XUAN', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'truongxuan.btt', fullName: 'Lê Thị Mỹ Dung', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường Trường Xuân (đến 30/6/2025)', unit: 'TRUONG_XUAN', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'tanthanh.btt', fullName: 'Phan Văn Lộc', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường Tân Thạnh (đến 30/6/2025)', unit: 'TAN_THANH', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'hoathuan.btt', fullName: 'Đoàn Thị Kim Liên', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường Hòa Thuận (đến 30/6/2025)', unit: 'HOA_THUAN', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'anson.btt', fullName: 'Võ Văn Khánh', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường An Sơn (đến 30/6/2025)', unit: 'AN_SON', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'hoahuong.btt', fullName: 'Trần Thị Thu Sương', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường Hòa Hương (đến 30/6/2025)', unit: 'HOA_HUONG', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'tamthang.btt', fullName: 'Huỳnh Văn Lợi', position: 'Cán bộ Ủy ban MTTQ Việt Nam xã Tam Thăng (đến 30/6/2025)', unit: 'TAM_THANG', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'tamphu.btt', fullName: 'Nguyễn Thị Hạnh', position: 'Cán bộ Ủy ban MTTQ Việt Nam xã Tam Phú (đến 30/6/2025)', unit: 'TAM_PHU', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'tamthanh.btt', fullName: 'Lê Văn Trung', position: 'Cán bộ Ủy ban MTTQ Việt Nam xã Tam Thanh (đến 30/6/2025)', unit: 'TAM_THANH', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'tamngoc.btt', fullName: 'Phạm Văn Quang', position: 'Cán bộ Ủy ban MTTQ Việt Nam xã Tam Ngọc (đến 30/6/2025)', unit: 'TAM_NGOC', role: 'officer', from: '2024-10-01', to: OLD_END },
  { username: 'banthach.btt', fullName: 'Nguyễn Thị Thanh Tâm', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường Bàn Thạch', unit: 'BAN_THACH', role: 'officer', from: REORG, to: null },
  { username: 'banthach.lanhdao', fullName: 'Trương Công Hiếu', position: 'Chủ tịch Ủy ban MTTQ Việt Nam phường Bàn Thạch', unit: 'BAN_THACH', role: 'leader', from: REORG, to: null },
  { username: 'huongtra.btt', fullName: 'Lê Thị Kim Thoa', position: 'Cán bộ Ủy ban MTTQ Việt Nam phường Hương Trà', unit: 'HUONG_TRA', role: 'officer', from: REORG, to: null },
  { username: 'huongtra.lanhdao', fullName: 'Ngô Văn Tuấn', position: 'Chủ tịch Ủy ban MTTQ Việt Nam phường Hương Trà', unit: 'HUONG_TRA', role: 'leader', from: REORG, to: null },
];

const FORMER_WARDS = ['AN_MY', 'AN_XUAN', 'TRUONG_XUAN', 'TAN_THANH', 'HOA_THUAN', 'AN_PHU', 'AN_SON', 'HOA_HUONG', 'TAM_THANG', 'TAM_PHU', 'TAM_THANH', 'TAM_NGOC'] as const;
const NEW_WARDS = ['PHUONG_TAMKY', 'QUANG_PHU', 'BAN_THACH', 'HUONG_TRA'] as const;
const TAMKY_ORGS = ['TAMKY_LDLD', 'TAMKY_HND', 'TAMKY_DTN', 'TAMKY_HPN', 'TAMKY_CCB', 'TAMKY_CTD', 'TAMKY_NCT', 'TAMKY_KH', 'TAMKY_CGC'];
const WARD_ORGS = ['HPN', 'HND', 'DTN', 'CCB', 'CD'];

/** Who enters a former ward's reports (its officer; An Phú: quangphu.btt). */
const OLD_OFFICER: Record<string, string> = Object.fromEntries(FORMER_WARDS.map((w) => [w, w === 'AN_PHU' ? 'quangphu.btt' : `${w.toLowerCase().replace(/_/g, '')}.btt`]));
/** Chairs until 30/6/2025 (seed-campaign.ts), who review their residential areas' reports. */
const OLD_CHAIR: Record<string, string> = { AN_MY: 'anmy.lanhdao', AN_XUAN: 'anxuan.lanhdao', TRUONG_XUAN: 'truongxuan.lanhdao', AN_PHU: 'anphu.lanhdao', TAN_THANH: 'tanthanh.lanhdao', HOA_HUONG: 'hoahuong.lanhdao' };
const NEW_OFFICER: Record<string, string> = { PHUONG_TAMKY: 'tamky.btt', QUANG_PHU: 'quangphu.btt', BAN_THACH: 'banthach.btt', HUONG_TRA: 'huongtra.btt' };
const NEW_LEADER: Record<string, string> = { PHUONG_TAMKY: 'tamky.lanhdao', QUANG_PHU: 'quangphu.lanhdao', BAN_THACH: 'banthach.lanhdao', HUONG_TRA: 'huongtra.lanhdao' };

// ------------------------------------------------------------------ randomness

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number) => next() < p;
  const weighted = <T extends string>(w: Partial<Record<T, number>>): T => {
    const entries = Object.entries(w) as Array<[T, number]>;
    let r = next() * entries.reduce((s, [, v]) => s + v, 0);
    for (const [k, v] of entries) {
      r -= v;
      if (r <= 0) return k;
    }
    return entries[entries.length - 1][0];
  };
  return { next, int, pick, chance, weighted };
}
type Rng = ReturnType<typeof prng>;

// ------------------------------------------------------------------ what a report says

type Form = 'HOI_NGHI' | 'LONG_GHEP' | 'TRUC_QUAN' | 'SAN_KHAU_HOA' | 'TRANG_TTDT' | 'FANPAGE' | 'CHUYEN_MUC' | 'TRUYEN_THANH' | 'CUOC_THI' | 'BDHVS' | 'KHAC';
type Kind = 'city' | 'ward' | 'org' | 'kdc';
type Theme = 'bdhvs' | 'st' | 'dx' | 'unity' | 'anniv' | null;
type Measures = Partial<Record<MeasureKey, number>>;

interface Spec {
  unit: string;
  date: string;
  dateTo?: string;
  form: Form;
  title: string;
  place: string | null;
  description: string | null;
  measures: Measures;
  topics: string[];
  photos: PhotoScene[];
  status?: 'accepted' | 'submitted' | 'draft';
}

/** Where a unit stands on a date, in words. */
interface Who {
  code: string;
  kind: Kind;
  /** "phường An Mỹ", "thành phố Tam Kỳ" (the ward or city the unit belongs to). */
  area: string;
  /** The unit's own short name: "Hội Nông dân thành phố Tam Kỳ", "khối phố 1". */
  self: string;
  /** Members of an organisation ("hội viên phụ nữ"), residents elsewhere. */
  members: string;
  /** Its basic cell ("chi hội phụ nữ", "chi đoàn"). */
  cell: string;
  /** Residential areas of the ward on the date, for places. */
  areas: string[];
}

const ORG_WORDS: Record<string, [string, string]> = {
  HPN: ['hội viên phụ nữ', 'chi hội phụ nữ'],
  HND: ['hội viên nông dân', 'chi hội nông dân'],
  DTN: ['đoàn viên thanh niên', 'chi đoàn'],
  CCB: ['hội viên cựu chiến binh', 'chi hội cựu chiến binh'],
  CD: ['đoàn viên công đoàn', 'công đoàn cơ sở'],
  LDLD: ['đoàn viên công đoàn', 'công đoàn cơ sở'],
  CTD: ['hội viên chữ thập đỏ', 'chi hội chữ thập đỏ'],
  NCT: ['hội viên người cao tuổi', 'chi hội người cao tuổi'],
  KH: ['hội viên khuyến học', 'chi hội khuyến học'],
  CGC: ['hội viên cựu giáo chức', 'chi hội cựu giáo chức'],
};

const FORM_MIX: Record<Kind, Partial<Record<Form, number>>> = {
  city: { HOI_NGHI: 3, TRANG_TTDT: 3, FANPAGE: 2, CHUYEN_MUC: 2, TRUC_QUAN: 1, KHAC: 1 },
  ward: { HOI_NGHI: 18, TRUC_QUAN: 12, TRUYEN_THANH: 15, FANPAGE: 14, BDHVS: 15, LONG_GHEP: 10, CHUYEN_MUC: 6, SAN_KHAU_HOA: 3, KHAC: 5, CUOC_THI: 2 },
  org: { LONG_GHEP: 45, BDHVS: 20, HOI_NGHI: 10, FANPAGE: 10, TRUC_QUAN: 8, CUOC_THI: 5, SAN_KHAU_HOA: 2 },
  kdc: { LONG_GHEP: 35, TRUYEN_THANH: 25, BDHVS: 25, TRUC_QUAN: 15 },
};

const THEME_WORDS: Record<Exclude<Theme, null>, { short: string; long: string }> = {
  bdhvs: { short: 'ra quân phong trào "Bình dân học vụ số"', long: 'hưởng ứng phong trào "Bình dân học vụ số" phát động ngày 26/3/2025' },
  st: { short: 'hưởng ứng Ngày Khoa học và Công nghệ Việt Nam 18/5', long: 'hưởng ứng Ngày Khoa học và Công nghệ Việt Nam (18/5/2025)' },
  dx: { short: 'hưởng ứng Ngày Chuyển đổi số quốc gia 10/10', long: 'hưởng ứng Ngày Chuyển đổi số quốc gia (10/10/2025)' },
  unity: { short: 'tại Ngày hội Đại đoàn kết toàn dân tộc', long: 'nhân kỷ niệm 95 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18/11/1930 - 18/11/2025)' },
  anniv: { short: 'nhân 01 năm ban hành Nghị quyết 57-NQ/TW', long: 'nhân kỷ niệm 01 năm ban hành Nghị quyết 57-NQ/TW (22/12/2024 - 22/12/2025)' },
};

/** Attendance by group and gender, summing to about `total`. */
function attendance(r: Rng, total: number, mix: [number, number, number, number]): Measures {
  const sum = mix.reduce((s, v) => s + v, 0);
  const groups = mix.map((w) => Math.round((total * w) / sum));
  const all = groups.reduce((s, v) => s + v, 0);
  const female = Math.round(all * (0.35 + r.next() * 0.3));
  const m: Measures = { attCadres: groups[0], attParty: groups[1], attMembers: groups[2], attResidents: groups[3] };
  if (r.chance(0.7)) {
    m.attFemale = female;
    m.attMale = all - female;
  }
  return m;
}

/** One report's content for a unit, a form and a date. */
function compose(r: Rng, who: Who, form: Form, theme: Theme): Omit<Spec, 'unit' | 'date' | 'status'> {
  const t = theme ? THEME_WORDS[theme] : null;
  const place = (...xs: string[]) => r.pick(xs);
  const hall = who.kind === 'city' ? 'Hội trường Ủy ban MTTQ Việt Nam thành phố Tam Kỳ' : `Hội trường Ủy ban MTTQ Việt Nam ${who.area}`;
  const house = who.kind === 'kdc' ? `Nhà văn hóa ${who.self}` : who.areas.length ? `Nhà văn hóa ${r.pick(who.areas)}` : `Nhà văn hóa ${who.area}`;
  const fanpage = who.kind === 'city' ? '"Mặt trận thành phố Tam Kỳ"' : `"Mặt trận ${who.area.replace(/^(phường|xã) /, '')}"`;
  const photos = (a: PhotoScene, b?: PhotoScene): PhotoScene[] => (r.chance(0.35) ? (b && r.chance(0.4) ? [a, b] : [a]) : []);
  switch (form) {
    case 'HOI_NGHI': {
      const big = who.kind === 'city' ? r.int(120, 260) : who.kind === 'ward' ? r.int(45, 160) : r.int(30, 90);
      const titles =
        t && theme !== 'unity'
          ? [`Hội nghị tuyên truyền ${t.short}`, `Hội nghị chuyên đề về khoa học, công nghệ, chuyển đổi số ${t.short}`]
          : who.kind === 'org'
            ? [`Hội nghị quán triệt Nghị quyết 57-NQ/TW cho cán bộ chủ chốt ${who.self}`, `Hội nghị tuyên truyền Nghị quyết 57-NQ/TW cho chi hội trưởng, tổ trưởng ${who.self}`]
            : [
                `Hội nghị quán triệt Nghị quyết 57-NQ/TW cho cán bộ chủ chốt ${who.area}`,
                `Hội nghị tuyên truyền Nghị quyết 57-NQ/TW cho Trưởng Ban công tác Mặt trận các khu dân cư ${who.area}`,
                `Hội nghị chuyên đề "Chuyển đổi số - người dân là trung tâm" tại ${who.area}`,
                `Hội nghị phổ biến mục tiêu đến năm 2030 của Nghị quyết 57-NQ/TW cho cán bộ Mặt trận, đoàn thể ${who.area}`,
              ];
      return {
        form,
        title: r.pick(titles),
        place: place(hall, house, who.kind === 'city' ? 'Trung tâm Hội nghị thành phố Tam Kỳ' : hall),
        description: r.pick([
          'Báo cáo viên quán triệt 05 quan điểm chỉ đạo, mục tiêu đến năm 2030 và 07 nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW; đại biểu thảo luận cách đưa Nghị quyết vào sinh hoạt khu dân cư.',
          'Giới thiệu những điểm mới của Nghị quyết 57-NQ/TW, phong trào "Bình dân học vụ số" và dịch vụ công trực tuyến; giải đáp ý kiến của đại biểu.',
          'Phổ biến kế hoạch tuyên truyền của Ban Thường trực; giao chỉ tiêu cho các chi hội, Ban công tác Mặt trận khu dân cư.',
        ]),
        measures: { sessions: 1, ...attendance(r, big, who.kind === 'org' ? [2, 2, 6, 1] : [4, 3, 3, 2]) },
        topics: r.pick([['QD', 'NV'], ['QD1', 'QD2', 'MT2030'], ['NV1', 'NV5'], ['QD', 'TCTH'], ['MT2030', 'MT08', 'MT21']]),
        photos: photos('conference', 'seminar'),
      };
    }
    case 'LONG_GHEP': {
      const sessions = r.int(1, who.kind === 'org' ? 6 : 3);
      const titles =
        who.kind === 'kdc'
          ? theme === 'unity'
            ? [`Lồng ghép tuyên truyền Nghị quyết 57-NQ/TW tại Ngày hội Đại đoàn kết toàn dân tộc ${who.self}`]
            : [`Tuyên truyền Nghị quyết 57-NQ/TW tại buổi sinh hoạt ${who.self}`, `Lồng ghép tuyên truyền chuyển đổi số trong họp dân ${who.self}`]
          : who.kind === 'org'
            ? [
                `Lồng ghép tuyên truyền Nghị quyết 57-NQ/TW trong sinh hoạt ${who.cell} (${who.self})`,
                `Tọa đàm "${who.members[0].toUpperCase()}${who.members.slice(1)} với chuyển đổi số" của ${who.self}`,
                `Lồng ghép tuyên truyền thanh toán không dùng tiền mặt trong sinh hoạt ${who.cell}`,
              ]
            : [`Lồng ghép tuyên truyền Nghị quyết 57-NQ/TW trong giao ban Ban công tác Mặt trận các khu dân cư ${who.area}`, `Lồng ghép tuyên truyền chuyển đổi số tại hội nghị đại biểu Nhân dân ${who.area}`];
      const per = who.kind === 'org' ? r.int(20, 45) : r.int(30, 90);
      return {
        form,
        title: r.pick(titles),
        place: who.kind === 'org' ? null : house,
        description: r.pick([
          `Lồng ghép ${theme === 'unity' ? 'trong chương trình Ngày hội' : 'trong nội dung sinh hoạt'}: giới thiệu những điểm cốt lõi của Nghị quyết 57-NQ/TW, vận động ${who.members} cài đặt và sử dụng ứng dụng VNeID, dịch vụ công trực tuyến.`,
          'Trao đổi về lợi ích của chuyển đổi số trong đời sống, cảnh giác với lừa đảo trên không gian mạng; phát tài liệu hỏi - đáp.',
        ]),
        measures: { sessions, ...attendance(r, sessions * per, who.kind === 'org' ? [1, 1, 8, 0] : [1, 2, 2, 8]) },
        topics: r.pick([['NQ57'], ['MT08', 'MT09'], ['KNS', 'QD5'], ['BDHVS', 'MT21'], ['QD', 'NV1']]),
        photos: photos('meeting'),
      };
    }
    case 'TRUC_QUAN': {
      const scale = who.kind === 'ward' || who.kind === 'city' ? 1 : 0.3;
      const titles = t
        ? [`Tuyên truyền trực quan ${t.short}`, `Treo băng rôn, khẩu hiệu ${t.short}`]
        : who.kind === 'kdc'
          ? [`Treo băng rôn, khẩu hiệu tuyên truyền Nghị quyết 57-NQ/TW tại ${who.self}`, `Phát tờ rơi hướng dẫn dịch vụ công trực tuyến đến các hộ gia đình ${who.self}`]
          : [
              `Treo băng rôn, khẩu hiệu tuyên truyền Nghị quyết 57-NQ/TW trên các tuyến đường chính ${who.area}`,
              `Phát tờ rơi hướng dẫn cài đặt VNeID, thanh toán không dùng tiền mặt ${who.kind === 'org' ? `cho ${who.members}` : `tại ${who.area}`}`,
              `Dựng pa nô tuyên truyền chuyển đổi số tại trụ sở ${who.kind === 'org' ? who.self : `Ủy ban MTTQ Việt Nam ${who.area}`}`,
            ];
      const m: Measures = { banners: Math.max(1, Math.round(r.int(4, 24) * scale)), slogans: Math.round(r.int(0, 10) * scale) };
      if (r.chance(0.5)) m.panels = r.int(1, 4);
      if (r.chance(0.5)) m.posters = Math.round(r.int(10, 80) * scale);
      if (r.chance(0.6)) m.flags = Math.round(r.int(40, 300) * scale);
      if (r.chance(0.5)) m.leaflets = Math.round(r.int(200, 2000) * scale);
      return {
        form,
        title: r.pick(titles),
        place: who.kind === 'kdc' ? who.self : `Các tuyến đường, khu dân cư ${who.area}`,
        description: 'Nội dung khẩu hiệu theo hướng dẫn của Ban Tuyên giáo và Dân vận; treo đúng vị trí, bảo đảm mỹ quan đô thị.',
        measures: m,
        topics: theme === 'st' ? ['QD1', 'MT01'] : theme === 'dx' ? ['MT21', 'MT08'] : r.pick([['NQ57'], ['QD'], ['MT2030'], ['BDHVS']]),
        photos: photos(theme === 'dx' ? 'panel' : 'banners', 'panel'),
      };
    }
    case 'SAN_KHAU_HOA': {
      const acts = r.int(5, 12);
      return {
        form,
        title: r.pick([
          `Hội thi sân khấu hóa tuyên truyền Nghị quyết 57-NQ/TW ${who.kind === 'org' ? `của ${who.self}` : `${who.area}`}`,
          `Liên hoan tiểu phẩm "Mỗi người dân một công dân số" ${who.kind === 'org' ? `của ${who.self}` : `tại ${who.area}`}`,
        ]),
        place: place(hall, house, `Sân vận động ${who.area}`),
        description: `${acts} tiết mục, tiểu phẩm về chuyển đổi số, dịch vụ công trực tuyến, phòng chống lừa đảo trên mạng; trao giải cho các đội xuất sắc.`,
        measures: { shows: 1, acts, audience: r.int(150, 650), contests: 1, winners: r.int(3, 6), ...attendance(r, r.int(40, 90), [2, 2, 4, 2]) },
        topics: ['NQ57', r.pick(['KNS', 'BDHVS', 'MT08'])],
        photos: photos('stage'),
      };
    }
    case 'TRANG_TTDT':
      return {
        form,
        title: t
          ? `Tin, bài ${t.short} trên Trang thông tin điện tử Ủy ban MTTQ Việt Nam ${who.area}`
          : r.pick([`Chuyên mục "Nghị quyết 57 vào cuộc sống" trên Trang thông tin điện tử Ủy ban MTTQ Việt Nam ${who.area}`, `Đăng tin, bài về mô hình hay ứng dụng công nghệ số trên Trang thông tin điện tử ${who.area}`]),
        place: null,
        description: 'Tin, bài tổng hợp hoạt động tuyên truyền của các đơn vị; gương điển hình ứng dụng khoa học, công nghệ trong sản xuất, kinh doanh.',
        measures: { newsItems: r.int(3, 10), articles: r.int(1, 4), photos: r.int(6, 30), videos: r.int(0, 2), views: r.int(900, 6500) },
        topics: r.pick([['NQ57'], ['MT2030', 'TN2045'], ['NV6'], ['TCTH']]),
        photos: [],
      };
    case 'FANPAGE': {
      const articles = r.int(2, 9);
      return {
        form,
        title: t
          ? `Đăng tải tin, bài ${t.short} trên Trang cộng đồng ${fanpage}`
          : who.kind === 'org'
            ? `Đăng tải tin, bài về Nghị quyết 57-NQ/TW trên Trang cộng đồng của ${who.self}`
            : r.pick([`Đăng tải tin, bài về Nghị quyết 57-NQ/TW trên Trang cộng đồng ${fanpage}`, `Chia sẻ video hướng dẫn dịch vụ công trực tuyến trên Trang cộng đồng ${fanpage}`]),
        place: null,
        description: 'Bài đăng được chia sẻ lên các nhóm Zalo khu dân cư; số liệu lấy từ công cụ thống kê của Trang cộng đồng.',
        measures: { newsItems: r.int(1, 5), articles, photos: articles * r.int(2, 5), videos: r.int(0, 2), views: r.int(800, 12_000), shares: r.int(15, 320) },
        topics: r.pick([['NQ57'], ['BDHVS'], ['KNS'], ['MT08', 'MT09'], ['QD']]),
        photos: [],
      };
    }
    case 'CHUYEN_MUC':
      return {
        form,
        title: r.pick([
          `Chuyên mục "Đại đoàn kết": gương điển hình ứng dụng khoa học, công nghệ ${who.area}`,
          `Chuyên mục "Đại đoàn kết" về Nghị quyết 57-NQ/TW trên Trạm truyền thanh ${who.area}`,
          `Chuyên trang "Nghị quyết 57 vào cuộc sống" ${who.area}`,
        ]),
        place: null,
        description: 'Mỗi kỳ gồm tin hoạt động, một bài viết về mô hình hay, gương điển hình và phần hỏi - đáp về chuyển đổi số.',
        measures: { columnIssues: r.int(1, 4), newsItems: r.int(2, 8), articles: r.int(1, 4) },
        topics: r.pick([['NQ57'], ['TCTH'], ['NV6', 'MT10']]),
        photos: [],
      };
    case 'TRUYEN_THANH': {
      const bulletins = r.int(2, 8);
      const broadcasts = bulletins * r.int(2, 4);
      return {
        form,
        title:
          who.kind === 'kdc'
            ? r.pick([`Tuyên truyền trên hệ thống loa truyền thanh ${who.self}`, `Phát bản tin về chuyển đổi số trên cụm loa ${who.self}`])
            : t
              ? `Phát bản tin ${t.short} trên Trạm truyền thanh ${who.area}`
              : r.pick([`Phát bản tin "Đại đoàn kết" về Nghị quyết 57-NQ/TW trên Trạm truyền thanh ${who.area}`, `Tuyên truyền trên hệ thống loa truyền thanh các khu dân cư ${who.area}`]),
        place: who.kind === 'kdc' ? `Cụm loa ${who.self}` : `Trạm truyền thanh ${who.area}`,
        description: 'Bản tin do Ban Thường trực biên soạn, phát vào khung giờ sáng (6h00) và chiều (17h00); lưu kịch bản và lịch phát làm minh chứng.',
        measures: { bulletins, broadcasts, radioMinutes: broadcasts * r.int(3, 7) },
        topics: r.pick([['NQ57'], ['MT08', 'MT09'], ['KNS', 'QD5'], ['BDHVS']]),
        photos: photos('radio'),
      };
    }
    case 'CUOC_THI': {
      const participants = who.kind === 'city' ? r.int(1500, 2600) : r.int(60, 420);
      return {
        form,
        title:
          who.kind === 'org'
            ? `Hội thi tìm hiểu kỹ năng số cho ${who.members} (${who.self})`
            : r.pick([`Cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW ${who.area}`, `Hội thi "Công dân số" ${who.area}`]),
        place: null,
        description: 'Thí sinh trả lời câu hỏi trắc nghiệm và câu hỏi dự đoán; trao giải cho các cá nhân, tập thể có kết quả cao.',
        measures: { contests: 1, participants, entries: Math.round(participants * (1.2 + r.next())), winners: r.int(5, 16) },
        topics: ['NQ57', r.pick(['QD', 'MT2030', 'KNS'])],
        photos: photos('contest'),
      };
    }
    case 'BDHVS': {
      const sessions = r.int(1, 4);
      const helped = sessions * r.int(12, 35);
      const elderly = r.chance(0.4);
      const target = elderly ? 'người cao tuổi' : who.kind === 'org' ? who.members : r.pick(['người dân', 'tiểu thương', 'hộ kinh doanh', 'phụ nữ']);
      return {
        form,
        title: r.pick([
          `Lớp "Bình dân học vụ số" cho ${target} ${who.kind === 'kdc' ? who.self : who.kind === 'org' ? `(${who.self})` : who.area}`,
          `Hướng dẫn ${target} cài đặt, sử dụng VNeID và dịch vụ công trực tuyến${who.kind === 'kdc' ? ` tại ${who.self}` : ''}`,
          `Tổ công nghệ số cộng đồng hướng dẫn ${target} thanh toán không dùng tiền mặt`,
        ]),
        place: who.kind === 'kdc' ? `Nhà văn hóa ${who.self}` : who.kind === 'org' ? `Trụ sở ${who.self}` : place(house, `Bộ phận Một cửa ${who.area}`),
        description: 'Đoàn viên thanh niên, tổ công nghệ số cộng đồng hướng dẫn cầm tay chỉ việc: cài đặt VNeID mức 2, nộp hồ sơ dịch vụ công, nhận diện cuộc gọi lừa đảo.',
        measures: { sessions, digitalHelped: helped, ...attendance(r, helped + r.int(2, 10), [1, 0, 1, 10]) },
        topics: r.pick([['BDHVS'], ['BDHVS', 'MT08'], ['BDHVS', 'KNS'], ['BDHVS', 'MT09']]),
        photos: photos(elderly ? 'elderly' : 'class', 'class'),
      };
    }
    default: {
      // KHAC: supervision and social criticism, or good models and exemplary people.
      if (r.chance(0.5)) {
        const made = r.int(2, 7);
        return {
          form: 'KHAC',
          title: r.pick([
            `Giám sát việc giải quyết thủ tục hành chính trên môi trường điện tử tại Bộ phận Một cửa ${who.area}`,
            `Giám sát việc triển khai thanh toán không dùng tiền mặt trong thu phí, lệ phí tại ${who.area}`,
            `Hội nghị phản biện xã hội dự thảo kế hoạch chuyển đổi số của ${who.area}`,
          ]),
          place: hall,
          description: 'Đoàn giám sát làm việc với bộ phận chuyên môn, khảo sát ý kiến người dân; kiến nghị đã được gửi đến cơ quan có thẩm quyền.',
          measures: r.chance(0.6) ? { supervisionsHeld: 1, recommendationsMade: made, recommendationsResolved: r.int(0, made) } : { criticismsHeld: 1, criticismsProposed: 1, recommendationsMade: made },
          topics: ['GSPB', r.pick(['MT08', 'MT21', 'TCTH'])],
          photos: photos('seminar'),
        };
      }
      const models = r.int(1, 5);
      const people = r.int(1, 6);
      return {
        form: 'KHAC',
        title: r.pick([`Biểu dương mô hình hay, gương điển hình ứng dụng chuyển đổi số ${who.area}`, `Giới thiệu gương điển hình "Nông dân sản xuất kinh doanh giỏi ứng dụng công nghệ số" ${who.area}`]),
        place: hall,
        description: 'Các mô hình: chợ 4.0 thanh toán bằng mã QR, tổ công nghệ số cộng đồng, sổ tay điện tử khu dân cư; biểu dương và đề nghị nhân rộng.',
        measures: { modelsFound: models, modelsHonoured: r.int(0, models), modelsReplicated: r.int(0, 2), exemplarsFound: people, exemplarsHonoured: r.int(0, people) },
        topics: ['TCTH', r.pick(['NV6', 'MT10', 'BDHVS'])],
        photos: photos('seminar', 'conference'),
      };
    }
  }
}

// ------------------------------------------------------------------ the year

const MONTHS = ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];
const MONTH_FACTOR: Record<string, number> = {
  '2025-03': 0.75,
  '2025-04': 1,
  '2025-05': 1.5,
  '2025-06': 1,
  '2025-07': 0.6,
  '2025-08': 0.9,
  '2025-09': 1,
  '2025-10': 1.5,
  '2025-11': 1.25,
  '2025-12': 1.1,
  '2026-01': 0.9,
  '2026-02': 0.6,
};
/** Reports a month at full strength, by kind and era. */
const BASE = { city: 3, ward: 4.2, newWard: 7.5, org: 1.2, newOrg: 1.05, kdc: 1.15 };
/** Units that send nothing in a span of months (the dashboard's late, not-reporting units). */
const SILENT: Array<[string, string, string]> = [
  ['TAM_PHU_KDC1', '2025-03', '2025-07'],
  ['TAM_PHU_KDC2', '2025-03', '2025-08'],
  ['TAM_THANH', '2025-06', '2025-06'],
  ['TAMKY_CGC', '2025-04', '2025-06'],
  ['HUONG_TRA_CD', '2025-07', '2026-02'],
  ['BAN_THACH_CCB', '2025-09', '2025-11'],
  ['BAN_THACH_CD', '2025-07', '2025-10'],
  ['BAN_THACH_CD', '2026-01', '2026-02'],
  ['HOA_HUONG_KDC2', '2025-11', '2026-02'],
  ['TAN_THANH_KDC2', '2025-12', '2026-02'],
  ['QUANG_PHU_HND', '2026-01', '2026-02'],
  ['QUANG_PHU_DTN', '2026-01', '2026-02'],
  ['QUANG_PHU_CCB', '2026-01', '2026-02'],
  ['HUONG_TRA', '2026-02', '2026-02'],
];
/** How busy a unit is (1 = usual). */
const DILIGENCE: Record<string, number> = { AN_MY: 1.35, PHUONG_TAMKY: 1.3, AN_PHU: 1.15, HOA_HUONG: 0.7, TAM_NGOC: 0.6, TAM_THANH: 0.75, HUONG_TRA: 0.8, AN_MY_KDC1: 1.4 };
/** Tết Bính Ngọ 2026 (17/02): nothing from 14 to 22 February. */
const QUIET: Array<[string, string]> = [['2026-02-14', '2026-02-22']];

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** A theme window of a month, if any: [from, to, theme, share of the month's reports]. */
function themeOf(month: string, kind: Kind): [string, string, Exclude<Theme, null>, number] | null {
  if (month === '2025-03') return ['2025-03-26', '2025-03-31', 'bdhvs', 0.35];
  if (month === '2025-05') return ['2025-05-12', '2025-05-20', 'st', 0.5];
  if (month === '2025-10') return ['2025-10-03', '2025-10-12', 'dx', 0.5];
  if (month === '2025-11' && kind === 'kdc') return ['2025-11-10', '2025-11-18', 'unity', 0.6];
  if (month === '2025-12' && kind !== 'kdc') return ['2025-12-18', '2025-12-26', 'anniv', 0.35];
  return null;
}

/** Forms that suit a theme (the theme words fit their titles). */
const THEMED_FORMS: Record<Exclude<Theme, null>, Form[]> = {
  bdhvs: ['BDHVS'],
  st: ['HOI_NGHI', 'TRUC_QUAN', 'FANPAGE', 'TRUYEN_THANH', 'TRANG_TTDT'],
  dx: ['HOI_NGHI', 'TRUC_QUAN', 'FANPAGE', 'TRUYEN_THANH', 'TRANG_TTDT', 'BDHVS'],
  unity: ['LONG_GHEP'],
  anniv: ['HOI_NGHI', 'FANPAGE', 'TRANG_TTDT', 'TRUC_QUAN'],
};

/** Hand-written reports the story needs (key events of the year). */
function scripted(r: Rng): Spec[] {
  const att = (total: number, mix: [number, number, number, number]) => attendance(r, total, mix);
  return [
    {
      unit: 'TAMKY',
      date: '2025-03-12',
      form: 'HOI_NGHI',
      title: 'Hội nghị quán triệt Nghị quyết 57-NQ/TW cho cán bộ chủ chốt hệ thống Mặt trận thành phố Tam Kỳ',
      place: 'Hội trường Thành ủy Tam Kỳ',
      description: 'Quán triệt Nghị quyết 57-NQ/TW, Chương trình 60-CTr/TU của Tỉnh ủy Quảng Nam và Kế hoạch tuyên truyền của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố ngày 07/3/2025; thành phần: Ủy viên Ủy ban, chủ tịch các tổ chức thành viên, Ban Thường trực các phường, xã.',
      measures: { sessions: 1, attCadres: 96, attParty: 64, attMembers: 28, attResidents: 0, attMale: 101, attFemale: 87 },
      topics: ['QD', 'NV', 'TCTH', 'CTR60'],
      photos: ['conference'],
    },
    {
      unit: 'TAMKY',
      date: '2025-03-26',
      form: 'BDHVS',
      title: 'Lễ ra quân phong trào "Bình dân học vụ số" trong hệ thống Mặt trận thành phố Tam Kỳ',
      place: 'Quảng trường 24 tháng 3, thành phố Tam Kỳ',
      description: 'Ra mắt các tổ công nghệ số cộng đồng của 12 phường, xã; đoàn viên thanh niên hướng dẫn tại chỗ cài đặt VNeID và dịch vụ công trực tuyến.',
      measures: { sessions: 1, digitalHelped: 146, ...att(320, [3, 2, 5, 6]) },
      topics: ['BDHVS', 'MT08'],
      photos: ['class', 'elderly'],
    },
    {
      unit: 'TAMKY',
      date: '2025-05-16',
      dateTo: '2025-06-15',
      form: 'CUOC_THI',
      title: 'Cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW trên địa bàn thành phố Tam Kỳ',
      place: null,
      description: 'Bốn tuần thi, mỗi lượt 20 câu hỏi trắc nghiệm và 01 câu hỏi dự đoán; trao 16 giải cá nhân và 03 giải tập thể cho đơn vị có nhiều người tham gia.',
      measures: { contests: 1, entries: 3412, participants: 2086, winners: 19 },
      topics: ['NQ57', 'QD', 'MT2030'],
      photos: ['contest'],
    },
    {
      unit: 'TAMKY',
      date: '2025-05-18',
      form: 'TRANG_TTDT',
      title: 'Chuyên mục "Nghị quyết 57 vào cuộc sống" trên Trang thông tin điện tử Ủy ban MTTQ Việt Nam thành phố: tin, bài hưởng ứng Ngày Khoa học và Công nghệ Việt Nam 18/5',
      place: null,
      description: 'Tin, bài về các hoạt động hưởng ứng 18/5 của các phường, xã; giới thiệu 03 mô hình ứng dụng khoa học, công nghệ trong sản xuất nông nghiệp.',
      measures: { newsItems: 6, articles: 3, photos: 24, videos: 1, views: 5830 },
      topics: ['NQ57', 'QD1', 'MT01'],
      photos: [],
    },
    {
      unit: 'TAMKY',
      date: '2025-06-18',
      form: 'KHAC',
      title: 'Giám sát việc triển khai dịch vụ công trực tuyến toàn trình tại Bộ phận Một cửa thành phố Tam Kỳ',
      place: 'Trung tâm Hành chính công thành phố Tam Kỳ',
      description: 'Đoàn giám sát của Ban Thường trực làm việc với Văn phòng HĐND và UBND thành phố; khảo sát 120 người dân đến giao dịch; 05 kiến nghị, 02 kiến nghị đã được giải quyết ngay.',
      measures: { supervisionsHeld: 1, supervisionsProposed: 1, recommendationsMade: 5, recommendationsResolved: 2 },
      topics: ['GSPB', 'MT08'],
      photos: ['seminar'],
    },
    {
      unit: 'TAMKY',
      date: '2025-06-24',
      form: 'KHAC',
      title: 'Hội nghị biểu dương mô hình hay, gương điển hình ứng dụng khoa học, công nghệ, chuyển đổi số thành phố Tam Kỳ',
      place: 'Hội trường Ủy ban MTTQ Việt Nam thành phố Tam Kỳ',
      description: 'Biểu dương 08 mô hình và 12 gương điển hình do các phường, xã và tổ chức thành viên giới thiệu; đề nghị nhân rộng mô hình "Chợ 4.0" và "Tổ công nghệ số cộng đồng".',
      measures: { sessions: 1, modelsFound: 8, modelsHonoured: 8, modelsReplicated: 2, exemplarsFound: 12, exemplarsHonoured: 12, ...att(115, [4, 3, 2, 2]) },
      topics: ['TCTH', 'NV6', 'BDHVS'],
      photos: ['conference'],
    },
    {
      unit: 'AN_MY',
      date: '2025-05-17',
      form: 'SAN_KHAU_HOA',
      title: 'Hội thi sân khấu hóa "Nghị quyết 57 vào cuộc sống" phường An Mỹ',
      place: 'Hội trường Ủy ban MTTQ Việt Nam phường An Mỹ',
      description: '08 đội đến từ các khối phố và chi hội; tiểu phẩm về dịch vụ công trực tuyến, thanh toán không dùng tiền mặt, phòng chống lừa đảo trên mạng.',
      measures: { shows: 1, acts: 8, audience: 420, contests: 1, winners: 4, ...att(64, [2, 2, 4, 2]) },
      topics: ['NQ57', 'KNS'],
      photos: ['stage'],
    },
    {
      unit: 'PHUONG_TAMKY',
      date: '2025-07-15',
      form: 'HOI_NGHI',
      title: 'Hội nghị triển khai công tác tuyên truyền Nghị quyết 57-NQ/TW sau sắp xếp đơn vị hành chính phường Tam Kỳ',
      place: 'Hội trường Ủy ban MTTQ Việt Nam phường Tam Kỳ',
      description: 'Kiện toàn đầu mối tuyên truyền ở các khu dân cư chuyển về phường; tiếp tục các nhiệm vụ của Kế hoạch tuyên truyền năm 2025 do các phường An Mỹ, An Xuân, Trường Xuân ban hành.',
      measures: { sessions: 1, ...att(142, [5, 4, 3, 2]) },
      topics: ['QD', 'NV', 'TCTH'],
      photos: ['conference'],
    },
    {
      unit: 'QUANG_PHU',
      date: '2025-10-10',
      form: 'BDHVS',
      title: 'Ngày hội "Bình dân học vụ số" phường Quảng Phú hưởng ứng Ngày Chuyển đổi số quốc gia 10/10',
      place: 'Nhà văn hóa khối phố Mỹ Thạch Trung',
      description: 'Các gian hướng dẫn: VNeID mức 2, dịch vụ công trực tuyến, thanh toán bằng mã QR, nhận diện lừa đảo qua điện thoại; đoàn viên thanh niên và hội viên phụ nữ làm tình nguyện viên.',
      measures: { sessions: 1, digitalHelped: 238, ...att(310, [2, 2, 6, 12]) },
      topics: ['BDHVS', 'MT08', 'MT09'],
      photos: ['class', 'elderly'],
    },
    {
      unit: 'PHUONG_TAMKY',
      date: '2025-12-22',
      form: 'HOI_NGHI',
      title: 'Hội nghị sơ kết 01 năm tuyên truyền Nghị quyết 57-NQ/TW trên địa bàn phường Tam Kỳ',
      place: 'Hội trường Ủy ban MTTQ Việt Nam phường Tam Kỳ',
      description: 'Đánh giá kết quả tuyên truyền từ tháng 3/2025 (kể cả kết quả của các phường An Mỹ, An Xuân, Trường Xuân trước sắp xếp); biểu dương khu dân cư, chi hội tiêu biểu.',
      measures: { sessions: 1, modelsHonoured: 3, exemplarsHonoured: 5, ...att(128, [5, 4, 3, 1]) },
      topics: ['NQ57', 'TCTH'],
      photos: ['conference'],
    },
    {
      unit: 'PHUONG_TAMKY',
      date: '2026-01-28',
      form: 'HOI_NGHI',
      title: 'Hội nghị quán triệt Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW năm 2026 của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Đà Nẵng',
      place: 'Hội trường Ủy ban MTTQ Việt Nam phường Tam Kỳ',
      description: 'Quán triệt Kế hoạch số 05/KH-MTTQ-BTT của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố; thống nhất chỉ tiêu mỗi quý ít nhất 02 hội nghị và duy trì chuyên mục "Đại đoàn kết".',
      measures: { sessions: 1, ...att(96, [5, 4, 3, 0]) },
      topics: ['QD', 'MT2030', 'NV'],
      photos: ['seminar'],
    },
    // Drafts people are still writing.
    {
      unit: 'AN_MY_KDC1',
      date: '2026-02-26',
      form: 'LONG_GHEP',
      title: 'Tuyên truyền Nghị quyết 57-NQ/TW tại buổi sinh hoạt khối phố 1 tháng 2/2026',
      place: 'Nhà văn hóa khối phố 1',
      description: null,
      measures: { sessions: 1, attResidents: 46 },
      topics: ['NQ57'],
      photos: [],
      status: 'draft',
    },
    {
      unit: 'PHUONG_TAMKY_HPN',
      date: '2026-02-27',
      form: 'BDHVS',
      title: 'Lớp "Bình dân học vụ số" cho hội viên phụ nữ tổ dân phố',
      place: null,
      description: null,
      measures: { sessions: 1 },
      topics: [],
      photos: [],
      status: 'draft',
    },
    {
      unit: 'QUANG_PHU',
      date: '2026-02-25',
      form: 'TRUYEN_THANH',
      title: 'Phát bản tin "Đại đoàn kết" tháng 2/2026 trên Trạm truyền thanh phường Quảng Phú',
      place: 'Trạm truyền thanh phường Quảng Phú',
      description: null,
      measures: { bulletins: 4, broadcasts: 8 },
      topics: ['NQ57'],
      photos: [],
      status: 'draft',
    },
  ];
}

// ------------------------------------------------------------------ the seeder

interface UnitInfo {
  id: string;
  code: string;
  name: string;
  valid_from: string | null;
  valid_to: string | null;
}

/** "Ủy ban MTTQ Việt Nam phường An Mỹ" → "phường An Mỹ". */
const areaOf = (name: string) => name.replace(/^Ủy ban MTTQ Việt Nam\s+/i, '');
/** "Ban công tác Mặt trận khối phố 1 (phường An Mỹ)" → "khối phố 1". */
const kdcOf = (name: string) => name.replace(/^Ban công tác Mặt trận\s+/i, '').replace(/\s*\(.*\)$/, '');

let photoCache: Promise<Array<{ scene: PhotoScene; caption: string; display: ImageOut; thumb: ImageOut }>> | null = null;

/**
 * The evidence photos as the upload endpoint stores them (activities.photos.ts `processPhoto`): a small
 * original without EXIF (≤ 1600 px, ≤ SMALL_ORIGINAL_BYTES) is kept as the display image, plus a
 * THUMB_PX WebP thumbnail — computed here directly, skipping the large WebP that `processPhoto` would
 * encode and then discard. Drawn once per process (tests seed many databases).
 */
function evidencePhotos() {
  photoCache ??= demoPhotos().then((list) =>
    Promise.all(
      list.map(async (d) => {
        if (d.jpeg.length > SMALL_ORIGINAL_BYTES) throw new Error(`demo: ảnh ${d.name} quá lớn để giữ nguyên`);
        const meta = await sharp(d.jpeg).metadata();
        const small = await sharp(d.jpeg).resize({ width: THUMB_PX, height: THUMB_PX, fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer({ resolveWithObject: true });
        const base = d.name.replace(/\.jpg$/, '');
        return {
          scene: d.scene,
          caption: d.caption,
          display: { buffer: d.jpeg, name: d.name, width: meta.width ?? 0, height: meta.height ?? 0 },
          thumb: { buffer: small.data, name: `${base}-${THUMB_PX}.webp`, width: small.info.width, height: small.info.height },
        };
      }),
    ),
  );
  return photoCache;
}

const iso = (date: string, minutes: number) => new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000).toISOString();

/**
 * Loads the demo activity reports (see the module comment). Expects the organisation and the campaign demo
 * (seedDemo, seedCampaignDemo). Returns how many reports (every version) and photo attachments it wrote.
 */
export async function seedActivitiesDemo(handle: DbHandle, config: Config, now: Date = config.fixedNow ? fixedClock(config.fixedNow).now() : new Date()): Promise<{ activities: number; activityPhotos: number }> {
  const db = handle.db;
  const clock = fixedClock(now.toISOString());
  const today = clock.today();
  const nowIso = now.toISOString();
  const s = buildServices(handle, clock, config);
  const r = prng(20250307);

  // ---- lookups ----
  const units = new Map<string, UnitInfo>((await db.selectFrom('units').select(['id', 'code', 'name', 'valid_from', 'valid_to']).execute()).map((u) => [u.code, u]));
  const unit = (code: string) => {
    const u = units.get(code);
    if (!u) throw new Error(`demo: unknown unit ${code}`);
    return u;
  };
  const codeOfId = new Map([...units.values()].map((u) => [u.id, u.code]));
  const tree = await s.units.tree();
  const campaigns = await db.selectFrom('campaigns').select(['id', 'code', 'unit_id']).execute();
  const campaign2025 = campaigns.find((c) => c.code === 'NQ57-2025' && c.unit_id === unit('TAMKY').id);
  if (!campaign2025) throw new Error('demo: the NQ 57 campaign of Tam Kỳ is missing (run the campaign demo first)');
  const campaign2026 = campaigns.find((c) => c.code === 'NQ57' && c.unit_id === unit('DANANG').id) ?? null;
  const topicRows = await db.selectFrom('topics').select(['id', 'code', 'campaign_id']).execute();
  const topicId = new Map(topicRows.map((t) => [`${t.campaign_id}|${t.code}`, t.id]));
  const plans = await db.selectFrom('plans').select(['id', 'issuing_unit_id', 'campaign_id', 'doc_date', 'issued_at']).where('status', 'in', ['issued', 'closed']).where('is_template', '=', 0).execute();
  const planOf = (code: string, campaignId: string, date: string) =>
    plans.find((p) => p.issuing_unit_id === unit(code).id && p.campaign_id === campaignId && (p.issued_at ?? '').slice(0, 10) <= date)?.id ?? null;

  // ---- people ----
  const template = await db.selectFrom('users').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const existing = new Set((await db.selectFrom('users').select('username').execute()).map((u) => u.username));
  const createdAt = '2024-10-01T01:00:00.000Z';
  for (const p of ACTIVITY_PEOPLE) {
    if (existing.has(p.username)) continue;
    const id = newId();
    await db
      .insertInto('users')
      .values({
        id,
        username: p.username,
        email: null,
        full_name: p.fullName,
        phone: null,
        position: p.position,
        password_hash: template.password_hash,
        must_change_password: 0,
        failed_attempts: 0,
        locked_until: null,
        disabled: 0,
        last_login_at: null,
        password_changed_at: createdAt,
        created_at: p.from < '2025-01-01' ? createdAt : `${p.from}T01:00:00.000Z`,
        updated_at: createdAt,
      })
      .execute();
    await db
      .insertInto('role_grants')
      .values({ id: newId(), user_id: id, unit_id: unit(p.unit).id, role: p.role, valid_from: p.from, valid_to: p.to, note: null, created_by: null, created_at: createdAt })
      .execute();
  }
  const userRows = new Map((await db.selectFrom('users').select(['id', 'username', 'full_name']).execute()).map((u) => [u.username, u]));
  const userId = (username: string) => {
    const u = userRows.get(username);
    if (!u) throw new Error(`demo: unknown user ${username}`);
    return u.id;
  };

  /** Who wrote a unit's report of that date, and who reviewed it (with the unit each acted for). */
  const people = (code: string, date: string): { author: [string, string]; reviewer: [string, string] } => {
    const old = date <= OLD_END;
    const parent = codeOfId.get(tree.parentOn(unit(code).id, date) ?? '') ?? '';
    if (code === 'TAMKY') return { author: ['tamky.btt', 'TAMKY'], reviewer: ['quangnam.btt', 'QNAM'] };
    if (TAMKY_ORGS.includes(code)) return { author: ['tamky.btt', 'TAMKY'], reviewer: ['tamky.lanhdao', 'TAMKY'] };
    if ((FORMER_WARDS as readonly string[]).includes(code)) return { author: [OLD_OFFICER[code], code], reviewer: [date.slice(8) < '16' ? 'tamky.btt' : 'tamky.lanhdao', 'TAMKY'] };
    if ((NEW_WARDS as readonly string[]).includes(code)) return { author: [NEW_OFFICER[code], code], reviewer: [date.slice(8) < '16' ? 'danang.btt' : 'danang.lanhdao', 'DANANG'] };
    if (old) {
      // A residential area before 1/7/2025: the ward's officer enters the paper report, its chair reviews.
      const chair = OLD_CHAIR[parent];
      if (!chair) throw new Error(`demo: nobody reviews ${code} on ${date}`);
      return { author: [OLD_OFFICER[parent], parent], reviewer: [chair, parent] };
    }
    if (code === 'AN_MY_KDC1') return { author: ['khoipho.tamky', code], reviewer: [NEW_LEADER[parent], parent] };
    if (code === 'PHUONG_TAMKY_HPN') return { author: ['phunu.tamky', code], reviewer: [NEW_LEADER[parent], parent] };
    return { author: [NEW_OFFICER[parent], parent], reviewer: [NEW_LEADER[parent], parent] };
  };

  /** The unit in words on a date. */
  const whoOn = (code: string, date: string): Who => {
    const u = unit(code);
    const parentId = tree.parentOn(u.id, date);
    const parent = parentId ? tree.get(parentId) : undefined;
    const areasUnder = (wardId: string) =>
      tree
        .childrenOn(wardId, date)
        .map((id) => tree.get(id)!)
        .filter((x) => x.kind === 'residential_committee')
        .map((x) => kdcOf(x.name));
    if (code === 'TAMKY') return { code, kind: 'city', area: 'thành phố Tam Kỳ', self: 'Ủy ban MTTQ Việt Nam thành phố Tam Kỳ', members: 'cán bộ, đảng viên và Nhân dân', cell: 'khu dân cư', areas: [] };
    const suffix = code.split('_').pop() ?? '';
    if (TAMKY_ORGS.includes(code) || WARD_ORGS.some((o) => code.endsWith(`_${o}`))) {
      const [members, cell] = ORG_WORDS[suffix] ?? ['hội viên', 'chi hội'];
      return { code, kind: 'org', area: parent ? areaOf(parent.name) : 'thành phố Tam Kỳ', self: u.name, members, cell, areas: [] };
    }
    if (code.includes('_KDC')) {
      const ward = parent ? areaOf(parent.name) : '';
      return { code, kind: 'kdc', area: ward, self: `${kdcOf(u.name)}, ${ward}`, members: 'người dân', cell: 'khu dân cư', areas: [] };
    }
    return { code, kind: 'ward', area: areaOf(u.name), self: u.name, members: 'người dân', cell: 'khu dân cư', areas: areasUnder(u.id) };
  };

  // ---- the year's reports ----
  const specs: Spec[] = scripted(r);
  const silent = (code: string, month: string) => SILENT.some(([c, a, b]) => c === code && a <= month && month <= b);
  const reporters: Array<{ code: string; kind: Kind; base: (month: string) => number }> = [
    { code: 'TAMKY', kind: 'city', base: () => BASE.city },
    ...TAMKY_ORGS.map((code) => ({ code, kind: 'org' as Kind, base: () => BASE.org })),
    ...FORMER_WARDS.map((code) => ({ code, kind: 'ward' as Kind, base: () => BASE.ward })),
    ...NEW_WARDS.map((code) => ({ code, kind: 'ward' as Kind, base: () => BASE.newWard })),
    ...NEW_WARDS.flatMap((w) => WARD_ORGS.map((o) => ({ code: `${w}_${o}`, kind: 'org' as Kind, base: () => BASE.newOrg }))),
    ...[...units.keys()].filter((c) => c.includes('_KDC')).sort().map((code) => ({ code, kind: 'kdc' as Kind, base: () => BASE.kdc })),
  ];
  for (const month of MONTHS) {
    for (const rep of reporters) {
      const u = unit(rep.code);
      let from = `${month}-01`;
      let to = lastDay(month);
      if (from < '2025-03-10') from = '2025-03-10'; // the city plan was issued on 07/03/2025
      if (u.valid_from && from < u.valid_from) from = u.valid_from;
      if (month === '2025-07' && from < '2025-07-07') from = '2025-07-07'; // the new wards settle in first
      if (u.valid_to && to > u.valid_to) to = u.valid_to;
      if (to > ACTIVITY_STORY.to) to = ACTIVITY_STORY.to;
      if (from > to || silent(rep.code, month)) continue;
      // Residential areas report through a ward whose chair reviews; Tam Phú's had nobody before 1/7/2025.
      if (rep.kind === 'kdc' && from <= OLD_END && !OLD_CHAIR[codeOfId.get(tree.parentOn(u.id, from) ?? '') ?? '']) continue;
      const lambda = rep.base(month) * MONTH_FACTOR[month] * (DILIGENCE[rep.code] ?? 0.85 + r.next() * 0.3);
      let n = Math.floor(lambda) + (r.chance(lambda - Math.floor(lambda)) ? 1 : 0);
      if (rep.code === 'TAMKY_CGC' && month === '2025-03') n = 1;
      const theme = themeOf(month, rep.kind);
      const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
      for (let i = 0; i < n; i++) {
        let date: string;
        let th: Theme = null;
        if (theme && r.chance(theme[3]) && theme[0] <= to && theme[1] >= from) {
          const a = [theme[0], from].sort()[1];
          const b = [theme[1], to].sort()[0];
          date = addDays(a, r.int(0, days(a, b)));
          th = theme[2];
        } else date = addDays(from, r.int(0, days(from, to)));
        if (QUIET.some(([a, b]) => a <= date && date <= b)) date = addDays(QUIET[0][0], -r.int(1, 10));
        if (date < from) continue;
        let form = r.weighted(FORM_MIX[rep.kind]) as Form;
        if (th && !THEMED_FORMS[th].includes(form)) form = r.pick(THEMED_FORMS[th].filter((f) => FORM_MIX[rep.kind][f] || th === 'unity' || th === 'bdhvs'));
        if (form === 'TRANG_TTDT' && rep.kind !== 'city' && !(NEW_WARDS as readonly string[]).includes(rep.code)) form = 'FANPAGE';
        specs.push({ unit: rep.code, date, ...compose(r, whoOn(rep.code, date), form, th) });
      }
    }
  }

  // ---- statuses and timestamps ----
  interface Planned {
    spec: Spec;
    content: ActivityContent;
    status: 'accepted' | 'submitted' | 'draft';
    author: [string, string];
    reviewer: [string, string];
    created: string;
    submitted: string | null;
    reviewed: string | null;
  }
  const planned: Planned[] = [];
  const measureCols = (m: Measures) => {
    const out = {} as Record<ActivityMeasureColumn, number | null>;
    for (const def of MEASURES) out[def.column] = m[def.key] ?? null;
    return out;
  };
  /** Phường Hương Trà's chair has not reviewed the reports of the ward's organisations and areas since mid-December. */
  const slowReviewer = (reviewer: string, date: string) => date >= '2025-12-15' && reviewer === 'huongtra.lanhdao';
  specs.sort((a, b) => a.date.localeCompare(b.date) || a.unit.localeCompare(b.unit) || a.title.localeCompare(b.title));
  for (const spec of specs) {
    if (spec.date > today) continue;
    const { author, reviewer } = people(spec.unit, spec.date);
    const is2026 = spec.date >= '2026-01-01' && campaign2026;
    const campaignId = is2026 ? campaign2026.id : campaign2025.id;
    const topics = spec.topics.map((c) => {
      const id = topicId.get(`${campaignId}|${c}`);
      if (!id) throw new Error(`demo: topic ${c} is missing`);
      return id;
    });
    // The plan a report carries out: the unit's own implementing plan, else the one above it.
    const old = spec.date <= OLD_END;
    const parentCode = codeOfId.get(tree.parentOn(unit(spec.unit).id, spec.date) ?? '') ?? '';
    const planId = is2026
      ? (planOf(spec.unit, campaignId, spec.date) ?? planOf(parentCode, campaignId, spec.date) ?? planOf('DANANG', campaignId, spec.date))
      : old
        ? (planOf(spec.unit, campaignId, spec.date) ?? planOf(parentCode, campaignId, spec.date) ?? planOf('TAMKY', campaignId, spec.date))
        : planOf('TAMKY', campaignId, spec.date);
    const end = spec.dateTo ?? spec.date;
    const eraEnd = old ? `${OLD_END}T09:30:00.000Z` : null;
    const clampEra = (t: string) => (eraEnd && t > eraEnd ? eraEnd : t);
    let created = clampEra(iso(end, r.int(0, 3) * 1440 + r.int(60, 540)));
    if (created < iso(end, 0)) created = iso(end, 120);
    let submitted = clampEra(new Date(Date.parse(created) + r.int(5, 180) * 60_000).toISOString());
    if (submitted < created) submitted = created;
    let reviewed = clampEra(iso(submitted.slice(0, 10), r.int(1, 6) * 1440 + r.int(60, 540)));
    if (reviewed <= submitted) reviewed = new Date(Date.parse(submitted) + 30 * 60_000).toISOString();
    let status: Planned['status'] = spec.status ?? 'accepted';
    if (status === 'accepted' && ((spec.date >= '2026-02-01' && r.chance(0.85)) || slowReviewer(reviewer[0], spec.date))) status = 'submitted';
    if (status === 'accepted' && reviewed > nowIso) status = 'submitted';
    if (status === 'submitted' && submitted > nowIso) status = 'draft';
    if (created > nowIso) continue;
    planned.push({
      spec,
      content: {
        unit_id: unit(spec.unit).id,
        campaign_id: campaignId,
        plan_id: status === 'draft' ? null : planId,
        task_id: null,
        occurrence_id: null,
        task_done: 0,
        form_code: spec.form,
        title: spec.title,
        date_from: spec.date,
        date_to: spec.dateTo ?? null,
        place: spec.place,
        description: spec.description,
        links: [],
        topicIds: topics,
        measures: measureCols(spec.measures),
      },
      status,
      author,
      reviewer,
      created,
      submitted: status === 'draft' ? null : submitted,
      reviewed: status === 'accepted' ? reviewed : null,
    });
  }

  // ---- check every report as the service would ----
  const adminActor: Actor = { userId: userId('admin'), username: 'admin', fullName: 'Quản trị hệ thống', sessionId: 'demo-seed', actingUnitId: unit('TW').id, grants: await db.selectFrom('role_grants').selectAll().where('user_id', '=', userId('admin')).execute() };
  const adminScope = new Scope(adminActor, tree, today);
  const lookups = s.activities.newLookups();
  // For an administrator a plan is valid or not whatever the report: each distinct plan is checked once, with
  // its first report, and the other reports without it (one query fewer per report on PostgreSQL).
  const plansChecked = new Set<string | null>([null]);
  for (const p of planned) {
    const content = plansChecked.has(p.content.plan_id) ? { ...p.content, plan_id: null } : p.content;
    plansChecked.add(p.content.plan_id);
    const issues = await s.activities.checkContent(adminScope, db, content, { complete: true, lookups });
    if (issues.length) throw new Error(`demo: báo cáo «${p.spec.title}» (${p.spec.unit}, ${p.spec.date}) không hợp lệ: ${issues.map((i) => i.message).join('; ')}`);
  }

  // ---- photos: drawn, resized as the upload endpoint does, stored once ----
  const files = new FileStore(db, config.filesDir, fixedClock('2025-03-12T03:00:00Z'));
  const processed = await evidencePhotos();

  const ctxOf = (username: string, acting: string): Ctx => ({
    actor: { userId: userId(username), username, fullName: userRows.get(username)!.full_name, sessionId: 'demo-seed', actingUnitId: unit(acting).id, grants: [] },
    ip: null,
    requestId: null,
  });
  let photoLinks = 0;
  await tx(db, async (trx) => {
    const stored = new Map<PhotoScene, { file: string; thumb: string; width: number; height: number; caption: string }>();
    for (const p of processed) {
      const common = { unitId: null, userId: null, allowed: PHOTO_KINDS, maxBytes: Math.max(config.maxUploadBytes, p.display.buffer.length) };
      const display = await files.save({ ...common, buffer: p.display.buffer, name: p.display.name }, trx);
      const thumb = await files.save({ ...common, buffer: p.thumb.buffer, name: p.thumb.name }, trx);
      stored.set(p.scene, { file: display.id, thumb: thumb.id, width: p.display.width, height: p.display.height, caption: p.caption });
    }
    const rows = [];
    const events: ActivityEventTable[] = [];
    const fileRows: ActivityFileTable[] = [];
    const topics: Array<{ activity_id: string; topic_id: string }> = [];
    for (const p of planned) {
      const authorId = userId(p.author[0]);
      const row = s.activities.newRow(p.content, ctxOf(p.author[0], p.author[1]), p.created, {
        status: p.status,
        version: p.status === 'draft' ? 1 : p.status === 'submitted' ? 2 : 3,
        updated_at: p.submitted ?? p.created,
        submitted_by: p.submitted ? authorId : null,
        submitted_at: p.submitted,
        reviewed_by: p.reviewed ? userId(p.reviewer[0]) : null,
        reviewed_at: p.reviewed,
      });
      rows.push(row);
      for (const t of p.content.topicIds) topics.push({ activity_id: row.id, topic_id: t });
      const ev = (seq: number, kind: string, at: string, who: [string, string]) =>
        events.push({ id: newId(), activity_id: row.id, root_id: row.id, seq, kind, comment: null, user_id: userId(who[0]), acting_unit_id: unit(who[1]).id, at });
      ev(1, 'created', p.created, p.author);
      if (p.submitted) ev(2, 'submitted', p.submitted, p.author);
      if (p.reviewed) ev(3, 'accepted', p.reviewed, p.reviewer);
      p.spec.photos.forEach((scene, i) => {
        const f = stored.get(scene)!;
        fileRows.push({ id: newId(), activity_id: row.id, kind: 'photo', file_id: f.file, thumb_file_id: f.thumb, width: f.width, height: f.height, caption: f.caption, sort: i, created_by: authorId, created_at: p.created });
      });
    }
    const repo = new ActivitiesRepository();
    await repo.insert(trx, rows);
    await repo.insertTopics(trx, topics);
    await repo.insertEvents(trx, events);
    for (let i = 0; i < fileRows.length; i += 400) await trx.insertInto('activity_files').values(fileRows.slice(i, i + 400)).execute();
    photoLinks = fileRows.length;
    await rebuildStats(trx);

    // The reviewers see what waits for them (one notice per reviewing unit, as the import does).
    const waiting = new Map<string, Planned[]>();
    for (const p of planned) if (p.status === 'submitted') waiting.set(p.reviewer[1], [...(waiting.get(p.reviewer[1]) ?? []), p]);
    for (const [reviewerUnit, list] of [...waiting].sort(([a], [b]) => a.localeCompare(b))) {
      const at = list.map((p) => p.submitted!).sort()[list.length - 1];
      await new NotificationsService(trx, fixedClock(at)).notify(trx, {
        unitId: unit(reviewerUnit).id,
        roles: ['officer', 'leader'],
        kind: 'activity.submitted',
        title: `${list.length} báo cáo hoạt động chờ duyệt`,
        body: `Các đơn vị trực thuộc đã gửi ${list.length} báo cáo hoạt động (mới nhất ngày ${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)}).`,
        link: '/app/hoat-dong?reviewable=true',
        entityType: 'activity',
        entityId: null,
        dedupeKey: `demo-activities-waiting:${unit(reviewerUnit).id}`,
      });
    }
      await s.audit.record(trx, { actor: null, ip: null, requestId: null }, {
      action: 'demo.activities',
      entityType: 'system',
      entityId: null,
      summary: `Nạp dữ liệu mẫu: ${rows.length} báo cáo hoạt động từ 07/3/2025 đến 28/02/2026, ${fileRows.length} ảnh minh chứng`,
    });
  });

  // ---- returned reports and corrections, through the service on their own dates ----
  const played = await playReviews(handle, config, now, { unit, userRows, topicId, campaign2025: campaign2025.id, campaign2026: campaign2026?.id ?? null, planOf });

  // What 2025 brought has been read.
  await db.updateTable('notifications').set({ read_at: '2026-01-01T00:00:00.000Z' }).where('created_at', '<', '2026-01-01').where('kind', 'like', 'activity.%').where('read_at', 'is', null).execute();

  return { activities: planned.length + played, activityPhotos: photoLinks };
}

interface Lookup {
  unit: (code: string) => UnitInfo;
  userRows: Map<string, { id: string; username: string; full_name: string }>;
  topicId: Map<string, string>;
  campaign2025: string;
  campaign2026: string | null;
  planOf: (code: string, campaignId: string, date: string) => string | null;
}

/**
 * The reports whose story is their review: returned with a comment (one fixed and accepted), and accepted
 * reports corrected later. Played through `services.activities` with the clock on each step's moment, as
 * the people concerned; steps after `now` are not played. Returns how many report rows it created.
 */
async function playReviews(handle: DbHandle, config: Config, now: Date, k: Lookup): Promise<number> {
  const clock = fixedClock('2025-03-07T00:00:00Z');
  const s = buildServices(handle, clock, config);
  const tree = await s.units.tree();
  const grantsOf = new Map<string, GrantRow[]>();
  for (const g of await handle.db.selectFrom('role_grants').selectAll().execute()) grantsOf.set(g.user_id, [...(grantsOf.get(g.user_id) ?? []), g]);
  const as = async (username: string, unitCode: string) => {
    const u = k.userRows.get(username);
    if (!u) throw new Error(`demo: unknown user ${username}`);
    const grants = grantsOf.get(u.id) ?? [];
    const actor: Actor = { userId: u.id, username, fullName: u.full_name, sessionId: 'demo-seed', actingUnitId: k.unit(unitCode).id, grants };
    const scope = new Scope(actor, tree, clock.today());
    if (!scope.actingUnitId) throw new Error(`demo: ${username} không làm việc cho ${unitCode} ngày ${clock.today()}`);
    return { scope, ctx: { actor, ip: null, requestId: null } as Ctx };
  };
  const topics = (campaignId: string, ...codes: string[]) => codes.map((c) => k.topicId.get(`${campaignId}|${c}`)!);
  /** The parsed API body: text fields the report leaves unchanged are `undefined`. */
  const body = <T extends object>(x: T) => ({ title: undefined, place: undefined, description: undefined, ...x });
  const ids: Record<string, string> = {};
  let created = 0;
  type Step = { at: string; what: string; run: () => Promise<void> };
  const steps: Step[] = [];
  const on = (at: string, what: string, run: () => Promise<void>) => steps.push({ at, what, run });
  const c25 = k.campaign2025;

  // 1. An Sơn: returned for missing attendance by group, fixed, accepted.
  on('2025-04-14T02:10:00Z', 'An Sơn gửi báo cáo hội nghị', async () => {
    const { scope, ctx } = await as('anson.btt', 'AN_SON');
    const a = await s.activities.create(scope, ctx, body({
      campaignId: c25,
      planId: k.planOf('TAMKY', c25, '2025-04-11') ?? undefined,
      formCode: 'HOI_NGHI',
      title: 'Hội nghị tuyên truyền Nghị quyết 57-NQ/TW cho Trưởng Ban công tác Mặt trận các thôn, khối phố phường An Sơn',
      dateFrom: '2025-04-11',
      place: 'Hội trường Ủy ban MTTQ Việt Nam phường An Sơn',
      topicIds: topics(c25, 'QD', 'NV1'),
      measures: { sessions: 1, attResidents: 72 },
      submit: true,
    }));
    ids.anSon = a.activity.id;
    created += 1;
  });
  on('2025-04-16T03:00:00Z', 'thành phố trả lại báo cáo của An Sơn', async () => {
    const { scope, ctx } = await as('tamky.btt', 'TAMKY');
    await s.activities.return(scope, ctx, ids.anSon, {
      comment: 'Đề nghị bổ sung số người tham dự theo thành phần (cán bộ, đảng viên, đoàn viên hội viên, Nhân dân) — thành phần hội nghị là cán bộ khu dân cư, không phải Nhân dân — và ảnh minh chứng.',
    });
  });
  on('2025-04-18T01:30:00Z', 'An Sơn sửa và gửi lại', async () => {
    const { scope, ctx } = await as('anson.btt', 'AN_SON');
    const a = await s.activities.get(scope, ids.anSon);
    await s.activities.update(scope, ctx, ids.anSon, body({ version: a.version, measures: { attCadres: 38, attParty: 24, attMembers: 10, attResidents: 0, attMale: 45, attFemale: 27 } }));
    await s.activities.submit(scope, ctx, ids.anSon, {});
  });
  on('2025-04-21T02:00:00Z', 'thành phố duyệt báo cáo của An Sơn', async () => {
    const { scope, ctx } = await as('tamky.lanhdao', 'TAMKY');
    await s.activities.accept(scope, ctx, ids.anSon, { comment: 'Đã bổ sung đầy đủ.' });
  });

  // 2. An Mỹ: an accepted visual-propaganda report corrected (more banners counted), accepted again.
  on('2025-05-19T02:00:00Z', 'An Mỹ gửi báo cáo tuyên truyền trực quan 18/5', async () => {
    const { scope, ctx } = await as('anmy.btt', 'AN_MY');
    const a = await s.activities.create(scope, ctx, body({
      campaignId: c25,
      planId: k.planOf('AN_MY', c25, '2025-05-15') ?? undefined,
      formCode: 'TRUC_QUAN',
      title: 'Treo băng rôn, cờ hưởng ứng Ngày Khoa học và Công nghệ Việt Nam 18/5 trên đường Phan Chu Trinh, Hùng Vương',
      dateFrom: '2025-05-15',
      dateTo: '2025-05-18',
      place: 'Các tuyến đường Phan Chu Trinh, Hùng Vương, phường An Mỹ',
      topicIds: topics(c25, 'QD1', 'MT01'),
      measures: { banners: 12, flags: 150, slogans: 6 },
      submit: true,
    }));
    ids.anMy = a.activity.id;
    created += 1;
  });
  on('2025-05-21T03:00:00Z', 'thành phố duyệt báo cáo của An Mỹ', async () => {
    const { scope, ctx } = await as('tamky.btt', 'TAMKY');
    await s.activities.accept(scope, ctx, ids.anMy, {});
  });
  on('2025-06-03T02:00:00Z', 'An Mỹ đính chính (thêm pa nô của các khối phố)', async () => {
    const { scope, ctx } = await as('anmy.btt', 'AN_MY');
    const c = await s.activities.correct(scope, ctx, ids.anMy);
    created += 1;
    await s.activities.update(scope, ctx, c.id, body({
      version: c.version,
      measures: { banners: 16, panels: 3, flags: 150, slogans: 6 },
      description: 'Đính chính: bổ sung 04 băng rôn và 03 pa nô do các khối phố 1, 2, 3 tự làm, chưa tổng hợp trong báo cáo trước.',
    }));
    await s.activities.submit(scope, ctx, c.id, {});
    ids.anMyFix = c.id;
  });
  on('2025-06-05T02:30:00Z', 'thành phố duyệt bản đính chính của An Mỹ', async () => {
    const { scope, ctx } = await as('tamky.lanhdao', 'TAMKY');
    await s.activities.accept(scope, ctx, ids.anMyFix, {});
  });

  // 3. Tam Thăng: returned a few days before the merge, never resubmitted.
  on('2025-06-24T02:00:00Z', 'Tam Thăng gửi báo cáo Trang cộng đồng', async () => {
    const { scope, ctx } = await as('tamthang.btt', 'TAM_THANG');
    const a = await s.activities.create(scope, ctx, body({
      campaignId: c25,
      formCode: 'FANPAGE',
      title: 'Đăng tải tin, bài về Nghị quyết 57-NQ/TW trên Trang cộng đồng "Mặt trận Tam Thăng" tháng 6/2025',
      dateFrom: '2025-06-20',
      topicIds: topics(c25, 'NQ57'),
      measures: { articles: 5, photos: 18, views: 48_000, shares: 40 },
      submit: true,
    }));
    ids.tamThang = a.activity.id;
    created += 1;
  });
  on('2025-06-26T03:00:00Z', 'thành phố trả lại báo cáo của Tam Thăng', async () => {
    const { scope, ctx } = await as('tamky.btt', 'TAMKY');
    await s.activities.return(scope, ctx, ids.tamThang, { comment: 'Lượt tiếp cận (48.000) chưa khớp với thống kê của Trang cộng đồng (khoảng 4.800); đề nghị kiểm tra lại và gửi kèm ảnh chụp màn hình thống kê.' });
  });

  // 4. Phường Tam Kỳ: the 10/10 conference, accepted, then corrected (Party members were counted as residents).
  on('2025-10-11T02:00:00Z', 'phường Tam Kỳ gửi báo cáo hội nghị 10/10', async () => {
    const { scope, ctx } = await as('tamky.btt', 'PHUONG_TAMKY');
    const a = await s.activities.create(scope, ctx, body({
      campaignId: c25,
      formCode: 'HOI_NGHI',
      title: 'Hội nghị hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 phường Tam Kỳ',
      dateFrom: '2025-10-10',
      place: 'Hội trường Ủy ban MTTQ Việt Nam phường Tam Kỳ',
      description: 'Tọa đàm "Chuyển đổi số - người dân là trung tâm"; giới thiệu mô hình tổ công nghệ số cộng đồng của các khu dân cư.',
      topicIds: topics(c25, 'MT21', 'MT08', 'BDHVS'),
      measures: { sessions: 1, attCadres: 34, attParty: 0, attMembers: 41, attResidents: 88 },
      submit: true,
    }));
    ids.ptk = a.activity.id;
    created += 1;
  });
  on('2025-10-13T02:00:00Z', 'Đà Nẵng duyệt báo cáo hội nghị 10/10 của phường Tam Kỳ', async () => {
    const { scope, ctx } = await as('danang.btt', 'DANANG');
    await s.activities.accept(scope, ctx, ids.ptk, {});
  });
  on('2025-10-20T03:00:00Z', 'phường Tam Kỳ đính chính số liệu hội nghị 10/10', async () => {
    const { scope, ctx } = await as('tamky.btt', 'PHUONG_TAMKY');
    const c = await s.activities.correct(scope, ctx, ids.ptk);
    created += 1;
    await s.activities.update(scope, ctx, c.id, body({
      version: c.version,
      measures: { sessions: 1, attCadres: 34, attParty: 27, attMembers: 41, attResidents: 61, attMale: 80, attFemale: 83 },
      description: 'Tọa đàm "Chuyển đổi số - người dân là trung tâm"; giới thiệu mô hình tổ công nghệ số cộng đồng của các khu dân cư. Đính chính: tách 27 đảng viên đã tính nhầm vào thành phần Nhân dân; bổ sung số liệu theo giới tính.',
    }));
    await s.activities.submit(scope, ctx, c.id, {});
    ids.ptkFix = c.id;
  });
  on('2025-10-22T02:00:00Z', 'Đà Nẵng duyệt bản đính chính của phường Tam Kỳ', async () => {
    const { scope, ctx } = await as('danang.lanhdao', 'DANANG');
    await s.activities.accept(scope, ctx, ids.ptkFix, { comment: 'Đồng ý đính chính.' });
  });

  // 5. Quảng Phú: a farmers' union report returned as a duplicate.
  on('2025-10-16T02:00:00Z', 'Hội Nông dân phường Quảng Phú gửi báo cáo', async () => {
    const { scope, ctx } = await as('quangphu.btt', 'QUANG_PHU');
    const a = await s.activities.create(scope, ctx, body({
      unitId: k.unit('QUANG_PHU_HND').id,
      campaignId: c25,
      formCode: 'LONG_GHEP',
      title: 'Lồng ghép tuyên truyền Nghị quyết 57-NQ/TW trong sinh hoạt chi hội nông dân Phú Ninh',
      dateFrom: '2025-10-08',
      topicIds: topics(c25, 'NV6', 'MT09'),
      measures: { sessions: 1, attMembers: 32 },
      submit: true,
    }));
    ids.qpHnd = a.activity.id;
    created += 1;
  });
  on('2025-10-17T08:00:00Z', 'phường Quảng Phú trả lại báo cáo trùng', async () => {
    const { scope, ctx } = await as('quangphu.lanhdao', 'QUANG_PHU');
    await s.activities.return(scope, ctx, ids.qpHnd, { comment: 'Hoạt động này đã có trong báo cáo gửi ngày 09/10/2025 (trùng lặp). Đề nghị kiểm tra; nếu đúng là trùng thì xóa bản này.' });
  });

  // 6. Bàn Thạch: returned for a missing place and evidence.
  on('2026-01-19T02:00:00Z', 'phường Bàn Thạch gửi báo cáo hội nghị', async () => {
    const { scope, ctx } = await as('banthach.btt', 'BAN_THACH');
    const a = await s.activities.create(scope, ctx, body({
      campaignId: k.campaign2026 ?? c25,
      formCode: 'HOI_NGHI',
      title: 'Hội nghị tuyên truyền Nghị quyết 57-NQ/TW cho cán bộ Mặt trận, đoàn thể phường Bàn Thạch',
      dateFrom: '2026-01-16',
      topicIds: k.campaign2026 ? topics(k.campaign2026, 'QD', 'NV') : topics(c25, 'QD', 'NV'),
      measures: { sessions: 1, attCadres: 42, attParty: 30, attMembers: 25 },
      submit: true,
    }));
    ids.banThach = a.activity.id;
    created += 1;
  });
  on('2026-01-21T03:00:00Z', 'Đà Nẵng trả lại báo cáo của Bàn Thạch', async () => {
    const { scope, ctx } = await as('danang.btt', 'DANANG');
    await s.activities.return(scope, ctx, ids.banThach, { comment: 'Đề nghị ghi rõ địa điểm tổ chức và đính kèm ảnh minh chứng hoặc giấy mời hội nghị.' });
  });

  // 7. Khối phố 1 (phường Tam Kỳ): more people helped than attended — returned to the reporter.
  on('2026-02-04T12:30:00Z', 'khối phố 1 gửi báo cáo Bình dân học vụ số', async () => {
    const { scope, ctx } = await as('khoipho.tamky', 'AN_MY_KDC1');
    const a = await s.activities.create(scope, ctx, body({
      campaignId: k.campaign2026 ?? c25,
      formCode: 'BDHVS',
      title: 'Lớp "Bình dân học vụ số" cho người cao tuổi khối phố 1',
      dateFrom: '2026-02-01',
      place: 'Nhà văn hóa khối phố 1',
      topicIds: k.campaign2026 ? topics(k.campaign2026, 'BDHVS') : topics(c25, 'BDHVS'),
      measures: { sessions: 2, digitalHelped: 120, attResidents: 38 },
      submit: true,
    }));
    ids.kp1 = a.activity.id;
    created += 1;
  });
  on('2026-02-06T02:00:00Z', 'phường Tam Kỳ trả lại báo cáo của khối phố 1', async () => {
    const { scope, ctx } = await as('tamky.lanhdao', 'PHUONG_TAMKY');
    await s.activities.return(scope, ctx, ids.kp1, { comment: 'Số người được hướng dẫn (120) lớn hơn số người tham dự (38); đề nghị kiểm tra lại số liệu của hai buổi.' });
  });

  // 8. Quảng Phú: a correction waiting for review.
  on('2026-01-12T02:00:00Z', 'phường Quảng Phú gửi báo cáo truyền thanh', async () => {
    const { scope, ctx } = await as('quangphu.btt', 'QUANG_PHU');
    const a = await s.activities.create(scope, ctx, body({
      campaignId: k.campaign2026 ?? c25,
      formCode: 'TRUYEN_THANH',
      title: 'Phát bản tin "Đại đoàn kết" về Nghị quyết 57-NQ/TW trên Trạm truyền thanh phường Quảng Phú tháng 01/2026',
      dateFrom: '2026-01-09',
      place: 'Trạm truyền thanh phường Quảng Phú',
      topicIds: k.campaign2026 ? topics(k.campaign2026, 'NQ57') : topics(c25, 'NQ57'),
      measures: { bulletins: 4, broadcasts: 8, radioMinutes: 40 },
      submit: true,
    }));
    ids.qpRadio = a.activity.id;
    created += 1;
  });
  on('2026-01-14T02:00:00Z', 'Đà Nẵng duyệt báo cáo truyền thanh của Quảng Phú', async () => {
    const { scope, ctx } = await as('danang.btt', 'DANANG');
    await s.activities.accept(scope, ctx, ids.qpRadio, {});
  });
  on('2026-02-10T02:00:00Z', 'Quảng Phú đính chính thời lượng phát thanh', async () => {
    const { scope, ctx } = await as('quangphu.btt', 'QUANG_PHU');
    const c = await s.activities.correct(scope, ctx, ids.qpRadio);
    created += 1;
    await s.activities.update(scope, ctx, c.id, body({ version: c.version, measures: { bulletins: 4, broadcasts: 12, radioMinutes: 60 }, description: 'Đính chính: mỗi bản tin phát 03 lần (sáng, trưa, chiều), không phải 02 lần.' }));
    await s.activities.submit(scope, ctx, c.id, {});
  });

  steps.sort((a, b) => a.at.localeCompare(b.at));
  for (const step of steps) {
    if (Date.parse(step.at) > now.getTime()) break;
    clock.set(step.at);
    try {
      await step.run();
    } catch (err) {
      throw new Error(`Dữ liệu mẫu — bước «${step.what}» (${step.at}): ${(err as Error).message}`, { cause: err });
    }
  }
  return created;
}
