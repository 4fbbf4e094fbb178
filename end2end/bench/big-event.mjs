// Size does not slow the screens that do not show it: run mode, the gate
// and the overview of an empty event and of one holding 5,000 invitees,
// opened side by side in one run (alternating, each in a fresh tab, warm
// from the service worker), Pixel 5 profile, 4x CPU throttling. Also the
// tab's memory with the 5,000-invitee event open on the invitee screen.
// Target: each screen of the big event within 1.1x the empty one's median.
// Usage: node bench/big-event.mjs <base-url> [runs]
import { chromium, devices } from '@playwright/test';
import { addDrawnProbe, timeToDrawn } from './drawn.mjs';
import { COUNT, csv } from './people.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8093';
const RUNS = Number(process.argv[3] ?? 7);
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-precise-memory-info', '--js-flags=--expose-gc'];

/** Each screen, and what shows it is drawn with the event's own figures. */
const SCREENS = [
  ['run mode', 'dieu-hanh', () => document.querySelectorAll('.run-list input[type=checkbox]').length === 11],
  ['gate', 'dem-nguoi', () => /\d+ người/.test(document.querySelector('.page [role=status]')?.textContent ?? '')],
  ['overview', '', () => /bước đã xong/.test(document.querySelector('.card.summary')?.textContent ?? '')],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const context = await browser.newContext({ ...devices['Pixel 5'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
await addDrawnProbe(context);
// The app's wasm memory, as the loader hands it over.
await context.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => {
  globalThis.__wasmMemory = e.detail.wasm.memory;
}));
const page = await context.newPage();
page.on('pageerror', (e) => console.log(`page error: ${e.message}`));

async function createEvent(name) {
  await page.goto(base + '/');
  await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill(name);
  await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
  await page.waitForURL(/chuong-trinh$/);
  return page.url().replace(/\/chuong-trinh$/, '');
}

const empty = await createEvent('Ủy ban nhân dân xã Tân Lập');
await page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  }
});
const big = await createEvent('Ủy ban nhân dân xã Đông Hòa');
await page.goto(`${big}/khach-moi`);
await page.getByText('Đã đến 0/0 khách mời').waitFor();
await page.getByText('Nhập danh sách từ tệp CSV hoặc dán').click();
await page.getByLabel('Hoặc dán danh sách').evaluate((el, text) => {
  el.value = text;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}, csv);
await page.getByRole('button', { name: 'Xem trước' }).click();
await page.getByRole('button', { name: `Nhập ${COUNT} người` }).click();
await page.getByText(`Đã đến 0/${COUNT} khách mời`).waitFor({ timeout: 120_000 });
await page.close();

/** Navigation to the screen drawn, in a fresh throttled tab (timed by the page: ./drawn.mjs). */
async function open(url, drawn) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const ms = await timeToDrawn(tab, cdp, url, drawn.toString());
  await tab.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const [label, slug, drawn] of SCREENS) {
  const times = { empty: [], big: [] };
  for (let i = 0; i < RUNS; i++) {
    // Alternating, so that the machine's load falls on both alike.
    for (const which of i % 2 ? ['big', 'empty'] : ['empty', 'big']) {
      const event = which === 'big' ? big : empty;
      times[which].push(await open(slug ? `${event}/${slug}` : event, drawn));
    }
  }
  const [e, b] = [median(times.empty), median(times.big)];
  results.push({ label, e, b });
  console.log(`${label.padEnd(9)} empty: ${times.empty.map((t) => t.toFixed(0)).join(', ')} (median ${e.toFixed(0)} ms)`);
  console.log(`${''.padEnd(9)} ${COUNT} invitees: ${times.big.map((t) => t.toFixed(0)).join(', ')} (median ${b.toFixed(0)} ms)`);
}
for (const { label, e, b } of results) {
  console.log(`${label.padEnd(9)} ratio ${(b / e).toFixed(2)}x (target ≤ 1.10x)`);
}

// Memory: the big event on its invitee screen, after a garbage collection.
const tab = await context.newPage();
const cdp = await context.newCDPSession(tab);
await tab.goto(`${big}/khach-moi`);
await tab.getByText(`/${COUNT} khách mời`).first().waitFor({ timeout: 60_000 });
await cdp.send('HeapProfiler.collectGarbage');
const memory = await tab.evaluate(() => {
  const wasm = globalThis.__wasmMemory?.buffer.byteLength ?? null;
  return { js: performance.memory.usedJSHeapSize, total: performance.memory.totalJSHeapSize, wasm };
});
console.log(`memory, ${COUNT}-invitee event on the invitee screen: JS heap used ${(memory.js / 1048576).toFixed(1)} MB` +
  ` (of ${(memory.total / 1048576).toFixed(1)} MB)` +
  (memory.wasm === null ? '' : `, wasm memory ${(memory.wasm / 1048576).toFixed(1)} MB`));
await browser.close();
