import { generateCertificateAuthority, issueCertificate, type KeyMaterial } from '../../pki/certificates';

/** The three certificates of a lab's Client VPN (mutual TLS), made on the user's machine. */
export interface ClientVpnPki {
  /** Signs the other two; its key never leaves the machine (ACM receives only the CA certificate, as a chain). */
  readonly ca: KeyMaterial;
  /** Imported into ACM (certificate, key, chain = CA) and named by ClientVpnServerCertificateArn. */
  readonly server: KeyMaterial;
  /** Embedded in the .ovpn with its key. */
  readonly client: KeyMaterial;
  /** The server certificate's name, which the .ovpn pins with verify-x509-name. */
  readonly serverName: string;
}

/** CloudFormation stack names: a letter, then letters, digits and hyphens, at most 128. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/**
 * Names inside the certificates, derived from the stack: `vpn-server.<stack>.imaging-lab.internal`
 * (a DNS name, which ACM requires of an imported certificate) and `vpn-client.<stack>`. A stack
 * name is lower-cased and cut to one 63-character DNS label.
 */
export function clientVpnNames(stackName: string): { server: string; client: string; ca: string } {
  if (!STACK_NAME.test(stackName)) throw new Error(`'${stackName}' is not a CloudFormation stack name.`);
  const label = stackName.toLowerCase().slice(0, 63).replace(/-+$/, '');
  return { server: `vpn-server.${label}.imaging-lab.internal`, client: `vpn-client.${label.slice(0, 52)}`, ca: `Imaging Lab VPN CA ${stackName.slice(0, 44)}` };
}

/** CA, server and client certificates for the lab stack's Client VPN (RSA 2048, SHA-256). */
export async function generateClientVpnPki(stackName: string, now?: Date): Promise<ClientVpnPki> {
  const names = clientVpnNames(stackName);
  const ca = await generateCertificateAuthority({ commonName: names.ca, organization: 'Imaging Lab', ...(now ? { now } : {}) });
  const [server, client] = await Promise.all([
    issueCertificate(ca, { commonName: names.server, usage: 'server', dnsNames: [names.server], ...(now ? { now } : {}) }),
    issueCertificate(ca, { commonName: names.client, usage: 'client', ...(now ? { now } : {}) }),
  ]);
  return { ca, server, client, serverName: names.server };
}
