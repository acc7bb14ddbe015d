import type { AwsClients } from '../../aws/clients';
import { isIpv4 } from '../../net/publicIp';
import type { StackInfo } from '../../stacks/stackInfo';
import { LAB_OUTPUT } from './labNames';
import { labOutput } from './labStack';
import { readOwnedSecret, type LabSecret } from './ownedSecret';

/** Where FileGator listens, as seen from the jump host: a private (RFC 1918) or loopback IPv4 address and a port. */
export interface FileGatorTarget {
  readonly host: string;
  readonly port: number;
}

/** RFC 1918 private ranges, and loopback (FileGator on the jump host itself); never a public address or a name. */
function isPrivateOrLoopback(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * FileGator's private address and port from the stack's outputs (untrusted): the tunnel's far end,
 * reached from the Jupyter instance. Absent outputs mean FileGator is switched off.
 */
export function fileGatorTarget(stack: Pick<StackInfo, 'stackName' | 'outputs'>): FileGatorTarget {
  const host = labOutput(stack, LAB_OUTPUT.fileGatorPrivateIp);
  if (!isIpv4(host) || !isPrivateOrLoopback(host)) {
    throw new Error(`The stack's ${LAB_OUTPUT.fileGatorPrivateIp} output (${JSON.stringify(host.slice(0, 40))}) is not a private IPv4 address. Imaging Lab tunnels only to private addresses of the lab's network; update the stack to the current lab template.`);
  }
  const text = labOutput(stack, LAB_OUTPUT.fileGatorPort);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65_535)) throw new Error(`The stack's ${LAB_OUTPUT.fileGatorPort} output (${JSON.stringify(text.slice(0, 20))}) is not a TCP port.`);
  return { host, port };
}

/** The template generates it with Secrets Manager (48 letters and digits); FileGator's default (admin123) never matches. */
const FILEGATOR_ADMIN_SECRET: LabSecret = {
  output: LAB_OUTPUT.fileGatorAdminSecret,
  what: 'FileGator admin password',
  value: /^[A-Za-z0-9]{32,128}$/,
  fix: 'It must be 32-128 letters and digits: set a generated value, then switch FileGator off and on in a stack update so a new instance installs with it.',
};

/** The FileGator admin password from the stack's own secret (on request only: it goes to the clipboard). */
export function fetchFileGatorPassword(clients: Pick<AwsClients, 'secretsManager' | 'cloudFormation'>, stack: Pick<StackInfo, 'stackName' | 'stackId' | 'region' | 'outputs'>, signal?: AbortSignal): Promise<string> {
  return readOwnedSecret(clients, stack, FILEGATOR_ADMIN_SECRET, signal);
}

/** The tunnel's local address: FileGator's page (HTTP is fine: the hop to the instance is inside SSH). */
export function fileGatorUrl(localPort: number): string {
  if (!Number.isInteger(localPort) || localPort < 1 || localPort > 65_535) throw new Error(`${localPort} is not a local port.`);
  return `http://127.0.0.1:${localPort}/`;
}
