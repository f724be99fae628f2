import type { Insertable } from 'kysely';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { ActivityMeasureColumn, ActivityTable } from '../../platform/db-schema.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CampaignsService, vnTime } from '../campaigns/index.js';
import type { NotificationsService } from '../notifications/index.js';
import type { TasksService } from '../tasks/index.js';
import { canReview, canSeeActivity, canWrite, reviewableUnits, reviewerUnits, selfLineage } from './activities.policy.js';
import { checkSize, DOCUMENT_KINDS, processPhoto } from './activities.photos.js';
import type { ActivitiesRepository, ActivityRow } from './activities.repository.js';
import {
  type ActivityContentInput,
  type ActivityDetailDto,
  type ActivityDto,
  type ActivityStatus,
  type CreateActivityInput,
  FIELD_LABELS,
  type ListActivitiesFilter,
  STATUS_LABELS,
  type UpdateActivityInput,
} from './activities.schemas.js';
import { applyToStats } from './activities.stats.js';
import { type ActivityFigures, defaultAsOf, type FiguresResult, type GroupBy, type UnitGrouping } from './figures.js';
import { ATTENDANCE_GROUPS, MEASURES, type MeasureKey } from './measures.js';
import { type PeriodKind, periodRange } from './periods.js';

export interface ActivitiesDeps {
  db: Db;
  repo: ActivitiesRepository;
  campaigns: CampaignsService;
  tasks: TasksService;
  notifications: NotificationsService;
  files: FileStore;
  audit: AuditService;
  clock: Clock;
  figures: ActivityFigures;
  maxUploadBytes: number;
}

/** An issue with one field: the API answers the first as a 400, the .xlsx import lists them per row. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** The editable content of a report, as stored. */
export interface Content {
  unit_id: string;
  campaign_id: string | null;
  plan_id: string | null;
  task_id: string | null;
  occurrence_id: string | null;
  task_done: number;
  form_code: string | null;
  title: string | null;
  date_from: string;
  date_to: string | null;
  place: string | null;
  description: string | null;
  links: string[];
  topicIds: string[];
  measures: Record<ActivityMeasureColumn, number | null>;
}

/** Per-request caches for checking many reports (the import) without repeating look-ups. */
export interface Lookups {
  forms?: Map<string, { code: string; name: string; archived: number }>;
  campaigns: Map<string, { ok: boolean; unit_id?: string }>;
  topics: Map<string, { campaign_id: string } | null>;
}

const EDITABLE: ActivityStatus[] = ['draft', 'returned'];

/** Reports written by the system from online contests (client key `contest:<roundId>:<wardId>`): never edited by hand. */
const isSystemGenerated = (a: { client_key: string | null }) => !!a.client_key?.startsWith('contest:');
const systemGenerated = () => conflict('activity_system_generated', 'Hoạt động này do hệ thống tổng hợp từ cuộc thi trực tuyến, không sửa được.');
const MAX_PHOTOS = 30;
const MAX_DOCUMENTS = 20;
const MAX_SPAN_DAYS = 366;
const EXPORT_LIMIT = 50_000;

const link = (id: string) => `/app/hoat-dong/${id}`;
const dmy = formatVnDate;
const label = (field: string) => FIELD_LABELS[field] ?? field;

export function fieldMessage(i: FieldIssue): string {
  return `Trường «${label(i.field)} (${i.field})»: ${i.message}`;
}

/** 400 naming the (first) field in Vietnamese; every issue in `details`. */
export function issuesError(issues: FieldIssue[]): AppError {
  const first = issues[0];
  return invalid(
    first.code,
    `${fieldMessage(first)}. Hãy kiểm tra lại và gửi lại.`,
    issues.map((i) => ({ field: i.field, message: i.message })),
  );
}

const parseLinks = (s: string): string[] => {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || /UNIQUE constraint failed/i.test(err?.message ?? '');
}

const emptyMeasures = () => Object.fromEntries(MEASURES.map((m) => [m.column, null])) as Record<ActivityMeasureColumn, number | null>;

export function contentOf(a: ActivityRow, topicIds: string[]): Content {
  const measures = emptyMeasures();
  for (const m of MEASURES) measures[m.column] = a[m.column];
  return {
    unit_id: a.unit_id,
    campaign_id: a.campaign_id,
    plan_id: a.plan_id,
    task_id: a.task_id,
    occurrence_id: a.occurrence_id,
    task_done: a.task_done,
    form_code: a.form_code,
    title: a.title,
    date_from: a.date_from,
    date_to: a.date_to,
    place: a.place,
    description: a.description,
    links: parseLinks(a.links),
    topicIds,
    measures,
  };
}

/** Applies an input (undefined = unchanged, null = cleared) on top of the current content. */
export function mergeContent(base: Content, input: ActivityContentInput & { unitId?: string }): Content {
  const c: Content = { ...base, measures: { ...base.measures }, links: [...base.links], topicIds: [...base.topicIds] };
  const set = <K extends keyof Content>(k: K, v: Content[K] | undefined) => {
    if (v !== undefined) c[k] = v;
  };
  set('unit_id', input.unitId);
  set('campaign_id', input.campaignId === undefined ? undefined : (input.campaignId ?? null));
  set('plan_id', input.planId === undefined ? undefined : (input.planId ?? null));
  set('task_id', input.taskId === undefined ? undefined : (input.taskId ?? null));
  set('occurrence_id', input.occurrenceId === undefined ? undefined : (input.occurrenceId ?? null));
  if (input.taskDone !== undefined) c.task_done = input.taskDone ? 1 : 0;
  set('form_code', input.formCode === undefined ? undefined : (input.formCode ?? null));
  set('title', input.title === undefined ? undefined : input.title);
  set('date_from', input.dateFrom);
  set('date_to', input.dateTo === undefined ? undefined : (input.dateTo ?? null));
  set('place', input.place === undefined ? undefined : input.place);
  set('description', input.description === undefined ? undefined : input.description);
  if (input.links !== undefined) c.links = [...new Set(input.links)];
  if (input.topicIds !== undefined) c.topicIds = [...new Set(input.topicIds)];
  if (input.measures) {
    for (const m of MEASURES) {
      const v = input.measures[m.key];
      if (v !== undefined) c.measures[m.column] = v;
    }
  }
  if (c.date_to && c.date_to === c.date_from) c.date_to = null;
  if (!c.task_id) {
    c.occurrence_id = null;
    c.task_done = 0;
  }
  return c;
}

