import type { StackInfo } from '../stacks/stackInfo';
import { statusCategory } from '../stacks/stackStatus';
import { recordOf } from './kinds';

/**
 * The actions (kind record `actions`) a stack offers now: its kind's, once the stack is complete
 * (they act on a running deployment), and an optional part's action while its output exists. The tree shows them through the context value; a palette
 * command lists only the stacks that offer it.
 */
export function kindActions(stack: Pick<StackInfo, 'kind' | 'status' | 'outputs'>): readonly string[] {
  const record = recordOf(stack.kind);
  if (!record || statusCategory(stack.status) !== 'complete') return [];
  const needs: Readonly<Record<string, string>> = record.actionOutputs ?? {};
  const has = (key: string) => stack.outputs.some((o) => o.key === key && o.value !== '');
  return record.actions.filter((a) => needs[a] === undefined || has(needs[a]));
}

export function offersAction(stack: Pick<StackInfo, 'kind' | 'status' | 'outputs'>, action: string): boolean {
  return kindActions(stack).includes(action);
}
