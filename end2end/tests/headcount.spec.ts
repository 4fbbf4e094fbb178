import { test, expect } from './fixtures';
import { createEvent } from './helpers';

test('seven counted at the gate are still there after closing the page at once', async ({ page, context }) => {
  const event = await createEvent(page);
  await page.getByRole('link', { name: 'Đếm người' }).click();
  await expect(page.getByRole('status')).toContainText('0 người');
  await expect(page.getByRole('button', { name: 'Bớt 1 người (đếm nhầm)' })).toBeDisabled();

  // Quick taps, no waiting between them: each must count.
  await page.getByRole('button', { name: 'Thêm 5 người' }).click();
  await page.getByRole('button', { name: 'Thêm 1 người' }).click();
  await page.getByRole('button', { name: 'Thêm 1 người' }).click();
  await page.getByRole('button', { name: 'Thêm 1 người' }).click();
  await page.getByRole('button', { name: 'Bớt 1 người (đếm nhầm)' }).click();
  // The total shows only once the last tap is saved; close right then.
  await expect(page.getByRole('status')).toContainText('7 người');
  await page.close();

  const reopened = await context.newPage();
  await reopened.goto(`${event}/dem-nguoi`);
  await expect(reopened.getByRole('status')).toContainText('7 người');
  await expect(reopened.getByText('Máy này đã đếm 7 người')).toBeVisible();
});
