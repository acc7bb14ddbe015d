/** Every CloudFormation stack status (API reference, StackStatus). */
export const STACK_STATUSES = [
  'CREATE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED', 'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS', 'DELETE_FAILED', 'DELETE_COMPLETE',
  'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_COMPLETE',
] as const;

export type StatusCategory = 'in-progress' | 'complete' | 'failed' | 'rolled-back' | 'deleted' | 'review';

/** Groups a status by what it means to the user: healthy, moving, broken, rolled back. */
export function statusCategory(status: string): StatusCategory {
  if (status === 'REVIEW_IN_PROGRESS') return 'review';
  if (status.endsWith('_IN_PROGRESS')) return 'in-progress';
  if (status.endsWith('_FAILED')) return 'failed';
  if (status === 'DELETE_COMPLETE') return 'deleted';
  if (status.includes('ROLLBACK_COMPLETE')) return 'rolled-back';
  return 'complete';
}

export function isInProgress(status: string): boolean {
  return statusCategory(status) === 'in-progress';
}

/** "UPDATE_ROLLBACK_COMPLETE" -> "update rollback complete". */
export function statusLabel(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ');
}
