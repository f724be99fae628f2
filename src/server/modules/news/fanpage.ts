/**
 * "Chia sẻ lên Fanpage": the share package of an article for the committee's Facebook page (post
 * text with a shortened sapo and hashtags, the canonical link, the link-preview image), and an
 * optional adapter that posts it through the Graph API with a page token
 * (`POST {FANPAGE_GRAPH_URL}/{FANPAGE_PAGE_ID}/feed`). Posting is never required: without a page id
 * and token the officer copies the text by hand. Every attempt is recorded with its result.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { AppError, conflict, forbidden } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import { newId } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import type { Services } from '../../services.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { publicImageUrl } from './news.images.js';
import { isApprover } from './news.policy.js';
import type { NewsRepository } from './news.repository.js';
import { IdParams } from './news.schemas.js';
import type { NewsService } from './news.service.js';

export interface FanpageConfig {
  graphUrl: string;
  pageId: string;
  accessToken: string;
}

// ---- the share package ----

/** "Nghị quyết 57" → "#NghiQuyet57": diacritics removed (Facebook links plain hashtags best), words capitalised. */
export function hashtagOf(phrase: string): string {
  const words = foldVietnamese(phrase)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.length ? `#${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}` : '';
}

/** Hashtags of the resolution's topic tree by topic code (the demo campaign's codes; other campaigns fall back to short titles). */
const TOPIC_HASHTAGS: Record<string, string> = {
  NQ57: '#NghiQuyet57',
  MT02: '#ChuyenDoiSo',
  MT07: '#KinhTeSo',
  MT08: '#ChuyenDoiSo',
  MT18: '#ChuyenDoiSo',
  MT19: '#DoThiThongMinh',
  MT21: '#ChuyenDoiSo',
  TN1: '#KinhTeSo',
  TN2: '#ChuyenDoiSo',
  QD3: '#ChuyenDoiSo',
  MT01: '#KhoaHocCongNghe',
  MT12: '#KhoaHocCongNghe',
  MT13: '#KhoaHocCongNghe',
  MT14: '#KhoaHocCongNghe',
  MT03: '#TriTueNhanTao',
  MT09: '#KhongDungTienMat',
  MT10: '#DoiMoiSangTao',
  BDHVS: '#BinhDanHocVuSo',
  KNS: '#AnToanKhongGianMang',
  GSPB: '#GiamSatPhanBien',
  TCTH: '#MatTranToQuoc',
};

const CATEGORY_HASHTAGS: Record<string, string> = {
  'chuyen-doi-so': '#ChuyenDoiSo',
  'dai-doan-ket': '#DaiDoanKet',
  'mo-hinh-hay': '#MoHinhHay',
  'guong-dien-hinh': '#GuongDienHinh',
  'hoi-dap-nghi-quyet-57': '#NghiQuyet57',
};

export const MAX_HASHTAGS = 6;
export const SAPO_MAX = 300;

/** The sapo cut for a post: whole sentences up to `max` characters, else whole words with "…". */
export function shortenSapo(sapo: string, max = SAPO_MAX): string {
  const s = sapo.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const head = s.slice(0, max + 1);
  let cut = -1;
  for (const m of head.matchAll(/[.!?…](?=\s)/g)) if (m.index !== undefined && m.index < max) cut = m.index + 1;
  if (cut >= max * 0.4) return s.slice(0, cut).trim();
  const space = s.lastIndexOf(' ', max - 1);
  return `${s.slice(0, space > max * 0.5 ? space : max - 1).replace(/[\s,;:–-]+$/, '')}…`;
}

export interface ShareInput {
  title: string;
  sapo: string;
  /** Topics with their code and the codes of the topics above them (root last). */
  topics: Array<{ code: string; title: string; ancestors: string[] }>;
  categorySlug: string | null;
  tags: string[];
  /** Absolute canonical URL of the published article; null before it is published. */
  link: string | null;
  image: { url: string; alt: string };
}

