import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { allowMyIp, listMyIpRules, resolveIngressTarget, revokeMyIpRules, ruleDescription, type IngressStack } from '../../../src/core/net/allowMyIp';
import { parsePortList } from '../../../src/core/net/ingressPorts';
import { awsError, testClients, mockDuringSuite } from '../ssh/awsFakes';

const stack: IngressStack = {
  stackName: 'mylab',
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/mylab/1',
  region: 'us-east-1',
  outputs: { SecurityGroupId: 'sg-0abc', AllowMyIpPorts: '22,8042' },
};
const ownedGroup = {
  SecurityGroups: [{ GroupId: 'sg-0abc', Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'mylab' }] }],
};
const ourRule = (id: string, cidr: string, port: number) => ({
  SecurityGroupRuleId: id,
  GroupId: 'sg-0abc',
  IsEgress: false,
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  CidrIpv4: cidr,
  Description: `imaging-lab allow-my-ip for alice on 2026-11-01`,
});

describe('allow my IP', () => {
  const ec2 = mockDuringSuite(EC2Client);
  beforeEach(() => ec2.reset());

  it('parses port lists and ranges, rejecting nonsense', () => {
    assert.deepEqual(parsePortList('22, 8042 8000-8080 22'), [
      { from: 22, to: 22 },
      { from: 8042, to: 8042 },
      { from: 8000, to: 8080 },
    ]);
    assert.throws(() => parsePortList('22,ssh'), /'ssh'/);
    assert.throws(() => parsePortList('70000'));
  });

  it('refuses a security group that the stack did not create', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0abc', Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'other' }] }] });
    await assert.rejects(resolveIngressTarget(testClients(), stack), /was not created by stack mylab/);
  });

  it("refuses ports the stack's kind does not let \"Allow my IP\" open (the output is untrusted)", async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(ownedGroup);
    const mde = { ...stack, kind: 'mde' };
    await assert.rejects(resolveIngressTarget(testClients(), { ...mde, outputs: { ...stack.outputs, AllowMyIpPorts: '22,5000' } }), /TCP 5000, which its kind \(mde\) does not serve/);
    await assert.rejects(resolveIngressTarget(testClients(), { ...mde, outputs: { ...stack.outputs, AllowMyIpPorts: '1-65535' } }), /TCP 1-65535/);
    assert.equal(ec2.commandCalls(DescribeSecurityGroupsCommand).length, 0, 'refused before any call');
    const target = await resolveIngressTarget(testClients(), { ...mde, outputs: { ...stack.outputs, AllowMyIpPorts: '22,104,4242,8042,5601' } });
    assert.equal(target.ports.length, 5);
    const other = await resolveIngressTarget(testClients(), { ...stack, kind: 'other', outputs: { ...stack.outputs, AllowMyIpPorts: '22,5000' } });
    assert.equal(other.ports.length, 2, 'a stack of no kind is held to its own outputs only');
  });

  it('explains a stack without the outputs', async () => {
    await assert.rejects(resolveIngressTarget(testClients(), { ...stack, outputs: {} }), /no SecurityGroupId\/AllowMyIpPorts outputs/);
  });

  it('adds one /32 rule per port with a description naming user and date; duplicates count as done', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(ownedGroup);
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .resolvesOnce({ Return: true })
      .rejectsOnce(awsError('InvalidPermission.Duplicate', 'the specified rule already exists'));
    const target = await resolveIngressTarget(testClients(), stack);
    const result = await allowMyIp(testClients(), target, { ip: '127.0.0.7', who: 'alice@localhost', now: new Date('2026-11-23T12:00:00Z') });
    assert.deepEqual(result.added, [{ from: 22, to: 22 }]);
    assert.deepEqual(result.alreadyAllowed, [{ from: 8042, to: 8042 }]);
    const first = ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]?.args[0].input;
    assert.deepEqual(first, {
      GroupId: 'sg-0abc',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '127.0.0.7/32', Description: 'imaging-lab allow-my-ip for alice@localhost on 2026-11-23' }] }],
    });
  });

  it('warns about our rules for an address the caller no longer has', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [ourRule('sgr-1', '127.0.0.2/32', 22)] });
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    const result = await allowMyIp(testClients(), { region: 'us-east-1', groupId: 'sg-0abc', ports: [{ from: 22, to: 22 }] }, { ip: '127.0.0.7', who: 'alice' });
    assert.deepEqual(result.staleRules.map((r) => r.cidr), ['127.0.0.2/32']);
  });

  it('lists only our ingress rules across pages and revokes them by id', async () => {
    ec2
      .on(DescribeSecurityGroupRulesCommand, { NextToken: undefined })
      .resolves({ SecurityGroupRules: [ourRule('sgr-1', '127.0.0.7/32', 22), { ...ourRule('sgr-x', '10.0.0.0/16', 22), Description: 'VPC' }], NextToken: 'p2' })
      .on(DescribeSecurityGroupRulesCommand, { NextToken: 'p2' })
      .resolves({ SecurityGroupRules: [ourRule('sgr-2', '127.0.0.7/32', 8042), { ...ourRule('sgr-e', '0.0.0.0/0', 0), IsEgress: true }] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const target = { region: 'us-east-1', groupId: 'sg-0abc' };
    assert.deepEqual((await listMyIpRules(testClients(), target)).map((r) => r.ruleId), ['sgr-1', 'sgr-2']);
    assert.equal(await revokeMyIpRules(testClients(), target), 2);
    assert.deepEqual(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input, { GroupId: 'sg-0abc', SecurityGroupRuleIds: ['sgr-1', 'sgr-2'] });
  });

  it('names the permission when authorizing is denied', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(awsError('UnauthorizedOperation'));
    await assert.rejects(allowMyIp(testClients(), { region: 'us-east-1', groupId: 'sg-0abc', ports: [{ from: 22, to: 22 }] }, { ip: '127.0.0.7', who: 'a' }), /ec2:AuthorizeSecurityGroupIngress/);
  });

  it('keeps descriptions to the characters EC2 accepts', () => {
    assert.equal(ruleDescription('Zoë <admin>', new Date('2026-01-02T00:00:00Z')), 'imaging-lab allow-my-ip for Zo_ _admin_ on 2026-01-02');
  });
});
