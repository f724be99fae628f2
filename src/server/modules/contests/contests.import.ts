/**
 * The contest question bank ⇄ Excel: a template (one example row and a guide sheet with the campaign's topic
 * codes), an export of the bank with status and usage statistics, and an all-or-nothing import. Imported
 * questions go through the same checks as POST /api/contest-questions and land as awaiting review ("Chờ duyệt");
 * any bad row answers 400 `import_invalid` with `details: [{ row, field, column, message }]` and nothing is saved.
 */
import type ExcelJS from 'exceljs';
import type { Clock } from '../../platform/clock.js';
import { formatVnDate } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { type Db, tx } from '../../platform/db.js';
import { forbidden, invalid } from '../../platform/errors.js';
import { newId, newShortId } from '../../platform/ids.js';
import { foldVietnamese } from '../../platform/validation.js';
import { contestDataChanged } from './bank-cache.js';
import { foldQuestionUsage } from './contests.usage.js';
import {
  addDataSheet,
  addGuideSheet,
  type ColumnSpec,
  cellText,
  dataRows,
  type ImportIssue,
  IssueList,
  importInvalid,
  loadWorkbook,
  locateColumns,
  newWorkbook,
  textCells,
  type Upload,
} from '../../platform/xlsx.js';
import type { Scope } from '../access/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ContestQuestionTable } from '../../platform/db-schema-contests.js';
import { QUESTION_STATUS_LABELS } from './contests.service.js';

export const QUESTIONS_SHEET = 'Câu hỏi';
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
const KIND_LABELS: Record<string, string> = { single: 'Một đáp án', multiple: 'Nhiều đáp án' };
const DIFFICULTY_LABELS: Record<number, string> = { 1: 'Dễ', 2: 'Trung bình', 3: 'Khó' };

type OptionKey = `option${(typeof LETTERS)[number]}`;
export type QuestionColumn = 'text' | 'kind' | OptionKey | 'correct' | 'difficulty' | 'topic' | 'explanation' | 'status' | 'answered' | 'answeredCorrectly' | 'correctRate' | 'id';

const EXPORT_ONLY = new Set<QuestionColumn>(['status', 'answered', 'answeredCorrectly', 'correctRate', 'id']);

export const QUESTION_COLUMNS: ColumnSpec<QuestionColumn>[] = [
  { key: 'text', header: 'Câu hỏi', width: 60, required: true, aliases: ['Nội dung câu hỏi'], guide: 'Nội dung câu hỏi, từ 5 đến 1.000 ký tự. Không trùng với câu hỏi khác trong tệp hoặc trong ngân hàng của đơn vị.' },
  { key: 'kind', header: 'Loại câu hỏi', width: 16, guide: '«Một đáp án» hoặc «Nhiều đáp án». Để trống: hệ thống tự xác định theo số đáp án đúng.' },
  ...LETTERS.map(
    (l, i): ColumnSpec<QuestionColumn> => ({
      key: `option${l}`,
      header: `Phương án ${l}`,
      width: 28,
      required: i < 2,
      guide: i < 2 ? 'Bắt buộc. Tối đa 300 ký tự.' : 'Không bắt buộc (mỗi câu hỏi có từ 2 đến 6 phương án). Tối đa 300 ký tự.',
    }),
  ),
  { key: 'correct', header: 'Đáp án đúng', width: 14, required: true, guide: 'Chữ cái của phương án đúng, ví dụ A. Câu nhiều đáp án: các chữ cái cách nhau dấu chấm phẩy hoặc dấu phẩy, ví dụ A; C.' },
  { key: 'difficulty', header: 'Mức độ', width: 12, aliases: ['Độ khó'], guide: '1 (Dễ), 2 (Trung bình) hoặc 3 (Khó); ghi số hoặc chữ. Để trống: Dễ.' },
  { key: 'topic', header: 'Chủ đề', width: 30, aliases: ['Mã chủ đề'], guide: 'Mã hoặc tên chủ đề trong cây chủ đề của chương trình đã chọn khi tải tệp lên (xem bảng bên dưới). Để trống nếu không gắn chủ đề.' },
  { key: 'explanation', header: 'Giải thích', width: 48, guide: 'Giải thích đáp án, hiện cho người dự thi sau khi nộp bài. Tối đa 2.000 ký tự.' },
  { key: 'status', header: 'Trạng thái', width: 14, guide: 'Chỉ để đọc khi xuất.' },
  { key: 'answered', header: 'Số lượt trả lời', width: 14, numFmt: '#,##0', guide: 'Chỉ để đọc khi xuất.' },
  { key: 'answeredCorrectly', header: 'Số lượt trả lời đúng', width: 14, numFmt: '#,##0', guide: 'Chỉ để đọc khi xuất.' },
  { key: 'correctRate', header: 'Tỉ lệ trả lời đúng (%)', width: 14, numFmt: '0.0', guide: 'Chỉ để đọc khi xuất.' },
  { key: 'id', header: 'Mã câu hỏi', width: 30, guide: 'Chỉ để đọc khi xuất.' },
];
const IMPORT_COLUMNS = QUESTION_COLUMNS.filter((c) => !EXPORT_ONLY.has(c.key));
const header = (k: QuestionColumn) => QUESTION_COLUMNS.find((c) => c.key === k)?.header ?? k;
const fold = (s: string) => foldVietnamese(s).replace(/\s+/g, ' ').trim();

