import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import { formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { GoodModelTable, NewsImageTable } from '../../platform/db-schema.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Scope } from '../access/index.js';
import { reviewerUnits, selfLineage } from '../activities/activities.policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { imageDto, type NewsImages, bumpPortalVersion, PublicChanges, type SearchService, slugify } from '../news/index.js';
import type { NotificationsService } from '../notifications/index.js';
import type { UnitTree } from '../units/unit-tree.js';
import {
  fieldLabel,
  MODEL_CATEGORY_SLUGS,
  MODEL_FIELDS,
  MODEL_KIND_LABELS,
  MODEL_KINDS,
  MODEL_PATHS,
  MODEL_STATUS_LABELS,
  MODEL_STATUSES,
  type ModelKind,
  type ModelStatus,
} from './models.catalogue.js';
import type { CreateModelInput, ListModelsInput, ModelDto, ModelSummaryDto, PublicModelsInput, UpdateModelInput } from './models.schemas.js';

export type ModelRow = GoodModelTable;

const modelNotFound = () => notFound('model_not_found', 'Không tìm thấy mô hình, gương điển hình hoặc bạn không có quyền xem.');
const EVENT_LABELS: Record<string, string> = {
  created: 'Tạo hồ sơ đề xuất',
  updated: 'Sửa hồ sơ',
  submitted: 'Gửi đề xuất lên đơn vị cấp trên',
  accepted: 'Công nhận',
  returned: 'Trả lại để bổ sung',
  rejected: 'Không công nhận',
  public: 'Công khai trên trang thông tin',
  private: 'Thôi công khai',
  commendation: 'Ghi nhận khen thưởng',
  photo: 'Thêm ảnh',
};

/** The Vietnam calendar date of an instant. */
const vnDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);

export interface PublicProfile {
  row: ModelRow;
  unitName: string;
  photos: NewsImageTable[];
  stories: Array<{ id: string; title: string; sapo: string; url: string; publishedAt: string; coverImageId: string | null }>;
}

/**
 * The registry of good models (mô hình hay) and exemplary people (gương điển hình tiên tiến).
 * A unit nominates (news.edit or report.edit over it), the unit above reviews (the reviewer rule of
 * activity reports: leaders and officers of the parent, never the unit's own lineage); accepted and
 * public profiles appear on the public site and in search.
 */
export class ModelsService {
  private readonly publicChanges = new PublicChanges();

  constructor(
    private readonly d: {
      db: Db;
      images: NewsImages;
      search: SearchService;
      audit: AuditService;
      notifications: NotificationsService;
      clock: Clock;
      tree: () => Promise<UnitTree>;
    },
  ) {}

  /** Called after any change to what the public site shows (the portal drops its page cache). */
  onPublicChange(fn: () => void): void {
    this.publicChanges.on(fn);
  }

  catalogue() {
    return {
      kinds: MODEL_KINDS.map((k) => ({ key: k, label: MODEL_KIND_LABELS[k] })),
      fields: MODEL_FIELDS.map((f) => ({ key: f.key, label: f.label })),
      statuses: MODEL_STATUSES.map((s) => ({ key: s, label: MODEL_STATUS_LABELS[s] })),
    };
  }

  // ---- rules ----

  static canNominate(scope: Scope, unitId: string): boolean {
    return scope.can('news.edit', unitId) || scope.can('report.edit', unitId);
  }

  private reviewDate(row: ModelRow): string {
    return row.submitted_at ? vnDay(row.submitted_at) : this.d.clock.today();
  }

  /** The unit above reviews: never the nominating unit's own lineage (self-review). */
  canReview(scope: Scope, row: ModelRow): boolean {
    const acting = scope.actingUnitId;
    if (!acting) return false;
    if (selfLineage(scope.tree, row.unit_id).has(acting)) return false;
    if (scope.can('report.approve', row.unit_id)) return true;
    if (!scope.can('report.edit', row.unit_id)) return false;
    return reviewerUnits(scope.tree, row.unit_id, this.reviewDate(row), scope.today).includes(acting);
  }

  private canSeeRow(scope: Scope, row: ModelRow): boolean {
    if (!scope.canSee(row.unit_id)) return false;
    return row.status !== 'draft' || ModelsService.canNominate(scope, row.unit_id);
  }

  private can(scope: Scope, row: ModelRow): ModelDto['can'] {
    const nominator = ModelsService.canNominate(scope, row.unit_id);
    const editable = row.status === 'draft' || row.status === 'returned';
    const review = this.canReview(scope, row);
    return {
      edit: nominator && editable,
      submit: nominator && editable,
      review: review && row.status === 'submitted',
      setPublic: review && row.status === 'accepted',
      commend: (review || nominator) && row.status === 'accepted',
      delete: nominator && row.status === 'draft' && !row.submitted_at,
    };
  }

