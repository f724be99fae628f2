import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DESKTOP, shotBoth, signIn } from './helpers';

// Periodic reports end to end, on the full demo data and the real clock (the demo's activities run
// 03/2025 – 02/2026, so the quarter with data is Quý IV năm 2025):
// the city asks its units for the quarterly report → phường Tam Kỳ creates it from the request, sees the
// statistics, edits section III, downloads .docx and .xlsx and submits it → the city sees it as "Đã gửi"
// among the reports sent up and in the request tracker, and accepts it.

const WARD = 'Ủy ban MTTQ Việt Nam phường Tam Kỳ';
const NUMBER = /\d+\/BC-MTTQ-BTT/;
const ASSESSMENT = 'Các khu dân cư tổ chức hội nghị quán triệt đều đặn, lượt người tham dự tăng so với quý trước.';

test.describe.serial('a quarterly report goes from the ward up to the city', () => {
  // Figures over a quarter, two exports and the submission take a while on the shared machine.
  test.describe.configure({ timeout: 150_000 });
  let requestUrl = '';

  test('1 · danang.btt asks the units below for the report of Quý IV năm 2025', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'danang.btt');
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await page.waitForURL('**/bao-cao');
    await expect(page.getByRole('heading', { name: 'Báo cáo', exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Yêu cầu báo cáo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Yêu cầu báo cáo' });
    await expect(dialog.getByRole('radio', { name: 'Quý' })).toBeChecked();
    await dialog.getByRole('combobox', { name: 'Năm' }).click();
    await page.getByRole('option', { name: '2025', exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Quý', exact: true }).click();
    await page.getByRole('option', { name: 'Quý IV' }).click();
    await expect(dialog.getByTestId('period-preview')).toContainText('Quý IV năm 2025: số liệu từ ngày 01/10/2025 đến hết ngày 31/12/2025');
    // The cut-off day moves the range: months run from the 20th of the month before.
    await dialog.getByRole('combobox', { name: 'Ngày chốt số liệu' }).click();
    await page.getByRole('option', { name: /^Ngày 20 / }).click();
    await expect(dialog.getByTestId('period-preview')).toContainText('từ ngày 20/09/2025 đến hết ngày 19/12/2025');
    await dialog.getByRole('combobox', { name: 'Ngày chốt số liệu' }).click();
    await page.getByRole('option', { name: /^Ngày 1 / }).click();
    await expect(dialog.getByTestId('period-preview')).toContainText('từ ngày 01/10/2025 đến hết ngày 31/12/2025');
    // The targets default to the units directly under the city, the ward among them.
    await expect(dialog.getByText(WARD)).toBeVisible();
    await shotBoth(page, 'reports-1-request');
    await dialog.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await page.waitForURL(/\/bao-cao\/yeu-cau\/[^/]+$/);
    requestUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1 })).toContainText('quý IV năm 2025');
    const row = page.getByRole('row').filter({ hasText: WARD });
    await expect(row).toContainText('Chưa lập');
  });

  test('2 · tamky.btt creates the ward report from the request, edits, downloads and submits it', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'tamky.btt');
    // Home: the report to hand in is among the things to do.
    await expect(page.getByRole('link', { name: /^Báo cáo phải nộp: 1\./ })).toBeVisible();
    await page.goto('/app/bao-cao?tab=yeu-cau-nhan');
    const received = page.getByRole('row').filter({ hasText: 'Quý IV năm 2025' });
    await expect(received).toContainText('Của Ủy ban MTTQ Việt Nam thành phố Đà Nẵng');
    await expect(received).toContainText('Chưa lập');
    await received.getByRole('link', { name: 'Lập báo cáo' }).click();
    await page.waitForURL('**/bao-cao/moi?yeuCau=*');
    await expect(page.getByText('Quý IV năm 2025: số liệu từ ngày 01/10/2025 đến hết ngày 31/12/2025.')).toBeVisible();
    await page.getByRole('button', { name: 'Lập báo cáo' }).click();
    await page.waitForURL(/\/bao-cao\/[0-9a-f-]{36}$/);
    const reportUrl = new URL(page.url()).pathname;

    const main = page.getByRole('main');
    await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo quý IV năm 2025' })).toBeVisible();
    await expect(main.getByText('Nháp', { exact: true }).first()).toBeVisible();
    // Statistics: the three tables, numbers with Vietnamese thousands separators.
    const figures = page.getByTestId('report-figures');
    await expect(figures.getByRole('columnheader', { name: 'Hình thức' })).toBeVisible();
    await expect(figures.getByRole('row').filter({ hasText: 'Tổng cộng' })).toBeVisible();
    const totalActivities = figures.getByRole('row').filter({ hasText: 'Tổng cộng' }).getByRole('columnheader').nth(1);
    await expect(totalActivities).toHaveText(/^[1-9]\d{0,2}(\.\d{3})*$/);
    await expect(figures.getByRole('row').filter({ hasText: 'Tổng cộng' })).toContainText(/\d{1,3}\.\d{3}/);
    await figures.getByRole('tab', { name: 'Theo đơn vị' }).click();
    await expect(figures.getByRole('columnheader', { name: 'Đơn vị' })).toBeVisible();
    await figures.getByRole('tab', { name: 'Theo tháng' }).click();
    await expect(figures.getByRole('row').filter({ hasText: '11/2025' })).toBeVisible();
    await figures.getByRole('tab', { name: 'Theo hình thức' }).click();

    // Section III: the prompts are there; the officer writes the assessment (autosaved).
    const section3 = page.getByRole('textbox', { name: 'III. ĐÁNH GIÁ CHUNG' });
    await expect(section3).toContainText('1. Ưu điểm');
    // The prompt under "1. Ưu điểm" is replaced by the officer's words.
    await section3.getByText('(Nêu những kết quả nổi bật', { exact: false }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.insertText(ASSESSMENT);
    await expect(section3).toContainText(`1. Ưu điểm${ASSESSMENT}2. Hạn chế`);
    await expect(page.getByTestId('autosave-status')).toHaveText(/Đã lưu nháp lúc/, { timeout: 15_000 });
    await shotBoth(page, 'reports-2-report');

    // Downloads: the Word document and the workbook.
    await page.getByRole('button', { name: 'Tải về, in' }).click();
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Tải .docx (Word)' }).click()]);
    expect(docx.suggestedFilename()).toMatch(/^bao-cao-.*\.docx$/);
    await docx.saveAs('artifacts/documents/report-e2e.docx');
    const docBytes = readFileSync('artifacts/documents/report-e2e.docx');
    expect(docBytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const xml = await (await JSZip.loadAsync(docBytes)).file('word/document.xml')?.async('string');
    expect(xml).toContain('BÁO CÁO');
    expect(xml).toContain(ASSESSMENT);

    await page.getByRole('button', { name: 'Tải về, in' }).click();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Tải .xlsx (bảng số liệu)' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    await xlsx.saveAs('artifacts/documents/report-e2e.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile('artifacts/documents/report-e2e.xlsx');
    expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Tổng hợp', 'Theo hình thức', 'Theo đơn vị', 'Theo tháng']));
    // One row per form (11 in the catalogue) under the header.
    expect(workbook.getWorksheet('Theo hình thức')?.actualRowCount ?? 0).toBeGreaterThan(10);

    // Submit: the confirmation says it gets a number and the figures are frozen.
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const confirm = page.getByRole('dialog', { name: 'Gửi báo cáo?' });
    await expect(confirm).toContainText('cấp số');
    await expect(confirm).toContainText('Số liệu thống kê được chốt');
    await confirm.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect(main.getByText('Đã gửi', { exact: true }).first()).toBeVisible();
    await expect(main.getByText(NUMBER).first()).toBeVisible();
    await expect(page.getByTestId('report-figures')).toContainText('Số liệu đã chốt lúc');
    await expect(page.getByRole('button', { name: 'Gửi báo cáo' })).toHaveCount(0);
    await expect(main.getByText(ASSESSMENT)).toBeVisible();

    // The list of the unit's reports.
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).first().click();
    await page.waitForURL('**/bao-cao');
    const mine = page.getByRole('row').filter({ hasText: 'Quý IV năm 2025' });
    await expect(mine).toContainText('Đã gửi');
    await expect(mine).toContainText(NUMBER);
    await expect(mine.getByRole('link')).toHaveAttribute('href', `/app${reportUrl.replace(/^\/app/, '')}`);
    await shotBoth(page, 'reports-3-list');
  });

  test('3 · danang.btt sees the ward report as sent, tracks the request and accepts it', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'danang.btt');
    // Reports sent up, waiting for the city.
    await page.goto('/app/bao-cao?tab=cap-duoi');
    const sent = page.getByRole('row').filter({ hasText: WARD });
    await expect(sent).toContainText('Đã gửi');
    await expect(sent).toContainText('Quý IV năm 2025');

    // The request tracker: the ward submitted on time, with a link to its report.
    await page.goto(requestUrl);
    const row = page.getByRole('row').filter({ hasText: WARD });
    await expect(row).toContainText('Đã gửi');
    await expect(row).toContainText('Đúng hạn');
    await expect(row.getByRole('link', { name: NUMBER })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Tổng hợp báo cáo' })).toBeVisible();
    await shotBoth(page, 'reports-4-tracker');

    await row.getByRole('link', { name: NUMBER }).click();
    await page.waitForURL(/\/bao-cao\/[0-9a-f-]{36}$/);
    await expect(page.getByText(ASSESSMENT)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Trả lại' })).toBeVisible();
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await page.getByRole('dialog', { name: 'Tiếp nhận báo cáo?' }).getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect(page.getByRole('main').getByText('Đã tiếp nhận', { exact: true }).first()).toBeVisible();
    await shotBoth(page, 'reports-5-accepted');

    // Back on the tracker: accepted.
    await page.goto(requestUrl);
    await expect(page.getByRole('row').filter({ hasText: WARD })).toContainText('Đã tiếp nhận');
  });
});
