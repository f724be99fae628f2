import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { notFound } from '../../platform/errors.js';
import { ctxOf, requireActor } from '../../platform/http-auth.js';
import { attachmentHeader, readXlsxUpload, sendWorkbook } from '../../platform/xlsx.js';
import type { Services } from '../../services.js';
import { DOCX_MIME } from './contests.exports.js';
import {
  AnswerBody,
  AnswerParams,
  AttemptParams,
  AttemptSchema,
  CodeSentSchema,
  ContestBody,
  ContestListSchema,
  ContestSchema,
  ContestStatusBody,
  IdParams,
  ListQuestionsQuery,
  LoginCodeBody,
  MeSchema,
  PowQuery,
  PowSchema,
  PublicContestSchema,
  QUESTION_STATUSES,
  QuestionBody,
  QuestionListSchema,
  QuestionReviewBody,
  QuestionSchema,
  RankingQuery,
  RankingSchema,
  RegisterBody,
  RoundBody,
  SlugParams,
  StartBody,
  StatsQuery,
  StatsSchema,
  SubmitBody,
  SubmittedSchema,
  TokenSchema,
  UpdateContestBody,
  UpdateMeBody,
  UpdateQuestionBody,
  UpdateRoundBody,
  VerifyBody,
} from './contests.schemas.js';
import { contestPages } from './contests.pages.js';

