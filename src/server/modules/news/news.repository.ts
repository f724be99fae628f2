import { sql } from 'kysely';
import { type Db, foldedColumn } from '../../platform/db.js';
import type { NewsArticleTable, NewsCategoryTable, NewsCommentTable, NewsRevisionTable } from '../../platform/db-schema.js';
import { newId } from '../../platform/ids.js';
import { slugify } from './news.slug.js';

export type ArticleRow = NewsArticleTable;

export interface ArticleListFilter {
  units: string[] | 'all';
  status?: string;
  unitId?: string;
  categoryId?: string;
  search?: string;
  authorId?: string;
  page: number;
  pageSize: number;
}

/** Published articles for the public site. */
export interface PublicFilter {
  unitIds?: string[];
  categoryId?: string;
  featured?: boolean;
  excludeIds?: string[];
  limit: number;
  offset?: number;
}

export class NewsRepository {
  get(db: Db, id: string): Promise<ArticleRow | undefined> {
    return db.selectFrom('news_articles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(trx: Db, row: ArticleRow): Promise<void> {
    await trx.insertInto('news_articles').values(row).execute();
  }

  /** Conditional update: the row must still have `version` and one of `statuses`. */
  async updateVersioned(trx: Db, id: string, version: number, set: Partial<ArticleRow>, statuses: string[]): Promise<boolean> {
    const r = await trx
      .updateTable('news_articles')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', 'in', statuses)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async delete(trx: Db, id: string): Promise<void> {
    await trx.deleteFrom('news_articles').where('id', '=', id).execute();
  }

  async slugTaken(db: Db, unitId: string, slug: string, exceptId?: string): Promise<boolean> {
    let q = db.selectFrom('news_articles').select('id').where('unit_id', '=', unitId).where('slug', '=', slug);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return !!(await q.executeTakeFirst());
  }

  /** `base`, or `base-2`, `base-3`… — the first free slug in the unit. */
  async freeSlug(db: Db, unitId: string, base: string, exceptId?: string): Promise<string> {
    const rows = await db
      .selectFrom('news_articles')
      .select('slug')
      .where('unit_id', '=', unitId)
      .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
      .$if(!!exceptId, (q) => q.where('id', '<>', exceptId!))
      .execute();
    const taken = new Set(rows.map((r) => r.slug));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }

  async list(db: Db, f: ArticleListFilter): Promise<{ rows: ArticleRow[]; total: number }> {
    let q = db.selectFrom('news_articles');
    if (f.units !== 'all') q = f.units.length ? q.where('unit_id', 'in', f.units) : q.where(sql<boolean>`1 = 0`);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.unitId) q = q.where('unit_id', '=', f.unitId);
    if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
    if (f.authorId) q = q.where('author_id', '=', f.authorId);
    if (f.search) q = q.where(foldedColumn('title'), 'like', `%${f.search.replace(/[%_\\]/g, '')}%`);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .selectAll()
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { rows, total: Number(total?.n ?? 0) };
  }

  // ---- categories, tags, topics ----

  categories(db: Db): Promise<NewsCategoryTable[]> {
    return db.selectFrom('news_categories').selectAll().orderBy('sort').execute();
  }

