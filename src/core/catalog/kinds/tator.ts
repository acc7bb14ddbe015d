import type { KindCatalogEntry } from '../catalogTypes';
import { KIND_DISPLAY } from '../kindInfo';
import { estimate, line } from '../costs';

/** Facts from the Tator seed: EKS cluster (eksctl), EFS for media, nginx load balancer in front. */
export const TATOR_ENTRY: KindCatalogEntry = {
  id: 'tator',
  displayName: KIND_DISPLAY.tator.label,
  description: 'Tator video and image annotation on EKS with EFS media storage',
  // Template not shipped yet. The seed: cluster creation alone takes 10-15 minutes, then helm install.
  typicalDeployMinutes: 30,
  cost: estimate([
    line('EKS control plane', 'eksControlPlane'),
    line('EC2 m5.xlarge worker nodes, 2', 'ec2:m5.xlarge', 2),
    line('Application Load Balancer', 'applicationLoadBalancer'),
    line('NAT gateway', 'natGateway'),
    line('EFS Standard, 100 GB', 'efsStandardGbHour', 100),
  ]),
  allowMyIpPorts: [443],
  postDeployActions: ['allowMyIp', 'openWebUi'],
};
