import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import type { CliIo } from '../../../src/cli/cliCommand';
import { makeDeleteCommand } from '../../../src/cli/commands/delete';
import { makeDeployCommand } from '../../../src/cli/commands/deploy';
import { findExtensionRoot, type DeployCliDeps } from '../../../src/cli/deployDeps';
import { addManagedHost } from '../../../src/core/ssh/hostAccess';
import { parseHostKey } from '../../../src/core/ssh/hostKeyPins';
import { generateEphemeralKey } from '../../../src/core/ssh/instanceConnect';
import { ensurePrivateDir } from '../../../src/core/ssh/secureFile';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { awsError, event, FakeClock, mockAws, newestFirst, STACK_ID, STACK_NAME, type MockedAws } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const TEMPLATE = `Parameters:
  AllowedCidr:
    Type: String
    AllowedPattern: '\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+'
  Size:
    Type: Number
    Default: 1
    MaxValue: 3
    ConstraintDescription: must be 1 to 3
Resources:
  Data: { Type: AWS::S3::Bucket }
  Role: { Type: AWS::IAM::Role, Properties: { AssumeRolePolicyDocument: {} } }
Outputs:
  WebUrl: { Value: !Sub 'https://\${AWS::StackName}.localhost' }
`;

function io(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), env: {}, signal: new AbortController().signal, stdout: () => out, stderr: () => err };
}

function templateFile(text = TEMPLATE): string {
  const file = join(mkdtempSync(join(tmpdir(), 'il-cli-')), 'lab.yaml');
  writeFileSync(file, text);
  return file;
}

