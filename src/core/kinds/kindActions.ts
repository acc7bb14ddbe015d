import type { StackInfo } from '../stacks/stackInfo';
import { statusCategory } from '../stacks/stackStatus';
import { recordOf } from './kinds';

/**
 * The actions (kind record `actions`) a stack offers now: its kind's, once the stack is complete
 * (they act on a running deployment). The tree shows them through the context value; a palette
 * command lists only the stacks that offer it.
 */
export function kindActions(stack: Pick<StackInfo, 'kind' | 'status'>): readonly string[] {
  const record = recordOf(stack.kind);
  return record && statusCategory(stack.status) === 'complete' ? record.actions : [];
}

export function offersAction(stack: Pick<StackInfo, 'kind' | 'status'>, action: string): boolean {
  return kindActions(stack).includes(action);
}