export interface SharePackage {
  text: string;
  title: string;
  summary: string;
  hashtags: string[];
  link: string | null;
  image: { url: string; alt: string };
}

export function sharePackage(a: ShareInput): SharePackage {
  const tags: string[] = [];
  const add = (t: string | undefined) => {
    if (t && t.length > 1 && !tags.includes(t)) tags.push(t);
  };
  for (const t of a.topics) if ([t.code, ...t.ancestors].includes('NQ57')) add('#NghiQuyet57');
  for (const t of a.topics) add(TOPIC_HASHTAGS[t.code] ?? [...t.ancestors].map((c) => TOPIC_HASHTAGS[c]).find((x) => x && x !== '#NghiQuyet57') ?? (t.title.split(/\s+/).length <= 4 ? hashtagOf(t.title) : undefined));
  if (a.categorySlug) add(CATEGORY_HASHTAGS[a.categorySlug]);
  for (const t of a.tags) if (t.trim().split(/\s+/).length <= 4) add(hashtagOf(t));
  const hashtags = tags.slice(0, MAX_HASHTAGS);
  const title = a.title.replace(/\s+/g, ' ').trim();
  const summary = shortenSapo(a.sapo);
  const text = [title, summary, a.link ? `Đọc tiếp: ${a.link}` : '', hashtags.join(' ')].filter(Boolean).join('\n\n');
  return { text, title, summary, hashtags, link: a.link, image: a.image };
}

// ---- the Graph API adapter ----

export class FanpagePostError extends Error {
  constructor(readonly vietnamese: string) {
    super(vietnamese);
  }
}

