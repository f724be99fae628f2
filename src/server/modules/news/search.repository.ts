import { sql } from 'kysely';
import type { Db, Engine } from '../../platform/db.js';
import type { SearchDocTable } from '../../platform/db-schema.js';

export type SearchDocInput = Omit<SearchDocTable, 'seq'>;

export interface SearchFilter {
  tokens: string[];
  kind?: string;
  categoryId?: string;
  unitIds?: string[];
  /** ISO timestamps (inclusive from, exclusive to). */
  fromTs?: string;
  toTs?: string;
  limit: number;
  offset: number;
}

export type SearchHit = Pick<SearchDocTable, 'id' | 'kind' | 'ref_id' | 'unit_id' | 'category_id' | 'title' | 'summary' | 'body' | 'url' | 'image_id' | 'published_at'> & { tier: number };

/**
 * The search index on both engines (see migration 2026112606). Matching: every query word (AND).
 * Ranking, the same on both: 3 = the whole phrase in the title, 2 = every word in the title,
 * 1 = the whole phrase anywhere, 0 = the words apart; then newest first.
 */
export class SearchRepository {
  constructor(private readonly engine: Engine) {}

  async upsert(trx: Db, doc: SearchDocInput): Promise<void> {
    const existing = await trx.selectFrom('search_docs').select('seq').where('id', '=', doc.id).executeTakeFirst();
    if (existing) {
      if (this.engine === 'sqlite') await sql`DELETE FROM search_fts WHERE rowid = ${existing.seq}`.execute(trx);
      await trx.updateTable('search_docs').set(doc).where('id', '=', doc.id).execute();
      if (this.engine === 'sqlite') await sql`INSERT INTO search_fts (rowid, text) VALUES (${existing.seq}, ${doc.search_text})`.execute(trx);
      return;
    }
    const max = await trx.selectFrom('search_docs').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    const seq = Number(max?.m ?? 0) + 1;
    await trx.insertInto('search_docs').values({ ...doc, seq }).execute();
    if (this.engine === 'sqlite') await sql`INSERT INTO search_fts (rowid, text) VALUES (${seq}, ${doc.search_text})`.execute(trx);
  }

  async remove(trx: Db, id: string): Promise<void> {
    const existing = await trx.selectFrom('search_docs').select('seq').where('id', '=', id).executeTakeFirst();
    if (!existing) return;
    if (this.engine === 'sqlite') await sql`DELETE FROM search_fts WHERE rowid = ${existing.seq}`.execute(trx);
    await trx.deleteFrom('search_docs').where('id', '=', id).execute();
  }

  private filters(f: SearchFilter) {
    const parts = [];
    if (f.kind) parts.push(sql`d.kind = ${f.kind}`);
    if (f.categoryId) parts.push(sql`d.category_id = ${f.categoryId}`);
    if (f.unitIds) parts.push(f.unitIds.length ? sql`d.unit_id IN (${sql.join(f.unitIds)})` : sql`1 = 0`);
    if (f.fromTs) parts.push(sql`d.published_at >= ${f.fromTs}`);
    if (f.toTs) parts.push(sql`d.published_at < ${f.toTs}`);
    return parts.length ? sql` AND ${sql.join(parts, sql` AND `)}` : sql``;
  }

  private tier(tokens: string[]) {
    const phrase = ` ${tokens.join(' ')} `;
    const allInTitle = sql.join(
      tokens.map((t) => sql`d.title_text LIKE ${`% ${t} %`}`),
      sql` AND `,
    );
    const phraseAnywhere =
      this.engine === 'sqlite'
        ? sql`d.seq IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${`"${tokens.join(' ')}"`})`
        : sql`d.search_tsv @@ to_tsquery('simple', f_unaccent(${tokens.join(' <-> ')}))`;
    return sql<number>`CASE WHEN d.title_text LIKE ${`%${phrase}%`} THEN 3 WHEN ${allInTitle} THEN 2 WHEN ${phraseAnywhere} THEN 1 ELSE 0 END`;
  }

  private from(tokens: string[]) {
    return this.engine === 'sqlite'
      ? sql`search_fts f JOIN search_docs d ON d.seq = f.rowid WHERE search_fts MATCH ${tokens.map((t) => `"${t}"`).join(' ')}`
      : sql`search_docs d WHERE d.search_tsv @@ to_tsquery('simple', f_unaccent(${tokens.join(' & ')}))`;
  }

  async search(db: Db, f: SearchFilter): Promise<{ rows: SearchHit[]; total: number }> {
    if (!f.tokens.length) return { rows: [], total: 0 };
    const where = sql`${this.from(f.tokens)}${this.filters(f)}`;
    const count = await sql<{ n: number }>`SELECT count(*) AS n FROM ${where}`.execute(db);
    const total = Number(count.rows[0]?.n ?? 0);
    if (!total) return { rows: [], total };
    const rows = await sql<SearchHit>`SELECT d.id, d.kind, d.ref_id, d.unit_id, d.category_id, d.title, d.summary, d.body, d.url, d.image_id, d.published_at, ${this.tier(f.tokens)} AS tier
      FROM ${where}
      ORDER BY tier DESC, d.published_at DESC, d.id
      LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
    return { rows: rows.rows.map((r) => ({ ...r, tier: Number(r.tier) })), total };
  }
}
