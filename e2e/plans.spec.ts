import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { DESKTOP, PHONE, shot, shotBoth, signIn, vnDate } from './helpers';

// The plans capability end to end, on the full demo data and the real clock:
// the city issues a plan → a ward gets the request, drafts and submits its implementing plan → the ward
// leader issues it → the city sees the cascade; and the 2025 seed plan is found and downloaded.

const NUMBER = /\d{2}\/KH-MTTQ-BTT/;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const nextYear = Number(vnDate().slice(-4)) + 1;
const SUBJECT = `Tuyên truyền Nghị quyết số 57-NQ/TW của Bộ Chính trị năm ${nextYear} trong hệ thống MTTQ Việt Nam thành phố`;
const DEADLINE = vnDate(14);
const WARDS = ['phường Quảng Phú', 'phường Tam Kỳ', 'phường Bàn Thạch', 'phường Hương Trà'];

/** The unread count the bell announces ("Thông báo: 3 chưa đọc"). */
async function unreadInBell(page: Page): Promise<number> {
  const label = (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
  return Number(/(\d+) chưa đọc/.exec(label)?.[1] ?? 0);
}

test.describe.serial('a plan cascades from the city to the wards', () => {
  let cityPlanUrl = '';
  let cityNumber = '';
  let wardIssuedOn = ''; // the ward plan's issue date as the dialog proposed it (a run may cross midnight)

  test('1 · danang.lanhdao drafts a plan for the ward committees and issues it', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'danang.lanhdao');
    await page.goto('/app/ke-hoach');
    await expect(page.getByRole('heading', { name: 'Kế hoạch', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: /Tuyên truyền Nghị quyết 57-NQ\/TW năm 2026 trong hệ thống/ })).toBeVisible();
    await page.getByRole('link', { name: 'Soạn kế hoạch' }).first().click();
    await page.waitForURL('**/ke-hoach/moi');

    await page.getByLabel('Trích yếu').fill(SUBJECT);
    await page.getByRole('combobox', { name: 'Chương trình, chiến dịch' }).click();
    await page.getByRole('option', { name: 'Tuyên truyền Nghị quyết 57-NQ/TW', exact: true }).click();
    await expect(page.getByRole('combobox', { name: 'Chương trình, chiến dịch' })).toHaveValue('Tuyên truyền Nghị quyết 57-NQ/TW');
    await shotBoth(page, 'plans-1-new');
    await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.waitForURL(/\/ke-hoach\/[^/]+\/sua$/);
    await expect(page.getByRole('heading', { name: 'Soạn kế hoạch' })).toBeVisible();

    // Content: the five usual parts, the first one written.
    await page.getByRole('button', { name: 'Thêm 5 phần thường dùng' }).click();
    await expect(page.getByLabel('Tiêu đề phần 5')).toHaveValue('V. TỔ CHỨC THỰC HIỆN');
    await page.locator('.lt-rte-content').nth(1).click();
    // A few keystrokes (each one re-renders the whole editor), the rest pasted in one go.
    await page.keyboard.type('Mục đích: ');
    await page.keyboard.insertText(
      'tiếp tục đưa Nghị quyết 57-NQ/TW vào cuộc sống; 100% Ủy ban MTTQ Việt Nam các phường, xã ban hành kế hoạch thực hiện.',
    );
    await expect(page.locator('.lt-rte-content').nth(1)).toContainText('Mục đích: tiếp tục đưa Nghị quyết 57-NQ/TW vào cuộc sống');
    // Period next year; the wards must issue their implementing plans within two weeks.
    await page.getByRole('textbox', { name: 'Từ ngày' }).fill(`01/01/${nextYear}`);
    await page.getByRole('textbox', { name: 'Đến ngày' }).fill(`31/12/${nextYear}`);
    await page.getByRole('textbox', { name: 'Hạn xây dựng kế hoạch thực hiện' }).fill(DEADLINE);
    // Responsibilities: the ward committees, a quarterly duty through next year.
    await page.getByRole('button', { name: 'Thêm nhóm thực hiện' }).click();
    await page.getByRole('menuitem', { name: 'Ủy ban MTTQ các xã, phường' }).click();
    await expect(page.getByLabel('Tên đơn vị, nhóm thực hiện 1')).toHaveValue('Ủy ban MTTQ các xã, phường');
    await page
      .getByRole('textbox', { name: 'Nhiệm vụ 1 của nhóm 1' })
      .fill('Tổ chức ít nhất 02 hội nghị quán triệt Nghị quyết 57-NQ/TW mỗi quý đến cán bộ Mặt trận các khu dân cư; báo cáo hằng quý.');
    await page.getByRole('combobox', { name: 'Thực hiện', exact: true }).click();
    await page.getByRole('option', { name: 'Hằng quý' }).click();
    await page.getByRole('textbox', { name: 'Thực hiện đến ngày' }).fill(`31/12/${nextYear}`);
    await page.getByLabel('Họ và tên').fill('Nguyễn Văn Dũng');
    await expect(page.getByRole('textbox', { name: 'Hạn xây dựng kế hoạch thực hiện' })).toHaveValue(DEADLINE);
    await shotBoth(page, 'plans-1-editor');

    // "Xem văn bản" saves what is pending and opens the draft.
    await page.getByRole('button', { name: 'Xem văn bản' }).click();
    await page.waitForURL(/\/ke-hoach\/[^/]+$/);
    cityPlanUrl = new URL(page.url()).pathname;
    const main = page.getByRole('main');
    await expect(main.getByText('Nháp', { exact: true })).toBeVisible();
    await expect(main.getByText(SUBJECT).first()).toBeVisible();

    await page.getByRole('button', { name: 'Ban hành' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ban hành kế hoạch' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: 'Ngày ban hành' })).toHaveValue(vnDate());
    await expect(dialog.getByRole('textbox', { name: 'Hạn xây dựng kế hoạch thực hiện' })).toHaveValue(DEADLINE);
    await expect(dialog.getByText('Gợi ý theo phần Tổ chức thực hiện: 4 đơn vị', { exact: false })).toBeVisible();
    for (const ward of WARDS) await expect(dialog.getByText(`Ủy ban MTTQ Việt Nam ${ward}`)).toBeVisible();
    await shotBoth(page, 'plans-1-issue-dialog');
    await dialog.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(dialog.getByText(`Yêu cầu xây dựng kế hoạch thực hiện: 4 đơn vị, hạn ${DEADLINE}`)).toBeVisible();
    await shotBoth(page, 'plans-1-issue-confirm');
    await dialog.getByRole('button', { name: 'Ban hành' }).click();
    await expect(dialog).toBeHidden();

    const heading = page.getByRole('heading', { level: 1, name: NUMBER });
    await expect(heading).toBeVisible();
    cityNumber = NUMBER.exec((await heading.textContent()) ?? '')?.[0] ?? '';
    expect(cityNumber).toMatch(NUMBER);
    expect(cityNumber).not.toBe('05/KH-MTTQ-BTT');
    await expect(main.getByText('Đã ban hành', { exact: true })).toBeVisible();
    await expect(main.getByRole('tab', { name: 'Triển khai' })).toBeVisible();
    await shotBoth(page, 'plans-1-issued');
  });

  test('2 · quangphu.btt on a phone gets the request and submits the implementing plan', async ({ page }) => {
    expect(cityNumber, 'journey 1 issued the city plan').toBeTruthy();
    await page.setViewportSize(PHONE);
    await signIn(page, 'quangphu.btt');
    await expect(page.getByText('Bạn đang làm việc tại Ủy ban MTTQ Việt Nam phường Quảng Phú.')).toBeVisible();
    await expect.poll(() => unreadInBell(page)).toBeGreaterThanOrEqual(1);
    const unreadBefore = await unreadInBell(page);

    await page.getByTestId('notification-bell').click();
    const request = page.getByRole('button', {
      name: new RegExp(`^Chưa đọc: Yêu cầu xây dựng kế hoạch thực hiện Kế hoạch số ${escapeRegExp(cityNumber)}`),
    });
    await expect(request).toBeVisible();
    await shotBoth(page, 'plans-2-bell');

    // The notification opens the city plan, with the request on top.
    await request.click();
    await page.waitForURL(/\/ke-hoach\/[^/]+$/);
    expect(new URL(page.url()).pathname).toBe(cityPlanUrl);
    await expect(page.getByRole('heading', { level: 1, name: `Kế hoạch số ${cityNumber}` })).toBeVisible();
    await expect(page.getByText('Yêu cầu xây dựng kế hoạch thực hiện', { exact: true })).toBeVisible();
    await expect(page.getByText(`hạn ban hành ${DEADLINE}`)).toBeVisible();
    await expect.poll(() => unreadInBell(page)).toBe(unreadBefore - 1);
    await shotBoth(page, 'plans-2-city-plan');

    // Văn bản đến → Yêu cầu triển khai: the new request, pending, with its deadline.
    await page.getByRole('button', { name: 'Mở trình đơn' }).click();
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Văn bản đến' }).click();
    await page.waitForURL('**/van-ban-den');
    await expect(page.getByRole('tab', { name: /Yêu cầu triển khai/ })).toHaveAttribute('aria-selected', 'true');
    const card = page.locator('.mantine-Card-root').filter({ hasText: `Kế hoạch số ${cityNumber}` });
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(`Hạn ban hành kế hoạch thực hiện: ${DEADLINE}`);
    await expect(card).toContainText('Chưa ban hành');
    await expect(card).toContainText(/Còn 1[34] ngày/);
    await shotBoth(page, 'plans-2-inbox');

    await card.getByRole('link', { name: 'Xây dựng kế hoạch thực hiện' }).click();
    await page.waitForURL(/\/ke-hoach\/[^/]+\/sua$/);
    await expect(page.getByRole('heading', { name: 'Soạn kế hoạch thực hiện' })).toBeVisible();
    // Prefilled: the preamble cites the city plan, the header is the ward's.
    const preamble = page.locator('.lt-rte-content').first();
    await expect(preamble).toContainText(`Thực hiện Kế hoạch số ${cityNumber} ngày ${vnDate()}`);
    await expect(preamble).toContainText('Ban Thường trực Ủy ban MTTQ Việt Nam phường Quảng Phú xây dựng Kế hoạch thực hiện');
    await expect(page.getByLabel('Tên cơ quan', { exact: true })).toHaveValue(/PHƯỜNG QUẢNG PHÚ/i);
    await expect(page.getByText(/^Ủy ban MTTQ Việt Nam phường Quảng Phú\. Nội dung được lưu nháp tự động/)).toBeVisible();
    await shotBoth(page, 'plans-2-editor-prefilled');

    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.waitForURL(/\/ke-hoach\/[^/]+$/);
    const main = page.getByRole('main');
    await expect(main.getByText('Chờ duyệt', { exact: true })).toBeVisible();
    await expect(page.getByText(/Dự thảo đang chờ lãnh đạo đơn vị duyệt, ban hành/)).toBeVisible();
    await expect(main.getByText(`Thực hiện Kế hoạch số ${cityNumber}`, { exact: false }).first()).toBeVisible();
    await shotBoth(page, 'plans-2-submitted');
  });

  test('3 · quangphu.lanhdao issues the implementing plan', async ({ page }) => {
    expect(cityNumber, 'journey 1 issued the city plan').toBeTruthy();
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'quangphu.lanhdao');
    await page.goto('/app/ke-hoach');
    await page.getByRole('radiogroup', { name: 'Trạng thái' }).getByText('Chờ duyệt', { exact: true }).click();
    await expect(page).toHaveURL(/trangThai=submitted/);
    const row = page.getByRole('row').filter({ hasText: 'Ủy ban MTTQ Việt Nam phường Quảng Phú' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Chờ duyệt');
    await shotBoth(page, 'plans-3-list-submitted');
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/ke-hoach\/[^/]+$/);
    await expect(page.getByText('Dự thảo chờ bạn duyệt.', { exact: false })).toBeVisible();

    await page.getByRole('button', { name: 'Ban hành' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ban hành kế hoạch' });
    await expect(dialog.getByRole('textbox', { name: 'Ngày ban hành' })).toHaveValue(vnDate());
    wardIssuedOn = await dialog.getByRole('textbox', { name: 'Ngày ban hành' }).inputValue();
    await shotBoth(page, 'plans-3-issue-dialog');
    await dialog.getByRole('button', { name: 'Tiếp tục' }).click();
    await dialog.getByRole('button', { name: 'Ban hành' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: NUMBER })).toBeVisible();
    await expect(page.getByRole('main').getByText(/^(Đã ban hành|Đang thực hiện)$/)).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'Mở kế hoạch cấp trên' })).toBeVisible();
    await shotBoth(page, 'plans-3-issued');
  });

  test('4 · danang.lanhdao sees Quảng Phú on time in the cascade, the other wards not yet', async ({ page }) => {
    expect(cityNumber, 'journey 1 issued the city plan').toBeTruthy();
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'danang.lanhdao');
    await page.goto('/app/ke-hoach');
    await page.getByLabel('Tìm kế hoạch').fill(cityNumber);
    await expect(page).toHaveURL(/q=/);
    const row = page.getByRole('row').filter({ hasText: `Số ${cityNumber}` });
    await row.getByRole('link', { name: SUBJECT }).click();
    await page.waitForURL(cityPlanUrl);
    await page.getByRole('tab', { name: 'Triển khai' }).click();
    await expect(page).toHaveURL(/tab=trien-khai/);

    const quangPhu = page.getByRole('row').filter({ hasText: 'Ủy ban MTTQ Việt Nam phường Quảng Phú' });
    await expect(quangPhu).toContainText('Đã ban hành');
    await expect(quangPhu).toContainText('Đúng hạn');
    await expect(quangPhu).toContainText(wardIssuedOn);
    await expect(quangPhu.getByRole('link', { name: NUMBER })).toBeVisible();
    for (const ward of WARDS.slice(1)) {
      const other = page.getByRole('row').filter({ hasText: `Ủy ban MTTQ Việt Nam ${ward}` });
      await expect(other).toContainText('Chưa ban hành');
      await expect(other).toContainText(DEADLINE);
      await expect(other).not.toContainText('Đúng hạn');
    }
    const stat = (label: string) => page.getByRole('main').locator('.mantine-Paper-root').filter({ has: page.getByText(label, { exact: true }) });
    await expect(stat('Đơn vị được yêu cầu')).toContainText('4');
    await expect(stat('Đã ban hành')).toContainText('1');
    await expect(stat('Chưa ban hành')).toContainText('3');
    await shotBoth(page, 'plans-4-cascade');

    // On a phone the same rows are cards.
    await page.setViewportSize(PHONE);
    const card = page.locator('.mantine-Card-root').filter({ hasText: 'Ủy ban MTTQ Việt Nam phường Quảng Phú' });
    await expect(card).toContainText('Đúng hạn');
    // No horizontal scrolling once the layout has settled (the navbar slides away after a resize).
    const overflowing = () =>
      page.evaluate((max) => {
        if (document.documentElement.scrollWidth <= max) return [];
        return [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > max + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} → ${Math.round(e.getBoundingClientRect().right)}px`);
      }, PHONE.width);
    await expect.poll(overflowing, { message: 'elements wider than the phone screen' }).toEqual([]);
  });
});

test('5 · tamky.btt finds the 2025 seed plan by "57-NQ/TW" and downloads it as .docx', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, 'tamky.btt');
  await page.goto('/app/ke-hoach');
  await page.getByLabel('Tìm kế hoạch').fill('57-NQ/TW');
  await expect(page).toHaveURL(/q=57-NQ%2FTW/);
  const row = page.getByRole('row').filter({ hasText: 'Ủy ban MTTQ Việt Nam thành phố Tam Kỳ' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Không rõ số');
  await expect(row).toContainText('Đã ban hành');
  await shotBoth(page, 'plans-5-search');

  await row.getByRole('link', { name: /^Tuyên truyền Nghị quyết số 57-NQ\/TW/ }).click();
  await page.waitForURL(/\/ke-hoach\/[^/]+$/);
  await expect(page.getByRole('main').getByText('Ủy ban MTTQ Việt Nam thành phố Tam Kỳ', { exact: false }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Thao tác khác' }).click();
  await shotBoth(page, 'plans-5-actions');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Tải .docx' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const path = 'artifacts/documents/seed-plan-e2e.docx';
  await download.saveAs(path);
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(bytes.length).toBeGreaterThan(5 * 1024);
  await shot(page, 'plans-5-downloaded-desktop');
});
