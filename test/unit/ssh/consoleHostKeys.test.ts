import assert from 'node:assert/strict';
import { EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { fetchConsoleHostKeys, parseConsoleHostKeys } from '../../../src/core/ssh/consoleHostKeys';
import { checkHostKey, fingerprint, hostKeyAlgorithms, parseHostKey } from '../../../src/core/ssh/hostKeyPins';
import { awsError, testClients, mockDuringSuite } from './awsFakes';

// Real public host keys (ssh-keygen output), as cloud-init prints them.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const ECDSA =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U4w6XeDkUL8+3HQ=';

function consoleLog(...blocks: string[][]): string {
  return [
    '[    0.000000] Linux version 6.1.0 (gcc)',
    'Cloud-init v. 23.4 running modules:final',
    ...blocks.flatMap((keys) => ['-----BEGIN SSH HOST KEY KEYS-----', ...keys, '-----END SSH HOST KEY KEYS-----']),
    'Cloud-init v. 23.4 finished',
  ].join('\r\n');
}

describe('console host keys', () => {
  const ec2 = mockDuringSuite(EC2Client);
  beforeEach(() => ec2.reset());

  it('parses the cloud-init block with CRLF, comments and line prefixes', () => {
    const text = consoleLog([`${ECDSA} root@ip-10-0-0-5`, `[   42.1] ec2: ${ED25519} root@ip-10-0-0-5`, 'garbage line']);
    assert.deepEqual(parseConsoleHostKeys(text).map((k) => k.type), ['ecdsa-sha2-nistp256', 'ssh-ed25519']);
  });

  it('takes the last complete block (the latest boot) and ignores keys outside blocks', () => {
    const text = `${ED25519}\n${consoleLog([ED25519], [ECDSA])}`;
    assert.deepEqual(parseConsoleHostKeys(text).map((k) => k.type), ['ecdsa-sha2-nistp256']);
  });

  it('returns nothing for a console without the block or with a truncated one', () => {
    assert.deepEqual(parseConsoleHostKeys('booting...\n-----BEGIN SSH HOST KEY KEYS-----\nssh-ed25519 AAAA'), []);
  });

  it('rejects a blob whose inner type does not match its label', () => {
    assert.equal(parseHostKey(`ssh-rsa ${ED25519.split(' ')[1]}`), undefined);
  });

  it('parses TYPE BASE64 [comment] only for known types with a blob that decodes to the same type', () => {
    assert.deepEqual(parseHostKey(`  ${ED25519} root@host  `), { type: 'ssh-ed25519', base64: ED25519.split(' ')[1] });
    const b64 = ED25519.split(' ')[1] ?? '';
    for (const bad of ['', 'ssh-ed25519', `ssh-foo ${b64}`, `ssh-ed25519 ${b64}!`, `ssh-ed25519 ${b64}===`, `xssh-ed25519 ${b64}`, `ssh-ed25519x ${b64}`]) {
      assert.equal(parseHostKey(bad), undefined, bad);
    }
    // A blob too short to hold a type, a zero or oversized length field, a length past the end.
    const blobOf = (bytes: number[]) => `ssh-ed25519 ${Buffer.from(bytes).toString('base64')}`;
    assert.equal(parseHostKey(blobOf([0, 0, 0])), undefined);
    assert.equal(parseHostKey(blobOf([0, 0, 0, 0])), undefined);
    assert.equal(parseHostKey(blobOf([0, 0, 0, 65, ...Buffer.from('ssh-ed25519')])), undefined);
    assert.equal(parseHostKey(blobOf([0, 0, 0, 12, ...Buffer.from('ssh-ed25519')])), undefined);
    const exact = blobOf([0, 0, 0, 11, ...Buffer.from('ssh-ed25519')]);
    assert.deepEqual(parseHostKey(exact)?.type, 'ssh-ed25519');
  });

  it('keeps each key of a block once, and ignores empty blocks', () => {
    const text = `${consoleLog([ED25519, `${ED25519} again`, ECDSA])}\n${consoleLog([])}`;
    assert.deepEqual(parseConsoleHostKeys(text).map((k) => k.type), ['ssh-ed25519', 'ecdsa-sha2-nistp256']);
  });

  it('refuses every presented key when pins exist but none matches, naming host and all pinned fingerprints', () => {
    const pin = parseHostKey(ED25519)!;
    const other = parseHostKey(ECDSA)!;
    const check = checkHostKey('lab-host', Buffer.from(other.base64, 'base64'), [pin, pin]);
    assert.ok(!check.ok);
    assert.equal(check.reason, 'changed');
    assert.equal(check.host, 'lab-host');
    assert.equal(check.fingerprint, fingerprint(other));
    assert.ok(check.message.includes(`The host key of lab-host (${fingerprint(other)})`), check.message);
    assert.ok(check.message.includes(`(${fingerprint(pin)}, ${fingerprint(pin)})`), check.message);
    const none = checkHostKey('lab-host', Buffer.from(pin.base64, 'base64'), []);
    assert.ok(!none.ok);
    assert.equal(none.fingerprint, fingerprint(pin));
    assert.match(none.message, /No pinned host key for lab-host yet/);
    assert.ok(none.message.includes(fingerprint(pin)));
    // Fingerprints are unpadded base64, as OpenSSH prints them.
    assert.equal(fingerprint(Buffer.from('abc')), 'SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });

  it('decodes GetConsoleOutput (base64, Latest) and handles an empty console', async () => {
    ec2
      .on(GetConsoleOutputCommand, { InstanceId: 'i-1', Latest: true })
      .resolves({ InstanceId: 'i-1', Output: Buffer.from(consoleLog([ED25519])).toString('base64'), Timestamp: new Date() })
      .on(GetConsoleOutputCommand, { InstanceId: 'i-2', Latest: true })
      .resolves({ InstanceId: 'i-2' });
    assert.deepEqual(await fetchConsoleHostKeys(testClients(), 'us-east-1', 'i-1'), [parseHostKey(ED25519)]);
    assert.deepEqual(await fetchConsoleHostKeys(testClients(), 'us-east-1', 'i-2'), []);
  });

  it('names ec2:GetConsoleOutput when denied', async () => {
    ec2.on(GetConsoleOutputCommand).rejects(awsError('UnauthorizedOperation'));
    await assert.rejects(fetchConsoleHostKeys(testClients(), 'us-east-1', 'i-1'), /ec2:GetConsoleOutput/);
  });

  it('checks a presented key against the pins and explains failures with fingerprints', () => {
    const pin = parseHostKey(ED25519)!;
    const other = parseHostKey(ECDSA)!;
    const blob = (k: typeof pin) => Buffer.from(k.base64, 'base64');
    assert.deepEqual(checkHostKey('h', blob(pin), [other, pin]), { ok: true, fingerprint: fingerprint(pin) });
    const changed = checkHostKey('h', blob(other), [pin]);
    assert.equal(changed.ok, false);
    assert.match(changed.ok ? '' : changed.message, new RegExp(`${fingerprint(other).replace(/[+/]/g, '\\$&')}.*does not match`));
    const none = checkHostKey('h', blob(pin), []);
    assert.equal(none.ok ? '' : none.reason, 'no-pins');
    assert.match(fingerprint(pin), /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.deepEqual(hostKeyAlgorithms([pin, { type: 'ssh-rsa', base64: 'x' }]), ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });
});
