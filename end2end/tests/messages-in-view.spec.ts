import { test, expect, type Page, type Locator } from './fixtures';
import { createEvent } from './helpers';

/** The alert is announced (role alert) and lies inside the visible screen. */
async function expectInView(page: Page, alert: Locator, text: string | RegExp): Promise<void> {
  await expect(alert).toContainText(text);
  await expect(alert).toBeInViewport({ ratio: 1 });
  await alert.getByRole('button', { name: 'Đã hiểu' }).click();
  await expect(alert).toHaveCount(0);
}

test('a refusal shows where the officer is looking, and what they typed stays', async ({ page }) => {
  const event = await createEvent(page);

  // Sync panel, scrolled down to the file picker: a file that is no bundle.
  await page.goto(event);
  await page.getByRole('button', { name: 'Xuất tệp dữ liệu' }).scrollIntoViewIfNeeded();
  await page.getByLabel('Nhập từ tệp…').setInputFiles({ name: 'anh.json', mimeType: 'application/json', buffer: Buffer.from('{"not":"a bundle"}') });
  await expectInView(page, page.getByRole('alert'), 'không phải tệp dữ liệu Ngày hội');

  // Sharing with a wrong registration key: the message is in view, the key stays.
  await page.getByLabel('Mã đăng ký của máy chủ').fill('sai-ma-dang-ky-may-chu');
  await page.getByRole('button', { name: 'Chia sẻ qua máy chủ' }).click();
  await expectInView(page, page.getByRole('alert'), 'mã đăng ký');
  await expect(page.getByLabel('Mã đăng ký của máy chủ')).toHaveValue('sai-ma-dang-ky-may-chu');

  // Dân vận: a bad number; the form keeps everything typed.
  await page.goto(`${event}/dan-van`);
  const form = page.locator('form', { hasText: 'Ghi nhận' });
  await form.getByLabel('Loại').selectOption({ label: 'Đạn' });
  await form.getByLabel('Số lượng (viên)').fill('12 viên');
  await form.getByLabel('Ghi chú (người giao nộp, chi tiết)').fill('Ông Lò Văn Pá');
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expectInView(page, page.getByRole('alert'), 'không hợp lệ');
  await expect(form.getByLabel('Số lượng (viên)')).toHaveValue('12 viên');
  await expect(form.getByLabel('Ghi chú (người giao nộp, chi tiết)')).toHaveValue('Ông Lò Văn Pá');

  // Kinh phí, at the bottom of a long page: a bad amount.
  await page.goto(`${event}/kinh-phi`);
  const budget = page.locator('form', { hasText: 'Thêm khoản chi' });
  await budget.getByLabel('Nội dung chi').fill('Âm thanh, ánh sáng');
  await budget.getByLabel('Dự kiến (đồng)').fill('năm triệu');
  await budget.getByRole('button', { name: 'Thêm khoản chi' }).click();
  await expectInView(page, page.getByRole('alert'), 'không hợp lệ');
  await expect(budget.getByLabel('Dự kiến (đồng)')).toHaveValue('năm triệu');
  await expect(budget.getByLabel('Nội dung chi')).toHaveValue('Âm thanh, ánh sáng');
});
