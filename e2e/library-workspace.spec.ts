import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { DESKTOP, shotBoth, signIn, vnDate } from './helpers';

// The workspace screens of the good-models registry and the materials library, on the full demo data:
// the Bàn Thạch ward officer nominates a good model with a photo (alt text required) and submits it → the
// city (Đà Nẵng, the unit above since 1/7/2025) returns it with a comment → the ward fixes and resubmits →
// the city recognises it, records the commendation and publishes it → the public page /mo-hinh shows it.
// Then the ward uploads a public leaflet (a wrong file type is refused in Vietnamese), adds a version, a
// citizen downloads it from the portal and the workspace counts 1 download; the ward renames it and edits its topics
// (a reporter, who may not edit, sees no edit button).

const NAME = 'Tổ công nghệ số cộng đồng khối phố Bàn Thạch 3';
const COMMENT = 'Đề nghị bổ sung số hộ dân được hướng dẫn cài VNeID và kết quả cụ thể năm 2026.';
const SUMMARY = 'Đoàn viên thanh niên cùng Ban công tác Mặt trận hướng dẫn bà con dùng dịch vụ công trực tuyến.';
const SUMMARY_FIXED = `${SUMMARY} Năm 2026 đã hướng dẫn 412 hộ cài VNeID mức 2.`;
const DOC_NUMBER = '57/QĐ-MTTQ-BTT';
const MATERIAL = 'Tờ rơi: Hướng dẫn cài đặt và sử dụng VNeID cho người cao tuổi';
const MATERIAL_RENAMED = 'Tờ rơi: Cài đặt VNeID mức 2 cho người cao tuổi (bản in hai mặt)';

let modelPath = '';
let materialPath = '';

