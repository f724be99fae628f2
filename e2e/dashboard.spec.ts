import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DESKTOP, PHONE, shot, shotBoth, signIn } from './helpers';

// The monitoring dashboard on the full demo data: the Đà Nẵng city officer looks at 2025 grouped by the units
// of the time (the 12 former wards of Tam Kỳ) and by today's units (phường Tam Kỳ…), then drills into a number.
// Demo activity figures may be zeros: the assertions name units, not values.

// Unit names as the dashboard writes them ("Ủy ban MTTQ Việt Nam" left out).
const AN_MY = 'phường An Mỹ';
const TAM_THANG = 'xã Tam Thăng';
const PHUONG_TAM_KY = 'phường Tam Kỳ';

test('danang.btt follows 2025 across the reorganisation and drills into a number', async ({ page }) => {
  test.setTimeout(240_000); // a long journey with full-page screenshots of a tall page
  await page.setViewportSize(DESKTOP);
  await signIn(page, 'danang.btt');
  // The home page's compact card of this quarter's figures leads to the dashboard.
  const card = page.getByTestId('home-quarter-figures');
  await expect(card.getByRole('heading', { name: 'Số liệu quý này' })).toBeVisible();
  await expect(card.getByText('Lượt người tham dự')).toBeVisible();
  await shotBoth(page, 'dashboard-0-home-card');
  await page.getByRole('link', { name: 'Theo dõi', exact: true }).click();
  await page.waitForURL('**/app/theo-doi');
  await expect(page.getByRole('heading', { name: 'Theo dõi thực hiện' })).toBeVisible();
  // Default: the current quarter of the acting unit.
  await expect(page.getByText(/Ủy ban MTTQ Việt Nam thành phố Đà Nẵng và các đơn vị trực thuộc · Quý/)).toBeVisible();
  await expect(page.getByTestId('headline-activities')).toBeVisible();

  // The year 2025, units as they were at the time.
  await page.locator('.lt-dash-periods').getByText('Năm', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Năm', exact: true }).click();
  await page.getByRole('option', { name: 'Năm 2025', exact: true }).click();
  await page.getByRole('radio', { name: 'Theo đơn vị tại thời điểm' }).click();
  await expect(page).toHaveURL(/ky=nam/);
  await expect(page).toHaveURL(/nam=2025/);
  await expect(page).toHaveURL(/nhom=thoi-diem/);
  await expect(page.getByText(/Năm 2025 \(01\/01\/2025 – 31\/12\/2025\)/)).toBeVisible();

  const units = page.getByTestId('unit-breakdown');
  await expect(units.getByRole('link', { name: AN_MY, exact: true })).toBeVisible();
  await expect(units.getByRole('link', { name: TAM_THANG, exact: true })).toBeVisible();
  await expect(units.getByText('Đơn vị cũ').first()).toBeVisible();
  // The coverage grid lists the former wards too, with its words for empty cells.
  const coverage = page.getByTestId('coverage');
  await expect(coverage.getByRole('rowheader', { name: 'phường An Mỹ' })).toBeVisible();
  await expect(coverage.getByText('Chưa có: chưa có hoạt động về nội dung này')).toBeVisible();
  await shotBoth(page, 'dashboard-1-year-2025-as-of-period');

  // The first half of 2025 is wholly before 1/7/2025: former wards only, not phường Tam Kỳ.
  await page.locator('.lt-dash-periods').getByText('6 tháng', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Nửa năm' }).click();
  await page.getByRole('option', { name: '6 tháng đầu năm' }).click();
  await expect(page.getByText(/6 tháng đầu năm 2025|01\/01\/2025 – 30\/06\/2025/).first()).toBeVisible();
  await expect(units.getByRole('link', { name: AN_MY, exact: true })).toBeVisible();
  await expect(units.getByRole('link', { name: PHUONG_TAM_KY, exact: true })).toHaveCount(0);

  // Back to the year, grouped by today's units: phường Tam Kỳ instead of An Mỹ.
  await page.locator('.lt-dash-periods').getByText('Năm', { exact: true }).click();
  await expect(page).toHaveURL(/ky=nam/);
  await page.getByRole('radio', { name: 'Theo đơn vị hiện nay' }).click();
  await expect(page).not.toHaveURL(/nhom=thoi-diem/);
  await expect(units.getByRole('link', { name: PHUONG_TAM_KY, exact: true })).toBeVisible();
  await expect(units.getByRole('link', { name: AN_MY, exact: true })).toHaveCount(0);
  await shotBoth(page, 'dashboard-2-year-2025-as-of-today');

  // Sorting: by name, descending puts "Ủy ban…" rows first.
  await units.getByRole('button', { name: 'Đơn vị' }).click();
  await units.getByRole('button', { name: 'Đơn vị' }).click();
  await expect(units.locator('th[aria-sort="descending"]')).toHaveCount(1);

  // The chart view of the breakdown by form renders SVG (recharts, no animation).
  await page.locator('#dash-by-month').locator('..').locator('..').locator('..').locator('.recharts-surface').first().waitFor();

  // The view lives in the URL: leaving and coming back (a fresh mount) restores it.
  const shared = page.url();
  await page.getByRole('link', { name: 'Trang chủ', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/app/' || u.pathname === '/app');
  await page.goBack();
  await expect(page).toHaveURL(shared);
  await expect(page.getByRole('radio', { name: 'Theo đơn vị hiện nay' })).toBeChecked();
  await expect(page.getByText(/Năm 2025 \(01\/01\/2025 – 31\/12\/2025\)/)).toBeVisible();

  // Print layout: no navigation or filters.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.lt-dash-filters')).toBeHidden();
  await expect(page.getByRole('navigation')).toBeHidden();
  await shot(page, 'dashboard-3-print');
  mkdirSync('artifacts', { recursive: true });
  const pdf = await page.pdf({ path: 'artifacts/dashboard.pdf', format: 'A4', printBackground: true });
  expect(pdf.byteLength).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'screen' });

  // Phone: the coverage grid scrolls sideways with the unit column kept in view.
  await page.setViewportSize(PHONE);
  const scroller = page.locator('.lt-cov-scroll');
  await scroller.scrollIntoViewIfNeeded();
  const firstCell = page.getByTestId('coverage').getByRole('rowheader').first();
  const before = await firstCell.boundingBox();
  await scroller.evaluate((el) => el.scrollBy({ left: 400 }));
  await page.waitForTimeout(100);
  const after = await firstCell.boundingBox();
  expect(before && after && Math.abs(before.x - after.x) < 1).toBeTruthy();
  const bodyWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(bodyWidth).toBeLessThanOrEqual(PHONE.width);
  await page.setViewportSize(DESKTOP);

  // Drill-down: phường Tam Kỳ's number opens the activity list with the same filter.
  await units.getByRole('link', { name: new RegExp(`hoạt động của ${PHUONG_TAM_KY} — xem danh sách`) }).click();
  await page.waitForURL('**/app/hoat-dong?**');
  const url = new URL(page.url());
  expect(url.searchParams.get('from')).toBe('2025-01-01');
  expect(url.searchParams.get('to')).toBe('2025-12-31');
  expect(url.searchParams.get('status')).toBe('accepted');
  expect(url.searchParams.get('unitId')).toBeTruthy();
  expect(url.searchParams.get('campaignId')).toBeTruthy();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Theo dõi thực hiện' })).toBeVisible();

  // A headline card is a link too.
  await page.getByTestId('headline-activities').click();
  await page.waitForURL('**/app/hoat-dong?**');
  expect(new URL(page.url()).searchParams.get('from')).toBe('2025-01-01');
});
