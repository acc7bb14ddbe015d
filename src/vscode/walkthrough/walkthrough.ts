import * as vscode from 'vscode';

/** The `contributes.walkthroughs` entry in package.json. */
export const WALKTHROUGH_ID = 'imagingLab.getStarted';

/** Steps completed by what really happened (a context key each, remembered across windows). */
export const WalkthroughSteps = {
  deployed: 'imagingLab.walkthrough.deployed',
  progressWatched: 'imagingLab.walkthrough.progressWatched',
  dicomSent: 'imagingLab.walkthrough.dicomSent',
  terminalOpened: 'imagingLab.walkthrough.terminalOpened',
} as const;
export type WalkthroughStep = keyof typeof WalkthroughSteps;

const OPENED_ONCE = 'imagingLab.walkthrough.openedOnce';

/** Marks a step done: its context key now and in later windows. Best effort: it never fails the work it follows. */
export function markWalkthroughStep(context: Partial<Pick<vscode.ExtensionContext, 'globalState'>>, step: WalkthroughStep): void {
  const key = WalkthroughSteps[step];
  void Promise.resolve(vscode.commands.executeCommand('setContext', key, true)).catch(() => undefined);
  if (context.globalState && context.globalState.get(key) !== true) void Promise.resolve(context.globalState.update(key, true)).catch(() => undefined);
}

/**
 * At activation: restores the steps done in earlier windows, and opens the walkthrough once, the
 * first time the extension runs (not under tests, where it would cover what they look at).
 */
export function startWalkthrough(context: vscode.ExtensionContext): void {
  const state = context.globalState as vscode.Memento | undefined;
  if (!state) return;
  for (const key of Object.values(WalkthroughSteps)) if (state.get(key) === true) void vscode.commands.executeCommand('setContext', key, true);
  if (context.extensionMode === vscode.ExtensionMode.Test || state.get(OPENED_ONCE) === true) return;
  // Activated by opening a DICOM file: the walkthrough would cover the image just asked for; it opens on a later start.
  if (isOurEditorActive()) return;
  void state.update(OPENED_ONCE, true);
  void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/** Whether the active tab is one of the extension's own editors (the DICOM preview). */
function isOurEditorActive(): boolean {
  const input = vscode.window.tabGroups?.activeTabGroup?.activeTab?.input as { viewType?: unknown } | undefined;
  return typeof input?.viewType === 'string' && input.viewType.startsWith('imagingLab.');
}
