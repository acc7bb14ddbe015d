import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import * as vscode from 'vscode';
import { SessionManager, type IdentityState } from '../../../src/vscode/session/sessionManager';
import { recorded } from '../../support/vscodeStub';

describe('SessionManager', () => {
  let sts: AwsClientStub<STSClient>;
  const saved = { ...process.env };
  beforeEach(() => {
    sts = mockClient(STSClient);
    const dir = mkdtempSync(join(tmpdir(), 'il-session-'));
    writeFileSync(join(dir, 'config'), '[profile research]\nregion = eu-central-1\n[profile other]\nregion = us-west-2\n');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    delete process.env.AWS_PROFILE;
    recorded.settings.clear();
  });
  afterEach(() => {
    sts.restore();
    process.env = { ...saved };
  });

  const log = vscode.window.createOutputChannel('test', { log: true }) as unknown as vscode.LogOutputChannel;

  it("uses the chosen profile and its region, and reports the account", async () => {
    recorded.settings.set('imagingLab.aws.profile', 'research');
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ana', UserId: 'AIDA' });
    const manager = new SessionManager(log);
    const states: IdentityState['state'][] = [];
    manager.onDidChangeIdentity((s) => states.push(s.state));
    await manager.reload();
    assert.equal(manager.session.profile, 'research');
    assert.deepEqual(manager.session.regions, ['eu-central-1']);
    assert.deepEqual(states, ['checking', 'ok']);
    assert.equal(manager.identity.state === 'ok' && manager.identity.identity.account, '123456789012');
    manager.dispose();
  });

  it('prefers the regions setting and replaces the session (and its clients) on reload', async () => {
    recorded.settings.set('imagingLab.aws.profile', 'other');
    recorded.settings.set('imagingLab.aws.regions', ['us-east-1', 'eu-west-1']);
    sts.on(GetCallerIdentityCommand).resolves({ Account: '1', Arn: 'a', UserId: 'u' });
    const manager = new SessionManager(log);
    await manager.reload();
    const first = manager.session;
    await manager.reload();
    assert.notEqual(manager.session, first);
    assert.deepEqual(manager.session.regions, ['us-east-1', 'eu-west-1']);
    manager.dispose();
  });

  it('turns an expired SSO session into the command to run', async () => {
    recorded.settings.set('imagingLab.aws.profile', 'research');
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), { name: 'CredentialsProviderError' }));
    const manager = new SessionManager(log);
    await manager.reload();
    const state = manager.identity;
    assert.equal(state.state, 'error');
    assert.equal(state.state === 'error' && state.error.message, "The AWS SSO session of profile 'research' has expired. Run: aws sso login --profile research");
    manager.dispose();
  });
});
