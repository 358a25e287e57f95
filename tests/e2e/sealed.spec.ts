import AxeBuilder from '@axe-core/playwright';
import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fillIntake, openApp, screenshots, ZHANG_SAN } from './helpers';

// The v1 fixture sealed by Node's WebCrypto (not by Fielddesk) with this passphrase.
const NODE_SEALED = path.join(__dirname, '..', '..', 'crates', 'fielddesk-core', 'tests', 'fixtures', 'export-v1.sealed.json');
const NODE_PASSPHRASE = '工单 correct horse 2023';
const SECRET = '机房空调漏水，服务器 A3 已断电';
const PASSPHRASE = '周五下午 三点 打印机';

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

async function noViolations(page: Page) {
  const result = await new AxeBuilder({ page }).include('.transfer').withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/** Makes every key derivation of `page` take `ms` longer, so its busy state can be seen. */
async function slowKeyDerivation(page: Page, ms: number) {
  await page.addInitScript((delay) => {
    const derive = SubtleCrypto.prototype.deriveKey;
    SubtleCrypto.prototype.deriveKey = function (...args: Parameters<SubtleCrypto['deriveKey']>) {
      return new Promise((resolve) => setTimeout(resolve, delay)).then(() => derive.apply(this, args));
    } as SubtleCrypto['deriveKey'];
  }, ms);
}

/** How many tickets this profile's store holds, read by a second tab that loads it afresh. */
async function storedTickets(page: Page): Promise<number> {
  const other = await page.context().newPage();
  await openApp(other);
  const count = await other.locator('.tickets .ticket').count();
  await other.close();
  return count;
}

test('a sealed export travels to another profile; a wrong passphrase changes nothing', async ({ browser }, info) => {
  const a = await device(browser, info);
  await fillIntake(a, { ...ZHANG_SAN, symptom: SECRET });
  await a.getByRole('button', { name: '保存工单' }).click();
  await expect(a.getByRole('status').first()).toContainText('已创建工单');

  let downloads = 0;
  a.on('download', () => downloads++);
  await a.locator('#seal-export').check();
  await expect(a.locator('.seal-warning')).toContainText('口令无法找回');

  // Bad passphrases get their own message and no file.
  await a.locator('#seal-passphrase').fill('短口令');
  await a.locator('#seal-passphrase-again').fill('短口令');
  await a.locator('#export-all').click();
  await expect(a.locator('#seal-error')).toHaveText('口令太短：只有 3 个字符，至少需要 8 个。');
  await a.locator('#seal-passphrase').fill(PASSPHRASE);
  await a.locator('#seal-passphrase-again').fill(PASSPHRASE + '!');
  await a.locator('#export-all').click();
  await expect(a.locator('#seal-error')).toHaveText('两次输入的口令不一致。');
  expect(downloads).toBe(0);
  await noViolations(a);

  await a.locator('#seal-passphrase-again').fill(PASSPHRASE);
  await expect(a.locator('#seal-error')).toBeEmpty();
  await a.locator('#seal-show').check();
  await expect(a.locator('#seal-passphrase')).toHaveAttribute('type', 'text');
  await screenshots(a, info, 'sealed-export');
  await a.locator('#seal-show').uncheck();
  await expect(a.locator('#seal-passphrase')).toHaveAttribute('type', 'password');

  const [download] = await Promise.all([a.waitForEvent('download'), a.locator('#export-all').click()]);
  expect(download.suggestedFilename()).toMatch(/^fielddesk-export-\d{8}-\d{4}\.sealed\.json$/);
  await expect(a.locator('#export-status')).toContainText(`已生成加密文件: ${download.suggestedFilename()}`);
  const file = path.join(info.outputDir, download.suggestedFilename());
  await download.saveAs(file);

  // Nothing of the ticket is readable in the file.
  const text = fs.readFileSync(file, 'utf8');
  const envelope = JSON.parse(text);
  expect(Object.keys(envelope)).toEqual(['format', 'version', 'kdf', 'cipher', 'ciphertext']);
  expect(envelope.format).toBe('fielddesk-export-sealed');
  expect(envelope.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600000 });
  expect(envelope.cipher.name).toBe('AES-GCM');
  const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
  for (const plain of [SECRET, '空调', '张三', 'TicketCreated', 'tickets']) {
    expect(text).not.toContain(plain);
    expect(ciphertext.includes(Buffer.from(plain))).toBe(false);
  }

  // Another profile: the file asks for its passphrase.
  const b = await device(browser, info);
  await b.locator('#import-file').setInputFiles(file);
  await expect(b.locator('#unlock')).toBeVisible();
  await expect(b.locator('#unlock')).toContainText(download.suggestedFilename());
  await expect(b.locator('#unlock-passphrase')).toBeFocused();
  await expect(b.locator('#import-preview')).toHaveCount(0);
  await screenshots(b, info, 'sealed-unlock');

  // Empty, then wrong: a clear message, the form stays for another try, nothing is written.
  await b.locator('#unlock-submit').click();
  await expect(b.locator('#unlock-error')).toHaveText('请输入口令。');
  await b.locator('#unlock-passphrase').fill('周五下午 三点 复印机');
  await b.locator('#unlock-passphrase').press('Enter');
  await expect(b.locator('#unlock-error')).toHaveText('口令错误，或文件已被改动。请核对口令后重试；本机数据未作任何改动。');
  await expect(b.locator('#unlock-passphrase')).toBeFocused();
  await screenshots(b, info, 'sealed-wrong-passphrase');
  await noViolations(b);
  await expect(b.locator('.tickets .ticket')).toHaveCount(0);
  expect(await storedTickets(b)).toBe(0);

  // The right one, pasted with a trailing space as from a chat message.
  await b.locator('#unlock-passphrase').fill(PASSPHRASE + ' ');
  const started = Date.now();
  await b.locator('#unlock-submit').click();
  await expect(b.locator('#import-preview')).toBeVisible();
  const unlockToPreview = Date.now() - started;
  info.annotations.push({ type: 'unlock to preview (ms)', description: String(unlockToPreview) });
  console.log(`From "decrypt" to the preview: ${unlockToPreview} ms`);
  await expect(b.locator('#import-decrypted')).toHaveText('已用口令解密');
  await expect(b.locator('#import-preview .count-new dd')).toHaveText('1');
  await b.locator('#import-confirm').click();
  await expect(b.locator('#import-done')).toBeVisible();
  await expect(b.locator('.tickets .ticket')).toContainText(SECRET);
  expect(await storedTickets(b)).toBe(1);

  // How long 600 000 PBKDF2 iterations take in this Chromium, as the app derives its key.
  const ms = await b.evaluate(async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const t0 = performance.now();
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode('passphrase'), 'PBKDF2', false, ['deriveKey']);
      await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600000, salt }, base, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
      times.push(performance.now() - t0);
    }
    return times;
  });
  info.annotations.push({ type: 'PBKDF2 600k deriveKey (ms)', description: ms.map((t) => t.toFixed(0)).join(', ') });
  console.log(`PBKDF2-SHA-256 600000 iterations in Chromium: ${ms.map((t) => t.toFixed(0)).join(', ')} ms`);
});

