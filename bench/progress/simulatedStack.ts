import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { typicalSeconds } from '../../src/core/deploy/etaTable';

export const STACK_NAME = 'bench-lab';
export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/bench-lab/00000000-1111-2222-3333-444444444444';

/** A deterministic PRNG (mulberry32), so every run simulates the same stack. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dependency waves of a lab-like stack (network, security, storage, compute, then wiring): 60 resources. */
const WAVES: readonly (readonly [string, number, boolean?])[][] = [
  [['AWS::EC2::VPC', 1], ['AWS::IAM::Role', 4], ['AWS::S3::Bucket', 4], ['AWS::Logs::LogGroup', 2], ['AWS::KMS::Key', 1]],
  [['AWS::EC2::Subnet', 6], ['AWS::EC2::InternetGateway', 1], ['AWS::EC2::SecurityGroup', 5], ['AWS::IAM::InstanceProfile', 2], ['AWS::S3::BucketPolicy', 4], ['AWS::SecretsManager::Secret', 3]],
  [['AWS::EC2::VPCGatewayAttachment', 1], ['AWS::EC2::RouteTable', 3], ['AWS::EC2::EIP', 2], ['AWS::EC2::SecurityGroupIngress', 6], ['AWS::Lambda::Function', 3]],
  [['AWS::EC2::NatGateway', 1], ['AWS::EC2::Route', 3], ['AWS::EC2::SubnetRouteTableAssociation', 2], ['AWS::Lambda::Permission', 2]],
  [['AWS::EC2::Instance', 2, true], ['AWS::EC2::Instance', 1]],
  [['AWS::SSM::Parameter', 1]],
];

/**
 * The events CloudFormation would emit for creating the stack: per resource IN_PROGRESS,
 * "Resource creation Initiated", "Eventual consistency check initiated", CONFIGURATION_COMPLETE and
 * COMPLETE (5 x 60 = 300), plus the stack's own start and end. Times are ms from t0. `scale` 2 makes
 * it a 120-resource stack (each wave twice as wide).
 */
export function simulatedEvents(seed = 7, t0 = 0, scale = 1): StackEvent[] {
  const rnd = random(seed);
  const events: StackEvent[] = [];
  let n = 0;
  const push = (logicalId: string, type: string, at: number, status: string, extra: Partial<StackEvent> = {}) =>
    events.push({
      StackId: STACK_ID,
      StackName: STACK_NAME,
      EventId: `${logicalId}-${status}-${++n}`,
      LogicalResourceId: logicalId,
      PhysicalResourceId: logicalId === STACK_NAME ? STACK_ID : `${logicalId.toLowerCase()}-phys`,
      ResourceType: type,
      Timestamp: new Date(t0 + Math.round(at)),
      ResourceStatus: status as StackEvent['ResourceStatus'],
      ...extra,
    });
  push(STACK_NAME, 'AWS::CloudFormation::Stack', 0, 'CREATE_IN_PROGRESS', { ResourceStatusReason: 'User Initiated' });
  let waveStart = 1500;
  let count = 0;
  for (const wave of WAVES) {
    let waveEnd = waveStart;
    for (const [type, copies, signal] of wave) {
      for (let c = 0; c < copies * scale; c++) {
        const id = `${type.split('::')[2]}${++count}`;
        const start = waveStart + rnd() * 3000;
        const duration = typicalSeconds(type, signal === true, 540) * 1000 * (0.7 + rnd() * 0.6);
        push(id, type, start, 'CREATE_IN_PROGRESS');
        push(id, type, start + 400 + rnd() * 800, 'CREATE_IN_PROGRESS', { ResourceStatusReason: 'Resource creation Initiated' });
        push(id, type, start + duration * 0.9, 'CREATE_IN_PROGRESS', { ResourceStatusReason: 'Eventual consistency check initiated' });
        push(id, type, start + duration * 0.95, 'CREATE_IN_PROGRESS', { DetailedStatus: 'CONFIGURATION_COMPLETE' });
        push(id, type, start + duration, 'CREATE_COMPLETE');
        waveEnd = Math.max(waveEnd, start + duration);
      }
    }
    waveStart = waveEnd + 500;
  }
  push(STACK_NAME, 'AWS::CloudFormation::Stack', waveStart + 1000, 'CREATE_COMPLETE');
  return events.sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0));
}
