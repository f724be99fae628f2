// Activity reports (docs/api-activities.md): types, labels, queries, the form ↔ API payload, the local
// unsent copy (localStorage) and the submit queue that retries through dropped connections with `clientKey`.
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { ApiError, api } from './api';
import { todayIso } from './format';
import type { Paged } from './types';

export type ActivityStatus = 'draft' | 'submitted' | 'returned' | 'accepted' | 'superseded';
export type Measures = Record<string, number | null>;

export interface Activity {
  id: string;
  rootId: string;
  versionNo: number;
  supersedesId: string | null;
  unitId: string;
  unitName: string;
  campaignId: string | null;
  campaignName: string | null;
  planId: string | null;
  planNumberText: string | null;
  taskId: string | null;
  taskTitle: string | null;
  occurrenceId: string | null;
  taskDone: boolean;
  formCode: string | null;
  formName: string | null;
  title: string | null;
  dateFrom: string;
  dateTo: string | null;
  place: string | null;
  description: string | null;
  links: string[];
  topicIds: string[];
  measures: Measures;
  attendance: number;
  status: ActivityStatus;
  statusLabel: string;
  returnComment: string | null;
  photoCount: number;
  documentCount: number;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewedByName: string | null;
  version: number;
  can: { edit: boolean; submit: boolean; delete: boolean; accept: boolean; return: boolean; correct: boolean };
}

export interface ActivityFile {
  id: string;
  kind: 'photo' | 'document';
  fileId: string;
  thumbFileId: string | null;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  caption: string | null;
  url: string;
  thumbUrl: string | null;
}

export interface ActivityEvent {
  id: string;
  activityId: string;
  kind: string;
  comment: string | null;
  userName: string | null;
  at: string;
}

export interface ActivityDetail extends Activity {
  files: ActivityFile[];
  history: ActivityEvent[];
  versions: { id: string; versionNo: number; status: ActivityStatus; reviewedAt: string | null }[];
}

export interface ActivityPage extends Paged<Activity> {
  totalCapped: boolean;
}

export interface MeasureDef {
  key: string;
  label: string;
  unit: string;
  group: string;
  groupLabel: string;
  max: number;
  forms: string[];
}

// ---------------------------------------------------------------- labels

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  draft: 'Nháp',
  submitted: 'Chờ duyệt',
  returned: 'Bị trả lại',
  accepted: 'Đã tiếp nhận',
  superseded: 'Đã thay thế',
};

export const ACTIVITY_STATUS_TONES: Record<ActivityStatus, 'gray' | 'yellow' | 'red' | 'green' | 'blue'> = {
  draft: 'gray',
  submitted: 'yellow',
  returned: 'red',
  accepted: 'green',
  superseded: 'gray',
};

export const EVENT_LABELS: Record<string, string> = {
  created: 'Tạo báo cáo',
  submitted: 'Gửi duyệt',
  resubmitted: 'Gửi lại sau khi sửa',
  returned: 'Trả lại',
  accepted: 'Tiếp nhận',
  correction: 'Tạo bản sửa đổi',
  deleted: 'Xóa',
  imported: 'Nhập từ Excel',
  imported_submitted: 'Nhập từ Excel và gửi duyệt',
};

export const ATTENDANCE_KEYS = ['attCadres', 'attParty', 'attMembers', 'attResidents'] as const;
export const GENDER_KEYS = ['attMale', 'attFemale'] as const;

// ---------------------------------------------------------------- queries

export const activityKey = (id: string) => ['activity', id] as const;

