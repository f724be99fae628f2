import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/** Campaigns, topics, forms, plans and their cascade, tasks, notifications, jobs, files, calendar. */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const s = db.schema;
  const float = engine === 'postgres' ? 'double precision' : 'real';

  await s
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | running | done | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await s
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // active | closed
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('campaigns_unit_code', ['unit_id', 'code'])
    .execute();

  await s
    .createTable('campaign_indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull()) // e.g. plans_issued_pct, conferences_per_ward_quarter, custom
    .addColumn('target_value', float, (c) => c.notNull())
    .addColumn('unit_label', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await s.createIndex('campaign_indicators_campaign').on('campaign_indicators').columns(['campaign_id']).execute();

  await s
    .createTable('topics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('parent_id', 'text', (c) => c.references('topics.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('topics_campaign_code', ['campaign_id', 'code'])
    .execute();
  await s.createIndex('topics_parent').on('topics').columns(['parent_id']).execute();

  await s
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull()) // JSON array of measure labels
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await s
    .createTable('key_dates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.references('units.id')) // null: everyone
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('month', 'integer')
    .addColumn('day', 'integer')
    .addColumn('date', 'text') // one-off date; month/day null
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('basis', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuing_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('parent_plan_id', 'text', (c) => c.references('plans.id'))
    .addColumn('request_id', 'text')
    .addColumn('supersedes_id', 'text', (c) => c.references('plans.id'))
    .addColumn('doc_type', 'text', (c) => c.notNull()) // KH, HD, TB, CTr, …
    .addColumn('symbol', 'text', (c) => c.notNull()) // KH-MTTQ-BTT
    .addColumn('number', 'integer')
    .addColumn('number_text', 'text') // "51/KH-MTTQ-BTT"; null until issued
    .addColumn('number_unknown', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('number_year', 'integer')
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('doc_date', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull()) // JSON {parentBody, bodyName, issuer}
    .addColumn('preamble', 'text') // rich text JSON
    .addColumn('sections', 'text', (c) => c.notNull()) // JSON [{id, heading, content}]
    .addColumn('closing', 'text') // rich text JSON
    .addColumn('footnotes', 'text', (c) => c.notNull()) // JSON [{marker, text}]
    .addColumn('recipients', 'text', (c) => c.notNull()) // JSON [{unitId?, text}]
    .addColumn('signer', 'text', (c) => c.notNull()) // JSON {mode, authority, position, name}
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // draft | submitted | issued | closed
    .addColumn('is_template', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull()) // folded number + subject + title
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('issued_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex('plans_unit_status').on('plans').columns(['issuing_unit_id', 'status']).execute();
  await s.createIndex('plans_campaign').on('plans').columns(['campaign_id']).execute();
  await s.createIndex('plans_parent').on('plans').columns(['parent_plan_id']).execute();
  await s.createIndex('plans_number_unique').on('plans').columns(['issuing_unit_id', 'doc_type', 'number_year', 'number']).unique().execute();

  await s
    .createTable('document_counters')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_counters_pk', ['unit_id', 'doc_type', 'year'])
    .execute();

  await s
    .createTable('plan_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('plan_versions_plan').on('plan_versions').columns(['plan_id', 'version']).execute();

  await s
    .createTable('plan_bases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('based_on_plan_id', 'text', (c) => c.references('plans.id'))
    .addColumn('external_number', 'text')
    .addColumn('external_date', 'text')
    .addColumn('external_issuer', 'text')
    .addColumn('external_title', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await s.createIndex('plan_bases_plan').on('plan_bases').columns(['plan_id']).execute();
  await s.createIndex('plan_bases_based_on').on('plan_bases').columns(['based_on_plan_id']).execute();

  await s
    .createTable('plan_topics')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.id'))
    .addPrimaryKeyConstraint('plan_topics_pk', ['plan_id', 'topic_id'])
    .execute();
  await s
    .createTable('plan_forms')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addPrimaryKeyConstraint('plan_forms_pk', ['plan_id', 'form_id'])
    .execute();

  await s
    .createTable('plan_milestones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('date', 'text') // one-off
    .addColumn('month', 'integer') // yearly
    .addColumn('day', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('plan_milestones_plan').on('plan_milestones').columns(['plan_id']).execute();

  // Section V: who does what. Target = explicit units and/or a group resolved at issue time.
  await s
    .createTable('plan_responsibilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('target_group', 'text') // self | member_organisations | ward_committees | residential_committees | units
    .addColumn('target_unit_ids', 'text', (c) => c.notNull()) // JSON array
    .addColumn('duties', 'text', (c) => c.notNull()) // JSON [{text, recurrence, dueDate, topicIds, formIds}]
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await s.createIndex('plan_responsibilities_plan').on('plan_responsibilities').columns(['plan_id']).execute();

  await s
    .createTable('plan_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('plan_attachments_plan').on('plan_attachments').columns(['plan_id']).execute();

  // Cascade: the issuing unit asks each target unit to issue its own implementing plan.
  await s
    .createTable('implementation_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('target_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('deadline', 'text')
    .addColumn('implementing_plan_id', 'text', (c) => c.references('plans.id'))
    .addColumn('implemented_at', 'text') // when the implementing plan was issued
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('implementation_requests_pair', ['plan_id', 'target_unit_id'])
    .execute();
  await s.createIndex('implementation_requests_target').on('implementation_requests').columns(['target_unit_id']).execute();

  // Distribution: issued documents delivered to recipient units' inboxes, with read receipts.
  await s
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('recipient_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('first_opened_at', 'text')
    .addColumn('first_opened_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text')
    .addUniqueConstraint('deliveries_pair', ['plan_id', 'recipient_unit_id'])
    .execute();
  await s.createIndex('deliveries_recipient').on('deliveries').columns(['recipient_unit_id', 'delivered_at']).execute();

  await s
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.references('plans.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('responsibility_id', 'text')
    .addColumn('assigner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('assignee_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('topic_ids', 'text', (c) => c.notNull()) // JSON
    .addColumn('form_ids', 'text', (c) => c.notNull()) // JSON
    .addColumn('recurrence', 'text', (c) => c.notNull()) // once | monthly | quarterly | ongoing
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('due_date', 'text') // once
    .addColumn('status', 'text', (c) => c.notNull()) // not_started | in_progress | done
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_due_date', 'text') // earliest open occurrence due date (null when done)
    .addColumn('done_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex('tasks_unit_status').on('tasks').columns(['unit_id', 'status', 'next_due_date']).execute();
  await s.createIndex('tasks_plan').on('tasks').columns(['plan_id', 'unit_id']).execute();
  await s.createIndex('tasks_campaign').on('tasks').columns(['campaign_id', 'unit_id', 'status']).execute();
  await s.createIndex('tasks_assigner').on('tasks').columns(['assigner_unit_id', 'status']).execute();

  // One row per reporting period of a task (a single row for "once").
  await s
    .createTable('task_occurrences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('note', 'text')
    .execute();
  await s.createIndex('task_occurrences_task').on('task_occurrences').columns(['task_id', 'due_date']).execute();
  await s.createIndex('task_occurrences_due').on('task_occurrences').columns(['due_date', 'done_at']).execute();

  await s
    .createTable('task_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('occurrence_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer')
    .addColumn('file_ids', 'text', (c) => c.notNull()) // JSON
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('task_notes_task').on('task_notes').columns(['task_id']).execute();

  await s
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'text')
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await s.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();

  await s
    .createTable('calendar_feeds')
    .addColumn('unit_id', 'text', (c) => c.primaryKey().references('units.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
