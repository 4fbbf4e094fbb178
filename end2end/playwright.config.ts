import { defineConfig, devices } from '@playwright/test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The real server serves the release build (scripts/build.sh makes both).
export const PORT = Number(process.env.E2E_PORT ?? 8091);
/** The server's registration key in these tests. */
export const REGISTRATION_KEY = 'e2e-registration-key';
/** A fresh SQLite file for each run. */
export const DATABASE = join(tmpdir(), `ngayhoi-e2e-${PORT}.sqlite`);
// Only where the run starts: test workers import this file too (for the
// constants), and must not delete the database under the running server.
if (process.env.TEST_WORKER_INDEX === undefined) {
  for (const suffix of ['', '-wal', '-shm', '.province-19']) rmSync(DATABASE + suffix, { force: true });
}
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    ...devices['Pixel 5'],
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // Rate limits per address raised: every phone of the suite is 127.0.0.1.
    // Pages of 10 records: every sync of a whole event takes several pages.
    command: `../target/server/server --addr 127.0.0.1:${PORT} --dist ../dist --db ${DATABASE} --joins-per-minute 10000 --registers-per-minute 10000 --auth-failures-per-minute 10000 --page-records 10`,
    env: { NGAYHOI_REGISTRATION_KEY: REGISTRATION_KEY },
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
