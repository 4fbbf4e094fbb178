import { test, expect } from './fixtures';
import { count, createEvent } from './helpers';

test('awards are listed and ticked as presented at step 7', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(event);
  await page.getByRole('link', { name: 'Khen thưởng' }).click();
  const form = page.locator('form', { hasText: 'Thêm khen thưởng' });
  await form.getByLabel('Tập thể hoặc cá nhân được khen').fill('Thôn Đông');
  await form.getByLabel('Là tập thể').check();
  await form.getByLabel('Hình thức').selectOption({ label: 'Bằng khen' });
  await form.getByLabel('Cấp khen').fill('Chủ tịch UBND tỉnh');
  await form.getByLabel('Số quyết định').fill('1234/QĐ-UBND');
  await form.getByRole('button', { name: 'Thêm vào danh sách' }).click();
  await form.getByLabel('Tập thể hoặc cá nhân được khen').fill('Ông Lê Văn Cường');
  await form.getByLabel('Hình thức').selectOption({ label: 'Kỷ niệm chương' });
  await form.getByRole('button', { name: 'Thêm vào danh sách' }).click();
  await expect(page.getByText('Đã trao 0/2 phần thưởng')).toBeVisible();

  await page.getByRole('checkbox', { name: 'Đã trao: Thôn Đông' }).check();
  await expect(page.getByText('Đã trao 1/2 phần thưởng')).toBeVisible();
  await expect(page.locator('li.entry', { hasText: 'Đã trao: Thôn Đông' })).toContainText(/Đã trao lúc \d\d:\d\d/);

  // A detail corrected in place.
  const row = page.locator('li.entry', { has: page.getByRole('checkbox', { name: 'Đã trao: Ông Lê Văn Cường' }) });
  await row.getByLabel('Số quyết định').fill('56/QĐ-BCA');
  await row.getByLabel('Số quyết định').press('Tab');
  await page.reload();
  await expect(row.getByLabel('Số quyết định')).toHaveValue('56/QĐ-BCA');
  await expect(row.getByLabel('Hình thức')).toHaveValue('ky_niem_chuong');
  await expect(page.getByRole('checkbox', { name: 'Đã trao: Thôn Đông' })).toBeChecked();
});

