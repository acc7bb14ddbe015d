import { paginateDescribeStacks } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { toStackInfo, type StackInfo } from './stackInfo';

/**
 * All stacks of one region in every status but DELETE_COMPLETE (which DescribeStacks omits),
 * following NextToken to the end. Nested stacks are left out: they belong to their root stack.
 */
export async function listStacks(clients: AwsClients, region: string, signal?: AbortSignal): Promise<StackInfo[]> {
  const client = await clients.cloudFormation(region);
  const stacks: StackInfo[] = [];
  for await (const page of paginateDescribeStacks({ client }, {}, { abortSignal: signal })) {
    signal?.throwIfAborted();
    for (const stack of page.Stacks ?? []) {
      if (stack.ParentId) continue;
      stacks.push(toStackInfo(stack, region));
    }
  }
  return stacks;
}
