import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/** Saves a full-page screenshot under artifacts/screenshots/ (kept as a CI artefact). */
export async function shot(page: Page, name: string) {
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: `artifacts/screenshots/${name}.png`, fullPage: true });
}

export async function signIn(page: Page, username: string, password = 'lantoa-demo') {
  await page.goto('/app/dang-nhap');
  await page.getByLabel('Tên đăng nhập hoặc email').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.includes('dang-nhap'));
}