test('a file sealed by another WebCrypto opens, and the wrong passphrase is explained in English too', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#import-file').setInputFiles(NODE_SEALED);
  await expect(page.locator('#unlock')).toContainText('This file is encrypted with a passphrase');
  await page.locator('#unlock-passphrase').fill('工单 correct horse 2024');
  await page.locator('#unlock-submit').click();
  await expect(page.locator('#unlock-error')).toContainText('Wrong passphrase, or the file was changed');
  await page.locator('#unlock-show').check();
  await expect(page.locator('#unlock-passphrase')).toHaveAttribute('type', 'text');
  await page.locator('#unlock-passphrase').fill(NODE_PASSPHRASE);
  await page.locator('#unlock-submit').click();
  await expect(page.locator('#import-decrypted')).toHaveText('Decrypted with its passphrase');
  await expect(page.locator('#import-preview .count-new dd')).toHaveText('2');
  await page.locator('#import-confirm').click();
  await expect(page.locator('.tickets .ticket')).toHaveCount(2);
});

test('while a key is derived, both sides say so and cannot be sent twice', async ({ page }, info) => {
  await slowKeyDerivation(page, 1500);
  await openApp(page);
  await page.locator('#import-file').setInputFiles(NODE_SEALED);
  await page.locator('#unlock-passphrase').fill(NODE_PASSPHRASE);
  await page.locator('#unlock-submit').click();
  await expect(page.locator('#unlock-busy')).toHaveText('正在校验口令并解密…');
  await expect(page.locator('#unlock-submit')).toBeDisabled();
  await expect(page.locator('#unlock-cancel')).toBeDisabled();
  await expect(page.locator('#unlock')).toHaveAttribute('aria-busy', 'true');
  await screenshots(page, info, 'sealed-unlocking');
  await expect(page.locator('#import-preview .count-new dd')).toHaveText('2');
  await page.locator('#import-confirm').click();
  await expect(page.locator('#import-done')).toBeVisible();

  await page.locator('#seal-export').check();
  await page.locator('#seal-passphrase').fill(PASSPHRASE);
  await page.locator('#seal-passphrase-again').fill(PASSPHRASE);
  const download = page.waitForEvent('download');
  await page.locator('#export-all').click();
  await expect(page.locator('#export-status')).toHaveText('正在加密…');
  await expect(page.locator('#export-all')).toBeDisabled();
  await expect(page.locator('#seal-passphrase')).toBeDisabled();
  expect((await download).suggestedFilename()).toMatch(/\.sealed\.json$/);
  await expect(page.locator('#export-status')).toContainText('已生成加密文件');
  await expect(page.locator('#export-all')).toBeEnabled();
});

