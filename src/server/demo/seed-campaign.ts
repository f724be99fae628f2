/**
 * Demo data for plans and tasks: the NQ 57 campaign as it unfolded, written through the real services.
 *
 * A separate services instance runs on a clock that starts on 07/03/2025 and moves forward event by
 * event, acting as the demo people (their grants, an acting unit), so every row — numbers, requests,
 * deliveries, tasks, notes, versions, audit entries, notifications — is what the product itself would
 * have produced, with historical timestamps:
 *
 * - 2025: the seed plan of the Tam Kỳ city Front (structured from the seed file, number unknown), its
 *   21 implementation requests (9 member organisations, 12 wards/communes, deadline 21/3/2025), six
 *   wards' implementing plans in March (Hòa Hương late), quarterly reports, the city winding up its own
 *   and its member organisations' work before 1/7/2025, and the reorganisation of 1/7/2025 carrying the
 *   wards' open tasks over to the four new wards (the `units.succeeded` handler of the tasks module).
 * - 2026: the Đà Nẵng city Front's plan 05/KH-MTTQ-BTT (after four ordinary plans) cascaded to the four
 *   new wards and two member organisations; phường Tam Kỳ has issued its implementing plan, Quảng Phú,
 *   Bàn Thạch and Hương Trà have not (Quảng Phú's request is left untouched for the e2e journey);
 *   reports up to Q3/2026, some missing, so overdue follows from the real date.
 *
 * Events later than "now" are not played. Notifications of 2025 are marked read. Prints nothing.
 */
import type { Config } from '../config.js';
import { Scope } from '../modules/access/index.js';
import { seedCampaignCatalogue } from '../modules/campaigns/index.js';
import type { CreatePlanInput, PlanFieldsInput } from '../modules/plans/plans.schemas.js';
import { addDays, fixedClock } from '../platform/clock.js';
import type { Actor, Ctx } from '../platform/context.js';
import { type DbHandle, tx } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { buildServices } from '../services.js';
import { demoUnits } from './demo-units.js';
import { seedPlanBases, seedPlanDocument, seedPlanResponsibilities } from './seed-plan.js';

type Sections = NonNullable<PlanFieldsInput['sections']>;
type Responsibilities = NonNullable<PlanFieldsInput['responsibilities']>;
type Duty = Responsibilities[number]['duties'][number];

const STORY_START = '2025-03-07T02:00:00Z';
/** Deadline for the wards' and member organisations' implementing plans of the seed plan. */
const SEED_DEADLINE = '2025-03-21';
/** Deadline for implementing plans of the Đà Nẵng 2026 plan. */
const DANANG_DEADLINE = '2026-02-10';
const REORGANISATION = '2025-07-01';
const PASSWORD_OF = 'admin';

const para = (text: string) => ({ type: 'paragraph' as const, attrs: { textAlign: 'justify' as const }, content: [{ type: 'text' as const, text }] });
const doc = (...lines: string[]) => ({ type: 'doc' as const, content: lines.map(para) });
const sections = (list: Array<[string, ...string[]]>): Sections => list.map(([heading, ...lines]) => ({ heading, content: doc(...lines) }));
const duty = (text: string, recurrence: Duty['recurrence'], dueDate: string | null, topicIds: string[], formIds: string[]): Duty => ({ text, recurrence, dueDate, topicIds, formIds });

/** Chairs of the wards that issued implementing plans in March 2025 (their roles ended on 30/6/2025). */
const FORMER_CHAIRS: Array<{ username: string; fullName: string; unit: string }> = [
  { username: 'anmy.lanhdao', fullName: 'Phan Thị Thu', unit: 'AN_MY' },
  { username: 'anxuan.lanhdao', fullName: 'Lê Văn Hùng', unit: 'AN_XUAN' },
  { username: 'truongxuan.lanhdao', fullName: 'Trần Thị Kim Oanh', unit: 'TRUONG_XUAN' },
  { username: 'anphu.lanhdao', fullName: 'Nguyễn Văn Thành', unit: 'AN_PHU' },
  { username: 'tanthanh.lanhdao', fullName: 'Võ Văn Dũng', unit: 'TAN_THANH' },
  { username: 'hoahuong.lanhdao', fullName: 'Huỳnh Thị Ngọc Ánh', unit: 'HOA_HUONG' },
];

interface WardPlanStory {
  unit: string;
  leader: string;
  /** Who drafts (default: the leader). An officer submits; the leader issues. */
  drafter?: string;
  open: string;
  draft: string;
  submit?: string;
  issue: string;
  /** Also a duty for the residential-area committees (Ban công tác Mặt trận). */
  residential?: boolean;
  /** Quarters (1, 2) the ward reported on its ongoing tasks before the reorganisation. */
  reported: Array<{ quarter: 1 | 2; at: string; skip?: 'posting' }>;
}

const WARD_PLANS: WardPlanStory[] = [
  {
    unit: 'AN_XUAN',
    leader: 'anxuan.lanhdao',
    open: '2025-03-07T07:00:00Z',
    draft: '2025-03-11T01:00:00Z',
    issue: '2025-03-14T03:00:00Z',
    reported: [
      { quarter: 1, at: '2025-04-03T02:00:00Z' },
      { quarter: 2, at: '2025-06-20T02:00:00Z' },
    ],
  },
  {
    unit: 'AN_PHU',
    leader: 'anphu.lanhdao',
    drafter: 'quangphu.btt',
    open: '2025-03-07T08:00:00Z',
    draft: '2025-03-12T02:00:00Z',
    submit: '2025-03-17T08:00:00Z',
    issue: '2025-03-19T03:00:00Z',
    reported: [
      { quarter: 1, at: '2025-04-04T02:00:00Z' },
      { quarter: 2, at: '2025-06-23T02:00:00Z' },
    ],
  },
  {
    unit: 'AN_MY',
    leader: 'anmy.lanhdao',
    open: '2025-03-07T07:30:00Z',
    draft: '2025-03-17T01:00:00Z',
    issue: '2025-03-18T03:00:00Z',
    residential: true,
    reported: [
      { quarter: 1, at: '2025-04-03T07:00:00Z' },
      { quarter: 2, at: '2025-06-20T07:00:00Z' },
    ],
  },
  {
    unit: 'TAN_THANH',
    leader: 'tanthanh.lanhdao',
    open: '2025-03-10T02:00:00Z',
    draft: '2025-03-18T07:00:00Z',
    issue: '2025-03-21T02:00:00Z',
    reported: [
      { quarter: 1, at: '2025-04-07T02:00:00Z' },
      { quarter: 2, at: '2025-06-24T02:00:00Z' },
    ],
  },
  {
    unit: 'TRUONG_XUAN',
    leader: 'truongxuan.lanhdao',
    open: '2025-03-10T01:30:00Z',
    draft: '2025-03-19T01:30:00Z',
    issue: '2025-03-20T08:00:00Z',
    reported: [
      { quarter: 1, at: '2025-04-04T07:00:00Z' },
      { quarter: 2, at: '2025-06-23T07:00:00Z' },
    ],
  },
  {
    unit: 'HOA_HUONG',
    leader: 'hoahuong.lanhdao',
    open: '2025-03-12T04:00:00Z',
    draft: '2025-03-24T02:00:00Z',
    issue: '2025-03-27T03:00:00Z',
    reported: [
      { quarter: 1, at: '2025-04-08T02:00:00Z' },
      { quarter: 2, at: '2025-06-25T02:00:00Z', skip: 'posting' },
    ],
  },
];

/** "Ủy ban MTTQ Việt Nam phường An Mỹ" → "phường An Mỹ". */
const areaOf = (name: string) => name.replace(/^Ủy ban MTTQ Việt Nam\s+/i, '');