export function contestsRoutes(app: FastifyInstance, s: Services, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Cuộc thi trực tuyến'];
  const pub = ['Cuộc thi trực tuyến — người dự thi'];
  const scope = async (req: FastifyRequest) => s.auth.scopeFor(requireActor(req));
  contestPages(app, s); // citizen-facing HTML pages /cuoc-thi/<slug>

  // ---------------------------------------------------------------- organisers
  r.get('/api/contest-questions', { schema: { tags, summary: 'Ngân hàng câu hỏi của đơn vị', querystring: ListQuestionsQuery, response: { 200: QuestionListSchema } } }, async (req) =>
    s.contests.listQuestions(await scope(req), req.query),
  );
  r.post('/api/contest-questions', { schema: { tags, summary: 'Thêm câu hỏi (chờ duyệt)', body: QuestionBody, response: { 201: QuestionSchema } } }, async (req, reply) =>
    reply.code(201).send(await s.contests.createQuestion(await scope(req), ctxOf(req), req.body)),
  );
  const BankQuery = z.object({ unitId: z.string().max(64).optional(), campaignId: z.string().max(64).optional() }).strict();
  r.get('/api/contest-questions/template', { schema: { tags, summary: 'Tải tệp mẫu nhập ngân hàng câu hỏi (.xlsx)', querystring: BankQuery } }, async (req, reply) => {
    const { workbook, filename } = await s.contestQuestionsTransfer.template(await scope(req), req.query);
    return sendWorkbook(reply, workbook, filename);
  });
  r.get(
    '/api/contest-questions/export',
    { schema: { tags, summary: 'Xuất ngân hàng câu hỏi ra tệp Excel (.xlsx), kèm trạng thái và thống kê sử dụng', querystring: BankQuery.extend({ status: z.enum(QUESTION_STATUSES).optional() }).strict() } },
    async (req, reply) => {
      const { workbook, filename } = await s.contestQuestionsTransfer.exportWorkbook(await scope(req), req.query);
      return sendWorkbook(reply, workbook, filename);
    },
  );
  r.post(
    '/api/contest-questions/import',
    {
      schema: {
        tags,
        summary: 'Nhập câu hỏi từ tệp Excel (.xlsx, tối đa 5 MB) — tất cả hoặc không, câu hỏi nhập vào chờ duyệt',
        description: 'multipart/form-data, trường `file`. Có lỗi: 400 `import_invalid`, `details: [{ row, field, column, message }]`, không ghi gì.',
        querystring: BankQuery,
        response: { 201: z.object({ created: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const sc = await scope(req);
      const upload = await readXlsxUpload(req);
      return reply.code(201).send(await s.contestQuestionsTransfer.import(sc, ctxOf(req), upload, req.query));
    },
  );
  r.get('/api/contest-questions/:id', { schema: { tags, summary: 'Chi tiết câu hỏi', params: IdParams, response: { 200: QuestionSchema } } }, async (req) =>
    s.contests.getQuestion(await scope(req), req.params.id),
  );
  r.patch('/api/contest-questions/:id', { schema: { tags, summary: 'Sửa câu hỏi (câu đã duyệt quay về chờ duyệt)', params: IdParams, body: UpdateQuestionBody, response: { 200: QuestionSchema } } }, async (req) =>
    s.contests.updateQuestion(await scope(req), ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/contest-questions/:id/review',
    { schema: { tags, summary: 'Duyệt, trả lại kèm góp ý hoặc lưu trữ câu hỏi (người soạn không tự duyệt)', params: IdParams, body: QuestionReviewBody, response: { 200: QuestionSchema } } },
    async (req) => s.contests.reviewQuestion(await scope(req), ctxOf(req), req.params.id, req.body),
  );

  r.get('/api/contests', { schema: { tags, summary: 'Cuộc thi của đơn vị và các đơn vị trực thuộc', querystring: z.object({ unitId: z.string().optional() }), response: { 200: ContestListSchema } } }, async (req) =>
    s.contests.listContests(await scope(req), req.query),
  );
  r.post('/api/contests', { schema: { tags, summary: 'Tạo cuộc thi (đang soạn)', body: ContestBody, response: { 201: ContestSchema } } }, async (req, reply) =>
    reply.code(201).send(await s.contests.createContest(await scope(req), ctxOf(req), req.body)),
  );
  r.get('/api/contests/:id', { schema: { tags, summary: 'Chi tiết cuộc thi', params: IdParams, response: { 200: ContestSchema } } }, async (req) => s.contests.getContest(await scope(req), req.params.id));
  r.patch('/api/contests/:id', { schema: { tags, summary: 'Sửa cuộc thi', params: IdParams, body: UpdateContestBody, response: { 200: ContestSchema } } }, async (req) =>
    s.contests.updateContest(await scope(req), ctxOf(req), req.params.id, req.body),
  );
  r.post('/api/contests/:id/rounds', { schema: { tags, summary: 'Thêm tuần thi', params: IdParams, body: RoundBody, response: { 201: ContestSchema } } }, async (req, reply) =>
    reply.code(201).send(await s.contests.addRound(await scope(req), ctxOf(req), req.params.id, req.body)),
  );
  r.patch(
    '/api/contest-rounds/:id',
    { schema: { tags, summary: 'Sửa tuần thi chưa mở (thời gian, câu hỏi dự đoán)', params: IdParams, body: UpdateRoundBody, response: { 200: ContestSchema } } },
    async (req) => s.contests.updateRound(await scope(req), ctxOf(req), req.params.id, req.body),
  );
  r.post('/api/contests/:id/status', { schema: { tags, summary: 'Mở hoặc kết thúc cuộc thi', params: IdParams, body: ContestStatusBody, response: { 200: ContestSchema } } }, async (req) =>
    s.contests.setStatus(await scope(req), ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/api/contests/:id/stats',
    { schema: { tags, summary: 'Thống kê người tham gia theo tuần, đơn vị, ngày, tổ chức thành viên; xếp hạng phường, xã', params: IdParams, querystring: StatsQuery, response: { 200: StatsSchema } } },
    async (req) => s.contests.stats(await scope(req), req.params.id, req.query),
  );
  r.get(
    '/api/contest-rounds/:id/ranking',
    { schema: { tags, summary: 'Bảng xếp hạng đầy đủ của tuần thi (Ban Tổ chức)', params: IdParams, querystring: RankingQuery, response: { 200: RankingSchema } } },
    async (req) => s.contests.roundRanking(await scope(req), req.params.id, req.query.limit),
  );

  r.get(
    '/api/contest-rounds/:id/results',
    {
      schema: {
        tags,
        summary: 'Tải kết quả tuần thi đã chốt để xét giải (.docx theo thể thức văn bản, hoặc .xlsx)',
        params: IdParams,
        querystring: z.object({ format: z.enum(['docx', 'xlsx']).default('docx') }).strict(),
      },
    },
    async (req, reply) => {
      const results = await s.contestResults.results(await scope(req), req.params.id);
      const base = s.contestResults.fileBase(results);
      if (req.query.format === 'xlsx') return sendWorkbook(reply, s.contestResults.workbook(results), `${base}.xlsx`);
      const buf = await s.contestResults.docx(results);
      return reply.header('content-type', DOCX_MIME).header('content-disposition', attachmentHeader(`${base}.docx`)).header('cache-control', 'no-store').send(buf);
    },
  );

  // ---------------------------------------------------------------- participants (no workspace session)
  const participant = (req: { params: { slug: string }; headers: FastifyRequest['headers'] }) => s.contestPlay.authenticate(req.params.slug, req.headers.authorization);
  // Per-IP limits on the public steps (off only for load benchmarks: CONTEST_RATE_LIMITS=0).
  // The attempt routes answer with what the service built, already of the response schema's shape (the type
  // provider checks it at compile time): plain JSON.stringify instead of a Zod parse per response; the schema
  // still documents the route.
  const plainJson = () => (data: unknown) => JSON.stringify(data);
  // Attempt routes (and the start challenge) answer JSON only. @fastify/helmet rebuilds its middleware from the
  // options on every request (a measurable share of an answer's cost), so these routes skip it and send fixed
  // headers for a JSON API instead (no document to frame, sniff or run scripts in). An attempt read back after a
  // reload (5–8 KB) is compressed with gzip at level 1, 8 KB window, memLevel 6: about brotli 5's size for a sixth of
  // its CPU. The start's answer (5–6 KB) and the submission's (3–5 KB) go uncompressed: both fit in one round trip
  // (a new TCP connection's first window is 14 KB), and at a contest's opening and closing minutes the server's CPU
  // is worth more than the 3 KB gzip saves — compressing a start cost 200 µs of the event loop's time, a third of
  // the start. See docs/decisions.md, "Contest load".
  // Only the headers that mean something for a JSON response (helmet's document-oriented ones — opener policy,
  // agent cluster, DNS prefetch, IE download options, Flash policies, the retired XSS filter — do not).
  const JSON_API_HEADERS = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };
  const jsonRoute = {
    helmet: false as const,
    onRequest: async (_req: FastifyRequest, reply: FastifyReply) => {
      reply.headers(JSON_API_HEADERS);
    },
  };
  const attemptRoute = {
    ...jsonRoute,
    compress: { encodings: ['gzip' as const], threshold: 1024, zlibOptions: { level: 1, windowBits: 13, memLevel: 6 } },
    serializerCompiler: plainJson,
  };
  const limited = (max: number): { rateLimit: false | { max: number; timeWindow: string } } => ({ rateLimit: config.contest.rateLimits ? { max, timeWindow: '1 minute' } : false });

  r.get('/api/public/contests/:slug', { schema: { tags: pub, summary: 'Thể lệ, lịch tuần thi, địa bàn dự thi', params: SlugParams, response: { 200: PublicContestSchema } } }, async (req) =>
    s.contestPlay.publicContest(req.params.slug),
  );
  r.get('/api/public/contests/:slug/pow', { config: limited(60), ...jsonRoute, schema: { tags: pub, summary: 'Thử thách chống tự động (proof of work)', params: SlugParams, querystring: PowQuery, response: { 200: PowSchema } } }, async (req) =>
    s.contestPlay.challenge(req.query.purpose),
  );
  r.post('/api/public/contests/:slug/register', { config: limited(10), schema: { tags: pub, summary: 'Đăng ký dự thi, gửi mã xác nhận', params: SlugParams, body: RegisterBody, response: { 200: CodeSentSchema } } }, async (req) =>
    s.contestPlay.register(req.params.slug, req.body, req.ip ?? null),
  );
  r.post('/api/public/contests/:slug/login-code', { config: limited(10), schema: { tags: pub, summary: 'Gửi mã đăng nhập cho người đã đăng ký', params: SlugParams, body: LoginCodeBody, response: { 200: CodeSentSchema } } }, async (req) =>
    s.contestPlay.loginCode(req.params.slug, req.body),
  );
  r.post('/api/public/contests/:slug/verify', { config: limited(20), schema: { tags: pub, summary: 'Xác nhận mã, nhận phiên dự thi', params: SlugParams, body: VerifyBody, response: { 200: TokenSchema } } }, async (req) =>
    s.contestPlay.verify(req.params.slug, req.body),
  );
  r.get('/api/public/contests/:slug/me', { schema: { tags: pub, summary: 'Dữ liệu cá nhân của tôi', params: SlugParams, response: { 200: MeSchema } } }, async (req) => {
    const { participant: p } = await participant(req);
    return s.contestPlay.me(p);
  });
  r.patch('/api/public/contests/:slug/me', { schema: { tags: pub, summary: 'Sửa dữ liệu cá nhân', params: SlugParams, body: UpdateMeBody, response: { 200: MeSchema } } }, async (req) => {
    const { contest, participant: p } = await participant(req);
    return s.contestPlay.updateMe(contest, p, req.body);
  });
  r.delete('/api/public/contests/:slug/me', { schema: { tags: pub, summary: 'Xóa dữ liệu cá nhân, rút lại sự đồng ý', params: SlugParams, response: { 204: z.null() } } }, async (req, reply) => {
    const { participant: p } = await participant(req);
    await s.contestPlay.deleteMe(p);
    return reply.code(204).send(null);
  });
  r.post('/api/public/contests/:slug/attempts', { config: limited(30), ...attemptRoute, compress: false, schema: { tags: pub, summary: 'Bắt đầu (hoặc tiếp tục) lượt thi của tuần đang mở', params: SlugParams, body: StartBody, response: { 200: AttemptSchema } } }, async (req) => {
    const { contest, participant: p } = await participant(req);
    return s.contestPlay.start(contest, p, req.body.pow);
  });
  r.get('/api/public/contests/:slug/attempts/:attemptId', { ...attemptRoute, schema: { tags: pub, summary: 'Lượt thi (tiếp tục sau khi tải lại; kết quả sau khi nộp)', params: AttemptParams, response: { 200: AttemptSchema } } }, async (req) => {
    const { contest, participant: p } = await participant(req);
    return s.contestPlay.getAttempt(contest, p, req.params.attemptId);
  });
  r.put(
    '/api/public/contests/:slug/attempts/:attemptId/answers/:questionId',
    { config: limited(300), ...attemptRoute, schema: { tags: pub, summary: 'Lưu câu trả lời ngay khi chọn', params: AnswerParams, body: AnswerBody, response: { 200: z.object({ saved: z.literal(true), questionId: z.string(), optionIds: z.array(z.string()), savedAt: z.string() }) } } },
    async (req) => {
      const { contest, participant: p } = await participant(req);
      return s.contestPlay.answer(contest, p, req.params.attemptId, req.params.questionId, req.body.optionIds);
    },
  );
  r.put(
    '/api/public/contests/:slug/attempts/:attemptId/prediction',
    { ...attemptRoute, schema: { tags: pub, summary: 'Lưu câu trả lời dự đoán', params: AttemptParams, body: SubmitBody, response: { 200: z.object({ saved: z.literal(true), prediction: z.number().int().nullable() }) } } },
    async (req) => {
      const { contest, participant: p } = await participant(req);
      return s.contestPlay.setPrediction(contest, p, req.params.attemptId, req.body.prediction ?? null);
    },
  );
  // The submission's answer (the result, 3–5 KB) goes uncompressed, like the start's (above).
  r.post(
    '/api/public/contests/:slug/attempts/:attemptId/submit',
    { ...attemptRoute, compress: false, schema: { tags: pub, summary: 'Nộp bài (trả về kết quả và đáp án, không kèm nội dung câu hỏi)', params: AttemptParams, body: SubmitBody, response: { 200: SubmittedSchema } } },
    async (req) => {
      const { contest, participant: p } = await participant(req);
      return s.contestPlay.submit(contest, p, req.params.attemptId, req.body.prediction);
    },
  );
  r.get('/api/public/contests/:slug/leaderboard', { schema: { tags: pub, summary: 'Bảng xếp hạng công khai (tên, số điện thoại che một phần)', params: SlugParams, querystring: RankingQuery, response: { 200: RankingSchema } } }, async (req) =>
    s.contestPlay.leaderboard(req.params.slug, req.query.limit),
  );

  // Development only: the codes the logging SMS sender "sent" (never in production, never with a real gateway).
  if (config.env !== 'production' && s.sms.kind === 'log') {
    r.get(
      '/api/dev/sms-outbox',
      { schema: { tags: pub, summary: 'Tin nhắn mới nhất gửi tới một số (chỉ môi trường phát triển, bộ gửi ghi log)', querystring: z.object({ phone: z.string() }), response: { 200: z.object({ to: z.string(), text: z.string(), at: z.string() }) } } },
      async (req) => {
        const m = 'last' in s.sms ? (s.sms as { last(to: string): { to: string; text: string; at: string } | undefined }).last(req.query.phone) : undefined;
        if (!m) throw notFound('sms_not_found', 'Chưa có tin nhắn nào gửi tới số này.');
        return m;
      },
    );
  }
}
