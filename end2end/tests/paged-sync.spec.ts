import { test, expect } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { createEvent, newPhone, shareEvent } from './helpers';

// The suite's server answers in pages of 10 records (playwright.config.ts).
const PEOPLE = 300;

test('a first sync of a big event comes page by page, and one cut off midway goes on from where it stopped', async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  const event = await createEvent(page);
  await page.goto(`${event}/khach-moi`);
  const list = ['Họ tên,Chức vụ', ...Array.from({ length: PEOPLE }, (_, i) => `Người số ${i + 1},Thôn ${i % 7}`)].join('\n');
  await page.getByText('Nhập danh sách từ tệp CSV hoặc dán').click();
  await page.getByLabel('Chọn tệp CSV').setInputFiles({ name: 'khach-moi.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
  await page.getByRole('button', { name: `Nhập ${PEOPLE} người` }).click();
  await expect(page.getByText(`Đã đến 0/${PEOPLE} khách mời`)).toBeVisible();
  const code = await shareEvent(page, event, REGISTRATION_KEY);

  // Phone B joins; its connection drops on the fifth page.
  const b = await newPhone(browser, baseURL!);
  const cursors: number[] = [];
  let pages = 0;
  await b.page.route('**/api/events/*/sync', async (route) => {
    cursors.push(JSON.parse(route.request().postData()!).cursor);
    pages += 1;
    if (pages === 5) await route.abort('connectionreset');
    else await route.continue();
  });
  await b.page.goto('/tham-gia');
  await b.page.getByLabel('Mã tham gia').fill(code);
  await b.page.getByRole('button', { name: 'Tham gia' }).click();
  await expect(b.page.getByRole('alert')).toContainText('Chưa kết nối được máy chủ');

  // It tries again on its own and goes on from the page it had stored.
  await b.page.goto(`${event}/khach-moi`);
  await expect(b.page.getByText(`Đã đến 0/${PEOPLE} khách mời`)).toBeVisible({ timeout: 60_000 });
  expect(cursors.filter((c) => c === 0).length, 'it never started over').toBe(1);
  expect(pages).toBeGreaterThan(PEOPLE / 10);
  await b.context.close();
});
