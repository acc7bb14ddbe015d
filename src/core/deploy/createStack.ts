import { randomUUID } from 'node:crypto';
import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, type Parameter, type Tag } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import type { Capability } from '../cfn/capabilities';
import { TAG_KIND, TAG_VERSION } from '../kinds/stackContract';
import type { KindId } from '../kinds/kinds';
import { explainDeployError, errorName, StackNameTakenError } from './deployErrors';

export type OnFailure = 'ROLLBACK' | 'DELETE' | 'DO_NOTHING';
/** A template as CloudFormation takes it: inline, or staged in S3 when larger than 51,200 bytes. */
export type TemplateSource = { readonly body: string } | { readonly url: string };

export interface CreateStackRequest {
  readonly region: string;
  readonly stackName: string;
  readonly template: TemplateSource;
  readonly parameters: Readonly<Record<string, string>>;
  readonly capabilities: readonly Capability[];
  readonly tags: readonly Tag[];
  readonly terminationProtection: boolean;
  readonly onFailure: OnFailure;
  /** Made once per deployment (newRequestToken); the SDK's own retries resend it, so a retry cannot create twice. */
  readonly clientRequestToken: string;
}

export interface CreateStackResult {
  readonly stackId: string;
  /** True when an earlier attempt of this same request had already created the stack. */
  readonly alreadyCreatedByThisRequest: boolean;
}

/** CloudFormation's token pattern: [a-zA-Z0-9][-a-zA-Z0-9]*, at most 128 characters. */
export function newRequestToken(prefix = 'imaging-lab'): string {
  return `${prefix}-${randomUUID()}`;
}

/** The stack contract's tags plus the user's own (the contract's win on a clash). */
export function deploymentTags(kind: KindId | undefined, version: string, userTags: Readonly<Record<string, string>> = {}): Tag[] {
  const tags = new Map(Object.entries(userTags).filter(([k]) => k.trim() !== '' && !k.startsWith('aws:')));
  if (kind) tags.set(TAG_KIND, kind);
  tags.set(TAG_VERSION, version);
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

export function toParameters(values: Readonly<Record<string, string>>): Parameter[] {
  return Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
}

/** Did the stack named in an AlreadyExistsException come from this very request (a retried call)? */
async function createdByToken(clients: AwsClients, req: CreateStackRequest, signal?: AbortSignal): Promise<{ stackId?: string; status?: string; ours: boolean }> {
  const cfn = await clients.cloudFormation(req.region);
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: req.stackName }), { abortSignal: signal })).Stacks?.[0];
  if (!stack?.StackId) return { ours: false };
  const events = await cfn.send(new DescribeStackEventsCommand({ StackName: stack.StackId }), { abortSignal: signal });
  const ours = (events.StackEvents ?? []).some((e) => e.ClientRequestToken === req.clientRequestToken);
  return { stackId: stack.StackId, ...(stack.StackStatus ? { status: stack.StackStatus } : {}), ours };
}

/**
 * CreateStack with the request token. Transient failures are retried by the SDK client itself
 * (adaptive retry mode, the same token on every attempt); nothing is retried on top of it. An
 * AlreadyExistsException is resolved by checking whose request created the stack (an attempt
 * the SDK retried may have succeeded before its response was lost).
 */
export async function createStack(clients: AwsClients, req: CreateStackRequest, signal?: AbortSignal): Promise<CreateStackResult> {
  const cfn = await clients.cloudFormation(req.region);
  const input = {
    StackName: req.stackName,
    ...('body' in req.template ? { TemplateBody: req.template.body } : { TemplateURL: req.template.url }),
    Parameters: toParameters(req.parameters),
    Capabilities: [...req.capabilities],
    Tags: [...req.tags],
    EnableTerminationProtection: req.terminationProtection,
    OnFailure: req.onFailure,
    ClientRequestToken: req.clientRequestToken,
  };
  try {
    const out = await cfn.send(new CreateStackCommand(input), { abortSignal: signal });
    return { stackId: out.StackId ?? '', alreadyCreatedByThisRequest: false };
  } catch (error) {
    if (errorName(error) !== 'AlreadyExistsException') throw explainDeployError(error, req.stackName, req.region);
    const owner = await createdByToken(clients, req, signal);
    if (owner.ours && owner.stackId) return { stackId: owner.stackId, alreadyCreatedByThisRequest: true };
    throw new StackNameTakenError(req.stackName, req.region, owner.status);
  }
}
