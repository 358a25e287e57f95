import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { browserToday, fillIntake, openApp, screenshots, toResolved, ZHANG_SAN } from './helpers';

const FIXTURE = path.join(__dirname, '..', '..', 'crates', 'fielddesk-core', 'tests', 'fixtures', 'export-v1.json');
const FIXTURE_V2 = path.join(__dirname, '..', '..', 'crates', 'fielddesk-core', 'tests', 'fixtures', 'export-v2.json');
const fixtureText = () => fs.readFileSync(FIXTURE, 'utf8');

/** A fresh browser profile: its own IndexedDB, as on another engineer's laptop. */
async function device(browser: Browser, info: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: info.project.use.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await openApp(page);
  return page;
}

async function createTicket(page: Page, name: string, symptom: string) {
  await fillIntake(page, { ...ZHANG_SAN, name, symptom });
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(page.getByRole('status').first()).toContainText('已创建工单');
}

/** Clicks "export all" and returns the path of the downloaded file. */
async function exportAll(page: Page, info: TestInfo, label: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  expect(download.suggestedFilename()).toMatch(/^fielddesk-export-\d{8}-\d{4}\.json$/);
  const file = path.join(info.outputDir, `${label}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return file;
}

/** Picks `file` through the real file input and confirms the preview. */
async function importFile(page: Page, file: string) {
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.locator('#import-preview')).toBeVisible();
  await page.locator('#import-confirm').click();
  await expect(page.locator('#import-done')).toBeVisible();
}

async function queue(page: Page): Promise<string[]> {
  return page.locator('.tickets .ticket').evaluateAll((rows) =>
    rows.map((r) => `${r.querySelector('.ticket-no')?.textContent} ${r.querySelector('.symptom')?.textContent}`).sort(),
  );
}

test('a ticket travels from one browser profile to another through the export file', async ({ browser }, info) => {
  const a = await device(browser, info);
  await createTicket(a, '张三', '打印机卡纸');
  const file = await exportAll(a, info, 'a');
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(exported.format).toBe('fielddesk-export');
  expect(exported.tickets).toHaveLength(1);

  const b = await device(browser, info);
  await expect(b.locator('.tickets .ticket')).toHaveCount(0);
  await b.locator('#import-file').setInputFiles(file);
  await expect(b.locator('#import-preview .count-new dd')).toHaveText('1');
  await expect(b.locator('#import-preview .count-unchanged dd')).toHaveText('0');
  await screenshots(b, info, 'transfer-preview');
  await b.locator('#import-confirm').click();
  await expect(b.locator('#import-done')).toBeVisible();
  const number = `TS${await browserToday(b)}001`;
  await expect(b.locator('.tickets .ticket').filter({ hasText: number })).toContainText('打印机卡纸');

  // The same file again: nothing new, nothing to confirm, the store unchanged.
  await b.locator('#import-file').setInputFiles(file);
  await expect(b.locator('#nothing-new')).toBeVisible();
  await expect(b.locator('#import-preview .count-unchanged dd')).toHaveText('1');
  await expect(b.locator('#import-confirm')).toBeDisabled();
  await b.reload();
  await openApp(b);
  await expect(b.locator('.tickets .ticket')).toHaveCount(1);
});

test('two engineers who numbered different tickets alike both end with both, one renumbered', async ({ browser }, info) => {
  const a = await device(browser, info);
  const b = await device(browser, info);
  await createTicket(a, '张三', 'A: VPN 连不上');
  await createTicket(b, '王五', 'B: 邮箱收不到邮件');
  const today = await browserToday(a);
  await expect(a.locator('.ticket-no').first()).toHaveText(`TS${today}001`);
  await expect(b.locator('.ticket-no').first()).toHaveText(`TS${today}001`);
  const fromA = await exportAll(a, info, 'a');
  const fromB = await exportAll(b, info, 'b');

  await a.locator('#import-file').setInputFiles(fromB);
  await expect(a.locator('#import-preview .count-new dd')).toHaveText('1');
  await expect(a.locator('#import-preview .count-renumbered dd')).toHaveText('1');
  await expect(a.locator('#import-preview .renumberings li')).toContainText(`TS${today}001 → TS${today}002`);
  await screenshots(a, info, 'transfer-merge-preview');
  await a.locator('#import-confirm').click();
  await expect(a.locator('#import-done')).toBeVisible();
  await importFile(b, fromA);

  for (const page of [a, b]) await expect(page.locator('.tickets .ticket')).toHaveCount(2);
  const queueA = await queue(a);
  expect(queueA).toEqual(await queue(b));
  expect(queueA.map((row) => row.split(' ')[0])).toEqual([`TS${today}001`, `TS${today}002`]);
  expect(queueA.join('\n')).toContain('A: VPN 连不上');
  expect(queueA.join('\n')).toContain('B: 邮箱收不到邮件');
  await screenshots(a, info, 'transfer-merged');

  // Exchanging again changes nothing on either side.
  const again = await exportAll(a, info, 'a2');
  await b.locator('#import-file').setInputFiles(again);
  await expect(b.locator('#nothing-new')).toBeVisible();
});

const bad: { name: string; body: () => string | Buffer; message: string }[] = [
  { name: 'invalid.json', body: () => '{"format": "fielddesk-export", oops }', message: '文件不是有效的 JSON：第 1 行' },
  { name: 'other.json', body: () => '{"hello": "world", "items": [1, 2]}', message: '这不是 Fielddesk 导出文件' },
  { name: 'truncated.json', body: () => fixtureText().slice(0, 3000), message: '文件不完整' },
  {
    name: 'newer.json',
    body: () => fixtureText().replace('"version": 1', '"version": 7'),
    message: '更新版本的 Fielddesk 生成（格式版本 7）',
  },
  {
    name: 'types.json',
    body: () => fixtureText().replace('"seq": 1,', '"seq": "one",'),
    message: '字段 tickets[0].events[0].seq 有误',
  },
  { name: 'empty.json', body: () => '   ', message: '文件是空的' },
];

for (const file of bad) {
  test(`a bad file (${file.name}) gets its own message and changes nothing`, async ({ page }, info) => {
    await openApp(page);
    await createTicket(page, '张三', '原有工单');
    await page.locator('#import-file').setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.body()) });
    await expect(page.locator('#import-error')).toContainText('无法导入，本机数据未作任何改动');
    await expect(page.locator('#import-error .reason')).toContainText(file.message);
    await expect(page.locator('#import-error')).toContainText(file.name);
    if (file.name === 'truncated.json') await screenshots(page, info, 'transfer-bad-file');
    await page.reload();
    await openApp(page);
    await expect(page.locator('.tickets .ticket')).toHaveCount(1);
    await expect(page.locator('.tickets .ticket')).toContainText('原有工单');
  });
}

test('a bad file is explained in English too', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#import-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"format": 3}') });
  await expect(page.locator('#import-error')).toContainText('Cannot import; nothing on this device was changed');
  await expect(page.locator('#import-error .reason')).toContainText('Field');
});

test('a file saved with a UTF-8 byte-order mark is accepted', async ({ page }) => {
  await openApp(page);
  await page.locator('#import-file').setInputFiles({
    name: 'bom.json',
    mimeType: 'application/json',
    buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixtureText())]),
  });
  await expect(page.locator('#import-preview .count-new dd')).toHaveText('2');
  await page.locator('#import-confirm').click();
  await expect(page.locator('#import-done')).toBeVisible();
  await expect(page.locator('.tickets .ticket')).toHaveCount(2);
  await expect(page.locator('.tickets')).toContainText('验证码错误');
});

test('markup in every text field of a file is imported as text, never run', async ({ page }, info) => {
  await openApp(page);
  const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const doc = JSON.parse(fixtureText());
  const poison = (value: unknown): unknown => {
    if (typeof value === 'string' && /[\u4e00-\u9fff]/.test(value)) return `${markup}${value}`;
    if (Array.isArray(value)) return value.map(poison);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v)]));
    }
    return value;
  };
  const poisoned = { ...doc, tickets: poison(doc.tickets), exported_by: poison(doc.exported_by) };
  await page.locator('#import-file').setInputFiles({
    name: '<svg onload=window.__pwned=3>.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(poisoned)),
  });
  await expect(page.locator('#import-preview')).toBeVisible();
  await page.locator('#import-confirm').click();
  await expect(page.locator('#import-done')).toContainText('<svg onload=window.__pwned=3>.json');
  const row = page.locator('.tickets .ticket').filter({ hasText: '验证码错误' });
  await expect(row.first().locator('.symptom')).toContainText(markup);
  await page.locator('.choose summary').click();
  await expect(page.locator('.choose-list').first()).toContainText(markup);
  await expect(page.locator('.tickets img, .tickets script, .transfer img, .transfer svg')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await screenshots(page, info, 'transfer-markup');
});

test('the ticket list downloads as a CSV that Excel reads as UTF-8', async ({ page }, info) => {
  await openApp(page);
  await createTicket(page, '张三', '打印机卡纸, 第二台');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^fielddesk-tickets-\d{8}-\d{4}\.csv$/);
  const file = path.join(info.outputDir, download.suggestedFilename());
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines[0]).toBe('工单编号,提交人,部门/业务线,问题描述,问题分类,期望优先级,确认优先级,当前环节,处理人,创建时间');
  expect(lines[1]).toContain(`TS${await browserToday(page)}001,张三,研发部,"打印机卡纸, 第二台",,P2,,问题接收,`);
});

test('selected tickets export alone', async ({ page }, info) => {
  await openApp(page);
  await createTicket(page, '张三', '第一张');
  await createTicket(page, '王五', '第二张');
  await page.locator('.choose summary').click();
  await expect(page.locator('.choose-list li')).toHaveCount(2);
  await page.locator('#choose-filter').fill('第二');
  await expect(page.locator('.choose-list li')).toHaveCount(1);
  await page.locator('.choose-list label', { hasText: '第二张' }).locator('input').check();
  await page.locator('#choose-filter').fill('');
  await expect(page.locator('.choose-list li')).toHaveCount(2);
  await expect(page.locator('.choose summary')).toContainText('(1)');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-selected').click()]);
  const file = path.join(info.outputDir, 'selected.json');
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(exported.tickets).toHaveLength(1);
  expect(JSON.stringify(exported)).toContain('第二张');
});

test('a change in one tab shows up in another tab of the same browser', async ({ context }) => {
  const one = await context.newPage();
  const two = await context.newPage();
  await openApp(one);
  await openApp(two);
  await createTicket(one, '张三', '标签页一新建');
  await expect(two.locator('.tickets .ticket')).toContainText('标签页一新建');
  await two.locator('#import-file').setInputFiles({
    name: 'fixture.json',
    mimeType: 'application/json',
    buffer: Buffer.from(fixtureText()),
  });
  await two.locator('#import-confirm').click();
  await expect(one.locator('.tickets .ticket')).toHaveCount(3);

  // Articles too: the other tab's knowledge base shows what this one imported, unreloaded.
  await one.locator('.mainnav a[href="#/knowledge"]').click();
  await expect(one.locator('#kb-heading')).toBeVisible();
  await expect(one.locator('#kb-articles li')).toHaveCount(0);
  await two.locator('#import-file').setInputFiles(FIXTURE_V2);
  await two.locator('#import-confirm').click();
  await expect(one.locator('#kb-articles')).toContainText('VPN连接提示错误809');
});

test('the panel shows whether storage is persistent and how much is used', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('#persisted')).toBeVisible();
  await expect(page.locator('#quota')).toContainText('MB');
});

test('a file dropped on the panel is previewed like a picked one', async ({ page }, info) => {
  await openApp(page);
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return data;
  }, fixtureText());
  await page.locator('.dropzone').dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(page.locator('.dropzone')).toHaveClass(/dragging/);
  await screenshots(page, info, 'transfer-dragging');
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.locator('#import-preview .count-new dd')).toHaveText('2');
  await expect(page.locator('#import-preview')).toContainText('dropped.json');
});

async function articles(page: Page): Promise<string[]> {
  await page.locator('.mainnav a[href="#/knowledge"]').click();
  const list = page.locator('#kb-articles li');
  await expect(list.first()).toBeVisible();
  return (await list.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).sort();
}

test('knowledge-base articles travel with the file; two articles both numbered KB-0001 both survive', async ({ browser }, info) => {
  test.setTimeout(90_000);
  // Engineer B writes KB-0001 from a ticket of their own.
  const b = await device(browser, info);
  await createTicket(b, '张三', "10:00登录OA系统时提示'验证码错误',已尝试3次均失败");
  await b.locator('.tickets a.ticket-no').first().click();
  const ticket = (await b.locator('#ticket-number').textContent())!.trim();
  await toResolved(b);
  await b.locator('#kb-generate').click();
  await b.locator('#kb-title').fill('B 的文章:验证码错误');
  await b.locator('#kb-save').click();
  await expect(b.locator('#f-knowledge')).toContainText('KB-0001 B 的文章:验证码错误');

  // Engineer A's file (the v2 fixture) also has a KB-0001, and a KB-0002.
  await b.locator('.mainnav a[href="#/"]').click();
  await b.locator('#import-file').setInputFiles(FIXTURE_V2);
  await expect(b.locator('#import-preview .count-new-articles dd')).toHaveText('2');
  await expect(b.locator('#import-preview .count-renumbered-articles dd')).toHaveText('1');
  await screenshots(b, info, 'transfer-articles-preview');
  await b.locator('#import-confirm').click();
  await expect(b.locator('#import-done')).toBeVisible();
  const onB = await articles(b);
  expect(onB).toHaveLength(3);
  expect(onB.join('\n')).toContain('B 的文章:验证码错误');
  expect(onB.join('\n')).toContain('OA登录提示验证码错误');
  expect(onB.join('\n')).toContain('VPN连接提示错误809');

  // B's ticket still links B's article, under whatever id it has now.
  const own = onB.find((row) => row.includes('B 的文章'))!.match(/KB-\d{4}/)![0];
  await b.locator('.mainnav a[href="#/"]').click();
  await b.locator('.tickets a.ticket-no', { hasText: ticket }).click();
  await expect(b.locator('#f-knowledge')).toContainText(`${own} B 的文章:验证码错误`);
  // …and its timeline says the reference moved.
  await expect(b.locator('.timeline .events')).toContainText('引用的知识库文章重新编号KB-0001 → KB-0002');
  await expect(b.locator('.timeline .events')).toContainText(`引用的知识库文章重新编号KB-0002 → ${own}`);

  // A fresh device importing B's export ends with the same three articles under the same ids.
  await b.locator('.mainnav a[href="#/"]').click();
  const fromB = await exportAll(b, info, 'b');
  const c = await device(browser, info);
  await importFile(c, fromB);
  expect(await articles(c)).toEqual(onB);
});
