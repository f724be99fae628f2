/**
 * Table types for Kysely. Portable conventions (see docs/decisions.md):
 * ids are app-made text, timestamps ISO-8601 UTC text, calendar dates YYYY-MM-DD text,
 * booleans 0/1 integers, JSON stored as text.
 */
import type { Generated } from 'kysely';
import type { ContestsDatabase } from './db-schema-contests.js';

export interface UnitTable {
  id: string;
  code: string;
  name: string;
  short_name: string;
  kind: string;
  level: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  term: string | null;
  population: number | null;
  note: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Parent links with validity, so moves keep history. */
export interface UnitParentTable {
  id: string;
  unit_id: string;
  parent_id: string;
  valid_from: string | null;
  valid_to: string | null;
}

export interface UnitEventTable {
  id: string;
  kind: string; // create | merge | split | rename | move | close | reopen
  effective_date: string;
  unit_id: string | null;
  note: string | null;
  details: string | null; // JSON
  created_by: string | null;
  created_at: string;
}

export interface UnitSuccessionTable {
  id: string;
  event_id: string | null;
  predecessor_id: string;
  successor_id: string;
  effective_date: string;
}

export interface UserTable {
  id: string;
  username: string;
  email: string | null;
  full_name: string;
  phone: string | null;
  position: string | null;
  password_hash: string;
  must_change_password: number;
  failed_attempts: number;
  locked_until: string | null;
  disabled: number;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  csrf_token: string;
  acting_unit_id: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  unit_id: string;
  role: string;
  valid_from: string | null;
  valid_to: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  username: string | null;
  acting_unit_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  request_id: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database extends PlansDatabase, NewsDatabase, ActivitiesDatabase, ReportsDatabase, LibraryDatabase, ContestsDatabase {
  units: UnitTable;
  unit_parents: UnitParentTable;
  unit_events: UnitEventTable;
  unit_successions: UnitSuccessionTable;
  users: UserTable;
  sessions: SessionTable;
  role_grants: RoleGrantTable;
  audit_log: AuditLogTable;
  meta: MetaTable;
}

// ---- Plans, tasks and what surrounds them (migration 2026112602) ----

export interface FileTable {
  id: string;
  unit_id: string | null;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_by: string | null;
  created_at: string;
}

export interface JobTable {
  id: string;
  kind: string;
  run_at: string;
  payload: string;
  status: string;
  attempts: number;
  last_error: string | null;
  locked_until: string | null;
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignTable {
  id: string;
  unit_id: string;
  code: string;
  name: string;
  description: string | null;
  period_start: string | null;
  period_end: string | null;
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CampaignIndicatorTable {
  id: string;
  campaign_id: string;
  name: string;
  metric: string;
  target_value: number;
  unit_label: string | null;
  sort: number;
}

export interface TopicTable {
  id: string;
  campaign_id: string;
  parent_id: string | null;
  code: string;
  title: string;
  body: string | null;
  sort: number;
  archived: number;
}

export interface FormTable {
  id: string;
  code: string;
  name: string;
  counts: string;
  sort: number;
  archived: number;
}

export interface KeyDateTable {
  id: string;
  unit_id: string | null;
  campaign_id: string | null;
  month: number | null;
  day: number | null;
  date: string | null;
  name: string;
  basis: string | null;
  created_at: string;
}

export interface PlanTable {
  id: string;
  issuing_unit_id: string;
  campaign_id: string | null;
  parent_plan_id: string | null;
  request_id: string | null;
  supersedes_id: string | null;
  doc_type: string;
  symbol: string;
  number: number | null;
  number_text: string | null;
  number_unknown: number;
  number_year: number | null;
  place: string;
  doc_date: string | null;
  title: string;
  subject: string;
  header: string;
  preamble: string | null;
  sections: string;
  closing: string | null;
  footnotes: string;
  recipients: string;
  signer: string;
  period_start: string | null;
  period_end: string | null;
  status: string;
  is_template: number;
  search_text: string;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  submitted_at: string | null;
  issued_at: string | null;
  issued_by: string | null;
  closed_at: string | null;
  version: number;
  // migration 2026112603_plans_extra
  archive_line: string | null;
  request_deadline: string | null;
  /** JSON array of unit ids chosen when issuing; null = resolved from the responsibilities. */
  target_unit_ids: string | null;  // migration 2026112608_models_materials: shown on the public site under "Văn bản"
  is_public?: number | null;
}

export interface DocumentCounterTable {
  unit_id: string;
  doc_type: string;
  year: number;
  last_number: number;
}

export interface PlanVersionTable {
  id: string;
  plan_id: string;
  version: number;
  status: string;
  snapshot: string;
  reason: string | null;
  created_by: string | null;
  created_at: string;
}

export interface PlanBasisTable {
  id: string;
  plan_id: string;
  based_on_plan_id: string | null;
  external_number: string | null;
  external_date: string | null;
  external_issuer: string | null;
  external_title: string | null;
  sort: number;
}

export interface PlanTopicTable {
  plan_id: string;
  topic_id: string;
}

export interface PlanFormTable {
  plan_id: string;
  form_id: string;
}

export interface PlanMilestoneTable {
  id: string;
  plan_id: string;
  date: string | null;
  month: number | null;
  day: number | null;
  title: string;
}

export interface PlanResponsibilityTable {
  id: string;
  plan_id: string;
  heading: string;
  target_group: string | null;
  target_unit_ids: string;
  duties: string;
  sort: number;
}

export interface PlanAttachmentTable {
  id: string;
  plan_id: string;
  file_id: string;
  title: string;
  created_at: string;
}

export interface ImplementationRequestTable {
  id: string;
  plan_id: string;
  target_unit_id: string;
  deadline: string | null;
  implementing_plan_id: string | null;
  implemented_at: string | null;
  created_at: string;
}

export interface DeliveryTable {
  id: string;
  plan_id: string;
  recipient_unit_id: string;
  delivered_at: string;
  first_opened_at: string | null;
  first_opened_by: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

export interface TaskTable {
  id: string;
  plan_id: string | null;
  campaign_id: string | null;
  responsibility_id: string | null;
  assigner_unit_id: string;
  unit_id: string;
  assignee_user_id: string | null;
  title: string;
  description: string | null;
  topic_ids: string;
  form_ids: string;
  recurrence: string;
  start_date: string;
  end_date: string | null;
  due_date: string | null;
  status: string;
  progress: number;
  next_due_date: string | null;
  done_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TaskOccurrenceTable {
  id: string;
  task_id: string;
  period_start: string;
  period_end: string;
  due_date: string;
  done_at: string | null;
  note: string | null;
}

export interface TaskNoteTable {
  id: string;
  task_id: string;
  occurrence_id: string | null;
  user_id: string | null;
  note: string;
  progress: number | null;
  file_ids: string;
  created_at: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  unit_id: string | null;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  entity_type: string | null;
  entity_id: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
}

export interface CalendarFeedTable {
  unit_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
}

export interface PlansDatabase {
  files: FileTable;
  jobs: JobTable;
  campaigns: CampaignTable;
  campaign_indicators: CampaignIndicatorTable;
  topics: TopicTable;
  forms: FormTable;
  key_dates: KeyDateTable;
  plans: PlanTable;
  document_counters: DocumentCounterTable;
  plan_versions: PlanVersionTable;
  plan_bases: PlanBasisTable;
  plan_topics: PlanTopicTable;
  plan_forms: PlanFormTable;
  plan_milestones: PlanMilestoneTable;
  plan_responsibilities: PlanResponsibilityTable;
  plan_attachments: PlanAttachmentTable;
  implementation_requests: ImplementationRequestTable;
  deliveries: DeliveryTable;
  tasks: TaskTable;
  task_occurrences: TaskOccurrenceTable;
  task_notes: TaskNoteTable;
  notifications: NotificationTable;
  calendar_feeds: CalendarFeedTable;
}

// ---- Newsroom, public site and search (migration 2026112606) ----

export interface NewsCategoryTable {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  sort: number;
}

export interface NewsSiteTable {
  unit_id: string;
  slug: string;
  created_at: string;
}

export interface NewsTagTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface NewsImageTable {
  id: string;
  unit_id: string;
  file_id: string;
  alt: string;
  caption: string | null;
  width: number;
  height: number;
  /** JSON { "400": fileId, "800": fileId, "1200": fileId, "jpeg": fileId } */
  variants: string;
  created_by: string | null;
  created_at: string;
}

export interface NewsArticleTable {
  id: string;
  unit_id: string;
  category_id: string;
  campaign_id: string | null;
  slug: string;
  title: string;
  sapo: string;
  /** ArticleDoc JSON */
  body: string;
  body_text: string;
  cover_image_id: string | null;
  cover_caption: string | null;
  byline: string | null;
  featured: number;
  status: string;
  version: number;
  author_id: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  submitted_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  scheduled_at: string | null;
  published_at: string | null;
  published_by: string | null;
  content_updated_at: string | null;
  unpublished_at: string | null;
}

export interface NewsArticleTagTable {
  article_id: string;
  tag_id: string;
}

export interface NewsArticleTopicTable {
  article_id: string;
  topic_id: string;
}

export interface NewsArticleImageTable {
  article_id: string;
  image_id: string;
}

export interface NewsRevisionTable {
  id: string;
  article_id: string;
  revision: number;
  status: string;
  snapshot: string;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export interface NewsCommentTable {
  id: string;
  article_id: string;
  user_id: string | null;
  kind: string;
  body: string;
  created_at: string;
}

/** One attempt to post an article to the committee's Facebook page (migration 2026112705_news_fanpage). */
export interface NewsFanpagePostTable {
  id: string;
  article_id: string;
  posted_by: string | null;
  posted_at: string;
  /** The Graph API post id on success; null when the attempt failed. */
  remote_id: string | null;
  /** Facebook's error (Vietnamese summary and the original message) when the attempt failed. */
  error: string | null;
  message: string;
  link: string;
}

export interface SearchDocTable {
  id: string;
  seq: number;
  kind: string;
  ref_id: string;
  unit_id: string;
  category_id: string | null;
  title: string;
  summary: string;
  body: string;
  url: string;
  image_id: string | null;
  published_at: string;
  title_text: string;
  search_text: string;
}

export interface NewsDatabase {
  news_categories: NewsCategoryTable;
  news_sites: NewsSiteTable;
  news_tags: NewsTagTable;
  news_images: NewsImageTable;
  news_articles: NewsArticleTable;
  news_article_tags: NewsArticleTagTable;
  news_article_topics: NewsArticleTopicTable;
  news_article_images: NewsArticleImageTable;
  news_revisions: NewsRevisionTable;
  news_comments: NewsCommentTable;
  news_fanpage_posts: NewsFanpagePostTable;
  search_docs: SearchDocTable;
}

// ---- Activity reports and their pre-aggregated figures (migration 2026112605) ----

/** The typed integer measure columns shared by `activities` and the stats tables (see modules/activities/measures.ts). */
export type ActivityMeasureColumn =
  | 'att_cadres'
  | 'att_party'
  | 'att_members'
  | 'att_residents'
  | 'att_male'
  | 'att_female'
  | 'sessions'
  | 'banners'
  | 'panels'
  | 'posters'
  | 'flags'
  | 'slogans'
  | 'leaflets'
  | 'news_items'
  | 'articles'
  | 'photos'
  | 'videos'
  | 'views'
  | 'shares'
  | 'followers'
  | 'column_issues'
  | 'bulletins'
  | 'broadcasts'
  | 'radio_minutes'
  | 'shows'
  | 'acts'
  | 'audience'
  | 'contests'
  | 'entries'
  | 'participants'
  | 'winners'
  | 'models_found'
  | 'models_honoured'
  | 'models_replicated'
  | 'exemplars_found'
  | 'exemplars_honoured'
  | 'supervisions_proposed'
  | 'supervisions_held'
  | 'criticisms_proposed'
  | 'criticisms_held'
  | 'recommendations_made'
  | 'recommendations_resolved'
  | 'digital_helped';

/** One version of an activity report; corrections of an accepted report are new rows of the same chain (`root_id`). */
export interface ActivityTable extends Record<ActivityMeasureColumn, number | null> {
  id: string;
  root_id: string;
  version_no: number;
  supersedes_id: string | null;
  unit_id: string;
  campaign_id: string | null;
  plan_id: string | null;
  task_id: string | null;
  occurrence_id: string | null;
  task_done: number;
  form_code: string | null;
  title: string | null;
  date_from: string;
  date_to: string | null;
  place: string | null;
  description: string | null;
  /** JSON array of http(s) URLs */
  links: string;
  /** draft | submitted | returned | accepted | superseded */
  status: string;
  client_key: string | null;
  submit_key: string | null;
  return_comment: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  submitted_by: string | null;
  submitted_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  version: number;
}

export interface ActivityTopicTable {
  activity_id: string;
  topic_id: string;
}

export interface ActivityFileTable {
  id: string;
  activity_id: string;
  /** photo | document */
  kind: string;
  /** The document, or the photo's display size (≤ 1600 px WebP, or the small original). */
  file_id: string;
  /** Photos: the 400 px WebP. */
  thumb_file_id: string | null;
  width: number | null;
  height: number | null;
  caption: string | null;
  sort: number;
  created_by: string | null;
  created_at: string;
}

export interface ActivityEventTable {
  id: string;
  activity_id: string;
  root_id: string;
  /** Order within the chain (timestamps can tie). */
  seq: number;
  /** created | submitted | resubmitted | returned | accepted | correction | imported */
  kind: string;
  comment: string | null;
  user_id: string | null;
  acting_unit_id: string | null;
  at: string;
}

/** `activities` (how many) and one sum per measure, over accepted (newest-version) activities. */
export type ActivitySums = Record<ActivityMeasureColumn | 'activities', number>;

/** Per unit, month of the start date (YYYY-MM), campaign ('' = none) and form code ('' = none). */
export interface ActivityStatsTable extends ActivitySums {
  unit_id: string;
  month: string;
  campaign_id: string;
  form_code: string;
}

/** Per unit, month and campaign (all forms). */
export interface ActivityUnitStatsTable extends ActivitySums {
  unit_id: string;
  month: string;
  campaign_id: string;
}

/** Per unit, start date (YYYY-MM-DD) and campaign. */
export interface ActivityUnitDayStatsTable extends ActivitySums {
  unit_id: string;
  day: string;
  campaign_id: string;
}

/** The whole database per start date, campaign and form. */
export interface ActivityDayStatsTable extends ActivitySums {
  day: string;
  campaign_id: string;
  form_code: string;
}

/** Per unit, month and topic covered (an activity counts once under each of its topics). */
export interface ActivityTopicStatsTable extends ActivitySums {
  unit_id: string;
  month: string;
  topic_id: string;
  campaign_id: string;
}

/** The whole database per start date and topic. */
export interface ActivityDayTopicStatsTable extends ActivitySums {
  day: string;
  topic_id: string;
  campaign_id: string;
}

/** Each live topic's main topic (migration 2026112613, campaigns/topic-tree.ts). */
export interface TopicMainTable {
  topic_id: string;
  campaign_id: string;
  main_topic_id: string;
}

/** Activities per unit, month and main topic (counts only; the dashboard's coverage grid). */
export interface ActivityCoverStatsTable {
  unit_id: string;
  month: string;
  topic_id: string;
  campaign_id: string;
  activities: number;
}

export interface ActivitiesDatabase {
  activities: ActivityTable;
  activity_topics: ActivityTopicTable;
  activity_files: ActivityFileTable;
  activity_events: ActivityEventTable;
  activity_stats: ActivityStatsTable;
  activity_unit_stats: ActivityUnitStatsTable;
  activity_unit_day_stats: ActivityUnitDayStatsTable;
  activity_day_stats: ActivityDayStatsTable;
  activity_topic_stats: ActivityTopicStatsTable;
  activity_day_topic_stats: ActivityDayTopicStatsTable;
  topic_main: TopicMainTable;
  activity_cover_stats: ActivityCoverStatsTable;
}

// ---- Periodic reports (migration 2026112607) ----

/** A request from a unit for periodic reports of the units under it, with a deadline. */
export interface ReportRequestTable {
  id: string;
  unit_id: string;
  campaign_id: string | null;
  period_kind: string;
  period_year: number;
  period_index: number;
  period_from: string;
  period_to: string;
  cutoff_day: number;
  deadline: string;
  title: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ReportRequestTargetTable {
  request_id: string;
  unit_id: string;
  report_id: string | null;
}

/** A periodic report (báo cáo định kỳ) of a unit for a period; JSON columns as text. */
export interface PeriodicReportTable {
  id: string;
  unit_id: string;
  campaign_id: string | null;
  request_id: string | null;
  period_kind: string;
  period_year: number;
  period_index: number;
  period_from: string;
  period_to: string;
  cutoff_day: number;
  compile_mode: string;
  title: string;
  subject: string;
  header: string;
  symbol: string;
  place: string;
  doc_date: string | null;
  sections: string;
  recipients: string;
  archive_line: string;
  signer: string;
  number: number | null;
  number_text: string | null;
  number_year: number | null;
  status: string;
  deadline: string | null;
  figures: string | null;
  frozen_at: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  return_comment: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

export interface ReportEventTable {
  id: string;
  report_id: string;
  seq: number;
  kind: string;
  comment: string | null;
  user_id: string | null;
  acting_unit_id: string | null;
  at: string;
}

export interface ReportsDatabase {
  report_requests: ReportRequestTable;
  report_request_targets: ReportRequestTargetTable;
  periodic_reports: PeriodicReportTable;
  report_events: ReportEventTable;
}

// ---- Good models and exemplary people, materials library (migration 2026112608) ----

export interface GoodModelTable {
  id: string;
  unit_id: string;
  kind: string;
  field: string;
  name: string;
  slug: string;
  place: string;
  summary: string;
  description: string;
  achievements: string;
  year: number;
  status: string;
  is_public: number;
  honour_form: string | null;
  honour_doc_number: string | null;
  honour_doc_date: string | null;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewer_unit_id: string | null;
  reviewed_at: string | null;
  submitted_at: string | null;
  published_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface GoodModelPhotoTable {
  model_id: string;
  image_id: string;
  sort: number;
}

export interface GoodModelStoryTable {
  model_id: string;
  article_id: string;
}

export interface GoodModelEventTable {
  id: string;
  model_id: string;
  seq: number;
  kind: string;
  comment: string | null;
  user_id: string | null;
  acting_unit_id: string | null;
  at: string;
}

export interface MaterialTable {
  id: string;
  unit_id: string;
  kind: string;
  title: string;
  description: string;
  visibility: string;
  campaign_id: string | null;
  current_version: number;
  archived: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MaterialVersionTable {
  id: string;
  material_id: string;
  version_no: number;
  file_id: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface MaterialTopicTable {
  material_id: string;
  topic_id: string;
}

export interface MaterialDownloadTable {
  material_id: string;
  unit_key: string;
  count: number;
  last_at: string;
}

export interface LibraryDatabase {
  good_models: GoodModelTable;
  good_model_photos: GoodModelPhotoTable;
  good_model_stories: GoodModelStoryTable;
  good_model_events: GoodModelEventTable;
  materials: MaterialTable;
  material_versions: MaterialVersionTable;
  material_topics: MaterialTopicTable;
  material_downloads: MaterialDownloadTable;
}
