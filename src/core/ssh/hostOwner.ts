import { createHash } from 'node:crypto';
import { UntrustedValueError, awsRegion, shownValue } from './sshValues';

/** The stack a managed host block belongs to. */
export interface HostOwner {
  readonly name: string;
  readonly region: string;
  /** The stack's ARN; absent in blocks written before it was recorded. */
  readonly stackId?: string;
}

const STACK_NAME = /^[A-Za-z][-A-Za-z0-9]{0,127}$/;
const STACK_ID = /^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][-A-Za-z0-9]{0,127}\/[A-Za-z0-9-]{1,64}$/;

/** An owner whose parts fit CloudFormation's grammars (they are written into the config as a comment). */
export function checkedOwner(owner: HostOwner): HostOwner {
  if (!STACK_NAME.test(owner.name)) throw new UntrustedValueError(`The stack name ${shownValue(owner.name)} is not a CloudFormation stack name; Imaging Lab will not write it into your SSH configuration.`);
  awsRegion(owner.region, `stack ${owner.name}`);
  if (owner.stackId !== undefined && owner.stackId !== '' && !STACK_ID.test(owner.stackId)) {
    throw new UntrustedValueError(`Stack ${owner.name}: its id ${shownValue(owner.stackId)} is not a CloudFormation stack ARN; Imaging Lab will not write it into your SSH configuration.`);
  }
  return { name: owner.name, region: owner.region, ...(owner.stackId ? { stackId: owner.stackId } : {}) };
}

/**
 * Whether two blocks belong to the same stack: by ARN when both know it (a same-named stack in
 * another account or a re-created one is someone else), else by region and name.
 */
export function sameOwner(a: HostOwner | undefined, b: HostOwner | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.stackId && b.stackId) return a.stackId === b.stackId;
  return a.region === b.region && a.name === b.name;
}

/** Six hex digits of the stack's ARN (or region/name): enough to tell apart stacks that share a name. */
export function ownerHash(owner: HostOwner): string {
  return createHash('sha256').update(owner.stackId || `${owner.region}/${owner.name}`).digest('hex').slice(0, 6);
}

export function ownerLabel(owner: HostOwner | undefined): string {
  return owner ? `stack ${owner.name} (${owner.region})` : 'a host you added yourself';
}
