/** Unit kinds and levels, shared by server and workspace. */
export const UNIT_KINDS = [
  'front_committee',
  'standing_committee',
  'member_organisation',
  'residential_committee',
  'partner',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  front_committee: 'Ủy ban MTTQ',
  standing_committee: 'Ban Thường trực',
  member_organisation: 'Tổ chức thành viên',
  residential_committee: 'Ban công tác Mặt trận khu dân cư',
  partner: 'Cơ quan phối hợp',
};

export const UNIT_LEVELS = ['central', 'province', 'district', 'commune', 'residential'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = {
  central: 'Trung ương',
  province: 'Tỉnh/Thành phố',
  district: 'Huyện/Quận/Thị xã/Thành phố thuộc tỉnh',
  commune: 'Xã/Phường/Đặc khu',
  residential: 'Khu dân cư',
};

export const UNIT_EVENT_LABELS: Record<string, string> = {
  create: 'Thành lập',
  merge: 'Hợp nhất/Sáp nhập',
  split: 'Chia tách',
  rename: 'Đổi tên',
  move: 'Chuyển trực thuộc',
  close: 'Giải thể/Kết thúc hoạt động',
  reopen: 'Hoạt động trở lại',
};
