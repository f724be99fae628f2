import type { ColumnType } from 'kysely';

/** A nullable column that inserts may leave out. */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

/** Tables of online contests (migration 2026112610_contests). */
export interface ContestQuestionTable {
  id: string;
  unit_id: string;
  campaign_id: string | null;
  kind: string;
  text: string;
  options: string;
  correct: string;
  explanation: string | null;
  difficulty: number;
  topic_id: string | null;
  status: string;
  answered: number;
  answered_correctly: number;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** The latest reviewer's comment on a question (returned to draft or rejected), its author and time (2026112706). */
export interface ContestQuestionReviewColumns {
  review_comment: OptionalText;
  review_comment_by: OptionalText;
  review_comment_at: OptionalText;
}

export interface ContestTable {
  id: string;
  unit_id: string;
  campaign_id: string | null;
  slug: string;
  title: string;
  rules: string;
  status: string;
  questions_per_attempt: number;
  quotas: string;
  time_limit_sec: number;
  grace_sec: number;
  attempts_per_round: number;
  area_unit_id: string;
  prizes: string;
  retention_days: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ContestRoundTable {
  id: string;
  contest_id: string;
  no: number;
  title: string;
  opens_at: string;
  closes_at: string;
  prediction_question: string;
  actual_value: number | null;
  frozen_at: string | null;
}

export interface ContestParticipantTable {
  id: string;
  contest_id: string;
  full_name: string;
  birth_date: string;
  gender: string;
  phone: string;
  unit_id: string;
  org_unit_id: string | null;
  consent_at: string;
  consent_version: string;
  verified_at: string | null;
  referral_code: string;
  referred_by: string | null;
  withdrawn_at: string | null;
  anonymised_at: string | null;
  created_at: string;
  ip: string | null;
}

export interface ContestCodeTable {
  id: string;
  participant_id: string;
  code_hash: string;
  expires_at: string;
  tries: number;
  used_at: string | null;
  created_at: string;
}

export interface ContestSessionTable {
  token_hash: string;
  participant_id: string;
  created_at: string;
  expires_at: string;
}

export interface ContestAttemptTable {
  id: string;
  round_id: string;
  participant_id: string;
  unit_id: string;
  attempt_no: number;
  questions: string;
  started_at: string;
  deadline_at: string;
  submitted_at: string | null;
  auto_submitted: number;
  prediction: number | null;
  correct_count: number | null;
  time_used_ms: number | null;
  /**
   * 1 once this (submitted) attempt is counted in the bank's usage counters or queued for them
   * (contest_usage_pending): see contests.usage.ts. 0 on a submitted attempt only for those closed before the queue.
   */
  usage_counted: ColumnType<number, number | undefined, number>;
  /** Set at submission: per drawn question, 1 right, 0 wrong, - unanswered (what the fold adds to the bank). */
  usage_mask: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ContestAnswerTable {
  attempt_id: string;
  question_id: string;
  option_ids: string;
  answered_at: string;
}

/**
 * A submitted attempt's contribution to the bank's usage counters, waiting for the fold (contests.usage.ts):
 * written in the submission's transaction, deleted by the fold that counts it.
 */
export interface ContestUsagePendingTable {
  attempt_id: string;
  /** The drawn question ids, comma-separated, in drawn order. */
  question_ids: string;
  /** Per drawn question: 1 right, 0 wrong, - unanswered. */
  mask: string;
}

export interface ContestsDatabase {
  contest_questions: ContestQuestionTable & ContestQuestionReviewColumns;
  contests: ContestTable;
  contest_rounds: ContestRoundTable;
  contest_participants: ContestParticipantTable;
  contest_codes: ContestCodeTable;
  contest_sessions: ContestSessionTable;
  contest_attempts: ContestAttemptTable;
  contest_answers: ContestAnswerTable;
  contest_usage_pending: ContestUsagePendingTable;
}
