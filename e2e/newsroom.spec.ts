import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { DESKTOP, PHONE, shotBoth, signIn } from './helpers';

// The newsroom end to end, on the full demo data and the real clock (the job queue polls every 15 s):
// the ward's editor writes an article with a photo and submits it → the ward leader edits, approves and
// schedules it a minute or two ahead → it goes online by itself → a citizen on a phone finds it by a search
// typed without diacritics, opens it, and the link preview (Open Graph) and share links are right.

const TITLE = 'Người dân khối phố Mỹ Thạch Đông góp 120 ngày công làm đường bê tông';
const QUERY = 'nguoi dan khoi pho my thach dong gop 120 ngay cong lam duong be tong';
const SAPO = 'Hưởng ứng cuộc vận động «Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh», bà con khối phố Mỹ Thạch Đông đã góp công, góp sức hoàn thành 350 m đường bê tông.';
const SAPO_EDITED = `${SAPO} Tuyến đường đưa vào sử dụng trước Tết.`;
const SITE = '/don-vi/phuong-tam-ky';

let articlePath = '';
let publicPath = '';
let coverId = '';

/** A 1200×800 PNG made for the test (the server asks for at least 200 px wide). */
async function photo(hue: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <rect width="1200" height="800" fill="#9fd3f0"/>
    <circle cx="980" cy="170" r="90" fill="#ffd34d"/>
    <path d="M0 520 L300 330 L560 520 L820 300 L1200 560 L1200 800 L0 800 Z" fill="${hue}"/>
    <path d="M420 800 L560 560 L640 560 L780 800 Z" fill="#c9c9c9"/>
    <rect x="120" y="600" width="60" height="120" fill="#b5302a"/><rect x="1000" y="610" width="60" height="110" fill="#b5302a"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Uploads an image through the dialog the button opens (file, required description, caption). */
async function uploadThroughDialog(page: Page, button: string, alt: string, caption: string, hue: string) {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'anh-duong-be-tong.png', mimeType: 'image/png', buffer: await photo(hue) });
  await dialog.getByLabel('Mô tả ảnh (văn bản thay thế)').fill(alt);
  await dialog.getByLabel('Chú thích ảnh').fill(caption);
  await dialog.getByRole('button', { name: 'Tải ảnh lên' }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
}

const metaContent = (page: Page, property: string) => page.locator(`meta[property="${property}"]`).getAttribute('content');

