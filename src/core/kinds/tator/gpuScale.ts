import { parameterList } from '../../cfn/parameterModel';
import type { LoadedTemplate } from '../../cfn/templateTypes';
import type { DeployRequest } from '../../deploy/prepareDeploy';
import { gpuScaleCost, type TatorSizing } from './tatorCost';
import { MAX_GPU_WORKERS, TATOR_SIZE_PARAMETERS } from './tatorSizing';

/** One choice of "Scale GPU Workers": a count and what the stack would cost per hour with it. */
export interface GpuScaleChoice {
  readonly gpuWorkers: number;
  readonly usdPerHour: number;
  readonly deltaUsdPerHour: number;
  readonly current: boolean;
}

/** Every count the template allows (0..10), priced against the stack's current sizing. */
export function gpuScaleChoices(current: TatorSizing): GpuScaleChoice[] {
  return Array.from({ length: MAX_GPU_WORKERS + 1 }, (_, gpuWorkers) => {
    const cost = gpuScaleCost(current, gpuWorkers);
    return { gpuWorkers, usdPerHour: cost.after.usdPerHour, deltaUsdPerHour: cost.deltaUsdPerHour, current: gpuWorkers === current.gpuWorkers };
  });
}

export interface GpuScaleStack {
  readonly region: string;
  readonly stackName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The update that scales a Tator stack's GPU node group: the template it runs now (UsePreviousTemplate),
 * its current values with GpuWorkers changed, NoEcho values kept as they are. The deploy use case
 * checks and plans it; a change set shows what changes before anything does.
 */
export function gpuScaleRequest(stack: GpuScaleStack, running: LoadedTemplate, current: Readonly<Record<string, string>>, gpuWorkers: number, version: string): DeployRequest {
  if (!Number.isInteger(gpuWorkers) || gpuWorkers < 0 || gpuWorkers > MAX_GPU_WORKERS) throw new RangeError(`GPU workers must be a whole number from 0 to ${MAX_GPU_WORKERS}.`);
  const parameters = parameterList(running.template);
  if (!parameters.some((p) => p.key === TATOR_SIZE_PARAMETERS.gpuWorkers)) {
    throw new Error(`${stack.stackName} runs a template without a ${TATOR_SIZE_PARAMETERS.gpuWorkers} parameter, so its GPU workers cannot be scaled; update it to this version's Tator template first.`);
  }
  return {
    operation: 'update',
    region: stack.region,
    stackName: stack.stackName,
    kind: 'tator',
    loaded: running,
    values: { ...current, [TATOR_SIZE_PARAMETERS.gpuWorkers]: String(gpuWorkers) },
    keepPrevious: parameters.filter((p) => p.noEcho && current[p.key] === undefined).map((p) => p.key),
    existing: { values: current, tags: stack.tags, templateChanged: false },
    version,
  };
}
