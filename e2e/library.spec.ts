/**
 * The public pages of the good-models registry, the materials library and public plans ("Văn bản"),
 * on the demo data (the pages carry no JavaScript): lists with filters, a profile, a material with its download,
 * a public plan with its PDF, the search type filter. Screenshots at desktop and 360 px.
 */
import { expect, test } from '@playwright/test';
import { shotBoth } from './helpers';


test('good models: category page, filters and a profile', async ({ page }) => {
  await page.goto('/chuyen-muc/mo-hinh-hay');
  await expect(page.getByRole('heading', { name: 'Mô hình hay được công nhận' })).toBeVisible();
  await shotBoth(page, 'library-category-mo-hinh-hay');
  await page.goto('/mo-hinh');
  await page.getByLabel('Lĩnh vực').selectOption({ label: 'Thanh toán không dùng tiền mặt' });
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page).toHaveURL(/linh-vuc=thanh-toan-khong-tien-mat/);
  await shotBoth(page, 'library-mo-hinh-list');
  await page.getByRole('link', { name: /Chợ 4\.0/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Chợ 4.0');
  await expect(page.getByText('Quyết định số 42/QĐ-MTTQ-BTT ngày 09/10/2026')).toBeVisible();
  await shotBoth(page, 'library-mo-hinh-profile');
  await page.goto('/guong-dien-hinh');
  await page.getByRole('link', { name: /Thầy Trần Văn Hòa/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Trần Văn Hòa');
  await shotBoth(page, 'library-guong-dien-hinh-profile');
});

test('materials library: filters, a material and its download', async ({ page }) => {
  await page.goto('/tai-lieu');
  await expect(page.getByRole('heading', { name: 'Tài liệu tuyên truyền', level: 1 })).toBeVisible();
  await shotBoth(page, 'library-tai-lieu');
  await page.getByLabel('Loại tài liệu').selectOption({ label: 'Infographic' });
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByRole('link', { name: 'Infographic: Mục tiêu đến năm 2030 của Nghị quyết 57-NQ/TW', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /Tờ rơi: 5 bước/ })).toHaveCount(0);
  await page.goto('/tai-lieu');
  await page.getByRole('link', { name: 'Tờ rơi: 5 bước nhận biết cuộc gọi, tin nhắn lừa đảo', exact: true }).click();
  await shotBoth(page, 'library-tai-lieu-detail');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Tải về \(PDF/ }).click();
  expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
});

test('public plans and the search type filter', async ({ page }) => {
  await page.goto('/van-ban');
  await expect(page.getByRole('heading', { name: 'Văn bản', level: 1 })).toBeVisible();
  await shotBoth(page, 'library-van-ban');
  await page.goto('/tim-kiem?q=binh+dan+hoc+vu+so&loai=mo-hinh');
  await expect(page.getByText(/Tìm thấy/)).toBeVisible();
  await shotBoth(page, 'library-tim-kiem-mo-hinh');
});