describe('imaging-lab deploy / delete (mocked AWS)', () => {
  let aws: MockedAws;
  let deps: DeployCliDeps;
  let asked: string[];
  beforeEach(async () => {
    aws = await mockAws();
    asked = [];
    deps = {
      session: async (profile, regions) => ({ profile, regions: regions.length > 0 ? regions : ['us-east-1'], clients: aws.clients }),
      confirm: async (q) => (asked.push(q), false),
      publicIp: async () => '127.0.0.23',
      clock: new FakeClock(),
      extensionRoot: () => findExtensionRoot(),
    };
  });

  it('creates the stack, prints one line per resource change and the outputs, exits 0', async () => {
    aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    const events = [
      event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
      event('Data', 'CREATE_IN_PROGRESS', T0 + 1000),
      event('Data', 'CREATE_COMPLETE', T0 + 20_000, { PhysicalResourceId: 'mde-lab-data' }),
      event('Role', 'CREATE_COMPLETE', T0 + 21_000, { ResourceType: 'AWS::IAM::Role' }),
      event(STACK_NAME, 'CREATE_COMPLETE', T0 + 22_000),
    ];
    aws.cfn.on(DescribeStackEventsCommand).resolvesOnce({ StackEvents: newestFirst(events.slice(0, 2)) }).resolves({ StackEvents: newestFirst(events) });
    aws.cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0), Outputs: [{ OutputKey: 'WebUrl', OutputValue: 'https://mde-lab.localhost' }] }],
    });
    const out = io();
    const code = await makeDeployCommand(deps).run(['--template', templateFile(), '--stack-name', STACK_NAME, '--param', 'Size=2', '--yes'], out);
    assert.equal(code, 0, out.stderr());
    const input = aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    assert.deepEqual(input?.Parameters, [
      { ParameterKey: 'Size', ParameterValue: '2' },
      { ParameterKey: 'AllowedCidr', ParameterValue: '127.0.0.23/32' },
    ]);
    assert.deepEqual(input?.Capabilities, ['CAPABILITY_IAM']);
    assert.match(input?.ClientRequestToken ?? '', /^imaging-lab-/);
    assert.match(out.stderr(), /AllowedCidr: using your public IP 127\.0\.0\.23\/32/);
    const text = out.stdout();
    assert.match(text, /Capabilities acknowledged: +CAPABILITY_IAM \(AWS::IAM::Role Role\)/);
    assert.equal(text.match(/^\d\d:\d\d:\d\d {2}/gm)?.length, 5, text);
    assert.match(text, /Data\s+AWS::S3::Bucket\s+CREATE_COMPLETE/);
    assert.match(text, /Outputs:\n {2}WebUrl = https:\/\/mde-lab\.localhost/);
    assert.deepEqual(asked, []);
  });

  it('exits 1 with the root cause when the stack rolls back', async () => {
    aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    aws.cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: newestFirst([
        event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
        event('Data', 'CREATE_FAILED', T0 + 5000, { ResourceStatusReason: 'Resource handler returned message: "mde-lab-data already exists"' }),
        event('Role', 'CREATE_FAILED', T0 + 5001, { ResourceType: 'AWS::IAM::Role', ResourceStatusReason: 'Resource creation cancelled' }),
        event(STACK_NAME, 'ROLLBACK_IN_PROGRESS', T0 + 6000, { ResourceStatusReason: 'The following resource(s) failed to create: [Data, Role]. Rollback requested by user.' }),
        event(STACK_NAME, 'ROLLBACK_COMPLETE', T0 + 9000),
      ]),
    });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date(T0) }] });
    const out = io();
    const code = await makeDeployCommand(deps).run(['--template', templateFile(), '--stack-name', STACK_NAME, '--param', 'AllowedCidr=10.0.0.1/32', '--yes'], out);
    assert.equal(code, 1);
    assert.match(out.stdout(), /Root cause: Data \(AWS::S3::Bucket\): Resource handler returned message: "mde-lab-data already exists"/);
    assert.match(out.stdout(), /What to do: A resource with the same name exists/);
  });

  it('creates nothing on bad parameters or without confirmation', async () => {
    const bad = io();
    assert.equal(await makeDeployCommand(deps).run(['--template', templateFile(), '--stack-name', 'x1', '--param', 'Size=9', '--param', 'Typo=1', '--yes'], bad), 2);
    assert.match(bad.stderr(), /nothing was created:\n {2}the template has no parameter 'Typo'\n {2}Size: must be 1 to 3/);
    const unconfirmed = io();
    assert.equal(await makeDeployCommand(deps).run(['--template', templateFile(), '--stack-name', 'x1'], unconfirmed), 1);
    assert.deepEqual(asked, ['Create this stack?']);
    assert.equal(aws.cfn.commandCalls(CreateStackCommand).length, 0);
  });

  it('rejects a file that is not a template, and a bad stack name, before any AWS call', async () => {
    await assert.rejects(makeDeployCommand(deps).run(['--template', templateFile('name: app\n'), '--stack-name', 'ok', '--yes'], io()), /is not a CloudFormation template/);
    await assert.rejects(makeDeployCommand(deps).run(['--template', templateFile(), '--stack-name', '9lives'], io()), /must start with a letter/);
    assert.equal(aws.cfn.calls().length, 0);
  });

  it('deploys a bundled kind from its shipped template with the kind tag and the password masked', async () => {
    aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
    // us-east-1a offers no GPU type (as one us-east-1 zone does not); the first zone that does is filled in.
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({
      InstanceTypeOfferings: ['us-east-1d', 'us-east-1b'].map((Location) => ({ InstanceType: 'g4dn.xlarge', LocationType: 'availability-zone', Location })),
    });
    const out = io();
    const code = await makeDeployCommand(deps).run(['mde', '--param', 'MonaiUserPassword=Secret-Pass1', '--yes'], out);
    assert.equal(code, 0, out.stderr());
    assert.deepEqual(aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand)[0]?.args[0].input.Filters, [{ Name: 'instance-type', Values: ['g4dn.xlarge'] }]);
    assert.match(out.stderr(), /^AvailabilityZone: us-east-1b, the first zone of us-east-1 that offers g4dn\.xlarge$/m);
    const input = aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    assert.equal(input?.Parameters?.find((p) => p.ParameterKey === 'AvailabilityZone')?.ParameterValue, 'us-east-1b');
    assert.match(out.stdout(), /\nAvailabilityZone: +us-east-1b\n/);
    assert.equal(input?.StackName, 'imaging-lab-mde');
    assert.ok(input?.TemplateBody?.includes('AWS::EC2::Instance'));
    assert.deepEqual(input?.Tags?.find((t) => t.Key === 'imaging-lab:kind'), { Key: 'imaging-lab:kind', Value: 'mde' });
    assert.match(out.stdout(), /\nMonaiUserPassword: +\(set, hidden\)\n/);
    assert.doesNotMatch(out.stdout(), /Secret-Pass1/);
  });

  it('mde: refuses a zone that does not offer the GPU type, naming the zones that do; a denied check only warns', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [{ InstanceType: 'g5.xlarge', LocationType: 'availability-zone', Location: 'us-east-1c' }] });
    const refused = io();
    const args = ['mde', '--param', 'MonaiUserPassword=Secret-Pass1', '--param', 'InstanceType=g5.xlarge', '--param', 'AvailabilityZone=us-east-1a', '--yes'];
    assert.equal(await makeDeployCommand(deps).run(args, refused), 2);
    assert.match(refused.stderr(), /nothing was created:\n {2}AvailabilityZone: us-east-1a does not offer g5\.xlarge\. Zones of us-east-1 that do: us-east-1c\./);
    assert.equal(aws.cfn.commandCalls(CreateStackCommand).length, 0);

    aws = await mockAws();
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
    const warned = io();
    assert.equal(await makeDeployCommand(deps).run(args, warned), 0, warned.stderr());
    assert.match(warned.stderr(), /AvailabilityZone: could not check .*ec2:DescribeInstanceTypeOfferings.*using us-east-1a/);
    const input = aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    assert.equal(input?.Parameters?.find((p) => p.ParameterKey === 'AvailabilityZone')?.ParameterValue, 'us-east-1a');
  });

  it('checks no zone for a template without InstanceType and AvailabilityZone', async () => {
    aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
    const out = io();
    assert.equal(await makeDeployCommand(deps).run(['--template', templateFile(), '--stack-name', STACK_NAME, '--yes'], out), 0, out.stderr());
    assert.equal(aws.ec2.calls().length, 0);
    assert.doesNotMatch(out.stderr(), /AvailabilityZone/);
  });

  it("a completed delete removes the stack's SSH entries and pins (another stack's stay); a failed delete keeps them", async () => {
    const sshDir = mkdtempSync(join(tmpdir(), 'imaging-lab-cli-delete-'));
    const paths = sshPaths(sshDir);
    await ensurePrivateDir(paths.managedDir);
    const hostKey = parseHostKey((await generateEphemeralKey()).publicKey)!;
    await addManagedHost(paths, { alias: STACK_NAME, hostName: '127.0.0.1', user: 'ubuntu', hostKeyAlias: `${STACK_NAME}.i-0a0a0a0a0a0a0a0a0`, stack: { name: STACK_NAME, region: 'us-east-1', stackId: STACK_ID } }, [hostKey]);
    await addManagedHost(paths, { alias: 'pacs', hostName: '127.0.0.1', user: 'ubuntu', hostKeyAlias: 'pacs.i-0b0b0b0b0b0b0b0b0', stack: { name: 'pacs', region: 'us-east-1' } }, [hostKey]);
    const deleteWith = async (final: 'DELETE_COMPLETE' | 'DELETE_FAILED') => {
      aws = await mockAws();
      aws.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
      aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
      aws.cfn.on(DeleteStackCommand).resolves({});
      aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: newestFirst([event(STACK_NAME, 'DELETE_IN_PROGRESS', T0), event(STACK_NAME, final, T0 + 2000)]) });
      const out = io();
      return { code: await makeDeleteCommand(deps).run([STACK_NAME, '--yes', '--region', 'us-east-1', '--ssh-dir', sshDir], out), out };
    };
    const failed = await deleteWith('DELETE_FAILED');
    assert.equal(failed.code, 1);
    assert.match(readFileSync(paths.managedConfig, 'utf8'), new RegExp(`^Host ${STACK_NAME}$`, 'm'), 'the stack still exists: its entry stays');
    const done = await deleteWith('DELETE_COMPLETE');
    assert.equal(done.code, 0, done.out.stderr());
    assert.match(done.out.stdout(), new RegExp(`SSH config: removed ${STACK_NAME}`));
    const config = readFileSync(paths.managedConfig, 'utf8');
    assert.doesNotMatch(config, new RegExp(`^Host ${STACK_NAME}$`, 'm'));
    assert.match(config, /^Host pacs$/m);
  });

  it('deletes, following the deletion, and explains a bucket left behind', async () => {
    aws.cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Data', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) },
        { LogicalResourceId: 'Role', ResourceType: 'AWS::IAM::Role', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) },
      ],
    });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
    aws.cfn.on(DeleteStackCommand).resolves({});
    aws.cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: newestFirst([
        event(STACK_NAME, 'DELETE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
        event('Role', 'DELETE_COMPLETE', T0 + 3000, { ResourceType: 'AWS::IAM::Role' }),
        event('Data', 'DELETE_FAILED', T0 + 4000, { PhysicalResourceId: 'mde-lab-data', ResourceStatusReason: 'The bucket you tried to delete is not empty' }),
        event(STACK_NAME, 'DELETE_FAILED', T0 + 5000, { ResourceStatusReason: 'The following resource(s) failed to delete: [Data].' }),
      ]),
    });
    const out = io();
    assert.equal(await makeDeleteCommand(deps).run([STACK_NAME, '--yes'], out), 1);
    assert.match(out.stdout(), /Left behind: Data \(AWS::S3::Bucket mde-lab-data\): The bucket you tried to delete is not empty\. The bucket still holds objects\. Empty it/);

    // The command disposed its clients; the next run gets a fresh mocked set.
    aws = await mockAws();
    aws.cfn.on(ListStackResourcesCommand).rejects(Object.assign(awsError('ExpiredToken', 'The security token included in the request is expired', 403)));
    await assert.rejects(makeDeleteCommand(deps).run([STACK_NAME, '--yes', '--profile', 'lab'], io()), /credentials of profile 'lab' have expired/);

    assert.equal(aws.cfn.commandCalls(DeleteStackCommand).length, 0);

    aws = await mockAws();
    const declined = io();
    assert.equal(await makeDeleteCommand(deps).run([STACK_NAME], declined), 1);
    assert.equal(aws.cfn.calls().length, 0);
  });
});
