import { Browser, expect, Page, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { act, browserToday, connectSync, fillIntake, generatedExport, importFile, openApp, openDevice, screenshots, ZHANG_SAN } from './helpers';
import { basicAuth, Couch, COUCH_PORT, startCouch, USERS } from './couch';

// Team sync through a real CouchDB-compatible server (pouchdb-server, started here): two
// separate browser profiles, A and B, pointed at one database. Nothing here mocks HTTP or storage.

let couch: Couch;

test.beforeEach(async () => {
  couch = await startCouch({ persist: true });
});

test.afterEach(async () => {
  await couch?.stop();
});

async function device(browser: Browser, baseURL: string | undefined) {
  const context = await openDevice(browser, baseURL);
  return { context, page: context.pages()[0] };
}

/** 设置 → 团队同步 with the test server's team database, unless another `url`. */
async function connect(page: Page, user: { name: string; password: string }, url = couch.dbUrl()) {
  await connectSync(page, user, url);
}

async function synced(page: Page) {
  await expect(page.locator('#sync-status')).toHaveText(/已同步/, { timeout: 20_000 });
}

/** A device of its own, syncing as `user` and caught up. */
async function syncing(browser: Browser, baseURL: string | undefined, user: { name: string; password: string }) {
  const d = await device(browser, baseURL);
  await connect(d.page, user);
  await synced(d.page);
  return d;
}

async function newTicket(page: Page, symptom: string) {
  await page.goto('./#/');
  await fillIntake(page, { ...ZHANG_SAN, symptom });
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(page.locator('.tickets .ticket', { hasText: symptom })).toHaveCount(1);
}

/** The queue as "number: symptom" lines, sorted by number. */
async function queue(page: Page): Promise<string[]> {
  await page.goto('./#/');
  const rows = page.locator('.tickets .ticket');
  const lines = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const number = await row.locator('a.ticket-no').innerText();
    const symptom = (await row.innerText()).match(/A 先登记的共同工单|[AB] [^\n]*登记/)?.[0];
    lines.push(`${number}: ${symptom}`);
  }
  return lines.sort();
}

test('two devices see each other’s tickets and actions within seconds, and end the same', async ({ browser, baseURL }, info) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  const b = await syncing(browser, baseURL, USERS.bo);

  await newTicket(a.page, 'A：打印机脱机');
  const number = `TS${await browserToday(a.page)}001`;
  await b.page.goto('./#/');
  const row = b.page.locator('.tickets .ticket', { hasText: 'A：打印机脱机' });
  await expect(row).toContainText(number, { timeout: 10_000 });

  // B takes the ticket; A, on the ticket's page, shows B's step by itself.
  await row.locator('a.ticket-no').click();
  await a.page.locator('.tickets a.ticket-no', { hasText: number }).click();
  const before = await a.page.locator('.timeline .event').count();
  await act(b.page, 'Assign');
  await expect(a.page.locator('.timeline .event')).toHaveCount(before + 1, { timeout: 10_000 });
  expect(await a.page.locator('.timeline .event-title').allInnerTexts()).toEqual(
    await b.page.locator('.timeline .event-title').allInnerTexts(),
  );
  await synced(a.page);
  await synced(b.page);

  // On the server: one document per event, each with the revision both devices derive.
  const docs = await couch.allDocs();
  expect(docs.filter((d) => d._id.startsWith('t:')).length).toBe(before + 1);
  expect(docs.every((d) => /^1-[0-9a-f]{32}$/.test(d._rev))).toBe(true);

  await a.page.goto('./#/settings');
  await screenshots(a.page, info, 'team-sync-settings');
  await a.context.close();
  await b.context.close();
});

