import { test, expect } from './fixtures';
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, createEvent, freePort, joinEvent, killServer, newPhone, shareEvent, startServer } from './helpers';

// This journey stops and restarts the server, so it runs its own, on its own
// database and a free port (the same one across restarts).
let PORT = 0;
let BASE = '';
const KEY = 'restart-test-key';
let dir: string;
let server: ChildProcess | undefined;

async function start(): Promise<void> {
  server = await startServer(PORT, ['--db', join(dir, 'ngayhoi.sqlite')], KEY);
}

test.beforeAll(async () => {
  PORT = await freePort();
  BASE = `http://127.0.0.1:${PORT}`;
  dir = mkdtempSync(join(tmpdir(), 'ngayhoi-restart-'));
  await start();
});

test.afterAll(async () => {
  await killServer(server);
  rmSync(dir, { recursive: true, force: true });
});

test('a server killed mid-sync and restarted loses nothing and counts nothing twice', async ({ browser }) => {
  test.setTimeout(120_000);
  const a = await newPhone(browser, BASE);
  const b = await newPhone(browser, BASE);
  const event = await createEvent(a.page);
  const code = await shareEvent(a.page, event, KEY);
  await joinEvent(b.page, code);
  await a.page.goto(`${event}/dem-nguoi`);
  await b.page.goto(`${event}/dem-nguoi`);

  // Taps on both phones; the server dies while their syncs are under way.
  await count(a.page, 12);
  await count(b.page, 9);
  await expect(a.page.getByRole('status')).toContainText('12 người');
  await new Promise((r) => setTimeout(r, 1_600)); // the debounced syncs start now
  await killServer(server);
  // Work goes on while it is down.
  await count(a.page, 3);
  await count(b.page, 6);
  await expect(b.page.getByRole('status')).toContainText(/\d+ người/);

  await start();
  // Back-off retries (or the next poll) bring both to the exact total.
  await expect(a.page.getByRole('status')).toContainText('30 người', { timeout: 60_000 });
  await expect(b.page.getByRole('status')).toContainText('30 người', { timeout: 60_000 });
  // And the server itself holds exactly that: a third phone joining sees 30.
  const c = await newPhone(browser, BASE);
  await joinEvent(c.page, code);
  await c.page.goto(`${event}/dem-nguoi`);
  await expect(c.page.getByRole('status')).toContainText('30 người');
  for (const phone of [a, b, c]) await phone.context.close();
});
