import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { UNIT_KIND_LABELS } from '../../../shared/units.js';
import { cellDate, cellWholeNumber, declaredUnzippedSize, matchChoice } from '../../platform/xlsx.js';
import { describeEachDb, type Session, type TestApp } from '../../test/harness.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Tên viết tắt',
  'Loại đơn vị',
  'Cấp',
  'Mã đơn vị cấp trên',
  'Địa chỉ',
  'Điện thoại',
  'Email',
  'Nhiệm kỳ',
  'Dân số',
  'Hiệu lực từ',
  'Hiệu lực đến',
  'Ghi chú',
];

type Row = Array<string | number | Date | null>;

/** A unit row: code, name, kind, parent, then optional cells by header. */
const unitRow = (code: string, name: string, kind: string, parent: string | null, extra: Partial<Record<string, string | number | Date>> = {}): Row =>
  HEADERS.map((h) => {
    if (h === 'Mã đơn vị') return code;
    if (h === 'Tên đơn vị') return name;
    if (h === 'Tên viết tắt') return extra[h] ?? name.slice(0, 40);
    if (h === 'Loại đơn vị') return kind;
    if (h === 'Mã đơn vị cấp trên') return parent;
    return extra[h] ?? null;
  });

async function workbook(rows: Row[], sheet = 'Đơn vị', headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A hand-built multipart/form-data body with one file part named `file`. */
function multipartBody(content: Buffer, filename: string, type: string) {
  const boundary = `----lantoa${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (s: Session, url: string, content: Buffer, filename = 'don-vi.xlsx', type = XLSX) => {
  const { body, headers } = multipartBody(content, filename, type);
  return s.request('POST', url, body, headers);
};

async function countUnits(t: TestApp) {
  const r = await t.db.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function versionsAndAudit(t: TestApp) {
  const v = await t.db.db.selectFrom('units').select((eb) => eb.fn.sum<number>('version').as('v')).executeTakeFirstOrThrow();
  const a = await t.db.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { versions: Number(v.v), audit: Number(a.n) };
}

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

const rowsOf = (ws: ExcelJS.Worksheet) => {
  const out: ExcelJS.CellValue[][] = [];
  ws.eachRow((row, n) => {
    if (n > 1) out.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return out;
};

describe('xlsx cell helpers', () => {
  it('reads dates typed as dd/mm/yyyy, ISO, Excel dates and serial numbers', () => {
    expect(cellDate('1/7/2025')).toBe('2025-07-01');
    expect(cellDate('01.07.2025')).toBe('2025-07-01');
    expect(cellDate('2025-07-01')).toBe('2025-07-01');
    expect(cellDate(45839)).toBe('2025-07-01');
    expect(cellDate(new Date(Date.UTC(2025, 6, 1)))).toBe('2025-07-01');
    expect(cellDate({ formula: 'DATE(2025,7,1)', result: new Date(Date.UTC(2025, 6, 1)) })).toBe('2025-07-01');
    expect(cellDate('')).toBeNull();
    expect(cellDate('31/02/2026')).toBeUndefined();
    expect(cellDate('tháng 7')).toBeUndefined();
  });

  it('reads whole numbers with Vietnamese or English thousands separators', () => {
    expect(cellWholeNumber('12.345')).toBe(12345);
    expect(cellWholeNumber('12,345')).toBe(12345);
    expect(cellWholeNumber(1250)).toBe(1250);
    expect(cellWholeNumber('1,5')).toBeUndefined();
    expect(cellWholeNumber(-3)).toBeUndefined();
    expect(cellWholeNumber(null)).toBeNull();
  });

  it('matches labels and codes ignoring case and accents', () => {
    expect(matchChoice('ủy ban mttq', UNIT_KIND_LABELS)).toBe('front_committee');
    expect(matchChoice('UY BAN MTTQ', UNIT_KIND_LABELS)).toBe('front_committee');
    expect(matchChoice('partner', UNIT_KIND_LABELS)).toBe('partner');
    expect(matchChoice('Hội đồng', UNIT_KIND_LABELS)).toBeUndefined();
  });

  it('reads the unpacked size from the ZIP directory', async () => {
    const buf = await workbook([unitRow('A', 'B', 'partner', null)]);
    expect(declaredUnzippedSize(buf)).toBeGreaterThan(buf.length);
    expect(declaredUnzippedSize(Buffer.from('PK\x03\x04 không phải zip'))).toBeNull();
  });
});

describeEachDb('units Excel export and import', (ctx) => {
  it('exports the visible units as a styled .xlsx with a guide sheet', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const res = await s.get('/api/units/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain('filename="don-vi-2026-11-26.xlsx"');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''don-vi-2026-11-26.xlsx");
    const wb = await readXlsx(res.rawPayload);
    const ws = wb.getWorksheet('Đơn vị')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
    expect(wb.getWorksheet('Hướng dẫn')).toBeTruthy();

    const listed = (await s.get('/api/units?pageSize=5000')).json();
    const rows = rowsOf(ws);
    expect(rows).toHaveLength(listed.total);
    const ward = rows.find((r) => r[0] === 'PHUONG_TAMKY')!;
    expect(ward[3]).toBe('Ủy ban MTTQ');
    expect(ward[4]).toBe('Xã/Phường/Đặc khu');
    expect(ward[5]).toBe('DANANG');
    expect((ward[11] as Date).toISOString().slice(0, 10)).toBe('2025-07-01');
    // Parents come before their children.
    const pos = (code: string) => rows.findIndex((r) => r[0] === code);
    expect(pos('TW')).toBe(0);
    expect(pos('DANANG')).toBeLessThan(pos('PHUONG_TAMKY'));
    expect(pos('PHUONG_TAMKY')).toBeLessThan(pos('AN_MY_KDC1'));
    expect(rows.some((r) => r[0] === 'TAMKY')).toBe(false); // closed on 30/6/2025
  });

  it('exports as of a past date with the parents of that date, and only what the actor may see', async () => {
    const t = ctx();
    const admin = await t.login('admin');
    const old = await readXlsx((await admin.get('/api/units/export.xlsx?asOf=2025-03-07')).rawPayload);
    const kdc = rowsOf(old.getWorksheet('Đơn vị')!).find((r) => r[0] === 'AN_MY_KDC1')!;
    expect(kdc[5]).toBe('AN_MY');

    const officer = await t.login('tamky.btt');
    const res = await officer.get('/api/units/export.xlsx');
    expect(res.statusCode).toBe(200);
    const codes = rowsOf((await readXlsx(res.rawPayload)).getWorksheet('Đơn vị')!).map((r) => r[0]);
    expect(codes).toContain('PHUONG_TAMKY');
    expect(codes).not.toContain('QUANG_PHU');
    expect(codes).not.toContain('TW');
  });

  it('re-importing an exported file changes nothing but counts the rows as updates', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const file = (await s.get('/api/units/export.xlsx?includeClosed=true')).rawPayload;
    const total = rowsOf((await readXlsx(file)).getWorksheet('Đơn vị')!).length;
    const before = await versionsAndAudit(t);
    const dry = await upload(s, '/api/units/import?dryRun=true', file);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ created: 0, updated: total, unchanged: total, errors: [] });
    const res = await upload(s, '/api/units/import?dryRun=false', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: total, unchanged: total, errors: [] });
    expect(await versionsAndAudit(t)).toEqual(before);
  });

  it('reports every bad row with its Excel row number and writes nothing', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const before = await countUnits(t);
    const file = await workbook([
      unitRow('OK_NEW_1', 'Ban công tác Mặt trận khu dân cư Hợp Lệ', 'Ban công tác Mặt trận khu dân cư', 'PHUONG_TAMKY'),
      unitRow('BAD_NAME', '', 'residential_committee', 'PHUONG_TAMKY', { 'Tên viết tắt': 'Thiếu tên' }),
      unitRow('BAD_KIND', 'Đơn vị loại lạ', 'Hội đồng nhân dân', 'PHUONG_TAMKY'),
      unitRow('BAD_PARENT', 'Đơn vị thiếu cấp trên', 'Tổ chức thành viên', 'KHONG_CO'),
    ]);
    const res = await upload(s, '/api/units/import', file);
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('import_invalid');
    expect(err.details).toHaveLength(3);
    expect(err.details.map((d: { row: number }) => d.row)).toEqual([3, 4, 5]);
    expect(err.details.map((d: { field: string }) => d.field)).toEqual(['Tên đơn vị', 'Loại đơn vị', 'Mã đơn vị cấp trên']);
    expect(err.details[2].message).toBe('Dòng 5, cột «Mã đơn vị cấp trên»: không tìm thấy đơn vị có mã KHONG_CO (trong hệ thống và trong tệp)');
    expect(err.details[1].message).toContain('Dòng 4, cột «Loại đơn vị»: giá trị «Hội đồng nhân dân» không hợp lệ');
    expect(await countUnits(t)).toBe(before);
  });

  it('checks codes, dates, duplicates and e-mails', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const file = await workbook([
      unitRow('CÓ DẤU', 'Mã sai', 'partner', 'PHUONG_TAMKY'),
      unitRow('DUP_1', 'Một', 'partner', 'PHUONG_TAMKY', { 'Hiệu lực từ': '31/02/2026' }),
      unitRow('DUP_1', 'Hai', 'partner', 'PHUONG_TAMKY', { Email: 'khong-phai-email' }),
      unitRow('phuong_tamky', 'Gần trùng', 'partner', 'PHUONG_TAMKY'),
    ]);
    const res = await upload(s, '/api/units/import', file);
    expect(res.statusCode).toBe(400);
    const msgs = res.json().error.details.map((d: { message: string }) => d.message);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Dòng 2, cột «Mã đơn vị»'),
        expect.stringContaining('Dòng 3, cột «Hiệu lực từ»: «31/02/2026» không phải ngày hợp lệ'),
        expect.stringContaining('Dòng 4, cột «Email»'),
        'Dòng 4, cột «Mã đơn vị»: mã «DUP_1» trùng với dòng 3 trong tệp',
        expect.stringContaining('Dòng 5, cột «Mã đơn vị»: mã «phuong_tamky» chỉ khác mã đã có «PHUONG_TAMKY»'),
      ]),
    );
  });

  it('creates units whose parent is defined later in the file, accepting Excel dates and dd/mm/yyyy', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const before = await countUnits(t);
    const auditBefore = (await versionsAndAudit(t)).audit;
    const file = await workbook([
      unitRow('IMP_KDC_CHILD', 'Chi hội khu dân cư Con', 'Ban công tác Mặt trận khu dân cư', 'IMP_PARENT', {
        Cấp: 'Khu dân cư',
        'Hiệu lực từ': new Date(Date.UTC(2026, 0, 15)),
        'Dân số': '1.250',
        'Điện thoại': 905123456,
      }),
      unitRow('IMP_PARENT', 'Ban công tác Mặt trận tổ dân phố Cha', 'residential_committee', 'PHUONG_TAMKY', {
        Cấp: 'residential',
        'Hiệu lực từ': '01/01/2026',
        Email: 'cha@example.vn',
      }),
    ]);
    const dry = await upload(s, '/api/units/import?dryRun=true', file);
    expect(dry.json()).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [] });
    expect(await countUnits(t)).toBe(before);

    const res = await upload(s, '/api/units/import', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, updated: 0 });
    expect(await countUnits(t)).toBe(before + 2);
    const child = (await s.get(`/api/units/${await t.unit('IMP_KDC_CHILD')}`)).json();
    expect(child.parentId).toBe(await t.unit('IMP_PARENT'));
    expect(child).toMatchObject({ validFrom: '2026-01-15', population: 1250, phone: '0905123456', level: 'residential', kind: 'residential_committee' });
    expect(child.events.map((e: { kind: string }) => e.kind)).toContain('create');
    const parent = (await s.get(`/api/units/${await t.unit('IMP_PARENT')}`)).json();
    expect(parent.parentId).toBe(await t.unit('PHUONG_TAMKY'));
    expect(parent.validFrom).toBe('2026-01-01');
    // One audit entry per created unit; the tree snapshot was refreshed (version bumped).
    expect((await versionsAndAudit(t)).audit).toBe(auditBefore + 2);
    const list = (await s.get('/api/units?search=IMP_KDC_CHILD')).json();
    expect(list.total).toBe(1);
  });

  it('updates existing units, recording a rename event and one audit entry each', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const id = await t.unit('IMP_PARENT');
    const auditBefore = (await versionsAndAudit(t)).audit;
    const file = await workbook([
      unitRow('IMP_PARENT', 'Ban công tác Mặt trận tổ dân phố Cha (đổi tên)', 'Ban công tác Mặt trận khu dân cư', 'PHUONG_TAMKY', {
        'Tên viết tắt': 'BCTMT Cha',
        'Địa chỉ': '12 Phan Bội Châu',
        'Hiệu lực từ': '01/01/2026',
      }),
      unitRow('IMP_KDC_CHILD', 'Chi hội khu dân cư Con', 'residential_committee', null, { Cấp: 'Khu dân cư', 'Dân số': 1250, 'Điện thoại': '0905123456', 'Hiệu lực từ': '15/01/2026', 'Tên viết tắt': 'Chi hội khu dân cư Con' }),
    ]);
    const res = await upload(s, '/api/units/import', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: 2, unchanged: 1, errors: [] });
    const u = (await s.get(`/api/units/${id}`)).json();
    expect(u).toMatchObject({ name: 'Ban công tác Mặt trận tổ dân phố Cha (đổi tên)', shortName: 'BCTMT Cha', address: '12 Phan Bội Châu', email: null, version: 2 });
    const rename = u.events.find((e: { kind: string }) => e.kind === 'rename');
    expect(rename.details).toEqual({ from: 'Ban công tác Mặt trận tổ dân phố Cha', to: 'Ban công tác Mặt trận tổ dân phố Cha (đổi tên)' });
    expect(rename.effectiveDate).toBe('2026-11-26');
    expect((await versionsAndAudit(t)).audit).toBe(auditBefore + 1);
  });

  it('refuses to move, re-date or re-kind an existing unit', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const file = await workbook([
      unitRow('QUANG_PHU', 'Ủy ban MTTQ Việt Nam phường Quảng Phú', 'Ủy ban MTTQ', 'PHUONG_TAMKY'),
      unitRow('BAN_THACH', 'Ủy ban MTTQ Việt Nam phường Bàn Thạch', 'partner', 'DANANG', { 'Hiệu lực đến': '31/12/2026' }),
    ]);
    const res = await upload(s, '/api/units/import', file);
    expect(res.statusCode).toBe(400);
    const d = res.json().error.details as Array<{ row: number; field: string; message: string }>;
    expect(d.map((x) => [x.row, x.field])).toEqual([
      [2, 'Mã đơn vị cấp trên'],
      [3, 'Loại đơn vị'],
      [3, 'Hiệu lực đến'],
    ]);
    expect(d[0].message).toContain('hiện trực thuộc Ủy ban MTTQ Việt Nam thành phố Đà Nẵng (mã DANANG)');
  });

  it('rejects a cycle of parents inside the file', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const before = await countUnits(t);
    const file = await workbook([
      unitRow('CYC_A', 'Vòng A', 'partner', 'CYC_B'),
      unitRow('CYC_B', 'Vòng B', 'partner', 'CYC_C'),
      unitRow('CYC_C', 'Vòng C', 'partner', 'CYC_A'),
      unitRow('CYC_SELF', 'Tự trỏ', 'partner', 'CYC_SELF'),
      unitRow('CYC_OK', 'Không vòng', 'partner', 'PHUONG_TAMKY'),
    ]);
    const res = await upload(s, '/api/units/import', file);
    expect(res.statusCode).toBe(400);
    const d = res.json().error.details as Array<{ row: number; message: string }>;
    expect(d.map((x) => x.row)).toEqual([2, 3, 4, 5]);
    expect(d[0].message).toBe('Dòng 2, cột «Mã đơn vị cấp trên»: vòng lặp cấp trên trong tệp: CYC_A → CYC_B → CYC_C → CYC_A');
    expect(d[3].message).toContain('không thể là cấp trên của chính nó');
    expect(await countUnits(t)).toBe(before);
  });

  it('only accepts real .xlsx files up to 5 MB sent as multipart', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const text = Buffer.from('Mã đơn vị,Tên đơn vị\nX,Y\n', 'utf8');
    const renamed = await upload(s, '/api/units/import', text, 'don-vi.xlsx');
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().error.code).toBe('unsupported_file_type');
    expect(renamed.json().error.message).toContain('không phải tệp Excel .xlsx');

    const good = await workbook([unitRow('X1', 'X', 'partner', 'PHUONG_TAMKY')]);
    expect((await upload(s, '/api/units/import', good, 'don-vi.csv', 'text/csv')).statusCode).toBe(415);
    expect((await upload(s, '/api/units/import', good, 'don-vi.xlsx', 'text/plain')).statusCode).toBe(415);

    const fakeZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    const broken = await upload(s, '/api/units/import', fakeZip);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_xlsx');

    const json = await s.post('/api/units/import', { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('multipart_required');

    const boundary = '----empty';
    const empty = await s.request('POST', '/api/units/import', Buffer.from(`--${boundary}--\r\n`), { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(empty.statusCode).toBeGreaterThanOrEqual(400);
    expect(empty.statusCode).toBeLessThan(500);

    const garbage = await s.request('POST', '/api/units/import', Buffer.from('không phải multipart'), { 'content-type': 'multipart/form-data; boundary=abc' });
    expect(garbage.statusCode).toBeGreaterThanOrEqual(400);
    expect(garbage.statusCode).toBeLessThan(500);

    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(5 * 1024 * 1024)]);
    const huge = await upload(s, '/api/units/import', big);
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'file_too_large' });
    expect(huge.json().error.message).toContain('5 MB');
  });

  it('needs unit.manage (a ward officer gets 403) and the CSRF token', async () => {
    const t = ctx();
    const officer = await t.login('tamky.btt');
    const file = await workbook([unitRow('NO_RIGHT', 'Không quyền', 'partner', 'PHUONG_TAMKY')]);
    const res = await upload(officer, '/api/units/import', file);
    expect(res.statusCode).toBe(403);
    const admin = await t.login('admin');
    const { body, headers } = multipartBody(file, 'a.xlsx', XLSX);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/units/import', payload: body, headers: { ...headers, cookie: admin.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_invalid');
    const anon = await t.app.inject({ method: 'POST', url: '/api/units/import', payload: body, headers });
    expect(anon.statusCode).toBe(401);
  });

  it('keeps a unit administrator inside their scope', async () => {
    const t = ctx();
    const admin = await t.login('admin');
    const created = await admin.post('/api/users', { username: 'quangphu.quantri', fullName: 'Quản trị phường Quảng Phú', password: 'Quang-Phu-2026!' });
    expect(created.statusCode, created.body).toBe(201);
    const g = await admin.post('/api/grants', { userId: created.json().id, unitId: await t.unit('QUANG_PHU'), role: 'admin', validFrom: '2026-01-01' });
    expect(g.statusCode, g.body).toBe(201);
    const s = await t.login('quangphu.quantri', 'Quang-Phu-2026!', { changePasswordTo: 'Quang-Phu-doi-2026!' });
    const file = await workbook([
      unitRow('QP_KDC_MOI', 'Ban công tác Mặt trận khu dân cư mới', 'residential_committee', 'QUANG_PHU'),
      unitRow('TK_KDC_MOI', 'Ngoài phạm vi', 'residential_committee', 'PHUONG_TAMKY'),
      unitRow('ROOT_MOI', 'Không có cấp trên', 'partner', null),
      unitRow('HUONG_TRA', 'Đổi tên đơn vị ngoài phạm vi', 'front_committee', null),
    ]);
    const res = await upload(s, '/api/units/import', file);
    expect(res.statusCode).toBe(400);
    const d = res.json().error.details as Array<{ row: number; field: string; message: string }>;
    expect(d.map((x) => [x.row, x.field])).toEqual([
      [3, 'Mã đơn vị cấp trên'],
      [4, 'Mã đơn vị cấp trên'],
      [5, 'Mã đơn vị'],
    ]);
    expect(d[1].message).toBe('Dòng 4, cột «Mã đơn vị cấp trên»: bắt buộc phải nhập với đơn vị mới');
    const ok = await upload(s, '/api/units/import?dryRun=true', await workbook([unitRow('QP_KDC_MOI', 'Mới', 'residential_committee', 'QUANG_PHU')]));
    expect(ok.json()).toMatchObject({ created: 1 });
  });

  it('serves a template with an example row and a guide; the example row is refused', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const res = await s.get('/api/units/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('mau-nhap-don-vi.xlsx');
    const wb = await readXlsx(res.rawPayload);
    const ws = wb.getWorksheet('Đơn vị')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    expect(ws.getRow(2).getCell(1).value).toBeTruthy();
    const guide = wb.getWorksheet('Hướng dẫn')!;
    const text: string[] = [];
    guide.eachRow((r) => r.eachCell((c) => text.push(String(c.value))));
    const all = text.join('\n');
    for (const label of ['Ủy ban MTTQ', 'Ban công tác Mặt trận khu dân cư', 'Tỉnh/Thành phố', 'Xã/Phường/Đặc khu', 'front_committee', 'commune']) expect(all).toContain(label);
    const again = await upload(s, '/api/units/import', res.rawPayload);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0]).toMatchObject({ row: 2, field: 'Ghi chú' });
  });

  it('lists the Excel routes in the OpenAPI document', async () => {
    const t = ctx();
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/units/import'].post.summary).toContain('Nhập danh sách đơn vị');
    expect(doc.paths['/api/units/export.xlsx'].get.tags).toEqual(['Đơn vị']);
    expect(doc.paths['/api/units/template.xlsx'].get).toBeTruthy();
  });
});
