import { test, expect, devices } from './fixtures';
import { createEvent, waitForServiceWorker } from './helpers';

test('with no connection the app still opens and shows what was saved', async ({ page, context }) => {
  const event = await createEvent(page);
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: 'Điều hành' }).click();
  await page.getByRole('checkbox', { name: /Lễ chào cờ/ }).click();
  await expect(page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toHaveAccessibleName(/Thực hiện lúc \d\d:\d\d/);

  // Any app route opens offline, and work continues.
  await page.goto(`${event}/dem-nguoi`);
  await page.getByRole('button', { name: 'Thêm 5 người' }).click();
  await expect(page.getByRole('status')).toContainText('5 người');
  // A screen never opened online comes from the precache too (its module).
  await page.goto(`${event}/khach-moi`);
  await expect(page.getByRole('searchbox', { name: /Tìm khách mời/ })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('link', { name: /Ủy ban nhân dân xã Tân Lập/ })).toBeVisible();
});

test('a part of the app that cannot be fetched gives a message, and opens once it can', async ({ browser, baseURL }) => {
  // No service worker: every module comes from the network, which fails for
  // the event module until the connection "comes back".
  const context = await browser.newContext({
    ...devices['Pixel 5'],
    baseURL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  let blocked = true;
  await context.route(/split_event\.wasm$/, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/');
  await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('Ủy ban nhân dân xã Tân Lập');
  await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
  await expect(page.getByRole('alert')).toContainText('Chưa tải được phần này của ứng dụng');
  // Nothing was created, and the app still works.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Chưa có Ngày hội nào.')).toBeVisible();

  blocked = false;
  await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
  await expect(page).toHaveURL(/\/su-kien\/[0-9a-f-]{36}\/chuong-trinh$/);
  await expect(page.getByRole('textbox', { name: 'Tên bước 1', exact: true })).toHaveValue('Văn nghệ chào mừng');
  await context.close();
});
