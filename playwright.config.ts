import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3310);
// One data directory per port, so journeys run on another port (E2E_PORT) never share a database.
const DATA = `artifacts/e2e-data-${PORT}`;
// …and their own web build (vite.config.ts builds to dist/web-<port> when E2E_PORT is set).
const WEB = PORT === 3310 ? 'dist/web' : `dist/web-${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: PORT === 3310 ? 'artifacts/test-results' : `artifacts/test-results-${PORT}`,
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
    command: `rm -rf ${DATA} && mkdir -p ${DATA} && DATABASE_URL=sqlite:${DATA}/e2e.db FILES_DIR=${DATA}/files WEB_DIST_DIR=${WEB} LANTOA_DEMO=1 LOG_LEVEL=warn HOST=127.0.0.1 PORT=${PORT} npx tsx src/server/main.ts`,
    url: `http://127.0.0.1:${PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
