import assert from 'node:assert/strict';
import { awsProfile, awsRegion, configPath, instanceId, isHostName, shownValue, sshHostName, sshPort, sshUser, UntrustedValueError } from '../../../src/core/ssh/sshValues';

const ORIGIN = 'stack research, output SshHost';

function refused(run: () => unknown, what: RegExp): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof UntrustedValueError, String(err));
    assert.equal(err.name, 'UntrustedValueError');
    assert.ok(err.message.startsWith(`${ORIGIN}: `), err.message);
    assert.match(err.message, what);
    return true;
  });
}

describe('SSH value grammars (values from the AWS account)', () => {
  it('accepts POSIX user names up to 32 characters and refuses anything else, naming the origin and the rule', () => {
    for (const ok of ['ubuntu', 'ec2-user', '_svc', 'a.b_c-d', `u${'x'.repeat(31)}`]) assert.equal(sshUser(ok, ORIGIN), ok);
    for (const bad of ['', '-oProxyCommand=x', '1root', 'root me', 'a\nb', `u${'x'.repeat(32)}`, 'ünï']) {
      refused(() => sshUser(bad, ORIGIN), /is not a valid user name \(a POSIX user name/);
    }
  });

  it('accepts DNS names and IP addresses as host names', () => {
    for (const ok of ['host', 'ec2-127-0-0-1.compute.example-internal', '127.0.0.1', '::1', 'fe80::1', `${'a'.repeat(63)}.b`, 'x1.y2']) {
      assert.equal(isHostName(ok), true, ok);
      assert.equal(sshHostName(ok, ORIGIN), ok);
    }
  });

  it('refuses labels that start or end with a hyphen, are empty or too long, an all-digit last label, and names over 253', () => {
    const long = Array.from({ length: 64 }, () => 'abc').join('.'); // 255 characters
    for (const bad of ['-host', 'host-', 'a..b', '', `${'a'.repeat(64)}.b`, '1.2.3', '999.0.0.1', 'h_st', 'a b', 'a\nb', long]) {
      assert.equal(isHostName(bad), false, bad);
    }
    assert.equal(isHostName(Array.from({ length: 62 }, () => 'abc').join('.').concat('.abcde')), true); // 253 characters
    refused(() => sshHostName('-oProxyCommand=x', ORIGIN), /not a valid host name \(a DNS name or an IP address\)/);
  });

  it('accepts ports 1 to 65535 only, as whole numbers', () => {
    assert.equal(sshPort(1, ORIGIN), 1);
    assert.equal(sshPort(65535, ORIGIN), 65535);
    for (const bad of [0, 65536, -22, 22.5, Number.NaN]) refused(() => sshPort(bad, ORIGIN), /not a valid port \(a whole number from 1 to 65535\)/);
  });

  it('accepts instance ids of 8 to 17 hexadecimal digits and regions like eu-west-1', () => {
    assert.equal(instanceId('i-0123abcd', ORIGIN), 'i-0123abcd');
    assert.equal(instanceId('i-0123456789abcdef0', ORIGIN), 'i-0123456789abcdef0');
    for (const bad of ['i-0123abc', 'i-0123456789abcdef01', 'i-0123ABCD', 'x-0123abcd', 'i-0123abcd;reboot']) refused(() => instanceId(bad, ORIGIN), /EC2 instance id/);
    for (const ok of ['eu-west-1', 'us-gov-west-1', 'ap-southeast-12']) assert.equal(awsRegion(ok, ORIGIN), ok);
    for (const bad of ['eu-west', 'EU-west-1', 'eu-west-123', 'eu-west-1 ', 'euwest1']) refused(() => awsRegion(bad, ORIGIN), /AWS region \(like eu-west-1\)/);
  });

  it('allows only profile names that can sit unquoted in a ProxyCommand', () => {
    for (const ok of ['default', 'lab_admin', 'me@org+x=y,z.1-2', `p${'x'.repeat(63)}`]) assert.equal(awsProfile(ok, ORIGIN), ok);
    for (const bad of ['-x', 'my profile', 'a;b', 'a$(b)', `p${'x'.repeat(64)}`, '']) refused(() => awsProfile(bad, ORIGIN), /cannot be written into an SSH ProxyCommand safely/);
  });

  it('refuses config paths with quotes, % tokens or control characters', () => {
    assert.equal(configPath('/home/me/.ssh/imaging-lab/key one', ORIGIN), '/home/me/.ssh/imaging-lab/key one');
    for (const bad of ['', '/a"b', '/a%hb', '/a\nb', '/a\tb', '/a\u007fb']) refused(() => configPath(bad, ORIGIN), /not a valid path for the SSH config/);
  });

  it('shows a refused value escaped and cut to 80 characters', () => {
    assert.equal(shownValue('a\nb'), '"a\\nb"');
    const shown = shownValue('x'.repeat(200));
    assert.equal(shown.length, 79);
    assert.ok(shown.endsWith('…"'));
    assert.equal(shownValue('y'.repeat(78)), `"${'y'.repeat(78)}"`);
  });
});
