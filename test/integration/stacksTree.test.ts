import assert from 'node:assert/strict';
import { kindDisplay, type StackKind } from '../../src/core/kinds/kinds';
import { OUTPUT } from '../../src/core/kinds/stackContract';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { CREATING_STACK, DENIED_REGION, ORTHANC_ADMIN_PASSWORD } from '../fakeaws/scriptedAccount';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { walkTree, type TreeRow } from './support/treeWalk';

async function loadedRows(): Promise<TreeRow<ExplorerNode>[]> {
  const { services } = await activatedExtension();
  await services.stacksTree.whenLoaded();
  return walkTree(services.stacksTree);
}

describe('Stacks tree for the scripted account', () => {
  before(ensureScriptedRegions);

  it('groups the stacks of every region by kind, in catalog order, with "Other" last', async () => {
    const rows = await loadedRows();
    const groups = rows.filter((r) => r.depth === 0 && r.contextValue === 'kindGroup').map((r) => r.label);
    assert.deepEqual(groups, ['mde', 'orthanc', 'stowrs', 'lab', 'tator', 'other'].map((k) => kindDisplay(k as StackKind).label));
    const stackPaths = rows.filter((r) => r.depth === 1).map((r) => r.path);
    assert.ok(stackPaths.includes(`${kindDisplay('orthanc').label} / orthanc-research`), stackPaths.join('\n'));
    assert.ok(stackPaths.includes(`${kindDisplay('tator').label} / tator-annotation`), 'the eu-west-1 stack is listed too');
    assert.ok(stackPaths.includes(`${kindDisplay('other').label} / network-baseline`));
  });

  it('shows the outputs of a complete stack, URLs marked for "Open in Browser"', async () => {
    const rows = await loadedRows();
    const outputs = rows.filter((r) => r.path.startsWith(`${kindDisplay('orthanc').label} / orthanc-research / Outputs / `));
    const dicomWeb = outputs.find((r) => r.label.includes(OUTPUT.dicomWebUrl) || r.description.includes('/dicom-web/studies'));
    assert.ok(dicomWeb, outputs.map((r) => `${r.label} = ${r.description}`).join('\n'));
    assert.ok(outputs.some((r) => r.contextValue === 'output url'));
    const stack = rows.find((r) => r.label === 'orthanc-research');
    assert.match(stack?.contextValue ?? '', /^stack\b.*\bcomplete\b.*\bweb\b.*\bssh\b/);
  });

  it('masks a parameter the template declares NoEcho even though the endpoint returns it in clear', async () => {
    const rows = await loadedRows();
    const parameters = rows.filter((r) => r.path.startsWith(`${kindDisplay('orthanc').label} / orthanc-research / Parameters / `));
    assert.deepEqual(parameters.map((r) => [r.label, r.description]).sort(), [['AdminPassword', '•••••••• (NoEcho)'], ['AllowedCidr', '127.0.0.10/32'], ['InstanceType', 't3.medium']]);
    assert.ok(!rows.some((r) => `${r.path} ${r.description}`.includes(ORTHANC_ADMIN_PASSWORD)));
  });

  it("lists a stack's EC2 instances and recent events from the fake endpoint", async () => {
    const rows = await loadedRows();
    const instance = rows.find((r) => r.path.startsWith(`${kindDisplay('orthanc').label} / orthanc-research / Instances / `));
    assert.ok(instance, 'no instance row under orthanc-research');
    assert.equal(instance.contextValue, 'instance running');
    const events = rows.filter((r) => r.path.startsWith(`${kindDisplay('orthanc').label} / orthanc-research / Recent events / `));
    assert.ok(events.length >= 3, `only ${events.length} events`);
  });

  it('shows the denied region as an error node and still lists the other regions', async () => {
    const rows = await loadedRows();
    const error = rows.find((r) => r.contextValue === 'regionError');
    assert.ok(error, 'no region error node');
    assert.match(error.label, new RegExp(`^${DENIED_REGION}: `));
    assert.ok(rows.some((r) => r.label === 'orthanc-research'));
  });

  it('follows a stack from CREATE_IN_PROGRESS to CREATE_COMPLETE', async function () {
    this.timeout(45000);
    const { services } = await activatedExtension();
    const replay = await fetch(`${fakeAwsUrl()}/__fakeaws/replay?region=us-east-1&stack=${CREATING_STACK}&durationMs=8000`, { method: 'POST' });
    assert.equal(replay.status, 200);
    const status = async () => {
      await services.stacksTree.refresh();
      return services.stacksTree.stacks.find((s) => s.stackName === CREATING_STACK)?.status;
    };
    assert.equal(await status(), 'CREATE_IN_PROGRESS');
    const inProgress = (await walkTree(services.stacksTree)).find((r) => r.label === CREATING_STACK);
    assert.match(inProgress?.contextValue ?? '', /\binProgress\b/);
    await eventually('CREATE_COMPLETE', async () => ((await status()) === 'CREATE_COMPLETE' ? true : undefined), 30000, 1000);
    const done = (await walkTree(services.stacksTree)).filter((r) => r.path.includes(`/ ${CREATING_STACK} / Outputs / `));
    assert.ok(done.length > 0, 'outputs appear once the stack is complete');
  });
});
