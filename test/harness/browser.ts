import { chromium, type Browser, type Page } from 'playwright-core';
import { requireTool } from '../support/requireTool';
import { onCleanup } from './cleanup';

/** Flags that keep headless Debian chromium offline and quiet (design.md §3). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WorkbenchBrowser {
  readonly browser: Browser;
  readonly page: Page;
  /** Browser console lines, kept for failure reports. */
  readonly consoleLines: string[];
  close(): Promise<void>;
}

/** Launches headless Debian chromium with one page of the given viewport. */
export async function launchWorkbenchBrowser(viewport = { width: 1400, height: 900 }): Promise<WorkbenchBrowser> {
  const executablePath = requireTool('chromium', 'chromium');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 60000 });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    unregister();
    await browser.close().catch(() => undefined);
  };
  const unregister = onCleanup(close);
  const context = await browser.newContext({ viewport });
  // The workbench would try the extension gallery and other online services: keep it on loopback.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return { browser, page, consoleLines, close };
}
