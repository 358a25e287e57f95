import { expect, Page, test } from '@playwright/test';
import { act, actAs, openApp, openExampleTicket, screenshots } from './helpers';

const REASON = 'P2调整为P1,因该故障导致全部门无法登录系统';
const SOLUTION = '清理浏览器缓存,重启Tomcat服务,验证码恢复正常';
const CONFIRMATION = '已解决,确认可正常登录';

/** R1–R3: from intake to a fix marked done, as the sample team. */
async function toFix(page: Page) {
  await act(page, 'Assign');
  await act(page, 'Classify', async () => {
    await page.locator('#a-major').selectOption('系统故障');
    await page.locator('#a-minor').selectOption('登录异常');
    await page.locator('#a-add-category').click();
  });
  await act(page, 'ConfirmPriority', async () => {
    await page.locator('#a-priority').selectOption('P1');
    await page.locator('#a-text-0').fill(REASON);
  });
  await act(page, 'RecordAttempt', async () => {
    await page.locator('#a-text-0').fill('清理浏览器缓存后重试,仍提示验证码错误');
    await page.locator('#a-text-1').fill('KB-0001');
  });
  await act(page, 'Escalate', async () => {
    await page.locator('#a-text-0').fill('一线标准方案无效,需开发排查');
    await page.getByRole('checkbox', { name: /王五/ }).check();
  });
  await actAs(page, 'TS200');
  await act(page, 'RecordRootCause', async () => {
    await page.locator('#a-text-0').fill('Tomcat 缓存异常导致验证码校验失败');
    await page.locator('#a-text-1').fill('清理缓存并重启Tomcat服务');
  });
  await act(page, 'ApplyFix', async () => {
    await page.locator('#a-text-0').fill(SOLUTION);
  });
}

test('the template example goes through all five steps to 已归档, in Chinese', async ({ page }, info) => {
  await openExampleTicket(page);
  await expect(page.locator('#ticket-step')).toHaveText('问题接收');
  await act(page, 'Assign');
  await expect(page.locator('#ticket-step')).toHaveText('分类与优先级确认');
  await expect(page.locator('#f-first-line')).toContainText('李四');

  await act(page, 'Classify', async () => {
    await page.locator('#a-major').selectOption('系统故障');
    await page.locator('#a-minor').selectOption('登录异常');
    await page.locator('#a-add-category').click();
  });
  // R2.3: the core refuses a changed priority without its reason, beside the reason field.
  await page.locator('button[data-action=ConfirmPriority]').click();
  await page.locator('#a-priority').selectOption('P1');
  await page.locator('#dialog-submit').click();
  await expect(page.locator('#a-text-0-error')).toContainText('将 P2 调整为 P1 需要填写调整原因');
  await screenshots(page, info, 'dialog');
  await page.locator('#a-text-0').fill(REASON);
  await page.locator('#dialog-submit').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('#f-priority')).toContainText('P2');
  await expect(page.locator('#f-priority')).toContainText('P1');
  await expect(page.locator('#f-priority')).toContainText(REASON);
  await expect(page.locator('#f-category')).toContainText('系统故障-登录异常');
  await expect(page.locator('#ticket-step')).toHaveText('一线处理');

  await act(page, 'RecordAttempt', async () => {
    await page.locator('#a-text-0').fill('清理浏览器缓存后重试,仍提示验证码错误');
    await page.locator('#a-text-1').fill('KB-0001');
  });
  await act(page, 'Escalate', async () => {
    await page.locator('#a-text-0').fill('一线标准方案无效,需开发排查');
    await page.getByRole('checkbox', { name: /王五/ }).check();
  });
  await expect(page.locator('#ticket-step')).toHaveText('二线处理');
  await expect(page.locator('#f-second-line')).toContainText('王五/TS200(开发工程师)');

  await actAs(page, 'TS200');
  await act(page, 'RecordRootCause', async () => {
    await page.locator('#a-text-0').fill('Tomcat 缓存异常导致验证码校验失败');
    await page.locator('#a-text-1').fill('清理缓存并重启Tomcat服务');
  });
  await act(page, 'UpdateProgress', async () => {
    await page.locator('#a-text-0').fill('已排查数据库连接,确认网络链路正常,正在分析应用日志');
  });
  await act(page, 'ApplyFix', async () => {
    await page.locator('#a-text-0').fill(SOLUTION);
  });
  await expect(page.locator('#ticket-step')).toHaveText('解决方案验证');
  await act(page, 'Verify', async () => {
    await page.locator('#a-text-0').fill('测试环境验证通过,无新问题');
  });
  await expect(page.locator('#ticket-step')).toHaveText('用户反馈');
  await act(page, 'RecordFeedback', async () => {
    await page.getByRole('radio', { name: '已解决' }).check();
    await page.locator('#a-text-0').fill(CONFIRMATION);
  });
  await expect(page.locator('#ticket-step')).toHaveText('已解决 · 待归档');
  await expect(page.locator('#f-archive')).toContainText('待归档');

  await actAs(page, 'TS100');
  await act(page, 'LinkArticle', async () => {
    await page.locator('#a-text-0').fill('KB-0107');
    await page.locator('#a-text-1').fill('OA 验证码错误的处理');
  });
  await act(page, 'Archive');
  await expect(page.locator('#ticket-step')).toHaveText('已归档');
  await expect(page.locator('#f-archive')).toContainText('已归档');
  await expect(page.locator('#f-solution')).toContainText(SOLUTION);
  await expect(page.locator('#f-feedback')).toContainText(CONFIRMATION);
  await expect(page.locator('#no-actions')).toBeVisible();
  await screenshots(page, info, 'ticket');

  // It is all still there after a reload (deep link to the ticket).
  await page.reload();
  await expect(page.locator('#f-archive')).toContainText('已归档');
});

