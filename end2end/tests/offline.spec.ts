import { test, expect } from '@playwright/test';
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
  await page.goto('/');
  await expect(page.getByRole('link', { name: /Ủy ban nhân dân xã Tân Lập/ })).toBeVisible();
});
