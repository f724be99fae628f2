import type { Config } from './config.js';
import { type Clock, fixedClock, systemClock } from './platform/clock.js';
import { type DbHandle, openDb } from './platform/db.js';
import { migrateToLatest } from './platform/migrate.js';
import { seedActivitiesDemo } from './demo/seed-activities.js';
import { seedCampaignDemo } from './demo/seed-campaign.js';
import { seedReportsDemo } from './demo/seed-reports.js';
import { seedNewsDemo } from './modules/news/index.js';
import { seedMaterialsDemo } from './modules/materials/index.js';
import { seedModelsDemo } from './modules/models/index.js';
import { isEmpty, seedDemo } from './demo/seed.js';
import { seedKeyDates } from './modules/calendar/index.js';
import { seedContestDemo } from './modules/contests/contests.seed.js';

export function clockFor(config: Config): Clock {
  return config.fixedNow ? fixedClock(config.fixedNow) : systemClock();
}

/** Opens the configured database and brings its schema up to date. */
export async function openAndMigrate(config: Config, opts: Parameters<typeof openDb>[1] = {}): Promise<{ handle: DbHandle; applied: string[] }> {
  const handle = openDb(config.db, opts);
  const applied = await migrateToLatest(handle);
  return { handle, applied };
}

/**
 * Loads demo data when the database is empty — the organisation and people, the nationwide key dates,
 * then the NQ 57 campaign with its plans and tasks (played through the services up to `clock`'s now) —
 * and returns counts, or null when nothing was loaded. `npm start`, the CLI and the full test seed share it.
 */
export async function seedDemoIfEmpty(handle: DbHandle, clock: Clock, config: Config) {
  if (!(await isEmpty(handle.db))) return null;
  const base = await seedDemo(handle.db, clock);
  await seedKeyDates(handle.db, clock); // nationwide key dates (18/5, 10/10, …) for the demo calendar
  const work = await seedCampaignDemo(handle, config, clock.now());
  const activities = await seedActivitiesDemo(handle, config, clock.now()); // a year of activity reports (03/2025 – 02/2026); before the news, whose authors include its ward officers
  const news = await seedNewsDemo(handle, clock, config);
  const models = await seedModelsDemo(handle, clock, config); // good models and exemplary people, linked to the demo news
  const library = await seedMaterialsDemo(handle, clock, config); // materials library; issued plans made public
  const reports = await seedReportsDemo(handle, config, clock.now()); // An Mỹ Q2/2025, Tam Kỳ H1/2025, Đà Nẵng's Q3/2025 request
  const contest = await seedContestDemo(handle.db, clock); // the NQ 57 question bank and Đà Nẵng's weekly online contest
  return { ...base, ...work, contestQuestions: contest.questions, contestParticipants: contest.participants, articles: news.articles, models: models.models, materials: library.materials, publicPlans: library.publicPlans, ...activities, ...reports };
}
