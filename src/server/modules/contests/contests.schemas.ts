import { z } from 'zod';

const id = z.string().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');
const isoDateTime = z.string().datetime({ offset: true, message: 'thời điểm phải có dạng ISO 8601 kèm múi giờ' });

export const IdParams = z.object({ id });
export const SlugParams = z.object({ slug: z.string().min(1).max(120) });
export const AttemptParams = z.object({ slug: z.string().min(1).max(120), attemptId: id });
export const AnswerParams = z.object({ slug: z.string().min(1).max(120), attemptId: id, questionId: id });

// ------------------------------------------------------------------ question bank

export const QUESTION_KINDS = ['single', 'multiple'] as const;
export const QUESTION_STATUSES = ['draft', 'approved', 'archived'] as const;

export const QuestionBody = z
  .object({
    unitId: id.optional(),
    campaignId: id.nullish(),
    kind: z.enum(QUESTION_KINDS),
    text: z.string().trim().min(5, 'câu hỏi quá ngắn').max(1000),
    options: z.array(z.string().trim().min(1, 'phương án không được để trống').max(300)).min(2, 'cần ít nhất 2 phương án').max(6, 'tối đa 6 phương án'),
    /** Indexes of the correct options. */
    correct: z.array(z.number().int().min(0).max(5)).min(1, 'cần ít nhất một đáp án đúng'),
    explanation: z.string().trim().max(2000).nullish(),
    difficulty: z.number().int().min(1).max(3).default(1),
    topicId: id.nullish(),
  })
  .strict();
export type QuestionInput = z.infer<typeof QuestionBody>;

export const UpdateQuestionBody = QuestionBody.omit({ unitId: true }).partial().extend({ version: z.number().int().min(1) }).strict();

/** `comment` is required when a question is returned to draft (from draft or approved) or archived. */
export const QuestionReviewBody = z
  .object({ status: z.enum(QUESTION_STATUSES), version: z.number().int().min(1), comment: z.string().trim().max(2000, 'góp ý tối đa 2.000 ký tự').nullish() })
  .strict();

export const ReviewCommentSchema = z.object({ text: z.string(), byUserId: z.string().nullable(), byName: z.string().nullable(), at: z.string() });

export const QuestionSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  campaignId: z.string().nullable(),
  kind: z.enum(QUESTION_KINDS),
  text: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
  correct: z.array(z.number().int()),
  explanation: z.string().nullable(),
  difficulty: z.number().int(),
  topicId: z.string().nullable(),
  topicTitle: z.string().nullable(),
  status: z.enum(QUESTION_STATUSES),
  statusLabel: z.string(),
  answered: z.number().int(),
  answeredCorrectly: z.number().int(),
  correctRate: z.number().nullable(),
  /** The latest reviewer's comment (why it was returned or archived), or null. */
  reviewComment: ReviewCommentSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const ListQuestionsQuery = z.object({
  unitId: id.optional(),
  status: z.enum(QUESTION_STATUSES).optional(),
  topicId: id.optional(),
  difficulty: z.coerce.number().int().min(1, 'mức độ từ 1 đến 3').max(3, 'mức độ từ 1 đến 3').optional(),
  search: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const QuestionListSchema = z.object({ items: z.array(QuestionSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

// ------------------------------------------------------------------ contests

const PrizeSchema = z.object({ label: z.string().trim().min(1).max(120), count: z.number().int().min(1).max(1000), kind: z.enum(['individual', 'unit', 'referral']).default('individual') });
const QuotaSchema = z.object({ topicId: id, count: z.number().int().min(1).max(50) });

export const ContestBody = z
  .object({
    unitId: id.optional(),
    campaignId: id.nullish(),
    title: z.string().trim().min(5).max(300),
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang')
      .max(120)
      .optional(),
    rules: z.string().max(100_000).default(''),
    questionsPerAttempt: z.number().int().min(5, 'ít nhất 5 câu').max(50, 'tối đa 50 câu').default(20),
    quotas: z.array(QuotaSchema).max(20).default([]),
    timeLimitMinutes: z.number().int().min(1).max(120).default(15),
    graceSeconds: z.number().int().min(0).max(120).default(15),
    attemptsPerRound: z.number().int().min(1).max(20).default(3),
    areaUnitId: id.optional(),
    prizes: z.array(PrizeSchema).max(20).default([]),
    retentionDays: z.number().int().min(30).max(3650).default(365),
  })
  .strict();
export type ContestInput = z.infer<typeof ContestBody>;

export const UpdateContestBody = ContestBody.omit({ unitId: true }).partial().extend({ version: z.number().int().min(1) }).strict();

export const RoundBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    predictionQuestion: z.string().trim().min(5).max(500).default('Theo bạn, có bao nhiêu người trả lời đúng tất cả các câu hỏi trong tuần này?'),
  })
  .strict();

/** Changing a round that has not opened yet (its times and its prediction question). */
export const UpdateRoundBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    opensAt: isoDateTime.optional(),
    closesAt: isoDateTime.optional(),
    predictionQuestion: z.string().trim().min(5).max(500).optional(),
  })
  .strict();

export const ContestStatusBody = z.object({ status: z.enum(['open', 'closed']), version: z.number().int().min(1) }).strict();

export const RoundSchema = z.object({
  id: z.string(),
  no: z.number().int(),
  title: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  predictionQuestion: z.string(),
  actualValue: z.number().int().nullable(),
  frozenAt: z.string().nullable(),
  state: z.enum(['upcoming', 'open', 'closed']),
});

export const ContestSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  campaignId: z.string().nullable(),
  slug: z.string(),
  title: z.string(),
  rules: z.string(),
  status: z.enum(['draft', 'open', 'closed']),
  statusLabel: z.string(),
  questionsPerAttempt: z.number().int(),
  quotas: z.array(QuotaSchema),
  timeLimitMinutes: z.number().int(),
  graceSeconds: z.number().int(),
  attemptsPerRound: z.number().int(),
  areaUnitId: z.string(),
  areaUnitName: z.string(),
  prizes: z.array(PrizeSchema),
  retentionDays: z.number().int(),
  rounds: z.array(RoundSchema),
  publicUrl: z.string(),
  version: z.number().int(),
});

