import { RebootInstancesCommand, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { friendlyAwsError } from '../aws/errors';
import { capacityAdvice, isCapacityProblem } from './capacityAdvice';
import { describeRaw, toPowerInstance } from './describePower';
import { planPower } from './powerPlan';
import type { InstanceAddress, PowerAction, PowerInstance, PowerProgress, PowerResult } from './powerTypes';
import { DEFAULT_WAIT, waitForInstances, type WaitTiming } from './powerWaiters';

export interface PowerDeps {
  readonly clients: Pick<AwsClients, 'ec2'>;
  readonly region: string;
  readonly progress?: (p: PowerProgress) => void;
  readonly signal?: AbortSignal;
  readonly timing?: WaitTiming;
}

const VERB: Record<PowerAction, { ing: string; done: string; target?: 'stopped' | 'running' }> = {
  stop: { ing: 'Stopping', done: 'stopped', target: 'stopped' },
  start: { ing: 'Starting', done: 'running', target: 'running' },
  reboot: { ing: 'Rebooting', done: 'rebooting' },
};

function address(i: Pick<PowerInstance, 'publicIp' | 'publicDns'>): InstanceAddress {
  return { ...(i.publicIp ? { publicIp: i.publicIp } : {}), ...(i.publicDns ? { publicDns: i.publicDns } : {}) };
}

function errorCode(error: unknown): string {
  return (error as { name?: string; Code?: string }).Code ?? (error as Error).name ?? 'Error';
}

/** Sends the action for one instance; a refusal by EC2 becomes that instance's result. */
async function send(deps: PowerDeps, action: PowerAction, instance: PowerInstance): Promise<PowerResult | undefined> {
  const ec2 = await deps.clients.ec2(deps.region);
  const input = { InstanceIds: [instance.instanceId] };
  const command = action === 'stop' ? new StopInstancesCommand(input) : action === 'start' ? new StartInstancesCommand(input) : new RebootInstancesCommand(input);
  try {
    await ec2.send(command as StopInstancesCommand, { abortSignal: deps.signal });
    return undefined;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    const code = errorCode(error);
    const message = isCapacityProblem(code)
      ? capacityAdvice(instance)
      : code === 'IncorrectInstanceState'
        ? `${instance.label} (${instance.instanceId}) changed state meanwhile; refresh and try again. (${(error as Error).message})`
        : friendlyAwsError(error, { region: deps.region, action: `ec2:${action === 'stop' ? 'Stop' : action === 'start' ? 'Start' : 'Reboot'}Instances` }).message;
    return { instanceId: instance.instanceId, label: instance.label, outcome: 'failed', message, stateBefore: instance.state, before: address(instance) };
  }
}

/** How an instance that was acted on (or waited for) ended, from a fresh DescribeInstances. */
function ending(action: PowerAction, before: PowerInstance, after: PowerInstance | undefined, timedOutAfter: number | undefined): PowerResult {
  const common = { instanceId: before.instanceId, label: before.label, stateBefore: before.state, before: address(before) };
  if (!after) return { ...common, outcome: 'failed', message: `${before.label} (${before.instanceId}) is no longer listed by EC2.` };
  const target = VERB[action].target;
  const base = { ...common, stateAfter: after.state, after: address(after) };
  if (!target || after.state === target) {
    const was = before.publicIp && before.publicIp !== after.publicIp ? `, was ${before.publicIp}` : '';
    const address = action === 'start' && after.publicIp ? ` at ${after.publicIp}${after.elasticIp ? ' (Elastic IP)' : ` (a new public address${was})`}` : '';
    const note = action === 'reboot' ? ' (reboot requested; it keeps its addresses and instance store)' : address;
    return { ...base, outcome: 'done', message: `${before.label} (${before.instanceId}) is ${VERB[action].done}${note}.` };
  }
  if (action === 'start' && isCapacityProblem(after.stateReasonCode)) return { ...base, outcome: 'failed', message: capacityAdvice(after) };
  if (timedOutAfter !== undefined) {
    return { ...base, outcome: 'failed', message: `${before.label} (${before.instanceId}) is still ${after.state} after ${Math.round(timedOutAfter / 60)} minutes; it may still finish: refresh later, or look at the instance in the EC2 console.` };
  }
  const reason = after.stateReasonMessage ? ` EC2 says: ${after.stateReasonMessage}` : '';
  return { ...base, outcome: 'failed', message: `${before.label} (${before.instanceId}) ended ${after.state} instead of ${target}.${reason}` };
}

/**
 * Stops, starts or reboots instances of a stack: decides per instance from its state (already
 * stopped is a no-op with a message), sends the calls, then waits with the SDK's waiters while
 * reporting each poll's states. Results are per instance; nothing here throws for one instance's
 * failure. Cancelling (the signal) ends the waiting with an AbortError.
 */
export async function runPower(deps: PowerDeps, action: PowerAction, instances: readonly PowerInstance[]): Promise<PowerResult[]> {
  const results = new Map<string, PowerResult>();
  const waitFor: PowerInstance[] = [];
  for (const instance of instances) {
    const step = planPower(action, instance);
    if (step.step === 'unchanged' || step.step === 'refuse') {
      results.set(instance.instanceId, { instanceId: instance.instanceId, label: instance.label, outcome: step.step === 'unchanged' ? 'unchanged' : 'refused', message: step.message, stateBefore: instance.state, before: address(instance) });
      continue;
    }
    if (step.step === 'wait') deps.progress?.({ message: step.message });
    else {
      deps.progress?.({ message: `${VERB[action].ing} ${instance.label} (${instance.instanceId})…` });
      const failed = await send(deps, action, instance);
      if (failed) {
        results.set(instance.instanceId, failed);
        continue;
      }
    }
    waitFor.push(instance);
  }
  const target = VERB[action].target;
  if (waitFor.length > 0) {
    const ec2 = await deps.clients.ec2(deps.region);
    let end: { ok: boolean; reason?: string } = { ok: true };
    if (target) {
      const started = Date.now();
      const labels = new Map(waitFor.map((i) => [i.instanceId, i.label]));
      end = await waitForInstances(
        ec2,
        target,
        waitFor.map((i) => i.instanceId),
        (states) => {
          const seconds = Math.round((Date.now() - started) / 1000);
          const line = Object.entries(states).map(([id, s]) => `${labels.get(id) ?? id}: ${s}`).join(', ');
          deps.progress?.({ message: `${line} (${seconds} s)`, states });
        },
        deps.signal,
        deps.timing,
      );
    }
    const after = new Map((await describeRaw(ec2, waitFor.map((i) => i.instanceId), deps.signal)).map((i) => [i.InstanceId ?? '', i]));
    for (const before of waitFor) {
      const raw = after.get(before.instanceId);
      const fresh = raw ? toPowerInstance(raw, { logicalId: before.label, sshPort: before.sshPort }) : undefined;
      results.set(before.instanceId, ending(action, before, fresh && { ...fresh, label: before.label }, end.reason === 'timeout' ? (deps.timing ?? DEFAULT_WAIT).maxWait : undefined));
    }
  }
  return instances.map((i) => results.get(i.instanceId)!);
}
