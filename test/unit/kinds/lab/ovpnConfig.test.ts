import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientVpnNames, generateClientVpnPki, type ClientVpnPki } from '../../../../src/core/kinds/lab/clientVpnPki';
import { endpointHost, renderOvpnConfig } from '../../../../src/core/kinds/lab/ovpnConfig';
import { writeOvpnFile } from '../../../../src/core/kinds/lab/ovpnFile';

/** node-forge writes PEM with CRLF; the profile uses LF throughout. */
const lf = (pem: string): string => pem.replace(/\r\n/g, '\n');
const DNS = '*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com';

interface ParsedOvpn {
  readonly directives: Map<string, string[]>;
  readonly blocks: Map<string, string>;
}

/** A strict reader of the OpenVPN config grammar we emit: one directive per line, inline <tag> blocks, '#' comments. */
function parseOvpn(text: string): ParsedOvpn {
  const directives = new Map<string, string[]>();
  const blocks = new Map<string, string>();
  const lines = text.split('\n');
  assert.equal(lines.at(-1), '', 'ends with a newline');
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    assert.ok(!/\r|\t|\s$/.test(line), `line ${i + 1} has stray whitespace`);
    if (line.startsWith('#')) continue;
    const open = /^<([a-z-]+)>$/.exec(line);
    if (open) {
      const end = lines.indexOf(`</${open[1]}>`, i);
      assert.ok(end > i, `<${open[1]}> is closed`);
      assert.ok(!blocks.has(open[1]!), `<${open[1]}> appears once`);
      blocks.set(open[1]!, `${lines.slice(i + 1, end).join('\n')}\n`);
      i = end;
      continue;
    }
    assert.match(line, /^[a-z][a-z0-9-]*( [^ ]+)*$/, `line ${i + 1} is a directive: ${line}`);
    const [name, ...args] = line.split(' ');
    assert.ok(!directives.has(name!), `${name} appears once`);
    directives.set(name!, args);
  }
  return { directives, blocks };
}

describe('lab Client VPN profile (.ovpn)', function () {
  // Three RSA 2048 key pairs.
  this.timeout(60_000);
  let pki: ClientVpnPki;
  before(async () => {
    pki = await generateClientVpnPki('my-lab');
  });

  it('names the certificates after the stack, as DNS names ACM accepts, and refuses a non-stack name', () => {
    assert.deepEqual(clientVpnNames('My-Lab'), { server: 'vpn-server.my-lab.imaging-lab.internal', client: 'vpn-client.my-lab', ca: 'Imaging Lab VPN CA My-Lab' });
    assert.equal(clientVpnNames(`a${'b'.repeat(100)}`).server.split('.')[1]!.length, 63);
    for (const bad of ['', '1lab', 'lab_1', 'lab.x', 'a'.repeat(129), 'lab\nx']) assert.throws(() => clientVpnNames(bad), /not a CloudFormation stack name/, bad);
    assert.equal(pki.serverName, 'vpn-server.my-lab.imaging-lab.internal');
  });

  it('writes exactly the client directives, the endpoint without its wildcard, and embeds CA, client certificate and key', () => {
    const parsed = parseOvpn(renderOvpnConfig({ endpointDnsName: DNS, pki }));
    assert.deepEqual(Object.fromEntries(parsed.directives), {
      client: [],
      dev: ['tun'],
      proto: ['udp'],
      remote: ['cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com', '443'],
      'remote-random-hostname': [],
      'resolv-retry': ['infinite'],
      nobind: [],
      'remote-cert-tls': ['server'],
      'verify-x509-name': ['vpn-server.my-lab.imaging-lab.internal', 'name'],
      cipher: ['AES-256-GCM'],
      'reneg-sec': ['0'],
      verb: ['3'],
    });
    assert.deepEqual([...parsed.blocks.keys()], ['ca', 'cert', 'key']);
    assert.equal(parsed.blocks.get('ca'), lf(pki.ca.certificatePem));
    assert.equal(parsed.blocks.get('cert'), lf(pki.client.certificatePem));
    assert.equal(parsed.blocks.get('key'), lf(pki.client.privateKeyPem));
    assert.ok(!renderOvpnConfig({ endpointDnsName: DNS, pki }).includes(lf(pki.ca.privateKeyPem).split('\n')[1]!), 'never the CA key');
    assert.ok(!renderOvpnConfig({ endpointDnsName: DNS, pki }).includes(lf(pki.server.privateKeyPem).split('\n')[1]!), 'never the server key');
  });

  it('takes the transport from the endpoint (TCP, another port)', () => {
    const parsed = parseOvpn(renderOvpnConfig({ endpointDnsName: DNS.slice(2), pki, protocol: 'tcp', port: 1194 }));
    assert.deepEqual(parsed.directives.get('proto'), ['tcp']);
    assert.deepEqual(parsed.directives.get('remote')?.[1], '1194');
    assert.throws(() => renderOvpnConfig({ endpointDnsName: DNS, pki, port: 70_000 }), /not a TCP\/UDP port/);
  });

  it('refuses an endpoint name that is not a Client VPN DNS name (it comes from AWS)', () => {
    assert.equal(endpointHost('*.cvpn-endpoint-0a1b2c3d4e5f60718.prod.clientvpn.cn-north-1.amazonaws.com.cn'), 'cvpn-endpoint-0a1b2c3d4e5f60718.prod.clientvpn.cn-north-1.amazonaws.com.cn');
    for (const bad of [
      'example.org',
      'cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com\nup /bin/sh',
      'cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443',
      'cvpn-endpoint-XYZ.prod.clientvpn.us-east-1.amazonaws.com',
      'cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com.evil.test',
      '',
    ]) {
      assert.throws(() => renderOvpnConfig({ endpointDnsName: bad, pki }), /not a Client VPN endpoint DNS name/, JSON.stringify(bad));
    }
  });

  it('refuses material that would add directives: a PEM with extra lines, or a closing tag inside', () => {
    const injected = { ...pki, client: { ...pki.client, certificatePem: `${pki.client.certificatePem}</cert>\nscript-security 2\n` } };
    assert.throws(() => renderOvpnConfig({ endpointDnsName: DNS, pki: injected }), /cert material is not a single PEM block/);
    const twoKeys = { ...pki, client: { ...pki.client, privateKeyPem: `${pki.client.privateKeyPem}${pki.server.privateKeyPem}` } };
    assert.throws(() => renderOvpnConfig({ endpointDnsName: DNS, pki: twoKeys }), /key material is not a single PEM block/);
    assert.throws(() => renderOvpnConfig({ endpointDnsName: DNS, pki: { ...pki, serverName: 'a b' } }), /not a server name/);
  });

  it('writes <stack>.ovpn 0600 in a 0700 folder, and refuses a file name that is not a stack name', async () => {
    const base = mkdtempSync(join(tmpdir(), 'imaging-lab-ovpn-'));
    try {
      const dir = join(base, 'vpn');
      const file = await writeOvpnFile(dir, 'my-lab', { endpointDnsName: DNS, pki });
      assert.equal(file, join(dir, 'my-lab.ovpn'));
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(parseOvpn(readFileSync(file, 'utf8')).blocks.get('key'), lf(pki.client.privateKeyPem));
      await assert.rejects(writeOvpnFile(dir, '../escape', { endpointDnsName: DNS, pki }), /cannot name a VPN profile file/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