  async tagsOf(db: Db, articleIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!articleIds.length) return out;
    const rows = await db
      .selectFrom('news_article_tags as at')
      .innerJoin('news_tags as t', 't.id', 'at.tag_id')
      .select(['at.article_id', 't.name'])
      .where('at.article_id', 'in', articleIds)
      .orderBy('t.name')
      .execute();
    for (const r of rows) out.set(r.article_id, [...(out.get(r.article_id) ?? []), r.name]);
    return out;
  }

  async topicsOf(db: Db, articleId: string): Promise<Array<{ id: string; title: string }>> {
    return db
      .selectFrom('news_article_topics as at')
      .innerJoin('topics as t', 't.id', 'at.topic_id')
      .select(['t.id', 't.title'])
      .where('at.article_id', '=', articleId)
      .orderBy('t.sort')
      .execute();
  }

  async topicIdsOf(db: Db, articleId: string): Promise<string[]> {
    return (await db.selectFrom('news_article_topics').select('topic_id').where('article_id', '=', articleId).execute()).map((r) => r.topic_id);
  }

  async missingTopics(db: Db, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const found = new Set((await db.selectFrom('topics').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    return ids.filter((i) => !found.has(i));
  }

  async setTags(trx: Db, articleId: string, names: string[], now: string): Promise<void> {
    await trx.deleteFrom('news_article_tags').where('article_id', '=', articleId).execute();
    const seen = new Set<string>();
    for (const name of names) {
      const slug = slugify(name, 60);
      if (!slug || seen.has(slug)) continue;
      seen.add(slug);
      let tag = await trx.selectFrom('news_tags').select('id').where('slug', '=', slug).executeTakeFirst();
      if (!tag) {
        tag = { id: newId() };
        await trx.insertInto('news_tags').values({ id: tag.id, slug, name: name.trim(), created_at: now }).execute();
      }
      await trx.insertInto('news_article_tags').values({ article_id: articleId, tag_id: tag.id }).execute();
    }
  }

  async setTopics(trx: Db, articleId: string, topicIds: string[]): Promise<void> {
    await trx.deleteFrom('news_article_topics').where('article_id', '=', articleId).execute();
    for (const t of new Set(topicIds)) await trx.insertInto('news_article_topics').values({ article_id: articleId, topic_id: t }).execute();
  }

  async setImages(trx: Db, articleId: string, imageIds: string[]): Promise<void> {
    await trx.deleteFrom('news_article_images').where('article_id', '=', articleId).execute();
    for (const i of new Set(imageIds)) await trx.insertInto('news_article_images').values({ article_id: articleId, image_id: i }).execute();
  }

  async searchTags(db: Db, search: string | undefined, limit: number) {
    let q = db.selectFrom('news_tags').select(['id', 'slug', 'name']);
    if (search) q = q.where('slug', 'like', `%${slugify(search, 60)}%`);
    return q.orderBy('name').limit(limit).execute();
  }

  // ---- sites ----

  async siteOf(db: Db, unitId: string): Promise<string | undefined> {
    return (await db.selectFrom('news_sites').select('slug').where('unit_id', '=', unitId).executeTakeFirst())?.slug;
  }

  async sites(db: Db): Promise<Array<{ unit_id: string; slug: string }>> {
    return db.selectFrom('news_sites').select(['unit_id', 'slug']).execute();
  }

  async insertSite(trx: Db, unitId: string, slug: string, now: string): Promise<void> {
    await trx.insertInto('news_sites').values({ unit_id: unitId, slug, created_at: now }).execute();
  }

  async siteSlugTaken(db: Db, slug: string): Promise<boolean> {
    return !!(await db.selectFrom('news_sites').select('unit_id').where('slug', '=', slug).executeTakeFirst());
  }

  // ---- revisions and comments ----

  async nextRevision(trx: Db, articleId: string): Promise<number> {
    const r = await trx.selectFrom('news_revisions').select((eb) => eb.fn.max('revision').as('m')).where('article_id', '=', articleId).executeTakeFirst();
    return Number(r?.m ?? 0) + 1;
  }

  async insertRevision(trx: Db, row: NewsRevisionTable): Promise<void> {
    await trx.insertInto('news_revisions').values(row).execute();
  }

  revisions(db: Db, articleId: string) {
    return db
      .selectFrom('news_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.created_by')
      .select(['r.revision', 'r.status', 'r.reason', 'r.created_at', 'r.created_by', 'u.full_name'])
      .where('r.article_id', '=', articleId)
      .orderBy('r.revision', 'desc')
      .execute();
  }

  revision(db: Db, articleId: string, revision: number) {
    return db
      .selectFrom('news_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.created_by')
      .select(['r.revision', 'r.status', 'r.reason', 'r.created_at', 'r.created_by', 'r.snapshot', 'u.full_name'])
      .where('r.article_id', '=', articleId)
      .where('r.revision', '=', revision)
      .executeTakeFirst();
  }

  async insertComment(trx: Db, row: NewsCommentTable): Promise<void> {
    await trx.insertInto('news_comments').values(row).execute();
  }

  comments(db: Db, articleId: string) {
    return db
      .selectFrom('news_comments as c')
      .leftJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.id', 'c.kind', 'c.body', 'c.user_id', 'c.created_at', 'u.full_name'])
      .where('c.article_id', '=', articleId)
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute();
  }

  async userNames(db: Db, ids: Array<string | null>): Promise<Map<string, string>> {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (!list.length) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', list).execute();
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  // ---- public reads ----

  async published(db: Db, f: PublicFilter): Promise<ArticleRow[]> {
    let q = db.selectFrom('news_articles').selectAll().where('status', '=', 'published');
    if (f.unitIds) q = f.unitIds.length ? q.where('unit_id', 'in', f.unitIds) : q.where(sql<boolean>`1 = 0`);
    if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
    if (f.featured) q = q.where('featured', '=', 1);
    if (f.excludeIds?.length) q = q.where('id', 'not in', f.excludeIds);
    return q
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .limit(f.limit)
      .offset(f.offset ?? 0)
      .execute();
  }

  async countPublished(db: Db, f: Omit<PublicFilter, 'limit' | 'offset'>): Promise<number> {
    let q = db.selectFrom('news_articles').where('status', '=', 'published');
    if (f.unitIds) q = f.unitIds.length ? q.where('unit_id', 'in', f.unitIds) : q.where(sql<boolean>`1 = 0`);
    if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
    if (f.featured) q = q.where('featured', '=', 1);
    const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  publishedBySlug(db: Db, unitId: string, slug: string): Promise<ArticleRow | undefined> {
    return db.selectFrom('news_articles').selectAll().where('unit_id', '=', unitId).where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
  }

  /** Published articles sharing the most tags with `articleId`, then the same category; newest first. */
  async related(db: Db, article: ArticleRow, limit: number): Promise<ArticleRow[]> {
    const byTags = await db
      .selectFrom('news_article_tags as mine')
      .innerJoin('news_article_tags as other', 'other.tag_id', 'mine.tag_id')
      .innerJoin('news_articles as a', 'a.id', 'other.article_id')
      .select(['a.id', (eb) => eb.fn.countAll<number>().as('shared'), 'a.published_at'])
      .where('mine.article_id', '=', article.id)
      .where('a.id', '<>', article.id)
      .where('a.status', '=', 'published')
      .groupBy(['a.id', 'a.published_at'])
      .orderBy('shared', 'desc')
      .orderBy('a.published_at', 'desc')
      .limit(limit)
      .execute();
    const ids = byTags.map((r) => r.id);
    const rows = ids.length ? await db.selectFrom('news_articles').selectAll().where('id', 'in', ids).execute() : [];
    const ordered = ids.map((i) => rows.find((r) => r.id === i)!).filter(Boolean);
    if (ordered.length < limit) {
      ordered.push(...(await this.published(db, { categoryId: article.category_id, excludeIds: [article.id, ...ids], limit: limit - ordered.length })));
    }
    return ordered;
  }

  /** Every published article: id, unit, slug, dates (sitemap). */
  allPublished(db: Db) {
    return db
      .selectFrom('news_articles')
      .select(['id', 'unit_id', 'slug', 'published_at', 'content_updated_at', 'category_id'])
      .where('status', '=', 'published')
      .orderBy('published_at', 'desc')
      .execute();
  }

  /** Articles whose scheduled time has come but which are still waiting (a job missed, e.g. by a crash before commit). */
  dueScheduled(db: Db, now: string) {
    return db.selectFrom('news_articles').select(['id', 'scheduled_at']).where('status', '=', 'scheduled').where('scheduled_at', '<=', now).execute();
  }
}
