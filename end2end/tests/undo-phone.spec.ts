import { test, expect, type Page } from './fixtures';
import { addUnit, count, createEvent, enrol, importUnits, issueCode, joinEvent, newPhone, signInTopUnit } from './helpers';

/** The officer names themself in the settings: the other phones see it. */
async function nameOfficer(page: Page, name: string): Promise<void> {
  await page.goto('/cai-dat');
  const field = page.getByLabel('Tên của bạn (hiện cho cán bộ khác)');
  await field.fill(name);
  await field.blur();
}

/** Waits on the overview until the phone has nothing left to send. */
async function synced(page: Page, event: string): Promise<void> {
  await page.goto(event);
  await expect(page.getByText('Không có thay đổi nào đang chờ gửi.')).toBeVisible({ timeout: 30_000 });
}

test('a phone gone wrong is found, removed and undone: every phone and the district see the figures without it', async ({
  browser,
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  expect(importUnits()).toMatch(/thêm|không đổi/);
  // The province adds a district of its own for this test; the district adds the commune.
  await signInTopUnit(page, 'Tỉnh Thái Nguyên');
  await addUnit(page, '166', 'Huyện Đại Từ', 'Huyện, quận, thị xã');
  const d = await newPhone(browser, baseURL!);
  await enrol(d.page, await issueCode(page, 'Huyện Đại Từ'), 'Huyện Đại Từ');
  await addUnit(d.page, '05900', 'Xã Hùng Sơn', 'Xã, phường, đặc khu');
  const communeCode = await issueCode(d.page, 'Xã Hùng Sơn');

  // The commune's officer shares the event under the commune; two more
  // phones join with its code: one honest, one that goes wrong.
  const a = await newPhone(browser, baseURL!);
  await nameOfficer(a.page, 'Nguyễn Văn An');
  await enrol(a.page, communeCode, 'Xã Hùng Sơn');
  const event = await createEvent(a.page, 'Ủy ban nhân dân xã Hùng Sơn');
  await a.page.goto(event);
  await a.page.getByRole('button', { name: 'Chia sẻ qua máy chủ' }).click();
  const code = (await a.page.locator('.join-code').textContent())!;
  const b = await newPhone(browser, baseURL!);
  await nameOfficer(b.page, 'Trần Thị Bình');
  await joinEvent(b.page, code);
  const r = await newPhone(browser, baseURL!);
  await nameOfficer(r.page, 'Lê Văn Cường');
  await joinEvent(r.page, code);

  // All three count at the gate; the rogue then renames step 2 and removes step 3.
  for (const [phone, people] of [[a.page, 12], [b.page, 7], [r.page, 40]] as const) {
    await phone.goto(`${event}/dem-nguoi`);
    await count(phone, people);
  }
  await r.page.goto(`${event}/chuong-trinh`);
  const title = r.page.getByRole('textbox', { name: 'Tên bước 2' });
  await title.fill('Bước giả');
  await title.press('Tab');
  await r.page.getByRole('button', { name: /^Xóa «Tuyên bố lý do/ }).click();
  await r.page.getByRole('button', { name: /^Xác nhận xóa «Tuyên bố lý do/ }).click();
  for (const phone of [a.page, b.page, r.page]) await synced(phone, event);

  // The commune's officer sees the wrong title, and who wrote it.
  await a.page.goto(`${event}/chuong-trinh`);
  await expect(a.page.getByRole('textbox', { name: 'Tên bước 2' })).toHaveValue('Bước giả', { timeout: 30_000 });
  const step = a.page.locator('li.step-edit').nth(1);
  await step.getByRole('button', { name: 'Lịch sử' }).click();
  await expect(step.locator('ol.history li').last()).toContainText('Lê Văn Cường');
  await expect(step.locator('ol.history li').last()).toContainText('«Lễ chào cờ» → «Bước giả»');

  // "Các máy tham gia": the rogue by name with its count; remove it and undo.
  await a.page.goto(event);
  await a.page.getByRole('button', { name: 'Các máy tham gia' }).click();
  const rogue = a.page.locator('ul.devices li').filter({ hasText: 'Lê Văn Cường' });
  await expect(rogue).toContainText('đếm 40 người');
  // The commune's own phone is listed with its unit.
  await expect(a.page.locator('ul.devices li').filter({ hasText: 'Nguyễn Văn An' })).toContainText('Xã Hùng Sơn');
  a.page.once('dialog', (dialog) => dialog.accept());
  await rogue.getByRole('button', { name: 'Gỡ máy và hoàn tác' }).click();
  // Its rename, its removal and its tally.
  const done = a.page.getByText(/Đã gỡ Lê Văn Cường \(máy \w+\) và hoàn tác 3 mục/);
  await expect(done).toBeVisible();
  await expect(rogue).toContainText('đã bị khóa');
  // The rogue knew the code: the event has a new one, shown on this phone.
  const newCode = (await done.textContent())!.match(/Mã tham gia mới: ([0-9A-Z-]+)/)![1];
  expect(newCode).not.toBe(code);

  // Both honest phones converge to the program and count without it: 12 + 7.
  for (const phone of [a.page, b.page]) {
    await phone.goto(`${event}/chuong-trinh`);
    await expect(phone.getByRole('textbox', { name: 'Tên bước 2' })).toHaveValue('Lễ chào cờ', { timeout: 30_000 });
    await expect(phone.locator('li.step-edit')).toHaveCount(11);
    await phone.goto(`${event}/dem-nguoi`);
    await expect(phone.getByRole('status')).toContainText('19 người', { timeout: 30_000 });
  }
  // The rogue is told, in Vietnamese, where it looks.
  await r.page.goto(event);
  await expect(r.page.getByText(/Đơn vị đã gỡ máy này khỏi Ngày hội/).first()).toBeVisible({ timeout: 30_000 });

  // The old code opens nothing any more; the new one, shown where the
  // officer shares the event, lets a new phone in.
  await a.page.goto(event);
  await expect(a.page.locator('.join-code')).toHaveText(newCode);
  const n = await newPhone(browser, baseURL!);
  await n.page.goto('/tham-gia');
  await n.page.getByLabel('Mã tham gia').fill(code);
  await n.page.getByRole('button', { name: 'Tham gia' }).click();
  await expect(n.page.getByText('Mã tham gia không đúng. Hãy kiểm tra lại từng ký tự.').first()).toBeVisible();
  await joinEvent(n.page, newCode);
  await n.page.goto(`${event}/dem-nguoi`);
  await expect(n.page.getByRole('status')).toContainText('19 người', { timeout: 30_000 });
  // A phone already in the event, told the new code, simply opens it.
  expect(await joinEvent(b.page, newCode)).toBe(event);
  await expect(b.page.getByRole('alert')).toHaveCount(0);

  // The district's dashboard counts the commune's people without the rogue.
  await d.page.goto('/tong-hop');
  const row = d.page.locator('table.status-table tbody tr').filter({ hasText: 'Xã Hùng Sơn' });
  await expect(row.locator('td.num')).toHaveText('19');
});
