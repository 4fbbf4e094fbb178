import { test, expect } from './fixtures';
import { createEvent, editorTitles, STANDARD_PROGRAM } from './helpers';

test('a new event defaults to 19 August and preloads the 11 steps in order', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Ngày hội trên điện thoại này' })).toBeVisible();
  await expect(page.getByText('Chưa có Ngày hội nào')).toBeVisible();
  const year = new Date().getFullYear();
  await expect(page.getByLabel('Ngày tổ chức')).toHaveValue(`${year}-08-19`);

  await createEvent(page, 'Ủy ban nhân dân xã Tân Lập');
  expect(await editorTitles(page)).toEqual(STANDARD_PROGRAM);

  // Run mode lists the same steps, each a checkbox named by its title.
  await page.getByRole('link', { name: 'Điều hành' }).click();
  const boxes = page.getByRole('checkbox');
  await expect(boxes).toHaveCount(11);
  for (const [i, title] of STANDARD_PROGRAM.entries()) {
    await expect(boxes.nth(i)).toHaveAccessibleName(new RegExp(`^${i + 1}\\. ${title}`));
  }

  // The home screen lists the event.
  await page.getByRole('link', { name: 'Ngày hội ANTQ' }).click();
  await expect(page.getByRole('link', { name: /Ủy ban nhân dân xã Tân Lập/ })).toContainText(`19/08/${year}`);
});

test('an event needs the host unit name', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill('   ');
  await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
  await expect(page.getByRole('alert')).toContainText('Chưa nhập tên đơn vị tổ chức.');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Chưa có Ngày hội nào')).toBeVisible();
});
