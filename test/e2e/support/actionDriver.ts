import type { Page } from 'playwright-core';

/** What happened after a person chose a menu entry and went along with everything it asked. */
export interface ActionOutcome {
  /** Each question answered, in order ("pick: us-east-1", "dialog: Delete stack…"). */
  readonly steps: string[];
  /** The address VS Code asked to open (dialog) or opened (new tab), when the action opens one. */
  readonly opened?: string;
  /** Error notifications shown while the action ran. */
  readonly errors: string[];
  /** Every notification shown while the action ran (errors included). */
  readonly notifications: string[];
}

const text = (s: string) => s.replace(/\s+/g, ' ').trim();

async function toasts(page: Page): Promise<{ text: string; error: boolean }[]> {
  return page.locator('.notifications-toasts .notification-list-item').evaluateAll((els) =>
    els.map((e) => ({
      text: (e.querySelector('.notification-list-item-message')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      error: e.querySelector('.notification-list-item-icon.codicon-error') !== null,
    })),
  );
}

/** A progress notification or the status bar's progress is still running. */
async function busy(page: Page): Promise<boolean> {
  return (await page.locator('.notifications-toasts .monaco-progress-container.active, .statusbar-item .codicon-loading, .statusbar-item .codicon-sync.codicon-modifier-spin').count()) > 0;
}

/**
 * Goes along with whatever an action asks, as a person trying the demo would: the default or first
 * item of a pick, the proposed value of an input box, the main button of a dialog. A dialog that
 * asks to open an external address ends the action: it is recorded and cancelled (nothing leaves
 * the machine). Stops when nothing is asked, nothing runs and the screen stayed quiet for `quietMs`.
 */
export async function followAction(page: Page, options: { timeoutMs?: number; quietMs?: number; maxSteps?: number } = {}): Promise<ActionOutcome> {
  const timeoutMs = options.timeoutMs ?? 90000;
  const quietMs = options.quietMs ?? 2500;
  const steps: string[] = [];
  const seen = new Map<string, boolean>();
  let opened: string | undefined;
  const popup = page.context().waitForEvent('page', { timeout: timeoutMs }).then(async (p) => {
    opened = p.url();
    await p.close().catch(() => undefined);
  }, () => undefined);
  const started = Date.now();
  let quietSince = Date.now();
  while (Date.now() - started < timeoutMs && steps.length < (options.maxSteps ?? 25)) {
    for (const t of await toasts(page)) if (t.text) seen.set(t.text, t.error || seen.get(t.text) === true);
    const dialog = page.locator('.monaco-dialog-box');
    const quickInput = page.locator('.quick-input-widget:visible');
    if (opened) break;
    if (await dialog.isVisible().catch(() => false)) {
      const message = text(await dialog.innerText());
      const external = /open the external website|Do you want Code to open the external|open (this|the) (link|URL|website)/i.test(message);
      if (external) {
        opened = message.match(/\b(https?|vscode|ssh):\/\/\S+/)?.[0] ?? message;
        steps.push(`asked to open: ${opened}`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        break;
      }
      // The main button: whatever is not Cancel (the button order differs between platforms).
      const main = dialog.locator('.dialog-buttons .monaco-button').filter({ hasNotText: /^\s*Cancel\s*$/ }).first();
      const label = text((await main.textContent()) ?? '');
      steps.push(`dialog "${message.slice(0, 120)}": ${label}`);
      await main.click();
      quietSince = Date.now();
      continue;
    }
    if (await quickInput.isVisible().catch(() => false)) {
      const title = text((await quickInput.locator('.quick-input-title').textContent().catch(() => '')) ?? '');
      const rows = quickInput.locator('.quick-input-list .monaco-list-row');
      const value = await quickInput.locator('input').first().inputValue().catch(() => '');
      const validation = text((await quickInput.locator('.quick-input-message').textContent().catch(() => '')) ?? '');
      const focused = text((await quickInput.locator('.quick-input-list .monaco-list-row.focused').first().textContent({ timeout: 500 }).catch(() => '')) ?? '');
      const firstRow = (await rows.count()) > 0 ? text((await rows.first().textContent()) ?? '') : '';
      steps.push(`${title || 'input'}: ${focused || firstRow || value || '(enter)'}${validation ? ` [${validation}]` : ''}`);
      if (steps.filter((s) => s === steps[steps.length - 1]).length > 3) {
        await page.keyboard.press('Escape');
        steps.push('escape: the same question came back (the answer was not accepted)');
        break;
      }
      // A person picks a running instance, not one the list says is stopped.
      const focusedRow = quickInput.locator('.quick-input-list .monaco-list-row.focused').first();
      // The row's text runs its description into its detail ("· stoppedCloudFormation…"): no word boundary after "stopped".
      for (let i = 0; i < 10 && /· stopped/.test(text((await focusedRow.textContent({ timeout: 500 }).catch(() => '')) ?? '')); i++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(100);
      }
      // A confirmation that asks for a name to be typed gets it, as a person would type it.
      const typeIt = /Type (\S+?) to confirm|Type the stack name exactly: (\S+)/.exec(validation);
      if (typeIt && !value) await quickInput.locator('input').first().fill(typeIt[1] ?? typeIt[2] ?? '');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(400);
      quietSince = Date.now();
      continue;
    }
    if (await busy(page)) quietSince = Date.now();
    else if (Date.now() - quietSince > quietMs) break;
    await page.waitForTimeout(250);
  }
  await Promise.race([popup, page.waitForTimeout(10)]);
  for (const t of await toasts(page)) if (t.text) seen.set(t.text, t.error || seen.get(t.text) === true);
  return {
    steps,
    ...(opened ? { opened } : {}),
    errors: [...seen].filter(([, error]) => error).map(([t]) => t),
    notifications: [...seen.keys()],
  };
}

/** Clears every notification so the next action's are its own. */
export async function clearNotifications(page: Page): Promise<void> {
  const clear = page.locator('.notifications-toasts .codicon-notifications-clear, .notifications-center .codicon-notifications-clear-all');
  for (let i = 0; i < 10 && (await page.locator('.notifications-toasts .notification-list-item').count()) > 0; i++) {
    await page.locator('.notifications-toasts .notification-list-item').first().hover().catch(() => undefined);
    await clear.first().click({ timeout: 1000 }).catch(() => undefined);
  }
}
