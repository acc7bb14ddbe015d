import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';

/** CloudFormation tags every resource it creates (that supports tags) with the stack's ARN. */
export const STACK_ID_TAG = 'aws:cloudformation:stack-id';

/** The stack a resource must belong to before Imaging Lab uses it for that stack. */
export interface OwningStack {
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
}

/** Whether the resource's tags name this stack (by ARN: a same-named stack elsewhere does not count). */
export function taggedForStack(tags: readonly { readonly Key?: string; readonly Value?: string }[] | undefined, stack: Pick<OwningStack, 'stackId'>): boolean {
  return stack.stackId !== '' && (tags ?? []).some((t) => t.Key === STACK_ID_TAG && t.Value === stack.stackId);
}

/**
 * Physical ids of the stack's resources of one type, from CloudFormation itself: the evidence for
 * resources that CloudFormation creates without its tags (an AWS::EC2::KeyPair, for one).
 */
export async function stackResourceIds(clients: Pick<AwsClients, 'cloudFormation'>, stack: OwningStack, resourceType: string, signal?: AbortSignal): Promise<string[]> {
  const cfn = await clients.cloudFormation(stack.region);
  const ids: string[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stack.stackId || stack.stackName }, { abortSignal: signal })) {
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceType === resourceType && r.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE') ids.push(r.PhysicalResourceId);
    }
  }
  return ids;
}