test('an attached file and the team’s settings travel too', async ({ browser, baseURL }) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  const b = await syncing(browser, baseURL, USERS.bo);

  const log = '2026-12-03 10:00:01 ERROR captcha cache expired\n';
  await newTicket(a.page, 'A：附上日志');
  await a.page.locator('.tickets .ticket', { hasText: 'A：附上日志' }).locator('a.ticket-no').click();
  await a.page.locator('#attach-files').setInputFiles([{ name: 'tomcat.log', mimeType: 'text/plain', buffer: Buffer.from(log) }]);
  await expect(a.page.locator('section.attachments li.attachment')).toHaveCount(1);
  await a.page.goto('./#/settings');
  const channels = a.page.locator('#channels');
  await channels.fill(`${await channels.inputValue()}\n驻场巡检`);
  await a.page.locator('section[aria-labelledby=lists-title] button.primary').click();
  await synced(a.page);

  await b.page.goto('./#/');
  await b.page.locator('.tickets .ticket', { hasText: 'A：附上日志' }).locator('a.ticket-no').click({ timeout: 15_000 });
  const item = b.page.locator('section.attachments li.attachment', { hasText: 'tomcat.log' });
  const [download] = await Promise.all([
    b.page.waitForEvent('download'),
    item.getByRole('button', { name: '下载' }).click({ timeout: 15_000 }),
  ]);
  expect(fs.readFileSync(await download.path(), 'utf8')).toBe(log);
  await b.page.goto('./#/');
  await expect(b.page.locator('#channel option', { hasText: '驻场巡检' })).toHaveCount(1, { timeout: 15_000 });
  await b.page.goto('./#/settings');
  // B's history shows A's version in force: who saved it, from the other device.
  await expect(b.page.locator('#settings-history li.in-force')).toContainText('提交渠道');
  await expect(b.page.locator('#settings-history li.in-force')).toContainText('李四');
  expect((await couch.allDocs()).some((d) => d._id.startsWith('f:'))).toBe(true);
  await a.context.close();
  await b.context.close();
});

test('offline, both act on one ticket and number a new one alike; online, both end the same, renumbered the same way', async ({ browser, baseURL }) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  const b = await syncing(browser, baseURL, USERS.bo);

  // A ticket both hold; then A goes offline, and both work on it and open one ticket each.
  await newTicket(a.page, 'A 先登记的共同工单');
  await b.page.goto('./#/');
  await expect(b.page.locator('.tickets .ticket', { hasText: 'A 先登记的共同工单' })).toHaveCount(1, { timeout: 10_000 });
  await a.context.setOffline(true);
  await expect(a.page.locator('#sync-status')).toHaveText(/离线|已同步/);
  const shared = (page: Page) => page.locator('.tickets .ticket', { hasText: 'A 先登记的共同工单' }).locator('a.ticket-no');
  await shared(a.page).click();
  await act(a.page, 'Assign');
  await shared(b.page).click();
  await act(b.page, 'Assign');
  await a.page.goto('./#/');
  const timeline = (page: Page) => page.locator('.timeline .event-title').allInnerTexts();
  await newTicket(a.page, 'A 离线时登记');
  await newTicket(b.page, 'B 同时登记');
  const today = await browserToday(a.page);
  await expect(a.page.locator('.tickets .ticket', { hasText: 'A 离线时登记' })).toContainText(`TS${today}002`);
  await expect(b.page.locator('.tickets .ticket', { hasText: 'B 同时登记' })).toContainText(`TS${today}002`);

  await a.context.setOffline(false);
  await a.page.evaluate(() => window.dispatchEvent(new Event('online')));
  for (const page of [a.page, b.page]) {
    await expect(page.locator('.tickets .ticket')).toHaveCount(3, { timeout: 15_000 });
  }
  await synced(a.page);
  await synced(b.page);
  await a.page.goto('./#/');
  await b.page.goto('./#/');
  await shared(a.page).click();
  await shared(b.page).click();
  // Both assignments are in both timelines, in one order; the fold applies the same one.
  await expect(a.page.locator('.timeline .event')).toHaveCount(3);
  expect(await timeline(a.page)).toEqual(await timeline(b.page));
  expect(await a.page.locator('#ticket-step, .step-chip').first().innerText()).toEqual(
    await b.page.locator('#ticket-step, .step-chip').first().innerText(),
  );
  const seenByA = await queue(a.page);
  const seenByB = await queue(b.page);
  expect(seenByA).toEqual(seenByB);
  expect(seenByA.map((line) => line.slice(0, 13))).toEqual([`TS${today}001`, `TS${today}002`, `TS${today}003`]);
  await a.context.close();
  await b.context.close();
});