/** Deterministic small numbers for report notes, so every run writes the same story. */
function figure(key: string, min: number, max: number): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return min + (Math.abs(h) % (max - min + 1));
}
const two = (n: number) => String(n).padStart(2, '0');
const ROMAN_Q = ['', 'I', 'II', 'III', 'IV'];

type NoteKind = 'conference' | 'posting' | 'members' | 'residential' | 'monitoring' | 'media' | 'supervision';

function reportNote(kind: NoteKind, unitCode: string, quarter: number, year: number): string {
  const k = `${unitCode}|${quarter}|${year}|${kind}`;
  const q = `Quý ${ROMAN_Q[quarter]}/${year}`;
  switch (kind) {
    case 'conference':
      return `${q}: tổ chức ${two(figure(k, 1, 3))} hội nghị quán triệt, tuyên truyền Nghị quyết 57-NQ/TW với ${figure(k, 45, 160)} lượt người tham dự.`;
    case 'posting':
      return `${q}: đăng ${two(figure(k, 3, 14))} tin, bài về khoa học, công nghệ, chuyển đổi số trên Trang cộng đồng; ${two(figure(`${k}r`, 2, 8))} lần phát trên chuyên mục "Đại đoàn kết".`;
    case 'members':
      return `${q}: lồng ghép tuyên truyền trong ${two(figure(k, 4, 20))} buổi sinh hoạt chi hội, chi đoàn với ${figure(k, 120, 600)} lượt đoàn viên, hội viên tham gia.`;
    case 'media':
      return `${q}: phối hợp với cơ quan báo chí đưa ${two(figure(k, 2, 6))} tin, bài về mô hình hay, gương điển hình ứng dụng khoa học, công nghệ, chuyển đổi số.`;
    case 'supervision':
      return `${q}: rà soát các chương trình, đề án về chuyển đổi số trên địa bàn; ${figure(k, 0, 2) ? `đề xuất ${two(figure(k, 1, 2))} nội dung giám sát, phản biện xã hội` : 'chưa có nội dung đề xuất giám sát, phản biện xã hội'}.`;
    case 'residential':
      return `${q}: tuyên truyền tại ${two(figure(k, 2, 6))} buổi sinh hoạt khu dân cư; hướng dẫn ${figure(k, 20, 90)} lượt người dân sử dụng dịch vụ công trực tuyến.`;
    default:
      return `${q}: đã tổng hợp kết quả tuyên truyền của ${two(figure(k, 4, 6))} đơn vị; báo cáo Ban Thường trực đúng hạn.`;
  }
}

type Step = { at: string; what: string; seq: number; run: () => Promise<void> };

/**
 * Loads the campaign, plans and tasks demo (see the module comment). Expects the demo organisation
 * (seedDemo) to be loaded. `now` bounds the story: later events are not played.
 */