interface Topic {
  id: string;
  code: string;
  title: string;
  archived: number;
}

export class ContestQuestionsTransfer {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private unitOf(scope: Scope, unitId: string | undefined): string {
    const u = unitId ?? scope.actingUnitId;
    if (!u) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertSee(u);
    return u;
  }

  private async campaign(_scope: Scope, campaignId: string | undefined) {
    if (!campaignId) return null;
    const c = await this.db.selectFrom('campaigns').select(['id', 'unit_id', 'code', 'name']).where('id', '=', campaignId).executeTakeFirst();
    // Campaigns of units above are run by the units below: existence is enough (the topic tree is not secret).
    if (!c) throw invalid('campaign_not_found', 'Trường «Chương trình (campaignId)»: không tìm thấy chương trình, chiến dịch.', [{ field: 'campaignId', message: 'không tìm thấy' }]);
    return c;
  }

  private async topics(campaignId: string | null): Promise<Topic[]> {
    if (!campaignId) return [];
    const rows = await this.db.selectFrom('topics').select(['id', 'code', 'title', 'archived']).where('campaign_id', '=', campaignId).execute();
    return rows.sort((a, b) => a.code.localeCompare(b.code, 'vi', { numeric: true }));
  }

  async template(scope: Scope, q: { unitId?: string; campaignId?: string }): Promise<{ workbook: ExcelJS.Workbook; filename: string }> {
    this.unitOf(scope, q.unitId);
    const campaign = await this.campaign(scope, q.campaignId);
    const topics = (await this.topics(campaign?.id ?? null)).filter((t) => !t.archived);
    const wb = newWorkbook(this.clock.now());
    addDataSheet(wb, QUESTIONS_SHEET, IMPORT_COLUMNS, [
      {
        text: 'Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia do cơ quan nào ban hành?',
        kind: KIND_LABELS.single,
        optionA: 'Bộ Chính trị',
        optionB: 'Quốc hội',
        optionC: 'Chính phủ',
        optionD: 'Ban Bí thư',
        correct: 'A',
        difficulty: DIFFICULTY_LABELS[1],
        topic: topics[0]?.code ?? '',
        explanation: 'Nghị quyết số 57-NQ/TW do Bộ Chính trị ban hành ngày 22/12/2024.',
      },
    ]);
    addGuideSheet(wb, {
      title: 'HƯỚNG DẪN NHẬP NGÂN HÀNG CÂU HỎI CUỘC THI TRỰC TUYẾN',
      intro: [
        `Mỗi dòng của trang tính «${QUESTIONS_SHEET}» là một câu hỏi trắc nghiệm. Các cột tô đỏ là bắt buộc. Dòng mẫu thứ 2 là ví dụ: hãy xóa hoặc thay bằng câu hỏi của bạn.`,
        'Hệ thống kiểm tra toàn bộ tệp trước khi ghi: nếu có dòng sai, không câu hỏi nào được ghi và bạn nhận danh sách lỗi theo từng dòng, từng cột.',
        'Câu hỏi nhập vào ở trạng thái «Chờ duyệt»: cần một người khác duyệt trước khi được dùng trong cuộc thi.',
        'Câu hỏi một đáp án có đúng một đáp án đúng; câu hỏi nhiều đáp án có ít nhất hai đáp án đúng.',
      ],
      specs: IMPORT_COLUMNS,
      tables: [
        { title: 'Loại câu hỏi', header: ['Giá trị', 'Ý nghĩa'], rows: [[KIND_LABELS.single, 'Chọn đúng một phương án'], [KIND_LABELS.multiple, 'Chọn tất cả các phương án đúng']] },
        { title: 'Mức độ', header: ['Giá trị', 'Ý nghĩa'], rows: Object.entries(DIFFICULTY_LABELS).map(([k, v]) => [k, v]) },
        ...(campaign ? [{ title: `Chủ đề của chương trình ${campaign.code}`, header: ['Mã chủ đề', 'Chủ đề'] as [string, string], rows: topics.map((t): [string, string] => [t.code, t.title]) }] : []),
      ],
    });
    return { workbook: wb, filename: 'Mẫu nhập ngân hàng câu hỏi cuộc thi.xlsx' };
  }

