import { escapeXml as x } from './portal.html.js';

export interface FeedChannel {
  title: string;
  /** Absolute URL of the page the feed follows. */
  link: string;
  /** Absolute URL of the feed itself. */
  self: string;
  description: string;
}

export interface FeedItem {
  title: string;
  url: string;
  guid: string;
  sapo: string;
  publishedAt: string;
  category: { name: string } | null;
  unit: { name: string };
  image: { jpeg: string; alt: string } | null;
}

/** RSS 2.0 (with atom:link rel="self"); item links and guids are absolute URLs. */
export function renderRss(base: string, ch: FeedChannel, items: FeedItem[], now: Date): string {
  const lastBuild = items[0] ? new Date(items[0].publishedAt) : now;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${x(ch.title)}</title>`,
    `<link>${x(ch.link)}</link>`,
    `<description>${x(ch.description)}</description>`,
    '<language>vi</language>',
    `<lastBuildDate>${lastBuild.toUTCString()}</lastBuildDate>`,
    `<atom:link href="${x(ch.self)}" rel="self" type="application/rss+xml"/>`,
  ];
  for (const it of items) {
    const url = base + it.url;
    out.push(
      '<item>',
      `<title>${x(it.title)}</title>`,
      `<link>${x(url)}</link>`,
      `<guid isPermaLink="true">${x(url)}</guid>`,
      `<pubDate>${new Date(it.publishedAt).toUTCString()}</pubDate>`,
      `<description>${x(it.sapo)}</description>`,
      ...(it.category ? [`<category>${x(it.category.name)}</category>`] : []),
      `<dc:creator>${x(it.unit.name)}</dc:creator>`,
      ...(it.image ? [`<media:content url="${x(base + it.image.jpeg)}" medium="image" type="image/jpeg" width="1200" height="630"><media:description>${x(it.image.alt)}</media:description></media:content>`] : []),
      '</item>',
    );
  }
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}

export const SITEMAP_MAX = 45_000;

export function renderSitemap(base: string, urls: Array<{ url: string; lastmod?: string }>): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (const u of urls) out.push(`<url><loc>${x(base + u.url)}</loc>${u.lastmod ? `<lastmod>${x(u.lastmod.slice(0, 10))}</lastmod>` : ''}</url>`);
  out.push('</urlset>', '');
  return out.join('\n');
}

export function renderSitemapIndex(base: string, count: number): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (let i = 1; i <= count; i++) out.push(`<sitemap><loc>${x(`${base}/sitemap-${i}.xml`)}</loc></sitemap>`);
  out.push('</sitemapindex>', '');
  return out.join('\n');
}

export function renderRobots(base: string): string {
  return ['User-agent: *', 'Allow: /', 'Disallow: /app/', 'Disallow: /api/', 'Disallow: /tim-kiem', '', `Sitemap: ${base}/sitemap.xml`, ''].join('\n');
}
