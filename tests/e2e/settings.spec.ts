import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApp, screenshots } from './helpers';

// Team settings keep their history: every save is a version with who and when; the newest is
// in force, the earlier ones stay readable, as text.

test('every save of a team setting is kept with who and when; the newest is in force', async ({ page }, info) => {
  await openApp(page);
  await page.goto('./#/settings');
  await expect(page.locator('#settings-history-empty')).toContainText('当前是默认设置');

  const channels = page.locator('#channels');
  const markup = '<img src=x onerror=window.__pwned=1>';
  await channels.fill(`${await channels.inputValue()}\n驻场巡检\n${markup}`);
  const saveLists = page.locator('section[aria-labelledby=lists-title] button.primary');
  await saveLists.click();
  await expect(page.getByRole('status').first()).toContainText('设置已保存');
  const history = page.locator('#settings-history li');
  // Channels and the category standard are saved together; only what changed is a version.
  await expect(history).toHaveCount(1);
  const channelVersions = history.filter({ hasText: '提交渠道' });
  await expect(channelVersions).toHaveCount(1);
  await expect(channelVersions.first()).toContainText('当前生效');
  await expect(channelVersions.first()).toContainText('李四');

  await channels.fill((await channels.inputValue()).replace(`\n${markup}`, '').replace('\n驻场巡检', ''));
  await saveLists.click();
  await expect(channelVersions).toHaveCount(2);
  await expect(channelVersions.nth(0)).toContainText('当前生效');
  await expect(channelVersions.nth(1)).not.toContainText('当前生效');
  // The earlier version is still there to read, markup and all, as text.
  await channelVersions.nth(1).locator('summary').click();
  await expect(channelVersions.nth(1).locator('.setting-value')).toContainText('驻场巡检');
  await expect(channelVersions.nth(1).locator('.setting-value')).toContainText(markup);
  await expect(page.locator('.settings-history img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // The newest is in force: the intake form no longer offers the channel taken out.
  await page.goto('./#/');
  await expect(page.locator('#channel option', { hasText: '驻场巡检' })).toHaveCount(0);
  await page.reload();
  await page.goto('./#/settings');
  await expect(page.locator('#settings-history li').filter({ hasText: '提交渠道' })).toHaveCount(2);
  await channelVersions.nth(1).locator('summary').click();
  await screenshots(page, info, 'settings-history');
});

test('team settings travel in an export: another profile previews, takes and keeps them', async ({ page, browser }, info) => {
  await openApp(page);
  await page.goto('./#/settings');
  const channels = page.locator('#channels');
  await channels.fill(`${await channels.inputValue()}\n驻场巡检`);
  await page.locator('section[aria-labelledby=lists-title] button.primary').click();
  await expect(page.locator('#settings-history li')).toHaveCount(1);
  await page.goto('./#/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  const file = path.join(info.outputDir, download.suggestedFilename());
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(exported.version).toBe(5);
  expect(exported.team_settings).toHaveLength(1);

  const other = await browser.newContext({ baseURL: info.project.use.baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const there = await other.newPage();
  await openApp(there);
  await expect(there.locator('#channel option', { hasText: '驻场巡检' })).toHaveCount(0);
  await there.locator('#import-file').setInputFiles(file);
  await expect(there.locator('#import-settings')).toContainText('提交渠道');
  await expect(there.locator('#import-settings')).toContainText('李四');
  await screenshots(there, info, 'import-settings');
  await there.locator('#import-confirm').click();
  await expect(there.locator('#import-done')).toBeVisible();
  await expect(there.locator('#channel option', { hasText: '驻场巡检' })).toHaveCount(1);
  await there.goto('./#/settings');
  await expect(there.locator('#settings-history li').filter({ hasText: '提交渠道' })).toContainText('当前生效');

  // The same file again brings nothing new.
  await there.goto('./#/');
  await there.locator('#import-file').setInputFiles(file);
  await expect(there.locator('#nothing-new')).toBeVisible();
  await other.close();
});
