/**
 * Demo organisation tree: Tam Kỳ before and after the 2024 and 1/7/2025 reorganisations.
 * Facts (names, dates, successors, populations) come from data/units-tam-ky.json
 * (copied from the project's verified research); the rest is illustrative demo data.
 */
import { readFileSync } from 'node:fs';

export interface DemoUnit {
  code: string;
  name: string;
  shortName: string;
  kind: string;
  level: string | null;
  parent?: string;
  validFrom?: string;
  validTo?: string;
  population?: number;
  address?: string;
  term?: string;
  note?: string;
  /** Parent changes over time: [parentCode, validFrom, validTo]. Overrides `parent`. */
  parents?: Array<[string, string | null, string | null]>;
}

export interface DemoSuccession {
  from: string[];
  to: string;
  effectiveDate: string;
  kind: 'merge' | 'split';
  note: string;
}

interface FactUnit {
  code: string;
  name: string;
  kind: string;
  level: string;
  parent?: string;
  validFrom?: string;
  validTo?: string;
  successors?: string[];
  population?: number;
  note?: string;
}

const facts = JSON.parse(readFileSync(new URL('./data/units-tam-ky.json', import.meta.url), 'utf8')).units as FactUnit[];

const LEVEL: Record<string, string> = { province: 'province', district: 'district', commune: 'commune' };

/** "Ủy ban MTTQ Việt Nam phường An Mỹ" → "MTTQ phường An Mỹ". */
function shortOf(name: string): string {
  return name.replace(/^Ủy ban MTTQ Việt Nam /, 'MTTQ ');
}

const TERM = 'Nhiệm kỳ 2024 - 2029';
const END = '2025-06-30';
const START = '2025-07-01';

