import { type Clock, formatVnDate } from '../../platform/clock.js';
import type { DomainEvents } from '../../events.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { campaignUnitIds, canManageForms, canSeeCampaignUnit } from './campaigns.policy.js';
import type { CampaignRow, CampaignsRepository, FormRow, IndicatorRow, TopicRow } from './campaigns.repository.js';
import type {
  CampaignDto,
  FormDto,
  NewCampaignInput,
  NewFormInput,
  NewTopicInput,
  TopicDto,
  TopicNodeDto,
  UpdateCampaignInput,
  UpdateFormInput,
  UpdateTopicInput,
} from './campaigns.schemas.js';

const campaignNotFound = () => notFound('campaign_not_found', 'Không tìm thấy chương trình/chiến dịch hoặc bạn không có quyền xem.');
const topicNotFound = () => notFound('topic_not_found', 'Không tìm thấy chủ đề hoặc bạn không có quyền xem.');
const formNotFound = () => notFound('form_not_found', 'Không tìm thấy hình thức tuyên truyền.');

export function topicDto(t: TopicRow): TopicDto {
  return { id: t.id, campaignId: t.campaign_id, parentId: t.parent_id, code: t.code, title: t.title, body: t.body, sort: t.sort, archived: !!t.archived };
}

export function formDto(f: FormRow): FormDto {
  return { id: f.id, code: f.code, name: f.name, counts: JSON.parse(f.counts) as string[], sort: f.sort, archived: !!f.archived };
}

