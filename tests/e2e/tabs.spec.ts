import { expect, Page, test } from '@playwright/test';
import { act, browserToday, fillIntake, generatedExport, openApp, screenshots, ZHANG_SAN } from './helpers';

// Two tabs of one browser share one store: what one saves, the other shows by itself, with no
// reload — a new ticket, an action on a ticket the other has open, and the team's settings.

test('what one tab saves, the other shows by itself: a new ticket, an action, a new channel', async ({ page }, info) => {
  await openApp(page);
  const other = await page.context().newPage();
  await openApp(other);

  await fillIntake(page, ZHANG_SAN);
  await page.getByRole('button', { name: '保存工单' }).click();
  const number = `TS${await browserToday(page)}001`;
  const row = other.locator('.tickets .ticket').filter({ hasText: number });
  await expect(row).toContainText('验证码错误');
  await expect(other.locator('.queue .count')).toHaveText('1');

  // Both on the ticket's page; the first tab acts, the second shows the new step.
  await row.locator('a.ticket-no').click();
  await page.locator('.tickets a.ticket-no', { hasText: number }).click();
  await expect(other.locator('#ticket-number')).toHaveText(number);
  const before = await other.locator('.timeline .event').count();
  await act(page, 'Assign');
  await expect(page.locator('.timeline .event')).toHaveCount(before + 1);
  await expect(other.locator('.timeline .event')).toHaveCount(before + 1);
  const titles = await page.locator('.timeline .event-title').allInnerTexts();
  expect(await other.locator('.timeline .event-title').allInnerTexts()).toEqual(titles);

  // A channel added in the first tab's settings is offered by the second tab's intake form.
  await page.goto('./#/settings');
  const channels = page.locator('#channels');
  await channels.fill(`${await channels.inputValue()}\n驻场巡检`);
  await page.locator('section[aria-labelledby=lists-title] button.primary').click();
  await expect(page.getByRole('status').first()).toContainText('设置已保存');
  await other.goto('./#/');
  await expect(other.locator('#channel option', { hasText: '驻场巡检' })).toHaveCount(1);
  await screenshots(other, info, 'tabs-other');
});

test('a message from another version of Fielddesk makes the tab re-read the store', async ({ page }) => {
  await openApp(page);
  const other = await page.context().newPage();
  await openApp(other);
  await fillIntake(page, ZHANG_SAN);
  await page.getByRole('button', { name: '保存工单' }).click();
  await expect(other.locator('.queue .count')).toHaveText('1');

  // A write the other tab never heard of, then a message it cannot read: it reads the store.
  await page.evaluate(async () => {
    await new Promise<void>((done, fail) => {
      const open = indexedDB.open('fielddesk');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('batches', 'readwrite');
        tx.objectStore('batches').delete(IDBKeyRange.lowerBound(''));
        tx.oncomplete = () => { db.close(); done(); };
        tx.onerror = () => fail(tx.error);
      };
    });
    new BroadcastChannel('fielddesk-changes').postMessage('changed');
  });
  await expect(other.locator('.queue .empty')).toContainText('暂无工单');
});

test('an import that renumbers in one tab is shown the same in the other, unreloaded', async ({ context }) => {
  await context.addInitScript(() => {
    (window as unknown as { __FIELDDESK_NOW__: string }).__FIELDDESK_NOW__ = '2026-09-01T02:00:00Z';
  });
  const one = await context.newPage();
  const two = await context.newPage();
  await openApp(one);
  await openApp(two);
  await fillIntake(one, ZHANG_SAN);
  await one.getByRole('button', { name: '保存工单' }).click();
  await expect(two.locator('.tickets a.ticket-no')).toHaveText(['TS20260901001']);

  // Another laptop's file holds a different ticket under the same number: a merge renumbers
  // one of them, which the other tab cannot simply fold in; it re-reads the store.
  await two.locator('#import-file').setInputFiles({
    name: 'other-laptop.json',
    mimeType: 'application/json',
    buffer: Buffer.from(generatedExport(1)),
  });
  await expect(two.locator('#import-preview .renumberings li')).toHaveCount(1);
  await two.locator('#import-confirm').click();
  await expect(two.locator('#import-done')).toBeVisible();
  const numbers = async (page: Page) => (await page.locator('.tickets a.ticket-no').allInnerTexts()).sort();
  await expect.poll(() => numbers(two)).toEqual(['TS20260901001', 'TS20260901002']);
  await expect.poll(() => numbers(one)).toEqual(['TS20260901001', 'TS20260901002']);
});
