/**
 * Roles and what each may do. One table used by the server's authorisation layer
 * and by the workspace to show or hide actions. Roles are granted on a unit and cover
 * that unit and everything under it.
 */
export const ROLES = ['admin', 'leader', 'officer', 'editor', 'reporter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị hệ thống',
  leader: 'Lãnh đạo',
  officer: 'Cán bộ',
  editor: 'Biên tập viên',
  reporter: 'Báo cáo viên',
  viewer: 'Người xem',
};

export const ACTIONS = [
  'unit.view',
  'unit.manage',
  'user.manage',
  'audit.view',
  'plan.view',
  'plan.edit',
  'plan.issue',
  'task.manage',
  'activity.report',
  'report.edit',
  'report.approve',
  'news.edit',
  'news.publish',
  'contest.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  'unit.view': 'Xem đơn vị',
  'unit.manage': 'Quản lý đơn vị',
  'user.manage': 'Quản lý người dùng và phân quyền',
  'audit.view': 'Xem nhật ký hệ thống',
  'plan.view': 'Xem kế hoạch',
  'plan.edit': 'Soạn kế hoạch',
  'plan.issue': 'Ban hành kế hoạch',
  'task.manage': 'Giao và theo dõi nhiệm vụ',
  'activity.report': 'Báo cáo hoạt động',
  'report.edit': 'Soạn báo cáo định kỳ',
  'report.approve': 'Duyệt báo cáo',
  'news.edit': 'Biên tập tin bài',
  'news.publish': 'Xuất bản tin bài',
  'contest.manage': 'Quản lý cuộc thi',
};

const VIEW: Action[] = ['unit.view', 'plan.view'];

export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  leader: [...VIEW, 'plan.edit', 'plan.issue', 'task.manage', 'activity.report', 'report.edit', 'report.approve', 'news.edit', 'news.publish', 'contest.manage'],
  officer: [...VIEW, 'plan.edit', 'task.manage', 'activity.report', 'report.edit', 'news.edit', 'contest.manage'],
  editor: [...VIEW, 'news.edit', 'news.publish'],
  reporter: [...VIEW, 'activity.report'],
  viewer: VIEW,
};

export function roleAllows(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].includes(action);
}