export function demoUnits(): { units: DemoUnit[]; successions: DemoSuccession[] } {
  const units: DemoUnit[] = [
    { code: 'TW', name: 'Ủy ban Trung ương MTTQ Việt Nam', shortName: 'UBTW MTTQ Việt Nam', kind: 'front_committee', level: 'central', address: '46 Tràng Thi, Hoàn Kiếm, Hà Nội' },
  ];
  for (const f of facts) {
    units.push({
      code: f.code,
      name: f.name,
      shortName: shortOf(f.name),
      kind: f.kind,
      level: LEVEL[f.level] ?? null,
      parent: f.parent ?? 'TW',
      validFrom: f.validFrom,
      validTo: f.validTo,
      population: f.population,
      note: f.note,
      term: f.kind === 'front_committee' ? TERM : undefined,
    });
  }
  const tamky = units.find((u) => u.code === 'TAMKY')!;
  tamky.address = '02 Trần Hưng Đạo, thành phố Tam Kỳ, tỉnh Quảng Nam';
  tamky.term = 'Nhiệm kỳ IX, 2024 - 2029';

  // Standing Committees of the two committees that issue plans in the demo.
  units.push(
    { code: 'TAMKY_BTT', name: 'Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Tam Kỳ', shortName: 'BTT MTTQ TP Tam Kỳ', kind: 'standing_committee', level: 'district', parent: 'TAMKY', validTo: END },
    { code: 'DANANG_BTT', name: 'Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Đà Nẵng', shortName: 'BTT MTTQ TP Đà Nẵng', kind: 'standing_committee', level: 'province', parent: 'DANANG' },
  );
  // Associations of Tam Kỳ city (member organisations beside the five socio-political ones).
  for (const [code, name] of [
    ['TAMKY_CTD', 'Hội Chữ thập đỏ thành phố Tam Kỳ'],
    ['TAMKY_NCT', 'Hội Người cao tuổi thành phố Tam Kỳ'],
    ['TAMKY_KH', 'Hội Khuyến học thành phố Tam Kỳ'],
    ['TAMKY_CGC', 'Hội Cựu giáo chức thành phố Tam Kỳ'],
  ]) {
    units.push({ code, name, shortName: name.replace('thành phố', 'TP'), kind: 'member_organisation', level: 'district', parent: 'TAMKY', validTo: END });
  }
  for (const u of units) if (u.kind === 'member_organisation' && u.code.startsWith('TAMKY_') && !u.shortName.includes('TP')) u.shortName = u.name.replace('thành phố', 'TP');

  // Đà Nẵng city: member organisations and partners.
  for (const [code, name, kind] of [
    ['DANANG_HPN', 'Hội Liên hiệp Phụ nữ thành phố Đà Nẵng', 'member_organisation'],
    ['DANANG_DTN', 'Thành Đoàn Đà Nẵng', 'member_organisation'],
    ['DANANG_BTGDV', 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng', 'partner'],
  ]) {
    units.push({ code, name, shortName: name, kind, level: 'province', parent: 'DANANG' });
  }

  // Member organisations of each new ward (from 1/7/2025 they work under the ward Front).
  const NEW_WARDS: Array<[string, string]> = [
    ['PHUONG_TAMKY', 'Tam Kỳ'],
    ['QUANG_PHU', 'Quảng Phú'],
    ['BAN_THACH', 'Bàn Thạch'],
    ['HUONG_TRA', 'Hương Trà'],
  ];
  const ORGS: Array<[string, string]> = [
    ['HPN', 'Hội Liên hiệp Phụ nữ phường'],
    ['HND', 'Hội Nông dân phường'],
    ['DTN', 'Đoàn Thanh niên phường'],
    ['CCB', 'Hội Cựu chiến binh phường'],
    ['CD', 'Công đoàn phường'],
  ];
  for (const [ward, label] of NEW_WARDS) {
    for (const [suffix, prefix] of ORGS) {
      units.push({ code: `${ward}_${suffix}`, name: `${prefix} ${label}`, shortName: `${prefix.replace('phường', 'P.')} ${label}`.replace('  ', ' '), kind: 'member_organisation', level: 'commune', parent: ward, validFrom: START });
    }
    units.push({ code: `${ward}_TTT`, name: `Trạm truyền thanh phường ${label}`, shortName: `Truyền thanh P. ${label}`, kind: 'partner', level: 'commune', parent: ward, validFrom: START });
  }

  // Residential-area work committees. Those of the old wards moved under the new ward on 1/7/2025.
  const RESIDENTIAL: Array<[string, string, string, string[]]> = [
    ['AN_MY', 'PHUONG_TAMKY', 'khối phố', ['1', '2', '3']],
    ['AN_XUAN', 'PHUONG_TAMKY', 'khối phố', ['4', '5']],
    ['TRUONG_XUAN', 'PHUONG_TAMKY', 'khối phố', ['Xuân Quý', 'Trường Đồng']],
    ['AN_PHU', 'QUANG_PHU', 'khối phố', ['Mỹ Thạch Bắc', 'Mỹ Thạch Trung', 'Mỹ Thạch Nam']],
    ['TAM_PHU', 'QUANG_PHU', 'thôn', ['Phú Ninh', 'Phú Thạnh']],
    ['TAN_THANH', 'BAN_THACH', 'khối phố', ['Trường Thị 1', 'Trường Thị 2']],
    ['HOA_HUONG', 'HUONG_TRA', 'khối phố', ['1', '2']],
  ];
  for (const [oldWard, newWard, kind, names] of RESIDENTIAL) {
    names.forEach((n, i) => {
      const code = `${oldWard}_KDC${i + 1}`;
      const oldName = facts.find((f) => f.code === oldWard)!.name.replace('Ủy ban MTTQ Việt Nam ', '');
      units.push({
        code,
        name: `Ban công tác Mặt trận ${kind} ${n} (${oldName})`,
        shortName: `BCTMT ${kind} ${n}`,
        kind: 'residential_committee',
        level: 'residential',
        parents: [
          [oldWard, null, END],
          [newWard, START, null],
        ],
      });
    });
  }

  const successions: DemoSuccession[] = [];
  for (const f of facts) {
    if (!f.successors) continue;
    for (const to of f.successors) {
      const effectiveDate = f.validTo ? nextDay(f.validTo) : START;
      const existing = successions.find((s) => s.to === to && s.effectiveDate === effectiveDate);
      if (existing) existing.from.push(f.code);
      else successions.push({ from: [f.code], to, effectiveDate, kind: 'merge', note: f.note ?? '' });
    }
  }
  for (const s of successions) {
    if (!s.note) s.note = s.effectiveDate === START ? 'Sắp xếp đơn vị hành chính, tổ chức chính quyền địa phương hai cấp từ 01/7/2025 (Nghị quyết 1659/NQ-UBTVQH15, Nghị quyết 202/2025/QH15).' : '';
    if (s.to === 'AN_XUAN') s.note = 'Nhập phường Phước Hòa vào phường An Xuân (Nghị quyết 1241/NQ-UBTVQH15 ngày 24/10/2024; ngày hiệu lực chính xác chưa xác nhận).';
    if (s.to === 'DANANG') s.note = 'Hợp nhất tỉnh Quảng Nam và thành phố Đà Nẵng; không tổ chức cấp huyện từ 01/7/2025 (Nghị quyết 202/2025/QH15).';
  }
  return { units, successions };
}

function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
}

