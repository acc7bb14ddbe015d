import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DENIED_REGION } from '../fakeaws/scriptedAccount';
import { activatedExtension } from './support/extensionUnderTest';
import { regionsInUse, SCRIPTED_REGIONS, waitForRegions } from './support/scriptedRegions';
import { withScriptedQuickPicks } from './support/scriptedInput';

describe('regions', () => {
  it("starts with the profile's region when none is configured", async () => {
    assert.deepEqual(await regionsInUse(), ['us-east-1']);
  });

  it('"Select AWS Regions" through its quick pick sets the regions the tree lists', async () => {
    const offered = await withScriptedQuickPicks([() => SCRIPTED_REGIONS], () => vscode.commands.executeCommand('imagingLab.selectRegions'));
    assert.deepEqual(offered[0]?.picked, ['us-east-1'], 'the current region is pre-selected');
    assert.ok(offered[0]?.labels.includes('eu-west-1'));
    await waitForRegions(SCRIPTED_REGIONS);
    const { services } = await activatedExtension();
    assert.ok(services.stacksTree.stacks.some((s) => s.region === 'eu-west-1'), 'eu-west-1 stacks are listed');
    assert.ok(services.stacksTree.lastInventory?.failures.some((f) => f.region === DENIED_REGION));
  });

  it('dismissing the region picker changes nothing', async () => {
    await withScriptedQuickPicks([() => undefined], () => vscode.commands.executeCommand('imagingLab.selectRegions'));
    assert.deepEqual([...(await regionsInUse())].sort(), [...SCRIPTED_REGIONS].sort());
  });
});
