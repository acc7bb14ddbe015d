import * as vscode from 'vscode';
import { outcome } from '../../core/deploy/progressSelectors';
import type { ProgressState } from '../../core/deploy/progressTypes';
import { leftBehind, rootCause } from '../../core/deploy/rootCause';

/** One notification when an operation ends; "Show Progress" opens (or reveals) its panel. */
export function notifyFinished(state: ProgressState, open: () => void): void {
  const result = outcome(state);
  const show = 'Show Progress';
  const then = (choice: string | undefined) => {
    if (choice === show) open();
  };
  if (result === 'succeeded') {
    void vscode.window.showInformationMessage(`${state.stackName} is ready (${state.stackStatus}).`, show).then(then);
  } else if (result === 'deleted') {
    const left = leftBehind(state).length;
    void vscode.window.showInformationMessage(`${state.stackName} was deleted${left > 0 ? `; ${left} resource(s) were kept` : ''}.`, show).then(then);
  } else {
    const cause = rootCause(state);
    const why = cause ? `${cause.logicalId}: ${cause.reason}` : (state.stackReason ?? state.stackStatus);
    void vscode.window.showErrorMessage(`${state.stackName} ${state.stackStatus.toLowerCase().replace(/_/g, ' ')}. ${why}`, show).then(then);
  }
}

/** Expired credentials: the deployment itself continues in AWS; only watching it paused. */
export function notifyPaused(state: ProgressState, resume: () => void): void {
  const retry = 'Resume';
  void vscode.window
    .showWarningMessage(`${state.pollerMessage ?? 'Progress paused.'} The deployment of ${state.stackName} continues in AWS; progress resumes after you sign in again.`, retry)
    .then((c) => c === retry && resume());
}
