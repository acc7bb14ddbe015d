import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { SUBMENU_SEPARATOR } from '../support/manifestMenuTree';
import { mdeFakeStack } from '../support/progressFixture';
import { runMenuPath } from './support/contextMenus';
import { commandTitle, paletteTitle } from './support/manifestMenus';
import { contrastRatio, parseCssColor } from './support/contrast';
import { E2E_RESULTS, REPO, startE2eSession, stopE2eSession, type E2eSession } from './support/session';
import { activityBarEntry, closeMenus, openWorkbench, shot, treeItem, widenSidebar } from './support/workbench';

const RUNNING = 'mde-workshop';
const FAILED = 'mde-gpu-trial';
const MINUTE = 60_000;

/** The active webview's page (VS Code nests it in two iframes). */
function panelPage(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function paletteEntries(page: Page, text: string): Promise<string[]> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; !(await input.isVisible()); attempt++) {
    if (attempt === 4) throw new Error('the command palette did not open');
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 3000 }).catch(() => undefined);
  }
  await input.fill(`>${text}`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10000 });
  const labels = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
  await page.keyboard.press('Escape');
  return labels.map((l) => l.replace(/\s+/g, ' ').trim());
}

async function pickStackFromPalette(page: Page, command: string, stack: string): Promise<void> {
  await runCommand(page, paletteTitle(command));
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await input.fill(stack);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: stack }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** The quick-input row whose label is exactly `label` (the first row is not always it). */
async function chooseRow(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  await row.first().click({ timeout: 10000 });
}

async function selectTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme);
  await chooseRow(page, theme);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
}

/** Keys go to the workbench, not to a webview or the walkthrough that has the focus. */
async function focusWorkbench(page: Page): Promise<void> {
  // A menu left open (by a step that failed) would take the click: close it first.
  if (await page.locator('.context-view .monaco-menu').isVisible()) await closeMenus(page);
  await page.locator('.part.sidebar .composite.title .title-label').first().click();
}

/** Runs a command by its exact palette title; F1 is pressed again if a webview swallowed it. */
async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // A page that opens meanwhile (the workbench's own welcome) can close the palette: open it again.
  for (let attempt = 0; ; attempt++) {
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    const typed = (await input.waitFor({ timeout: 3000 }).then(() => true, () => false)) && (await input.fill(`>${title}`, { timeout: 5000 }).then(() => true, () => false));
    if (typed) break;
    if (attempt === 3) throw new Error(`the command palette did not open for "${title}"`);
  }
  await chooseRow(page, title);
}

/** Colours the page really uses for statuses and muted text, resolved by Chromium, and its background. */
async function pageColours(frame: FrameLocator): Promise<{ background: string; tokens: Record<string, string>; statuses: string[][]; theme: string }> {
  return frame.locator('body').evaluate((body) => {
    const tokens: Record<string, string> = {};
    for (const token of ['--il-done', '--il-running', '--il-failed', '--il-warning', '--il-muted']) {
      const probe = document.createElement('span');
      probe.style.color = `var(${token})`;
      body.appendChild(probe);
      tokens[token] = getComputedStyle(probe).color;
      probe.remove();
    }
    return {
      background: getComputedStyle(body).backgroundColor,
      tokens,
      statuses: Array.from(document.querySelectorAll('.status')).map((e) => [e.className, getComputedStyle(e).color]),
      theme: body.className,
    };
  });
}

