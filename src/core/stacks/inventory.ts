import type { AwsSession } from '../aws/session';
import { friendlyAwsError } from '../aws/errors';
import type { Inventory, RegionFailure } from './inventoryModel';
import { listStacks } from './listStacks';
import { NoEchoDeclarations } from './noEchoDeclarations';
import type { StackInfo } from './stackInfo';

/** Queries all regions concurrently; one region failing never hides the others. `noEcho` is kept between loads. */
export async function loadInventory(session: AwsSession, signal?: AbortSignal, noEcho = new NoEchoDeclarations()): Promise<Inventory> {
  const results = await Promise.allSettled(session.regions.map((region) => listStacks(session.clients, region, signal, noEcho)));
  const stacks: StackInfo[] = [];
  const failures: RegionFailure[] = [];
  results.forEach((result, i) => {
    const region = session.regions[i] ?? '';
    if (result.status === 'fulfilled') stacks.push(...result.value);
    else failures.push({ region, error: friendlyAwsError(result.reason, { profile: session.profile, region, action: 'cloudformation:DescribeStacks' }) });
  });
  signal?.throwIfAborted();
  stacks.sort((a, b) => a.stackName.localeCompare(b.stackName) || a.region.localeCompare(b.region));
  return { stacks, failures, fetchedAt: new Date().toISOString() };
}
