import { emptyDoc } from '../../../shared/richtext.js';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { type AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { FileKind, FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import type { DomainEvents } from '../../events.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CampaignsService, canSeeCampaignUnit, vnTime } from '../campaigns/index.js';
import type { NotificationsService } from '../notifications/index.js';
import type { UnitTree } from '../units/unit-tree.js';
import type { PlanCascade } from './plans.cascade.js';
import {
  applyFields,
  childRows,
  contentColumns,
  contentOf,
  copyContent,
  issuerNames,
  NO_ACTIONS,
  type PlanCan,
  type PlanContent,
  planDto,
  searchText,
  searchWords,
  summaryDto,
} from './plans.content.js';
import type { PlanDistribution } from './plans.distribution.js';
import { canEditPlan, isIssuingLeader, planDate, planVisibility, seesIssuingUnit, seesPlanOfUnit } from './plans.policy.js';
import type { ChildInput, PlanRow, PlansRepository } from './plans.repository.js';
import type { CreatePlanInput, DocType, IssueInput, ListPlansInput, PlanDto, PlanFieldsInput, UpdatePlanInput } from './plans.schemas.js';
import { defaultHeader, defaultPlace, defaultSigner, defaultSymbol, defaultTitle, formatNumber } from './plans.text.js';
import { useTree } from './plans.tree.js';

export const ATTACHMENT_KINDS: readonly FileKind[] = ['pdf', 'docx', 'xlsx', 'jpeg', 'png', 'webp'];

const STATUS_LABELS: Record<string, string> = { draft: 'dự thảo', submitted: 'chờ ban hành', issued: 'đã ban hành', closed: 'đã kết thúc' };

const planNotFound = () => notFound('plan_not_found', 'Không tìm thấy kế hoạch hoặc bạn không có quyền xem.');

/** 400 naming the field: «Label (path)». */
export function fieldError(code: string, path: string, label: string, message: string): AppError {
  return invalid(code, `Trường «${label} (${path})»: ${message}.`, [{ field: path, message }]);
}

function versionConflict(row: PlanRow): AppError {
  return conflict(
    'version_conflict',
    `Kế hoạch đã được người khác sửa lúc ${vnTime(row.updated_at)}. Hãy tải lại để xem bản mới nhất; nội dung bạn vừa nhập chưa được lưu.`,
    { currentVersion: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by },
  );
}

function notEditable(row: PlanRow): AppError {
  return conflict(
    'plan_not_editable',
    `Kế hoạch đang ở trạng thái «${STATUS_LABELS[row.status] ?? row.status}» nên không sửa được. Chỉ sửa được dự thảo; kế hoạch đã ban hành muốn thay đổi thì dùng «Sửa đổi, bổ sung».`,
    { status: row.status },
  );
}

function alreadyIssued(row: PlanRow): AppError {
  return conflict(
    'plan_already_issued',
    `Kế hoạch đã được ban hành${row.number_text ? ` (số ${row.number_text})` : ''}${row.issued_at ? ` lúc ${vnTime(row.issued_at)}` : ''}; không thể ban hành lần nữa.`,
    { status: row.status, numberText: row.number_text },
  );
}

const templateConflict = () => conflict('plan_is_template', 'Đây là mẫu kế hoạch: hãy tạo kế hoạch mới từ mẫu rồi trình, ban hành kế hoạch đó.');

/** Reason of a draft save's snapshot; saves by one person close together share one (see `snapshot`). */
export const DRAFT_SAVE_REASON = 'Lưu dự thảo';
/** Autosaves by the same person within this time of the last draft-save snapshot replace it. */
export const AUTOSAVE_WINDOW_MS = 10 * 60 * 1000;

const validMonthDay = (month: number, day: number) => new Date(Date.UTC(2024, month - 1, day)).getUTCMonth() === month - 1;

export interface PlansServiceDeps {
  db: Db;
  repo: PlansRepository;
  campaigns: CampaignsService;
  audit: AuditService;
  notifications: NotificationsService;
  events: EventBus<DomainEvents>;
  files: FileStore;
  cascade: PlanCascade;
  distribution: PlanDistribution;
  clock: Clock;
  maxUploadBytes: number;
}

/** Plans: drafts, life cycle, numbering, bases, versions, templates, amendments and attachments. */
export class PlansService {
  private readonly db: Db;
  private readonly repo: PlansRepository;
  private readonly clock: Clock;
  /** Largest accepted attachment (config MAX_UPLOAD_MB). */
  readonly maxUploadBytes: number;

  constructor(private readonly d: PlansServiceDeps) {
    this.db = d.db;
    this.repo = d.repo;
    this.clock = d.clock;
    this.maxUploadBytes = d.maxUploadBytes;
  }

  // ---- reading ----

  /** True when the actor may see the plan (see plans.policy.ts). */
  async canSee(scope: Scope, row: PlanRow, db: Db = this.db): Promise<boolean> {
    if (row.is_template) return scope.canSee(row.issuing_unit_id) || canSeeCampaignUnit(scope, row.issuing_unit_id);
    if (seesPlanOfUnit(scope, row)) return true;
    if (row.status === 'issued' || row.status === 'closed') {
      const date = planDate(row);
      return this.repo.addressedTo(db, row.id, (u) => scope.canSeeRecord(u, date));
    }
    return false;
  }

  /** The plan row, or 404 when it does not exist or is outside what the actor may see. */
  async visiblePlan(scope: Scope, id: string, db: Db = this.db): Promise<PlanRow> {
    const row = await this.repo.get(db, id);
    if (!row || !(await this.canSee(scope, row, db))) throw planNotFound();
    return row;
  }

  private can(scope: Scope, row: PlanRow): PlanCan {
    const edit = canEditPlan(scope, row);
    const leader = isIssuingLeader(scope, row);
    const template = !!row.is_template;
    return {
      edit: row.status === 'draft' && edit,
      submit: row.status === 'draft' && edit && !template,
      issue: (row.status === 'draft' || row.status === 'submitted') && leader && !template,
      returnToDraft: row.status === 'submitted' && leader,
      close: row.status === 'issued' && leader,
      amend: row.status === 'issued' && edit && !template,
    };
  }

  private async dto(scope: Scope, id: string, db: Db = this.db): Promise<PlanDto> {
    const row = await this.repo.get(db, id);
    if (!row) throw planNotFound();
    return planDto(row, await this.repo.children(db, id), scope.tree, this.clock.today(), this.can(scope, row));
  }

  async list(scope: Scope, q: ListPlansInput) {
    if (q.unitId && !canSeeCampaignUnit(scope, q.unitId)) throw notFound('unit_not_found');
    const words = q.search ? searchWords(q.search) : [];
    const today = this.clock.today();
    const { rows, total } = await this.repo.list(this.db, planVisibility(scope), {
      search: words.length ? words : undefined,
      unitId: q.unitId,
      campaignId: q.campaignId,
      status: q.status,
      year: q.year,
      template: q.template ?? false,
      today,
      page: q.page,
      pageSize: q.pageSize,
    });
    return { items: rows.map((r) => summaryDto(r, scope.tree, today)), total, page: q.page, pageSize: q.pageSize };
  }

  /** The plan; opening an issued plan as a person of a recipient unit records the read receipt. */
  async get(scope: Scope, id: string): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    await this.d.distribution.markOpened(scope, row);
    return this.dto(scope, id);
  }

  // ---- validation ----

  private checkDates(c: PlanContent): void {
    if (c.periodStart && c.periodEnd && c.periodEnd < c.periodStart) {
      throw fieldError('validation_failed', 'periodEnd', 'Thời gian thực hiện đến ngày', `ngày kết thúc ${formatVnDate(c.periodEnd)} trước ngày bắt đầu ${formatVnDate(c.periodStart)}`);
    }
    if (c.docDate && c.requestDeadline && c.requestDeadline < c.docDate) {
      throw fieldError('validation_failed', 'requestDeadline', 'Hạn ban hành kế hoạch thực hiện', `hạn ${formatVnDate(c.requestDeadline)} trước ngày ban hành ${formatVnDate(c.docDate)}`);
    }
    c.milestones.forEach((m, i) => {
      if (m.date) return;
      if (!m.month || !m.day) throw fieldError('validation_failed', `milestones.${i}.date`, 'Mốc thời gian', 'cần một ngày cụ thể, hoặc ngày và tháng lặp lại hằng năm');
      if (!validMonthDay(m.month, m.day)) throw fieldError('validation_failed', `milestones.${i}.day`, 'Mốc thời gian', `ngày ${m.day}/${m.month} không tồn tại`);
    });
    for (const [i, r] of c.responsibilities.entries()) {
      for (const [j, d] of r.duties.entries()) {
        if (c.docDate && d.dueDate && d.dueDate < c.docDate) {
          throw fieldError(
            'due_before_doc_date',
            `responsibilities.${i}.duties.${j}.dueDate`,
            'Hạn hoàn thành',
            `hạn ${formatVnDate(d.dueDate)} của nhiệm vụ «${d.text.slice(0, 60)}» trước ngày ban hành kế hoạch ${formatVnDate(c.docDate)}`,
          );
        }
      }
    }
  }

  /** A recipient unit without text takes the unit's name; free text may not be empty. */
  private fillRecipients(tree: UnitTree, c: PlanContent): void {
    c.recipients = c.recipients.map((r, i) => {
      if (r.unitId && !tree.get(r.unitId)) throw fieldError('unit_not_found', `recipients.${i}.unitId`, 'Nơi nhận', 'không tìm thấy đơn vị');
      if (r.text.trim()) return r;
      if (r.unitId) return { ...r, text: tree.get(r.unitId)!.name };
      throw fieldError('validation_failed', `recipients.${i}.text`, 'Nơi nhận', 'tên nơi nhận không được để trống');
    });
  }

  private async checkRefs(scope: Scope, c: PlanContent, planId: string | null, db: Db = this.db): Promise<void> {
    const tree = scope.tree;
    this.fillRecipients(tree, c);
    for (const [i, r] of c.responsibilities.entries()) {
      for (const [j, u] of r.targetUnitIds.entries()) {
        if (!tree.get(u)) throw fieldError('unit_not_found', `responsibilities.${i}.targetUnitIds.${j}`, 'Đơn vị thực hiện', 'không tìm thấy đơn vị');
      }
    }
    if (c.campaignId) {
      try {
        await this.d.campaigns.visibleCampaign(scope, c.campaignId, db);
      } catch {
        throw fieldError('campaign_not_found', 'campaignId', 'Chương trình/chiến dịch', 'không tìm thấy hoặc bạn không có quyền xem');
      }
    }
    const topicRefs: Array<[string, string]> = [
      ...c.topicIds.map((t, i): [string, string] => [t, `topicIds.${i}`]),
      ...c.responsibilities.flatMap((r, i) => r.duties.flatMap((d, j) => d.topicIds.map((t, k): [string, string] => [t, `responsibilities.${i}.duties.${j}.topicIds.${k}`]))),
    ];
    const missingTopics = new Set(await this.d.campaigns.missingTopics(db, topicRefs.map(([t]) => t)));
    const badTopic = topicRefs.find(([t]) => missingTopics.has(t));
    if (badTopic) throw fieldError('topic_not_found', badTopic[1], 'Chủ đề', 'không tìm thấy chủ đề');
    const formRefs: Array<[string, string]> = [
      ...c.formIds.map((t, i): [string, string] => [t, `formIds.${i}`]),
      ...c.responsibilities.flatMap((r, i) => r.duties.flatMap((d, j) => d.formIds.map((t, k): [string, string] => [t, `responsibilities.${i}.duties.${j}.formIds.${k}`]))),
    ];
    const missingForms = new Set(await this.d.campaigns.missingForms(db, formRefs.map(([t]) => t)));
    const badForm = formRefs.find(([t]) => missingForms.has(t));
    if (badForm) throw fieldError('form_not_found', badForm[1], 'Hình thức tuyên truyền', 'không tìm thấy hình thức');

    const links: Array<{ to: string; field: string }> = [];
    for (const [i, b] of c.bases.entries()) {
      if (b.basedOnPlanId) {
        const other = await this.repo.get(db, b.basedOnPlanId);
        if (!other || other.is_template || !(await this.canSee(scope, other, db))) {
          throw fieldError('basis_not_found', `bases.${i}.basedOnPlanId`, 'Căn cứ', 'không tìm thấy kế hoạch được căn cứ hoặc bạn không có quyền xem');
        }
        links.push({ to: b.basedOnPlanId, field: `bases.${i}.basedOnPlanId` });
      } else if (!b.externalNumber && !b.externalTitle) {
        throw fieldError('validation_failed', `bases.${i}.externalNumber`, 'Số văn bản căn cứ', 'cần số hiệu hoặc tên của văn bản căn cứ');
      }
    }
    if (c.parentPlanId) {
      const parent = await this.repo.get(db, c.parentPlanId);
      if (!parent || parent.is_template || !(await this.canSee(scope, parent, db))) {
        throw fieldError('plan_not_found', 'parentPlanId', 'Kế hoạch cấp trên', 'không tìm thấy kế hoạch hoặc bạn không có quyền xem');
      }
      links.push({ to: c.parentPlanId, field: 'parentPlanId' });
    }
    if (planId) await this.assertNoCycle(db, planId, links);
  }

  /** A plan may not be based, directly or through other plans, on itself (400 basis_cycle). */
  private async assertNoCycle(db: Db, planId: string, links: Array<{ to: string; field: string }>): Promise<void> {
    const prev = new Map<string, string | null>();
    const origin = new Map<string, string>();
    let frontier: string[] = [];
    for (const l of links) {
      if (l.to === planId) throw await this.cycleError(db, l.field, [planId, planId]);
      if (!prev.has(l.to)) {
        prev.set(l.to, null);
        origin.set(l.to, l.field);
        frontier.push(l.to);
      }
    }
    while (frontier.length) {
      const edges = (await this.repo.basisEdges(db, frontier)).filter((e) => e.from !== planId);
      const next: string[] = [];
      for (const e of edges) {
        if (e.to === planId) {
          const chain = [e.from];
          for (let cur = prev.get(e.from); cur; cur = prev.get(cur)) chain.push(cur);
          chain.reverse();
          throw await this.cycleError(db, origin.get(e.from)!, [planId, ...chain, planId]);
        }
        if (!prev.has(e.to)) {
          prev.set(e.to, e.from);
          origin.set(e.to, origin.get(e.from)!);
          next.push(e.to);
        }
      }
      frontier = next;
    }
  }

  private async cycleError(db: Db, field: string, chain: string[]): Promise<AppError> {
    const rows = new Map((await this.repo.plansByIds(db, [...new Set(chain)])).map((r) => [r.id, r]));
    const label = (id: string) => {
      const r = rows.get(id);
      return r?.number_text ? `số ${r.number_text}` : `«${(r?.subject ?? '').slice(0, 50)}»`;
    };
    const base = chain.length <= 2 ? 'kế hoạch không thể căn cứ vào chính nó' : `kế hoạch không thể căn cứ vào chính nó, dù gián tiếp (vòng căn cứ: ${chain.map(label).join(' → ')})`;
    return invalid('basis_cycle', `Trường «Căn cứ (${field})»: ${base}.`, [{ field, message: base }]);
  }

  private requireSubject(c: PlanContent) {
    if (!c.subject.trim()) throw fieldError('validation_failed', 'subject', 'Trích yếu', 'bắt buộc phải có');
  }

  // ---- writing ----

  private blank(tree: UnitTree, unitId: string, docType: DocType, today: string): PlanContent {
    return {
      campaignId: null,
      parentPlanId: null,
      docType,
      symbol: defaultSymbol(tree, unitId, docType, today),
      numberUnknown: false,
      place: defaultPlace(tree, unitId, today),
      docDate: null,
      title: defaultTitle(docType),
      subject: '',
      header: defaultHeader(tree, unitId, today),
      preamble: emptyDoc(),
      sections: [],
      closing: emptyDoc(),
      footnotes: [],
      recipients: [],
      archiveLine: 'Lưu: VT',
      signer: defaultSigner(tree, unitId, today),
      bases: [],
      topicIds: [],
      formIds: [],
      milestones: [],
      responsibilities: [],
      periodStart: null,
      periodEnd: null,
      requestDeadline: null,
    };
  }

  /** Content copied to another unit takes that unit's header, place, symbol and signer. */
  private rehome(tree: UnitTree, c: PlanContent, fromUnit: string, toUnit: string, today: string): PlanContent {
    if (fromUnit === toUnit) return c;
    return {
      ...c,
      header: defaultHeader(tree, toUnit, today),
      place: defaultPlace(tree, toUnit, today),
      symbol: defaultSymbol(tree, toUnit, c.docType, today),
      signer: defaultSigner(tree, toUnit, today),
    };
  }

  /**
   * Writes a snapshot of the plan as it is now. With `coalesce` (draft saves), a save by the same
   * person within AUTOSAVE_WINDOW_MS of the plan's newest snapshot — itself a draft save — replaces
   * that snapshot instead of adding one, so autosave does not flood the history; creation,
   * submission, return, issue and close always add their own.
   */
  private async snapshot(trx: Db, scope: Scope, ctx: Ctx, planId: string, reason: string, opts: { coalesce?: boolean } = {}): Promise<void> {
    const row = await this.repo.get(trx, planId);
    if (!row) return;
    const dto = planDto(row, await this.repo.children(trx, planId), scope.tree, this.clock.today(), NO_ACTIONS);
    const { can: _can, ...snapshot } = dto;
    const now = this.clock.now();
    const userId = ctx.actor?.userId ?? null;
    if (opts.coalesce && userId) {
      const last = await this.repo.latestVersion(trx, planId);
      const recent = last && now.getTime() - new Date(last.created_at).getTime() <= AUTOSAVE_WINDOW_MS;
      if (last && recent && last.reason === reason && last.status === 'draft' && last.created_by === userId) {
        await this.repo.replaceVersion(trx, last.id, { version: row.version, status: row.status, snapshot: JSON.stringify(snapshot), created_at: now.toISOString() });
        return;
      }
    }
    await this.repo.insertVersion(trx, {
      id: newId(),
      plan_id: planId,
      version: row.version,
      status: row.status,
      snapshot: JSON.stringify(snapshot),
      reason,
      created_by: userId,
      created_at: now.toISOString(),
    });
  }

  private async insertPlan(
    trx: Db,
    ctx: Ctx,
    tree: UnitTree,
    p: { id: string; issuingUnitId: string; content: PlanContent; requestId?: string | null; supersedesId?: string | null; template?: boolean; attachmentsFrom?: string },
  ) {
    const now = this.clock.now().toISOString();
    const userId = ctx.actor?.userId ?? null;
    await this.repo.insert(trx, {
      id: p.id,
      issuing_unit_id: p.issuingUnitId,
      ...contentColumns(p.content, null, issuerNames(tree, p.issuingUnitId)),
      request_id: p.requestId ?? null,
      supersedes_id: p.supersedesId ?? null,
      number: null,
      number_text: null,
      number_year: null,
      status: 'draft',
      is_template: p.template ? 1 : 0,
      created_by: userId,
      created_at: now,
      updated_by: userId,
      updated_at: now,
      submitted_at: null,
      issued_at: null,
      issued_by: null,
      closed_at: null,
      version: 1,
      target_unit_ids: null,
    });
    const rows = childRows(p.id, p.content, new Set());
    await this.repo.replaceChildren(trx, p.id, rows);
    if (p.attachmentsFrom) await this.repo.copyAttachments(trx, p.attachmentsFrom, p.id, now, newId);
  }

  private assertUnitActive(tree: UnitTree, unitId: string, docDate: string | null, today: string) {
    if (!tree.isActiveOn(unitId, today) && !(docDate && tree.isActiveOn(unitId, docDate))) {
      throw fieldError('unit_inactive', 'issuingUnitId', 'Đơn vị ban hành', 'đơn vị không còn hoạt động vào ngày ban hành');
    }
  }

  async create(scope: Scope, ctx: Ctx, input: CreatePlanInput): Promise<PlanDto> {
    const tree = scope.tree;
    const today = this.clock.today();
    const { issuingUnitId: askedUnit, fromRequestId, fromTemplateId, ...fields } = input;
    let issuingUnitId: string;
    let requestId: string | null = null;
    let base: PlanContent;
    let origin = 'Tạo dự thảo';
    if (fromRequestId) {
      const req = await this.db.selectFrom('implementation_requests').selectAll().where('id', '=', fromRequestId).executeTakeFirst();
      if (!req || !scope.canSee(req.target_unit_id)) throw notFound('request_not_found', 'Không tìm thấy yêu cầu xây dựng kế hoạch hoặc bạn không có quyền xem.');
      scope.assertCan('plan.edit', req.target_unit_id, 'request_not_found');
      if (scope.actingUnitId !== req.target_unit_id && !(scope.isSystemAdmin && scope.roles.has('admin'))) {
        throw forbidden('forbidden', 'Kế hoạch thực hiện do chính đơn vị nhận yêu cầu soạn: hãy chuyển sang làm việc cho đơn vị đó.');
      }
      if (askedUnit && askedUnit !== req.target_unit_id) {
        throw fieldError('validation_failed', 'issuingUnitId', 'Đơn vị ban hành', 'kế hoạch thực hiện phải do chính đơn vị nhận yêu cầu ban hành');
      }
      if (req.implementing_plan_id) {
        const existing = await this.repo.get(this.db, req.implementing_plan_id);
        if (existing) {
          throw conflict(
            'request_in_progress',
            `Đơn vị đã có kế hoạch thực hiện cho yêu cầu này (${existing.number_text ? `số ${existing.number_text}` : 'đang dự thảo'}). Hãy mở kế hoạch đó để tiếp tục.`,
            { planId: existing.id },
          );
        }
      }
      const parent = await this.repo.get(this.db, req.plan_id);
      if (!parent) throw notFound('plan_not_found');
      const children = await this.repo.children(this.db, parent.id);
      base = this.d.cascade.prefill(tree, today, parent, contentOf(parent, children), children.responsibilities.map((r) => r.id), req.target_unit_id);
      issuingUnitId = req.target_unit_id;
      requestId = req.id;
      origin = `Tạo dự thảo thực hiện ${parent.number_text ? `kế hoạch số ${parent.number_text}` : 'kế hoạch cấp trên'}`;
    } else {
      const unit = askedUnit ?? scope.actingUnitId;
      if (!unit) throw forbidden('forbidden', 'Bạn cần chọn đơn vị làm việc trước khi soạn kế hoạch.');
      issuingUnitId = unit;
      if (!tree.get(issuingUnitId)) throw fieldError('unit_not_found', 'issuingUnitId', 'Đơn vị ban hành', 'không tìm thấy đơn vị');
      scope.assertCan('plan.edit', issuingUnitId);
      if (fromTemplateId) {
        const template = await this.visiblePlan(scope, fromTemplateId).catch(() => null);
        if (!template?.is_template) throw fieldError('template_not_found', 'fromTemplateId', 'Mẫu kế hoạch', 'không tìm thấy mẫu hoặc bạn không có quyền xem');
        const content = copyContent(contentOf(template, await this.repo.children(this.db, template.id)));
        base = this.rehome(tree, { ...content, docDate: null }, template.issuing_unit_id, issuingUnitId, today);
        origin = `Tạo dự thảo từ mẫu «${template.subject.slice(0, 80)}»`;
      } else {
        base = this.blank(tree, issuingUnitId, fields.docType ?? 'KH', today);
      }
    }
    if (fields.docType && !fromTemplateId && !fromRequestId) base.title = defaultTitle(fields.docType);
    const content = applyFields(base, fields);
    this.requireSubject(content);
    this.assertUnitActive(tree, issuingUnitId, content.docDate, today);
    this.checkDates(content);
    await this.checkRefs(scope, content, null);
    const id = newId();
    await tx(this.db, async (trx) => {
      await this.insertPlan(trx, ctx, scope.tree, { id, issuingUnitId, content, requestId, attachmentsFrom: fromRequestId ? undefined : fromTemplateId });
      if (requestId) {
        const r = await trx
          .updateTable('implementation_requests')
          .set({ implementing_plan_id: id })
          .where('id', '=', requestId)
          .where('implementing_plan_id', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw conflict('request_in_progress', 'Đơn vị vừa có người khác bắt đầu kế hoạch thực hiện cho yêu cầu này. Hãy tải lại trang.');
      }
      await this.snapshot(trx, scope, ctx, id, origin);
      await this.d.audit.record(trx, ctx, {
        action: 'plan.create',
        entityType: 'plan',
        entityId: id,
        summary: `${origin}: «${content.subject.slice(0, 200)}»`,
        after: { issuingUnitId, requestId, fromTemplateId: fromTemplateId ?? null, subject: content.subject, docType: content.docType },
      });
    });
    return this.dto(scope, id);
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdatePlanInput): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    if (!canEditPlan(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền soạn kế hoạch của đơn vị này.');
    if (row.status !== 'draft') throw notEditable(row);
    if (row.version !== input.version) throw versionConflict(row);
    const children = await this.repo.children(this.db, id);
    const before = contentOf(row, children);
    const { version, ...fields } = input;
    const after = applyFields(before, fields as PlanFieldsInput);
    if (fields.docType && fields.docType !== before.docType) {
      // Symbol and title that were the defaults follow the new document type.
      const today = this.clock.today();
      if (fields.symbol === undefined && before.symbol === defaultSymbol(scope.tree, row.issuing_unit_id, before.docType, today)) {
        after.symbol = defaultSymbol(scope.tree, row.issuing_unit_id, fields.docType, today);
      }
      if (fields.title === undefined && before.title === defaultTitle(before.docType)) after.title = defaultTitle(fields.docType);
    }
    this.requireSubject(after);
    this.checkDates(after);
    await this.checkRefs(scope, after, id);
    const changed = (Object.keys(fields) as Array<keyof PlanContent>).filter((k) => (fields as Record<string, unknown>)[k] !== undefined);
    await tx(this.db, async (trx) => {
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, id, version, { ...contentColumns(after, row.number_text, issuerNames(scope.tree, row.issuing_unit_id)), updated_by: ctx.actor?.userId ?? null, updated_at: now }, ['draft']);
      if (!ok) {
        const cur = (await this.repo.get(trx, id)) ?? row;
        throw cur.status !== 'draft' ? notEditable(cur) : versionConflict(cur);
      }
      const keep = new Set([...children.milestones.map((m) => m.id), ...children.responsibilities.map((r) => r.id)]);
      const rows = childRows(id, after, keep);
      const replace: ChildInput = {};
      if (fields.bases !== undefined) replace.bases = rows.bases;
      if (fields.topicIds !== undefined) replace.topicIds = rows.topicIds;
      if (fields.formIds !== undefined) replace.formIds = rows.formIds;
      if (fields.milestones !== undefined) replace.milestones = rows.milestones;
      if (fields.responsibilities !== undefined) replace.responsibilities = rows.responsibilities;
      await this.repo.replaceChildren(trx, id, replace);
      await this.snapshot(trx, scope, ctx, id, DRAFT_SAVE_REASON, { coalesce: true });
      const pick = (c: PlanContent) => Object.fromEntries(changed.map((k) => [k, c[k]]));
      await this.d.audit.record(trx, ctx, {
        action: 'plan.update',
        entityType: 'plan',
        entityId: id,
        summary: `Sửa dự thảo «${after.subject.slice(0, 200)}» (${changed.join(', ') || 'không đổi nội dung'})`,
        before: { version, ...pick(before) },
        after: { version: version + 1, ...pick(after) },
      });
    });
    return this.dto(scope, id);
  }

  /** Deletes a draft (or template) that was never issued and that no other plan cites. */
  async remove(scope: Scope, ctx: Ctx, id: string): Promise<void> {
    const row = await this.visiblePlan(scope, id);
    if (!canEditPlan(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền xóa kế hoạch của đơn vị này.');
    if (row.status !== 'draft') throw conflict('plan_not_deletable', `Chỉ xóa được dự thảo; kế hoạch này đang ở trạng thái «${STATUS_LABELS[row.status] ?? row.status}».`);
    await tx(this.db, async (trx) => {
      if ((await this.repo.citedBy(trx, id)) > 0) {
        throw conflict('plan_cited', 'Dự thảo đang được kế hoạch khác dẫn làm căn cứ hoặc kế hoạch cấp trên; hãy bỏ liên kết đó trước khi xóa.');
      }
      await this.repo.deletePlan(trx, id);
      await this.d.audit.record(trx, ctx, { action: 'plan.delete', entityType: 'plan', entityId: id, summary: `Xóa dự thảo «${row.subject.slice(0, 200)}»`, before: row });
    });
  }

  async submit(scope: Scope, ctx: Ctx, id: string, version?: number): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    if (!canEditPlan(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền trình kế hoạch của đơn vị này.');
    if (row.is_template) throw templateConflict();
    if (row.status !== 'draft') {
      throw conflict('plan_not_submittable', `Chỉ trình được dự thảo; kế hoạch này đang ở trạng thái «${STATUS_LABELS[row.status] ?? row.status}».`, { status: row.status });
    }
    if (version !== undefined && version !== row.version) throw versionConflict(row);
    const content = contentOf(row, await this.repo.children(this.db, id));
    this.requireSubject(content);
    this.checkDates(content);
    await tx(this.db, async (trx) => {
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, id, row.version, { status: 'submitted', submitted_at: now, updated_at: now, updated_by: ctx.actor?.userId ?? null }, ['draft']);
      if (!ok) {
        const cur = (await this.repo.get(trx, id)) ?? row;
        throw cur.status !== 'draft' ? conflict('plan_not_submittable', 'Kế hoạch vừa được người khác trình hoặc ban hành. Hãy tải lại trang.') : versionConflict(cur);
      }
      await this.snapshot(trx, scope, ctx, id, 'Trình lãnh đạo ban hành');
      await this.d.audit.record(trx, ctx, { action: 'plan.submit', entityType: 'plan', entityId: id, summary: `Trình ban hành «${row.subject.slice(0, 200)}»`, before: { status: 'draft' }, after: { status: 'submitted' } });
      await this.d.events.emit('plan.submitted', trx, { planId: id, issuingUnitId: row.issuing_unit_id }, ctx);
    });
    return this.dto(scope, id);
  }

  private assertLeader(scope: Scope, row: PlanRow, what: string) {
    if (!isIssuingLeader(scope, row)) throw forbidden('forbidden', `Chỉ lãnh đạo của đơn vị ban hành mới được ${what}.`);
  }

  async returnToDraft(scope: Scope, ctx: Ctx, id: string, comment?: string): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    this.assertLeader(scope, row, 'trả lại dự thảo');
    if (row.status !== 'submitted') {
      throw conflict('plan_not_submitted', `Chỉ trả lại được kế hoạch đang chờ ban hành; kế hoạch này đang ở trạng thái «${STATUS_LABELS[row.status] ?? row.status}».`, { status: row.status });
    }
    const reason = comment?.trim() ? `Trả lại: ${comment.trim()}` : 'Trả lại để sửa';
    await tx(this.db, async (trx) => {
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, id, row.version, { status: 'draft', updated_at: now, updated_by: ctx.actor?.userId ?? null }, ['submitted']);
      if (!ok) throw conflict('plan_not_submitted', 'Kế hoạch vừa được người khác xử lý. Hãy tải lại trang.');
      await this.snapshot(trx, scope, ctx, id, reason);
      await this.d.audit.record(trx, ctx, { action: 'plan.return', entityType: 'plan', entityId: id, summary: `${reason} — «${row.subject.slice(0, 200)}»`, before: { status: 'submitted' }, after: { status: 'draft', comment: comment ?? null } });
      const author = row.updated_by ?? row.created_by;
      if (author && author !== ctx.actor?.userId) {
        await this.d.notifications.notify(trx, { userIds: [author], kind: 'plan.returned', title: `Dự thảo được trả lại: ${row.subject.slice(0, 150)}`, body: comment ?? null, link: `/app/ke-hoach/${id}`, entityType: 'plan', entityId: id });
      }
    });
    return this.dto(scope, id);
  }

  /**
   * Issues the plan: takes the next number of (issuing unit, type, year of the doc date) from
   * document_counters in the same transaction, marks it issued, closes the plan it amends, records
   * the implementation of the request it answers, and emits `plan.issued` (requests, deliveries,
   * tasks, notifications happen in the same transaction).
   */
  async issue(scope: Scope, ctx: Ctx, id: string, input: IssueInput): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    this.assertLeader(scope, row, 'ban hành kế hoạch');
    if (row.is_template) throw templateConflict();
    if (row.status === 'issued' || row.status === 'closed') throw alreadyIssued(row);
    const tree = scope.tree;
    const today = this.clock.today();
    const content = contentOf(row, await this.repo.children(this.db, id));
    const docDate = input.docDate ?? row.doc_date ?? today;
    const requestDeadline = input.requestDeadline !== undefined ? input.requestDeadline : row.request_deadline;
    content.docDate = docDate;
    content.requestDeadline = requestDeadline;
    this.requireSubject(content);
    this.checkDates(content);
    this.assertUnitActive(tree, row.issuing_unit_id, docDate, today);
    let targets: string[] | null = null;
    if (input.targetUnitIds) {
      targets = [...new Set(input.targetUnitIds)];
      targets.forEach((u, i) => {
        if (!tree.get(u) || !scope.canSee(u)) throw fieldError('unit_not_found', `targetUnitIds.${i}`, 'Đơn vị thực hiện', 'không tìm thấy đơn vị hoặc bạn không có quyền xem');
        if (u === row.issuing_unit_id) throw fieldError('validation_failed', `targetUnitIds.${i}`, 'Đơn vị thực hiện', 'không gửi yêu cầu cho chính đơn vị ban hành');
        if (!tree.isActiveOn(u, docDate)) throw fieldError('unit_inactive', `targetUnitIds.${i}`, 'Đơn vị thực hiện', `đơn vị không hoạt động vào ngày ${formatVnDate(docDate)}`);
      });
    }
    await tx(this.db, async (trx) => {
      useTree(trx, tree);
      const now = this.clock.now().toISOString();
      const userId = ctx.actor?.userId ?? null;
      const ok = await this.repo.updateVersioned(
        trx,
        id,
        row.version,
        {
          status: 'issued',
          doc_date: docDate,
          request_deadline: requestDeadline,
          target_unit_ids: targets ? JSON.stringify(targets) : null,
          issued_at: now,
          issued_by: userId,
          updated_at: now,
          updated_by: userId,
        },
        ['draft', 'submitted'],
      );
      if (!ok) {
        const cur = (await this.repo.get(trx, id)) ?? row;
        throw cur.status === 'issued' || cur.status === 'closed' ? alreadyIssued(cur) : versionConflict(cur);
      }
      let numberText: string | null = null;
      if (!row.number_unknown) {
        const year = Number(docDate.slice(0, 4));
        const n = await this.repo.nextNumber(trx, row.issuing_unit_id, row.doc_type, year);
        numberText = formatNumber(n, row.symbol);
        await this.repo.update(trx, id, { number: n, number_year: year, number_text: numberText, search_text: searchText(numberText, content, issuerNames(tree, row.issuing_unit_id)) });
      }
      if (row.supersedes_id) {
        const old = await this.repo.get(trx, row.supersedes_id);
        if (old && old.status === 'issued') {
          await this.repo.updateVersioned(trx, old.id, old.version, { status: 'closed', closed_at: now, updated_at: now, updated_by: userId }, ['issued']);
          await this.snapshot(trx, scope, ctx, old.id, `Hết hiệu lực: được thay thế bởi kế hoạch${numberText ? ` số ${numberText}` : ' sửa đổi, bổ sung'}`);
          await this.d.audit.record(trx, ctx, { action: 'plan.close', entityType: 'plan', entityId: old.id, summary: `Kế hoạch${old.number_text ? ` số ${old.number_text}` : ''} hết hiệu lực do được sửa đổi, bổ sung`, before: { status: 'issued' }, after: { status: 'closed', supersededBy: id } });
        }
      }
      let requestId = row.request_id;
      if (!requestId && row.parent_plan_id) {
        const r = await trx
          .selectFrom('implementation_requests')
          .select('id')
          .where('plan_id', '=', row.parent_plan_id)
          .where('target_unit_id', '=', row.issuing_unit_id)
          .where('implemented_at', 'is', null)
          .executeTakeFirst();
        requestId = r?.id ?? null;
        if (requestId) await this.repo.update(trx, id, { request_id: requestId });
      }
      if (requestId) {
        await trx.updateTable('implementation_requests').set({ implemented_at: now, implementing_plan_id: id }).where('id', '=', requestId).where('implemented_at', 'is', null).execute();
      }
      await this.snapshot(trx, scope, ctx, id, numberText ? `Ban hành, số ${numberText}` : 'Ban hành');
      await this.d.audit.record(trx, ctx, {
        action: 'plan.issue',
        entityType: 'plan',
        entityId: id,
        summary: `Ban hành ${row.title.toLocaleLowerCase('vi') || 'văn bản'}${numberText ? ` số ${numberText}` : ''} ngày ${formatVnDate(docDate)}: «${row.subject.slice(0, 200)}»`,
        before: { status: row.status },
        after: { status: 'issued', numberText, docDate, requestDeadline, targetUnitIds: targets },
      });
      await this.d.events.emit('plan.issued', trx, { planId: id, issuingUnitId: row.issuing_unit_id }, ctx);
    });
    return this.dto(scope, id);
  }

  async close(scope: Scope, ctx: Ctx, id: string): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    this.assertLeader(scope, row, 'kết thúc kế hoạch');
    if (row.status !== 'issued') {
      throw conflict('plan_not_issued', `Chỉ kết thúc được kế hoạch đã ban hành; kế hoạch này đang ở trạng thái «${STATUS_LABELS[row.status] ?? row.status}».`, { status: row.status });
    }
    await tx(this.db, async (trx) => {
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, id, row.version, { status: 'closed', closed_at: now, updated_at: now, updated_by: ctx.actor?.userId ?? null }, ['issued']);
      if (!ok) throw conflict('plan_not_issued', 'Kế hoạch vừa được người khác xử lý. Hãy tải lại trang.');
      await this.snapshot(trx, scope, ctx, id, 'Kết thúc kế hoạch');
      await this.d.audit.record(trx, ctx, { action: 'plan.close', entityType: 'plan', entityId: id, summary: `Kết thúc kế hoạch${row.number_text ? ` số ${row.number_text}` : ''}`, before: { status: 'issued' }, after: { status: 'closed' } });
    });
    return this.dto(scope, id);
  }

  // ---- public flag: issued plans shown on the public site under "Văn bản" ----

  private readonly publicListeners: Array<(trx: Db, planId: string) => Promise<void>> = [];

  /** Called inside the transaction that changes a plan's public flag (search index, page cache). */
  onPublicChange(fn: (trx: Db, planId: string) => Promise<void>): void {
    this.publicListeners.push(fn);
  }

  /** Shows an issued (or closed) plan on the public site, or withdraws it: leaders of the issuing unit. */
  async setPublic(scope: Scope, ctx: Ctx, id: string, isPublic: boolean): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    this.assertLeader(scope, row, 'công khai văn bản');
    if (row.is_template || (row.status !== 'issued' && row.status !== 'closed')) {
      throw conflict('plan_not_issued', `Chỉ công khai được kế hoạch đã ban hành; kế hoạch này đang ở trạng thái «${STATUS_LABELS[row.status] ?? row.status}».`, { status: row.status });
    }
    await tx(this.db, async (trx) => {
      await trx.updateTable('plans').set({ is_public: isPublic ? 1 : 0 }).where('id', '=', id).execute();
      await this.d.audit.record(trx, ctx, { action: 'plan.public', entityType: 'plan', entityId: id, summary: `${isPublic ? 'Công khai' : 'Thôi công khai'} kế hoạch${row.number_text ? ` số ${row.number_text}` : ''} trên trang thông tin`, before: { isPublic: !!row.is_public }, after: { isPublic } });
      for (const fn of this.publicListeners) await fn(trx, id);
    });
    return this.dto(scope, id);
  }

  /** A new draft that will replace an issued plan ("sửa đổi, bổ sung"); issuing it closes the old one. */
  async amend(scope: Scope, ctx: Ctx, id: string): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    if (!canEditPlan(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền soạn kế hoạch của đơn vị này.');
    if (row.is_template) throw templateConflict();
    if (row.status !== 'issued') {
      throw conflict('plan_not_amendable', `Chỉ sửa đổi, bổ sung được kế hoạch đang có hiệu lực; kế hoạch này đang ở trạng thái «${STATUS_LABELS[row.status] ?? row.status}».`);
    }
    const existing = await this.repo.findDraftAmendment(this.db, id);
    if (existing) throw conflict('amendment_exists', 'Kế hoạch này đã có một dự thảo sửa đổi, bổ sung; hãy mở dự thảo đó.', { planId: existing.id });
    const content = copyContent(contentOf(row, await this.repo.children(this.db, id)));
    content.docDate = null;
    const newPlanId = newId();
    await tx(this.db, async (trx) => {
      await this.insertPlan(trx, ctx, scope.tree, { id: newPlanId, issuingUnitId: row.issuing_unit_id, content, supersedesId: id, attachmentsFrom: id });
      await this.snapshot(trx, scope, ctx, newPlanId, `Dự thảo sửa đổi, bổ sung kế hoạch${row.number_text ? ` số ${row.number_text}` : ''}`);
      await this.d.audit.record(trx, ctx, { action: 'plan.amend', entityType: 'plan', entityId: newPlanId, summary: `Soạn sửa đổi, bổ sung kế hoạch${row.number_text ? ` số ${row.number_text}` : ''}`, after: { supersedesId: id } });
    });
    return this.dto(scope, newPlanId);
  }

  /** Copies a plan into a template of the acting unit; templates are listed with `template=true`. */
  async saveAsTemplate(scope: Scope, ctx: Ctx, id: string, subject?: string): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    const unit = scope.actingUnitId ?? row.issuing_unit_id;
    if (!scope.can('plan.edit', unit)) throw forbidden('forbidden', 'Bạn không có quyền tạo mẫu kế hoạch cho đơn vị này.');
    const today = this.clock.today();
    const content = this.rehome(scope.tree, copyContent(contentOf(row, await this.repo.children(this.db, id))), row.issuing_unit_id, unit, today);
    content.docDate = null;
    content.requestDeadline = null;
    if (subject) content.subject = subject;
    const templateId = newId();
    await tx(this.db, async (trx) => {
      await this.insertPlan(trx, ctx, scope.tree, { id: templateId, issuingUnitId: unit, content, template: true, attachmentsFrom: id });
      await this.snapshot(trx, scope, ctx, templateId, 'Lưu thành mẫu');
      await this.d.audit.record(trx, ctx, { action: 'plan.template', entityType: 'plan', entityId: templateId, summary: `Lưu mẫu kế hoạch «${content.subject.slice(0, 200)}»`, after: { sourcePlanId: id } });
    });
    return this.dto(scope, templateId);
  }

  // ---- versions ----

  private async senderPlan(scope: Scope, id: string): Promise<PlanRow> {
    const row = await this.visiblePlan(scope, id);
    if (!seesIssuingUnit(scope, row)) throw forbidden('forbidden', 'Chỉ đơn vị ban hành xem được lịch sử soạn thảo của kế hoạch.');
    return row;
  }

  async versions(scope: Scope, id: string) {
    await this.senderPlan(scope, id);
    const rows = await this.repo.versions(this.db, id);
    return rows.map((v) => ({ version: v.version, status: v.status, createdAt: v.created_at, createdBy: v.created_by, createdByName: v.full_name ?? null, reason: v.reason }));
  }

  async version(scope: Scope, id: string, v: number) {
    await this.senderPlan(scope, id);
    const row = await this.repo.version(this.db, id, v);
    if (!row) throw notFound('version_not_found', `Không có phiên bản ${v} của kế hoạch này.`);
    return { version: row.version, status: row.status, createdAt: row.created_at, createdBy: row.created_by, createdByName: row.full_name ?? null, reason: row.reason, snapshot: JSON.parse(row.snapshot) };
  }

  // ---- cascade & distribution (reads) ----

  async cascade(scope: Scope, id: string) {
    return this.d.cascade.overview(scope, await this.visiblePlan(scope, id));
  }

  async deliveries(scope: Scope, id: string) {
    return this.d.distribution.deliveries(scope, await this.visiblePlan(scope, id));
  }

  /** The plan as the document renderers need it (see plans.document.ts). */
  async forExport(scope: Scope, id: string): Promise<PlanDto> {
    const row = await this.visiblePlan(scope, id);
    return planDto(row, await this.repo.children(this.db, id), scope.tree, this.clock.today(), NO_ACTIONS);
  }

  // ---- attachments and files ----

  async addAttachment(scope: Scope, ctx: Ctx, id: string, upload: { buffer: Buffer; filename: string; title?: string }) {
    const row = await this.visiblePlan(scope, id);
    if (!canEditPlan(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền sửa kế hoạch của đơn vị này.');
    if (row.status !== 'draft') throw notEditable(row);
    return tx(this.db, async (trx) => {
      const file = await this.d.files.save(
        { buffer: upload.buffer, name: upload.filename || 'tep-dinh-kem', unitId: row.issuing_unit_id, userId: ctx.actor?.userId ?? null, allowed: ATTACHMENT_KINDS, maxBytes: this.d.maxUploadBytes },
        trx,
      );
      const att = { id: newId(), plan_id: id, file_id: file.id, title: (upload.title?.trim() || file.name).slice(0, 300), created_at: this.clock.now().toISOString() };
      await this.repo.insertAttachment(trx, att);
      await this.d.audit.record(trx, ctx, { action: 'plan.attach', entityType: 'plan', entityId: id, summary: `Đính kèm «${att.title}» (${file.name}, ${file.size} byte)`, after: { attachmentId: att.id, fileId: file.id } });
      return { id: att.id, fileId: file.id, title: att.title, name: file.name, size: file.size, mime: file.mime };
    });
  }

  async removeAttachment(scope: Scope, ctx: Ctx, id: string, attachmentId: string): Promise<void> {
    const row = await this.visiblePlan(scope, id);
    if (!canEditPlan(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền sửa kế hoạch của đơn vị này.');
    if (row.status !== 'draft') throw notEditable(row);
    await tx(this.db, async (trx) => {
      const att = await this.repo.getAttachment(trx, id, attachmentId);
      if (!att) throw notFound('attachment_not_found', 'Không tìm thấy tệp đính kèm.');
      await this.repo.deleteAttachment(trx, attachmentId);
      await this.d.audit.record(trx, ctx, { action: 'plan.detach', entityType: 'plan', entityId: id, summary: `Bỏ tệp đính kèm «${att.title}»`, before: att });
    });
  }

  /**
   * A stored file, if the actor may see a record that owns it: a plan it is attached to, or —
   * for files no plan owns (other modules' uploads) — the unit it was uploaded for.
   */
  async fileForDownload(scope: Scope, fileId: string) {
    const file = await this.d.files.meta(fileId);
    const owners = await this.repo.plansOwningFile(this.db, fileId);
    for (const o of owners) {
      const plan = await this.repo.get(this.db, o.plan_id);
      if (plan && (await this.canSee(scope, plan))) return file;
    }
    if (owners.length === 0 && file.unit_id && scope.canSee(file.unit_id)) return file;
    throw notFound('file_not_found', 'Không tìm thấy tệp hoặc bạn không có quyền tải.');
  }
}

/**
 * Recomputes `plans.search_text` (number, subject, title, issuing unit's names) for every plan whose
 * stored text differs — for databases written before the unit names were part of it. Idempotent;
 * returns how many rows changed. Runs inside the caller's transaction when given one.
 */
export async function refreshPlanSearchText(db: Db): Promise<number> {
  const units = await db.selectFrom('units').select(['id', 'name', 'short_name']).execute();
  const names = new Map(units.map((u) => [u.id, [...new Set([u.name, u.short_name].filter(Boolean))]]));
  const rows = await db.selectFrom('plans').select(['id', 'number_text', 'subject', 'title', 'issuing_unit_id', 'search_text']).execute();
  let changed = 0;
  for (const r of rows) {
    const text = searchText(r.number_text, r, names.get(r.issuing_unit_id) ?? []);
    if (text === r.search_text) continue;
    await db.updateTable('plans').set({ search_text: text }).where('id', '=', r.id).execute();
    changed += 1;
  }
  return changed;
}
