import { FakeAwsError, validationError } from './errors';
import type { FakeInstance } from './model';
import { list, type QueryObject } from './queryParams';
import type { FakeAwsState, StackRecord } from './state';
import type { XmlValue } from './xml';

type State = NonNullable<FakeInstance['state']>;
const STATE_CODES: Record<State, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

/**
 * What a test scripts for one instance (`POST /__fakeaws/power`, JSON): the public address it gets
 * at its next start (none scripted: an Elastic IP, the same address), whether it has a public DNS
 * name (a VPC without DNS hostnames has none), how long a transition takes, how many starts fail
 * for capacity first, and the console output after a start (cloud-init prints host keys only on
 * the first boot).
 */
export interface PowerScript {
  readonly region: string;
  readonly instanceId: string;
  readonly addressAfterStart?: string;
  readonly publicDns?: boolean;
  readonly transitionMs?: number;
  readonly capacityFailures?: number;
  readonly consoleAfterStart?: string;
  /** Stop it now as its idle alarm would: the alarm (named) records the executed stop action. */
  readonly idleStopAlarm?: string;
}

interface Overlay {
  state: State;
  /** The state reached at `until`, if a transition is under way. */
  next?: State;
  until: number;
  publicIp?: string;
  launchedAt?: number;
  consoleOutput?: string;
  script: Partial<PowerScript>;
  capacityFailuresLeft: number;
}

/** An executed alarm action, as DescribeAlarmHistory reports it. */
export interface FakeAlarmAction {
  readonly alarmName: string;
  readonly instanceId: string;
  readonly region: string;
  readonly at: number;
}

interface PowerBook {
  readonly overlays: Map<string, Overlay>;
  readonly alarmActions: FakeAlarmAction[];
}

const books = new WeakMap<FakeAwsState, PowerBook>();

function bookOf(state: FakeAwsState): PowerBook {
  let book = books.get(state);
  if (!book) {
    book = { overlays: new Map(), alarmActions: [] };
    books.set(state, book);
  }
  return book;
}

/** The alarm actions executed so far (the CloudWatch fake reads them). */
export function alarmActions(state: FakeAwsState): readonly FakeAlarmAction[] {
  return bookOf(state).alarmActions;
}

function overlayOf(state: FakeAwsState, instance: FakeInstance): Overlay {
  const overlays = bookOf(state).overlays;
  let overlay = overlays.get(instance.instanceId);
  if (!overlay) {
    overlay = { state: instance.state ?? 'running', until: 0, ...(instance.publicIp ? { publicIp: instance.publicIp } : {}), ...(instance.consoleOutput !== undefined ? { consoleOutput: instance.consoleOutput } : {}), script: {}, capacityFailuresLeft: 0 };
    overlays.set(instance.instanceId, overlay);
  }
  return overlay;
}

/** Moves a transition that has run its time to its end state. */
function settle(state: FakeAwsState, instance: FakeInstance, overlay: Overlay): void {
  if (!overlay.next || state.now() < overlay.until) return;
  overlay.state = overlay.next;
  delete overlay.next;
  if (overlay.state === 'stopped' && overlay.script.addressAfterStart) delete overlay.publicIp;
  if (overlay.state === 'running') {
    overlay.publicIp = overlay.script.addressAfterStart ?? instance.publicIp;
    overlay.launchedAt = overlay.until;
    if ('consoleAfterStart' in overlay.script) overlay.consoleOutput = overlay.script.consoleAfterStart;
  }
}

/** The instance as EC2 describes it now: state, public address, DNS name, launch time and console after stops and starts. */
export function poweredInstance(state: FakeAwsState, instance: FakeInstance): FakeInstance {
  const overlay = bookOf(state).overlays.get(instance.instanceId);
  if (!overlay) return instance;
  settle(state, instance, overlay);
  const { publicIp: _ip, consoleOutput: _console, ...rest } = instance;
  return {
    ...rest,
    state: overlay.state,
    ...(overlay.publicIp ? { publicIp: overlay.publicIp } : {}),
    ...(overlay.script.publicDns === false ? { publicDnsName: '' } : {}),
    ...(overlay.launchedAt !== undefined ? { launchedAt: overlay.launchedAt } : {}),
    ...(overlay.consoleOutput !== undefined ? { consoleOutput: overlay.consoleOutput } : {}),
  };
}

