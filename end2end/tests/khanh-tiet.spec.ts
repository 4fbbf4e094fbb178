import { test, expect } from './fixtures';
import { readFileSync } from 'node:fs';
import { createEvent } from './helpers';

test('the banner follows the template, is edited line by line and exported for the print shop', async ({ page }) => {
  const year = new Date().getFullYear();
  const event = await createEvent(page);
  await page.goto(event);
  await page.getByRole('link', { name: 'Khánh tiết, băng rôn' }).click();
  const preview = page.getByRole('img', { name: /^Xem trước:/ });
  await expect(preview).toContainText('ỦY BAN NHÂN DÂN XÃ TÂN LẬP');
  await expect(preview).toContainText('NGÀY HỘI');
  await expect(preview).toContainText(`TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM ${year}`);
  await expect(preview).toContainText(`Sân vận động xã, ngày 19 tháng 8 năm ${year}`);
  await expect(page.getByLabel('Chiều rộng (m)')).toHaveValue('6');
  // At the backdrop's proportions: 6 m × 3 m.
  await expect(preview.locator('svg')).toHaveAttribute('viewBox', '0 0 600 300');

  await page.getByLabel('Dòng 1').fill('CÔNG AN XÃ TÂN LẬP');
  await page.getByLabel('Dòng 1').press('Tab');
  await expect(preview).toContainText('CÔNG AN XÃ TÂN LẬP');
  await page.getByLabel('Chiều rộng (m)').fill('8,5');
  await page.getByLabel('Chiều rộng (m)').press('Tab');
  await expect(preview.locator('svg')).toHaveAttribute('viewBox', '0 0 850 300');
  await page.reload();
  await expect(preview).toContainText('CÔNG AN XÃ TÂN LẬP');

  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải SVG' }).click();
  const svg = await svgDownload;
  expect(svg.suggestedFilename()).toBe('bang-ron-ngay-hoi.svg');
  const svgText = readFileSync((await svg.path())!, 'utf8');
  expect(svgText).toContain('>CÔNG AN XÃ TÂN LẬP</text>');
  expect(svgText).toContain('width="850cm"');

  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải ảnh PNG' }).click();
  const png = readFileSync((await (await pngDownload).path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // 4000 px across, at the backdrop's proportions (IHDR width and height).
  expect(png.readUInt32BE(16)).toBe(4000);
  expect(png.readUInt32BE(20)).toBe(Math.floor((4000 * 300) / 850));

  // Back to the template.
  await page.getByRole('button', { name: 'Theo mẫu' }).click();
  await expect(preview).toContainText('ỦY BAN NHÂN DÂN XÃ TÂN LẬP');
  await expect(page.getByLabel('Dòng 1')).toHaveValue('ỦY BAN NHÂN DÂN XÃ TÂN LẬP');

  // The print view shows only the banner.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { name: 'Khánh tiết' })).toBeHidden();
  await expect(preview).toBeVisible();
});

test('decoration jobs: the standard ones due 18 July, ticked when done, plus local ones', async ({ page }) => {
  const year = new Date().getFullYear();
  const event = await createEvent(page);
  await page.goto(`${event}/khanh-tiet`);
  await expect(page.getByText('Đã xong 0/4 việc')).toBeVisible();
  const flags = page.getByRole('checkbox', { name: 'Xong: Treo cờ Tổ quốc, cờ chuôi trên các tuyến đường chính' });
  await expect(flags).not.toBeChecked();
  const flagsRow = page.locator('li.entry', { has: flags });
  await expect(flagsRow.getByLabel('Hạn xong')).toHaveValue(`${year}-07-18`);
  await flagsRow.getByLabel('Người phụ trách').fill('Đoàn Thanh niên');
  await flagsRow.getByLabel('Người phụ trách').press('Tab');
  await flags.check();
  await expect(page.getByText('Đã xong 1/4 việc')).toBeVisible();

  const add = page.locator('form', { hasText: 'Thêm việc' });
  await add.getByLabel('Việc cần làm').fill('Dựng sân khấu, phông nền');
  await add.getByLabel('Ở đâu').fill('Sân vận động xã');
  await add.getByRole('button', { name: 'Thêm việc' }).click();
  await expect(page.getByText('Đã xong 1/5 việc')).toBeVisible();

  await page.reload();
  await expect(flags).toBeChecked();
  await expect(flagsRow.getByLabel('Người phụ trách')).toHaveValue('Đoàn Thanh niên');
  await expect(page.getByRole('checkbox', { name: 'Xong: Dựng sân khấu, phông nền' })).not.toBeChecked();
});

test('a banner line being typed is kept when another change lands, and only the banner screen prints as the banner', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/khanh-tiet`);
  const first = page.getByLabel('Dòng 1');
  await first.fill('UBND XÃ TÂN LẬP');
  // A decoration ticked meanwhile (without taking the focus from the line,
  // as a sync from another phone would land).
  await page
    .getByRole('checkbox', { name: 'Xong: Treo cờ Tổ quốc, cờ chuôi trên các tuyến đường chính' })
    .evaluate((el) => (el as HTMLInputElement).click());
  await expect(page.getByText('Đã xong 1/4 việc')).toBeVisible();
  await expect(first).toHaveValue('UBND XÃ TÂN LẬP');

  // Other screens print as they are.
  await page.goto(`${event}/tong-ket`);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { name: /Chương trình: 0\/11 bước/ })).toBeVisible();
});
