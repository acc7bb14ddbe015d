import * as vscode from 'vscode';
import { outcome } from '../../core/deploy/progressSelectors';
import type { ProgressState } from '../../core/deploy/progressTypes';
import { leftBehind, rootCause } from '../../core/deploy/rootCause';

/**
 * Whether an operation's end deserves a notification: one started in this window, or one this
 * window saw running. Opening an operation that had already finished (a stack rolled back two hours
 * ago) raises none: the panel shows how it ended.
 */
export class FinishWatch {
  private sawRunning = false;

  constructor(private readonly startedHere: boolean) {}

  observe(state: ProgressState): void {
    if (state.log.length > 0 && outcome(state) === 'running') this.sawRunning = true;
  }

  shouldNotify(): boolean {
    return this.startedHere || this.sawRunning;
  }
}

/** One notification when an operation ends; "Show Progress" opens its panel unless it is already on screen. */
export function notifyFinished(state: ProgressState, open: () => void, panelVisible = false): void {
  const result = outcome(state);
  const actions = panelVisible ? [] : ['Show Progress'];
  const then = (choice: string | undefined) => {
    if (choice === 'Show Progress') open();
  };
  if (result === 'succeeded') {
    void vscode.window.showInformationMessage(`${state.stackName} is ready (${state.stackStatus}).`, ...actions).then(then);
  } else if (result === 'deleted') {
    const left = leftBehind(state).length;
    void vscode.window.showInformationMessage(`${state.stackName} was deleted${left > 0 ? `; ${left} resource(s) were kept` : ''}.`, ...actions).then(then);
  } else {
    const cause = rootCause(state);
    const why = cause ? `${cause.logicalId}: ${cause.reason}` : (state.stackReason ?? state.stackStatus);
    void vscode.window.showErrorMessage(`${state.stackName} ${state.stackStatus.toLowerCase().replace(/_/g, ' ')}. ${why}`, ...actions).then(then);
  }
}

/** Expired credentials: the deployment itself continues in AWS; only watching it paused. */
export function notifyPaused(state: ProgressState, resume: () => void): void {
  const retry = 'Resume';
  void vscode.window
    .showWarningMessage(`${state.pollerMessage ?? 'Progress paused.'} The deployment of ${state.stackName} continues in AWS; progress resumes after you sign in again.`, retry)
    .then((c) => c === retry && resume());
}
