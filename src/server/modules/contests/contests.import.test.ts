/**
 * The question bank ⇄ Excel over HTTP on both databases: the template, an all-or-nothing import whose errors
 * name the row and the column in Vietnamese, imported questions awaiting review, and the export with usage
 * statistics.
 */
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session } from '../../test/harness.js';
import { type CampaignFixture, multipart, seedActivityCatalogue } from '../activities/activities.testkit.js';

const HEADERS = ['Câu hỏi', 'Loại câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Phương án E', 'Phương án F', 'Đáp án đúng', 'Mức độ', 'Chủ đề', 'Giải thích'];
type Row = (string | number | null)[];

async function workbook(rows: Row[], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Câu hỏi');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeEachDb('contest question bank .xlsx', (ctx) => {
  let officer: Session;
  let outsider: Session;
  let C: CampaignFixture;
  let topicTitle: string;
  let U: Record<string, string>;

  const upload = (s: Session, content: Buffer, query = '') => {
    const m = multipart({}, { name: 'Ngân hàng câu hỏi.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content });
    return s.request('POST', `/api/contest-questions/import${query}`, m.body, m.headers);
  };
  const count = async () => Number((await ctx().db.db.selectFrom('contest_questions').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', U.DANANG).executeTakeFirst())?.n ?? 0);

  beforeAll(async () => {
    const t = ctx();
    U = { DANANG: await t.unit('DANANG') };
    C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG);
    topicTitle = (await t.db.db.selectFrom('topics').select('title').where('id', '=', C.topics.MT01).executeTakeFirstOrThrow()).title;
    officer = await t.login('danang.btt');
    outsider = await t.login('quangphu.btt');
  });

  it('gives a template with Vietnamese headers, an example row and a guide with the topic codes', async () => {
    const res = await officer.get(`/api/contest-questions/template?campaignId=${C.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Câu hỏi', 'Hướng dẫn']);
    const ws = wb.getWorksheet('Câu hỏi')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.getRow(2).getCell(1).value).toMatch(/Nghị quyết số 57-NQ\/TW/);
    expect(ws.getRow(2).getCell(9).value).toBe('A');
    const guide = wb.getWorksheet('Hướng dẫn')!;
    const text: string[] = [];
    guide.eachRow((r) => text.push((r.values as unknown[]).filter(Boolean).join(' | ')));
    expect(text.join('\n')).toContain('Chờ duyệt');
    expect(text.join('\n')).toContain('MT01');
    // The template itself imports (its example row is a valid question).
    const again = await upload(officer, res.rawPayload, `?campaignId=${C.campaignId}`);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual({ created: 1 });
  });

  it('refuses a file with any bad row, naming row and column, and saves nothing', async () => {
    const before = await count();
    const file = await workbook([
      ['Câu hỏi hợp lệ số một về khoa học công nghệ?', '', 'Đúng', 'Sai', null, null, null, null, 'A', 1, 'MT01', null], // row 2: fine
      ['Câu hỏi chỉ có một phương án?', '', 'Một', null, null, null, null, null, 'A', null, null, null], // row 3
      ['Câu hỏi đáp án không tồn tại?', '', 'X', 'Y', 'Z', null, null, null, 'E', null, null, null], // row 4
      ['Câu hỏi một đáp án mà có hai?', 'Một đáp án', 'X', 'Y', 'Z', null, null, null, 'A; B', null, null, null], // row 5
      ['Câu hỏi mức độ sai?', '', 'X', 'Y', null, null, null, null, 'B', 'rất khó', null, null], // row 6
      ['Câu hỏi chủ đề lạ?', '', 'X', 'Y', null, null, null, null, 'B', null, 'ZZ99', null], // row 7
      ['Câu hỏi hợp lệ số một về khoa học công nghệ?', '', 'Có', 'Không', null, null, null, null, 'A', null, null, null], // row 8: duplicate of row 2
      ['Câu hỏi có sáu phương án?', '', 'a', 'b', 'c', 'd', 'e', 'f', 'A', null, null, null], // row 9: fine (6)
    ]);
    const res = await upload(officer, file, `?campaignId=${C.campaignId}`);
    expect(res.statusCode, res.body).toBe(400);
    const e = res.json().error;
    expect(e.code).toBe('import_invalid');
    expect(e.message).toMatch(/Chưa ghi dữ liệu nào/);
    const at = (row: number) => e.details.filter((d: { row: number }) => d.row === row);
    expect(at(2)).toEqual([]);
    expect(at(9)).toEqual([]);
    expect(at(3)[0]).toMatchObject({ column: 'Phương án B', field: 'Phương án B' });
    expect(at(3)[0].message).toMatch(/^Dòng 3, cột «Phương án B»: .*2 đến 6 phương án/);
    expect(at(4)[0]).toMatchObject({ column: 'Đáp án đúng' });
    expect(at(4)[0].message).toContain('phương án E không có');
    expect(at(5)[0].message).toContain('đúng một đáp án đúng');
    expect(at(6)[0]).toMatchObject({ column: 'Mức độ' });
    expect(at(7)[0]).toMatchObject({ column: 'Chủ đề' });
    expect(at(7)[0].message).toContain('không tìm thấy chủ đề «ZZ99»');
    expect(at(8)[0].message).toContain('trùng với câu hỏi ở dòng 2');
    expect(await count()).toBe(before);

    const headers = await upload(officer, await workbook([['x']], ['Nội dung', 'Đáp án']));
    expect(headers.statusCode).toBe(400);
    expect(headers.json().error.details[0].message).toMatch(/Dòng 1, cột «Câu hỏi»: không tìm thấy dòng tiêu đề/);
    const missing = await upload(officer, await workbook([['Câu hỏi thiếu cột đáp án?', 'A', 'B']], ['Câu hỏi', 'Phương án A', 'Phương án B']));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.map((d: { column: string }) => d.column)).toContain('Đáp án đúng');
    expect(await count()).toBe(before);
  });

  it('imports every row as awaiting review, topics by code or name, and needs the permission', async () => {
    const before = await count();
    const file = await workbook([
      ['Năm 2030 Việt Nam phấn đấu thuộc nhóm bao nhiêu nước dẫn đầu về đổi mới sáng tạo?', '', '3 nước', '50 nước', '100 nước', null, null, null, 'B', 'Trung bình', 'MT01', 'Theo mục tiêu đến năm 2030.'],
      ['Những nội dung nào là đột phá của Nghị quyết 57?', 'Nhiều đáp án', 'Khoa học, công nghệ', 'Đổi mới sáng tạo', 'Du lịch', 'Chuyển đổi số', null, null, 'A, B, D', 3, topicTitle, null],
    ]);
    expect((await upload(outsider, file, `?unitId=${U.DANANG}&campaignId=${C.campaignId}`)).statusCode).toBeGreaterThanOrEqual(403);
    const res = await upload(officer, file, `?campaignId=${C.campaignId}`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ created: 2 });
    expect(await count()).toBe(before + 2);
    const list = (await officer.get('/api/contest-questions?status=draft&search=dot%20pha')).json();
    const q = list.items.find((x: { text: string }) => x.text.startsWith('Những nội dung nào'));
    expect(q).toMatchObject({ kind: 'multiple', correct: [0, 1, 3], difficulty: 3, topicId: C.topics.MT01, status: 'draft', statusLabel: 'Chờ duyệt', answered: 0, answeredCorrectly: 0, correctRate: null });
    expect(q.options.map((o: { text: string }) => o.text)).toEqual(['Khoa học, công nghệ', 'Đổi mới sáng tạo', 'Du lịch', 'Chuyển đổi số']);
  });

  it('exports the bank with status and usage statistics', async () => {
    const t = ctx();
    const q = await t.db.db.selectFrom('contest_questions').select(['id']).where('text', 'like', 'Năm 2030%').executeTakeFirstOrThrow();
    await t.db.db.updateTable('contest_questions').set({ answered: 8, answered_correctly: 6 }).where('id', '=', q.id).execute();
    const res = await officer.get(`/api/contest-questions/export?status=draft&campaignId=${C.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Câu hỏi')!;
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, HEADERS.length)).toEqual(HEADERS);
    expect(head.slice(HEADERS.length)).toEqual(['Trạng thái', 'Số lượt trả lời', 'Số lượt trả lời đúng', 'Tỉ lệ trả lời đúng (%)', 'Mã câu hỏi']);
    const rows: unknown[][] = [];
    ws.eachRow((r, n) => n > 1 && rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toHaveLength(3); // the template example and the two imported
    const used = rows.find((r) => r[16] === q.id)!;
    expect(used.slice(12, 16)).toEqual(['Chờ duyệt', 8, 6, 75]);
    expect(used[9]).toBe('Trung bình');
    expect(used[10]).toBe('MT01');
    const multi = rows.find((r) => String(r[0]).startsWith('Những nội dung nào'))!;
    expect(multi[8]).toBe('A; B; D');
    // Outside the unit's scope: no export.
    expect((await outsider.get(`/api/contest-questions/export?unitId=${U.DANANG}`)).statusCode).toBeGreaterThanOrEqual(403);
  });
});