export async function seedCampaignDemo(handle: DbHandle, config: Config, now: Date = config.fixedNow ? fixedClock(config.fixedNow).now() : new Date()): Promise<{ plans: number; tasks: number }> {
  const db = handle.db;
  const clock = fixedClock(STORY_START);
  const s = buildServices(handle, clock, config);

  const unitRows = await db.selectFrom('units').select(['id', 'code', 'name']).execute();
  const unitByCode = new Map(unitRows.map((u) => [u.code, u]));
  const unit = (code: string) => {
    const u = unitByCode.get(code);
    if (!u) throw new Error(`demo: unknown unit ${code}`);
    return u.id;
  };
  const unitName = (code: string) => unitByCode.get(code)?.name ?? code;
  const codeOf = new Map(unitRows.map((u) => [u.id, u.code]));

  // Former ward chairs: people the 2025 story needs (issuing is for a unit's own leaders).
  const template = await db.selectFrom('users').select('password_hash').where('username', '=', PASSWORD_OF).executeTakeFirstOrThrow();
  const createdAt = new Date(Date.parse(STORY_START) - 86400000 * 150).toISOString();
  for (const c of FORMER_CHAIRS) {
    const id = newId();
    await db
      .insertInto('users')
      .values({
        id,
        username: c.username,
        email: null,
        full_name: c.fullName,
        phone: null,
        position: `Chủ tịch Ủy ban MTTQ Việt Nam ${areaOf(unitName(c.unit))} (đến 30/6/2025)`,
        password_hash: template.password_hash,
        must_change_password: 0,
        failed_attempts: 0,
        locked_until: null,
        disabled: 0,
        last_login_at: null,
        password_changed_at: createdAt,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .execute();
    await db
      .insertInto('role_grants')
      .values({ id: newId(), user_id: id, unit_id: unit(c.unit), role: 'leader', valid_from: '2024-10-01', valid_to: '2025-06-30', note: null, created_by: null, created_at: createdAt })
      .execute();
  }

  const userRows = new Map((await db.selectFrom('users').select(['id', 'username', 'full_name']).execute()).map((u) => [u.username, u]));
  /** The person acting for a unit, as of the story's clock. */
  const as = async (username: string, unitCode: string): Promise<{ scope: Scope; ctx: Ctx }> => {
    const u = userRows.get(username);
    if (!u) throw new Error(`demo: unknown user ${username}`);
    const grants = await db.selectFrom('role_grants').selectAll().where('user_id', '=', u.id).execute();
    const actor: Actor = { userId: u.id, username, fullName: u.full_name, sessionId: 'demo-seed', actingUnitId: unit(unitCode), grants };
    const scope = new Scope(actor, await s.units.tree(), clock.today());
    if (!scope.actingUnitId) throw new Error(`demo: ${username} không làm việc cho ${unitCode} ngày ${clock.today()}`);
    return { scope, ctx: { actor, ip: null, requestId: null } };
  };

  // ---- lookups ----
  const ids: Record<string, string> = {};
  const topicIds = async (campaignId: string, ...codes: string[]) => {
    const rows = await db.selectFrom('topics').select(['id', 'code']).where('campaign_id', '=', campaignId).where('code', 'in', codes).execute();
    return codes.map((c) => rows.find((r) => r.code === c)?.id).filter((x): x is string => !!x);
  };
  const formIds = async (...codes: string[]) => {
    const rows = await db.selectFrom('forms').select(['id', 'code']).where('code', 'in', codes).execute();
    return codes.map((c) => rows.find((r) => r.code === c)?.id).filter((x): x is string => !!x);
  };
  const requestFor = async (planId: string, unitCode: string) =>
    (await db.selectFrom('implementation_requests').select('id').where('plan_id', '=', planId).where('target_unit_id', '=', unit(unitCode)).executeTakeFirstOrThrow()).id;
  /** Tasks of a plan for a unit; `kind` picks by recurrence, `title` by the start of the title. */
  const tasksOf = async (planId: string, unitCode: string, f: { once?: boolean; title?: RegExp; open?: boolean } = {}) => {
    let q = db.selectFrom('tasks').select(['id', 'title', 'recurrence', 'status']).where('plan_id', '=', planId).where('unit_id', '=', unit(unitCode));
    if (f.once === true) q = q.where('recurrence', '=', 'once');
    if (f.once === false) q = q.where('recurrence', '<>', 'once');
    if (f.open) q = q.where('status', '<>', 'done');
    const rows = await q.orderBy('created_at').orderBy('title').execute();
    return rows.filter((r) => !f.title || f.title.test(r.title));
  };
  /** Progress notes that close the earliest open period of each task. */
  const report = async (username: string, acting: string, taskIds: string[], note: (i: number) => string) => {
    const { scope, ctx } = await as(username, acting);
    for (const [i, id] of taskIds.entries()) await s.tasks.addNote(scope, ctx, id, { note: note(i), markDone: true });
  };
  const noteKind = (title: string): NoteKind => {
    if (/hội nghị|Phối hợp với Ban Tuyên giáo/i.test(title)) return 'conference';
    if (/cơ quan truyền thông/i.test(title)) return 'media';
    if (/giám sát|phản biện/i.test(title)) return 'supervision';
    if (/đăng tải|chuyên mục|Duy trì/i.test(title)) return 'posting';
    if (/theo dõi|tổng hợp/i.test(title)) return 'monitoring';
    if (/khu dân cư|hộ gia đình/i.test(title)) return 'residential';
    return 'members';
  };

  // ---- the story ----
  const steps: Step[] = [];
  const on = (at: string, what: string, run: () => Promise<void>) => steps.push({ at, what, run, seq: steps.length });

  // 07/03/2025 — the Tam Kỳ city Front: campaign, catalogue, the seed plan.
  on(STORY_START, 'chương trình NQ 57 năm 2025 của thành phố Tam Kỳ', async () => {
    const { scope, ctx } = await as('tamky.btt', 'TAMKY');
    const c = await s.campaigns.create(scope, ctx, {
      unitId: unit('TAMKY'),
      code: 'NQ57-2025',
      name: 'Tuyên truyền Nghị quyết 57-NQ/TW năm 2025 trên địa bàn thành phố Tam Kỳ',
      description:
        'Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị trong hệ thống Mặt trận các cấp thành phố Tam Kỳ, theo Kế hoạch số 51/KH-MTTQ-BTT ngày 05/3/2025 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Quảng Nam.',
      periodStart: '2025-03-07',
      periodEnd: '2025-12-31',
      status: 'active',
      indicators: [
        { name: '100% xã, phường và tổ chức thành viên ban hành kế hoạch thực hiện', metric: 'plans_issued_pct', targetValue: 100, unitLabel: '%' },
        { name: 'Mỗi xã, phường tổ chức ít nhất 1 hội nghị quán triệt', metric: 'conferences_per_ward', targetValue: 1, unitLabel: 'hội nghị' },
      ],
    });
    ids.campaign2025 = c.id;
    await tx(db, (trx) => seedCampaignCatalogue(trx, clock, c.id));
  });

  on('2025-03-07T02:20:00Z', 'soạn kế hoạch mẫu (kế hoạch của BTT thành phố Tam Kỳ)', async () => {
    const { scope, ctx } = await as('tamky.btt', 'TAMKY');
    const d = seedPlanDocument();
    const campaignId = ids.campaign2025;
    const [nq57, ctr60, gspb] = [await topicIds(campaignId, 'NQ57'), await topicIds(campaignId, 'CTR60'), await topicIds(campaignId, 'GSPB')];
    const f = {
      website: await formIds('TRANG_TTDT'),
      media: await formIds('CHUYEN_MUC', 'TRANG_TTDT'),
      members: await formIds('LONG_GHEP', 'HOI_NGHI'),
      staging: await formIds('HOI_NGHI', 'SAN_KHAU_HOA'),
      posting: await formIds('CHUYEN_MUC', 'TRANG_TTDT', 'FANPAGE'),
      guidance: await formIds('HOI_NGHI', 'LONG_GHEP', 'TRUC_QUAN'),
    };
    const formsFor = (text: string): string[] => {
      if (/sân khấu hoá/i.test(text)) return f.staging;
      if (/Chuyên mục|Trang cộng đồng/i.test(text)) return f.posting;
      if (/cơ quan truyền thông/i.test(text)) return f.media;
      if (/Trang thông tin điện tử/i.test(text)) return f.website;
      if (/đoàn viên, hội viên\.$|Đẩy mạnh/i.test(text)) return f.members;
      if (/hướng dẫn cơ sở/i.test(text)) return f.guidance;
      return [];
    };
    const topicsFor = (text: string): string[] => [...nq57, ...(/60-Ctr\/TU/i.test(text) ? ctr60 : []), ...(/giám sát|phản biện/i.test(text) ? gspb : [])];
    const input: CreatePlanInput = {
      issuingUnitId: unit('TAMKY'),
      campaignId,
      docType: 'KH',
      symbol: d.symbol,
      numberUnknown: true,
      place: d.place,
      docDate: d.date,
      title: d.title,
      subject: d.subject,
      header: d.header,
      preamble: d.preamble,
      sections: d.sections as Sections,
      closing: d.closing,
      footnotes: d.footnotes,
      recipients: d.recipients.map((text) => ({ unitId: null, text })),
      archiveLine: d.archiveLine,
      signer: d.signer,
      bases: seedPlanBases(),
      topicIds: [...nq57, ...ctr60, ...gspb],
      formIds: await formIds('HOI_NGHI', 'LONG_GHEP', 'TRUC_QUAN', 'SAN_KHAU_HOA', 'TRANG_TTDT', 'FANPAGE', 'CHUYEN_MUC', 'TRUYEN_THANH'),
      milestones: [
        { month: 5, day: 18, title: 'Ngày Khoa học và Công nghệ Việt Nam (18/5)' },
        { month: 10, day: 10, title: 'Ngày Chuyển đổi số quốc gia (10/10)' },
      ],
      responsibilities: seedPlanResponsibilities().map((r) => ({
        heading: r.heading,
        targetGroup: r.targetGroup,
        targetUnitIds: [],
        duties: r.duties.map((x) => ({ ...x, topicIds: topicsFor(x.text), formIds: formsFor(x.text) })),
      })),
      periodStart: d.date,
      periodEnd: '2025-12-31',
    };
    ids.seedPlan = (await s.plans.create(scope, ctx, input)).id;
  });
  on('2025-03-07T02:50:00Z', 'trình kế hoạch mẫu', async () => {
    const { scope, ctx } = await as('tamky.btt', 'TAMKY');
    await s.plans.submit(scope, ctx, ids.seedPlan);
  });
  on('2025-03-07T03:30:00Z', 'ban hành kế hoạch mẫu', async () => {
    const { scope, ctx } = await as('tamky.lanhdao', 'TAMKY');
    await s.plans.issue(scope, ctx, ids.seedPlan, { requestDeadline: SEED_DEADLINE });
  });

  // March 2025 — wards open the plan, write and issue their implementing plans.
  for (const w of WARD_PLANS) {
    const area = areaOf(unitName(w.unit));
    const drafter = w.drafter ?? w.leader;
    on(w.open, `${area} mở kế hoạch của thành phố`, async () => {
      const { scope } = await as(drafter, w.unit);
      await s.plans.get(scope, ids.seedPlan);
    });
    on(w.draft, `${area} soạn kế hoạch thực hiện`, async () => {
      const { scope, ctx } = await as(drafter, w.unit);
      const draft = await s.plans.create(scope, ctx, { fromRequestId: await requestFor(ids.seedPlan, w.unit) });
      clock.advance(40 * 60000);
      const c = ids.campaign2025;
      const responsibilities: Responsibilities = [
        {
          heading: `Ban Thường trực Ủy ban MTTQ Việt Nam ${area}`,
          targetGroup: 'self',
          targetUnitIds: [],
          duties: [
            duty(
              'Phối hợp với Ban Tuyên giáo và Dân vận cùng cấp tổ chức hội nghị quán triệt Nghị quyết 57-NQ/TW đến cán bộ Mặt trận, đoàn thể và Trưởng Ban công tác Mặt trận các khối phố.',
              'once',
              '2025-04-30',
              await topicIds(c, 'QD', 'NV'),
              await formIds('HOI_NGHI'),
            ),
            duty(
              'Thường xuyên đăng tải tin, bài về Nghị quyết 57-NQ/TW, mô hình hay, gương điển hình trên Trang cộng đồng của Ủy ban MTTQ Việt Nam phường và chuyên mục "Đại đoàn kết" trên Trạm truyền thanh phường.',
              'ongoing',
              null,
              await topicIds(c, 'NQ57'),
              await formIds('FANPAGE', 'CHUYEN_MUC', 'TRUYEN_THANH'),
            ),
          ],
        },
      ];
      if (w.residential) {
        responsibilities.push({
          heading: 'Ban công tác Mặt trận các khối phố',
          targetGroup: 'residential_committees',
          targetUnitIds: [],
          duties: [
            duty(
              'Tuyên truyền Nghị quyết 57-NQ/TW đến hộ gia đình qua sinh hoạt khu dân cư; hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt.',
              'ongoing',
              null,
              await topicIds(c, 'MT08', 'MT09'),
              await formIds('LONG_GHEP', 'TRUC_QUAN'),
            ),
          ],
        });
      }
      const leaderName = userRows.get(w.leader)?.full_name ?? '';
      await s.plans.update(scope, ctx, draft.id, {
        version: draft.version,
        subject: `Tuyên truyền Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trên địa bàn ${area}`,
        sections: sections([
          [
            'I. MỤC ĐÍCH, YÊU CẦU',
            `Tuyên truyền sâu rộng Nghị quyết 57-NQ/TW đến cán bộ, đoàn viên, hội viên và Nhân dân ${area}; tạo sự thống nhất, đồng thuận, chuyển biến trong nhận thức và hành động về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.`,
          ],
          ['II. NỘI DUNG TUYÊN TRUYỀN', 'Theo mục II Kế hoạch của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố; chú trọng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và kỹ năng số cho người dân.'],
          [
            'III. HÌNH THỨC TUYÊN TRUYỀN',
            'Hội nghị quán triệt; lồng ghép trong sinh hoạt khu dân cư, chi hội; Trang cộng đồng (Fanpage) của Ủy ban MTTQ Việt Nam phường; chuyên mục "Đại đoàn kết" trên Trạm truyền thanh phường.',
          ],
          ['IV. THỜI GIAN TUYÊN TRUYỀN', 'Thường xuyên, liên tục trong năm 2025; cao điểm dịp Ngày Khoa học và Công nghệ Việt Nam (18/5) và Ngày Chuyển đổi số quốc gia (10/10).'],
        ]),
        closing: doc(
          `Trên đây là Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW trên địa bàn ${area}. Ban Thường trực Ủy ban MTTQ Việt Nam phường đề nghị các đoàn thể, Ban công tác Mặt trận các khối phố phối hợp triển khai thực hiện./.`,
        ),
        responsibilities,
        signer: { mode: 'TM', authority: 'BAN THƯỜNG TRỰC', position: 'CHỦ TỊCH', name: leaderName },
        archiveLine: 'Lưu: VT',
      });
      ids[`plan:${w.unit}`] = draft.id;
    });
    if (w.submit) {
      on(w.submit, `${area} trình kế hoạch thực hiện`, async () => {
        const { scope, ctx } = await as(drafter, w.unit);
        await s.plans.submit(scope, ctx, ids[`plan:${w.unit}`]);
      });
    }
    on(w.issue, `${area} ban hành kế hoạch thực hiện`, async () => {
      const { scope, ctx } = await as(w.leader, w.unit);
      const p = await s.plans.issue(scope, ctx, ids[`plan:${w.unit}`], { targetUnitIds: [] });
      clock.advance(45 * 60000);
      const [task] = await tasksOf(ids.seedPlan, w.unit, { once: true });
      const { scope: ds, ctx: dc } = await as(drafter, w.unit);
      await s.tasks.addNote(ds, dc, task.id, { note: `Đã ban hành Kế hoạch số ${p.numberText} ngày ${p.docDate?.split('-').reverse().join('/')} và hướng dẫn các khối phố triển khai.`, markDone: true });
    });
    // The ward's own conference (once) in April, and its quarterly reports.
    on(addHours(w.reported[0].at, 24 * 7), `${area} báo cáo hội nghị quán triệt`, async () => {
      const [own] = await tasksOf(ids[`plan:${w.unit}`], w.unit, { once: true });
      await report(drafter, w.unit, [own.id], () => reportNote('conference', w.unit, 2, 2025).replace(/^Quý II\/2025: tổ chức/, 'Đã tổ chức'));
    });
    for (const r of w.reported) {
      on(r.at, `${area} báo cáo quý ${r.quarter}/2025`, async () => {
        const list = [...(await tasksOf(ids.seedPlan, w.unit, { once: false, open: true })), ...(await tasksOf(ids[`plan:${w.unit}`], w.unit, { once: false, open: true }))].filter(
          (t) => !(r.skip === 'posting' && noteKind(t.title) === 'posting'),
        );
        await report(drafter, w.unit, list.map((t) => t.id), (i) => reportNote(noteKind(list[i].title), w.unit, r.quarter, 2025));
        if (w.residential) {
          // The ward collects the residential-area committees' reports.
          const kdcs = await db
            .selectFrom('tasks')
            .select(['id', 'unit_id'])
            .where('plan_id', '=', ids[`plan:${w.unit}`])
            .where('unit_id', '<>', unit(w.unit))
            .where('status', '<>', 'done')
            .orderBy('unit_id')
            .execute();
          await report(w.leader, w.unit, kdcs.map((t) => t.id), (i) => `Tổng hợp từ báo cáo của khu dân cư. ${reportNote('residential', codeOf.get(kdcs[i].unit_id) ?? '', r.quarter, 2025)}`);
        }
      });
    }
  }

  // The city's own work and what it records for units without accounts.
  on('2025-03-31T09:00:00Z', 'thành phố hoàn thành nhiệm vụ xây dựng kế hoạch', async () => {
    const [task] = await tasksOf(ids.seedPlan, 'TAMKY', { once: true });
    const issued = await db.selectFrom('implementation_requests').select('id').where('plan_id', '=', ids.seedPlan).where('implemented_at', 'is not', null).execute();
    await report('tamky.btt', 'TAMKY', [task.id], () => `Đã ban hành Kế hoạch ngày 07/3/2025; theo dõi việc xây dựng kế hoạch thực hiện: ${two(issued.length)}/21 đơn vị đã ban hành đến 31/3/2025, đã nhắc các đơn vị còn lại.`);
  });
  const MEMBER_ORGS = ['TAMKY_LDLD', 'TAMKY_HND', 'TAMKY_DTN', 'TAMKY_HPN', 'TAMKY_CCB', 'TAMKY_CTD', 'TAMKY_NCT', 'TAMKY_KH', 'TAMKY_CGC'];
  const onBehalf = (at: string, codes: string[], quarter: 1 | 2, kind?: 'posting') =>
    on(at, `thành phố ghi nhận báo cáo quý ${quarter}/2025 (${codes.join(', ')})`, async () => {
      for (const code of codes) {
        const list = (await tasksOf(ids.seedPlan, code, { once: false, open: true })).filter((t) => !kind || noteKind(t.title) === kind);
        await report('tamky.btt', 'TAMKY', list.map((t) => t.id), (i) => `Tổng hợp từ báo cáo của ${areaOf(unitName(code))}. ${reportNote(noteKind(list[i].title), code, quarter, 2025)}`);
      }
    });
  // Wards without their own plan in the system still sent paper reports (Tam Ngọc none, Tam Thăng only Q1).
  onBehalf('2025-04-09T02:00:00Z', ['HOA_THUAN', 'TAM_THANG', 'TAM_PHU', 'TAM_THANH', 'AN_SON'], 1);
  onBehalf('2025-04-10T02:00:00Z', ['TAMKY_LDLD', 'TAMKY_HND', 'TAMKY_DTN', 'TAMKY_HPN', 'TAMKY_CCB'], 1);
  onBehalf('2025-06-24T08:00:00Z', ['HOA_THUAN', 'TAM_PHU', 'TAM_THANH', 'AN_SON'], 2);
  onBehalf('2025-06-25T08:00:00Z', ['TAMKY_HND', 'TAMKY_DTN', 'TAMKY_HPN', 'TAMKY_CCB'], 2);
  for (const [at, quarter] of [
    ['2025-04-10T08:00:00Z', 1],
    ['2025-06-26T02:00:00Z', 2],
  ] as const) {
    on(at, `thành phố báo cáo quý ${quarter}/2025`, async () => {
      const list = await tasksOf(ids.seedPlan, 'TAMKY', { once: false, open: true });
      await report('tamky.btt', 'TAMKY', list.map((t) => t.id), (i) => reportNote(/theo dõi/i.test(list[i].title) ? 'monitoring' : noteKind(list[i].title), 'TAMKY', quarter, 2025));
    });
  }
  // Before 1/7/2025 the city ends the recurring work of units that cease without a successor.
  on('2025-06-27T02:00:00Z', 'thành phố kết thúc nhiệm vụ của cấp thành phố', async () => {
    const { scope, ctx } = await as('tamky.btt', 'TAMKY');
    for (const code of ['TAMKY', ...MEMBER_ORGS]) {
      for (const t of await tasksOf(ids.seedPlan, code, { once: false, open: true })) {
        const row = await db.selectFrom('tasks').select('version').where('id', '=', t.id).executeTakeFirstOrThrow();
        await s.tasks.update(scope, ctx, t.id, { version: row.version, endDate: '2025-06-30' });
        await s.tasks.addNote(scope, ctx, t.id, {
          note: 'Kết thúc nhiệm vụ ngày 30/6/2025: không tổ chức cấp huyện từ 01/7/2025 (Nghị quyết 202/2025/QH15); đơn vị không có đơn vị kế thừa nhiệm vụ.',
        });
      }
    }
  });
  on('2025-06-30T08:00:00Z', 'đóng chương trình năm 2025 của thành phố Tam Kỳ', async () => {
    const { scope, ctx } = await as('tamky.lanhdao', 'TAMKY');
    const c = await s.campaigns.get(scope, ids.campaign2025);
    await s.campaigns.update(scope, ctx, c.id, {
      version: c.version,
      status: 'closed',
      description: `${c.description ?? ''} Kết thúc ngày 30/6/2025 do sắp xếp đơn vị hành chính; từ 01/7/2025 các phường Tam Kỳ, Quảng Phú, Bàn Thạch, Hương Trà tiếp tục thực hiện các nhiệm vụ còn dở dang.`.trim(),
    });
  });

  // 1/7/2025 — the reorganisation (recorded as static demo data) carries open work over.
  on(`${REORGANISATION}T01:00:00Z`, 'sắp xếp đơn vị từ 01/7/2025: chuyển nhiệm vụ đang thực hiện', async () => {
    const { ctx } = await as('admin', 'TW');
    for (const sc of demoUnits().successions.filter((x) => x.effectiveDate >= REORGANISATION)) {
      await tx(db, (trx) => s.events.emit('units.succeeded', trx, { sourceIds: sc.from.map(unit), successorIds: [unit(sc.to)], effectiveDate: sc.effectiveDate }, ctx));
    }
  });

  // Q3–Q4/2025 — the new wards report on the work they inherited.
  const inherited = async (planIds: string[], code: string) =>
    db.selectFrom('tasks').select(['id', 'title']).where('plan_id', 'in', planIds).where('unit_id', '=', unit(code)).where('status', '<>', 'done').orderBy('created_at').orderBy('title').execute();
  const wardPlanIds = () => WARD_PLANS.map((w) => ids[`plan:${w.unit}`]);
  for (const [at, quarter] of [
    ['2025-10-03T02:00:00Z', 3],
    ['2026-01-06T02:00:00Z', 4],
  ] as const) {
    on(at, `phường Tam Kỳ báo cáo quý ${ROMAN_Q[quarter]}/2025`, async () => {
      const list = await inherited([ids.seedPlan, ...wardPlanIds()], 'PHUONG_TAMKY');
      await report('tamky.btt', 'PHUONG_TAMKY', list.map((t) => t.id), (i) => reportNote(noteKind(list[i].title), `PT${i}`, quarter, 2025));
      // The residential-area committees of the former phường An Mỹ report through the ward.
      for (const code of ['AN_MY_KDC2', 'AN_MY_KDC3']) {
        const kdc = await inherited(wardPlanIds(), code);
        await report('tamky.btt', 'PHUONG_TAMKY', kdc.map((t) => t.id), () => `Tổng hợp từ báo cáo của khu dân cư. ${reportNote('residential', code, quarter, 2025)}`);
      }
    });
  }
  for (const [at, quarter] of [
    ['2025-10-06T02:00:00Z', 3],
    ['2026-01-07T02:00:00Z', 4],
  ] as const) {
    on(at, `phường Quảng Phú báo cáo quý ${ROMAN_Q[quarter]}/2025`, async () => {
      const list = (await inherited([ids.seedPlan, ...wardPlanIds()], 'QUANG_PHU')).filter((t) => !/^Xây dựng kế hoạch/i.test(t.title));
      await report('quangphu.btt', 'QUANG_PHU', list.map((t) => t.id), (i) => reportNote(noteKind(list[i].title), `QP${i}`, quarter, 2025));
    });
  }
  for (const [at, quarter] of [
    ['2025-10-04T02:00:00Z', 3],
    ['2026-01-06T03:00:00Z', 4],
  ] as const) {
    on(at, `khối phố 1 báo cáo quý ${quarter}/2025`, async () => {
      const list = await inherited(wardPlanIds(), 'AN_MY_KDC1');
      await report('khoipho.tamky', 'AN_MY_KDC1', list.map((t) => t.id), () => reportNote('residential', 'AN_MY_KDC1', quarter, 2025));
    });
  }

  // January 2026 — the Đà Nẵng city Front: campaign, its first plans of the year, then the NQ 57 plan.
  on('2026-01-05T01:30:00Z', 'chương trình NQ 57 của thành phố Đà Nẵng', async () => {
    const { scope, ctx } = await as('danang.btt', 'DANANG');
    const c = await s.campaigns.create(scope, ctx, {
      unitId: unit('DANANG'),
      code: 'NQ57',
      name: 'Tuyên truyền Nghị quyết 57-NQ/TW',
      description:
        'Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trong hệ thống Mặt trận thành phố Đà Nẵng; tiếp nối chương trình năm 2025 của các địa phương trước sắp xếp (trong đó có thành phố Tam Kỳ).',
      periodStart: '2026-01-01',
      periodEnd: '2030-12-31',
      status: 'active',
      indicators: [
        { name: '100% đơn vị ban hành kế hoạch thực hiện', metric: 'plans_issued_pct', targetValue: 100, unitLabel: '%' },
        { name: 'Mỗi phường ít nhất 2 hội nghị mỗi quý', metric: 'conferences_per_ward_quarter', targetValue: 2, unitLabel: 'hội nghị' },
        { name: '100% cán bộ Mặt trận được quán triệt các quan điểm của Nghị quyết', metric: 'cadres_informed_pct', targetValue: 100, unitLabel: '%' },
        { name: 'Mỗi đơn vị duy trì chuyên mục về Nghị quyết 57 trên trang thông tin', metric: 'custom', targetValue: 1, unitLabel: 'chuyên mục' },
      ],
    });
    ids.campaign = c.id;
    await tx(db, (trx) => seedCampaignCatalogue(trx, clock, c.id));
  });
  const ORDINARY: Array<[string, string, string]> = [
    ['2026-01-05', 'Tổ chức các hoạt động mừng Đảng, mừng Xuân Bính Ngọ năm 2026', 'Thực hiện Chương trình công tác năm 2026'],
    ['2026-01-07', 'Công tác tuyên truyền năm 2026 của Ủy ban MTTQ Việt Nam thành phố', 'Thực hiện Chương trình công tác năm 2026'],
    ['2026-01-09', 'Thực hiện Chương trình phối hợp giám sát năm 2026', 'Thực hiện Chương trình phối hợp giám sát năm 2026'],
    ['2026-01-13', 'Tổ chức chương trình "Tết Vì người nghèo" Xuân Bính Ngọ năm 2026', 'Thực hiện Chương trình công tác năm 2026'],
  ];
  for (const [date, subject, basis] of ORDINARY) {
    on(`${date}T02:00:00Z`, `Đà Nẵng soạn «${subject}»`, async () => {
      const { scope, ctx } = await as('danang.btt', 'DANANG');
      const p = await s.plans.create(scope, ctx, {
        subject,
        docDate: date,
        preamble: doc(`${basis} của Ủy ban MTTQ Việt Nam thành phố, Ban Thường trực Ủy ban MTTQ Việt Nam thành phố xây dựng Kế hoạch ${subject.charAt(0).toLocaleLowerCase('vi')}${subject.slice(1)} như sau:`),
        sections: sections([
          ['I. MỤC ĐÍCH, YÊU CẦU', 'Triển khai kịp thời, thiết thực, hiệu quả; phát huy vai trò của Mặt trận các cấp và các tổ chức thành viên.'],
          ['II. NỘI DUNG, THỜI GIAN', 'Theo phụ lục kèm theo Kế hoạch.'],
        ]),
        closing: doc('Trên đây là Kế hoạch của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố; đề nghị các đơn vị triển khai thực hiện./.'),
        recipients: [
          { unitId: null, text: 'Các tổ chức thành viên' },
          { unitId: null, text: 'Ban Thường trực Ủy ban MTTQ Việt Nam các phường, xã' },
        ],
        archiveLine: 'Lưu: VT',
        signer: { mode: 'KT', authority: 'BAN THƯỜNG TRỰC', position: 'PHÓ CHỦ TỊCH', name: userRows.get('danang.lanhdao')?.full_name ?? '' },
      });
      ids[`ordinary:${date}`] = p.id;
    });
    on(`${date}T03:00:00Z`, `Đà Nẵng ban hành «${subject}»`, async () => {
      const { scope, ctx } = await as('danang.lanhdao', 'DANANG');
      await s.plans.issue(scope, ctx, ids[`ordinary:${date}`], {});
    });
  }
  on('2026-01-14T02:00:00Z', 'Đà Nẵng soạn kế hoạch tuyên truyền NQ 57 năm 2026', async () => {
    const { scope, ctx } = await as('danang.btt', 'DANANG');
    const c = ids.campaign;
    const p = await s.plans.create(scope, ctx, {
      campaignId: c,
      subject: 'Tuyên truyền Nghị quyết 57-NQ/TW năm 2026 trong hệ thống MTTQ Việt Nam thành phố',
      preamble: doc(
        'Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia và Quyết định số 1169/QĐ-TTg ngày 16/6/2025 của Thủ tướng Chính phủ; tiếp nối kết quả tuyên truyền năm 2025 của Mặt trận các cấp trên địa bàn (trong đó có các địa phương thuộc tỉnh Quảng Nam trước ngày 01/7/2025), Ban Thường trực Ủy ban MTTQ Việt Nam thành phố xây dựng Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW năm 2026 trong hệ thống Mặt trận thành phố như sau:',
      ),
      sections: sections([
        [
          'I. MỤC ĐÍCH, YÊU CẦU',
          '1. Tiếp tục tạo sự thống nhất trong nhận thức và hành động của cán bộ, đoàn viên, hội viên và Nhân dân thành phố về vai trò đột phá của khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.',
          '2. 100% Ủy ban MTTQ Việt Nam các phường, xã và các tổ chức chính trị - xã hội thành phố ban hành kế hoạch thực hiện; mỗi phường, xã tổ chức ít nhất 02 hội nghị quán triệt, tuyên truyền mỗi quý.',
        ],
        [
          'II. NỘI DUNG TUYÊN TRUYỀN',
          '1. 05 quan điểm chỉ đạo, các mục tiêu đến năm 2030, tầm nhìn đến năm 2045 và 07 nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW.',
          '2. Phong trào "Bình dân học vụ số"; kỹ năng an toàn trên không gian mạng.',
          '3. Hoạt động giám sát, phản biện xã hội của Mặt trận các cấp về chính sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; mô hình hay, gương điển hình tiên tiến.',
        ],
        [
          'III. HÌNH THỨC TUYÊN TRUYỀN',
          'Hội nghị quán triệt; lồng ghép trong sinh hoạt khu dân cư, chi hội, chi đoàn; Trang thông tin điện tử, Trang cộng đồng; chuyên mục "Đại đoàn kết" trên trạm truyền thanh phường, xã; cuộc thi tìm hiểu trực tuyến.',
        ],
        [
          'IV. THỜI GIAN THỰC HIỆN',
          'Thường xuyên trong năm 2026; cao điểm dịp Ngày Khoa học và Công nghệ Việt Nam (18/5) và Ngày Chuyển đổi số quốc gia (10/10). Các đơn vị báo cáo kết quả trước ngày cuối cùng của mỗi quý.',
        ],
      ]),
      closing: doc(
        'Trên đây là Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW năm 2026 trong hệ thống MTTQ Việt Nam thành phố. Ban Thường trực Ủy ban MTTQ Việt Nam thành phố đề nghị các tổ chức chính trị - xã hội thành phố, Ban Thường trực Ủy ban MTTQ Việt Nam các phường, xã triển khai thực hiện./.',
      ),
      recipients: [
        { unitId: null, text: 'Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam (để báo cáo)' },
        { unitId: unit('DANANG_BTGDV'), text: 'Ban Tuyên giáo và Dân vận Thành ủy' },
        { unitId: null, text: 'Các tổ chức chính trị - xã hội thành phố' },
        { unitId: null, text: 'Ban Thường trực Ủy ban MTTQ Việt Nam các phường, xã' },
      ],
      archiveLine: 'Lưu: VT, TG',
      signer: { mode: 'KT', authority: 'BAN THƯỜNG TRỰC', position: 'PHÓ CHỦ TỊCH', name: userRows.get('danang.lanhdao')?.full_name ?? '' },
      bases: [
        { externalNumber: '57-NQ/TW', externalDate: '2024-12-22', externalIssuer: 'Bộ Chính trị', externalTitle: 'Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia' },
        { externalNumber: '1169/QĐ-TTg', externalDate: '2025-06-16', externalIssuer: 'Thủ tướng Chính phủ', externalTitle: null },
      ],
      topicIds: await topicIds(c, 'QD', 'MT2030', 'TN2045', 'NV', 'TCTH', 'GSPB', 'BDHVS', 'KNS'),
      formIds: await formIds('HOI_NGHI', 'LONG_GHEP', 'TRANG_TTDT', 'FANPAGE', 'CHUYEN_MUC', 'TRUYEN_THANH', 'CUOC_THI', 'BDHVS'),
      milestones: [
        { month: 5, day: 18, title: 'Ngày Khoa học và Công nghệ Việt Nam (18/5)' },
        { date: '2026-07-31', title: 'Sơ kết 6 tháng công tác tuyên truyền' },
        { month: 10, day: 10, title: 'Ngày Chuyển đổi số quốc gia (10/10)' },
      ],
      responsibilities: [
        {
          heading: 'Ban Thường trực Ủy ban MTTQ Việt Nam thành phố',
          targetGroup: 'self',
          targetUnitIds: [],
          duties: [
            duty('Theo dõi, đôn đốc, tổng hợp kết quả tuyên truyền Nghị quyết 57-NQ/TW trong hệ thống Mặt trận thành phố; báo cáo hằng quý.', 'quarterly', null, await topicIds(c, 'TCTH'), []),
            duty('Duy trì chuyên mục "Nghị quyết 57 vào cuộc sống" trên Trang thông tin điện tử của Ủy ban MTTQ Việt Nam thành phố.', 'ongoing', null, await topicIds(c, 'NQ57'), await formIds('TRANG_TTDT')),
            duty('Tổ chức sơ kết 6 tháng công tác tuyên truyền Nghị quyết 57-NQ/TW trong hệ thống Mặt trận thành phố.', 'once', '2026-07-31', await topicIds(c, 'TCTH'), await formIds('HOI_NGHI')),
          ],
        },
        {
          heading: 'Các tổ chức chính trị - xã hội thành phố',
          targetGroup: 'member_organisations',
          targetUnitIds: [],
          duties: [
            duty('Tuyên truyền Nghị quyết 57-NQ/TW trong đoàn viên, hội viên; lồng ghép trong sinh hoạt chi hội, chi đoàn.', 'quarterly', null, await topicIds(c, 'QD', 'NV'), await formIds('LONG_GHEP')),
            duty('Vận động đoàn viên, hội viên tham gia phong trào "Bình dân học vụ số".', 'ongoing', null, await topicIds(c, 'BDHVS'), await formIds('BDHVS')),
          ],
        },
        {
          heading: 'Ban Thường trực Ủy ban MTTQ Việt Nam các phường, xã',
          targetGroup: 'ward_committees',
          targetUnitIds: [],
          duties: [
            duty(
              'Xây dựng kế hoạch thực hiện, gửi về Ban Thường trực Ủy ban MTTQ Việt Nam thành phố trước ngày 10/02/2026.',
              'once',
              DANANG_DEADLINE,
              await topicIds(c, 'NQ57'),
              [],
            ),
            duty('Tổ chức ít nhất 02 hội nghị quán triệt, tuyên truyền Nghị quyết 57-NQ/TW mỗi quý; báo cáo kết quả hằng quý.', 'quarterly', null, await topicIds(c, 'QD', 'MT2030'), await formIds('HOI_NGHI')),
            duty(
              'Duy trì chuyên mục "Đại đoàn kết" về khoa học, công nghệ, chuyển đổi số trên trạm truyền thanh và Trang cộng đồng của phường, xã.',
              'ongoing',
              null,
              await topicIds(c, 'NQ57'),
              await formIds('CHUYEN_MUC', 'TRUYEN_THANH', 'FANPAGE'),
            ),
          ],
        },
      ],
      periodStart: '2026-01-20',
      periodEnd: '2026-12-31',
    });
    ids.danangPlan = p.id;
  });
  on('2026-01-16T03:00:00Z', 'Đà Nẵng trình kế hoạch NQ 57', async () => {
    const { scope, ctx } = await as('danang.btt', 'DANANG');
    await s.plans.submit(scope, ctx, ids.danangPlan);
  });
  on('2026-01-20T02:00:00Z', 'Đà Nẵng ban hành kế hoạch NQ 57', async () => {
    const { scope, ctx } = await as('danang.lanhdao', 'DANANG');
    await s.plans.issue(scope, ctx, ids.danangPlan, { docDate: '2026-01-20', requestDeadline: DANANG_DEADLINE });
  });
  for (const [at, username, code] of [
    ['2026-01-20T07:00:00Z', 'tamky.lanhdao', 'PHUONG_TAMKY'],
    ['2026-01-21T02:00:00Z', 'quangphu.lanhdao', 'QUANG_PHU'],
  ] as const) {
    on(at, `${username} mở kế hoạch NQ 57 của Đà Nẵng`, async () => {
      const { scope } = await as(username, code);
      await s.plans.get(scope, ids.danangPlan);
    });
  }

  // Phường Tam Kỳ writes and issues its implementing plan on time.
  on('2026-01-26T02:00:00Z', 'phường Tam Kỳ soạn kế hoạch thực hiện', async () => {
    const { scope, ctx } = await as('tamky.btt', 'PHUONG_TAMKY');
    const draft = await s.plans.create(scope, ctx, { fromRequestId: await requestFor(ids.danangPlan, 'PHUONG_TAMKY') });
    clock.advance(50 * 60000);
    const c = ids.campaign;
    await s.plans.update(scope, ctx, draft.id, {
      version: draft.version,
      subject: 'Tuyên truyền Nghị quyết 57-NQ/TW năm 2026 trên địa bàn phường Tam Kỳ',
      sections: sections([
        [
          'I. MỤC ĐÍCH, YÊU CẦU',
          'Tuyên truyền Nghị quyết 57-NQ/TW đến cán bộ, đoàn viên, hội viên và Nhân dân phường Tam Kỳ; mỗi quý tổ chức ít nhất 02 hội nghị quán triệt, tuyên truyền; các tổ chức chính trị - xã hội phường ban hành kế hoạch thực hiện.',
        ],
        ['II. NỘI DUNG TUYÊN TRUYỀN', 'Theo mục II Kế hoạch số 05/KH-MTTQ-BTT của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố; chú trọng phong trào "Bình dân học vụ số" và dịch vụ công trực tuyến.'],
        [
          'III. HÌNH THỨC TUYÊN TRUYỀN',
          'Hội nghị quán triệt; lồng ghép trong sinh hoạt khu dân cư, chi hội; Trang cộng đồng của Ủy ban MTTQ Việt Nam phường; chuyên mục "Đại đoàn kết" trên Trạm truyền thanh phường Tam Kỳ.',
        ],
        ['IV. THỜI GIAN THỰC HIỆN', 'Thường xuyên trong năm 2026; báo cáo kết quả về Ban Thường trực Ủy ban MTTQ Việt Nam phường trước ngày 25 tháng cuối mỗi quý.'],
      ]),
      closing: doc('Trên đây là Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW năm 2026 trên địa bàn phường Tam Kỳ; đề nghị các tổ chức chính trị - xã hội phường, Ban công tác Mặt trận các khu dân cư triển khai thực hiện./.'),
      responsibilities: [
        {
          heading: 'Ban Thường trực Ủy ban MTTQ Việt Nam phường',
          targetGroup: 'self',
          targetUnitIds: [],
          duties: [
            duty('Tổ chức hội nghị quán triệt, tuyên truyền Nghị quyết 57-NQ/TW, mỗi quý ít nhất 02 hội nghị.', 'quarterly', null, await topicIds(c, 'QD', 'NV'), await formIds('HOI_NGHI')),
            duty('Duy trì chuyên mục "Đại đoàn kết" trên Trạm truyền thanh phường và Trang cộng đồng của Ủy ban MTTQ Việt Nam phường.', 'ongoing', null, await topicIds(c, 'NQ57'), await formIds('CHUYEN_MUC', 'TRUYEN_THANH', 'FANPAGE')),
          ],
        },
        {
          heading: 'Các tổ chức chính trị - xã hội phường',
          targetGroup: 'member_organisations',
          targetUnitIds: [],
          duties: [duty('Tuyên truyền Nghị quyết 57-NQ/TW trong đoàn viên, hội viên; vận động hội viên tham gia "Bình dân học vụ số".', 'ongoing', null, await topicIds(c, 'BDHVS'), await formIds('LONG_GHEP', 'BDHVS'))],
        },
        {
          heading: 'Ban công tác Mặt trận các khu dân cư',
          targetGroup: 'residential_committees',
          targetUnitIds: [],
          duties: [
            duty(
              'Tuyên truyền đến hộ gia đình qua sinh hoạt khu dân cư; hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt.',
              'ongoing',
              null,
              await topicIds(c, 'MT08', 'MT09'),
              await formIds('LONG_GHEP', 'BDHVS'),
            ),
          ],
        },
      ],
      signer: { mode: 'TM', authority: 'BAN THƯỜNG TRỰC', position: 'CHỦ TỊCH', name: userRows.get('tamky.lanhdao')?.full_name ?? '' },
      archiveLine: 'Lưu: VT',
    });
    ids.phuongTamKyPlan = draft.id;
  });
  on('2026-02-03T02:00:00Z', 'phường Tam Kỳ trình kế hoạch thực hiện', async () => {
    const { scope, ctx } = await as('tamky.btt', 'PHUONG_TAMKY');
    await s.plans.submit(scope, ctx, ids.phuongTamKyPlan);
  });
  on('2026-02-05T03:00:00Z', 'phường Tam Kỳ ban hành kế hoạch thực hiện', async () => {
    const { scope, ctx } = await as('tamky.lanhdao', 'PHUONG_TAMKY');
    const orgs = ['HPN', 'HND', 'DTN', 'CCB', 'CD'].map((x) => unit(`PHUONG_TAMKY_${x}`));
    const p = await s.plans.issue(scope, ctx, ids.phuongTamKyPlan, { requestDeadline: '2026-03-06', targetUnitIds: orgs });
    clock.advance(60 * 60000);
    const [task] = await tasksOf(ids.danangPlan, 'PHUONG_TAMKY', { once: true });
    await report('tamky.btt', 'PHUONG_TAMKY', [task.id], () => `Đã ban hành Kế hoạch số ${p.numberText} ngày 05/02/2026; đã gửi các tổ chức chính trị - xã hội phường và Ban công tác Mặt trận các khu dân cư.`);
  });
  on('2026-02-24T02:00:00Z', 'Hội LHPN phường Tam Kỳ bắt đầu soạn kế hoạch thực hiện', async () => {
    const { scope, ctx } = await as('phunu.tamky', 'PHUONG_TAMKY_HPN');
    await s.plans.create(scope, ctx, { fromRequestId: await requestFor(ids.phuongTamKyPlan, 'PHUONG_TAMKY_HPN') });
  });

  // 2026 quarterly reports: Đà Nẵng keeps up, phường Tam Kỳ misses Q3 conferences, Quảng Phú reports late and little.
  const Q2026: Array<[1 | 2 | 3, string]> = [
    [1, '2026-03-30'],
    [2, '2026-06-29'],
    [3, '2026-09-29'],
  ];
  for (const [quarter, day] of Q2026) {
    on(`${day}T02:00:00Z`, `Đà Nẵng báo cáo quý ${quarter}/2026`, async () => {
      const own = await tasksOf(ids.danangPlan, 'DANANG', { once: false, open: true });
      await report('danang.btt', 'DANANG', own.map((t) => t.id), (i) => reportNote(/theo dõi/i.test(own[i].title) ? 'monitoring' : 'posting', 'DANANG', quarter, 2026));
      const orgs = [...(await tasksOf(ids.danangPlan, 'DANANG_HPN', { open: true })), ...(quarter === 1 ? await tasksOf(ids.danangPlan, 'DANANG_DTN', { open: true }) : [])];
      await report('danang.btt', 'DANANG', orgs.map((t) => t.id), (i) => `Tổng hợp từ báo cáo của tổ chức thành viên. ${reportNote('members', `DN${i}`, quarter, 2026)}`);
    });
    const ptDay = addDays(day, quarter === 3 ? 6 : 4);
    on(`${ptDay}T02:00:00Z`, `phường Tam Kỳ báo cáo quý ${quarter}/2026`, async () => {
      const list = [...(await tasksOf(ids.danangPlan, 'PHUONG_TAMKY', { once: false, open: true })), ...(await tasksOf(ids.phuongTamKyPlan, 'PHUONG_TAMKY', { open: true }))].filter(
        (t) => !(quarter === 3 && noteKind(t.title) === 'conference'),
      );
      await report('tamky.btt', 'PHUONG_TAMKY', list.map((t) => t.id), (i) => reportNote(noteKind(list[i].title), 'PHUONG_TAMKY', quarter, 2026));
      // Paper reports the ward enters for its organisations and residential areas (fewer each quarter).
      const onPaper: Record<number, string[]> = {
        1: ['PHUONG_TAMKY_HND', 'PHUONG_TAMKY_DTN', 'PHUONG_TAMKY_CCB', 'AN_MY_KDC2', 'AN_MY_KDC3', 'AN_XUAN_KDC1', 'AN_XUAN_KDC2', 'TRUONG_XUAN_KDC1', 'TRUONG_XUAN_KDC2'],
        2: ['PHUONG_TAMKY_HND', 'PHUONG_TAMKY_DTN', 'AN_MY_KDC2', 'AN_XUAN_KDC1'],
        3: [],
      };
      for (const code of onPaper[quarter]) {
        const list2 = await tasksOf(ids.phuongTamKyPlan, code, { open: true });
        await report('tamky.btt', 'PHUONG_TAMKY', list2.map((t) => t.id), () => `Tổng hợp từ báo cáo của ${unitName(code)}. ${reportNote(code.includes('KDC') ? 'residential' : 'members', code, quarter, 2026)}`);
      }
    });
    on(`${addDays(day, 5)}T03:00:00Z`, `Hội LHPN và khối phố 1 báo cáo quý ${quarter}/2026`, async () => {
      const hpn = await tasksOf(ids.phuongTamKyPlan, 'PHUONG_TAMKY_HPN', { open: true });
      await report('phunu.tamky', 'PHUONG_TAMKY_HPN', hpn.map((t) => t.id), () => reportNote('members', 'PHUONG_TAMKY_HPN', quarter, 2026));
      const kdc = await tasksOf(ids.phuongTamKyPlan, 'AN_MY_KDC1', { open: true });
      await report('khoipho.tamky', 'AN_MY_KDC1', kdc.map((t) => t.id), () => reportNote('residential', 'AN_MY_KDC1', quarter, 2026));
    });
    if (quarter < 3) {
      on(`${addDays(day, 9)}T02:00:00Z`, `phường Quảng Phú báo cáo quý ${quarter}/2026`, async () => {
        const list = (await tasksOf(ids.danangPlan, 'QUANG_PHU', { once: false, open: true })).filter((t) => quarter === 1 || noteKind(t.title) === 'conference');
        await report('quangphu.btt', 'QUANG_PHU', list.map((t) => t.id), (i) => reportNote(noteKind(list[i].title), 'QUANG_PHU', quarter, 2026));
      });
    }
  }
  on('2026-07-28T02:00:00Z', 'Đà Nẵng sơ kết 6 tháng', async () => {
    const [task] = await tasksOf(ids.danangPlan, 'DANANG', { once: true });
    await report('danang.btt', 'DANANG', [task.id], () => 'Đã tổ chức hội nghị sơ kết 6 tháng ngày 28/7/2026 với 85 đại biểu; biểu dương 04 mô hình hay trong tuyên truyền Nghị quyết 57-NQ/TW.');
  });
  on('2026-11-18T03:00:00Z', 'phường Tam Kỳ cập nhật tiến độ hội nghị quý III', async () => {
    const { scope, ctx } = await as('tamky.btt', 'PHUONG_TAMKY');
    for (const t of (await tasksOf(ids.danangPlan, 'PHUONG_TAMKY', { open: true })).filter((x) => noteKind(x.title) === 'conference')) {
      await s.tasks.addNote(scope, ctx, t.id, { note: 'Quý III/2026: đã tổ chức 01/02 hội nghị (khu dân cư An Mỹ, 64 lượt người); hội nghị thứ hai dự kiến cuối tháng 11/2026.', progress: 50 });
    }
  });

  // ---- play ----
  steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  const limit = now.getTime();
  for (const step of steps) {
    if (Date.parse(step.at) > limit) break;
    if (Date.parse(step.at) < clock.now().getTime()) throw new Error(`demo: bước «${step.what}» (${step.at}) đi ngược thời gian`);
    clock.set(step.at);
    try {
      await step.run();
    } catch (err) {
      throw new Error(`Dữ liệu mẫu — bước «${step.what}» (${step.at}): ${(err as Error).message}`, { cause: err });
    }
  }

  // The bells show current things: what 2025 brought has been read.
  await db.updateTable('notifications').set({ read_at: '2026-01-01T00:00:00.000Z' }).where('created_at', '<', '2026-01-01').where('read_at', 'is', null).execute();

  const plans = await db.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const tasks = await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { plans: Number(plans.n), tasks: Number(tasks.n) };
}

function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3600000).toISOString().replace('.000Z', 'Z');
}
