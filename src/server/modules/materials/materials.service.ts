import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { FileTable, MaterialTable } from '../../platform/db-schema.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { FILE_KINDS, type FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { bumpPortalVersion, PublicChanges, type SearchService } from '../news/index.js';
import type { UnitTree } from '../units/unit-tree.js';
import {
  MATERIAL_FILE_KINDS,
  MATERIAL_KIND_LABELS,
  MATERIAL_KINDS,
  type MaterialKind,
  PUBLIC_DOWNLOADER,
  PUBLIC_DOWNLOADER_LABEL,
  VISIBILITIES,
  VISIBILITY_LABELS,
  type Visibility,
} from './materials.catalogue.js';
import type { ListMaterialsInput, MaterialDto, MaterialFieldsInput, MaterialSummaryDto, PublicMaterialsInput, UpdateMaterialInput } from './materials.schemas.js';

export type MaterialRow = MaterialTable;

const materialNotFound = () => notFound('material_not_found', 'Không tìm thấy tài liệu hoặc bạn không có quyền xem.');
const typeLabel = (mime: string) => Object.values(FILE_KINDS).find((k) => k.mime === mime)?.label ?? mime;
const fileInfo = (f: Pick<FileTable, 'name' | 'size' | 'mime'>) => ({ name: f.name, size: f.size, mime: f.mime, typeLabel: typeLabel(f.mime) });

export interface UploadedFile {
  buffer: Buffer;
  filename: string;
}

/**
 * The materials library: documents, infographics, slides, leaflets, Q&A sheets and audio. Files are
 * checked by content and size (FileStore); a new file adds a version and keeps the old ones. Public
 * materials are on the public site and in search; internal ones only for signed-in people who see
 * the unit. Downloads are counted per downloading unit (the acting unit; "Người dân" when not signed in).
 */
export class MaterialsService {
  private readonly publicChanges = new PublicChanges();

  constructor(
    private readonly d: {
      db: Db;
      files: FileStore;
      search: SearchService;
      audit: AuditService;
      clock: Clock;
      tree: () => Promise<UnitTree>;
      maxUploadBytes: number;
    },
  ) {}

  get maxUploadBytes(): number {
    return this.d.maxUploadBytes;
  }

  /** Called after any change to what the public site shows (the portal drops its page cache). */
  onPublicChange(fn: () => void): void {
    this.publicChanges.on(fn);
  }

  catalogue() {
    return {
      kinds: MATERIAL_KINDS.map((k) => ({ key: k, label: MATERIAL_KIND_LABELS[k], fileTypes: MATERIAL_FILE_KINDS[k].map((f) => FILE_KINDS[f].label) })),
      visibilities: VISIBILITIES.map((v) => ({ key: v, label: VISIBILITY_LABELS[v] })),
      maxUploadBytes: this.d.maxUploadBytes,
    };
  }

  // ---- rules ----

  static canEdit(scope: Scope, unitId: string): boolean {
    return scope.can('news.edit', unitId);
  }

  /** Public (not archived): anyone. Internal: signed-in people who see the unit. Archived: editors only. */
  static canSee(scope: Scope | null, row: Pick<MaterialRow, 'unit_id' | 'visibility' | 'archived'>): boolean {
    if (row.archived) return !!scope && MaterialsService.canEdit(scope, row.unit_id);
    if (row.visibility === 'public') return true;
    return !!scope && scope.canSee(row.unit_id);
  }

