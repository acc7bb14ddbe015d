import { BACK, type Back, type PickOption, type Prompter, type StepInfo, type Validator } from '../../../src/vscode/wizards/prompter';

export interface Asked {
  readonly kind: 'pick' | 'input';
  readonly title: string;
  readonly text: string;
  readonly step: number;
  readonly totalSteps: number | undefined;
  readonly canGoBack: boolean;
  readonly labels: readonly string[];
  /** Pick items' descriptions, in the order of `labels`. */
  readonly descriptions?: readonly (string | undefined)[];
  /** Pick items' detail lines, in the order of `labels`. */
  readonly details?: readonly (string | undefined)[];
  readonly value?: string;
  readonly password?: boolean;
  /** Validation messages shown for rejected answers. */
  readonly rejected: string[];
}

/** An answer: a value, BACK, undefined (Escape), 'default' (accept what is offered) or a chooser. */
export type Answer = unknown;
export const ACCEPT = Symbol('accept');

/**
 * Plays scripted answers to the wizard's questions, recording each question. When the script runs
 * out, `auto` answers (accept the offered value, or `fallback(text)` for empty inputs).
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(
    private readonly script: Answer[],
    private readonly fallback: (text: string, info: StepInfo) => string = () => 'value',
  ) {}

  private next(): Answer {
    return this.script.length > 0 ? this.script.shift() : ACCEPT;
  }

  async pick<T>(info: StepInfo, o: { placeholder: string; items: readonly PickOption<T>[] }): Promise<T | Back | undefined> {
    this.asked.push({ kind: 'pick', title: info.title, text: o.placeholder, step: info.step, totalSteps: info.totalSteps, canGoBack: info.canGoBack, labels: o.items.map((i) => i.label), descriptions: o.items.map((i) => i.description), details: o.items.map((i) => i.detail), rejected: [] });
    const answer = this.next();
    if (answer === BACK || answer === undefined) return answer;
    if (answer === ACCEPT) return (o.items.find((i) => i.picked) ?? o.items[0])?.value;
    if (typeof answer === 'function') return (answer as (items: readonly PickOption<T>[]) => T)(o.items);
    const byLabel = o.items.find((i) => i.label === answer || i.value === answer);
    if (!byLabel) throw new Error(`scripted answer ${String(answer)} is not among ${o.items.map((i) => i.label).join(' | ')}`);
    return byLabel.value;
  }

  async input(info: StepInfo, o: { prompt: string; value?: string; password?: boolean; validate?: Validator }): Promise<string | Back | undefined> {
    const asked: Asked = {
      kind: 'input', title: info.title, text: o.prompt, step: info.step, totalSteps: info.totalSteps, canGoBack: info.canGoBack, labels: [],
      ...(o.value !== undefined ? { value: o.value } : {}), ...(o.password ? { password: true } : {}), rejected: [],
    };
    this.asked.push(asked);
    for (;;) {
      let answer = this.next();
      if (answer === BACK || answer === undefined) return answer;
      if (answer === ACCEPT) answer = o.value ? o.value : this.fallback(o.prompt, info);
      const text = String(answer);
      const problem = await o.validate?.(text);
      if (!problem) return text;
      asked.rejected.push(problem);
      if (asked.rejected.length > 5) throw new Error(`input keeps being rejected: ${problem}`);
    }
  }
}
