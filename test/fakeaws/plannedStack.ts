import { randomBytes } from 'node:crypto';
import { OUTPUT, TAG_ROLE, TAG_SSH_PORT, TAG_SSH_USER } from '../../src/core/kinds/stackContract';
import { validationError } from './errors';
import type { FakeInstance, FakeOutput, FakeParameter, FakeSecret } from './model';
import type { FakeAwsState, StackRecord } from './state';

/** A loopback sshd that plays the planned stack's instance (as in `POST /__fakeaws/ssh-host`). */
export interface PlannedInstance {
  readonly port: number;
  readonly user: string;
  /** OpenSSH PEM of the client key the sshd accepts; served as the key pair's SSM parameter. */
  readonly privateKey: string;
  /** `TYPE BASE64` of the sshd host key, printed in the console output as cloud-init does. */
  readonly hostKeyLine: string;
  /** `imaging-lab:role` of the instance (default `server`). */
  readonly role?: string;
}

/**
 * Body of `POST /__fakeaws/planned-stack`: what the NEXT creation of a stack of this name produces,
 * so a journey test can deploy from the palette and land on local stand-ins. Outputs named here
 * replace the template's placeholder values (other template outputs keep theirs); the instance, SSM
 * parameters and secrets appear when the creation completes, as CloudFormation would create them.
 */
export interface PlannedStack {
  readonly region: string;
  readonly stackName: string;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly instance?: PlannedInstance;
  readonly parameters?: readonly FakeParameter[];
  readonly secrets?: readonly FakeSecret[];
}

const planKey = (region: string, stackName: string) => `${region}/${stackName}`;

function strings(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : undefined;
  if (!entries?.every(([k, v]) => k !== '' && typeof v === 'string')) throw validationError(`planned-stack: '${what}' must map names to strings`);
  return Object.fromEntries(entries) as Record<string, string>;
}

function named(value: unknown, what: string): { name: string; value: string }[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v?.name === 'string' && v.name !== '' && typeof v?.value === 'string')) {
    throw validationError(`planned-stack: '${what}' must be a list of {name, value}`);
  }
  return value.map((v: { name: string; value: string }) => ({ name: v.name, value: v.value }));
}

function instanceOf(value: unknown): PlannedInstance | undefined {
  if (value === undefined) return undefined;
  const v = (value ?? {}) as Record<string, unknown>;
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw validationError(`planned-stack: 'instance.port' must be a TCP port`);
  for (const key of ['user', 'privateKey', 'hostKeyLine'] as const) {
    if (typeof v[key] !== 'string' || v[key] === '') throw validationError(`planned-stack: 'instance.${key}' must be a non-empty string`);
  }
  const hostKeyLine = String(v.hostKeyLine).trim();
  if (!/^\S+ \S+$/.test(hostKeyLine)) throw validationError("planned-stack: 'instance.hostKeyLine' must be 'TYPE BASE64'");
  if (v.role !== undefined && (typeof v.role !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(v.role))) throw validationError("planned-stack: 'instance.role' must be a short lower-case name");
  return { port, user: String(v.user), privateKey: String(v.privateKey), hostKeyLine, ...(typeof v.role === 'string' ? { role: v.role } : {}) };
}

/** Validates and records a plan; a later plan for the same stack replaces it. */
export function planStack(state: FakeAwsState, body: unknown): PlannedStack {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.region !== 'string' || typeof b.stackName !== 'string' || !/^[A-Za-z][-A-Za-z0-9]{0,127}$/.test(b.stackName)) {
    throw validationError("planned-stack: 'region' and a valid 'stackName' are required");
  }
  const outputs = strings(b.outputs, 'outputs');
  const instance = instanceOf(b.instance);
  const parameters = named(b.parameters, 'parameters');
  const secrets = named(b.secrets, 'secrets');
  const plan: PlannedStack = {
    region: b.region,
    stackName: b.stackName,
    ...(outputs ? { outputs } : {}),
    ...(instance ? { instance } : {}),
    ...(parameters ? { parameters: parameters.map((p) => ({ ...p, type: 'String' as const })) } : {}),
    ...(secrets ? { secrets } : {}),
  };
  state.plans.set(planKey(plan.region, plan.stackName), plan);
  return plan;
}

/** The plan for a stack about to be created (taken: it applies to one creation). */
export function takePlan(state: FakeAwsState, region: string, stackName: string): PlannedStack | undefined {
  const key = planKey(region, stackName);
  const plan = state.plans.get(key);
  state.plans.delete(key);
  return plan;
}

function consoleOutput(hostKeyLine: string): string {
  return ['-----BEGIN SSH HOST KEY KEYS-----', `${hostKeyLine} root@host`, '-----END SSH HOST KEY KEYS-----', 'Cloud-init v. 24.1 finished.', ''].join('\n');
}

/** Outputs and instances a planned creation starts with: the template's outputs with the plan's values over them. */
export function plannedCreation(plan: PlannedStack | undefined, templateOutputs: readonly FakeOutput[], instanceLogicalId: string | undefined): { outputs: FakeOutput[]; instances: FakeInstance[]; keyPairId?: string } {
  if (!plan) return { outputs: [...templateOutputs], instances: [] };
  const planned = plan.outputs ?? {};
  const outputs = templateOutputs.map((o) => (o.key in planned ? { ...o, value: planned[o.key] ?? o.value } : o));
  for (const [key, value] of Object.entries(planned)) if (!outputs.some((o) => o.key === key)) outputs.push({ key, value });
  if (!plan.instance) return { outputs, instances: [] };
  const instanceId = `i-0${randomBytes(8).toString('hex')}`;
  const keyPairId = `key-0${randomBytes(8).toString('hex')}`;
  const set = (key: string, value: string) => {
    const at = outputs.findIndex((o) => o.key === key);
    if (at >= 0) outputs[at] = { ...outputs[at]!, value };
    else outputs.push({ key, value });
  };
  set(OUTPUT.instanceId, instanceId);
  set(OUTPUT.sshHost, '127.0.0.1');
  set(OUTPUT.keyPairParameter, keyPairId);
  const instance: FakeInstance = {
    instanceId,
    logicalId: instanceLogicalId ?? 'Server',
    publicIp: '127.0.0.1',
    privateIp: '10.0.9.10',
    tags: { Name: plan.stackName, [TAG_ROLE]: plan.instance.role ?? 'server', [TAG_SSH_USER]: plan.instance.user, [TAG_SSH_PORT]: String(plan.instance.port) },
    consoleOutput: consoleOutput(plan.instance.hostKeyLine),
  };
  return { outputs, instances: [instance], keyPairId };
}

/** After the stack record exists: the key pair's parameter, the plan's parameters and secrets, owned by the stack. */
export function addPlannedResources(state: FakeAwsState, plan: PlannedStack | undefined, stack: StackRecord, keyPairId: string | undefined): void {
  if (!plan) return;
  const owner = { 'aws:cloudformation:stack-id': stack.stackId };
  if (plan.instance && keyPairId) state.addParameter(plan.region, { name: `/ec2/keypair/${keyPairId}`, type: 'SecureString', value: plan.instance.privateKey, tags: owner });
  for (const p of plan.parameters ?? []) state.addParameter(plan.region, { ...p, tags: owner });
  for (const s of plan.secrets ?? []) state.addSecret(plan.region, { ...s, stack: stack.name });
}
