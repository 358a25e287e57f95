import { expect, Page, test } from '@playwright/test';
import { fillIntake, generatedExport, openApp, screenshots, ZHANG_SAN } from './helpers';

// The browser's database failing for real: a quota Chromium enforces (set through the DevTools
// protocol, as Chromium's own tests do), and another tab's connection holding or taking over the
// database. Nothing here replaces IndexedDB.

/** A page of the app's origin that is not the app: a plain static file. */
async function sameOriginTab(page: Page): Promise<Page> {
  const other = await page.context().newPage();
  await other.goto('./manifest.webmanifest');
  return other;
}

test('a full disk: the save is refused with a clear message, the typed text stays, nothing is half-written', async ({ page }, info) => {
  // Chromium takes a quota override sent while a page of the origin is open, as long as the
  // origin has not stored anything yet (after its first write it keeps the quota it had).
  await page.goto('./manifest.webmanifest');
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const quota = (quotaSize: number) => cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
  await quota(50_000_000);
  await openApp(page);
  await quota(1);

  await fillIntake(page, { ...ZHANG_SAN, name: '王五', symptom: '打印机无法连接' });
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(page.locator('.intake [role=alert]')).toContainText('设备存储空间不足,本次内容未保存');
  await expect(page.locator('#symptom')).toHaveValue('打印机无法连接');
  await expect(page.locator('#submitter-name')).toHaveValue('王五');
  await screenshots(page, info, 'storage-quota');

  // An import is one transaction of many writes: refused as a whole.
  await page.locator('#import-file').setInputFiles({
    name: 'generated.json',
    mimeType: 'application/json',
    buffer: Buffer.from(generatedExport(3000)),
  });
  await page.locator('#import-confirm').click();
  await expect(page.locator('.transfer [role=alert]')).toContainText('存储空间不足');
  await expect(page.locator('.queue .empty')).toBeVisible();

  // Space again: the same form saves as it is.
  await quota(50_000_000);
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(page.locator('.tickets .ticket')).toHaveCount(1);
  await page.reload();
  await openApp(page);
  await expect(page.locator('.tickets .ticket')).toHaveCount(1);
  await expect(page.locator('.tickets .ticket')).toContainText('打印机无法连接');
});

test('a full disk on the review page: the retrospective is not shown as saved and its form keeps every field', async ({ page }, info) => {
  await page.goto('./manifest.webmanifest');
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const quota = (quotaSize: number) => cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
  await quota(50_000_000);
  await openApp(page);
  await page.locator('.mainnav a[href="#/review"]').click();
  await quota(1);

  await page.locator('#retro-new').click();
  await page.locator('#retro-leader').selectOption('TS300');
  await page.locator('#retro-tickets').fill('TS20261012001');
  await page.locator('#retro-knowledge').fill('知识库缺少验证码错误的处理步骤');
  await page.locator('#retro-actions').fill('新增知识库文章');
  await page.locator('#retro-save').click();
  await expect(page.locator('#review-unsaved')).toContainText('设备存储空间不足');
  await expect(page.locator('#retro-actions')).toHaveValue('新增知识库文章');
  await expect(page.locator('#retro-list li')).toHaveCount(0);
  await screenshots(page, info, 'storage-quota-review');

  await quota(50_000_000);
  await page.locator('#retro-save').click();
  await expect(page.locator('#retro-list li')).toHaveCount(1);
  await expect(page.locator('#review-unsaved')).toHaveCount(0);
});

test('an older Fielddesk open in another tab: this tab says what it waits for, then carries on by itself', async ({ page }, info) => {
  await page.goto('./');
  const old = await sameOriginTab(page);
  await page.close();
  // Schema v4 as an older Fielddesk left it, with the connection kept open and deaf to upgrades.
  await old.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        indexedDB.deleteDatabase('fielddesk');
        const request = indexedDB.open('fielddesk', 4);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore('events', { keyPath: 'id' }).createIndex('ticket', 'ticket');
          db.createObjectStore('settings');
          db.createObjectStore('attachments', { keyPath: 'id' });
          db.createObjectStore('articles', { keyPath: 'id' }).createIndex('article', 'article');
        };
        request.onsuccess = () => {
          (window as any).held = request.result;
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
  );

  const app = await old.context().newPage();
  await app.goto('./');
  await expect(app.locator('#storage-blocked')).toContainText('另一个标签页中打开着旧版本的 Fielddesk');
  await screenshots(app, info, 'storage-blocked');

  await old.close();
  await expect(app.locator('#storage-blocked')).toHaveCount(0);
  await openApp(app);
  await fillIntake(app, ZHANG_SAN);
  await app.getByRole('button', { name: '保存工单' }).click();
  await expect(app.locator('.tickets .ticket')).toHaveCount(1);
});

test('a newer Fielddesk takes the database in another tab: this tab stops saving, says so, keeps the text', async ({ page }, info) => {
  await openApp(page);
  const newer = await sameOriginTab(page);
  await newer.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('fielddesk', 99);
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
  );
  await expect(page.locator('#storage-superseded')).toContainText('Fielddesk 已在另一个标签页中更新');

  await fillIntake(page, ZHANG_SAN);
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(page.locator('.intake [role=alert]')).toContainText('本页已停止保存');
  await expect(page.locator('#symptom')).toHaveValue(ZHANG_SAN.symptom);
  await screenshots(page, info, 'storage-superseded');

  // This build cannot read what the newer one wrote: it says so instead of failing blankly.
  await page.locator('#storage-superseded button').click();
  await expect(page.locator('.queue [role=alert]')).toContainText('由更新版本的 Fielddesk 写入');
});

test('a browser that refuses IndexedDB: the data goes to localStorage, a banner says it may not last', async ({ page }, info) => {
  // As some locked-down or private browsers do: no IndexedDB factory at all.
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined }));
  await openApp(page);
  await expect(page.locator('#storage-fallback')).toContainText('可能无法长期保存');
  await fillIntake(page, ZHANG_SAN);
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(page.locator('.tickets .ticket')).toHaveCount(1);
  await screenshots(page, info, 'storage-fallback');

  await page.reload();
  await openApp(page);
  await expect(page.locator('#storage-fallback')).toBeVisible();
  await expect(page.locator('.tickets .ticket')).toContainText('验证码错误');
  expect(await page.evaluate(() => localStorage.getItem('fielddesk.tickets'))).toContain('验证码错误');
});
