import { expect, test } from '@playwright/test';
import { act, browserToday, fillIntake, openApp, screenshots, ZHANG_SAN } from './helpers';

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