export interface DemoUser {
  username: string;
  fullName: string;
  position: string;
  email?: string;
  grants: Array<{ unit: string; role: string; validFrom: string | null; validTo: string | null }>;
}

export const DEMO_PASSWORD = 'lantoa-demo';

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', position: 'Quản trị hệ thống', grants: [{ unit: 'TW', role: 'admin', validFrom: '2024-01-01', validTo: null }] },
  { username: 'danang.btt', fullName: 'Lê Thị Thu Hà', position: 'Trưởng Ban Tuyên giáo, MTTQ TP Đà Nẵng', grants: [{ unit: 'DANANG', role: 'officer', validFrom: '2024-01-01', validTo: null }] },
  { username: 'danang.lanhdao', fullName: 'Trần Văn Minh', position: 'Phó Chủ tịch Ủy ban MTTQ TP Đà Nẵng', grants: [{ unit: 'DANANG', role: 'leader', validFrom: '2024-01-01', validTo: null }] },
  {
    username: 'tamky.btt',
    fullName: 'Nguyễn Thị Mai',
    position: 'Cán bộ Ban Thường trực',
    grants: [
      { unit: 'TAMKY', role: 'officer', validFrom: '2024-10-01', validTo: END },
      { unit: 'PHUONG_TAMKY', role: 'officer', validFrom: START, validTo: null },
    ],
  },
  {
    username: 'tamky.lanhdao',
    fullName: 'Nguyễn Ba',
    position: 'Chủ tịch Ủy ban MTTQ Việt Nam',
    grants: [
      { unit: 'TAMKY', role: 'leader', validFrom: '2024-10-01', validTo: END },
      { unit: 'PHUONG_TAMKY', role: 'leader', validFrom: START, validTo: null },
    ],
  },
  { username: 'tamky.bientap', fullName: 'Võ Thị Lan', position: 'Biên tập viên trang thông tin', grants: [{ unit: 'PHUONG_TAMKY', role: 'editor', validFrom: START, validTo: null }] },
  {
    username: 'quangphu.btt',
    fullName: 'Huỳnh Văn Tâm',
    position: 'Phó Chủ tịch Ủy ban MTTQ',
    grants: [
      { unit: 'AN_PHU', role: 'officer', validFrom: '2024-10-01', validTo: END },
      { unit: 'QUANG_PHU', role: 'officer', validFrom: START, validTo: null },
    ],
  },
  { username: 'quangphu.lanhdao', fullName: 'Đặng Thị Hồng', position: 'Chủ tịch Ủy ban MTTQ phường Quảng Phú', grants: [{ unit: 'QUANG_PHU', role: 'leader', validFrom: START, validTo: null }] },
  { username: 'khoipho.tamky', fullName: 'Trương Văn Bảy', position: 'Trưởng Ban công tác Mặt trận khối phố 1', grants: [{ unit: 'AN_MY_KDC1', role: 'reporter', validFrom: START, validTo: null }] },
  { username: 'phunu.tamky', fullName: 'Lê Thị Hoa', position: 'Chủ tịch Hội LHPN phường Tam Kỳ', grants: [{ unit: 'PHUONG_TAMKY_HPN', role: 'officer', validFrom: START, validTo: null }] },
];
