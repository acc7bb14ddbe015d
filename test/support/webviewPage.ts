import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../harness/browser';
import { requireTool } from './requireTool';

/** A webview document and its page script, as the extension would serve them. */
export interface WebviewSource {
  /** Builds the document for a CSP source and the URL of the page script. */
  document(cspSource: string, scriptUri: string): string;
  readonly script: string | Buffer;
}

/** A few of the variables VS Code sets on a webview in its Dark Modern theme (values of that theme). */
export const DARK_MODERN: Readonly<Record<string, string>> = {
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-editor-font-size': '13px',
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-progressBar-background': '#0078d4',
  '--vscode-errorForeground': '#f85149',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-editorWidget-border': '#454545',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-inputValidation-errorBackground': '#5a1d1d',
  '--vscode-editorHoverWidget-background': '#202020',
};

export interface WebviewPage {
  readonly page: Page;
  readonly browser: Browser;
  /** Page -> host messages so far. */
  posted(): Promise<unknown[]>;
  /** Host -> page, as VS Code delivers it: a `message` event on the page's window. */
  deliver(messages: readonly unknown[]): Promise<void>;
  /** Browser console lines (CSP violations show up here). */
  readonly console: string[];
  close(): Promise<void>;
}

/**
 * Serves a webview on loopback and opens it in headless Chromium with VS Code's `acquireVsCodeApi`
 * stood in (an init script, outside the page's CSP like VS Code's own). Used by the page tests and
 * by bench/progress.
 */
export async function openWebviewPage(source: WebviewSource, options: { state?: unknown; browser?: Browser; theme?: Readonly<Record<string, string>>; beforeLoad?: (page: Page) => Promise<void> } = {}): Promise<WebviewPage> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(source.script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(source.document(origin, `${origin}/page.js`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = options.browser ?? (await chromium.launch({ executablePath: requireTool('chromium', 'chromium'), headless: true, args: CHROMIUM_FLAGS }));
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  // A string, not a function: functions compiled by tsx carry helpers the page does not have.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(options.state ?? null)};
    // Like VS Code: theme variables on the root element through the CSSOM (the page's CSP allows that).
    document.addEventListener('DOMContentLoaded', function () {
      for (const [name, value] of Object.entries(${JSON.stringify(options.theme ?? DARK_MODERN)})) document.documentElement.style.setProperty(name, value);
      document.body.classList.add('vscode-dark');
    });
    window.acquireVsCodeApi = function () {
      return {
        postMessage: function (m) { window.__posted.push(m); },
        getState: function () { return window.__state; },
        setState: function (s) { window.__state = s; },
      };
    };
  `);
  await options.beforeLoad?.(page);
  await page.goto(`${origin}/`);
  return {
    page,
    browser,
    console: consoleLines,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    deliver: (messages) =>
      page.evaluate((ms) => {
        for (const data of ms) window.dispatchEvent(new MessageEvent('message', { data }));
      }, messages),
    close: async () => {
      await context.close();
      if (!options.browser) await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
