import { requiredCapabilities } from '../cfn/capabilities';
import { planUpdate, executeUpdate, type ChangeSetPlan } from './changeSet';
import { createStack, type CreateStackResult } from './createStack';
import type { DeployEnvironment } from './deployEnvironment';
import type { PreparedDeploy } from './prepareDeploy';
import { stageFiles, templateSource, type StagingConsent } from './templateStaging';
import { tagsForTemplateUpdate } from './templateUpdate';

export interface ExecuteOptions {
  /** Made once per deployment (newRequestToken) so that a retried call cannot act twice. */
  readonly clientToken: string;
  /** Asked before the S3 staging bucket is created (a large template, files a kind needs). */
  readonly consent: StagingConsent;
  readonly signal?: AbortSignal;
}

function ready(prepared: PreparedDeploy, operation: 'create' | 'update'): void {
  if (prepared.request.operation !== operation) throw new Error(`This deployment was prepared to ${prepared.request.operation} a stack, not to ${operation} one.`);
  if (prepared.blockers.length > 0) throw new Error(`Nothing was done: ${prepared.blockers.map((b) => b.text).join('; ')}`);
}

/** Uploads the kind's files and puts their URLs into the parameters that asked for them. */
async function withStagedFiles(prepared: PreparedDeploy, env: DeployEnvironment, o: ExecuteOptions): Promise<Record<string, string>> {
  const { region, stackName } = prepared.plan;
  const urls = await stageFiles(env.clients, region, stackName, prepared.stage, o.consent, o.signal);
  const values = { ...prepared.plan.parameters };
  for (const file of prepared.stage) if (file.urlParameter) values[file.urlParameter] = urls[file.name] ?? '';
  return values;
}

/** Creates the stack of a prepared plan without blockers (staging the template and the kind's files first). */
export async function executeDeploy(prepared: PreparedDeploy, env: DeployEnvironment, o: ExecuteOptions): Promise<CreateStackResult> {
  ready(prepared, 'create');
  const { plan } = prepared;
  const parameters = await withStagedFiles(prepared, env, o);
  const template = await templateSource(env.clients, plan.region, plan.loaded.body, o.consent, o.signal);
  return createStack(
    env.clients,
    {
      region: plan.region, stackName: plan.stackName, template, parameters, capabilities: plan.capabilities.map((c) => c.capability),
      tags: plan.tags, terminationProtection: plan.terminationProtection, onFailure: plan.onFailure, clientRequestToken: o.clientToken,
    },
    o.signal,
  );
}

/** An update's change set, for review: what CloudFormation would add, modify, replace or remove. Nothing changes yet. */
export async function proposeUpdate(prepared: PreparedDeploy, env: DeployEnvironment, o: ExecuteOptions): Promise<ChangeSetPlan> {
  ready(prepared, 'update');
  const { plan, request } = prepared;
  const changed = request.existing?.templateChanged ?? false;
  const parameters = await withStagedFiles(prepared, env, o);
  const template = changed ? await templateSource(env.clients, plan.region, plan.loaded.body, o.consent, o.signal) : undefined;
  return planUpdate(
    env.clients,
    {
      region: plan.region, stackName: plan.stackName, parameters, keepPrevious: request.keepPrevious ?? [],
      capabilities: requiredCapabilities(plan.loaded.template).map((c) => c.capability), clientToken: o.clientToken,
      ...(template ? { template, tags: tagsForTemplateUpdate(request.existing?.tags ?? {}, request.version) } : {}),
    },
    o.signal,
  );
}

/** Executes a reviewed change set. */
export function applyUpdate(prepared: PreparedDeploy, changeSet: ChangeSetPlan, env: DeployEnvironment, clientToken: string, signal?: AbortSignal): Promise<void> {
  return executeUpdate(env.clients, prepared.plan.region, prepared.plan.stackName, changeSet, clientToken, signal);
}