export const ContestListSchema = z.object({ items: z.array(ContestSchema), total: z.number().int() });

export const RankingRowSchema = z.object({
  rank: z.number().int(),
  participantId: z.string(),
  name: z.string(),
  phone: z.string(),
  unitName: z.string(),
  correct: z.number().int(),
  prediction: z.number().int().nullable(),
  predictionGap: z.number().int().nullable(),
  timeUsedSeconds: z.number(),
  submittedAt: z.string(),
});

export const RankingQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const RankingSchema = z.object({
  roundId: z.string(),
  roundNo: z.number().int(),
  frozen: z.boolean(),
  actualValue: z.number().int().nullable(),
  participants: z.number().int(),
  rows: z.array(RankingRowSchema),
});

export const StatsSchema = z.object({
  contestId: z.string(),
  participants: z.number().int(),
  attempts: z.number().int(),
  submitted: z.number().int(),
  byRound: z.array(z.object({ roundId: z.string(), no: z.number().int(), participants: z.number().int(), attempts: z.number().int() })),
  byUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), participants: z.number().int(), attempts: z.number().int(), per1000: z.number().nullable() })),
  byDay: z.array(z.object({ day: z.string(), attempts: z.number().int() })),
  /** The round the two breakdowns below are for (`?roundId=`), or null for the whole contest. */
  roundId: z.string().nullable(),
  /** Per member organisation; people without one are grouped as "Không thuộc tổ chức nào" (orgUnitId null), last. */
  byOrganisation: z.array(z.object({ orgUnitId: z.string().nullable(), orgName: z.string(), participants: z.number().int(), attempts: z.number().int() })),
  /** Wards ranked by participants (ties share a rank), with participants per 1 000 residents where the population is known. */
  unitLeaderboard: z.array(
    z.object({ rank: z.number().int(), unitId: z.string(), unitName: z.string(), participants: z.number().int(), attempts: z.number().int(), population: z.number().int().nullable(), per1000: z.number().nullable() }),
  ),
});

export const StatsQuery = z.object({ roundId: id.optional() });

// ------------------------------------------------------------------ public: taking part

export const PowBody = z.object({ challenge: z.string().min(10).max(300), nonce: z.string().min(1).max(64) });
export const PowSchema = z.object({ challenge: z.string(), bits: z.number().int(), expiresAt: z.string() });
export const PowQuery = z.object({ purpose: z.enum(['register', 'login', 'start']) });

