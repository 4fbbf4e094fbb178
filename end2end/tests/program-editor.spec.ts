import { test, expect } from './fixtures';
import { createEvent, editorTitles, STANDARD_PROGRAM } from './helpers';

test('reordering and adding a step hold after a reload', async ({ page }) => {
  await createEvent(page);
  await page.getByRole('button', { name: 'Đưa «Lễ chào cờ» lên' }).click();
  await expect.poll(() => editorTitles(page)).toEqual([
    'Lễ chào cờ',
    'Văn nghệ chào mừng',
    ...STANDARD_PROGRAM.slice(2),
  ]);

  await page.getByLabel('Thêm bước riêng của đơn vị').fill('Biểu diễn võ thuật');
  await page.getByRole('button', { name: 'Thêm bước' }).click();
  await expect.poll(() => editorTitles(page)).toHaveLength(12);
  await expect(page.getByLabel('Thêm bước riêng của đơn vị')).toHaveValue('');
  // Move the new step above the closing declaration.
  await page.getByRole('button', { name: 'Đưa «Biểu diễn võ thuật» lên' }).click();

  const expected = [
    'Lễ chào cờ',
    'Văn nghệ chào mừng',
    ...STANDARD_PROGRAM.slice(2, 10),
    'Biểu diễn võ thuật',
    'Tuyên bố kết thúc buổi lễ',
  ];
  await expect.poll(() => editorTitles(page)).toEqual(expected);
  await page.reload();
  await expect.poll(() => editorTitles(page)).toEqual(expected);
});

test('a step can be renamed, given a performer, skipped and removed', async ({ page }) => {
  await createEvent(page);
  await page.getByRole('textbox', { name: 'Tên bước 5' }).fill('Diễn văn khai mạc của Chủ tịch UBND xã');
  await page.getByRole('textbox', { name: 'Tên bước 5' }).blur();
  await page.getByLabel('Người thực hiện').nth(4).fill('Ông Nguyễn Văn An');
  await page.getByLabel('Người thực hiện').nth(4).blur();
  // Skip the optional emulation pledge (step 10).
  await page.getByLabel('Bỏ qua năm nay (bước “nếu có”)').nth(2).check();
  // Remove the optional gifts step (two taps: remove, then confirm).
  await page.getByRole('button', { name: 'Xóa «Đại biểu cấp trên phát biểu và tặng quà»' }).click();
  await page.getByRole('button', { name: 'Xác nhận xóa «Đại biểu cấp trên phát biểu và tặng quà»' }).click();
  await expect.poll(() => editorTitles(page)).toHaveLength(10);

  await page.reload();
  const titles = await editorTitles(page);
  expect(titles).toHaveLength(10);
  expect(titles[4]).toBe('Diễn văn khai mạc của Chủ tịch UBND xã');
  expect(titles).not.toContain('Đại biểu cấp trên phát biểu và tặng quà');
  await expect(page.getByLabel('Người thực hiện').nth(4)).toHaveValue('Ông Nguyễn Văn An');

  await page.getByRole('link', { name: 'Điều hành' }).click();
  await expect(page.getByRole('checkbox')).toHaveCount(10);
  await expect(page.getByRole('checkbox', { name: /Ký kết giao ước thi đua/ })).toHaveAccessibleName(/Bỏ qua/);
  await expect(page.getByRole('checkbox', { name: /Diễn văn khai mạc/ })).toHaveAccessibleName(/Ông Nguyễn Văn An/);
  // Nine steps to hold: ten in the program, one skipped.
  await expect(page.getByRole('status')).toContainText('Đã xong 0/9 bước');
});

test('an empty step title is refused with a message', async ({ page }) => {
  await createEvent(page);
  await page.getByRole('button', { name: 'Thêm bước' }).click();
  await expect(page.getByRole('alert')).toContainText('Chưa nhập tên bước.');
  expect(await editorTitles(page)).toHaveLength(11);
});
