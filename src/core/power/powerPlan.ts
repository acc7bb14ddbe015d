import type { PowerAction, PowerInstance } from './powerTypes';

/**
 * What to do with one instance, decided from its state before any call:
 * - `call`: send Stop/Start/RebootInstances, then wait (stop and start);
 * - `wait`: the instance is already on its way (stopping when asked to stop, pending when asked to start);
 * - `unchanged`: it is already where it was asked to be;
 * - `refuse`: the action makes no sense in this state; `message` says what to do.
 */
export type PowerStep =
  | { readonly step: 'call' }
  | { readonly step: 'wait'; readonly message: string }
  | { readonly step: 'unchanged'; readonly message: string }
  | { readonly step: 'refuse'; readonly message: string };

export function planPower(action: PowerAction, instance: Pick<PowerInstance, 'label' | 'instanceId' | 'state' | 'rootDeviceType'>): PowerStep {
  const name = `${instance.label} (${instance.instanceId})`;
  const state = instance.state;
  if (state === 'terminated' || state === 'shutting-down') {
    return { step: 'refuse', message: `${name} is ${state}: it cannot be stopped or started any more. Update or redeploy the stack to get a new instance.` };
  }
  if (action === 'stop') {
    if (instance.rootDeviceType === 'instance-store') {
      return { step: 'refuse', message: `${name} boots from an instance-store volume, which cannot be stopped (only terminated). Delete the stack when you are done with it.` };
    }
    if (state === 'stopped') return { step: 'unchanged', message: `${name} is already stopped; nothing to do.` };
    if (state === 'stopping') return { step: 'wait', message: `${name} is already stopping; waiting for it to stop.` };
    if (state === 'pending') return { step: 'refuse', message: `${name} is still starting (pending). Stop it once it is running.` };
    return { step: 'call' };
  }
  if (action === 'start') {
    if (state === 'running') return { step: 'unchanged', message: `${name} is already running; nothing to do.` };
    if (state === 'pending') return { step: 'wait', message: `${name} is already starting; waiting for it to run.` };
    if (state === 'stopping') return { step: 'refuse', message: `${name} is still stopping. Start it again once it has stopped (about a minute).` };
    return { step: 'call' };
  }
  if (state !== 'running') return { step: 'refuse', message: `${name} is ${state}; only a running instance can be rebooted.` };
  return { step: 'call' };
}
