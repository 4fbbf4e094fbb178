import { test, expect, type Page } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { createEvent, joinEvent, newPhone, shareEvent, waitForServiceWorker } from './helpers';

async function logGuns(page: Page, guns: string): Promise<void> {
  const form = page.locator('form', { hasText: 'Ghi nhận' });
  await form.getByLabel('Loại').selectOption({ label: 'Súng' });
  await form.getByLabel('Số lượng (khẩu)').fill(guns);
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
}

test('two phones checking in the same person count them once, and their hand-ins add up', async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  const event = await createEvent(page);
  await page.goto(`${event}/khach-moi`);
  await page.getByText('Nhập danh sách từ tệp CSV hoặc dán').click();
  await page.getByLabel('Hoặc dán danh sách').fill('Nguyễn Văn An\tChủ tịch UBND xã\t2\nTrần Thị Bình\tHội Phụ nữ\tuy tín');
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await page.getByRole('button', { name: 'Nhập 2 người' }).click();
  await expect(page.getByText('Đã đến 0/2 khách mời')).toBeVisible();

  const code = await shareEvent(page, event, REGISTRATION_KEY);
  const b = await newPhone(browser, baseURL!);
  await joinEvent(b.page, code);
  await b.page.goto(`${event}/khach-moi`);
  await expect(b.page.getByText('Đã đến 0/2 khách mời')).toBeVisible({ timeout: 30_000 });

  // Both phones offline at the two doors; both tick Nguyễn Văn An. Pages
  // opened offline come from the service worker: it must be in control.
  await page.goto(`${event}/khach-moi`);
  await waitForServiceWorker(page);
  await waitForServiceWorker(b.page);
  await page.context().setOffline(true);
  await b.context.setOffline(true);
  for (const p of [page, b.page]) {
    await p.getByRole('searchbox', { name: 'Tìm khách mời theo tên' }).fill('nguyen an');
    await p.getByRole('checkbox', { name: 'Nguyễn Văn An' }).check();
    await expect(p.getByText('Đã đến 1/2 khách mời')).toBeVisible();
  }
  // Each logs hand-ins at its outreach table.
  await page.goto(`${event}/dan-van`);
  await logGuns(page, '2');
  await expect(page.locator('table.figures').getByRole('row', { name: /Súng/ })).toContainText('2 khẩu');
  await b.page.goto(`${event}/dan-van`);
  await logGuns(b.page, '3');
  await expect(b.page.locator('table.figures').getByRole('row', { name: /Súng/ })).toContainText('3 khẩu');

  // Back online: both agree.
  await page.context().setOffline(false);
  await b.context.setOffline(false);
  await expect(b.page.locator('table.figures').getByRole('row', { name: /Súng/ })).toContainText('5 khẩu', { timeout: 30_000 });
  await expect(page.locator('table.figures').getByRole('row', { name: /Súng/ })).toContainText('5 khẩu', { timeout: 30_000 });
  for (const p of [page, b.page]) {
    await p.goto(`${event}/tong-ket`);
    const attendance = p.locator('.card', { hasText: 'Tham dự' });
    await expect(attendance.getByRole('row', { name: /Khách mời đã đến/ })).toContainText('1/2');
  }
  await b.context.close();
});
