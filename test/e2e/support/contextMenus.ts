import type { Locator, Page } from 'playwright-core';
import { SUBMENU_SEPARATOR } from '../../support/manifestMenuTree';

interface ShownItem {
  readonly label: string;
  readonly submenu: boolean;
}

const MENU = '.context-view .monaco-menu';
const SUBMENU = '.context-view .monaco-submenu';

/** The enabled entries of the innermost open menu (the context menu itself, or its open submenu). */
async function shownItems(menu: Locator): Promise<ShownItem[]> {
  return menu.locator('.action-item:not(.disabled)').evaluateAll((els) =>
    els
      // Entries of a nested submenu live inside their parent's item; only this menu's own count.
      .filter((e) => e.parentElement?.closest('.monaco-menu') === e.closest('.monaco-menu'))
      .map((e) => {
        const label = e.querySelector('.action-label');
        return { label: (label?.getAttribute('aria-label') ?? label?.textContent ?? '').trim(), submenu: e.querySelector('.submenu-indicator') !== null };
      })
      .filter((i) => i.label !== ''),
  );
}

/** Hovers a submenu entry of the open context menu and returns the submenu that opens. */
async function openSubmenu(page: Page, parent: Locator, label: string): Promise<Locator> {
  await parent.locator('.action-item', { has: page.locator('.submenu-indicator') }).filter({ hasText: label }).first().hover();
  const submenu = page.locator(SUBMENU).last().locator('.monaco-menu').first();
  await submenu.waitFor({ timeout: 10000 });
  return submenu;
}

/**
 * Right-clicks a row and reads its context menu as a person would, opening each submenu in turn:
 * "Title" for a top-level entry, "Submenu › Title" for one inside a submenu. Leaves the menu open.
 */
export async function menuPathsOf(row: Locator): Promise<string[]> {
  const page = row.page();
  await row.click({ button: 'right' });
  const menu = page.locator(MENU).first();
  await menu.waitFor({ timeout: 10000 });
  const paths: string[] = [];
  for (const item of await shownItems(menu)) {
    if (!item.submenu) {
      paths.push(item.label);
      continue;
    }
    const submenu = await openSubmenu(page, menu, item.label);
    for (const inner of await shownItems(submenu)) paths.push(`${item.label}${SUBMENU_SEPARATOR}${inner.label}`);
    await page.keyboard.press('ArrowLeft'); // closes the submenu, back to the context menu
  }
  return paths;
}

/** Right-clicks a row and runs the entry at `path` ("Stack › Delete Stack…"): hover to focus, Enter runs it. */
export async function runMenuPath(row: Locator, path: string): Promise<void> {
  const page = row.page();
  await row.click({ button: 'right' });
  let menu = page.locator(MENU).first();
  await menu.waitFor({ timeout: 10000 });
  const parts = path.split(SUBMENU_SEPARATOR);
  for (const label of parts.slice(0, -1)) menu = await openSubmenu(page, menu, label);
  const title = parts[parts.length - 1] ?? path;
  const entry = menu.locator('.action-item:not(.disabled) .action-label').filter({ hasText: new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).first();
  await entry.hover();
  await page.keyboard.press('Enter');
}
