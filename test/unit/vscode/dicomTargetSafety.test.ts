import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as vscode from 'vscode';
import type { StackInfo } from '../../../src/core/stacks/stackInfo';
import { testTargetConnection } from '../../../src/vscode/commands/testDicomConnection';
import { openOutputUrl } from '../../../src/vscode/commands/openOutputUrl';
import { stackTarget, type DicomTarget } from '../../../src/vscode/dicom/dicomTargets';
import type { Services } from '../../../src/vscode/services';
import { OutputNode } from '../../../src/vscode/tree/nodes/leafNodes';
import { UserCancelledError } from '../../../src/vscode/userCancelled';
import { mockDuringSuite, testClients } from '../ssh/awsFakes';

const win = vscode.window as unknown as Record<string, unknown>;
const env = vscode.env as unknown as Record<string, unknown>;
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/pacs/1f2e3d4c-0000-4000-8000-0000000000a1';

/** A Memento as VS Code's globalState behaves. */
function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return { keys: () => [...values.keys()], get: (k: string, d?: unknown) => (values.has(k) ? values.get(k) : d), update: async (k: string, v: unknown) => void values.set(k, v) } as vscode.Memento;
}

// A stack of no known kind with DICOMweb outputs: the generic target (an Orthanc stack pins its published certificate, test/unit/kinds/orthancEndpoint.test.ts).
const stack = (url: string): StackInfo => ({
  region: 'us-east-1', stackId: STACK_ID, stackName: 'pacs', status: 'CREATE_COMPLETE', createdAt: '2026-01-01T00:00:00.000Z', kind: 'other', kindEvidence: 'tag', tags: {},
  outputs: [{ key: 'DicomWebUrl', value: url }, { key: 'DicomWebCredentialsSecret', value: 'pacs/dicomweb' }], parameters: [], terminationProtection: false,
});

describe('DICOM targets: what resolving opens is released, credentials need consent, URLs are checked', () => {
  const sm = mockDuringSuite(SecretsManagerClient);
  const cfn = mockDuringSuite(CloudFormationClient);
  const saved = { withProgress: win.withProgress, showWarningMessage: win.showWarningMessage, showInformationMessage: win.showInformationMessage, showErrorMessage: win.showErrorMessage, openExternal: env.openExternal };
  const servers: Server[] = [];
  let shown: string[];
  beforeEach(() => {
    shown = [];
    win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
    for (const level of ['showInformationMessage', 'showErrorMessage']) win[level] = async (m: string) => void shown.push(m);
  });
  afterEach(() => Object.assign(win, saved) && Object.assign(env, { openExternal: saved.openExternal }));
  after(() => servers.forEach((s) => s.close()));

  async function qido(): Promise<string> {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicomweb`;
  }

  it('"Test DICOMweb Connection" releases what the target opened (the MDE tunnel), also when the test fails or resolving was cancelled', async () => {
    const services = { output: { info: () => undefined, warn: () => undefined } } as unknown as Services;
    let released = 0;
    const target = (resolve: () => Promise<{ url: string }>): DicomTarget => ({ id: 'stack:mde', label: 'mde', description: 'tunnel', resolve, release: async () => void released++ });
    await testTargetConnection(services, target(async () => ({ url: await qido() })));
    assert.equal(released, 1, 'released after a passing test');
    await testTargetConnection(services, target(async () => ({ url: 'http://127.0.0.1:9/dicomweb' })));
    assert.equal(released, 2, 'released after a failing test');
    await assert.rejects(testTargetConnection(services, target(async () => Promise.reject(new UserCancelledError()))), UserCancelledError);
    assert.equal(released, 3, 'released after a cancelled resolve');
    assert.match(shown[0] ?? '', /^mde: .*answered QIDO-RS/);
  });

  it("asks once per stack, secret and origin before a stack's credentials are read, and reads nothing when declined", async () => {
    sm.on(DescribeSecretCommand).resolves({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pacs/dicomweb-AbCdEf', Tags: [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID }] });
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"u","password":"p"}' });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const asked: string[] = [];
    let answer: string | undefined;
    win.showWarningMessage = async (message: string, options: { detail?: string }) => {
      asked.push(`${message}\n${options.detail ?? ''}`);
      return answer;
    };
    const services = { context: { globalState: memento() }, session: { session: { clients: testClients() } } } as unknown as Services;
    answer = undefined;
    await assert.rejects(stackTarget(services, stack('https://127.0.0.1:8443/dicom-web'))!.resolve(), UserCancelledError);
    assert.equal(sm.commandCalls(GetSecretValueCommand).length, 0, 'declined: the secret was not read');
    assert.match(asked[0] ?? '', /Send the credentials of stack pacs to https:\/\/127\.0\.0\.1:8443\?\n.*secret pacs\/dicomweb/);
    answer = 'Send Credentials';
    assert.equal((await stackTarget(services, stack('https://127.0.0.1:8443/dicom-web'))!.resolve()).auth?.kind, 'basic');
    assert.equal((await stackTarget(services, stack('https://127.0.0.1:8443/other'))!.resolve()).auth?.kind, 'basic');
    assert.equal(asked.length, 2, 'the same origin is not asked about again');
    await stackTarget(services, stack('https://127.0.0.2:8443/dicom-web'))!.resolve();
    assert.equal(asked.length, 3, 'another origin is asked about');
  });

  it('"Open" on an output opens only http(s) URLs, from the tree as from the palette', async () => {
    const opened: string[] = [];
    env.openExternal = async (uri: vscode.Uri) => void opened.push(uri.toString());
    const info = stack('https://127.0.0.1:8443/dicom-web');
    const node = (value: string) => new OutputNode({ id: 'x' } as never, info, { key: 'WebUrl', value });
    for (const value of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://ms-vscode-remote.remote-ssh/x', 'javascript:alert(1)']) {
      await assert.rejects(openOutputUrl({} as Services, node(value)), /not a web address/, value);
    }
    await openOutputUrl({} as Services, node('https://127.0.0.1:8443/ui/'));
    assert.deepEqual(opened, ['https://127.0.0.1:8443/ui/']);
  });
});
