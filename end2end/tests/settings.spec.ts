import { test, expect } from './fixtures';

test('the officer\'s name and theme are kept on this phone', async ({ page }) => {
  await page.goto('/cai-dat');
  await page.getByLabel('Tên của bạn (hiện cho cán bộ khác)').fill('Trung úy Lê Văn Bình');
  await page.getByLabel('Tên của bạn (hiện cho cán bộ khác)').blur();
  await page.getByLabel('Ngoài nắng (tương phản cao nhất)').check();
  await expect(page.getByText('Đã lưu.')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'sun');

  await page.reload();
  await expect(page.getByLabel('Tên của bạn (hiện cho cán bộ khác)')).toHaveValue('Trung úy Lê Văn Bình');
  await expect(page.getByLabel('Ngoài nắng (tương phản cao nhất)')).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'sun');
  // Preferences only: no event data goes to LocalStorage.
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys).toEqual(['ngayhoi.prefs']);
});
