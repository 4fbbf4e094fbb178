import { test, expect, type Page } from './fixtures';
import {
  addUnit,
  brokenWords,
  count,
  createEvent,
  enrol,
  importUnits,
  issueCode,
  newPhone,
  signInTopUnit,
  tickFlagSalute,
  waitForServiceWorker,
} from './helpers';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';

/** YYYY-MM-DD in Việt Nam, `days` from today. */
function day(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
}

/** A commune's day: shares its event under its unit, counts, ticks, logs guns, reports. */
async function communeDay(page: Page, name: string, people: number, guns: number, report: boolean): Promise<void> {
  const event = await createEvent(page, `Ủy ban nhân dân ${name}`);
  await page.goto(event);
  await expect(page.getByText('Chia sẻ dưới đơn vị')).toBeVisible();
  await page.getByRole('button', { name: 'Chia sẻ qua máy chủ' }).click();
  await expect(page.getByText('Không có thay đổi nào đang chờ gửi.')).toBeVisible();
  if (people === 0) return;
  await tickFlagSalute(page, event);
  await page.goto(`${event}/dem-nguoi`);
  await count(page, people);
  await expect(page.getByRole('status')).toContainText(`${people} người`);
  await page.goto(`${event}/dan-van`);
  const form = page.locator('form', { hasText: 'Ghi nhận' });
  await form.getByLabel('Loại').selectOption({ label: 'Súng' });
  await form.getByLabel('Số lượng (khẩu)').fill(String(guns));
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(page.locator('table.figures').getByRole('row', { name: /Súng/ })).toContainText(`${guns} khẩu`);
  if (report) {
    await page.goto(`${event}/bao-cao`);
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect(page.locator('.submission-state').first()).toHaveText(/Đã gửi lúc/, { timeout: 30_000 });
  }
  await page.goto(event);
  await expect(page.getByText('Không có thay đổi nào đang chờ gửi.')).toBeVisible({ timeout: 30_000 });
}

/** The cells of a status row, by unit name. */
function statusRow(page: Page, name: string) {
  return page.locator('table.status-table tbody tr').filter({ hasText: name });
}

