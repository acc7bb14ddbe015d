import * as vscode from 'vscode';

/** What one quick input asked, as the test saw it. */
export interface Asked {
  readonly kind: 'pick' | 'input';
  readonly title: string;
  readonly step: number | undefined;
  readonly text: string;
  readonly items: readonly string[];
  /** The highlighted item (pick) or the pre-filled value (input): what Enter alone would accept. */
  readonly current: string;
  /** The items' detail lines ('' where an item has none), in the same order. */
  readonly details: readonly string[];
  readonly canGoBack: boolean;
  readonly password: boolean;
  /** Validation messages shown for rejected values. */
  readonly rejected: string[];
}

/** How to answer: a label pattern (pick), a value (input), Enter on what is shown ('accept'), Back, or dismiss. */
export type Reply = { pick: RegExp } | { input: string } | 'accept' | 'back' | 'dismiss';
export type Responder = (asked: Asked) => Reply;

type Listener<T> = vscode.EventEmitter<T>;

/** The question as a person would read it, for a failure message. */
export function describeAsked(a: Pick<Asked, 'kind' | 'title' | 'text' | 'items' | 'current'>): string {
  const shown = a.kind === 'pick' ? `items: ${a.items.join(' | ')}` : `value: "${a.current}"`;
  return `${a.kind} "${a.title}" asking "${a.text}" (${shown})`;
}

/**
 * Test input helper: stands in for `createQuickPick`/`createInputBox` so a wizard built on the
 * real QuickInputPrompter is driven through its events (accept, Back button, hide, validation) by
 * a responder, as vscode-azuretools' test user input does. Returns every question asked, in order.
 * A responder that throws or names no item, a value rejected round after round, or too many
 * questions fail the run at once with the question that had no answer (the box is hidden, so the
 * wizard ends as if dismissed) instead of leaving the wizard waiting until the test times out.
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
      const rounds = 5;
      for (let round = 0; round < rounds && !disposed; round++) {
        if (asked.length >= maxQuestions) throw new Error(`more than ${maxQuestions} questions: the wizard loops`);
        const items = (state.items as vscode.QuickPickItem[]).map((i) => i.label);
        const active = (state.activeItems as vscode.QuickPickItem[])[0] ?? (state.items as vscode.QuickPickItem[])[0];
        const question: Asked = {
          kind,
          title: String(state.title ?? ''),
          step: state.step as number | undefined,
          text: String(kind === 'pick' ? (state.placeholder ?? '') : (state.prompt ?? '')),
          items,
          current: kind === 'pick' ? (active?.label ?? '') : String(state.value ?? ''),
          details: (state.items as vscode.QuickPickItem[]).map((i) => i.detail ?? ''),
          canGoBack: (state.buttons as vscode.QuickInputButton[]).includes(vscode.QuickInputButtons.Back),
          password: state.password === true,
          rejected: [],
        };
        const last = asked.at(-1);
        // A rejected value keeps the same box open: record it on the same question.
        const current = round > 0 && last ? last : question;
        if (round === 0) asked.push(question);
        let reply: Reply;
        try {
          reply = respond(current);
        } catch (error) {
          throw new Error(`the responder failed on ${describeAsked(current)}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
        }
        if (reply === 'back') return e.button.fire(vscode.QuickInputButtons.Back);
        if (reply === 'dismiss') return e.hide.fire();
        if (kind === 'pick' && (reply === 'accept' || 'pick' in reply)) {
          const chosen = reply === 'accept' ? active : (state.items as vscode.QuickPickItem[]).find((i) => reply.pick.test(i.label));
          if (!chosen) throw new Error(`no item matches ${reply === 'accept' ? 'Enter' : reply.pick} on ${describeAsked(current)}`);
          state.selectedItems = [chosen];
          state.activeItems = [chosen];
          return e.accept.fire();
        }
        if (reply === 'accept' || 'pick' in reply) {
          if (reply !== 'accept') throw new Error(`the responder picked ${reply.pick} on ${describeAsked(current)}`);
        } else {
          state.value = reply.input;
          e.value.fire(reply.input);
        }
        e.accept.fire();
        await new Promise((r) => setTimeout(r, 150));
        while (state.busy) await new Promise((r) => setTimeout(r, 50));
        if (!disposed && state.validationMessage) current.rejected.push(String(state.validationMessage));
      }
      if (!disposed) throw new Error(`${rounds} answers rejected on ${describeAsked(asked.at(-1)!)}, the last "${String(state.value)}": ${asked.at(-1)!.rejected.join(' / ')}`);
    };
    const api = {
      onDidAccept: e.accept.event,
      onDidHide: e.hide.event,
      onDidTriggerButton: e.button.event,
      onDidChangeValue: e.value.event,
      onDidChangeActive: new vscode.EventEmitter<unknown>().event,
      onDidChangeSelection: new vscode.EventEmitter<unknown>().event,
      onDidTriggerItemButton: new vscode.EventEmitter<unknown>().event,
      show: () =>
        void setTimeout(
          () =>
            void answer().catch((error: Error) => {
              fail(error);
              // End the wizard as a dismissal, so the command returns instead of waiting for an answer.
              if (!disposed) e.hide.fire();
            }),
          0,
        ),
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
  let failed: (error: Error) => void = () => undefined;
  const failedRun = new Promise<never>((_resolve, reject) => (failed = reject));
  failedRun.catch(() => undefined);
  const fail = (error: Error) => {
    failure ??= error;
    failed(failure);
  };
  window.createQuickPick = (() => fake('pick')) as unknown as typeof vscode.window.createQuickPick;
  window.createInputBox = (() => fake('input')) as unknown as typeof vscode.window.createInputBox;
  try {
    // The first failure ends the run at once, even if the command under test never returns.
    await Promise.race([Promise.resolve(run()), failedRun]);
  } finally {
    window.createQuickPick = originals.pick;
    window.createInputBox = originals.input;
  }
  if (failure) throw failure;
  return asked;
}
