// Time from navigation to the program being visible (11 checkboxes in run
// mode), warm from the service worker, Pixel 5 profile, 4x CPU throttling.
// With a second URL, the framework's floor (end2end/bench/floor: a minimal
// Leptos CSR app that routes, opens IndexedDB, reads 11 records and draws
// 11 checkboxes) is measured in the same run, alternating, and the ratio
// printed (target ≤ 1.3x).
// Usage: node bench/startup.mjs <base-url> [floor-url] [runs]
import { chromium, devices } from '@playwright/test';
import { addDrawnProbe, timeToDrawn } from './drawn.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8093';
const floorBase = process.argv[3];
const RUNS = Number(process.argv[4] ?? (floorBase ? 9 : 5));
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

// The floor's first visit: its worker installs and caches what it serves,
// and its 11 records are written.
const floorUrl = floorBase && `${floorBase}/dieu-hanh`;
if (floorUrl) {
  const first = await context.newPage();
  await first.goto(floorUrl);
  await first.waitForFunction(() => document.querySelectorAll('.run-list input[type=checkbox]').length === 11);
  await first.evaluate(async () => { await navigator.serviceWorker.ready; });
  await first.reload();
  await first.waitForFunction(() => document.querySelectorAll('.run-list input[type=checkbox]').length === 11);
  await first.close();
}

// Each run in a fresh tab: nothing in the renderer's memory cache, so every
// file comes from the service worker's cache, as after reopening the app.
// The page times itself (./drawn.mjs): no harness script runs meanwhile.
const STEPS_DRAWN = "() => document.querySelectorAll('.run-list input[type=checkbox]').length === 11";
await addDrawnProbe(context);
async function open(url) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const ms = await timeToDrawn(tab, cdp, url, STEPS_DRAWN);
  const marks = await tab.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
  const served = await tab.evaluate(() =>
    performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
      .filter((e) => /\.(wasm|js|css)$|dieu-hanh$/.test(e.name))
      .every((e) => e.workerStart > 0));
  await tab.close();
  return { ms, served, marks };
}
const times = [];
const floorTimes = [];
const appMarks = [];
let fromWorker = true;
for (let i = 0; i < RUNS; i++) {
  // Alternating, so that the machine's load falls on both alike.
  const order = floorUrl ? (i % 2 ? ['floor', 'app'] : ['app', 'floor']) : ['app'];
  for (const which of order) {
    const { ms, served, marks } = await open(which === 'app' ? runUrl : floorUrl);
    (which === 'app' ? times : floorTimes).push(ms);
    if (which === 'app') appMarks.push(marks);
    fromWorker &&= served;
  }
}
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const list = (xs) => [...xs].sort((a, b) => a - b).map((t) => t.toFixed(0)).join(', ');
console.log(`startup runs (ms): ${list(times)}`);
// Where the app's time goes: the medians of its performance marks.
const names = [...new Set(appMarks.flatMap((m) => Object.keys(m)))];
if (names.length) {
  const at = names.map((n) => [n, median(appMarks.map((m) => m[n]).filter((x) => x !== undefined))]);
  at.sort((a, b) => a[1] - b[1]);
  console.log(`app marks (median ms): ${at.map(([n, t]) => `${n} ${t.toFixed(0)}`).join(', ')}`);
}
console.log(`startup median: ${median(times).toFixed(0)} ms (navigation to 11 steps visible, warm from service worker: ${fromWorker ? 'yes' : 'NO'}, Pixel 5, 4x CPU throttle)`);
if (floorUrl) {
  console.log(`floor runs (ms): ${list(floorTimes)}`);
  console.log(`floor median: ${median(floorTimes).toFixed(0)} ms (minimal Leptos app: route, IndexedDB, 11 records, 11 checkboxes)`);
  console.log(`ratio: ${(median(times) / median(floorTimes)).toFixed(2)}x the floor (target ≤ 1.30x)`);
}
