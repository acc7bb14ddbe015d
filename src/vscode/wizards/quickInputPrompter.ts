import * as vscode from 'vscode';
import { BACK, type Back, type PickOption, type Prompter, type StepInfo, type Validator } from './prompter';

interface Item<T> extends vscode.QuickPickItem {
  readonly value: T;
}

function decorate(input: vscode.QuickInput, info: StepInfo): void {
  input.title = info.title;
  input.step = info.step;
  input.totalSteps = info.totalSteps;
  input.ignoreFocusOut = true;
}

/** The Prompter of the extension: multi-step quick picks and input boxes with a Back button. */
export class QuickInputPrompter implements Prompter {
  pick<T>(info: StepInfo, o: { placeholder: string; items: readonly PickOption<T>[] }): Promise<T | Back | undefined> {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<Item<T>>();
      decorate(qp, info);
      qp.placeholder = o.placeholder;
      qp.matchOnDescription = true;
      qp.matchOnDetail = true;
      qp.buttons = info.canGoBack ? [vscode.QuickInputButtons.Back] : [];
      const items = o.items.map((i) => ({ label: i.label, ...(i.description ? { description: i.description } : {}), ...(i.detail ? { detail: i.detail } : {}), value: i.value, picked: i.picked ?? false }));
      qp.items = items;
      const picked = items.find((i) => i.picked);
      if (picked) qp.activeItems = [picked];
      let settled = false;
      const finish = (value: T | Back | undefined) => {
        if (settled) return;
        settled = true;
        resolve(value);
        qp.dispose();
      };
      qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(BACK));
      qp.onDidAccept(() => {
        const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        if (chosen) finish(chosen.value);
      });
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
  }

  input(info: StepInfo, o: { prompt: string; value?: string; placeholder?: string; password?: boolean; validate?: Validator }): Promise<string | Back | undefined> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      decorate(box, info);
      box.prompt = o.prompt;
      box.value = o.value ?? '';
      box.password = o.password ?? false;
      if (o.placeholder) box.placeholder = o.placeholder;
      box.buttons = info.canGoBack ? [vscode.QuickInputButtons.Back] : [];
      let settled = false;
      let generation = 0;
      const finish = (value: string | Back | undefined) => {
        if (settled) return;
        settled = true;
        resolve(value);
        box.dispose();
      };
      const check = async (value: string): Promise<string | undefined> => {
        const mine = ++generation;
        box.busy = true;
        try {
          const message = await o.validate?.(value);
          // A slower check of an older value must not overwrite the current one.
          if (mine === generation) box.validationMessage = message;
          return message;
        } finally {
          if (mine === generation) box.busy = false;
        }
      };
      box.onDidChangeValue((v) => void check(v));
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(BACK));
      box.onDidAccept(async () => {
        const value = box.value;
        if (!(await check(value))) finish(value);
      });
      box.onDidHide(() => finish(undefined));
      box.show();
      if (box.value) void check(box.value);
    });
  }
}
