/** Returned by a prompt when the user pressed the Back button. */
export const BACK: unique symbol = Symbol('back');
export type Back = typeof BACK;

export interface PickOption<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
  /** Shown first and highlighted (the current or default value). */
  readonly picked?: boolean;
}

export interface StepInfo {
  readonly title: string;
  readonly step: number;
  /** Absent while later answers can still add steps (the count would jump, e.g. from 4 to 10). */
  readonly totalSteps?: number;
  readonly canGoBack: boolean;
}

export type Validator = (value: string) => string | undefined | Promise<string | undefined>;

/**
 * The questions a wizard asks, without VS Code: the extension uses quick picks and input boxes,
 * tests script the answers. `undefined` means the user cancelled.
 */
export interface Prompter {
  pick<T>(info: StepInfo, options: { readonly placeholder: string; readonly items: readonly PickOption<T>[] }): Promise<T | Back | undefined>;
  input(
    info: StepInfo,
    options: {
      readonly prompt: string;
      readonly value?: string;
      readonly placeholder?: string;
      readonly password?: boolean;
      readonly validate?: Validator;
    },
  ): Promise<string | Back | undefined>;
}