  async exportWorkbook(scope: Scope, q: { unitId?: string; campaignId?: string; status?: string }): Promise<{ workbook: ExcelJS.Workbook; filename: string }> {
    const unitId = this.unitOf(scope, q.unitId);
    await foldQuestionUsage(this.db); // the usage statistics exported are exact
    let sel = this.db.selectFrom('contest_questions').selectAll().where('unit_id', '=', unitId);
    if (q.campaignId) sel = sel.where('campaign_id', '=', q.campaignId);
    sel = q.status ? sel.where('status', '=', q.status) : sel.where('status', '<>', 'archived');
    const rows = await sel.orderBy('created_at').orderBy('id').execute();
    const topicIds = [...new Set(rows.map((r) => r.topic_id).filter((x): x is string => !!x))];
    const topics = new Map(topicIds.length ? (await this.db.selectFrom('topics').select(['id', 'code']).where('id', 'in', topicIds).execute()).map((t) => [t.id, t.code]) : []);
    const data = rows.map((r) => {
      const options = JSON.parse(r.options) as { id: string; text: string }[];
      const correct = new Set(JSON.parse(r.correct) as string[]);
      const row: Partial<Record<QuestionColumn, ExcelJS.CellValue>> = {
        text: r.text,
        kind: KIND_LABELS[r.kind] ?? r.kind,
        correct: options
          .map((o, i) => (correct.has(o.id) ? LETTERS[i] : ''))
          .filter(Boolean)
          .join('; '),
        difficulty: DIFFICULTY_LABELS[r.difficulty] ?? String(r.difficulty),
        topic: r.topic_id ? (topics.get(r.topic_id) ?? '') : '',
        explanation: r.explanation ?? '',
        status: QUESTION_STATUS_LABELS[r.status] ?? r.status,
        answered: r.answered,
        answeredCorrectly: r.answered_correctly,
        correctRate: r.answered ? Math.round((r.answered_correctly / r.answered) * 1000) / 10 : null,
        id: r.id,
      };
      options.forEach((o, i) => {
        row[`option${LETTERS[i]}` as OptionKey] = o.text;
      });
      return row;
    });
    const wb = newWorkbook(this.clock.now());
    addDataSheet(wb, QUESTIONS_SHEET, QUESTION_COLUMNS, data);
    const name = scope.tree.get(unitId)?.short_name || scope.tree.get(unitId)?.name || '';
    return { workbook: wb, filename: `Ngân hàng câu hỏi - ${name} - ${formatVnDate(this.clock.today()).replace(/\//g, '-')}.xlsx` };
  }

