import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addManagedHost, forgetStack } from '../../../src/core/ssh/hostAccess';
import { generateEphemeralKey } from '../../../src/core/ssh/instanceConnect';
import { parseHostKey } from '../../../src/core/ssh/hostKeyPins';
import { ensurePrivateDir } from '../../../src/core/ssh/secureFile';
import { keyFilePath, sshPaths } from '../../../src/core/ssh/sshPaths';

const arn = (name: string, n: number) => `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1f2e3d4c-0000-4000-8000-00000000020${n}`;

describe('deleting a stack forgets its SSH hosts, pins and key files, and nothing else', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-forget-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("removes the stack's blocks, pins and key files (the Instance Connect key too), keeps another stack's, and drops what is not ours", async () => {
    const paths = sshPaths(dir);
    await ensurePrivateDir(paths.managedDir);
    const key = parseHostKey((await generateEphemeralKey()).publicKey)!;
    const lab = { name: 'course1', region: 'eu-west-1', stackId: arn('course1', 1) };
    const other = { name: 'pacs', region: 'eu-west-1', stackId: arn('pacs', 2) };
    const labKey = keyFilePath(paths, 'course1-abc123-eic');
    const otherKey = keyFilePath(paths, 'pacs-def456');
    const userKey = join(dir, 'my-own.pem');
    for (const file of [labKey, otherKey, userKey]) writeFileSync(file, 'PRIVATE\n', { mode: 0o600 });
    await addManagedHost(paths, { alias: 'course1-filegator', hostName: '127.0.0.3', user: 'ubuntu', identityFile: labKey, hostKeyAlias: 'course1-filegator.i-0f0f0f0f0f0f0f0f0', stack: lab }, [key]);
    await addManagedHost(paths, { alias: 'course1-jupyter', hostName: '10.0.1.5', user: 'ec2-user', identityFile: labKey, proxyJump: 'course1-filegator', hostKeyAlias: 'course1-jupyter.i-0a0a0a0a0a0a0a0a0', stack: lab }, [key]);
    await addManagedHost(paths, { alias: 'pacs', hostName: '127.0.0.4', user: 'ubuntu', identityFile: otherKey, hostKeyAlias: 'pacs.i-0b0b0b0b0b0b0b0b0', stack: other }, [key]);
    await addManagedHost(paths, { alias: 'mine', hostName: '127.0.0.5', user: 'me', identityFile: userKey });
    // Something an older version (or a hand edit) left in the managed file.
    writeFileSync(paths.managedConfig, `${readFileSync(paths.managedConfig, 'utf8')}Match exec "true"\n  User x\n`);

    assert.deepEqual(await forgetStack(paths, { name: 'course1', region: 'eu-west-1' }), ['course1-filegator', 'course1-jupyter']);
    const config = readFileSync(paths.managedConfig, 'utf8');
    assert.match(config, /^Host pacs$/m);
    assert.match(config, /^Host mine$/m);
    assert.doesNotMatch(config, /course1|Match/);
    assert.deepEqual(readFileSync(paths.knownHosts, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0]), ['pacs.i-0b0b0b0b0b0b0b0b0']);
    assert.equal(existsSync(labKey), false, "the stack's Instance Connect key file is removed");
    assert.equal(existsSync(otherKey), true, "another stack's key stays");
    assert.equal(existsSync(userKey), true, 'a key file the user pointed to is never removed');
  });
});
