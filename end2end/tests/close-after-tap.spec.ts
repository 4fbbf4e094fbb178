import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { createEvent } from './helpers';

// The officer taps and the app is gone a few milliseconds later (swiped
// away, the battery out): the tap must still be there at the next start.
// Each click is dispatched inside the page and the page is closed straight
// after, so the close races the tap's IndexedDB transaction; several
// rounds, since one lucky round proves nothing.
const ROUNDS = 8;

/**
 * Clicks the elements matching `selectors` in one task of the page, then
 * closes it at once. The page's CPU is throttled (a slow phone, busy): on
 * this machine's CPU a write often finishes before the close lands, while
 * throttled the close cuts it off in about half the rounds or more.
 */
async function clickThenClose(page: Page, selectors: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  await page.evaluate((all) => {
    for (const s of all) (document.querySelector(s) as HTMLElement).click();
  }, selectors);
  await page.close();
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** Journal entries left in localStorage (all replayed and removed at start). */
async function journalEntries(page: Page): Promise<number> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ngayhoi.journal.')).length);
}

test('a step ticked just before the app closes is ticked when it opens again', async ({ page, context }) => {
  const event = await createEvent(page);
  await page.close();

  for (let round = 0; round < ROUNDS; round++) {
    const run = await open(context, `${event}/dieu-hanh`);
    const boxes = run.getByRole('checkbox');
    await expect(boxes).toHaveCount(11);
    for (let i = 0; i < round; i++) await expect(boxes.nth(i)).toBeChecked();
    await expect(boxes.nth(round)).not.toBeChecked();
    await clickThenClose(run, [`.run-step:nth-child(${round + 1}) input[type=checkbox]`]);
  }

  const after = await open(context, `${event}/dieu-hanh`);
  const boxes = after.getByRole('checkbox');
  for (let i = 0; i < ROUNDS; i++) {
    await expect(boxes.nth(i)).toBeChecked();
    await expect(boxes.nth(i)).toHaveAccessibleName(/Thực hiện lúc \d\d:\d\d/);
  }
  await expect(boxes.nth(ROUNDS)).not.toBeChecked();
  await expect(after.getByRole('status')).toContainText(`Đã xong ${ROUNDS}/11 bước`);
  expect(await journalEntries(after)).toBe(0);
});

test('gate taps just before the app closes are counted, and only once', async ({ page, context }) => {
  const event = await createEvent(page);
  await page.close();

  // Each round: +1, then +5 while the first is still being written.
  let expected = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const gate = await open(context, `${event}/dem-nguoi`);
    await expect(gate.locator('.headcount-total .count')).toHaveText(String(expected));
    await expect(gate.getByText(`Máy này đã đếm ${expected} người`)).toBeVisible();
    await clickThenClose(gate, ['button[aria-label="Thêm 1 người"]', 'button[aria-label="Thêm 5 người"]']);
    expected += 6;
  }

  const gate = await open(context, `${event}/dem-nguoi`);
  await expect(gate.locator('.headcount-total .count')).toHaveText(String(expected));
  expect(await journalEntries(gate)).toBe(0);
  // A second start replays nothing more.
  await gate.reload();
  await expect(gate.getByText(`Máy này đã đếm ${expected} người`)).toBeVisible();
  await expect(gate.locator('.headcount-total .count')).toHaveText(String(expected));
});

test('a replay of taps already saved changes nothing', async ({ page, context }) => {
  // The journal entries outlive their commits, as when the app dies between
  // a commit and the removal of its entry: the next start replays taps
  // already counted and a step already ticked.
  const event = await createEvent(page);
  await page.close();
  const gate = await context.newPage();
  await gate.addInitScript(() => {
    const remove = Storage.prototype.removeItem;
    Storage.prototype.removeItem = function (key: string) {
      if (!key.startsWith('ngayhoi.journal.')) remove.call(this, key);
    };
  });
  await gate.goto(`${event}/dem-nguoi`);
  await gate.getByRole('button', { name: 'Thêm 5 người' }).click();
  await gate.getByRole('button', { name: 'Thêm 1 người' }).click();
  await expect(gate.locator('.headcount-total .count')).toHaveText('6');
  await gate.goto(`${event}/dieu-hanh`);
  await gate.getByRole('checkbox', { name: /Lễ chào cờ/ }).click();
  await expect(gate.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
  expect(await journalEntries(gate)).toBe(3);
  // And a damaged entry, which must not stop the app from opening.
  await gate.evaluate(() => localStorage.setItem('ngayhoi.journal.damaged', '{"tap": {"id": 1'));
  await gate.close();

  const again = await open(context, `${event}/dem-nguoi`);
  await expect(again.getByText('Máy này đã đếm 6 người')).toBeVisible();
  await expect(again.locator('.headcount-total .count')).toHaveText('6');
  expect(await journalEntries(again)).toBe(0);
  await again.goto(`${event}/dieu-hanh`);
  await expect(again.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
  await expect(again.getByRole('status')).toContainText('Đã xong 1/11 bước');
});
