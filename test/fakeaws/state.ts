import { randomBytes } from 'node:crypto';
import type { ChangeSetRecord } from './changeSetModel';
import type { PlannedStack } from './plannedStack';
import type { FakeAccount, FakeFault, FakeInstance, FakeOutput, FakeParameter, FakeRegionError, FakeResource, FakeSecret, FakeStackSpec } from './model';
import { assertLoopbackOnly } from './loopbackOnly';
import { S3Store } from './s3Store';
import { withStandIns } from './standIns';
import { SecurityGroupRules } from './securityGroupRules';
import { poweredInstance } from './ec2Power';
import { operationTimeline, scriptedTimeline, STACK_TYPE, type TimedEvent } from './timeline';

/** A stack; an executed change set replaces its template, parameters, tags, outputs and resources. */
export interface StackRecord {
  readonly name: string;
  readonly stackId: string;
  readonly region: string;
  readonly description?: string;
  tags: Readonly<Record<string, string>>;
  parameters: Readonly<Record<string, string>>;
  outputs: readonly FakeOutput[];
  resources: readonly (FakeResource & { physicalId: string })[];
  readonly instances: readonly FakeInstance[];
  templateBody: string;
  readonly createdAt: number;
  /** All events, visible once their time has come. */
  events: TimedEvent[];
}

export type Clock = () => number;

const DEFAULT_TEMPLATE = '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}';

/**
 * A scripted stack without a template body gets one declaring its parameters and naming its
 * resources, as GetTemplate never returns an empty template for a real stack.
 */
function templateOfResources(resources: readonly FakeResource[], parameters: Readonly<Record<string, string>> = {}): string {
  if (resources.length === 0) return DEFAULT_TEMPLATE;
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    ...(Object.keys(parameters).length > 0 ? { Parameters: Object.fromEntries(Object.keys(parameters).map((k) => [k, { Type: 'String' }])) } : {}),
    Resources: Object.fromEntries(resources.map((r) => [r.logicalId, { Type: r.type }])),
  });
}

/** Physical ids shaped like AWS's for the types the product looks up by id (security groups). */
export function physicalIdFor(stackName: string, r: FakeResource, index: number): string {
  if (r.type === 'AWS::EC2::SecurityGroup') return `sg-0${randomBytes(8).toString('hex')}`;
  return `${stackName}-${r.logicalId}-${index + 1}`.toLowerCase();
}

/** Mutable world behind the fake endpoint; time comes from an injectable clock. */
export class FakeAwsState {
  readonly stacks: StackRecord[] = [];
  private serial = 0;
  readonly startedAt: number;
  /** Parameters added while running (test control), on top of the scripted ones. */
  private readonly addedParameters: (FakeParameter & { region: string })[] = [];
  /** Secrets added while running (test control: a planned stack's own secrets). */
  private readonly addedSecrets: (FakeSecret & { region: string })[] = [];
  /** What the next creation of a stack of this name produces (test control, see plannedStack.ts), by `region/name`. */
  readonly plans = new Map<string, PlannedStack>();
  readonly buckets = new S3Store();
  readonly rules = new SecurityGroupRules();
  readonly changeSets: ChangeSetRecord[] = [];
  /** ACM certificates imported through the API, by ARN. */
  readonly certificates = new Map<string, { inUse: boolean }>();
  /** What an executed change set replaced, per stack, for CancelUpdateStack to roll back to. */
  readonly updates = new Map<string, Pick<StackRecord, 'templateBody' | 'parameters' | 'resources' | 'outputs' | 'tags'>>();
  /** Keys pushed with EC2 Instance Connect (valid 60 s on a real instance). */
  readonly pushedKeys: { instanceId: string; user: string; publicKey: string; at: number }[] = [];
  private readonly faultsLeft: { fault: FakeFault; left: number }[];

  constructor(
    readonly account: FakeAccount,
    readonly now: Clock = Date.now,
  ) {
    this.startedAt = now();
    this.faultsLeft = (account.faults ?? []).map((fault) => ({ fault, left: fault.times }));
    for (const [region, spec] of Object.entries(account.regions)) {
      for (const stack of spec.stacks ?? []) this.addStack(region, stack, this.startedAt);
      // stowrs kind: scripted buckets and what they hold
      for (const seed of spec.buckets ?? []) {
        const bucket = this.buckets.create(seed.name, region, account.accountId);
        for (const [key, text] of Object.entries(seed.objects)) bucket.objects.set(key, Buffer.from(text));
      }
    }
  }

  get pageSize(): number {
    return this.account.pageSize ?? 2;
  }

  regionError(region: string): FakeRegionError | undefined {
    return this.account.regions[region]?.error;
  }

