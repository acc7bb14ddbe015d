import type { KindCatalogEntry } from '../catalogTypes';
import { OUTPUT } from '../kindIds';
import { KIND_DISPLAY } from '../kindInfo';
import { estimate, line } from '../costs';

/** Facts from the stowrs-to-s3 seed: Fargate task (2 vCPU, 6 GB) behind a load balancer, HTTPS /studies. */
export const STOWRS_ENTRY: KindCatalogEntry = {
  id: 'stowrs',
  displayName: KIND_DISPLAY.stowrs.label,
  description: 'STOW-RS web service on Fargate that stores received DICOM instances in S3',
  // Template not shipped yet. The seed says the initial deployment takes about 10 minutes.
  typicalDeployMinutes: 10,
  cost: estimate([
    line('Fargate task, 2 vCPU', 'fargateVcpu', 2),
    line('Fargate task, 6 GB memory', 'fargateGb', 6),
    line('Network Load Balancer', 'networkLoadBalancer'),
    line('NAT gateway', 'natGateway'),
  ]),
  allowMyIpPorts: [443],
  dicomWeb: { urlOutput: OUTPUT.dicomWebUrl, remotePort: 443, tls: true },
  postDeployActions: ['allowMyIp', 'sendSampleDicom'],
};
