/**
 * Activity reports ⇄ Excel on both databases: the filtered export (one sheet, Vietnamese headers,
 * dd/mm/yyyy), the template, a round trip export → import, and the all-or-nothing import with row
 * errors in Vietnamese.
 */
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, type Session, type TestApp } from '../../test/harness.js';
import { type CampaignFixture, multipart, seedActivityCatalogue } from './activities.testkit.js';
import { MEASURES } from './measures.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

const headersOf = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);

async function count(t: TestApp) {
  const r = await t.db.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDb('activity reports ⇄ Excel', (ctx) => {
  let wardOfficer: Session;
  let cityOfficer: Session;
  let qpOfficer: Session;
  let U: Record<string, string>;
  let C: CampaignFixture;
  const upload = (s: Session, url: string, content: Buffer, name = 'hoat-dong.xlsx') => {
    const mp = multipart({}, { name, type: XLSX, content });
    return s.request('POST', url, mp.body, mp.headers);
  };

  beforeAll(async () => {
    const t = ctx();
    U = {};
    for (const c of ['DANANG', 'PHUONG_TAMKY', 'AN_MY', 'AN_MY_KDC1', 'QUANG_PHU']) U[c] = await t.unit(c);
    C = await seedActivityCatalogue(t.db.db, t.clock, U.DANANG);
    wardOfficer = await t.login('tamky.btt');
    cityOfficer = await t.login('danang.btt');
    qpOfficer = await t.login('quangphu.btt');
    const mk = async (over: Record<string, unknown>, accept = true) => {
      const res = await wardOfficer.post('/api/activities', { campaignId: C.campaignId, submit: true, ...over });
      expect(res.statusCode, res.body).toBe(201);
      if (accept) expect((await cityOfficer.post(`/api/activities/${res.json().id}/accept`, {})).statusCode).toBe(200);
    };
    await mk({ unitId: U.PHUONG_TAMKY, title: 'Hội nghị quán triệt NQ 57', formCode: 'HOI_NGHI', dateFrom: '2026-03-12', place: 'Hội trường', topicIds: [C.topics.QD1, C.topics.NV2], links: ['https://mattran.danang.vn/tin/1'], measures: { sessions: 1, attCadres: 40, attParty: 35, attMembers: 60, attResidents: 120, attMale: 120, attFemale: 135 } });
    await mk({ unitId: U.PHUONG_TAMKY, title: 'Băng rôn chào mừng 18/5', formCode: 'TRUC_QUAN', dateFrom: '2026-05-15', dateTo: '2026-05-20', measures: { banners: 25, panels: 3, flags: 200 } });
    await mk({ unitId: U.AN_MY, title: 'Tọa đàm chuyển đổi số (2025)', formCode: 'LONG_GHEP', dateFrom: '2025-05-10', description: 'Tọa đàm với đoàn viên, hội viên', measures: { sessions: 1, attMembers: 55 } });
  });

  it('exports the filtered list: one sheet, Vietnamese headers, dd/mm/yyyy dates, every measure', async () => {
    const res = await wardOfficer.get(`/api/activities/export?format=xlsx&unitId=${U.PHUONG_TAMKY}&from=2026-01-01&to=2026-12-31`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = await readXlsx(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hoạt động']);
    const ws = wb.worksheets[0];
    const headers = headersOf(ws);
    expect(headers.slice(0, 9)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Mã chương trình', 'Ngày tổ chức', 'Đến ngày', 'Hình thức', 'Tên hoạt động', 'Nội dung (mã chủ đề)', 'Địa điểm']);
    for (const m of MEASURES) expect(headers).toContain(m.label);
    expect(ws.rowCount).toBe(3); // header + the two 2026 reports
    const row = ws.getRow(2);
    const col = (h: string) => row.getCell(headers.indexOf(h) + 1);
    expect(col('Mã đơn vị').value).toBe('PHUONG_TAMKY');
    expect(col('Ngày tổ chức').value).toEqual(new Date('2026-03-12T00:00:00Z'));
    expect(col('Ngày tổ chức').numFmt).toBe('dd/mm/yyyy');
    expect(col('Hình thức').value).toBe('Hội nghị quán triệt, triển khai');
    expect(col('Nội dung (mã chủ đề)').value).toBe('NV2; QD1');
    expect(col('Cán bộ tham dự').value).toBe(40);
    expect(col('Trạng thái').value).toBe('Đã duyệt');
    // Filters apply (form), scope applies.
    const filtered = await readXlsx((await wardOfficer.get(`/api/activities/export?unitId=${U.PHUONG_TAMKY}&form=TRUC_QUAN`)).rawPayload);
    expect(filtered.worksheets[0].rowCount).toBe(2);
    expect((await qpOfficer.get(`/api/activities/export?unitId=${U.PHUONG_TAMKY}`)).statusCode).toBe(404);
  });

  it('the template has the import columns and a guide listing forms, units and topic codes', async () => {
    const res = await wardOfficer.get(`/api/activities/template.xlsx?campaignId=${C.campaignId}`);
    expect(res.statusCode).toBe(200);
    const wb = await readXlsx(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hoạt động', 'Hướng dẫn']);
    const headers = headersOf(wb.worksheets[0]);
    expect(headers).not.toContain('Trạng thái');
    expect(headers[0]).toBe('Mã đơn vị');
    const guide: string[] = [];
    wb.worksheets[1].eachRow((r) => guide.push((r.values as ExcelJS.CellValue[]).slice(1).map(String).join(' | ')));
    const text = guide.join('\n');
    expect(text).toContain('HOI_NGHI');
    expect(text).toContain('AN_MY_KDC1');
    expect(text).toContain('QD1');
  });

  it('round trip: an exported list imports back as the same reports (submitted for review)', async () => {
    const t = ctx();
    const exported = (await wardOfficer.get(`/api/activities/export?unitId=${U.PHUONG_TAMKY}&asOf=2026-11-26`)).rawPayload;
    const before = await count(t);
    const dry = await upload(wardOfficer, '/api/activities/import?dryRun=true', exported);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ created: 3, ids: [] });
    expect(await count(t)).toBe(before);
    const res = await upload(wardOfficer, '/api/activities/import', exported);
    expect(res.statusCode, res.body).toBe(200);
    const { ids, created, submitted } = res.json();
    expect([created, submitted, ids.length]).toEqual([3, true, 3]);
    const imported = await Promise.all(ids.map(async (id: string) => (await wardOfficer.get(`/api/activities/${id}`)).json()));
    const hn = imported.find((a) => a.title === 'Hội nghị quán triệt NQ 57');
    expect(hn).toMatchObject({
      status: 'submitted',
      unitId: U.PHUONG_TAMKY,
      campaignId: C.campaignId,
      formCode: 'HOI_NGHI',
      dateFrom: '2026-03-12',
      dateTo: null,
      place: 'Hội trường',
      links: ['https://mattran.danang.vn/tin/1'],
      measures: expect.objectContaining({ sessions: 1, attCadres: 40, attParty: 35, attMembers: 60, attResidents: 120, attMale: 120, attFemale: 135, banners: null }),
    });
    expect([...hn.topicIds].sort()).toEqual([C.topics.QD1, C.topics.NV2].sort());
    expect(imported.find((a) => a.formCode === 'TRUC_QUAN')).toMatchObject({ dateFrom: '2026-05-15', dateTo: '2026-05-20', measures: expect.objectContaining({ banners: 25, flags: 200 }) });
    expect(imported.find((a) => a.unitId === U.AN_MY)).toMatchObject({ dateFrom: '2025-05-10', description: 'Tọa đàm với đoàn viên, hội viên' });
    // One notification per reviewing unit, not one per report.
    const notes = (await cityOfficer.get('/api/notifications?pageSize=200')).json().items.filter((n: { kind: string; title: string }) => n.kind === 'activity.submitted' && n.title.includes('báo cáo hoạt động chờ duyệt'));
    expect(notes).toHaveLength(1);
  });

  it('all-or-nothing: every bad row is reported with its column in Vietnamese, nothing is written', async () => {
    const t = ctx();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hoạt động');
    ws.addRow(['Mã đơn vị', 'Mã chương trình', 'Ngày tổ chức', 'Đến ngày', 'Hình thức', 'Tên hoạt động', 'Nội dung (mã chủ đề)', 'Cán bộ tham dự', 'Băng rôn', 'Liên kết']);
    ws.addRow(['PHUONG_TAMKY', 'NQ57', '20/11/2026', null, 'HOI_NGHI', 'Dòng đúng', 'QD1; NV1', 10, null, 'https://example.vn/a']);
    ws.addRow(['PHUONG_TAMKY', 'NQ57', '20/11/2026', null, 'Hội nghị quán triệt, triển khai', 'Số âm', null, -5, null, null]);
    ws.addRow(['PHUONG_TAMKY', 'NQ57', '01/12/2026', null, 'HOI_NGHI', 'Ngày tương lai', null, 1_000_000_000, null, null]);
    ws.addRow(['QUANG_PHU', 'NQ57', '20/11/2026', null, 'HOI_NGHI', 'Đơn vị ngoài phạm vi', null, 1, null, null]);
    ws.addRow(['PHUONG_TAMKY', 'NQ57', '20/11/2026', '10/11/2026', 'KHONG_CO', '', 'ZZ9', null, 'nhiều', 'ftp://x']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await count(t);
    const res = await upload(wardOfficer, '/api/activities/import', buf);
    expect(res.statusCode, res.body).toBe(400);
    const e = res.json().error;
    expect(e.code).toBe('import_invalid');
    expect(e.message).toContain('Chưa ghi dữ liệu nào');
    const details = e.details as Array<{ row: number; field: string; message: string }>;
    const at = (row: number, field: string) => details.find((d) => d.row === row && d.field === field);
    expect(details.some((d) => d.row === 2)).toBe(false);
    expect(at(3, 'Cán bộ tham dự')?.message).toContain('số nguyên không âm');
    expect(at(4, 'Cán bộ tham dự')?.message).toContain('1.000.000');
    expect(at(4, 'Ngày tổ chức')?.message).toContain('chưa đến');
    expect(at(5, 'Mã đơn vị')?.message).toContain('không có quyền');
    expect(at(6, 'Hình thức')?.message).toContain('KHONG_CO');
    expect(at(6, 'Tên hoạt động')).toBeDefined();
    expect(at(6, 'Nội dung (mã chủ đề)')?.message).toContain('ZZ9');
    expect(at(6, 'Băng rôn')).toBeDefined();
    expect(at(6, 'Liên kết')?.message).toContain('http');
    expect(at(6, 'Đến ngày')?.message).toContain('ngày kết thúc');
    for (const d of details) expect(d.message).toMatch(/^Dòng \d+/);
    expect(await count(t)).toBe(before);
  });

  it('wrong columns or a file that is not .xlsx: 4xx in Vietnamese', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hoạt động').addRow(['Đơn vị', 'Ngày', 'Tên']);
    let res = await upload(wardOfficer, '/api/activities/import', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toContain('Mã đơn vị');
    const missing = new ExcelJS.Workbook();
    missing.addWorksheet('Hoạt động').addRow(['Mã đơn vị', 'Tên hoạt động']);
    res = await upload(wardOfficer, '/api/activities/import', Buffer.from(await missing.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['Ngày tổ chức', 'Hình thức']));
    res = await upload(wardOfficer, '/api/activities/import', Buffer.from('a,b,c'), 'hoat-dong.csv');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toContain('.xlsx');
  });
});
