import { test, expect, type Page } from './fixtures';
import { readFileSync, writeFileSync } from 'node:fs';
import { count, createEvent, tickFlagSalute, newPhone } from './helpers';

/** Exports the event on screen and returns the file's path. */
async function exportFile(page: Page, eventPath: string): Promise<string> {
  await page.goto(eventPath);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất tệp dữ liệu' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ngayhoi-[0-9a-f-]{36}\.json$/);
  return (await file.path())!;
}

test('an event moved between two phones only by file ends the same on both', async ({ browser, page, baseURL }, info) => {
  // Phone A: no server at all — ticks the flag salute and counts 30.
  const event = await createEvent(page);
  await tickFlagSalute(page, event);
  await page.goto(`${event}/dem-nguoi`);
  await count(page, 30);
  await expect(page.getByRole('status')).toContainText('30 người');
  // And lists an invitee: the overview, where the file is made, does not
  // read the lists, yet the file carries them.
  await page.goto(`${event}/khach-moi`);
  await page.getByText('Thêm khách mời').click();
  const form = page.locator('details', { hasText: 'Thêm khách mời' });
  await form.getByLabel('Họ tên').fill('Phạm Minh Đức');
  await form.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByRole('checkbox', { name: 'Phạm Minh Đức' })).toBeVisible();
  await page.reload();
  const fromA = await exportFile(page, event);
  expect(readFileSync(fromA, 'utf8')).toContain('Phạm Minh Đức');

  // Phone B imports it from the home screen, after seeing what it brings.
  const b = await newPhone(browser, baseURL!);
  await b.page.goto('/');
  await b.page.getByLabel('Nhập từ tệp…').setInputFiles(fromA);
  const preview = b.page.getByRole('dialog', { name: 'Xem trước khi nhập tệp' });
  await expect(preview).toContainText('Ngày hội mới trên máy này');
  await expect(preview).toContainText('Số người ở cổng: 0 → 30');
  await preview.getByRole('button', { name: 'Áp dụng' }).click();
  await expect(b.page).toHaveURL(new RegExp(`${event}$`));
  await b.page.goto(`${event}/dieu-hanh`);
  await expect(b.page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
  await b.page.goto(`${event}/khach-moi`);
  await expect(b.page.getByRole('checkbox', { name: 'Phạm Minh Đức' })).toBeVisible();

  // B counts 20 more and sends its file back; A merges it.
  await b.page.goto(`${event}/dem-nguoi`);
  await count(b.page, 20);
  await expect(b.page.getByRole('status')).toContainText('50 người');
  const fromB = await exportFile(b.page, event);
  await page.goto(event);
  await page.getByLabel('Nhập từ tệp…').setInputFiles(fromB);
  await expect(page.getByRole('dialog')).toContainText('Số người ở cổng: 30 → 50');
  await page.getByRole('button', { name: 'Áp dụng' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.goto(`${event}/dem-nguoi`);
  await expect(page.getByRole('status')).toContainText('50 người');

  // Importing the same file twice changes nothing.
  await page.goto(event);
  await page.getByLabel('Nhập từ tệp…').setInputFiles(fromB);
  await expect(page.getByRole('dialog')).toContainText('không có gì mới');
  await expect(page.getByRole('button', { name: 'Áp dụng' })).toBeDisabled();
  await page.getByRole('button', { name: 'Hủy' }).click();

  // A corrupted file: a clear message, and the event unchanged.
  const tampered = info.outputPath('tampered.json');
  writeFileSync(tampered, readFileSync(fromB, 'utf8').replace(/"increments":20/, '"increments":2000'));
  await page.getByLabel('Nhập từ tệp…').setInputFiles(tampered);
  await expect(page.getByRole('alert')).toContainText('Tệp dữ liệu bị hỏng hoặc đã bị sửa');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Đã hiểu' }).click();
  const junk = info.outputPath('photo.json');
  writeFileSync(junk, '\u0089PNG not a bundle');
  await page.getByLabel('Nhập từ tệp…').setInputFiles(junk);
  await expect(page.getByRole('alert')).toContainText('không phải tệp dữ liệu Ngày hội');
  await page.goto(`${event}/dem-nguoi`);
  await expect(page.getByRole('status')).toContainText('50 người');
  await b.context.close();
});
