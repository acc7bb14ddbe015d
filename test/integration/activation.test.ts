import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, fakeAwsUrl } from './support/extensionUnderTest';

describe('activation', () => {
  it('activates in the real extension host and returns its services', async () => {
    fakeAwsUrl();
    const { extension, services } = await activatedExtension();
    assert.equal(extension.isActive, true);
    assert.equal(typeof services.stacksTree.getChildren, 'function');
    assert.equal(services.context.extensionMode, vscode.ExtensionMode.Test);
  });

  it('contributes the Imaging Lab activity-bar container with the Stacks view', async () => {
    const { extension } = await activatedExtension();
    const contributes = extension.packageJSON.contributes as {
      viewsContainers: { activitybar: { id: string; title: string }[] };
      views: Record<string, { id: string; name: string }[]>;
    };
    const container = contributes.viewsContainers.activitybar.find((c) => c.title === 'Imaging Lab');
    assert.ok(container, 'no "Imaging Lab" activity-bar container');
    assert.ok(contributes.views[container.id]?.some((v) => v.name === 'Stacks'), 'no "Stacks" view in the container');
    // Focusing the view through its generated command proves VS Code registered it.
    await vscode.commands.executeCommand(`${contributes.views[container.id]?.[0]?.id}.focus`);
  });
});
