import { test, expect, type Page, type Response } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { createEvent, joinEvent, newPhone, shareEvent, tickFlagSalute } from './helpers';

/** Resolves when a sync answer brings `page` at least one record from elsewhere. */
function syncBringingRecords(page: Page): Promise<Response> {
  return page.waitForResponse(async (r) => {
    if (!r.url().includes('/sync') || r.status() !== 200) return false;
    return ((await r.json()).bundle.records as unknown[]).length > 0;
  }, { timeout: 40_000 });
}

test('what the officer is typing stays while another phone\'s change lands, and is saved on leaving the field', async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  const event = await createEvent(page);
  const code = await shareEvent(page, event, REGISTRATION_KEY);
  const b = await newPhone(browser, baseURL!);
  await joinEvent(b.page, code);

  // Program editor: A types a performer; B's tick lands meanwhile.
  await page.goto(`${event}/chuong-trinh`);
  const performer = page.locator('li.step-edit').nth(4).getByLabel('Người thực hiện');
  await performer.click();
  await performer.pressSequentially('Đồng chí Nguyễn Văn');
  const landed = syncBringingRecords(page);
  await tickFlagSalute(b.page, event);
  await landed;
  await expect(performer).toHaveValue('Đồng chí Nguyễn Văn');
  await expect(performer).toBeFocused();
  await performer.press('Tab');

  // Overview: A types the place; B renames the host meanwhile.
  await page.goto(event);
  const place = page.getByLabel('Địa điểm');
  await place.click();
  await place.fill('Nhà văn hóa thôn Đông');
  await b.page.goto(event);
  const landedAgain = syncBringingRecords(page);
  await b.page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('UBND xã Tân Lập mới');
  await b.page.getByLabel('Tên cơ quan, đơn vị tổ chức').press('Tab');
  await landedAgain;
  await expect(place).toHaveValue('Nhà văn hóa thôn Đông');
  // Fields the officer is not in follow the other phone.
  await expect(page.getByLabel('Tên cơ quan, đơn vị tổ chức')).toHaveValue('UBND xã Tân Lập mới');
  await place.press('Tab');

  // Both saved, and both reach the other phone.
  await page.reload();
  await expect(page.getByLabel('Địa điểm')).toHaveValue('Nhà văn hóa thôn Đông');
  await page.goto(`${event}/chuong-trinh`);
  await expect(page.locator('li.step-edit').nth(4).getByLabel('Người thực hiện')).toHaveValue('Đồng chí Nguyễn Văn');
  await b.page.goto(event);
  await expect(b.page.getByLabel('Địa điểm')).toHaveValue('Nhà văn hóa thôn Đông', { timeout: 30_000 });
  await b.context.close();
});
