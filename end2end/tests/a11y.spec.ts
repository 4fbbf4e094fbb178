import { test, expect } from './fixtures';
import { brokenWords, count, createEvent, importUnits, signInTopUnit, tickFlagSalute } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Every screen an officer or the level above reaches, under an event at
 *  `event` (its overview first). */
const EVENT_SCREENS = [
  '',
  '/dieu-hanh',
  '/dem-nguoi',
  '/khach-moi',
  '/dan-van',
  '/chuong-trinh',
  '/khanh-tiet',
  '/khen-thuong',
  '/dien-dan',
  '/kinh-phi',
  '/tong-ket',
  '/bao-cao',
];
const APP_SCREENS = ['/', '/cai-dat', '/tham-gia', '/don-vi', '/tong-hop', '/phong-trao', '/giai-doan', '/bao-cao-giai-doan'];
const THEMES = ['light', 'dark', 'sun'] as const;

/** The serious and critical WCAG 2.1 A/AA violations axe finds on the
 *  page as it stands, each with where. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // axe ran its rules on this page (a page it could not read passes none).
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function theme(page: Page, name: (typeof THEMES)[number]): Promise<void> {
  await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), name);
}

test('every screen of a filled-in event and of the units passes axe in the light, dark and sunlight themes', async ({ page }) => {
  test.setTimeout(300_000);
  expect(importUnits()).toMatch(/thêm 10|không đổi 10/);
  await signInTopUnit(page, 'Tỉnh Thái Nguyên');
  const event = await createEvent(page, 'Ủy ban nhân dân xã Phúc Xuân');
  await tickFlagSalute(page, event);
  await page.goto(`${event}/dem-nguoi`);
  await count(page, 7);
  const found: string[] = [];
  for (const path of [...EVENT_SCREENS.map((s) => `${event}${s}`), ...APP_SCREENS]) {
    await page.goto(path);
    await expect(page.locator('main h1, main h2').first()).toBeVisible();
    // Whatever loads after the heading (a module, the kept copy) has come.
    await page.waitForLoadState('networkidle');
    if (path === '/giai-doan') {
      // The chart's figures as text: one row per year of the period.
      await expect(page.locator('.chart-figures tbody tr')).toHaveCount(5);
    }
    for (const t of THEMES) {
      await theme(page, t);
      for (const v of await violations(page)) found.push(`${path} [${t}] ${v}`);
    }
  }
  expect(found).toEqual([]);
});

test('run mode and the gate at 200 % text: nothing wider than the phone, no word broken, the progress line never under the header', async ({
  page,
}) => {
  const event = await createEvent(page, 'Ủy ban nhân dân xã Phúc Xuân');
  await page.setViewportSize({ width: 393, height: 851 });
  for (const screen of ['/dieu-hanh', '/dem-nguoi']) {
    await page.goto(`${event}${screen}`);
    await expect(page.locator('main h1, main h2').first()).toBeVisible();
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(wide, `${screen} is wider than the phone`).toBeLessThanOrEqual(0);
    expect(await brokenWords(page, '.app-header a, .event-tabs a')).toEqual([]);
    // Every tab can be reached: in view once scrolled to.
    for (const tab of await page.locator('.event-tabs a').all()) {
      await tab.scrollIntoViewIfNeeded();
      await expect(tab).toBeInViewport();
    }
    expect(await violations(page)).toEqual([]);
  }
  await page.goto(`${event}/dieu-hanh`);
  await expect(page.locator('.progress-summary')).toBeVisible();
  await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
  await page.mouse.wheel(0, 1500);
  await page.waitForTimeout(300);
  const [header, progress] = await Promise.all([
    page.locator('.app-header').boundingBox(),
    page.locator('.progress-summary').boundingBox(),
  ]);
  expect(progress!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1);
});
