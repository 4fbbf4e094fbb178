// What a phone downloads, as the browser asks for it: every app file
// requested from navigation until the screen is up, on a fresh phone (no
// service worker yet, so nothing comes from its cache), sized as the server
// sends it (the build's brotli files). Two journeys:
//   1. opening the app at its start address, until the event list is up;
//   2. opening run mode by its address (an event already on the phone),
//      until the 11 steps are up.
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
const context = await browser.newContext({
  ...devices['Pixel 5'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', serviceWorkers: 'block',
});

/** Opens `url` in a fresh tab; returns the app files it requested until `ready` resolves. */
async function filesFor(url, ready) {
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

function report(title, files) {
  console.log(`-- ${title}`);
  let total = 0;
  for (const f of files) {
    const br = statSync(join(dist, f + '.br')).size;
    total += br;
    console.log(`   ${f.padEnd(56)} ${String(br).padStart(8)}`);
  }
  const verdict = total <= BUDGET ? 'within the 200 KB budget' : `OVER the 200 KB budget by ${total - BUDGET} B`;
  console.log(`   ${'total brotli'.padEnd(56)} ${String(total).padStart(8)}  (${verdict})`);
  return total;
}

const start = await filesFor(base + '/', (p) => p.getByRole('button', { name: 'Tạo Ngày hội' }).waitFor());
report('1. start address (/), until the event list is up', start);

// An event to open: created on this phone (its files are not counted).
const setup = await context.newPage();
await setup.goto(base + '/');
await setup.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('Ủy ban nhân dân xã Tân Lập');
await setup.getByRole('button', { name: 'Tạo Ngày hội' }).click();
await setup.waitForURL(/chuong-trinh$/);
const runUrl = setup.url().replace(/chuong-trinh$/, 'dieu-hanh');
await setup.close();

const run = await filesFor(runUrl, (p) =>
  p.waitForFunction(() => document.querySelectorAll('.run-list input[type=checkbox]').length === 11));
report('2. run mode by its address, until the 11 steps are up', run);
const added = run.filter((f) => !start.includes(f));
report('   of which loaded for the event (beyond the start address)', added);

await browser.close();