export function emptyContent(unitId: string, today: string): Content {
  return {
    unit_id: unitId,
    campaign_id: null,
    plan_id: null,
    task_id: null,
    occurrence_id: null,
    task_done: 0,
    form_code: null,
    title: null,
    date_from: today,
    date_to: null,
    place: null,
    description: null,
    links: [],
    topicIds: [],
    measures: emptyMeasures(),
  };
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export class ActivitiesService {
  readonly figures: ActivityFigures;
  constructor(private readonly d: ActivitiesDeps) {
    this.figures = d.figures;
  }

  get maxUploadBytes(): number {
    return this.d.maxUploadBytes;
  }

  // ------------------------------------------------------------------ checks

  newLookups(): Lookups {
    return { campaigns: new Map(), topics: new Map() };
  }

  /**
   * Checks the content of a draft (what is filled in) and returns every problem. With `complete`,
   * also what a submitted report needs (campaign, form, title, date).
   */
  async checkContent(scope: Scope, trx: Db, c: Content, o: { complete?: boolean; previous?: Content | null; lookups?: Lookups } = {}): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    const add = (field: string, code: string, message: string) => issues.push({ field, code, message });
    const lk = o.lookups ?? this.newLookups();
    const today = this.d.clock.today();
    const tree = scope.tree;

    if (o.complete) {
      const missing = (['campaign_id', 'form_code', 'title'] as const).filter((k) => !c[k]);
      const api = { campaign_id: 'campaignId', form_code: 'formCode', title: 'title' } as const;
      for (const k of missing) add(api[k], 'activity_incomplete', 'bắt buộc phải có trước khi gửi duyệt');
    }

    // Dates: not in the future, end ≥ start, at most a year, the unit existed on the day.
    if (c.date_from) {
      if (c.date_from > today) add('dateFrom', 'date_in_future', `ngày ${dmy(c.date_from)} chưa đến (hôm nay là ${dmy(today)}); chỉ báo cáo hoạt động đã diễn ra`);
      else if (c.date_from < '2000-01-01') add('dateFrom', 'validation_failed', 'ngày quá xa trong quá khứ');
      else if (!tree.isActiveOn(c.unit_id, c.date_from)) {
        add('dateFrom', 'unit_inactive', `đơn vị «${tree.get(c.unit_id)?.name ?? c.unit_id}» chưa thành lập hoặc đã kết thúc hoạt động vào ngày ${dmy(c.date_from)}`);
      }
    }
    if (c.date_to) {
      if (c.date_to < c.date_from) add('dateTo', 'invalid_period', `ngày kết thúc (${dmy(c.date_to)}) phải sau hoặc bằng ngày bắt đầu (${dmy(c.date_from)})`);
      else if (daysBetween(c.date_from, c.date_to) > MAX_SPAN_DAYS) add('dateTo', 'invalid_period', 'một hoạt động kéo dài tối đa một năm; hãy báo cáo theo từng đợt');
      if (c.date_to > today) add('dateTo', 'date_in_future', `ngày ${dmy(c.date_to)} chưa đến (hôm nay là ${dmy(today)})`);
    }

    // Form: from the catalogue (an archived form only if the report already had it).
    if (c.form_code) {
      if (!lk.forms) lk.forms = new Map((await this.d.repo.forms(trx)).map((f) => [f.code, f]));
      const f = lk.forms.get(c.form_code);
      if (!f || (f.archived && o.previous?.form_code !== c.form_code)) add('formCode', 'form_not_found', `không có hình thức «${c.form_code}» trong danh mục`);
    }

    // Campaign visible to the actor; topics of that campaign.
    if (c.campaign_id) {
      let hit = lk.campaigns.get(c.campaign_id);
      if (!hit) {
        try {
          const row = await this.d.campaigns.visibleCampaign(scope, c.campaign_id, trx);
          hit = { ok: true, unit_id: row.unit_id };
        } catch {
          hit = { ok: false };
        }
        lk.campaigns.set(c.campaign_id, hit);
      }
      if (!hit.ok) add('campaignId', 'campaign_not_found', 'không tìm thấy chương trình, chiến dịch hoặc bạn không có quyền xem');
    }
    if (c.topicIds.length) {
      if (!c.campaign_id) add('topicIds', 'topic_not_found', 'hãy chọn chương trình, chiến dịch trước khi chọn nội dung');
      else {
        const unknown = c.topicIds.filter((t) => !lk.topics.has(t));
        for (const t of await this.d.repo.topics(trx, unknown)) lk.topics.set(t.id, { campaign_id: t.campaign_id });
        for (const t of unknown) if (!lk.topics.has(t)) lk.topics.set(t, null);
        const bad = c.topicIds.filter((t) => lk.topics.get(t)?.campaign_id !== c.campaign_id);
        if (bad.length) add('topicIds', 'topic_not_found', `chủ đề không thuộc chương trình đã chọn: ${bad.slice(0, 5).join(', ')}`);
      }
    }

    // Plan, task and period it fulfils.
    if (c.plan_id) {
      const plan = await this.d.repo.plan(trx, c.plan_id);
      let ok = !!plan && !plan.is_template && (plan.status === 'issued' || plan.status === 'closed');
      if (ok && plan && !scope.canSee(plan.issuing_unit_id)) {
        const addressed = await this.d.repo.planAddressees(trx, plan.id);
        const near = new Set([c.unit_id, ...tree.ancestorsOn(c.unit_id, today), ...(c.date_from ? tree.ancestorsOn(c.unit_id, c.date_from) : [])]);
        ok = near.has(plan.issuing_unit_id) || [...addressed].some((u) => near.has(u) || scope.canSee(u));
      }
      if (!ok) add('planId', 'plan_not_found', 'không tìm thấy kế hoạch đã ban hành này hoặc bạn không có quyền xem');
    }
    if (c.task_id) {
      const task = await this.d.repo.task(trx, c.task_id);
      const near = new Set([...selfLineage(tree, c.unit_id), ...tree.ancestorsOn(c.unit_id, today), ...(c.date_from ? tree.ancestorsOn(c.unit_id, c.date_from) : [])]);
      if (!task || !(scope.canSee(task.unit_id) || scope.canSee(task.assigner_unit_id)) || !near.has(task.unit_id)) {
        add('taskId', 'task_not_found', 'không tìm thấy nhiệm vụ của đơn vị này (hoặc của đơn vị cấp trên của nó)');
      } else {
        if (c.plan_id && task.plan_id && task.plan_id !== c.plan_id) add('taskId', 'task_plan_mismatch', 'nhiệm vụ không thuộc kế hoạch đã chọn');
        if (c.occurrence_id) {
          const occ = await this.d.repo.occurrence(trx, c.occurrence_id);
          if (!occ || occ.task_id !== task.id) add('occurrenceId', 'occurrence_not_found', 'kỳ báo cáo không thuộc nhiệm vụ đã chọn');
        }
      }
    } else if (c.occurrence_id) add('occurrenceId', 'occurrence_not_found', 'cần chọn nhiệm vụ trước');

    // Attendance by gender cannot exceed the people counted by group.
    const groups = ATTENDANCE_GROUPS.map((k) => c.measures[MEASURES.find((m) => m.key === k)!.column] ?? 0).reduce((s, v) => s + v, 0);
    const gender = (c.measures.att_male ?? 0) + (c.measures.att_female ?? 0);
    if (groups > 0 && gender > groups) {
      add('measures.attFemale', 'attendance_mismatch', `số nam và nữ (${gender}) nhiều hơn tổng số người tham dự theo thành phần (${groups})`);
    }
    return issues;
  }

  /** Fills the campaign and plan from the task (and the campaign from the plan) when not chosen. */
  private async applyDefaults(trx: Db, c: Content): Promise<void> {
    if (c.task_id && (!c.plan_id || !c.campaign_id)) {
      const t = await this.d.repo.task(trx, c.task_id);
      if (t) {
        if (!c.plan_id && t.plan_id) c.plan_id = t.plan_id;
        if (!c.campaign_id && t.campaign_id) c.campaign_id = t.campaign_id;
      }
    }
    if (c.plan_id && !c.campaign_id) {
      const p = await this.d.repo.plan(trx, c.plan_id);
      if (p?.campaign_id) c.campaign_id = p.campaign_id;
    }
  }

  private rowValues(c: Content) {
    return {
      unit_id: c.unit_id,
      campaign_id: c.campaign_id,
      plan_id: c.plan_id,
      task_id: c.task_id,
      occurrence_id: c.occurrence_id,
      task_done: c.task_done,
      form_code: c.form_code,
      title: c.title,
      date_from: c.date_from,
      date_to: c.date_to,
      place: c.place,
      description: c.description,
      links: JSON.stringify(c.links),
      ...c.measures,
    };
  }

  /** A new report row (draft) from checked content. */
  newRow(c: Content, ctx: Ctx, now: string, extra: Partial<ActivityTable> = {}): Insertable<ActivityTable> & { id: string } {
    const id = extra.id ?? newId();
    return {
      id,
      root_id: id,
      version_no: 1,
      supersedes_id: null,
      ...this.rowValues(c),
      status: 'draft',
      client_key: null,
      submit_key: null,
      return_comment: null,
      created_by: ctx.actor?.userId ?? null,
      created_at: now,
      updated_by: ctx.actor?.userId ?? null,
      updated_at: now,
      submitted_by: null,
      submitted_at: null,
      reviewed_by: null,
      reviewed_at: null,
      version: 1,
      ...extra,
    };
  }

  // ------------------------------------------------------------------ reading

  private async load(scope: Scope, id: string, db: Db = this.d.db): Promise<ActivityRow> {
    const a = await this.d.repo.get(db, id);
    if (!a || !canSeeActivity(scope, a)) throw notFound('activity_not_found', 'Không tìm thấy báo cáo hoạt động hoặc bạn không có quyền xem.');
    return a;
  }

  private async toDtos(scope: Scope, rows: ActivityRow[], db: Db = this.d.db): Promise<ActivityDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => !!x))];
    const [topics, counts, users, campaigns, plans, tasks, forms] = await Promise.all([
      this.d.repo.topicsOf(db, ids),
      this.d.repo.fileCounts(db, ids),
      this.d.repo.userNames(db, uniq(rows.flatMap((r) => [r.created_by, r.reviewed_by]))),
      this.d.repo.campaignNames(db, uniq(rows.map((r) => r.campaign_id))),
      this.d.repo.planNumbers(db, uniq(rows.map((r) => r.plan_id))),
      this.d.repo.taskTitles(db, uniq(rows.map((r) => r.task_id))),
      this.d.repo.forms(db),
    ]);
    const formName = new Map(forms.map((f) => [f.code, f.name]));
    const today = this.d.clock.today();
    const tree = scope.tree;
    return rows.map((a) => {
      const measures = Object.fromEntries(MEASURES.map((m) => [m.key, a[m.column]])) as ActivityDto['measures'];
      const attendance = ATTENDANCE_GROUPS.reduce((s, k) => s + (measures[k] ?? 0), 0);
      const write = canWrite(scope, a);
      const editable = EDITABLE.includes(a.status as ActivityStatus) && write;
      const review = a.status === 'submitted' && canReview(scope, a, today);
      const c = counts.get(a.id) ?? { photos: 0, documents: 0 };
      return {
        id: a.id,
        rootId: a.root_id,
        versionNo: a.version_no,
        supersedesId: a.supersedes_id,
        unitId: a.unit_id,
        unitName: tree.get(a.unit_id)?.name ?? a.unit_id,
        campaignId: a.campaign_id,
        campaignName: a.campaign_id ? (campaigns.get(a.campaign_id) ?? null) : null,
        planId: a.plan_id,
        planNumberText: a.plan_id ? (plans.get(a.plan_id) ?? null) : null,
        taskId: a.task_id,
        taskTitle: a.task_id ? (tasks.get(a.task_id) ?? null) : null,
        occurrenceId: a.occurrence_id,
        taskDone: !!a.task_done,
        formCode: a.form_code,
        formName: a.form_code ? (formName.get(a.form_code) ?? a.form_code) : null,
        title: a.title,
        dateFrom: a.date_from,
        dateTo: a.date_to,
        place: a.place,
        description: a.description,
        links: parseLinks(a.links),
        topicIds: topics.get(a.id) ?? [],
        measures,
        attendance,
        status: a.status as ActivityStatus,
        statusLabel: STATUS_LABELS[a.status as ActivityStatus] ?? a.status,
        returnComment: a.return_comment,
        photoCount: c.photos,
        documentCount: c.documents,
        createdAt: a.created_at,
        createdBy: a.created_by,
        createdByName: a.created_by ? (users.get(a.created_by) ?? null) : null,
        updatedAt: a.updated_at,
        submittedAt: a.submitted_at,
        reviewedAt: a.reviewed_at,
        reviewedByName: a.reviewed_by ? (users.get(a.reviewed_by) ?? null) : null,
        version: a.version,
        can: { edit: editable, submit: editable, delete: editable, accept: review, return: review, correct: a.status === 'accepted' && write },
      };
    });
  }

  async get(scope: Scope, id: string): Promise<ActivityDetailDto> {
    const a = await this.load(scope, id);
    const [dto] = await this.toDtos(scope, [a]);
    const [files, events, chain] = await Promise.all([this.d.repo.filesOf(this.d.db, id), this.d.repo.events(this.d.db, a.root_id), this.d.repo.chain(this.d.db, a.root_id)]);
    const open = chain.find((v) => v.version_no > a.version_no && EDITABLE.concat('submitted').includes(v.status as ActivityStatus));
    return {
      ...dto,
      can: { ...dto.can, correct: dto.can.correct && !open },
      files: files.map((f) => ({
        id: f.id,
        kind: f.kind as 'photo' | 'document',
        fileId: f.file_id,
        thumbFileId: f.thumb_file_id,
        name: f.name,
        mime: f.mime,
        size: f.size,
        width: f.width,
        height: f.height,
        caption: f.caption,
        url: `/api/activities/${id}/files/${f.file_id}`,
        thumbUrl: f.thumb_file_id ? `/api/activities/${id}/files/${f.thumb_file_id}` : null,
      })),
      history: events.map((e) => ({ id: e.id, activityId: e.activity_id, kind: e.kind, comment: e.comment, userName: e.full_name ?? null, at: e.at })),
      versions: chain
        .filter((v) => v.status !== 'draft' || canWrite(scope, { unit_id: v.unit_id }))
        .map((v) => ({ id: v.id, versionNo: v.version_no, status: v.status as ActivityStatus, reviewedAt: v.reviewed_at })),
    };
  }

  /** The units and filters of a list (also used by the export). */
  private async listFilter(scope: Scope, q: Omit<ListActivitiesFilter, 'page' | 'pageSize'>) {
    const today = this.d.clock.today();
    const tree = scope.tree;
    const unitId = q.unitId ?? scope.actingUnitId;
    let unitIds: string[] | 'all';
    if (!unitId) {
      if (!scope.isSystemAdmin) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
      unitIds = 'all';
    } else {
      scope.assertSee(unitId);
      const asOf = q.asOf ?? defaultAsOf(tree, unitId, today);
      let set = q.includeSubunits === false ? new Set([unitId]) : tree.rollup(unitId, asOf);
      const visible = scope.visibleUnitIds();
      if (visible !== 'all') set = new Set([...set].filter((u) => visible.has(u)));
      unitIds = [...set];
    }
    let status = q.status;
    if (q.reviewable) {
      const mine = reviewableUnits(scope);
      unitIds = (unitIds === 'all' ? [...mine] : unitIds.filter((u) => mine.has(u))) as string[];
      status = status ?? 'submitted';
    }
    let draftUnitIds: string[] | 'all' = 'all';
    if (!(scope.isSystemAdmin && scope.roles.has('admin'))) {
      draftUnitIds = unitIds === 'all' ? [] : unitIds.filter((u) => scope.can('activity.report', u));
      if (unitIds !== 'all' && draftUnitIds.length === unitIds.length) draftUnitIds = 'all';
    }
    let topicIds: string[] | undefined;
    if (q.topicId) {
      const t = await this.d.repo.topics(this.d.db, [q.topicId]);
      if (!t.length) topicIds = [];
      else {
        const all = await this.d.repo.topicsOfCampaigns(this.d.db, [t[0].campaign_id]);
        const kids = new Map<string, string[]>();
        for (const x of all) if (x.parent_id) kids.set(x.parent_id, [...(kids.get(x.parent_id) ?? []), x.id]);
        topicIds = [];
        const stack = [q.topicId];
        while (stack.length) {
          const cur = stack.pop()!;
          topicIds.push(cur);
          stack.push(...(kids.get(cur) ?? []));
        }
      }
    }
    // Units seen only through a past grant: their reports up to the grant's last day (Scope.canSeeRecord).
    const listed = unitIds === 'all' ? null : new Set(unitIds);
    const historic = scope
      .historicWindows()
      .map((w) => ({ until: w.until, units: listed ? w.units.filter((u) => listed.has(u)) : w.units }))
      .filter((w) => w.units.length);
    return { unitIds, draftUnitIds, historic, from: q.from, to: q.to, form: q.form, topicIds, campaignId: q.campaignId, status, treeSize: tree.units.size };
  }

  async list(scope: Scope, q: ListActivitiesFilter) {
    const f = await this.listFilter(scope, q);
    const { rows, total, totalCapped } = await this.d.repo.list(this.d.db, { ...f, page: q.page, pageSize: q.pageSize });
    return { items: await this.toDtos(scope, rows), total, totalCapped, page: q.page, pageSize: q.pageSize };
  }

  /** Every report matching a list filter (for the .xlsx export), oldest first. */
  async listAll(scope: Scope, q: Omit<ListActivitiesFilter, 'page' | 'pageSize'>) {
    const f = await this.listFilter(scope, q);
    if ((await this.d.repo.count(this.d.db, f, EXPORT_LIMIT)) > EXPORT_LIMIT) {
      throw invalid('export_too_large', `Bộ lọc có hơn ${EXPORT_LIMIT.toLocaleString('vi-VN')} báo cáo, vượt quá số dòng mỗi lần xuất. Hãy thu hẹp khoảng thời gian hoặc đơn vị.`);
    }
    const rows = await this.d.repo.all(this.d.db, f, EXPORT_LIMIT);
    const topics = await this.d.repo.topicsOf(this.d.db, rows.map((r) => r.id));
    return { rows, topics };
  }

  /** Figures for the acting unit (or a visible `unitId`), limited to what the actor sees. */
  async figuresFor(
    scope: Scope,
    q: {
      unitId?: string;
      asOf?: string;
      from?: string;
      to?: string;
      period?: PeriodKind;
      year?: number;
      index?: number;
      cutoffDay?: number;
      campaignId?: string;
      groupBy: GroupBy;
      unitGrouping?: UnitGrouping;
      measures?: MeasureKey[];
    },
  ): Promise<FiguresResult> {
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(unitId);
    const today = this.d.clock.today();
    if (q.asOf && q.asOf > today) throw invalid('validation_failed', 'Trường «Ngày xem (asOf)»: không được sau hôm nay.', [{ field: 'asOf', message: 'sau hôm nay' }]);
    if (q.campaignId) await this.d.campaigns.visibleCampaign(scope, q.campaignId);
    let range: { from: string; to: string };
    if (q.period && q.period !== 'custom') range = periodRange(q.period, q.year ?? Number(today.slice(0, 4)), q.index ?? 1, q.cutoffDay ?? 1);
    else range = { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
    return this.d.figures.compute(
      scope.tree,
      { unitId, asOf: q.asOf, from: range.from, to: range.to, campaignId: q.campaignId ?? null, groupBy: q.groupBy, unitGrouping: q.unitGrouping, cutoffDay: q.cutoffDay, measures: q.measures },
      { restrictTo: scope.visibleUnitIds() },
    );
  }

  // ------------------------------------------------------------------ writing

  private versionConflict(a: ActivityRow, name: string | null) {
    return conflict(
      'version_conflict',
      `Báo cáo hoạt động đã được ${name ?? 'người khác'} lưu lúc ${vnTime(a.updated_at)}. Hãy tải lại để xem bản mới nhất; nội dung bạn vừa nhập chưa được lưu.`,
      { currentVersion: a.version, updatedAt: a.updated_at, updatedBy: a.updated_by },
    );
  }

  private async conflictFor(db: Db, id: string) {
    const cur = await this.d.repo.get(db, id);
    if (!cur) return notFound('activity_not_found', 'Không tìm thấy báo cáo hoạt động.');
    if (!EDITABLE.includes(cur.status as ActivityStatus)) return this.notEditable(cur);
    const names = await this.d.repo.userNames(db, cur.updated_by ? [cur.updated_by] : []);
    return this.versionConflict(cur, cur.updated_by ? (names.get(cur.updated_by) ?? null) : null);
  }

  private notEditable(a: ActivityRow) {
    const why: Record<string, string> = {
      submitted: 'đã được gửi và đang chờ duyệt, không sửa được. Nếu cần sửa, hãy đề nghị đơn vị cấp trên trả lại',
      accepted: 'đã được duyệt và khóa. Muốn sửa, hãy tạo bản đính chính',
      superseded: 'đã được thay bằng bản đính chính mới hơn',
    };
    return conflict('activity_not_editable', `Báo cáo hoạt động ${why[a.status] ?? 'không sửa được'}.`, { status: a.status });
  }

  private async event(trx: Db, ctx: Ctx, a: Pick<ActivityRow, 'id' | 'root_id'>, kind: string, comment: string | null = null) {
    await this.d.repo.insertEvent(trx, {
      id: newId(),
      activity_id: a.id,
      root_id: a.root_id,
      kind,
      comment,
      user_id: ctx.actor?.userId ?? null,
      acting_unit_id: ctx.actor?.actingUnitId ?? null,
      at: this.d.clock.now().toISOString(),
    });
  }

  /** Creates a draft (and submits it with `submit`). A retry with the same `clientKey` returns the first record. */
  async create(scope: Scope, ctx: Ctx, input: CreateActivityInput): Promise<{ activity: ActivityDetailDto; created: boolean }> {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertCan('activity.report', unitId);
    const replay = async () => {
      const prior = input.clientKey ? await this.d.repo.byClientKey(this.d.db, input.clientKey) : undefined;
      if (!prior) return null;
      if (prior.created_by !== (ctx.actor?.userId ?? null)) throw conflict('client_key_conflict', 'Mã gửi (clientKey) đã được dùng cho một báo cáo khác. Hãy tải lại trang rồi gửi lại.');
      return { activity: await this.get(scope, prior.id), created: false };
    };
    const first = await replay();
    if (first) return first;
    const id = newId();
    try {
      await tx(this.d.db, async (trx) => {
        const c = mergeContent(emptyContent(unitId, this.d.clock.today()), input);
        await this.applyDefaults(trx, c);
        const issues = await this.checkContent(scope, trx, c);
        if (issues.length) throw issuesError(issues);
        const now = this.d.clock.now().toISOString();
        const row = this.newRow(c, ctx, now, { id, client_key: input.clientKey ?? null });
        await this.d.repo.insert(trx, [row]);
        await this.d.repo.replaceTopics(trx, id, c.topicIds);
        await this.event(trx, ctx, row, 'created');
        await this.d.audit.record(trx, ctx, {
          action: 'activity.create',
          entityType: 'activity',
          entityId: id,
          summary: `Tạo báo cáo hoạt động «${c.title ?? '(chưa đặt tên)'}» của ${scope.tree.get(unitId)?.name ?? unitId}`,
          after: input,
        });
        if (input.submit) {
          const saved = (await this.d.repo.get(trx, id))!;
          await this.submitInTx(trx, scope, ctx, saved, { clientKey: input.clientKey });
        }
      });
    } catch (e) {
      if (input.clientKey && isUniqueViolation(e)) {
        const again = await replay();
        if (again) return again;
      }
      throw e;
    }
    return { activity: await this.get(scope, id), created: true };
  }

  /** Autosave: applies the fields given; 409 when someone saved in between (nothing is overwritten). */
  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateActivityInput): Promise<ActivityDetailDto> {
    await tx(this.d.db, async (trx) => {
      const a = await this.load(scope, id, trx);
      if (isSystemGenerated(a)) throw systemGenerated();
      if (!canWrite(scope, a)) throw forbidden('forbidden', 'Bạn không có quyền sửa báo cáo hoạt động của đơn vị này.');
      if (!EDITABLE.includes(a.status as ActivityStatus)) throw this.notEditable(a);
      if (a.version !== input.version) throw await this.conflictFor(trx, id);
      if (input.unitId && input.unitId !== a.unit_id) {
        if (a.supersedes_id) throw invalid('validation_failed', 'Trường «Đơn vị (unitId)»: bản đính chính giữ nguyên đơn vị của báo cáo gốc.', [{ field: 'unitId', message: 'không đổi được' }]);
        scope.assertCan('activity.report', input.unitId);
      }
      const before = contentOf(a, (await this.d.repo.topicsOf(trx, [id])).get(id) ?? []);
      const c = mergeContent(before, input);
      await this.applyDefaults(trx, c);
      const issues = await this.checkContent(scope, trx, c, { previous: before });
      if (issues.length) throw issuesError(issues);
      const now = this.d.clock.now().toISOString();
      const ok = await this.d.repo.update(trx, id, a.version, { ...this.rowValues(c), updated_by: ctx.actor?.userId ?? null, updated_at: now }, EDITABLE);
      if (!ok) throw await this.conflictFor(trx, id);
      if (input.topicIds !== undefined || c.topicIds.join() !== before.topicIds.join()) await this.d.repo.replaceTopics(trx, id, c.topicIds);
      await this.d.audit.record(trx, ctx, {
        action: 'activity.update',
        entityType: 'activity',
        entityId: id,
        summary: `Sửa báo cáo hoạt động «${c.title ?? '(chưa đặt tên)'}»`,
        after: input,
      });
    });
    return this.get(scope, id);
  }

  async remove(scope: Scope, ctx: Ctx, id: string): Promise<void> {
    await tx(this.d.db, async (trx) => {
      const a = await this.load(scope, id, trx);
      if (isSystemGenerated(a)) throw systemGenerated();
      if (!canWrite(scope, a)) throw forbidden('forbidden', 'Bạn không có quyền xóa báo cáo hoạt động của đơn vị này.');
      if (!EDITABLE.includes(a.status as ActivityStatus)) throw this.notEditable(a);
      await this.d.repo.delete(trx, id);
      await this.event(trx, ctx, a, 'deleted');
      await this.d.audit.record(trx, ctx, { action: 'activity.delete', entityType: 'activity', entityId: id, summary: `Xóa báo cáo hoạt động «${a.title ?? '(chưa đặt tên)'}»`, before: a });
    });
  }

  private notSubmittable(a: ActivityRow) {
    const why: Record<string, string> = {
      submitted: 'đã được gửi và đang chờ duyệt',
      accepted: 'đã được duyệt; không gửi lại được. Muốn sửa, hãy tạo bản đính chính',
      superseded: 'đã được thay bằng bản đính chính mới hơn',
    };
    return conflict('activity_not_submittable', `Báo cáo hoạt động ${why[a.status] ?? 'không gửi được'}.`, { status: a.status });
  }

  private async submitInTx(trx: Db, scope: Scope, ctx: Ctx, a: ActivityRow, o: { clientKey?: string; version?: number }) {
    if (!canWrite(scope, a)) throw forbidden('forbidden', 'Bạn không có quyền gửi báo cáo hoạt động của đơn vị này.');
    if (!EDITABLE.includes(a.status as ActivityStatus)) throw this.notSubmittable(a);
    if (o.version !== undefined && o.version !== a.version) throw await this.conflictFor(trx, a.id);
    const topics = (await this.d.repo.topicsOf(trx, [a.id])).get(a.id) ?? [];
    const c = contentOf(a, topics);
    const issues = await this.checkContent(scope, trx, c, { complete: true, previous: c });
    if (issues.length) throw issuesError(issues);
    const now = this.d.clock.now().toISOString();
    const userId = ctx.actor?.userId ?? null;
    const ok = await this.d.repo.update(
      trx,
      a.id,
      a.version,
      { status: 'submitted', submit_key: o.clientKey ?? null, submitted_by: userId, submitted_at: now, return_comment: null, updated_by: userId, updated_at: now },
      EDITABLE,
    );
    if (!ok) throw await this.conflictFor(trx, a.id);
    await this.event(trx, ctx, a, a.status === 'returned' ? 'resubmitted' : 'submitted');
    const tree = scope.tree;
    const today = this.d.clock.today();
    const unitName = tree.get(a.unit_id)?.name ?? '';
    for (const reviewer of reviewerUnits(tree, a.unit_id, a.date_from ?? today, today)) {
      await this.d.notifications.notify(trx, {
        unitId: reviewer,
        roles: ['officer', 'leader'],
        kind: 'activity.submitted',
        title: `Báo cáo hoạt động chờ duyệt: ${a.title ?? ''}`,
        body: `${unitName} gửi báo cáo hoạt động ngày ${dmy(a.date_from)}${a.status === 'returned' ? ' (đã sửa theo ý kiến)' : ''}.`,
        link: link(a.id),
        entityType: 'activity',
        entityId: a.id,
        dedupeKey: `activity-submitted:${a.id}:${a.version + 1}`,
      });
    }
    await this.d.audit.record(trx, ctx, { action: 'activity.submit', entityType: 'activity', entityId: a.id, summary: `Gửi duyệt báo cáo hoạt động «${a.title}» của ${unitName}` });
  }

  /** Submits for review. A retry with the same `clientKey` after a dropped connection answers the same record. */
  async submit(scope: Scope, ctx: Ctx, id: string, o: { clientKey?: string; version?: number }): Promise<ActivityDetailDto> {
    const replay = async () => {
      if (!o.clientKey) return null;
      const prior = await this.d.repo.bySubmitKey(this.d.db, o.clientKey);
      if (!prior) return null;
      if (prior.id !== id) throw conflict('client_key_conflict', 'Mã gửi (clientKey) đã được dùng cho một báo cáo khác. Hãy tải lại trang rồi gửi lại.');
      return this.get(scope, id);
    };
    const first = await replay();
    if (first) return first;
    try {
      await tx(this.d.db, async (trx) => {
        const a = await this.load(scope, id, trx);
        await this.submitInTx(trx, scope, ctx, a, o);
      });
    } catch (e) {
      // Two retries racing (PostgreSQL): the loser sees the winner's key.
      if (o.clientKey && (isUniqueViolation(e) || (e instanceof AppError && e.status === 409))) {
        const again = await replay();
        if (again) return again;
      }
      throw e;
    }
    return this.get(scope, id);
  }

  private async reviewable(scope: Scope, trx: Db, id: string): Promise<ActivityRow> {
    const a = await this.load(scope, id, trx);
    if (a.status !== 'submitted') {
      const why: Record<string, string> = { accepted: 'đã được duyệt', returned: 'đã được trả lại cho đơn vị sửa', draft: 'chưa được gửi', superseded: 'đã được thay bằng bản đính chính' };
      throw conflict('activity_not_reviewable', `Báo cáo hoạt động ${why[a.status] ?? 'không ở trạng thái chờ duyệt'}.`, { status: a.status });
    }
    if (!canReview(scope, a, this.d.clock.today())) {
      throw forbidden('forbidden', 'Chỉ lãnh đạo, cán bộ của đơn vị cấp trên (hoặc người có quyền duyệt báo cáo của cấp trên) mới được duyệt báo cáo này.');
    }
    return a;
  }

  private async notifyAuthor(trx: Db, a: ActivityRow, kind: string, title: string, body: string) {
    const users = [...new Set([a.created_by, a.submitted_by].filter((u): u is string => !!u))];
    if (!users.length) return;
    await this.d.notifications.notify(trx, { userIds: users, kind, title, body, link: link(a.id), entityType: 'activity', entityId: a.id, dedupeKey: `${kind}:${a.id}:${a.version + 1}` });
  }

  /**
   * Accepts a submitted report: it becomes locked and counts in the figures; a correction replaces the
   * version it supersedes (that one becomes `superseded`). Stats and the cited task are updated in the
   * same transaction.
   */
  async accept(scope: Scope, ctx: Ctx, id: string, o: { comment?: string | null }): Promise<ActivityDetailDto> {
    await tx(this.d.db, async (trx) => {
      const a = await this.reviewable(scope, trx, id);
      const now = this.d.clock.now().toISOString();
      const userId = ctx.actor?.userId ?? null;
      const ok = await this.d.repo.update(trx, id, a.version, { status: 'accepted', reviewed_by: userId, reviewed_at: now, return_comment: null }, ['submitted']);
      if (!ok) throw conflict('activity_not_reviewable', 'Báo cáo hoạt động vừa được người khác xử lý. Hãy tải lại.');
      const topics = (await this.d.repo.topicsOf(trx, [id])).get(id) ?? [];
      await applyToStats(trx, a, topics, 1);
      let prev: ActivityRow | undefined;
      if (a.supersedes_id) {
        prev = await this.d.repo.get(trx, a.supersedes_id);
        if (prev && prev.status === 'accepted') {
          await this.d.repo.update(trx, prev.id, prev.version, { status: 'superseded', updated_at: now }, ['accepted']);
          const prevTopics = (await this.d.repo.topicsOf(trx, [prev.id])).get(prev.id) ?? [];
          await applyToStats(trx, prev, prevTopics, -1);
        }
      }
      if (a.task_id && (!prev || prev.task_id !== a.task_id || (a.task_done && !prev.task_done))) {
        await this.d.tasks.noteFromActivity(trx, scope, ctx, a.task_id, {
          note: `Báo cáo hoạt động «${a.title}» ngày ${dmy(a.date_from)} của ${scope.tree.get(a.unit_id)?.name ?? ''} đã được duyệt.`,
          occurrenceId: a.occurrence_id ?? undefined,
          markDone: !!a.task_done,
        });
      }
      await this.event(trx, ctx, a, 'accepted', o.comment ?? null);
      await this.notifyAuthor(trx, a, 'activity.accepted', `Báo cáo hoạt động đã được duyệt: ${a.title}`, o.comment ? `Ý kiến: ${o.comment}` : 'Báo cáo đã được tính vào số liệu tổng hợp.');
      await this.d.audit.record(trx, ctx, {
        action: 'activity.accept',
        entityType: 'activity',
        entityId: id,
        summary: `Duyệt báo cáo hoạt động «${a.title}» của ${scope.tree.get(a.unit_id)?.name ?? a.unit_id}${prev ? ` (đính chính lần ${a.version_no - 1})` : ''}`,
      });
    });
    return this.get(scope, id);
  }

  async return(scope: Scope, ctx: Ctx, id: string, o: { comment: string }): Promise<ActivityDetailDto> {
    await tx(this.d.db, async (trx) => {
      const a = await this.reviewable(scope, trx, id);
      const now = this.d.clock.now().toISOString();
      const ok = await this.d.repo.update(trx, id, a.version, { status: 'returned', return_comment: o.comment, reviewed_by: ctx.actor?.userId ?? null, reviewed_at: now }, ['submitted']);
      if (!ok) throw conflict('activity_not_reviewable', 'Báo cáo hoạt động vừa được người khác xử lý. Hãy tải lại.');
      await this.event(trx, ctx, a, 'returned', o.comment);
      await this.notifyAuthor(trx, a, 'activity.returned', `Báo cáo hoạt động bị trả lại: ${a.title}`, `Ý kiến: ${o.comment}`);
      await this.d.audit.record(trx, ctx, { action: 'activity.return', entityType: 'activity', entityId: id, summary: `Trả lại báo cáo hoạt động «${a.title}»: ${o.comment}` });
    });
    return this.get(scope, id);
  }

  /** Starts a correction of an accepted report: a new draft version linked to it (history kept). */
  async correct(scope: Scope, ctx: Ctx, id: string): Promise<ActivityDetailDto> {
    const newIdValue = newId();
    await tx(this.d.db, async (trx) => {
      const a = await this.load(scope, id, trx);
      if (isSystemGenerated(a)) throw systemGenerated();
      if (!canWrite(scope, a)) throw forbidden('forbidden', 'Bạn không có quyền đính chính báo cáo hoạt động của đơn vị này.');
      if (a.status !== 'accepted') {
        throw conflict('activity_not_correctable', 'Chỉ tạo bản đính chính cho phiên bản đã được duyệt mới nhất của báo cáo.', { status: a.status });
      }
      const open = await this.d.repo.openCorrection(trx, a.root_id);
      if (open) throw conflict('correction_exists', 'Báo cáo này đang có một bản đính chính chưa được duyệt. Hãy tiếp tục bản đó.', { id: open.id });
      const now = this.d.clock.now().toISOString();
      const topics = (await this.d.repo.topicsOf(trx, [id])).get(id) ?? [];
      const c = contentOf(a, topics);
      const row = this.newRow(c, ctx, now, { id: newIdValue, root_id: a.root_id, version_no: a.version_no + 1, supersedes_id: a.id });
      await this.d.repo.insert(trx, [row]);
      await this.d.repo.replaceTopics(trx, newIdValue, topics);
      await this.d.repo.copyFiles(trx, id, newIdValue, newId, now);
      await this.event(trx, ctx, row, 'correction');
      await this.d.audit.record(trx, ctx, { action: 'activity.correct', entityType: 'activity', entityId: newIdValue, summary: `Tạo bản đính chính lần ${a.version_no} của báo cáo hoạt động «${a.title}»` });
    });
    return this.get(scope, newIdValue);
  }

  // ------------------------------------------------------------------ evidence

  private async editableFor(scope: Scope, trx: Db, id: string) {
    const a = await this.load(scope, id, trx);
    if (isSystemGenerated(a)) throw systemGenerated();
    if (!canWrite(scope, a)) throw forbidden('forbidden', 'Bạn không có quyền sửa báo cáo hoạt động của đơn vị này.');
    if (!EDITABLE.includes(a.status as ActivityStatus)) throw this.notEditable(a);
    return a;
  }

  /** A photo: checked (jpeg/png/webp by content, ≤ MAX_UPLOAD_MB), resized to 1600 and 400 px WebP. */
  async addPhoto(scope: Scope, ctx: Ctx, id: string, upload: { buffer: Buffer; filename: string }, caption: string | null) {
    const pre = await this.editableFor(scope, this.d.db, id);
    const photo = await processPhoto(upload.buffer, upload.filename || 'anh.jpg', this.d.maxUploadBytes);
    const fileRowId = newId();
    await tx(this.d.db, async (trx) => {
      const a = await this.editableFor(scope, trx, pre.id);
      const n = (await this.d.repo.fileCounts(trx, [a.id])).get(a.id)?.photos ?? 0;
      if (n >= MAX_PHOTOS) throw conflict('too_many_files', `Mỗi báo cáo có tối đa ${MAX_PHOTOS} ảnh.`);
      const common = { unitId: a.unit_id, userId: ctx.actor?.userId ?? null, allowed: ['jpeg', 'png', 'webp'] as const, maxBytes: Math.max(this.d.maxUploadBytes, photo.display.buffer.length) };
      const display = await this.d.files.save({ ...common, buffer: photo.display.buffer, name: photo.display.name }, trx);
      const thumb = await this.d.files.save({ ...common, buffer: photo.thumb.buffer, name: photo.thumb.name }, trx);
      await this.d.repo.insertFile(trx, {
        id: fileRowId,
        activity_id: a.id,
        kind: 'photo',
        file_id: display.id,
        thumb_file_id: thumb.id,
        width: photo.display.width,
        height: photo.display.height,
        caption: caption?.trim().slice(0, 500) || null,
        sort: (await this.d.repo.maxFileSort(trx, a.id)) + 1,
        created_by: ctx.actor?.userId ?? null,
        created_at: this.d.clock.now().toISOString(),
      });
      await this.d.audit.record(trx, ctx, { action: 'activity.photo', entityType: 'activity', entityId: a.id, summary: `Thêm ảnh minh chứng «${upload.filename}» (${photo.display.width}×${photo.display.height})` });
    });
    return this.get(scope, id);
  }

  /** A document (PDF, Word, Excel by content, ≤ MAX_UPLOAD_MB). */
  async addDocument(scope: Scope, ctx: Ctx, id: string, upload: { buffer: Buffer; filename: string }, caption: string | null) {
    checkSize(upload.filename, upload.buffer.length, this.d.maxUploadBytes);
    await tx(this.d.db, async (trx) => {
      const a = await this.editableFor(scope, trx, id);
      const n = (await this.d.repo.fileCounts(trx, [a.id])).get(a.id)?.documents ?? 0;
      if (n >= MAX_DOCUMENTS) throw conflict('too_many_files', `Mỗi báo cáo có tối đa ${MAX_DOCUMENTS} tài liệu.`);
      const file = await this.d.files.save(
        { buffer: upload.buffer, name: upload.filename || 'tai-lieu', unitId: a.unit_id, userId: ctx.actor?.userId ?? null, allowed: DOCUMENT_KINDS, maxBytes: this.d.maxUploadBytes },
        trx,
      );
      await this.d.repo.insertFile(trx, {
        id: newId(),
        activity_id: a.id,
        kind: 'document',
        file_id: file.id,
        thumb_file_id: null,
        width: null,
        height: null,
        caption: caption?.trim().slice(0, 500) || null,
        sort: (await this.d.repo.maxFileSort(trx, a.id)) + 1,
        created_by: ctx.actor?.userId ?? null,
        created_at: this.d.clock.now().toISOString(),
      });
      await this.d.audit.record(trx, ctx, { action: 'activity.document', entityType: 'activity', entityId: a.id, summary: `Thêm tài liệu minh chứng «${file.name}»` });
    });
    return this.get(scope, id);
  }

  async removeFile(scope: Scope, ctx: Ctx, id: string, fileRowId: string): Promise<void> {
    await tx(this.d.db, async (trx) => {
      const a = await this.editableFor(scope, trx, id);
      const f = await this.d.repo.getFile(trx, a.id, fileRowId);
      if (!f) throw notFound('file_not_found', 'Không tìm thấy tệp minh chứng.');
      await this.d.repo.deleteFile(trx, f.id);
      await this.d.audit.record(trx, ctx, { action: 'activity.file_remove', entityType: 'activity', entityId: a.id, summary: 'Bỏ một tệp minh chứng' });
    });
  }

  /** A file (photo size, thumbnail or document) of a visible report. */
  async file(scope: Scope, id: string, fileId: string) {
    await this.load(scope, id);
    const f = await this.d.repo.ownsFile(this.d.db, id, fileId);
    if (!f) throw notFound('file_not_found', 'Không tìm thấy tệp minh chứng.');
    return f;
  }

  // ------------------------------------------------------------------ import support

  /**
   * Writes checked reports in one transaction (the .xlsx import): drafts, or submitted for review with
   * one notification per reviewing unit. Returns the new ids.
   */
  async insertMany(trx: Db, scope: Scope, ctx: Ctx, items: Content[], o: { submit: boolean; source: string }): Promise<string[]> {
    const now = this.d.clock.now().toISOString();
    const userId = ctx.actor?.userId ?? null;
    const rows = items.map((c) => this.newRow(c, ctx, now, o.submit ? { status: 'submitted', submitted_by: userId, submitted_at: now } : {}));
    await this.d.repo.insert(trx, rows);
    await this.d.repo.insertTopics(
      trx,
      rows.flatMap((r, i) => items[i].topicIds.map((topic_id) => ({ activity_id: r.id, topic_id }))),
    );
    await this.d.repo.insertEvents(
      trx,
      rows.map((r) => ({ id: newId(), activity_id: r.id, root_id: r.id, seq: 1, kind: o.submit ? 'imported_submitted' : 'imported', comment: o.source, user_id: userId, acting_unit_id: ctx.actor?.actingUnitId ?? null, at: now })),
    );
    if (o.submit) {
      const today = this.d.clock.today();
      const perReviewer = new Map<string, number>();
      for (const r of rows) for (const u of reviewerUnits(scope.tree, r.unit_id, r.date_from ?? today, today)) perReviewer.set(u, (perReviewer.get(u) ?? 0) + 1);
      const actingName = scope.actingUnitId ? (scope.tree.get(scope.actingUnitId)?.name ?? '') : '';
      for (const [unitId, n] of perReviewer) {
        await this.d.notifications.notify(trx, {
          unitId,
          roles: ['officer', 'leader'],
          kind: 'activity.submitted',
          title: `${n} báo cáo hoạt động chờ duyệt`,
          body: `${actingName} nhập từ tệp Excel «${o.source}» ${n} báo cáo hoạt động.`,
          link: '/app/hoat-dong?reviewable=true',
          entityType: 'activity',
          entityId: rows[0].id,
          dedupeKey: `activity-import:${rows[0].id}:${unitId}`,
        });
      }
    }
    await this.d.audit.record(trx, ctx, {
      action: 'activity.import',
      entityType: 'activity',
      entityId: null,
      summary: `Nhập ${rows.length} báo cáo hoạt động từ tệp «${o.source}»${o.submit ? ' (gửi duyệt)' : ''}`,
    });
    return rows.map((r) => r.id);
  }
}
