import type { DeployEnvironment } from '../../deploy/deployEnvironment';
import { prepareDeploy, type PreparedDeploy } from '../../deploy/prepareDeploy';
import { currentTemplate, currentValues } from '../../deploy/stackResources';
import type { StackInfo } from '../../stacks/stackInfo';
import { switchedValues, switchSummary } from './labSwitches';

export interface LabSwitchPlan {
  readonly prepared: PreparedDeploy;
  readonly summary: ReturnType<typeof switchSummary>;
}

/**
 * An update of a lab stack that only flips its costly switches (the running template, every other
 * value kept), through the deploy use case: switching the Client VPN on runs the kind's prepare
 * step again (certificates, ACM). The shells review the change set and apply it.
 */
export async function planLabSwitch(env: DeployEnvironment, stack: Pick<StackInfo, 'region' | 'stackName' | 'stackId' | 'tags'>, on: ReadonlySet<string>, version: string, signal?: AbortSignal, progress?: (m: string) => void): Promise<LabSwitchPlan> {
  const loaded = await currentTemplate(env.clients, stack.region, stack.stackId, signal);
  const current = await currentValues(env.clients, stack.region, stack.stackId, loaded.template, signal);
  const prepared = await prepareDeploy(
    {
      operation: 'update', region: stack.region, stackName: stack.stackName, kind: 'lab', loaded, values: switchedValues(current, on), version,
      existing: { values: current, tags: stack.tags, templateChanged: false },
    },
    env,
    signal,
    progress,
  );
  if (prepared.blockers.length > 0) throw new Error(`Nothing was changed in ${stack.stackName}: ${prepared.blockers.map((b) => b.text).join('; ')}`);
  return { prepared, summary: switchSummary(current, on) };
}