test('retrospectives and checklist items recorded offline on two devices are all kept on both', async ({ browser, baseURL }) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  const b = await syncing(browser, baseURL, USERS.bo);
  await newTicket(a.page, 'A 复盘用工单');
  const number = `TS${await browserToday(a.page)}001`;
  await b.page.goto('./#/');
  await expect(b.page.locator('.tickets .ticket', { hasText: 'A 复盘用工单' })).toHaveCount(1, { timeout: 10_000 });

  const addItem = async (page: Page, measure: string) => {
    await page.locator('#pv-measure').fill(measure);
    await page.locator('#pv-owner').selectOption('TS200');
    await page.locator('#pv-due').fill('2030-12-31');
    await page.locator('#pv-add').click();
    await expect(page.locator('#prevention-table tbody tr', { hasText: measure })).toHaveCount(1);
  };
  await a.page.goto('./#/review');
  await addItem(a.page, '共同措施：升级前清理缓存');
  await b.page.goto('./#/review');
  const shared = (page: Page) => page.locator('#prevention-table tbody tr', { hasText: '共同措施' });
  await expect(shared(b.page)).toHaveCount(1, { timeout: 15_000 });

  await a.context.setOffline(true);
  await addItem(a.page, 'A：新人培训');
  await shared(b.page).locator('select').selectOption('Done');
  await addItem(b.page, 'B：巡检脚本');
  for (const [page, gap] of [[a.page, 'A：升级前未通知一线'], [b.page, 'B：验证码缓存无人清理']] as const) {
    await page.goto('./#/review');
    await page.locator('#retro-new').click();
    await page.locator('#retro-date').fill('2026-12-03');
    await page.locator('#retro-leader').selectOption('TS300');
    await page.locator('#retro-tickets').fill(number);
    await page.locator('#retro-process').fill(gap);
    await page.locator('#retro-actions').fill('补充知识库文章');
    await page.locator('#retro-save').click();
    await expect(page.locator('#retro-list li')).toHaveCount(1);
  }
  await synced(b.page);
  await a.context.setOffline(false);
  await a.page.evaluate(() => window.dispatchEvent(new Event('online')));
  for (const page of [a.page, b.page]) {
    const records = page.locator('#retro-list li');
    await expect(records).toHaveCount(2, { timeout: 15_000 });
    await expect(records.filter({ hasText: 'A：升级前未通知一线' })).toHaveCount(1);
    await expect(records.filter({ hasText: 'B：验证码缓存无人清理' })).toHaveCount(1);
    await expect(page.locator('#prevention-table tbody tr')).toHaveCount(3);
    await expect(shared(page).locator('select')).toHaveValue('Done');
  }
  // Each device's record is a version in force of its own.
  await synced(a.page);
  await a.page.goto('./#/settings');
  await expect(a.page.locator('#settings-history li.in-force', { hasText: '复盘记录' })).toHaveCount(2);
  await expect(a.page.locator('#settings-history li.in-force', { hasText: '问题预防措施清单' })).toHaveCount(3);
  await a.context.close();
  await b.context.close();
});

