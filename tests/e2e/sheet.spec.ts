import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApp, screenshots } from './helpers';

const ROWS = 2000;

/** The 2 000-row tracking sheet, written by a real xlsx writer (rust_xlsxwriter) once per run. */
function trackingSheet(dir: string): string {
  const file = path.join(dir, '2023年问题跟踪表.xlsx');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('cargo', ['run', '-q', '-p', 'fielddesk-sheet', '--example', 'tracking_sheet', '--', file, String(ROWS)], {
      stdio: 'inherit',
    });
  }
  return file;
}

test('a team moves its 2 000-row tracking sheet in: map, preview, import, search, report', async ({ page }, info) => {
  test.setTimeout(180_000);
  const file = trackingSheet(path.join(__dirname, '..', '..', 'target', 'e2e-sheets'));
  await openApp(page);

  await page.locator('#import-file').setInputFiles(file);
  const mapping = page.locator('#sheet-mapping');
  await expect(mapping).toBeVisible();
  // The tracking sheet, not its notes, is chosen; its headers are under the title row.
  await expect(page.locator('#sheet-choose')).toHaveValue('0');
  await expect(page.locator('#sheet-header-row')).toContainText('2');
  const field = (header: string) => mapping.locator('tr', { has: page.locator('th', { hasText: header }) }).locator('select');
  await expect(field('问题编号')).toHaveValue('0');
  await expect(field('提交人信息')).not.toHaveValue('');
  await expect(field('处理进度记录')).not.toHaveValue('');
  // 报修内容 is no header Fielddesk knows: the person says it is the description.
  await expect(field('报修内容')).toHaveValue('');
  await field('报修内容').selectOption({ label: '问题描述' });
  await screenshots(page, info, 'sheet-mapping');

  await page.locator('#sheet-preview').click();
  const preview = page.locator('#import-preview');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  // Sheet rows 18 and 19 (the 16th and 17th problems) are refused, with the cell and the reason.
  await expect(page.locator('#sheet-rows')).toContainText(`${ROWS} 行数据：${ROWS - 2} 行可导入，2 行不导入`);
  await expect(page.locator('#sheet-refused li').nth(0)).toHaveText("第 18 行 优先级：'P5' 不是 P1–P4");
  await expect(page.locator('#sheet-refused li').nth(1)).toHaveText('第 19 行 问题描述：单元格为空');
  await expect(preview.locator('.count-new dd')).toHaveText(String(ROWS - 2));
  await screenshots(page, info, 'sheet-preview');

  await page.locator('#import-confirm').click();
  await expect(page.locator('#import-done')).toBeVisible({ timeout: 60_000 });

  // The same sheet again: the mapping made by hand is remembered, and nothing is new.
  await page.locator('#import-file').setInputFiles(file);
  await expect(field('报修内容').locator('option:checked')).toHaveText('问题描述');
  await page.locator('#sheet-preview').click();
  await expect(page.locator('#nothing-new')).toBeVisible({ timeout: 60_000 });
  await expect(preview.locator('.count-unchanged dd')).toHaveText(String(ROWS - 2));
  await page.locator('#import-cancel').click();

  // Searchable: the first problem, archived, with where it came from in its timeline.
  await page.locator('#search').fill('内存不足');
  await expect(page.locator('.tickets li')).toHaveCount(1);
  await expect(page.locator('.tickets li')).toContainText('TS20230101001');
  await page.locator('.tickets li a').first().click();
  await expect(page.locator('.timeline')).toContainText('从表格迁移');
  await expect(page.locator('.timeline')).toContainText('2023年问题跟踪表.xlsx 第 3 行');
  await expect(page.locator('.timeline')).toContainText('接收工单');
  await screenshots(page, info, 'sheet-ticket');

  // January 2023 in the monthly report: problems 1–170 minus the two refused, of which every
  // fifth (34 of the 170, none of them refused) is still open.
  await page.locator('.mainnav a[href="#/report"]').click();
  await page.locator('#report-month').fill('2023-01');
  await expect(page.locator('#kpi-opened')).toHaveText('168');
  await expect(page.locator('#h-resolved .now')).toHaveText('134');
  await screenshots(page, info, 'sheet-report');
});
