// Time from navigation to the program being visible (11 checkboxes in run
// mode), warm from the service worker, Pixel 5 profile, 4x CPU throttling.
// Median of 5. Usage: node bench/startup.mjs <base-url>
import { chromium, devices } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:8093';
const RUNS = 5;
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const context = await browser.newContext({ ...devices['Pixel 5'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
const page = await context.newPage();

// First visit: install the service worker and create an event to open.
await page.goto(base + '/');
await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('Ủy ban nhân dân xã Tân Lập');
await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
await page.waitForURL(/chuong-trinh$/);
const runUrl = page.url().replace(/chuong-trinh$/, 'dieu-hanh');
await page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  }
});

await page.close();

// Each run in a fresh tab: nothing in the renderer's memory cache, so every
// file comes from the service worker's cache, as after reopening the app.
const times = [];
let fromWorker = true;
for (let i = 0; i < RUNS; i++) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await tab.goto(runUrl, { waitUntil: 'commit' });
  await tab.waitForFunction(() => document.querySelectorAll('.run-list input[type=checkbox]').length === 11, null, { polling: 'raf', timeout: 30_000 });
  times.push(await tab.evaluate(() => performance.now()));
  const served = await tab.evaluate(() =>
    performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
      .filter((e) => /\.(wasm|js|css)$|dieu-hanh$/.test(e.name))
      .every((e) => e.workerStart > 0));
  fromWorker &&= served;
  await tab.close();
}
await browser.close();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`startup runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
console.log(`startup median: ${median.toFixed(0)} ms (navigation to 11 steps visible, warm from service worker: ${fromWorker ? 'yes' : 'NO'}, Pixel 5, 4x CPU throttle)`);
