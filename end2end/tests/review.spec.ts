import { test, expect } from './fixtures';
import { addUnit, enrol, importUnits, issueCode, newPhone, pdfText, signInTopUnit } from './helpers';
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';

const TIPS = 'Tin về ANTT do nhân dân cung cấp – Tổng số tin (tin)';
const VALUABLE = 'Tin về ANTT do nhân dân cung cấp – Tin có giá trị (tin)';
const YEAR_NOW = new Date().getFullYear();
const FROM = YEAR_NOW - 5;

test('a commune writes its period review from its ledger, prints it with the two tables on landscape pages, takes it to Word and sends it up; the province reads, returns it and lists the models below', async ({
  browser,
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  expect(importUnits()).toMatch(/thêm 10|không đổi 10/);
  // A commune of its own: no other journey signs it in.
  await signInTopUnit(page, 'Tỉnh Thái Nguyên');
  await addUnit(page, '05970', 'Xã Minh Lập', 'Xã, phường, đặc khu');
  const code = await issueCode(page, 'Xã Minh Lập');
  const c = await newPhone(browser, baseURL!);
  await enrol(c.page, code, 'Xã Minh Lập');

  // This year's figures and two models in the ledger.
  await c.page.goto('/phong-trao');
  await c.page.getByLabel(TIPS).fill('1.753');
  await c.page.getByLabel(TIPS).press('Tab');
  await c.page.getByLabel(VALUABLE).fill('986');
  await c.page.getByLabel(VALUABLE).press('Tab');
  const add = c.page.locator('form', { hasText: 'Thêm mô hình' });
  for (const [name, kind, since, typical] of [
    ['Tổ liên gia tự quản xóm Đồng Bục', 'Tổ liên gia tự quản', `${FROM + 1}-03`, true],
    ['Dòng họ Hoàng tự quản về ANTT', 'Dòng họ tự quản', `${FROM + 2}-05`, false],
  ] as const) {
    await add.getByLabel('Tên mô hình').fill(name);
    await add.getByLabel('Loại mô hình').selectOption({ label: kind });
    await add.getByLabel('Số hộ').fill('42');
    await add.getByLabel('Hoạt động từ (tháng/năm)').fill(since);
    if (typical) await add.getByLabel('Mô hình tiêu biểu').check();
    await add.getByRole('button', { name: 'Thêm vào sổ' }).click();
  }
  await expect(c.page.getByText('2 mô hình: 2 đang hoạt động, 0 đã dừng; 1 tiêu biểu.')).toBeVisible();

  // The review of the last five years: its figures come from the period
  // sheet once the ledger has synced.
  await c.page.getByRole('link', { name: 'Báo cáo sơ kết, tổng kết giai đoạn' }).click();
  await expect(c.page).toHaveURL(/\/bao-cao-giai-doan$/);
  const doc = c.page.locator('.report-doc');
  await expect(async () => {
    await c.page.reload();
    await expect(doc).toContainText('Nhân dân cung cấp 1.753 tin về an ninh, trật tự, trong đó 986 tin có giá trị', {
      timeout: 3_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(doc).toContainText(`Sơ kết 05 năm phong trào toàn dân bảo vệ an ninh Tổ quốc`);
  await expect(doc).toContainText(`III. KẾT QUẢ THỰC HIỆN GIAI ĐOẠN ${FROM}–${YEAR_NOW}`);
  await expect(doc).toContainText('Tổ liên gia tự quản xóm Đồng Bục');
  // Fewer than five models to cite: the officer is told where to add them.
  await expect(c.page.getByRole('status').filter({ hasText: 'mới có 2 mô hình' })).toBeVisible();

  // The parts only people write, kept per period in the ledger.
  await c.page.getByLabel('I. Đặc điểm, tình hình chung').fill('Xã miền núi, 12 thôn, 2.450 hộ.');
  await c.page.getByLabel('I. Đặc điểm, tình hình chung').blur();
  await c.page.getByLabel('IV.1. Ưu điểm').fill('Cấp ủy, chính quyền vào cuộc.');
  await c.page.getByLabel('IV.1. Ưu điểm').blur();
  await c.page.getByLabel('Số, ký hiệu').fill('41/BC-BCĐ');
  await c.page.getByLabel('Số, ký hiệu').blur();
  await expect(doc).toContainText('Xã miền núi, 12 thôn, 2.450 hộ.');
  await c.page.reload();
  await expect(c.page.getByLabel('I. Đặc điểm, tình hình chung')).toHaveValue('Xã miền núi, 12 thôn, 2.450 hộ.');
  await expect(doc).toContainText('Cấp ủy, chính quyền vào cuộc.');
  await expect(doc).toContainText('Số: 41/BC-BCĐ');

  // Printed: the report on A4 portrait, the two tables on landscape pages.
  await c.page.emulateMedia({ media: 'print' });
  const pdf = await c.page.pdf({ preferCSSPageSize: true });
  await c.page.emulateMedia({ media: 'screen' });
  const printed = await pdfText(pdf);
  expect(printed.text).toContain('BÁO CÁO');
  expect(printed.text).toContain('THỐNG KÊ');
  expect(printed.text).not.toContain('Gửi báo cáo lên cấp trên');
  const [w0, h0] = printed.sizes[0];
  expect(h0).toBeGreaterThan(w0);
  const [wl, hl] = printed.sizes[printed.pages - 1];
  expect(wl).toBeGreaterThan(hl);

  // In Word: the words, the figures, and a landscape section for the tables.
  const download = c.page.waitForEvent('download');
  await c.page.getByRole('button', { name: 'Tải tệp Word (.docx)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`bao-cao-giai-doan-${FROM}-${YEAR_NOW}-xa-minh-lap.docx`);
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(await file.path())))['word/document.xml']);
  const words = xml.replace(/<[^>]+>/g, '');
  expect(words).toContain('Xã miền núi, 12 thôn, 2.450 hộ.');
  expect(words).toContain('1.753');
  expect(words).toContain('THỐNG KÊ');
  expect(words).toContain('Tin về ANTT do nhân dân cung cấp');
  expect(xml).toMatch(/w:orient="landscape"/);
  expect(xml).toMatch(/w:vMerge/);

  // Sent up: it waits for the sync, then shows as sent.
  await c.page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(c.page.getByText('Đã ghi báo cáo để gửi.')).toBeVisible();
  await expect(c.page.locator('.submission-state').first()).toHaveText(/Đã gửi lúc/, { timeout: 30_000 });

  // The province, on the same period: the commune's review, read and
  // returned with a note.
  await page.goto('/giai-doan');
  await page.getByLabel('Từ năm').fill(String(FROM));
  await page.getByLabel('Từ năm').press('Tab');
  const row = page.locator('.report-below').filter({ hasText: 'Xã Minh Lập' });
  await expect(row.locator('.report-state')).toHaveText(/Đã gửi lúc/, { timeout: 30_000 });
  await row.getByRole('button', { name: 'Xem báo cáo' }).click();
  await expect(row.locator('.report-doc')).toContainText('Xã miền núi, 12 thôn, 2.450 hộ.');
  await row.getByLabel('Ghi chú (khi trả lại)').fill('Bổ sung 3 mô hình tiêu biểu.');
  await row.getByRole('button', { name: 'Trả lại' }).click();
  await expect(page.locator('.report-below').filter({ hasText: 'Xã Minh Lập' }).locator('.report-state')).toHaveText(
    'Đã trả lại: Bổ sung 3 mô hình tiêu biểu.',
  );

  // The models of the subtree, filtered by kind and status.
  const models = page.locator('section.card', { hasText: 'Mô hình, điển hình tiên tiến của đơn vị và cấp dưới' });
  await expect(models.getByRole('row').filter({ hasText: 'Dòng họ Hoàng tự quản về ANTT' })).toBeVisible();
  await models.getByLabel('Loại').selectOption({ label: 'Dòng họ tự quản' });
  await expect(models.getByRole('row').filter({ hasText: 'Tổ liên gia tự quản xóm Đồng Bục' })).toHaveCount(0);
  await expect(models.getByRole('row').filter({ hasText: 'Dòng họ Hoàng tự quản về ANTT' })).toBeVisible();
  await models.getByLabel('Tình trạng').selectOption({ label: 'Đã dừng' });
  await expect(models.getByRole('status')).toHaveText('0 mô hình');

  // The commune reads the note where it sends from.
  await c.page.reload();
  await expect(c.page.locator('.submission-state').first()).toHaveText('Bị trả lại: Bổ sung 3 mô hình tiêu biểu.', {
    timeout: 30_000,
  });
  await c.context.close();
});
