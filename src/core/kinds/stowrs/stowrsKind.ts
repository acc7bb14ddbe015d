import { estimate, line } from '../costs';
import type { KindRecord } from '../kindTypes';

/** Facts from the stowrs-to-s3 seed: Fargate task (2 vCPU, 6 GB) behind a load balancer, HTTPS /studies. */
export const STOWRS_KIND = {
  id: 'stowrs',
  display: { label: 'STOW-RS to S3', icon: 'cloud-upload', summary: 'STOW-RS endpoint that stores instances in S3' },
  description: 'STOW-RS web service on Fargate that stores received DICOM instances in S3',
  ports: [{ port: 443, label: 'STOW-RS (HTTPS)', allowMyIp: true }],
  dicomWeb: { port: 443, tls: true },
  recognise: {
    why: 'the stowrs-to-s3 CDK app names its stacks after the service',
    matches: (f) => /stow-?rs[-_ ]?(to)?[-_ ]?s3/i.test(f.stackName) || /stow-?rs/i.test(f.description ?? ''),
  },
  // Template not shipped yet. The seed says the initial deployment takes about 10 minutes.
  typicalDeployMinutes: 10,
  cost: estimate([
    line('Fargate task, 2 vCPU', 'fargateVcpu', 2),
    line('Fargate task, 6 GB memory', 'fargateGb', 6),
    line('Network Load Balancer', 'networkLoadBalancer'),
    line('NAT gateway', 'natGateway'),
  ]),
  actions: [],
} satisfies KindRecord<'stowrs'>;
