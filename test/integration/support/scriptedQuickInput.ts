import * as vscode from 'vscode';

/** What one quick input asked, as the test saw it. */
export interface Asked {
  readonly kind: 'pick' | 'input';
  readonly title: string;
  readonly step: number | undefined;
  readonly text: string;
  readonly items: readonly string[];
  readonly canGoBack: boolean;
  readonly password: boolean;
  /** Validation messages shown for rejected values. */
  readonly rejected: string[];
}

/** How to answer: a label pattern (pick), a value (input), Back, or dismiss. */
export type Reply = { pick: RegExp } | { input: string } | 'back' | 'dismiss';
export type Responder = (asked: Asked) => Reply;

type Listener<T> = vscode.EventEmitter<T>;

/**
 * Test input helper: stands in for `createQuickPick`/`createInputBox` so a wizard built on the
 * real QuickInputPrompter is driven through its events (accept, Back button, hide, validation) by
 * a responder, as vscode-azuretools' test user input does. Returns every question asked, in order.
 */
export async function withScriptedQuickInput(respond: Responder, run: () => Thenable<unknown>, maxQuestions = 40): Promise<Asked[]> {
  const window = vscode.window as { createQuickPick: typeof vscode.window.createQuickPick; createInputBox: typeof vscode.window.createInputBox };
  const originals = { pick: window.createQuickPick, input: window.createInputBox };
  const asked: Asked[] = [];
  const emitters = () => ({ accept: new vscode.EventEmitter<void>(), hide: new vscode.EventEmitter<void>(), button: new vscode.EventEmitter<vscode.QuickInputButton>(), value: new vscode.EventEmitter<string>() });

  function fake(kind: 'pick' | 'input') {
    const e = emitters();
    let disposed = false;
    const state: Record<string, unknown> = { items: [], activeItems: [], selectedItems: [], buttons: [], value: '', validationMessage: undefined, busy: false };
    const answer = async () => {
      for (let round = 0; round < 5 && !disposed; round++) {
        if (asked.length >= maxQuestions) throw new Error(`more than ${maxQuestions} questions: the wizard loops`);
        const items = (state.items as vscode.QuickPickItem[]).map((i) => i.label);
        const question: Asked = {
          kind,
          title: String(state.title ?? ''),
          step: state.step as number | undefined,
          text: String(kind === 'pick' ? (state.placeholder ?? '') : (state.prompt ?? '')),
          items,
          canGoBack: (state.buttons as vscode.QuickInputButton[]).includes(vscode.QuickInputButtons.Back),
          password: state.password === true,
          rejected: [],
        };
        const last = asked.at(-1);
        // A rejected value keeps the same box open: record it on the same question.
        const current = round > 0 && last ? last : question;
        if (round === 0) asked.push(question);
        const reply = respond(current);
        if (reply === 'back') return e.button.fire(vscode.QuickInputButtons.Back);
        if (reply === 'dismiss') return e.hide.fire();
        if ('pick' in reply) {
          const chosen = (state.items as vscode.QuickPickItem[]).find((i) => reply.pick.test(i.label));
          if (!chosen) throw new Error(`no item matches ${reply.pick} in "${current.text}": ${items.join(' | ')}`);
          state.selectedItems = [chosen];
          state.activeItems = [chosen];
          return e.accept.fire();
        }
        state.value = reply.input;
        e.value.fire(reply.input);
        e.accept.fire();
        await new Promise((r) => setTimeout(r, 150));
        while (state.busy) await new Promise((r) => setTimeout(r, 50));
        if (!disposed && state.validationMessage) current.rejected.push(String(state.validationMessage));
      }
    };
    const api = {
      onDidAccept: e.accept.event,
      onDidHide: e.hide.event,
      onDidTriggerButton: e.button.event,
      onDidChangeValue: e.value.event,
      onDidChangeActive: new vscode.EventEmitter<unknown>().event,
      onDidChangeSelection: new vscode.EventEmitter<unknown>().event,
      onDidTriggerItemButton: new vscode.EventEmitter<unknown>().event,
      show: () => void setTimeout(() => void answer().catch((error: Error) => fail(error)), 0),
      hide: () => e.hide.fire(),
      dispose: () => {
        disposed = true;
        for (const x of Object.values(e) as Listener<unknown>[]) x.dispose();
      },
    };
    return new Proxy(api, {
      get: (target, key: string) => (key in target ? target[key as keyof typeof target] : state[key]),
      set: (_target, key: string, value) => {
        state[key] = value;
        return true;
      },
    });
  }

  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
  };
  window.createQuickPick = (() => fake('pick')) as unknown as typeof vscode.window.createQuickPick;
  window.createInputBox = (() => fake('input')) as unknown as typeof vscode.window.createInputBox;
  try {
    await run();
  } finally {
    window.createQuickPick = originals.pick;
    window.createInputBox = originals.input;
  }
  if (failure) throw failure;
  return asked;
}