describe('the deployment progress panel in the browser workbench', function () {
  this.timeout(120000);
  let session: E2eSession | undefined;
  let failed = false;
  const page = () => {
    assert.ok(session);
    return session.browser.page;
  };

  before(async function () {
    this.timeout(240000);
    session = await startE2eSession();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async function () {
    this.timeout(60000);
    await stopE2eSession(session, failed);
  });

  it('opens the "Get started" walkthrough on the first run, and offers it again from the Stacks view', async () => {
    assert.ok(session);
    await openWorkbench(page(), session.url);
    // The web workbench may show its own welcome walkthrough; VS Code then ignores other walkthrough
    // requests. A person who just installed the extension has their editors, not that page.
    await page().waitForTimeout(3000);
    await runCommand(page(), 'View: Close All Editors');
    // Opening the view activates the extension; the walkthrough follows its first listing.
    await activityBarEntry(page(), 'Imaging Lab').click();
    const walkthrough = page().locator('.gettingStartedContainer');
    await walkthrough.getByText('Get started with Imaging Lab').first().waitFor({ timeout: 30000 });
    for (const step of ['Pick an AWS profile', 'Deploy a kind, or a template of your own', 'Watch it come up', 'Send the sample DICOM', 'Open a terminal on the instance']) {
      await walkthrough.getByText(step).first().waitFor({ timeout: 10000 });
    }
    await shot(page(), 'progress-01-walkthrough');
    await runCommand(page(), 'View: Close All Editors');
    await page().locator('.part.sidebar .composite.title .action-label[aria-label$="More Actions..."]').first().click();
    // Menu entries act on key or mouse-up; hovering focuses the entry, Enter runs it.
    await page().locator('.context-view .monaco-menu .action-label', { hasText: commandTitle('imagingLab.openWalkthrough') ?? 'Get Started with Imaging Lab' }).first().hover();
    await page().keyboard.press('Enter');
    await walkthrough.getByText('Get started with Imaging Lab').first().waitFor({ timeout: 20000 });
    await runCommand(page(), 'View: Close All Editors');
  });

  it('in a window where nothing is being deployed, "deploy" in the palette offers Deploy, not Cancel Deployment', async () => {
    await treeItem(page(), /^orthanc-research$/).waitFor({ timeout: 30000 });
    const entries = await paletteEntries(page(), 'deploy');
    assert.ok(entries.includes(paletteTitle('imagingLab.deployStack')), JSON.stringify(entries));
    assert.ok(!entries.includes(paletteTitle('imagingLab.cancelDeployment')), `Cancel Deployment is offered with nothing to cancel: ${JSON.stringify(entries)}`);
    assert.ok(!(await paletteEntries(page(), 'tunnel')).includes(paletteTitle('imagingLab.closeTunnel')), 'Close Tunnel without a tunnel');
  });

  it('follows a deployment live: the timeline with the signal wait and the critical path, under the CSP', async () => {
    assert.ok(session);
    for (const [name, outcome, ago] of [[RUNNING, 'succeeded', 9 * MINUTE], [FAILED, 'failed', 2 * 60 * MINUTE]] as const) {
      const added: Response = await fetch(`${session.fake.url}/__fakeaws/stack?region=us-east-1`, { method: 'POST', body: JSON.stringify(mdeFakeStack(name, outcome, ago)) });
      assert.equal(added.status, 200, await added.text());
    }
    await runCommand(page(), paletteTitle('imagingLab.refreshStacks'));
    await treeItem(page(), new RegExp(`^${RUNNING}$`), /create in progress/i).waitFor({ timeout: 30000 });
    // Now there is something to cancel, and the palette says so.
    assert.ok((await paletteEntries(page(), 'deploy')).includes(paletteTitle('imagingLab.cancelDeployment')));

    await pickStackFromPalette(page(), 'imagingLab.showProgress', RUNNING);
    await page().locator('.tab', { hasText: `Deploy: ${RUNNING}` }).first().waitFor({ timeout: 20000 });
    const frame = panelPage(page());
    await frame.locator('.tl-hit[data-id="MdeInstance"]').waitFor({ timeout: 30000 });
    assert.equal(await frame.locator('.tl-wait').count(), 1, 'the instance waiting for its signal is marked');
    assert.deepEqual(await frame.locator('.tl-row.critical .tl-label').allInnerTexts(), ['◆InstanceRole', '◆InstanceProfile', '◆MdeInstance']);
    assert.match(await frame.locator('header .elapsed').innerText(), /^(9|10)m \d+s$/, 'elapsed counts from the first event, not from opening the panel');
    assert.match(await frame.locator('header .eta').innerText(), /about \d+ min left/);
    await frame.locator('.tl-hit[data-id="MdeInstance"]').focus();
    assert.match(await frame.locator('#tl-tip').innerText(), /waited \d+m \d+s for its signal \(still waiting\)/);
    await widenSidebar(page(), 330);
    await shot(page(), 'progress-02-running-timeline');
    const violations = session.browser.consoleLines.filter((l) => /Content Security Policy|Refused to (load|execute|apply)/i.test(l));
    assert.deepEqual(violations, []);
    // The status bar item reads as words to a screen reader.
    const deploying = page().locator('.statusbar-item[aria-label*="deploying"]').first();
    await deploying.waitFor({ timeout: 20000 });
    for (const label of await page().locator('.statusbar-item[aria-label*="Imaging Lab"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) {
      assert.doesNotMatch(label, /\$\(|\*\*|`|\]\(/, `raw icon syntax or markdown in "${label}"`);
    }
  });

  for (const theme of ['Dark Modern', 'Light Modern', 'Dark High Contrast', 'Light High Contrast']) {
    it(`keeps status colours at WCAG AA contrast in ${theme}`, async () => {
      await selectTheme(page(), theme);
      const frame = panelPage(page());
      await frame.locator('.tl-hit').first().waitFor({ timeout: 20000 });
      // VS Code pushes the theme's colours into the webview; wait until they arrived.
      const kind = theme.includes('High Contrast') ? (theme.startsWith('Light') ? 'vscode-high-contrast-light' : 'vscode-high-contrast') : theme.startsWith('Light') ? 'vscode-light' : 'vscode-dark';
      await frame.locator(`body.${kind}`).waitFor({ timeout: 10000 });
      await page().waitForTimeout(500);
      const colours = await pageColours(frame);
      const background = parseCssColor(colours.background);
      for (const [token, value] of Object.entries(colours.tokens)) {
        const ratio = contrastRatio(parseCssColor(value), background);
        assert.ok(ratio >= 4.5, `${theme}: ${token} ${value} on ${colours.background} is ${ratio.toFixed(2)}:1, below 4.5:1`);
      }
      assert.ok(colours.statuses.length > 10);
      for (const [cls, value] of colours.statuses) {
        const ratio = contrastRatio(parseCssColor(value ?? ''), background);
        assert.ok(ratio >= 4.5, `${theme}: text "${cls}" ${value} is ${ratio.toFixed(2)}:1`);
      }
      const name = `progress-03-theme-${theme.toLowerCase().replace(/\s+/g, '-')}`;
      await shot(page(), name);
      // The README's screenshot: the Stacks view beside a live deployment's timeline.
      if (theme === 'Dark Modern' && process.env.UPDATE_SCREENSHOT === '1') copyFileSync(join(E2E_RESULTS, `${name}.png`), join(REPO, 'media', 'screenshot.png'));
    });
  }

  it('opens a deployment that rolled back two hours ago: its failure leads to the root cause, and no notification pops up', async () => {
    await selectTheme(page(), 'Dark Modern');
    await runCommand(page(), 'View: Close All Editors');
    // From its node in the Stacks view (the palette would open the running deployment directly).
    // The entry sits in the stack menu's Stack submenu.
    await runMenuPath(treeItem(page(), new RegExp(`^${FAILED}$`)), `Stack${SUBMENU_SEPARATOR}${commandTitle('imagingLab.showProgress') ?? 'Show Deployment Progress'}`);
    await page().locator('.tab', { hasText: `Deploy: ${FAILED}` }).first().waitFor({ timeout: 20000 });
    const frame = panelPage(page());
    await frame.locator('.root-cause').waitFor({ timeout: 30000 });
    assert.match(await frame.locator('.root-cause').innerText(), /MdeInstance \(AWS::EC2::Instance\): We currently do not have sufficient g4dn\.xlarge capacity/);
    assert.equal(await frame.locator('header .elapsed').innerText(), '3m 48s', 'its real duration, not 0s');
    const nat = frame.locator('.tl-hit[data-id="NatGateway"]');
    await nat.focus();
    assert.match(await frame.locator('#tl-tip').innerText(), /cancelled because MdeInstance failed/);
    await page().keyboard.press('Enter');
    assert.match(await frame.locator('#tl-tip').innerText(), /^MdeInstance \(AWS::EC2::Instance\)/);
    await shot(page(), 'progress-04-failed-timeline');
    await page().waitForTimeout(3000);
    const toasts = (await page().locator('.notifications-toasts').allInnerTexts()).join(' ');
    assert.ok(!toasts.includes(FAILED), `opening an old operation raised a notification: "${toasts}"`);
  });
});
