import {
  CreateChangeSetCommand, DescribeChangeSetCommand, ExecuteChangeSetCommand, type Change, type Parameter, type Tag,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import type { Capability } from '../cfn/capabilities';
import { systemClock, type Clock } from './clock';
import { explainDeployError } from './deployErrors';
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

/** Creates an UPDATE change set, waits until it is ready, and reads every page of its changes. */
export async function planUpdate(
  clients: AwsClients,
  req: UpdateRequest,
  signal?: AbortSignal,
  { clock = systemClock, maxWaitMs = 10 * 60_000 }: { clock?: Clock; maxWaitMs?: number } = {},
): Promise<ChangeSetPlan> {
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
  const started = clock.now();
  for (let delay = 1000; ; delay = Math.min(delay * 2, 5000)) {
    const first = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, StackName: req.stackName }), { abortSignal: signal });
    if (first.Status === 'FAILED') {
      const reason = first.StatusReason ?? 'unknown reason';
      if (NO_CHANGES.test(reason)) return { changeSetId, stackId: first.StackId ?? created.StackId ?? '', hasChanges: false, statusReason: reason, changes: [] };
      throw new Error(`CloudFormation could not prepare the update of '${req.stackName}': ${reason}`);
    }
    if (first.Status === 'CREATE_COMPLETE') {
      const changes = [...(first.Changes ?? [])];
      for (let token = first.NextToken; token; ) {
        const next = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, StackName: req.stackName, NextToken: token }), { abortSignal: signal });
        changes.push(...(next.Changes ?? []));
        token = next.NextToken;
      }
      return { changeSetId, stackId: first.StackId ?? '', hasChanges: true, changes: replacementsFirst(changes.map(toChangeRow)) };
    }
    if (clock.now() - started > maxWaitMs) throw new Error(`The change set for '${req.stackName}' is still ${first.Status} after ${Math.round(maxWaitMs / 60000)} minutes. Look at it in the CloudFormation console.`);
    await clock.sleep(delay, signal);
  }
}

export async function executeUpdate(clients: AwsClients, region: string, stackName: string, plan: ChangeSetPlan, clientToken: string, signal?: AbortSignal): Promise<void> {
  const cfn = await clients.cloudFormation(region);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: plan.changeSetId, StackName: stackName, ClientRequestToken: clientToken }), { abortSignal: signal });
}
