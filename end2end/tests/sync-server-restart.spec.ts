import { test, expect } from './fixtures';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, createEvent, freePort, joinEvent, newPhone, shareEvent } from './helpers';

// This journey stops and restarts the server, so it runs its own, on its own
// database and a free port (the same one across restarts).
let PORT = 0;
let BASE = '';
const KEY = 'restart-test-key';
let dir: string;
let server: ChildProcess | undefined;

async function startServer(): Promise<void> {
  server = spawn(
    join(__dirname, '..', '..', 'target', 'server', 'server'),
    ['--addr', `127.0.0.1:${PORT}`, '--dist', join(__dirname, '..', '..', 'dist'), '--db', join(dir, 'ngayhoi.sqlite')],
    { stdio: 'ignore', env: { ...process.env, NGAYHOI_REGISTRATION_KEY: KEY } },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if (server.exitCode !== null) break;
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

function killServer(): Promise<void> {
  return new Promise((resolve) => {
    if (!server || server.exitCode !== null) return resolve();
    server.once('exit', () => resolve());
    // SIGKILL: no graceful shutdown, as when the machine loses power mid-sync.
    server.kill('SIGKILL');
  });
}

test.beforeAll(async () => {
  PORT = await freePort();
  BASE = `http://127.0.0.1:${PORT}`;
  dir = mkdtempSync(join(tmpdir(), 'ngayhoi-restart-'));
  await startServer();
});

test.afterAll(async () => {
  await killServer();
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
  await killServer();
  // Work goes on while it is down.
  await count(a.page, 3);
  await count(b.page, 6);
  await expect(b.page.getByRole('status')).toContainText(/\d+ người/);

  await startServer();
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
