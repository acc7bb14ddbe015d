import * as vscode from 'vscode';

/** A question the extension asked through showQuickPick or a modal warning. */
export interface AskedQuestion {
  readonly kind: 'pick' | 'modal';
  readonly text: string;
  /** Pick item labels, or the modal's buttons. */
  readonly choices: readonly string[];
  /** The modal's detail text. */
  readonly detail: string;
}

/** How to answer: the first choice matching the pattern, or dismiss (Escape / Cancel). */
export type QuestionReply = RegExp | 'dismiss';

export interface ScriptedQuestions {
  readonly asked: AskedQuestion[];
  restore(): void;
}

type Window = Record<string, unknown>;

/**
 * Test helper: answers `window.showQuickPick` and modal `showWarningMessage` questions through
 * `reply`, recording each. Non-modal warnings go on to whatever was installed before (e.g. a
 * window capture), so install this after the capture and restore it first.
 */
export function scriptQuestions(reply: (asked: AskedQuestion) => QuestionReply): ScriptedQuestions {
  const window = vscode.window as unknown as Window;
  const originals = { pick: window.showQuickPick, warning: window.showWarningMessage };
  const asked: AskedQuestion[] = [];
  const answer = <T>(question: AskedQuestion, choices: readonly T[]): T | undefined => {
    asked.push(question);
    const r = reply(question);
    if (r === 'dismiss') return undefined;
    const index = question.choices.findIndex((c) => r.test(c));
    if (index < 0) throw new Error(`no choice matches ${r} in "${question.text}": ${question.choices.join(' | ')}`);
    return choices[index];
  };
  window.showQuickPick = async (items: unknown, options?: vscode.QuickPickOptions) => {
    const list = (await items) as vscode.QuickPickItem[];
    return answer({ kind: 'pick', text: options?.placeHolder ?? '', choices: list.map((i) => i.label), detail: '' }, list);
  };
  window.showWarningMessage = (text: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest[0] as vscode.MessageOptions) : undefined;
    if (!options?.modal) return (originals.warning as (...a: unknown[]) => unknown).call(vscode.window, text, ...rest);
    const buttons = rest.slice(1).map((b) => (typeof b === 'string' ? b : (b as vscode.MessageItem).title));
    return Promise.resolve(answer({ kind: 'modal', text, choices: buttons, detail: options.detail ?? '' }, rest.slice(1)));
  };
  return {
    asked,
    restore: () => {
      window.showQuickPick = originals.pick;
      window.showWarningMessage = originals.warning;
    },
  };
}
