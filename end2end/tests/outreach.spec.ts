import { test, expect } from './fixtures';
import { createEvent } from './helpers';

test('hand-ins and services are logged with their units and totalled per kind', async ({ page }) => {
  const event = await createEvent(page);
  await page.getByRole('link', { name: 'Dân vận' }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả dân vận' })).toBeVisible();
  const form = page.locator('form', { hasText: 'Ghi nhận' });
  const totals = page.locator('table.figures');

  await form.getByLabel('Loại').selectOption({ label: 'Súng' });
  await form.getByLabel('Số lượng (khẩu)').fill('2');
  await form.getByLabel('Ghi chú (người giao nộp, chi tiết)').fill('Ông Lò Văn Pá, thôn Đông');
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(totals.getByRole('row', { name: /Súng/ })).toContainText('2 khẩu');
  await expect(form.getByLabel('Số lượng (khẩu)')).toHaveValue('');

  await form.getByLabel('Loại').selectOption({ label: 'Súng' });
  await form.getByLabel('Số lượng (khẩu)').fill('1');
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(totals.getByRole('row', { name: /Súng/ })).toContainText('3 khẩu');

  // Explosives are weighed in kg, with a decimal comma.
  await form.getByLabel('Loại').selectOption({ label: 'Vật liệu nổ' });
  await form.getByLabel('Số lượng (kg)').fill('1,5');
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(totals.getByRole('row', { name: /Vật liệu nổ/ })).toContainText('1,5 kg');

  // A typo is refused with a message, and nothing is logged.
  await form.getByLabel('Loại').selectOption({ label: 'Đạn' });
  await form.getByLabel('Số lượng (viên)').fill('1,5');
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(page.getByRole('alert')).toContainText('Số “1,5” không hợp lệ.');
  await expect(totals.getByRole('row', { name: /Đạn/ })).toHaveCount(0);
  // What was typed is still there to correct.
  await expect(form.getByLabel('Số lượng (viên)')).toHaveValue('1,5');
  // More guns than any hand-in: refused with the most one entry may count.
  await form.getByLabel('Loại').selectOption({ label: 'Súng' });
  await form.getByLabel('Số lượng (khẩu)').fill('5000');
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(page.getByRole('alert')).toContainText('tối đa 1.000 khẩu');
  await expect(totals.getByRole('row', { name: /Súng/ })).toContainText('3 khẩu');
  await expect(form.getByLabel('Số lượng (khẩu)')).toHaveValue('5000');

  // Gifts carry a value in đồng.
  await form.getByLabel('Loại').selectOption({ label: 'Tặng quà' });
  await form.getByLabel('Số lượng (suất)').fill('10');
  await form.getByLabel('Trị giá (đồng)').fill('5.000.000');
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(totals.getByRole('row', { name: /Tặng quà/ })).toContainText('10 suất · 5.000.000 đ');

  // People served, one tap each.
  await page.getByRole('button', { name: '+1 Thủ tục cấp Căn cước' }).click();
  await page.getByRole('button', { name: '+1 Thủ tục cấp Căn cước' }).click();
  await page.getByRole('button', { name: '+1 Khám bệnh, cấp thuốc miễn phí' }).click();
  await expect(totals.getByRole('row', { name: /Căn cước/ })).toContainText('2 người');
  await expect(totals.getByRole('row', { name: /Khám bệnh/ })).toContainText('1 người');

  // A wrong entry is removed, after a second tap.
  const wrong = page.locator('li.entry-line', { hasText: 'Khám bệnh' });
  await wrong.getByRole('button', { name: /^Xóa/ }).click();
  await wrong.getByRole('button', { name: /^Xác nhận xóa/ }).click();
  await expect(totals.getByRole('row', { name: /Khám bệnh/ })).toHaveCount(0);

  await page.reload();
  await expect(totals.getByRole('row', { name: /Súng/ })).toContainText('3 khẩu');
  await expect(page.locator('li.entry-line')).toHaveCount(6);
});
