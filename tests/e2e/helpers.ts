import { Browser, BrowserContext, expect, Page, TestInfo } from '@playwright/test';
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');

/** Opens the app and waits until it has read its local data. */
export async function openApp(page: Page) {
  await page.goto('./');
  await expect(page.locator('#intake-title')).toBeVisible();
  await expect(page.locator('.queue .muted', { hasText: /正在读取|Reading/ })).toHaveCount(0);
}

/** Today's ticket-number date as the browser sees it, e.g. 20261125. */
export async function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
  });
}

export interface Intake {
  name?: string;
  employeeId?: string;
  contact?: string;
  department?: string;
  symptom?: string;
  channel?: string;
  priority?: 'P1' | 'P2' | 'P3' | 'P4';
}

/** The template's example requester (PROCESS.md R6). */
export const ZHANG_SAN: Required<Intake> = {
  name: '张三',
  employeeId: 'TS001',
  contact: '13800000000',
  department: '研发部',
  symptom: "10:00登录OA系统时提示'验证码错误',已尝试3次均失败",
  channel: '工单系统',
  priority: 'P2',
};

export async function fillIntake(page: Page, intake: Intake) {
  if (intake.name !== undefined) await page.locator('#submitter-name').fill(intake.name);
  if (intake.employeeId !== undefined) await page.locator('#employee-id').fill(intake.employeeId);
  if (intake.contact !== undefined) await page.locator('#contact').fill(intake.contact);
  if (intake.department !== undefined) await page.locator('#department').fill(intake.department);
  if (intake.symptom !== undefined) await page.locator('#symptom').fill(intake.symptom);
  if (intake.channel !== undefined) await page.locator('#channel').selectOption(intake.channel);
  if (intake.priority !== undefined) await page.locator(`input[name=priority][value=${intake.priority}]`).check();
}

/**
 * Saves a full-page screenshot at laptop and phone sizes, named after the project and `name`, and
 * checks that the page fits the phone's width.
 */
export async function screenshots(page: Page, info: TestInfo, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const [label, size] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 360, height: 740 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${info.project.name}-${name}-${label}.png`), fullPage: true });
    if (label === 'phone') {
      // Nothing wider than a phone: a wide table scrolls inside its section, long text wraps.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${name}: the page is wider than a phone`).toBeLessThanOrEqual(size.width);
    }
  }
  if (original) await page.setViewportSize(original);
}

/** Opens the action `kind` (a core CommandKind), lets `fill` fill the dialog, and confirms. */
export async function act(page: Page, kind: string, fill: () => Promise<void> = async () => {}) {
  await page.locator(`button[data-action=${kind}]`).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await fill();
  await page.locator('#dialog-submit').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** "Who am I": the team member by employee ID (sample team: TS100 一线, TS200 二线, TS300 主管, TS400 经理). */
export async function actAs(page: Page, employeeId: string) {
  await page.locator('#whoami').selectOption(employeeId);
}

/** Creates the template's example ticket and opens its page. */
export async function openExampleTicket(page: Page) {
  await openApp(page);
  await fillIntake(page, ZHANG_SAN);
  await page.locator('#intake-title ~ form button[type=submit]').click();
  await page.locator('.tickets a.ticket-no').first().click();
  await expect(page.locator('#ticket-number')).toHaveText(/^TS\d{11}$/);
}

/**
 * An export file (format v1) of `count` open tickets made from the committed fixture's first
 * ticket: created, assigned, classified and priority-confirmed, 200 a day from 2026-09-01,
 * priorities P1–P4 in turn; every seventh ticket's symptom mentions 打印机脱机.
 */
export function generatedExport(count: number): string {
  const fixture = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'crates/fielddesk-core/tests/fixtures/export-v1.json'), 'utf8'),
  );
  const template = fixture.tickets[0].events.slice(0, 4);
  const priorities = ['P1', 'P2', 'P3', 'P4'];
  const tickets = [];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2026, 8, 1 + Math.floor(i / 200)));
    const number = `TS${day.toISOString().slice(0, 10).replaceAll('-', '')}${String((i % 200) + 1).padStart(3, '0')}`;
    const id = `generated-${String(i).padStart(6, '0')}`;
    const events = template.map((event: any, k: number) => {
      const copy = structuredClone(event);
      copy.id = `${id}-${k}`;
      copy.at = new Date(day.getTime() + (i % 200) * 60_000 + k * 1000).toISOString();
      if (copy.kind.type === 'TicketCreated') {
        copy.kind.number = number;
        copy.kind.intake.description.symptom += ` #${i}${i % 7 === 0 ? ' 打印机脱机' : ''}`;
        copy.kind.intake.requested_priority = priorities[i % 4];
      }
      if (copy.kind.type === 'PriorityConfirmed') copy.kind.priority = priorities[i % 4];
      return copy;
    });
    tickets.push({ id, number, events });
  }
  return JSON.stringify({ ...fixture, tickets, attachments: [] });
}

