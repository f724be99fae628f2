import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Plans, second step: columns the plans contract needs beyond 2026112602 (archive line, the deadline
 * for implementing plans, explicit cascade targets chosen at issue) and indexes for look-ups by
 * attachment file, amendment and request.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  const s = db.schema;
  await s.alterTable('plans').addColumn('archive_line', 'text').execute();
  await s.alterTable('plans').addColumn('request_deadline', 'text').execute();
  // JSON array of unit ids given when issuing; null = resolve targets from the responsibilities.
  await s.alterTable('plans').addColumn('target_unit_ids', 'text').execute();
  await s.createIndex('plans_supersedes').on('plans').columns(['supersedes_id']).execute();
  await s.createIndex('plans_request').on('plans').columns(['request_id']).execute();
  await s.createIndex('plans_template').on('plans').columns(['is_template', 'issuing_unit_id']).execute();
  await s.createIndex('plan_attachments_file').on('plan_attachments').columns(['file_id']).execute();
  await s.createIndex('implementation_requests_implementing').on('implementation_requests').columns(['implementing_plan_id']).execute();
  await s.createIndex('topics_campaign').on('topics').columns(['campaign_id', 'sort']).execute();
  await s.createIndex('campaigns_unit').on('campaigns').columns(['unit_id', 'status']).execute();
}
