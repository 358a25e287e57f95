import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { act, openApp, openExampleTicket } from './helpers';

async function noViolations(page: import('@playwright/test').Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

test('the main screens pass an axe-core accessibility check', async ({ page }) => {
  await openApp(page);
  await noViolations(page);
  await openExampleTicket(page);
  await act(page, 'Assign');
  await noViolations(page);
  await page.locator('button[data-action=ConfirmPriority]').click();
  await noViolations(page);
  await page.keyboard.press('Escape');
  await page.locator('.mainnav a[href="#/alerts"]').click();
  await noViolations(page);
  await page.locator('.mainnav a[href="#/settings"]').click();
  await noViolations(page);
});

test('the knowledge, report and review pages pass an axe-core accessibility check', async ({ page }) => {
  await openApp(page);
  await page.locator('#symptom').fill('验证码错误');
  await page.locator('.mainnav a[href="#/knowledge"]').click();
  await page.locator('#kb-search').fill('验证码');
  await noViolations(page);
  await page.locator('.mainnav a[href="#/report"]').click();
  await expect(page.locator('#headline-table')).toBeVisible();
  await noViolations(page);
  await page.locator('.mainnav a[href="#/review"]').click();
  await page.locator('#retro-new').click();
  await noViolations(page);
});