test('a file over the team’s limit stays on its device, says so, and travels once the limit is raised', async ({ browser, baseURL }, info) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  const b = await syncing(browser, baseURL, USERS.bo);
  const limit = async (page: Page, mib: string) => {
    await page.goto('./#/settings');
    await page.locator('#sync-file-limit').fill(mib);
    await page.locator('#sync-file-limit-save').click();
  };
  await limit(a.page, '0');
  await expect(a.page.locator('#sync-file-limit-answer')).toHaveText('同步附件上限应为 1 到 1024 MB:未保存');
  await limit(a.page, '1');
  await expect(a.page.locator('#sync-file-limit-answer')).toHaveText('设置已保存');
  await b.page.goto('./#/settings');
  await expect(b.page.locator('#sync-file-limit')).toHaveValue('1', { timeout: 15_000 });

  await newTicket(a.page, 'A：附上大日志');
  await a.page.locator('.tickets .ticket', { hasText: 'A：附上大日志' }).locator('a.ticket-no').click();
  const big = Buffer.alloc(2 * 1024 * 1024, 'ERROR captcha cache expired\n');
  await a.page.locator('#attach-files').setInputFiles([
    { name: 'full.log', mimeType: 'text/plain', buffer: big },
    { name: 'tail.log', mimeType: 'text/plain', buffer: Buffer.from('ERROR tail\n') },
  ]);
  const item = (page: Page, name: string) => page.locator('section.attachments li.attachment', { hasText: name });
  await expect(item(a.page, 'full.log').locator('.stays-here')).toHaveText('超过团队同步上限 1 MB：只在本设备上');
  await expect(item(a.page, 'tail.log').locator('.stays-here')).toHaveCount(0);
  await item(a.page, 'full.log').scrollIntoViewIfNeeded();
  await screenshots(a.page, info, 'team-sync-file-over-limit');
  await a.page.goto('./#/settings');
  await expect(a.page.locator('#sync-refused')).toContainText('超过团队的上限');
  await screenshots(a.page, info, 'team-sync-file-limit');
  await synced(a.page);
  expect((await couch.allDocs()).filter((d) => d._id.startsWith('f:'))).toHaveLength(1);

  await b.page.goto('./#/');
  await b.page.locator('.tickets .ticket', { hasText: 'A：附上大日志' }).locator('a.ticket-no').click({ timeout: 15_000 });
  await expect(item(b.page, 'tail.log')).toHaveCount(1);
  await item(b.page, 'full.log').getByRole('button', { name: '下载' }).click();
  await expect(item(b.page, 'full.log')).toContainText('此浏览器中没有该文件的内容');

  // Raised on B: A hears of it and sends the file it kept. A channel A saves meanwhile reaches
  // B's page without undoing what is typed there.
  await b.page.goto('./#/settings');
  await b.page.locator('#sync-file-limit').fill('5');
  await a.page.goto('./#/settings');
  const channels = a.page.locator('#channels');
  await channels.fill(`${await channels.inputValue()}\n驻场巡检`);
  await a.page.locator('section[aria-labelledby=lists-title] button.primary').click();
  await expect(b.page.locator('#settings-history li.in-force', { hasText: '提交渠道' })).toHaveCount(1, { timeout: 15_000 });
  await expect(b.page.locator('#sync-file-limit')).toHaveValue('5');
  await b.page.locator('#sync-file-limit-save').click();
  await expect(b.page.locator('#sync-file-limit-answer')).toHaveText('设置已保存');
  await expect.poll(async () => (await couch.allDocs()).filter((d) => d._id.startsWith('f:')).length, { timeout: 15_000 }).toBe(2);
  await b.page.goto('./#/');
  await b.page.locator('.tickets .ticket', { hasText: 'A：附上大日志' }).locator('a.ticket-no').click();
  const [download] = await Promise.all([
    b.page.waitForEvent('download'),
    item(b.page, 'full.log').getByRole('button', { name: '下载' }).click({ timeout: 15_000 }),
  ]);
  expect(fs.statSync(await download.path()).size).toBe(big.length);
  await a.context.close();
  await b.context.close();
});

/**
 * A real HTTP proxy in front of the server that can stall one user's connections: their requests,
 * and answers arriving for them, are held with the connection open — a feed that hangs without a
 * word, as behind a dead NAT entry or a captive portal.
 */
