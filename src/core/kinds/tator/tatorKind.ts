import { estimate, line } from '../costs';
import type { KindRecord } from '../kindTypes';

const EKSCTL_CLUSTER_TAG = 'alpha.eksctl.io/cluster-name';

/** Facts from the Tator seed: EKS cluster (eksctl), EFS for media, nginx load balancer in front. */
export const TATOR_KIND = {
  id: 'tator',
  display: { label: 'Tator', icon: 'symbol-event', summary: 'Tator video and image annotation on EKS' },
  description: 'Tator video and image annotation on EKS with EFS media storage',
  ports: [{ port: 443, label: 'Tator web UI (HTTPS)', allowMyIp: true }],
  recognise: {
    why: 'the Tator guide creates its EKS cluster with eksctl, which tags its stacks with the cluster name',
    matches: (f) => /tator/i.test(f.tags[EKSCTL_CLUSTER_TAG] ?? '') || /tator/i.test(f.description ?? ''),
  },
  // Template not shipped yet. The seed: cluster creation alone takes 10-15 minutes, then helm install.
  typicalDeployMinutes: 30,
  cost: estimate([
    line('EKS control plane', 'eksControlPlane'),
    line('EC2 m5.xlarge worker nodes, 2', 'ec2:m5.xlarge', 2),
    line('Application Load Balancer', 'applicationLoadBalancer'),
    line('NAT gateway', 'natGateway'),
    line('EFS Standard, 100 GB', 'efsStandardGbHour', 100),
  ]),
  actions: [],
} satisfies KindRecord<'tator'>;
