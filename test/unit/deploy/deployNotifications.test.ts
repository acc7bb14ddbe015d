import assert from 'node:assert/strict';
import { DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import { outcome } from '../../../src/core/deploy/progressSelectors';
import type { ProgressState } from '../../../src/core/deploy/progressTypes';
import { Deployments } from '../../../src/vscode/deploy/deployments';
import { deploymentsLabel } from '../../../src/vscode/deploy/deployStatusBar';
import { initialProgress } from '../../../src/core/deploy/progressReducer';
import type { Services } from '../../../src/vscode/services';
import { ProgressPanels } from '../../../src/vscode/webviews/progress/progressPanels';
import { event, mockAws, newestFirst, REGION, STACK_ID, STACK_NAME, type MockedAws } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const TARGET = { region: REGION, stackId: STACK_ID, stackName: STACK_NAME, operation: 'create' as const, kind: 'mde' };
type Win = Record<string, unknown>;

describe('deployment notifications (issue: old operations stay quiet)', () => {
  let aws: MockedAws;
  let shown: { kind: string; text: string; actions: string[] }[];
  let saved: Win;
  let panels: ProgressPanels;

  const services = () =>
    ({
      context: { subscriptions: [] },
      session: { session: { clients: aws.clients, regions: [REGION], profile: undefined }, onDidChangeSession: () => new vscode.Disposable(() => undefined) },
      stacksTree: { refresh: async () => undefined },
      output: { info: () => undefined, warn: () => undefined, error: () => undefined },
      progressPanels: () => panels,
    }) as unknown as Services;

  const follow = async (deployments: Deployments, notify?: boolean) => {
    const states: ProgressState[] = [];
    deployments.subscribe(TARGET, (s) => states.push(s), { expected: [], ...(notify !== undefined ? { notify } : {}) });
    for (let i = 0; i < 600 && !states.some((s) => s.log.length > 0 && outcome(s) !== 'running'); i++) await new Promise((r) => setTimeout(r, 5));
    // The notification follows the final DescribeStacks.
    await new Promise((r) => setTimeout(r, 50));
    return states;
  };

  beforeEach(async () => {
    aws = await mockAws();
    shown = [];
    panels = new ProgressPanels();
    const win = vscode.window as unknown as Win;
    saved = { ...win };
    for (const kind of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
      win[kind] = async (text: string, ...actions: string[]) => void shown.push({ kind, text, actions });
    }
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date(T0) }] });
  });
  afterEach(() => Object.assign(vscode.window as unknown as Win, saved));

  const rolledBack = [
    event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
    event('Server', 'CREATE_FAILED', T0 + 5000, { ResourceType: 'AWS::EC2::Instance', ResourceStatusReason: 'Insufficient capacity' }),
    event(STACK_NAME, 'ROLLBACK_COMPLETE', T0 + 9000),
  ];

  it('opening an operation that finished two hours ago raises no notification', async () => {
    aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: newestFirst(rolledBack) });
    const deployments = new Deployments(services(), () => undefined);
    const states = await follow(deployments);
    deployments.dispose();
    assert.equal(outcome(states.at(-1) as ProgressState), 'rolled-back');
    assert.deepEqual(shown, []);
  });

  it('an operation seen running notifies when it ends, offering Show Progress', async () => {
    aws.cfn.on(DescribeStackEventsCommand).resolvesOnce({ StackEvents: newestFirst(rolledBack.slice(0, 1)) }).resolves({ StackEvents: newestFirst(rolledBack) });
    const deployments = new Deployments(services(), () => undefined);
    await follow(deployments);
    deployments.dispose();
    assert.deepEqual(shown.map((s) => [s.kind, s.actions]), [['showErrorMessage', ['Show Progress']]]);
    assert.match(shown[0]?.text ?? '', /Server: Insufficient capacity/);
  });

  it('does not offer Show Progress when the panel is already on screen', async () => {
    panels.add({ target: TARGET, visible: true, reveal: () => undefined, dispose: () => undefined });
    aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: newestFirst(rolledBack) });
    const deployments = new Deployments(services(), () => undefined);
    await follow(deployments, true);
    deployments.dispose();
    assert.deepEqual(shown.map((s) => [s.kind, s.actions]), [['showErrorMessage', []]]);
  });
});

describe('deploy status bar item for screen readers', () => {
  it('says plain words: no icon syntax, no markdown', () => {
    const one = initialProgress({ region: REGION, stackName: STACK_NAME, stackId: STACK_ID, operation: 'create', startedAt: T0, expected: [] });
    const paused = { ...one, stackName: 'other', pollerState: 'paused-auth' as const };
    assert.equal(deploymentsLabel([one]), `Imaging Lab: deploying ${STACK_NAME} in ${REGION}, 0 percent of resources done. Activate to show the progress.`);
    const two = deploymentsLabel([one, paused]);
    assert.equal(two, 'Imaging Lab: 2 deployments running; progress paused, credentials expired. Activate to show the progress.');
    for (const label of [deploymentsLabel([one]), two]) assert.doesNotMatch(label, /\$\(|\*\*|`|\[.*\]\(/);
  });
});
