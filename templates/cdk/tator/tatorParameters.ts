import { CfnParameter, type Stack } from 'aws-cdk-lib';
import {
  CPU_WORKER_PRICES,
  DATABASE_PRICES,
  DEFAULT_TATOR_SIZING,
  GPU_WORKER_PRICES,
  type CpuInstanceType,
  type DatabaseClass,
  type GpuInstanceType,
} from '../../../src/core/kinds/tator/tatorCost';
import { TATOR_CIDR_PATTERN, TATOR_IMAGE_TAG_PATTERN } from '../../../src/core/kinds/tator/tatorValues';
import { setParameterInterface } from '../common/parameterInterface';

/** CPU worker types (x86_64, EBS-optimized); upstream's eksctl group used m5.xlarge. Priced in the core. */
export const CPU_INSTANCE_TYPES = Object.keys(CPU_WORKER_PRICES) as CpuInstanceType[];
/** NVIDIA types the Bottlerocket NVIDIA variant supports; upstream's gpuWorkers used g4dn.xlarge. */
export const GPU_INSTANCE_TYPES = Object.keys(GPU_WORKER_PRICES) as GpuInstanceType[];
/** Graviton burstable and general-purpose classes RDS for PostgreSQL 16 offers. */
export const DATABASE_CLASSES = Object.keys(DATABASE_PRICES) as DatabaseClass[];
/** The upstream commit the manifests were derived from (its compose.yaml); CI tags its images with it. */
export const DEFAULT_TATOR_IMAGE_TAG = 'c9d4fca8615a4e5b848c4a4a45286cb074d88626';
/** Upstream node group bounds (eksctl: min 1 / max 10 CPU, min 0 / max 10 GPU). */
export const MAX_WORKERS = 10;

export interface TatorParameters {
  readonly allowedCidr: CfnParameter;
  readonly cpuInstanceType: CfnParameter;
  readonly cpuWorkers: CfnParameter;
  readonly gpuInstanceType: CfnParameter;
  readonly gpuWorkers: CfnParameter;
  readonly databaseClass: CfnParameter;
  readonly imageTag: CfnParameter;
}

export function tatorParameters(stack: Stack): TatorParameters {
  const allowedCidr = new CfnParameter(stack, 'AllowedCidr', {
    type: 'String',
    allowedPattern: TATOR_CIDR_PATTERN,
    description:
      "IPv4 range allowed to reach Tator (nginx load balancer, HTTP 80) and the cluster's Kubernetes API. Imaging Lab fills in your public address as a /32.",
    constraintDescription: 'must be an IPv4 CIDR between /16 and /32, for example 203.0.113.7/32.',
  });
  const cpuInstanceType = new CfnParameter(stack, 'CpuInstanceType', {
    type: 'String',
    default: DEFAULT_TATOR_SIZING.cpuInstanceType,
    allowedValues: [...CPU_INSTANCE_TYPES],
    description: 'Instance type of the CPU workers, which run the web server, workers and Redis (upstream: m5.xlarge).',
  });
  const cpuWorkers = new CfnParameter(stack, 'CpuWorkers', {
    type: 'Number',
    default: DEFAULT_TATOR_SIZING.cpuWorkers,
    minValue: 1,
    maxValue: MAX_WORKERS,
    description: 'Number of CPU worker nodes (upstream: 2, between 1 and 10).',
    constraintDescription: `must be a whole number from 1 to ${MAX_WORKERS}.`,
  });
  const gpuInstanceType = new CfnParameter(stack, 'GpuInstanceType', {
    type: 'String',
    default: DEFAULT_TATOR_SIZING.gpuInstanceType,
    allowedValues: [...GPU_INSTANCE_TYPES],
    description: 'Instance type of the GPU workers (NVIDIA, Bottlerocket with the device plugin built in; upstream: g4dn.xlarge).',
  });
  const gpuWorkers = new CfnParameter(stack, 'GpuWorkers', {
    type: 'Number',
    default: DEFAULT_TATOR_SIZING.gpuWorkers,
    minValue: 0,
    maxValue: MAX_WORKERS,
    description: 'Number of GPU worker nodes. 0 costs nothing; "Scale GPU Workers" changes it later through a change set.',
    constraintDescription: `must be a whole number from 0 to ${MAX_WORKERS}.`,
  });
  const databaseClass = new CfnParameter(stack, 'DatabaseInstanceClass', {
    type: 'String',
    default: DEFAULT_TATOR_SIZING.databaseClass,
    allowedValues: [...DATABASE_CLASSES],
    description: 'RDS for PostgreSQL 16 instance class (PostGIS, pgvector, ltree, pg_trgm). db.t4g.small has 2 GiB of memory.',
  });
  const imageTag = new CfnParameter(stack, 'TatorImageTag', {
    type: 'String',
    default: DEFAULT_TATOR_IMAGE_TAG,
    allowedPattern: TATOR_IMAGE_TAG_PATTERN,
    description:
      'Upstream Tator release commit: the nodes pull docker.io/cvisionai/tator_{online,ui,transcode,client}:<commit>, the tags upstream CI publishes.',
    constraintDescription: 'must be a full 40-character lower-case git commit id.',
  });

  setParameterInterface(stack, [
    { label: 'Access', parameters: [{ parameter: allowedCidr, label: 'Allowed IPv4 range' }] },
    {
      label: 'Workers',
      parameters: [
        { parameter: cpuInstanceType, label: 'CPU worker type' },
        { parameter: cpuWorkers, label: 'CPU workers' },
        { parameter: gpuInstanceType, label: 'GPU worker type' },
        { parameter: gpuWorkers, label: 'GPU workers' },
      ],
    },
    {
      label: 'Tator',
      parameters: [
        { parameter: imageTag, label: 'Tator release commit' },
        { parameter: databaseClass, label: 'Database instance class' },
      ],
    },
  ]);
  return { allowedCidr, cpuInstanceType, cpuWorkers, gpuInstanceType, gpuWorkers, databaseClass, imageTag };
}
