import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { toStackInfo } from '../../src/core/stacks/stackInfo';
import { stackContextValue } from '../../src/vscode/contextValues';
import { scriptedAccount } from '../fakeaws/scriptedAccount';
import { expectedMenuPaths } from '../support/manifestMenuTree';
import { clearNotifications, followAction, type ActionOutcome } from './support/actionDriver';
import { runMenuPath } from './support/contextMenus';
import { readManifest } from './support/manifestMenus';
import { REPO, startE2eSession, stopE2eSession, type E2eSession } from './support/session';
import { activityBarEntry, closeMenus, expand, openWorkbench, shot, treeItem, widenSidebar } from './support/workbench';

const REGIONS = ['us-east-1', 'eu-west-1'] as const;
/** The demo's stacks, region by region, as the account script seeds them. */
const DEMO_STACKS = REGIONS.flatMap((region) => (scriptedAccount().regions[region]?.stacks ?? []).map((s) => ({ region, name: s.name })));
/** Last on each stack: deleting it ends its other actions. */
const LAST = 'Stack › Delete Stack…';

/**
 * Actions that do not complete in the demo yet, by stack kind, and why. Each may end in an error
 * notification (it is printed as a gap); an error anywhere else fails the test.
 */
const KNOWN_GAPS: readonly { readonly stacks: RegExp; readonly path: RegExp; readonly why: string }[] = [
  { stacks: /^orthanc-research$/, path: /^Show DICOM-TLS Settings$/, why: 'the scripted orthanc-research has no DicomHost/DicomPort outputs, and the demo Orthanc serves no DICOM (DIMSE) port to point them at' },
  { stacks: /^stowrs-/, path: /^DICOM › /, why: 'the demo STOW-RS stack points at the plain-HTTP Orthanc; the kind only sends over https to the fingerprint it publishes' },
  { stacks: /^mde-/, path: /^Register MDE Sample Workflows$/, why: 'the demo sshd is not an MDE instance: /etc/imaging-lab-mde.env is absent' },
  { stacks: /^teaching-lab$/, path: /^(Open Jupyter|Download VPN Configuration|Upload Image to Lab Pipeline…|Switch Lab NAT Gateway \/ Client VPN…)$/, why: 'the scripted lab stack lacks the lab template outputs (JupyterTokenSecret, ClientVpnEndpointId, InputBucket) and its EnableNatGateway/EnableClientVpn parameters' },
];
const knownGap = (stack: string, path: string) => KNOWN_GAPS.find((g) => g.stacks.test(stack) && g.path.test(path));

/**
 * The demo of `npm start -- --fake-aws` in the browser workbench: a person right-clicks every demo
 * stack and runs every entry of its menu (submenus included), going along with what each asks.
 * Actions that open something outside VS Code (the AWS console, a web page) are done when VS Code
 * asks to open it. Any error notification fails the stack's test, naming the action.
 */
describe('the demo: every menu action of every demo stack completes without an error notification', function () {
  this.timeout(600000);
  let session: E2eSession | undefined;
  let failed = false;

  before(async function () {
    this.timeout(240000);
    session = await startE2eSession({ demo: true });
    await openWorkbench(session.browser.page, session.url);
    await activityBarEntry(session.browser.page, 'Imaging Lab').click();
    await widenSidebar(session.browser.page, 560);
    // Stacks of no Imaging Lab kind start collapsed under "Other"; a person opens the group.
    await expand(treeItem(session.browser.page, /^Other$/));
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async function () {
    this.timeout(60000);
    await stopE2eSession(session, failed);
  });

  async function contextValueOf(region: string, name: string): Promise<string> {
    const client = new CloudFormationClient({ region, endpoint: session!.fake.url, credentials: { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'x' } });
    try {
      const stack = (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
      assert.ok(stack, `${name} in ${region}`);
      return stackContextValue(toStackInfo(stack, region));
    } finally {
      client.destroy();
    }
  }

  it('shows the stack menu grouped in submenus (README screenshot)', async () => {
    const page = session!.browser.page;
    const row = treeItem(page, /^mde-research$/);
    await row.waitFor({ timeout: 60000 });
    await row.click({ button: 'right' });
    const connect = page.locator('.context-view .monaco-menu .action-item', { has: page.locator('.submenu-indicator') }).filter({ hasText: 'Connect' }).first();
    await connect.hover();
    await page.locator('.context-view .monaco-submenu').first().waitFor({ timeout: 10000 });
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    assert.ok(sidebar);
    const path = await shot(page, 'demo-stack-menu', { x: 0, y: 0, width: Math.min(1000, sidebar.x + sidebar.width + 420), height: 620 });
    if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(path, join(REPO, 'media', 'readme', 'demo-stack-menu.png'));
    await closeMenus(page);
    await closeMenus(page);
  });

  for (const { region, name } of DEMO_STACKS) {
    it(`${name} (${region})`, async () => {
      const page = session!.browser.page;
      const row = () => treeItem(page, new RegExp(`^${name}$`));
      await row().waitFor({ timeout: 60000 });
      // The stack being created at start finishes in seconds; a person waits for it.
      await treeItem(page, new RegExp(`^${name}$`), /complete|rolled back|failed/i).waitFor({ timeout: 60000 });
      const viewItem = await contextValueOf(region, name);
      const paths = expectedMenuPaths(readManifest(), 'view/item/context', { view: 'imagingLab.stacks', viewItem }).sort((a, b) => Number(a === LAST) - Number(b === LAST));
      assert.ok(paths.length > 0, `no menu entry for '${viewItem}'`);
      const outcomes: { path: string; outcome: ActionOutcome }[] = [];
      for (const path of paths) {
        await clearNotifications(page);
        await runMenuPath(row(), path);
        const outcome = await followAction(page);
        outcomes.push({ path, outcome });
        await closeMenus(page);
        if (outcome.errors.length > 0) await shot(page, `demo-${name}-${path.replace(/\W+/g, '-')}`);
      }
      await shot(page, `demo-${name}`);
      const report = outcomes.map(({ path, outcome }) => `${path}: ${outcome.steps.join(' → ') || 'no question'}${outcome.opened ? ` ⇒ opens ${outcome.opened}` : ''}${outcome.errors.length ? ` ✗ ${outcome.errors.join(' | ')}` : ''}`);
      console.log(`      ${name}:\n        ${report.join('\n        ')}`);
      const gaps = outcomes.filter((o) => o.outcome.errors.length > 0 && knownGap(name, o.path));
      for (const g of gaps) console.log(`      known gap: ${name} ${g.path}: ${knownGap(name, g.path)?.why}`);
      for (const o of outcomes) if (o.outcome.errors.length === 0 && knownGap(name, o.path)) console.log(`      gap closed (remove it from KNOWN_GAPS): ${name} ${o.path}`);
      const broken = outcomes.filter((o) => o.outcome.errors.length > 0 && !knownGap(name, o.path)).map((o) => `${o.path}: ${o.outcome.errors.join(' | ')}`);
      assert.ok(outcomes.length - gaps.length > 0, `no action of ${name} completed`);
      assert.deepEqual(broken, [], `error notifications on ${name}`);
    });
  }
});
