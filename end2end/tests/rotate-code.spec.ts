import { test, expect } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { createEvent, joinEvent, newPhone, shareEvent } from './helpers';

test('the creating phone changes the code and locks out the phones that joined; they rejoin with the new code', async ({ browser, page, baseURL }) => {
  test.setTimeout(90_000);
  const event = await createEvent(page);
  const oldCode = await shareEvent(page, event, REGISTRATION_KEY);
  const b = await newPhone(browser, baseURL!);
  await joinEvent(b.page, oldCode);
  // Only the creating phone is offered the change.
  await expect(b.page.getByRole('button', { name: 'Đổi mã tham gia' })).toHaveCount(0);

  await page.getByLabel(/Khóa luôn các máy đã tham gia/).check();
  await page.getByRole('button', { name: 'Đổi mã tham gia' }).click();
  await expect(page.locator('.join-code')).not.toHaveText(oldCode);
  const newCode = (await page.locator('.join-code').textContent())!;
  await expect(page.getByRole('img', { name: `Mã QR để tham gia, mã ${newCode}` })).toBeVisible();

  // The locked-out phone is told, and keeps what it has.
  await b.page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(b.page.locator('.sync-error')).toContainText('không còn quyền đồng bộ');
  await expect(b.page.getByText('Ủy ban nhân dân xã Tân Lập')).toBeVisible();

  // The old code no longer opens the event; the new one does.
  const c = await newPhone(browser, baseURL!);
  await c.page.goto('/tham-gia');
  await c.page.getByLabel('Mã tham gia').fill(oldCode);
  await c.page.getByRole('button', { name: 'Tham gia' }).click();
  await expect(c.page.getByRole('alert')).toContainText('Mã tham gia không đúng');
  await c.context.close();

  expect(await joinEvent(b.page, newCode)).toBe(event);
  await expect(b.page.locator('.sync-badge')).toContainText('đồng bộ lúc');
  // The code typed again, however written, on a phone already in the event opens it.
  expect(await joinEvent(b.page, newCode.toLowerCase().replace(/-/g, ' '))).toBe(event);
  await expect(b.page.getByRole('alert')).toHaveCount(0);
  await b.context.close();
});
