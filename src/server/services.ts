import type { Config } from './config.js';
import { randomBytes } from 'node:crypto';
import type { Clock } from './platform/clock.js';
import type { DbHandle } from './platform/db.js';
import type { DomainEvents } from './events.js';
import { EventBus } from './platform/events.js';
import { FileStore } from './platform/files.js';
import { JobQueue } from './platform/jobs.js';
import { AccountsRepository } from './modules/accounts/accounts.repository.js';
import { ActivitiesRepository, ActivitiesService, ActivitiesTransfer, ActivityFigures, refreshTopicMain } from './modules/activities/index.js';
import { AuthService } from './modules/accounts/auth.service.js';
import { UsersService } from './modules/accounts/users.service.js';
import { UsersTransferService } from './modules/accounts/users.xlsx.js';
import { AuditService } from './modules/audit/audit.service.js';
import { CalendarRepository, CalendarService } from './modules/calendar/index.js';
import { CampaignsRepository, CampaignsService } from './modules/campaigns/index.js';
import { CONTEST_ACTIVITIES_CRON, CONTEST_ACTIVITIES_JOB, CONTEST_RETENTION_CRON, CONTEST_RETENTION_JOB, CONTEST_TICK_CRON, CONTEST_TICK_JOB, ContestPlayService, ContestQuestionsTransfer, ContestResults, ContestsRepository, ContestsService, foldQuestionUsage, HttpSmsSender, LoggingSmsSender, type SmsSender, syncContestActivities } from './modules/contests/index.js';
import { contestDataChanged } from './modules/contests/bank-cache.js';
import { SqliteAttemptStore } from './modules/contests/contest-play.sqlite.js';
import { DashboardService } from './modules/dashboard/index.js';
import { NotificationsService } from './modules/notifications/index.js';
import { loadCascadeSource, PlanCascade, PlanDistribution, PlansRepository, PlansService } from './modules/plans/index.js';
import { REMINDERS_CRON, REMINDERS_JOB, RemindersService, TaskCarryOver, TasksRepository, TasksService } from './modules/tasks/index.js';
import { NewsImages, NewsRepository, NewsService, SearchRepository, SearchService } from './modules/news/index.js';
import { FanpageService } from './modules/news/fanpage.js';
import { PortalService } from './modules/portal/index.js';
import { MaterialsService, PublicPlans } from './modules/materials/index.js';
import { ModelsService } from './modules/models/index.js';
import { REPORT_REMINDERS_CRON, REPORT_REMINDERS_JOB, ReportsRepository, ReportsService } from './modules/reports/index.js';
import { UnitsRepository } from './modules/units/units.repository.js';
import { UnitsService } from './modules/units/units.service.js';
import { UnitsTransferService } from './modules/units/units.xlsx.js';

interface JobLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
const silentLogger: JobLogger = { info: () => undefined, error: () => undefined };

