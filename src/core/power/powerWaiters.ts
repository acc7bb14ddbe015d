import { waitUntilInstanceRunning, waitUntilInstanceStopped, type DescribeInstancesCommandOutput } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';

type Ec2Client = Awaited<ReturnType<AwsClients['ec2']>>;

/** Polling of the SDK waiters: first look at once, then every `minDelay`..`maxDelay` seconds, for at most `maxWait`. */
export interface WaitTiming {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWait: number;
}

/** Stopping a GPU instance takes about a minute, starting one one to three; the SDK's defaults (15 s to 120 s) answer too late for a progress line. */
export const DEFAULT_WAIT: WaitTiming = { minDelay: 4, maxDelay: 15, maxWait: 900 };

/** Instance id -> state, from one DescribeInstances answer. */
export function statesOf(output: DescribeInstancesCommandOutput): Record<string, string> {
  const states: Record<string, string> = {};
  for (const r of output.Reservations ?? []) for (const i of r.Instances ?? []) if (i.InstanceId) states[i.InstanceId] = i.State?.Name ?? 'unknown';
  return states;
}

/** The client the waiter polls through: every DescribeInstances answer is reported before the waiter judges it. */
function observed(ec2: Ec2Client, onStates: (states: Record<string, string>) => void): Ec2Client {
  return new Proxy(ec2, {
    get(target, key) {
      if (key !== 'send') return Reflect.get(target, key, target);
      return async (...args: Parameters<Ec2Client['send']>) => {
        const output = (await (target.send as (...a: unknown[]) => Promise<unknown>)(...args)) as DescribeInstancesCommandOutput;
        if (output && 'Reservations' in output) onStates(statesOf(output));
        return output;
      };
    },
  });
}

export type WaitEnd = { readonly ok: true } | { readonly ok: false; readonly reason: 'failure' | 'timeout' };

/**
 * Waits with the SDK's EC2 waiter until every instance is `stopped` (or `running`). Cancelling
 * stops the waiting, not the instances: they keep changing state in AWS. A failure (an instance
 * left the expected path, e.g. a start that fell back to stopped) is returned, not thrown, so the
 * caller can explain each instance.
 */
export async function waitForInstances(
  ec2: Ec2Client,
  target: 'stopped' | 'running',
  instanceIds: readonly string[],
  onStates: (states: Record<string, string>) => void,
  signal?: AbortSignal,
  timing: WaitTiming = DEFAULT_WAIT,
): Promise<WaitEnd> {
  const waiter = target === 'stopped' ? waitUntilInstanceStopped : waitUntilInstanceRunning;
  try {
    await waiter(
      { client: observed(ec2, onStates), minDelay: timing.minDelay, maxDelay: timing.maxDelay, maxWaitTime: timing.maxWait, ...(signal ? { abortSignal: signal } : {}) },
      { InstanceIds: [...instanceIds] },
    );
    return { ok: true };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'AbortError' || signal?.aborted) throw Object.assign(new Error('Stopped waiting; the instances keep changing state in AWS.'), { name: 'AbortError' });
    if (name === 'TimeoutError') return { ok: false, reason: 'timeout' };
    // The waiter's own failure (an acceptor matched) carries its JSON state; an SDK error is real.
    if (/"state":"FAILURE"/.test((error as Error).message)) return { ok: false, reason: 'failure' };
    throw error;
  }
}
