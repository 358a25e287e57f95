import { expect, test } from '@playwright/test';
import { generatedExport, importFile, openApp } from './helpers';

test('a long queue shows 50 tickets a page, and Next / Previous move between pages', async ({ page }) => {
  await openApp(page);
  await importFile(page, generatedExport(120), 120);
  const pager = page.locator('.pager');
  await expect(pager.locator('span')).toHaveText('1 / 3');
  await expect(page.locator('.tickets li')).toHaveCount(50);
  const previous = pager.getByRole('button', { name: '上一页' });
  const next = pager.getByRole('button', { name: '下一页' });
  await expect(previous).toBeDisabled();
  const first = await page.locator('.tickets li').first().innerText();

  await next.click();
  await expect(pager.locator('span')).toHaveText('2 / 3');
  await expect(page.locator('.tickets li').first()).not.toHaveText(first);
  await next.click();
  await expect(pager.locator('span')).toHaveText('3 / 3');
  await expect(page.locator('.tickets li')).toHaveCount(20);
  await expect(next).toBeDisabled();
  await previous.click();
  await expect(pager.locator('span')).toHaveText('2 / 3');

  // The text search reaches every page, not only the one on screen.
  await page.locator('#search').fill('打印机脱机');
  await expect(page.locator('.tickets li')).toHaveCount(18); // tickets 0, 7, …, 119: 18 of them
});
