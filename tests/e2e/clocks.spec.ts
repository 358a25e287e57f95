import { expect, test } from '@playwright/test';
import { act, fillIntake, openApp, screenshots, setNow, startAt, ZHANG_SAN } from './helpers';

// #15: what a person reads of the clocks, at any hour and from any laptop. The team is the sample
// one, Shanghai, Mon–Fri 09:00–18:00 without lunch; the app's clock is moved by the test.

async function createAndOpen(page: import('@playwright/test').Page, priority: 'P1' | 'P2' | 'P3' | 'P4') {
  await fillIntake(page, { ...ZHANG_SAN, priority });
  await page.locator('#intake-title ~ form button[type=submit]').click();
  await page.locator('.tickets a.ticket-no').first().click();
  await expect(page.locator('#ticket-number')).toHaveText(/^TS\d{11}$/);
}

test('a P3 received on a Sunday night is due at 18:00 on Wednesday whatever the hour it is read, and what met first response is named', async ({ page }, info) => {
  // Sunday 2026-11-22 22:00 Beijing time.
  await startAt(page, '2026-11-22T14:00:00Z');
  await openApp(page);
  await createAndOpen(page, 'P3');
  const resolution = page.locator('li.clock[data-clock=Resolution]');
  // 3 working days of 9 h from Monday 09:00: 27 working hours, due Wednesday 18:00.
  await expect(resolution.locator('.clock-kind')).toHaveText('工作时间');
  await expect(resolution.locator('.target')).toHaveText('目标 工作时间 27 小时 / 3 个工作日');
  await expect(resolution.locator('.sla-left')).toHaveText('剩余 27工时');
  await expect(resolution.locator('.due')).toHaveText('截止 2026-11-25 18:00');

  // Monday 09:05: the first-line handler takes it, which is the first response.
  await setNow(page, '2026-11-23T01:05:00Z');
  await act(page, 'Assign');
  const first = page.locator('li.clock[data-clock=FirstResponse]');
  await expect(first.locator('.sla-word')).toHaveText('已达成');
  await expect(first.locator('.stopped-by')).toHaveText('由 2026-11-23 09:05 的『指派一线处理人』达成');

  // Wednesday 18:00: all 27 working hours used, none left — at risk, not yet breached.
  await setNow(page, '2026-11-25T10:00:00Z');
  await expect(resolution.locator('.sla-left')).toHaveText('剩余 0分(工时)');
  await expect(resolution.locator('.sla-word')).toHaveText('即将超时');
  await expect(resolution.locator('.due')).toHaveText('截止 2026-11-25 18:00');
  // 20:00 and Thursday 02:00: the due instant stays at Wednesday 18:00 (it used to follow the
  // time of reading). The app reads its clock every second: wait past one reading.
  for (const at of ['2026-11-25T12:00:00Z', '2026-11-25T18:00:00Z']) {
    await setNow(page, at);
    await page.waitForTimeout(1500);
    await expect(resolution.locator('.due')).toHaveText('截止 2026-11-25 18:00');
    await expect(resolution.locator('.sla-word')).toHaveText('即将超时');
  }
  await screenshots(page, info, 'clocks-ticket');
  // Thursday 02:00, quiet hours: the breaches (the first line's hour ran out on Monday) are still
  // counted in the header and listed.
  await expect(page.locator('.mainnav .badge')).not.toHaveText(/^\s*预警数量:?\s*0\s*$/);
  await page.locator('.mainnav a[href="#/alerts"]').click();
  await expect(page.locator('.alert-list .alert').first()).toBeVisible();
  await expect(page.locator('.alert-list').last()).toContainText('已超时');
  // Thursday 10:00: now past the target by one working hour, over in working units.
  await setNow(page, '2026-11-26T02:00:00Z');
  await page.goBack();
  await expect(resolution.locator('.sla-word')).toHaveText('已超时');
  await expect(resolution.locator('.sla-left')).toHaveText('超出 1工时');
  await expect(resolution.locator('.due')).toHaveText('截止 2026-11-25 18:00');
});

test('a P1 counts calendar time and says so', async ({ page }) => {
  await startAt(page, '2026-11-23T02:00:00Z');
  await openApp(page);
  await createAndOpen(page, 'P1');
  const resolution = page.locator('li.clock[data-clock=Resolution]');
  await expect(resolution.locator('.clock-kind')).toHaveText('自然时间');
  await expect(resolution.locator('.due')).toHaveText('截止 2026-11-23 14:00');
});

test.describe('a laptop in London', () => {
  test.use({ timezoneId: 'Europe/London' });

  test('reads a Shanghai team ticket in Beijing time, named', async ({ page }, info) => {
    // 02:00 in London is 10:00 in Beijing: the number's date and every time are the team's.
    await startAt(page, '2026-11-23T02:00:00Z');
    await openApp(page);
    await fillIntake(page, { ...ZHANG_SAN, priority: 'P2' });
    await page.locator('#intake-title ~ form button[type=submit]').click();
    const row = page.locator('.tickets .ticket').first();
    await expect(row.locator('a.ticket-no')).toHaveText('TS20261123001');
    await expect(row.locator('time')).toHaveText('2026-11-23 10:00 北京时间');
    await row.locator('a.ticket-no').click();
    await expect(page.locator('li.clock[data-clock=FirstResponse] .due')).toHaveText('截止 2026-11-23 10:10 北京时间');
    await expect(page.locator('.timeline .event-meta time').first()).toHaveText('2026-11-23 10:00 北京时间');
    await screenshots(page, info, 'clocks-london');
  });
});

test('the calendar is edited in settings, a wrong lunch break is refused with its rule, and quiet hours say what they do', async ({ page }, info) => {
  await openApp(page);
  await page.locator('.mainnav a[href="#/settings"]').click();
  await expect(page.locator('#quiet-hours-hint')).toContainText('已超时和即将超时的时限在任何时候都会列在预警页');
  await expect(page.locator('.settings-page')).not.toContainText('sla-');
  await page.locator('#lunch').fill('14:00-13:00');
  await page.locator('#save-policy').click();
  await expect(page.locator('.settings-page .error[role=alert]')).toContainText('午休 14:00–13:00 必须先开始后结束');
  await page.locator('#lunch').fill('12:00-13:00');
  await page.locator('#closes').fill('17:30');
  await page.locator('#zone').selectOption('Europe/London');
  await page.locator('#save-policy').click();
  await expect(page.locator('.settings-page .error[role=alert]')).toBeEmpty();
  await page.reload();
  await expect(page.locator('#lunch')).toHaveValue('12:00-13:00');
  await expect(page.locator('#closes')).toHaveValue('17:30');
  await expect(page.locator('#zone')).toHaveValue('Europe/London');
  await screenshots(page, info, 'clocks-settings');
});

test('the monthly report counts a ticket the moment it is written, not at the next half minute', async ({ page }) => {
  // 15 s past a half minute: the report used to be read as of 10:00:00 and missed this ticket.
  await startAt(page, '2026-11-23T02:00:15Z');
  await openApp(page);
  await fillIntake(page, { ...ZHANG_SAN, priority: 'P2' });
  await page.locator('#intake-title ~ form button[type=submit]').click();
  await expect(page.locator('.status .ok')).toBeVisible();
  await page.locator('.mainnav a[href="#/report"]').click();
  await expect(page.locator('#report-month')).toHaveValue('2026-11');
  await expect(page.locator('#kpi-opened')).toHaveText('1');
  await page.reload();
  await expect(page.locator('#kpi-opened')).toHaveText('1');
});
