// Client-side checks of the organiser forms (Zod, the same limits as the server's schemas) with Vietnamese messages.
import { z } from 'zod';

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}: hãy nhập một số.` })
    .int(`${label}: hãy nhập số nguyên.`)
    .min(min, `${label}: ít nhất ${min}.`)
    .max(max, `${label}: tối đa ${max}.`);

export const questionSchema = z
  .object({
    kind: z.enum(['single', 'multiple']),
    text: z.string().trim().min(5, 'Nội dung câu hỏi: quá ngắn, hãy nhập ít nhất 5 ký tự.').max(1000, 'Nội dung câu hỏi: tối đa 1.000 ký tự.'),
    options: z
      .array(z.string().trim().min(1, 'Phương án không được để trống.').max(300, 'Mỗi phương án tối đa 300 ký tự.'))
      .min(2, 'Cần ít nhất 2 phương án.')
      .max(6, 'Tối đa 6 phương án.'),
    correct: z.array(z.number().int()).min(1, 'Hãy đánh dấu ít nhất một đáp án đúng.'),
    explanation: z.string().trim().max(2000, 'Giải thích: tối đa 2.000 ký tự.'),
    difficulty: int('Mức độ', 1, 3),
    topicId: z.string().nullable(),
  })
  .superRefine((q, ctx) => {
    if (q.kind === 'single' && q.correct.length !== 1)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'Câu hỏi một lựa chọn phải có đúng một đáp án đúng.' });
    if (q.kind === 'multiple' && q.correct.length < 2)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'Câu hỏi nhiều lựa chọn phải có ít nhất hai đáp án đúng.' });
    const folded = q.options.map((o) => o.trim().toLocaleLowerCase('vi')).filter(Boolean);
    if (new Set(folded).size !== folded.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Các phương án bị trùng nhau.' });
  });

export type QuestionFormValues = z.input<typeof questionSchema>;

export const settingsSchema = z
  .object({
    title: z.string().trim().min(5, 'Tên cuộc thi: hãy nhập ít nhất 5 ký tự.').max(300, 'Tên cuộc thi: tối đa 300 ký tự.'),
    rules: z.string().max(100_000, 'Thể lệ quá dài.'),
    questionsPerAttempt: int('Số câu mỗi lượt thi', 5, 50),
    timeLimitMinutes: int('Thời gian làm bài (phút)', 1, 120),
    graceSeconds: int('Thời gian bù đường truyền (giây)', 0, 120),
    attemptsPerRound: int('Số lượt thi mỗi tuần', 1, 20),
    retentionDays: int('Thời hạn lưu dữ liệu (ngày)', 30, 3650),
    quotas: z.array(z.object({ topicId: z.string().min(1), count: int('Số câu theo chủ đề', 1, 50) })).max(20, 'Tối đa 20 chủ đề trong cơ cấu.'),
    prizes: z
      .array(
        z.object({
          label: z.string().trim().min(1, 'Tên giải không được để trống.').max(120, 'Tên giải tối đa 120 ký tự.'),
          count: int('Số giải', 1, 1000),
          kind: z.enum(['individual', 'unit', 'referral']),
        }),
      )
      .max(20, 'Tối đa 20 loại giải.'),
    areaUnitId: z.string().min(1, 'Hãy chọn địa bàn dự thi.'),
  })
  .superRefine((s, ctx) => {
    const sum = s.quotas.reduce((n, q) => n + (Number.isFinite(q.count) ? q.count : 0), 0);
    if (sum > s.questionsPerAttempt)
      ctx.addIssue({ code: 'custom', path: ['quotas'], message: `Cơ cấu theo chủ đề có ${sum} câu, nhiều hơn số câu mỗi lượt thi (${s.questionsPerAttempt}).` });
  });

export type SettingsValues = z.input<typeof settingsSchema>;

export const roundSchema = z
  .object({
    opensAt: z.string({ error: 'Hãy chọn thời điểm mở.' }).min(1, 'Hãy chọn thời điểm mở.'),
    closesAt: z.string({ error: 'Hãy chọn thời điểm đóng.' }).min(1, 'Hãy chọn thời điểm đóng.'),
    predictionQuestion: z.string().trim().min(5, 'Câu hỏi dự đoán: hãy nhập ít nhất 5 ký tự.').max(500, 'Câu hỏi dự đoán: tối đa 500 ký tự.'),
  })
  .refine((r) => !r.opensAt || !r.closesAt || r.closesAt > r.opensAt, {
    path: ['closesAt'],
    message: 'Thời điểm đóng phải sau thời điểm mở. Hãy chọn lại thời điểm đóng.',
  });

export const newContestSchema = z.object({
  title: z.string().trim().min(5, 'Tên cuộc thi: hãy nhập ít nhất 5 ký tự.').max(300, 'Tên cuộc thi: tối đa 300 ký tự.'),
  slug: z
    .string()
    .trim()
    .max(120, 'Đường dẫn tối đa 120 ký tự.')
    .regex(/^$|^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ: tim-hieu-nq57-2026.'),
});

/** Field path → first message ("options.2" for the third option), plus the ordered list for the summary. */
export function issuesOf(error: z.ZodError): { byPath: Record<string, string>; messages: string[] } {
  const byPath: Record<string, string> = {};
  const messages: string[] = [];
  for (const i of error.issues) {
    const key = i.path.join('.');
    if (!byPath[key]) byPath[key] = i.message;
    if (!messages.includes(i.message)) messages.push(i.message);
  }
  return { byPath, messages };
}
