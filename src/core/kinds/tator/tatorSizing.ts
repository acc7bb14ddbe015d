import { CPU_WORKER_PRICES, DATABASE_PRICES, DEFAULT_TATOR_SIZING, GPU_WORKER_PRICES, tatorHourlyCost, type TatorSizing } from './tatorCost';

/** Template parameters that size a Tator stack (templates/cdk/tator/). */
export const TATOR_SIZE_PARAMETERS = {
  cpuInstanceType: 'CpuInstanceType',
  cpuWorkers: 'CpuWorkers',
  gpuInstanceType: 'GpuInstanceType',
  gpuWorkers: 'GpuWorkers',
  databaseClass: 'DatabaseInstanceClass',
} as const satisfies { readonly [K in keyof TatorSizing]: string };

/** The template's bounds of GpuWorkers (MinValue/MaxValue). */
export const MAX_GPU_WORKERS = 10;

function count(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^[0-9]{1,2}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

function oneOf<T extends string>(table: Readonly<Record<T, number>>, text: string | undefined): T | undefined {
  return text !== undefined && Object.hasOwn(table, text) ? (text as T) : undefined;
}

/**
 * A stack's sizing from its parameter values (the wizard's, or DescribeStacks' for a running
 * stack: untrusted, so each value must be one the price table knows). Unknown or missing values
 * take the template's defaults, and are named in `unknown`.
 */
export function tatorSizingOf(values: Readonly<Record<string, string | undefined>>): { readonly sizing: TatorSizing; readonly unknown: readonly string[] } {
  const p = TATOR_SIZE_PARAMETERS;
  const read = {
    cpuInstanceType: oneOf(CPU_WORKER_PRICES, values[p.cpuInstanceType]),
    cpuWorkers: count(values[p.cpuWorkers], 1, 10),
    gpuInstanceType: oneOf(GPU_WORKER_PRICES, values[p.gpuInstanceType]),
    gpuWorkers: count(values[p.gpuWorkers], 0, MAX_GPU_WORKERS),
    databaseClass: oneOf(DATABASE_PRICES, values[p.databaseClass]),
  };
  const unknown = (Object.keys(read) as (keyof TatorSizing)[]).filter((k) => values[p[k]] !== undefined && read[k] === undefined).map((k) => p[k]);
  const sizing: TatorSizing = {
    cpuInstanceType: read.cpuInstanceType ?? DEFAULT_TATOR_SIZING.cpuInstanceType,
    cpuWorkers: read.cpuWorkers ?? DEFAULT_TATOR_SIZING.cpuWorkers,
    gpuInstanceType: read.gpuInstanceType ?? DEFAULT_TATOR_SIZING.gpuInstanceType,
    gpuWorkers: read.gpuWorkers ?? DEFAULT_TATOR_SIZING.gpuWorkers,
    databaseClass: read.databaseClass ?? DEFAULT_TATOR_SIZING.databaseClass,
  };
  return { sizing, unknown };
}

/** "$0.62/h with 0 GPU workers; each g4dn.xlarge GPU worker adds $0.54/h": the wizard's and the node's cost line. */
export function tatorCostLine(sizing: TatorSizing): string {
  const now = tatorHourly(sizing);
  const perGpu = tatorHourly({ ...sizing, gpuWorkers: sizing.gpuWorkers + 1 }) - now;
  return `~$${now.toFixed(2)}/h with ${sizing.gpuWorkers} GPU worker${sizing.gpuWorkers === 1 ? '' : 's'} ` +
    `(${sizing.cpuWorkers} × ${sizing.cpuInstanceType}, ${sizing.databaseClass}); each ${sizing.gpuInstanceType} GPU worker adds ~$${perGpu.toFixed(2)}/h`;
}

function tatorHourly(sizing: TatorSizing): number {
  return tatorHourlyCost(sizing).usdPerHour;
}
