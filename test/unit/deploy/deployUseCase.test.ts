import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CliIo } from '../../../src/cli/cliCommand';
import { makeDeployCommand } from '../../../src/cli/commands/deploy';
import { findExtensionRoot } from '../../../src/cli/deployDeps';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { createDeployEnvironment } from '../../../src/core/deploy/deployEnvironment';
import { executeDeploy } from '../../../src/core/deploy/executeDeploy';
import { prepareDeploy, type DeployRequest } from '../../../src/core/deploy/prepareDeploy';
import type { KindPrepareContext, KindPreparation } from '../../../src/core/kinds/kindTypes';
import { MDE_KIND } from '../../../src/core/kinds/mde/mdeKind';
import { ScriptedPrompter } from '../wizards/scriptedPrompter';
import { fakeDeployEnvironment } from './fakeDeployEnvironment';
import { event, FakeClock, mockAws, REGION, STACK_ID, STACK_NAME } from './fakes';
import { EXTENSION_VERSION, useFlowHarness } from './fakeVscodeFlow';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const LAB = parseTemplate(
  JSON.stringify({
    Parameters: {
      Office: { Type: 'String', AllowedPattern: '\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+' },
      Size: { Type: 'Number', Default: 1, MaxValue: 3, ConstraintDescription: 'must be 1 to 3' },
      Key: { Type: 'AWS::EC2::KeyPair::KeyName' },
    },
    Resources: { T: { Type: 'AWS::SNS::Topic' } },
  }),
  'lab.json',
);

function request(over: Partial<DeployRequest> = {}): DeployRequest {
  return { operation: 'create', region: REGION, stackName: STACK_NAME, loaded: LAB, values: { Key: 'lab-key' }, version: '0.2.0', ...over };
}

/** Gives MDE a pre-deploy hook for one test (no shipped kind has one yet; STOW-RS will generate a CA here). */
function withMdeHook(hook: (c: KindPrepareContext) => Promise<KindPreparation>): () => void {
  const record = MDE_KIND as { prepare?: (c: KindPrepareContext) => Promise<KindPreparation> };
  record.prepare = hook;
  return () => delete record.prepare;
}

/** A hook like the STOW-RS kind's: a CA generated into the private directory, its certificate staged in S3. */
function caHook(calls: KindPrepareContext[]) {
  return async (c: KindPrepareContext): Promise<KindPreparation> => {
    calls.push(c);
    const dir = await c.storageDirectory();
    c.progress('Generating the certificate authority…');
    return {
      notes: [`certificate authority kept in ${dir}`],
      stage: [{ name: 'ca.pem', body: '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n' }],
    };
  };
}

