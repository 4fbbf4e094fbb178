import { test, expect } from './fixtures';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, freePort, waitForServiceWorker } from './helpers';

// This journey publishes a new version, so it runs its own server on a copy
// of dist/, on a free port.
let PORT = 0;
let server: ChildProcess;
let dist: string;

test.beforeAll(async () => {
  PORT = await freePort();
  dist = mkdtempSync(join(tmpdir(), 'ngayhoi-dist-'));
  cpSync(join(__dirname, '..', '..', 'dist'), dist, { recursive: true });
  server = spawn(join(__dirname, '..', '..', 'target', 'server', 'server'), ['--addr', `127.0.0.1:${PORT}`, '--dist', dist, '--db', join(dist, 'test.sqlite')], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if (server.exitCode !== null) break;
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
});

test.afterAll(() => {
  server?.kill();
  rmSync(dist, { recursive: true, force: true });
});

test('a new version is announced, waits during run mode, and applies when chosen', async ({ page }) => {
  const base = `http://127.0.0.1:${PORT}`;
  await page.goto(base + '/');
  const event = await (async () => {
    await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('Xã Tân Lập');
    await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
    await expect(page).toHaveURL(/chuong-trinh$/);
    return new URL(page.url()).pathname.replace(/\/chuong-trinh$/, '');
  })();
  await waitForServiceWorker(page);
  const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  expect(firstWorker).toContain('/sw.js');

  // Publish a new version: a new service worker with a new cache version.
  const swPath = join(dist, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const oldVersion = /const VERSION = "([0-9a-f]+)"/.exec(sw)![1];
  writeFileSync(swPath, sw.replace(`const VERSION = "${oldVersion}"`, 'const VERSION = "0000000000000002"'));

  // In run mode the new version is found but not offered.
  await page.getByRole('link', { name: 'Điều hành' }).click();
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await expect
    .poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting).catch(() => null))
    .toBe(true);
  await page.getByRole('checkbox', { name: /Lễ chào cờ/ }).click();
  await expect(page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
  await expect(page.getByText('Có phiên bản mới.')).toHaveCount(0);

  // Leaving run mode, the officer is told and chooses when.
  await page.getByRole('link', { name: 'Tổng quan' }).click();
  await expect(page.getByText('Có phiên bản mới.')).toBeVisible();
  expect(await page.evaluate(() => caches.keys())).toContain(`ngayhoi-${oldVersion}`);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Cập nhật' }).click();
  await reloaded;

  // The page reloads under the new worker; asking mid-reload may fail, so ask again.
  await expect
    .poll(() => page.evaluate(() => caches.keys()).catch(() => null))
    .toEqual(['ngayhoi-0000000000000002']);
  await expect(page.getByText('Có phiên bản mới.')).toHaveCount(0);
  // Nothing was lost across the update.
  await page.goto(`${base}${event}/dieu-hanh`);
  await expect(page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
});
