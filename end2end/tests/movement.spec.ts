import { test, expect } from './fixtures';
import { addUnit, enrol, importUnits, issueCode, newPhone, signInTopUnit } from './helpers';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIPS = 'Tin về ANTT do nhân dân cung cấp – Tổng số tin (tin)';
const VALUABLE = 'Tin về ANTT do nhân dân cung cấp – Tin có giá trị (tin)';
const YEAR_NOW = new Date().getFullYear();

test('a commune keeps its movement figures and models, checked by the rule book, brings in past years from a file, all or nothing, and the province reads them by period', async ({
  browser,
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  expect(importUnits()).toMatch(/thêm 10|không đổi 10/);
  // A commune of its own (other journeys sign in the example units), with
  // a hamlet below it.
  await signInTopUnit(page, 'Tỉnh Thái Nguyên');
  await addUnit(page, '05950', 'Xã Thần Sa', 'Xã, phường, đặc khu');
  const code = await issueCode(page, 'Xã Thần Sa');
  const c = await newPhone(browser, baseURL!);
  await enrol(c.page, code, 'Xã Thần Sa');
  await addUnit(c.page, '05950-01', 'Thôn Thần Sa 1', 'Thôn, tổ dân phố');
  await c.page.getByRole('link', { name: 'Sổ phong trào: số liệu các năm, mô hình' }).click();
  await expect(c.page).toHaveURL(/\/phong-trao$/);
  await expect(c.page.getByRole('heading', { name: `Số liệu phong trào năm ${YEAR_NOW}` })).toBeVisible();

  // A year's figures, saved as each field is left; the rule book refuses
  // a part larger than its whole, and what was typed stays.
  await c.page.getByLabel(TIPS).fill('1.753');
  await c.page.getByLabel(TIPS).press('Tab');
  await c.page.getByLabel(VALUABLE).fill('2000');
  await c.page.getByLabel(VALUABLE).press('Tab');
  await expect(c.page.getByRole('alert').filter({ hasText: 'Tin có giá trị (2.000) lớn hơn Tổng số tin (1.753).' })).toBeVisible();
  await expect(c.page.getByLabel(VALUABLE)).toHaveValue('2000');
  await c.page.getByLabel(VALUABLE).fill('986');
  await c.page.getByLabel(VALUABLE).press('Tab');

  // A model in the register.
  const add = c.page.locator('form', { hasText: 'Thêm mô hình' });
  await add.getByLabel('Tên mô hình').fill('Tổ liên gia tự quản thôn Tân Hương 1');
  await add.getByLabel('Loại mô hình').selectOption({ label: 'Tổ liên gia tự quản' });
  await add.getByLabel('Số hộ').fill('42');
  await add.getByLabel('Hoạt động từ (tháng/năm)').fill('2016-07');
  await add.getByLabel('Mô hình tiêu biểu').check();
  await add.getByRole('button', { name: 'Thêm vào sổ' }).click();
  await expect(c.page.getByText('1 mô hình: 1 đang hoạt động, 0 đã dừng; 1 tiêu biểu.')).toBeVisible();

  // Kept on the phone: after a reload everything is there, and the years
  // side by side show this year's figures and the model.
  await c.page.reload();
  await expect(c.page.getByLabel(TIPS)).toHaveValue('1.753');
  await expect(c.page.getByLabel(VALUABLE)).toHaveValue('986');
  const years = c.page.getByRole('region', { name: 'Số liệu các năm của đơn vị' });
  const tipsRow = years.getByRole('row').filter({
    has: c.page.getByRole('rowheader', { name: 'Tin về ANTT do nhân dân cung cấp – Tổng số tin', exact: true }),
  });
  await expect(tipsRow.getByRole('cell').last()).toHaveText('1.753');
  const modelsRow = years.getByRole('row').filter({ has: c.page.getByRole('rowheader', { name: /Tổng số mô hình hiện có/ }) });
  await expect(modelsRow.getByRole('cell').last()).toHaveText('1');

  // At 320 px the page never scrolls sideways: the tables scroll in their
  // own box, the seed's long headers wrap.
  await c.page.setViewportSize({ width: 320, height: 700 });
  expect(await c.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await c.page.setViewportSize({ width: 393, height: 851 });

  // The years before the app: a file with a bad line changes nothing and
  // names the line; the good file is imported; the same file again
  // changes nothing.
  const dir = mkdtempSync(join(tmpdir(), 'phong-trao-'));
  const header = 'Mã đơn vị,Tên đơn vị,Năm,Tin về ANTT do nhân dân cung cấp – Tổng số tin,Tin về ANTT do nhân dân cung cấp – Tin có giá trị';
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, `\uFEFF${header}\r\n05950,Xã Thần Sa,${YEAR_NOW - 2},300,120\r\n99999,Xã Lạ,${YEAR_NOW - 2},5,1\r\n05950-01,Thôn Thần Sa 1,${YEAR_NOW - 2},10,20\r\n`);
  await c.page.getByLabel('Chọn tệp số liệu…').setInputFiles(bad);
  const refusal = c.page.getByRole('alert').filter({ hasText: 'chưa nhập gì' });
  await expect(refusal).toContainText('Dòng 3:');
  await expect(refusal).toContainText('99999');
  await expect(refusal).toContainText('Dòng 4:');
  await expect(refusal).not.toContainText('Dòng 2:');
  await c.page.getByLabel('Năm', { exact: true }).fill(String(YEAR_NOW - 2));
  await c.page.getByLabel('Năm', { exact: true }).press('Tab');
  await expect(c.page.getByRole('heading', { name: `Số liệu phong trào năm ${YEAR_NOW - 2}` })).toBeVisible();
  await expect(c.page.getByLabel(TIPS)).toHaveValue('');

  const good = join(dir, 'good.csv');
  writeFileSync(good, `${header}\r\n05950,Xã Thần Sa,${YEAR_NOW - 2},300,120\r\n05950-01,Thôn Thần Sa 1,${YEAR_NOW - 2},10,4\r\n`);
  await c.page.getByLabel('Chọn tệp số liệu…').setInputFiles(good);
  await expect(c.page.getByText('Đọc được 2 dòng: 2 đơn vị')).toBeVisible();
  await c.page.getByRole('button', { name: 'Nhập vào sổ' }).click();
  await expect(c.page.getByText('Đã nhập số liệu 2 năm vào sổ')).toBeVisible();
  await expect(c.page.getByLabel(TIPS)).toHaveValue('300');
  await c.page.getByLabel('Chọn tệp số liệu…').setInputFiles(good);
  await expect(c.page.getByText('Các số liệu trong tệp đã có trong sổ; nhập lại không thay đổi gì.')).toBeVisible();
  await expect(c.page.getByRole('button', { name: 'Nhập vào sổ' })).toHaveCount(0);

  // The template to fill: the unit and its units below, year by year.
  const download = c.page.waitForEvent('download');
  await c.page.getByRole('button', { name: 'Tải mẫu (CSV)' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\uFEFFMã đơn vị,Tên đơn vị,Năm,')).toBe(true);
  expect(text).toContain(`05950-01,Thôn Thần Sa 1,${YEAR_NOW - 1}`);

  // The province, by period: the commune's years (its own and its
  // hamlet's, which it imported) once its phone has synced its ledger.
  await page.goto('/tong-hop');
  await page.getByRole('link', { name: 'Phong trào theo giai đoạn (sơ kết, tổng kết)' }).click();
  await expect(page).toHaveURL(/\/giai-doan$/);
  const byUnit = page.getByRole('region', { name: 'Số liệu theo đơn vị và năm' });
  const commune = byUnit.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Xã Thần Sa', exact: true }) });
  await expect(async () => {
    await page.reload();
    await expect(commune.getByRole('cell').last()).toHaveText('2.063', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(commune.getByRole('cell').nth(2)).toHaveText('310');
  await expect(byUnit.getByRole('caption')).toContainText(`giai đoạn ${YEAR_NOW - 4}–${YEAR_NOW}`);
  const sheetFile = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải bảng (CSV)' }).click();
  const sheet = readFileSync(await (await sheetFile).path(), 'utf8');
  expect(sheet).toContain(`Năm ${YEAR_NOW - 2}`);
  expect(sheet).toContain('Xã Thần Sa');
  // The same sheet in Excel: the seed's merged headers over each year,
  // numbers as numbers, the commune's tips over the period.
  const xlsxFile = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải Excel (.xlsx)' }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await (await xlsxFile).path());
  const ws = book.getWorksheet('Phong trào')!;
  const spans = (ws.getRow(4).values as unknown[]).map(String);
  expect(spans).toContain(`Năm ${YEAR_NOW - 2}`);
  expect(spans).toContain(`Cả giai đoạn ${YEAR_NOW - 4}–${YEAR_NOW}`);
  let communeRow = 0;
  ws.eachRow((row, n) => {
    if (String(row.getCell(1).value).trim() === 'Xã Thần Sa') communeRow = n;
  });
  expect(communeRow).toBeGreaterThan(7);
  const headers = ws.getRow(7).values as unknown[];
  const groups = ws.getRow(4).values as unknown[];
  // The period's "Tổng số tin" column: the last group's, by its header.
  const lastSpanStart = groups.findIndex((v) => String(v).startsWith('Cả giai đoạn'));
  const tipsCol = headers.findIndex((v, i) => i >= lastSpanStart && v === 'Tổng số tin');
  expect(ws.getRow(communeRow).getCell(tipsCol).value).toBe(2063);

  // A period backwards is refused where the officer looks.
  await page.getByLabel('Từ năm').fill(String(YEAR_NOW + 1));
  await page.getByLabel('Từ năm').press('Tab');
  await expect(page.getByRole('alert').filter({ hasText: 'không hợp lệ' })).toBeVisible();
  await c.context.close();
});
