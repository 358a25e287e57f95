import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openExampleTicket, screenshots } from './helpers';

const PNG = fs.readFileSync(path.join(__dirname, '..', '..', 'icons', 'icon-192.png'));
const LOG = '2026-11-25 10:00:03 ERROR CaptchaValidator: 验证码校验失败 (session expired)\n';

test('screenshots and logs are attached, previewed, downloaded, and kept after a reload', async ({ page }, info) => {
  await openExampleTicket(page);
  const section = page.locator('section.attachments');
  await expect(section).toContainText('暂无附件');

  await page.locator('#attach-files').setInputFiles([
    { name: '登录报错截图.png', mimeType: 'image/png', buffer: PNG },
    { name: 'tomcat.log', mimeType: 'text/plain', buffer: Buffer.from(LOG) },
  ]);
  const items = section.locator('li.attachment');
  await expect(items).toHaveCount(2);
  const image = items.filter({ hasText: '登录报错截图.png' });
  await expect(image.locator('img.thumb')).toBeVisible();
  expect(await image.locator('img.thumb').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);
  await expect(items.filter({ hasText: 'tomcat.log' })).toContainText('问题描述');
  // The ticket's timeline records the fact (R1.7).
  await expect(page.locator('.timeline')).toContainText('添加附件');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    items.filter({ hasText: 'tomcat.log' }).getByRole('button', { name: '下载' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('tomcat.log');
  expect(fs.readFileSync(await download.path(), 'utf8')).toBe(LOG);
  await screenshots(page, info, 'attachments');

  await page.reload();
  await expect(page.locator('section.attachments li.attachment')).toHaveCount(2);
  await expect(page.locator('section.attachments img.thumb')).toBeVisible();
});

test('a pasted screenshot is attached to the solution when chosen', async ({ page }) => {
  await openExampleTicket(page);
  await page.locator('#attach-to').selectOption('solution');
  await page.evaluate(async (bytes) => {
    const file = new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' });
    const data = new DataTransfer();
    data.items.add(file);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, [...PNG]);
  const item = page.locator('section.attachments li.attachment');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(/screenshot-\d{8}-\d{6}\.png/);
  await expect(item).toContainText('解决方案');
  await expect(item.locator('img.thumb')).toBeVisible();
});

test('a manager, who may not attach files, sees no attach control', async ({ page }) => {
  await openExampleTicket(page);
  await page.locator('#whoami').selectOption('TS400');
  await expect(page.locator('#attach-files')).toHaveCount(0);
});