  /** Adds a stack whose scripted history starts at `startAt` (or `createdAgoMs` before it). */
  addStack(region: string, scripted: FakeStackSpec, startAt = this.now()): StackRecord {
    const { spec, parameters } = this.account.standIns ? withStandIns(scripted, this.account.standIns) : { spec: scripted, parameters: [] };
    assertLoopbackOnly(spec);
    const id = `${(++this.serial).toString(16).padStart(4, '0')}a1b2-c3d4-11ef-9f00-0e${region.length}f00d${this.serial}`;
    const stackId = `arn:aws:cloudformation:${region}:${this.account.accountId}:stack/${spec.name}/${id}`;
    const resources = (spec.resources ?? []).map((r, i) => ({ ...r, physicalId: r.physicalId ?? physicalIdFor(spec.name, r, i) }));
    const duration = spec.createDurationMs ?? 0;
    const createdAt = startAt - (spec.createdAgoMs ?? 0);
    const record: StackRecord = {
      name: spec.name,
      stackId,
      region,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags ?? {},
      parameters: spec.parameters ?? {},
      outputs: spec.outputs ?? [],
      resources,
      instances: spec.instances ?? [],
      templateBody: spec.templateBody ?? templateOfResources(resources, spec.parameters),
      createdAt,
      events: operationTimeline('CREATE', { name: spec.name, stackId }, resources, createdAt, Math.max(duration, 1000), spec.finalStatus, spec.finalReason),
    };
    // A stack already done is scripted to have finished a second after it began.
    if (duration === 0) record.events = operationTimeline('CREATE', { name: spec.name, stackId }, resources, createdAt - 1000, 1000, spec.finalStatus, spec.finalReason);
    if (spec.events) record.events = scriptedTimeline({ name: spec.name, stackId }, resources, createdAt, spec.events);
    this.stacks.push(record);
    for (const parameter of parameters) this.addParameter(region, { ...parameter, tags: { 'aws:cloudformation:stack-id': stackId } });
    return record;
  }

  /** Restarts a stack's scripted creation from now (tests that want to watch it happen). */
  replayCreation(stack: StackRecord, durationMs: number): void {
    stack.events = operationTimeline('CREATE', stack, stack.resources, this.now(), durationMs);
  }

  deleteStack(stack: StackRecord): void {
    if (this.status(stack).startsWith('DELETE_')) return;
    const duration = this.account.operationDurationMs ?? 4000;
    stack.events.push(...operationTimeline('DELETE', stack, stack.resources, this.now(), duration));
  }

  visibleEvents(stack: StackRecord): TimedEvent[] {
    const now = this.now();
    return stack.events.filter((e) => e.at <= now);
  }

  /** Status = latest stack-level event that has happened. */
  status(stack: StackRecord): string {
    const own = this.visibleEvents(stack).filter((e) => e.type === STACK_TYPE && e.logicalId === stack.name);
    return own.at(-1)?.status ?? 'CREATE_IN_PROGRESS';
  }

  statusReason(stack: StackRecord): string | undefined {
    const own = this.visibleEvents(stack).filter((e) => e.type === STACK_TYPE && e.logicalId === stack.name);
    return own.at(-1)?.reason;
  }

  lastUpdated(stack: StackRecord): number {
    return this.visibleEvents(stack).at(-1)?.at ?? stack.createdAt;
  }

  resourceStatus(stack: StackRecord, logicalId: string): string | undefined {
    return this.visibleEvents(stack).filter((e) => e.logicalId === logicalId && e.type !== STACK_TYPE).at(-1)?.status;
  }

  isDeleted(stack: StackRecord): boolean {
    return this.status(stack) === 'DELETE_COMPLETE';
  }

  /** Stacks of a region that DescribeStacks lists (deleted ones are only found by id). */
  liveStacks(region: string): StackRecord[] {
    return this.stacks.filter((s) => s.region === region && !this.isDeleted(s));
  }

  findStack(region: string, nameOrId: string): StackRecord | undefined {
    if (nameOrId.startsWith('arn:')) return this.stacks.find((s) => s.region === region && s.stackId === nameOrId);
    return this.liveStacks(region).find((s) => s.name === nameOrId);
  }

  /** Instances whose resource has been created and not yet deleted, as stops and starts left them. */
  instances(region: string): { stack: StackRecord; instance: FakeInstance }[] {
    return this.stacks
      .filter((s) => s.region === region)
      .flatMap((stack) => stack.instances.map((instance) => ({ stack, instance: poweredInstance(this, instance) })))
      .filter(({ stack, instance }) => this.resourceStatus(stack, instance.logicalId) === 'CREATE_COMPLETE');
  }

  parameter(region: string, name: string): FakeParameter | undefined {
    const added = [...this.addedParameters].reverse().find((p) => p.region === region && p.name === name);
    return added ?? this.account.regions[region]?.parameters?.find((p) => p.name === name);
  }

  addParameter(region: string, parameter: FakeParameter): void {
    this.addedParameters.push({ ...parameter, region });
  }

  secret(region: string, nameOrArn: string): FakeSecret | undefined {
    const matches = (s: FakeSecret) => s.name === nameOrArn || this.secretArn(region, s.name) === nameOrArn;
    return [...this.addedSecrets].reverse().find((s) => s.region === region && matches(s)) ?? this.account.regions[region]?.secrets?.find(matches);
  }

  addSecret(region: string, secret: FakeSecret): void {
    this.addedSecrets.push({ ...secret, region });
  }

  secretArn(region: string, name: string): string {
    return `arn:aws:secretsmanager:${region}:${this.account.accountId}:secret:${name}-Fk3x9Q`;
  }

  /** The scripted fault for the next call of `action`, if any is left. */
  takeFault(action: string): FakeFault | undefined {
    const entry = this.faultsLeft.find((f) => f.fault.action === action && f.left > 0);
    if (!entry) return undefined;
    entry.left--;
    return entry.fault;
  }

  /** Security groups of the region whose resource exists now. */
  securityGroups(region: string): { stack: StackRecord; logicalId: string; groupId: string }[] {
    const exists = (status: string | undefined) => status !== undefined && !status.startsWith('DELETE') && status !== 'CREATE_IN_PROGRESS' && status !== 'CREATE_FAILED';
    return this.stacks
      .filter((s) => s.region === region)
      .flatMap((stack) => stack.resources.filter((r) => r.type === 'AWS::EC2::SecurityGroup').map((r) => ({ stack, logicalId: r.logicalId, groupId: r.physicalId })))
      .filter(({ stack, logicalId }) => exists(this.resourceStatus(stack, logicalId)));
  }
}