export function useActivity(id: string | undefined) {
  return useQuery({
    queryKey: activityKey(id ?? ''),
    queryFn: ({ signal }) => api.get<ActivityDetail>(`/api/activities/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

export function useMeasures() {
  return useQuery({
    queryKey: ['activity-measures'],
    queryFn: ({ signal }) => api.get<MeasureDef[]>('/api/activities/measures', undefined, signal),
    staleTime: 60 * 60_000,
  });
}

export function fileUrl(activityId: string, fileId: string, download = false): string {
  return `/api/activities/${encodeURIComponent(activityId)}/files/${encodeURIComponent(fileId)}${download ? '?download=true' : ''}`;
}

// ---------------------------------------------------------------- form values ↔ payload

export interface ActivityFormValues {
  unitId: string | null;
  campaignId: string | null;
  planId: string | null;
  taskId: string | null;
  occurrenceId: string | null;
  taskDone: boolean;
  formCode: string | null;
  title: string;
  dateFrom: string | null;
  multiDay: boolean;
  dateTo: string | null;
  place: string;
  description: string;
  /** One address per line. */
  links: string;
  topicIds: string[];
  measures: Measures;
}

export interface ActivityPayload {
  unitId?: string;
  campaignId: string | null;
  planId: string | null;
  taskId: string | null;
  occurrenceId: string | null;
  taskDone: boolean;
  formCode: string | null;
  title: string | null;
  dateFrom?: string;
  dateTo: string | null;
  place: string | null;
  description: string | null;
  links: string[];
  topicIds: string[];
  measures: Measures;
}

export function emptyValues(): ActivityFormValues {
  return {
    unitId: null,
    campaignId: null,
    planId: null,
    taskId: null,
    occurrenceId: null,
    taskDone: false,
    formCode: null,
    title: '',
    dateFrom: todayIso(),
    multiDay: false,
    dateTo: null,
    place: '',
    description: '',
    links: '',
    topicIds: [],
    measures: {},
  };
}

export function valuesOf(a: Activity): ActivityFormValues {
  return {
    unitId: a.unitId,
    campaignId: a.campaignId,
    planId: a.planId,
    taskId: a.taskId,
    occurrenceId: a.occurrenceId,
    taskDone: a.taskDone,
    formCode: a.formCode,
    title: a.title ?? '',
    dateFrom: a.dateFrom,
    multiDay: !!a.dateTo,
    dateTo: a.dateTo,
    place: a.place ?? '',
    description: a.description ?? '',
    links: a.links.join('\n'),
    topicIds: [...a.topicIds],
    measures: Object.fromEntries(Object.entries(a.measures).filter(([, v]) => v !== null)),
  };
}

export function linkLines(text: string): string[] {
  return text
    .split(/\s*\n\s*/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

const clean = (s: string) => s.trim() || null;

/** The body of POST/PATCH for the form's values (invalid links are left out; the form flags them). */
export function toPayload(v: ActivityFormValues, measureKeys: string[]): ActivityPayload {
  const measures: Measures = {};
  for (const k of measureKeys) measures[k] = typeof v.measures[k] === 'number' ? v.measures[k] : null;
  return {
    ...(v.unitId ? { unitId: v.unitId } : {}),
    campaignId: v.campaignId,
    planId: v.planId,
    taskId: v.taskId,
    occurrenceId: v.taskId ? v.occurrenceId : null,
    taskDone: v.taskId ? v.taskDone : false,
    formCode: v.formCode,
    title: clean(v.title),
    ...(v.dateFrom ? { dateFrom: v.dateFrom } : {}),
    dateTo: v.multiDay && v.dateTo && v.dateTo !== v.dateFrom ? v.dateTo : null,
    place: clean(v.place),
    description: clean(v.description),
    links: linkLines(v.links).filter(isHttpUrl),
    topicIds: [...v.topicIds],
    measures,
  };
}

/** Stable comparison key of a payload: what the server would store. */
function normal(p: ActivityPayload | Activity): string {
  const measures = Object.entries(p.measures ?? {})
    .filter(([, x]) => x !== null && x !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    p.unitId ?? null,
    p.campaignId,
    p.planId,
    p.taskId,
    p.occurrenceId,
    !!p.taskDone,
    p.formCode,
    p.title ?? null,
    p.dateFrom ?? null,
    p.dateTo ?? null,
    p.place ?? null,
    p.description ?? null,
    p.links,
    [...p.topicIds].sort(),
    measures,
  ]);
}

/** Whether the stored record already holds this payload (fields the payload leaves unset are ignored). */
export function holds(a: Activity, p: ActivityPayload): boolean {
  const stored: Activity = { ...a, unitId: p.unitId ?? a.unitId, dateFrom: p.dateFrom ?? a.dateFrom };
  return normal(stored) === normal({ ...p, unitId: p.unitId ?? a.unitId, dateFrom: p.dateFrom ?? a.dateFrom });
}

/** Errors a retry cannot fix (4xx other than 408/429) stop the queue; the rest are retried. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;
}

export function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  // Fallback for old browsers on plain http: RFC 4122 v4 from Math.random.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

// ---------------------------------------------------------------- local unsent copy

/** What the browser keeps until the server has it: the form, the draft it belongs to, the retry keys. */
export interface LocalCopy {
  /** 'new' (form opened from /hoat-dong/moi) or the draft's id (editing an existing draft). */
  slot: string;
  userId: string;
  draftId: string | null;
  createKey: string;
  submitKey: string;
  baseVersion: number | null;
  values: ActivityFormValues;
  /** Payloads sent whose outcome is unknown (the connection dropped): the server may hold one of them. */
  unknown: ActivityPayload[];
  submitting: boolean;
  savedAt: string;
}

const PREFIX = 'lantoa:activity:';
const storageKey = (userId: string, slot: string) => `${PREFIX}${userId}:${slot}`;

export function readCopy(userId: string, slot: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(storageKey(userId, slot));
    return raw ? (JSON.parse(raw) as LocalCopy) : null;
  } catch {
    return null;
  }
}

export function writeCopy(copy: LocalCopy): void {
  try {
    window.localStorage.setItem(storageKey(copy.userId, copy.slot), JSON.stringify({ ...copy, savedAt: new Date().toISOString() }));
  } catch {
    // Storage full or disabled: the server draft is the only copy.
  }
}

export function dropCopy(userId: string, slot: string): void {
  try {
    window.localStorage.removeItem(storageKey(userId, slot));
  } catch {
    // ignore
  }
}

function pendingCopies(userId: string): LocalCopy[] {
  const out: LocalCopy[] = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const k = window.localStorage.key(i);
      if (!k?.startsWith(`${PREFIX}${userId}:`)) continue;
      const c = readCopy(userId, k.slice(`${PREFIX}${userId}:`.length));
      if (c?.submitting) out.push(c);
    }
  } catch {
    // ignore
  }
  return out;
}

// ---------------------------------------------------------------- submit queue

export type SubmitState =
  | { phase: 'idle' }
  | { phase: 'sending'; attempt: number }
  | { phase: 'waiting'; attempt: number; retryAt: number; message: string }
  | { phase: 'failed'; error: unknown }
  | { phase: 'conflict'; error: unknown }
  | { phase: 'done'; activity: ActivityDetail };

interface Job {
  copy: LocalCopy;
  measureKeys: string[];
  state: SubmitState;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
}

const jobs = new Map<string, Job>();
/** Forms on screen following a slot (then the form, not a notification, tells the person). */
const watchers = new Map<string, number>();
const listeners = new Set<() => void>();
const IDLE: SubmitState = { phase: 'idle' };
const jobId = (userId: string, slot: string) => `${userId}:${slot}`;

function emit() {
  for (const l of listeners) l();
}

function setState(job: Job, state: SubmitState) {
  job.state = state;
  emit();
}

const DELAYS = [2_000, 4_000, 8_000, 15_000, 30_000];

class VersionConflict extends ApiError {
  constructor() {
    super(
      409,
      'version_conflict',
      'Báo cáo này vừa được sửa ở nơi khác trong lúc bạn mất kết nối. Hãy tải lại bản mới nhất, kiểm tra rồi gửi lại; nội dung bạn đã nhập vẫn được giữ trên máy này.',
    );
  }
}

/** One attempt: create-and-submit, or bring the draft up to date and submit. Idempotent through the keys. */
async function attempt(job: Job): Promise<ActivityDetail> {
  const c = job.copy;
  const payload = toPayload(c.values, job.measureKeys);
  if (!c.draftId) {
    c.unknown = [...c.unknown, payload];
    writeCopy(c);
    const created = await api.post<ActivityDetail>('/api/activities', { ...payload, clientKey: c.createKey, submit: true });
    c.draftId = created.id;
    c.baseVersion = created.version;
    c.unknown = [];
    writeCopy(c);
    if (created.status === 'submitted') return created;
  }
  const id = c.draftId;
  const current = await api.get<ActivityDetail>(`/api/activities/${encodeURIComponent(id)}`);
  if ((current.status === 'draft' || current.status === 'returned') && !holds(current, payload)) {
    const ours = current.version === c.baseVersion || c.unknown.some((u) => holds(current, u));
    if (!ours) throw new VersionConflict();
    c.unknown = [...c.unknown, payload];
    writeCopy(c);
    const saved = await api.patch<ActivityDetail>(`/api/activities/${encodeURIComponent(id)}`, { ...payload, version: current.version });
    c.baseVersion = saved.version;
    c.unknown = [];
    writeCopy(c);
  }
  return api.post<ActivityDetail>(`/api/activities/${encodeURIComponent(id)}/submit`, { clientKey: c.submitKey });
}

async function run(job: Job) {
  if (job.running) return;
  job.running = true;
  if (job.timer) clearTimeout(job.timer);
  job.timer = null;
  const n = job.state.phase === 'waiting' ? job.state.attempt + 1 : 1;
  setState(job, { phase: 'sending', attempt: n });
  try {
    const activity = await attempt(job);
    dropCopy(job.copy.userId, job.copy.slot);
    setState(job, { phase: 'done', activity });
    if (!watchers.get(jobId(job.copy.userId, job.copy.slot))) {
      jobs.delete(jobId(job.copy.userId, job.copy.slot));
      notifications.show({
        color: 'green',
        title: 'Đã gửi báo cáo hoạt động',
        message: `«${activity.title ?? ''}» đã đến đơn vị cấp trên để duyệt.`,
      });
    }
  } catch (err) {
    if (isRetryable(err)) {
      const delay = DELAYS[Math.min(n - 1, DELAYS.length - 1)];
      setState(job, {
        phase: 'waiting',
        attempt: n,
        retryAt: Date.now() + delay,
        message: err instanceof ApiError ? err.message : 'Không kết nối được máy chủ.',
      });
      job.timer = setTimeout(() => void run(job), delay);
    } else {
      // The values stay in the local copy (not submitting any more) so the person can fix and resend.
      job.copy.submitting = false;
      writeCopy(job.copy);
      setState(job, { phase: err instanceof ApiError && err.code === 'version_conflict' ? 'conflict' : 'failed', error: err });
    }
  } finally {
    job.running = false;
  }
}

/** Queues the report for submission (kept in localStorage until the server has it) and starts sending. */
export function enqueueSubmit(copy: LocalCopy, measureKeys: string[]): void {
  const id = jobId(copy.userId, copy.slot);
  const prior = jobs.get(id);
  if (prior?.timer) clearTimeout(prior.timer);
  const c: LocalCopy = { ...copy, submitting: true };
  writeCopy(c);
  const job: Job = { copy: c, measureKeys, state: IDLE, timer: null, running: false };
  jobs.set(id, job);
  void run(job);
}

/** "Gửi lại" now, without waiting for the next automatic attempt. */
export function retryNow(userId: string, slot: string): void {
  const job = jobs.get(jobId(userId, slot));
  if (job && job.state.phase === 'waiting') void run(job);
}

/** Forgets a finished or failed job (e.g. when the form starts over). */
export function clearJob(userId: string, slot: string): void {
  const id = jobId(userId, slot);
  const job = jobs.get(id);
  if (job?.timer) clearTimeout(job.timer);
  if (job && job.state.phase !== 'sending') jobs.delete(id);
  emit();
}

/** Picks up reports left unsent by an earlier page load (called by the activity pages). */
export function resumePending(userId: string, measureKeys: string[]): void {
  for (const c of pendingCopies(userId)) {
    if (!jobs.has(jobId(userId, c.slot))) enqueueSubmit(c, measureKeys);
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    for (const job of jobs.values()) if (job.state.phase === 'waiting') void run(job);
  });
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The submit state of a form's slot; while mounted, the form (not a notification) tells the person. */
export function useSubmitState(userId: string, slot: string): SubmitState {
  const id = jobId(userId, slot);
  return useSyncExternalStore(subscribe, () => jobs.get(id)?.state ?? IDLE);
}

export function watchJob(userId: string, slot: string): () => void {
  const id = jobId(userId, slot);
  watchers.set(id, (watchers.get(id) ?? 0) + 1);
  return () => watchers.set(id, Math.max(0, (watchers.get(id) ?? 1) - 1));
}

/** The job's copy (the draft it may have created, its version) after a failed submit. */
export function jobCopy(userId: string, slot: string): LocalCopy | null {
  return jobs.get(jobId(userId, slot))?.copy ?? null;
}

/**
 * Saves a draft (autosave): creates it on the first save (idempotent with `createKey`), then PATCHes with
 * the version. A PATCH whose answer was lost looks like a version conflict on the next save; when the
 * server holds one of our own unanswered payloads it is ours and the save goes on, otherwise the 409 stands.
 */
export async function saveDraft(copy: LocalCopy, payload: ActivityPayload): Promise<ActivityDetail> {
  copy.unknown = [...copy.unknown, payload];
  let a: ActivityDetail;
  if (!copy.draftId) {
    a = await api.post<ActivityDetail>('/api/activities', { ...payload, clientKey: copy.createKey });
    copy.draftId = a.id;
    copy.baseVersion = a.version;
    if (holds(a, payload)) {
      copy.unknown = [];
      return a;
    }
  }
  const path = `/api/activities/${encodeURIComponent(copy.draftId)}`;
  try {
    a = await api.patch<ActivityDetail>(path, { ...payload, version: copy.baseVersion });
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'version_conflict')) throw err;
    const current = await api.get<ActivityDetail>(path);
    if (!copy.unknown.some((u) => holds(current, u))) throw err;
    a = await api.patch<ActivityDetail>(path, { ...payload, version: current.version });
  }
  copy.baseVersion = a.version;
  copy.unknown = [];
  return a;
}

/** 'HH:mm' in Việt Nam time. */
export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** The message and, for `activity_incomplete` / `validation_failed`, each listed problem. */
export function errorLines(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [];
  const details = Array.isArray(err.details) ? (err.details as { message?: string; field?: string }[]) : [];
  return details.map((d) => d.message ?? '').filter(Boolean);
}
