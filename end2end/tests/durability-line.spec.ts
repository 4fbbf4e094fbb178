import { test, expect } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { count, createEvent, shareEvent, tickFlagSalute, waitForServiceWorker } from './helpers';

test('an event never shared says it is only on this phone, and an export says where the file went', async ({ page }) => {
  const event = await createEvent(page);
  await tickFlagSalute(page, event);
  await page.goto(event);
  await expect(page.locator('.sync-status')).toHaveText('Chỉ lưu trên máy này: Ngày hội chưa được chia sẻ qua máy chủ.');
  await expect(page.getByText(/đang chờ gửi/)).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất tệp dữ liệu' }).click();
  const file = await download;
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu tệp' })).toContainText(`«${file.suggestedFilename()}» vào mục Tải xuống`);
});

test('the waiting count counts what the officer did, not the records it touched', async ({ page }) => {
  const event = await createEvent(page);
  await shareEvent(page, event, REGISTRATION_KEY);
  // Offline pages load from the service worker: it must be in control first.
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await page.goto(`${event}/dem-nguoi`);
  await count(page, 3);
  await expect(page.getByRole('status')).toContainText('3 người');
  // The line above the screen counts them too, without leaving the screen.
  await expect(page.locator('.sync-badge')).toContainText('3 thay đổi chờ gửi');
  await tickFlagSalute(page, event);
  await page.goto(event);
  await expect(page.locator('.sync-status')).toContainText('4 thay đổi đang chờ gửi');
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(page.locator('.sync-status')).toContainText('Không có thay đổi nào đang chờ gửi.');
});