export const RegisterBody = z
  .object({
    fullName: z
      .string()
      .trim()
      .min(3, 'họ và tên quá ngắn')
      .max(100)
      .regex(/^[\p{L} .'-]+$/u, 'họ và tên chỉ gồm chữ cái'),
    birthDate: isoDate,
    gender: z.enum(['male', 'female', 'other']),
    phone: z.string().trim().min(9).max(20),
    unitId: id,
    orgUnitId: id.nullish(),
    /** Must be the literal `true`: consent is never implied. */
    consent: z.literal(true, { message: 'bạn cần đồng ý với mục đích xử lý dữ liệu cá nhân để đăng ký' }),
    ref: z.string().max(32).nullish(),
    pow: PowBody,
  })
  .strict();

export const LoginCodeBody = z.object({ phone: z.string().trim().min(9).max(20), pow: PowBody }).strict();
export const VerifyBody = z.object({ phone: z.string().trim().min(9).max(20), code: z.string().trim().regex(/^\d{6}$/, 'mã gồm 6 chữ số') }).strict();
export const StartBody = z.object({ pow: PowBody }).strict();
export const AnswerBody = z.object({ optionIds: z.array(id).max(6) }).strict();
export const SubmitBody = z.object({ prediction: z.number().int().min(0).max(100_000_000).nullish() }).strict();
export const UpdateMeBody = z
  .object({
    fullName: RegisterBody.shape.fullName.optional(),
    birthDate: isoDate.optional(),
    gender: z.enum(['male', 'female', 'other']).optional(),
    unitId: id.optional(),
    orgUnitId: id.nullish(),
  })
  .strict();

export const CodeSentSchema = z.object({ sent: z.literal(true), phoneMasked: z.string(), expiresAt: z.string() });
export const TokenSchema = z.object({ token: z.string(), participantId: z.string(), expiresAt: z.string() });

export const MeSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  phone: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  orgUnitId: z.string().nullable(),
  orgUnitName: z.string().nullable(),
  consentAt: z.string(),
  consentVersion: z.string(),
  referralCode: z.string(),
  referralCount: z.number().int(),
});

export const PublicQuestionSchema = z.object({
  id: z.string(),
  no: z.number().int(),
  kind: z.enum(QUESTION_KINDS),
  text: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
  chosen: z.array(z.string()),
});

const AttemptResultSchema = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  timeUsedSeconds: z.number(),
  review: z.array(
    z.object({ questionId: z.string(), chosenOptionIds: z.array(z.string()), correctOptionIds: z.array(z.string()), isCorrect: z.boolean(), explanation: z.string().nullable() }),
  ),
});

const AttemptHeadSchema = z.object({
  id: z.string(),
  roundId: z.string(),
  roundNo: z.number().int(),
  attemptNo: z.number().int(),
  startedAt: z.string(),
  deadlineAt: z.string(),
  serverNow: z.string(),
  status: z.enum(['in_progress', 'submitted']),
  autoSubmitted: z.boolean(),
  predictionQuestion: z.string(),
  prediction: z.number().int().nullable(),
});

export const AttemptSchema = AttemptHeadSchema.extend({
  questions: z.array(PublicQuestionSchema),
  /** After submission only. */
  result: AttemptResultSchema.nullable(),
});

/** The answer to a submission: the result, without the questions the participant's page already holds. */
export const SubmittedSchema = AttemptHeadSchema.extend({ status: z.literal('submitted'), result: AttemptResultSchema });

export const PublicContestSchema = z.object({
  slug: z.string(),
  title: z.string(),
  rules: z.string(),
  organiser: z.string(),
  status: z.enum(['draft', 'open', 'closed']),
  questionsPerAttempt: z.number().int(),
  timeLimitMinutes: z.number().int(),
  attemptsPerRound: z.number().int(),
  prizes: z.array(PrizeSchema),
  rounds: z.array(RoundSchema),
  currentRoundId: z.string().nullable(),
  consentText: z.string(),
  consentVersion: z.string(),
  wards: z.array(z.object({ id: z.string(), name: z.string(), organisations: z.array(z.object({ id: z.string(), name: z.string() })) })),
});
