import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import sharp from 'sharp';

/** The stylesheet, read once; its hash versions the URL so it can be cached for a year. */
export const SITE_CSS = readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8');
export const CSS_HASH = createHash('sha1').update(SITE_CSS).digest('hex').slice(0, 10);

const FONT_DIR = resolve(import.meta.dirname, '../../../../node_modules/@fontsource/be-vietnam-pro/files');
/** Be Vietnam Pro, Latin and Vietnamese subsets, 400/600/700 — served from the project, never a CDN. */
export const FONT_FILES = new Set(
  ['latin', 'vietnamese'].flatMap((subset) => ['400', '600', '700'].map((w) => `be-vietnam-pro-${subset}-${w}-normal.woff2`)),
);

const fontCache = new Map<string, Buffer>();
export async function fontFile(name: string): Promise<Buffer | null> {
  if (!FONT_FILES.has(name)) return null;
  let buf = fontCache.get(name);
  if (!buf) {
    buf = await readFile(resolve(FONT_DIR, name));
    fontCache.set(name, buf);
  }
  return buf;
}

export const EMBLEM_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#c62828" stroke="#f2c94c" stroke-width="3"/><path fill="#f2c94c" d="M32 11l5.9 18.2H57L41.6 40.4l5.9 18.2L32 47.4 16.5 58.6l5.9-18.2L7 29.2h19.1z"/></svg>`;

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let emblemPng: Promise<Buffer> | null = null;
export function emblemPngFile(): Promise<Buffer> {
  emblemPng ??= sharp(Buffer.from(EMBLEM_SVG)).resize(256, 256).png().toBuffer();
  return emblemPng;
}

const ogCache = new Map<string, Promise<Buffer>>();
/** The link-preview image of pages without their own: the emblem and the committee's name on red (1200×630 JPEG). */
export function defaultOgImage(upper: string, lower: string): Promise<Buffer> {
  const key = `${upper}|${lower}`;
  let p = ogCache.get(key);
  if (!p) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#8a0c13"/><stop offset="1" stop-color="#c62828"/></linearGradient></defs>
<rect width="1200" height="630" fill="url(#g)"/><rect y="590" width="1200" height="40" fill="#f2c94c"/>
<g transform="translate(520 90) scale(2.5)"><circle cx="32" cy="32" r="30" fill="#c62828" stroke="#f2c94c" stroke-width="3"/><path fill="#f2c94c" d="M32 11l5.9 18.2H57L41.6 40.4l5.9 18.2L32 47.4 16.5 58.6l5.9-18.2L7 29.2h19.1z"/></g>
<text x="600" y="355" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="34" fill="#fff">${xmlText(upper.toUpperCase())}</text>
<text x="600" y="430" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="56" font-weight="bold" fill="#fff">${xmlText(lower.toUpperCase())}</text>
<text x="600" y="500" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="28" fill="#f2c94c">TRANG THÔNG TIN ĐIỆN TỬ</text></svg>`;
    p = sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
    ogCache.set(key, p);
  }
  return p;
}
