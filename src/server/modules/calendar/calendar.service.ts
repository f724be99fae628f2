import { createHash } from 'node:crypto';
import { addDays, type Clock, formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import type { KeyDateTable } from '../../platform/db-schema.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId, newSecret } from '../../platform/ids.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitTree } from '../units/unit-tree.js';
import type { UnitsService } from '../units/units.service.js';
import type { CalendarRepository } from './calendar.repository.js';
import type { CalendarEvent, CreateKeyDateInput, EventKind, KeyDateDto, UpdateKeyDateInput } from './calendar.schemas.js';
import { type IcsEvent, renderIcs } from './ics.js';

export const CALENDAR_TIMEZONE = 'Asia/Ho_Chi_Minh';
/** Longest range GET /api/calendar answers. */
const MAX_RANGE_DAYS = 366 * 3;
/** One-off events the .ics feed carries: a year back, two years ahead (key dates recur by RRULE). */
const FEED_BACK_DAYS = 366;
const FEED_AHEAD_DAYS = 731;

const KIND_ORDER: Record<EventKind, number> = { key_date: 0, plan_period: 1, milestone: 2, request_deadline: 3, task_due: 4 };
const pad = (n: number) => String(n).padStart(2, '0');
const dmy = formatVnDate;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function fieldError(code: string, field: string, label: string, message: string) {
  return invalid(code, `Trường «${label} (${field})»: ${message}. Hãy kiểm tra lại và gửi lại.`, [{ field, message }]);
}

/** Dates in [from, to] that fall on month/day, one per year (29/2 only in leap years). */
function yearlyIn(month: number, day: number, from: string, to: string): string[] {
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    if (month === 2 && day === 29 && !isLeap(y)) continue;
    const d = `${y}-${pad(month)}-${pad(day)}`;
    if (d >= from && d <= to) out.push(d);
  }
  return out;
}

type Event = CalendarEvent & { yearly?: { month: number; day: number } };

const planLabel = (p: { number_text: string | null; subject: string }) => (p.number_text ? `Kế hoạch số ${p.number_text}` : `Kế hoạch «${p.subject}»`);

/** Key dates, and the calendar of a unit: key dates, plan periods and milestones, deadlines; its .ics feed. */
export class CalendarService {
  constructor(
    private readonly db: Db,
    private readonly repo: CalendarRepository,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly opts: { publicUrl: string },
  ) {}

  // ---------------------------------------------------------------- key dates

  private unitFor(scope: Scope, unitId: string | undefined): string {
    const u = unitId ?? scope.actingUnitId;
    if (!u) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(u);
    return u;
  }

  /** Units whose key dates apply to `unitId`: itself and its ancestors today. */
  private keyDateUnits(tree: UnitTree, unitId: string): string[] {
    return [unitId, ...tree.ancestorsOn(unitId, this.clock.today())];
  }

  private canEditKeyDate(scope: Scope, unitId: string | null): boolean {
    if (unitId === null) return scope.isSystemAdmin && scope.has('plan.edit');
    return scope.can('plan.edit', unitId);
  }

  private keyDateDto(scope: Scope, k: KeyDateTable): KeyDateDto {
    return {
      id: k.id,
      unitId: k.unit_id,
      unitName: k.unit_id ? (scope.tree.get(k.unit_id)?.name ?? null) : null,
      campaignId: k.campaign_id,
      name: k.name,
      basis: k.basis,
      recurring: k.date === null,
      month: k.month,
      day: k.day,
      date: k.date,
      editable: this.canEditKeyDate(scope, k.unit_id),
    };
  }

  async listKeyDates(scope: Scope, unitId?: string): Promise<KeyDateDto[]> {
    const u = this.unitFor(scope, unitId);
    const rows = await this.repo.keyDates(this.keyDateUnits(scope.tree, u));
    return rows.map((k) => this.keyDateDto(scope, k));
  }

  private async loadKeyDate(scope: Scope, id: string): Promise<KeyDateTable> {
    const k = await this.repo.keyDate(id);
    if (!k || (k.unit_id !== null && !scope.canSee(k.unit_id))) throw notFound('key_date_not_found', 'Không tìm thấy ngày sự kiện.');
    return k;
  }