/** Posts `message` and `link` to the page's feed; returns the post id or throws FanpagePostError (Vietnamese). */
export async function postToPage(cfg: FanpageConfig, message: string, link: string): Promise<string> {
  const body = new URLSearchParams({ message, link, access_token: cfg.accessToken });
  let res: Response;
  try {
    res = await fetch(`${cfg.graphUrl}/${encodeURIComponent(cfg.pageId)}/feed`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new FanpagePostError('Không kết nối được tới Facebook. Hãy thử lại sau ít phút hoặc đăng bằng tay với nội dung đã chuẩn bị.');
  }
  const json = (await res.json().catch(() => null)) as { id?: unknown; error?: { message?: unknown; code?: unknown } } | null;
  if (res.ok && json && typeof json.id === 'string' && json.id) return json.id;
  const fb = json?.error;
  const code = typeof fb?.code === 'number' ? fb.code : null;
  const detail = typeof fb?.message === 'string' ? fb.message.slice(0, 300) : `HTTP ${res.status}`;
  if (code === 190) throw new FanpagePostError(`Facebook từ chối mã truy cập của Trang (hết hạn hoặc không hợp lệ); quản trị viên cần cấp lại FANPAGE_ACCESS_TOKEN. Chi tiết: ${detail}`);
  if (code === 10 || code === 200 || code === 210) throw new FanpagePostError(`Mã truy cập không có quyền đăng bài lên Trang. Chi tiết: ${detail}`);
  throw new FanpagePostError(`Facebook không nhận bài đăng${code !== null ? ` (mã lỗi ${code})` : ''}. Chi tiết: ${detail}`);
}

// ---- the service ----

export interface FanpageHistoryItem {
  id: string;
  postedAt: string;
  postedBy: string | null;
  postedByName: string | null;
  ok: boolean;
  remoteId: string | null;
  postUrl: string | null;
  error: string | null;
}

export class FanpageService {
  constructor(
    private readonly d: { db: Db; repo: NewsRepository; news: NewsService; audit: AuditService; clock: Clock; config: FanpageConfig },
  ) {}

  get configured(): boolean {
    return !!(this.d.config.pageId && this.d.config.accessToken && this.d.config.graphUrl);
  }

  private async topicsWithCodes(articleId: string): Promise<ShareInput['topics']> {
    const db = this.d.db;
    const rows = await db
      .selectFrom('news_article_topics as at')
      .innerJoin('topics as t', 't.id', 'at.topic_id')
      .select(['t.id', 't.code', 't.title', 't.parent_id', 't.sort'])
      .where('at.article_id', '=', articleId)
      .orderBy('t.sort')
      .execute();
    const parents = new Map<string, { code: string; parent_id: string | null }>();
    const out: ShareInput['topics'] = [];
    for (const r of rows) {
      const ancestors: string[] = [];
      let p = r.parent_id;
      for (let i = 0; p && i < 10; i++) {
        let row = parents.get(p);
        if (!row) {
          row = await db.selectFrom('topics').select(['code', 'parent_id']).where('id', '=', p).executeTakeFirst();
          if (!row) break;
          parents.set(p, row);
        }
        ancestors.push(row.code);
        p = row.parent_id;
      }
      out.push({ code: r.code, title: r.title, ancestors });
    }
    return out;
  }

  async package(scope: Scope, id: string, base: string): Promise<SharePackage & { published: boolean }> {
    const row = await this.d.news.visibleArticle(scope, id);
    const [topics, tags, category] = await Promise.all([this.topicsWithCodes(id), this.d.repo.tagsOf(this.d.db, [id]), this.d.news.category(row.category_id)]);
    const published = row.status === 'published';
    const link = published ? base + (await this.d.news.publicUrl(this.d.db, row)) : null;
    const cover = row.cover_image_id ? await this.d.db.selectFrom('news_images').select(['id', 'alt']).where('id', '=', row.cover_image_id).executeTakeFirst() : undefined;
    const image = cover ? { url: base + publicImageUrl(cover.id, 'jpeg'), alt: cover.alt } : { url: `${base}/portal/og-default.jpg`, alt: 'Ảnh mặc định của trang thông tin' };
    return { ...sharePackage({ title: row.title, sapo: row.sapo, topics, categorySlug: category?.slug ?? null, tags: tags.get(id) ?? [], link, image }), published };
  }

  async history(articleId: string): Promise<FanpageHistoryItem[]> {
    const rows = await this.d.db
      .selectFrom('news_fanpage_posts as p')
      .leftJoin('users as u', 'u.id', 'p.posted_by')
      .select(['p.id', 'p.posted_at', 'p.posted_by', 'u.full_name', 'p.remote_id', 'p.error'])
      .where('p.article_id', '=', articleId)
      .orderBy('p.posted_at', 'desc')
      .orderBy('p.id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      postedAt: r.posted_at,
      postedBy: r.posted_by,
      postedByName: r.full_name ?? null,
      ok: !!r.remote_id,
      remoteId: r.remote_id,
      postUrl: r.remote_id ? `https://www.facebook.com/${encodeURIComponent(r.remote_id)}` : null,
      error: r.error,
    }));
  }

  async view(scope: Scope, id: string, base: string) {
    const pkg = await this.package(scope, id, base);
    const row = await this.d.news.visibleArticle(scope, id);
    return { package: pkg, configured: this.configured, canPost: this.configured && pkg.published && isApprover(scope, row.unit_id), history: await this.history(id) };
  }

  /** Posts the article (published only; the unit's leaders) and records the attempt, failed or not. */
  async post(scope: Scope, ctx: Ctx, id: string, base: string): Promise<FanpageHistoryItem> {
    const row = await this.d.news.visibleArticle(scope, id);
    if (!isApprover(scope, row.unit_id)) throw forbidden('fanpage_forbidden', 'Chỉ lãnh đạo của đơn vị đăng tin mới được đăng tin bài lên Fanpage.');
    if (!this.configured)
      throw conflict('fanpage_not_configured', 'Chưa cấu hình đăng tự động lên Fanpage (FANPAGE_PAGE_ID và FANPAGE_ACCESS_TOKEN). Hãy sao chép nội dung đã chuẩn bị và đăng bằng tay.');
    if (row.status !== 'published') throw conflict('article_not_published', 'Tin bài chưa được đăng trên trang thông tin nên chưa thể chia sẻ lên Fanpage.');
    const pkg = await this.package(scope, id, base);
    const link = pkg.link!;
    let remoteId: string | null = null;
    let error: string | null = null;
    try {
      remoteId = await postToPage(this.d.config, pkg.text, link);
    } catch (e) {
      if (!(e instanceof FanpagePostError)) throw e;
      error = e.vietnamese;
    }
    const entryId = newId();
    await tx(this.d.db, async (trx) => {
      await trx
        .insertInto('news_fanpage_posts')
        .values({ id: entryId, article_id: id, posted_by: ctx.actor?.userId ?? null, posted_at: this.d.clock.now().toISOString(), remote_id: remoteId, error, message: pkg.text, link })
        .execute();
      await this.d.audit.record(trx, ctx, {
        action: remoteId ? 'news.fanpage_post' : 'news.fanpage_failed',
        entityType: 'news_article',
        entityId: id,
        summary: remoteId ? `Đăng tin bài «${row.title.slice(0, 200)}» lên Fanpage` : `Đăng tin bài «${row.title.slice(0, 200)}» lên Fanpage không thành công`,
        after: { remoteId, error, link },
      });
    });
    if (error) throw new AppError(502, 'fanpage_failed', error);
    return (await this.history(id)).find((h) => h.id === entryId)!;
  }
}

