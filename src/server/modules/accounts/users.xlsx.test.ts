import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDb, type Session, type TestApp } from '../../test/harness.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['Tên đăng nhập', 'Họ và tên', 'Email', 'Điện thoại', 'Chức vụ', 'Mật khẩu ban đầu', 'Mã đơn vị', 'Vai trò', 'Hiệu lực từ'];
type Row = Array<string | number | Date | null>;

async function workbook(rows: Row[], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Người dùng');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(s: Session, url: string, content: Buffer, filename = 'nguoi-dung.xlsx', type = XLSX) {
  const boundary = `----lantoa${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return s.request('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

async function counts(t: TestApp) {
  const u = await t.db.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const g = await t.db.db.selectFrom('role_grants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { users: Number(u.n), grants: Number(g.n) };
}

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

describeEachDb('users Excel import', (ctx) => {
  it('serves a template with a guide listing the roles', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const res = await s.get('/api/users/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('mau-nhap-nguoi-dung.xlsx');
    const wb = await readXlsx(res.rawPayload);
    expect((wb.getWorksheet('Người dùng')!.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    const text: string[] = [];
    wb.getWorksheet('Hướng dẫn')!.eachRow((r) => r.eachCell((c) => text.push(String(c.value))));
    for (const label of ['Cán bộ', 'Biên tập viên', 'Người xem', 'officer']) expect(text.join('\n')).toContain(label);
    const again = await upload(s, '/api/users/import', res.rawPayload);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0]).toMatchObject({ row: 2, field: 'Tên đăng nhập' });
  });

  it('creates accounts that must change their password, with their grants, and adds grants to existing accounts', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const before = await counts(t);
    const file = await workbook([
      ['Nguyen.Van.Binh', 'Nguyễn Văn Bình', 'binh@example.vn', 905111222, 'Cán bộ Ban Tuyên giáo', 'Binh-Moi-2026!', 'PHUONG_TAMKY', 'Cán bộ', '01/12/2026'],
      ['nguyen.van.binh', null, null, null, null, null, 'PHUONG_TAMKY_HPN', 'viewer', null],
      ['phunu.tamky', 'Bỏ qua', null, null, null, 'bo-qua-mat-khau', 'PHUONG_TAMKY_HPN', 'Báo cáo viên', new Date(Date.UTC(2026, 10, 26))],
    ]);
    const dry = await upload(s, '/api/users/import?dryRun=true', file);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ created: 1, updated: 1, grants: 3, errors: [] });
    expect(await counts(t)).toEqual(before);

    const res = await upload(s, '/api/users/import', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 1, grants: 3, errors: [] });
    expect(await counts(t)).toEqual({ users: before.users + 1, grants: before.grants + 3 });

    const list = (await s.get('/api/users?search=nguyen.van.binh')).json();
    expect(list.total).toBe(1);
    const u = list.items[0];
    expect(u).toMatchObject({ username: 'nguyen.van.binh', fullName: 'Nguyễn Văn Bình', email: 'binh@example.vn', phone: '0905111222', mustChangePassword: true });
    expect(u.grants.map((g: { role: string; validFrom: string }) => `${g.role}@${g.validFrom}`).sort()).toEqual(['officer@2026-12-01', 'viewer@2026-11-26']);

    const me = await t.login('nguyen.van.binh', 'Binh-Moi-2026!');
    expect(me.me.user).toMatchObject({ mustChangePassword: true });
    expect((await me.get('/api/auth/me')).json().user.mustChangePassword).toBe(true);

    const existing = (await s.get('/api/users?search=phunu.tamky')).json().items[0];
    expect(existing.fullName).toBe('Lê Thị Hoa');
    expect(existing.grants.map((g: { role: string }) => g.role).sort()).toEqual(['officer', 'reporter']);

    const audit = await t.db.db.selectFrom('audit_log').select(['action']).where('action', 'in', ['user.create', 'grant.create']).execute();
    expect(audit.filter((a) => a.action === 'user.create').length).toBeGreaterThanOrEqual(1);
  });

  it('reports a bad role label, a weak password, a duplicate grant and an unknown unit, writing nothing', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const before = await counts(t);
    const file = await workbook([
      ['tran.thi.c', 'Trần Thị C', null, null, null, 'Tran-Thi-C-2026!', 'PHUONG_TAMKY', 'Trưởng ban', null],
      ['le.van.d', 'Lê Văn D', null, null, null, '123456789', 'PHUONG_TAMKY', 'Cán bộ', null],
      ['phunu.tamky', null, null, null, null, null, 'PHUONG_TAMKY_HPN', 'Cán bộ', null],
      ['pham.e', 'Phạm E', 'binh@example.vn', null, null, 'Pham-E-2026-moi', 'KHONG_CO', 'Người xem', null],
      ['ok.user', 'Hợp Lệ', null, null, null, 'Hop-Le-2026-abc', 'PHUONG_TAMKY', 'Người xem', null],
    ]);
    const res = await upload(s, '/api/users/import', file);
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('import_invalid');
    const d = err.details as Array<{ row: number; field: string; message: string }>;
    expect(d.map((x) => [x.row, x.field])).toEqual([
      [2, 'Vai trò'],
      [3, 'Mật khẩu ban đầu'],
      [4, 'Vai trò'],
      [5, 'Email'],
      [5, 'Mã đơn vị'],
    ]);
    expect(d[0].message).toContain('Dòng 2, cột «Vai trò»: giá trị «Trưởng ban» không hợp lệ');
    expect(d[2].message).toContain('đã có vai trò «Cán bộ»');
    expect(d[4].message).toBe('Dòng 5, cột «Mã đơn vị»: không tìm thấy đơn vị có mã KHONG_CO');
    expect(await counts(t)).toEqual(before);
  });

  it('needs user.manage, a multipart .xlsx, at most 5 MB', async () => {
    const t = ctx();
    const officer = await t.login('tamky.btt');
    const file = await workbook([['x.y.z', 'X', null, null, null, 'Xyz-2026-abcdef', 'PHUONG_TAMKY', 'Người xem', null]]);
    expect((await upload(officer, '/api/users/import', file)).statusCode).toBe(403);
    expect((await officer.get('/api/users/template.xlsx')).statusCode).toBe(403);
    const s = await t.login('admin');
    expect((await s.post('/api/users/import', {})).statusCode).toBe(415);
    expect((await upload(s, '/api/users/import', Buffer.from('tên,vai trò\n'), 'nguoi-dung.xlsx')).statusCode).toBe(415);
    const big = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const huge = await upload(s, '/api/users/import', big);
    expect(huge.statusCode).toBe(413);
  });

  it('exports the managed users with their grants', async () => {
    const t = ctx();
    const s = await t.login('admin');
    const res = await s.get('/api/users/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('nguoi-dung-2026-11-26.xlsx');
    const ws = (await readXlsx(res.rawPayload)).getWorksheet('Người dùng')!;
    const rows: string[][] = [];
    ws.eachRow((r, n) => {
      if (n > 1) rows.push((r.values as string[]).slice(1));
    });
    const tamky = rows.filter((r) => r[0] === 'tamky.btt');
    expect(tamky.map((r) => r[5]).sort()).toEqual(['PHUONG_TAMKY', 'TAMKY']);
    expect(tamky[0][7]).toBe('Cán bộ');
  });
});