/** Builds the nested tree (roots first, siblings by sort then code). */
export function buildTopicTree(rows: TopicRow[]): TopicNodeDto[] {
  const nodes = new Map<string, TopicNodeDto>(rows.map((r) => [r.id, { ...topicDto(r), children: [] }]));
  const roots: TopicNodeDto[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sortRec = (list: TopicNodeDto[]) => {
    list.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
    for (const n of list) sortRec(n.children);
  };
  sortRec(roots);
  return roots;
}

/** Campaigns with indicators, the topic tree of each campaign, and the global forms catalogue. */
export class CampaignsService {
  constructor(
    private readonly db: Db,
    private readonly repo: CampaignsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** `topics.changed` is emitted inside the transaction that changed a campaign's topic tree. */
    private readonly events?: EventBus<DomainEvents>,
  ) {}

  private topicsChanged(trx: Db, ctx: Ctx, campaignId: string) {
    return this.events?.emit('topics.changed', trx, { campaignId }, ctx) ?? Promise.resolve();
  }

  // ---- campaigns ----

  private toDto(scope: Scope, c: CampaignRow, indicators: IndicatorRow[]): CampaignDto {
    return {
      id: c.id,
      unitId: c.unit_id,
      unitName: scope.tree.get(c.unit_id)?.name ?? '',
      code: c.code,
      name: c.name,
      description: c.description,
      periodStart: c.period_start,
      periodEnd: c.period_end,
      status: c.status as 'active' | 'closed',
      indicators: indicators
        .filter((i) => i.campaign_id === c.id)
        .map((i) => ({ id: i.id, name: i.name, metric: i.metric, targetValue: Number(i.target_value), unitLabel: i.unit_label })),
      version: c.version,
      canEdit: scope.can('plan.edit', c.unit_id),
    };
  }

  async list(scope: Scope, f: { unitId?: string; status?: 'active' | 'closed'; search?: string; page: number; pageSize: number }) {
    const visible = campaignUnitIds(scope);
    let unitIds: string[] | 'all' = visible === 'all' ? 'all' : [...visible];
    if (f.unitId) {
      if (!canSeeCampaignUnit(scope, f.unitId)) throw notFound('unit_not_found');
      unitIds = [f.unitId];
    }
    let rows = await this.repo.listCampaigns(this.db, { unitIds, status: f.status });
    if (f.search?.trim()) {
      const needle = foldVietnamese(f.search.trim());
      rows = rows.filter((c) => foldVietnamese(`${c.code} ${c.name}`).includes(needle));
    }
    rows.sort((a, b) => a.status.localeCompare(b.status) || (b.period_start ?? '').localeCompare(a.period_start ?? '') || a.name.localeCompare(b.name, 'vi'));
    const page = rows.slice((f.page - 1) * f.pageSize, f.page * f.pageSize);
    const indicators = await this.repo.indicatorsFor(this.db, page.map((c) => c.id));
    return { items: page.map((c) => this.toDto(scope, c, indicators)), total: rows.length, page: f.page, pageSize: f.pageSize };
  }

  /** The campaign row if the actor may see it (404 otherwise). Other modules use this through index.ts. */
  async visibleCampaign(scope: Scope, id: string, db: Db = this.db): Promise<CampaignRow> {
    const c = await this.repo.getCampaign(db, id);
    if (!c || !canSeeCampaignUnit(scope, c.unit_id)) throw campaignNotFound();
    return c;
  }

  async get(scope: Scope, id: string): Promise<CampaignDto> {
    const c = await this.visibleCampaign(scope, id);
    return this.toDto(scope, c, await this.repo.indicatorsFor(this.db, [c.id]));
  }

  private checkPeriod(start: string | null | undefined, end: string | null | undefined) {
    if (start && end && end < start) {
      throw invalid('validation_failed', `Trường «Đến ngày (periodEnd)»: ngày kết thúc ${formatVnDate(end)} trước ngày bắt đầu ${formatVnDate(start)}.`, [
        { field: 'periodEnd', message: 'ngày kết thúc trước ngày bắt đầu' },
      ]);
    }
  }

  private indicatorRows(campaignId: string, input: NonNullable<UpdateCampaignInput['indicators']>, existing: IndicatorRow[]): IndicatorRow[] {
    const keep = new Set(existing.map((i) => i.id));
    return input.map((i, sort) => ({
      id: i.id && keep.has(i.id) ? i.id : newId(),
      campaign_id: campaignId,
      name: i.name,
      metric: i.metric,
      target_value: i.targetValue,
      unit_label: i.unitLabel ?? null,
      sort,
    }));
  }

  async create(scope: Scope, ctx: Ctx, input: NewCampaignInput): Promise<CampaignDto> {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('forbidden', 'Bạn cần chọn đơn vị làm việc trước khi tạo chương trình/chiến dịch.');
    scope.assertCan('plan.edit', unitId);
    this.checkPeriod(input.periodStart, input.periodEnd);
    const now = this.clock.now().toISOString();
    const id = newId();
    await tx(this.db, async (trx) => {
      if (await this.repo.findCampaignByCode(trx, unitId, input.code)) {
        throw conflict('campaign_code_taken', `Trường «Mã (code)»: mã «${input.code}» đã được dùng cho một chương trình khác của đơn vị. Hãy chọn mã khác.`);
      }
      const row: CampaignRow = {
        id,
        unit_id: unitId,
        code: input.code,
        name: input.name,
        description: input.description ?? null,
        period_start: input.periodStart ?? null,
        period_end: input.periodEnd ?? null,
        status: input.status,
        created_by: ctx.actor?.userId ?? null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await this.repo.insertCampaign(trx, row);
      const indicators = this.indicatorRows(id, input.indicators, []);
      await this.repo.replaceIndicators(trx, id, indicators);
      await this.audit.record(trx, ctx, { action: 'campaign.create', entityType: 'campaign', entityId: id, summary: `Tạo chương trình/chiến dịch «${row.name}» (${row.code})`, after: { ...row, indicators } });
    });
    return this.get(scope, id);
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateCampaignInput): Promise<CampaignDto> {
    const before = await this.editableCampaign(scope, id);
    const periodStart = input.periodStart !== undefined ? input.periodStart : before.period_start;
    const periodEnd = input.periodEnd !== undefined ? input.periodEnd : before.period_end;
    this.checkPeriod(periodStart, periodEnd);
    await tx(this.db, async (trx) => {
      if (input.code && input.code !== before.code && (await this.repo.findCampaignByCode(trx, before.unit_id, input.code))) {
        throw conflict('campaign_code_taken', `Trường «Mã (code)»: mã «${input.code}» đã được dùng cho một chương trình khác của đơn vị. Hãy chọn mã khác.`);
      }
      const patch = {
        code: input.code ?? before.code,
        name: input.name ?? before.name,
        description: input.description !== undefined ? input.description : before.description,
        period_start: periodStart ?? null,
        period_end: periodEnd ?? null,
        status: input.status ?? before.status,
        updated_at: this.clock.now().toISOString(),
      };
      if (!(await this.repo.updateCampaign(trx, id, input.version, patch))) {
        const cur = await this.repo.getCampaign(trx, id);
        throw conflict('version_conflict', `Chương trình/chiến dịch đã được người khác sửa lúc ${vnTime(cur?.updated_at ?? before.updated_at)}. Hãy tải lại để xem bản mới nhất; nội dung bạn vừa nhập chưa được lưu.`, {
          currentVersion: cur?.version ?? before.version,
        });
      }
      const oldIndicators = await this.repo.indicatorsFor(trx, [id]);
      let indicators = oldIndicators;
      if (input.indicators) {
        indicators = this.indicatorRows(id, input.indicators, oldIndicators);
        await this.repo.replaceIndicators(trx, id, indicators);
      }
      await this.audit.record(trx, ctx, {
        action: 'campaign.update',
        entityType: 'campaign',
        entityId: id,
        summary: `Sửa chương trình/chiến dịch «${patch.name}»`,
        before: { ...before, indicators: oldIndicators },
        after: { ...before, ...patch, version: input.version + 1, indicators },
      });
    });
    return this.get(scope, id);
  }

  // ---- topics ----

  async topics(scope: Scope, campaignId: string, includeArchived = true): Promise<TopicNodeDto[]> {
    await this.visibleCampaign(scope, campaignId);
    let rows = await this.repo.topicsOf(this.db, campaignId);
    if (!includeArchived) {
      const hidden = new Set(rows.filter((r) => r.archived).map((r) => r.id));
      rows = rows.filter((r) => !hidden.has(r.id) && !(r.parent_id && hidden.has(r.parent_id)));
    }
    return buildTopicTree(rows);
  }

  private async editableCampaign(scope: Scope, campaignId: string, db: Db = this.db) {
    const c = await this.visibleCampaign(scope, campaignId, db);
    if (!scope.can('plan.edit', c.unit_id)) throw forbidden('forbidden', 'Chỉ đơn vị chủ trì chương trình/chiến dịch mới sửa được chương trình và cây chủ đề của nó.');
    return c;
  }

  async createTopic(scope: Scope, ctx: Ctx, campaignId: string, input: NewTopicInput): Promise<TopicDto> {
    await this.editableCampaign(scope, campaignId);
    return tx(this.db, async (trx) => {
      const parentId = input.parentId ?? null;
      let parent: TopicRow | undefined;
      if (parentId) {
        parent = await this.repo.getTopic(trx, parentId);
        if (!parent || parent.campaign_id !== campaignId) {
          throw invalid('topic_parent_invalid', 'Trường «Chủ đề cấp trên (parentId)»: không tìm thấy chủ đề này trong chương trình/chiến dịch.');
        }
      }
      const maxSort = await this.repo.maxSiblingSort(trx, campaignId, parentId);
      const code = input.code ?? (await this.freeCode(trx, campaignId, parent ? `${parent.code}.` : 'CD', maxSort + 2));
      if (await this.repo.findTopicByCode(trx, campaignId, code)) {
        throw conflict('topic_code_taken', `Trường «Mã (code)»: mã chủ đề «${code}» đã có trong chương trình/chiến dịch. Hãy chọn mã khác.`);
      }
      const row: TopicRow = { id: newId(), campaign_id: campaignId, parent_id: parentId, code, title: input.title, body: input.body ?? null, sort: input.sort ?? maxSort + 1, archived: 0 };
      await this.repo.insertTopics(trx, [row]);
      await this.topicsChanged(trx, ctx, campaignId);
      await this.audit.record(trx, ctx, { action: 'topic.create', entityType: 'topic', entityId: row.id, summary: `Thêm chủ đề «${row.title}» (${row.code})`, after: row });
      return topicDto(row);
    });
  }

  private async freeCode(trx: Db, campaignId: string, prefix: string, start: number): Promise<string> {
    for (let n = Math.max(1, start); ; n += 1) {
      const code = `${prefix}${n}`;
      if (!(await this.repo.findTopicByCode(trx, campaignId, code))) return code;
    }
  }

  async updateTopic(scope: Scope, ctx: Ctx, id: string, input: UpdateTopicInput): Promise<TopicDto> {
    const before = await this.repo.getTopic(this.db, id);
    if (!before) throw topicNotFound();
    await this.editableCampaign(scope, before.campaign_id).catch((e) => {
      throw e?.status === 404 ? topicNotFound() : e;
    });
    return tx(this.db, async (trx) => {
      const patch: Partial<TopicRow> = {};
      if (input.title !== undefined) patch.title = input.title;
      if (input.body !== undefined) patch.body = input.body;
      if (input.sort !== undefined) patch.sort = input.sort;
      if (input.code !== undefined && input.code !== before.code) {
        if (await this.repo.findTopicByCode(trx, before.campaign_id, input.code)) {
          throw conflict('topic_code_taken', `Trường «Mã (code)»: mã chủ đề «${input.code}» đã có trong chương trình/chiến dịch. Hãy chọn mã khác.`);
        }
        patch.code = input.code;
      }
      if (input.parentId !== undefined && (input.parentId ?? null) !== before.parent_id) {
        const newParent = input.parentId ?? null;
        if (newParent) {
          const all = await this.repo.topicsOf(trx, before.campaign_id);
          const byId = new Map(all.map((t) => [t.id, t]));
          const p = byId.get(newParent);
          if (!p) throw invalid('topic_parent_invalid', 'Trường «Chủ đề cấp trên (parentId)»: không tìm thấy chủ đề này trong chương trình/chiến dịch.');
          for (let cur: TopicRow | undefined = p; cur; cur = cur.parent_id ? byId.get(cur.parent_id) : undefined) {
            if (cur.id === id) {
              throw invalid('topic_cycle', 'Trường «Chủ đề cấp trên (parentId)»: không thể chuyển một chủ đề vào chính nó hoặc vào chủ đề con của nó.');
            }
          }
        }
        patch.parent_id = newParent;
        if (input.sort === undefined) patch.sort = (await this.repo.maxSiblingSort(trx, before.campaign_id, newParent)) + 1;
      }
      if (Object.keys(patch).length) await this.repo.updateTopic(trx, id, patch);
      const after = { ...before, ...patch };
      const moved = patch.parent_id !== undefined;
      if (moved) await this.topicsChanged(trx, ctx, before.campaign_id);
      await this.audit.record(trx, ctx, {
        action: moved ? 'topic.move' : 'topic.update',
        entityType: 'topic',
        entityId: id,
        summary: moved ? `Chuyển chủ đề «${after.title}»` : `Sửa chủ đề «${after.title}»`,
        before,
        after,
      });
      return topicDto(after);
    });
  }

  /** Archives (or restores) a topic together with everything under it. */
  async archiveTopic(scope: Scope, ctx: Ctx, id: string, archived: boolean): Promise<TopicDto> {
    const before = await this.repo.getTopic(this.db, id);
    if (!before) throw topicNotFound();
    await this.editableCampaign(scope, before.campaign_id).catch((e) => {
      throw e?.status === 404 ? topicNotFound() : e;
    });
    return tx(this.db, async (trx) => {
      const all = await this.repo.topicsOf(trx, before.campaign_id);
      const ids = [id];
      for (let i = 0; i < ids.length; i += 1) for (const t of all) if (t.parent_id === ids[i]) ids.push(t.id);
      await this.repo.setArchived(trx, ids, archived);
      await this.topicsChanged(trx, ctx, before.campaign_id);
      await this.audit.record(trx, ctx, {
        action: archived ? 'topic.archive' : 'topic.restore',
        entityType: 'topic',
        entityId: id,
        summary: `${archived ? 'Lưu trữ' : 'Khôi phục'} chủ đề «${before.title}»${ids.length > 1 ? ` và ${ids.length - 1} chủ đề con` : ''}`,
        before: { archived: !!before.archived },
        after: { archived, topicIds: ids },
      });
      return topicDto({ ...before, archived: archived ? 1 : 0 });
    });
  }

  /** Topic ids that do not exist (for validation by other modules, inside their transaction). */
  async missingTopics(db: Db, ids: string[]): Promise<string[]> {
    const found = new Set((await this.repo.topicsByIds(db, [...new Set(ids)])).map((t) => t.id));
    return ids.filter((i) => !found.has(i));
  }

  async missingForms(db: Db, ids: string[]): Promise<string[]> {
    const found = new Set((await this.repo.formsByIds(db, [...new Set(ids)])).map((t) => t.id));
    return ids.filter((i) => !found.has(i));
  }

  // ---- forms ----

  async forms(includeArchived = false): Promise<FormDto[]> {
    return (await this.repo.listForms(this.db, includeArchived)).map(formDto);
  }

  private assertFormsEditor(scope: Scope) {
    if (!canManageForms(scope)) {
      throw forbidden('forbidden', 'Danh mục hình thức tuyên truyền dùng chung cho mọi đơn vị; chỉ cán bộ cấp tỉnh/thành phố trở lên hoặc quản trị hệ thống được sửa.');
    }
  }

  async createForm(scope: Scope, ctx: Ctx, input: NewFormInput): Promise<FormDto> {
    this.assertFormsEditor(scope);
    return tx(this.db, async (trx) => {
      if (await this.repo.findFormByCode(trx, input.code)) {
        throw conflict('form_code_taken', `Trường «Mã (code)»: mã hình thức «${input.code}» đã có trong danh mục. Hãy chọn mã khác.`);
      }
      const row: FormRow = { id: newId(), code: input.code, name: input.name, counts: JSON.stringify(input.counts), sort: input.sort ?? (await this.repo.maxFormSort(trx)) + 1, archived: 0 };
      await this.repo.insertForm(trx, row);
      await this.audit.record(trx, ctx, { action: 'form.create', entityType: 'form', entityId: row.id, summary: `Thêm hình thức tuyên truyền «${row.name}»`, after: formDto(row) });
      return formDto(row);
    });
  }

  async updateForm(scope: Scope, ctx: Ctx, id: string, input: UpdateFormInput): Promise<FormDto> {
    this.assertFormsEditor(scope);
    return tx(this.db, async (trx) => {
      const before = await this.repo.getForm(trx, id);
      if (!before) throw formNotFound();
      const after: FormRow = {
        ...before,
        name: input.name ?? before.name,
        counts: input.counts ? JSON.stringify(input.counts) : before.counts,
        sort: input.sort ?? before.sort,
        archived: input.archived === undefined ? before.archived : input.archived ? 1 : 0,
      };
      await this.repo.updateForm(trx, id, { name: after.name, counts: after.counts, sort: after.sort, archived: after.archived });
      await this.audit.record(trx, ctx, { action: 'form.update', entityType: 'form', entityId: id, summary: `Sửa hình thức tuyên truyền «${after.name}»`, before: formDto(before), after: formDto(after) });
      return formDto(after);
    });
  }
}

/** "HH:mm dd/mm/yyyy" in Vietnam time. */
export function vnTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