describe('deploy use case: prepareDeploy and executeDeploy', () => {
  it('fills the caller /32, reports problems in order, and asks the account nothing while values are invalid', async () => {
    let offerings = 0;
    const env = fakeDeployEnvironment({ zonesOffering: async () => (offerings++, []) });
    const ok = await prepareDeploy(request(), env);
    assert.deepEqual(ok.blockers, []);
    assert.deepEqual(ok.notes, [{ parameter: 'Office', text: 'using your public IP 127.0.0.23/32' }]);
    assert.deepEqual(ok.plan.parameters, { Key: 'lab-key', Office: '127.0.0.23/32' });
    const bad = await prepareDeploy(request({ values: { Size: '9', Typo: '1' } }), env);
    assert.deepEqual(bad.blockers.map((b) => [b.reason, b.parameter, b.text]), [
      ['missing', 'Key', 'Key needs a value'],
      ['unknown', 'Typo', "the template has no parameter 'Typo'"],
      ['invalid', 'Size', 'Size: must be 1 to 3'],
    ]);
    const mde = await prepareDeploy(request({ kind: 'mde', loaded: await env.loadKindTemplate('mde'), values: { InstanceType: 'g5.xlarge', MonaiUserPassword: 'short' } }), env);
    assert.equal(mde.blockers.length, 1);
    assert.equal(offerings, 0, 'no zone look-up for values that are wrong anyway');
  });

  it("calls the kind's pre-deploy hook with a lazily made private directory; its values, notes, blockers and files join the plan", async () => {
    const calls: KindPrepareContext[] = [];
    const restore = withMdeHook(async (c) => ({ ...(await caHook(calls)(c)), values: { EnableElk: 'true' }, blockers: c.values.InstanceType === 'g5.xlarge' ? ['quota: no g5 here'] : [] }));
    try {
      const storage = mkdtempSync(join(tmpdir(), 'il-kinds-'));
      const aws = await mockAws();
      const env = createDeployEnvironment({ clients: aws.clients, extensionRoot: findExtensionRoot(), storageRoot: storage, publicIp: async () => '127.0.0.23' });
      aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [{ InstanceType: 'g4dn.xlarge', LocationType: 'availability-zone', Location: 'us-east-1b' }] });
      const progress: string[] = [];
      const loaded = await env.loadKindTemplate('mde');
      const prepared = await prepareDeploy(request({ kind: 'mde', loaded, values: { MonaiUserPassword: 'Sup3r-Secret!x' } }), env, undefined, (m) => progress.push(m));
      assert.deepEqual(prepared.blockers, []);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.values.AvailabilityZone, 'us-east-1b', 'the hook sees the values the providers filled');
      const dir = join(storage, 'kinds', 'mde', REGION, STACK_NAME);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.deepEqual(prepared.notes.map((n) => n.text).slice(-1), [`certificate authority kept in ${dir}`]);
      assert.deepEqual(progress, ['Generating the certificate authority…']);
      assert.equal(prepared.plan.parameters.EnableElk, 'true');
      assert.deepEqual(prepared.stage.map((f) => f.name), ['ca.pem']);
      const blocked = await prepareDeploy(request({ kind: 'mde', loaded, values: { MonaiUserPassword: 'Sup3r-Secret!x', InstanceType: 'g5.xlarge', AvailabilityZone: 'us-east-1b' } }), fakeDeployEnvironment({ storageDirectory: async () => dir }));
      assert.deepEqual(blocked.blockers, [{ reason: 'check', text: 'quota: no g5 here' }]);
      await assert.rejects(executeDeploy(blocked, env, { clientToken: 't', consent: async () => true }), /Nothing was done: quota: no g5 here/);
    } finally {
      restore();
    }
  });

  it("stages the kind's files (with consent) and passes their URLs in the parameters that ask for them", async () => {
    const aws = await mockAws();
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    aws.s3.on(HeadBucketCommand).resolves({});
    aws.s3.on(PutObjectCommand).resolves({});
    aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    const env = { ...fakeDeployEnvironment(), clients: aws.clients };
    const prepared = await prepareDeploy(request({ values: { Key: 'lab-key', Office: '10.0.0.1/32' } }), env);
    const withFile = { ...prepared, stage: [{ name: 'chart.tgz', body: new Uint8Array([1, 2, 3]), urlParameter: 'Size' }] };
    const reasons: string[] = [];
    await executeDeploy(withFile, env, { clientToken: 'imaging-lab-1', consent: async (_b, _r, why) => (reasons.push(why), true) });
    assert.equal(aws.s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Key, `templates/${STACK_NAME}/chart.tgz`);
    const sent = aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input.Parameters?.find((p) => p.ParameterKey === 'Size')?.ParameterValue;
    assert.equal(sent, `https://imaging-lab-templates-123456789012-us-east-1.s3.us-east-1.amazonaws.com/templates/${STACK_NAME}/chart.tgz`);
    assert.deepEqual(reasons, [], 'the bucket existed: nothing to consent to');
    await assert.rejects(executeDeploy({ ...withFile, stage: [{ name: '../escape', body: 'x' }] }, env, { clientToken: 't2', consent: async () => true }), /not a plain file name/);
  });
});