  async import(scope: Scope, ctx: Ctx, upload: Upload, q: { unitId?: string; campaignId?: string }): Promise<{ created: number }> {
    const unitId = q.unitId ?? scope.actingUnitId;
    if (!unitId) throw forbidden('no_acting_unit', 'Bạn chưa chọn đơn vị làm việc.');
    scope.assertCan('contest.manage', unitId);
    const campaign = await this.campaign(scope, q.campaignId);
    const wb = await loadWorkbook(upload);
    const issues = new IssueList();
    const layout = locateColumns(wb, QUESTIONS_SHEET, IMPORT_COLUMNS, issues);
    if (!layout || issues.length) throw withColumn(issues.items);
    const topics = await this.topics(campaign?.id ?? null);
    const topicByCode = new Map(topics.map((t) => [fold(t.code), t.id]));
    const topicByTitle = new Map(topics.map((t) => [fold(t.title), t.id]));
    const existing = await this.db.selectFrom('contest_questions').select(['text']).where('unit_id', '=', unitId).where('status', '<>', 'archived').execute();
    const seen = new Map<string, number | null>(existing.map((e) => [fold(e.text), null]));
    const items: { text: string; kind: 'single' | 'multiple'; options: string[]; correct: number[]; difficulty: number; topicId: string | null; explanation: string | null }[] = [];
    for (const r of dataRows(layout, issues)) {
      const before = issues.length;
      const err = (k: QuestionColumn, msg: string) => issues.add(r.row, header(k), msg);
      const text = textCells(issues, r.row, r.get, header);
      const q1 = text('text', 1000, true);
      if (q1 && q1.length < 5) err('text', 'câu hỏi quá ngắn (ít nhất 5 ký tự)');
      if (q1) {
        const f = fold(q1);
        if (seen.has(f)) {
          const at = seen.get(f);
          err('text', at ? `trùng với câu hỏi ở dòng ${at}` : 'trùng với một câu hỏi đã có trong ngân hàng của đơn vị');
        } else seen.set(f, r.row);
      }
      // Options: A and B required, no gaps, 2..6, no duplicates.
      const raw = LETTERS.map((l) => text(`option${l}` as OptionKey, 300, false));
      const last = raw.reduce((m, v, i) => (v ? i : m), -1);
      const options: string[] = [];
      for (let i = 0; i <= last; i++) {
        if (!raw[i]) err(`option${LETTERS[i]}` as OptionKey, 'không được để trống khi có phương án sau nó');
        else options.push(raw[i]!);
      }
      if (last < 1) err(last < 0 ? 'optionA' : 'optionB', 'mỗi câu hỏi cần từ 2 đến 6 phương án');
      const dupOpt = options.findIndex((o, i) => options.findIndex((x) => fold(x) === fold(o)) !== i);
      if (dupOpt >= 0) err(`option${LETTERS[dupOpt]}` as OptionKey, 'trùng với một phương án khác của câu hỏi');
      // Correct answers: letters of existing options.
      const correctText = cellText(r.get('correct'));
      const correct: number[] = [];
      if (!correctText) err('correct', 'bắt buộc phải nhập (chữ cái của phương án đúng, ví dụ A)');
      else {
        for (const part of correctText.split(/[;,\s]+/).filter(Boolean)) {
          const i = LETTERS.indexOf(part.toUpperCase() as (typeof LETTERS)[number]);
          if (i < 0) err('correct', `«${part}» không phải chữ cái của phương án (A đến F)`);
          else if (i >= options.length || !raw[i]) err('correct', `phương án ${LETTERS[i]} không có trong câu hỏi`);
          else if (correct.includes(i)) err('correct', `phương án ${LETTERS[i]} bị ghi hai lần`);
          else correct.push(i);
        }
      }
      // Kind.
      const kindText = cellText(r.get('kind'));
      let kind: 'single' | 'multiple' = correct.length > 1 ? 'multiple' : 'single';
      if (kindText) {
        const f = fold(kindText);
        if (['mot dap an', 'mot lua chon', 'single', '1'].includes(f)) kind = 'single';
        else if (['nhieu dap an', 'nhieu lua chon', 'multiple'].includes(f)) kind = 'multiple';
        else err('kind', `«${kindText}» không hợp lệ; ghi «Một đáp án» hoặc «Nhiều đáp án»`);
      }
      if (correctText && correct.length && kind === 'single' && correct.length !== 1) err('correct', 'câu hỏi một đáp án phải có đúng một đáp án đúng');
      if (correctText && correct.length && kind === 'multiple' && correct.length < 2) err('correct', 'câu hỏi nhiều đáp án phải có ít nhất hai đáp án đúng');
      // Difficulty.
      const dText = cellText(r.get('difficulty'));
      let difficulty = 1;
      if (dText) {
        const f = fold(dText);
        const hit = Object.entries(DIFFICULTY_LABELS).find(([k, v]) => f === k || f === fold(v));
        if (hit) difficulty = Number(hit[0]);
        else err('difficulty', `«${dText}» không hợp lệ; ghi 1 (Dễ), 2 (Trung bình) hoặc 3 (Khó)`);
      }
      // Topic (code or title) in the campaign's topic tree.
      const tText = cellText(r.get('topic'));
      let topicId: string | null = null;
      if (tText) {
        if (!campaign) err('topic', 'hãy chọn chương trình khi tải tệp lên để gắn chủ đề');
        else {
          topicId = topicByCode.get(fold(tText)) ?? topicByTitle.get(fold(tText)) ?? null;
          if (!topicId) err('topic', `không tìm thấy chủ đề «${tText}» trong chương trình ${campaign.code} (xem trang «Hướng dẫn»)`);
        }
      }
      const explanation = text('explanation', 2000);
      if (issues.length === before && q1) items.push({ text: q1, kind, options, correct, difficulty, topicId, explanation });
    }
    if (issues.length) throw withColumn(issues.items);
    if (!items.length) throw withColumn([{ row: layout.headerRow + 1, field: '', message: `Dòng ${layout.headerRow + 1}: tệp không có câu hỏi nào` }]);
    const now = this.clock.now().toISOString();
    await tx(this.db, async (trx) => {
      const rows: ContestQuestionTable[] = items.map((it) => {
        const options = it.options.map((t) => ({ id: newShortId(), text: t }));
        return {
          id: newId(),
          unit_id: unitId,
          campaign_id: campaign?.id ?? null,
          kind: it.kind,
          text: it.text,
          options: JSON.stringify(options),
          correct: JSON.stringify(it.correct.map((i) => options[i].id)),
          explanation: it.explanation,
          difficulty: it.difficulty,
          topic_id: it.topicId,
          status: 'draft',
          answered: 0,
          answered_correctly: 0,
          reviewed_by: null,
          reviewed_at: null,
          created_by: ctx.actor?.userId ?? null,
          created_at: now,
          updated_at: now,
          version: 1,
        };
      });
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('contest_questions').values(rows.slice(i, i + 200)).execute();
      await this.audit.record(trx, ctx, { action: 'contest.question.import', entityType: 'contest_question', entityId: null, summary: `Nhập ${rows.length} câu hỏi từ tệp «${upload.filename}» (chờ duyệt)` });
    });
    contestDataChanged();
    return { created: items.length };
  }
}

/** `import_invalid` whose details also carry `column` (the header), as the organisers' screen reads it. */
function withColumn(items: ImportIssue[]) {
  return importInvalid(items.map((i) => ({ ...i, column: i.field })));
}