function find(state: FakeAwsState, region: string, id: string): { stack: StackRecord; instance: FakeInstance } {
  const found = state.instances(region).find(({ instance }) => instance.instanceId === id);
  if (!found) throw new FakeAwsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`, 400);
  return found;
}

function stateShape(s: State): XmlValue {
  return { code: STATE_CODES[s], name: s };
}

/** Starts a transition; returns the instancesSet entry Stop/StartInstances answer with. */
function transition(state: FakeAwsState, region: string, id: string, from: readonly State[], via: State, to: State, action: string): XmlValue {
  const { instance } = find(state, region, id);
  const overlay = overlayOf(state, instance);
  settle(state, instance, overlay);
  const previous = overlay.state;
  if (previous === to) return { instanceId: id, currentState: stateShape(previous), previousState: stateShape(previous) };
  if (!from.includes(previous)) throw new FakeAwsError('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be ${action}.`, 400);
  overlay.state = via;
  overlay.next = to;
  overlay.until = state.now() + (overlay.script.transitionMs ?? 1500);
  return { instanceId: id, currentState: stateShape(via), previousState: stateShape(previous) };
}

function ids(p: QueryObject): string[] {
  const found = list(p.InstanceId).map(String);
  if (found.length === 0) throw new FakeAwsError('MissingParameter', "The request must contain the parameter 'InstanceId'", 400);
  return found;
}

/** Instance storage of the types the fake offers (EC2 DescribeInstanceTypes, InstanceStorageInfo). */
const INSTANCE_STORE_GB: Readonly<Record<string, number>> = { 'g4dn.xlarge': 125, 'g4dn.2xlarge': 225, 'g5.xlarge': 250 };

/** EC2 Stop/Start/RebootInstances (state transitions in time) and DescribeInstanceTypes (instance storage). */
export const ec2PowerHandlers: Record<string, (state: FakeAwsState, region: string, p: QueryObject) => XmlValue> = {
  StopInstances(state, region, p) {
    return { instancesSet: ids(p).map((id) => transition(state, region, id, ['running', 'stopping'], 'stopping', 'stopped', 'stopped')) };
  },
  StartInstances(state, region, p) {
    const entries = ids(p).map((id) => {
      const { instance } = find(state, region, id);
      const overlay = overlayOf(state, instance);
      if (overlay.capacityFailuresLeft > 0 && overlay.state === 'stopped') {
        overlay.capacityFailuresLeft--;
        throw new FakeAwsError('InsufficientInstanceCapacity', `We currently do not have sufficient ${instance.instanceType ?? 't3.medium'} capacity in the Availability Zone you requested (${region}a). Our system will be working on provisioning additional capacity.`, 500);
      }
      return transition(state, region, id, ['stopped', 'pending'], 'pending', 'running', 'started');
    });
    return { instancesSet: entries };
  },
  RebootInstances(state, region, p) {
    for (const id of ids(p)) {
      const { instance } = find(state, region, id);
      if (poweredInstance(state, instance).state !== 'running') throw new FakeAwsError('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be rebooted.`, 400);
    }
    return { return: true };
  },
  DescribeInstanceTypes(_state, _region, p) {
    const types = list(p.InstanceType).map(String);
    return {
      instanceTypeSet: types.map((t) => ({
        instanceType: t,
        instanceStorageSupported: t in INSTANCE_STORE_GB,
        ...(t in INSTANCE_STORE_GB ? { instanceStorageInfo: { totalSizeInGB: INSTANCE_STORE_GB[t], nvmeSupport: 'required' } } : {}),
      })),
    };
  },
};

/** `POST /__fakeaws/power`: scripts an instance (see PowerScript); `idleStopAlarm` stops it as its alarm would. */
export function scriptPower(state: FakeAwsState, body: unknown): { instanceId: string; state: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const region = typeof b.region === 'string' ? b.region : '';
  const id = typeof b.instanceId === 'string' ? b.instanceId : '';
  if (!region || !id) throw validationError("power: 'region' and 'instanceId' are required");
  const address = b.addressAfterStart;
  if (address !== undefined && (typeof address !== 'string' || !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address))) throw validationError("power: 'addressAfterStart' must be a loopback address");
  const { instance } = find(state, region, id);
  const overlay = overlayOf(state, instance);
  overlay.script = { ...overlay.script, ...(b as Partial<PowerScript>) };
  overlay.capacityFailuresLeft = Number(b.capacityFailures ?? overlay.capacityFailuresLeft) || 0;
  if (typeof b.idleStopAlarm === 'string') {
    ec2PowerHandlers.StopInstances!(state, region, { InstanceId: [id] });
    bookOf(state).alarmActions.push({ alarmName: b.idleStopAlarm, instanceId: id, region, at: state.now() });
  }
  return { instanceId: id, state: poweredInstance(state, instance).state ?? 'running' };
}