test('the example in English ends Archived', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'English' }).click();
  await openExampleTicket(page);
  await expect(page.locator('#ticket-step')).toHaveText('Intake');
  await toFix(page);
  await act(page, 'Verify', async () => {
    await page.locator('#a-text-0').fill('Verified in test');
  });
  await act(page, 'RecordFeedback', async () => {
    await page.getByRole('radio', { name: 'Resolved', exact: true }).check();
    await page.locator('#a-text-0').fill(CONFIRMATION);
  });
  await expect(page.locator('#ticket-step')).toHaveText('Resolved · pending archive');
  await page.locator('button[data-action=Archive]').click();
  await page.locator('#dialog-submit').click();
  await expect(page.locator('#a-text-0-error')).toContainText('Archiving needs a linked knowledge article');
  await page.locator('#a-text-0').fill('Known issue; article already exists');
  await page.locator('#dialog-submit').click();
  await expect(page.locator('#ticket-step')).toHaveText('Archived');
  await expect(page.locator('#f-archive')).toContainText('Archived');
});

test('部分解决 sends the ticket back to second line; a second round resolves it', async ({ page }) => {
  await openExampleTicket(page);
  await toFix(page);
  await act(page, 'Verify', async () => {
    await page.locator('#a-text-0').fill('测试环境验证通过');
  });
  await act(page, 'RecordFeedback', async () => {
    await page.getByRole('radio', { name: '部分解决' }).check();
    await page.locator('#a-text-0').fill('部分用户仍无法登录');
  });
  await expect(page.locator('#ticket-step')).toHaveText('二线处理');
  await act(page, 'ApplyFix', async () => {
    await page.locator('#a-text-0').fill(SOLUTION + ',并同步集群节点缓存');
  });
  await act(page, 'Verify', async () => {
    await page.locator('#a-text-0').fill('全部节点验证通过');
  });
  await act(page, 'RecordFeedback', async () => {
    await page.getByRole('radio', { name: '已解决' }).check();
    await page.locator('#a-text-0').fill(CONFIRMATION);
  });
  await expect(page.locator('#ticket-step')).toHaveText('已解决 · 待归档');
  await expect(page.locator('#f-feedback')).toContainText('部分解决');
  await expect(page.locator('#f-feedback')).toContainText('已解决');
});

