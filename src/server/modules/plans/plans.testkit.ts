/** Helpers shared by the plans and campaigns tests (not a test file itself). */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Session } from '../../test/harness.js';

export const doc = (...lines: string[]) => ({ type: 'doc' as const, content: lines.map((text) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] })) });

export function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

let seq = 0;
/** Creates a draft as `s` (acting unit by default) and returns the Plan. */
export async function draft(s: Session, fields: Record<string, unknown> = {}) {
  seq += 1;
  return ok(await s.post('/api/plans', { subject: `Kế hoạch thử nghiệm số ${seq}`, ...fields }), 201);
}

/** Creates a draft and issues it with the leader session `leader`. */
export async function issued(officer: Session, leader: Session, fields: Record<string, unknown> = {}, issueBody: Record<string, unknown> = {}) {
  const p = await draft(officer, fields);
  return ok(await leader.post(`/api/plans/${p.id}/issue`, issueBody));
}

/** A multipart body with one file in field `file` (and optional text fields). */
export function multipart(filename: string, content: Buffer, fields: Record<string, string> = {}, mime = 'application/octet-stream') {
  const boundary = `----lantoa${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`));
  parts.push(content);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The smallest byte strings the file store recognises. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
