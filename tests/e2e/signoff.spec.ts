import { expect, Locator, Page, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { act, openApp, openExampleTicket, SCREENSHOTS, screenshots, toVerified } from './helpers';

// On site, on a phone: the engineer hands the phone to the requester, who signs with a finger.
test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

/** A finger's stroke across the pad: real pointer events, as a touch screen sends them. */
async function sign(pad: Locator) {
  const box = await pad.boundingBox();
  if (!box) throw new Error('the signature pad is not on screen');
  const points = Array.from({ length: 24 }, (_, i) => ({
    x: box.x + box.width * (0.1 + 0.8 * (i / 23)),
    y: box.y + box.height * (0.5 + 0.3 * Math.sin(i / 2)),
  }));
  const at = (type: string, p: { x: number; y: number }) =>
    pad.dispatchEvent(type, {
      pointerId: 7,
      pointerType: 'touch',
      isPrimary: true,
      clientX: p.x,
      clientY: p.y,
      bubbles: true,
    });
  await at('pointerdown', points[0]);
  for (const p of points.slice(1)) await at('pointermove', p);
  await at('pointerup', points[points.length - 1]);
}

async function requireSignature(page: Page) {
  await page.goto('./#/settings');
  await page.locator('#require-signature').check();
  await page.locator('#save-workflow').click();
  await expect(page.getByRole('status').first()).toContainText('设置已保存');
}

async function openFeedback(page: Page) {
  await page.locator('button[data-action=RecordFeedback]').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('radio', { name: '已解决' }).check();
  await page.locator('#a-text-0').fill('已解决,确认可正常登录');
  await page.locator('#taken-on-site').check();
}

/** The signature image is shown and really decoded (not a broken image). */
async function expectSignatureShown(page: Page) {
  const image = page.locator('#f-feedback img.signature-image');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await expect(page.locator('#f-feedback .signer')).toHaveText('张三');
}

test('the requester signs on the phone, the team requires it, and the signature stays with the ticket', async ({ page }, info) => {
  await openApp(page);
  await requireSignature(page);
  await openExampleTicket(page);
  const ticketUrl = page.url();
  await toVerified(page);

  // On site without a signature: refused, with the rule, beside the pad.
  await openFeedback(page);
  await expect(page.locator('#a-text-1')).toHaveValue('张三');
  await page.locator('#dialog-submit').click();
  await expect(page.locator('#a-signature-error')).toContainText('要求现场解决时由用户签名');
  await expect(page.locator('#a-signature-error')).toContainText('R4.2');
  await expect(page.locator('#ticket-step')).not.toHaveText('已解决 · 待归档');

  // Clear and sign again works; then the signature is saved with the feedback.
  await sign(page.locator('#signature-canvas'));
  await expect(page.locator('#signature-state')).toHaveText('');
  await page.locator('#signature-clear').click();
  await expect(page.locator('#signature-state')).toHaveText('尚未签名');
  await sign(page.locator('#signature-canvas'));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${info.project.name}-signature-pad-phone.png`) });
  await page.locator('#dialog-submit').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('#ticket-step')).toHaveText('已解决 · 待归档');
  await expectSignatureShown(page);

  // Still there after a reload: the image is in IndexedDB with the event.
  await page.reload();
  await expectSignatureShown(page);
  expect(page.url()).toBe(ticketUrl);

  // The printed tracking form carries every field, the log and the signature.
  await page.locator('#print-form').click();
  await expect(page.locator('.print-sheet h1')).toHaveText('流程跟踪记录表单');
  await expect(page.locator('#print-number')).toHaveText(/^TS\d{11}$/);
  for (const field of ['f-number', 'f-submitter', 'f-description', 'f-category', 'f-priority', 'f-first-line',
    'f-second-line', 'f-attempts', 'f-root-cause', 'f-solution', 'f-feedback', 'f-archive', 'f-knowledge']) {
    await expect(page.locator(`.print-sheet #${field}`)).toBeVisible();
  }
  await expect(page.locator('.log-table tbody tr').first()).toContainText('接收工单');
  await expect(page.locator('.log-table tbody tr').last()).toContainText('记录用户反馈');
  await expectSignatureShown(page);
  await screenshots(page, info, 'print-form');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.locator('#print-now')).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${info.project.name}-print-form-a4.png`), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `${info.project.name}-tracking-form.pdf`), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages, "the template's ticket prints on one A4 page").toBe(1);
});

test('feedback by phone needs no signature and says so', async ({ page }) => {
  await openApp(page);
  await requireSignature(page);
  await openExampleTicket(page);
  await toVerified(page);
  await act(page, 'RecordFeedback', async () => {
    await page.getByRole('radio', { name: '已解决' }).check();
    await page.locator('#a-text-0').fill('电话确认已可正常登录');
    await expect(page.locator('#signature-canvas')).toHaveCount(0);
  });
  await expect(page.locator('#ticket-step')).toHaveText('已解决 · 待归档');
  await expect(page.locator('#f-feedback .taken')).toHaveText('电话或线上确认,无签名');
});

test('the signature travels in an export into another browser profile', async ({ page, browser }, info) => {
  await openExampleTicket(page);
  await toVerified(page);
  await openFeedback(page);
  await sign(page.locator('#signature-canvas'));
  await page.locator('#dialog-submit').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expectSignatureShown(page);

  await page.goto('./#/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  const file = path.join(info.outputDir, download.suggestedFilename());
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(exported.version).toBe(4);
  expect(exported.attachments).toHaveLength(1);

  const other = await browser.newContext({
    baseURL: info.project.use.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 360, height: 740 },
    hasTouch: true,
  });
  const there = await other.newPage();
  await openApp(there);
  await there.locator('#import-file').setInputFiles(file);
  await expect(there.locator('#import-preview')).toBeVisible();
  await there.locator('#import-confirm').click();
  await expect(there.locator('#import-done')).toBeVisible();
  await there.locator('.tickets a.ticket-no').first().click();
  await expectSignatureShown(there);
  await other.close();
});

test('a photo larger than the limit is stored scaled down; the original when asked', async ({ page }, info) => {
  await openExampleTicket(page);
  // A 4000×3000 "photo" (light and shade with sensor grain), made by the browser as a PNG of
  // several MB.
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 4000;
    canvas.height = 3000;
    const cx = canvas.getContext('2d')!;
    const image = cx.createImageData(4000, 3000);
    let seed = 7;
    for (let i = 0; i < image.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const x = (i / 4) % 4000;
      const y = Math.floor(i / 16000);
      const grain = (seed & 0x0f) - 8;
      image.data[i] = 60 + x / 25 + grain;
      image.data[i + 1] = 90 + y / 20 + grain;
      image.data[i + 2] = 140 + 40 * Math.sin(x / 300) + grain;
      image.data[i + 3] = 255;
    }
    cx.putImageData(image, 0, 0);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  const photo = path.join(info.outputDir, 'IMG_2041.png');
  fs.mkdirSync(info.outputDir, { recursive: true });
  fs.writeFileSync(photo, Buffer.from(base64, 'base64'));
  const original = fs.statSync(photo).size;
  expect(original).toBeGreaterThan(2_000_000);

  await page.locator('#attach-photo').setInputFiles(photo);
  const item = page.locator('.attachment', { hasText: 'IMG_2041.jpg' });
  await expect(item).toBeVisible();
  const thumb = item.locator('img.thumb');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(1200);
  const stored = await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, fail) => {
      const open = indexedDB.open('fielddesk');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const all: { bytes: Uint8Array }[] = await new Promise((ok, fail) => {
      const get = db.transaction('attachments').objectStore('attachments').getAll();
      get.onsuccess = () => ok(get.result);
      get.onerror = () => fail(get.error);
    });
    db.close();
    return all.map((a) => a.bytes.byteLength);
  });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toBeLessThanOrEqual(300 * 1024);

  await page.locator('#keep-original').check();
  await page.locator('#attach-photo').setInputFiles(photo);
  await expect(page.locator('.attachment', { hasText: 'IMG_2041.png' })).toBeVisible();
  await screenshots(page, info, 'photo-attachments');
});

test('the pad is usable on a phone turned sideways', async ({ page }, info) => {
  await page.setViewportSize({ width: 740, height: 360 });
  await openExampleTicket(page);
  await toVerified(page);
  await openFeedback(page);
  const pad = page.locator('#signature-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  expect(box && box.height).toBeLessThanOrEqual(360 * 0.5);
  expect(box && box.width).toBeGreaterThan(300);
  await sign(pad);
  await expect(page.locator('#signature-state')).toHaveText('');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${info.project.name}-signature-pad-landscape.png`) });
  await page.locator('#dialog-submit').click();
  await expect(page.locator('#ticket-step')).toHaveText('已解决 · 待归档');
  await expectSignatureShown(page);
});
