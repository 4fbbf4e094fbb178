import { test, expect } from './fixtures';
import { REGISTRATION_KEY } from '../playwright.config';
import { createEvent, newPhone, shareEvent } from './helpers';

test('the join link from the QR code fills the code in; a wrong code is refused', async ({ browser, page, baseURL }) => {
  const event = await createEvent(page);
  const code = await shareEvent(page, event, REGISTRATION_KEY);
  const qr = page.getByRole('img', { name: `Mã QR để tham gia, mã ${code}` });
  await expect(qr).toBeVisible();

  const b = await newPhone(browser, baseURL!);
  // A typo first: a clear message, nothing joined.
  await b.page.goto('/tham-gia');
  await b.page.getByLabel('Mã tham gia').fill('AAAA-BBBB-CCCC');
  await b.page.getByRole('button', { name: 'Tham gia' }).click();
  await expect(b.page.getByRole('alert')).toContainText('Mã tham gia không đúng');
  await expect(b.page).toHaveURL(/\/tham-gia$/);

  // A link from an older server (code in the query) still opens, and the
  // code is wiped from the address bar and history.
  await b.page.goto(`/tham-gia?ma=${code}`);
  await expect(b.page.getByLabel('Mã tham gia')).toHaveValue(code);
  await expect(b.page).toHaveURL(/\/tham-gia$/);

  // What a camera app opens after scanning the QR code: the code in the
  // fragment, which the browser never sends to a server.
  await b.page.goto('/');
  const requested: string[] = [];
  b.page.on('request', (r) => requested.push(r.url()));
  await b.page.goto(`/tham-gia#ma=${code}`);
  await expect(b.page.getByLabel('Mã tham gia')).toHaveValue(code);
  await expect(b.page).toHaveURL(/\/tham-gia$/);
  expect(requested.filter((u) => u.includes(code)), 'no request carries the code').toEqual([]);
  // In-app scanning is offered only where the browser can read barcodes.
  const canScan = await b.page.evaluate(() => 'BarcodeDetector' in window);
  await expect(b.page.getByRole('button', { name: 'Quét mã QR' })).toHaveCount(canScan ? 1 : 0);
  await b.page.getByRole('button', { name: 'Tham gia' }).click();
  await expect(b.page).toHaveURL(new RegExp(`${event}$`));
  await expect(b.page.locator('.sync-badge')).toContainText('đồng bộ lúc');
  await b.context.close();
});
