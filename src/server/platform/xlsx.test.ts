/**
 * Shared .xlsx import helpers: data rows under a located header (empty rows skipped, the row limit, a file
 * without data rows) and the text-cell reader (required, length, phone numbers).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ColumnSpec, dataRows, IssueList, locateColumns, MAX_IMPORT_ROWS, textCells } from './xlsx.js';

type K = 'name' | 'phone';
const SPECS: ColumnSpec<K>[] = [
  { key: 'name', header: 'Họ và tên', width: 20, required: true, guide: '' },
  { key: 'phone', header: 'Điện thoại', width: 14, guide: '' },
];
const header = (k: K) => SPECS.find((s) => s.key === k)!.header;

function sheet(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Họ và tên', 'Điện thoại']);
  for (const r of rows) ws.addRow(r);
  return wb;
}

describe('xlsx import helpers', () => {
  it('yields data rows with their Excel numbers, skipping empty ones, and reads text cells', () => {
    const issues = new IssueList();
    const layout = locateColumns(sheet([['  Nguyễn Văn A ', 905123456], [], ['', ''], ['x'.repeat(30), '']]), 'Danh sách', SPECS, issues)!;
    const got: Array<[number, string | null, string | null]> = [];
    for (const { row, get } of dataRows(layout, issues)) {
      const text = textCells<K>(issues, row, get, header);
      got.push([row, text('name', 20, true), text('phone', 20)]);
    }
    expect(got).toEqual([
      [2, 'Nguyễn Văn A', '0905123456'],
      [5, null, null],
    ]);
    expect(issues.items).toEqual([{ row: 5, field: 'Họ và tên', message: 'Dòng 5, cột «Họ và tên»: dài quá 20 ký tự' }]);
  });

  it('reports a missing required value under its column', () => {
    const issues = new IssueList();
    const layout = locateColumns(sheet([['', '0905123456']]), 'Danh sách', SPECS, issues)!;
    for (const { row, get } of dataRows(layout, issues)) textCells<K>(issues, row, get, header)('name', 20, true);
    expect(issues.items.map((i) => i.message)).toEqual(['Dòng 2, cột «Họ và tên»: bắt buộc phải nhập']);
  });

  it('refuses a file without data rows, and stops at the row limit', () => {
    const empty = new IssueList();
    const layout = locateColumns(sheet([]), 'Danh sách', SPECS, empty)!;
    expect([...dataRows(layout, empty)]).toEqual([]);
    expect(empty.items.map((i) => i.message)).toEqual(['Dòng 2: tệp không có dòng dữ liệu nào dưới dòng tiêu đề.']);

    const many = new IssueList();
    const big = locateColumns(sheet(Array.from({ length: MAX_IMPORT_ROWS + 5 }, (_, i) => [`Người ${i}`])), 'Danh sách', SPECS, many)!;
    expect([...dataRows(big, many)]).toHaveLength(MAX_IMPORT_ROWS);
    expect(many.items).toHaveLength(1);
    expect(many.items[0].message).toContain(`tệp có quá ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng dữ liệu`);
    // Without an issue list (exports reading back, tests) every row is yielded.
    expect([...dataRows(big)]).toHaveLength(MAX_IMPORT_ROWS + 5);
  });
});
