// Tasks, calendar and notifications: types (docs/api-plans.md) and labels.
import type { Recurrence } from './plans';

export type TaskStatus = 'not_started' | 'in_progress' | 'done';

export interface Occurrence {
  id: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  doneAt: string | null;
  overdue: boolean;
}

export interface Task {
  id: string;
  planId: string | null;
  planNumberText: string | null;
  campaignId: string | null;
  responsibilityId: string | null;
  assignerUnitId: string;
  assignerUnitName: string;
  unitId: string;
  unitName: string;
  assigneeUserId: string | null;
  assigneeName: string | null;
  title: string;
  description: string | null;
  topicIds: string[];
  formIds: string[];
  recurrence: Recurrence;
  startDate: string;
  endDate: string | null;
  dueDate: string | null;
  status: TaskStatus;
  overdue: boolean;
  nextDueDate: string | null;
  progress: number;
  doneAt: string | null;
  occurrences: Occurrence[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TaskNote {
  id: string;
  occurrenceId: string | null;
  userId: string | null;
  userName: string | null;
  note: string;
  progress: number | null;
  files: { id: string; name: string; mime: string; size: number }[];
  createdAt: string;
}

export interface TaskDetail extends Task {
  notes: TaskNote[];
}

export interface OverviewRow {
  unitId: string;
  unitName: string;
  notStarted: number;
  inProgress: number;
  done: number;
  overdue: number;
  total: number;
}

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
};

export const TASK_STATUS_TONES: Record<TaskStatus, 'gray' | 'blue' | 'green'> = {
  not_started: 'gray',
  in_progress: 'blue',
  done: 'green',
};

export type EventKind = 'key_date' | 'plan_period' | 'milestone' | 'task_due' | 'request_deadline';

export interface CalendarEvent {
  id: string;
  kind: EventKind;
  title: string;
  date: string;
  endDate: string | null;
  link: string | null;
  description: string | null;
}

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  key_date: 'Ngày kỷ niệm',
  plan_period: 'Thời gian kế hoạch',
  milestone: 'Mốc',
  task_due: 'Hạn nhiệm vụ',
  request_deadline: 'Hạn xây dựng kế hoạch',
};

export const EVENT_KIND_COLORS: Record<EventKind, string> = {
  key_date: 'frontRed',
  plan_period: 'frontBlue',
  milestone: 'gold',
  task_due: 'orange',
  request_deadline: 'grape',
};

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: AppNotification[];
  total: number;
  page: number;
  pageSize: number;
  unread: number;
}

/** A notification link ("/app/ke-hoach/…") as a route inside the SPA ("/ke-hoach/…"); null when external. */
export function appRoute(link: string | null): string | null {
  if (!link) return null;
  if (link.startsWith('/app/')) return link.slice(4);
  if (link === '/app') return '/';
  return null;
}
