import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { E2E_RESULTS } from './session';

/** Opens the workbench and waits until the Imaging Lab activity-bar entry is there. */
export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await activityBarEntry(page, 'Imaging Lab').waitFor({ timeout: 60000 });
}

export function activityBarEntry(page: Page, name: string): Locator {
  return page.locator(`.activitybar a.action-label[aria-label^="${name}"]`).first();
}

/**
 * The first visible tree row whose label (and, if given, description) matches the text a person
 * reads. (Accessible names are not used: VS Code builds them from tooltips for some rows.)
 */
export function treeItem(page: Page, label: RegExp, description?: RegExp): Locator {
  let rows = page.locator('.monaco-list-row[role=treeitem]').filter({ has: page.locator('.label-name', { hasText: label }) });
  if (description) rows = rows.filter({ has: page.locator('.label-description', { hasText: description }) });
  return rows.first();
}

/**
 * Expands a row and waits until the row a person sees says so. The locator is asked again on each
 * look: the tree re-renders rows when a stack refreshes, so a handle taken before the click can go
 * stale. A row still collapsed after a few seconds (its click landed during such a re-render) is
 * clicked once more.
 */
export async function expand(row: Locator, timeoutMs = 20000): Promise<void> {
  const started = Date.now();
  let lastClick = 0;
  let state: string | null = null;
  while (Date.now() - started < timeoutMs) {
    state = await row.getAttribute('aria-expanded', { timeout: 5000 }).catch(() => null);
    if (state === 'true') return;
    if (state === 'false' && Date.now() - lastClick > 5000) {
      await row.click({ timeout: 5000 }).catch(() => undefined);
      lastClick = Date.now();
    }
    await row.page().waitForTimeout(200);
  }
  throw new Error(`the row did not expand within ${timeoutMs} ms (aria-expanded is ${state ?? 'absent'})`);
}

/** Runs a command from the palette by its full title ("Imaging Lab: Refresh"), as a person would. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** Opens the context menu of a row and returns the labels of its entries. */
export async function contextMenuOf(row: Locator): Promise<string[]> {
  await row.click({ button: 'right' });
  const menu = row.page().locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10000 });
  const labels = await menu.locator('.action-item:not(.disabled) .action-label').evaluateAll((els) =>
    els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()).filter(Boolean),
  );
  return labels;
}

export async function closeMenus(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}

/** Screenshot of the whole window for a person to review (test-results/e2e/<name>.png). */
export async function shot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<string> {
  const path = join(E2E_RESULTS, `${name}.png`);
  await page.screenshot({ path, ...(clip ? { clip } : {}) });
  return path;
}

/** Drags the sidebar edge so long stack names and statuses are readable in screenshots. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/** Labels of the inline action buttons a row shows on hover. */
export async function inlineActionsOf(row: Locator): Promise<string[]> {
  await row.hover();
  return row.locator('.actions .action-label').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').trim()).filter(Boolean));
}
