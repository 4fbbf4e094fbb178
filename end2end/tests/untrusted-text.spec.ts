import { test, expect } from './fixtures';
import { createEvent } from './helpers';

test('a unit name containing <script> shows as text', async ({ page }) => {
  const name = 'Xã <script>window.__pwned = 1</script><b>Tân Lập</b>';
  await createEvent(page, name);
  await page.getByRole('link', { name: 'Tổng quan' }).click();
  await expect(page.getByText(name, { exact: true }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Ngày hội ANTQ' }).click();
  await expect(page.getByRole('link', { name: /Xã <script>/ })).toContainText(name);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('main b')).toHaveCount(0);
});
