/**
 * Demo periodic reports (issue 4), played through `services.reports` with a clock set to each step, as the
 * people concerned, on top of the demo activity reports (seed-activities.ts):
 *
 * - phường An Mỹ's report for Q2/2025 to the Tam Kỳ city Front, submitted on 30/6/2025, the ward's last day
 *   before it was merged into phường Tam Kỳ — still waiting (its reviewer today is the city's successor);
 * - the Tam Kỳ city Front's 6-month report for H1/2025, submitted on 30/6/2025 and received by the Quảng Nam
 *   provincial Front the same afternoon, before both closed (the last reviews of the month are done by then,
 *   so the frozen figures hold every report of the half-year);
 * - the Đà Nẵng city Front's request of 15/9/2025 for Q3/2025 reports from the four new wards, due 05/10/2025:
 *   phường Tam Kỳ and Quảng Phú on time (received), Bàn Thạch late (waiting), Hương Trà not started.
 *
 * Steps later than `now` are not played. Notifications of 2025 are marked read.
 */
import type { Config } from '../config.js';
import { Scope } from '../modules/access/index.js';
import { fixedClock } from '../platform/clock.js';
import type { Actor, Ctx } from '../platform/context.js';
import type { DbHandle } from '../platform/db.js';
import { buildServices } from '../services.js';

