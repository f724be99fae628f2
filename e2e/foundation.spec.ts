import { type APIRequestContext, expect, test } from '@playwright/test';
import { DESKTOP, PHONE, shot, signIn } from './helpers';

/** Today in Việt Nam as dd/mm/yyyy (the server's clock is the real one in journeys). */
function todayVn(): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()).split('-');
  return `${d}/${m}/${y}`;
}

/** Looks up a unit id by code through the API, signed in as the administrator. */
async function unitIdByCode(request: APIRequestContext, code: string): Promise<string> {
  const login = await request.post('/api/auth/login', { data: { username: 'admin', password: 'lantoa-demo' } });
  expect(login.status(), await login.text()).toBe(200);
  const res = await request.get(`/api/units?search=${encodeURIComponent(code)}&includeClosed=true`);
  const unit = (await res.json()).items.find((u: { code: string }) => u.code === code);
  expect(unit, code).toBeTruthy();
  return unit.id;
}

test('an administrator signs in, records a merge of two residential areas and grants a role', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, 'admin');
  await expect(page.getByText('Quản trị hệ thống').first()).toBeVisible();
  await shot(page, 'foundation-admin-home');

  await page.goto('/app/don-vi/hop-nhat');
  const sources = page.getByRole('combobox', { name: 'Các đơn vị được hợp nhất' });
  await sources.click();
  await sources.fill('khối phố 4');
  await page.getByRole('option', { name: /khối phố 4 \(phường An Xuân\)/ }).click();
  await sources.fill('khối phố 5');
  await page.getByRole('option', { name: /khối phố 5 \(phường An Xuân\)/ }).click();
  await page.keyboard.press('Escape');
  await page.getByText('Thành lập đơn vị mới').click();
  await page.getByLabel('Mã đơn vị mới').fill('PHUONG_TAMKY_KDC_XH');
  await page.getByLabel('Tên viết tắt').fill('BCTMT khối phố Xuân Hà');
  await page.getByLabel('Tên đơn vị mới').fill('Ban công tác Mặt trận khối phố Xuân Hà');
  await page.getByRole('combobox', { name: 'Loại đơn vị' }).click();
  await page.getByRole('option', { name: 'Ban công tác Mặt trận khu dân cư' }).click();
  const parent = page.getByRole('combobox', { name: 'Trực thuộc' });
  await parent.click();
  await parent.fill('PHUONG_TAMKY');
  await page.getByRole('option', { name: /phường Tam Kỳ/ }).first().click();
  await page.getByRole('textbox', { name: 'Ngày hợp nhất có hiệu lực' }).fill(todayVn());
  await page.getByLabel('Ghi chú').fill('Sáp nhập khối phố 4 và khối phố 5 theo quyết định của UBND phường.');
  await shot(page, 'foundation-merge-form');
  await page.getByRole('button', { name: /Ghi nhận hợp nhất|Tiếp tục|Xem lại/ }).last().click();
  const dialog = page.getByRole('dialog', { name: 'Xác nhận hợp nhất đơn vị' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button').last().click();
  await expect(page.getByRole('heading', { name: 'Ban công tác Mặt trận khối phố Xuân Hà' })).toBeVisible();
  await expect(page.getByText('Đơn vị tiền thân trực tiếp')).toBeVisible();
  await expect(page.getByRole('link', { name: /khối phố 4 \(phường An Xuân\)/ }).first()).toBeVisible();
  await shot(page, 'foundation-merged-unit');

  // Grant a role to the Women's Union officer on the new residential area.
  await page.goto('/app/nguoi-dung');
  await page.getByRole('textbox', { name: /Tìm/ }).fill('phunu.tamky');
  await page.getByRole('link', { name: /Lê Thị Hoa|phunu\.tamky/ }).first().click();
  await page.getByRole('button', { name: 'Cấp quyền' }).first().click();
  const grant = page.getByRole('dialog');
  const unit = grant.getByRole('combobox', { name: 'Đơn vị' });
  await unit.click();
  await unit.fill('Xuân Hà');
  await page.getByRole('option', { name: /khối phố Xuân Hà/ }).click();
  await grant.getByRole('combobox', { name: 'Vai trò' }).click();
  await page.getByRole('option', { name: 'Người xem' }).click();
  await grant.getByRole('textbox', { name: 'Từ ngày' }).fill(todayVn());
  await grant.getByRole('button', { name: 'Cấp quyền' }).click();
  await expect(grant).toBeHidden();
  await expect(page.getByText('Người xem').first()).toBeVisible();
  await expect(page.getByText(/khối phố Xuân Hà/).first()).toBeVisible();
  await shot(page, 'foundation-granted');

  // The audit log records both changes.
  await page.goto('/app/nhat-ky');
  await expect(page.getByText(/Hợp nhất\/Sáp nhập: .*khối phố 4/).first()).toBeVisible();
  await expect(page.getByText(/Cấp vai trò Người xem/).first()).toBeVisible();
  await shot(page, 'foundation-audit');
});

test('quangphu.btt on a phone sees the history of phường An Phú and cannot reach phường Tam Kỳ', async ({ page, request }) => {
  const tamKy = await unitIdByCode(request, 'PHUONG_TAMKY');
  const anPhu = await unitIdByCode(request, 'AN_PHU');
  await page.setViewportSize(PHONE);
  await signIn(page, 'quangphu.btt');
  await expect(page.getByText('Bạn đang làm việc tại Ủy ban MTTQ Việt Nam phường Quảng Phú.')).toBeVisible();
  await shot(page, 'foundation-quangphu-home-360');

  await page.goto(`/app/don-vi/${anPhu}`);
  await expect(page.getByRole('heading', { name: 'Ủy ban MTTQ Việt Nam phường An Phú' })).toBeVisible();
  await expect(page.getByText(/Đã kết thúc|30\/06\/2025/).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ủy ban MTTQ Việt Nam phường Quảng Phú' }).first()).toBeVisible();
  await expect(page.getByText(/Hợp nhất\/Sáp nhập/).first()).toBeVisible();
  await shot(page, 'foundation-quangphu-anphu-history-360');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);

  // Another ward's data is out of reach: the page says not found, the API answers 404.
  await page.goto(`/app/don-vi/${tamKy}`);
  await expect(page.getByText(/Không tìm thấy/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ủy ban MTTQ Việt Nam phường Tam Kỳ' })).toHaveCount(0);
  await shot(page, 'foundation-quangphu-tamky-denied-360');
  const api = await page.request.get(`/api/units/${tamKy}`);
  expect(api.status()).toBe(404);
  const list = await page.request.get('/api/units?includeClosed=true');
  const codes = (await list.json()).items.map((u: { code: string }) => u.code);
  expect(codes).toContain('AN_PHU');
  expect(codes).not.toContain('PHUONG_TAMKY');
  expect(codes).not.toContain('AN_MY');
});
