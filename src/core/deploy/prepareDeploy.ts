import { preparedByKind } from '../cfn/parameterHints';
import { parameterList, type TemplateParameter } from '../cfn/parameterModel';
import type { LoadedTemplate } from '../cfn/templateTypes';
import { checkParameterValues } from '../cfn/validateParameter';
import { recordOf, type KindId } from '../kinds/kinds';
import type { StagedFile } from '../kinds/kindTypes';
import type { OnFailure } from './createStack';
import type { DeployEnvironment } from './deployEnvironment';
import { makePlan, type DeployPlan } from './deployPlan';
import { providerFor, type ProviderContext } from './parameterProviders';

/** What to deploy: a new stack, or new values (and maybe a new template) for an existing one. */
export interface DeployRequest {
  readonly operation: 'create' | 'update';
  readonly region: string;
  readonly stackName: string;
  readonly kind?: KindId;
  readonly loaded: LoadedTemplate;
  /** Values the user gave; a parameter left out takes its default or is filled by its provider. */
  readonly values: Readonly<Record<string, string>>;
  /** Update: NoEcho parameters whose current value is kept (UsePreviousValue). */
  readonly keepPrevious?: readonly string[];
  /** Update: the stack as it is. */
  readonly existing?: ExistingStack;
  readonly version: string;
  readonly userTags?: Readonly<Record<string, string>>;
  readonly terminationProtection?: boolean;
  readonly onFailure?: OnFailure;
}

/** What an update starts from. */
export interface ExistingStack {
  /** Current parameter values (NoEcho ones excluded): what a change is compared with. */
  readonly values: Readonly<Record<string, string>>;
  /** Current stack tags, sent again when the template changes (a change set naming tags replaces them all). */
  readonly tags: Readonly<Record<string, string>>;
  /** False keeps the stack's template (UsePreviousTemplate). */
  readonly templateChanged: boolean;
}

/** Something the review shows: what was filled in or checked, and how. */
export interface DeployNote {
  readonly parameter?: string;
  readonly text: string;
  /** A check that could not be made, or anything else to look at before going on. */
  readonly warning?: boolean;
}

/** Why nothing may be created yet. `missing`: no value and no default (each shell says how to give one). */
export interface DeployBlocker {
  readonly parameter?: string;
  readonly reason: 'missing' | 'unknown' | 'invalid' | 'check';
  readonly text: string;
}

/** The outcome of the checks: the plan to review and execute (only when `blockers` is empty). */
export interface PreparedDeploy {
  readonly request: DeployRequest;
  readonly plan: DeployPlan;
  readonly notes: readonly DeployNote[];
  readonly blockers: readonly DeployBlocker[];
  /** Files the kind needs in S3 (uploaded, with consent, when the deployment is executed). */
  readonly stage: readonly StagedFile[];
}

function providerContext(request: DeployRequest, env: DeployEnvironment, values: Record<string, string>, signal?: AbortSignal): ProviderContext {
  return {
    env, operation: request.operation, region: request.region, stackName: request.stackName, template: request.loaded.template, values,
    ...(request.existing ? { previous: request.existing.values } : {}), ...(signal ? { signal } : {}),
  };
}

/** Parameters the user left without a value and the template without a default: their providers fill them (the caller's /32). */
async function fillMissing(parameters: readonly TemplateParameter[], context: ProviderContext, values: Record<string, string>, notes: DeployNote[]): Promise<void> {
  for (const p of parameters) {
    const fill = providerFor(p, context.template)?.fill;
    if (!fill || values[p.key] !== undefined || p.defaultValue !== undefined) continue;
    const value = await fill(p, context).catch(() => undefined);
    if (value === undefined) continue;
    values[p.key] = value;
    notes.push({ parameter: p.key, text: `using your public IP ${value}` });
  }
}

