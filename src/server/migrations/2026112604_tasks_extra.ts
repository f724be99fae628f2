import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Tasks and calendar additions: a record of reminders already sent, so the daily reminder job
 * looks only at what is new (notifications are also idempotent by their dedupe key).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('reminders_sent')
    .addColumn('entity_id', 'text', (c) => c.notNull()) // task occurrence or implementation request id
    .addColumn('kind', 'text', (c) => c.notNull()) // task.due_soon | task.overdue | request.due_soon | request.overdue
    .addColumn('entity_type', 'text', (c) => c.notNull()) // task_occurrence | implementation_request
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminders_sent_pk', ['entity_id', 'kind'])
    .execute();
  // The task overview groups a plan's (or campaign's) tasks by unit; covering both makes it index-only.
  await db.schema.createIndex('tasks_plan_overview').on('tasks').columns(['plan_id', 'unit_id', 'status', 'next_due_date']).execute();
}