const nodeSealed = () => JSON.parse(fs.readFileSync(NODE_SEALED, 'utf8'));
const bad: { name: string; body: () => string; message: string }[] = [
  {
    name: 'weak.sealed.json',
    body: () => JSON.stringify({ ...nodeSealed(), kdf: { ...nodeSealed().kdf, iterations: 1000 } }),
    message: '加密文件的迭代次数只有 1000，少于 600000，过于薄弱：它不是 Fielddesk 生成的。',
  },
  {
    name: 'no-iv.sealed.json',
    body: () => JSON.stringify({ ...nodeSealed(), cipher: { name: 'AES-GCM' } }),
    message: '加密文件缺少字段 cipher.iv',
  },
  {
    name: 'newer.sealed.json',
    body: () => JSON.stringify({ ...nodeSealed(), version: 3 }),
    message: '加密格式版本 3',
  },
  {
    name: 'cut.sealed.json',
    body: () => fs.readFileSync(NODE_SEALED, 'utf8').slice(0, 900),
    message: '加密文件不完整',
  },
  {
    name: 'argon.sealed.json',
    body: () => JSON.stringify({ ...nodeSealed(), kdf: { ...nodeSealed().kdf, name: 'Argon2id' } }),
    message: '密钥派生方式 Argon2id/SHA-256 本程序不支持',
  },
];

for (const file of bad) {
  test(`a damaged sealed file (${file.name}) gets its own message and asks for no passphrase`, async ({ page }) => {
    await openApp(page);
    await page.locator('#import-file').setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.body()) });
    await expect(page.locator('#import-error')).toContainText('无法打开加密文件，本机数据未作任何改动');
    await expect(page.locator('#import-error .reason')).toContainText(file.message);
    await expect(page.locator('#unlock')).toHaveCount(0);
  });
}

test('a sealed file changed on the way is refused even with the right passphrase', async ({ page }) => {
  await openApp(page);
  const envelope = nodeSealed();
  const bytes = Buffer.from(envelope.ciphertext, 'base64');
  bytes[100] ^= 1;
  envelope.ciphertext = bytes.toString('base64');
  await page.locator('#import-file').setInputFiles({ name: 'changed.sealed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(envelope)) });
  await page.locator('#unlock-passphrase').fill(NODE_PASSPHRASE);
  await page.locator('#unlock-submit').click();
  await expect(page.locator('#unlock-error')).toContainText('口令错误，或文件已被改动');
  await page.locator('#unlock-cancel').click();
  await expect(page.locator('#unlock')).toHaveCount(0);
  expect(await storedTickets(page)).toBe(0);
});
