import { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { parseHostKey, type HostKey } from './hostKeyPins';
import { explainAccessDenied } from './sshAwsErrors';

const BEGIN = '-----BEGIN SSH HOST KEY KEYS-----';
const END = '-----END SSH HOST KEY KEYS-----';

/**
 * Host keys from cloud-init's block in the console log. The last complete block wins (the most
 * recent boot); console lines may carry a prefix (timestamps, "ec2:"), so keys are found anywhere
 * in a line.
 */
export function parseConsoleHostKeys(consoleText: string): HostKey[] {
  const lines = consoleText.split(/\r?\n/);
  let found: HostKey[] = [];
  let current: HostKey[] | undefined;
  for (const line of lines) {
    if (line.includes(BEGIN)) current = [];
    else if (line.includes(END)) {
      if (current && current.length > 0) found = current;
      current = undefined;
    } else if (current) {
      const match = /(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp\d+)\s+([A-Za-z0-9+/]+={0,2})/.exec(line);
      const key = match ? parseHostKey(`${match[1]} ${match[2]}`) : undefined;
      if (key && !current.some((k) => k.base64 === key.base64)) current.push(key);
    }
  }
  return found;
}

/** Reads the instance's latest console output and returns its host keys ([] when not there yet). */
export async function fetchConsoleHostKeys(
  clients: Pick<AwsClients, 'ec2'>,
  region: string,
  instanceId: string,
  signal?: AbortSignal,
): Promise<HostKey[]> {
  const ec2 = await clients.ec2(region);
  try {
    const result = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId, Latest: true }), {
      abortSignal: signal,
    });
    if (!result.Output) return [];
    return parseConsoleHostKeys(Buffer.from(result.Output, 'base64').toString('utf8'));
  } catch (error) {
    throw explainAccessDenied(error, `reading the console output of ${instanceId}`, ['ec2:GetConsoleOutput']);
  }
}
