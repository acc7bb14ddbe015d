import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { toDeployEvent, type DeployEvent } from '../../src/core/deploy/deployEvent';
import { initialProgress, progressReducer } from '../../src/core/deploy/progressReducer';
import type { ExpectedResource, Operation, ProgressState } from '../../src/core/deploy/progressTypes';

export const FIXTURE_STACK = 'mde-teaching';
export const FIXTURE_STACK_ID = 'arn:aws:cloudformation:us-east-1:111122223333:stack/mde-teaching/5b1c2a10-8f00-11ef-9f00-0e1f00d1';
export const FIXTURE_REGION = 'us-east-1';

/** One event: [logical id, status, seconds after t0, extra fields]. */
export type ScriptedEvent = readonly [logicalId: string, status: string, seconds: number, extra?: Partial<StackEvent>];

/** StackEvents as DescribeStackEvents returns them (oldest first here), for a fixture stack. */
export function stackEvents(script: readonly ScriptedEvent[], t0: number, types: Readonly<Record<string, string>>): StackEvent[] {
  return script.map(([logicalId, status, seconds, extra], i) => {
    const isStack = logicalId === FIXTURE_STACK;
    return {
      StackId: FIXTURE_STACK_ID,
      StackName: FIXTURE_STACK,
      EventId: `${logicalId}-${status}-${i}`,
      LogicalResourceId: logicalId,
      PhysicalResourceId: isStack ? FIXTURE_STACK_ID : `${logicalId.toLowerCase()}-0a1b2c3d`,
      ResourceType: isStack ? 'AWS::CloudFormation::Stack' : (types[logicalId] ?? 'AWS::CloudFormation::WaitConditionHandle'),
      Timestamp: new Date(t0 + seconds * 1000),
      ResourceStatus: status as StackEvent['ResourceStatus'],
      ...extra,
    };
  });
}

/** The progress model after the scripted events, as the panel's host holds it. */
export function progressOf(events: readonly StackEvent[], options: { operation?: Operation; expected?: readonly ExpectedResource[]; startedAt?: number } = {}): ProgressState {
  const deployEvents: DeployEvent[] = events.map((e) => toDeployEvent(e, FIXTURE_STACK_ID));
  const state = initialProgress({
    region: FIXTURE_REGION,
    stackName: FIXTURE_STACK,
    stackId: FIXTURE_STACK_ID,
    operation: options.operation ?? 'create',
    startedAt: options.startedAt ?? deployEvents[0]?.time ?? 0,
    expected: options.expected ?? [],
    kind: 'mde',
  });
  return progressReducer(state, { type: 'events', events: deployEvents });
}

const MDE_TYPES: Readonly<Record<string, string>> = {
  Vpc: 'AWS::EC2::VPC',
  InternetGateway: 'AWS::EC2::InternetGateway',
  GatewayAttachment: 'AWS::EC2::VPCGatewayAttachment',
  PublicSubnet: 'AWS::EC2::Subnet',
  RouteTable: 'AWS::EC2::RouteTable',
  DefaultRoute: 'AWS::EC2::Route',
  NatGateway: 'AWS::EC2::NatGateway',
  SubnetRoutes: 'AWS::EC2::SubnetRouteTableAssociation',
  SecurityGroup: 'AWS::EC2::SecurityGroup',
  KeyPair: 'AWS::EC2::KeyPair',
  InstanceRole: 'AWS::IAM::Role',
  InstanceProfile: 'AWS::IAM::InstanceProfile',
  MinioSecret: 'AWS::SecretsManager::Secret',
  DataVolume: 'AWS::EC2::Volume',
  MdeInstance: 'AWS::EC2::Instance',
  VolumeAttachment: 'AWS::EC2::VolumeAttachment',
  LogGroup: 'AWS::Logs::LogGroup',
};

/** What the MDE-like template declares: types, which resource signals, what each refers to. */
const MDE_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  GatewayAttachment: ['InternetGateway', 'Vpc'],
  PublicSubnet: ['Vpc'],
  RouteTable: ['Vpc'],
  DefaultRoute: ['GatewayAttachment', 'RouteTable'],
  SubnetRoutes: ['PublicSubnet', 'RouteTable'],
  SecurityGroup: ['Vpc'],
  InstanceProfile: ['InstanceRole'],
  DataVolume: ['PublicSubnet'],
  NatGateway: ['GatewayAttachment', 'PublicSubnet'],
  MdeInstance: ['InstanceProfile', 'KeyPair', 'MinioSecret', 'PublicSubnet', 'SecurityGroup'],
  VolumeAttachment: ['DataVolume', 'MdeInstance'],
};

export function mdeExpected(): ExpectedResource[] {
  return Object.entries(MDE_TYPES).map(([logicalId, type]) => ({ logicalId, type, waitsForSignal: logicalId === 'MdeInstance', dependsOn: MDE_DEPENDENCIES[logicalId] ?? [] }));
}

