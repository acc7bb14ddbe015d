import * as vscode from 'vscode';

/** A message the extension showed, with the buttons it offered and whether it was modal. */
export interface ShownMessage {
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly buttons: readonly string[];
  readonly modal: boolean;
}

/** An input box the extension opened: its title, what was typed, and what validateInput said. */
export interface AskedInput {
  readonly title: string;
  readonly password: boolean;
  readonly typed: string[];
  readonly rejected: string[];
}

/** A quick pick the extension opened (separators left out). */
export interface OfferedItems {
  readonly title: string;
  readonly labels: readonly string[];
}

export interface DicomDialogScript {
  /** Values to type, in order, into each input box (a rejected value is followed by the next one). */
  readonly inputs?: readonly string[];
  /** Label patterns to pick, in order, one per quick pick. */
  readonly picks?: readonly RegExp[];
  /** The button to press on a message; undefined dismisses it. Default: dismiss. */
  readonly answer?: (message: ShownMessage) => string | undefined;
}

export interface DicomDialogs {
  readonly messages: ShownMessage[];
  readonly inputs: AskedInput[];
  readonly picks: OfferedItems[];
  /** Scripted inputs and picks that were never asked for. */
  unused(): { inputs: string[]; picks: RegExp[] };
  restore(): void;
}

type Patchable = Record<string, unknown>;
type Validate = (value: string) => string | vscode.InputBoxValidationMessage | undefined | null | Thenable<string | vscode.InputBoxValidationMessage | undefined | null>;

function validationText(result: Awaited<ReturnType<Validate>>): string | undefined {
  if (result === undefined || result === null || result === '') return undefined;
  return typeof result === 'string' ? result : result.message;
}

/**
 * Test helper for the DICOM commands, which ask through `showInputBox`/`showQuickPick` and report
 * through messages with buttons ("Show Details", "Send Anyway"). The extension and this suite
 * share one `vscode` API object in the extension host, so replacing these functions answers the
 * extension's own calls: inputs are typed through the box's validateInput (a rejected value keeps
 * the box open, as VS Code does), picks are matched by label, messages are answered by `answer`.
 */
export function scriptDicomDialogs(script: DicomDialogScript): DicomDialogs {
  const window = vscode.window as unknown as Patchable;
  const names = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showInputBox', 'showQuickPick'] as const;
  const originals = Object.fromEntries(names.map((n) => [n, window[n]]));
  const inputs = [...(script.inputs ?? [])];
  const picks = [...(script.picks ?? [])];
  const dialogs: DicomDialogs = {
    messages: [],
    inputs: [],
    picks: [],
    unused: () => ({ inputs: [...inputs], picks: [...picks] }),
    restore: () => {
      for (const n of names) window[n] = originals[n];
    },
  };

  const message = (level: ShownMessage['level']) => (text: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
    const buttons = rest.map((b) => (typeof b === 'string' ? b : (b as vscode.MessageItem).title));
    const shown: ShownMessage = { level, text, buttons, modal: options?.modal === true };
    dialogs.messages.push(shown);
    const chosen = script.answer?.(shown);
    const index = chosen === undefined ? -1 : buttons.indexOf(chosen);
    return Promise.resolve(index < 0 ? undefined : rest[index]);
  };
  window.showInformationMessage = message('info');
  window.showWarningMessage = message('warning');
  window.showErrorMessage = message('error');

  window.showInputBox = async (options: vscode.InputBoxOptions = {}) => {
    const asked: AskedInput = { title: options.title ?? options.prompt ?? '', password: options.password === true, typed: [], rejected: [] };
    dialogs.inputs.push(asked);
    for (;;) {
      const value = inputs.shift();
      if (value === undefined) throw new Error(`unexpected input box "${asked.title}" (no scripted value left)`);
      asked.typed.push(value);
      const problem = validationText(await (options.validateInput as Validate | undefined)?.(value));
      if (!problem) return value;
      asked.rejected.push(problem);
    }
  };

  window.showQuickPick = async (items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>, options?: vscode.QuickPickOptions) => {
    const list = (await items).filter((i) => typeof i === 'string' || i.kind !== vscode.QuickPickItemKind.Separator);
    const labelOf = (i: string | vscode.QuickPickItem) => (typeof i === 'string' ? i : i.label);
    const offered: OfferedItems = { title: options?.title ?? options?.placeHolder ?? '', labels: list.map(labelOf) };
    dialogs.picks.push(offered);
    const pattern = picks.shift();
    if (!pattern) throw new Error(`unexpected quick pick "${offered.title}": ${offered.labels.join(' | ')}`);
    const chosen = list.find((i) => pattern.test(labelOf(i)));
    if (!chosen) throw new Error(`no item matches ${pattern} in "${offered.title}": ${offered.labels.join(' | ')}`);
    return chosen;
  };
  return dialogs;
}
