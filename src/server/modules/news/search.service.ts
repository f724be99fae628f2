import type { Clock } from '../../platform/clock.js';
import { addDays } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { UnitTree } from '../units/unit-tree.js';
import type { SearchDocInput, SearchRepository } from './search.repository.js';
import { highlight, indexText, queryTokens, snippet } from './search.text.js';

export interface SearchQuery {
  q: string;
  kind?: string;
  categoryId?: string;
  /** Restricts to this unit and every unit under it today. */
  unitId?: string;
  /** Calendar dates (Vietnam), inclusive. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface SearchResultItem {
  kind: string;
  id: string;
  title: string;
  /** Escaped HTML with <mark> around the matched words. */
  titleHtml: string;
  snippetHtml: string;
  url: string;
  unitId: string;
  unitName: string;
  categoryId: string | null;
  imageId: string | null;
  publishedAt: string;
}

export interface SearchResult {
  items: SearchResultItem[];
  total: number;
  /** More matches than `total` (counting stops at 1,000: shown as "hơn 1.000 kết quả"). */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
  /** The words searched for (folded). Empty when the query had none. */
  words: string[];
}

/** A document to index: its text is folded here. */
export interface IndexDoc {
  kind: string;
  refId: string;
  unitId: string;
  categoryId: string | null;
  title: string;
  summary: string;
  body: string;
  url: string;
  imageId: string | null;
  publishedAt: string;
}

/** Vietnam midnight of a calendar date as an ISO instant. */
const vnMidnight = (d: string) => new Date(`${d}T00:00:00+07:00`).toISOString();

/**
 * One search over what the public may read: published articles now; good models, materials and
 * public plans later index themselves through `index`/`remove` with their own `kind`.
 */
export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly repo: SearchRepository,
    private readonly tree: () => Promise<UnitTree>,
    private readonly clock: Clock,
  ) {}

  async index(trx: Db, d: IndexDoc): Promise<void> {
    const doc: SearchDocInput = {
      id: `${d.kind}:${d.refId}`,
      kind: d.kind,
      ref_id: d.refId,
      unit_id: d.unitId,
      category_id: d.categoryId,
      title: d.title,
      summary: d.summary,
      body: d.body,
      url: d.url,
      image_id: d.imageId,
      published_at: d.publishedAt,
      title_text: ` ${indexText(d.title)} `,
      search_text: indexText(`${d.title}\n${d.summary}\n${d.body}`),
    };
    await this.repo.upsert(trx, doc);
  }

  async remove(trx: Db, kind: string, refId: string): Promise<void> {
    await this.repo.remove(trx, `${kind}:${refId}`);
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const words = queryTokens(q.q ?? '');
    const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize, words };
    if (!words.length) return empty;
    const tree = await this.tree();
    let unitIds: string[] | undefined;
    if (q.unitId) {
      unitIds = tree.get(q.unitId) ? [...tree.rollup(q.unitId, this.clock.today())] : [];
      // The whole tree (the main site's province committee): no unit condition to check on every match.
      if (unitIds.length === tree.units.size) unitIds = undefined;
    }
    const { rows, total, capped } = await this.repo.search(this.db, {
      tokens: words,
      kind: q.kind,
      categoryId: q.categoryId,
      unitIds,
      fromTs: q.from ? vnMidnight(q.from) : undefined,
      toTs: q.to ? vnMidnight(addDays(q.to, 1)) : undefined,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return {
      ...empty,
      total,
      totalCapped: capped,
      items: rows.map((r) => ({
        kind: r.kind,
        id: r.ref_id,
        title: r.title,
        titleHtml: highlight(r.title, words),
        snippetHtml: snippet(`${r.summary} ${r.body}`, words),
        url: r.url,
        unitId: r.unit_id,
        unitName: tree.get(r.unit_id)?.name ?? '',
        categoryId: r.category_id,
        imageId: r.image_id,
        publishedAt: r.published_at,
      })),
    };
  }
}
