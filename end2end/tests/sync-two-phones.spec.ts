import { test, expect } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { count, createEvent, tickFlagSalute, joinEvent, newPhone, shareEvent } from './helpers';

test('two phones converge through the server with no button pressed', async ({ browser, page, baseURL }) => {
  test.setTimeout(90_000);
  // Phone A creates and shares the event; phone B joins with the code.
  const event = await createEvent(page);
  const code = await shareEvent(page, event, REGISTRATION_KEY);
  const b = await newPhone(browser, baseURL!);
  const joined = await joinEvent(b.page, code);
  expect(joined).toBe(event);
  await expect(b.page.getByText('Ủy ban nhân dân xã Tân Lập')).toBeVisible();

  // A ticks step 2 and counts 30 at its gate.
  await tickFlagSalute(page, event);
  await page.goto(`${event}/dem-nguoi`);
  await count(page, 30);
  await expect(page.getByRole('status')).toContainText('30 người');

  // B, offline, counts 20 at the other gate.
  await b.page.goto(`${event}/dem-nguoi`);
  await b.context.setOffline(true);
  await count(b.page, 20);
  await expect(b.page.getByRole('status')).toContainText('20 người');

  // B comes back online: both end with 50 and the flag salute ticked.
  await b.context.setOffline(false);
  await expect(b.page.getByRole('status')).toContainText('50 người', { timeout: 30_000 });
  await expect(page.getByRole('status')).toContainText('50 người', { timeout: 30_000 });
  await b.page.goto(`${event}/dieu-hanh`);
  await expect(b.page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
  await b.context.close();
});
