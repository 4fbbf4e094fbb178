import { test, expect } from './fixtures';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, createEvent, freePort, joinEvent, killServer, newPhone, shareEvent, startServer, tickFlagSalute } from './helpers';

// Two server processes on one PostgreSQL database, as a national deployment
// runs them behind a load balancer. scripts/test.sh starts a private
// PostgreSQL cluster and names it in NGAYHOI_TEST_POSTGRES.
const POSTGRES = process.env.NGAYHOI_TEST_POSTGRES ?? '';
const KEY = 'two-processes-test-key';
test.describe.configure({ mode: 'serial' });
test.skip(!POSTGRES, 'needs NGAYHOI_TEST_POSTGRES (scripts/test.sh sets it)');

let dir: string;
let database: string;
const ports: number[] = [];
const servers: (ChildProcess | undefined)[] = [];

async function start(i: number): Promise<void> {
  // Every process on the database keys its hashes with the same key.
  servers[i] = await startServer(ports[i], ['--db', database, '--key-file', join(dir, 'server-key')], KEY);
}

function kill(i: number): Promise<void> {
  return killServer(servers[i]);
}

/** A load balancer: each connection to the next process that answers. */
function balancer(port: number): Promise<Server> {
  let next = 0;
  const proxy = createServer((client: Socket) => {
    client.pause();
    const attempt = (tries: number) => {
      const target = ports[next++ % ports.length];
      const upstream = connect(target, '127.0.0.1');
      upstream.once('connect', () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.once('error', () => {
        upstream.destroy();
        if (tries > 1) attempt(tries - 1);
        else client.destroy();
      });
      client.once('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    };
    attempt(ports.length);
  });
  return new Promise((resolve) => proxy.listen(port, '127.0.0.1', () => resolve(proxy)));
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ngayhoi-pg-'));
  const name = `e2e_${Date.now()}_${process.pid}`;
  execFileSync('psql', [`${POSTGRES}/postgres`, '-q', '-c', `CREATE DATABASE ${name}`]);
  database = `${POSTGRES}/${name}`;
  ports.push(await freePort(), await freePort());
  // One after the other: the second finds the schema made and the key stored.
  await start(0);
  await start(1);
});

test.afterAll(async () => {
  await kill(0);
  await kill(1);
  rmSync(dir, { recursive: true, force: true });
});

test('two phones, each on its own server process, converge on one database', async ({ browser }) => {
  test.setTimeout(120_000);
  const a = await newPhone(browser, `http://127.0.0.1:${ports[0]}`);
  const b = await newPhone(browser, `http://127.0.0.1:${ports[1]}`);
  const event = await createEvent(a.page);
  const code = await shareEvent(a.page, event, KEY);
  // The code made by one process lets a phone in through the other.
  await joinEvent(b.page, code);
  await tickFlagSalute(b.page, event);
  await a.page.goto(`${event}/dem-nguoi`);
  await b.page.goto(`${event}/dem-nguoi`);
  await count(a.page, 14);
  await count(b.page, 11);
  await expect(a.page.getByRole('status')).toContainText('25 người', { timeout: 30_000 });
  await expect(b.page.getByRole('status')).toContainText('25 người', { timeout: 30_000 });
  // What one process took in, the other serves: the flag salute B ticked.
  await a.page.goto(`${event}/dieu-hanh`);
  await expect(a.page.getByRole('checkbox', { name: /Lễ chào cờ/ })).toBeChecked({ timeout: 30_000 });
  for (const phone of [a, b]) await phone.context.close();
});

test('a process killed mid-sync loses nothing while the other keeps serving', async ({ browser }) => {
  test.setTimeout(150_000);
  const lbPort = await freePort();
  const lb = await balancer(lbPort);
  const base = `http://127.0.0.1:${lbPort}`;
  const a = await newPhone(browser, base);
  const b = await newPhone(browser, base);
  const event = await createEvent(a.page);
  const code = await shareEvent(a.page, event, KEY);
  await joinEvent(b.page, code);
  await a.page.goto(`${event}/dem-nguoi`);
  await b.page.goto(`${event}/dem-nguoi`);

  // Taps on both phones; one process dies while their syncs are under way.
  await count(a.page, 12);
  await count(b.page, 9);
  await expect(a.page.getByRole('status')).toContainText('12 người');
  await new Promise((r) => setTimeout(r, 1_600)); // the debounced syncs start now
  await kill(0);
  // Work goes on; the balancer sends every request to the live process.
  await count(a.page, 3);
  await count(b.page, 6);
  await expect(a.page.getByRole('status')).toContainText('30 người', { timeout: 60_000 });
  await expect(b.page.getByRole('status')).toContainText('30 người', { timeout: 60_000 });

  // The killed process comes back; a phone reading through it sees exactly 30.
  await start(0);
  const c = await newPhone(browser, `http://127.0.0.1:${ports[0]}`);
  await joinEvent(c.page, code);
  await c.page.goto(`${event}/dem-nguoi`);
  await expect(c.page.getByRole('status')).toContainText('30 người');
  for (const phone of [a, b, c]) await phone.context.close();
  await new Promise((r) => lb.close(() => r(undefined)));
});
