import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/vscode/commandIds';
import { PROGRESS_VIEW_TYPE } from '../../src/vscode/webviews/progress/protocol';
import { CREATING_STACK } from '../fakeaws/scriptedAccount';
import { activatedExtension, eventually } from './support/extensionUnderTest';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { walkTree } from './support/treeWalk';

function progressTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(PROGRESS_VIEW_TYPE));
}

describe('deployment progress panel', () => {
  before(ensureScriptedRegions);
  after(async () => {
    await vscode.window.tabGroups.close(progressTabs());
  });

  it('opens one webview panel per stack from a tree node, revealed rather than duplicated', async () => {
    const { services } = await activatedExtension();
    await services.stacksTree.whenLoaded();
    const row = (await walkTree(services.stacksTree, 1)).find((r) => r.label === CREATING_STACK);
    assert.ok(row, `${CREATING_STACK} is not in the tree`);
    // Through the extension's registered command (its own bundle), with the tree node as a menu passes it.
    await vscode.commands.executeCommand(CommandIds.showProgress, row.node);
    // Other suites may have left panels of their own stacks open: count this stack's only.
    const ofStack = () => progressTabs().filter((t) => new RegExp(`^(Deploy|Update|Delete): ${CREATING_STACK}$`).test(t.label));
    await eventually('the progress tab', async () => ofStack()[0]);
    await vscode.commands.executeCommand(CommandIds.showProgress, row.node);
    assert.equal(ofStack().length, 1);
  });
});
