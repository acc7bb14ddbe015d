import assert from 'node:assert/strict';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { kindDisplay } from '../../src/core/kinds/kinds';
import { toStackInfo } from '../../src/core/stacks/stackInfo';
import { CommandIds } from '../../src/vscode/commandIds';
import { stackContextValue } from '../../src/vscode/contextValues';
import { CREATING_STACK, SCRIPTED_ACCOUNT_ID } from '../fakeaws/scriptedAccount';
import { commandTitle, expectedMenuTitles, paletteTitle, readManifest } from './support/manifestMenus';

const readManifestCommands = () => readManifest().contributes.commands;
import { startE2eSession, stopE2eSession, type E2eSession } from './support/session';
import { menuPathsOf, runMenuPath } from './support/contextMenus';
import { activityBarEntry, closeMenus, contextMenuOf, expand, inlineActionsOf, openWorkbench, runFromPalette, shot, treeItem, widenSidebar } from './support/workbench';

/** The context value the extension gives a stack, computed from what the fake account returns. */
async function stackContext(session: E2eSession, name: string): Promise<string> {
  const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: session.fake.url, credentials: { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'x' } });
  try {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    assert.ok(stack);
    return stackContextValue(toStackInfo(stack, 'us-east-1'));
  } finally {
    cfn.destroy();
  }
}

