import { CfnParameter, type Stack } from 'aws-cdk-lib';
import { TATOR_CIDR_PATTERN, TATOR_IMAGE_TAG_PATTERN } from '../../../src/core/kinds/tator/tatorValues';
import { setParameterInterface } from '../common/parameterInterface';

/** CPU worker types (x86_64, EBS-optimized); upstream's eksctl group used m5.xlarge. */
export const CPU_INSTANCE_TYPES = ['m5.xlarge', 'm5.2xlarge', 'm6i.xlarge', 'm6i.2xlarge', 'm7i.xlarge', 'm7i.2xlarge'] as const;
/** NVIDIA types the Bottlerocket NVIDIA variant supports; upstream's gpuWorkers used g4dn.xlarge. */
export const GPU_INSTANCE_TYPES = ['g4dn.xlarge', 'g4dn.2xlarge', 'g5.xlarge', 'g5.2xlarge', 'g6.xlarge', 'g6.2xlarge'] as const;
/** Graviton burstable and general-purpose classes RDS for PostgreSQL 16 offers. */
export const DATABASE_CLASSES = ['db.t4g.small', 'db.t4g.micro', 'db.t4g.medium', 'db.t4g.large', 'db.m7g.large'] as const;
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
    default: CPU_INSTANCE_TYPES[0],
    allowedValues: [...CPU_INSTANCE_TYPES],
    description: 'Instance type of the CPU workers, which run the web server, workers and Redis (upstream: m5.xlarge).',
  });
  const cpuWorkers = new CfnParameter(stack, 'CpuWorkers', {
    type: 'Number',
    default: 2,
    minValue: 1,
    maxValue: MAX_WORKERS,
    description: 'Number of CPU worker nodes (upstream: 2, between 1 and 10).',
    constraintDescription: `must be a whole number from 1 to ${MAX_WORKERS}.`,
  });
  const gpuInstanceType = new CfnParameter(stack, 'GpuInstanceType', {
    type: 'String',
    default: GPU_INSTANCE_TYPES[0],
    allowedValues: [...GPU_INSTANCE_TYPES],
    description: 'Instance type of the GPU workers (NVIDIA, Bottlerocket with the device plugin built in; upstream: g4dn.xlarge).',
  });
  const gpuWorkers = new CfnParameter(stack, 'GpuWorkers', {
    type: 'Number',
    default: 0,
    minValue: 0,
    maxValue: MAX_WORKERS,
    description: 'Number of GPU worker nodes. 0 costs nothing; "Scale GPU Workers" changes it later through a change set.',
    constraintDescription: `must be a whole number from 0 to ${MAX_WORKERS}.`,
  });
  const databaseClass = new CfnParameter(stack, 'DatabaseInstanceClass', {
    type: 'String',
    default: DATABASE_CLASSES[0],
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