test('only the manager sees approve; a first-line handler does not', async ({ page }) => {
  await openExampleTicket(page);
  await act(page, 'Assign');
  await act(page, 'Classify', async () => {
    await page.locator('#a-major').selectOption('系统故障');
    await page.locator('#a-minor').selectOption('登录异常');
    await page.locator('#a-add-category').click();
  });
  await act(page, 'ConfirmPriority');
  await act(page, 'RecordAttempt', async () => {
    await page.locator('#a-text-0').fill('重启客户端');
  });
  await act(page, 'Escalate', async () => {
    await page.locator('#a-text-0').fill('需要扩容');
    await page.getByRole('checkbox', { name: /王五/ }).check();
  });
  await actAs(page, 'TS200');
  await act(page, 'RequestApproval', async () => {
    await page.locator('#a-text-0').fill('紧急扩容应用服务器');
  });
  await expect(page.locator('button[data-action=Approve]')).toHaveCount(0);
  await actAs(page, 'TS100');
  await expect(page.locator('button[data-action=Approve]')).toHaveCount(0);
  await expect(page.locator('button[data-action=Reject]')).toHaveCount(0);
  await actAs(page, 'TS400');
  await expect(page.locator('button[data-action=Approve]')).toBeVisible();
  await act(page, 'Approve', async () => {
    await page.locator('#a-text-0').fill('同意扩容');
  });
  await expect(page.locator('#f-approvals')).toContainText('已批准');
});

test('an SLA badge turns at risk, then breached, when the test clock moves on', async ({ page }, info) => {
  // Monday 10:00 in Shanghai. Only a test can set this global; nothing in the UI can.
  await page.addInitScript(() => {
    (window as unknown as { __FIELDDESK_NOW__: string }).__FIELDDESK_NOW__ = '2026-11-23T02:00:00Z';
  });
  await openApp(page);
  await page.locator('#submitter-name').fill('张三');
  await page.locator('#employee-id').fill('TS001');
  await page.locator('#contact').fill('13800000000');
  await page.locator('#department').fill('研发部');
  await page.locator('#symptom').fill('OA 登录提示验证码错误');
  await page.locator('#channel').selectOption('工单系统');
  await page.locator('input[name=priority][value=P1]').check();
  await page.getByRole('button', { name: '保存工单' }).click();
  const badge = page.locator('.tickets .ticket').first().locator('.sla');
  await expect(badge).toContainText('计时中');
  // R7.1: 10 minutes to respond; at risk from 80 % (8 minutes).
  await page.evaluate(() => {
    (window as unknown as { __FIELDDESK_NOW__: string }).__FIELDDESK_NOW__ = '2026-11-23T02:09:00Z';
  });
  await expect(badge).toContainText('即将超时');
  await expect(badge).toHaveClass(/sla-risk/);
  await expect(page.locator('.mainnav .badge')).not.toHaveText(/^\s*预警数量:0\s*$/);
  await screenshots(page, info, 'queue');
  await page.evaluate(() => {
    (window as unknown as { __FIELDDESK_NOW__: string }).__FIELDDESK_NOW__ = '2026-11-23T02:12:00Z';
  });
  await expect(badge).toContainText('已超时');
  await page.locator('.mainnav a[href="#/alerts"]').click();
  await expect(page.locator('#alerts-title')).toHaveText('时限预警');
  await expect(page.locator('.alert-list .alert').first()).toBeVisible();
  await screenshots(page, info, 'alerts');
  await page.locator('.mainnav a[href="#/settings"]').click();
  await expect(page.locator('#team-title')).toBeVisible();
  await screenshots(page, info, 'settings');
});