test('forum opinions, their answers and status', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/dien-dan`);
  const form = page.locator('form', { hasText: 'Ghi ý kiến' });
  await form.getByLabel('Người nêu ý kiến (có thể để trống)').fill('Bà Vi Thị Nhung');
  await form.getByLabel('Chủ đề').fill('An ninh trật tự');
  await form.getByLabel('Nội dung ý kiến').fill('Xin lắp thêm đèn đường ở ngã ba thôn Tây.');
  await form.getByRole('button', { name: 'Lưu ý kiến' }).click();
  await form.getByLabel('Nội dung ý kiến').fill('Thanh niên tụ tập đua xe buổi tối.');
  await form.getByRole('button', { name: 'Lưu ý kiến' }).click();
  await expect(page.getByText('2 ý kiến · 0 đã trả lời · 0 đang xử lý')).toBeVisible();

  // An empty opinion is refused.
  await form.getByRole('button', { name: 'Lưu ý kiến' }).click();
  await expect(page.getByText('2 ý kiến')).toBeVisible();

  const first = page.locator('li.entry', { hasText: 'Bà Vi Thị Nhung · An ninh trật tự' });
  await first.getByLabel('Trả lời hoặc hướng xử lý').fill('UBND xã sẽ lắp trong tháng 9.');
  await first.getByLabel('Trả lời hoặc hướng xử lý').press('Tab');
  await first.getByLabel('Tình trạng').selectOption({ label: 'Đã trả lời tại chỗ' });
  const second = page.locator('li.entry', { hasText: 'Người dân' });
  await second.getByLabel('Tình trạng').selectOption({ label: 'Ghi nhận, đang xử lý' });
  await expect(page.getByText('2 ý kiến · 1 đã trả lời · 1 đang xử lý')).toBeVisible();
  await page.reload();
  await expect(first.getByLabel('Trả lời hoặc hướng xử lý')).toHaveValue('UBND xã sẽ lắp trong tháng 9.');
});

test('budget lines total by source, and the summary gathers every figure', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/kinh-phi`);
  const form = page.locator('form', { hasText: 'Thêm khoản chi' });
  await form.getByLabel('Nội dung chi').fill('Âm thanh, ánh sáng');
  await form.getByLabel('Dự kiến (đồng)').fill('5.000.000');
  await form.getByLabel('Thực chi (đồng), nếu đã biết').fill('4.500.000');
  await form.getByRole('button', { name: 'Thêm khoản chi' }).click();
  await form.getByLabel('Nội dung chi').fill('Quà tặng gia đình chính sách');
  await form.getByLabel('Nguồn kinh phí').selectOption({ label: 'Xã hội hóa' });
  await form.getByLabel('Dự kiến (đồng)').fill('3000000');
  await form.getByRole('button', { name: 'Thêm khoản chi' }).click();
  const totals = page.locator('table.figures');
  await expect(totals.getByRole('row', { name: /Tổng cộng/ })).toContainText('8.000.000 đ');
  await expect(totals.getByRole('row', { name: /Xã hội hóa/ })).toContainText('3.000.000 đ');
  await expect(totals.getByRole('row', { name: /Ngân sách/ })).toContainText('4.500.000 đ');

  // The actual amount of the second line, once known.
  const gifts = page.locator('li.entry').nth(1);
  await gifts.getByLabel('Thực chi (đồng)').fill('2.800.000');
  await gifts.getByLabel('Thực chi (đồng)').press('Tab');
  await expect(totals.getByRole('row', { name: /Tổng cộng/ })).toContainText('7.300.000 đ');

  // A little of everything, then the summary.
  await page.goto(`${event}/dem-nguoi`);
  await count(page, 12);
  await expect(page.getByRole('status')).toContainText('12 người');
  await page.goto(`${event}/khach-moi`);
  await page.getByRole('searchbox', { name: 'Tìm khách mời theo tên' }).fill('Hà Văn Tư');
  await page.getByRole('button', { name: 'Thêm “Hà Văn Tư” là khách đến trực tiếp' }).click();
  await expect(page.getByText('Đã đến 1/1 khách mời')).toBeVisible();
  await page.goto(`${event}/tong-ket`);
  const attendance = page.locator('.card', { hasText: 'Tham dự' });
  await expect(attendance.getByRole('row', { name: /Tổng số người tham dự/ })).toContainText('13');
  await expect(attendance.getByRole('row', { name: /Nhân dân \(đếm ở cổng\)/ })).toContainText('12');
  await expect(attendance.getByRole('row', { name: /Khách mời đã đến/ })).toContainText('1/1');
  await expect(page.getByRole('heading', { name: 'Chương trình: 0/11 bước' })).toBeVisible();
  const money = page.locator('.card', { hasText: 'Kinh phí' });
  await expect(money.getByRole('row', { name: /Tổng cộng/ })).toContainText('8.000.000 đ');
  await expect(money.getByRole('row', { name: /Tổng cộng/ })).toContainText('7.300.000 đ');
});

test('a detail being typed in a row is kept when another change to the list lands', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/khen-thuong`);
  const form = page.locator('form', { hasText: 'Thêm khen thưởng' });
  for (const who of ['Thôn Đông', 'Thôn Tây']) {
    await form.getByLabel('Tập thể hoặc cá nhân được khen').fill(who);
    await form.getByRole('button', { name: 'Thêm vào danh sách' }).click();
  }
  await expect(page.getByText('Đã trao 0/2 phần thưởng')).toBeVisible();
  const row = page.locator('li.entry', { has: page.getByRole('checkbox', { name: 'Đã trao: Thôn Đông' }) });
  await row.getByLabel('Số quyết định').fill('12/QĐ');
  // The other award ticked meanwhile, without taking the focus (as a sync
  // from another phone would land).
  await page.getByRole('checkbox', { name: 'Đã trao: Thôn Tây' }).evaluate((el) => (el as HTMLInputElement).click());
  await expect(page.getByText('Đã trao 1/2 phần thưởng')).toBeVisible();
  await expect(row.getByLabel('Số quyết định')).toHaveValue('12/QĐ');
});
