import { paginateDescribeStacks, type Stack } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { NoEchoDeclarations } from './noEchoDeclarations';
import { toStackInfo, type StackInfo } from './stackInfo';

/** Template summaries read at once per region (only for stacks new or updated since the last listing). */
const SUMMARY_CONCURRENCY = 4;

/**
 * All stacks of one region in every status but DELETE_COMPLETE (which DescribeStacks omits),
 * following NextToken to the end. Nested stacks are left out: they belong to their root stack.
 * NoEcho parameters are masked by their templates' declarations (`noEcho` caches them).
 */
export async function listStacks(clients: AwsClients, region: string, signal?: AbortSignal, noEcho = new NoEchoDeclarations()): Promise<StackInfo[]> {
  const client = await clients.cloudFormation(region);
  const stacks: Stack[] = [];
  for await (const page of paginateDescribeStacks({ client }, {}, { abortSignal: signal })) {
    signal?.throwIfAborted();
    stacks.push(...(page.Stacks ?? []).filter((s) => !s.ParentId));
  }
  const infos: StackInfo[] = new Array(stacks.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < stacks.length; i = next++) {
      const stack = stacks[i]!;
      infos[i] = toStackInfo(stack, region, await noEcho.of(clients, region, stack, signal));
    }
  };
  await Promise.all(Array.from({ length: Math.min(SUMMARY_CONCURRENCY, stacks.length) }, worker));
  signal?.throwIfAborted();
  return infos;
}