  private async visible(scope: Scope | null, id: string, db: Db = this.d.db): Promise<MaterialRow> {
    const row = await db.selectFrom('materials').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !MaterialsService.canSee(scope, row)) throw materialNotFound();
    return row;
  }

  // ---- dto ----

  private async topicsOf(db: Db, ids: string[]): Promise<Map<string, Array<{ id: string; title: string }>>> {
    const out = new Map<string, Array<{ id: string; title: string }>>();
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('material_topics as mt')
      .innerJoin('topics as t', 't.id', 'mt.topic_id')
      .select(['mt.material_id', 't.id', 't.title', 't.sort'])
      .where('mt.material_id', 'in', ids)
      .orderBy('t.sort')
      .execute();
    for (const r of rows) out.set(r.material_id, [...(out.get(r.material_id) ?? []), { id: r.id, title: r.title }]);
    return out;
  }

  private async currentFiles(db: Db, rows: MaterialRow[]): Promise<Map<string, FileTable>> {
    if (!rows.length) return new Map();
    const vs = await db
      .selectFrom('material_versions as v')
      .innerJoin('files as f', 'f.id', 'v.file_id')
      .selectAll('f')
      .select(['v.material_id', 'v.version_no'])
      .where('v.material_id', 'in', rows.map((r) => r.id))
      .execute();
    const out = new Map<string, FileTable>();
    for (const r of rows) {
      const v = vs.find((x) => x.material_id === r.id && x.version_no === r.current_version);
      if (v) out.set(r.id, v);
    }
    return out;
  }

  private async downloadTotals(db: Db, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('material_downloads')
      .select(['material_id', (eb) => eb.fn.sum<number>('count').as('n')])
      .where('material_id', 'in', ids)
      .groupBy('material_id')
      .execute();
    return new Map(rows.map((r) => [r.material_id, Number(r.n)]));
  }

  private summaries(tree: UnitTree, rows: MaterialRow[], topics: Map<string, Array<{ id: string; title: string }>>, files: Map<string, FileTable>, downloads: Map<string, number>): MaterialSummaryDto[] {
    return rows.map((r) => {
      const f = files.get(r.id);
      return {
        id: r.id,
        unitId: r.unit_id,
        unitName: tree.get(r.unit_id)?.name ?? '',
        kind: r.kind as MaterialKind,
        kindLabel: MATERIAL_KIND_LABELS[r.kind as MaterialKind],
        title: r.title,
        description: r.description,
        visibility: r.visibility as Visibility,
        visibilityLabel: VISIBILITY_LABELS[r.visibility as Visibility],
        campaignId: r.campaign_id,
        topics: topics.get(r.id) ?? [],
        currentVersion: r.current_version,
        file: f ? fileInfo(f) : { name: '', size: 0, mime: '', typeLabel: '' },
        downloads: downloads.get(r.id) ?? 0,
        archived: !!r.archived,
        publicUrl: r.visibility === 'public' && !r.archived ? `/tai-lieu/${r.id}` : null,
        downloadUrl: `/tai-lieu/${r.id}/tai-ve`,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }

  private async dto(scope: Scope, id: string, db: Db = this.d.db): Promise<MaterialDto> {
    const row = await db.selectFrom('materials').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const tree = scope.tree;
    const [summary] = this.summaries(tree, [row], await this.topicsOf(db, [id]), await this.currentFiles(db, [row]), await this.downloadTotals(db, [id]));
    const versions = await db
      .selectFrom('material_versions as v')
      .innerJoin('files as f', 'f.id', 'v.file_id')
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .select(['v.version_no', 'v.note', 'v.created_at', 'f.name', 'f.size', 'f.mime', 'u.full_name'])
      .where('v.material_id', '=', id)
      .orderBy('v.version_no', 'desc')
      .execute();
    return {
      ...summary,
      versions: versions.map((v) => ({ versionNo: v.version_no, file: fileInfo(v), note: v.note, createdAt: v.created_at, createdByName: v.full_name ?? null, downloadUrl: `/tai-lieu/${id}/tai-ve?phien-ban=${v.version_no}` })),
      can: { edit: MaterialsService.canEdit(scope, row.unit_id) },
    };
  }

  // ---- reads ----

  async get(scope: Scope, id: string): Promise<MaterialDto> {
    await this.visible(scope, id);
    return this.dto(scope, id);
  }

  async list(scope: Scope, q: ListMaterialsInput) {
    const tree = scope.tree;
    let rows = await this.d.db
      .selectFrom('materials')
      .selectAll()
      .$if(!!q.kind, (qb) => qb.where('kind', '=', q.kind!))
      .$if(!!q.visibility, (qb) => qb.where('visibility', '=', q.visibility!))
      .$if(!!q.topicId, (qb) => qb.where('id', 'in', (eb) => eb.selectFrom('material_topics').select('material_id').where('topic_id', '=', q.topicId!)))
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .execute();
    rows = rows.filter((r) => MaterialsService.canSee(scope, r));
    if (q.unitId) {
      if (!scope.canSee(q.unitId)) throw notFound('unit_not_found');
      const roll = tree.rollup(q.unitId, scope.today);
      rows = rows.filter((r) => roll.has(r.unit_id));
    }
    if (q.search?.trim()) {
      const words = foldVietnamese(q.search).split(/\s+/).filter(Boolean);
      rows = rows.filter((r) => words.every((w) => foldVietnamese(`${r.title} ${r.description}`).includes(w)));
    }
    const total = rows.length;
    const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const ids = page.map((r) => r.id);
    return { items: this.summaries(tree, page, await this.topicsOf(this.d.db, ids), await this.currentFiles(this.d.db, page), await this.downloadTotals(this.d.db, ids)), total, page: q.page, pageSize: q.pageSize };
  }

  /** Public materials (not archived), newest first, filtered by kind and topic. */
  async publicList(q: PublicMaterialsInput) {
    const tree = await this.d.tree();
    const base = this.d.db
      .selectFrom('materials')
      .where('visibility', '=', 'public')
      .where('archived', '=', 0)
      .$if(!!q.kind, (qb) => qb.where('kind', '=', q.kind!))
      .$if(!!q.topicId, (qb) => qb.where('id', 'in', (eb) => eb.selectFrom('material_topics').select('material_id').where('topic_id', '=', q.topicId!)));
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const ids = rows.map((r) => r.id);
    return { items: this.summaries(tree, rows, await this.topicsOf(this.d.db, ids), await this.currentFiles(this.d.db, rows), await this.downloadTotals(this.d.db, ids)), total, page: q.page, pageSize: q.pageSize };
  }

  /** Topics used by public materials (the public filter). */
  async publicTopics(): Promise<Array<{ id: string; title: string }>> {
    const rows = await this.d.db
      .selectFrom('material_topics as mt')
      .innerJoin('materials as m', 'm.id', 'mt.material_id')
      .innerJoin('topics as t', 't.id', 'mt.topic_id')
      .select(['t.id', 't.title', 't.sort'])
      .where('m.visibility', '=', 'public')
      .where('m.archived', '=', 0)
      .distinct()
      .orderBy('t.sort')
      .execute();
    return rows.map((r) => ({ id: r.id, title: r.title }));
  }

  /** A public material with its versions, for its public page; null when not public. */
  async publicDetail(id: string) {
    const row = await this.d.db.selectFrom('materials').selectAll().where('id', '=', id).where('visibility', '=', 'public').where('archived', '=', 0).executeTakeFirst();
    if (!row) return null;
    const tree = await this.d.tree();
    const [summary] = this.summaries(tree, [row], await this.topicsOf(this.d.db, [id]), await this.currentFiles(this.d.db, [row]), await this.downloadTotals(this.d.db, [id]));
    const versions = await this.d.db
      .selectFrom('material_versions as v')
      .innerJoin('files as f', 'f.id', 'v.file_id')
      .select(['v.version_no', 'v.note', 'v.created_at', 'f.name', 'f.size', 'f.mime'])
      .where('v.material_id', '=', id)
      .orderBy('v.version_no', 'desc')
      .execute();
    return { ...summary, versions: versions.map((v) => ({ versionNo: v.version_no, file: fileInfo(v), note: v.note, createdAt: v.created_at })) };
  }

  async sitemapEntries(): Promise<Array<{ url: string; lastmod: string }>> {
    const rows = await this.d.db.selectFrom('materials').select(['id', 'updated_at']).where('visibility', '=', 'public').where('archived', '=', 0).orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({ url: `/tai-lieu/${r.id}`, lastmod: r.updated_at }));
  }

  /**
   * The file of a version (default: current) for a download, counted for the downloader's acting
   * unit (or "Người dân" when not signed in). 404 when the material is not visible to them.
   */
  async download(scope: Scope | null, id: string, versionNo?: number): Promise<{ file: FileTable; title: string }> {
    const row = await this.visible(scope, id);
    const no = versionNo ?? row.current_version;
    const v = await this.d.db.selectFrom('material_versions').select('file_id').where('material_id', '=', id).where('version_no', '=', no).executeTakeFirst();
    if (!v) throw notFound('version_not_found', `Tài liệu không có phiên bản ${no}.`);
    const file = await this.d.files.meta(v.file_id);
    const unitKey = scope?.actingUnitId ?? PUBLIC_DOWNLOADER;
    const now = this.d.clock.now().toISOString();
    await this.d.db
      .insertInto('material_downloads')
      .values({ material_id: id, unit_key: unitKey, count: 1, last_at: now })
      .onConflict((oc) => oc.columns(['material_id', 'unit_key']).doUpdateSet((eb) => ({ count: eb('material_downloads.count', '+', 1), last_at: now })))
      .execute();
    return { file, title: row.title };
  }

  readFile(file: FileTable) {
    return this.d.files.read(file);
  }

  async downloadStats(scope: Scope, id: string) {
    const row = await this.visible(scope, id);
    if (!MaterialsService.canEdit(scope, row.unit_id) && !scope.canSee(row.unit_id)) throw forbidden('forbidden');
    const rows = await this.d.db.selectFrom('material_downloads').selectAll().where('material_id', '=', id).orderBy('count', 'desc').orderBy('unit_key').execute();
    const byUnit = rows.map((r) => ({
      unitId: r.unit_key === PUBLIC_DOWNLOADER ? null : r.unit_key,
      unitName: r.unit_key === PUBLIC_DOWNLOADER ? PUBLIC_DOWNLOADER_LABEL : (scope.tree.get(r.unit_key)?.name ?? r.unit_key),
      count: r.count,
      lastAt: r.last_at,
    }));
    return { total: byUnit.reduce((a, b) => a + b.count, 0), byUnit };
  }

  // ---- writes ----

  private async checkTopics(trx: Db, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const found = new Set((await trx.selectFrom('topics').select('id').where('id', 'in', [...new Set(ids)]).execute()).map((r) => r.id));
    ids.forEach((t, i) => {
      if (!found.has(t)) throw invalid('topic_not_found', `Trường «Chủ đề (topicIds.${i})»: không tìm thấy chủ đề «${t}».`, [{ field: `topicIds.${i}`, message: 'không tìm thấy chủ đề' }]);
    });
  }

  private async checkCampaign(trx: Db, id: string | null | undefined): Promise<void> {
    if (!id) return;
    if (!(await trx.selectFrom('campaigns').select('id').where('id', '=', id).executeTakeFirst())) {
      throw invalid('campaign_not_found', 'Trường «Chiến dịch (campaignId)»: không tìm thấy chiến dịch.', [{ field: 'campaignId', message: 'không tìm thấy chiến dịch' }]);
    }
  }

  private saveFile(trx: Db, kind: MaterialKind, upload: UploadedFile, unitId: string, userId: string | null) {
    return this.d.files.save({ buffer: upload.buffer, name: upload.filename || 'tai-lieu', unitId, userId, allowed: MATERIAL_FILE_KINDS[kind], maxBytes: this.d.maxUploadBytes }, trx);
  }

  async create(scope: Scope, ctx: Ctx, input: MaterialFieldsInput, upload: UploadedFile): Promise<MaterialDto> {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('forbidden', 'Bạn cần chọn đơn vị làm việc trước khi tải tài liệu lên.');
    scope.assertSee(unitId);
    if (!MaterialsService.canEdit(scope, unitId)) throw forbidden('forbidden', 'Bạn không có quyền đăng tài liệu cho đơn vị này.');
    const id = newId();
    let live = false;
    await tx(this.d.db, async (trx) => {
      await this.checkTopics(trx, input.topicIds);
      await this.checkCampaign(trx, input.campaignId);
      const userId = ctx.actor?.userId ?? null;
      const file = await this.saveFile(trx, input.kind, upload, unitId, userId);
      const now = this.d.clock.now().toISOString();
      await trx
        .insertInto('materials')
        .values({ id, unit_id: unitId, kind: input.kind, title: input.title, description: input.description, visibility: input.visibility, campaign_id: input.campaignId ?? null, current_version: 1, archived: 0, created_by: userId, created_at: now, updated_at: now })
        .execute();
      await trx.insertInto('material_versions').values({ id: newId(), material_id: id, version_no: 1, file_id: file.id, note: input.note?.trim() || null, created_by: userId, created_at: now }).execute();
      for (const t of new Set(input.topicIds)) await trx.insertInto('material_topics').values({ material_id: id, topic_id: t }).execute();
      await this.d.audit.record(trx, ctx, { action: 'material.create', entityType: 'material', entityId: id, summary: `Đăng tài liệu «${input.title.slice(0, 200)}» (${file.name}, ${file.size} byte, ${VISIBILITY_LABELS[input.visibility].toLowerCase()})`, after: { unitId, fileId: file.id } });
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
    });
    if (live) this.publicChanges.notify();
    return this.dto(scope, id);
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateMaterialInput): Promise<MaterialDto> {
    let live = false;
    const dto = await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!MaterialsService.canEdit(scope, row.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền sửa tài liệu của đơn vị này.');
      if (input.kind && input.kind !== row.kind) {
        const cur = (await this.currentFiles(trx, [row])).get(id);
        const allowed = MATERIAL_FILE_KINDS[input.kind].map((k) => FILE_KINDS[k].mime) as string[];
        if (cur && !allowed.includes(cur.mime)) throw invalid('kind_mismatch', `Trường «Loại tài liệu (kind)»: tệp hiện tại (${typeLabel(cur.mime)}) không thuộc loại «${MATERIAL_KIND_LABELS[input.kind]}».`, [{ field: 'kind', message: 'không khớp với tệp' }]);
      }
      if (input.topicIds) await this.checkTopics(trx, input.topicIds);
      await this.checkCampaign(trx, input.campaignId);
      const set: Partial<MaterialRow> = { updated_at: this.d.clock.now().toISOString() };
      if (input.title) set.title = input.title;
      if (input.kind) set.kind = input.kind;
      if (input.description !== undefined) set.description = input.description;
      if (input.visibility) set.visibility = input.visibility;
      if (input.campaignId !== undefined) set.campaign_id = input.campaignId;
      await trx.updateTable('materials').set(set).where('id', '=', id).execute();
      if (input.topicIds) {
        await trx.deleteFrom('material_topics').where('material_id', '=', id).execute();
        for (const t of new Set(input.topicIds)) await trx.insertInto('material_topics').values({ material_id: id, topic_id: t }).execute();
      }
      await this.d.audit.record(trx, ctx, { action: 'material.update', entityType: 'material', entityId: id, summary: `Sửa tài liệu «${(input.title ?? row.title).slice(0, 200)}»` });
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
      return this.dto(scope, id, trx);
    });
    if (live) this.publicChanges.notify();
    return dto;
  }

  async addVersion(scope: Scope, ctx: Ctx, id: string, upload: UploadedFile, note?: string): Promise<MaterialDto> {
    let live = false;
    const dto = await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!MaterialsService.canEdit(scope, row.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền cập nhật tài liệu của đơn vị này.');
      const userId = ctx.actor?.userId ?? null;
      const file = await this.saveFile(trx, row.kind as MaterialKind, upload, row.unit_id, userId);
      const no = row.current_version + 1;
      const now = this.d.clock.now().toISOString();
      await trx.insertInto('material_versions').values({ id: newId(), material_id: id, version_no: no, file_id: file.id, note: note?.trim().slice(0, 500) || null, created_by: userId, created_at: now }).execute();
      await trx.updateTable('materials').set({ current_version: no, updated_at: now }).where('id', '=', id).execute();
      await this.d.audit.record(trx, ctx, { action: 'material.version', entityType: 'material', entityId: id, summary: `Phiên bản ${no} của «${row.title.slice(0, 200)}» (${file.name})`, after: { fileId: file.id } });
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
      return this.dto(scope, id, trx);
    });
    if (live) this.publicChanges.notify();
    return dto;
  }

  async archive(scope: Scope, ctx: Ctx, id: string): Promise<void> {
    let live = false;
    await tx(this.d.db, async (trx) => {
      const row = await this.visible(scope, id, trx);
      if (!MaterialsService.canEdit(scope, row.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền gỡ tài liệu của đơn vị này.');
      await trx.updateTable('materials').set({ archived: 1, updated_at: this.d.clock.now().toISOString() }).where('id', '=', id).execute();
      await this.d.audit.record(trx, ctx, { action: 'material.archive', entityType: 'material', entityId: id, summary: `Gỡ tài liệu «${row.title.slice(0, 200)}» (các phiên bản vẫn được lưu)` });
      live = await this.reindex(trx, id);
      if (live) await bumpPortalVersion(trx, this.d.clock);
    });
    if (live) this.publicChanges.notify();
  }

  /** Indexes a public material or removes it from search; true when it is (or was) public. */
  async reindex(trx: Db, id: string): Promise<boolean> {
    const row = await trx.selectFrom('materials').selectAll().where('id', '=', id).executeTakeFirst();
    const wasIndexed = !!(await trx.selectFrom('search_docs').select('id').where('id', '=', `material:${id}`).executeTakeFirst());
    if (row?.visibility !== 'public' || row.archived) {
      if (wasIndexed) await this.d.search.remove(trx, 'material', id);
      return wasIndexed;
    }
    const cat = await trx.selectFrom('news_categories').select('id').where('slug', '=', 'tai-lieu-tuyen-truyen').executeTakeFirst();
    const topics = (await this.topicsOf(trx, [id])).get(id) ?? [];
    await this.d.search.index(trx, {
      kind: 'material',
      refId: id,
      unitId: row.unit_id,
      categoryId: cat?.id ?? null,
      title: row.title,
      summary: row.description,
      body: [MATERIAL_KIND_LABELS[row.kind as MaterialKind], ...topics.map((t) => t.title)].join('\n'),
      url: `/tai-lieu/${id}`,
      imageId: null,
      publishedAt: row.created_at,
    });
    return true;
  }
}