describe('deploy use case: both shells drive it (CLI and the wizard + command flow)', () => {
  const h = useFlowHarness(() => undefined);
  let restore: () => void;
  const calls: KindPrepareContext[] = [];
  beforeEach(() => {
    calls.length = 0;
    restore = withMdeHook(caHook(calls));
    h.aws.sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    h.aws.s3.on(HeadBucketCommand).resolves({});
    h.aws.s3.on(PutObjectCommand).resolves({});
    h.aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [{ InstanceType: 'g4dn.xlarge', LocationType: 'availability-zone', Location: 'us-east-1c' }] });
    h.aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    h.aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
  });
  afterEach(() => restore());

  function createInput() {
    const input = h.aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    return { zone: input?.Parameters?.find((p) => p.ParameterKey === 'AvailabilityZone')?.ParameterValue, cidr: input?.Parameters?.find((p) => p.ParameterKey === 'AllowedCidr')?.ParameterValue, tags: input?.Tags?.map((t) => t.Key) };
  }

  it('the CLI: parse, prepare (zone, caller /32, kind hook), review, execute', async () => {
    let err = '';
    const io: CliIo = { out: () => undefined, err: (t) => (err += t), env: { XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'il-xdg-')) }, signal: new AbortController().signal };
    const code = await makeDeployCommand({
      session: async () => ({ profile: undefined, regions: [REGION], clients: h.aws.clients }),
      confirm: async () => false, publicIp: async () => '127.0.0.23', clock: new FakeClock(), extensionRoot: () => findExtensionRoot(),
    }).run(['mde', '--stack-name', STACK_NAME, '--param', 'MonaiUserPassword=Sup3r-Secret!x', '--yes'], io);
    assert.equal(code, 0, err);
    assert.equal(calls.length, 1, 'the kind hook ran once');
    assert.match(err, /AvailabilityZone: us-east-1c, the first zone of us-east-1 that offers g4dn\.xlarge/);
    assert.match(err, /certificate authority kept in .*kinds\/mde\/us-east-1\/mde-lab/);
    assert.deepEqual(createInput(), { zone: 'us-east-1c', cidr: '127.0.0.23/32', tags: ['imaging-lab:kind', 'imaging-lab:version'] });
    assert.equal(h.aws.s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Key, `templates/${STACK_NAME}/ca.pem`);
  });

  it('the wizard and the command flow: the same use case, the same stack', async () => {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the stub is completed */
    const { createReviewedStack } = require('../../../src/vscode/deploy/deployStackFlow') as typeof import('../../../src/vscode/deploy/deployStackFlow');
    const { runDeployWizard } = require('../../../src/vscode/wizards/deploy/deployWizard') as typeof import('../../../src/vscode/wizards/deploy/deployWizard');
    const environment = require('../../../src/vscode/wizards/deploy/wizardEnvironment') as typeof import('../../../src/vscode/wizards/deploy/wizardEnvironment');
    /* eslint-enable @typescript-eslint/no-require-imports */
    h.aws.cfn.on(DescribeStacksCommand).rejectsOnce(Object.assign(new Error(`Stack with id ${STACK_NAME} does not exist`), { name: 'ValidationError', $metadata: {} }));
    const deploy = { ...environment.deployEnvironment(h.services()), publicIp: async () => '127.0.0.23' };
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', REGION, STACK_NAME], (text) => (/password/i.test(text) ? 'Sup3r-Secret!x' : ''));
    const prepared = await runDeployWizard(environment.wizardEnvironment(h.services(), deploy), prompter, { version: EXTENSION_VERSION, userTags: {} });
    assert.ok(prepared);
    const review = prompter.asked.at(-1)?.labels ?? [];
    assert.ok(review.some((l) => /^\$\(pass\) certificate authority kept in /.test(l)), review.join('\n'));
    await createReviewedStack(h.services(), deploy, prepared);
    assert.equal(calls.length, 1, 'the review shown once ran the hook once');
    assert.deepEqual(createInput(), { zone: 'us-east-1c', cidr: '127.0.0.23/32', tags: ['imaging-lab:kind', 'imaging-lab:version'] });
    assert.equal(h.aws.s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Key, `templates/${STACK_NAME}/ca.pem`);
  });
});
