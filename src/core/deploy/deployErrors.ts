import type { Capability } from '../cfn/capabilities';

/** The stack name is used by a stack this deployment did not create. */
export class StackNameTakenError extends Error {
  constructor(readonly stackName: string, readonly region: string, readonly status: string | undefined) {
    super(
      `A stack named '${stackName}' already exists in ${region}${status ? ` (${status})` : ''}. ` +
        'Choose another name, or change that stack with "Imaging Lab: Update Stack".',
    );
    this.name = 'StackNameTakenError';
  }
}

/** CreateStack/CreateChangeSet refused because capabilities were not acknowledged. */
export class CapabilitiesRequiredError extends Error {
  constructor(readonly required: readonly Capability[], awsMessage: string) {
    super(
      `CloudFormation requires acknowledging ${required.length > 0 ? required.join(' and ') : 'capabilities'} for this template ` +
        `(${awsMessage}). It creates IAM resources or runs macros; review them and deploy again accepting ${required.length > 1 ? 'these capabilities' : 'this capability'}.`,
    );
    this.name = 'CapabilitiesRequiredError';
  }
}

const CAPABILITY = /CAPABILITY_(?:NAMED_IAM|IAM|AUTO_EXPAND)/g;

export function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.name ?? e?.Code ?? e?.code ?? '';
}

/** Turns the CloudFormation errors a deployment can hit into ones that say what to do. */
export function explainDeployError(error: unknown, stackName: string, region: string): unknown {
  const name = errorName(error);
  const message = (error as Error)?.message ?? String(error);
  if (name === 'InsufficientCapabilitiesException' || /requires capabilities/i.test(message)) {
    return new CapabilitiesRequiredError([...new Set(message.match(CAPABILITY) ?? [])] as Capability[], message);
  }
  if (name === 'LimitExceededException') {
    return new Error(`The account reached its CloudFormation stack limit in ${region} (${message}). Delete unused stacks or ask AWS Support for a higher quota.`);
  }
  if (name === 'TokenAlreadyExistsException') {
    return new Error(`This request token was already used for a different request on '${stackName}'. Start the deployment again (a new token is made for it).`);
  }
  return error;
}

export function isStackMissing(error: unknown): boolean {
  return errorName(error) === 'ValidationError' && /does not exist/i.test((error as Error)?.message ?? '');
}
