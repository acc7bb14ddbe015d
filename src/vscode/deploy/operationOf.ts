import type { Operation } from '../../core/deploy/progressTypes';

/** The operation a stack status belongs to (for reopening progress of a stack from the tree). */
export function operationOf(status: string): Operation {
  if (status.startsWith('DELETE_')) return 'delete';
  if (status.startsWith('UPDATE_')) return 'update';
  return 'create';
}

export function targetKey(region: string, stackId: string): string {
  return `${region}|${stackId}`;
}