  private async visible(scope: Scope, id: string, db: Db = this.d.db): Promise<ModelRow> {
    const row = await db.selectFrom('good_models').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !this.canSeeRow(scope, row)) throw modelNotFound();
    return row;
  }

  // ---- dto ----

  private publicUrl(row: Pick<ModelRow, 'kind' | 'slug' | 'status' | 'is_public'>): string | null {
    return row.status === 'accepted' && row.is_public ? `${MODEL_PATHS[row.kind as ModelKind]}/${row.slug}` : null;
  }

  private async photoRows(db: Db, modelIds: string[]): Promise<Map<string, NewsImageTable[]>> {
    const out = new Map<string, NewsImageTable[]>();
    if (!modelIds.length) return out;
    const rows = await db
      .selectFrom('good_model_photos as p')
      .innerJoin('news_images as i', 'i.id', 'p.image_id')
      .selectAll('i')
      .select(['p.model_id', 'p.sort'])
      .where('p.model_id', 'in', modelIds)
      .orderBy('p.sort')
      .execute();
    for (const r of rows) {
      const { model_id, sort: _s, ...img } = r;
      out.set(model_id, [...(out.get(model_id) ?? []), img as NewsImageTable]);
    }
    return out;
  }

  private async storyRows(db: Db, modelId: string, publishedOnly: boolean) {
    let q = db
      .selectFrom('good_model_stories as s')
      .innerJoin('news_articles as a', 'a.id', 's.article_id')
      .leftJoin('news_sites as site', 'site.unit_id', 'a.unit_id')
      .select(['a.id', 'a.title', 'a.sapo', 'a.slug', 'a.status', 'a.unit_id', 'a.published_at', 'a.cover_image_id', 'site.slug as site'])
      .where('s.model_id', '=', modelId);
    if (publishedOnly) q = q.where('a.status', '=', 'published');
    const rows = await q.orderBy('a.published_at', 'desc').execute();
    return rows.map((r) => ({ ...r, url: r.status === 'published' ? `/don-vi/${r.site ?? r.unit_id}/${r.slug}` : null }));
  }

  private commendation(row: ModelRow): ModelDto['commendation'] {
    return row.honour_form && row.honour_doc_number && row.honour_doc_date ? { form: row.honour_form, docNumber: row.honour_doc_number, docDate: row.honour_doc_date } : null;
  }

  private async dto(scope: Scope, id: string, db: Db = this.d.db): Promise<ModelDto> {
    const row = await db.selectFrom('good_models').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const tree = scope.tree;
    const photos = (await this.photoRows(db, [id])).get(id) ?? [];
    const stories = await this.storyRows(db, id, false);
    return {
      id: row.id,
      unitId: row.unit_id,
      unitName: tree.get(row.unit_id)?.name ?? '',
      kind: row.kind as ModelKind,
      kindLabel: MODEL_KIND_LABELS[row.kind as ModelKind],
      field: row.field,
      fieldLabel: fieldLabel(row.field),
      name: row.name,
      slug: row.slug,
      place: row.place,
      summary: row.summary,
      description: row.description,
      achievements: splitLines(row.achievements),
      year: row.year,
      status: row.status as ModelStatus,
      statusLabel: MODEL_STATUS_LABELS[row.status as ModelStatus],
      isPublic: !!row.is_public,
      commendation: this.commendation(row),
      reviewComment: row.review_comment,
      reviewerUnitId: row.reviewer_unit_id,
      reviewerUnitName: row.reviewer_unit_id ? (tree.get(row.reviewer_unit_id)?.name ?? null) : null,
      reviewedAt: row.reviewed_at,
      submittedAt: row.submitted_at,
      publishedAt: row.published_at,
      photos: photos.map(imageDto),
      stories: stories.map((s) => ({ id: s.id, title: s.title, publicUrl: s.url })),
      publicUrl: this.publicUrl(row),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
      can: this.can(scope, row),
    };
  }

  private summaries(tree: UnitTree, rows: ModelRow[], photos: Map<string, NewsImageTable[]>): ModelSummaryDto[] {
    return rows.map((r) => {
      const p = photos.get(r.id)?.[0];
      return {
        id: r.id,
        unitId: r.unit_id,
        unitName: tree.get(r.unit_id)?.name ?? '',
        kind: r.kind as ModelKind,
        kindLabel: MODEL_KIND_LABELS[r.kind as ModelKind],
        field: r.field,
        fieldLabel: fieldLabel(r.field),
        name: r.name,
        slug: r.slug,
        place: r.place,
        summary: r.summary,
        year: r.year,
        status: r.status as ModelStatus,
        statusLabel: MODEL_STATUS_LABELS[r.status as ModelStatus],
        isPublic: !!r.is_public,
        publicUrl: this.publicUrl(r),
        submittedAt: r.submitted_at,
        updatedAt: r.updated_at,
        photo: p ? imageDto(p) : null,
      };
    });
  }

  // ---- reads ----

  async get(scope: Scope, id: string): Promise<ModelDto> {
    await this.visible(scope, id);
    return this.dto(scope, id);
  }

  async list(scope: Scope, q: ListModelsInput) {
    const tree = scope.tree;
    const visible = scope.visibleUnitIds();
    let units: string[] | null = visible === 'all' ? null : [...visible];
    if (q.unitId) {
      if (!scope.canSee(q.unitId)) throw notFound('unit_not_found');
      const roll = [...tree.rollup(q.unitId, scope.today)];
      units = units ? roll.filter((u) => (visible as Set<string>).has(u)) : roll;
    }
    let rows = await this.d.db
      .selectFrom('good_models')
      .selectAll()
      .$if(!!units, (qb) => qb.where('unit_id', 'in', units!.length ? units! : ['-']))
      .$if(!!q.status, (qb) => qb.where('status', '=', q.status!))
      .$if(!!q.kind, (qb) => qb.where('kind', '=', q.kind!))
      .$if(!!q.field, (qb) => qb.where('field', '=', q.field!))
      .$if(!!q.year, (qb) => qb.where('year', '=', q.year!))
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .execute();
    rows = rows.filter((r) => this.canSeeRow(scope, r));
    if (q.reviewable === 'true') rows = rows.filter((r) => r.status === 'submitted' && this.canReview(scope, r));
    if (q.search?.trim()) {
      const words = foldVietnamese(q.search).split(/\s+/).filter(Boolean);
      rows = rows.filter((r) => {
        const hay = foldVietnamese(`${r.name} ${r.place} ${r.summary}`);
        return words.every((w) => hay.includes(w));
      });
    }
    const total = rows.length;
    const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const photos = await this.photoRows(this.d.db, page.map((r) => r.id));
    return { items: this.summaries(tree, page, photos), total, page: q.page, pageSize: q.pageSize };
  }

  async history(scope: Scope, id: string) {
    await this.visible(scope, id);
    const rows = await this.d.db
      .selectFrom('good_model_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.kind', 'e.comment', 'e.acting_unit_id', 'e.at', 'u.full_name'])
      .where('e.model_id', '=', id)
      .orderBy('e.seq')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      label: EVENT_LABELS[r.kind] ?? r.kind,
      comment: r.comment,
      userName: r.full_name ?? null,
      actingUnitName: r.acting_unit_id ? (scope.tree.get(r.acting_unit_id)?.name ?? null) : null,
      at: r.at,
    }));
  }

  // ---- writes ----

  private async freeSlug(trx: Db, base: string, exceptId?: string): Promise<string> {
    const root = base || 'mo-hinh';
    for (let i = 1; ; i++) {
      const slug = i === 1 ? root : `${root}-${i}`;
      const hit = await trx.selectFrom('good_models').select('id').where('slug', '=', slug).executeTakeFirst();
      if (!hit || hit.id === exceptId) return slug;
    }
  }

  private async checkStories(scope: Scope, trx: Db, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const rows = await trx.selectFrom('news_articles').select(['id', 'unit_id']).where('id', 'in', [...new Set(ids)]).execute();
    for (const [i, sid] of ids.entries()) {
      const r = rows.find((x) => x.id === sid);
      if (!r || !scope.canSee(r.unit_id)) throw invalid('story_not_found', `Trường «Tin bài liên quan (storyIds.${i})»: không tìm thấy tin bài «${sid}».`, [{ field: `storyIds.${i}`, message: 'không tìm thấy tin bài' }]);
    }
  }

  private async event(trx: Db, scope: Scope, ctx: Ctx, modelId: string, kind: string, comment: string | null = null): Promise<void> {
    const last = await trx.selectFrom('good_model_events').select((eb) => eb.fn.max('seq').as('m')).where('model_id', '=', modelId).executeTakeFirst();
    await trx
      .insertInto('good_model_events')
      .values({ id: newId(), model_id: modelId, seq: Number(last?.m ?? 0) + 1, kind, comment, user_id: ctx.actor?.userId ?? null, acting_unit_id: scope.actingUnitId, at: this.d.clock.now().toISOString() })
      .execute();
  }

  async create(scope: Scope, ctx: Ctx, input: CreateModelInput): Promise<ModelDto> {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('forbidden', 'Bạn cần chọn đơn vị làm việc trước khi đề xuất mô hình, gương điển hình.');
    scope.assertSee(unitId);
    if (!ModelsService.canNominate(scope, unitId)) throw forbidden('forbidden', 'Bạn không có quyền đề xuất mô hình, gương điển hình cho đơn vị này.');
    const now = this.d.clock.now().toISOString();
    const id = newId();
    await tx(this.d.db, async (trx) => {
      await this.checkStories(scope, trx, input.storyIds ?? []);
      const c = input.commendation ?? null;
      await trx
        .insertInto('good_models')
        .values({
          id,
          unit_id: unitId,
          kind: input.kind,
          field: input.field,
          name: input.name,
          slug: await this.freeSlug(trx, slugify(input.name)),
          place: input.place,
          summary: input.summary ?? '',
          description: input.description ?? '',
          achievements: (input.achievements ?? []).join('\n'),
          year: input.year,
          status: 'draft',
          is_public: 0,
          honour_form: c?.form ?? null,
          honour_doc_number: c?.docNumber ?? null,
          honour_doc_date: c?.docDate ?? null,
          review_comment: null,
          reviewed_by: null,
          reviewer_unit_id: null,
          reviewed_at: null,
          submitted_at: null,
          published_at: null,
          created_by: ctx.actor?.userId ?? null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      for (const sid of new Set(input.storyIds ?? [])) await trx.insertInto('good_model_stories').values({ model_id: id, article_id: sid }).execute();
      await this.event(trx, scope, ctx, id, 'created');
      await this.d.audit.record(trx, ctx, { action: 'model.create', entityType: 'good_model', entityId: id, summary: `Đề xuất ${MODEL_KIND_LABELS[input.kind].toLowerCase()} «${input.name.slice(0, 200)}»`, after: { unitId } });
    });
    return this.dto(scope, id);
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateModelInput): Promise<ModelDto> {
    return tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!ModelsService.canNominate(scope, row.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền sửa hồ sơ của đơn vị này.');
      if (row.status !== 'draft' && row.status !== 'returned') throw conflict('model_not_editable', `Hồ sơ đang ở trạng thái «${MODEL_STATUS_LABELS[row.status as ModelStatus]}» nên không sửa được.`);
      if (input.version !== row.version) throw conflict('version_conflict', 'Hồ sơ đã được người khác sửa. Hãy tải lại để xem bản mới nhất; nội dung bạn vừa nhập chưa được lưu.', { currentVersion: row.version });
      if (input.storyIds) await this.checkStories(scope, trx, input.storyIds);
      const set: Partial<ModelRow> = { updated_at: this.d.clock.now().toISOString(), version: row.version + 1 };
      if (input.kind) set.kind = input.kind;
      if (input.field) set.field = input.field;
      if (input.name && input.name !== row.name) {
        set.name = input.name;
        set.slug = await this.freeSlug(trx, slugify(input.name), id);
      }
      if (input.place) set.place = input.place;
      if (input.summary !== undefined) set.summary = input.summary;
      if (input.description !== undefined) set.description = input.description;
      if (input.achievements) set.achievements = input.achievements.join('\n');
      if (input.year) set.year = input.year;
      if (input.commendation !== undefined) {
        set.honour_form = input.commendation?.form ?? null;
        set.honour_doc_number = input.commendation?.docNumber ?? null;
        set.honour_doc_date = input.commendation?.docDate ?? null;
      }
      await trx.updateTable('good_models').set(set).where('id', '=', id).execute();
      if (input.storyIds) {
        await trx.deleteFrom('good_model_stories').where('model_id', '=', id).execute();
        for (const sid of new Set(input.storyIds)) await trx.insertInto('good_model_stories').values({ model_id: id, article_id: sid }).execute();
      }
      await this.event(trx, scope, ctx, id, 'updated');
      await this.d.audit.record(trx, ctx, { action: 'model.update', entityType: 'good_model', entityId: id, summary: `Sửa hồ sơ «${(input.name ?? row.name).slice(0, 200)}»` });
      return this.dto(scope, id, trx);
    });
  }

  async remove(scope: Scope, ctx: Ctx, id: string): Promise<void> {
    await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!this.can(scope, row).delete) {
        if (!ModelsService.canNominate(scope, row.unit_id)) throw forbidden('forbidden');
        throw conflict('model_not_deletable', 'Chỉ xóa được hồ sơ nháp chưa từng gửi đề xuất.');
      }
      await trx.deleteFrom('good_model_photos').where('model_id', '=', id).execute();
      await trx.deleteFrom('good_model_stories').where('model_id', '=', id).execute();
      await trx.deleteFrom('good_model_events').where('model_id', '=', id).execute();
      await trx.deleteFrom('good_models').where('id', '=', id).execute();
      await this.d.audit.record(trx, ctx, { action: 'model.delete', entityType: 'good_model', entityId: id, summary: `Xóa hồ sơ nháp «${row.name.slice(0, 200)}»` });
    });
  }

  async submit(scope: Scope, ctx: Ctx, id: string): Promise<ModelDto> {
    return tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!ModelsService.canNominate(scope, row.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền gửi đề xuất của đơn vị này.');
      if (row.status !== 'draft' && row.status !== 'returned') throw conflict('model_wrong_status', `Hồ sơ đang ở trạng thái «${MODEL_STATUS_LABELS[row.status as ModelStatus]}», không gửi đề xuất được.`);
      const missing: Array<{ field: string; message: string }> = [];
      if (!row.summary.trim()) missing.push({ field: 'summary', message: '«Tóm tắt» chưa có' });
      if (!row.description.trim()) missing.push({ field: 'description', message: '«Mô tả» chưa có' });
      if (missing.length) throw invalid('model_incomplete', `Hồ sơ chưa đủ để gửi đề xuất: ${missing.map((m) => m.message).join('; ')}.`, missing);
      const now = this.d.clock.now().toISOString();
      await trx.updateTable('good_models').set({ status: 'submitted', submitted_at: now, updated_at: now, version: row.version + 1 }).where('id', '=', id).execute();
      await this.event(trx, scope, ctx, id, 'submitted');
      for (const u of reviewerUnits(scope.tree, row.unit_id, vnDay(now), scope.today)) {
        await this.d.notifications.notify(trx, { unitId: u, kind: 'model.submitted', title: `Đề xuất ${MODEL_KIND_LABELS[row.kind as ModelKind].toLowerCase()} chờ xét duyệt: ${row.name.slice(0, 150)}`, entityType: 'good_model', entityId: id });
      }
      await this.d.audit.record(trx, ctx, { action: 'model.submit', entityType: 'good_model', entityId: id, summary: `Gửi đề xuất «${row.name.slice(0, 200)}»` });
      return this.dto(scope, id, trx);
    });
  }

  private async review(scope: Scope, ctx: Ctx, id: string, to: 'accepted' | 'returned' | 'rejected', comment: string | null, extra: { isPublic?: boolean; commendation?: { form: string; docNumber: string; docDate: string } | null } = {}) {
    let live = false;
    const dto = await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!this.canReview(scope, row)) throw forbidden('forbidden', 'Chỉ lãnh đạo, cán bộ của đơn vị cấp trên trực tiếp mới xét duyệt đề xuất này; đơn vị không tự xét đề xuất của mình.');
      if (row.status !== 'submitted') throw conflict('model_wrong_status', `Hồ sơ đang ở trạng thái «${MODEL_STATUS_LABELS[row.status as ModelStatus]}», không xét duyệt được.`);
      const now = this.d.clock.now().toISOString();
      const set: Partial<ModelRow> = { status: to, review_comment: comment, reviewed_by: ctx.actor?.userId ?? null, reviewer_unit_id: scope.actingUnitId, reviewed_at: now, updated_at: now, version: row.version + 1 };
      if (to === 'accepted') {
        set.is_public = extra.isPublic === false ? 0 : 1;
        if (set.is_public) set.published_at = row.published_at ?? now;
        if (extra.commendation) {
          set.honour_form = extra.commendation.form;
          set.honour_doc_number = extra.commendation.docNumber;
          set.honour_doc_date = extra.commendation.docDate;
        }
      }
      await trx.updateTable('good_models').set(set).where('id', '=', id).execute();
      await this.event(trx, scope, ctx, id, to, comment);
      const title =
        to === 'accepted' ? `Đã công nhận: ${row.name.slice(0, 150)}` : to === 'returned' ? `Đề xuất được trả lại để bổ sung: ${row.name.slice(0, 150)}` : `Đề xuất không được công nhận: ${row.name.slice(0, 150)}`;
      if (row.created_by) await this.d.notifications.notify(trx, { userIds: [row.created_by], kind: `model.${to}`, title, body: comment, entityType: 'good_model', entityId: id });
      await this.d.audit.record(trx, ctx, { action: `model.${to === 'accepted' ? 'accept' : to === 'returned' ? 'return' : 'reject'}`, entityType: 'good_model', entityId: id, summary: `${EVENT_LABELS[to]} «${row.name.slice(0, 200)}»${comment ? `: ${comment.slice(0, 300)}` : ''}` });
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
      return this.dto(scope, id, trx);
    });
    if (live) this.publicChanges.notify();
    return dto;
  }

  accept(scope: Scope, ctx: Ctx, id: string, body: { comment?: string | null; isPublic?: boolean; commendation?: { form: string; docNumber: string; docDate: string } | null }) {
    return this.review(scope, ctx, id, 'accepted', body.comment ?? null, body);
  }
  returnModel(scope: Scope, ctx: Ctx, id: string, comment: string) {
    return this.review(scope, ctx, id, 'returned', comment);
  }
  reject(scope: Scope, ctx: Ctx, id: string, comment: string) {
    return this.review(scope, ctx, id, 'rejected', comment);
  }

  async setPublic(scope: Scope, ctx: Ctx, id: string, isPublic: boolean): Promise<ModelDto> {
    const dto = await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!this.canReview(scope, row)) throw forbidden('forbidden', 'Chỉ đơn vị cấp trên đã xét duyệt mới đổi được chế độ công khai.');
      if (row.status !== 'accepted') throw conflict('model_not_accepted', 'Chỉ hồ sơ đã được công nhận mới công khai được trên trang thông tin.');
      const now = this.d.clock.now().toISOString();
      await trx
        .updateTable('good_models')
        .set({ is_public: isPublic ? 1 : 0, published_at: isPublic ? (row.published_at ?? now) : row.published_at, updated_at: now, version: row.version + 1 })
        .where('id', '=', id)
        .execute();
      await this.event(trx, scope, ctx, id, isPublic ? 'public' : 'private');
      await this.d.audit.record(trx, ctx, { action: 'model.public', entityType: 'good_model', entityId: id, summary: `${isPublic ? 'Công khai' : 'Thôi công khai'} «${row.name.slice(0, 200)}»` });
      await this.reindex(trx, id);
      await bumpPortalVersion(trx, this.d.clock);
      return this.dto(scope, id, trx);
    });
    this.publicChanges.notify();
    return dto;
  }

  async setCommendation(scope: Scope, ctx: Ctx, id: string, c: { form: string; docNumber: string; docDate: string } | null): Promise<ModelDto> {
    let live = false;
    const dto = await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!this.can(scope, row).commend) {
        if (row.status !== 'accepted') throw conflict('model_not_accepted', 'Chỉ ghi nhận khen thưởng cho hồ sơ đã được công nhận.');
        throw forbidden('forbidden');
      }
      await trx
        .updateTable('good_models')
        .set({ honour_form: c?.form ?? null, honour_doc_number: c?.docNumber ?? null, honour_doc_date: c?.docDate ?? null, updated_at: this.d.clock.now().toISOString(), version: row.version + 1 })
        .where('id', '=', id)
        .execute();
      await this.event(trx, scope, ctx, id, 'commendation', c ? `${c.form}, Quyết định số ${c.docNumber} ngày ${formatVnDate(c.docDate)}` : null);
      await this.d.audit.record(trx, ctx, { action: 'model.commendation', entityType: 'good_model', entityId: id, summary: `Ghi nhận khen thưởng «${row.name.slice(0, 200)}»`, after: c });
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
      return this.dto(scope, id, trx);
    });
    if (live) this.publicChanges.notify();
    return dto;
  }

  async addPhoto(scope: Scope, ctx: Ctx, id: string, upload: { buffer: Buffer; filename: string; alt?: string; caption?: string }): Promise<ModelDto> {
    const row = await this.visible(scope, id);
    const can = this.can(scope, row);
    if (!can.edit && !can.setPublic) throw forbidden('forbidden', 'Bạn không có quyền thêm ảnh cho hồ sơ này.');
    // Checks type (by content), size, pixels, width and alt, makes the WebP/JPEG variants (news images).
    const img = await this.d.images.upload(scope, ctx, { ...upload, unitId: row.unit_id });
    let live = false;
    const dto = await tx(this.d.db, async (trx) => {
      const n = await trx.selectFrom('good_model_photos').select((eb) => eb.fn.max('sort').as('m')).where('model_id', '=', id).executeTakeFirst();
      const count = await trx.selectFrom('good_model_photos').select((eb) => eb.fn.countAll<number>().as('n')).where('model_id', '=', id).executeTakeFirstOrThrow();
      if (Number(count.n) >= 12) throw invalid('too_many_photos', 'Mỗi hồ sơ có tối đa 12 ảnh.');
      await trx.insertInto('good_model_photos').values({ model_id: id, image_id: img.id, sort: Number(n?.m ?? 0) + 1 }).execute();
      await trx.updateTable('good_models').set({ updated_at: this.d.clock.now().toISOString() }).where('id', '=', id).execute();
      await this.event(trx, scope, ctx, id, 'photo', img.alt);
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
      return this.dto(scope, id, trx);
    });
    if (live) this.publicChanges.notify();
    return dto;
  }

  async removePhoto(scope: Scope, ctx: Ctx, id: string, imageId: string): Promise<ModelDto> {
    let live = false;
    const dto = await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      const can = this.can(scope, row);
      if (!can.edit && !can.setPublic) throw forbidden('forbidden', 'Bạn không có quyền bỏ ảnh của hồ sơ này.');
      const r = await trx.deleteFrom('good_model_photos').where('model_id', '=', id).where('image_id', '=', imageId).executeTakeFirst();
      if (!Number(r.numDeletedRows)) throw notFound('photo_not_found', 'Hồ sơ không có ảnh này.');
      await this.d.audit.record(trx, ctx, { action: 'model.photo.remove', entityType: 'good_model', entityId: id, summary: `Bỏ ảnh khỏi hồ sơ «${row.name.slice(0, 200)}»` });
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
      return this.dto(scope, id, trx);
    });
    if (live) this.publicChanges.notify();
    return dto;
  }

  // ---- search index ----

  /** Indexes a published profile (accepted and public) or removes it; true when it is (or was) public. */
  async reindex(trx: Db, id: string): Promise<boolean> {
    const row = await trx.selectFrom('good_models').selectAll().where('id', '=', id).executeTakeFirst();
    const wasIndexed = !!(await trx.selectFrom('search_docs').select('id').where('id', '=', `model:${id}`).executeTakeFirst());
    if (row?.status !== 'accepted' || !row.is_public) {
      if (wasIndexed) await this.d.search.remove(trx, 'model', id);
      return wasIndexed;
    }
    const cat = await trx.selectFrom('news_categories').select('id').where('slug', '=', MODEL_CATEGORY_SLUGS[row.kind as ModelKind]).executeTakeFirst();
    const photo = await trx.selectFrom('good_model_photos').select('image_id').where('model_id', '=', id).orderBy('sort').limit(1).executeTakeFirst();
    await this.d.search.index(trx, {
      kind: 'model',
      refId: id,
      unitId: row.unit_id,
      categoryId: cat?.id ?? null,
      title: row.name,
      summary: row.summary,
      body: sentences([row.description, ...splitLines(row.achievements), row.place, fieldLabel(row.field), row.honour_form ?? '']),
      url: `${MODEL_PATHS[row.kind as ModelKind]}/${row.slug}`,
      imageId: photo?.image_id ?? null,
      publishedAt: row.published_at ?? row.updated_at,
    });
    return true;
  }

  // ---- public ----

  private publicQuery(db: Db) {
    return db.selectFrom('good_models').where('status', '=', 'accepted').where('is_public', '=', 1);
  }

  /** Published profiles (accepted and public) with filters, newest recognition first. */
  async publicList(q: PublicModelsInput & { unitIds?: string[] }) {
    const tree = await this.d.tree();
    let units: string[] | undefined = q.unitIds;
    if (q.unitId) units = tree.get(q.unitId) ? [...tree.rollup(q.unitId, this.d.clock.today())] : [];
    const base = this.publicQuery(this.d.db)
      .$if(!!q.kind, (qb) => qb.where('kind', '=', q.kind!))
      .$if(!!q.field, (qb) => qb.where('field', '=', q.field!))
      .$if(!!q.year, (qb) => qb.where('year', '=', q.year!))
      .$if(!!units, (qb) => qb.where('unit_id', 'in', units!.length ? units! : ['-']));
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .selectAll()
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const photos = await this.photoRows(this.d.db, rows.map((r) => r.id));
    return { items: this.summaries(tree, rows, photos), rows, photos, total, page: q.page, pageSize: q.pageSize };
  }

  /** Filter values present among published profiles (years, units) for the public filters. */
  async publicFacets(kind?: ModelKind) {
    const rows = await this.publicQuery(this.d.db)
      .select(['unit_id', 'year', 'field'])
      .$if(!!kind, (qb) => qb.where('kind', '=', kind!))
      .execute();
    const tree = await this.d.tree();
    return {
      years: [...new Set(rows.map((r) => r.year))].sort((a, b) => b - a),
      units: [...new Set(rows.map((r) => r.unit_id))].map((id) => ({ id, name: tree.get(id)?.name ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      fields: MODEL_FIELDS.filter((f) => rows.some((r) => r.field === f.key)).map((f) => ({ key: f.key, label: f.label })),
    };
  }

  async publicProfile(kind: ModelKind, slug: string): Promise<PublicProfile | null> {
    const row = await this.publicQuery(this.d.db).selectAll().where('kind', '=', kind).where('slug', '=', slug).executeTakeFirst();
    if (!row) return null;
    const tree = await this.d.tree();
    const photos = (await this.photoRows(this.d.db, [row.id])).get(row.id) ?? [];
    const stories = (await this.storyRows(this.d.db, row.id, true)).map((s) => ({ id: s.id, title: s.title, sapo: s.sapo, url: s.url!, publishedAt: s.published_at ?? '', coverImageId: s.cover_image_id }));
    return { row, unitName: tree.get(row.unit_id)?.name ?? '', photos, stories };
  }

  /** A photo of a published profile (the public image route answers it). */
  async publicPhoto(imageId: string): Promise<NewsImageTable | undefined> {
    return this.d.db
      .selectFrom('news_images as i')
      .selectAll('i')
      .where('i.id', '=', imageId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('good_model_photos as p')
            .innerJoin('good_models as m', 'm.id', 'p.model_id')
            .select('p.model_id')
            .whereRef('p.image_id', '=', 'i.id')
            .where('m.status', '=', 'accepted')
            .where('m.is_public', '=', 1),
        ),
      )
      .executeTakeFirst();
  }

  async sitemapEntries(): Promise<Array<{ url: string; lastmod: string }>> {
    const rows = await this.publicQuery(this.d.db).select(['kind', 'slug', 'updated_at']).orderBy('published_at', 'desc').execute();
    return rows.map((r) => ({ url: `${MODEL_PATHS[r.kind as ModelKind]}/${r.slug}`, lastmod: r.updated_at }));
  }

  /**
   * Recognised (accepted) good models and exemplary people of every unit that has any, by unit and kind,
   * with how many are public (the dashboard buckets them by its units; a few rows per unit at most).
   */
  async recognisedByUnit(): Promise<Array<{ unitId: string; kind: ModelKind; n: number; published: number }>> {
    const rows = await this.d.db
      .selectFrom('good_models')
      .select(['unit_id', 'kind', sql<number>`count(*)`.as('n'), sql<number>`sum(is_public)`.as('p')])
      .where('status', '=', 'accepted')
      .groupBy(['unit_id', 'kind'])
      .execute();
    return rows.map((r) => ({ unitId: r.unit_id, kind: r.kind as ModelKind, n: Number(r.n), published: Number(r.p ?? 0) }));
  }

  /**
   * Recognised good models and exemplary people (accepted) nominated by each of `unitIds` (for the
   * dashboard): `{ [unitId]: { model, person, total, published } }`, zeros for units without any.
   */
  async countByUnit(unitIds: string[]): Promise<Record<string, { model: number; person: number; total: number; published: number }>> {
    const out: Record<string, { model: number; person: number; total: number; published: number }> = {};
    for (const u of unitIds) out[u] = { model: 0, person: 0, total: 0, published: 0 };
    if (!unitIds.length) return out;
    const rows = await this.d.db
      .selectFrom('good_models')
      .select(['unit_id', 'kind', sql<number>`count(*)`.as('n'), sql<number>`sum(is_public)`.as('p')])
      .where('status', '=', 'accepted')
      .where('unit_id', 'in', unitIds)
      .groupBy(['unit_id', 'kind'])
      .execute();
    for (const r of rows) {
      const o = out[r.unit_id];
      const n = Number(r.n);
      if (r.kind === 'model') o.model += n;
      else o.person += n;
      o.total += n;
      o.published += Number(r.p ?? 0);
    }
    return out;
  }
}

/** Texts joined for the search index, each ending as a sentence (snippets read "…đường. Phổ cập…"). */
export function sentences(parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/[.!?…:;]$/.test(p) ? p : `${p}.`))
    .join('\n');
}

export function splitLines(s: string): string[] {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Plain paragraphs separated by blank lines. */
export function paragraphs(s: string): string[] {
  return s
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