/** An MDE-like create, with the instance waiting for its signal; optionally failing there and rolling back. */
export function mdeScript(outcome: 'running' | 'succeeded' | 'failed'): { script: ScriptedEvent[]; types: Readonly<Record<string, string>> } {
  const S = FIXTURE_STACK;
  const create = (id: string, from: number, to: number | undefined, extra: ScriptedEvent[] = []): ScriptedEvent[] => [
    [id, 'CREATE_IN_PROGRESS', from],
    [id, 'CREATE_IN_PROGRESS', from + 1, { ResourceStatusReason: 'Resource creation Initiated' }],
    ...extra,
    ...(to !== undefined ? [[id, 'CREATE_COMPLETE', to] as ScriptedEvent] : []),
  ];
  const script: ScriptedEvent[] = [
    [S, 'CREATE_IN_PROGRESS', 0, { ResourceStatusReason: 'User Initiated' }],
    ...create('Vpc', 2, 16),
    ...create('InternetGateway', 2, 18),
    ...create('InstanceRole', 2, 21),
    ...create('KeyPair', 2, 5),
    ...create('LogGroup', 2, 6),
    ...create('MinioSecret', 3, 12),
    ...create('PublicSubnet', 17, 24),
    ...create('RouteTable', 17, 27),
    ...create('SecurityGroup', 17, 29),
    ...create('GatewayAttachment', 19, 37),
    ...create('InstanceProfile', 22, 142),
    ...create('DefaultRoute', 38, 53),
    ...create('SubnetRoutes', 28, 33),
    ...create('DataVolume', 25, 36),
  ];
  const instance = 143;
  if (outcome !== 'failed') script.push(...create('NatGateway', 38, 161));
  if (outcome === 'running') {
    script.push(...create('MdeInstance', instance, undefined, [['MdeInstance', 'CREATE_IN_PROGRESS', instance + 40, { DetailedStatus: 'CONFIGURATION_COMPLETE' }]]));
  } else if (outcome === 'succeeded') {
    script.push(
      ...create('MdeInstance', instance, 1082, [
        ['MdeInstance', 'CREATE_IN_PROGRESS', instance + 40, { DetailedStatus: 'CONFIGURATION_COMPLETE' }],
        ['MdeInstance', 'CREATE_IN_PROGRESS', 1081, { ResourceStatusReason: 'Received SUCCESS signal with UniqueId i-0a1b2c3d4e5f60001' }],
      ]),
      ...create('VolumeAttachment', 1083, 1095),
      [S, 'CREATE_COMPLETE', 1097],
    );
  } else {
    // No GPU capacity in the zone: the instance fails, the NAT gateway still being created is cancelled.
    script.push(
      ...create('NatGateway', 38, undefined),
      ...create('MdeInstance', instance, undefined),
      ['MdeInstance', 'CREATE_FAILED', 151, { ResourceStatusReason: 'We currently do not have sufficient g4dn.xlarge capacity in the Availability Zone you requested (us-east-1a). (Service: Ec2, Status Code: 500, Request ID: 6f1c0c3e) (InsufficientInstanceCapacity)' }],
      ['NatGateway', 'CREATE_FAILED', 152, { ResourceStatusReason: 'Resource creation cancelled' }],
      [S, 'ROLLBACK_IN_PROGRESS', 153, { ResourceStatusReason: 'The following resource(s) failed to create: [NatGateway, MdeInstance]. Rollback requested by user.' }],
      ['NatGateway', 'DELETE_IN_PROGRESS', 154],
      ['MdeInstance', 'DELETE_IN_PROGRESS', 154],
      ['MdeInstance', 'DELETE_COMPLETE', 156],
      ['NatGateway', 'DELETE_COMPLETE', 210],
      ['InstanceProfile', 'DELETE_IN_PROGRESS', 157],
      ['InstanceProfile', 'DELETE_COMPLETE', 160],
      ['SecurityGroup', 'DELETE_IN_PROGRESS', 157],
      ['SecurityGroup', 'DELETE_COMPLETE', 170],
      ['PublicSubnet', 'DELETE_IN_PROGRESS', 211],
      ['PublicSubnet', 'DELETE_COMPLETE', 214],
      ['Vpc', 'DELETE_IN_PROGRESS', 215],
      ['Vpc', 'DELETE_COMPLETE', 226],
      [S, 'ROLLBACK_COMPLETE', 228],
    );
  }
  script.sort((a, b) => a[2] - b[2]);
  return { script, types: MDE_TYPES };
}

/** The MDE-like template the fixture's events belong to: what the panel reads back with GetTemplate. */
export function mdeTemplateBody(): string {
  const Resources = Object.fromEntries(
    mdeExpected().map((r) => [r.logicalId, { Type: r.type, ...(r.dependsOn?.length ? { DependsOn: [...r.dependsOn] } : {}), ...(r.waitsForSignal ? { CreationPolicy: { ResourceSignal: { Timeout: 'PT45M' } } } : {}) }]),
  );
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: 'MONAI Deploy Express (Imaging Lab fixture)', Resources });
}

/**
 * A stack for the fake AWS endpoint whose creation is the fixture's script, begun `agoMs` ago:
 * events up to now are history, later ones appear as the test runs.
 */
export function mdeFakeStack(name: string, outcome: 'running' | 'succeeded' | 'failed', agoMs: number) {
  const { script, types } = mdeScript(outcome);
  return {
    name,
    description: 'MONAI Deploy Express (Imaging Lab)',
    tags: { 'imaging-lab:kind': 'mde', 'imaging-lab:version': '0.1.0' },
    parameters: { InstanceType: 'g4dn.xlarge' },
    resources: Object.entries(types).map(([logicalId, type]) => ({ logicalId, type, physicalId: `${logicalId.toLowerCase()}-0a1b2c3d` })),
    templateBody: mdeTemplateBody(),
    createdAgoMs: agoMs,
    events: script.map(([logicalId, status, seconds, extra]) => ({
      afterMs: seconds * 1000,
      logicalId: logicalId === FIXTURE_STACK ? name : logicalId,
      status,
      ...(extra?.ResourceStatusReason ? { reason: extra.ResourceStatusReason } : {}),
      ...(extra?.DetailedStatus ? { detailedStatus: extra.DetailedStatus } : {}),
    })),
  };
}
