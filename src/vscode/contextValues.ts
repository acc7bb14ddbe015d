import { kindActions } from '../core/kinds/kindActions';
import { OUTPUT } from '../core/kinds/stackContract';
import type { StackInfo } from '../core/stacks/stackInfo';
import { statusCategory } from '../core/stacks/stackStatus';

/**
 * Tree item context values. A stack's value is its base word, its kind, flags from its status and
 * the contract's outputs, then one `action:<id>` token per action its kind offers (complete stacks
 * only), e.g. `stack mde complete web ssh allowMyIp action:registerSampleWorkflows`, so package.json
 * menus match with `viewItem =~ /^stack\b.*\bweb\b/` or `viewItem =~ /^stack\b.*\baction:registerSampleWorkflows\b/`.
 */
export const ContextValues = {
  kindGroup: 'kindGroup',
  stack: 'stack',
  outputsSection: 'outputs',
  instancesSection: 'instances',
  parametersSection: 'parameters',
  eventsSection: 'events',
  output: 'output',
  outputUrl: 'output url',
  instance: 'instance',
  instanceRunning: 'instance running',
  instanceStopped: 'instance stopped',
  parameter: 'parameter',
  event: 'event',
  regionError: 'regionError',
  message: 'message',
  // stowrs kind: what the service wrote to its bucket, listed when expanded (Received studies > study > series > instance).
  receivedStudies: 'receivedStudies',
  receivedStudy: 'receivedStudy',
  receivedSeries: 'receivedSeries',
  receivedInstance: 'receivedInstance',
} as const;

export const STACK_FLAGS = ['inProgress', 'complete', 'failed', 'rolledBack', 'createRolledBack', 'web', 'ssh', 'dicom', 'allowMyIp'] as const;
export type StackFlag = (typeof STACK_FLAGS)[number];

export function stackFlags(stack: Pick<StackInfo, 'status' | 'outputs'>): StackFlag[] {
  const has = (key: string) => stack.outputs.some((o) => o.key === key && o.value !== '');
  const category = statusCategory(stack.status);
  const flags: StackFlag[] = [];
  if (category === 'in-progress' || category === 'review') flags.push('inProgress');
  if (category === 'complete') flags.push('complete');
  if (category === 'failed') flags.push('failed');
  if (category === 'rolled-back') flags.push('rolledBack');
  // Rolled back at creation: CloudFormation can only delete such a stack, so Update is not offered.
  if (stack.status === 'ROLLBACK_COMPLETE') flags.push('createRolledBack');
  if (has(OUTPUT.webUrl)) flags.push('web');
  if (has(OUTPUT.sshHost) || has(OUTPUT.instanceId)) flags.push('ssh');
  if (has(OUTPUT.dicomWebUrl)) flags.push('dicom');
  if (has(OUTPUT.securityGroupId) && has(OUTPUT.allowMyIpPorts)) flags.push('allowMyIp');
  return flags;
}

/** The token a kind's action adds to the context value of its stacks. */
export function actionToken(action: string): string {
  return `action:${action}`;
}

export function stackContextValue(stack: Pick<StackInfo, 'status' | 'outputs' | 'kind'>): string {
  return [ContextValues.stack, stack.kind, ...stackFlags(stack), ...kindActions(stack).map(actionToken)].join(' ');
}
