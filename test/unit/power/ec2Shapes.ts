import type { Instance, InstanceStateName } from '@aws-sdk/client-ec2';

const CODES: Record<string, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

export interface ShapeOptions {
  readonly state: InstanceStateName;
  readonly type?: string;
  readonly publicIp?: string;
  /** The public IP is an Elastic IP owned by the account (else `amazon`). */
  readonly elastic?: boolean;
  readonly launchTime?: string;
  readonly stateReason?: { Code: string; Message: string };
  readonly volumes?: readonly string[];
  readonly rootDeviceType?: 'ebs' | 'instance-store';
}

/** A DescribeInstances `Instance` as EC2 returns it (EC2 API reference, Instance data type). */
export function instanceShape(id: string, o: ShapeOptions): Instance {
  const dns = o.publicIp ? `ec2-${o.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` : '';
  return {
    InstanceId: id,
    ImageId: 'ami-0abcdef1234567890',
    InstanceType: (o.type ?? 'g4dn.xlarge') as Instance['InstanceType'],
    State: { Code: CODES[o.state], Name: o.state },
    Placement: { AvailabilityZone: 'us-east-1b', Tenancy: 'default' },
    PrivateIpAddress: '10.0.0.12',
    PrivateDnsName: 'ip-10-0-0-12.ec2.internal',
    PublicDnsName: dns,
    ...(o.publicIp ? { PublicIpAddress: o.publicIp } : {}),
    LaunchTime: new Date(o.launchTime ?? '2026-11-20T08:00:00Z'),
    RootDeviceType: o.rootDeviceType ?? 'ebs',
    RootDeviceName: '/dev/sda1',
    BlockDeviceMappings: (o.volumes ?? ['vol-0aaa0000000000001']).map((v, i) => ({
      DeviceName: i === 0 ? '/dev/sda1' : `/dev/sd${String.fromCharCode(98 + i)}`,
      Ebs: { VolumeId: v, Status: 'attached', DeleteOnTermination: true, AttachTime: new Date('2026-11-20T08:00:00Z') },
    })),
    NetworkInterfaces: [
      {
        NetworkInterfaceId: 'eni-0abc00000000000001',
        PrivateIpAddress: '10.0.0.12',
        ...(o.publicIp ? { Association: { PublicIp: o.publicIp, PublicDnsName: dns, IpOwnerId: o.elastic ? '111122223333' : 'amazon' } } : {}),
      },
    ],
    ...(o.stateReason ? { StateReason: o.stateReason } : {}),
    StateTransitionReason: o.state === 'stopped' ? 'User initiated (2026-11-29 18:02:11 GMT)' : '',
    Tags: [{ Key: 'imaging-lab:role', Value: 'mde' }],
  };
}

export function reservations(...instances: Instance[]) {
  return { Reservations: instances.map((i, n) => ({ ReservationId: `r-0${n}`, OwnerId: '111122223333', Instances: [i] })) };
}
