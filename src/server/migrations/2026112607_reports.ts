import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Periodic reports (báo cáo định kỳ, issue 4): requests from the unit above with their target units,
 * the reports themselves (sections I–V, header, signer, frozen figures once submitted) and their
 * review history. Numbers come from the plans' `document_counters` (doc type BC).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  const s = db.schema;

  await s
    .createTable('report_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id')) // the requesting unit
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('period_kind', 'text', (c) => c.notNull()) // month | quarter | half | year | custom
    .addColumn('period_year', 'integer', (c) => c.notNull())
    .addColumn('period_index', 'integer', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('cutoff_day', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('report_requests_unit').on('report_requests').columns(['unit_id', 'created_at']).execute();
  await s.createIndex('report_requests_deadline').on('report_requests').columns(['deadline']).execute();

  await s
    .createTable('report_request_targets')
    .addColumn('request_id', 'text', (c) => c.notNull().references('report_requests.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('report_id', 'text') // the target's report once started
    .addPrimaryKeyConstraint('report_request_targets_pk', ['request_id', 'unit_id'])
    .execute();
  // "What is asked of my units" (the dashboard's follow-up panel, reminders).
  await s.createIndex('report_request_targets_unit').on('report_request_targets').columns(['unit_id', 'request_id']).execute();
  await s.createIndex('report_request_targets_report').on('report_request_targets').columns(['report_id']).execute();

  await s
    .createTable('periodic_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('request_id', 'text', (c) => c.references('report_requests.id'))
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('period_year', 'integer', (c) => c.notNull())
    .addColumn('period_index', 'integer', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('cutoff_day', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('compile_mode', 'text', (c) => c.notNull().defaultTo('activities')) // activities | with_subunit_reports
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull()) // JSON { parentBody, bodyName, issuer }
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('doc_date', 'text')
    .addColumn('sections', 'text', (c) => c.notNull()) // JSON [{ key, heading, content }]
    .addColumn('recipients', 'text', (c) => c.notNull()) // JSON string[]
    .addColumn('archive_line', 'text', (c) => c.notNull())
    .addColumn('signer', 'text', (c) => c.notNull()) // JSON
    .addColumn('number', 'integer')
    .addColumn('number_text', 'text')
    .addColumn('number_year', 'integer')
    .addColumn('status', 'text', (c) => c.notNull()) // draft | submitted | accepted | returned
    .addColumn('deadline', 'text')
    .addColumn('figures', 'text') // JSON ReportFigures frozen at submission
    .addColumn('frozen_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('return_comment', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // A unit's reports newest period first; the one-report-per-period check.
  await s.createIndex('periodic_reports_unit_period').on('periodic_reports').columns(['unit_id', 'period_from', 'period_to']).execute();
  await s.createIndex('periodic_reports_request').on('periodic_reports').columns(['request_id']).execute();
  await s.createIndex('periodic_reports_status').on('periodic_reports').columns(['status', 'unit_id']).execute();

  await s
    .createTable('report_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('periodic_reports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // create | submit | accept | return | refresh
    .addColumn('comment', 'text')
    .addColumn('user_id', 'text')
    .addColumn('acting_unit_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('report_events_report').on('report_events').columns(['report_id', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['report_events', 'periodic_reports', 'report_request_targets', 'report_requests']) await db.schema.dropTable(t).ifExists().execute();
}
