import * as vscode from 'vscode';
import { registerBillingFeature } from './billing/registerBillingFeature';
import { ContextKeys, VIEW_STACKS } from './commandIds';
import { registerCommands } from './commands/registerCommands';
import { registerDeployFeature } from './deploy/registerDeployFeature';
import { registerPreview } from './preview/registerPreview';
import { affectsAwsSettings, SETTING_SECTION } from './configuration';
import { createServices } from './createServices';
import { watchAwsFiles } from './session/awsFileWatcher';
import { SessionManager } from './session/sessionManager';
import { createSessionStatusBar } from './session/statusBar';
import { trackTemplateFiles } from './templateFilesContext';
import { StacksTreeProvider } from './tree/stacksTreeProvider';
import { startWalkthrough } from './walkthrough/walkthrough';

/**
 * Activation stays cheap: no AWS SDK, ssh2 or DICOM code is loaded here; each is imported the
 * first time a feature needs it (bench/activation measures this).
 */
export function activate(context: vscode.ExtensionContext): ReturnType<typeof createServices> {
  const output = vscode.window.createOutputChannel('Imaging Lab', { log: true });
  const session = new SessionManager(output);
  const stacksTree = new StacksTreeProvider(session, output);
  const services = createServices(context, session, stacksTree, output);

  const view = vscode.window.createTreeView(VIEW_STACKS, { treeDataProvider: stacksTree, showCollapseAll: true });
  stacksTree.attach(view);
  void vscode.commands.executeCommand('setContext', ContextKeys.credentials, 'unknown');

  // The tree lists with the new session at once, while the identity check runs alongside it.
  const reload = () => session.reload();
  context.subscriptions.push(
    session.onDidChangeSession(() => void stacksTree.refresh()),
    output,
    session,
    stacksTree,
    view,
    createSessionStatusBar(session),
    ...registerCommands(services),
    registerDeployFeature(services),
    registerPreview(services),
    registerBillingFeature(services),
    watchAwsFiles(() => void reload()),
    trackTemplateFiles(),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsAwsSettings(e)) void reload();
      else if (e.affectsConfiguration(`${SETTING_SECTION}.stacks`)) void stacksTree.refresh();
    }),
  );
  // The walkthrough opens once the first listing is done: by then VS Code knows its contribution.
  const walkthrough = () => startWalkthrough(context);
  void reload().then(walkthrough, walkthrough);
  return services;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
