import { test, expect } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { createEvent, joinEvent, newPhone, shareEvent } from './helpers';

test("a step's history says which phone changed what, from the server", async ({ browser, page, baseURL }) => {
  const event = await createEvent(page);
  // Never shared: the history lives on the server, and the officer is told so.
  await page.locator('li.step-edit').nth(1).getByRole('button', { name: 'Lịch sử' }).click();
  await expect(page.locator('li.step-edit').nth(1).getByRole('status')).toContainText('chưa được chia sẻ qua máy chủ');
  // What the phone knows with no server: its own change, not sent yet.
  await expect(page.locator('li.step-edit').nth(1)).toContainText(/Trên máy này: 1 thay đổi chưa gửi lên máy chủ, lần cuối lúc \d\d:\d\d/);

  const code = await shareEvent(page, event, REGISTRATION_KEY);
  const b = await newPhone(browser, baseURL!);
  // B's officer names herself: the other phones will see it.
  await b.page.goto('/cai-dat');
  await b.page.getByLabel('Tên của bạn (hiện cho cán bộ khác)').fill('Trần Thị Bình');
  await b.page.getByLabel('Tên của bạn (hiện cho cán bộ khác)').blur();
  await joinEvent(b.page, code);
  await b.page.goto(`${event}/chuong-trinh`);
  const title = b.page.getByRole('textbox', { name: 'Tên bước 2' });
  await title.fill('Chào cờ');
  await title.press('Tab');
  await b.page.goto(event);
  await expect(b.page.getByText('Không có thay đổi nào đang chờ gửi.')).toBeVisible({ timeout: 30_000 });

  await page.goto(`${event}/chuong-trinh`);
  const step = page.locator('li.step-edit').nth(1);
  await expect(step.getByRole('textbox', { name: 'Tên bước 2' })).toHaveValue('Chào cờ', { timeout: 30_000 });
  await step.getByRole('button', { name: 'Lịch sử' }).click();
  const lines = step.locator('ol.history li');
  await expect(lines).toHaveCount(2);
  await expect(lines.first()).toContainText('tạo mới');
  await expect(lines.nth(1)).toContainText('đổi tên bước: «Lễ chào cờ» → «Chào cờ»');
  // Each line names the phone: the creator's for the step, the other's for the rename.
  const [made, renamed] = await lines.allTextContents();
  expect(made.slice(0, 8)).not.toBe(renamed.slice(0, 8));

  // "Các máy tham gia": both phones, B by its officer's name, with its change.
  await page.goto(event);
  await page.getByRole('button', { name: 'Các máy tham gia' }).click();
  const phones = page.locator('ul.devices li');
  await expect(phones).toHaveCount(2);
  await expect(phones.nth(1)).toContainText('Trần Thị Bình');
  await expect(phones.nth(1)).toContainText('1 thay đổi');

  // B went wrong: undo it. Its rename is taken back here, the history says
  // so, and B is told it was removed from the event.
  page.once('dialog', (d) => d.accept());
  await phones.nth(1).getByRole('button', { name: 'Gỡ máy và hoàn tác' }).click();
  await expect(page.getByText(/Đã gỡ Trần Thị Bình \(máy \w+\) và hoàn tác 1 mục/)).toBeVisible();
  await expect(phones.nth(1)).toContainText('đã bị khóa');
  await page.goto(`${event}/chuong-trinh`);
  const back = page.locator('li.step-edit').nth(1);
  await expect(back.getByRole('textbox', { name: 'Tên bước 2' })).toHaveValue('Lễ chào cờ', { timeout: 30_000 });
  await back.getByRole('button', { name: 'Lịch sử' }).click();
  await expect(back.locator('ol.history li').last()).toContainText('«Chào cờ» → «Lễ chào cờ» — hoàn tác');
  await b.page.goto(event);
  await expect(b.page.getByText(/Đơn vị đã gỡ máy này khỏi Ngày hội/).first()).toBeVisible({ timeout: 30_000 });
  await b.context.close();
});