/** Imports `json` through the real file picker and waits until the queue shows `total` tickets. */
export async function importFile(page: Page, json: string, total: number) {
  // Through a file on disk: Playwright refuses in-memory files over 50 MB.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-')), 'generated.json');
  fs.writeFileSync(file, json);
  await page.locator('#import-file').setInputFiles(file);
  await page.locator('#import-confirm').click({ timeout: 600_000 });
  await expect(page.locator('.queue .count')).toHaveText(String(total), { timeout: 600_000 });
}

const SOLUTION = '清理浏览器缓存;重启Tomcat服务;确认验证码恢复正常';

/** Starts the app's test clock at `at` for every page load from now on. */
export async function startAt(page: Page, at: string) {
  await page.addInitScript((value) => {
    (window as unknown as { __FIELDDESK_NOW__: string }).__FIELDDESK_NOW__ = value;
  }, at);
}

/** Moves the app's test clock (only a test can set this global). */
export async function setNow(page: Page, at: string) {
  await page.evaluate((value) => {
    (window as unknown as { __FIELDDESK_NOW__: string }).__FIELDDESK_NOW__ = value;
  }, at);
}

/** The open ticket, walked by the sample team to 待用户反馈 (R1–R4.1), acting as 王五 (TS200) at the end; `beforeFix` runs before ApplyFix. */
export async function toVerified(page: Page, beforeFix: () => Promise<void> = async () => {}) {
  await act(page, 'Assign');
  await act(page, 'Classify', async () => {
    await page.locator('#a-major').selectOption('系统故障');
    await page.locator('#a-minor').selectOption('登录异常');
    await page.locator('#a-add-category').click();
  });
  await act(page, 'ConfirmPriority', async () => {
    await page.locator('#a-priority').selectOption('P1');
    await page.locator('#a-text-0').fill('P2调整为P1,因该故障导致全部门无法登录系统');
  });
  await act(page, 'RecordAttempt', async () => {
    await page.locator('#a-text-0').fill('清理浏览器缓存后重试,仍提示验证码错误');
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
  await beforeFix();
  await act(page, 'ApplyFix', async () => {
    await page.locator('#a-text-0').fill(SOLUTION);
  });
  await act(page, 'Verify', async () => {
    await page.locator('#a-text-0').fill('测试环境验证通过,无新问题');
  });
}

/** The open ticket, walked by the sample team to 已解决 · 待归档 (R1–R4); `beforeFix` runs before ApplyFix. */
export async function toResolved(page: Page, beforeFix: () => Promise<void> = async () => {}) {
  await toVerified(page, beforeFix);
  await act(page, 'RecordFeedback', async () => {
    await page.getByRole('radio', { name: '已解决' }).check();
    await page.locator('#a-text-0').fill('已解决,确认可正常登录');
  });
  await expect(page.locator('#ticket-step')).toHaveText('已解决 · 待归档');
  await actAs(page, 'TS100');
}

/** The resident memory of the largest Chromium renderer process, in MB (Linux `ps`). */
export function rendererMb(): number {
  const lines = execSync('ps -eo rss=,args=', { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n');
  const renderers = lines.filter((line) => line.includes('--type=renderer')).map((line) => Number(line.trim().split(/\s+/)[0]) / 1024);
  return Math.round(Math.max(0, ...renderers));
}

/** A browser profile of its own (its own IndexedDB and storage), with the app open in one page. */
export async function openDevice(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await openApp(await context.newPage());
  return context;
}

/** 设置 → 团队同步: the database's URL, a user, and start syncing. */
export async function connectSync(page: Page, user: { name: string; password: string }, url: string) {
  await page.goto('./#/settings');
  await page.locator('#sync-url').fill(url);
  await page.locator('#sync-user').fill(user.name);
  await page.locator('#sync-password').fill(user.password);
  await page.locator('#sync-on').click();
}