function valueProblems(parameters: readonly TemplateParameter[], values: Readonly<Record<string, string>>): DeployBlocker[] {
  const check = checkParameterValues(parameters, values);
  return [
    ...check.missing.map((key): DeployBlocker => ({ parameter: key, reason: 'missing', text: `${key} needs a value` })),
    ...check.unknown.map((key): DeployBlocker => ({ parameter: key, reason: 'unknown', text: `the template has no parameter '${key}'` })),
    ...check.problems.map((p): DeployBlocker => ({ parameter: p.key, reason: 'invalid', text: p.message })),
  ];
}

/** The providers' checks that need the account (the zone offers the instance type), once the values are valid. */
async function checkWithProviders(parameters: readonly TemplateParameter[], context: ProviderContext, values: Record<string, string>, notes: DeployNote[], blockers: DeployBlocker[]): Promise<void> {
  for (const p of parameters) {
    const check = providerFor(p, context.template)?.check;
    if (!check) continue;
    const outcome = await check(p, values[p.key] ?? p.defaultValue ?? '', context);
    if (outcome.value !== undefined) values[p.key] = outcome.value;
    if (outcome.note) notes.push({ parameter: p.key, text: outcome.note, ...(outcome.unchecked ? { warning: true } : {}) });
    if (outcome.blocker) blockers.push({ parameter: p.key, reason: 'check', text: outcome.blocker });
  }
}

/**
 * The deploy use case, before anything is created or changed: fills what the user left out, checks
 * every value, asks the account what the values need (zones offering the instance type), runs the
 * kind's pre-deploy hook, and plans. The same for the wizard, the update flow and the CLI; the
 * shells show the notes, blockers and plan, and execute only a plan without blockers. Account
 * look-ups and the kind hook run only once the values themselves are valid.
 */
export async function prepareDeploy(request: DeployRequest, env: DeployEnvironment, signal?: AbortSignal, progress: (message: string) => void = () => undefined): Promise<PreparedDeploy> {
  const keep = new Set(request.keepPrevious ?? []);
  const parameters = parameterList(request.loaded.template).filter((p) => !keep.has(p.key));
  const values: Record<string, string> = { ...request.values };
  const notes: DeployNote[] = [];
  const context = providerContext(request, env, values, signal);
  await fillMissing(parameters, context, values, notes);
  // Parameters the kind's hook fills are checked once it has run (a value given for one is checked now).
  const later = parameters.filter((p) => preparedByKind(request.loaded.template, p.key) && values[p.key] === undefined);
  const blockers = valueProblems(parameters.filter((p) => !later.includes(p)), values);
  const stage: StagedFile[] = [];
  if (blockers.length === 0) await checkWithProviders(parameters, context, values, notes, blockers);
  const kind = recordOf(request.kind);
  if (blockers.length === 0 && kind?.prepare && request.kind) {
    const forKind = request.kind;
    const added = await kind.prepare({
      operation: request.operation, region: request.region, stackName: request.stackName, template: request.loaded, values: { ...values },
      clients: env.clients, storageDirectory: () => env.storageDirectory(forKind, request.region, request.stackName), progress,
      readShippedFile: (relativePath) => env.readShippedFile(relativePath),
      ...(signal ? { signal } : {}),
    });
    Object.assign(values, added.values ?? {});
    notes.push(...(added.notes ?? []).map((text) => ({ text })));
    blockers.push(...(added.blockers ?? []).map((text): DeployBlocker => ({ reason: 'check', text })));
    stage.push(...(added.stage ?? []));
  }
  if (blockers.length === 0 && later.length > 0) blockers.push(...valueProblems(later, values).filter((b) => b.reason !== 'unknown'));
  const plan = makePlan({
    region: request.region, stackName: request.stackName, loaded: request.loaded, parameters: values, version: request.version,
    ...(request.kind ? { kind: request.kind } : {}), ...(request.userTags ? { userTags: request.userTags } : {}),
    ...(request.terminationProtection !== undefined ? { terminationProtection: request.terminationProtection } : {}),
    ...(request.onFailure ? { onFailure: request.onFailure } : {}),
  });
  return { request, plan, notes, blockers, stage };
}
