// The level above's dashboard over a big province: the time from navigation
// to the statistics sheet's total row being drawn, warm from the service
// worker, Pixel 5 profile, 4x CPU throttling (median of 5), and the time to
// build the province's sheet as .xlsx. The server must hold the province
// built by `server/examples/rollup.rs` (its top unit "P") and know the
// registration key. Usage: node bench/dashboard.mjs <base-url> <registration key>
import { chromium, devices } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:8093';
const key = process.argv[3] ?? 'bench-registration-key';
const RUNS = 5;
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const context = await browser.newContext({ ...devices['Pixel 5'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
// The moment the sheet's total row is first put on the page, then the next
// frame (when it is painted): taken in the page, so that a later long task
// (the fresh answer arriving) does not delay the reading.
await context.addInitScript(() => {
  const watch = new MutationObserver(() => {
    if (document.querySelector('table.sheet-table tr.total')) {
      watch.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__drawnAt = performance.now(); }, 0));
    }
  });
  document.addEventListener('DOMContentLoaded', () => watch.observe(document.body, { childList: true, subtree: true }));
});
const page = await context.newPage();

// First visit: sign the phone in to the province, open the dashboard once
// (its module and the server's figures warm), wait for the service worker.
await page.goto(base + '/don-vi');
await page.getByText('Thiết lập lần đầu (người quản trị máy chủ)').click();
await page.getByLabel('Mã đăng ký của máy chủ').fill(key);
await page.getByLabel('Mã đơn vị cấp cao nhất (tỉnh, thành phố)').fill('P');
await page.getByRole('button', { name: 'Đăng nhập đơn vị cấp tỉnh' }).click();
await page.locator('.unit-name').waitFor();
await page.goto(base + '/tong-hop');
await page.locator('table.sheet-table tr.total').waitFor({ timeout: 120_000 });
await page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  }
});
const rows = await page.locator('table.sheet-table tbody tr').count();
await page.close();

const times = [];
const marks = [];
const scrolls = [];
let xlsx = [];
for (let i = 0; i < RUNS; i++) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await tab.goto(base + '/tong-hop', { waitUntil: 'commit' });
  await tab.waitForFunction(() => window.__drawnAt !== undefined, null, { timeout: 60_000 });
  times.push(await tab.evaluate(() => window.__drawnAt));
  // The cards below the first screen are laid out when scrolled to
  // (`content-visibility: auto`): what scrolling to the sheet then costs,
  // from the scroll to the next frame.
  await tab.waitForTimeout(300);
  scrolls.push(await tab.evaluate(async () => {
    const t0 = performance.now();
    document.querySelector('table.sheet-table tr.total').scrollIntoView();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }));
  marks.push(await tab.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))));
  if (i < 3) {
    const started = Date.now();
    const download = tab.waitForEvent('download', { timeout: 60_000 });
    await tab.getByRole('button', { name: 'Tải Excel (.xlsx)' }).click();
    await download;
    xlsx.push(Date.now() - started);
  }
  if (i === 0) {
    const heap = await tab.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
    console.log(`dashboard tab JS heap after drawing: ${(heap / 1048576).toFixed(1)} MB`);
  }
  await tab.close();
}
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`dashboard: ${rows} sheet rows; runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
// Where the time goes: the medians of the app's performance marks.
const names = [...new Set(marks.flatMap((m) => Object.keys(m)))];
const at = names.map((n) => [n, median(marks.map((m) => m[n]).filter((x) => x !== undefined))]);
at.sort((a, b) => a[1] - b[1]);
console.log(`app marks (median ms): ${at.map(([n, t]) => `${n} ${t.toFixed(0)}`).join(', ')}`);
console.log(`dashboard median: ${median(times).toFixed(0)} ms (navigation to the sheet's total drawn, warm, Pixel 5, 4x CPU)`);
console.log(`scrolled to the sheet (ms, 4x CPU): ${scrolls.map((t) => t.toFixed(0)).join(', ')}; median ${median(scrolls).toFixed(0)} ms (scroll to the next frame)`);
console.log(`xlsx of the province's sheet (ms, 4x CPU): ${xlsx.join(', ')}; median ${median(xlsx)} ms`);
