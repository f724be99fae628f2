/** Helpers shared by the news and portal tests (not a test file itself). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { Session, TestApp } from '../../test/harness.js';

export const filesDir = () => mkdtempSync(join(tmpdir(), 'lantoa-news-'));

export function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

export const para = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });
export const doc = (...lines: string[]) => ({ type: 'doc' as const, content: lines.map(para) });

/** Category ids differ per database: looked up through the session's app each time. */
export async function categoryId(s: Session, slug: string): Promise<string> {
  const list = ok(await s.get('/api/news/categories')) as Array<{ id: string; slug: string }>;
  const c = list.find((x) => x.slug === slug);
  if (!c) throw new Error(`no category ${slug}`);
  return c.id;
}

let seq = 0;
export async function draftArticle(s: Session, fields: Record<string, unknown> = {}) {
  seq += 1;
  return ok(
    await s.post('/api/news/articles', {
      title: `Tin thử nghiệm số ${seq}`,
      sapo: 'Đoạn mở đầu của tin thử nghiệm.',
      body: doc('Nội dung đoạn thứ nhất.', 'Nội dung đoạn thứ hai.'),
      categoryId: await categoryId(s, 'tin-hoat-dong'),
      ...fields,
    }),
    201,
  );
}

/** Draft → submitted (editor) → approved (leader) → published (editor). */
export async function publishedArticle(editor: Session, leader: Session, fields: Record<string, unknown> = {}) {
  const a = await draftArticle(editor, fields);
  ok(await editor.post(`/api/news/articles/${a.id}/submit`, {}));
  ok(await leader.post(`/api/news/articles/${a.id}/approve`, {}));
  return ok(await editor.post(`/api/news/articles/${a.id}/publish`, {}));
}

/** A real image made with sharp (a gradient), `w`×`h`, as PNG or JPEG. */
export async function imageBytes(w = 1600, h = 900, format: 'png' | 'jpeg' = 'jpeg'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g"><stop offset="0" stop-color="#b3121b"/><stop offset="1" stop-color="#f2c94c"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  const img = sharp(Buffer.from(svg));
  return format === 'png' ? img.png().toBuffer() : img.jpeg().toBuffer();
}

/** A multipart body with one file in field `file` (and text fields). */
export function multipart(filename: string, content: Buffer, fields: Record<string, string> = {}, mime = 'application/octet-stream') {
  const boundary = `----lantoa${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`));
  parts.push(content);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function uploadImage(s: Session, fields: Record<string, string> = { alt: 'Ảnh minh họa hoạt động' }, bytes?: Buffer, filename = 'anh.jpg') {
  const m = multipart(filename, bytes ?? (await imageBytes()), fields, 'image/jpeg');
  return s.request('POST', '/api/news/images', m.body, m.headers);
}

/** A GET on the public site (no session). */
export function publicGet(t: TestApp, url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
}
