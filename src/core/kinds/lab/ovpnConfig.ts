import type { ClientVpnPki } from './clientVpnPki';

/**
 * The DnsName of DescribeClientVpnEndpoints ('*.cvpn-endpoint-<id>.prod.clientvpn.<region>.amazonaws.com',
 * '.com.cn' in China). It comes from AWS, so it is checked before it becomes a line of a config file.
 */
const ENDPOINT_DNS_NAME = /^(\*\.)?(cvpn-endpoint-[0-9a-f]{8,17}\.prod\.clientvpn\.[a-z]{2}(-[a-z]+)+-[0-9]\.amazonaws\.com(\.cn)?)$/;
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n?$/;
const PEM_PRIVATE_KEY = /^-----BEGIN (RSA )?PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END (RSA )?PRIVATE KEY-----\n?$/;
const SERVER_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

export interface OvpnOptions {
  /** The endpoint's DnsName as AWS reports it (a leading '*.' is dropped; remote-random-hostname adds a label). */
  readonly endpointDnsName: string;
  readonly pki: Pick<ClientVpnPki, 'ca' | 'client' | 'serverName'>;
  /** The template's endpoint: UDP on 443. */
  readonly protocol?: 'udp' | 'tcp';
  readonly port?: number;
}

/** Host name for the `remote` line, or an error that says what was wrong with AWS's answer. */
export function endpointHost(dnsName: string): string {
  const m = ENDPOINT_DNS_NAME.exec(dnsName.trim().toLowerCase());
  if (!m) throw new Error(`'${dnsName}' is not a Client VPN endpoint DNS name (cvpn-endpoint-….prod.clientvpn.<region>.amazonaws.com); check the stack's ClientVpnEndpointId.`);
  return m[2]!;
}

function pemBlock(tag: 'ca' | 'cert' | 'key', pem: string, grammar: RegExp): string {
  const text = pem.replace(/\r\n/g, '\n').trim();
  if (!grammar.test(`${text}\n`)) throw new Error(`The ${tag} material is not a single PEM block.`);
  return `<${tag}>\n${text}\n</${tag}>`;
}

/**
 * A ready OpenVPN client configuration for the lab's Client VPN endpoint, with the CA, the client
 * certificate and its key embedded (the lab handout's step 7, where the downloaded file had to be
 * edited by hand). The server is checked twice: its certificate must chain to the lab CA, carry
 * the TLS-server usage, and bear the lab's server name.
 */
export function renderOvpnConfig(options: OvpnOptions): string {
  const host = endpointHost(options.endpointDnsName);
  const port = options.port ?? 443;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`Port ${port} is not a TCP/UDP port.`);
  if (!SERVER_NAME.test(options.pki.serverName)) throw new Error(`'${options.pki.serverName}' is not a server name.`);
  return [
    '# Imaging Lab research lab: AWS Client VPN profile with this client\'s certificate and private key.',
    '# Keep it private (it is your key); import it into the AWS VPN Client or any OpenVPN 2.4+ client.',
    'client',
    'dev tun',
    `proto ${options.protocol ?? 'udp'}`,
    `remote ${host} ${port}`,
    'remote-random-hostname',
    'resolv-retry infinite',
    'nobind',
    'remote-cert-tls server',
    `verify-x509-name ${options.pki.serverName} name`,
    'cipher AES-256-GCM',
    'reneg-sec 0',
    'verb 3',
    pemBlock('ca', options.pki.ca.certificatePem, PEM_CERTIFICATE),
    pemBlock('cert', options.pki.client.certificatePem, PEM_CERTIFICATE),
    pemBlock('key', options.pki.client.privateKeyPem, PEM_PRIVATE_KEY),
    '',
  ].join('\n');
}
