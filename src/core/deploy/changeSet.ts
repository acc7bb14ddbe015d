import {
  CreateChangeSetCommand, DescribeChangeSetCommand, ExecuteChangeSetCommand, paginateDescribeChangeSet, waitUntilChangeSetCreateComplete,
  type Change, type CloudFormationClient, type Parameter, type Tag,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import type { Capability } from '../cfn/capabilities';
import { systemClock, type Clock } from './clock';
import { errorName, explainDeployError } from './deployErrors';
import type { TemplateSource } from './createStack';

export interface UpdateRequest {
  readonly region: string;
  readonly stackName: string;
  /** Undefined keeps the stack's current template. */
  readonly template?: TemplateSource;
  /** New values; keys listed in `keepPrevious` are sent as UsePreviousValue (e.g. NoEcho secrets not re-entered). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly keepPrevious: readonly string[];
  readonly capabilities: readonly Capability[];
  readonly tags?: readonly Tag[];
  readonly clientToken: string;
}

export type Replacement = 'True' | 'False' | 'Conditional';

/** One row of the change set review. */
export interface ChangeRow {
  readonly action: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType: string;
  readonly replacement?: Replacement;
  /** What changes: property names, or the scope (Properties, Tags, ...). */
  readonly details: readonly string[];
}

export interface ChangeSetPlan {
  readonly changeSetId: string;
  readonly stackId: string;
  /** False when CloudFormation found nothing to change (the change set failed with "didn't contain changes"). */
  readonly hasChanges: boolean;
  readonly statusReason?: string;
  readonly changes: readonly ChangeRow[];
}

function parametersOf(req: UpdateRequest): Parameter[] {
  const keep = req.keepPrevious.map((ParameterKey) => ({ ParameterKey, UsePreviousValue: true }));
  const given = Object.entries(req.parameters)
    .filter(([k]) => !req.keepPrevious.includes(k))
    .map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  return [...given, ...keep];
}

export function toChangeRow(change: Change): ChangeRow {
  const r = change.ResourceChange ?? {};
  const details = (r.Details ?? []).map((d) => d.Target?.Name ?? d.Target?.Attribute ?? '').filter((x) => x !== '');
  return {
    action: r.Action ?? change.Type ?? 'Unknown',
    logicalId: r.LogicalResourceId ?? '',
    ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}),
    resourceType: r.ResourceType ?? '',
    ...(r.Replacement ? { replacement: r.Replacement as Replacement } : {}),
    details: details.length > 0 ? [...new Set(details)] : (r.Scope ?? []).map(String),
  };
}

/** Replacements first: they are the changes that delete data or change addresses. */
export function replacementsFirst(rows: readonly ChangeRow[]): ChangeRow[] {
  const rank = (r: ChangeRow) => (r.replacement === 'True' ? 0 : r.replacement === 'Conditional' ? 1 : 2);
  return [...rows].sort((a, b) => rank(a) - rank(b));
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

/** Polling the change set: soon at first (most are ready in seconds), at most every 5 s, for at most 10 minutes. */
export interface ChangeSetWait {
  readonly minDelaySeconds: number;
  readonly maxDelaySeconds: number;
  readonly maxWaitSeconds: number;
}
const WAIT: ChangeSetWait = { minDelaySeconds: 1, maxDelaySeconds: 5, maxWaitSeconds: 600 };

/**
 * The SDK's waiter ends with FAILED as an error carrying no usable reason; the change set itself
 * says why (CloudFormation reports "no changes" that way).
 */
async function waitForChangeSet(cfn: CloudFormationClient, changeSetId: string, req: UpdateRequest, wait: ChangeSetWait, signal?: AbortSignal): Promise<{ failed?: string }> {
  const input = { ChangeSetName: changeSetId, StackName: req.stackName };
  try {
    await waitUntilChangeSetCreateComplete({ client: cfn, minDelay: wait.minDelaySeconds, maxDelay: wait.maxDelaySeconds, maxWaitTime: wait.maxWaitSeconds, ...(signal ? { abortSignal: signal } : {}) }, input);
    return {};
  } catch (error) {
    if (errorName(error) === 'AbortError' || signal?.aborted) throw error;
    if (errorName(error) === 'TimeoutError') {
      throw new Error(`The change set for '${req.stackName}' is still not ready after ${Math.round(wait.maxWaitSeconds / 60)} minutes. Look at it in the CloudFormation console.`, { cause: error });
    }
    const status = await cfn.send(new DescribeChangeSetCommand(input), { abortSignal: signal });
    if (status.Status !== 'FAILED') throw error;
    return { failed: status.StatusReason ?? 'unknown reason' };
  }
}

/** Creates an UPDATE change set, waits until it is ready (the SDK's waiter), and reads every page of its changes (its paginator). */
export async function planUpdate(clients: AwsClients, req: UpdateRequest, signal?: AbortSignal, { clock = systemClock, wait = WAIT }: { clock?: Clock; wait?: ChangeSetWait } = {}): Promise<ChangeSetPlan> {
  const cfn = await clients.cloudFormation(req.region);
  const name = `imaging-lab-${new Date(clock.now()).toISOString().replace(/[^0-9]/g, '').slice(0, 14)}`;
  let created;
  try {
    created = await cfn.send(
      new CreateChangeSetCommand({
        StackName: req.stackName,
        ChangeSetName: name,
        ChangeSetType: 'UPDATE',
        ...(req.template ? ('body' in req.template ? { TemplateBody: req.template.body } : { TemplateURL: req.template.url }) : { UsePreviousTemplate: true }),
        Parameters: parametersOf(req),
        Capabilities: [...req.capabilities],
        ...(req.tags ? { Tags: [...req.tags] } : {}),
        ClientToken: req.clientToken,
      }),
      { abortSignal: signal },
    );
  } catch (error) {
    throw explainDeployError(error, req.stackName, req.region);
  }
  const changeSetId = created.Id ?? name;
  const { failed } = await waitForChangeSet(cfn, changeSetId, req, wait, signal);
  if (failed !== undefined) {
    if (NO_CHANGES.test(failed)) return { changeSetId, stackId: created.StackId ?? '', hasChanges: false, statusReason: failed, changes: [] };
    throw new Error(`CloudFormation could not prepare the update of '${req.stackName}': ${failed}`);
  }
  const changes: Change[] = [];
  let stackId = created.StackId ?? '';
  for await (const page of paginateDescribeChangeSet({ client: cfn }, { ChangeSetName: changeSetId, StackName: req.stackName }, { abortSignal: signal })) {
    changes.push(...(page.Changes ?? []));
    stackId = page.StackId ?? stackId;
  }
  return { changeSetId, stackId, hasChanges: true, changes: replacementsFirst(changes.map(toChangeRow)) };
}

export async function executeUpdate(clients: AwsClients, region: string, stackName: string, plan: ChangeSetPlan, clientToken: string, signal?: AbortSignal): Promise<void> {
  const cfn = await clients.cloudFormation(region);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: plan.changeSetId, StackName: stackName, ClientRequestToken: clientToken }), { abortSignal: signal });
}
