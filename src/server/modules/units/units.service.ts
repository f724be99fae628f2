import { UNIT_EVENT_LABELS } from '../../../shared/units.js';
import { addDays, type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import type { DomainEvents } from '../../events.js';
import { type Db, tx } from '../../platform/db.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitRow, UnitTree } from './unit-tree.js';
import type { UnitsRepository } from './units.repository.js';
import type { MergeInput, NewUnitInput, SplitInput, SuccessorTarget, UnitDto, UpdateUnitInput } from './units.schemas.js';

export interface ListUnitsOptions {
  asOf?: string;
  search?: string;
  includeClosed?: boolean;
  page: number;
  pageSize: number;
}

export class UnitsService {
  constructor(
    private readonly db: Db,
    private readonly repo: UnitsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: EventBus<DomainEvents>,
  ) {}

  tree(): Promise<UnitTree> {
    return this.repo.tree();
  }

  /** Other modules that write units (setup, demo seed, import) call this inside their transaction. */
  bumpVersion(trx: Db): Promise<void> {
    return this.repo.bumpVersion(trx);
  }

  toDto(tree: UnitTree, u: UnitRow, asOf: string, scope: Scope | null): UnitDto {
    return {
      id: u.id,
      code: u.code,
      name: u.name,
      shortName: u.short_name,
      kind: u.kind,
      level: u.level,
      parentId: tree.parentOn(u.id, asOf),
      address: u.address,
      phone: u.phone,
      email: u.email,
      term: u.term,
      population: u.population,
      note: u.note,
      validFrom: u.valid_from,
      validTo: u.valid_to,
      active: tree.isActiveOn(u.id, asOf),
      readOnly: scope ? scope.isReadOnly(u.id) : false,
      version: u.version,
    };
  }

  async list(scope: Scope, o: ListUnitsOptions) {
    const tree = scope.tree;
    const asOf = o.asOf ?? this.clock.today();
    const visible = scope.visibleUnitIds();
    const needle = o.search ? foldVietnamese(o.search.trim()) : '';
    const rows = [...tree.units.values()].filter((u) => {
      if (visible !== 'all' && !visible.has(u.id)) return false;
      if (!o.includeClosed && !tree.isActiveOn(u.id, asOf)) return false;
      if (needle) {
        const hay = foldVietnamese(`${u.code} ${u.name} ${u.short_name}`);
        if (!hay.includes(needle)) return false;
      }
      return true;
    });
    rows.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const start = (o.page - 1) * o.pageSize;
    return {
      items: rows.slice(start, start + o.pageSize).map((u) => this.toDto(tree, u, asOf, scope)),
      total: rows.length,
      page: o.page,
      pageSize: o.pageSize,
      asOf,
    };
  }

  async get(scope: Scope, id: string) {
    const tree = scope.tree;
    const u = tree.get(id);
    if (!u) throw notFound('unit_not_found');
    scope.assertSee(id);
    const today = this.clock.today();
    const asOf = tree.isActiveOn(id, today) ? today : (u.valid_to ?? today);
    const name = (x: string) => tree.get(x)?.name ?? x;
    const lineage = tree.lineage(id);
    const events = await this.repo.eventsFor([id, ...lineage.map((l) => l.id)]);
    // Succession events are stored on the successor; show them on the predecessors too.
    const succEventIds = [...tree.predecessors(id), ...tree.successors(id)].map((s) => s.event_id).filter((x): x is string => !!x);
    const extra = await this.repo.eventsByIds(succEventIds.filter((e) => !events.some((ev) => ev.id === e)));
    const all = [...events, ...extra].sort((a, b) => b.effective_date.localeCompare(a.effective_date));
    return {
      ...this.toDto(tree, u, asOf, scope),
      parents: tree.parentHistory(id).map((l) => ({ parentId: l.parent_id, parentName: name(l.parent_id), validFrom: l.valid_from, validTo: l.valid_to })),
      children: tree
        .childrenOn(id, asOf)
        .map((c) => tree.get(c)!)
        .filter((c) => scope.canSee(c.id))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
        .map((c) => this.toDto(tree, c, asOf, scope)),
      predecessors: tree.predecessors(id).map((s) => ({ id: s.predecessor_id, name: name(s.predecessor_id), effectiveDate: s.effective_date })),
      successors: tree.successors(id).map((s) => ({ id: s.successor_id, name: name(s.successor_id), effectiveDate: s.effective_date })),
      events: all.map((e) => ({
        id: e.id,
        kind: e.kind,
        effectiveDate: e.effective_date,
        unitId: e.unit_id,
        note: e.note,
        details: e.details ? JSON.parse(e.details) : null,
        createdAt: e.created_at,
        createdBy: e.created_by,
      })),
      lineage: lineage.map((l) => {
        const x = tree.get(l.id)!;
        return { id: l.id, name: x.name, validFrom: x.valid_from, validTo: x.valid_to, depth: l.depth };
      }),
    };
  }

  /** Units whose records roll up into `id` on date `asOf` (its subtree plus predecessors). */
  async rollupIds(id: string, asOf?: string): Promise<string[]> {
    const tree = await this.repo.tree();
    if (!tree.get(id)) throw notFound('unit_not_found');
    return [...tree.rollup(id, asOf ?? this.clock.today())];
  }

  async create(scope: Scope, ctx: Ctx, input: NewUnitInput): Promise<UnitDto> {
    const today = this.clock.today();
    const validFrom = input.validFrom ?? today;
    if (input.parentId) {
      scope.assertCan('unit.manage', input.parentId);
      if (!scope.tree.isActiveOn(input.parentId, validFrom)) {
        throw invalid('parent_inactive', `Đơn vị cấp trên không còn hoạt động vào ngày ${formatVnDate(validFrom)}. Hãy chọn đơn vị cấp trên khác.`);
      }
    } else if (!scope.isSystemAdmin) {
      throw invalid('parent_required', 'Trường «Đơn vị cấp trên»: bắt buộc phải chọn.');
    }
    scope.assertHas('unit.manage');
    const id = await tx(this.db, async (trx) => {
      const created = await this.insertNewUnit(trx, ctx, input, validFrom, 'create');
      await this.audit.record(trx, ctx, {
        action: 'unit.create',
        entityType: 'unit',
        entityId: created.id,
        summary: `Tạo đơn vị ${created.name} (${created.code})`,
        after: created,
      });
      await this.repo.bumpVersion(trx);
      return created.id;
    });
    const tree = await this.repo.tree();
    return this.toDto(tree, tree.get(id)!, today, null);
  }

  private async insertNewUnit(trx: Db, ctx: Ctx, input: Omit<NewUnitInput, 'validFrom'>, validFrom: string, eventKind: string | null) {
    if (await this.repo.findByCode(trx, input.code)) {
      throw conflict('unit_code_taken', `Mã đơn vị «${input.code}» đã được dùng. Hãy chọn mã khác.`);
    }
    const now = this.clock.now().toISOString();
    const row: UnitRow = {
      id: newId(),
      code: input.code,
      name: input.name,
      short_name: input.shortName,
      kind: input.kind,
      level: input.level ?? null,
      address: input.address ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      term: input.term ?? null,
      population: input.population ?? null,
      note: input.note ?? null,
      valid_from: validFrom,
      valid_to: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await this.repo.insertUnit(trx, row);
    if (input.parentId) {
      await this.repo.insertParent(trx, { id: newId(), unit_id: row.id, parent_id: input.parentId, valid_from: validFrom, valid_to: null });
    }
    if (eventKind) {
      await this.repo.insertEvent(trx, {
        id: newId(),
        kind: eventKind,
        effective_date: validFrom,
        unit_id: row.id,
        note: null,
        details: null,
        created_by: ctx.actor?.userId ?? null,
        created_at: now,
      });
    }
    return row;
  }

  /**
   * Creates a unit inside the caller's transaction, with its `create` event and audit entry
   * (used by the Excel import, which checks scope first and bumps the version once at the end).
   */
  async createInTx(trx: Db, ctx: Ctx, input: Omit<NewUnitInput, 'validFrom'>, validFrom: string, summarySuffix = ''): Promise<UnitRow> {
    const created = await this.insertNewUnit(trx, ctx, input, validFrom, 'create');
    await this.audit.record(trx, ctx, {
      action: 'unit.create',
      entityType: 'unit',
      entityId: created.id,
      summary: `Tạo đơn vị ${created.name} (${created.code})${summarySuffix}`,
      after: created,
    });
    return created;
  }

  /**
   * Updates descriptive fields of `before` inside the caller's transaction (optimistic on its version);
   * a name change records a `rename` event like `update`. Audited; the caller bumps the version.
   */
  async updateInTx(
    trx: Db,
    ctx: Ctx,
    before: UnitRow,
    fields: Partial<Pick<UnitRow, 'name' | 'short_name' | 'level' | 'address' | 'phone' | 'email' | 'term' | 'population' | 'note'>>,
    opts: { renameDate?: string; summarySuffix?: string } = {},
  ): Promise<UnitRow> {
    const ok = await this.repo.updateUnit(trx, before.id, before.version, { ...fields, updated_at: this.clock.now().toISOString() });
    if (!ok) throw conflict('version_conflict', `Đơn vị ${before.name} vừa được người khác sửa. Hãy tải lại rồi thử lại.`);
    if (fields.name && fields.name !== before.name) {
      await this.repo.insertEvent(trx, {
        id: newId(),
        kind: 'rename',
        effective_date: opts.renameDate ?? this.clock.today(),
        unit_id: before.id,
        note: null,
        details: JSON.stringify({ from: before.name, to: fields.name }),
        created_by: ctx.actor?.userId ?? null,
        created_at: this.clock.now().toISOString(),
      });
    }
    const after = (await this.repo.findById(trx, before.id))!;
    await this.audit.record(trx, ctx, {
      action: 'unit.update',
      entityType: 'unit',
      entityId: before.id,
      summary: `Sửa thông tin đơn vị ${after.name}${opts.summarySuffix ?? ''}`,
      before,
      after,
    });
    return after;
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateUnitInput): Promise<UnitDto> {
    const tree = scope.tree;
    const before = tree.get(id);
    if (!before) throw notFound('unit_not_found');
    scope.assertCan('unit.manage', id);
    const { version, renameDate, ...fields } = input;
    const patch: Record<string, unknown> = {};
    const map: Record<string, string> = { shortName: 'short_name' };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) patch[map[k] ?? k] = v;
    patch.updated_at = this.clock.now().toISOString();
    await tx(this.db, async (trx) => {
      const ok = await this.repo.updateUnit(trx, id, version, patch);
      if (!ok) {
        throw conflict('version_conflict', 'Đơn vị đã được người khác sửa. Hãy tải lại để xem bản mới nhất rồi sửa lại.');
      }
      if (fields.name && fields.name !== before.name) {
        await this.repo.insertEvent(trx, {
          id: newId(),
          kind: 'rename',
          effective_date: renameDate ?? this.clock.today(),
          unit_id: id,
          note: null,
          details: JSON.stringify({ from: before.name, to: fields.name }),
          created_by: ctx.actor?.userId ?? null,
          created_at: this.clock.now().toISOString(),
        });
      }
      const after = await this.repo.findById(trx, id);
      await this.audit.record(trx, ctx, { action: 'unit.update', entityType: 'unit', entityId: id, summary: `Sửa thông tin đơn vị ${after!.name}`, before, after });
      await this.repo.bumpVersion(trx);
    });
    const t = await this.repo.tree();
    return this.toDto(t, t.get(id)!, this.clock.today(), scope);
  }

  async move(scope: Scope, ctx: Ctx, id: string, parentId: string, effectiveDate: string): Promise<UnitDto> {
    const tree = scope.tree;
    const unit = tree.get(id);
    if (!unit || !tree.get(parentId)) throw notFound('unit_not_found');
    scope.assertCan('unit.manage', id);
    scope.assertCan('unit.manage', parentId);
    if (parentId === id || tree.isAncestorOn(id, parentId, effectiveDate)) {
      throw invalid('unit_cycle', 'Không thể chuyển đơn vị vào chính nó hoặc vào đơn vị cấp dưới của nó. Hãy chọn đơn vị cấp trên khác.');
    }
    if (!tree.isActiveOn(id, effectiveDate) || !tree.isActiveOn(parentId, effectiveDate)) {
      throw invalid('unit_inactive', `Đơn vị hoặc đơn vị cấp trên không hoạt động vào ngày ${formatVnDate(effectiveDate)}.`);
    }
    const oldParent = tree.parentOn(id, effectiveDate);
    if (oldParent === parentId) throw invalid('same_parent', 'Đơn vị đã trực thuộc đơn vị này. Không có gì thay đổi.');
    await tx(this.db, async (trx) => {
      const links = tree.parentHistory(id).filter((l) => !l.valid_to || l.valid_to >= effectiveDate);
      for (const l of links) {
        if (l.valid_from && l.valid_from >= effectiveDate) {
          throw invalid('move_before_link', `Đơn vị đã có thay đổi trực thuộc từ ngày ${formatVnDate(l.valid_from)}; ngày hiệu lực phải sau ngày đó.`);
        }
        await this.repo.endParentLink(trx, l.id, addDays(effectiveDate, -1));
      }
      await this.repo.insertParent(trx, { id: newId(), unit_id: id, parent_id: parentId, valid_from: effectiveDate, valid_to: null });
      const details = { fromParentId: oldParent, fromParentName: oldParent ? tree.get(oldParent)?.name : null, toParentId: parentId, toParentName: tree.get(parentId)!.name };
      await this.repo.insertEvent(trx, {
        id: newId(),
        kind: 'move',
        effective_date: effectiveDate,
        unit_id: id,
        note: null,
        details: JSON.stringify(details),
        created_by: ctx.actor?.userId ?? null,
        created_at: this.clock.now().toISOString(),
      });
      await this.audit.record(trx, ctx, {
        action: 'unit.move',
        entityType: 'unit',
        entityId: id,
        summary: `Chuyển ${unit.name} sang trực thuộc ${details.toParentName} từ ${formatVnDate(effectiveDate)}`,
        before: { parentId: oldParent },
        after: { parentId, effectiveDate },
      });
      await this.repo.bumpVersion(trx);
    });
    const t = await this.repo.tree();
    return this.toDto(t, t.get(id)!, effectiveDate, scope);
  }

  async close(scope: Scope, ctx: Ctx, id: string, effectiveDate: string, note: string | null): Promise<UnitDto> {
    const tree = scope.tree;
    const unit = tree.get(id);
    if (!unit) throw notFound('unit_not_found');
    scope.assertCan('unit.manage', id);
    await tx(this.db, async (trx) => {
      await this.closeUnit(trx, tree, unit, effectiveDate);
      await this.repo.insertEvent(trx, {
        id: newId(),
        kind: 'close',
        effective_date: effectiveDate,
        unit_id: id,
        note,
        details: null,
        created_by: ctx.actor?.userId ?? null,
        created_at: this.clock.now().toISOString(),
      });
      await this.audit.record(trx, ctx, {
        action: 'unit.close',
        entityType: 'unit',
        entityId: id,
        summary: `Kết thúc hoạt động đơn vị ${unit.name} từ ngày ${formatVnDate(effectiveDate)}`,
        before: { validTo: unit.valid_to },
        after: { validTo: effectiveDate, note },
      });
      await this.repo.bumpVersion(trx);
    });
    const t = await this.repo.tree();
    return this.toDto(t, t.get(id)!, effectiveDate, scope);
  }

  /** Ends a unit on `lastDay`: validity, parent link and role grants. Refuses if active children remain. */
  private async closeUnit(trx: Db, tree: UnitTree, unit: UnitRow, lastDay: string) {
    if (unit.valid_to && unit.valid_to < lastDay) {
      throw invalid('unit_already_closed', `Đơn vị ${unit.name} đã kết thúc hoạt động từ ngày ${formatVnDate(unit.valid_to)}.`);
    }
    if (unit.valid_from && unit.valid_from > lastDay) {
      throw invalid('close_before_start', `Ngày kết thúc phải sau ngày bắt đầu hoạt động của ${unit.name} (${formatVnDate(unit.valid_from)}).`);
    }
    const day = addDays(lastDay, 1);
    const activeChildren = tree.childrenOn(unit.id, day);
    if (activeChildren.length) {
      const names = activeChildren.slice(0, 3).map((c) => tree.get(c)!.name).join(', ');
      throw invalid(
        'unit_has_children',
        `Đơn vị ${unit.name} còn ${activeChildren.length} đơn vị trực thuộc đang hoạt động (${names}${activeChildren.length > 3 ? '…' : ''}). Hãy chuyển hoặc kết thúc các đơn vị đó trước.`,
      );
    }
    const ok = await this.repo.updateUnit(trx, unit.id, unit.version, { valid_to: lastDay, updated_at: this.clock.now().toISOString() });
    if (!ok) throw conflict('version_conflict', 'Đơn vị đã được người khác sửa. Hãy tải lại rồi thử lại.');
    for (const l of tree.parentHistory(unit.id)) {
      if (!l.valid_to || l.valid_to > lastDay) await this.repo.endParentLink(trx, l.id, lastDay);
    }
    await this.repo.endGrantsOfUnit(trx, unit.id, lastDay);
  }

  private async resolveTarget(trx: Db, scope: Scope, ctx: Ctx, t: SuccessorTarget, effectiveDate: string): Promise<UnitRow> {
    if ('existingId' in t) {
      const u = scope.tree.get(t.existingId);
      if (!u) throw notFound('unit_not_found');
      scope.assertCan('unit.manage', u.id);
      if (!scope.tree.isActiveOn(u.id, effectiveDate)) {
        throw invalid('unit_inactive', `Đơn vị kế thừa ${u.name} không hoạt động vào ngày ${formatVnDate(effectiveDate)}.`);
      }
      return u;
    }
    if (t.parentId) {
      if (!scope.tree.get(t.parentId)) throw notFound('unit_not_found');
      scope.assertCan('unit.manage', t.parentId);
      if (!scope.tree.isActiveOn(t.parentId, effectiveDate)) {
        throw invalid('parent_inactive', `Đơn vị cấp trên của đơn vị mới không hoạt động vào ngày ${formatVnDate(effectiveDate)}. Hãy chọn đơn vị cấp trên khác.`);
      }
    } else if (!scope.isSystemAdmin) throw invalid('parent_required', 'Trường «Đơn vị cấp trên» của đơn vị mới: bắt buộc phải chọn.');
    return this.insertNewUnit(trx, ctx, t, effectiveDate, null);
  }

  /** Several units merge into one (existing or new) from `effectiveDate`; sources end the day before. */
  async merge(scope: Scope, ctx: Ctx, input: MergeInput) {
    const tree = scope.tree;
    const sources = [...new Set(input.sourceIds)].map((sid) => {
      const u = tree.get(sid);
      if (!u) throw notFound('unit_not_found');
      scope.assertCan('unit.manage', sid);
      return u;
    });
    if ('existingId' in input.target && sources.some((s) => s.id === (input.target as { existingId: string }).existingId)) {
      throw invalid('merge_into_self', 'Đơn vị kế thừa không được nằm trong danh sách đơn vị bị hợp nhất.');
    }
    const lastDay = addDays(input.effectiveDate, -1);
    for (const s of sources) {
      if (!tree.isActiveOn(s.id, lastDay)) {
        throw invalid('unit_inactive', `Đơn vị ${s.name} không hoạt động vào ngày ${formatVnDate(lastDay)}, không thể hợp nhất.`);
      }
      if ('existingId' in input.target && tree.isAncestorOn(s.id, input.target.existingId, lastDay)) {
        throw invalid('unit_cycle', `Không thể hợp nhất ${s.name} vào đơn vị cấp dưới của nó. Hãy chọn đơn vị kế thừa khác.`);
      }
    }
    return this.recordSuccession(scope, ctx, 'merge', sources, [input.target], input.effectiveDate, input.note);
  }

  /** One unit splits into several (existing or new) from `effectiveDate`; the source ends the day before. */
  async split(scope: Scope, ctx: Ctx, input: SplitInput) {
    const tree = scope.tree;
    const src = tree.get(input.sourceId);
    if (!src) throw notFound('unit_not_found');
    scope.assertCan('unit.manage', src.id);
    if (input.targets.some((t) => 'existingId' in t && t.existingId === src.id)) {
      throw invalid('split_into_self', 'Đơn vị kế thừa không được là chính đơn vị bị chia tách.');
    }
    const existing = input.targets.flatMap((t) => ('existingId' in t ? [t.existingId] : []));
    if (new Set(existing).size !== existing.length) {
      throw invalid('duplicate_successor', 'Danh sách đơn vị kế thừa có đơn vị bị lặp lại. Hãy bỏ bớt dòng trùng.');
    }
    if (!tree.isActiveOn(src.id, addDays(input.effectiveDate, -1))) {
      throw invalid('unit_inactive', `Đơn vị ${src.name} không hoạt động trước ngày ${formatVnDate(input.effectiveDate)}.`);
    }
    return this.recordSuccession(scope, ctx, 'split', [src], input.targets, input.effectiveDate, input.note);
  }

  private async recordSuccession(
    scope: Scope,
    ctx: Ctx,
    kind: 'merge' | 'split',
    sources: UnitRow[],
    targets: SuccessorTarget[],
    effectiveDate: string,
    note: string | null,
  ) {
    const tree = scope.tree;
    const lastDay = addDays(effectiveDate, -1);
    for (const t of targets) {
      const parentId = 'existingId' in t ? null : t.parentId;
      if (parentId && sources.some((s) => tree.isAncestorOn(s.id, parentId, lastDay))) {
        throw invalid('invalid_parent', 'Đơn vị mới không thể trực thuộc đơn vị bị hợp nhất/chia tách hoặc đơn vị cấp dưới của nó. Hãy chọn đơn vị cấp trên khác.');
      }
    }
    const result = await tx(this.db, async (trx) => {
      const succ: UnitRow[] = [];
      for (const t of targets) succ.push(await this.resolveTarget(trx, scope, ctx, t, effectiveDate));
      // Children of a merged source follow the (first) successor; a split source must have none left.
      for (const s of sources) {
        const children = tree.childrenOn(s.id, effectiveDate);
        if (children.length && kind === 'split') {
          throw invalid('unit_has_children', `Đơn vị ${s.name} còn đơn vị trực thuộc. Hãy chuyển các đơn vị đó sang đơn vị mới trước khi chia tách.`);
        }
        for (const c of children) {
          const link = tree.parentHistory(c).find((l) => l.parent_id === s.id && (!l.valid_to || l.valid_to >= effectiveDate));
          if (link) await this.repo.endParentLink(trx, link.id, lastDay);
          await this.repo.insertParent(trx, { id: newId(), unit_id: c, parent_id: succ[0].id, valid_from: effectiveDate, valid_to: null });
        }
      }
      const eventId = newId();
      const details = {
        sources: sources.map((s) => ({ id: s.id, name: s.name })),
        successors: succ.map((s) => ({ id: s.id, name: s.name })),
      };
      await this.repo.insertEvent(trx, {
        id: eventId,
        kind,
        effective_date: effectiveDate,
        unit_id: kind === 'merge' ? succ[0].id : sources[0].id,
        note,
        details: JSON.stringify(details),
        created_by: ctx.actor?.userId ?? null,
        created_at: this.clock.now().toISOString(),
      });
      const fresh = await trx.selectFrom('units').selectAll().where('id', 'in', sources.map((s) => s.id)).execute();
      for (const s of fresh) {
        // Re-read: children moved above, so the source can close now.
        await this.closeUnitAfterMove(trx, s, lastDay);
        for (const t of succ) {
          if (tree.successors(s.id).some((x) => x.successor_id === t.id)) {
            throw conflict('succession_exists', `Đã ghi nhận ${t.name} kế thừa ${s.name} từ trước. Không ghi nhận lại.`);
          }
          await this.repo.insertSuccession(trx, { id: newId(), event_id: eventId, predecessor_id: s.id, successor_id: t.id, effective_date: effectiveDate });
        }
      }
      // Other modules carry the sources' open work over (tasks), in this transaction.
      await this.events.emit('units.succeeded', trx, { sourceIds: sources.map((s) => s.id), successorIds: succ.map((s) => s.id), effectiveDate }, ctx);
      await this.audit.record(trx, ctx, {
        action: `unit.${kind}`,
        entityType: 'unit',
        entityId: kind === 'merge' ? succ[0].id : sources[0].id,
        summary: `${UNIT_EVENT_LABELS[kind]}: ${sources.map((s) => s.name).join(', ')} → ${succ.map((s) => s.name).join(', ')} từ ngày ${formatVnDate(effectiveDate)}`,
        after: { ...details, effectiveDate, note },
      });
      await this.repo.bumpVersion(trx);
      return { eventId, successorIds: succ.map((s) => s.id) };
    });
    const t = await this.repo.tree();
    const [ev] = await this.repo.eventsByIds([result.eventId]);
    return {
      event: {
        id: ev.id,
        kind: ev.kind,
        effectiveDate: ev.effective_date,
        unitId: ev.unit_id,
        note: ev.note,
        details: ev.details ? JSON.parse(ev.details) : null,
        createdAt: ev.created_at,
        createdBy: ev.created_by,
      },
      successors: result.successorIds.map((id) => this.toDto(t, t.get(id)!, effectiveDate, null)),
    };
  }

  private async closeUnitAfterMove(trx: Db, unit: UnitRow, lastDay: string) {
    if (unit.valid_to && unit.valid_to < lastDay) {
      throw invalid('unit_already_closed', `Đơn vị ${unit.name} đã kết thúc hoạt động từ ngày ${formatVnDate(unit.valid_to)}.`);
    }
    await this.repo.updateUnit(trx, unit.id, unit.version, { valid_to: lastDay, updated_at: this.clock.now().toISOString() });
    const links = await trx.selectFrom('unit_parents').selectAll().where('unit_id', '=', unit.id).execute();
    for (const l of links) if (!l.valid_to || l.valid_to > lastDay) await this.repo.endParentLink(trx, l.id, lastDay);
    await this.repo.endGrantsOfUnit(trx, unit.id, lastDay);
  }
}
