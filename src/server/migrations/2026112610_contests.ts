import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Online contests (cuộc thi trực tuyến): the question bank, contests and their weekly rounds, participants
 * (minimum personal data, consent recorded), one-time codes, participant sessions, attempts and their answers.
 * Rankings are computed from attempts (best attempt per participant) and frozen into contest_results at close.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('contest_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // single | multiple
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull()) // JSON [{ id, text }]
    .addColumn('correct', 'text', (c) => c.notNull()) // JSON [option id]
    .addColumn('explanation', 'text')
    .addColumn('difficulty', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('topic_id', 'text', (c) => c.references('topics.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | approved | archived
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered_correctly', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('contest_questions_bank').on('contest_questions').columns(['unit_id', 'status', 'topic_id']).execute();

  await db.schema
    .createTable('contests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull()) // sanitised HTML (Thể lệ)
    .addColumn('status', 'text', (c) => c.notNull()) // draft | open | closed
    .addColumn('questions_per_attempt', 'integer', (c) => c.notNull())
    .addColumn('quotas', 'text', (c) => c.notNull()) // JSON [{ topicId, count }]
    .addColumn('time_limit_sec', 'integer', (c) => c.notNull())
    .addColumn('grace_sec', 'integer', (c) => c.notNull())
    .addColumn('attempts_per_round', 'integer', (c) => c.notNull())
    .addColumn('area_unit_id', 'text', (c) => c.notNull().references('units.id')) // participants live under it
    .addColumn('prizes', 'text', (c) => c.notNull()) // JSON [{ label, count }]
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('contest_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contest_id', 'text', (c) => c.notNull().references('contests.id'))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('prediction_question', 'text', (c) => c.notNull())
    .addColumn('actual_value', 'integer') // set when the round closes
    .addColumn('frozen_at', 'text')
    .execute();
  await db.schema.createIndex('contest_rounds_contest').on('contest_rounds').columns(['contest_id', 'no']).unique().execute();

  await db.schema
    .createTable('contest_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contest_id', 'text', (c) => c.notNull().references('contests.id'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('org_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('consent_at', 'text', (c) => c.notNull())
    .addColumn('consent_version', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('referral_code', 'text', (c) => c.notNull().unique())
    .addColumn('referred_by', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('anonymised_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('contest_participants_phone').on('contest_participants').columns(['contest_id', 'phone']).unique().execute();
  await db.schema.createIndex('contest_participants_unit').on('contest_participants').columns(['contest_id', 'unit_id']).execute();

  await db.schema
    .createTable('contest_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('participant_id', 'text', (c) => c.notNull().references('contest_participants.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contest_codes_participant').on('contest_codes').columns(['participant_id', 'created_at']).execute();

  await db.schema
    .createTable('contest_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('participant_id', 'text', (c) => c.notNull().references('contest_participants.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contest_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('contest_rounds.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('contest_participants.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('attempt_no', 'integer', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull()) // JSON [{ id, options: [option id in shown order] }]
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('auto_submitted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('prediction', 'integer')
    .addColumn('correct_count', 'integer')
    .addColumn('time_used_ms', 'integer')
    .execute();
  await db.schema.createIndex('contest_attempts_participant').on('contest_attempts').columns(['round_id', 'participant_id', 'attempt_no']).unique().execute();
  await db.schema.createIndex('contest_attempts_rank').on('contest_attempts').columns(['round_id', 'submitted_at']).execute();

  await db.schema
    .createTable('contest_answers')
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('contest_attempts.id'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('option_ids', 'text', (c) => c.notNull()) // JSON
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contest_answers_pk', ['attempt_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['contest_answers', 'contest_attempts', 'contest_sessions', 'contest_codes', 'contest_participants', 'contest_rounds', 'contests', 'contest_questions']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