describe('Imaging Lab in the browser workbench, used as a person would', function () {
  this.timeout(90000);
  let session: E2eSession | undefined;
  let failed = false;

  before(async function () {
    this.timeout(180000);
    session = await startE2eSession();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async function () {
    this.timeout(60000);
    await stopE2eSession(session, failed);
  });

  const page = () => {
    assert.ok(session);
    return session.browser.page;
  };

  it('opens the Imaging Lab view and sees the stacks grouped by kind', async () => {
    assert.ok(session);
    await openWorkbench(page(), session.url);
    await activityBarEntry(page(), 'Imaging Lab').click();
    await widenSidebar(page(), 520);
    for (const kind of ['mde', 'orthanc', 'stowrs', 'lab', 'tator', 'other'] as const) {
      await treeItem(page(), new RegExp(`^${kindDisplay(kind).label}$`)).waitFor({ timeout: 30000 });
    }
    const orthanc = treeItem(page(), /^orthanc-research$/);
    await orthanc.waitFor();
    assert.equal(await orthanc.getAttribute('aria-level'), '2');
    await treeItem(page(), /^ap-southeast-2: Access denied/).waitFor();
    // The status bar names the account STS returned.
    await page().locator('.statusbar-item', { hasText: SCRIPTED_ACCOUNT_ID }).first().waitFor({ timeout: 20000 });
    await shot(page(), '01-stacks-by-kind');
  });

  it("expands a stack's outputs", async () => {
    await expand(treeItem(page(), /^orthanc-research$/));
    await expand(treeItem(page(), /^Outputs$/));
    await treeItem(page(), /^DicomWebUrl$/, /dicom-web\/studies/).waitFor({ timeout: 15000 });
    await treeItem(page(), /^WebUrl$/, /ui\/app/).waitFor();
    await shot(page(), '02-outputs');
  });

  it('offers "Open in Browser" and "Copy Value" on a URL output', async () => {
    const row = treeItem(page(), /^DicomWebUrl$/, /dicom-web\/studies/);
    const inline = await inlineActionsOf(row);
    for (const id of ['imagingLab.openOutputUrl', 'imagingLab.copyValue']) {
      assert.ok(inline.includes(commandTitle(id) ?? id), `inline actions ${JSON.stringify(inline)} lack ${id}`);
    }
  });

  it('right-clicks a stack and gets exactly the menu entries package.json promises for it, grouped in submenus', async () => {
    assert.ok(session);
    const contextValue = await stackContext(session, 'orthanc-research');
    const expected = expectedMenuTitles('view/item/context', { view: 'imagingLab.stacks', viewItem: contextValue });
    assert.ok(expected.length > 0, `no menu entries apply to '${contextValue}'`);
    const shown = await menuPathsOf(treeItem(page(), /^orthanc-research$/));
    await shot(page(), '03-stack-context-menu');
    await closeMenus(page());
    assert.deepEqual(shown.filter((t) => expected.includes(t)).sort(), expected, `menu shows ${JSON.stringify(shown)} for '${contextValue}'`);
    // What a person must find on a running stack with a web UI, whatever the when clauses say.
    for (const path of [commandTitle('imagingLab.openOutputUrl'), `Stack › ${commandTitle('imagingLab.openStackInConsole')}`, `Connect › ${commandTitle('imagingLab.openSshTerminal')}`]) {
      assert.ok(shown.includes(path ?? ''), `the stack menu ${JSON.stringify(shown)} lacks ${path}`);
    }
    const topLevel = new Set(shown.map((p) => p.split(' › ')[0]));
    for (const group of ['Connect', 'DICOM', 'Network', 'Stack']) assert.ok(topLevel.has(group), `no ${group} submenu in ${JSON.stringify([...topLevel])}`);
  });

  it('runs "Open in AWS Console" from the Stack submenu and is asked to open the stack in the console', async () => {
    const title = commandTitle('imagingLab.openStackInConsole') ?? 'Open in AWS Console';
    const popup = page().context().waitForEvent('page', { timeout: 15000 }).then((p) => p.url()).catch(() => undefined);
    await runMenuPath(treeItem(page(), /^orthanc-research$/), `Stack › ${title}`);
    // The web workbench either asks before opening an external site or opens it in a new tab.
    const dialog = page().locator('.monaco-dialog-box');
    const opened = await Promise.race([
      dialog.waitFor({ timeout: 15000 }).then(async () => (await dialog.innerText()).replace(/\s+/g, ' ')),
      popup,
    ]);
    await shot(page(), '04-open-in-console');
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Cancel' }).click();
    const toasts = (await page().locator('.notifications-toasts').allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
    assert.match(opened ?? '', /https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudformation\/home/, `the console was not offered; notifications: "${toasts}"`);
  });

  it('runs a command from the command palette and watches a stack go CREATE_IN_PROGRESS -> CREATE_COMPLETE', async () => {
    assert.ok(session);
    const replay = await fetch(`${session.fake.url}/__fakeaws/replay?region=us-east-1&stack=${CREATING_STACK}&durationMs=12000`, { method: 'POST' });
    assert.equal(replay.status, 200);
    await runFromPalette(page(), paletteTitle('imagingLab.refreshStacks'));
    await treeItem(page(), new RegExp(`^${CREATING_STACK}$`), /create in progress/i).waitFor({ timeout: 20000 });
    await shot(page(), '05-create-in-progress');
    // The view refreshes itself while a stack is in progress; a person just waits.
    await treeItem(page(), new RegExp(`^${CREATING_STACK}$`), /create complete/i).waitFor({ timeout: 60000 });
    await expand(treeItem(page(), new RegExp(`^${CREATING_STACK}$`)));
    await shot(page(), '06-create-complete');
  });

  // paletteTitle fails the test (it does not skip it) when package.json stops contributing the command.
  it('opens the deployment progress webview from the palette; its page script runs under the CSP', async () => {
    await runFromPalette(page(), paletteTitle(CommandIds.showProgress));
    // From the palette the command asks which stack.
    const input = page().locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(CREATING_STACK);
    await page().locator('.quick-input-list .monaco-list-row', { hasText: CREATING_STACK }).first().waitFor({ timeout: 10000 });
    await page().keyboard.press('Enter');
    await page().locator('.tab', { hasText: new RegExp(`: ${CREATING_STACK}$`) }).first().waitFor({ timeout: 20000 });
    // Webviews are nested iframes; the page script replaces the "Loading" placeholder once it runs.
    const body = page().frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('#root');
    await body.getByText(CREATING_STACK).first().waitFor({ timeout: 30000 });
    assert.doesNotMatch(await body.innerText(), /Loading progress/);
    await shot(page(), '07-progress-webview');
    const violations = session?.browser.consoleLines.filter((l) => /Content Security Policy|Refused to (load|execute|apply)/i.test(l)) ?? [];
    assert.deepEqual(violations, []);
  });

  it('right-clicks a .dcm file in the Explorer and sees the Imaging Lab entries package.json declares for it', async () => {
    // The web workbench may have opened its own walkthrough by now; a person would close it.
    await runFromPalette(page(), 'View: Close All Editors');
    await activityBarEntry(page(), 'Explorer').click();
    await expand(treeItem(page(), /^studies$/));
    const file = treeItem(page(), /^phantom\.dcm$/);
    await file.waitFor({ timeout: 15000 });
    const expected = expectedMenuTitles('explorer/context', {
      resourceExtname: '.dcm',
      resourceFilename: 'phantom.dcm',
      explorerResourceIsFolder: false,
      resourceScheme: 'vscode-remote',
    });
    const shown = await contextMenuOf(file);
    await shot(page(), '08-dcm-context-menu');
    await closeMenus(page());
    assert.ok(shown.length > 0, 'the Explorer context menu did not open');
    // A person must find "Send DICOM" on a .dcm file; a command that left package.json fails here.
    const send = readManifestCommands().find((c) => c.command === CommandIds.sendDicom);
    assert.ok(send, `package.json no longer contributes ${CommandIds.sendDicom}`);
    assert.ok(shown.includes(send.title), `the .dcm menu ${JSON.stringify(shown)} lacks ${send.command}`);
    assert.deepEqual(shown.filter((t) => expected.includes(t)).sort(), expected, `menu shows ${JSON.stringify(shown)}`);
  });
});