/** Loads the demo periodic reports; expects the organisation, campaign and activity demos. */
export async function seedReportsDemo(handle: DbHandle, config: Config, now: Date = config.fixedNow ? fixedClock(config.fixedNow).now() : new Date()): Promise<{ reports: number; reportRequests: number }> {
  const db = handle.db;
  const clock = fixedClock('2025-06-01T00:00:00Z');
  const s = buildServices(handle, clock, config);
  const tree = await s.units.tree();
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const unit = (code: string) => {
    const id = units.get(code);
    if (!id) throw new Error(`demo: unknown unit ${code}`);
    return id;
  };
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'full_name']).execute()).map((u) => [u.username, u]));
  const grants = await db.selectFrom('role_grants').selectAll().execute();
  const as = (username: string, unitCode: string): { scope: Scope; ctx: Ctx } => {
    const u = users.get(username);
    if (!u) throw new Error(`demo: unknown user ${username}`);
    const actor: Actor = { userId: u.id, username, fullName: u.full_name, sessionId: 'demo-seed', actingUnitId: unit(unitCode), grants: grants.filter((g) => g.user_id === u.id) };
    const scope = new Scope(actor, tree, clock.today());
    if (!scope.actingUnitId) throw new Error(`demo: ${username} không làm việc cho ${unitCode} ngày ${clock.today()}`);
    return { scope, ctx: { actor, ip: null, requestId: null } };
  };
  const nameOf = (username: string) => users.get(username)?.full_name ?? '';
  const campaigns = await db.selectFrom('campaigns').select(['id', 'code', 'unit_id']).execute();
  const campaign2025 = campaigns.find((c) => c.code === 'NQ57-2025' && c.unit_id === unit('TAMKY'))?.id;
  if (!campaign2025) throw new Error('demo: the NQ 57 campaign of Tam Kỳ is missing (run the campaign demo first)');

  const ids: Record<string, string> = {};
  let reports = 0;
  let requests = 0;
  const steps: Array<{ at: string; what: string; run: () => Promise<void> }> = [];
  const on = (at: string, what: string, run: () => Promise<void>) => steps.push({ at, what, run });

  /** Creates a draft, signs it and sets its date; returns its id. */
  const draft = async (username: string, unitCode: string, input: Parameters<typeof s.reports.create>[2], signer: { position: string; name: string }) => {
    const { scope, ctx } = as(username, unitCode);
    const r = await s.reports.create(scope, ctx, input);
    reports += 1;
    const signed = await s.reports.update(scope, ctx, r.id, { version: r.version, signer: { ...r.signer, position: signer.position, name: signer.name } });
    return signed.id;
  };
  const submit = async (username: string, unitCode: string, id: string) => {
    const { scope, ctx } = as(username, unitCode);
    const r = await s.reports.get(scope, id);
    await s.reports.submit(scope, ctx, id, r.version);
  };
  const accept = async (username: string, unitCode: string, id: string, comment?: string) => {
    const { scope, ctx } = as(username, unitCode);
    await s.reports.accept(scope, ctx, id, comment);
  };

  // H1/2025 — the Tam Kỳ city Front reports to the Quảng Nam provincial Front.
  on('2025-06-26T02:00:00Z', 'thành phố Tam Kỳ soạn báo cáo 6 tháng đầu năm 2025', async () => {
    ids.city = await draft('tamky.btt', 'TAMKY', { campaignId: campaign2025, periodKind: 'half', year: 2025, index: 1 }, { position: 'CHỦ TỊCH', name: nameOf('tamky.lanhdao') });
  });
  on('2025-06-30T10:15:00Z', 'thành phố Tam Kỳ gửi báo cáo 6 tháng', async () => {
    await submit('tamky.btt', 'TAMKY', ids.city);
  });
  on('2025-06-30T10:45:00Z', 'tỉnh Quảng Nam tiếp nhận báo cáo 6 tháng của thành phố Tam Kỳ', async () => {
    await accept('quangnam.btt', 'QNAM', ids.city, 'Đã tiếp nhận; tổng hợp vào báo cáo sơ kết 6 tháng của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh.');
  });

  // Q2/2025 — phường An Mỹ reports to the city, just before the merge.
  on('2025-06-27T02:00:00Z', 'phường An Mỹ soạn báo cáo quý II/2025', async () => {
    ids.anMy = await draft('anmy.btt', 'AN_MY', { campaignId: campaign2025, periodKind: 'quarter', year: 2025, index: 2 }, { position: 'CHỦ TỊCH', name: nameOf('anmy.lanhdao') });
  });
  on('2025-06-30T10:30:00Z', 'phường An Mỹ gửi báo cáo quý II/2025', async () => submit('anmy.btt', 'AN_MY', ids.anMy));

  // Q3/2025 — Đà Nẵng asks the four new wards for their reports.
  on('2025-09-15T02:00:00Z', 'Đà Nẵng yêu cầu báo cáo quý III/2025', async () => {
    const { scope, ctx } = as('danang.btt', 'DANANG');
    // Every campaign: the wards' people do not all see the former city's 2025 campaign they carried on.
    const r = await s.reports.createRequest(scope, ctx, {
      campaignId: null,
      periodKind: 'quarter',
      year: 2025,
      index: 3,
      deadline: '2025-10-05',
      targetUnitIds: ['PHUONG_TAMKY', 'QUANG_PHU', 'BAN_THACH', 'HUONG_TRA'].map(unit),
      note: 'Báo cáo kết quả tuyên truyền Nghị quyết 57-NQ/TW quý III/2025, kể cả các nhiệm vụ tiếp nhận từ các phường, xã trước sắp xếp; kèm phụ lục số liệu theo đơn vị.',
    });
    ids.request = r.id;
    requests += 1;
  });
  const wards: Array<{ code: string; officer: string; leader: string; open: string; send?: string; review?: [string, string] }> = [
    { code: 'PHUONG_TAMKY', officer: 'tamky.btt', leader: 'tamky.lanhdao', open: '2025-09-29T02:00:00Z', send: '2025-10-02T03:00:00Z', review: ['danang.lanhdao', '2025-10-06T02:00:00Z'] },
    { code: 'QUANG_PHU', officer: 'quangphu.btt', leader: 'quangphu.lanhdao', open: '2025-10-01T02:00:00Z', send: '2025-10-03T08:00:00Z', review: ['danang.btt', '2025-10-07T02:00:00Z'] },
    { code: 'BAN_THACH', officer: 'banthach.btt', leader: 'banthach.lanhdao', open: '2025-10-06T02:00:00Z', send: '2025-10-09T03:00:00Z' },
  ];
  for (const w of wards) {
    on(w.open, `${w.code} soạn báo cáo quý III/2025 theo yêu cầu`, async () => {
      ids[w.code] = await draft(w.officer, w.code, { requestId: ids.request }, { position: 'CHỦ TỊCH', name: nameOf(w.leader) });
    });
    const send = w.send;
    if (send) on(send, `${w.code} gửi báo cáo quý III/2025`, async () => submit(w.officer, w.code, ids[w.code]));
    const review = w.review;
    if (review) on(review[1], `Đà Nẵng tiếp nhận báo cáo quý III/2025 của ${w.code}`, async () => accept(review[0], 'DANANG', ids[w.code]));
  }

  steps.sort((a, b) => a.at.localeCompare(b.at));
  for (const step of steps) {
    if (Date.parse(step.at) > now.getTime()) break;
    clock.set(step.at);
    try {
      await step.run();
    } catch (err) {
      throw new Error(`Dữ liệu mẫu — bước «${step.what}» (${step.at}): ${(err as Error).message}`, { cause: err });
    }
  }
  await db.updateTable('notifications').set({ read_at: '2026-01-01T00:00:00.000Z' }).where('created_at', '<', '2026-01-01').where('kind', 'like', 'report.%').where('read_at', 'is', null).execute();
  return { reports, reportRequests: requests };
}