test('the district sees who held the day and reported, the sheet, a chart and exports; offline too; a sibling district sees nothing', async ({
  browser,
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  expect(importUnits()).toMatch(/thêm 10|không đổi 10/);

  // The province signs in, adds a second district, and issues the districts' codes.
  await signInTopUnit(page, 'Tỉnh Thái Nguyên');
  await addUnit(page, '165', 'Huyện Phú Lương', 'Huyện, quận, thị xã');
  const districtCode = await issueCode(page, 'Huyện Phú Bình');
  const siblingCode = await issueCode(page, 'Huyện Phú Lương');

  // The district adds its third commune, sets yesterday as the deadline, issues codes.
  const d = await newPhone(browser, baseURL!);
  await enrol(d.page, districtCode, 'Huyện Phú Bình');
  await addUnit(d.page, '05848', 'Xã Tân Kim', 'Xã, phường, đặc khu');
  await d.page.getByLabel(/Hạn nộp báo cáo năm/).fill(day(-1));
  // No grace days at first: a report received today is late.
  await d.page.getByLabel(/Số ngày gia hạn/).fill('0');
  await d.page.getByRole('button', { name: 'Đặt hạn nộp' }).click();
  await expect(d.page.getByText(/Đã đặt hạn nộp/)).toBeVisible();
  const codes = {
    onTime: await issueCode(d.page, 'Xã Đồng Liên'),
    late: await issueCode(d.page, 'Xã Bảo Lý'),
    none: await issueCode(d.page, 'Xã Tân Kim'),
  };

  // Xã Đồng Liên's phone says it is two days ago: what decides is when
  // the server received the report (today), not the phone's clock.
  const a = await newPhone(browser, baseURL!);
  await a.page.clock.install({ time: new Date(Date.now() - 2 * 86_400_000) });
  await enrol(a.page, codes.onTime, 'Xã Đồng Liên');
  await communeDay(a.page, 'xã Đồng Liên', 30, 2, true);
  // Xã Bảo Lý reports today: after the deadline.
  const b = await newPhone(browser, baseURL!);
  await enrol(b.page, codes.late, 'Xã Bảo Lý');
  await communeDay(b.page, 'xã Bảo Lý', 20, 1, true);
  // Xã Tân Kim shares its event and holds nothing.
  const c = await newPhone(browser, baseURL!);
  await enrol(c.page, codes.none, 'Xã Tân Kim');
  await communeDay(c.page, 'xã Tân Kim', 0, 0, false);

  // The district's dashboard: counts, rows, the sheet, the chart.
  await d.page.goto('/tong-hop');
  await expect(d.page.getByRole('heading', { name: 'Huyện Phú Bình' })).toBeVisible();
  const counts = d.page.locator('.counts');
  await expect(counts).toContainText('3Đơn vị phải báo cáo');
  await expect(counts).toContainText('2Đã tổ chức67%');
  await expect(counts).toContainText('2Đã gửi báo cáo67%');
  await expect(counts).toContainText('0Gửi đúng hạn0%');
  await expect(statusRow(d.page, 'Xã Đồng Liên').locator('.report-progress')).toHaveText('Gửi muộn');
  await expect(statusRow(d.page, 'Xã Bảo Lý').locator('.report-progress')).toHaveText('Gửi muộn');
  // The status table reads whole at a phone's widths: no word broken
  // letter by letter, the page never wider than the phone (the table
  // scrolls in its own frame).
  for (const width of [320, 360, 412]) {
    await d.page.setViewportSize({ width, height: 800 });
    const broken = await brokenWords(d.page, 'table.status-table');
    expect(broken, `words broken at ${width} px`).toEqual([]);
    expect(await d.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
  await d.page.setViewportSize({ width: 393, height: 851 });
  // Three grace days: both reports, received today, count as on time.
  await d.page.goto('/don-vi');
  await d.page.getByLabel(/Số ngày gia hạn/).fill('3');
  await d.page.getByRole('button', { name: 'Đặt hạn nộp' }).click();
  await expect(d.page.getByText(/gia hạn 3 ngày/)).toBeVisible();
  // Reopened, the form shows what was set.
  await d.page.reload();
  await expect(d.page.getByLabel(/Hạn nộp báo cáo năm/)).toHaveValue(day(-1));
  await expect(d.page.getByLabel(/Số ngày gia hạn/)).toHaveValue('3');
  await d.page.goto('/tong-hop');
  await expect(counts).toContainText('2Gửi đúng hạn67%');
  await expect(statusRow(d.page, 'Xã Đồng Liên').locator('.report-progress')).toHaveText('Đã gửi đúng hạn');
  await expect(statusRow(d.page, 'Xã Bảo Lý').locator('.report-progress')).toHaveText('Đã gửi đúng hạn');
  await expect(statusRow(d.page, 'Xã Tân Kim').locator('.report-progress')).toHaveText('Chưa gửi');
  await expect(statusRow(d.page, 'Xã Tân Kim')).toContainText('quá hạn 1 ngày');
  // Who to remind: only the commune whose report is overdue.
  await expect(d.page.locator('.reminders li')).toHaveText(['Xã Tân Kim: quá hạn 1 ngày, chưa gửi báo cáo']);
  await expect(statusRow(d.page, 'Xã Đồng Liên')).toContainText('30');
  // Cấp xã: 2 events held, 50 people; 3 guns — computed from what the communes recorded.
  const total = d.page.locator('table.sheet-table tr.total');
  const cells = await total.locator('td').allTextContents();
  const headers = await d.page.locator('table.sheet-table thead tr').nth(1).locator('th').allTextContents();
  const at = (h: string, group = 0) => cells[headers.indexOf(h, group)];
  expect(at('Số lượt', 2)).toBe('2'); // Cấp huyện's pair first, then Cấp xã's
  expect(at('Số người tham dự', 3)).toBe('50');
  expect(at('Súng (khẩu)')).toBe('3');
  await expect(d.page.locator('.chart').first()).toContainText('Xã Đồng Liên');
  await expect(d.page.locator('.chart').nth(1)).toContainText('Đã gửi 2 / 3');

  // Printed: the sheet alone, with the unit's name and the signatures, and
  // no card left to be laid out later (on screen the cards are laid out
  // when they come near it).
  await d.page.emulateMedia({ media: 'print' });
  await expect(d.page.locator('.sheet-unit')).toHaveText('HUYỆN PHÚ BÌNH');
  await expect(d.page.locator('.sheet-sign')).toContainText('THỦ TRƯỞNG ĐƠN VỊ');
  await expect(total).toBeVisible();
  await expect(d.page.locator('table.status-table')).toBeHidden();
  await expect(d.page.locator('section.sheet')).toHaveCSS('content-visibility', 'visible');
  await d.page.emulateMedia({ media: 'screen' });
  await expect(d.page.locator('section.sheet')).toHaveCSS('content-visibility', 'auto');

  // The XLSX, opened with a reader: its total row equals the screen's.
  const download = d.page.waitForEvent('download');
  await d.page.getByRole('button', { name: 'Tải Excel (.xlsx)' }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await (await download).path());
  const sheet = book.getWorksheet('Tổng hợp')!;
  expect(sheet.getCell('A1').value).toBe('HUYỆN PHÚ BÌNH');
  expect(sheet.getCell('B4').value).toBe('Cấp huyện');
  expect(sheet.getCell('D4').value).toBe('Cấp xã');
  let totalRow = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === 'Tổng cộng') totalRow = n;
  });
  expect(totalRow).toBeGreaterThan(5);
  const xlsxCells = headers.map((_, i) => String(sheet.getRow(totalRow).getCell(i + 2).value));
  expect(xlsxCells).toEqual(cells.map((c) => c.replace(/\./g, '').replace(',', '.')));

  // The CSV round-trips with its diacritics.
  const csvDownload = d.page.waitForEvent('download');
  await d.page.getByRole('button', { name: 'Tải CSV' }).click();
  const csv = readFileSync(await (await csvDownload).path(), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split(/\r?\n/);
  expect(lines[0]).toContain('Cấp xã');
  expect(lines.some((l) => l.startsWith('Xã Đồng Liên,'))).toBe(true);
  expect(lines[lines.length - 1].split(',').slice(0, 5)).toEqual(['Tổng cộng', '0', '0', '2', '50']);

  // A commune's lists, read from the server by the district: the guns logged.
  const listsDownload = d.page.waitForEvent('download');
  await statusRow(d.page, 'Xã Đồng Liên').getByRole('button', { name: 'Danh sách (.xlsx)' }).click();
  const lists = new ExcelJS.Workbook();
  await lists.xlsx.readFile(await (await listsDownload).path());
  expect(lists.worksheets.map((w) => w.name)).toEqual(['Khách mời', 'Dân vận', 'Khen thưởng', 'Ý kiến']);
  const outreach = lists.getWorksheet('Dân vận')!;
  expect(outreach.getCell('A1').value).toBe('Nội dung');
  expect([outreach.getCell('A2').value, outreach.getCell('B2').value]).toEqual(['Súng', 2]);

  // Offline after one visit: the last data, with its time.
  await waitForServiceWorker(d.page);
  await d.context.setOffline(true);
  await d.page.reload();
  await expect(d.page.getByText('đang xem số liệu đã lưu')).toBeVisible();
  await expect(d.page.getByText(/Số liệu lúc/)).toBeVisible();
  await expect(statusRow(d.page, 'Xã Bảo Lý').locator('.report-progress')).toHaveText('Đã gửi đúng hạn');
  await d.context.setOffline(false);

  // Accepted reports only: none yet. Then both waiting reports accepted at once.
  const xaEvents = async (p: Page) => {
    const t = await p.locator('table.sheet-table tr.total td').allTextContents();
    return t[2];
  };
  await d.page.getByLabel('Chỉ tính báo cáo đã tiếp nhận').check();
  await expect.poll(() => xaEvents(d.page)).toBe('0');
  await d.page.getByRole('link', { name: 'Xem và duyệt báo cáo' }).click();
  await d.page.getByRole('button', { name: 'Tiếp nhận cả 2 báo cáo đang chờ' }).click();
  await expect(d.page.locator('.report-below').filter({ hasText: 'Xã Bảo Lý' }).locator('.report-state')).toHaveText(
    'Đã tiếp nhận',
  );
  await d.page.goto('/tong-hop');
  await expect(statusRow(d.page, 'Xã Đồng Liên').locator('.report-progress')).toHaveText('Đã tiếp nhận');
  await d.page.getByLabel('Chỉ tính báo cáo đã tiếp nhận').check();
  await expect.poll(() => xaEvents(d.page)).toBe('2');

  // The province sees the district's totals; the sibling district nothing of them.
  await page.goto('/tong-hop');
  await expect(statusRow(page, 'Huyện Phú Bình')).toBeVisible();
  const districtRow = page.locator('table.sheet-table tbody tr').filter({ hasText: 'Huyện Phú Bình' }).first();
  const districtCells = await districtRow.locator('td').allTextContents();
  expect(districtCells[3]).toBe('50');
  const s = await newPhone(browser, baseURL!);
  await enrol(s.page, siblingCode, 'Huyện Phú Lương');
  await s.page.goto('/tong-hop');
  await expect(s.page.getByRole('heading', { name: 'Huyện Phú Lương' })).toBeVisible();
  await expect(s.page.locator('main')).not.toContainText('Xã Đồng Liên');
  await expect(s.page.locator('.counts')).toContainText('0Đơn vị phải báo cáo');
  for (const phone of [a, b, c, d, s]) await phone.context.close();
});
