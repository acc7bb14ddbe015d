import * as vscode from 'vscode';
import { DENIED_REGION } from '../../fakeaws/scriptedAccount';
import { activatedExtension, eventually } from './extensionUnderTest';

/** The regions of the scripted account the tree suites look at. */
export const SCRIPTED_REGIONS: readonly string[] = ['us-east-1', 'eu-west-1', DENIED_REGION];

export async function regionsInUse(): Promise<readonly string[]> {
  const { services } = await activatedExtension();
  return services.session.session.regions;
}

/** Waits until the session uses exactly `expected` and the tree shows stacks or an error for each (all scripted regions have one). */
export async function waitForRegions(expected: readonly string[]): Promise<void> {
  const { services } = await activatedExtension();
  await eventually(`regions ${expected.join(', ')}`, async () => {
    const now = await regionsInUse();
    return now.length === expected.length && expected.every((r) => now.includes(r)) ? true : undefined;
  });
  // The extension reloads on its own after a settings change; a refresh of ours may be superseded.
  await eventually('a tree load covering those regions', async () => {
    const inventory = await services.stacksTree.whenLoaded();
    const covered = new Set([...inventory.stacks.map((s) => s.region), ...inventory.failures.map((f) => f.region)]);
    return expected.every((r) => covered.has(r)) ? true : (void services.stacksTree.refresh(), undefined);
  });
}

/** For suites run on their own (IMAGING_LAB_TEST_GREP): choose the scripted regions as a user setting. */
export async function ensureScriptedRegions(): Promise<void> {
  const now = await regionsInUse();
  if (now.length === SCRIPTED_REGIONS.length && SCRIPTED_REGIONS.every((r) => now.includes(r))) return;
  await vscode.workspace.getConfiguration('imagingLab').update('aws.regions', [...SCRIPTED_REGIONS], vscode.ConfigurationTarget.Global);
  await waitForRegions(SCRIPTED_REGIONS);
}
