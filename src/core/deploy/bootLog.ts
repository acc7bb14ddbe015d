import { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';

// Terminal control sequences in serial console output (colours, cursor moves).
// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Console text as plain lines: control sequences and carriage returns removed, last `maxLines` kept. */
export function consoleTail(base64Output: string | undefined, maxLines: number): string[] {
  if (!base64Output) return [];
  const text = Buffer.from(base64Output, 'base64').toString('utf8');
  const lines = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.slice(l.lastIndexOf('\r') + 1).replace(CONTROL, ''));
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  return lines.slice(-maxLines);
}

/**
 * The tail of an instance's boot log (EC2 GetConsoleOutput). `Latest` works on Nitro instances
 * only; older types answer UnsupportedOperation, so the buffered output is read instead.
 */
export async function fetchBootLogTail(clients: AwsClients, region: string, instanceId: string, maxLines = 40, signal?: AbortSignal): Promise<string[]> {
  const ec2 = await clients.ec2(region);
  try {
    const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId, Latest: true }), { abortSignal: signal });
    return consoleTail(out.Output, maxLines);
  } catch (error) {
    if ((error as { name?: string }).name !== 'UnsupportedOperation') throw error;
    const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }), { abortSignal: signal });
    return consoleTail(out.Output, maxLines);
  }
}
