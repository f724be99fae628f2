/**
 * Accessibility of the public site (WCAG 2.0/2.1 A and AA rules of axe-core) on the demo data: home,
 * a category, an article, search results, a unit sub-site, the good-models list and a profile, the
 * materials list — at desktop width and at 360 px. Any serious or critical violation fails the test
 * and is printed (rule, impact, help, the offending elements). Keyboard: the first Tab from the top
 * reaches the skip link, and following it moves focus to the main content. Screenshots via shotBoth.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page, test } from '@playwright/test';
import { DESKTOP, PHONE, shotBoth, signIn } from './helpers';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The portal sends a strict Content-Security-Policy (no inline scripts): let the test inject axe.
test.use({ bypassCSP: true });

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global
    const r = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v: AxeViolation) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })) }));
  });
}

function report(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `• [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes
          .slice(0, 8)
          .map((n) => `    ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
          .join('\n')}${v.nodes.length > 8 ? `\n    … và ${v.nodes.length - 8} phần tử khác` : ''}`,
    )
    .join('\n');
}

/** Runs axe at desktop and 360 px; fails on serious/critical, prints everything found. */
async function check(page: Page, name: string) {
  const problems: string[] = [];
  for (const [size, label] of [
    [DESKTOP, 'desktop'],
    [PHONE, '360 px'],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    const found = await axe(page);
    if (found.length) console.log(`axe — ${name} (${label}):\n${report(found)}`);
    const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length) problems.push(`${name} (${label}):\n${report(bad)}`);
  }
  await page.setViewportSize(DESKTOP);
  await shotBoth(page, `portal-a11y-${name}`);
  expect(problems, problems.join('\n\n')).toEqual([]);
}

test('home, category, article and search have no serious or critical axe violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await check(page, 'home');

  await page.goto('/chuyen-muc/chuyen-doi-so');
  await expect(page.getByRole('heading', { level: 1, name: 'Chuyển đổi số' })).toBeVisible();
  await check(page, 'category');

  await page.locator('main .card-title a').first().click();
  await expect(page.locator('article.story h1')).toBeVisible();
  await check(page, 'article');

  await page.goto('/tim-kiem?q=binh+dan+hoc+vu+so');
  await expect(page.getByText(/Tìm thấy/)).toBeVisible();
  await check(page, 'search');
});

test('unit sub-site, good models and a profile, materials have no serious or critical axe violations', async ({ page }) => {
  await page.goto('/don-vi/phuong-tam-ky');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('phường Tam Kỳ');
  await check(page, 'unit');

  // A ward dissolved on 1/7/2025: its archive page with the reorganisation notice.
  await page.goto('/don-vi/phuong-an-my');
  await expect(page.getByRole('note')).toContainText('Đơn vị tiếp nhận: Ủy ban MTTQ Việt Nam phường Tam Kỳ');
  await check(page, 'unit-reorganised');

  await page.goto('/mo-hinh');
  await expect(page.getByRole('heading', { level: 1, name: 'Mô hình hay' })).toBeVisible();
  await check(page, 'models');

  await page.locator('main .card-title a').first().click();
  await expect(page.locator('article.story h1')).toBeVisible();
  await check(page, 'profile');

  await page.goto('/tai-lieu');
  await expect(page.getByRole('heading', { level: 1, name: 'Tài liệu tuyên truyền' })).toBeVisible();
  await check(page, 'materials');
});

test('keyboard: the first Tab reaches the skip link, which moves focus to the main content', async ({ page }) => {
  for (const path of ['/', '/chuyen-muc/chuyen-doi-so', '/tim-kiem?q=nghi+quyet+57']) {
    await page.goto(path);
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip-link');
    await expect(skip).toBeFocused();
    await expect(skip).toHaveText('Bỏ qua, đến nội dung chính');
    // Visible while focused (it sits off-screen otherwise).
    const box = await skip.boundingBox();
    expect(box && box.y >= 0).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.locator('main#noi-dung')).toBeFocused();
    // The next Tab continues inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
    expect(inMain, path).toBe(true);
  }
});

test('newsroom: the "Chia sẻ lên Fanpage" panel of a published article (not configured: copy by hand)', async ({ page }) => {
  await signIn(page, 'tamky.lanhdao');
  const list = await (await page.request.get('/api/news/articles?status=published&pageSize=5')).json();
  const first = list.items[0] as { id: string; title: string };
  await page.goto(`/app/tin-bai/${first.id}`);
  await page.getByRole('tab', { name: 'Chia sẻ lên Fanpage' }).click();
  const post = page.getByTestId('fanpage-text');
  await expect(post).toHaveValue(new RegExp(`^${first.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\n`));
  await expect(post).toHaveValue(/\n\nĐọc tiếp: http:\/\/[^\s]+\/don-vi\//);
  await expect(page.getByText('Chưa cấu hình đăng tự động')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Đăng lên Fanpage' })).toHaveCount(0);
  await expect(page.getByText('Chưa đăng lần nào qua hệ thống.')).toBeVisible();
  await shotBoth(page, 'newsroom-fanpage-panel');
});
