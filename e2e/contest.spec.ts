import { expect, test } from '@playwright/test';
import { PHONE, shotBoth } from './helpers';

const SLUG = 'tim-hieu-nghi-quyet-57-da-nang-2026';

test('a citizen on a phone registers, takes the weekly quiz, reloads midway, resumes and sees the result', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(PHONE);
  await page.clock.install(); // runs in real time until the time-up step jumps ahead
  const phone = `0977${String(Date.now()).slice(-6)}`;

  // The server-rendered page: rules, schedule, prizes, leaderboard; the client loads one small module.
  const jsSizes: number[] = [];
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'script') jsSizes.push(Number(r.headers()['content-length'] ?? 0));
  });
  await page.goto(`/cuoc-thi/${SLUG}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Nghị quyết số 57-NQ/TW');
  await expect(page.getByRole('heading', { name: 'Thể lệ', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Lịch các tuần thi' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Giải thưởng mỗi tuần', exact: true })).toBeVisible();
  await expect(page.locator('.ct-prizes')).toContainText('Giải Nhất: 1 giải');
  await expect(page.getByRole('heading', { name: 'Đăng ký dự thi' })).toBeVisible();
  expect(jsSizes.length).toBe(1);
  expect(jsSizes[0]).toBeLessThan(150 * 1024);
  // No horizontal scrolling on a 360 px phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shotBoth(page, 'contest-rules');

  // Registration: the consent box starts unticked and is required.
  const consent = page.getByRole('checkbox', { name: /Tôi đồng ý để Ban Tổ chức/ });
  await expect(consent).not.toBeChecked();
  await page.getByLabel('Họ và tên', { exact: true }).fill('Nguyễn Thị Thu Hà');
  await page.getByLabel('Ngày sinh', { exact: true }).fill('05/09/1990');
  await page.getByRole('radio', { name: 'Nữ' }).check();
  const ward = page.locator('#ct-unitId option', { hasText: 'Phường Tam Kỳ' }).first();
  await page.getByLabel('Phường/xã nơi cư trú', { exact: true }).selectOption((await ward.getAttribute('value')) as string);
  await page.getByLabel('Số điện thoại di động', { exact: true }).fill(phone);
  await page.getByRole('button', { name: 'Đăng ký và nhận mã' }).click();
  await expect(page.getByText('Bạn cần đánh dấu đồng ý để đăng ký dự thi.')).toBeVisible();
  await consent.check();
  await shotBoth(page, 'contest-register');
  await page.getByRole('button', { name: 'Đăng ký và nhận mã' }).click();

  // The code "sent" by SMS (development outbox).
  await expect(page.getByRole('heading', { name: 'Nhập mã xác nhận' })).toBeVisible({ timeout: 30_000 });
  const sms = await request.get(`/api/dev/sms-outbox?phone=${phone}`);
  expect(sms.status()).toBe(200);
  const code = /\b(\d{6})\b/.exec((await sms.json()).text)?.[1];
  expect(code).toBeTruthy();
  await page.getByLabel('Mã xác nhận', { exact: true }).fill(code as string);
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByRole('heading', { name: 'Xin chào, Nguyễn Thị Thu Hà' })).toBeVisible();

  // The attempt: each choice is saved at once.
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  await expect(page.getByRole('timer')).toBeVisible({ timeout: 30_000 });
  const questions = page.locator('fieldset.ct-q[id^="cau-"]');
  const total = await questions.count();
  expect(total).toBe(20);
  const pick = async (i: number) => {
    const q = questions.nth(i);
    await q.locator('label.ct-opt').first().click();
    await expect(q.getByText('✓ Đã lưu')).toBeVisible();
    return q.locator('input').first().getAttribute('value');
  };
  const chosenBefore: string[] = [];
  for (let i = 0; i < 5; i++) chosenBefore.push((await pick(i)) as string);
  await expect(page.getByText(`Đã trả lời 5/${total}`)).toBeVisible();
  await questions.nth(1).scrollIntoViewIfNeeded();
  await shotBoth(page, 'contest-question');

  // Reload in the middle: the running attempt comes back with the answers still chosen.
  await page.reload();
  await expect(page.getByRole('timer')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`Đã trả lời 5/${total}`)).toBeVisible();
  for (let i = 0; i < 5; i++) await expect(questions.nth(i).locator(`input[value="${chosenBefore[i]}"]`)).toBeChecked();
  // A choice sent while the network drops is retried until the server has it.
  let dropped = 0;
  await page.route('**/answers/**', (route) => (dropped++ < 1 ? route.abort('internetdisconnected') : route.continue()));
  await questions.nth(5).locator('label.ct-opt').first().click();
  await expect(questions.nth(5).getByText('Chưa lưu được do mất kết nối — đang thử lại…')).toBeVisible();
  await expect(questions.nth(5).getByText('✓ Đã lưu')).toBeVisible();
  await page.unroute('**/answers/**');
  expect(dropped).toBe(2);
  for (let i = 6; i < total; i++) await pick(i);
  await page.getByLabel('Số người bạn dự đoán', { exact: true }).fill('120');
  await expect(page.locator('fieldset.ct-q').last().getByText('✓ Đã lưu')).toBeVisible();

  await page.getByRole('button', { name: 'Nộp bài' }).click();
  await expect(page.getByRole('dialog')).toContainText(`Bạn đã trả lời ${total}/${total} câu`);
  await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả bài thi' })).toBeVisible();
  await expect(page.getByTestId('ct-score')).toHaveText(new RegExp(`^Số câu đúng: \\d+/${total}$`));
  await expect(page.getByText('Giải thích:').first()).toBeVisible();
  await expect(page.getByText('dự đoán: 120')).toBeVisible();
  await shotBoth(page, 'contest-result');

  // A second attempt left running until the countdown reaches zero is submitted by the page itself.
  await page.getByRole('button', { name: 'Thi lượt mới' }).click();
  await expect(page.getByText(/Lượt thi gần nhất \(tuần \d+, lượt 1\): đúng \d+\/20 câu/)).toBeVisible();
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  await expect(page.getByRole('heading', { name: /lượt 2$/ })).toBeVisible({ timeout: 30_000 });
  await pick(0);
  await page.clock.fastForward('15:01');
  await expect(page.getByRole('heading', { name: 'Kết quả bài thi' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Bài thi đã được tự động nộp khi hết giờ')).toBeVisible();
  await expect(page.getByText(/lượt 2 · thời gian làm bài/)).toBeVisible();

  // "Dữ liệu của tôi": the data shown with dates dd/mm/yyyy, then deleted after a confirmation.
  await page.getByRole('button', { name: 'Dữ liệu của tôi' }).click();
  await expect(page.getByText('05/09/1990')).toBeVisible();
  await expect(page.locator('dd', { hasText: 'Phường Tam Kỳ' })).toBeVisible();
  await shotBoth(page, 'contest-my-data');
  await page.getByRole('button', { name: 'Xóa dữ liệu và rút lại sự đồng ý' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();
  await expect(page.getByText('05/09/1990')).toBeVisible();
  await page.getByRole('button', { name: 'Xóa dữ liệu và rút lại sự đồng ý' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Xóa dữ liệu' }).click();
  await expect(page.getByText('Dữ liệu cá nhân của bạn đã được xóa và sự đồng ý đã được rút lại.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Đăng ký dự thi' })).toBeVisible();
  // The old phone can no longer ask for a login code.
  await page.getByRole('button', { name: 'Đã đăng ký? Nhận mã đăng nhập' }).click();
  await page.getByLabel('Số điện thoại đã đăng ký', { exact: true }).fill(phone);
  await page.getByRole('button', { name: 'Gửi mã đăng nhập' }).click();
  await expect(page.getByText('Số điện thoại này chưa đăng ký dự thi. Hãy đăng ký trước.')).toBeVisible({ timeout: 30_000 });
});
