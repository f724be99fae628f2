import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/** "Chia sẻ lên Fanpage": every attempt to post an article to the committee's Facebook page, with its result. */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('news_fanpage_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('news_articles.id').onDelete('cascade'))
    .addColumn('posted_by', 'text', (c) => c.references('users.id'))
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('error', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('news_fanpage_posts_article').on('news_fanpage_posts').columns(['article_id', 'posted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('news_fanpage_posts').execute();
}
