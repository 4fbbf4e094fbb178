import { test, expect } from './fixtures';
import {
  count,
  createEvent,
  enrol,
  importUnits,
  issueCode,
  newPhone,
  pdfText,
  signInTopUnit,
  tickFlagSalute,
  waitForServiceWorker,
} from './helpers';
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';

test('a commune reports to the province: offline, printed, in Word, returned and sent again; a sibling sees nothing', async ({
  browser,
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // The operator loads the units (another journey may have already);
  // loading again changes nothing.
  expect(importUnits()).toMatch(/thêm 10|không đổi 10/);
  expect(importUnits()).toContain('không đổi 10');

  // The province's phone: the operator's first set-up with the registration key.
  await signInTopUnit(page, 'Tỉnh Thái Nguyên');
  await expect(page.getByText('Hạn nộp báo cáo năm 2026: 25/08/2026')).toBeVisible();
  const communeCode = await issueCode(page, 'Xã Tân Hương');
  const siblingCode = await issueCode(page, 'Xã Tân Phú');

  // The commune's phone signs in, creates its event and shares it under the unit.
  const c = await newPhone(browser, baseURL!);
  await enrol(c.page, communeCode, 'Xã Tân Hương');
  const event = await createEvent(c.page, 'Ủy ban nhân dân xã Tân Hương');
  await c.page.goto(event);
  await expect(c.page.getByText('Chia sẻ dưới đơn vị')).toBeVisible();
  await c.page.getByRole('button', { name: 'Chia sẻ qua máy chủ' }).click();
  await expect(c.page.locator('.join-code')).toBeVisible();
  await expect(c.page.getByText('Không có thay đổi nào đang chờ gửi.')).toBeVisible();
  await waitForServiceWorker(c.page);

  // The day, offline: the flag salute, 40 people at the gate, the texts.
  await c.context.setOffline(true);
  await tickFlagSalute(c.page, event);
  await c.page.goto(`${event}/dem-nguoi`);
  await count(c.page, 40);
  await expect(c.page.getByRole('status')).toContainText('40 người');
  await c.page.goto(`${event}/bao-cao`);
  await expect(c.page.getByText(/Hạn nộp báo cáo: 25\/08\/2026/)).toBeVisible();
  await c.page.getByLabel('Số, ký hiệu').fill('25/BC-BCĐ');
  await c.page.getByLabel('Địa danh').fill('Tân Hương');
  await c.page.getByLabel('Đánh giá chung').fill('Ngày hội diễn ra trang trọng, đúng kế hoạch.');
  await c.page.getByLabel('Đánh giá chung').blur();
  const doc = c.page.locator('.report-doc');
  await expect(doc).toContainText('Tổng số người tham dự: 40 người');
  await expect(doc).toContainText('Ngày hội diễn ra trang trọng, đúng kế hoạch.');
  await expect(doc).toContainText('Số: 25/BC-BCĐ');

  // Printed on A4: the browser's print, as a PDF.
  await c.page.emulateMedia({ media: 'print' });
  const pdf = await c.page.pdf({ format: 'A4', preferCSSPageSize: true });
  await c.page.emulateMedia({ media: 'screen' });
  const printed = await pdfText(pdf);
  expect(printed.pages).toBeGreaterThanOrEqual(1);
  expect(printed.pages).toBeLessThanOrEqual(4);
  expect(printed.text).toContain('BÁO CÁO');
  expect(printed.text).toContain('40 người');
  expect(printed.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(printed.text).not.toContain('Gửi báo cáo lên cấp trên');

  // In Word: the .docx's document XML holds the title, the unit and the figures.
  const download = c.page.waitForEvent('download');
  await c.page.getByRole('button', { name: 'Tải tệp Word (.docx)' }).click();
  const file = await (await download).path();
  const docx = unzipSync(new Uint8Array(readFileSync(file)));
  const xml = strFromU8(docx['word/document.xml']);
  const words = xml.replace(/<[^>]+>/g, '');
  expect(words).toContain('Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026');
  expect(words).toContain('ỦY BAN NHÂN DÂN XÃ TÂN HƯƠNG');
  expect(words).toContain('Tổng số người tham dự: 40 người');
  expect(words).toContain('Tân Hương, ngày');

  // Sent while offline: it waits, then goes with the connection.
  await c.page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(c.page.getByText('Đã ghi báo cáo để gửi.')).toBeVisible();
  await expect(c.page.locator('.submission-state').first()).toHaveText(/Chờ gửi/);
  await c.context.setOffline(false);
  await expect(c.page.locator('.submission-state').first()).toHaveText(/Đã gửi lúc/, { timeout: 30_000 });

  // The province reads it and returns it with a note.
  await page.goto('/don-vi');
  const row = page.locator('.report-below').filter({ hasText: 'Xã Tân Hương' });
  await expect(row.locator('.report-state')).toHaveText(/Đã gửi lúc/);
  await row.getByRole('button', { name: 'Xem báo cáo' }).click();
  await expect(row.locator('.report-doc')).toContainText('Tổng số người tham dự: 40 người');
  await row.getByLabel('Ghi chú (khi trả lại)').fill('Bổ sung kết quả phần hội.');
  await row.getByRole('button', { name: 'Trả lại' }).click();
  await expect(page.locator('.report-below').filter({ hasText: 'Xã Tân Hương' }).locator('.report-state')).toHaveText(
    'Đã trả lại: Bổ sung kết quả phần hội.',
  );

  // The province moves its deadline: the commune's report screen says so
  // without the officer opening "Đơn vị" first.
  await page.getByLabel(/Hạn nộp báo cáo năm/).fill('2026-08-20');
  await page.getByRole('button', { name: 'Đặt hạn nộp' }).click();
  await expect(page.getByText(/Đã đặt hạn nộp: 20\/08\/2026/)).toBeVisible();

  // The commune sees the note, corrects and sends again; both are kept.
  await c.page.goto(`${event}/bao-cao`);
  await expect(c.page.getByText(/Hạn nộp báo cáo: 20\/08\/2026/)).toBeVisible();
  await expect(c.page.locator('.submission-state').first()).toHaveText('Bị trả lại: Bổ sung kết quả phần hội.', {
    timeout: 30_000,
  });
  await c.page.getByLabel('Đề xuất, kiến nghị').fill('Đề nghị cấp trên hỗ trợ kinh phí.');
  await c.page.getByLabel('Đề xuất, kiến nghị').blur();
  await expect(c.page.locator('.report-doc')).toContainText('Đề nghị cấp trên hỗ trợ kinh phí.');
  await c.page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(c.page.locator('.submission')).toHaveCount(2);
  await expect(c.page.locator('.submission-state').first()).toHaveText(/Đã gửi lúc/, { timeout: 30_000 });
  await page.goto('/don-vi');
  await expect(page.locator('.report-below').filter({ hasText: 'Xã Tân Hương' }).locator('.report-state')).toHaveText(
    /Đã gửi lúc/,
  );

  // The sibling commune sees nothing of it: not in its list, not through the API.
  const s = await newPhone(browser, baseURL!);
  await enrol(s.page, siblingCode, 'Xã Tân Phú');
  await expect(s.page.locator('.report-below')).toHaveCount(0);
  const id = event.split('/').pop();
  const statuses = await s.page.evaluate(async (id) => {
    const token: string = await new Promise((resolve, reject) => {
      const open = indexedDB.open('ngayhoi');
      open.onsuccess = () => {
        const get = open.result.transaction('device').objectStore('device').get('unit');
        get.onsuccess = () => resolve(JSON.parse(get.result).token);
        get.onerror = () => reject(get.error);
      };
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const reports = await fetch(`/api/events/${id}/reports`, { headers });
    const sync = await fetch(`/api/events/${id}/sync`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ cursor: 0, protocol: 2, bundle: {} }),
    });
    const list = await fetch('/api/units/me/reports?year=2026', { headers });
    return [reports.status, sync.status, await list.json()];
  }, id);
  expect(statuses).toEqual([403, 403, []]);
  await c.context.close();
  await s.context.close();
});
