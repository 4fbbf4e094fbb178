import { test, expect, type Page } from './fixtures';
import { createEvent } from './helpers';

const LIST = [
  'Họ tên,Chức vụ,Nhóm,Điện thoại',
  'Nguyễn Văn An,Chủ tịch UBND xã,lãnh đạo,0912 345 678',
  ',Trưởng thôn Đông,uy tín,',
  'Trần Thị Bình,Hội Phụ nữ xã,uy tín,',
  'Lê Văn Cường,Công an huyện,cấp trên,',
].join('\n');

/** Imports the list above from a CSV file; resolves once the people are saved. */
async function importList(page: Page): Promise<void> {
  await page.getByText('Nhập danh sách từ tệp CSV hoặc dán').click();
  await page.getByLabel('Chọn tệp CSV').setInputFiles({ name: 'khach-moi.csv', mimeType: 'text/csv', buffer: Buffer.from(LIST) });
  const preview = page.locator('.import-preview');
  await expect(preview).toContainText('Sẽ thêm 3 người.');
  await expect(preview).toContainText('1 dòng không nhập được:');
  await expect(preview).toContainText('Dòng 3: Chưa nhập họ tên.');
  await preview.getByRole('button', { name: 'Nhập 3 người' }).click();
  await expect(page.getByText('Đã đến 0/3 khách mời')).toBeVisible();
}

test('a CSV list with one bad row imports the good rows and says what is wrong with the bad one', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/khach-moi`);
  await expect(page.getByText('Đã đến 0/0 khách mời')).toBeVisible();
  await importList(page);
  await expect(page.getByRole('checkbox', { name: 'Nguyễn Văn An' })).toBeVisible();
  await expect(page.locator('li.invitee')).toHaveCount(3);

  // The same file again adds nobody.
  await page.getByLabel('Chọn tệp CSV').setInputFiles({ name: 'khach-moi.csv', mimeType: 'text/csv', buffer: Buffer.from(LIST) });
  await expect(page.locator('.import-preview')).toContainText('Sẽ thêm 0 người.');
  await expect(page.locator('.import-preview')).toContainText('Bỏ qua 3 người đã có trong danh sách.');
  await expect(page.getByRole('button', { name: 'Nhập 0 người' })).toBeDisabled();
});

test('check-in by typing without diacritics, undo, walk-ins, and counts by category', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/khach-moi`);
  await importList(page);

  const search = page.getByRole('searchbox', { name: 'Tìm khách mời theo tên' });
  await search.fill('nguyen van');
  await expect(page.locator('li.invitee')).toHaveCount(1);
  const an = page.getByRole('checkbox', { name: 'Nguyễn Văn An' });
  await an.check();
  await expect(an).toBeChecked();
  await expect(page.getByText('Đã đến 1/3 khách mời')).toBeVisible();
  await expect(page.locator('li.invitee')).toContainText(/Đến lúc \d\d:\d\d/);

  // Undo a check-in made by mistake.
  await an.uncheck();
  await expect(page.getByText('Đã đến 0/3 khách mời')).toBeVisible();
  await an.check();

  // Word starts only, any word, any case: "BINH" finds Trần Thị Bình.
  await search.fill('BINH');
  await expect(page.getByRole('checkbox', { name: 'Trần Thị Bình' })).toBeVisible();
  await search.fill('inh');
  await expect(page.locator('li.invitee')).toHaveCount(0);

  // Someone not on the list, added at the door and counted as arrived.
  await search.fill('Đinh Công Tráng');
  await expect(page.getByText('Không tìm thấy ai.')).toBeVisible();
  await page.getByRole('button', { name: 'Thêm “Đinh Công Tráng” là khách đến trực tiếp' }).click();
  await expect(page.getByRole('checkbox', { name: 'Đinh Công Tráng' })).toBeChecked();
  await expect(page.getByText('Đã đến 2/4 khách mời')).toBeVisible();

  // The filter shows who has not come yet.
  await search.fill('');
  await page.getByRole('combobox', { name: 'Lọc' }).selectOption('absent');
  await expect(page.locator('li.invitee')).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Lọc' }).selectOption('all');

  await page.getByText('Số đã đến theo nhóm').click();
  const counts = page.locator('details', { hasText: 'Số đã đến theo nhóm' });
  await expect(counts.getByRole('row', { name: /Lãnh đạo Đảng ủy/ })).toContainText('1/1');
  await expect(counts.getByRole('row', { name: /Người có uy tín/ })).toContainText('0/1');
  await expect(counts.getByRole('row', { name: /Đại diện Nhân dân/ })).toContainText('1/1');

  // Everything survives a reload.
  await page.reload();
  await expect(page.getByText('Đã đến 2/4 khách mời')).toBeVisible();
});

test('an invitee is added, corrected and removed', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/khach-moi`);
  await page.getByText('Thêm khách mời').click();
  const form = page.locator('details', { hasText: 'Thêm khách mời' });
  await form.getByLabel('Họ tên').fill('Phạm Minh Đức');
  await form.getByLabel('Chức vụ, đơn vị').fill('Bí thư chi bộ thôn');
  await form.getByLabel('Nhóm').selectOption({ label: 'Người có uy tín' });
  await form.getByLabel('Số điện thoại').fill('12ab');
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByRole('alert')).toContainText('Số điện thoại “12ab” không hợp lệ.');
  await expect(page.locator('li.invitee')).toHaveCount(0);
  await form.getByLabel('Số điện thoại').fill('0987 654 321');
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByRole('checkbox', { name: 'Phạm Minh Đức' })).not.toBeChecked();
  await expect(form.getByLabel('Họ tên')).toHaveValue('');

  await page.getByRole('button', { name: 'Sửa thông tin Phạm Minh Đức' }).click();
  const row = page.locator('form.invitee-edit');
  await row.getByLabel('Họ tên').fill('Phạm Minh Đức (ông)');
  await row.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('checkbox', { name: 'Phạm Minh Đức (ông)' })).toBeVisible();

  await page.getByRole('button', { name: 'Sửa thông tin Phạm Minh Đức (ông)' }).click();
  await page.getByRole('button', { name: 'Xóa «Phạm Minh Đức (ông)»' }).click();
  await page.getByRole('button', { name: 'Xác nhận xóa «Phạm Minh Đức (ông)»' }).click();
  await expect(page.locator('li.invitee')).toHaveCount(0);
  await expect(page.getByText('Đã đến 0/0 khách mời')).toBeVisible();
});