// ---- routes ----

const PackageSchema = z.object({
  text: z.string(),
  title: z.string(),
  summary: z.string(),
  hashtags: z.array(z.string()),
  link: z.string().nullable(),
  image: z.object({ url: z.string(), alt: z.string() }),
  published: z.boolean(),
});
const HistoryItemSchema = z.object({
  id: z.string(),
  postedAt: z.string(),
  postedBy: z.string().nullable(),
  postedByName: z.string().nullable(),
  ok: z.boolean(),
  remoteId: z.string().nullable(),
  postUrl: z.string().nullable(),
  error: z.string().nullable(),
});
const FanpageViewSchema = z.object({ package: PackageSchema, configured: z.boolean(), canPost: z.boolean(), history: z.array(HistoryItemSchema) });

export function fanpageRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Tin bài'];
  const base = (req: FastifyRequest) => s.portal.publicUrl || `${req.protocol}://${req.host}`;
  r.get(
    '/api/news/articles/:id/fanpage',
    {
      schema: {
        tags,
        summary: 'Gói chia sẻ lên Fanpage: nội dung bài đăng (tiêu đề, sapo rút gọn, hashtag theo chủ đề), liên kết, ảnh; có cấu hình đăng tự động hay không; lịch sử đăng',
        params: IdParams,
        response: { 200: FanpageViewSchema },
      },
    },
    async (req) => s.fanpage.view(await s.auth.scopeFor(requireActor(req)), req.params.id, base(req)),
  );
  r.post(
    '/api/news/articles/:id/fanpage',
    {
      schema: {
        tags,
        summary: 'Đăng tin bài lên Fanpage qua Graph API (lãnh đạo đơn vị; chỉ tin đang đăng)',
        description: 'Chưa cấu hình FANPAGE_PAGE_ID/FANPAGE_ACCESS_TOKEN → 409 fanpage_not_configured; tin chưa đăng → 409 article_not_published; Facebook từ chối hoặc không kết nối được → 502 fanpage_failed (lần thử vẫn được ghi vào lịch sử).',
        params: IdParams,
        response: { 201: HistoryItemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await s.fanpage.post(await s.auth.scopeFor(requireActor(req)), ctxOf(req), req.params.id, base(req))),
  );
}
