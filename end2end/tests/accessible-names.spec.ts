import { test, expect, type Page } from './fixtures';
import { createEvent } from './helpers';

// Roles a person operates; each needs a name a screen reader can say.
const CONTROL_ROLES = new Set(['button', 'checkbox', 'textbox', 'combobox', 'link', 'radio', 'searchbox', 'slider']);

const SCREENS: [string, string][] = [
  ['program editor', '/chuong-trinh'],
  ['run mode', '/dieu-hanh'],
  ['headcount', '/dem-nguoi'],
  ['invitees', '/khach-moi'],
  ['outreach', '/dan-van'],
  ['khánh tiết', '/khanh-tiet'],
  ['awards', '/khen-thuong'],
  ['forum', '/dien-dan'],
  ['budget', '/kinh-phi'],
  ['summary', '/tong-ket'],
  ['overview', ''],
];

/** One entry in each list, so that list rows are checked too. */
async function fillLists(page: Page, event: string): Promise<void> {
  await page.goto(`${event}/khach-moi`);
  await page.getByRole('searchbox', { name: 'Tìm khách mời theo tên' }).fill('Hà Văn Tư');
  await page.getByRole('button', { name: /khách đến trực tiếp/ }).click();
  await page.getByRole('button', { name: 'Sửa thông tin Hà Văn Tư' }).click();
  await page.goto(`${event}/dan-van`);
  await page.getByRole('button', { name: '+1 Thủ tục cấp Căn cước' }).click();
  await expect(page.locator('li.entry-line')).toHaveCount(1);
  for (const [path, field, value, button] of [
    ['/khen-thuong', 'Tập thể hoặc cá nhân được khen', 'Thôn Đông', 'Thêm vào danh sách'],
    ['/dien-dan', 'Nội dung ý kiến', 'Xin lắp đèn đường', 'Lưu ý kiến'],
    ['/kinh-phi', 'Nội dung chi', 'Âm thanh', 'Thêm khoản chi'],
  ]) {
    await page.goto(`${event}${path}`);
    await page.locator('form').last().getByLabel(field).fill(value);
    if (path === '/kinh-phi') await page.getByLabel('Dự kiến (đồng)').first().fill('1.000.000');
    await page.getByRole('button', { name: button }).click();
    await expect(page.locator('li.entry')).toHaveCount(1);
  }
}

async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; properties?: unknown[] }[];
  };
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? ''))
    .filter((n) => !(n.name?.value ?? '').trim())
    .map((n) => n.role!.value);
}

test('every control on every screen has an accessible name', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Tạo Ngày hội' })).toBeVisible();
  expect(await unnamedControls(page), 'home').toEqual([]);

  const event = await createEvent(page);
  await fillLists(page, event);
  for (const [screen, path] of SCREENS) {
    await page.goto(`${event}${path}`);
    await expect(page.getByRole('navigation', { name: 'Các màn hình của Ngày hội' })).toBeVisible();
    await expect(page.locator('.loading')).toHaveCount(0);
    expect(await unnamedControls(page), screen).toEqual([]);
  }
  await page.goto('/cai-dat');
  await expect(page.getByRole('heading', { name: 'Cài đặt' })).toBeVisible();
  expect(await unnamedControls(page), 'settings').toEqual([]);
});

test('tap targets are at least 48px and text at least 16px on a phone', async ({ page }) => {
  const event = await createEvent(page);
  await fillLists(page, event);
  for (const [, path] of SCREENS) {
    await page.goto(`${event}${path}`);
    await expect(page.locator('.loading')).toHaveCount(0);
    const problems = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, a[href], select, textarea, input[type=text], input[type=date], input[type=time], input[type=search], input[type=tel], summary'))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.height < 48 || r.width < 48)) out.push(`${el.tagName} ${el.textContent?.trim() || el.getAttribute('aria-label')} ${r.width}x${r.height}`);
      }
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *, header *, nav *'))) {
        if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 16) out.push(`text ${size}px: ${el.textContent!.trim().slice(0, 30)}`);
      }
      return out;
    });
    expect(problems, path || 'overview').toEqual([]);
  }
});
