import { test, expect } from './fixtures';
import { enrol, importUnitsText, operatorCode } from './helpers';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The template's titles (the form's labels add the unit).
const TIPS = 'Tin về ANTT do nhân dân cung cấp – Tổng số tin';
const VALUABLE = 'Tin về ANTT do nhân dân cung cấp – Tin có giá trị';
const YEAR_NOW = new Date().getFullYear();
// A tree of its own: no other journey signs these units in or counts them.
const UNITS =
  '87,Tỉnh Thử Excel,tinh,\n87120,Xã Ninh Xuân,xa,87\n87120-01,Thôn Ninh Xuân 1,thon,87120\n';

/** An .xlsx file holding `rows` below the template's header (first columns only). */
async function workbook(file: string, rows: (string | number)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Số liệu');
  ws.addRow(['Mã đơn vị', 'Tên đơn vị', 'Năm', TIPS, VALUABLE]);
  for (const row of rows) ws.addRow(row);
  await book.xlsx.writeFile(file);
  return file;
}

test('a commune brings its years before the app in from Excel: the template as .xlsx, a filled workbook read all or nothing, a damaged one refused', async ({
  page,
}) => {
  test.setTimeout(120_000);
  expect(importUnitsText(UNITS)).toMatch(/thêm 3|không đổi 3/);
  await enrol(page, operatorCode('87120'), 'Xã Ninh Xuân');
  await page.getByRole('link', { name: 'Sổ phong trào: số liệu các năm, mô hình' }).click();
  await expect(page).toHaveURL(/\/phong-trao$/);
  const pick = page.getByLabel('Chọn tệp số liệu…');

  // The template in Excel: the same header as the CSV one, bold and
  // frozen, a row per unit and year with the codes kept as text.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải mẫu Excel (.xlsx)' }).click();
  const template = await download;
  expect(template.suggestedFilename()).toBe('mau-so-lieu-phong-trao.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await template.path());
  const ws = book.worksheets[0];
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  expect(header.slice(0, 3)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Năm']);
  expect(header).toContain(TIPS);
  expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const rows: { code: unknown; name: unknown; year: unknown; figure: unknown }[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push({ code: row.getCell(1).value, name: row.getCell(2).value, year: row.getCell(3).value, figure: row.getCell(4).value });
  });
  expect(rows).toHaveLength(10);
  expect(rows).toContainEqual({ code: '87120-01', name: 'Thôn Ninh Xuân 1', year: YEAR_NOW - 1, figure: null });
  expect(rows).toContainEqual({ code: '87120', name: 'Xã Ninh Xuân', year: YEAR_NOW - 5, figure: null });

  // A filled workbook, numbers as numbers: read, then put in the ledger
  // only on "Nhập vào sổ".
  const dir = mkdtempSync(join(tmpdir(), 'phong-trao-xlsx-'));
  const good = await workbook(join(dir, 'so-lieu.xlsx'), [
    ['87120', 'Xã Ninh Xuân', YEAR_NOW - 3, 420, 150],
    ['87120-01', 'Thôn Ninh Xuân 1', YEAR_NOW - 2, 12, 5],
  ]);
  await pick.setInputFiles(good);
  await expect(page.getByText('Đọc được 2 dòng: 2 đơn vị, từ năm')).toBeVisible();
  await page.getByRole('button', { name: 'Nhập vào sổ' }).click();
  await expect(page.getByText('Đã nhập số liệu 2 năm vào sổ')).toBeVisible();
  const years = page.getByRole('region', { name: 'Số liệu các năm của đơn vị' });
  const tipsRow = years.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: TIPS, exact: true }),
  });
  // Years from YEAR_NOW - 4 across: YEAR_NOW - 3 is the second.
  await expect(tipsRow.getByRole('cell').nth(1)).toHaveText('420');
  await expect(tipsRow.getByRole('cell').last()).toHaveText('420');

  // A workbook with a negative count and a year out of range: both lines
  // named with why, and nothing imported, not even its good line.
  const bad = await workbook(join(dir, 'sai.xlsx'), [
    ['87120', 'Xã Ninh Xuân', YEAR_NOW - 1, -4, 0],
    ['87120-01', 'Thôn Ninh Xuân 1', 1989, 3, 1],
    ['87120', 'Xã Ninh Xuân', YEAR_NOW - 4, 7, 2],
  ]);
  await pick.setInputFiles(bad);
  const refusal = page.getByRole('alert').filter({ hasText: 'chưa nhập gì' });
  await expect(refusal).toContainText('Dòng 2:');
  await expect(refusal).toContainText('“-4” không phải số nguyên không âm.');
  await expect(refusal).toContainText('Dòng 3: Năm 1989 nằm ngoài khoảng 1990–2100.');
  await expect(refusal).not.toContainText('Dòng 4:');
  await expect(page.getByRole('button', { name: 'Nhập vào sổ' })).toHaveCount(0);
  // The period's tips: the good line's 7 is not in.
  await expect(tipsRow.getByRole('cell').last()).toHaveText('420');

  // The good workbook again changes nothing.
  await pick.setInputFiles(good);
  await expect(page.getByText('Các số liệu trong tệp đã có trong sổ; nhập lại không thay đổi gì.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nhập vào sổ' })).toHaveCount(0);

  // A damaged file under an Excel name: said where the officer looks.
  const damaged = join(dir, 'hong.xlsx');
  writeFileSync(damaged, randomBytes(4096));
  await pick.setInputFiles(damaged);
  await expect(page.getByRole('alert').filter({ hasText: 'Không đọc được tệp Excel này' })).toContainText('Chưa nhập gì.');
  await expect(page.getByRole('button', { name: 'Nhập vào sổ' })).toHaveCount(0);
  await expect(tipsRow.getByRole('cell').last()).toHaveText('420');
});
