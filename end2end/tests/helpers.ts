import { devices, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { DATABASE, PORT } from '../playwright.config';

/** The standard program of seed 003, in order. */
export const STANDARD_PROGRAM = [
  'Văn nghệ chào mừng',
  'Lễ chào cờ',
  'Tuyên bố lý do, giới thiệu đại biểu',
  'Thông báo chương trình Ngày hội',
  'Diễn văn khai mạc',
  'Tọa đàm, thảo luận, trao đổi kinh nghiệm',
  'Công bố quyết định và trao thưởng',
  'Đại biểu cấp trên phát biểu và tặng quà',
  'Phát biểu đáp từ của người đứng đầu đơn vị tổ chức',
  'Ký kết giao ước thi đua',
  'Tuyên bố kết thúc buổi lễ',
];

/** Creates an event from the home screen; resolves on its program editor. Returns the event's path. */
export async function createEvent(page: Page, hostName = 'Ủy ban nhân dân xã Tân Lập'): Promise<string> {
  await page.goto('/');
  await page.getByLabel('Tên cơ quan, đơn vị tổ chức').fill(hostName);
  await page.getByLabel('Địa điểm').fill('Sân vận động xã');
  await page.getByRole('button', { name: 'Tạo Ngày hội' }).click();
  await expect(page).toHaveURL(/\/su-kien\/[0-9a-f-]{36}\/chuong-trinh$/);
  return new URL(page.url()).pathname.replace(/\/chuong-trinh$/, '');
}

/** The step titles in the program editor, in order. */
export async function editorTitles(page: Page): Promise<string[]> {
  const inputs = page.getByRole('textbox', { name: /^Tên bước \d+$/ });
  await expect(inputs.first()).toBeVisible();
  return inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
}

/**
 * Waits until the service worker controls the page (the app then works
 * offline). A page that loaded while the worker was activating can miss its
 * claim and stay uncontrolled, with no `controllerchange` to come: after a
 * few seconds it is reloaded, which the active worker then serves.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  const controlled = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return true;
    return await new Promise<boolean>((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
      setTimeout(() => resolve(navigator.serviceWorker.controller !== null), 5_000);
    });
  });
  if (!controlled) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
}

/** HH:MM now in Việt Nam, as the app shows times. */
export function nowInVietnam(offsetMinutes = 0): string {
  const at = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** A second (or third) phone: a context of its own, as the config's phone. */
export async function newPhone(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...devices['Pixel 5'],
    baseURL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  return { context, page: await context.newPage() };
}

/** Shares the event on screen through the server; returns the access code. */
export async function shareEvent(page: Page, eventPath: string, registrationKey: string): Promise<string> {
  await page.goto(eventPath);
  await page.getByLabel('Mã đăng ký của máy chủ').fill(registrationKey);
  await page.getByRole('button', { name: 'Chia sẻ qua máy chủ' }).click();
  const code = page.locator('.join-code');
  await expect(code).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.getByText('Không có thay đổi nào đang chờ gửi.')).toBeVisible();
  return (await code.textContent())!;
}

/** Joins with a code from the home screen; resolves on the event's overview. Returns its path. */
export async function joinEvent(page: Page, code: string): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Tham gia bằng mã' }).click();
  await page.getByLabel('Mã tham gia').fill(code);
  await page.getByRole('button', { name: 'Tham gia' }).click();
  await expect(page).toHaveURL(/\/su-kien\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** Taps the gate buttons: fives, then ones. */
export async function count(page: Page, people: number): Promise<void> {
  for (let i = 0; i < Math.floor(people / 5); i++) await page.getByRole('button', { name: 'Thêm 5 người' }).click();
  for (let i = 0; i < people % 5; i++) await page.getByRole('button', { name: 'Thêm 1 người' }).click();
}

/** In run mode, ticks the flag salute (step 2) and waits until it is saved. */
export async function tickFlagSalute(page: Page, eventPath: string): Promise<void> {
  await page.goto(`${eventPath}/dieu-hanh`);
  await page.getByRole('checkbox', { name: /Lễ chào cờ/ }).click();
  await expect(page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked();
}

/** The operator loads the example units into the suite's database. */
export function importUnits(): string {
  return execFileSync('../target/server/server', ['--db', DATABASE, 'units', 'import', '../server/units-demo.csv'], {
    encoding: 'utf8',
  });
}

/** The operator loads units from CSV text (a file of their own). */
export function importUnitsText(csv: string): string {
  const file = `${DATABASE}.units-${randomUUID()}.csv`;
  writeFileSync(file, csv);
  return execFileSync('../target/server/server', ['--db', DATABASE, 'units', 'import', file], { encoding: 'utf8' });
}

/** Signs the phone in to a unit with a code the level above issued. */
export async function enrol(page: Page, code: string, unitName: string): Promise<void> {
  await page.goto('/don-vi');
  await page.getByLabel('Mã đăng nhập đơn vị').fill(code);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.locator('.unit-name')).toHaveText(unitName);
}

/** On the unit screen, issues a sign-in code for a unit below; returns it. */
export async function issueCode(page: Page, unitName: string): Promise<string> {
  const row = page.locator('.unit-below').filter({ hasText: unitName });
  await row.getByRole('button', { name: 'Cấp mã đăng nhập' }).click();
  const code = row.locator('.join-code');
  await expect(code).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return (await code.textContent())!;
}


/** The operator's one-time sign-in code for a unit with no phone
 *  (`server units issue-code`): the code alone on the last line. */
export function operatorCode(unit: string): string {
  const out = execFileSync('../target/server/server', ['--db', DATABASE, 'units', 'issue-code', unit], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.trim().split('\n').pop()!.trim();
}

/** The suite's first phone of province 19, signed in on the operator's
 *  code by whichever journey comes first; its token is kept beside the
 *  database for the others (the operator gives a unit its first phone
 *  only; its own phone adds colleagues). */
async function provinceToken(baseURL: string): Promise<string> {
  const file = DATABASE + '.province-19';
  const kept = () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };
  let code: string | null = null;
  if (kept() === null) {
    try {
      code = operatorCode('19');
    } catch {
      // Another journey's phone has it already.
    }
  }
  if (code) {
    const res = await fetch(`${baseURL}/api/units/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, device: randomUUID() }),
    });
    const { token } = await res.json();
    writeFileSync(file, token);
    return token;
  }
  for (let i = 0; i < 100; i++) {
    const token = kept();
    if (token) return token;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no phone of province 19');
}

/** Signs the phone in to province 19 ('Tỉnh Thái Nguyên'): with a code
 *  from a phone the province has already (a colleague's). */
export async function signInTopUnit(page: Page, name: string): Promise<void> {
  const baseURL = `http://127.0.0.1:${PORT}`;
  const token = await provinceToken(baseURL);
  const res = await fetch(`${baseURL}/api/units/19/enrolment`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const { code } = await res.json();
  await enrol(page, code, name);
}

/** On the unit screen, adds a unit directly below. */
export async function addUnit(page: Page, code: string, name: string, level: string): Promise<void> {
  const form = page.locator('form', { hasText: 'Thêm đơn vị trực thuộc' });
  await form.getByLabel('Mã đơn vị').fill(code);
  await form.getByLabel('Tên đơn vị').fill(name);
  await form.getByLabel('Cấp').selectOption({ label: level });
  await form.getByRole('button', { name: 'Thêm đơn vị' }).click();
  await expect(page.locator('.unit-below').filter({ hasText: name })).toBeVisible();
}

/** A port the system says is free, for a journey that runs its own server:
 *  a fixed port could be taken by anything else on the machine, whose
 *  answers would then pass for that server's. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the release server with `args` on 127.0.0.1:`port` (with
 *  `registrationKey`), and resolves once it answers its health check. For
 *  journeys that stop and start servers of their own. */
export async function startServer(port: number, args: string[], registrationKey: string): Promise<ChildProcess> {
  const server = spawn(
    join(__dirname, '..', '..', 'target', 'server', 'server'),
    ['--addr', `127.0.0.1:${port}`, '--dist', join(__dirname, '..', '..', 'dist'), ...args],
    { stdio: 'ignore', env: { ...process.env, NGAYHOI_REGISTRATION_KEY: registrationKey } },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if (server.exitCode !== null) break;
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on port ${port} did not start`);
}

/** SIGKILL: no graceful shutdown, as when a machine loses power mid-sync. */
export function killServer(server: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server || server.exitCode !== null) return resolve();
    server.once('exit', () => resolve());
    server.kill('SIGKILL');
  });
}

/** Text of every page of a PDF, how many pages, and each page's size in
 *  points (width, height). */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string; sizes: [number, number][] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: true }).promise;
  let text = '';
  const sizes: [number, number][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [x0, y0, x1, y1] = page.view;
    sizes.push([x1 - x0, y1 - y0]);
    const content = await page.getTextContent();
    // Runs of glyphs come in pieces: joined as they are, ends of lines as spaces.
    text += content.items.map((it: any) => ('str' in it ? it.str + (it.hasEOL ? ' ' : '') : '')).join('') + ' ';
  }
  return { pages: doc.numPages, text: text.normalize('NFC').replace(/\s+/g, ' '), sizes };
}

/** The words of `selector`'s elements that the browser broke across lines. */
export async function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const broken: string[] = [];
    for (const el of Array.from(document.querySelectorAll(sel))) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index!);
          range.setEnd(node, m.index! + m[0].length);
          const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  }, selector);
}
