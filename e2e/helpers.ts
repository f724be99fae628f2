import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/** Saves a full-page screenshot under artifacts/screenshots/ (kept as a CI artefact). */
export async function shot(page: Page, name: string) {
  mkdirSync('artifacts/screenshots', { recursive: true });
  // From the top, so fixed bars (top bar, sticky actions) are drawn where they belong on the full page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `artifacts/screenshots/${name}.png`, fullPage: true });
}

export async function signIn(page: Page, username: string, password = 'lantoa-demo') {
  await page.goto('/app/dang-nhap');
  await page.getByLabel('Tên đăng nhập hoặc email').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.includes('dang-nhap'));
}

/**
 * Screenshots the current state at desktop width and at 360 px (`<name>-desktop`, `<name>-360`),
 * then puts the viewport back as it was. The page keeps its state (dialogs, popovers) meanwhile.
 */
export async function shotBoth(page: Page, name: string) {
  const before = page.viewportSize() ?? DESKTOP;
  for (const [size, suffix] of [
    [DESKTOP, 'desktop'],
    [PHONE, '360'],
  ] as const) {
    await page.setViewportSize(size);
    // Layout switches (table ↔ cards, modal ↔ full screen) and transitions settle.
    await page.waitForTimeout(250);
    await shot(page, `${name}-${suffix}`);
  }
  await page.setViewportSize(before);
  await page.waitForTimeout(150);
}

/** A date in Việt Nam `days` from today, as dd/mm/yyyy (the journeys run on the real clock). */
export function vnDate(days = 0): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}
