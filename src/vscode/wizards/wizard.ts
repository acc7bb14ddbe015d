import { BACK, type Back, type Prompter, type StepInfo } from './prompter';

/** 'next' moves on, 'stay' asks the same step again (e.g. after toggling an option on the review). */
export type StepResult = 'next' | 'stay' | Back | undefined;

/** One question of a wizard (vscode-azuretools style): it decides whether to ask, then asks. */
export interface WizardStep<C> {
  readonly id: string;
  shouldPrompt(context: C): boolean;
  prompt(context: C, prompter: Prompter, info: StepInfo): Promise<StepResult>;
}

/**
 * Runs steps in order with Back on every step after the first. `steps` is re-read after every
 * answer, because earlier answers (the template) decide the later steps (its parameters).
 * Returns the context, or undefined when the user cancelled.
 */
export async function runWizard<C>(
  title: string,
  steps: (context: C) => readonly WizardStep<C>[],
  context: C,
  prompter: Prompter,
  /** Whether the step list is final (e.g. once the template, which adds one step per parameter, is known). */
  stepsFinal: (context: C) => boolean = () => true,
): Promise<C | undefined> {
  const history: string[] = [];
  let index = 0;
  for (;;) {
    const all = steps(context);
    while (index < all.length && !all[index]?.shouldPrompt(context)) index++;
    const step = all[index];
    if (!step) return context;
    const remaining = all.slice(index).filter((s) => s.shouldPrompt(context)).length;
    const info: StepInfo = { title, step: history.length + 1, ...(stepsFinal(context) ? { totalSteps: history.length + remaining } : {}), canGoBack: history.length > 0 };
    const result = await step.prompt(context, prompter, info);
    if (result === undefined) return undefined;
    if (result === 'stay') continue;
    if (result === BACK) {
      const previous = history.pop();
      const at = previous === undefined ? -1 : all.findIndex((s) => s.id === previous);
      index = at < 0 ? 0 : at;
      continue;
    }
    history.push(step.id);
    index++;
  }
}
