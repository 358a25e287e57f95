import { expect, test } from '@playwright/test';
import { browserToday, fillIntake, openApp, screenshots, ZHANG_SAN } from './helpers';

test('a ticket created at intake is numbered, queued and still there after a reload', async ({ page }, info) => {
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('.queue .empty')).toContainText('暂无工单');
  await screenshots(page, info, 'intake-empty');

  await fillIntake(page, ZHANG_SAN);
  await page.getByRole('button', { name: '保存工单' }).click();

  const number = `TS${await browserToday(page)}001`;
  await expect(page.getByRole('status')).toContainText(`已创建工单 ${number}`);
  const row = page.locator('.tickets .ticket').filter({ hasText: number });
  await expect(row).toContainText('验证码错误');
  await expect(row).toContainText('张三 · 研发部');
  await expect(row.locator('.prio')).toHaveText('P2 重要');
  // The form is ready for the next problem.
  await expect(page.locator('#submitter-name')).toHaveValue('');

  await fillIntake(page, { ...ZHANG_SAN, name: '王五', symptom: '打印机无法连接', priority: 'P3' });
  await page.getByRole('button', { name: '保存工单' }).click();
  const second = `TS${await browserToday(page)}002`;
  await expect(page.locator('.tickets .ticket').first()).toContainText(second);
  await screenshots(page, info, 'queue');

  await page.reload();
  await openApp(page);
  await expect(page.locator('.tickets .ticket')).toHaveCount(2);
  await expect(page.locator('.tickets .ticket').filter({ hasText: number })).toContainText('验证码错误');
  await expect(page.locator('.tickets .ticket').filter({ hasText: second })).toContainText('打印机无法连接');
});

test('an empty required field is named beside it and nothing is saved', async ({ page }, info) => {
  await openApp(page);
  await fillIntake(page, { ...ZHANG_SAN, contact: '   ' });
  await page.getByRole('button', { name: '保存工单' }).click();

  await expect(page.locator('#contact-error')).toHaveText('请填写联系方式');
  await expect(page.locator('#contact')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#submitter-name-error')).toHaveText('');
  await expect(page.getByRole('status')).toContainText('请补全标出的必填项');
  // What the user typed stays on screen.
  await expect(page.locator('#symptom')).toHaveValue(ZHANG_SAN.symptom);
  await screenshots(page, info, 'intake-error');

  await page.reload();
  await openApp(page);
  await expect(page.locator('.tickets .ticket')).toHaveCount(0);
});

test('a blank form names every required field', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: '保存工单' }).click();
  for (const [id, message] of [
    ['submitter-name', '请填写姓名'],
    ['employee-id', '请填写工号'],
    ['contact', '请填写联系方式'],
    ['department', '请填写部门/业务线'],
    ['symptom', '请填写问题描述'],
    ['channel', '请选择接收渠道'],
    ['priority', '请选择提交人期望优先级'],
  ]) {
    await expect(page.locator(`#${id}-error`)).toHaveText(message);
  }
});

test('markup typed into a ticket is shown as text, never run', async ({ page }) => {
  await openApp(page);
  const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  await fillIntake(page, { ...ZHANG_SAN, symptom: markup, name: '<b>赵六</b>' });
  await page.getByRole('button', { name: '保存工单' }).click();
  const row = page.locator('.tickets .ticket').first();
  await expect(row.locator('.symptom')).toHaveText(markup);
  await expect(row).toContainText('<b>赵六</b>');
  await expect(row.locator('img, script, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('English is one click away and the choice is remembered', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#intake-title')).toHaveText('Intake and initial record');
  await page.getByRole('button', { name: 'Save ticket' }).click();
  await expect(page.locator('#contact-error')).toHaveText('Contact is required');

  await page.reload();
  await openApp(page);
  await expect(page.getByRole('button', { name: 'Save ticket' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('button', { name: '保存工单' })).toBeVisible();
});
