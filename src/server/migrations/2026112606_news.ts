import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/** The eight categories of the public site (issue 5); slugs are part of public URLs. */
export const NEWS_CATEGORIES: Array<{ slug: string; name: string; description: string }> = [
  { slug: 'tin-hoat-dong', name: 'Tin hoạt động Mặt trận', description: 'Hoạt động của Ủy ban MTTQ, các tổ chức thành viên và Ban công tác Mặt trận ở khu dân cư.' },
  { slug: 'chuyen-doi-so', name: 'Chuyển đổi số', description: 'Chuyển đổi số trong công tác Mặt trận và đời sống nhân dân; phong trào "Bình dân học vụ số".' },
  { slug: 'dai-doan-ket', name: 'Đại đoàn kết', description: 'Chuyên mục "Đại đoàn kết": khối đại đoàn kết toàn dân tộc ở cơ sở.' },
  { slug: 'mo-hinh-hay', name: 'Mô hình hay', description: 'Mô hình hay, cách làm sáng tạo ở cơ sở.' },
  { slug: 'guong-dien-hinh', name: 'Gương điển hình', description: 'Gương điển hình tiên tiến, người tốt việc tốt.' },
  { slug: 'hoi-dap-nghi-quyet-57', name: 'Hỏi đáp Nghị quyết 57', description: 'Hỏi - đáp về Nghị quyết 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.' },
  { slug: 'van-ban', name: 'Văn bản', description: 'Kế hoạch, hướng dẫn, thông báo được công bố công khai.' },
  { slug: 'tai-lieu-tuyen-truyen', name: 'Tài liệu tuyên truyền', description: 'Tài liệu, hỏi đáp, tranh cổ động phục vụ tuyên truyền.' },
];

/**
 * The newsroom and the public site: categories, tags, articles with their revisions, comments and
 * images, and one search index (articles now; models, materials and public plans later).
 *
 * Search: every engine indexes the same app-folded text (see modules/news/search.text.ts), so both
 * answer the same. SQLite keeps a contentless FTS5 table keyed by `search_docs.seq`; PostgreSQL a
 * generated tsvector over `f_unaccent(search_text)` (an IMMUTABLE wrapper of unaccent) with a GIN index.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const s = db.schema;

  await s
    .createTable('news_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();
  for (const [i, c] of NEWS_CATEGORIES.entries()) {
    await db.insertInto('news_categories').values({ id: randomUUID(), slug: c.slug, name: c.name, description: c.description, sort: i + 1 }).execute();
  }

  // A unit's public sub-site: its slug is given once (from the unit's name) and never changes, so links survive renames.
  await s
    .createTable('news_sites')
    .addColumn('unit_id', 'text', (c) => c.primaryKey().references('units.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('news_tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('news_images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('variants', 'text', (c) => c.notNull()) // JSON { "400": fileId, "800": …, "1200": …, "jpeg": fileId }
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('news_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('news_categories.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sapo', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // ArticleDoc JSON
    .addColumn('body_text', 'text', (c) => c.notNull()) // plain text of the body (search, feeds, diff)
    .addColumn('cover_image_id', 'text', (c) => c.references('news_images.id'))
    .addColumn('cover_caption', 'text')
    .addColumn('byline', 'text')
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | submitted | approved | scheduled | published | unpublished
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('scheduled_at', 'text')
    .addColumn('published_at', 'text') // first publication: the date readers see
    .addColumn('published_by', 'text')
    .addColumn('content_updated_at', 'text') // last change of the public content (dateModified, feeds)
    .addColumn('unpublished_at', 'text')
    .addUniqueConstraint('news_articles_unit_slug', ['unit_id', 'slug'])
    .execute();
  await s.createIndex('news_articles_public').on('news_articles').columns(['status', 'published_at']).execute();
  await s.createIndex('news_articles_unit').on('news_articles').columns(['unit_id', 'status', 'published_at']).execute();
  await s.createIndex('news_articles_category').on('news_articles').columns(['category_id', 'status', 'published_at']).execute();

  await s
    .createTable('news_article_tags')
    .addColumn('article_id', 'text', (c) => c.notNull().references('news_articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'text', (c) => c.notNull().references('news_tags.id'))
    .addPrimaryKeyConstraint('news_article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await s.createIndex('news_article_tags_tag').on('news_article_tags').columns(['tag_id', 'article_id']).execute();

  await s
    .createTable('news_article_topics')
    .addColumn('article_id', 'text', (c) => c.notNull().references('news_articles.id').onDelete('cascade'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.id'))
    .addPrimaryKeyConstraint('news_article_topics_pk', ['article_id', 'topic_id'])
    .execute();

  // Images an article shows (cover and body): a public image URL answers only for these.
  await s
    .createTable('news_article_images')
    .addColumn('article_id', 'text', (c) => c.notNull().references('news_articles.id').onDelete('cascade'))
    .addColumn('image_id', 'text', (c) => c.notNull().references('news_images.id'))
    .addPrimaryKeyConstraint('news_article_images_pk', ['article_id', 'image_id'])
    .execute();
  await s.createIndex('news_article_images_image').on('news_article_images').columns(['image_id']).execute();

  await s
    .createTable('news_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('news_articles.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull()) // JSON: the whole article as saved
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('news_revisions_article_revision', ['article_id', 'revision'])
    .execute();

  await s
    .createTable('news_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('news_articles.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // comment | return | approve | unpublish
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('news_comments_article').on('news_comments').columns(['article_id', 'created_at']).execute();

  // ---- search ----
  await s
    .createTable('search_docs')
    .addColumn('id', 'text', (c) => c.primaryKey()) // `${kind}:${refId}`
    .addColumn('seq', 'integer', (c) => c.notNull()) // the FTS5 rowid on SQLite (unique there; unused on PostgreSQL)
    .addColumn('kind', 'text', (c) => c.notNull()) // article (later: model, material, plan)
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // original text, for snippets
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('title_text', 'text', (c) => c.notNull()) // ` folded title tokens `, padded with spaces
    .addColumn('search_text', 'text', (c) => c.notNull()) // folded tokens of title, summary and body
    .execute();
  await s.createIndex('search_docs_date').on('search_docs').columns(['kind', 'published_at']).execute();
  await s.createIndex('search_docs_ref').on('search_docs').columns(['ref_id']).execute();

  if (engine === 'sqlite') {
    // SQLite runs one write transaction at a time, so max(seq) + 1 is safe; the index keeps it honest.
    await s.createIndex('search_docs_seq').on('search_docs').column('seq').unique().execute();
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
  } else {
    // One extension per database, in public: a test schema dropped later must not take it along.
    // The advisory lock serialises concurrent migrations (parallel test files) around CREATE EXTENSION.
    await sql`SELECT pg_advisory_xact_lock(575757)`.execute(db);
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`.execute(db);
    await sql`CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`.execute(db);
    await sql`ALTER TABLE search_docs ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, f_unaccent(search_text))) STORED`.execute(db);
    await sql`CREATE INDEX search_docs_tsv ON search_docs USING gin (search_tsv)`.execute(db);
  }
}
