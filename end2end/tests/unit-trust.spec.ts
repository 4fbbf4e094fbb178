import { test, expect } from './fixtures';
import { enrol, importUnitsText, issueCode, newPhone, operatorCode } from './helpers';

// A province of its own: no other journey signs phones in to it.
const UNITS = '88,Tỉnh Thử Nghiệm,tinh,\n88001,Xã Thử Một,xa,88\n';

test('the province gives a commune its first phone only, says why it refuses another, and both read the audit list', async ({
  browser,
  page,
  baseURL,
}) => {
  importUnitsText(UNITS);
  // The operator's one-time code signs the province's first phone in.
  await enrol(page, operatorCode('88'), 'Tỉnh Thử Nghiệm');
  // "Thêm đơn vị trực thuộc" offers only the levels below a province.
  const levels = await page
    .locator('form', { hasText: 'Thêm đơn vị trực thuộc' })
    .getByLabel('Cấp')
    .locator('option')
    .allTextContents();
  expect(levels).not.toContain('Tỉnh, thành phố');
  expect(levels[0]).toBe('Huyện, quận, thị xã');

  const c = await newPhone(browser, baseURL!);
  await enrol(c.page, await issueCode(page, 'Xã Thử Một'), 'Xã Thử Một');

  // A second code for the commune, which now has a phone: refused, and
  // the reason is in the commune's row, where the officer tapped.
  const row = page.locator('.unit-below').filter({ hasText: 'Xã Thử Một' });
  await row.getByRole('button', { name: 'Cấp mã đăng nhập' }).click();
  await expect(row.getByRole('status')).toContainText('Đơn vị này đang có máy đăng nhập');
  await expect(row.locator('.join-code')).toHaveCount(0);

  // The parent reads the commune's audit list: its code, the phone that used it.
  await row.getByRole('button', { name: 'Xem nhật ký đơn vị' }).click();
  const parentView = row.locator('.audit-list li');
  await expect(parentView).toHaveCount(2);
  await expect(parentView.nth(0)).toContainText('Máy đăng nhập');
  await expect(parentView.nth(1)).toContainText('Cấp mã đăng nhập');
  await expect(parentView.nth(1)).toContainText('Tỉnh Thử Nghiệm');

  // The commune adds a colleague with a code of its own; its list says so.
  await c.page.getByRole('button', { name: 'Cấp mã cho máy đồng nghiệp' }).click();
  await expect(c.page.locator('.join-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await c.page.reload();
  const own = c.page.locator('.audit-list li');
  await expect(own).toHaveCount(3);
  await expect(own.nth(0)).toContainText('Cấp mã đăng nhập');
  await expect(own.nth(0)).toContainText('Xã Thử Một');
  await c.context.close();
});
