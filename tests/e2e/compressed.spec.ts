import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fillIntake, openApp, ZHANG_SAN } from './helpers';

test('an export compressed as .json.gz opens with gunzip and imports into another profile', async ({ page, browser }, info) => {
  await openApp(page);
  await fillIntake(page, { ...ZHANG_SAN, symptom: '打印机脱机,无法打印报表' });
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(page.getByRole('status').first()).toContainText('已创建工单');

  await page.locator('#export-compress').selectOption('always');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  expect(download.suggestedFilename()).toMatch(/^fielddesk-export-\d{8}-\d{4}\.json\.gz$/);
  const file = path.join(info.outputDir, download.suggestedFilename());
  await download.saveAs(file);
  const packed = fs.readFileSync(file);
  expect([...packed.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  const exported = JSON.parse(zlib.gunzipSync(packed).toString('utf8'));
  expect(exported.format).toBe('fielddesk-export');
  expect(exported.tickets).toHaveLength(1);
  await expect(page.locator('#export-status')).toContainText('.json.gz');

  const other = await browser.newContext({ baseURL: info.project.use.baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const there = await other.newPage();
  await openApp(there);
  await there.locator('#import-file').setInputFiles(file);
  await expect(there.locator('#import-preview')).toBeVisible();
  await there.locator('#import-confirm').click();
  await expect(there.locator('#import-done')).toBeVisible();
  await expect(there.locator('.tickets .symptom').first()).toContainText('打印机脱机');
  await other.close();
});

test('a small export stays plain JSON unless compression is asked for', async ({ page }, info) => {
  await openApp(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const file = path.join(info.outputDir, download.suggestedFilename());
  await download.saveAs(file);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).format).toBe('fielddesk-export');
});

test('a compressed file that unpacks past the limit is refused and changes nothing', async ({ page }, info) => {
  await openApp(page);
  // 220 MB of JSON-looking padding in a few hundred KB: a file the tab must not try to hold.
  const bomb = zlib.gzipSync(Buffer.alloc(220 * 1024 * 1024, 0x20));
  fs.mkdirSync(info.outputDir, { recursive: true });
  const file = path.join(info.outputDir, 'huge.json.gz');
  fs.writeFileSync(file, bomb);
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.getByText('解压后超过 200 MB')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#import-preview')).toHaveCount(0);
  await expect(page.locator('.tickets .ticket')).toHaveCount(0);
});

test('a damaged compressed file is refused with its reason', async ({ page }, info) => {
  await openApp(page);
  const packed = zlib.gzipSync(Buffer.from('{"format":"fielddesk-export"}'));
  const damaged = Buffer.concat([packed.subarray(0, 12), Buffer.from('not gzip at all')]);
  fs.mkdirSync(info.outputDir, { recursive: true });
  const file = path.join(info.outputDir, 'damaged.json.gz');
  fs.writeFileSync(file, damaged);
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.getByText('这是 gzip 压缩文件,但无法解压')).toBeVisible();
});
