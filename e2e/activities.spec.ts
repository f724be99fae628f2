import { deflateSync } from 'node:zlib';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { DESKTOP, PHONE, shotBoth, signIn, vnDate } from './helpers';

// Issue 4 journey: a residential-area reporter files an activity report on a phone, the network drops on
// "Gửi duyệt", the report still arrives exactly once; the ward officer accepts it and the ward's figures grow.
test.describe.configure({ mode: 'serial' });

const TITLE = `Hội nghị quán triệt Nghị quyết 57 tại khối phố 1 (${Date.now().toString(36)})`;
let activityId = '';

/** A small real PNG (gradient), so the server's image pipeline has something to decode and resize. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = 200;
      raw[row + 2 + x * 3] = Math.round((x / width) * 255);
      raw[row + 3 + x * 3] = Math.round((y / height) * 255);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

async function newSession(browser: Browser, user: string, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

test('a reporter files a report on a phone; the connection drops on submit; it arrives exactly once', async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await newSession(browser, 'khoipho.tamky', PHONE);

  await page.getByRole('button', { name: 'Mở trình đơn' }).click();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hoạt động' }).click();
  await expect(page.getByRole('heading', { name: 'Hoạt động', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Báo cáo hoạt động' }).first().click();
  await expect(page).toHaveURL(/\/app\/hoat-dong\/moi$/);
  await expect(page.getByRole('heading', { name: 'Báo cáo hoạt động', level: 1 })).toBeVisible();

  // The only active campaign is preselected; the form brings its usual figures (Số buổi for a conference).
  await expect(page.getByRole('combobox', { name: 'Chương trình, chiến dịch', exact: true })).toHaveValue(/Nghị quyết 57/);
  await pick(page, 'Hình thức', 'Hội nghị quán triệt, triển khai');
  await page.getByRole('textbox', { name: 'Tên hoạt động' }).fill(TITLE);
  const date = page.getByRole('textbox', { name: 'Ngày tổ chức' });
  await date.fill(vnDate(-1));
  await date.press('Tab');
  await page.getByRole('textbox', { name: 'Địa điểm' }).fill('Nhà văn hóa khối phố 1');
  const topics = page.getByRole('group', { name: 'Chủ đề' }).getByRole('checkbox');
  await topics.first().check();
  await page.getByRole('textbox', { name: 'Cán bộ', exact: true }).fill('12');
  await page.getByRole('textbox', { name: 'Nhân dân', exact: true }).fill('85');
  await expect(page.getByText('Tổng số: 97 lượt người')).toBeVisible();
  await page.getByRole('textbox', { name: /^Số buổi/ }).fill('1');
  await page.getByRole('textbox', { name: 'Mô tả' }).fill('Quán triệt những nội dung cốt lõi của Nghị quyết 57-NQ/TW cho cán bộ và nhân dân khối phố.');

  // A photo: created the draft first (autosave), uploaded and resized on the server.
  await page.locator('input[type="file"][accept^="image"]').setInputFiles({ name: 'hoi-nghi.png', mimeType: 'image/png', buffer: png(320, 240) });
  await expect(page.getByRole('img', { name: 'hoi-nghi.png' })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText(/^Đã lưu nháp lúc \d{2}:\d{2}$/, { timeout: 15_000 });
  await shotBoth(page, 'activity-form');

  // The connection drops: the submit is queued and retried; nothing typed is lost.
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Gửi duyệt' }).click();
  await expect(page.getByText('Mất kết nối — đang thử gửi lại…')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Gửi lại' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Tên hoạt động' })).toHaveValue(TITLE);
  await expect(page.getByRole('textbox', { name: 'Cán bộ', exact: true })).toHaveValue('12');
  await expect(page.getByRole('textbox', { name: 'Nhân dân', exact: true })).toHaveValue('85');
  await expect(page.getByRole('textbox', { name: 'Ngày tổ chức' })).toHaveValue(vnDate(-1));
  await expect(topics.first()).toBeChecked();
  const kept = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('lantoa:activity:'));
    return key ? JSON.parse(localStorage.getItem(key) ?? '{}') : null;
  });
  expect(kept?.submitting).toBe(true);
  expect(kept?.values?.title).toBe(TITLE);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'artifacts/screenshots/activity-form-retry-360.png' });
  await page.getByRole('button', { name: 'Gửi lại' }).click();
  await expect(page.getByText('Mất kết nối — đang thử gửi lại…')).toBeVisible();

  // Back online, the first submit reaches the server but its answer is lost; the retry with the same
  // clientKey gets the same single record.
  let cut = 0;
  await page.route('**/api/activities/*/submit', async (route) => {
    if (cut++ === 0) {
      await route.fetch();
      await route.abort('connectionreset');
    } else await route.continue();
  });
  await context.setOffline(false);
  await page.waitForURL(/\/app\/hoat-dong\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  expect(cut).toBeGreaterThanOrEqual(2);
  activityId = page.url().split('/').pop() ?? '';
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page.getByText('Chờ duyệt').first()).toBeVisible();

  const all = await page.request.get('/api/activities?pageSize=100');
  expect(all.ok()).toBe(true);
  const mine = ((await all.json()).items as { id: string; title: string; status: string; attendance: number; photoCount: number }[]).filter((a) => a.title === TITLE);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ id: activityId, status: 'submitted', attendance: 97, photoCount: 1 });
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lantoa:activity:')).length)).toBe(0);
  await context.close();
});

test('the ward officer finds it under «Chờ tôi duyệt» and accepts it; the ward totals grow', async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await newSession(browser, 'tamky.btt');
  const figures = async () => (await (await page.request.get('/api/activities/figures')).json()).totals.activities as number;
  const before = await figures();
  // Home: the to-do block counts the reports waiting for this officer.
  await expect(page.getByRole('link', { name: /^Hoạt động chờ duyệt: [1-9]\d*\./ })).toBeVisible();

  // The ward dashboard (Theo dõi) before: its headline count of accepted activities.
  await page.goto('/app/theo-doi');
  const headline = page.getByRole('link', { name: /^Hoạt động: [\d.]+ hoạt động — xem danh sách hoạt động$/ });
  await expect(headline).toBeVisible({ timeout: 30_000 });
  const shown = async () => Number(((await headline.getAttribute('aria-label')) ?? '').split(':')[1].replace(/\D/g, ''));
  const dashBefore = await shown();

  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hoạt động' }).click();
  await page.locator('label', { hasText: 'Chờ tôi duyệt' }).click();
  await expect(page).toHaveURL(/reviewable=true/);
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  await shotBoth(page, 'activity-list');
  await page.getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(new RegExp(`/hoat-dong/${activityId}$`));
  await expect(page.getByRole('img', { name: 'hoi-nghi.png' })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp nhận' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tiếp nhận báo cáo' });
  await dialog.getByRole('textbox', { name: 'Ý kiến' }).fill('Báo cáo đầy đủ, có ảnh minh chứng.');
  await dialog.getByRole('button', { name: 'Tiếp nhận' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Đã tiếp nhận', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tiếp nhận' })).toHaveCount(0);
  await expect(page.getByText('Báo cáo đầy đủ, có ảnh minh chứng.')).toBeVisible();
  await shotBoth(page, 'activity-detail');

  const res = await page.request.get(`/api/activities/${activityId}`);
  expect((await res.json()).status).toBe('accepted');
  expect(await figures()).toBe(before + 1);
  await page.goto('/app/theo-doi');
  await expect(headline).toBeVisible({ timeout: 30_000 });
  await expect.poll(shown, { timeout: 15_000 }).toBe(dashBefore + 1);

  // The dashboard's drill-down link format lands on the filtered list.
  const iso = (d: string) => d.split('/').reverse().join('-');
  await page.goto(`/app/hoat-dong?status=accepted&from=${iso(vnDate(-1))}&to=${iso(vnDate(0))}&form=HOI_NGHI`);
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Đã tiếp nhận' })).toBeChecked();
  const xlsx = await page.request.get(`/api/activities/export?format=xlsx&status=accepted&from=${iso(vnDate(-1))}`);
  expect(xlsx.ok()).toBe(true);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  await expect(page.getByRole('link', { name: 'Xuất Excel' })).toHaveAttribute('href', /\/api\/activities\/export\?format=xlsx&from=.*status=accepted/);
  await context.close();
});

test('a draft saved meanwhile on another device is never overwritten: the form says so and reloads it', async ({ browser }) => {
  const { context, page } = await newSession(browser, 'khoipho.tamky');
  const title = `Tuyên truyền trực quan khối phố 1 (${Date.now().toString(36)})`;

  // From a task: the form opens prefilled with the task (its title, plan, campaign, topics).
  await page.goto('/app/nhiem-vu');
  await page.locator('table').getByRole('link').first().click();
  const report = page.getByRole('link', { name: 'Báo cáo hoạt động' });
  await expect(report).toBeVisible();
  const taskTitle = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
  await report.click();
  await expect(page).toHaveURL(/\/app\/hoat-dong\/moi\?taskId=/);
  await expect(page.getByRole('textbox', { name: 'Tên hoạt động' })).toHaveValue(taskTitle);
  await expect(page.getByRole('combobox', { name: 'Nhiệm vụ', exact: true })).toHaveValue(new RegExp(taskTitle.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await expect(page.getByRole('combobox', { name: 'Kỳ báo cáo của nhiệm vụ' })).toHaveValue(/\d{2}\/\d{2}\/\d{4} – /);
  await expect(page.getByRole('checkbox', { name: /Đánh dấu hoàn thành/ })).toBeVisible();

  await page.goto('/app/hoat-dong/moi');
  await page.getByRole('textbox', { name: 'Tên hoạt động' }).fill(title);
  await expect(page.getByTestId('save-state')).toHaveText(/^Đã lưu nháp lúc/, { timeout: 15_000 });
  const drafts = (await (await page.request.get('/api/activities?status=draft&pageSize=100')).json()).items as { id: string; title: string; version: number }[];
  const draft = drafts.find((d) => d.title === title);
  expect(draft).toBeTruthy();

  // Another device saves the same draft.
  const me = await (await page.request.get('/api/auth/me')).json();
  const other = await page.request.patch(`/api/activities/${draft?.id}`, {
    data: { version: draft?.version, title: `${title} — bản sửa trên điện thoại` },
    headers: { 'x-csrf-token': me.csrfToken },
  });
  expect(other.ok()).toBe(true);

  await page.getByRole('textbox', { name: 'Địa điểm' }).fill('Hội trường khối phố');
  await expect(page.getByText('Báo cáo vừa được sửa ở nơi khác')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Gửi duyệt' })).toBeDisabled();
  const stored = await (await page.request.get(`/api/activities/${draft?.id}`)).json();
  expect(stored.title).toBe(`${title} — bản sửa trên điện thoại`);
  expect(stored.place).toBeNull();
  await page.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await expect(page.getByRole('textbox', { name: 'Tên hoạt động' })).toHaveValue(`${title} — bản sửa trên điện thoại`);
  await expect(page.getByText('Báo cáo vừa được sửa ở nơi khác')).toBeHidden();
  await context.close();
});
