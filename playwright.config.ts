import { defineConfig } from '@playwright/test';

// The release build (dist/) served by two different static servers — Python's http.server at the
// root, Node's http-server under a sub-path — and driven by Debian's Chromium: Playwright never
// downloads a browser here.
// E2E_PORT lets two checkouts run their suites side by side (port, port+1 for offline.spec, port+2).
const port = Number(process.env.E2E_PORT ?? 8090);
const subpathPort = port + 2;
const site = 'target/e2e-site';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'target/playwright-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [
    { name: 'root', use: { baseURL: `http://127.0.0.1:${port}/` } },
    { name: 'subpath', use: { baseURL: `http://127.0.0.1:${subpathPort}/tools/fielddesk/` } },
  ],
  webServer: [
    {
      command:
        `rm -rf ${site} && mkdir -p ${site}/tools && cp -r dist/. ${site}/ && cp -r dist ${site}/tools/fielddesk` +
        ` && exec python3 -m http.server ${port} --bind 127.0.0.1 --directory ${site}`,
      url: `http://127.0.0.1:${port}/tools/fielddesk/index.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
      timeout: 30_000,
    },
    {
      // Started after the first has laid out the site; -c-1: no caching, as a fresh deployment.
      command: `exec node_modules/.bin/http-server ${site} -a 127.0.0.1 -p ${subpathPort} -c-1 -s`,
      url: `http://127.0.0.1:${subpathPort}/tools/fielddesk/index.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
