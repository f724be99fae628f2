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

/** Counting stops here: beyond it the portal shows "hơn 1.000 kết quả". */
export const COUNT_CAP = 1000;

/** Room for documents published in the same millisecond (seq = ms × 1024 + k). */
const SEQ_SLOTS = 1024;

/**
 * The FTS rowid of a document published at `publishedAt`: ordered like the publication instant, so
 * "newest first" is the FTS index's own descending rowid order and a LIMIT stops after one page.
 * (ms since 1970 × 1024 stays below 2^53 until the year 2248.)
 */
export function seqBase(publishedAt: string): number {
  const ms = Date.parse(publishedAt);
  return (Number.isFinite(ms) ? ms : 0) * SEQ_SLOTS;
}

/**
 * The search index on both engines (migrations 2026112606 and 2026112704). Matching: every query word
 * (AND). Ranking, the same on both: 3 = the whole phrase in the title, 2 = every word in the title,
 * 1 = the whole phrase anywhere, 0 = the words apart; then newest first.
 *
 * Fast over 100,000+ documents: each tier is its own query, newest first with a LIMIT, read in tier
 * order until a page is full — no ranking or sorting of every match. On SQLite the FTS rowid (`seq`)
 * follows the publication instant, so each tier is a descending walk of an FTS5 doclist (titles have
 * their own small FTS table, `search_title_fts`) that stops after the page; on PostgreSQL the GIN
 * indexes on `search_tsv` and `title_tsv` answer the same tier conditions. The total is counted up to
 * `COUNT_CAP` (`capped` beyond it).
 */
export class SearchRepository {
  constructor(private readonly engine: Engine) {}

  /** A free seq for the instant (the next slot of the same millisecond). */
  private async freeSeq(trx: Db, publishedAt: string): Promise<number> {
    const base = seqBase(publishedAt);
    const row = await trx
      .selectFrom('search_docs')
      .select((eb) => eb.fn.max('seq').as('m'))
      .where('seq', '>=', base)
      .where('seq', '<', base + SEQ_SLOTS)
      .executeTakeFirst();
    if (row?.m === null || row?.m === undefined) return base;
    const next = Number(row.m) + 1;
    if (next < base + SEQ_SLOTS) return next;
    // 1,024 documents in one millisecond: the next free number above (order off by under a millisecond).
    const top = await trx.selectFrom('search_docs').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    return Number(top?.m ?? base) + 1;
  }

  private async ftsInsert(trx: Db, seq: number, doc: SearchDocInput): Promise<void> {
    await sql`INSERT INTO search_fts (rowid, text) VALUES (${seq}, ${doc.search_text})`.execute(trx);
    await sql`INSERT INTO search_title_fts (rowid, text) VALUES (${seq}, ${doc.title_text})`.execute(trx);
  }

  private async ftsDelete(trx: Db, seq: number): Promise<void> {
    await sql`DELETE FROM search_fts WHERE rowid = ${seq}`.execute(trx);
    await sql`DELETE FROM search_title_fts WHERE rowid = ${seq}`.execute(trx);
  }

  async upsert(trx: Db, doc: SearchDocInput): Promise<void> {
    const existing = await trx.selectFrom('search_docs').select(['seq', 'published_at']).where('id', '=', doc.id).executeTakeFirst();
    if (existing) {
      let seq = existing.seq;
      if (this.engine === 'sqlite') {
        await this.ftsDelete(trx, seq);
        // A new publication instant moves the document to its place in the FTS order.
        if (existing.published_at !== doc.published_at) seq = await this.freeSeq(trx, doc.published_at);
      }
      await trx
        .updateTable('search_docs')
        .set({ ...doc, seq })
        .where('id', '=', doc.id)
        .execute();
      if (this.engine === 'sqlite') await this.ftsInsert(trx, seq, doc);
      return;
    }
    const seq = this.engine === 'sqlite' ? await this.freeSeq(trx, doc.published_at) : 0;
    await trx.insertInto('search_docs').values({ ...doc, seq }).execute();
    if (this.engine === 'sqlite') await this.ftsInsert(trx, seq, doc);
  }

  async remove(trx: Db, id: string): Promise<void> {
    const existing = await trx.selectFrom('search_docs').select('seq').where('id', '=', id).executeTakeFirst();
    if (!existing) return;
    if (this.engine === 'sqlite') await this.ftsDelete(trx, existing.seq);
    await trx.deleteFrom('search_docs').where('id', '=', id).execute();
  }

  private filters(f: SearchFilter) {
    const parts = [];
    if (f.kind) parts.push(sql`d.kind = ${f.kind}`);
    if (f.categoryId) parts.push(sql`d.category_id = ${f.categoryId}`);
    if (f.unitIds) parts.push(f.unitIds.length ? sql`d.unit_id IN (${sql.join(f.unitIds)})` : sql`1 = 0`);
    if (f.fromTs) parts.push(sql`d.published_at >= ${f.fromTs}`);
    if (f.toTs) parts.push(sql`d.published_at < ${f.toTs}`);
    // SQLite: the FTS rowid follows the instant, so a date range is also a rowid range FTS5 seeks to
    // (the walk starts at the end of the range instead of at the newest match). Only a document numbered
    // past its millisecond's 1,024 slots could sit outside it, which the app never produces.
    if (this.engine === 'sqlite' && f.fromTs) parts.push(sql`f.rowid >= ${seqBase(f.fromTs)}`);
    if (this.engine === 'sqlite' && f.toTs) parts.push(sql`f.rowid < ${seqBase(f.toTs)}`);
    return parts.length ? sql` AND ${sql.join(parts, sql` AND `)}` : sql``;
  }

