import assert from 'node:assert/strict';
import { DescribeKeyPairsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { accountChoices } from '../../../src/core/deploy/accountChoices';
import { mockAws, REGION, type MockedAws } from './fakes';

describe('account choices for AWS-specific parameter types', () => {
  let aws: MockedAws;
  beforeEach(async () => (aws = await mockAws()));

  it('lists key pairs', async () => {
    aws.ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'lab-key', KeyPairId: 'key-0a1', KeyType: 'ed25519' }] });
    assert.deepEqual(await accountChoices(aws.clients, REGION, 'key-pair'), [{ label: 'lab-key', description: 'ed25519', value: 'lab-key' }]);
  });

  it('follows NextToken for VPCs and names them by their Name tag', async () => {
    aws.ec2
      .on(DescribeVpcsCommand, { NextToken: undefined })
      .resolves({ Vpcs: [{ VpcId: 'vpc-0aa', CidrBlock: '172.31.0.0/16', IsDefault: true }], NextToken: 'p2' })
      .on(DescribeVpcsCommand, { NextToken: 'p2' })
      .resolves({ Vpcs: [{ VpcId: 'vpc-0bb', CidrBlock: '10.0.0.0/16', IsDefault: false, Tags: [{ Key: 'Name', Value: 'research' }] }] });
    assert.deepEqual(await accountChoices(aws.clients, REGION, 'vpc'), [
      { label: 'vpc-0aa', description: 'vpc-0aa · 172.31.0.0/16 · default', value: 'vpc-0aa' },
      { label: 'research', description: 'vpc-0bb · 10.0.0.0/16', value: 'vpc-0bb' },
    ]);
  });

  it('marks public and private subnets, and offers nothing for types it cannot list', async () => {
    aws.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', VpcId: 'vpc-0bb', MapPublicIpOnLaunch: true }] });
    assert.match((await accountChoices(aws.clients, REGION, 'subnet'))[0]?.description ?? '', /public$/);
    assert.deepEqual(await accountChoices(aws.clients, REGION, 'hosted-zone'), []);
  });
});
