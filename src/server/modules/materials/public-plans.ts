import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { flattenRichDoc } from '../documents/index.js';
import { flatText } from '../documents/flatten.js';
import { bumpPortalVersion, type SearchService } from '../news/index.js';
import { PlansRepository } from '../plans/index.js';
import { contentOf, NO_ACTIONS, planDto } from '../plans/plans.content.js';
import type { PlanRow } from '../plans/plans.repository.js';
import type { PlanDto } from '../plans/plans.schemas.js';
import type { UnitTree } from '../units/unit-tree.js';
import { newId } from '../../platform/ids.js';

/** Public plans are issued (or closed) plans with `is_public = 1`, not templates. */
const PUBLIC_STATUSES = ['issued', 'closed'];

export interface PublicPlanItem {
  id: string;
  numberText: string | null;
  title: string;
  subject: string;
  docDate: string | null;
  unitId: string;
  unitName: string;
  status: string;
  url: string;
  pdfUrl: string;
}

/**
 * "Văn bản" on the public site: issued plans marked public (PATCH /api/plans/:id/public), their
 * search entries (kind `plan`) and their PDF (the plans module's official-document export).
 */
export class PublicPlans {
  private readonly repo = new PlansRepository();

  constructor(
    private readonly d: {
      db: Db;
      search: SearchService;
      clock: Clock;
      tree: () => Promise<UnitTree>;
    },
  ) {}

  private query(db: Db) {
    return db.selectFrom('plans').where('is_public', '=', 1).where('is_template', '=', 0).where('status', 'in', PUBLIC_STATUSES);
  }

  private item(tree: UnitTree, r: PlanRow): PublicPlanItem {
    return {
      id: r.id,
      numberText: r.number_text,
      title: r.title,
      subject: r.subject,
      docDate: r.doc_date,
      unitId: r.issuing_unit_id,
      unitName: tree.get(r.issuing_unit_id)?.name ?? '',
      status: r.status,
      url: `/van-ban/${r.id}`,
      pdfUrl: `/van-ban/${r.id}/tai-ve`,
    };
  }

  async list(page: number, pageSize: number): Promise<{ items: PublicPlanItem[]; total: number }> {
    const tree = await this.d.tree();
    const total = Number((await this.query(this.d.db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await this.query(this.d.db)
      .selectAll()
      .orderBy('doc_date', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { items: rows.map((r) => this.item(tree, r)), total };
  }

  async get(id: string): Promise<{ item: PublicPlanItem; plan: PlanDto } | null> {
    const row = await this.query(this.d.db).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const tree = await this.d.tree();
    const plan = planDto(row, await this.repo.children(this.d.db, id), tree, this.d.clock.today(), NO_ACTIONS);
    return { item: this.item(tree, row), plan };
  }

  async sitemapEntries(): Promise<Array<{ url: string; lastmod: string }>> {
    const rows = await this.query(this.d.db).select(['id', 'updated_at']).orderBy('doc_date', 'desc').execute();
    return rows.map((r) => ({ url: `/van-ban/${r.id}`, lastmod: r.updated_at }));
  }

  /** Indexes the plan when public (kind `plan`) or removes it; bumps the portal version. */
  async reindex(trx: Db, planId: string): Promise<void> {
    const row = await this.query(trx).selectAll().where('id', '=', planId).executeTakeFirst();
    if (!row) await this.d.search.remove(trx, 'plan', planId);
    else {
      const content = contentOf(row, await this.repo.children(trx, planId));
      const text = (doc: Parameters<typeof flattenRichDoc>[0]) => flattenRichDoc(doc).map(flatText).join('\n');
      const body = [text(content.preamble), ...content.sections.map((s) => `${s.heading}\n${text(s.content)}`)].join('\n');
      const cat = await trx.selectFrom('news_categories').select('id').where('slug', '=', 'van-ban').executeTakeFirst();
      await this.d.search.index(trx, {
        kind: 'plan',
        refId: planId,
        unitId: row.issuing_unit_id,
        categoryId: cat?.id ?? null,
        title: `${row.title.charAt(0)}${row.title.slice(1).toLowerCase()}${row.number_text ? ` số ${row.number_text}` : ''} ${row.subject}`.trim(),
        summary: row.subject,
        body,
        url: `/van-ban/${planId}`,
        imageId: null,
        publishedAt: row.issued_at ?? row.updated_at,
      });
    }
    await bumpPortalVersion(trx, this.d.clock);
  }
}
