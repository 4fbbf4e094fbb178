import { test, expect } from '@playwright/test';
import { createEvent } from './helpers';

test('a full phone gets a Vietnamese message and nothing changes', async ({ page, context }) => {
  const event = await createEvent(page);
  await page.getByRole('link', { name: 'Đếm người' }).click();
  await page.getByRole('button', { name: 'Thêm 5 người' }).click();
  await expect(page.getByRole('status')).toContainText('5 người');

  // Shrink this origin's quota to nothing, as on a phone with a full disk.
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });

  await page.getByRole('button', { name: 'Thêm 1 người' }).click();
  await expect(page.getByRole('alert')).toContainText('Bộ nhớ điện thoại đã đầy');
  await expect(page.getByRole('status')).toContainText('5 người');

  // Space freed: the officer carries on, and nothing was half-written.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByRole('button', { name: 'Đã hiểu' }).click();
  await page.reload();
  await expect(page.getByRole('status')).toContainText('5 người');
  await page.getByRole('button', { name: 'Thêm 1 người' }).click();
  await expect(page.getByRole('status')).toContainText('6 người');
  expect(new URL(page.url()).pathname).toBe(`${event}/dem-nguoi`);
});
