import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClientVpnPki, type ClientVpnPki } from '../../../src/core/kinds/lab/clientVpnPki';
import { renderOvpnConfig } from '../../../src/core/kinds/lab/ovpnConfig';
import { generateCertificateAuthority, issueCertificate, type KeyMaterial } from '../../../src/core/pki/certificates';
import { freePort } from '../../harness/ports';
import { requireTool } from '../../support/requireTool';

const DNS = '*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com';

/**
 * The generated profile pointed at a local OpenVPN server instead of AWS: only the transport lines
 * change (remote -> 127.0.0.1:<port>, no random host label, no tun device: OpenVPN's 'null'
 * device), so the CA, certificate, key, remote-cert-tls and verify-x509-name are exercised as written.
 */
function localProfile(ovpn: string, port: number): string {
  const out = ovpn
    .replace(/^remote .*$/m, `remote 127.0.0.1 ${port}`)
    .replace(/^remote-random-hostname\n/m, '')
    .replace(/^dev tun$/m, 'dev null')
    .replace(/^resolv-retry infinite$/m, 'resolv-retry 0');
  assert.ok(out.includes(`remote 127.0.0.1 ${port}`) && out.includes('dev null') && !out.includes('remote-random-hostname'));
  // Give up after one short TLS attempt instead of OpenVPN's 60 s default.
  return `${out}hand-window 8\ntls-exit\nconnect-retry-max 1\n`;
}

interface Run {
  readonly child: ChildProcess;
  log: string;
  /** Resolves with the log once `pattern` appears or the process ends; rejects after `ms`. */
  until(pattern: RegExp, ms: number): Promise<string>;
}

function start(tool: string, args: string[]): Run {
  const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = {
    child,
    log: '',
    until(pattern, ms) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (!pattern.test(run.log)) return false;
          cleanup();
          resolve(run.log);
          return true;
        };
        const timer = setTimeout(() => (cleanup(), reject(new Error(`no ${pattern} within ${ms} ms:\n${run.log}`))), ms);
        const onData = (): void => void check();
        const onClose = (): void => void (check() || (cleanup(), resolve(run.log)));
        const cleanup = (): void => {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          child.off('close', onClose);
        };
        child.stdout!.on('data', onData);
        child.on('close', onClose);
        check();
      });
    },
  };
  const append = (d: Buffer): void => void (run.log += d.toString());
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  return run;
}

describe('lab Client VPN certificates with the real tools (openssl verify, an OpenVPN handshake on loopback)', function () {
  this.timeout(120_000);
  let openssl = '';
  let openvpn = '';
  let dir = '';
  let pki: ClientVpnPki;
  let stranger: KeyMaterial;
  const running: ChildProcess[] = [];

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  const verify = (ca: string, cert: string, purpose: 'sslclient' | 'sslserver') =>
    spawnSync(openssl, ['verify', '-purpose', purpose, '-CAfile', file('verify-ca.pem', ca), file('verify-cert.pem', cert)], { encoding: 'utf8' });

  /** A local OpenVPN server in TLS mode holding `server` from `ca`, and a client using `profile`. */
  async function handshake(profile: string, server: KeyMaterial, ca: string): Promise<{ server: string; client: string }> {
    const port = await freePort();
    const srv = start(openvpn, [
      '--dev', 'null', '--proto', 'udp', '--local', '127.0.0.1', '--lport', String(port), '--tls-server', '--dh', 'none',
      '--ca', file('server-ca.pem', ca), '--cert', file('server.pem', server.certificatePem), '--key', file('server.key', server.privateKeyPem),
      '--verb', '3', '--hand-window', '8', '--ping-exit', '30',
    ]);
    running.push(srv.child);
    await srv.until(/Initialization Sequence Completed|UDPv4 link local/, 15_000);
    const cli = start(openvpn, ['--config', file('client.ovpn', localProfile(profile, port))]);
    running.push(cli.child);
    const client = await cli.until(/Initialization Sequence Completed|TLS Error|VERIFY ERROR|VERIFY X509NAME ERROR|Exiting due to fatal error/, 30_000);
    cli.child.kill('SIGTERM');
    srv.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    return { server: srv.log, client };
  }

  before(async () => {
    openssl = requireTool('openssl', 'openssl');
    openvpn = requireTool('openvpn', 'openvpn');
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-vpn-'));
    pki = await generateClientVpnPki('my-lab');
    const otherCa = await generateCertificateAuthority({ commonName: 'Some Other CA' });
    stranger = await issueCertificate(otherCa, { commonName: 'vpn-client.my-lab', usage: 'client' });
  });
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('openssl verify accepts the server and client certificates against the lab CA, each for its own purpose', () => {
    const server = verify(pki.ca.certificatePem, pki.server.certificatePem, 'sslserver');
    assert.equal(server.status, 0, server.stdout + server.stderr);
    assert.match(server.stdout, /: OK/);
    const client = verify(pki.ca.certificatePem, pki.client.certificatePem, 'sslclient');
    assert.equal(client.status, 0, client.stdout + client.stderr);
    const wrongPurpose = verify(pki.ca.certificatePem, pki.client.certificatePem, 'sslserver');
    assert.notEqual(wrongPurpose.status, 0, 'a client certificate must not pass as a server');
  });

  it('openssl verify rejects a client certificate issued by another CA', () => {
    const r = verify(pki.ca.certificatePem, stranger.certificatePem, 'sslclient');
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /unable to get local issuer certificate/);
  });

  it('the generated .ovpn completes a mutual-TLS OpenVPN handshake with a server holding the lab server certificate', async () => {
    const ovpn = renderOvpnConfig({ endpointDnsName: DNS, pki });
    const { server, client } = await handshake(ovpn, pki.server, pki.ca.certificatePem);
    assert.match(client, /VERIFY X509NAME OK: CN=vpn-server\.my-lab\.imaging-lab\.internal/);
    assert.match(client, /VERIFY EKU OK/);
    assert.match(client, /Initialization Sequence Completed/);
    assert.match(server, /VERIFY OK: depth=0, CN=vpn-client\.my-lab/);
  });

  it('the server refuses a profile whose client certificate comes from another CA', async () => {
    const ovpn = renderOvpnConfig({ endpointDnsName: DNS, pki: { ...pki, client: stranger } });
    const { server, client } = await handshake(ovpn, pki.server, pki.ca.certificatePem);
    assert.doesNotMatch(client, /Initialization Sequence Completed/);
    assert.match(server, /VERIFY ERROR/);
  });

  it('the profile refuses a server whose certificate is not the lab server (another CA, or another name)', async () => {
    const ovpn = renderOvpnConfig({ endpointDnsName: DNS, pki });
    const foreignCa = await generateCertificateAuthority({ commonName: 'Impostor CA' });
    const impostor = await issueCertificate(foreignCa, { commonName: pki.serverName, usage: 'server', dnsNames: [pki.serverName] });
    const foreign = await handshake(ovpn, impostor, foreignCa.certificatePem);
    assert.doesNotMatch(foreign.client, /Initialization Sequence Completed/);
    assert.match(foreign.client, /VERIFY ERROR/);
    const renamed = await issueCertificate(pki.ca, { commonName: 'vpn-server.other.imaging-lab.internal', usage: 'server', dnsNames: ['vpn-server.other.imaging-lab.internal'] });
    const wrongName = await handshake(ovpn, renamed, pki.ca.certificatePem);
    assert.doesNotMatch(wrongName.client, /Initialization Sequence Completed/);
    assert.match(wrongName.client, /VERIFY X509NAME ERROR/);
  });
});