async function photo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <rect width="1200" height="800" fill="#f4e3c1"/>
    <rect x="150" y="260" width="420" height="300" rx="24" fill="#2d5b8a"/>
    <rect x="640" y="300" width="220" height="380" rx="30" fill="#333"/><rect x="660" y="330" width="180" height="300" fill="#9fd3f0"/>
    <circle cx="980" cy="240" r="90" fill="#b5302a"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A small valid one-page PDF. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 60 740 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function pick(page: Page, label: RegExp | string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

test.describe.serial('a good model from the ward to the public site, and a public leaflet', () => {
  test('1 · the ward officer nominates a good model with a photo and submits it', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'banthach.btt');
    await page.getByRole('link', { name: 'Mô hình, gương', exact: true }).first().click();
    await expect(page.getByRole('heading', { name: 'Mô hình hay, gương điển hình', exact: true })).toBeVisible();
    await expect(page.getByText(/\d+ hồ sơ/)).toBeVisible();
    await shotBoth(page, 'models-1-list');

    await page.getByRole('link', { name: 'Đề xuất mới' }).first().click();
    await page.waitForURL('**/mo-hinh/moi');
    await expect(page.getByRole('heading', { name: 'Đề xuất mô hình hay, gương điển hình', level: 1 })).toBeVisible();
    await page.getByLabel('Tên mô hình').fill(NAME);
    await pick(page, /Lĩnh vực/, 'Dịch vụ công trực tuyến, định danh điện tử');
    await page.getByLabel('Địa bàn').fill('Khối phố Bàn Thạch 3, phường Bàn Thạch, TP Đà Nẵng');
    await page.getByLabel('Tóm tắt').fill(SUMMARY);
    await page.getByLabel('Mô tả').fill('Tổ gồm 12 đoàn viên, trực mỗi tối thứ Bảy tại nhà văn hóa khối phố.\n\nBà con được hướng dẫn cài VNeID, nộp hồ sơ trực tuyến và nhận diện tin nhắn lừa đảo.');
    await page.getByLabel('Thành tích').fill('Giấy khen của Đoàn phường năm 2025\n100% hộ có người dùng điện thoại thông minh được hướng dẫn');
    // A published article as a linked story.
    await page.getByRole('combobox', { name: 'Tin bài liên quan' }).click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    await shotBoth(page, 'models-2-form');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.waitForURL(/\/mo-hinh\/[^/]+\/sua$/);
    modelPath = new URL(page.url()).pathname.replace(/\/sua$/, '');

    // The photo: the description (alt text) is required.
    await page.getByRole('button', { name: 'Thêm ảnh' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'to-cong-nghe-so.png', mimeType: 'image/png', buffer: await photo() });
    await dialog.getByRole('button', { name: 'Tải ảnh lên' }).click();
    await expect(dialog.getByText('Hãy mô tả ảnh cho người khiếm thị')).toBeVisible();
    await dialog.getByLabel('Mô tả ảnh (văn bản thay thế)').fill('Đoàn viên hướng dẫn người cao tuổi cài ứng dụng VNeID trên điện thoại');
    await dialog.getByLabel('Chú thích ảnh').fill('Tổ công nghệ số cộng đồng tại nhà văn hóa khối phố');
    await dialog.getByRole('button', { name: 'Tải ảnh lên' }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
    const img = page.getByRole('img', { name: 'Đoàn viên hướng dẫn người cao tuổi cài ứng dụng VNeID trên điện thoại' });
    await expect(img).toBeVisible();
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'Ảnh (1)' })).toBeVisible();
    await shotBoth(page, 'models-3-form-photo');

    await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
    await page.waitForURL((u) => u.pathname.endsWith(modelPath));
    await expect(page.getByText('Chờ xét duyệt').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sửa' })).toHaveCount(0);
    await shotBoth(page, 'models-4-submitted');
  });

  test('2 · the city returns it with a comment (a comment is required)', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'danang.btt');
    await page.goto('/app/mo-hinh?choDuyet=1');
    await page.getByRole('link', { name: NAME }).first().click();
    await page.waitForURL((u) => u.pathname.endsWith(modelPath));
    await shotBoth(page, 'models-5-review');
    await page.getByRole('button', { name: 'Trả lại' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
    await expect(dialog.getByText('Hãy nêu điều cần bổ sung để đơn vị biết.')).toBeVisible();
    await dialog.getByLabel(/Ý kiến/).fill(COMMENT);
    await shotBoth(page, 'models-6-return-dialog');
    await dialog.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Trả lại để bổ sung').first()).toBeVisible();
    await expect(page.getByText(COMMENT).first()).toBeVisible();
  });

  test('3 · the ward fixes it and submits again', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'banthach.btt');
    await page.goto(`/app${modelPath.replace(/^\/app/, '')}`);
    await expect(page.getByRole('alert').or(page.getByText(COMMENT)).first()).toBeVisible();
    await page.getByRole('link', { name: 'Sửa' }).click();
    await page.waitForURL(/\/sua$/);
    await expect(page.getByText(COMMENT).first()).toBeVisible();
    await page.getByLabel('Tóm tắt').fill(SUMMARY_FIXED);
    await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
    await page.waitForURL((u) => u.pathname.endsWith(modelPath));
    await expect(page.getByText('Chờ xét duyệt').first()).toBeVisible();
    await expect(page.getByText(SUMMARY_FIXED)).toBeVisible();
  });

  test('4 · the city recognises it, records the commendation and publishes it; the public page shows it', async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'danang.btt');
    await page.goto(`/app${modelPath.replace(/^\/app/, '')}`);
    await page.getByRole('button', { name: 'Công nhận', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Đăng hồ sơ lên trang thông tin').uncheck();
    await dialog.getByLabel('Ý kiến').fill('Mô hình hiệu quả, cần nhân rộng.');
    await dialog.getByRole('button', { name: 'Công nhận', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Đã công nhận').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Công khai', exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Ghi nhận khen thưởng' }).click();
    const c = page.getByRole('dialog');
    await c.getByLabel('Hình thức khen thưởng').fill('Bằng khen của Ủy ban MTTQ Việt Nam thành phố Đà Nẵng');
    await c.getByLabel('Số quyết định').fill(DOC_NUMBER);
    await c.getByLabel('Ngày quyết định').fill(vnDate(0));
    await c.getByLabel('Ngày quyết định').press('Tab');
    await shotBoth(page, 'models-7-commendation-dialog');
    await c.getByRole('button', { name: 'Lưu khen thưởng' }).click();
    await expect(c).toBeHidden();
    await expect(page.getByTestId('commendation')).toContainText(`Quyết định số ${DOC_NUMBER} ngày ${vnDate(0)}`);

    await page.getByRole('button', { name: 'Công khai', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Thôi công khai' })).toBeVisible();
    const link = page.getByRole('link', { name: 'Xem trang công khai' });
    await expect(link).toBeVisible();
    await expect(page.getByText('Công khai trên trang thông tin')).toBeVisible(); // history
    await shotBoth(page, 'models-8-accepted');
    const publicUrl = await link.getAttribute('href');
    expect(publicUrl).toMatch(/^\/mo-hinh\//);

    await page.goto('/mo-hinh');
    await page.getByRole('link', { name: NAME }).first().click();
    await expect(page).toHaveURL(new RegExp(`${publicUrl}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(NAME);
    await expect(page.getByText(`Quyết định số ${DOC_NUMBER} ngày ${vnDate(0)}`)).toBeVisible();
    await expect(page.getByRole('img', { name: 'Đoàn viên hướng dẫn người cao tuổi cài ứng dụng VNeID trên điện thoại' }).first()).toBeVisible();
  });

  test('5 · the dashboard counts the recognised model for Bàn Thạch', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'danang.btt');
    await page.goto('/app/theo-doi');
    const card = page.getByTestId('dash-recognised');
    await expect(card).toBeVisible({ timeout: 20_000 });
    const row = card.getByRole('row').filter({ hasText: 'Bàn Thạch' });
    await expect(row).toBeVisible();
    const cells = await row.getByRole('cell').allTextContents();
    expect(Number(cells[1])).toBeGreaterThanOrEqual(1); // models of Bàn Thạch, this one included
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: 'artifacts/screenshots/models-9-dashboard-card.png' });
  });

  test('6 · a public leaflet: wrong type refused, uploaded, new version, downloaded by a citizen, counted', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'banthach.btt');
    await page.getByRole('link', { name: 'Tài liệu', exact: true }).first().click();
    await expect(page.getByRole('heading', { name: 'Tài liệu tuyên truyền', exact: true })).toBeVisible();
    // By default the acting unit and the units below it: the ward has none of its own yet.
    await expect(page.getByText('Chưa có tài liệu nào')).toBeVisible();

    await page.getByRole('link', { name: 'Tải tài liệu lên' }).first().click();
    await page.waitForURL('**/tai-lieu/moi');
    await expect(page.getByRole('heading', { name: 'Tải tài liệu lên', level: 1 })).toBeVisible();
    await pick(page, /Loại tài liệu/, 'Tờ rơi');
    await page.getByLabel('Tên tài liệu').fill(MATERIAL);
    await page.getByLabel('Mô tả').fill('Tờ rơi khổ A4, in hai mặt: 6 bước cài VNeID, cách bảo vệ tài khoản.');
    await page.getByLabel(/Công khai — người dân/).check();
    // A text file is not a leaflet: the server checks the content and answers in Vietnamese.
    await page.locator('input[type="file"]').setInputFiles({ name: 'to-roi.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải PDF') });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    const refused = page.getByRole('alert');
    await expect(refused).toBeVisible();
    await expect(refused).toContainText(/tệp|Tệp/);
    await shotBoth(page, 'materials-2-upload-refused');
    await page.locator('input[type="file"]').setInputFiles({ name: 'to-roi-vneid.pdf', mimeType: 'application/pdf', buffer: pdf('VNeID - to roi ban 1') });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.waitForURL((u) => /\/tai-lieu\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/moi'));
    materialPath = new URL(page.url()).pathname.replace(/^\/app/, '');
    await expect(page.getByRole('heading', { name: MATERIAL })).toBeVisible();
    await expect(page.getByText('Công khai', { exact: true }).first()).toBeVisible();
    await expect(page.getByText('Chưa có lượt tải nào.')).toBeVisible();

    await page.getByRole('button', { name: 'Phiên bản mới' }).click();
    const dialog = page.getByRole('dialog');
    // Sent without a file: the dialog stays open and says what is missing.
    await dialog.getByRole('button', { name: 'Tải lên' }).click();
    await expect(dialog.getByText('Hãy chọn tệp của phiên bản mới.')).toBeVisible();
    await shotBoth(page, 'material-version-dialog');
    // A type the library does not take: the server's message shows in the dialog, which keeps the note typed.
    await dialog.getByLabel('Ghi chú phiên bản').fill('Sửa số điện thoại hỗ trợ');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'to-roi.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await dialog.getByRole('button', { name: 'Tải lên' }).click();
    await expect(dialog.getByRole('alert')).toContainText('không đúng định dạng cho phép');
    await expect(dialog.getByLabel('Ghi chú phiên bản')).toHaveValue('Sửa số điện thoại hỗ trợ');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'to-roi-vneid-ban-2.pdf', mimeType: 'application/pdf', buffer: pdf('VNeID - to roi ban 2') });
    await dialog.getByRole('button', { name: 'Tải lên' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('version-2')).toContainText('to-roi-vneid-ban-2.pdf');
    await expect(page.getByTestId('version-2')).toContainText('Sửa số điện thoại hỗ trợ');
    await expect(page.getByTestId('version-2')).toContainText(vnDate(0));
    await expect(page.getByTestId('version-1')).toContainText('to-roi-vneid.pdf');
    await shotBoth(page, 'materials-3-detail');

    // A citizen (no session) finds it on the portal and downloads it.
    const citizen = await browser.newPage();
    await citizen.goto(`${new URL(page.url()).origin}/tai-lieu`);
    await citizen.getByRole('link', { name: MATERIAL, exact: true }).first().click();
    const download = citizen.waitForEvent('download');
    await citizen.getByRole('link', { name: /Tải về \(PDF/ }).click();
    expect((await download).suggestedFilename()).toBe('to-roi-vneid-ban-2.pdf');
    await citizen.close();

    await page.reload();
    await expect(page.getByTestId('downloads-total')).toHaveText('1');
    await expect(page.getByRole('row').filter({ hasText: 'Người dân' })).toContainText('1');
    await shotBoth(page, 'materials-4-downloads');
    await page.goto('/app/tai-lieu');
    const row = page.getByRole('row').filter({ hasText: MATERIAL });
    await expect(row.getByTestId('material-downloads')).toHaveText('1');
    await expect(page.getByText('1 tài liệu')).toBeVisible();
    await shotBoth(page, 'materials-1-list');

    // Switching to internal takes it off the portal.
    await page.goto(`/app${materialPath}`);
    await page.getByText('Nội bộ', { exact: true }).click();
    await expect(page.getByText('Nội bộ', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Xem trang công khai' })).toHaveCount(0);
    const gone = await page.request.get(`/tai-lieu/${materialPath.split('/').pop()}`);
    expect(gone.status()).toBe(404);
  });
  test('7 · the ward edits the leaflet’s title, description and topics; a reporter sees no edit button', async ({ page, browser }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'banthach.btt');
    await page.goto(`/app${materialPath}`);
    await expect(page.getByRole('heading', { name: MATERIAL })).toBeVisible();
    await page.getByRole('button', { name: 'Sửa thông tin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa thông tin tài liệu' });
    await expect(dialog.getByLabel('Tên tài liệu')).toHaveValue(MATERIAL);
    // An empty title is refused in Vietnamese, naming the field; nothing is saved.
    await dialog.getByLabel('Tên tài liệu').fill('   ');
    await dialog.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(dialog.getByRole('alert').filter({ hasText: 'Tên tài liệu: Hãy đặt tên tài liệu.' })).toBeVisible();
    await dialog.getByLabel('Tên tài liệu').fill(MATERIAL_RENAMED);
    await dialog.getByLabel('Mô tả').fill('Tờ rơi khổ A4, in hai mặt: 6 bước cài VNeID mức 2 và cách bảo vệ tài khoản.');
    // Topics come from the campaign's topic tree: tick the first one offered.
    const topic = dialog.getByRole('checkbox').first();
    await expect(topic).toBeVisible();
    await topic.check();
    await expect(topic).toBeChecked();
    await expect(dialog.getByRole('checkbox', { checked: true })).toHaveCount(1);
    await shotBoth(page, 'materials-5-edit');
    await dialog.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Đã lưu thông tin tài liệu')).toBeVisible();
    await expect(page.getByRole('heading', { name: MATERIAL_RENAMED, level: 1 })).toBeVisible();
    await expect(page.getByText('6 bước cài VNeID mức 2')).toBeVisible();
    const saved = await (await page.request.get(`/api/materials/${materialPath.split('/').pop()}`)).json();
    expect(saved.title).toBe(MATERIAL_RENAMED);
    expect(saved.topics).toHaveLength(1);
    await expect(page.getByText(saved.topics[0].title, { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: MATERIAL_RENAMED, level: 1 })).toBeVisible();
    await page.getByRole('link', { name: 'Tài liệu', exact: true }).first().click();
    await expect(page.getByRole('row').filter({ hasText: MATERIAL_RENAMED })).toBeVisible();
    await expect(page.getByText(MATERIAL, { exact: true })).toHaveCount(0);

    // A reporter (activity.report only) reads a public material but may not edit it.
    const pub = await (await page.request.get('/api/materials/public')).json();
    const other = await browser.newContext({ baseURL: new URL(page.url()).origin });
    const reporter = await other.newPage();
    await reporter.setViewportSize(DESKTOP);
    await signIn(reporter, 'khoipho.tamky');
    await reporter.goto(`/app/tai-lieu/${pub.items[0].id}`);
    await expect(reporter.getByRole('heading', { name: pub.items[0].title, level: 1 })).toBeVisible();
    await expect(reporter.getByRole('button', { name: /Tải về/ }).or(reporter.getByRole('link', { name: /Tải về/ })).first()).toBeVisible();
    await expect(reporter.getByRole('button', { name: 'Sửa thông tin' })).toHaveCount(0);
    await other.close();
  });
});