  /** Exactly one of month+day (yearly) or date (one-off), and a day that exists in the month. */
  private checkWhen(w: { month?: number | null; day?: number | null; date?: string | null }): { month: number | null; day: number | null; date: string | null } {
    if (w.date) {
      if (w.month != null || w.day != null) throw fieldError('key_date_ambiguous', 'date', 'Ngày', 'chọn hoặc ngày cụ thể, hoặc ngày/tháng lặp lại hằng năm, không chọn cả hai');
      return { month: null, day: null, date: w.date };
    }
    if (w.month == null) throw fieldError('key_date_when_required', 'month', 'Tháng', 'bắt buộc (hoặc nhập ngày cụ thể)');
    if (w.day == null) throw fieldError('key_date_when_required', 'day', 'Ngày trong tháng', 'bắt buộc (hoặc nhập ngày cụ thể)');
    if (w.day > DAYS_IN_MONTH[w.month - 1]) throw fieldError('invalid_day', 'day', 'Ngày trong tháng', `tháng ${w.month} không có ngày ${w.day}`);
    return { month: w.month, day: w.day, date: null };
  }

  private async checkCampaign(scope: Scope, campaignId: string | null | undefined, unitId: string | null) {
    if (!campaignId) return;
    const c = await this.repo.campaign(campaignId);
    const related = unitId ? [unitId, ...scope.tree.ancestorsOn(unitId, this.clock.today())] : [];
    if (!c || !(scope.canSee(c.unit_id) || related.includes(c.unit_id))) throw fieldError('campaign_not_found', 'campaignId', 'Chiến dịch', 'không tìm thấy chiến dịch');
  }