/** Wires each service with exactly the collaborators it needs. */
export function buildServices(h: DbHandle, clock: Clock, config: Config, log: JobLogger = silentLogger) {
  const events = new EventBus<DomainEvents>();
  const jobs = new JobQueue(h.db, clock, log);
  const files = new FileStore(h.db, config.filesDir, clock);
  const audit = new AuditService(h.db, clock);
  const notifications = new NotificationsService(h.db, clock);
  const units = new UnitsService(h.db, new UnitsRepository(h.db), audit, clock, events);
  const accounts = new AccountsRepository(h.db);
  const auth = new AuthService(h.db, accounts, units, audit, clock, {
    idleMinutes: config.session.idleMinutes,
    absoluteHours: config.session.absoluteHours,
    maxFailures: config.login.maxFailures,
    lockMinutes: config.login.lockMinutes,
  });
  const users = new UsersService(h.db, accounts, audit, clock);
  const unitsTransfer = new UnitsTransferService(h.db, units, clock);
  const usersTransfer = new UsersTransferService(h.db, users, clock);
  const tasks = new TasksService(h.db, new TasksRepository(h.db), notifications, files, events, audit, clock, { maxUploadBytes: config.maxUploadBytes });
  const reminders = new RemindersService(h.db, notifications, units, clock, { reminderDays: config.reminderDays });
  jobs.schedule(REMINDERS_JOB, REMINDERS_CRON, async () => {
    await reminders.runDaily();
  });
  // Reorganisation: open tasks of merged/split units go to the (first) successor (same transaction as the merge).
  const taskCarryOver = new TaskCarryOver(h.db, jobs, { audit, notifications, clock });
  events.on('units.succeeded', (trx, p, ctx) => taskCarryOver.onUnitsSucceeded(trx, p, ctx));
  // Plan cascade, tasks: one task per duty per target unit (same transaction as the issue).
  events.on('plan.issued', async (trx, p, ctx) => {
    await tasks.createFromPlan(trx, ctx, await loadCascadeSource(trx, p.planId));
  });
  const campaigns = new CampaignsService(h.db, new CampaignsRepository(), audit, clock, events);
  const plansRepo = new PlansRepository();
  const planCascade = new PlanCascade(h.db, plansRepo, notifications, audit, clock);
  const planDistribution = new PlanDistribution(h.db, audit, clock);
  const plans = new PlansService({ db: h.db, repo: plansRepo, campaigns, audit, notifications, events, files, cascade: planCascade, distribution: planDistribution, clock, maxUploadBytes: config.maxUploadBytes });
  // Plan cascade: requests to target units, deliveries to recipients, notifications (same transaction as the issue).
  events.on('plan.issued', (trx, p, ctx) => planCascade.onPlanIssued(trx, p, ctx));
  events.on('plan.submitted', (trx, p) => planCascade.onPlanSubmitted(trx, p));
  const calendar = new CalendarService(h.db, new CalendarRepository(h.db), units, audit, clock, { publicUrl: config.publicUrl });
  // Newsroom, search and the public site: publishing empties the portal's page cache.
  const search = new SearchService(h.db, new SearchRepository(h.engine), () => units.tree(), clock);
  const newsRepo = new NewsRepository();
  const newsImages = new NewsImages(h.db, files, audit, clock, config.maxUploadBytes);
  const news = new NewsService({ db: h.db, repo: newsRepo, images: newsImages, search, audit, notifications, jobs, clock, tree: () => units.tree() });
  const portal = new PortalService({ db: h.db, repo: newsRepo, news, images: newsImages, search, tree: () => units.tree(), clock, publicUrl: config.publicUrl });
  news.onPublicChange(() => portal.invalidate());
  const fanpage = new FanpageService({ db: h.db, repo: newsRepo, news, audit, clock, config: config.fanpage });
  // Good models and exemplary people, the materials library and public plans ("Văn bản"): search and the public site.
  const models = new ModelsService({ db: h.db, images: newsImages, search, audit, notifications, clock, tree: () => units.tree() });
  models.onPublicChange(() => portal.invalidate());
  const materials = new MaterialsService({ db: h.db, files, search, audit, clock, tree: () => units.tree(), maxUploadBytes: config.maxUploadBytes });
  materials.onPublicChange(() => portal.invalidate());
  const publicPlans = new PublicPlans({ db: h.db, search, clock, tree: () => units.tree() });
  plans.onPublicChange(async (trx, planId) => {
    await publicPlans.reindex(trx, planId);
    portal.invalidate();
  });
  // Activity reports and the figures query layer (dashboard and periodic reports read through it).
  const activityFigures = new ActivityFigures(h.db, clock);
  events.on('topics.changed', (trx, p) => refreshTopicMain(trx, p.campaignId).then(() => undefined));
  events.on('topics.changed', async () => contestDataChanged()); // a moved topic changes the contests' quota paths
  const activities = new ActivitiesService({ db: h.db, repo: new ActivitiesRepository(), campaigns, tasks, notifications, files, audit, clock, figures: activityFigures, maxUploadBytes: config.maxUploadBytes });
  const activitiesTransfer = new ActivitiesTransfer(h.db, activities, clock);
  // Periodic reports (figures from the same layer as the dashboard) and their daily deadline reminders.
  const reports = new ReportsService({ db: h.db, repo: new ReportsRepository(), figures: activityFigures, campaigns, notifications, audit, clock, tree: () => units.tree(), cutoffDay: config.reportCutoffDay, reminderDays: config.reminderDays });
  jobs.schedule(REPORT_REMINDERS_JOB, REPORT_REMINDERS_CRON, async () => {
    await reports.runReminders();
  });
  // Monitoring dashboard: reads the figures layer; periodic reports due come from the reports module.
  const dashboard = new DashboardService({ db: h.db, figures: activityFigures, campaigns, clock, cutoffDay: config.reportCutoffDay, reports: () => reports, models });
  // Online contests: organisers' bank and rounds, citizens' attempts on the server clock, codes by SMS.
  const sms: SmsSender = config.sms.gatewayUrl ? new HttpSmsSender(config.sms.gatewayUrl, config.sms.gatewayToken) : new LoggingSmsSender((m) => log.info({ sms: true }, m));
  const contestsRepo = new ContestsRepository();
  const contests = new ContestsService({ db: h.db, repo: contestsRepo, audit, clock, tree: () => units.tree(), publicUrl: config.publicUrl });
  const contestQuestionsTransfer = new ContestQuestionsTransfer(h.db, audit, clock);
  const contestResults = new ContestResults({ db: h.db, repo: contestsRepo, contests, clock, tree: () => units.tree() });
  const contestPlay = new ContestPlayService({ db: h.db, repo: contestsRepo, contests, sms, clock, tree: () => units.tree(), powSecret: config.contest.powSecret || randomBytes(32).toString('hex'), powBits: config.contest.powBits, store: h.sqlite ? new SqliteAttemptStore(h.sqlite) : undefined });
  jobs.schedule(CONTEST_TICK_JOB, CONTEST_TICK_CRON, async () => {
    await contestPlay.finaliseExpired();
    await foldQuestionUsage(h.db); // the bank's usage statistics, from the attempts submitted since the last tick
    // A round just frozen: its participation goes into the activity figures at once.
    if (await contests.closeDueRounds()) await syncContestActivities(h.db, clock);
  });
  jobs.schedule(CONTEST_ACTIVITIES_JOB, CONTEST_ACTIVITIES_CRON, async () => {
    await syncContestActivities(h.db, clock);
  });
  jobs.schedule(CONTEST_RETENTION_JOB, CONTEST_RETENTION_CRON, async () => {
    await contestPlay.anonymiseExpired();
  });
  return { sms, contests, contestPlay, contestQuestionsTransfer, contestResults, events, jobs, files, notifications, audit, units, auth, users, accounts, unitsTransfer, usersTransfer, tasks, reminders, calendar, campaigns, plans, planCascade, planDistribution, search, news, newsImages, fanpage, portal, models, materials, publicPlans, activities, activityFigures, activitiesTransfer, dashboard, reports };
}

export type Services = ReturnType<typeof buildServices>;
