import { type Kysely, sql } from 'kysely';
import type { Engine } from '../platform/db.js';

/** ms since 1970 × 1024 (+ a slot for documents of the same millisecond): see modules/news/search.repository.ts. */
const SEQ_SLOTS = 1024;

/**
 * Search over 100,000+ documents answers a page without ranking every match (issue 5):
 * - SQLite: `search_docs.seq`, the FTS5 rowid, now follows the publication instant (ms × 1024 + k), so
 *   "newest first" is a descending walk of the FTS doclist that stops after a page. Existing rows are
 *   renumbered and `search_fts` rebuilt; titles get their own contentless FTS5 table `search_title_fts`
 *   (the title tiers of the ranking read it instead of testing every match's title).
 * - PostgreSQL: a stored generated `title_tsv` over the folded title with a GIN index, for the same tiers.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    const rows = await db.selectFrom('search_docs').select(['id', 'published_at']).orderBy('published_at').orderBy('id').execute();
    // Old numbers are small (1, 2, 3…), new ones are above 10^15: no clash with the unique index meanwhile.
    // In publication order, each takes its millisecond's first number or the next after the previous one.
    let last = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      const ms = Date.parse(r.published_at);
      const seq = Math.max((Number.isFinite(ms) ? ms : 0) * SEQ_SLOTS, last + 1);
      last = seq;
      await db.updateTable('search_docs').set({ seq }).where('id', '=', r.id).execute();
    }
    await sql`DROP TABLE search_fts`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_title_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`INSERT INTO search_fts (rowid, text) SELECT seq, search_text FROM search_docs`.execute(db);
    await sql`INSERT INTO search_title_fts (rowid, text) SELECT seq, title_text FROM search_docs`.execute(db);
  } else {
    await sql`ALTER TABLE search_docs ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_text)) STORED`.execute(db);
    await sql`CREATE INDEX search_docs_title_tsv ON search_docs USING gin (title_tsv)`.execute(db);
  }
  // SQLite: the filters of a search (kind, category, unit, date) read from this index, not the wide rows.
  // PostgreSQL: newest first within the filters.
  if (engine === 'sqlite') await db.schema.createIndex('search_docs_filter').on('search_docs').columns(['seq', 'kind', 'category_id', 'unit_id', 'published_at', 'id']).execute();
  else await db.schema.createIndex('search_docs_published').on('search_docs').columns(['published_at', 'id']).execute();
}