test.describe.serial('an article goes from the ward editor to the public site', () => {
  test('1 · tamky.bientap writes an article with a photo and submits it', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'tamky.bientap');
    await page.getByRole('link', { name: 'Tin bài', exact: true }).first().click();
    await expect(page.getByRole('heading', { name: 'Tin bài', exact: true })).toBeVisible();
    await expect(page.getByText(/\d+ tin bài/)).toBeVisible();
    await shotBoth(page, 'news-1-list');

    await page.getByRole('link', { name: 'Viết tin bài' }).first().click();
    await page.waitForURL('**/tin-bai/moi');
    await page.getByLabel('Tiêu đề').fill(TITLE);
    await page.getByRole('combobox', { name: 'Chuyên mục' }).click();
    await page.getByRole('option', { name: 'Tin hoạt động Mặt trận' }).click();
    await page.getByRole('button', { name: 'Bắt đầu viết' }).click();
    await page.waitForURL((url) => /\/tin-bai\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/moi'));
    articlePath = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
    await expect(page.getByTestId('article-actions').getByText('Nháp', { exact: true })).toBeVisible();

    await page.getByRole('textbox', { name: 'Sapo' }).fill(SAPO);
    const body = page.locator('.lt-news-content');
    await body.click();
    await page.keyboard.type('Sáng 23/11, ');
    await page.keyboard.insertText('hơn 80 hộ dân khối phố Mỹ Thạch Đông cùng Ban công tác Mặt trận ra quân làm đường. Bà con hiến gần 200 m² đất, góp 120 ngày công.');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Tiêu đề mục' }).click();
    await page.keyboard.insertText('Đường mới, nếp sống mới');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('Tuyến đường dài 350 m, rộng 3 m, nối khu dân cư với trường tiểu học.');
    await uploadThroughDialog(page, 'Chèn ảnh', 'Bà con khối phố Mỹ Thạch Đông đổ bê tông tuyến đường', 'Bà con đổ bê tông tuyến đường mới (Ảnh: Ban công tác Mặt trận)', '#4f9a3a');
    await expect(body.locator('figure img')).toBeVisible();
    await expect(body.locator('figcaption')).toHaveText('Bà con đổ bê tông tuyến đường mới (Ảnh: Ban công tác Mặt trận)');
    await page.getByRole('button', { name: 'Trích dẫn' }).click();
    await page.keyboard.insertText('Có đường đẹp, con cháu đi học không còn lội bùn nữa.');

    await uploadThroughDialog(page, 'Chọn ảnh đại diện', 'Tuyến đường bê tông mới ở khối phố Mỹ Thạch Đông', 'Tuyến đường bê tông mới hoàn thành', '#3d7f2e');
    await expect(page.getByRole('img', { name: 'Tuyến đường bê tông mới ở khối phố Mỹ Thạch Đông' })).toBeVisible();
    const tags = page.getByRole('combobox', { name: 'Từ khóa' });
    await tags.fill('đại đoàn kết');
    await tags.press('Enter');
    await tags.fill('nông thôn mới');
    await tags.press('Enter');
    await tags.press('Escape');
    await page.getByRole('switch', { name: 'Tin nổi bật (ưu tiên trên trang chủ của đơn vị)' }).check();

    // Autosave with the version: «Đã lưu nháp lúc HH:mm».
    await expect(page.getByTestId('autosave-status')).toHaveText(/Đã lưu nháp lúc \d{2}:\d{2}/, { timeout: 20_000 });
    await shotBoth(page, 'news-2-editor');

    // Saved on the server exactly as the ArticleDoc format.
    const res = await page.request.get(`/api${articlePath.replace('/app/tin-bai', '/news/articles')}`);
    expect(res.status(), await res.text()).toBe(200);
    const saved = await res.json();
    expect(saved.body.content.map((b: { type: string }) => b.type)).toEqual(['paragraph', 'heading', 'paragraph', 'image', 'blockquote']);
    expect([...saved.tags].sort()).toEqual(['nông thôn mới', 'đại đoàn kết'].sort());
    expect(saved.featured).toBe(true);
    coverId = saved.coverImage.id;

    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await expect(page.getByText('Đã gửi duyệt')).toBeVisible();
    await expect(page.getByTestId('article-actions').getByText('Chờ duyệt', { exact: true })).toBeVisible();
  });

  test('2 · tamky.lanhdao edits, approves and schedules it; it goes online by itself', async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(DESKTOP);
    await signIn(page, 'tamky.lanhdao');
    // The home page's to-do list counts the article waiting for approval.
    const todo = page.getByRole('link', { name: /^Tin bài chờ duyệt: [1-9]\d*\./ });
    await expect(todo).toBeVisible();
    await todo.click();
    await expect(page.getByRole('radio', { name: 'Chờ duyệt' })).toBeChecked();
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`**${articlePath}`);

    // The approver improves the sapo before approving: the history shows the change.
    await page.getByRole('button', { name: 'Sửa nội dung' }).click();
    await page.getByRole('textbox', { name: 'Sapo' }).fill(SAPO_EDITED);
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect(page.getByText('Đã lưu thay đổi')).toBeVisible();

    await page.getByRole('tab', { name: 'Lịch sử' }).click();
    const diff = page.getByTestId('revision-diff');
    await expect(diff.locator('.lt-diff-line[data-op="add"]', { hasText: 'Tuyến đường đưa vào sử dụng trước Tết.' })).toBeVisible();
    await expect(diff.locator('.lt-diff-line[data-op="del"]').first()).toContainText('−');
    await expect(diff.locator('.lt-diff-line[data-op="add"]').first()).toContainText('+');
    await shotBoth(page, 'news-3-diff');

    await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await page.getByRole('dialog').getByLabel('Ý kiến (không bắt buộc)').fill('Đồng ý đăng, đã bổ sung sapo.');
    await page.getByRole('dialog').getByRole('button', { name: 'Duyệt', exact: true }).click();
    await expect(page.getByTestId('article-actions').getByText('Đã duyệt', { exact: true })).toBeVisible();
    await page.getByRole('tab', { name: 'Trao đổi' }).click();
    // The approval comment is in the thread (a toast may show the same words for a moment).
    await expect(page.getByRole('tabpanel', { name: 'Trao đổi' }).getByText('Đồng ý đăng, đã bổ sung sapo.')).toBeVisible();

    // Schedule for the next minute (at least 20 s ahead; the server floors to the minute and the job queue
    // polls every 15 s).
    const at = new Date(Date.now() + 60_000 + ((60 - new Date().getUTCSeconds()) % 60 < 20 ? 60_000 : 0));
    const vn = new Date(at.getTime() + 7 * 3600_000).toISOString();
    const date = `${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`;
    const time = vn.slice(11, 16);
    await page.getByRole('button', { name: 'Hẹn giờ đăng' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Ngày đăng' }).fill(date);
    await dialog.getByLabel('Giờ đăng').fill(time);
    await expect(dialog.getByText(`Tin sẽ tự động đăng lúc ${time} ngày ${date} (giờ Việt Nam).`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Hẹn giờ đăng' }).click();
    const actions = page.getByTestId('article-actions');
    await expect(actions.getByText('Hẹn giờ đăng', { exact: true })).toBeVisible();
    await expect(actions.getByText(`${date} ${time}`)).toBeVisible();

    // Wait for the scheduled minute and the next poll of the job queue, then look again.
    const api = `/api${articlePath.replace('/app/tin-bai', '/news/articles')}`;
    await expect
      .poll(async () => (await (await page.request.get(api)).json()).status, { timeout: 150_000, intervals: [5_000] })
      .toBe('published');
    await page.reload();
    await expect(actions.getByText('Đã đăng', { exact: true })).toBeVisible();
    const link = page.getByTestId('public-link');
    publicPath = new URL((await link.getAttribute('href')) ?? '').pathname;
    expect(publicPath).toMatch(new RegExp(`^${SITE}/nguoi-dan-khoi-pho-my-thach-dong-gop-120-ngay-cong`));

    // The Fanpage post: title, sapo, the public link and hashtags, ready to copy.
    await page.getByRole('tab', { name: 'Chia sẻ lên Fanpage' }).click();
    const post = page.getByTestId('fanpage-text');
    await expect(post).toHaveValue(new RegExp(`^${TITLE}\\n\\n${SAPO_EDITED}\\n\\nĐọc tiếp: http://[^\\s]+${publicPath}\\n\\n#`));
    await expect(post).toHaveValue(/#DaiDoanKet/);
    await expect(post).toHaveValue(/#NongThonMoi/);
    await expect(page.getByRole('button', { name: 'Sao chép nội dung' })).toBeVisible();
  });

  test('3 · the article is on the ward sub-site and the home page', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto(SITE);
    await expect(page.getByRole('link', { name: TITLE }).first()).toBeVisible();
    await page.goto('/');
    await expect(page.getByRole('link', { name: TITLE }).first()).toBeVisible();
  });

  test('4 · a citizen on a phone finds it without diacritics, opens it, and the link preview is right', async ({ page, baseURL }) => {
    await page.setViewportSize(PHONE);
    await page.goto(`/tim-kiem?q=${encodeURIComponent(QUERY)}`);
    const result = page.getByRole('link', { name: TITLE }).first();
    await expect(result).toBeVisible();
    await result.click();
    await page.waitForURL(`**${publicPath}`);
    await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByText('Tuyến đường đưa vào sử dụng trước Tết.').first()).toBeVisible();
    await expect(page.getByText('Bà con đổ bê tông tuyến đường mới (Ảnh: Ban công tác Mặt trận)')).toBeVisible();

    const url = `${baseURL}${publicPath}`;
    expect(await metaContent(page, 'og:title')).toBe(TITLE);
    expect(await metaContent(page, 'og:description')).toBe(SAPO_EDITED);
    expect(await metaContent(page, 'og:url')).toBe(url);
    const image = (await metaContent(page, 'og:image')) ?? '';
    expect(image).toBe(`${baseURL}/anh/${coverId}.jpg`);
    const res = await page.request.get(image);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/jpeg');
    expect((await sharp(await res.body()).metadata()).width).toBe(1200);

    expect(await page.locator('a.share-fb').getAttribute('href')).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`);
    expect(await page.locator('a.share-zalo').getAttribute('href')).toBe(`https://sp.zalo.me/share_to?url=${encodeURIComponent(url)}`);
    await shotBoth(page, 'news-4-published');
  });
});