async function stallingProxy(port: number, target: number) {
  let stalled: string | null = null;
  const server = http.createServer((req, res) => {
    const held = () => stalled !== null && req.headers.authorization === stalled;
    if (held()) return;
    const upstream = http.request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        if (held()) return;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    stall: (user: { name: string; password: string }) => (stalled = basicAuth(user.name, user.password)),
    resume: () => (stalled = null),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

test('a feed that stalls without a word is restarted by its watchdog', async ({ browser, baseURL }, info) => {
  test.skip(info.project.name !== 'root', 'the same code on the sub-path; one 40-second wait is enough');
  test.setTimeout(120_000);
  await couch.stop();
  couch = await startCouch({ persist: true, port: COUCH_PORT + 10 });
  const proxy = await stallingProxy(COUCH_PORT, COUCH_PORT + 10);
  try {
    const url = `http://127.0.0.1:${COUCH_PORT}/fielddesk`;
    const a = await device(browser, baseURL);
    await connect(a.page, USERS.ada, url);
    await synced(a.page);
    const b = await device(browser, baseURL);
    await connect(b.page, USERS.bo, url);
    await synced(b.page);

    proxy.stall(USERS.ada);
    await newTicket(b.page, 'B：A 的连接卡住时登记');
    await synced(b.page);
    await a.page.goto('./#/');
    const row = a.page.locator('.tickets .ticket', { hasText: 'B：A 的连接卡住时登记' });
    // The feed's connection stays open and nothing comes: without a watchdog it would wait forever.
    await a.page.waitForTimeout(5_000);
    await expect(row).toHaveCount(0);
    proxy.resume();
    // The long poll's own 25 s plus the watchdog's grace, then a retry.
    await expect(row).toHaveCount(1, { timeout: 60_000 });
    await synced(a.page);
    await a.context.close();
    await b.context.close();
  } finally {
    proxy.close();
  }
});

test('a wrong password gets a specific answer, and the header says so', async ({ browser, baseURL }) => {
  const a = await device(browser, baseURL);
  await a.page.goto('./#/settings');
  await a.page.locator('#sync-url').fill(couch.dbUrl());
  await a.page.locator('#sync-user').fill('ada');
  await a.page.locator('#sync-password').fill('not-her-password');
  await a.page.locator('#sync-test').click();
  await expect(a.page.locator('#sync-answer')).toContainText('服务器拒绝了用户名或密码');

  await a.page.locator('#sync-url').fill(`${couch.origin}/no-such-db`);
  await a.page.locator('#sync-password').fill(USERS.ada.password);
  await a.page.locator('#sync-test').click();
  await expect(a.page.locator('#sync-answer')).toContainText(/没有这个数据库|无权/);

  await a.page.locator('#sync-url').fill(couch.dbUrl());
  await a.page.locator('#sync-test').click();
  await expect(a.page.locator('#sync-answer')).toContainText('连接成功');

  await a.page.locator('#sync-password').fill('not-her-password');
  await a.page.locator('#sync-on').click();
  await expect(a.page.locator('#sync-status')).toHaveText(/同步出错/, { timeout: 10_000 });
  await expect(a.page.locator('#sync-state')).toContainText('服务器拒绝了用户名或密码');
  await a.context.close();
});

test('a read-only account pulls the team’s tickets and says its own are not sent', async ({ browser, baseURL }) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  await newTicket(a.page, 'A 登记的工单');
  await synced(a.page);

  const r = await device(browser, baseURL);
  await connect(r.page, USERS.reader);
  await r.page.goto('./#/');
  await expect(r.page.locator('.tickets .ticket', { hasText: 'A 登记的工单' })).toHaveCount(1, { timeout: 15_000 });
  await newTicket(r.page, '只读账号登记的');
  await expect(r.page.locator('#sync-status')).toHaveText(/只读/, { timeout: 15_000 });
  const docs = await couch.allDocs();
  expect(JSON.stringify(docs)).not.toContain('只读账号登记的');
  await a.context.close();
  await r.context.close();
});

test('the server dies mid-sync: nothing is lost and sync resumes by itself', async ({ browser, baseURL }) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  const b = await syncing(browser, baseURL, USERS.bo);

  await couch.kill();
  await newTicket(a.page, '服务器宕机时登记');
  await expect(a.page.locator('#sync-status')).toHaveText(/同步出错|同步中|离线/, { timeout: 15_000 });
  await couch.restart();
  await b.page.goto('./#/');
  await expect(b.page.locator('.tickets .ticket', { hasText: '服务器宕机时登记' })).toHaveCount(1, { timeout: 45_000 });
  await synced(a.page);
  await a.context.close();
  await b.context.close();
});

test('hostile documents on the server are refused, shown as text, and do not stop the feed', async ({ browser, baseURL }, info) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  await newTicket(a.page, '正常工单');
  await synced(a.page);
  const good = (await couch.allDocs()).find((d) => d._id.startsWith('t:'));
  const script = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  // A well-formed ticket whose every text is markup: valid, so it is pulled, and shown as text.
  await a.page.goto('./#/');
  await fillIntake(a.page, { ...ZHANG_SAN, name: script, department: script, symptom: `${script}故障` });
  await a.page.getByRole('button', { name: '保存工单' }).click();
  await expect(a.page.locator('.tickets .ticket')).toHaveCount(2);
  await synced(a.page);

  // Script in every text field, under a revision that does not match the content.
  const forged = JSON.parse(JSON.stringify(good));
  forged._id = 't:forged-1';
  forged._rev = '1-00000000000000000000000000000000';
  forged.event.id = 'forged-1';
  forged.event.actor = { name: script, employee_id: script };
  // A document of no Fielddesk shape, with its own made-up id prefix.
  const shapeless = { _id: `t:${script}`, _rev: '1-11111111111111111111111111111111', hello: script };
  // A 20 MB string.
  const huge = { _id: 't:huge', _rev: '1-22222222222222222222222222222222', note: 'x'.repeat(20 * 1024 * 1024) };
  for (const doc of [forged, shapeless, huge]) {
    const answer = await couch.putDoc(doc);
    expect(answer.status).toBeLessThan(300);
  }
  const b = await device(browser, baseURL);
  await b.page.evaluate(() => ((window as any).__pwned = 0));
  await connect(b.page, USERS.bo);
  await synced(b.page);
  await expect(b.page.locator('#sync-refused li')).toHaveCount(3);
  await expect(b.page.locator('#sync-refused')).toContainText('t:forged-1');
  await expect(b.page.locator('#sync-refused')).toContainText('<script>');
  expect(await b.page.evaluate(() => (window as any).__pwned)).toBe(0);
  await b.page.goto('./#/');
  await expect(b.page.locator('.tickets .ticket')).toHaveCount(2);
  await expect(b.page.locator('.tickets .ticket', { hasText: '正常工单' })).toHaveCount(1);
  const marked = b.page.locator('.tickets .ticket', { hasText: `${script}故障` });
  await expect(marked).toHaveCount(1);
  await marked.locator('a.ticket-no').click();
  await expect(b.page.locator('main')).toContainText(`${script}故障`);
  await expect(b.page.locator('main img[src=x], main script')).toHaveCount(0);
  expect(await b.page.evaluate(() => (window as any).__pwned)).toBe(0);
  await b.page.goto('./#/settings');
  await screenshots(b.page, info, 'team-sync-refused');
  await a.context.close();
  await b.context.close();
});

