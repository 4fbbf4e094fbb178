// What run mode's start compiles: V8 compiles each wasm function the first
// time it runs, on the main thread (code it cached from earlier starts
// aside), so the code that runs on the way to the first screen costs its
// compile on every start. Counts the functions compiled and their bytes from
// navigation to the 11 steps drawn, warm from the service worker, for the
// app and the framework's floor (V8's --trace-wasm-compilation-times).
// Usage: node bench/compiled.mjs <app-url> <floor-url>
import { chromium, devices } from '@playwright/test';

const [appBase, floorBase] = process.argv.slice(2);
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--js-flags=--trace-wasm-compilation-times'];
const server = await chromium.launchServer({ executablePath: '/usr/bin/chromium', args });
// V8 prints one line per function compiled to the browser's stdout.
let log = '';
server.process().stdout.on('data', (d) => { log += d; });
const browser = await chromium.connect(server.wsEndpoint());
const drawn = () => document.querySelectorAll('.run-list input[type=checkbox]').length === 11;

async function runUrl(base, isFloor) {
  const context = await browser.newContext({ ...devices['Pixel 5'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  let url = `${base}/dieu-hanh`;
  if (!isFloor) {
    await page.goto(base + '/');
    await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('Ủy ban nhân dân xã Tân Lập');
    await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
    await page.waitForURL(/chuong-trinh$/);
    url = page.url().replace(/chuong-trinh$/, 'dieu-hanh');
  } else {
    await page.goto(url);
    await page.waitForFunction(drawn);
  }
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.close();
  // Warm: the worker serves every file and V8 has cached what it optimised.
  for (let i = 0; i < 3; i++) {
    const warm = await context.newPage();
    await warm.goto(url);
    await warm.waitForFunction(drawn);
    await warm.waitForTimeout(2500);
    await warm.close();
  }
  return { context, url };
}

async function measure({ context, url }) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await new Promise((r) => setTimeout(r, 300));
  const from = log.length;
  await tab.goto(url, { waitUntil: 'commit' });
  await tab.waitForFunction(drawn, null, { polling: 'raf' });
  await new Promise((r) => setTimeout(r, 100));
  const lines = log.slice(from).split('\n');
  await tab.close();
  const re = /Compiled function \S+#\d+ using (\w+), took \d+ .s and \d+ bytes; bodysize (\d+)/;
  const out = { functions: 0, bytes: 0, optimised: 0 };
  for (const line of lines) {
    const m = re.exec(line);
    if (!m) continue;
    if (m[1] === 'Liftoff') { out.functions += 1; out.bytes += Number(m[2]); } else out.optimised += 1;
  }
  return out;
}

const app = await measure(await runUrl(appBase, false));
const floor = await measure(await runUrl(floorBase, true));
await browser.close();
await server.close();
const line = (name, r) => console.log(`${name}: ${r.functions} wasm functions compiled before the first paint, ${(r.bytes / 1024).toFixed(1)} KB of function bodies (${r.optimised} optimised meanwhile)`);
line('app run mode', app);
line('floor', floor);
console.log(`ratio: ${(app.functions / floor.functions).toFixed(2)}x the functions, ${(app.bytes / floor.bytes).toFixed(2)}x the bytes`);