  /**
   * The condition of each tier, as a FROM … WHERE over `d` (search_docs) ordered newest first.
   * SQLite: FTS5 queries of bare folded tokens, each quoted (no operator can come from the user).
   */
  private tiers(tokens: string[]): Array<{ tier: number; from: ReturnType<typeof sql>; order: ReturnType<typeof sql> }> {
    const one = tokens.length === 1;
    if (this.engine === 'sqlite') {
      const phrase = `"${tokens.join(' ')}"`;
      const all = tokens.map((t) => `"${t}"`).join(' ');
      // ORDER BY the FTS table's own rowid (not d.seq): FTS5 then walks its doclist backwards and stops at the LIMIT.
      const title = (tier: number, q: string) => ({ tier, from: sql`search_title_fts f JOIN search_docs d ON d.seq = f.rowid WHERE search_title_fts MATCH ${q}`, order: sql`ORDER BY f.rowid DESC` });
      const body = (tier: number, q: string) => ({
        tier,
        from: sql`search_fts f JOIN search_docs d ON d.seq = f.rowid WHERE search_fts MATCH ${q} AND f.rowid NOT IN (SELECT rowid FROM search_title_fts WHERE search_title_fts MATCH ${all})`,
        order: sql`ORDER BY f.rowid DESC`,
      });
      return one ? [title(3, phrase), body(1, phrase)] : [title(3, phrase), title(2, `(${all}) NOT ${phrase}`), body(1, phrase), body(0, `(${all}) NOT ${phrase}`)];
    }
    const phrase = tokens.join(' <-> ');
    const all = tokens.join(' & ');
    const q = (s: string) => sql`to_tsquery('simple', ${s})`;
    const order = sql`ORDER BY d.published_at DESC, d.id`;
    const pg = (tier: number, where: ReturnType<typeof sql>) => ({ tier, from: sql`search_docs d WHERE ${where}`, order });
    return one
      ? [pg(3, sql`d.title_tsv @@ ${q(all)}`), pg(1, sql`d.search_tsv @@ ${q(all)} AND NOT d.title_tsv @@ ${q(all)}`)]
      : [
          pg(3, sql`d.title_tsv @@ ${q(phrase)}`),
          pg(2, sql`d.title_tsv @@ ${q(all)} AND NOT d.title_tsv @@ ${q(phrase)}`),
          pg(1, sql`d.search_tsv @@ ${q(phrase)} AND NOT d.title_tsv @@ ${q(all)}`),
          pg(0, sql`d.search_tsv @@ ${q(all)} AND NOT d.search_tsv @@ ${q(phrase)} AND NOT d.title_tsv @@ ${q(all)}`),
        ];
  }

  async search(db: Db, f: SearchFilter): Promise<{ rows: SearchHit[]; total: number; capped: boolean }> {
    if (!f.tokens.length) return { rows: [], total: 0, capped: false };
    const need = f.offset + f.limit;
    const where = this.filters(f);
    // Ids only while walking the tiers (the filters read index columns); the page's rows afterwards.
    const found: Array<{ id: string; tier: number }> = [];
    for (const t of this.tiers(f.tokens)) {
      const rows = await sql<{ id: string }>`SELECT d.id FROM ${t.from}${where} ${t.order} LIMIT ${need - found.length}`.execute(db);
      for (const r of rows.rows) found.push({ id: r.id, tier: t.tier });
      if (found.length >= need) break;
    }
    const pageIds = found.slice(f.offset);
    const docs = pageIds.length
      ? await db
          .selectFrom('search_docs')
          .select(['id', 'kind', 'ref_id', 'unit_id', 'category_id', 'title', 'summary', 'body', 'url', 'image_id', 'published_at'])
          .where(
            'id',
            'in',
            pageIds.map((p) => p.id),
          )
          .execute()
      : [];
    const byId = new Map(docs.map((d) => [d.id, d]));
    const page = pageIds.flatMap((p) => {
      const d = byId.get(p.id);
      return d ? [{ ...d, tier: p.tier }] : [];
    });
    if (found.length < need) return { rows: page, total: found.length, capped: false };
    // More than one page: count every match (any tier), up to the cap; without filters, the FTS index alone.
    const cap = Math.max(COUNT_CAP, need);
    const words = f.tokens.map((t) => `"${t}"`).join(' ');
    const noFilter = !f.kind && !f.categoryId && !f.unitIds && !f.fromTs && !f.toTs;
    const all =
      this.engine === 'sqlite'
        ? noFilter
          ? sql`search_fts f WHERE search_fts MATCH ${words}`
          : sql`search_fts f JOIN search_docs d ON d.seq = f.rowid WHERE search_fts MATCH ${words}`
        : sql`search_docs d WHERE d.search_tsv @@ to_tsquery('simple', ${f.tokens.join(' & ')})`;
    const count = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${all}${where} LIMIT ${cap + 1}) x`.execute(db);
    const n = Number(count.rows[0]?.n ?? 0);
    return { rows: page, total: Math.min(n, cap), capped: n > cap };
  }
}
