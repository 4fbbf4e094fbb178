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

test('a shared event opened with changes waiting never says first that all was sent', async ({ page }) => {
  const event = await createEvent(page);
  await shareEvent(page, event, REGISTRATION_KEY);
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await tickFlagSalute(page, event);
  // Every text the line above the screen takes, from the first paint on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { badgeTexts: string[] }).badgeTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.sync-badge')?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${event}/dieu-hanh`);
  await expect(page.locator('.sync-badge')).toContainText('1 thay đổi chờ gửi');
  const texts = await page.evaluate(() => (window as unknown as { badgeTexts: string[] }).badgeTexts);
  expect(texts.filter((t) => t.includes('Đã gửi hết'))).toEqual([]);
});