test('PouchDB, the protocol’s reference client, replicates the same documents both ways', async ({ browser, baseURL }) => {
  await couch.stop();
  couch = await startCouch({ persist: true, databases: ['fielddesk-copy'] });
  const a = await syncing(browser, baseURL, USERS.ada);
  await newTicket(a.page, 'A：PouchDB 复制');
  await a.page.locator('.tickets .ticket', { hasText: 'A：PouchDB 复制' }).locator('a.ticket-no').click();
  await a.page.locator('#attach-files').setInputFiles([{ name: 'trace.log', mimeType: 'text/plain', buffer: Buffer.from('trace\n') }]);
  await expect(a.page.locator('section.attachments li.attachment')).toHaveCount(1);
  await synced(a.page);

  // PouchDB pulls the team database into a local one, then pushes it into another database.
  const PouchDB = require('pouchdb');
  const auth = { username: USERS.ada.name, password: USERS.ada.password };
  const dir = fs.mkdtempSync(`${couch.dir}/pouch-`);
  const local = new PouchDB(`${dir}/db`);
  const pulled = await PouchDB.replicate(new PouchDB(couch.dbUrl(), { auth }), local);
  expect(pulled.ok).toBe(true);
  const server = (await couch.allDocs()).sort((x: any, y: any) => x._id.localeCompare(y._id));
  const mine = (await local.allDocs({ include_docs: true, conflicts: true })).rows
    .map((r: any) => r.doc)
    .filter((d: any) => !d._id.startsWith('_design/'));
  expect(mine.map((d: any) => [d._id, d._rev])).toEqual(server.map((d: any) => [d._id, d._rev]));
  expect(mine.every((d: any) => !d._conflicts)).toBe(true);
  const file = mine.find((d: any) => d._id.startsWith('f:'));
  expect(file).toBeTruthy();
  expect(Object.keys(file._attachments ?? {})).toHaveLength(1);

  const pushed = await PouchDB.replicate(local, new PouchDB(couch.dbUrl('fielddesk-copy'), { auth }));
  expect(pushed.ok).toBe(true);
  expect(pushed.doc_write_failures).toBe(0);
  await local.close();

  // What PouchDB wrote, Fielddesk reads as its own: the ticket and its file.
  const b = await device(browser, baseURL);
  await connect(b.page, USERS.bo, couch.dbUrl('fielddesk-copy'));
  await synced(b.page);
  await b.page.goto('./#/');
  await b.page.locator('.tickets .ticket', { hasText: 'A：PouchDB 复制' }).locator('a.ticket-no').click();
  await expect(b.page.locator('section.attachments li.attachment', { hasText: 'trace.log' })).toHaveCount(1);
  await expect(b.page.locator('#sync-refused li')).toHaveCount(0);
  await a.context.close();
  await b.context.close();
});

