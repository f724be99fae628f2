import { type ArticleDoc, articleImageIds, articleToPlain } from '../../../shared/richtext.js';
import { type Clock, formatVnDate } from '../../platform/clock.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { NewsCategoryTable } from '../../platform/db-schema.js';
import { type AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { bumpPortalVersion, PublicChanges } from './public-changes.js';
import type { JobQueue } from '../../platform/jobs.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/index.js';
import type { UnitTree } from '../units/unit-tree.js';
import { type ArticleSnapshot, cleanDoc, diffFields, diffLines, snapshotLines } from './news.content.js';
import { imageDto, type NewsImages } from './news.images.js';
import { articleCan, canPublish, canWrite, isApprover } from './news.policy.js';
import type { ArticleRow, NewsRepository } from './news.repository.js';
import { type ArticleDto, type ArticleStatus, type CreateArticleInput, type ListArticlesInput, STATUS_LABELS, type UpdateArticleInput } from './news.schemas.js';
import { slugify, unitSiteSlug } from './news.slug.js';
import type { SearchService } from './search.service.js';

export const PUBLISH_JOB = 'news.publish';

const articleNotFound = () => notFound('article_not_found', 'Không tìm thấy tin bài hoặc bạn không có quyền xem.');

const vnTime = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${d.slice(11, 16)} ngày ${formatVnDate(d.slice(0, 10))}`;
};

function fieldError(code: string, path: string, label: string, message: string): AppError {
  return invalid(code, `Trường «${label} (${path})»: ${message}.`, [{ field: path, message }]);
}

function wrongStatus(code: string, row: ArticleRow, what: string): AppError {
  return conflict(code, `Không ${what} được: tin bài đang ở trạng thái «${STATUS_LABELS[row.status as ArticleStatus] ?? row.status}».`, { status: row.status });
}

function versionConflict(row: ArticleRow): AppError {
  return conflict('version_conflict', `Tin bài đã được người khác sửa lúc ${vnTime(row.updated_at)}. Hãy tải lại để xem bản mới nhất; nội dung bạn vừa nhập chưa được lưu.`, {
    currentVersion: row.version,
    updatedAt: row.updated_at,
  });
}

export interface NewsServiceDeps {
  db: Db;
  repo: NewsRepository;
  images: NewsImages;
  search: SearchService;
  audit: AuditService;
  notifications: NotificationsService;
  jobs: JobQueue;
  clock: Clock;
  tree: () => Promise<UnitTree>;
}

/** Articles: drafts, the review workflow, revisions, comments, scheduled publication and the search index. */
export class NewsService {
  private readonly db: Db;
  private readonly repo: NewsRepository;
  private readonly clock: Clock;
  private readonly publicChanges = new PublicChanges();
  private categoryCache: NewsCategoryTable[] | null = null;

  constructor(private readonly d: NewsServiceDeps) {
    this.db = d.db;
    this.repo = d.repo;
    this.clock = d.clock;
    d.jobs.register(PUBLISH_JOB, async (payload: { articleId: string; at: string }) => {
      await this.runScheduled(payload.articleId, payload.at);
    });
  }

  /** Called after any change to what the public site shows (the portal drops its page cache). */
  onPublicChange(fn: () => void): void {
    this.publicChanges.on(fn);
  }

  // ---- categories and sites ----

  async categories(db: Db = this.db): Promise<NewsCategoryTable[]> {
    if (!this.categoryCache) this.categoryCache = await this.repo.categories(db);
    return this.categoryCache;
  }

  async category(id: string, db: Db = this.db): Promise<NewsCategoryTable | undefined> {
    return (await this.categories(db)).find((c) => c.id === id);
  }

  tags(search?: string) {
    return this.repo.searchTags(this.db, search, 50);
  }

  /** The unit's sub-site slug, given once from its name ("phuong-tam-ky"); another unit's slug → suffixed with the unit code. */
  async ensureSite(trx: Db, tree: UnitTree, unitId: string): Promise<string> {
    const existing = await this.repo.siteOf(trx, unitId);
    if (existing) return existing;
    const unit = tree.get(unitId);
    let slug = unitSiteSlug(unit?.name ?? unitId);
    if (await this.repo.siteSlugTaken(trx, slug)) slug = `${slug}-${slugify(unit?.code ?? unitId.slice(0, 8), 30)}`;
    for (let i = 2; await this.repo.siteSlugTaken(trx, slug); i++) slug = `${slug.replace(/-\d+$/, '')}-${i}`;
    await this.repo.insertSite(trx, unitId, slug, this.clock.now().toISOString());
    return slug;
  }

  async publicUrl(db: Db, row: Pick<ArticleRow, 'unit_id' | 'slug'>): Promise<string> {
    const site = (await this.repo.siteOf(db, row.unit_id)) ?? row.unit_id;
    return `/don-vi/${site}/${row.slug}`;
  }

  // ---- reading ----

  async visibleArticle(scope: Scope, id: string, db: Db = this.db): Promise<ArticleRow> {
    const row = await this.repo.get(db, id);
    if (!row || !scope.canSee(row.unit_id)) throw articleNotFound();
    return row;
  }

  private async dto(scope: Scope, id: string, db: Db = this.db): Promise<ArticleDto> {
    const row = await this.repo.get(db, id);
    if (!row) throw articleNotFound();
    const [tags, topics, names, cover, category] = await Promise.all([
      this.repo.tagsOf(db, [id]),
      this.repo.topicsOf(db, id),
      this.repo.userNames(db, [row.author_id, row.approved_by]),
      row.cover_image_id ? this.d.images.get(db, row.cover_image_id) : Promise.resolve(undefined),
      this.category(row.category_id, db),
    ]);
    return {
      ...(await this.summary(scope.tree, row, names, category, db)),
      campaignId: row.campaign_id,
      body: JSON.parse(row.body),
      coverImage: cover ? imageDto(cover) : null,
      coverCaption: row.cover_caption,
      byline: row.byline,
      tags: tags.get(id) ?? [],
      topics,
      createdAt: row.created_at,
      submittedAt: row.submitted_at,
      approvedAt: row.approved_at,
      approvedBy: row.approved_by,
      approvedByName: row.approved_by ? (names.get(row.approved_by) ?? null) : null,
      contentUpdatedAt: row.content_updated_at,
      unpublishedAt: row.unpublished_at,
      can: articleCan(scope, row),
    };
  }

  private async summary(tree: UnitTree, row: ArticleRow, names: Map<string, string>, category: NewsCategoryTable | undefined, db: Db = this.db) {
    return {
      id: row.id,
      unitId: row.unit_id,
      unitName: tree.get(row.unit_id)?.name ?? '',
      categoryId: row.category_id,
      categoryName: category?.name ?? '',
      slug: row.slug,
      title: row.title,
      sapo: row.sapo,
      status: row.status as ArticleStatus,
      statusLabel: STATUS_LABELS[row.status as ArticleStatus] ?? row.status,
      featured: !!row.featured,
      coverImageId: row.cover_image_id,
      authorId: row.author_id,
      authorName: row.author_id ? (names.get(row.author_id) ?? null) : null,
      updatedAt: row.updated_at,
      scheduledAt: row.scheduled_at,
      publishedAt: row.published_at,
      publicUrl: row.status === 'published' ? await this.publicUrl(db, row) : null,
      version: row.version,
    };
  }

  async get(scope: Scope, id: string): Promise<ArticleDto> {
    await this.visibleArticle(scope, id);
    return this.dto(scope, id);
  }

  async list(scope: Scope, q: ListArticlesInput) {
    if (q.unitId && !scope.canSee(q.unitId)) throw notFound('unit_not_found');
    const visible = scope.visibleUnitIds();
    const { rows, total } = await this.repo.list(this.db, {
      units: visible === 'all' ? 'all' : [...visible],
      status: q.status,
      unitId: q.unitId,
      categoryId: q.categoryId,
      search: q.search ? foldVietnamese(q.search) : undefined,
      authorId: q.mine === 'true' ? (scope.actor?.userId ?? '-') : undefined,
      page: q.page,
      pageSize: q.pageSize,
    });
    const names = await this.repo.userNames(
      this.db,
      rows.map((r) => r.author_id),
    );
    const cats = await this.categories();
    const items = [];
    for (const r of rows) items.push(await this.summary(scope.tree, r, names, cats.find((c) => c.id === r.category_id)));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  // ---- validation ----

  private async checkRefs(scope: Scope, v: { categoryId: string; topicIds: string[]; coverImageId: string | null; body: ArticleDoc; campaignId: string | null }): Promise<void> {
    if (!(await this.category(v.categoryId))) throw fieldError('category_not_found', 'categoryId', 'Chuyên mục', 'không tìm thấy chuyên mục');
    const missing = await this.repo.missingTopics(this.db, v.topicIds);
    if (missing.length) throw fieldError('topic_not_found', `topicIds.${v.topicIds.indexOf(missing[0])}`, 'Chủ đề', 'không tìm thấy chủ đề');
    const imageIds = [...(v.coverImageId ? [v.coverImageId] : []), ...articleImageIds(v.body)];
    const images = await this.d.images.many(this.db, imageIds);
    if (v.coverImageId) {
      const img = images.get(v.coverImageId);
      if (!img || !scope.canSee(img.unit_id)) throw fieldError('image_not_found', 'coverImageId', 'Ảnh đại diện', 'không tìm thấy ảnh hoặc bạn không có quyền dùng ảnh này');
    }
    v.body.content.forEach((b, i) => {
      if (b.type !== 'image') return;
      const img = images.get(b.attrs.imageId);
      if (!img || !scope.canSee(img.unit_id)) throw fieldError('image_not_found', `body.content.${i}.attrs.imageId`, 'Ảnh trong bài', 'không tìm thấy ảnh hoặc bạn không có quyền dùng ảnh này');
    });
    if (v.campaignId) {
      const c = await this.db.selectFrom('campaigns').select(['id', 'unit_id']).where('id', '=', v.campaignId).executeTakeFirst();
      if (!c) throw fieldError('campaign_not_found', 'campaignId', 'Chương trình', 'không tìm thấy chương trình');
    }
  }

  private requireComplete(row: Pick<ArticleRow, 'title' | 'sapo' | 'body_text'>): void {
    if (!row.title.trim()) throw fieldError('article_incomplete', 'title', 'Tiêu đề', 'bắt buộc phải có trước khi gửi duyệt');
    if (!row.sapo.trim()) throw fieldError('article_incomplete', 'sapo', 'Sapo (đoạn mở đầu)', 'bắt buộc phải có trước khi gửi duyệt');
    if (!row.body_text.trim()) throw fieldError('article_incomplete', 'body', 'Nội dung', 'bài viết chưa có nội dung');
  }

  // ---- revisions ----

  private async snapshotOf(trx: Db, row: ArticleRow): Promise<ArticleSnapshot> {
    const tags = (await this.repo.tagsOf(trx, [row.id])).get(row.id) ?? [];
    return {
      title: row.title,
      slug: row.slug,
      sapo: row.sapo,
      body: JSON.parse(row.body),
      categoryId: row.category_id,
      categoryName: (await this.category(row.category_id, trx))?.name,
      tags,
      topicIds: await this.repo.topicIdsOf(trx, row.id),
      coverImageId: row.cover_image_id,
      coverCaption: row.cover_caption,
      byline: row.byline,
      featured: !!row.featured,
      campaignId: row.campaign_id,
      status: row.status,
      scheduledAt: row.scheduled_at,
    };
  }

  private async revise(trx: Db, ctx: Ctx, articleId: string, reason: string): Promise<void> {
    const row = await this.repo.get(trx, articleId);
    if (!row) return;
    await this.repo.insertRevision(trx, {
      id: newId(),
      article_id: articleId,
      revision: await this.repo.nextRevision(trx, articleId),
      status: row.status,
      snapshot: JSON.stringify(await this.snapshotOf(trx, row)),
      reason,
      created_by: ctx.actor?.userId ?? null,
      created_at: this.clock.now().toISOString(),
    });
  }

  async revisions(scope: Scope, id: string) {
    await this.visibleArticle(scope, id);
    return (await this.repo.revisions(this.db, id)).map((r) => ({
      revision: r.revision,
      status: r.status,
      reason: r.reason,
      createdAt: r.created_at,
      createdBy: r.created_by,
      createdByName: r.full_name ?? null,
    }));
  }

  async revision(scope: Scope, id: string, rev: number) {
    await this.visibleArticle(scope, id);
    const r = await this.repo.revision(this.db, id, rev);
    if (!r) throw notFound('revision_not_found', `Không có phiên bản ${rev} của tin bài này.`);
    return { revision: r.revision, status: r.status, reason: r.reason, createdAt: r.created_at, createdBy: r.created_by, createdByName: r.full_name ?? null, snapshot: JSON.parse(r.snapshot) };
  }

  /** Paragraph-level diff between revision `rev` and `against` (default: the revision before it). */
  async diff(scope: Scope, id: string, rev: number, against?: number) {
    await this.visibleArticle(scope, id);
    const from = against ?? rev - 1;
    const [a, b] = await Promise.all([this.repo.revision(this.db, id, from), this.repo.revision(this.db, id, rev)]);
    if (!b) throw notFound('revision_not_found', `Không có phiên bản ${rev} của tin bài này.`);
    if (!a) throw notFound('revision_not_found', `Không có phiên bản ${from} của tin bài này để so sánh.`);
    const sa = JSON.parse(a.snapshot) as ArticleSnapshot;
    const sb = JSON.parse(b.snapshot) as ArticleSnapshot;
    return { from, to: rev, fields: diffFields(sa, sb), lines: diffLines(snapshotLines(sa), snapshotLines(sb)) };
  }

  // ---- comments ----

  async comments(scope: Scope, id: string) {
    await this.visibleArticle(scope, id);
    return (await this.repo.comments(this.db, id)).map((c) => ({ id: c.id, kind: c.kind, body: c.body, userId: c.user_id, userName: c.full_name ?? null, createdAt: c.created_at }));
  }

  async addComment(scope: Scope, ctx: Ctx, id: string, body: string) {
    const row = await this.visibleArticle(scope, id);
    if (!articleCan(scope, row).comment) throw forbidden('forbidden', 'Chỉ người biên tập, duyệt hoặc đăng tin của đơn vị mới trao đổi được về tin bài này.');
    const commentId = newId();
    await tx(this.db, async (trx) => {
      await this.repo.insertComment(trx, { id: commentId, article_id: id, user_id: ctx.actor?.userId ?? null, kind: 'comment', body, created_at: this.clock.now().toISOString() });
      const others = new Set((await this.repo.comments(trx, id)).map((c) => c.user_id).filter((u): u is string => !!u));
      if (row.author_id) others.add(row.author_id);
      if (row.approved_by) others.add(row.approved_by);
      others.delete(ctx.actor?.userId ?? '');
      if (others.size) {
        await this.d.notifications.notify(trx, { userIds: [...others], kind: 'news.comment', title: `Góp ý về tin bài: ${row.title.slice(0, 150)}`, body: body.slice(0, 500), link: `/app/tin-bai/${id}`, entityType: 'news_article', entityId: id });
      }
    });
    return (await this.comments(scope, id)).find((c) => c.id === commentId)!;
  }

  // ---- writing ----

  async create(scope: Scope, ctx: Ctx, input: CreateArticleInput): Promise<ArticleDto> {
    const unitId = input.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('forbidden', 'Bạn cần chọn đơn vị làm việc trước khi viết tin bài.');
    if (!scope.tree.get(unitId)) throw fieldError('unit_not_found', 'unitId', 'Đơn vị', 'không tìm thấy đơn vị');
    scope.assertCan('news.edit', unitId);
    const body = cleanDoc(input.body);
    const v = { categoryId: input.categoryId, topicIds: input.topicIds, coverImageId: input.coverImageId ?? null, body, campaignId: input.campaignId ?? null };
    await this.checkRefs(scope, v);
    const id = newId();
    const now = this.clock.now().toISOString();
    const userId = ctx.actor?.userId ?? null;
    await tx(this.db, async (trx) => {
      let slug: string;
      if (input.slug) {
        if (await this.repo.slugTaken(trx, unitId, input.slug)) throw this.slugTaken(input.slug);
        slug = input.slug;
      } else {
        slug = await this.repo.freeSlug(trx, unitId, slugify(input.title) || 'tin-bai');
      }
      await this.ensureSite(trx, scope.tree, unitId);
      await this.repo.insert(trx, {
        id,
        unit_id: unitId,
        category_id: input.categoryId,
        campaign_id: v.campaignId,
        slug,
        title: input.title,
        sapo: input.sapo,
        body: JSON.stringify(body),
        body_text: articleToPlain(body),
        cover_image_id: v.coverImageId,
        cover_caption: input.coverCaption ?? null,
        byline: input.byline ?? null,
        featured: input.featured ? 1 : 0,
        status: 'draft',
        version: 1,
        author_id: userId,
        created_at: now,
        updated_by: userId,
        updated_at: now,
        submitted_at: null,
        approved_by: null,
        approved_at: null,
        scheduled_at: null,
        published_at: null,
        published_by: null,
        content_updated_at: null,
        unpublished_at: null,
      });
      await this.repo.setTags(trx, id, input.tags, now);
      await this.repo.setTopics(trx, id, input.topicIds);
      await this.repo.setImages(trx, id, [...(v.coverImageId ? [v.coverImageId] : []), ...articleImageIds(body)]);
      await this.revise(trx, ctx, id, 'Tạo bản nháp');
      await this.d.audit.record(trx, ctx, { action: 'news.create', entityType: 'news_article', entityId: id, summary: `Viết tin bài «${input.title.slice(0, 200)}»`, after: { unitId, slug, categoryId: input.categoryId } });
    });
    return this.dto(scope, id);
  }

  private slugTaken(slug: string): AppError {
    return conflict('slug_taken', `Đường dẫn «${slug}» đã được một tin bài khác của đơn vị dùng. Hãy chọn đường dẫn khác (ví dụ thêm năm hoặc địa danh).`, { field: 'slug' });
  }

  async update(scope: Scope, ctx: Ctx, id: string, input: UpdateArticleInput): Promise<ArticleDto> {
    const row = await this.visibleArticle(scope, id);
    const can = articleCan(scope, row);
    if (!can.edit) {
      if (row.status === 'published' || row.status === 'submitted') {
        if (canWrite(scope, row)) {
          throw forbidden(
            'forbidden',
            row.status === 'published'
              ? 'Tin bài đã đăng chỉ lãnh đạo đơn vị (người duyệt) sửa được. Hãy gửi góp ý cho lãnh đạo, hoặc gỡ tin xuống để sửa rồi gửi duyệt lại.'
              : 'Tin bài đang chờ duyệt: chỉ người duyệt sửa được. Hãy đợi lãnh đạo duyệt hoặc trả lại.',
          );
        }
      }
      if (!canWrite(scope, row) && !isApprover(scope, row.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền sửa tin bài của đơn vị này.');
      throw wrongStatus('article_not_editable', row, 'sửa');
    }
    if (row.version !== input.version) throw versionConflict(row);
    const { version, ...f } = input;
    const body = f.body !== undefined ? cleanDoc(f.body) : (JSON.parse(row.body) as ArticleDoc);
    const currentTopics = await this.repo.topicIdsOf(this.db, id);
    const next = {
      title: f.title ?? row.title,
      sapo: f.sapo ?? row.sapo,
      categoryId: f.categoryId ?? row.category_id,
      topicIds: f.topicIds ?? currentTopics,
      coverImageId: f.coverImageId !== undefined ? f.coverImageId : row.cover_image_id,
      campaignId: f.campaignId !== undefined ? f.campaignId : row.campaign_id,
      body,
    };
    await this.checkRefs(scope, next);
    const approver = isApprover(scope, row.unit_id);
    // Approved content changed by someone who may not approve goes back to draft (to be approved again).
    const backToDraft = (row.status === 'approved' || row.status === 'scheduled' || row.status === 'unpublished') && !approver;
    const live = row.status === 'published';
    const changed = Object.keys(f).filter((k) => (f as Record<string, unknown>)[k] !== undefined);
    const now = this.clock.now().toISOString();
    await tx(this.db, async (trx) => {
      let slug = row.slug;
      if (f.slug !== undefined && f.slug !== row.slug) {
        if (row.published_at) throw conflict('slug_locked', 'Tin bài đã từng được đăng: đường dẫn đã công bố không đổi được (các liên kết đã chia sẻ sẽ hỏng).', { field: 'slug' });
        if (await this.repo.slugTaken(trx, row.unit_id, f.slug, id)) throw this.slugTaken(f.slug);
        slug = f.slug;
      } else if (f.slug === undefined && f.title && f.title !== row.title && !row.published_at) {
        // A slug still made from the old title follows the new title.
        const old = slugify(row.title);
        if (row.slug === old || new RegExp(`^${old}-\\d+$`).test(row.slug)) slug = await this.repo.freeSlug(trx, row.unit_id, slugify(f.title) || 'tin-bai', id);
      }
      const set: Partial<ArticleRow> = {
        title: next.title,
        slug,
        sapo: next.sapo,
        body: JSON.stringify(body),
        body_text: articleToPlain(body),
        category_id: next.categoryId,
        campaign_id: next.campaignId,
        cover_image_id: next.coverImageId,
        cover_caption: f.coverCaption !== undefined ? f.coverCaption : row.cover_caption,
        byline: f.byline !== undefined ? f.byline : row.byline,
        featured: f.featured !== undefined ? (f.featured ? 1 : 0) : row.featured,
        updated_by: ctx.actor?.userId ?? null,
        updated_at: now,
      };
      if (backToDraft) Object.assign(set, { status: 'draft', scheduled_at: null, approved_at: null, approved_by: null });
      if (live) set.content_updated_at = now;
      const ok = await this.repo.updateVersioned(trx, id, version, set, [row.status]);
      if (!ok) {
        const cur = (await this.repo.get(trx, id)) ?? row;
        throw cur.status !== row.status ? wrongStatus('article_not_editable', cur, 'sửa') : versionConflict(cur);
      }
      if (f.tags !== undefined) await this.repo.setTags(trx, id, f.tags, now);
      if (f.topicIds !== undefined) await this.repo.setTopics(trx, id, f.topicIds);
      await this.repo.setImages(trx, id, [...(next.coverImageId ? [next.coverImageId] : []), ...articleImageIds(body)]);
      const reason = backToDraft ? 'Sửa sau khi duyệt — cần duyệt lại' : live ? 'Sửa tin đang đăng' : 'Lưu bản nháp';
      await this.revise(trx, ctx, id, reason);
      if (live) {
        await this.indexArticle(trx, id);
        await bumpPortalVersion(trx, this.clock);
      }
      await this.d.audit.record(trx, ctx, {
        action: 'news.update',
        entityType: 'news_article',
        entityId: id,
        summary: `${reason}: «${next.title.slice(0, 200)}» (${changed.join(', ') || 'không đổi nội dung'})`,
        before: { version, status: row.status },
        after: { version: version + 1, status: backToDraft ? 'draft' : row.status, changed },
      });
    });
    if (live) this.publicChanges.notify();
    return this.dto(scope, id);
  }

  async remove(scope: Scope, ctx: Ctx, id: string): Promise<void> {
    const row = await this.visibleArticle(scope, id);
    if (!canWrite(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền xóa tin bài của đơn vị này.');
    if (row.status !== 'draft' || row.published_at) throw conflict('article_not_deletable', 'Chỉ xóa được bản nháp chưa từng đăng. Tin đã đăng thì gỡ xuống thay vì xóa.');
    await tx(this.db, async (trx) => {
      await trx.deleteFrom('news_revisions').where('article_id', '=', id).execute();
      await trx.deleteFrom('news_comments').where('article_id', '=', id).execute();
      await trx.deleteFrom('news_article_tags').where('article_id', '=', id).execute();
      await trx.deleteFrom('news_article_topics').where('article_id', '=', id).execute();
      await trx.deleteFrom('news_article_images').where('article_id', '=', id).execute();
      await this.repo.delete(trx, id);
      await this.d.audit.record(trx, ctx, { action: 'news.delete', entityType: 'news_article', entityId: id, summary: `Xóa bản nháp «${row.title.slice(0, 200)}»`, before: { title: row.title, slug: row.slug } });
    });
  }

  // ---- workflow ----

  private async move(
    scope: Scope,
    ctx: Ctx,
    id: string,
    o: {
      allowed: (can: ReturnType<typeof articleCan>) => boolean;
      from: ArticleStatus[];
      what: string;
      deny: string;
      set: (row: ArticleRow, now: string) => Partial<ArticleRow>;
      reason: (row: ArticleRow) => string;
      action: string;
      comment?: { kind: string; body: string } | null;
      version?: number;
      after?: (trx: Db, row: ArticleRow) => Promise<void>;
      check?: (row: ArticleRow) => void;
      publicChange?: boolean;
    },
  ): Promise<ArticleDto> {
    const row = await this.visibleArticle(scope, id);
    if (!o.from.includes(row.status as ArticleStatus)) {
      const can = articleCan(scope, row);
      if (!can.edit && !can.publish && !can.approve && !can.submit && !can.unpublish) throw forbidden('forbidden', o.deny);
      throw wrongStatus('article_wrong_status', row, o.what);
    }
    if (!o.allowed(articleCan(scope, row))) throw forbidden('forbidden', o.deny);
    if (o.version !== undefined && o.version !== row.version) throw versionConflict(row);
    o.check?.(row);
    const now = this.clock.now().toISOString();
    await tx(this.db, async (trx) => {
      const ok = await this.repo.updateVersioned(trx, id, row.version, { ...o.set(row, now), updated_at: now, updated_by: ctx.actor?.userId ?? null }, [row.status]);
      if (!ok) {
        const cur = (await this.repo.get(trx, id)) ?? row;
        throw cur.status !== row.status ? wrongStatus('article_wrong_status', cur, o.what) : versionConflict(cur);
      }
      if (o.comment) await this.repo.insertComment(trx, { id: newId(), article_id: id, user_id: ctx.actor?.userId ?? null, kind: o.comment.kind, body: o.comment.body, created_at: now });
      const reason = o.reason(row);
      await this.revise(trx, ctx, id, reason);
      const cur = (await this.repo.get(trx, id))!;
      await o.after?.(trx, cur);
      await this.d.audit.record(trx, ctx, {
        action: o.action,
        entityType: 'news_article',
        entityId: id,
        summary: `${reason}: «${row.title.slice(0, 200)}»`,
        before: { status: row.status },
        after: { status: cur.status, scheduledAt: cur.scheduled_at, comment: o.comment?.body ?? null },
      });
    });
    if (o.publicChange) this.publicChanges.notify();
    return this.dto(scope, id);
  }

  submit(scope: Scope, ctx: Ctx, id: string, version?: number): Promise<ArticleDto> {
    return this.move(scope, ctx, id, {
      from: ['draft'],
      allowed: (c) => c.submit,
      what: 'gửi duyệt',
      deny: 'Bạn không có quyền gửi duyệt tin bài của đơn vị này.',
      version,
      check: (row) => this.requireComplete(row),
      set: (_row, now) => ({ status: 'submitted', submitted_at: now }),
      reason: () => 'Gửi duyệt',
      action: 'news.submit',
      after: async (trx, row) => {
        await this.d.notifications.notify(trx, {
          unitId: row.unit_id,
          roles: ['leader'],
          kind: 'news.submitted',
          title: `Tin bài chờ duyệt: ${row.title.slice(0, 150)}`,
          body: row.sapo.slice(0, 300),
          link: `/app/tin-bai/${row.id}`,
          entityType: 'news_article',
          entityId: row.id,
        });
      },
    });
  }

  returnToDraft(scope: Scope, ctx: Ctx, id: string, comment: string): Promise<ArticleDto> {
    return this.move(scope, ctx, id, {
      from: ['submitted'],
      allowed: (c) => c.returnToDraft,
      what: 'trả lại',
      deny: 'Chỉ lãnh đạo của đơn vị đăng tin mới trả lại được tin bài.',
      set: () => ({ status: 'draft' }),
      reason: () => `Trả lại: ${comment.slice(0, 300)}`,
      action: 'news.return',
      comment: { kind: 'return', body: comment },
      after: async (trx, row) => this.notifyAuthor(trx, ctx, row, 'news.returned', `Tin bài được trả lại để sửa: ${row.title.slice(0, 150)}`, comment),
    });
  }

  approve(scope: Scope, ctx: Ctx, id: string, comment?: string): Promise<ArticleDto> {
    return this.move(scope, ctx, id, {
      from: ['submitted'],
      allowed: (c) => c.approve,
      what: 'duyệt',
      deny: 'Chỉ lãnh đạo của đơn vị đăng tin mới duyệt được tin bài.',
      set: (_row, now) => ({ status: 'approved', approved_at: now, approved_by: ctx.actor?.userId ?? null }),
      reason: () => 'Duyệt',
      action: 'news.approve',
      comment: comment ? { kind: 'approve', body: comment } : null,
      after: async (trx, row) => this.notifyAuthor(trx, ctx, row, 'news.approved', `Tin bài đã được duyệt: ${row.title.slice(0, 150)}`, comment ?? null),
    });
  }

  private notApproved(row: ArticleRow, what: string): AppError {
    return conflict('article_not_approved', `Chưa ${what} được: tin bài chưa được lãnh đạo duyệt (đang ở trạng thái «${STATUS_LABELS[row.status as ArticleStatus] ?? row.status}»). Hãy gửi duyệt trước.`, { status: row.status });
  }

  async publish(scope: Scope, ctx: Ctx, id: string): Promise<ArticleDto> {
    const row = await this.visibleArticle(scope, id);
    if (row.status === 'draft' || row.status === 'submitted') {
      if (!canPublish(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền đăng tin bài của đơn vị này.');
      throw this.notApproved(row, 'đăng');
    }
    return this.move(scope, ctx, id, {
      from: ['approved', 'scheduled', 'unpublished'],
      allowed: (c) => c.publish,
      what: 'đăng',
      deny: 'Bạn không có quyền đăng tin bài của đơn vị này.',
      set: (r, now) => this.publishedSet(r, now, ctx),
      reason: (r) => (r.status === 'unpublished' ? 'Đăng lại' : 'Đăng tin'),
      action: 'news.publish',
      publicChange: true,
      after: async (trx, r) => this.afterPublish(trx, ctx, r),
    });
  }

  private publishedSet(row: ArticleRow, at: string, ctx: Ctx): Partial<ArticleRow> {
    return {
      status: 'published',
      published_at: row.published_at ?? at,
      published_by: ctx.actor?.userId ?? row.approved_by ?? null,
      content_updated_at: at,
      scheduled_at: null,
      unpublished_at: null,
    };
  }

  private async afterPublish(trx: Db, ctx: Ctx, row: ArticleRow): Promise<void> {
    await this.indexArticle(trx, row.id);
    await bumpPortalVersion(trx, this.clock);
    await this.notifyAuthor(trx, ctx, row, 'news.published', `Tin bài đã được đăng: ${row.title.slice(0, 150)}`, null);
  }

  /** Floors to the minute; refuses the past and more than a year ahead (400, Vietnamese). */
  private scheduleTime(at: string): string {
    const t = new Date(at);
    if (Number.isNaN(t.getTime())) throw fieldError('validation_failed', 'at', 'Thời điểm đăng', 'thời điểm không hợp lệ');
    t.setUTCSeconds(0, 0);
    const now = this.clock.now();
    if (t.getTime() <= now.getTime()) {
      throw fieldError('schedule_in_past', 'at', 'Thời điểm đăng', `${vnTime(t.toISOString())} đã qua (bây giờ là ${vnTime(now.toISOString())}). Hãy chọn một thời điểm sau bây giờ`);
    }
    if (t.getTime() > now.getTime() + 366 * 86400_000) throw fieldError('schedule_too_far', 'at', 'Thời điểm đăng', 'chỉ hẹn giờ đăng trong vòng một năm tới');
    return t.toISOString();
  }

  async schedule(scope: Scope, ctx: Ctx, id: string, atInput: string): Promise<ArticleDto> {
    const row = await this.visibleArticle(scope, id);
    if (row.status === 'draft' || row.status === 'submitted') {
      if (!canPublish(scope, row)) throw forbidden('forbidden', 'Bạn không có quyền đăng tin bài của đơn vị này.');
      throw this.notApproved(row, 'hẹn giờ đăng');
    }
    const at = this.scheduleTime(atInput);
    return this.move(scope, ctx, id, {
      from: ['approved', 'scheduled', 'unpublished'],
      allowed: (c) => c.schedule,
      what: 'hẹn giờ đăng',
      deny: 'Bạn không có quyền đăng tin bài của đơn vị này.',
      set: () => ({ status: 'scheduled', scheduled_at: at }),
      reason: () => `Hẹn giờ đăng lúc ${vnTime(at)}`,
      action: 'news.schedule',
      // The job carries the time: a job whose time is no longer the article's does nothing (rescheduling).
      after: async (trx, r) => this.d.jobs.enqueue(PUBLISH_JOB, { articleId: r.id, at }, { runAt: at, dedupeKey: `${PUBLISH_JOB}:${r.id}:${at}`, trx }),
    });
  }

  unschedule(scope: Scope, ctx: Ctx, id: string): Promise<ArticleDto> {
    return this.move(scope, ctx, id, {
      from: ['scheduled'],
      allowed: (c) => c.unschedule,
      what: 'hủy hẹn giờ',
      deny: 'Bạn không có quyền đăng tin bài của đơn vị này.',
      set: () => ({ status: 'approved', scheduled_at: null }),
      reason: () => 'Hủy hẹn giờ đăng',
      action: 'news.unschedule',
    });
  }

  unpublish(scope: Scope, ctx: Ctx, id: string, reason?: string): Promise<ArticleDto> {
    return this.move(scope, ctx, id, {
      from: ['published'],
      allowed: (c) => c.unpublish,
      what: 'gỡ',
      deny: 'Bạn không có quyền gỡ tin bài của đơn vị này.',
      set: (_r, now) => ({ status: 'unpublished', unpublished_at: now }),
      reason: () => (reason ? `Gỡ tin: ${reason.slice(0, 300)}` : 'Gỡ tin'),
      action: 'news.unpublish',
      comment: reason ? { kind: 'unpublish', body: reason } : null,
      publicChange: true,
      after: async (trx, r) => {
        await this.d.search.remove(trx, 'article', r.id);
        await bumpPortalVersion(trx, this.clock);
      },
    });
  }

  /** The scheduled-publication job: publishes only if the article still waits for exactly this time. */
  async runScheduled(articleId: string, at: string): Promise<boolean> {
    const published = await tx(this.db, async (trx) => {
      const row = await this.repo.get(trx, articleId);
      if (row?.status !== 'scheduled' || row.scheduled_at !== at) return false;
      const now = this.clock.now().toISOString();
      const ok = await this.repo.updateVersioned(trx, row.id, row.version, { ...this.publishedSet(row, at, systemCtx), published_by: row.approved_by, updated_at: now }, ['scheduled']);
      if (!ok) return false;
      await this.revise(trx, systemCtx, row.id, `Tự động đăng theo giờ hẹn ${vnTime(at)}`);
      const cur = (await this.repo.get(trx, row.id))!;
      await this.afterPublish(trx, systemCtx, cur);
      await this.d.audit.record(trx, systemCtx, {
        action: 'news.publish',
        entityType: 'news_article',
        entityId: row.id,
        summary: `Tự động đăng theo giờ hẹn ${vnTime(at)}: «${row.title.slice(0, 200)}»`,
        before: { status: 'scheduled' },
        after: { status: 'published', publishedAt: cur.published_at },
      });
      return true;
    });
    if (published) this.publicChanges.notify();
    return published;
  }

  private async notifyAuthor(trx: Db, ctx: Ctx, row: ArticleRow, kind: string, title: string, body: string | null): Promise<void> {
    if (!row.author_id || row.author_id === ctx.actor?.userId) return;
    await this.d.notifications.notify(trx, { userIds: [row.author_id], kind, title, body, link: `/app/tin-bai/${row.id}`, entityType: 'news_article', entityId: row.id });
  }

  /** Writes the article's search document (published articles only). */
  private async indexArticle(trx: Db, id: string): Promise<void> {
    const row = await this.repo.get(trx, id);
    if (row?.status !== 'published') return;
    await this.d.search.index(trx, {
      kind: 'article',
      refId: row.id,
      unitId: row.unit_id,
      categoryId: row.category_id,
      title: row.title,
      summary: row.sapo,
      body: row.body_text,
      url: await this.publicUrl(trx, row),
      imageId: row.cover_image_id,
      publishedAt: row.published_at ?? row.content_updated_at ?? this.clock.now().toISOString(),
    });
  }
}
