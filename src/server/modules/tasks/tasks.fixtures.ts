/**
 * Rows for tests and the benchmark: an issued plan written straight into the plans tables (no plans
 * service needed), with optional responsibilities, milestones and implementation requests.
 */
import type { Db } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';

export interface FixturePlan {
  issuingUnitId: string;
  docDate: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  numberText?: string | null;
  subject?: string;
  campaignId?: string | null;
  status?: 'draft' | 'issued' | 'closed';
  responsibilities?: Array<{
    heading: string;
    targetUnitIds: string[];
    targetGroup?: string | null;
    duties: Array<{ text: string; recurrence: string; dueDate?: string | null; topicIds?: string[]; formIds?: string[] }>;
  }>;
  milestones?: Array<{ title: string; date?: string; month?: number; day?: number }>;
  requests?: Array<{ unitId: string; deadline: string | null; implementedAt?: string | null }>;
  deliveries?: string[];
}

export async function insertPlan(db: Db, p: FixturePlan, now = '2026-11-26T03:00:00.000Z'): Promise<string> {
  const id = newId();
  const number = p.numberText ? Number.parseInt(p.numberText, 10) || null : null;
  await db
    .insertInto('plans')
    .values({
      id,
      issuing_unit_id: p.issuingUnitId,
      campaign_id: p.campaignId ?? null,
      parent_plan_id: null,
      request_id: null,
      supersedes_id: null,
      doc_type: 'KH',
      symbol: 'KH-MTTQ-BTT',
      number,
      number_text: p.numberText ?? null,
      number_unknown: 0,
      number_year: number ? Number(p.docDate.slice(0, 4)) : null,
      place: 'Đà Nẵng',
      doc_date: p.docDate,
      title: 'KẾ HOẠCH',
      subject: p.subject ?? 'Tuyên truyền Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia',
      header: JSON.stringify({ parentBody: 'ỦY BAN MTTQ VIỆT NAM', bodyName: 'THÀNH PHỐ ĐÀ NẴNG', issuer: 'BAN THƯỜNG TRỰC' }),
      preamble: null,
      sections: '[]',
      closing: null,
      footnotes: '[]',
      recipients: '[]',
      signer: JSON.stringify({ mode: 'TM', authority: 'BAN THƯỜNG TRỰC', position: 'PHÓ CHỦ TỊCH', name: 'Trần Văn Minh' }),
      period_start: p.periodStart ?? null,
      period_end: p.periodEnd ?? null,
      status: p.status ?? 'issued',
      is_template: 0,
      search_text: '',
      created_by: null,
      created_at: now,
      updated_by: null,
      updated_at: now,
      submitted_at: null,
      issued_at: (p.status ?? 'issued') === 'draft' ? null : now,
      issued_by: null,
      closed_at: null,
      version: 1,
    })
    .execute();
  let sort = 0;
  for (const r of p.responsibilities ?? []) {
    await db
      .insertInto('plan_responsibilities')
      .values({
        id: newId(),
        plan_id: id,
        heading: r.heading,
        target_group: r.targetGroup ?? 'units',
        target_unit_ids: JSON.stringify(r.targetUnitIds),
        duties: JSON.stringify(r.duties.map((d) => ({ text: d.text, recurrence: d.recurrence, dueDate: d.dueDate ?? null, topicIds: d.topicIds ?? [], formIds: d.formIds ?? [] }))),
        sort: sort++,
      })
      .execute();
  }
  for (const m of p.milestones ?? []) {
    await db
      .insertInto('plan_milestones')
      .values({ id: newId(), plan_id: id, date: m.date ?? null, month: m.month ?? null, day: m.day ?? null, title: m.title })
      .execute();
  }
  const reqs = p.requests ?? [];
  for (let i = 0; i < reqs.length; i += 200) {
    await db
      .insertInto('implementation_requests')
      .values(
        reqs.slice(i, i + 200).map((r) => ({
          id: newId(),
          plan_id: id,
          target_unit_id: r.unitId,
          deadline: r.deadline,
          implementing_plan_id: null,
          implemented_at: r.implementedAt ?? null,
          created_at: now,
        })),
      )
      .execute();
  }
  for (const u of p.deliveries ?? []) {
    await db.insertInto('deliveries').values({ id: newId(), plan_id: id, recipient_unit_id: u, delivered_at: now }).execute();
  }
  return id;
}
