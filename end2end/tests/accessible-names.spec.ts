import { test, expect, type Page } from '@playwright/test';
import { createEvent } from './helpers';

// Roles a person operates; each needs a name a screen reader can say.
const CONTROL_ROLES = new Set(['button', 'checkbox', 'textbox', 'combobox', 'link', 'radio', 'searchbox', 'slider']);

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
  for (const [screen, path] of [
    ['program editor', '/chuong-trinh'],
    ['run mode', '/dieu-hanh'],
    ['headcount', '/dem-nguoi'],
    ['overview', ''],
  ]) {
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
  for (const path of ['', '/chuong-trinh', '/dieu-hanh', '/dem-nguoi']) {
    await page.goto(`${event}${path}`);
    await expect(page.locator('.loading')).toHaveCount(0);
    const problems = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, a[href], select, input[type=text], input[type=date], input[type=time]'))) {
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
