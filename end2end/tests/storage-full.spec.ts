import { test, expect, chromium, devices, type Page } from './fixtures';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config';

// A phone whose storage is really full: the browser profile lives on a small
// tmpfs, which another database then fills to the last byte. (Chromium's
// quota override does not reach IndexedDB writes, so the disk itself must fill.)
const MB = 1024 * 1024;

/** Writes random (incompressible) data into a scratch database until the disk refuses. */
async function fillDisk(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('disk-filler');
      open.onupgradeneeded = () => open.result.createObjectStore('x');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    // Large pieces first, then ever smaller ones, until not even a few bytes fit.
    let key = 0;
    let last = 'never full';
    for (const size of [512 * 1024, 64 * 1024, 4096, 256, 16]) {
      for (let n = 0; n < 10_000; n++) {
        last = await new Promise<string>((resolve) => {
          const tx = db.transaction('x', 'readwrite');
          const bytes = new Uint8Array(size);
          for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
          tx.objectStore('x').put(bytes, key++);
          tx.oncomplete = () => resolve('ok');
          tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
        });
        if (last !== 'ok') break;
      }
    }
    db.close();
    return last;
  });
}

test('a full phone gets a Vietnamese message and nothing changes', async ({ baseURL }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ngayhoi-fullphone-'));
  execSync(`mount -t tmpfs -o size=${48 * MB} tmpfs ${dir}`);
  const context = await chromium.launchPersistentContext(dir, {
    ...devices['Pixel 5'],
    baseURL,
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    serviceWorkers: 'block',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('Ủy ban nhân dân xã Tân Lập');
    await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
    await expect(page).toHaveURL(/chuong-trinh$/);
    await page.getByRole('link', { name: 'Đếm người' }).click();
    await page.getByRole('button', { name: 'Thêm 5 người' }).click();
    await expect(page.getByRole('status')).toContainText('5 người');

    expect(await fillDisk(page)).toBe('QuotaExceededError');

    await page.getByRole('button', { name: 'Thêm 1 người' }).click();
    await expect(page.getByRole('alert')).toContainText('Bộ nhớ điện thoại đã đầy');
    await expect(page.getByRole('status')).toContainText('5 người');

    // Space freed: the officer carries on, and nothing was half-written.
    await page.evaluate(() => new Promise((resolve) => { indexedDB.deleteDatabase('disk-filler').onsuccess = resolve; }));
    await page.getByRole('button', { name: 'Đã hiểu' }).click();
    await page.reload();
    await expect(page.getByRole('status')).toContainText('5 người');
    await page.getByRole('button', { name: 'Thêm 1 người' }).click();
    await expect(page.getByRole('status')).toContainText('6 người');
  } finally {
    await context.close();
    execSync(`umount ${dir}`);
    rmSync(dir, { recursive: true, force: true });
  }
});
