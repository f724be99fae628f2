import { expect, test } from '@playwright/test';
import { DESKTOP, PHONE, shotBoth, signIn } from './helpers';

// The shared list-page kit (src/web/components/ListKit.tsx) on the full demo data: the plans list as a table on
// desktop and cards on a 360 px phone, its search field with the clear button, and the materials library whose
// topic filter offers the topics of every campaign the person can see, grouped by campaign.

test.describe.configure({ mode: 'serial' });

test('plans list: table on desktop, cards on a phone, search and clear', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, 'danang.btt');
  await page.goto('/app/ke-hoach');
  await expect(page.getByRole('heading', { name: 'Kế hoạch', level: 1 })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Trích yếu' })).toBeVisible();
  const count = page.getByText(/^\d+ văn bản$/);
  await expect(count).toBeVisible();
  const all = await count.textContent();

  const search = page.getByLabel('Tìm kế hoạch');
  await search.fill('khong co ke hoach nao ten nhu the nay');
  await expect(page.getByText('Không có kế hoạch phù hợp')).toBeVisible();
  await expect(page).toHaveURL(/[?&]q=/);
  await page.getByRole('button', { name: 'Xóa tìm kiếm' }).click();
  await expect(search).toHaveValue('');
  await expect(count).toHaveText(all ?? '');
  await expect(page).not.toHaveURL(/[?&]q=/);

  await page.getByRole('radiogroup', { name: 'Trạng thái' }).getByText('Đã ban hành', { exact: true }).click();
  await expect(page).toHaveURL(/trangThai=issued/);
  await expect(page.getByRole('table')).toBeVisible();
  await shotBoth(page, 'listkit-plans');

  await page.setViewportSize(PHONE);
  await expect(page.getByTestId('plan-cards')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
});

test('materials library: the topic filter offers every visible campaign, grouped', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, 'admin');
  await page.goto('/app/tai-lieu?donVi=tat-ca');
  await expect(page.getByRole('heading', { name: 'Tài liệu tuyên truyền', exact: true })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();

  const topic = page.getByRole('combobox', { name: 'Chủ đề' });
  await topic.click();
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByText('Tuyên truyền Nghị quyết 57-NQ/TW', { exact: true })).toBeVisible();
  await expect(listbox.getByText(/^Tuyên truyền Nghị quyết 57-NQ\/TW năm 2025 trên địa bàn thành phố Tam Kỳ/)).toBeAttached();
  await shotBoth(page, 'listkit-materials-topics');
  await page.keyboard.press('Escape');

  // Choosing a topic filters the list through the URL and resets paging.
  await topic.click();
  await listbox.getByRole('option').first().click();
  await expect(page).toHaveURL(/chuDe=/);
  await expect(page.getByText(/^\d+ tài liệu$|Không có tài liệu phù hợp/)).toBeVisible();
  await shotBoth(page, 'listkit-materials');
});
