/**
 * The public site's benchmark database: the demo organisation, people and key dates, the 63 demo
 * articles (with their covers), then 100,000 more published articles of Vietnamese text made from the
 * demo articles' titles, sentences and words with a seeded PRNG (diacritics and đ kept), spread over
 * the units that have a sub-site and every category, published from 01/01/2023 to 25/11/2026. Written
 * with prepared statements in one transaction (articles, search_docs, both FTS tables), then ANALYZE.
 *
 * The file is kept under artifacts/bench-portal/, keyed by DATA_VERSION and the article count, so a
 * rerun reuses it (migrations added since are applied on open). Bump DATA_VERSION when the generator
 * or the search index layout changes.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { seedKeyDates } from '../../src/server/modules/calendar/index.js';
import { indexText, seedNewsDemo, slugify } from '../../src/server/modules/news/index.js';
import { DEMO_ARTICLES } from '../../src/server/modules/news/news.demo-data.js';
import { seqBase } from '../../src/server/modules/news/search.repository.js';
import { fixedClock } from '../../src/server/platform/clock.js';
import { openDb } from '../../src/server/platform/db.js';
import { migrateToLatest } from '../../src/server/platform/migrate.js';
import { articleToPlain, type ArticleDoc } from '../../src/shared/richtext.js';

export const DATA_VERSION = 1;
export const NOW = '2026-11-26T03:00:00.000Z';
const FIRST = Date.parse('2023-01-01T00:00:00Z');
const LAST = Date.parse('2026-11-25T12:00:00Z');

export interface PortalData {
  file: string;
  filesDir: string;
  articles: number;
  reused: boolean;
  buildS: number;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number) {
  let s = seed;
  const rand = () => {
    s = (s + 0x6d2b79f5) | 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  return { rand, pick };
}

/** Sentences, titles and words of the demo articles (the generator's vocabulary). */
export function demoVocabulary() {
  const sentences: string[] = [];
  for (const a of DEMO_ARTICLES) {
    for (const p of [a.sapo, ...a.body]) {
      const text = p.replace(/^(## |> |- )/, '').trim();
      for (const s of text.split(/(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ0-9"“(])/u)) if (s.length >= 25) sentences.push(s);
    }
  }
  const titles = DEMO_ARTICLES.map((a) => a.title);
  const words = [...new Set(sentences.join(' ').split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w.length >= 2))];
  return { sentences, titles, words };
}

const PLACES = ['Tam Kỳ', 'Quảng Phú', 'Bàn Thạch', 'Hương Trà', 'Đà Nẵng', 'An Mỹ', 'Hòa Hương', 'Tân Thạnh', 'An Sơn', 'Trường Xuân', 'Điện Bàn', 'Đại Lộc', 'Hội An', 'Núi Thành', 'Thăng Bình'];
const OPENERS = ['Sáng', 'Chiều', 'Tối', 'Ngày'];

/** Builds (or reuses) the database; `count` generated articles on top of the demo ones. */
export async function ensurePortalData(count = 100_000, log: (s: string) => void = console.log): Promise<PortalData> {
  const dir = resolve(import.meta.dirname, '../../artifacts/bench-portal');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `portal-v${DATA_VERSION}-${count}.db`);
  const filesDir = join(dir, `files-v${DATA_VERSION}`);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${file}`, FILES_DIR: filesDir } as NodeJS.ProcessEnv);
  if (existsSync(file)) {
    const handle = openDb(config.db);
    await migrateToLatest(handle).catch((e: Error) => log(`Không chạy thêm migration: ${e.message.slice(0, 160)}`));
    await handle.close();
    return { file, filesDir, articles: count, reused: true, buildS: 0 };
  }
  const t0 = performance.now();
  const tmp = `${file}.tmp`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  rmSync(filesDir, { recursive: true, force: true });
  const handle = openDb({ ...config.db, file: tmp } as typeof config.db);
  try {
    const clock = fixedClock(NOW);
    await migrateToLatest(handle);
    await seedDemo(handle.db, clock);
    await seedKeyDates(handle.db, clock);
    await seedNewsDemo(handle, clock, { ...config, filesDir });
    log(`Dữ liệu mẫu: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const sqlite = handle.sqlite!;
    const sites = sqlite.prepare('select unit_id, slug from news_sites').all() as Array<{ unit_id: string; slug: string }>;
    const cats = (sqlite.prepare('select id from news_categories').all() as Array<{ id: string }>).map((c) => c.id);
    const covers = (sqlite.prepare('select cover_image_id as id from news_articles where cover_image_id is not null').all() as Array<{ id: string }>).map((r) => r.id);
    const author = (sqlite.prepare("select id from users order by username limit 1").get() as { id: string } | undefined)?.id ?? null;
    const { sentences, titles, words } = demoVocabulary();
    const { rand, pick } = prng(57);

    const articleCols = ['id', 'unit_id', 'category_id', 'campaign_id', 'slug', 'title', 'sapo', 'body', 'body_text', 'cover_image_id', 'cover_caption', 'byline', 'featured', 'status', 'version', 'author_id', 'created_at', 'updated_by', 'updated_at', 'submitted_at', 'approved_by', 'approved_at', 'scheduled_at', 'published_at', 'published_by', 'content_updated_at', 'unpublished_at'];
    const insertArticle = sqlite.prepare(`insert into news_articles (${articleCols.join(', ')}) values (${articleCols.map(() => '?').join(', ')})`);
    const docCols = ['id', 'seq', 'kind', 'ref_id', 'unit_id', 'category_id', 'title', 'summary', 'body', 'url', 'image_id', 'published_at', 'title_text', 'search_text'];
    const insertDoc = sqlite.prepare(`insert into search_docs (${docCols.join(', ')}) values (${docCols.map(() => '?').join(', ')})`);
    const insertFts = sqlite.prepare('insert into search_fts (rowid, text) values (?, ?)');
    const insertTitleFts = sqlite.prepare('insert into search_title_fts (rowid, text) values (?, ?)');
    const linkImage = sqlite.prepare('insert into news_article_images (article_id, image_id) values (?, ?)');
    const hasImageLinks = !!sqlite.prepare("select 1 from sqlite_master where name = 'news_article_images'").get();

    /** A title: the start of one demo title and the end of another, sometimes with a place or a number. */
    const title = (n: number) => {
      const a = pick(titles).split(' ');
      const b = pick(titles).split(' ');
      const cut = Math.max(3, Math.floor(a.length * (0.35 + rand() * 0.3)));
      let t = [...a.slice(0, cut), ...b.slice(Math.floor(b.length / 2))].join(' ');
      const r = rand();
      if (r < 0.25) t += ` tại ${pick(PLACES)}`;
      else if (r < 0.35) t += ` khối phố ${1 + (n % 500)}`;
      return t.length > 200 ? t.slice(0, 200) : t;
    };
    // Folding is the costly part of indexing (NFD + regexes): every sentence and word is folded once.
    // indexText(a + ' ' + b) = indexText(a) + ' ' + indexText(b) for non-empty parts.
    const folds = new Map<string, string>();
    const fold = (x: string) => {
      let f = folds.get(x);
      if (f === undefined) {
        f = indexText(x);
        folds.set(x, f);
      }
      return f;
    };
    type Part = { text: string; folded: string };
    const join = (parts: Part[], sep = ' '): Part => ({ text: parts.map((p) => p.text).join(sep), folded: parts.map((p) => p.folded).filter(Boolean).join(' ') });
    const sentence = (): Part => {
      if (rand() < 0.15) {
        // A sentence of shuffled words: vocabulary beyond the demo's fixed phrases.
        const len = 8 + Math.floor(rand() * 14);
        const w = Array.from({ length: len }, () => pick(words));
        return { text: `${w.join(' ').charAt(0).toUpperCase()}${w.join(' ').slice(1)}.`, folded: w.map(fold).filter(Boolean).join(' ') };
      }
      const x = pick(sentences);
      return { text: x, folded: fold(x) };
    };
    const paragraph = () => join(Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence));

    const t1 = performance.now();
    sqlite.pragma('synchronous = OFF');
    const span = LAST - FIRST;
    const load = sqlite.transaction(() => {
      for (let n = 0; n < count; n++) {
        // Increasing instants with a non-zero millisecond: never the same as a demo article's.
        const at = new Date(FIRST + Math.floor((span * n) / count) + 1 + (n % 997)).toISOString();
        const site = sites[Math.floor(rand() * sites.length)];
        const categoryId = pick(cats);
        const t = title(n);
        const day = new Date(Date.parse(at) + 7 * 3600_000);
        const opener = pick(OPENERS);
        const lead = sentence();
        const sapo = `${opener} ${day.getUTCDate()}/${day.getUTCMonth() + 1}, ${lead.text}`;
        const sapoFolded = `${fold(opener)} ${day.getUTCDate()} ${day.getUTCMonth() + 1} ${lead.folded}`;
        const paras = 3 + Math.floor(rand() * 5);
        const content: ArticleDoc['content'] = [];
        const bodyParts: Part[] = [];
        for (let k = 0; k < paras; k++) {
          if (k === Math.floor(paras / 2) && rand() < 0.5) {
            const h = sentence();
            bodyParts.push({ text: h.text.replace(/\.$/, ''), folded: h.folded });
            content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: h.text.replace(/\.$/, '') }] } as ArticleDoc['content'][number]);
          }
          const p = paragraph();
          bodyParts.push(p);
          content.push({ type: 'paragraph', content: [{ type: 'text', text: p.text }] } as ArticleDoc['content'][number]);
        }
        const body: ArticleDoc = { type: 'doc', content };
        const plain = articleToPlain(body);
        const bodyFolded = bodyParts.map((p) => p.folded).join(' ');
        const id = `bench-${String(n).padStart(6, '0')}`;
        const slug = `${slugify(t, 80)}-${n}`;
        const cover = covers.length && rand() < 0.7 ? pick(covers) : null;
        insertArticle.run([id, site.unit_id, categoryId, null, slug, t, sapo, JSON.stringify(body), plain, cover, null, null, rand() < 0.01 ? 1 : 0, 'published', 4, author, at, author, at, at, author, at, null, at, author, at, null]);
        if (cover && hasImageLinks) linkImage.run(id, cover);
        const seq = seqBase(at);
        const titleText = ` ${indexText(t)} `;
        const searchText = `${titleText.trim()} ${sapoFolded} ${bodyFolded}`;
        insertDoc.run([`article:${id}`, seq, 'article', id, site.unit_id, categoryId, t, sapo, plain, `/don-vi/${site.slug}/${slug}`, cover, at, titleText, searchText]);
        insertFts.run(seq, searchText);
        insertTitleFts.run(seq, titleText);
      }
    });
    load();
    sqlite.exec("update meta set value = 'bench-portal' where key = 'portal_version'");
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec('ANALYZE');
    sqlite.exec("INSERT INTO search_fts(search_fts) VALUES('optimize')");
    sqlite.exec("INSERT INTO search_title_fts(search_title_fts) VALUES('optimize')");
    log(`Ghi ${count.toLocaleString('vi-VN')} tin bài (kèm chỉ mục tìm kiếm): ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    await handle.close();
  }
  renameSync(tmp, file);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  return { file, filesDir, articles: count, reused: false, buildS: Math.round((performance.now() - t0) / 100) / 10 };
}
