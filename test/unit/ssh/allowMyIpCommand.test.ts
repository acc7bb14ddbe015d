import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import * as vscode from 'vscode';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import { allowMyIp } from '../../../src/vscode/commands/allowMyIp';
import type { Services } from '../../../src/vscode/services';
import { mdeStack } from '../../fixtures/account';
import { testClients, mockDuringSuite } from './awsFakes';

describe('Allow My IP command', () => {
  const ec2 = mockDuringSuite(EC2Client);
  const window = vscode.window as unknown as Record<string, unknown>;
  const saved = { info: window.showInformationMessage, warn: window.showWarningMessage, progress: window.withProgress, fetch: globalThis.fetch };
  const messages: string[] = [];
  beforeEach(() => {
    ec2.reset();
    messages.length = 0;
    window.showInformationMessage = async (m: string) => void messages.push(m);
    window.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
      task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
    // The command's IP detection must never reach the internet from a test.
    globalThis.fetch = (async (url: string) => new Response(url.includes('checkip') ? '127.0.0.7\n' : 'x')) as typeof fetch;
  });
  after(() => {
    window.showInformationMessage = saved.info;
    window.showWarningMessage = saved.warn;
    window.withProgress = saved.progress;
    globalThis.fetch = saved.fetch;
  });

  const stack = toStackInfo(mdeStack, 'us-east-1');
  const services = {
    session: { session: { clients: testClients(), profile: 'lab', regions: ['us-east-1'] }, identity: { state: 'ok', identity: { account: '1', arn: 'arn:aws:iam::123456789012:user/alice', userId: 'A' } } },
    output: { info: () => undefined },
    context: { subscriptions: [] },
  } as unknown as Services;

  it('opens the stack ports to the caller /32 and offers to revoke rules of an old address', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'mylab' }] }] });
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-old', IsEgress: false, CidrIpv4: '127.0.0.2/32', FromPort: 22, ToPort: 22, Description: 'imaging-lab allow-my-ip for alice on 2026-11-01' }],
    });
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    let warning = '';
    window.showWarningMessage = async (m: string, _o: unknown, choice: string) => ((warning = m), choice);
    await allowMyIp(services, { stack });
    const cidrs = ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => [c.args[0].input.IpPermissions?.[0]?.FromPort, c.args[0].input.IpPermissions?.[0]?.IpRanges?.[0]?.CidrIp]);
    assert.deepEqual(cidrs, [[22, '127.0.0.7/32'], [104, '127.0.0.7/32'], [8042, '127.0.0.7/32']]);
    assert.match(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]?.args[0].input.IpPermissions?.[0]?.IpRanges?.[0]?.Description ?? '', /for alice on \d{4}-\d{2}-\d{2}/);
    assert.match(messages[0] ?? '', /Opened TCP 22, 104, 8042 to 127\.0\.0\.7\/32 on mylab/);
    assert.match(warning, /Your IP changed: mylab still allows 127\.0\.0\.2\/32/);
    assert.deepEqual(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input.SecurityGroupRuleIds, ['sgr-old']);
  });

  it('refuses a group the stack does not own, without changing it', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', Tags: [] }] });
    await assert.rejects(allowMyIp(services, { stack }), /was not created by stack mylab/);
    assert.equal(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).length, 0);
  });
});
