import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import {
  CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand, GetTemplateCommand, ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import { event, REGION, STACK_ID, STACK_NAME } from './fakes';
import { useFlowHarness } from './fakeVscodeFlow';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const TEMPLATE = JSON.stringify({
  Parameters: { InstanceType: { Type: 'String', AllowedValues: ['g4dn.xlarge', 'g5.xlarge'] }, Password: { Type: 'String', NoEcho: true } },
  Resources: { Server: { Type: 'AWS::EC2::Instance' }, Sg: { Type: 'AWS::EC2::SecurityGroup' } },
});
const STACK = {
  StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE' as const, CreationTime: new Date(T0),
  Parameters: [{ ParameterKey: 'InstanceType', ParameterValue: 'g4dn.xlarge' }, { ParameterKey: 'Password', ParameterValue: '****' }],
};

/** A quick pick that accepts the item chosen by `choose` as soon as it is shown (-1: dismissed), recording what it showed. */
function autoPick(choose: (labels: string[]) => number, shown: string[] = []) {
  const handlers = new Map<string, (a?: unknown) => void>();
  const qp: Record<string, unknown> = {
    items: [] as { label: string }[], activeItems: [], selectedItems: [], buttons: [],
    onDidTriggerButton: (h: () => void) => (handlers.set('button', h), { dispose: () => undefined }),
    onDidAccept: (h: () => void) => (handlers.set('accept', h), { dispose: () => undefined }),
    onDidHide: (h: () => void) => (handlers.set('hide', h), { dispose: () => undefined }),
    dispose: () => undefined,
    show: () => {
      const items = qp.items as { label: string; detail?: string }[];
      shown.push(...items.map((i) => `${i.label} ${i.detail ?? ''}`));
      const chosen = choose(items.map((i) => i.label));
      qp.selectedItems = chosen < 0 ? [] : [items[chosen]];
      setImmediate(() => handlers.get(chosen < 0 ? 'hide' : 'accept')?.());
    },
  };
  return qp;
}

/** An input box that accepts whatever value the wizard proposes, as soon as it is shown. */
function autoInput() {
  const handlers = new Map<string, (a?: unknown) => void>();
  const box: Record<string, unknown> = {
    value: '', buttons: [],
    onDidTriggerButton: (h: () => void) => (handlers.set('button', h), { dispose: () => undefined }),
    onDidAccept: (h: () => void) => (handlers.set('accept', h), { dispose: () => undefined }),
    onDidHide: (h: () => void) => (handlers.set('hide', h), { dispose: () => undefined }),
    onDidChangeValue: () => ({ dispose: () => undefined }),
    dispose: () => undefined,
    show: () => setImmediate(() => handlers.get('accept')?.()),
  };
  return box;
}

describe('Update Stack command flow (faked VS Code, mocked AWS)', () => {
  let updateStackFlow: typeof import('../../../src/vscode/deploy/updateStackFlow').updateStackFlow;
  const h = useFlowHarness(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    updateStackFlow = (require('../../../src/vscode/deploy/updateStackFlow') as typeof import('../../../src/vscode/deploy/updateStackFlow')).updateStackFlow;
  });
  let reviewed: string[];
  let templateChoices: string[];
  let templateAnswer: RegExp;
  beforeEach(() => {
    reviewed = [];
    templateChoices = [];
    templateAnswer = /Keep the current template/;
    // Wizard: pick g5.xlarge, keep the current password, prepare the change set.
    h.win.createQuickPick = () => autoPick((labels) => Math.max(0, labels.indexOf('g5.xlarge')));
    h.win.showQuickPick = async (items: { label: string }[], o: { placeHolder: string }) => {
      if (/Which template/.test(o.placeHolder)) {
        templateChoices = items.map((i) => i.label);
        return items.find((i) => templateAnswer.test(i.label));
      }
      reviewed.push(o.placeHolder, ...items.map((i) => i.label));
      return items[0];
    };
    h.win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({}, { onCancellationRequested: () => undefined });
  });
  it('asks with current values, shows the replacement before executing, then follows the update', async () => {
    h.aws.cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    h.aws.cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1', StackId: STACK_ID });
    h.aws.cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE', StackId: STACK_ID,
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'Server', ResourceType: 'AWS::EC2::Instance', Replacement: 'True', Details: [{ Target: { Attribute: 'Properties', Name: 'InstanceType' } }] } }],
    });
    h.aws.cfn.on(ExecuteChangeSetCommand).resolves({});
    h.aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    h.aws.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Server', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) }] });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [STACK] });
    await updateStackFlow(h.services(), { stack: toStackInfo(STACK, REGION) });
    assert.deepEqual(h.aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.Parameters, [
      { ParameterKey: 'InstanceType', ParameterValue: 'g5.xlarge' },
      { ParameterKey: 'Password', UsePreviousValue: true },
    ]);
    assert.match(reviewed[0] ?? '', /REPLACED/);
    assert.ok(reviewed.some((l) => /Server/.test(l)));
    assert.equal(h.aws.cfn.commandCalls(ExecuteChangeSetCommand).length, 1);
    assert.equal(h.panels[0]?.title, `Update: ${STACK_NAME}`);
    const input = h.aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    assert.equal(input?.UsePreviousTemplate, true);
    assert.equal(input?.Tags, undefined, 'a parameter change leaves the stack tags alone');
    assert.deepEqual(templateChoices.map((l) => l.replace(/^\$\([a-z-]+\) /, '')), ['Keep the current template', 'Apply a template file…'], 'no bundled template for a stack of kind other');
  });

  it('offers the bundled template of a newer version, carries the values it still declares, and retags the version', async () => {
    const bundledBody = readFileSync(join(__dirname, '..', '..', '..', 'templates', 'mde.template.json'), 'utf8');
    const bundled = JSON.parse(bundledBody) as { Parameters: Record<string, { Default?: string; NoEcho?: boolean }> };
    const mdeStack = {
      ...STACK,
      Tags: [{ Key: 'imaging-lab:kind', Value: 'mde' }, { Key: 'imaging-lab:version', Value: '0.1.0' }, { Key: 'team', Value: 'radiology' }],
      // Values of the previous version: InstanceType is still declared by the bundled template, Legacy is not.
      Parameters: [
        { ParameterKey: 'InstanceType', ParameterValue: 'g4dn.xlarge' },
        { ParameterKey: 'AllowedCidr', ParameterValue: '127.0.0.7/32' },
        { ParameterKey: 'MonaiUserPassword', ParameterValue: '****' },
        { ParameterKey: 'Legacy', ParameterValue: 'x' },
      ],
    };
    h.aws.cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [mdeStack] });
    h.aws.cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-2', StackId: STACK_ID });
    h.aws.cfn.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes." });
    templateAnswer = /Apply the MONAI Deploy Express template of Imaging Lab 0\.2\.0/;
    // Wizard: accept every proposed value (the current one, else the template default).
    h.win.createQuickPick = () => autoPick((labels) => Math.max(0, labels.findIndex((l) => /current|default/.test(l))));
    h.win.createInputBox = () => autoInput();
    await updateStackFlow(h.services(), { stack: toStackInfo(mdeStack, REGION) });
    assert.equal(templateChoices.length, 3);
    const input = h.aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    assert.equal(input?.TemplateBody, JSON.stringify(JSON.parse(bundledBody)), 'the bundled template is sent inline, without its indentation');
    assert.equal(input?.UsePreviousTemplate, undefined);
    const sent = new Map((input?.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]));
    assert.equal(sent.get('InstanceType'), 'g4dn.xlarge', 'the current value is carried over');
    assert.equal(sent.has('Legacy'), false, 'a parameter the new template dropped is not sent');
    assert.ok([...sent.keys()].every((k) => k !== undefined && k in bundled.Parameters));
    assert.deepEqual(input?.Tags, [
      { Key: 'imaging-lab:kind', Value: 'mde' },
      { Key: 'imaging-lab:version', Value: '0.2.0' },
      { Key: 'team', Value: 'radiology' },
    ]);
  });

  it('starts from the values the stack has, never from a NoEcho value an endpoint returned in clear', async () => {
    h.aws.cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ ...STACK, Parameters: [{ ParameterKey: 'InstanceType', ParameterValue: 'g4dn.xlarge' }, { ParameterKey: 'Password', ParameterValue: 'in-clear-by-an-emulator' }] }] });
    h.aws.cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-3', StackId: STACK_ID });
    h.aws.cfn.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes." });
    await updateStackFlow(h.services(), { stack: toStackInfo(STACK, REGION) });
    const sent = h.aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.Parameters;
    assert.deepEqual(sent, [{ ParameterKey: 'InstanceType', ParameterValue: 'g5.xlarge' }, { ParameterKey: 'Password', UsePreviousValue: true }]);
  });

  it('refuses in the review, before any change set, an instance type the running instance\'s zone does not offer', async () => {
    const bundledBody = readFileSync(join(__dirname, '..', '..', '..', 'templates', 'mde.template.json'), 'utf8');
    const mdeStack = {
      ...STACK,
      Tags: [{ Key: 'imaging-lab:kind', Value: 'mde' }],
      Parameters: [
        { ParameterKey: 'InstanceType', ParameterValue: 'g4dn.xlarge' },
        { ParameterKey: 'AvailabilityZone', ParameterValue: 'us-east-1a' },
        { ParameterKey: 'AllowedCidr', ParameterValue: '127.0.0.7/32' },
        { ParameterKey: 'MonaiUserPassword', ParameterValue: '****' },
      ],
    };
    h.aws.cfn.on(GetTemplateCommand).resolves({ TemplateBody: bundledBody });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [mdeStack] });
    h.aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [{ InstanceType: 'g5.xlarge', LocationType: 'availability-zone', Location: 'us-east-1d' }] });
    const shown: string[] = [];
    // The review cannot be confirmed: the user dismisses it.
    h.win.createQuickPick = () => autoPick((labels) => (labels[0]?.startsWith('$(error)') ? -1 : Math.max(0, labels.findIndex((l) => l === 'g5.xlarge' || l === 'us-east-1a' || /current|default/.test(l)))), shown);
    h.win.createInputBox = () => autoInput();
    await updateStackFlow(h.services(), { stack: toStackInfo(mdeStack, REGION) });
    assert.match(shown.join('\n'), /\$\(error\) Cannot update yet g5\.xlarge is not offered in us-east-1a, where the instance of mde-lab runs\. It is offered in us-east-1d/);
    assert.deepEqual(templateChoices.map((l) => l.replace(/^\$\([a-z-]+\) /, '')), ['Keep the current template', 'Apply a template file…'], 'the bundled template is the current one: not offered');
    assert.equal(h.aws.cfn.commandCalls(CreateChangeSetCommand).length, 0);
  });
});