test('a second visit offers the server only what is new, not the whole history', async ({ browser, baseURL }) => {
  const a = await device(browser, baseURL);
  await importFile(a.page, generatedExport(50), 50);
  await connect(a.page, USERS.ada);
  await synced(a.page);
  const onServer = (await couch.request('/fielddesk')).body.doc_count;
  expect(onServer).toBeGreaterThanOrEqual(200);

  // Every id this page asks the server to compare, from the reload on.
  const compared: string[] = [];
  a.page.on('request', (request) => {
    if (request.url().includes('/_revs_diff')) compared.push(...Object.keys(JSON.parse(request.postData() ?? '{}')));
  });
  await a.page.reload();
  await openApp(a.page);
  await synced(a.page);
  await newTicket(a.page, '第二次访问登记');
  await synced(a.page);
  expect(compared).toHaveLength(1);
  expect((await couch.request('/fielddesk')).body.doc_count).toBe(onServer + 1);
  await a.context.close();
});

test('sync set in a tab that does not sync reaches the tab that does', async ({ browser, baseURL }) => {
  await couch.stop();
  couch = await startCouch({ persist: true, databases: ['fielddesk-copy'] });
  const a = await syncing(browser, baseURL, USERS.ada);
  const other = await a.context.newPage();
  await openApp(other);
  await expect(other.locator('#sync-status')).toHaveText('由另一标签页同步');

  // Turned off in the other tab: the syncing tab stops.
  await other.goto('./#/settings');
  await other.locator('#sync-off').click();
  await expect(a.page.locator('#sync-status')).toBeHidden();

  // Turned on again there, with another database and a password only that tab has seen.
  await connect(other, USERS.bo, couch.dbUrl('fielddesk-copy'));
  await synced(a.page);
  await newTicket(a.page, '换库后登记');
  await synced(a.page);
  const copied = await couch.allDocs('fielddesk-copy');
  expect(JSON.stringify(copied)).toContain('换库后登记');
  await a.context.close();
});

test('the password is kept for the session unless remembered on this device', async ({ browser, baseURL }) => {
  const a = await syncing(browser, baseURL, USERS.ada);
  // A new tab of the same browser, once the first is closed: the session's password is gone.
  await a.page.close();
  let page = await a.context.newPage();
  await openApp(page);
  await expect(page.locator('#sync-status')).toHaveText(/同步出错/, { timeout: 15_000 });
  await page.goto('./#/settings');
  await expect(page.locator('#sync-state')).toContainText('服务器拒绝了用户名或密码');
  await expect(page.locator('#sync-url')).toHaveValue(couch.dbUrl());

  // Remembered: the warning says what that means, and a new tab syncs by itself.
  await page.locator('#sync-password').fill(USERS.ada.password);
  await page.locator('#sync-remember').check();
  await expect(page.locator('#sync-remember-warning')).toBeVisible();
  await page.locator('#sync-on').click();
  await synced(page);
  await page.close();
  page = await a.context.newPage();
  await openApp(page);
  await synced(page);
  await a.context.close();
});
