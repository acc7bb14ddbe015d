import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import type { ProgressState } from '../../../src/core/deploy/progressTypes';
import { addManagedHost } from '../../../src/core/ssh/hostAccess';
import { listHosts } from '../../../src/core/ssh/managedConfig';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { Deployments } from '../../../src/vscode/deploy/deployments';
import type { Services } from '../../../src/vscode/services';
import { ProgressPanels } from '../../../src/vscode/webviews/progress/progressPanels';
import { awsError, event, mockAws, newestFirst, REGION, STACK_ID, STACK_NAME, type MockedAws } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const TARGET = { region: REGION, stackId: STACK_ID, stackName: STACK_NAME, operation: 'create' as const, kind: 'mde' };

type Win = Record<string, unknown>;

describe('deployments (VS Code layer over the shared poller)', () => {
  let aws: MockedAws;
  let messages: string[];
  let saved: Win;
  let sessionListeners: ((s: unknown) => void)[];
  let refreshed: number;

  function services(): Services {
    const panels = new ProgressPanels();
    return {
      context: { subscriptions: [] },
      session: { session: { clients: aws.clients, regions: [REGION], profile: undefined }, onDidChangeSession: (l: (s: unknown) => void) => (sessionListeners.push(l), new vscode.Disposable(() => undefined)) },
      stacksTree: { refresh: async () => void refreshed++ },
      output: { info: () => undefined, warn: () => undefined, error: () => undefined },
      progressPanels: () => panels,
    } as unknown as Services;
  }

  beforeEach(async () => {
    aws = await mockAws();
    messages = [];
    sessionListeners = [];
    refreshed = 0;
    const win = vscode.window as unknown as Win;
    saved = { ...win };
    for (const kind of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
      win[kind] = async (text: string) => void messages.push(`${kind}: ${text}`);
    }
  });
  afterEach(() => Object.assign(vscode.window as unknown as Win, saved));

  it('follows a stack once for several listeners, then notifies with the root cause and refreshes the tree', async () => {
    aws.cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: newestFirst([
        event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
        event('Server', 'CREATE_FAILED', T0 + 1000, { ResourceType: 'AWS::EC2::Instance', ResourceStatusReason: 'Failed to receive 1 resource signal(s) within the specified duration' }),
        event(STACK_NAME, 'ROLLBACK_COMPLETE', T0 + 2000),
      ]),
    });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date(T0) }] });
    const deployments = new Deployments(services(), () => undefined);
    const seenA: ProgressState[] = [];
    const seenB: ProgressState[] = [];
    deployments.subscribe(TARGET, (s) => seenA.push(s), { expected: [], notify: true });
    deployments.subscribe(TARGET, (s) => seenB.push(s), { expected: [] });
    while (!messages.some((m) => m.startsWith('showErrorMessage'))) await new Promise((r) => setTimeout(r, 5));
    assert.equal(aws.cfn.commandCalls(DescribeStackEventsCommand).length, 1, 'one poller for both listeners');
    assert.equal(seenA.at(-1)?.stackStatus, 'ROLLBACK_COMPLETE');
    assert.equal(seenB.at(-1)?.stackStatus, 'ROLLBACK_COMPLETE');
    assert.match(messages.join('\n'), /mde-lab rollback complete\. Server: Failed to receive 1 resource signal/);
    assert.equal(refreshed, 1);
    assert.deepEqual(deployments.running(), []);
    deployments.dispose();
  });

  it('says when credentials expire mid-deploy and resumes when the session changes', async () => {
    aws.cfn
      .on(DescribeStackEventsCommand)
      .rejectsOnce(awsError('ExpiredToken', 'The security token included in the request is expired', 403))
      .resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
    const deployments = new Deployments(services(), () => undefined);
    const states: string[] = [];
    deployments.subscribe(TARGET, (s) => states.push(s.pollerState), { expected: [], notify: true });
    while (!messages.some((m) => m.startsWith('showWarningMessage'))) await new Promise((r) => setTimeout(r, 5));
    assert.match(messages[0] ?? '', /Progress paused: The AWS credentials have expired.*continues in AWS/);
    for (const l of sessionListeners) l({ clients: aws.clients });
    while (!messages.some((m) => m.startsWith('showInformationMessage'))) await new Promise((r) => setTimeout(r, 5));
    assert.match(messages.at(-1) ?? '', /mde-lab is ready \(CREATE_COMPLETE\)/);
    assert.ok(states.includes('paused-auth') && states.at(-1) === 'finished');
    deployments.dispose();
  });

  it("removes a deleted stack's SSH hosts once the deletion completes, and keeps other stacks' hosts", async () => {
    const savedHome = process.env.HOME;
    process.env.HOME = mkdtempSync(join(tmpdir(), 'il-home-'));
    try {
      const paths = sshPaths();
      await addManagedHost(paths, { alias: 'mde-mde-lab', hostName: '127.0.0.20', user: 'ubuntu', stack: { name: STACK_NAME, region: REGION } });
      await addManagedHost(paths, { alias: 'orthanc-pacs', hostName: '127.0.0.30', user: 'ubuntu', stack: { name: 'pacs', region: REGION } });
      aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: newestFirst([event(STACK_NAME, 'DELETE_IN_PROGRESS', T0), event(STACK_NAME, 'DELETE_COMPLETE', T0 + 1000)]) });
      aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'DELETE_COMPLETE', CreationTime: new Date(T0) }] });
      const deployments = new Deployments(services(), () => undefined);
      deployments.subscribe({ ...TARGET, operation: 'delete' }, () => undefined, { expected: [], notify: true });
      for (let i = 0; i < 400 && (await listHosts(paths)).includes('mde-mde-lab'); i++) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(await listHosts(paths), ['orthanc-pacs']);
      deployments.dispose();
    } finally {
      process.env.HOME = savedHome;
    }
  });
});
