import type { KindRecord } from '../kindTypes';
import { DEFAULT_TATOR_SIZING, tatorHourlyCost } from './tatorCost';
import { prepareTator } from './tatorPrepare';
import { tatorCostLine, tatorSizingOf } from './tatorSizing';

const EKSCTL_CLUSTER_TAG = 'alpha.eksctl.io/cluster-name';

/** Facts from the Tator seed: EKS cluster (eksctl), EFS for media, nginx load balancer in front. */
export const TATOR_KIND = {
  id: 'tator',
  display: { label: 'Tator', icon: 'symbol-event', summary: 'Tator video and image annotation on EKS' },
  description: 'Tator video and image annotation on EKS with EFS media storage',
  // The nginx network load balancer serves HTTP on 80 to the AllowedCidr range only.
  ports: [{ port: 80, label: 'Tator web UI (HTTP, network load balancer)', allowMyIp: true }],
  recognise: {
    why: 'the Tator guide creates its EKS cluster with eksctl, which tags its stacks with the cluster name',
    matches: (f) => /tator/i.test(f.tags[EKSCTL_CLUSTER_TAG] ?? '') || /tator/i.test(f.description ?? ''),
  },
  templateFile: 'templates/tator.template.json',
  // EKS control plane ~10 min, node groups ~5 min, RDS ~10 min, then the installer (kubectl, jobs, load balancer).
  typicalDeployMinutes: 40,
  cost: tatorHourlyCost(DEFAULT_TATOR_SIZING),
  stackCost: (parameters) => tatorCostLine(tatorSizingOf(parameters).sizing),
  prepare: prepareTator,
  actions: ['writeKubeconfig', 'openTator', 'scaleGpuWorkers'],
} satisfies KindRecord<'tator'>;
