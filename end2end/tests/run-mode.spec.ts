import { test, expect } from './fixtures';
import { createEvent, nowInVietnam } from './helpers';

test('a ticked step stays ticked with its time after a reload', async ({ page }) => {
  const event = await createEvent(page);
  await page.getByRole('link', { name: 'Điều hành' }).click();
  const flag = page.getByRole('checkbox', { name: /Lễ chào cờ/ });
  await expect(flag).not.toBeChecked();

  const before = nowInVietnam();
  await flag.click();
  await expect(flag).toBeChecked();
  const after = nowInVietnam();
  const shown = new RegExp(`Thực hiện lúc (${before}|${after})`);
  await expect(flag).toHaveAccessibleName(shown);

  await page.reload();
  const again = page.getByRole('checkbox', { name: /Lễ chào cờ/ });
  await expect(again).toBeChecked();
  await expect(again).toHaveAccessibleName(shown);
  await expect(page.getByRole('status')).toContainText('Đã xong 1/11 bước');
  expect(new URL(page.url()).pathname).toBe(`${event}/dieu-hanh`);
});

test('the current step is the first not done, and unticking keeps it honest', async ({ page }) => {
  await createEvent(page);
  await page.getByRole('link', { name: 'Điều hành' }).click();
  const current = page.locator('li[aria-current="step"]');
  await expect(current).toContainText('Văn nghệ chào mừng');

  await page.getByRole('checkbox', { name: /Văn nghệ chào mừng/ }).click();
  await expect(current).toContainText('Lễ chào cờ');
  await page.getByRole('checkbox', { name: /Lễ chào cờ/ }).click();
  await expect(current).toContainText('Tuyên bố lý do');

  // Unticking the flag salute makes it current again and clears its time.
  const flag = page.getByRole('checkbox', { name: /Lễ chào cờ/ });
  await flag.click();
  await expect(flag).not.toBeChecked();
  await expect(current).toContainText('Lễ chào cờ');
  await expect(flag).not.toHaveAccessibleName(/Thực hiện lúc/);
  await expect(page.getByRole('status')).toContainText('Đã xong 1/11 bước');
});

test('planned times show against actual ones', async ({ page }) => {
  await createEvent(page);
  const planned = nowInVietnam(-10);
  await page.getByLabel('Giờ dự kiến').nth(1).fill(planned);
  await page.getByLabel('Giờ dự kiến').nth(1).blur();
  await page.getByRole('link', { name: 'Điều hành' }).click();
  const flag = page.getByRole('checkbox', { name: /Lễ chào cờ/ });
  await expect(flag).toHaveAccessibleName(new RegExp(`Dự kiến ${planned}`));
  await flag.click();
  await expect(flag).toHaveAccessibleName(/Thực hiện lúc \d\d:\d\d \(trễ (9|10|11) phút\)/);
  await expect(page.getByRole('status')).toContainText(/Hiện trễ (9|10|11) phút so với kế hoạch/);
});

test('reopening run mode mid-ceremony shows the current step', async ({ page }) => {
  const event = await createEvent(page);
  await page.goto(`${event}/dieu-hanh`);
  const boxes = page.getByRole('checkbox');
  for (let i = 0; i < 9; i++) {
    await boxes.nth(i).click();
    await expect(boxes.nth(i)).toBeChecked();
  }
  await page.reload();
  const current = page.locator('li[aria-current="step"]');
  await expect(current).toContainText('Ký kết giao ước thi đua');
  await expect(current).toBeInViewport();
});
