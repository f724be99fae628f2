import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { shotBoth, signIn } from './helpers';

const SLUG = 'tim-hieu-nghi-quyet-57-da-nang-2026';

test('the city organiser follows the demo contest, adds a question to the bank and downloads a round’s results', async ({ page }) => {
  test.setTimeout(120_000);
  // danang.btt: officer of Đà Nẵng city Front, the demo contest's organising unit (contest.manage).
  await signIn(page, 'danang.btt');

  // Cuộc thi in the menu → the contests of the acting unit and below.
  await page.getByRole('link', { name: 'Cuộc thi', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cuộc thi trực tuyến' })).toBeVisible();
  const contestLink = page.getByRole('link', { name: /Nghị quyết số 57-NQ\/TW/ });
  await expect(contestLink).toBeVisible();
  await expect(page.getByText('Đang diễn ra').first()).toBeVisible();
  await shotBoth(page, 'contest-organiser-list');

  // Statistics: the figures the API reports for the demo contest, by ward with participants per 1.000 residents.
  const list = await (await page.request.get('/api/contests')).json();
  const contest = list.items.find((c: { slug: string }) => c.slug === SLUG);
  expect(contest).toBeTruthy();
  const stats = await (await page.request.get(`/api/contests/${contest.id}/stats`)).json();
  const topWard = stats.byUnit[0] as { unitName: string; participants: number; per1000: number | null };
  expect(topWard.unitName).toContain('phường Tam Kỳ');
  await contestLink.click();
  await expect(page.getByRole('tab', { name: 'Thống kê' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('Người đã đăng ký')).toBeVisible();
  const wardRow = page.getByTestId('ward-table').getByRole('row', { name: new RegExp(topWard.unitName) });
  await expect(wardRow).toBeVisible();
  await expect(wardRow.getByRole('cell').nth(2)).toHaveText(String(topWard.participants));
  await expect(page.getByRole('heading', { name: 'Lượt thi theo ngày' })).toBeVisible();
  await expect(page.locator('.ct-stats .recharts-surface').first()).toBeVisible();
  await shotBoth(page, 'contest-organiser-stats');

  // Round filter: the first (closed) round's own counts.
  await page.getByRole('combobox', { name: 'Tuần thi' }).click();
  await page.getByRole('option', { name: /^Tuần thi thứ 1/ }).click();
  await expect(page.getByText('Người dự thi trong tuần')).toBeVisible();
  const round1 = stats.byRound.find((r: { no: number }) => r.no === 1);
  await expect(page.getByText('Người dự thi trong tuần').locator('..')).toContainText(String(round1.participants));

  // Settings: draw settings are frozen while the contest is open; client-side checks speak Vietnamese.
  await page.getByRole('tab', { name: 'Cài đặt' }).click();
  await expect(page.getByLabel('Số câu mỗi lượt thi')).toBeDisabled();
  const title = page.getByLabel('Tên cuộc thi');
  const original = await title.inputValue();
  await title.fill('Thi');
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Tên cuộc thi: hãy nhập ít nhất 5 ký tự.' })).toBeVisible();
  await shotBoth(page, 'contest-organiser-settings');
  await title.fill(original);

  // The question bank: create a question (it waits for review by someone else).
  await page.goto('/app/cuoc-thi/ngan-hang-cau-hoi');
  await expect(page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' })).toBeVisible();
  await expect(page.getByText(/\d+ câu hỏi/).first()).toBeVisible();
  await shotBoth(page, 'contest-organiser-bank');
  await page.getByRole('button', { name: 'Thêm câu hỏi' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Thêm câu hỏi' });
  await dialog.getByRole('button', { name: 'Thêm câu hỏi' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Nội dung câu hỏi: quá ngắn' })).toBeVisible();
  const text = `Nghị quyết số 57-NQ/TW được Bộ Chính trị ban hành vào ngày nào? (${Date.now()})`;
  await dialog.getByLabel('Nội dung câu hỏi').fill(text);
  await dialog.getByLabel('Phương án A', { exact: true }).fill('22/12/2024');
  await dialog.getByLabel('Phương án B', { exact: true }).fill('22/12/2023');
  await dialog.getByLabel('Phương án C', { exact: true }).fill('01/01/2025');
  await dialog.getByLabel('Phương án D', { exact: true }).fill('03/02/2025');
  await dialog.getByLabel('Phương án A là đáp án đúng').check();
  await dialog.getByLabel('Giải thích đáp án').fill('Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.');
  await dialog.getByText('Trung bình', { exact: true }).click();
  await expect(dialog.getByRole('radio', { name: 'Trung bình' })).toBeChecked();
  await shotBoth(page, 'contest-organiser-question-form');
  await dialog.getByRole('button', { name: 'Thêm câu hỏi' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Đã thêm câu hỏi')).toBeVisible();
  const row = page.getByTestId('question-table').getByRole('row', { name: new RegExp(text.replace(/[()?/]/g, '.')) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Chờ duyệt')).toBeVisible();
  await expect(row.getByText('Trung bình')).toBeVisible();

  // Difficulty filter (server-side: the count and paging follow it).
  await page.getByRole('combobox', { name: 'Mức độ' }).click();
  await page.getByRole('option', { name: 'Trung bình' }).click();
  await expect(page).toHaveURL(/mucDo=2/);
  const medium = await (await page.request.get('/api/contest-questions?difficulty=2&pageSize=1')).json();
  await expect(page.getByText(`${medium.total.toLocaleString('vi-VN')} câu hỏi`, { exact: true })).toBeVisible();
  await expect(row).toBeVisible();
  await expect(page.getByTestId('question-table').getByText('Khó', { exact: true })).toHaveCount(0);
  await expect(page.getByTestId('question-table').getByText('Dễ', { exact: true })).toHaveCount(0);

  // Return with comment: a reason is required, then the author sees it on the list and in the form.
  await row.getByRole('button', { name: /^Thao tác khác/ }).click();
  await page.getByRole('menuitem', { name: 'Trả lại kèm góp ý' }).click();
  const back = page.getByRole('dialog', { name: 'Trả lại câu hỏi kèm góp ý' });
  await back.getByRole('button', { name: 'Trả lại kèm góp ý' }).click();
  await expect(back.getByRole('alert').filter({ hasText: 'Góp ý: hãy ghi rõ lý do trả lại' }).first()).toBeVisible();
  const comment = 'Hãy nêu rõ ngày ban hành theo văn bản gốc.';
  await back.getByLabel('Góp ý cho người soạn').fill(comment);
  await shotBoth(page, 'contest-organiser-return-comment');
  await back.getByRole('button', { name: 'Trả lại kèm góp ý' }).click();
  await expect(back).toBeHidden();
  await expect(page.getByText('Đã trả lại câu hỏi kèm góp ý')).toBeVisible();
  await expect(row.getByTestId('review-comment')).toContainText(comment);
  await expect(row.getByTestId('review-comment')).toContainText(/Góp ý của .+ lúc \d{2}\/\d{2}\/\d{4}/);
  await shotBoth(page, 'contest-organiser-bank-comment');
  await row.getByRole('button', { name: /^Sửa câu hỏi/ }).click();
  await expect(page.getByRole('dialog', { name: 'Sửa câu hỏi' }).getByTestId('review-comment')).toContainText(comment);
  await page.getByRole('dialog', { name: 'Sửa câu hỏi' }).getByRole('button', { name: 'Hủy' }).click();

  // Rounds: the ranking of a closed round, then its results as .docx and .xlsx (official documents: zip, "PK").
  await page.goto(`/app/cuoc-thi/${contest.id}?tab=tuan-thi`);
  await expect(page.getByTestId('round-1')).toBeVisible();
  await page.getByTestId('round-1').getByRole('button', { name: 'Xem xếp hạng' }).click();
  await expect(page.getByRole('heading', { name: 'Xếp hạng tuần thi thứ 1' })).toBeVisible();
  await expect(page.getByTestId('ranking-table').getByRole('row')).not.toHaveCount(1);
  await expect(page.getByText(/Mở: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/).first()).toBeVisible();
  await shotBoth(page, 'contest-organiser-rounds');

  // A round not open yet can be edited: its prediction question.
  const upcoming = contest.rounds.find((r: { state: string }) => r.state === 'upcoming');
  expect(upcoming).toBeTruthy();
  const card = page.getByTestId(`round-${upcoming.no}`);
  await card.getByRole('button', { name: `Sửa tuần thi thứ ${upcoming.no}` }).click();
  const editRound = page.getByRole('dialog', { name: `Sửa tuần thi thứ ${upcoming.no}` });
  await expect(editRound.getByLabel('Câu hỏi dự đoán')).toHaveValue(upcoming.predictionQuestion);
  const newQuestion = 'Theo bạn, có bao nhiêu người trả lời đúng cả 20 câu trong tuần thi cuối?';
  await editRound.getByLabel('Câu hỏi dự đoán').fill(newQuestion);
  await editRound.getByRole('button', { name: 'Lưu tuần thi' }).click();
  await expect(editRound).toBeHidden();
  await expect(card).toContainText(newQuestion);
  await expect(page.getByTestId('round-1').getByRole('button', { name: /^Sửa/ })).toHaveCount(0);

  for (const format of ['docx', 'xlsx'] as const) {
    const downloading = page.waitForEvent('download', { timeout: 20_000 });
    await page.getByTestId('round-1').getByRole('button', { name: `Tải kết quả (.${format}) Tuần thi thứ 1` }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
  }
});

test('a draft contest: the organiser creates it, changes its area with the picker and it is kept; an open contest shows the area read-only', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'danang.btt');
  await page.goto('/app/cuoc-thi');
  await page.getByRole('button', { name: 'Tạo cuộc thi' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Tạo cuộc thi' });
  const title = `Tìm hiểu chuyển đổi số phường Bàn Thạch (${Date.now()})`;
  await dialog.getByLabel('Tên cuộc thi').fill(title);
  await dialog.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(dialog).toBeHidden();
  await page.waitForURL(/\/cuoc-thi\/[^/?]+\?tab=cai-dat/);
  const id = new URL(page.url()).pathname.split('/').pop() as string;
  await expect(page.getByRole('tab', { name: 'Cài đặt' })).toHaveAttribute('aria-selected', 'true');
  const created = await (await page.request.get(`/api/contests/${id}`)).json();
  expect(created.status).toBe('draft');

  // While a draft: the eligible area is a picker, starting at the organising unit.
  const area = page.getByRole('combobox', { name: 'Địa bàn dự thi' });
  await expect(area).toBeEnabled();
  await expect(area).toHaveValue(created.areaUnitName);
  await area.click();
  await area.fill('Bàn Thạch');
  const option = page.getByRole('option', { name: /Bàn Thạch/ }).first();
  await expect(option).toBeVisible();
  const picked = ((await option.textContent()) ?? '').trim();
  await option.click();
  await expect(area).toHaveValue(/Bàn Thạch/);
  await shotBoth(page, 'contest-organiser-settings-draft-area');
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await expect(page.getByText('Đã lưu cài đặt')).toBeVisible();

  const saved = await (await page.request.get(`/api/contests/${id}`)).json();
  expect(saved.areaUnitName).toMatch(/Bàn Thạch/);
  expect(picked).toContain(saved.areaUnitName);
  expect(saved.areaUnitId).not.toBe(created.areaUnitId);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Địa bàn dự thi' })).toHaveValue(saved.areaUnitName);

  // An open contest: the area is shown as text, without a picker.
  const list = await (await page.request.get('/api/contests')).json();
  const open = list.items.find((c: { slug: string }) => c.slug === SLUG);
  await page.goto(`/app/cuoc-thi/${open.id}?tab=cai-dat`);
  await expect(page.getByText('Đối tượng dự thi:')).toBeVisible();
  await expect(page.getByText(/Địa bàn được giữ cố định khi cuộc thi đã mở/)).toContainText(open.areaUnitName || open.unitName);
  await expect(page.getByRole('combobox', { name: 'Địa bàn dự thi' })).toHaveCount(0);
  await shotBoth(page, 'contest-organiser-settings-open-area');
});
