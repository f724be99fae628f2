import { addDays, type Clock, formatVnDate, vnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { type AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Scope } from '../access/index.js';
import { type ActivityFigures, DERIVED_LABELS, defaultAsOf, MEASURES, type MeasureTotals, periodRange } from '../activities/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CampaignsService, vnTime } from '../campaigns/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { formatNumber, PlansRepository } from '../plans/index.js';
import { defaultHeader, defaultPlace, defaultSigner, defaultSymbol } from '../plans/plans.text.js';
import type { UnitTree } from '../units/unit-tree.js';
import { canReviewReport, canSeeReport, canWriteReport, isOwnUnit, reportReviewerUnits } from './reports.policy.js';
import type { ReportRow, ReportsRepository, RequestRow } from './reports.repository.js';
import type {
  CompileMode,
  CreateReportInput,
  CreateRequestInput,
  ListReportsInput,
  ListRequestsInput,
  ReportRequestDto,
  ReportStatus,
  SectionKey,
  TargetStatus,
  UpdateReportInput,
} from './reports.schemas.js';
import { capitalise, defaultSubject, periodPhrase, prefillSections, STATUS_LABELS, TARGET_STATUS_LABELS } from './reports.text.js';

type Totals = MeasureTotals;
export interface FigureRow {
  key: string;
  label: string;
  values: Totals;
  /** By unit: the unit's kind (front_committee, member_organisation, …). */
  kind?: string;
}
export interface ReportFigures {
  frozenAt: string | null;
  filter: { unitId: string; from: string; to: string; asOf: string; campaignId: string | null; cutoffDay: number; unitGrouping: 'as_of_period' };
  totals: Totals;
  byForm: FigureRow[];
  byUnit: FigureRow[];
  byMonth: FigureRow[];
  measures: Array<{ key: string; label: string; unit: string; group: string }>;
}
export interface ReportSection {
  key: SectionKey;
  heading: string;
  content: import('../../../shared/richtext.js').RichDoc;
}
export interface ReportSigner {
  mode: 'TM' | 'KT' | '';
  authority: string;
  position: string;
  name: string;
}
export interface ReportCan {
  edit: boolean;
  submit: boolean;
  delete: boolean;
  accept: boolean;
  return: boolean;
  export: boolean;
}
export interface ReportSummary {
  id: string;
  unitId: string;
  unitName: string;
  campaignId: string | null;
  campaignName: string | null;
  requestId: string | null;
  periodKind: 'month' | 'quarter' | 'half' | 'year' | 'custom';
  periodYear: number;
  periodIndex: number;
  periodFrom: string;
  periodTo: string;
  cutoffDay: number;
  periodLabel: string;
  title: string;
  subject: string;
  numberText: string | null;
  docDate: string | null;
  place: string;
  status: ReportStatus;
  statusLabel: string;
  deadline: string | null;
  submittedAt: string | null;
  late: boolean;
  reviewedAt: string | null;
  reviewedByName: string | null;
  returnComment: string | null;
  compileMode: CompileMode;
  createdAt: string;
  updatedAt: string;
  version: number;
  can: ReportCan;
}
export interface ReportDetail extends ReportSummary {
  header: { parentBody: string; bodyName: string; issuer: string };
  symbol: string;
  sections: ReportSection[];
  recipients: string[];
  archiveLine: string;
  signer: ReportSigner;
  figures: ReportFigures;
  subunitReports: Array<{ id: string; unitId: string; unitName: string; status: ReportStatus; numberText: string | null; submittedAt: string | null; late: boolean }>;
  history: Array<{ kind: string; comment: string | null; userName: string | null; at: string }>;
}

export interface DueItem {
  requestId: string;
  reportId: string | null;
  unitId: string;
  unitName: string;
  title: string;
  deadline: string;
  status: TargetStatus;
  late: boolean;
}
export interface DueRequests {
  total: number;
  late: number;
  items: DueItem[];
}

export interface ReportsServiceDeps {
  db: Db;
  repo: ReportsRepository;
  figures: ActivityFigures;
  campaigns: CampaignsService;
  notifications: NotificationsService;
  audit: AuditService;
  clock: Clock;
  tree: () => Promise<UnitTree>;
  cutoffDay: number;
  reminderDays: number;
}

const EDITABLE = ['draft', 'returned'];
const REPORT_KINDS = new Set(['front_committee', 'member_organisation', 'residential_committee']);
const NO_CAN: ReportCan = { edit: false, submit: false, delete: false, accept: false, return: false, export: true };
const plans = new PlansRepository();

const reportNotFound = () => notFound('report_not_found', 'Không tìm thấy báo cáo hoặc bạn không có quyền xem.');
const requestNotFound = () => notFound('request_not_found', 'Không tìm thấy yêu cầu báo cáo hoặc bạn không có quyền xem.');

function fieldError(code: string, path: string, label: string, message: string): AppError {
  return invalid(code, `Trường «${label} (${path})»: ${message}.`, [{ field: path, message }]);
}

function required<T>(v: T | undefined, path: string, label: string): T {
  if (v === undefined) throw fieldError('validation_failed', path, label, 'bắt buộc phải có');
  return v;
}

/** Submitted after the deadline (the day in Vietnam), or not submitted and the deadline has passed. */
export function isLate(deadline: string | null, submittedAt: string | null, status: string | null, today: string): boolean {
  if (!deadline) return false;
  if (submittedAt && (status === 'submitted' || status === 'accepted')) return vnDate(new Date(submittedAt)) > deadline;
  return today > deadline;
}

function targetStatus(status: string | null | undefined, reportId: string | null): TargetStatus {
  if (!reportId || !status) return 'not_started';
  return status as TargetStatus;
}

/** Open report-request targets of units in the set (the dashboard's follow-up panel). */
export async function dueRequests(repo: ReportsRepository, db: Db, tree: UnitTree, unitIds: string[], today: string, limit = 20): Promise<DueRequests> {
  const rows = await repo.openTargets(db, unitIds);
  const items: DueItem[] = rows.map((r) => ({
    requestId: r.request_id,
    reportId: r.report_id,
    unitId: r.unit_id,
    unitName: tree.get(r.unit_id)?.name ?? '',
    title: r.title,
    deadline: r.deadline,
    status: targetStatus(r.status, r.report_id),
    late: today > r.deadline,
  }));
  return { total: items.length, late: items.filter((i) => i.late).length, items: items.slice(0, Math.max(0, limit)) };
}

/** Periodic reports: drafts prefilled from the figures layer, life cycle, numbering, requests, reminders. */
export class ReportsService {
  private readonly db: Db;
  private readonly repo: ReportsRepository;
  private readonly clock: Clock;

  constructor(private readonly d: ReportsServiceDeps) {
    this.db = d.db;
    this.repo = d.repo;
    this.clock = d.clock;
  }

  // ------------------------------------------------------------------ periods

  /** The period of a preset (or custom range) with its label; 400 naming the field when out of range. */
  period(q: { kind: string; year: number; index?: number; from?: string; to?: string; cutoffDay?: number }) {
    const kind = q.kind as ReportSummary['periodKind'];
    const cutoffDay = q.cutoffDay ?? this.d.cutoffDay;
    if (kind === 'custom' && (!q.from || !q.to)) throw fieldError('validation_failed', q.from ? 'to' : 'from', q.from ? 'Đến ngày' : 'Từ ngày', 'kỳ tùy chọn cần ngày bắt đầu và ngày kết thúc');
    const index = kind === 'year' ? 1 : kind === 'custom' ? 0 : (q.index ?? 0);
    if (kind !== 'year' && kind !== 'custom' && !q.index) throw fieldError('validation_failed', 'index', 'Kỳ', 'cần chọn tháng, quý hoặc nửa năm');
    const range = periodRange(kind, q.year, kind === 'custom' ? 1 : index, cutoffDay, kind === 'custom' ? { from: q.from!, to: q.to! } : undefined);
    const phrase = periodPhrase(kind, q.year, index, range.from, range.to);
    return { kind, year: q.year, index, cutoffDay, from: range.from, to: range.to, phrase, label: capitalise(phrase) };
  }

  // ------------------------------------------------------------------ figures

  /** The report's figures from the one query layer (the dashboard's), with the filter that produced them. */
  async computeFigures(tree: UnitTree, r: Pick<ReportRow, 'unit_id' | 'period_from' | 'period_to' | 'campaign_id' | 'cutoff_day'>): Promise<ReportFigures> {
    const asOf = defaultAsOf(tree, r.unit_id, this.clock.today());
    const base = { unitId: r.unit_id, asOf, from: r.period_from, to: r.period_to, campaignId: r.campaign_id, cutoffDay: r.cutoff_day };
    const byForm = await this.d.figures.compute(tree, { ...base, groupBy: 'form' });
    const byUnit = await this.d.figures.compute(tree, { ...base, groupBy: 'unit', unitGrouping: 'as_of_period' });
    const byMonth = await this.d.figures.compute(tree, { ...base, groupBy: 'month' });
    const totals = byForm.totals;
    const rows = (groups: typeof byForm.groups): FigureRow[] => groups.map((g) => ({ key: g.key, label: g.label, values: g.values }));
    const measures = [
      { key: 'activities', label: DERIVED_LABELS.activities, unit: 'hoạt động', group: 'derived' },
      { key: 'attendance', label: DERIVED_LABELS.attendance, unit: 'lượt người', group: 'derived' },
      ...MEASURES.filter((m) => totals[m.key] !== 0).map((m) => ({ key: m.key as string, label: m.label as string, unit: m.unit as string, group: m.group as string })),
    ];
    return {
      frozenAt: null,
      filter: { unitId: r.unit_id, from: r.period_from, to: r.period_to, asOf, campaignId: r.campaign_id, cutoffDay: r.cutoff_day, unitGrouping: 'as_of_period' },
      totals,
      byForm: rows(byForm.groups),
      byUnit: rows(byUnit.groups).map((g) => ({ ...g, kind: tree.get(g.key)?.kind ?? '' })),
      byMonth: rows(byMonth.groups),
      measures,
    };
  }

  // ------------------------------------------------------------------ reading

  private async requestUnit(db: Db, r: ReportRow): Promise<string | null> {
    if (!r.request_id) return null;
    return (await this.repo.getRequest(db, r.request_id))?.unit_id ?? null;
  }

  private can(scope: Scope, r: ReportRow, requestUnitId: string | null): ReportCan {
    const write = canWriteReport(scope, r.unit_id);
    const review = r.status === 'submitted' && canReviewReport(scope, r, requestUnitId, this.clock.today());
    return { edit: EDITABLE.includes(r.status) && write, submit: EDITABLE.includes(r.status) && write, delete: r.status === 'draft' && write, accept: review, return: review, export: true };
  }

  private summary(tree: UnitTree, r: ReportRow, names: { campaign: Map<string, string>; users: Map<string, string> }, can: ReportCan): ReportSummary {
    const today = this.clock.today();
    const phrase = periodPhrase(r.period_kind, r.period_year, r.period_index, r.period_from, r.period_to);
    return {
      id: r.id,
      unitId: r.unit_id,
      unitName: tree.get(r.unit_id)?.name ?? '',
      campaignId: r.campaign_id,
      campaignName: r.campaign_id ? (names.campaign.get(r.campaign_id) ?? null) : null,
      requestId: r.request_id,
      periodKind: r.period_kind as ReportSummary['periodKind'],
      periodYear: r.period_year,
      periodIndex: r.period_index,
      periodFrom: r.period_from,
      periodTo: r.period_to,
      cutoffDay: r.cutoff_day,
      periodLabel: capitalise(phrase),
      title: r.title,
      subject: r.subject,
      numberText: r.number_text,
      docDate: r.doc_date,
      place: r.place,
      status: r.status as ReportStatus,
      statusLabel: STATUS_LABELS[r.status] ?? r.status,
      deadline: r.deadline,
      submittedAt: r.submitted_at,
      late: isLate(r.deadline, r.submitted_at, r.status, today),
      reviewedAt: r.reviewed_at,
      reviewedByName: r.reviewed_by ? (names.users.get(r.reviewed_by) ?? null) : null,
      returnComment: r.return_comment,
      compileMode: r.compile_mode as CompileMode,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
      can,
    };
  }

  /** The report row, or 404 when it does not exist or is outside what the actor may see. */
  private async visible(scope: Scope, id: string, db: Db = this.db): Promise<ReportRow> {
    const r = await this.repo.get(db, id);
    if (!r || !canSeeReport(scope, r)) throw reportNotFound();
    return r;
  }

  private async subunitReports(db: Db, tree: UnitTree, r: ReportRow) {
    const asOf = defaultAsOf(tree, r.unit_id, this.clock.today());
    const own = new Set([r.unit_id, ...tree.lineage(r.unit_id).map((l) => l.id)]);
    const units = [...tree.rollup(r.unit_id, asOf)].filter((u) => !own.has(u));
    const rows = await this.repo.reportsForPeriod(db, units, r.campaign_id, r.period_from, r.period_to);
    const today = this.clock.today();
    rows.sort((a, b) => (tree.get(a.unit_id)?.name ?? '').localeCompare(tree.get(b.unit_id)?.name ?? '', 'vi'));
    return rows.map((x) => ({
      row: x,
      dto: {
        id: x.id,
        unitId: x.unit_id,
        unitName: tree.get(x.unit_id)?.name ?? '',
        status: x.status as ReportStatus,
        numberText: x.number_text,
        submittedAt: x.submitted_at,
        late: isLate(x.deadline, x.submitted_at, x.status, today),
      },
    }));
  }

  private async detail(scope: Scope, r: ReportRow, can?: ReportCan): Promise<ReportDetail> {
    const tree = scope.tree;
    const db = this.db;
    const [campaign, users] = await Promise.all([this.repo.campaignNames(db, [r.campaign_id]), this.repo.userNames(db, [r.reviewed_by])]);
    const summary = this.summary(tree, r, { campaign, users }, can ?? this.can(scope, r, await this.requestUnit(db, r)));
    const figures: ReportFigures = r.figures && !EDITABLE.includes(r.status) ? JSON.parse(r.figures) : await this.computeFigures(tree, r);
    const subs = await this.subunitReports(db, tree, r);
    const history = (await this.repo.events(db, r.id)).map((e) => ({ kind: e.kind, comment: e.comment, userName: e.full_name ?? null, at: e.at }));
    return {
      ...summary,
      header: JSON.parse(r.header),
      symbol: r.symbol,
      sections: JSON.parse(r.sections),
      recipients: JSON.parse(r.recipients),
      archiveLine: r.archive_line,
      signer: JSON.parse(r.signer),
      figures,
      subunitReports: subs.map((s) => s.dto),
      history,
    };
  }

  async get(scope: Scope, id: string): Promise<ReportDetail> {
    return this.detail(scope, await this.visible(scope, id));
  }

  /** The report as the exporters need it (no actions). */
  async forExport(scope: Scope, id: string): Promise<ReportDetail> {
    return this.detail(scope, await this.visible(scope, id), NO_CAN);
  }

  async list(scope: Scope, q: ListReportsInput) {
    const tree = scope.tree;
    const today = this.clock.today();
    let units: string[] | 'all';
    if (q.reviewable) {
      const acting = scope.actingUnitId;
      if (!acting) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
      units = [...tree.rollup(acting, today)].filter((u) => !isOwnUnit(scope, u));
    } else {
      const unitId = q.unitId ?? scope.actingUnitId;
      if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
      scope.assertSee(unitId);
      units = q.includeSubunits === false ? [unitId] : [...tree.rollup(unitId, defaultAsOf(tree, unitId, today))];
    }
    const visible = scope.visibleUnitIds();
    if (visible !== 'all') units = (units as string[]).filter((u) => visible.has(u));
    const draftUnits = scope.isSystemAdmin && scope.roles.has('admin') ? ('all' as const) : new Set((units as string[]).filter((u) => canWriteReport(scope, u)));
    const { rows, total } = await this.repo.list(this.db, {
      units,
      status: q.reviewable ? 'submitted' : q.status,
      year: q.year,
      periodKind: q.periodKind,
      requestId: q.requestId,
      draftUnits,
      page: q.page,
      pageSize: q.pageSize,
    });
    const [campaign, users] = await Promise.all([this.repo.campaignNames(this.db, rows.map((r) => r.campaign_id)), this.repo.userNames(this.db, rows.map((r) => r.reviewed_by))]);
    const reqUnits = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.request_id).filter((x): x is string => !!x))) {
      const req = await this.repo.getRequest(this.db, id);
      if (req) reqUnits.set(id, req.unit_id);
    }
    const items = rows.map((r) => this.summary(tree, r, { campaign, users }, this.can(scope, r, r.request_id ? (reqUnits.get(r.request_id) ?? null) : null)));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  // ------------------------------------------------------------------ prefill

  private async sections(db: Db, tree: UnitTree, r: ReportRow, figures: ReportFigures) {
    const header = JSON.parse(r.header) as ReportDetail['header'];
    const u = tree.get(r.unit_id);
    const issuer = header.issuer && /thường trực/i.test(header.issuer) ? `Ban Thường trực ${u?.name ?? ''}`.trim() : (u?.name ?? '');
    const lineage = [r.unit_id, ...tree.lineage(r.unit_id).map((l) => l.id)];
    const documents = await this.repo.issuedDocuments(db, lineage, r.period_from, r.period_to);
    const received = (await this.repo.receivedRequests(db, lineage, r.period_from, r.period_to)).map((x) => ({ ...x, issuerName: tree.get(x.issuing_unit_id)?.name ?? '' }));
    const subs = await this.subunitReports(db, tree, r);
    const accepted = subs.filter((s) => s.dto.status === 'accepted');
    const withSubunits = r.compile_mode === 'with_subunit_reports';
    let missingUnits: string[] = [];
    if (withSubunits) {
      const reported = new Set(subs.filter((s) => s.dto.status === 'accepted' || s.dto.status === 'submitted').map((s) => s.dto.unitId));
      missingUnits = this.defaultTargets(tree, r.unit_id, this.clock.today())
        .filter((c) => !reported.has(c))
        .map((c) => tree.get(c)?.name ?? '');
    }
    return prefillSections({
      issuer,
      phrase: periodPhrase(r.period_kind, r.period_year, r.period_index, r.period_from, r.period_to),
      from: r.period_from,
      to: r.period_to,
      totals: figures.totals,
      byForm: figures.byForm,
      documents,
      received,
      withSubunits,
      subunitReports: accepted.map((s) => ({
        unitName: s.dto.unitName,
        numberText: s.dto.numberText,
        submittedAt: s.dto.submittedAt,
        totals: s.row.figures ? (JSON.parse(s.row.figures) as ReportFigures).totals : null,
      })),
      missingUnits,
    });
  }

  /** Units a request goes to by default: the committees, member organisations and residential committees under the unit today. */
  private defaultTargets(tree: UnitTree, unitId: string, today: string): string[] {
    const base = tree.get(unitId)?.kind === 'standing_committee' ? (tree.parentOn(unitId, today) ?? unitId) : unitId;
    return tree
      .childrenOn(base, today)
      .filter((c) => REPORT_KINDS.has(tree.get(c)?.kind ?? '') && tree.isActiveOn(c, today))
      .sort((a, b) => (tree.get(a)?.name ?? '').localeCompare(tree.get(b)?.name ?? '', 'vi'));
  }

  // ------------------------------------------------------------------ writing

  private versionConflict(r: ReportRow, name: string | null) {
    return conflict(
      'version_conflict',
      `Báo cáo đã được ${name ?? 'người khác'} lưu lúc ${vnTime(r.updated_at)}. Hãy tải lại để xem bản mới nhất; nội dung bạn vừa nhập chưa được lưu.`,
      { currentVersion: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by },
    );
  }

  private notEditable(r: ReportRow) {
    return conflict(
      'report_not_editable',
      `Báo cáo đang ở trạng thái «${STATUS_LABELS[r.status] ?? r.status}» nên không sửa được. Chỉ sửa được bản nháp hoặc báo cáo bị trả lại.`,
      { status: r.status },
    );
  }

  private async conflictFor(db: Db, id: string, fallback: ReportRow): Promise<AppError> {
    const cur = (await this.repo.get(db, id)) ?? fallback;
    if (!EDITABLE.includes(cur.status)) return this.notEditable(cur);
    const names = await this.repo.userNames(db, [cur.updated_by]);
    return this.versionConflict(cur, cur.updated_by ? (names.get(cur.updated_by) ?? null) : null);
  }

  private async writable(scope: Scope, id: string, what: string): Promise<ReportRow> {
    const r = await this.visible(scope, id);
    if (!canWriteReport(scope, r.unit_id)) throw forbidden('forbidden', `Bạn không có quyền ${what} báo cáo của đơn vị này.`);
    return r;
  }

  private event(trx: Db, ctx: Ctx, reportId: string, kind: string, comment: string | null = null) {
    return this.repo.addEvent(trx, { id: newId(), report_id: reportId, kind, comment, user_id: ctx.actor?.userId ?? null, acting_unit_id: ctx.actor?.actingUnitId ?? null, at: this.clock.now().toISOString() });
  }

  async create(scope: Scope, ctx: Ctx, input: CreateReportInput): Promise<ReportDetail> {
    const tree = scope.tree;
    const today = this.clock.today();
    const unitId = input.unitId ?? scope.actingUnitId;
    let request: RequestRow | undefined;
    if (input.requestId) {
      request = await this.repo.getRequest(this.db, input.requestId);
      if (!request) throw requestNotFound();
      if (!unitId || !(await this.repo.target(this.db, request.id, unitId))) {
        throw fieldError('request_not_found', 'requestId', 'Yêu cầu báo cáo', 'yêu cầu này không gửi đến đơn vị của báo cáo');
      }
    }
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn cần chọn đơn vị làm việc trước khi soạn báo cáo.');
    if (!tree.get(unitId)) throw notFound('unit_not_found', 'Không tìm thấy đơn vị hoặc bạn không có quyền xem.');
    scope.assertCan('report.edit', unitId);
    const campaignId = request ? request.campaign_id : (input.campaignId ?? null);
    let campaignName: string | null = null;
    if (campaignId) {
      try {
        campaignName = (await this.d.campaigns.visibleCampaign(scope, campaignId)).name;
      } catch {
        throw fieldError('campaign_not_found', 'campaignId', 'Chương trình/chiến dịch', 'không tìm thấy hoặc bạn không có quyền xem');
      }
    }
    const p = request
      ? { kind: request.period_kind, year: request.period_year, index: request.period_index, cutoffDay: request.cutoff_day, from: request.period_from, to: request.period_to, phrase: periodPhrase(request.period_kind, request.period_year, request.period_index, request.period_from, request.period_to) }
      : this.period({ kind: required(input.periodKind, 'periodKind', 'Loại kỳ'), year: required(input.year, 'year', 'Năm'), index: input.index, from: input.from, to: input.to, cutoffDay: input.cutoffDay });
    if (p.from > today) throw fieldError('period_in_future', 'year', 'Kỳ báo cáo', `kỳ bắt đầu ngày ${formatVnDate(p.from)}, chưa đến`);
    const same = await this.repo.findSamePeriod(this.db, unitId, campaignId, p.from, p.to);
    if (same) {
      throw conflict('report_exists', `Đơn vị đã có báo cáo ${p.phrase}${same.number_text ? ` (số ${same.number_text})` : ''} đang ở trạng thái «${STATUS_LABELS[same.status] ?? same.status}». Hãy mở báo cáo đó.`, { id: same.id });
    }
    if (!request) {
      const open = await this.repo.openRequestFor(this.db, unitId, campaignId, p.from, p.to);
      if (open) request = await this.repo.getRequest(this.db, open.id);
    }
    const now = this.clock.now().toISOString();
    const userId = ctx.actor?.userId ?? null;
    const reviewers = reportReviewerUnits(tree, unitId, request?.unit_id ?? null, today);
    const row: ReportRow = {
      id: newId(),
      unit_id: unitId,
      campaign_id: campaignId,
      request_id: request?.id ?? null,
      period_kind: p.kind,
      period_year: p.year,
      period_index: p.index,
      period_from: p.from,
      period_to: p.to,
      cutoff_day: p.cutoffDay,
      compile_mode: input.compileMode ?? 'activities',
      title: 'BÁO CÁO',
      subject: defaultSubject(campaignName, p.phrase),
      header: JSON.stringify(defaultHeader(tree, unitId, today)),
      symbol: defaultSymbol(tree, unitId, 'BC', today),
      place: defaultPlace(tree, unitId, today),
      doc_date: null,
      sections: '[]',
      recipients: JSON.stringify(reviewers.map((u) => `${tree.get(u)?.name ?? ''} (để báo cáo)`)),
      archive_line: 'Lưu: VT',
      signer: JSON.stringify(defaultSigner(tree, unitId, today)),
      number: null,
      number_text: null,
      number_year: null,
      status: 'draft',
      deadline: request?.deadline ?? null,
      figures: null,
      frozen_at: null,
      submitted_at: null,
      submitted_by: null,
      reviewed_at: null,
      reviewed_by: null,
      return_comment: null,
      created_by: userId,
      created_at: now,
      updated_by: userId,
      updated_at: now,
      version: 1,
    };
    const figures = await this.computeFigures(tree, row);
    row.sections = JSON.stringify(await this.sections(this.db, tree, row, figures));
    await tx(this.db, async (trx) => {
      await this.repo.insert(trx, row);
      if (request) await this.repo.linkTarget(trx, request.id, row.unit_id, row.id);
      await this.event(trx, ctx, row.id, 'create');
      await this.d.audit.record(trx, ctx, { action: 'report.create', entityType: 'periodic_report', entityId: row.id, summary: `Tạo dự thảo báo cáo «${row.subject.slice(0, 200)}»`, after: { unitId, periodFrom: p.from, periodTo: p.to, requestId: row.request_id } });
    });
    return this.detail(scope, row);
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateReportInput): Promise<ReportDetail> {
    const r = await this.writable(scope, id, 'sửa');
    if (!EDITABLE.includes(r.status)) throw this.notEditable(r);
    if (r.version !== input.version) throw await this.conflictFor(this.db, id, r);
    if (input.sections) {
      const keys = input.sections.map((s) => s.key);
      const dup = keys.find((k, i) => keys.indexOf(k) !== i);
      if (dup) throw fieldError('validation_failed', `sections.${keys.lastIndexOf(dup)}.key`, 'Mục', `mục ${dup} bị lặp`);
    }
    const patch: Partial<ReportRow> = {};
    if (input.subject !== undefined) patch.subject = input.subject;
    if (input.header !== undefined) patch.header = JSON.stringify(input.header);
    if (input.sections !== undefined) {
      const order = ['I', 'II', 'III', 'IV', 'V'];
      patch.sections = JSON.stringify([...input.sections].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key)));
    }
    if (input.recipients !== undefined) patch.recipients = JSON.stringify(input.recipients);
    if (input.archiveLine !== undefined) patch.archive_line = input.archiveLine;
    if (input.signer !== undefined) patch.signer = JSON.stringify(input.signer);
    if (input.place !== undefined) patch.place = input.place;
    if (input.docDate !== undefined) {
      if (input.docDate && input.docDate < r.period_from) throw fieldError('validation_failed', 'docDate', 'Ngày báo cáo', `trước ngày bắt đầu kỳ ${formatVnDate(r.period_from)}`);
      patch.doc_date = input.docDate;
    }
    if (input.compileMode !== undefined) patch.compile_mode = input.compileMode;
    await tx(this.db, async (trx) => {
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, id, r.version, { ...patch, updated_at: now, updated_by: ctx.actor?.userId ?? null }, EDITABLE);
      if (!ok) throw await this.conflictFor(trx, id, r);
      await this.d.audit.record(trx, ctx, { action: 'report.update', entityType: 'periodic_report', entityId: id, summary: `Sửa báo cáo «${(patch.subject ?? r.subject).slice(0, 200)}» (${Object.keys(patch).join(', ') || 'không đổi'})`, before: { version: r.version }, after: { version: r.version + 1 } });
    });
    return this.get(scope, id);
  }

  /** Recomputes the prefilled parts: with `sections`, rewrites sections I–V from the current data. */
  async refresh(scope: Scope, ctx: Ctx, id: string, input: { version: number; sections?: boolean }): Promise<ReportDetail> {
    const r = await this.writable(scope, id, 'sửa');
    if (!EDITABLE.includes(r.status)) throw this.notEditable(r);
    if (r.version !== input.version) throw await this.conflictFor(this.db, id, r);
    const patch: Partial<ReportRow> = {};
    if (input.sections) patch.sections = JSON.stringify(await this.sections(this.db, scope.tree, r, await this.computeFigures(scope.tree, r)));
    await tx(this.db, async (trx) => {
      const ok = await this.repo.updateVersioned(trx, id, r.version, { ...patch, updated_at: this.clock.now().toISOString(), updated_by: ctx.actor?.userId ?? null }, EDITABLE);
      if (!ok) throw await this.conflictFor(trx, id, r);
      await this.event(trx, ctx, id, 'refresh', input.sections ? 'Cập nhật số liệu và nội dung gợi ý' : 'Cập nhật số liệu');
    });
    return this.get(scope, id);
  }

  async remove(scope: Scope, ctx: Ctx, id: string): Promise<void> {
    const r = await this.writable(scope, id, 'xóa');
    if (r.status !== 'draft') throw conflict('report_not_deletable', `Chỉ xóa được bản nháp; báo cáo này đang ở trạng thái «${STATUS_LABELS[r.status] ?? r.status}».`, { status: r.status });
    await tx(this.db, async (trx) => {
      await this.repo.remove(trx, id);
      await this.d.audit.record(trx, ctx, { action: 'report.delete', entityType: 'periodic_report', entityId: id, summary: `Xóa dự thảo báo cáo «${r.subject.slice(0, 200)}»`, before: { unitId: r.unit_id, periodFrom: r.period_from, periodTo: r.period_to } });
    });
  }

  /**
   * Submits to the unit above: assigns the number n/BC-… (per unit and year of the report date, the
   * plans' counter) on first submission, freezes the figures, notifies the reviewing units.
   */
  async submit(scope: Scope, ctx: Ctx, id: string, version: number): Promise<ReportDetail> {
    const r = await this.writable(scope, id, 'gửi');
    if (!EDITABLE.includes(r.status)) {
      const why = r.status === 'accepted' ? 'đã được cấp trên tiếp nhận' : 'đã được gửi và đang chờ cấp trên xem xét';
      throw conflict('report_not_submittable', `Báo cáo${r.number_text ? ` số ${r.number_text}` : ''} ${why}; không gửi lại được.`, { status: r.status });
    }
    if (r.version !== version) throw await this.conflictFor(this.db, id, r);
    const tree = scope.tree;
    const today = this.clock.today();
    if (!r.subject.trim()) throw fieldError('validation_failed', 'subject', 'Trích yếu', 'bắt buộc phải có');
    const requestUnit = await this.requestUnit(this.db, r);
    const reviewers = reportReviewerUnits(tree, r.unit_id, requestUnit, today);
    if (!reviewers.length) throw conflict('no_reviewer', 'Đơn vị không có cấp trên để gửi báo cáo.');
    const now = this.clock.now().toISOString();
    const figures = { ...(await this.computeFigures(tree, r)), frozenAt: now };
    const docDate = r.doc_date ?? today;
    await tx(this.db, async (trx) => {
      const userId = ctx.actor?.userId ?? null;
      let number = r.number;
      let numberText = r.number_text;
      let numberYear = r.number_year;
      if (!numberText) {
        numberYear = Number(docDate.slice(0, 4));
        number = await plans.nextNumber(trx, r.unit_id, 'BC', numberYear);
        numberText = formatNumber(number, r.symbol);
      }
      const ok = await this.repo.updateVersioned(
        trx,
        id,
        r.version,
        { status: 'submitted', doc_date: docDate, number, number_text: numberText, number_year: numberYear, figures: JSON.stringify(figures), frozen_at: now, submitted_at: now, submitted_by: userId, reviewed_at: null, reviewed_by: null, updated_at: now, updated_by: userId },
        EDITABLE,
      );
      if (!ok) throw await this.conflictFor(trx, id, r);
      await this.event(trx, ctx, id, 'submit');
      await this.d.audit.record(trx, ctx, { action: 'report.submit', entityType: 'periodic_report', entityId: id, summary: `Gửi báo cáo số ${numberText}: «${r.subject.slice(0, 200)}»`, before: { status: r.status }, after: { status: 'submitted', numberText } });
      const late = isLate(r.deadline, now, 'submitted', today);
      for (const u of reviewers) {
        await this.d.notifications.notify(trx, {
          unitId: u,
          kind: 'report.submitted',
          title: `${tree.get(r.unit_id)?.name ?? ''} gửi báo cáo số ${numberText}${late ? ' (quá hạn)' : ''}`,
          body: r.subject,
          link: `/app/bao-cao/${id}`,
          entityType: 'periodic_report',
          entityId: id,
        });
      }
    });
    return this.get(scope, id);
  }

  private async reviewable(scope: Scope, id: string, what: string): Promise<ReportRow> {
    const r = await this.visible(scope, id);
    const requestUnit = await this.requestUnit(this.db, r);
    if (isOwnUnit(scope, r.unit_id)) throw forbidden('self_review', `Đơn vị không tự ${what} báo cáo của chính mình; việc này do đơn vị cấp trên thực hiện.`);
    if (!canReviewReport(scope, r, requestUnit, this.clock.today())) throw forbidden('forbidden', `Chỉ đơn vị cấp trên nhận báo cáo mới được ${what} báo cáo này.`);
    if (r.status !== 'submitted') {
      throw conflict('report_not_reviewable', `Chỉ ${what} được báo cáo đang chờ xem xét; báo cáo này đang ở trạng thái «${STATUS_LABELS[r.status] ?? r.status}».`, { status: r.status });
    }
    return r;
  }

  async accept(scope: Scope, ctx: Ctx, id: string, comment?: string): Promise<ReportDetail> {
    const r = await this.reviewable(scope, id, 'tiếp nhận');
    await tx(this.db, async (trx) => {
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, id, r.version, { status: 'accepted', reviewed_at: now, reviewed_by: ctx.actor?.userId ?? null, return_comment: null, updated_at: now }, ['submitted']);
      if (!ok) throw conflict('report_not_reviewable', 'Báo cáo vừa được người khác xử lý. Hãy tải lại trang.');
      await this.event(trx, ctx, id, 'accept', comment?.trim() || null);
      await this.d.audit.record(trx, ctx, { action: 'report.accept', entityType: 'periodic_report', entityId: id, summary: `Tiếp nhận báo cáo số ${r.number_text ?? ''}`, before: { status: 'submitted' }, after: { status: 'accepted' } });
      await this.d.notifications.notify(trx, { unitId: r.unit_id, kind: 'report.accepted', title: `Báo cáo số ${r.number_text ?? ''} đã được tiếp nhận`, body: comment?.trim() || r.subject, link: `/app/bao-cao/${id}`, entityType: 'periodic_report', entityId: id });
    });
    return this.get(scope, id);
  }

  async returnReport(scope: Scope, ctx: Ctx, id: string, comment: string): Promise<ReportDetail> {
    const r = await this.reviewable(scope, id, 'trả lại');
    if (!comment.trim()) throw fieldError('validation_failed', 'comment', 'Ý kiến', 'cần nêu lý do trả lại');
    await tx(this.db, async (trx) => {
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, id, r.version, { status: 'returned', reviewed_at: now, reviewed_by: ctx.actor?.userId ?? null, return_comment: comment.trim(), updated_at: now }, ['submitted']);
      if (!ok) throw conflict('report_not_reviewable', 'Báo cáo vừa được người khác xử lý. Hãy tải lại trang.');
      await this.event(trx, ctx, id, 'return', comment.trim());
      await this.d.audit.record(trx, ctx, { action: 'report.return', entityType: 'periodic_report', entityId: id, summary: `Trả lại báo cáo số ${r.number_text ?? ''}: ${comment.trim().slice(0, 200)}`, before: { status: 'submitted' }, after: { status: 'returned' } });
      await this.d.notifications.notify(trx, { unitId: r.unit_id, kind: 'report.returned', title: `Báo cáo số ${r.number_text ?? ''} bị trả lại`, body: comment.trim(), link: `/app/bao-cao/${id}`, entityType: 'periodic_report', entityId: id });
    });
    return this.get(scope, id);
  }

  // ------------------------------------------------------------------ requests

  private async requestDto(tree: UnitTree, q: RequestRow, visibleTargets: (u: string) => boolean): Promise<ReportRequestDto> {
    const today = this.clock.today();
    const campaign = await this.repo.campaignNames(this.db, [q.campaign_id]);
    const rows = (await this.repo.targets(this.db, [q.id])).filter((t) => visibleTargets(t.unit_id));
    const targets = rows
      .map((t) => {
        const status = targetStatus(t.status, t.report_id);
        return {
          unitId: t.unit_id,
          unitName: tree.get(t.unit_id)?.name ?? '',
          reportId: t.report_id,
          status,
          statusLabel: TARGET_STATUS_LABELS[status],
          numberText: t.number_text ?? null,
          submittedAt: status === 'submitted' || status === 'accepted' ? (t.submitted_at ?? null) : null,
          late: isLate(q.deadline, t.submitted_at ?? null, t.status ?? null, today),
        };
      })
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
    const submitted = targets.filter((t) => t.status === 'submitted' || t.status === 'accepted');
    const phrase = periodPhrase(q.period_kind, q.period_year, q.period_index, q.period_from, q.period_to);
    return {
      id: q.id,
      unitId: q.unit_id,
      unitName: tree.get(q.unit_id)?.name ?? '',
      campaignId: q.campaign_id,
      campaignName: q.campaign_id ? (campaign.get(q.campaign_id) ?? null) : null,
      periodKind: q.period_kind as ReportRequestDto['periodKind'],
      periodYear: q.period_year,
      periodIndex: q.period_index,
      periodFrom: q.period_from,
      periodTo: q.period_to,
      cutoffDay: q.cutoff_day,
      periodLabel: capitalise(phrase),
      title: q.title,
      deadline: q.deadline,
      note: q.note,
      createdAt: q.created_at,
      targets,
      counts: {
        total: targets.length,
        submitted: submitted.length,
        onTime: submitted.filter((t) => !t.late).length,
        late: targets.filter((t) => t.late).length,
        accepted: targets.filter((t) => t.status === 'accepted').length,
        notStarted: targets.filter((t) => t.status === 'not_started').length,
      },
    };
  }

  async createRequest(scope: Scope, ctx: Ctx, input: CreateRequestInput): Promise<ReportRequestDto> {
    const tree = scope.tree;
    const today = this.clock.today();
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn cần chọn đơn vị làm việc trước khi gửi yêu cầu báo cáo.');
    if (!tree.get(unitId)) throw notFound('unit_not_found', 'Không tìm thấy đơn vị hoặc bạn không có quyền xem.');
    scope.assertCan('report.edit', unitId);
    let campaignName: string | null = null;
    if (input.campaignId) {
      try {
        campaignName = (await this.d.campaigns.visibleCampaign(scope, input.campaignId)).name;
      } catch {
        throw fieldError('campaign_not_found', 'campaignId', 'Chương trình/chiến dịch', 'không tìm thấy hoặc bạn không có quyền xem');
      }
    }
    const p = this.period({ kind: input.periodKind, year: input.year, index: input.index, from: input.from, to: input.to, cutoffDay: input.cutoffDay });
    if (input.deadline < today) throw fieldError('validation_failed', 'deadline', 'Hạn gửi báo cáo', `hạn ${formatVnDate(input.deadline)} đã qua (hôm nay ${formatVnDate(today)})`);
    const under = tree.rollup(unitId, today);
    let targets: string[];
    if (input.targetUnitIds) {
      targets = [...new Set(input.targetUnitIds)];
      targets.forEach((u, i) => {
        if (!tree.get(u) || !scope.canSee(u)) throw fieldError('unit_not_found', `targetUnitIds.${i}`, 'Đơn vị được yêu cầu', 'không tìm thấy đơn vị hoặc bạn không có quyền xem');
        if (u === unitId || !under.has(u)) throw fieldError('validation_failed', `targetUnitIds.${i}`, 'Đơn vị được yêu cầu', `${tree.get(u)!.name} không trực thuộc đơn vị gửi yêu cầu`);
        if (!tree.isActiveOn(u, today)) throw fieldError('unit_inactive', `targetUnitIds.${i}`, 'Đơn vị được yêu cầu', `${tree.get(u)!.name} không còn hoạt động`);
      });
    } else {
      targets = this.defaultTargets(tree, unitId, today);
      if (!targets.length) throw fieldError('validation_failed', 'targetUnitIds', 'Đơn vị được yêu cầu', 'đơn vị không có đơn vị trực thuộc nào để yêu cầu báo cáo; hãy chọn đơn vị');
    }
    const row: RequestRow = {
      id: newId(),
      unit_id: unitId,
      campaign_id: input.campaignId ?? null,
      period_kind: p.kind,
      period_year: p.year,
      period_index: p.index,
      period_from: p.from,
      period_to: p.to,
      cutoff_day: p.cutoffDay,
      deadline: input.deadline,
      title: `Báo cáo ${defaultSubject(campaignName, p.phrase).replace(/^K/, 'k')}`,
      note: input.note?.trim() || null,
      created_by: ctx.actor?.userId ?? null,
      created_at: this.clock.now().toISOString(),
    };
    await tx(this.db, async (trx) => {
      await this.repo.insertRequest(trx, row, targets);
      // Reports the targets already started for this period answer the request.
      for (const u of targets) {
        const existing = await this.repo.findSamePeriod(trx, u, row.campaign_id, row.period_from, row.period_to);
        if (existing) {
          await this.repo.linkTarget(trx, row.id, u, existing.id);
          if (EDITABLE.includes(existing.status)) await trx.updateTable('periodic_reports').set({ request_id: row.id, deadline: row.deadline }).where('id', '=', existing.id).execute();
        }
      }
      await this.d.audit.record(trx, ctx, { action: 'report.request', entityType: 'report_request', entityId: row.id, summary: `Yêu cầu ${targets.length} đơn vị gửi «${row.title.slice(0, 200)}» trước ngày ${formatVnDate(row.deadline)}`, after: { targets, deadline: row.deadline } });
      for (const u of targets) {
        await this.d.notifications.notify(trx, {
          unitId: u,
          kind: 'report.requested',
          title: `Yêu cầu gửi ${row.title.charAt(0).toLocaleLowerCase('vi')}${row.title.slice(1)}`,
          body: `${tree.get(unitId)?.name ?? ''} đề nghị gửi báo cáo trước ngày ${formatVnDate(row.deadline)}.${row.note ? ` ${row.note}` : ''}`,
          link: `/app/bao-cao/yeu-cau/${row.id}`,
          entityType: 'report_request',
          entityId: row.id,
        });
      }
    });
    return this.requestDto(tree, row, () => true);
  }

  async getRequest(scope: Scope, id: string): Promise<ReportRequestDto> {
    const q = await this.repo.getRequest(this.db, id);
    if (!q) throw requestNotFound();
    if (scope.canSee(q.unit_id)) return this.requestDto(scope.tree, q, () => true);
    const targets = await this.repo.targets(this.db, [id]);
    if (!targets.some((t) => scope.canSee(t.unit_id))) throw requestNotFound();
    return this.requestDto(scope.tree, q, (u) => scope.canSee(u));
  }

  async listRequests(scope: Scope, q: ListRequestsInput) {
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(unitId);
    const tree = scope.tree;
    const lineage = [unitId, ...tree.lineage(unitId).map((l) => l.id)];
    const { rows, total } = await this.repo.listRequests(this.db, q.role === 'sent' ? { sentBy: lineage, page: q.page, pageSize: q.pageSize } : { receivedBy: [unitId], page: q.page, pageSize: q.pageSize });
    const items: ReportRequestDto[] = [];
    for (const r of rows) items.push(await this.requestDto(tree, r, q.role === 'sent' ? () => true : (u) => u === unitId || scope.canSee(u)));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  // ------------------------------------------------------------------ dashboard and reminders

  /**
   * Open report-request targets of the given units (no report yet, or a draft / returned one), soonest
   * deadline first: `{ total, late, items }` with at most `limit` items. Scope-free: the caller passes
   * the units the person may see.
   */
  async dueForUnits(args: { unitIds: string[]; limit: number }): Promise<DueRequests> {
    return dueRequests(this.repo, this.db, await this.d.tree(), args.unitIds, this.clock.today(), args.limit);
  }

  /**
   * The daily reminder: targets whose deadline is within `reminderDays` and not yet submitted get
   * `report.due_soon`; those past it `report.overdue` (each once per person: dedupe keys).
   */
  async runReminders(): Promise<{ dueSoon: number; overdue: number; notifications: number }> {
    const today = this.clock.today();
    const rows = await this.repo.openTargets(this.db, 'all', { deadlineTo: addDays(today, this.d.reminderDays) });
    const counts = { dueSoon: 0, overdue: 0, notifications: 0 };
    const tree = await this.d.tree();
    const days = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
    for (let i = 0; i < rows.length; i += 200) {
      await tx(this.db, async (trx) => {
        for (const r of rows.slice(i, i + 200)) {
          if (!tree.isActiveOn(r.unit_id, today)) continue;
          const overdue = r.deadline < today;
          if (overdue) counts.overdue += 1;
          else counts.dueSoon += 1;
          const left = days(today, r.deadline);
          counts.notifications += await this.d.notifications.notify(trx, {
            unitId: r.unit_id,
            kind: overdue ? 'report.overdue' : 'report.due_soon',
            title: `${overdue ? 'Quá hạn' : 'Sắp đến hạn'} gửi ${r.title.charAt(0).toLocaleLowerCase('vi')}${r.title.slice(1)}`,
            body: overdue ? `Hạn ${formatVnDate(r.deadline)} đã qua ${-left} ngày; ${tree.get(r.requester_id)?.name ?? 'cấp trên'} chưa nhận được báo cáo.` : `Hạn ${formatVnDate(r.deadline)} (${left === 0 ? 'hôm nay' : `còn ${left} ngày`}).`,
            link: r.report_id ? `/app/bao-cao/${r.report_id}` : `/app/bao-cao/yeu-cau/${r.request_id}`,
            entityType: 'report_request',
            entityId: r.request_id,
            dedupeKey: `report-${overdue ? 'overdue' : 'due-soon'}:${r.request_id}:${r.unit_id}`,
          });
        }
      });
    }
    return counts;
  }
}

export const REPORT_REMINDERS_JOB = 'reports.reminders';
/** Every day at 07:05 Asia/Ho_Chi_Minh, after the tasks' reminder run. */
export const REPORT_REMINDERS_CRON = '5 7 * * *';
