import { expect, Page, test } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { act, fillIntake, screenshots, ZHANG_SAN } from './helpers';

// These tests need a server they can switch off: their own copy of dist/ on their own port.
const ROOT = path.join(__dirname, '..', '..');
const SITE = path.join(ROOT, 'target', 'e2e-offline');
const PORT = Number(process.env.E2E_PORT ?? 8090) + 1;

let server: ChildProcess | undefined;
/** The served base path of the current project: `/` or `/tools/fielddesk/`. */
let base = '/';

async function startServer() {
  server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', SITE], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}${base}index.html`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the offline test server did not start');
}

async function stopServer() {
  if (!server) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill();
  await exited;
  server = undefined;
}

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({}, info) => {
  // One copy per project, under the same sub-path the project uses.
  base = new URL(info.project.use.baseURL!).pathname;
  fs.rmSync(SITE, { recursive: true, force: true });
  fs.mkdirSync(path.join(SITE, base), { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(SITE, base), { recursive: true });
  await startServer();
});

test.afterEach(async () => {
  await stopServer();
});

function appUrl() {
  return `http://127.0.0.1:${PORT}${base}`;
}

/** Loads the app and waits until its service worker controls the page. */
async function loadOnline(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('#intake-title')).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
    }
  });
}

test('after one visit the app reloads, creates and edits tickets with the server gone', async ({ page, context }, info) => {
  const origin = `http://127.0.0.1:${PORT}`;
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));

  await loadOnline(page, appUrl());
  await stopServer();
  await context.setOffline(true);

  const response = await page.reload();
  // The reload came from the service worker, not from the (stopped) server.
  expect(response?.fromServiceWorker()).toBe(true);
  await expect(page.locator('#intake-title')).toBeVisible();
  await expect(page.locator('#network')).toContainText('离线');

  await fillIntake(page, ZHANG_SAN);
  await page.locator('#intake-title ~ form button[type=submit]').click();
  await page.locator('.tickets a.ticket-no').first().click();
  await expect(page.locator('#ticket-number')).toHaveText(/^TS\d{11}$/);
  await act(page, 'Assign');
  await expect(page.locator('#f-first-line')).toContainText('李四');
  await page.locator('#attach-files').setInputFiles({
    name: 'offline.log',
    mimeType: 'text/plain',
    buffer: Buffer.from('机房现场日志'),
  });
  await expect(page.locator('section.attachments li.attachment')).toContainText('offline.log');
  await screenshots(page, info, 'offline-ticket');

  // Export still works with no network: the file carries the ticket and its attachment.
  await page.locator('a.brand').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(exported.tickets).toHaveLength(1);
  expect(exported.attachments).toHaveLength(1);
  await page.goBack();

  // Back online: the work done offline is there.
  await startServer();
  await context.setOffline(false);
  await page.reload();
  await expect(page.locator('#network')).toContainText('在线');
  await expect(page.locator('#f-first-line')).toContainText('李四');

  const elsewhere = requests.filter((url) => !url.startsWith(origin));
  expect(elsewhere, 'requests that left the page origin').toEqual([]);
});

test('a new deployment is offered with a reload button, never forced', async ({ page }, info) => {
  await loadOnline(page, appUrl());
  await fillIntake(page, { name: '正在输入的内容' });

  // Deploy a changed build: the same files, a new sw.js.
  const sw = path.join(SITE, base, 'sw.js');
  fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/const VERSION = '([0-9a-f]+)'/, "const VERSION = '$1-next'"));
  // The static server answers "304 Not Modified" by the file's time in whole seconds: a deploy
  // within the second of the first copy would look unchanged, so date it as a later deploy.
  const later = new Date(Date.now() + 5_000);
  fs.utimesSync(sw, later, later);
  // The browser checks for a new sw.js on its own schedule; the test asks now, and again until
  // the new build has installed.
  await expect
    .poll(
      async () => {
        await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
        return page.locator('#update-banner').count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  // Nothing reloads by itself: what the user is typing stays.
  await page.waitForTimeout(500);
  await expect(page.locator('#submitter-name')).toHaveValue('正在输入的内容');
  await screenshots(page, info, 'update-offered');

  await Promise.all([page.waitForEvent('framenavigated'), page.locator('#update-banner button').click()]);
  await expect(page.locator('#intake-title')).toBeVisible();
  await expect(page.locator('#update-banner')).toHaveCount(0);
  const caches = await page.evaluate(() => caches.keys());
  expect(caches.some((name) => name.endsWith('-next'))).toBe(true);
});

test('the page is installable: a manifest with Chinese and English names and icons', async ({ page, context }) => {
  await loadOnline(page, appUrl());
  // Chromium's own verdict on installability (manifest, icons, service worker).
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito-like, where Chromium installs nothing; any other reason
  // (manifest, icons, service worker, start URL) would be a defect of ours.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=manifest]') as HTMLLinkElement;
    return (await fetch(link.href)).json();
  });
  expect(manifest.name).toContain('现场工单');
  expect(manifest.description).toContain('offline-first');
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
    expect(status).toBe(200);
  }
});