  async createKeyDate(scope: Scope, ctx: Ctx, input: CreateKeyDateInput): Promise<KeyDateDto> {
    const unitId = input.unitId === null ? null : (input.unitId ?? scope.actingUnitId);
    if (unitId === undefined || (unitId === null && !scope.isSystemAdmin)) {
      if (!scope.actingUnitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
      throw forbidden('forbidden', 'Chỉ quản trị hệ thống được thêm ngày sự kiện chung cho toàn hệ thống.');
    }
    if (unitId) scope.assertCan('plan.edit', unitId);
    else scope.assertHas('plan.edit');
    const when = this.checkWhen(input);
    await this.checkCampaign(scope, input.campaignId, unitId);
    const row: KeyDateTable = {
      id: newId(),
      unit_id: unitId,
      campaign_id: input.campaignId ?? null,
      ...when,
      name: input.name,
      basis: input.basis ?? null,
      created_at: this.clock.now().toISOString(),
    };
    await tx(this.db, async (trx) => {
      await this.repo.insertKeyDate(trx, row);
      await this.audit.record(trx, ctx, { action: 'key_date.create', entityType: 'key_date', entityId: row.id, summary: `Thêm ngày sự kiện «${row.name}»`, after: row });
    });
    return this.keyDateDto(scope, row);
  }

  async updateKeyDate(scope: Scope, ctx: Ctx, id: string, input: UpdateKeyDateInput): Promise<KeyDateDto> {
    const k = await this.loadKeyDate(scope, id);
    if (!this.canEditKeyDate(scope, k.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền sửa ngày sự kiện này.');
    const touchesWhen = input.date !== undefined || input.month !== undefined || input.day !== undefined;
    const when = touchesWhen
      ? this.checkWhen(input.date !== undefined ? { date: input.date } : { month: input.month ?? k.month, day: input.day ?? k.day })
      : { month: k.month, day: k.day, date: k.date };
    if (input.campaignId !== undefined) await this.checkCampaign(scope, input.campaignId, k.unit_id);
    const next: KeyDateTable = {
      ...k,
      ...when,
      name: input.name ?? k.name,
      basis: input.basis !== undefined ? (input.basis ?? null) : k.basis,
      campaign_id: input.campaignId !== undefined ? (input.campaignId ?? null) : k.campaign_id,
    };
    await tx(this.db, async (trx) => {
      await this.repo.updateKeyDate(trx, id, { month: next.month, day: next.day, date: next.date, name: next.name, basis: next.basis, campaign_id: next.campaign_id });
      await this.audit.record(trx, ctx, { action: 'key_date.update', entityType: 'key_date', entityId: id, summary: `Sửa ngày sự kiện «${next.name}»`, before: k, after: next });
    });
    return this.keyDateDto(scope, next);
  }

  async deleteKeyDate(scope: Scope, ctx: Ctx, id: string): Promise<void> {
    const k = await this.loadKeyDate(scope, id);
    if (!this.canEditKeyDate(scope, k.unit_id)) throw forbidden('forbidden', 'Bạn không có quyền xoá ngày sự kiện này.');
    await tx(this.db, async (trx) => {
      await this.repo.deleteKeyDate(trx, id);
      await this.audit.record(trx, ctx, { action: 'key_date.delete', entityType: 'key_date', entityId: id, summary: `Xoá ngày sự kiện «${k.name}»`, before: k });
    });
  }

  // ---------------------------------------------------------------- events

  private range(from?: string, to?: string): { from: string; to: string } {
    const today = this.clock.today();
    const f = from ?? `${today.slice(0, 7)}-01`;
    const t = to ?? addDays(f, 92);
    if (t < f) throw fieldError('invalid_range', 'to', 'Đến ngày', `phải sau hoặc bằng ngày bắt đầu (${dmy(f)})`);
    if (addDays(f, MAX_RANGE_DAYS) < t) throw fieldError('range_too_long', 'to', 'Đến ngày', 'khoảng thời gian xem tối đa 3 năm');
    return { from: f, to: t };
  }

  async events(scope: Scope, q: { from?: string; to?: string; unitId?: string }): Promise<CalendarEvent[]> {
    const unitId = this.unitFor(scope, q.unitId);
    const { from, to } = this.range(q.from, q.to);
    const events = await this.collect(scope.tree, unitId, from, to, true);
    return events.map(({ yearly: _y, ...e }) => e);
  }

  /**
   * Everything dated for the unit in [from, to]. With `expandYearly` false, key dates come back once each
   * with `yearly` set (the .ics feed writes them as RRULE:FREQ=YEARLY).
   */
  private async collect(tree: UnitTree, unitId: string, from: string, to: string, expandYearly: boolean): Promise<Event[]> {
    const out: Event[] = [];
    const [keyDates, plans, occ, reqTo, reqFrom] = await Promise.all([
      this.repo.keyDates(this.keyDateUnits(tree, unitId)),
      this.repo.plansForUnit(unitId, from, to),
      this.repo.occurrencesForUnit(unitId, from, to),
      this.repo.requestsToUnit(unitId, from, to),
      this.repo.requestsFromUnit(unitId, from, to),
    ]);

    for (const k of keyDates) {
      const base = { kind: 'key_date' as const, title: k.name, endDate: null, link: null, description: k.basis };
      if (k.date) {
        if (k.date >= from && k.date <= to) out.push({ ...base, id: `key_date:${k.id}`, date: k.date });
      } else if (k.month && k.day) {
        if (expandYearly) {
          for (const d of yearlyIn(k.month, k.day, from, to)) out.push({ ...base, id: `key_date:${k.id}:${d.slice(0, 4)}`, date: d });
        } else {
          // First occurrence from the start of the window's year (a leap year for 29/2).
          let y = Number(from.slice(0, 4));
          while (k.month === 2 && k.day === 29 && !isLeap(y)) y -= 1;
          out.push({ ...base, id: `key_date:${k.id}`, date: `${y}-${pad(k.month)}-${pad(k.day)}`, yearly: { month: k.month, day: k.day } });
        }
      }
    }

    const planById = new Map(plans.map((p) => [p.id, p]));
    for (const p of plans) {
      if (!p.period_start && !p.period_end) continue;
      const start = p.period_start ?? p.doc_date ?? p.period_end!;
      out.push({
        id: `plan_period:${p.id}`,
        kind: 'plan_period',
        title: `Thời gian thực hiện ${planLabel(p)}`,
        date: start,
        endDate: p.period_end,
        link: `/app/ke-hoach/${p.id}`,
        description: p.subject,
      });
    }
    for (const m of await this.repo.milestones(plans.map((p) => p.id))) {
      const p = planById.get(m.plan_id)!;
      const base = { kind: 'milestone' as const, title: `${m.title} (${planLabel(p)})`, endDate: null, link: `/app/ke-hoach/${p.id}`, description: p.subject };
      if (m.date) {
        if (m.date >= from && m.date <= to) out.push({ ...base, id: `milestone:${m.id}`, date: m.date });
      } else if (m.month && m.day) {
        const lo = p.period_start && p.period_start > from ? p.period_start : from;
        const hi = p.period_end && p.period_end < to ? p.period_end : to;
        for (const d of yearlyIn(m.month, m.day, lo, hi)) out.push({ ...base, id: `milestone:${m.id}:${d.slice(0, 4)}`, date: d });
      }
    }

    for (const o of occ) {
      const period = o.recurrence === 'once' ? '' : ` (kỳ ${dmy(o.period_start)} – ${dmy(o.period_end)})`;
      out.push({
        id: `task_due:${o.id}`,
        kind: 'task_due',
        title: `Hạn nhiệm vụ: ${o.title}${o.done_at ? ' — đã hoàn thành' : ''}`,
        date: o.due_date,
        endDate: null,
        link: `/app/nhiem-vu/${o.task_id}`,
        description: `Hạn báo cáo${period}: ${o.title}`,
      });
    }
    for (const r of reqTo) {
      out.push({
        id: `request_deadline:${r.id}`,
        kind: 'request_deadline',
        title: `Hạn ban hành kế hoạch thực hiện ${planLabel(r)}${r.implemented_at ? ' — đã ban hành' : ''}`,
        date: r.deadline!,
        endDate: null,
        link: `/app/ke-hoach/${r.plan_id}`,
        description: r.subject,
      });
    }
    for (const r of reqFrom) {
      out.push({
        id: `request_deadline:plan:${r.plan_id}:${r.deadline}`,
        kind: 'request_deadline',
        title: `Hạn đơn vị cấp dưới ban hành kế hoạch thực hiện ${planLabel(r)} (${Number(r.n)} đơn vị)`,
        date: r.deadline!,
        endDate: null,
        link: `/app/ke-hoach/${r.plan_id}`,
        description: r.subject,
      });
    }
    return out.sort((a, b) => a.date.localeCompare(b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.title.localeCompare(b.title, 'vi'));
  }

  // ---------------------------------------------------------------- .ics feed

  private feedUrl(token: string) {
    return `${this.opts.publicUrl.replace(/\/+$/, '')}/api/calendar/${token}.ics`;
  }

  /** Creates or rotates the unit's secret feed link; only its SHA-256 is stored. */
  async rotateFeed(scope: Scope, ctx: Ctx, unitId?: string): Promise<{ url: string; unitId: string }> {
    const u = this.unitFor(scope, unitId);
    scope.assertCan('plan.view', u);
    const token = newSecret(32);
    await tx(this.db, async (trx) => {
      await this.repo.replaceFeed(trx, u, sha256(token), ctx.actor?.userId ?? null, this.clock.now().toISOString());
      await this.audit.record(trx, ctx, { action: 'calendar.feed_rotate', entityType: 'unit', entityId: u, summary: `Tạo (đổi) đường dẫn lịch .ics của ${scope.tree.get(u)?.name ?? u}` });
    });
    return { url: this.feedUrl(token), unitId: u };
  }

  /** The .ics text for a feed token, or null for an unknown token. */
  async feed(token: string): Promise<{ ics: string; unitName: string } | null> {
    if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) return null;
    const row = await this.repo.feedByHash(sha256(token));
    if (!row) return null;
    const tree = await this.units.tree();
    const unit = tree.get(row.unit_id);
    if (!unit) return null;
    const today = this.clock.today();
    const events = await this.collect(tree, unit.id, addDays(today, -FEED_BACK_DAYS), addDays(today, FEED_AHEAD_DAYS), false);
    const base = this.opts.publicUrl.replace(/\/+$/, '');
    const host = base ? new URL(base).host : 'lantoa.local';
    const CATEGORY: Record<EventKind, string> = {
      key_date: 'Ngày sự kiện',
      plan_period: 'Kế hoạch',
      milestone: 'Mốc kế hoạch',
      task_due: 'Hạn nhiệm vụ',
      request_deadline: 'Hạn ban hành kế hoạch',
    };
    const ics: IcsEvent[] = events.map((e) => ({
      uid: `${e.id.replace(/:/g, '-')}@${host}`,
      summary: e.title,
      description: [e.description, e.link && base ? `${base}${e.link}` : null].filter(Boolean).join('\n') || null,
      url: e.link && base ? `${base}${e.link}` : null,
      categories: [CATEGORY[e.kind]],
      start: e.date,
      end: e.endDate,
      yearly: !!e.yearly,
    }));
    return {
      unitName: unit.short_name,
      ics: renderIcs({ name: `Lan Tỏa – ${unit.short_name}`, description: `Lịch công tác tuyên truyền của ${unit.name}`, timezone: CALENDAR_TIMEZONE, now: this.clock.now(), events: ics }),
    };
  }
}
