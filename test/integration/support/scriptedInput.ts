import * as vscode from 'vscode';

export interface OfferedPick {
  readonly labels: readonly string[];
  readonly picked: readonly string[];
  readonly placeHolder?: string;
}

type Answer = (offered: OfferedPick) => readonly string[] | undefined;

/**
 * Test input helper: answers `showQuickPick` the way a person would (by item labels) while `run`
 * executes. The extension and this suite share one `vscode` API object in the extension host, so
 * the extension's own calls are answered. Returns what was offered, in order.
 */
export async function withScriptedQuickPicks(answers: readonly Answer[], run: () => Thenable<unknown>): Promise<OfferedPick[]> {
  const window = vscode.window as { showQuickPick: typeof vscode.window.showQuickPick };
  const original = window.showQuickPick;
  const offered: OfferedPick[] = [];
  const queue = [...answers];
  window.showQuickPick = (async (items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    const labelOf = (i: string | vscode.QuickPickItem) => (typeof i === 'string' ? i : i.label);
    const offer: OfferedPick = {
      labels: list.map(labelOf),
      picked: list.filter((i) => typeof i !== 'string' && i.picked).map(labelOf),
      ...(options?.placeHolder ? { placeHolder: options.placeHolder } : {}),
    };
    offered.push(offer);
    const answer = queue.shift();
    if (!answer) throw new Error(`unexpected quick pick: ${offer.placeHolder ?? offer.labels.slice(0, 5).join(', ')}`);
    const chosen = answer(offer);
    if (chosen === undefined) return undefined;
    const picks = list.filter((i) => chosen.includes(labelOf(i)));
    return options?.canPickMany ? picks : picks[0];
  }) as typeof vscode.window.showQuickPick;
  try {
    await run();
  } finally {
    window.showQuickPick = original;
  }
  if (queue.length > 0) throw new Error(`${queue.length} scripted answer(s) were never asked for`);
  return offered;
}
