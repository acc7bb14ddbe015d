import { paginateDescribeInstanceTypeOfferings } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';

/** The region's zones that offer `instanceType`, in name order (DescribeInstanceTypeOfferings, every page). */
export async function zonesOffering(clients: AwsClients, region: string, instanceType: string, signal?: AbortSignal): Promise<string[]> {
  const client = await clients.ec2(region);
  const zones = new Set<string>();
  const pages = paginateDescribeInstanceTypeOfferings(
    { client },
    { LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [instanceType] }] },
    { abortSignal: signal },
  );
  for await (const page of pages) {
    for (const o of page.InstanceTypeOfferings ?? []) if (o.InstanceType === instanceType && o.Location) zones.add(o.Location);
  }
  return [...zones].sort();
}
