import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClients } from '../../../src/core/aws/clients';
import type { Clock } from '../../../src/core/deploy/clock';

export const REGION = 'us-east-1';
export const STACK_NAME = 'mde-lab';
export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/mde-lab/1c2fa620-67ef-11ee-b9f7-0a3f1e3a1b2d';

export function testClients(): AwsClients {
  return new AwsClients(async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }), 1);
}

/**
 * Clients whose SDK instances are mocked one by one (not the shared prototypes), so test files that
 * mock the same service cannot disturb each other.
 */
export async function mockAws(region = REGION) {
  const clients = testClients();
  return {
    clients,
    cfn: mockClient(await clients.cloudFormation(region)),
    ec2: mockClient(await clients.ec2(region)),
    s3: mockClient(await clients.s3(region)),
    sts: mockClient(await clients.sts(region)),
  };
}
export type MockedAws = Awaited<ReturnType<typeof mockAws>>;

export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

let counter = 0;
/** A StackEvent shaped like DescribeStackEvents returns it. */
export function event(logicalId: string, status: string, at: number, extra: Partial<StackEvent> = {}): StackEvent {
  const isStack = logicalId === STACK_NAME;
  counter++;
  return {
    StackId: STACK_ID,
    EventId: isStack ? `${counter}-${status}-${at}` : `${logicalId}-${status}-${counter}`,
    StackName: STACK_NAME,
    LogicalResourceId: logicalId,
    PhysicalResourceId: isStack ? STACK_ID : (extra.PhysicalResourceId ?? ''),
    ResourceType: isStack ? 'AWS::CloudFormation::Stack' : (extra.ResourceType ?? 'AWS::S3::Bucket'),
    Timestamp: new Date(at),
    ResourceStatus: status as StackEvent['ResourceStatus'],
    ...extra,
  };
}

/** Newest first, as the API pages them. */
export function newestFirst(events: StackEvent[]): StackEvent[] {
  return [...events].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0));
}

/** Virtual time: sleeping advances the clock at once, so poll loops run instantly and deterministically. */
export class FakeClock implements Clock {
  time = Date.parse('2026-11-23T10:00:00Z');
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  }
}
