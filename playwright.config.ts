import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3310);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'artifacts/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
  },
  webServer: {
    command: `rm -rf artifacts/e2e-data && mkdir -p artifacts/e2e-data && DATABASE_URL=sqlite:artifacts/e2e-data/e2e.db FILES_DIR=artifacts/e2e-data/files LANTOA_DEMO=1 LOG_LEVEL=warn HOST=127.0.0.1 PORT=${PORT} npx tsx src/server/main.ts`,
    url: `http://127.0.0.1:${PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
