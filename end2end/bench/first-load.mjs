// What a phone downloads, as the browser asks for it: every app file
// requested from navigation until the screen is up, with no service worker
// (so nothing comes from its cache), sized as the server sends it (the
// build's brotli files). Journeys:
//   1. a fresh phone opens the app at its start address (the event list);
//   2. a fresh phone opens a join link, as a camera app's scan gives it;
//   3. an event on the phone opened from the list (its overview);
//   4. run mode opened by its address (an event on the phone).
// The service worker's precache of the rest, which starts after the first
// screen, is left out, as are the manifest and icons.
// Usage: node bench/first-load.mjs <base-url> <dist-dir>
import { chromium, devices } from '@playwright/test';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const base = process.argv[2] ?? 'http://127.0.0.1:8093';
const dist = process.argv[3] ?? '../dist';
const BUDGET = 200 * 1024;
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const phone = () => browser.newContext({
  ...devices['Pixel 5'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', serviceWorkers: 'block',
});

/** Opens `url` in a new tab of `context`; returns the app files it requested until `ready` resolves. */
async function filesFor(context, url, ready) {
  const page = await context.newPage();
  const files = new Set();
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.startsWith('/api/') && /\.(wasm|js|css)$/.test(path)) files.add(path.slice(1));
  });
  await page.goto(url);
  files.add('index.html');
  await ready(page);
  await page.close();
  return [...files].sort();
}

function report(title, files, budget = true) {
  console.log(`-- ${title}`);
  let total = 0;
  for (const f of files) {
    const br = statSync(join(dist, f + '.br')).size;
    total += br;
    console.log(`   ${f.padEnd(56)} ${String(br).padStart(8)}`);
  }
  const verdict = !budget ? '' : total <= BUDGET ? '  (within the 200 KB budget)' : `  (OVER the 200 KB budget by ${total - BUDGET} B)`;
  console.log(`   ${'total brotli'.padEnd(56)} ${String(total).padStart(8)}${verdict}`);
  return total;
}

const start = await filesFor(await phone(), base + '/', (p) => p.getByRole('button', { name: 'Tạo Ngày hội' }).waitFor());
report('1. start address (/) on a fresh phone, until the event list is up', start);

const joinLink = await filesFor(await phone(), base + '/tham-gia?ma=7K3M-Q9XH-2D4P', (p) => p.getByRole('button', { name: 'Tham gia' }).waitFor());
report("2. a join link on a fresh phone, until the join form is up", joinLink);

// An event to open: created on this phone (its files are not counted).
const context = await phone();
const setup = await context.newPage();
await setup.goto(base + '/');
await setup.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('Ủy ban nhân dân xã Tân Lập');
await setup.getByRole('button', { name: 'Tạo Ngày hội' }).click();
await setup.waitForURL(/chuong-trinh$/);
const eventUrl = setup.url().replace(/\/chuong-trinh$/, '');
await setup.close();

const overview = await filesFor(context, eventUrl, (p) => p.getByRole('heading', { name: 'Thông tin Ngày hội' }).waitFor());
report('3. an event opened from the list (its overview), until it is up', overview);
report('   of which loaded for the event (beyond the start address)', overview.filter((f) => !start.includes(f)), false);

const run = await filesFor(context, eventUrl + '/dieu-hanh', (p) =>
  p.waitForFunction(() => document.querySelectorAll('.run-list input[type=checkbox]').length === 11));
report('4. run mode by its address, until the 11 steps are up', run);
report('   of which loaded for the event (beyond the start address)', run.filter((f) => !start.includes(f)), false);

await browser.close();
