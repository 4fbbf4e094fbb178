import { test, expect } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { createEvent, joinEvent, newPhone, shareEvent, tickFlagSalute } from './helpers';

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

test('a phone whose date is a month ahead keeps its changes, is told, and sends them once the date is right', async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  const event = await createEvent(page);
  const code = await shareEvent(page, event, REGISTRATION_KEY);

  // The phone's date is set a month ahead; the officer ticks a step.
  await page.clock.setFixedTime(Date.now() + MONTH_MS);
  await tickFlagSalute(page, event);
  await page.goto(event);
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(page.locator('.sync-error')).toContainText('Đồng hồ điện thoại đang chạy nhanh hơn giờ chuẩn');
  await expect(page.locator('.sync-status')).toContainText('1 thay đổi đang chờ gửi');

  // Nothing of it reached the server: a phone joining now sees no tick.
  const b = await newPhone(browser, baseURL!);
  await joinEvent(b.page, code);
  await b.page.goto(`${event}/dieu-hanh`);
  await expect(b.page.getByRole('checkbox', { name: /Lễ chào cờ/ })).not.toBeChecked();

  // The date is corrected: the waiting change goes out, restamped.
  await page.clock.setFixedTime(Date.now());
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(page.locator('.sync-status')).toContainText('Không có thay đổi nào đang chờ gửi.');
  await expect(page.locator('.sync-error')).toHaveCount(0);
  await b.page.getByRole('button', { name: /Đồng bộ|đồng bộ/ }).first().isVisible();
  await b.page.reload();
  await expect(b.page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked({ timeout: 30_000 });

  // And it is not stuck in the future: B unticks, and A sees B's later change win.
  await b.page.getByRole('checkbox', { name: /Lễ chào cờ/ }).click();
  await expect(b.page.getByRole('checkbox', { name: /Lễ chào cờ/ })).not.toBeChecked();
  await page.clock.setFixedTime(Date.now());
  await page.goto(`${event}/dieu-hanh`);
  await expect(page.getByRole('checkbox', { name: /Lễ chào cờ/ })).not.toBeChecked({ timeout: 30_000 });
  await b.context.close();
});

test('a file carrying changes stamped in the far future is refused and changes nothing', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(event);
  const id = event.split('/').pop()!;
  // A bundle stamped in year 2199: the checksum is right, the stamps are not.
  const file = await page.evaluate(async (eventId) => {
    const device = '00000000-0000-0000-0000-0000000000ff';
    const stamp = [7_258_000_000_000, 4294967295, device];
    const records = [
      { headcount: { device, increments: 999, corrections: 0 } },
      { banner: { id: eventId, lines: [['TƯƠNG LAI'], stamp], width_cm: [0, stamp], height_cm: [0, stamp], removed: null } },
    ];
    const canonical = JSON.stringify(records);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical)));
    const checksum = 'sha256:' + Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    return JSON.stringify({ format: 'ngayhoi-bundle', version: 1, event: eventId, device, records, checksum });
  }, id);
  await page.getByLabel('Nhập từ tệp…').setInputFiles({ name: 'tuong-lai.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByRole('alert')).toContainText('Hãy kiểm tra ngày giờ của điện thoại này');
  await expect(page.getByRole('dialog', { name: 'Xem trước khi nhập tệp' })).toHaveCount(0);
  await page.goto(`${event}/dem-nguoi`);
  await expect(page.getByRole('status')).toContainText('0 người');
});
