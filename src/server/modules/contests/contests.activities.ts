/**
 * Online contest participation in the monitoring dashboard: for each round and each ward with submitted
 * attempts, one accepted activity report of form `CUOC_THI` (entries = attempts submitted, participants =
 * distinct people), written through the activities repository and kept in the pre-aggregated figures with
 * `applyToStats`, so every dashboard and periodic report counts it. Idempotent: the report's `client_key` is
 * `contest:<roundId>:<wardUnitId>`; a later run updates the figures in place (out of the stats, then back in).
 * These reports are system-generated: the activities service refuses to edit, delete or correct them.
 */
import type { Clock } from '../../platform/clock.js';
import { type Db, tx } from '../../platform/db.js';
import type { ActivityTable } from '../../platform/db-schema.js';
import { newId } from '../../platform/ids.js';
import { ActivitiesRepository } from '../activities/activities.repository.js';
import { applyToStats } from '../activities/activities.stats.js';
import { MEASURES } from '../activities/measures.js';

export const CONTEST_ACTIVITY_PREFIX = 'contest:';
export const CONTEST_ACTIVITY_FORM = 'CUOC_THI';
/** Hourly: participation of contest rounds into the activity figures (also right after a round is frozen). */
export const CONTEST_ACTIVITIES_JOB = 'contests.activities';
export const CONTEST_ACTIVITIES_CRON = '7 * * * *';

export const isContestActivity = (a: { client_key: string | null }) => !!a.client_key?.startsWith(CONTEST_ACTIVITY_PREFIX);
export const contestActivityKey = (roundId: string, wardUnitId: string) => `${CONTEST_ACTIVITY_PREFIX}${roundId}:${wardUnitId}`;

/** The calendar date in Vietnam (UTC+7) of an instant. */
const vnDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);

export function contestActivityTitle(contestTitle: string, roundNo: number): string {
  const t = contestTitle.trim();
  return `${/^cuộc thi/i.test(t) ? t : `Cuộc thi trực tuyến ${t}`} — Tuần ${roundNo}`.slice(0, 500);
}

export interface SyncResult {
  created: number;
  updated: number;
  unchanged: number;
}

const repo = new ActivitiesRepository();
const EMPTY_MEASURES = Object.fromEntries(MEASURES.map((m) => [m.column, null])) as Record<(typeof MEASURES)[number]['column'], null>;

/**
 * Upserts one activity per (round, ward) for the rounds that have opened (of one contest, or all). Each
 * (round, ward) is written in its own short transaction with its stats, so a run never leaves the figures
 * half-updated.
 */
export async function syncContestActivities(db: Db, clock: Clock, o: { contestId?: string; roundId?: string } = {}): Promise<SyncResult> {
  const now = clock.now();
  const nowIso = now.toISOString();
  let rq = db
    .selectFrom('contest_rounds as r')
    .innerJoin('contests as c', 'c.id', 'r.contest_id')
    .select(['r.id as round_id', 'r.no', 'r.opens_at', 'r.closes_at', 'c.id as contest_id', 'c.title', 'c.campaign_id'])
    .where('r.opens_at', '<=', nowIso);
  if (o.contestId) rq = rq.where('c.id', '=', o.contestId);
  if (o.roundId) rq = rq.where('r.id', '=', o.roundId);
  const rounds = await rq.execute();
  const out: SyncResult = { created: 0, updated: 0, unchanged: 0 };
  if (!rounds.length) return out;
  const figures = await db
    .selectFrom('contest_attempts')
    .select((eb) => ['round_id', 'unit_id', eb.fn.countAll<number>().as('entries'), eb.fn.count<number>('participant_id').distinct().as('participants')])
    .where(
      'round_id',
      'in',
      rounds.map((r) => r.round_id),
    )
    .where('submitted_at', 'is not', null)
    .groupBy(['round_id', 'unit_id'])
    .execute();
  const byRound = new Map(rounds.map((r) => [r.round_id, r]));
  const wards = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  for (const f of figures) {
    const r = byRound.get(f.round_id);
    if (!r || !wards.has(f.unit_id)) continue;
    const entries = Number(f.entries);
    const participants = Number(f.participants);
    const key = contestActivityKey(r.round_id, f.unit_id);
    const dateFrom = vnDate(new Date(r.opens_at).getTime());
    const dateToRaw = vnDate(new Date(r.closes_at).getTime() - 1);
    const dateTo = dateToRaw > dateFrom ? dateToRaw : null;
    const title = contestActivityTitle(r.title, r.no);
    const description = `Số liệu do hệ thống tổng hợp từ cuộc thi trực tuyến: ${entries.toLocaleString('vi-VN')} lượt thi đã nộp bài, ${participants.toLocaleString('vi-VN')} người dự thi thuộc ${wards.get(f.unit_id)}.`;
    await tx(db, async (trx) => {
      const prior = await repo.byClientKey(trx, key);
      if (!prior) {
        const id = newId();
        const row: ActivityTable = {
          id,
          root_id: id,
          version_no: 1,
          supersedes_id: null,
          unit_id: f.unit_id,
          campaign_id: r.campaign_id,
          plan_id: null,
          task_id: null,
          occurrence_id: null,
          task_done: 0,
          form_code: CONTEST_ACTIVITY_FORM,
          title,
          date_from: dateFrom,
          date_to: dateTo,
          place: 'Trực tuyến',
          description,
          links: '[]',
          ...EMPTY_MEASURES,
          entries,
          participants,
          status: 'accepted',
          client_key: key,
          submit_key: null,
          return_comment: null,
          created_by: null,
          created_at: nowIso,
          updated_by: null,
          updated_at: nowIso,
          submitted_by: null,
          submitted_at: nowIso,
          reviewed_by: null,
          reviewed_at: nowIso,
          version: 1,
        };
        await repo.insert(trx, [row]);
        await repo.insertEvents(trx, [{ id: newId(), activity_id: id, root_id: id, seq: 1, kind: 'accepted', comment: 'Tổng hợp tự động từ cuộc thi trực tuyến', user_id: null, acting_unit_id: null, at: nowIso }]);
        await applyToStats(trx, row, [], 1);
        out.created++;
        return;
      }
      const same =
        prior.entries === entries &&
        prior.participants === participants &&
        prior.date_from === dateFrom &&
        prior.date_to === dateTo &&
        prior.title === title &&
        prior.campaign_id === r.campaign_id &&
        prior.status === 'accepted';
      if (same) {
        out.unchanged++;
        return;
      }
      const topics = (await repo.topicsOf(trx, [prior.id])).get(prior.id) ?? [];
      if (prior.status === 'accepted') await applyToStats(trx, prior, topics, -1);
      const patch = { entries, participants, date_from: dateFrom, date_to: dateTo, title, description, campaign_id: r.campaign_id, status: 'accepted', updated_at: nowIso };
      await repo.update(trx, prior.id, prior.version, patch);
      await applyToStats(trx, { ...prior, ...patch }, topics, 1);
      out.updated++;
    });
  }
  return out;
}
