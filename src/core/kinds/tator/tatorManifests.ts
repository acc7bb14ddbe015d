import { stringify } from 'yaml';
import { tatorBaseObjects } from './tatorBase';
import { tatorCronJobs, tatorJobs } from './tatorJobs';
import { INSTALL_PHASES, PHASE_LABEL, type InstallPhase } from './tatorPods';
import type { TatorManifestValues } from './tatorValues';
import { tatorDeployments, tatorServices } from './tatorWorkloads';

/** What every rendered object has; the builders type each kind with kubernetes-models' interfaces. */
export interface TatorObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string> };
}

export const MANIFEST_HEADER = '# Tator on EKS, rendered by Imaging Lab from the stack outputs; applied by templates/tator/tator-install.sh.\n';

/** Upstream's Compose deployment as Kubernetes objects, in the order the installer applies them. */
export function tatorObjects(values: TatorManifestValues, nginxConf: string): TatorObject[] {
  const all: TatorObject[] = [
    ...tatorBaseObjects(values, nginxConf),
    ...tatorServices(values),
    ...tatorJobs(values),
    ...tatorDeployments(values),
    ...tatorCronJobs(values),
  ];
  return INSTALL_PHASES.flatMap((phase) => all.filter((o) => phaseOf(o) === phase));
}

/**
 * One multi-document YAML file. Same values, same bytes: objects in a fixed order, keys in the
 * order the builders write them, no timestamps, no line folding.
 */
export function renderTatorManifests(values: TatorManifestValues, nginxConf: string): string {
  const documents = tatorObjects(values, nginxConf).map((o) => stringify(o, { version: '1.1', lineWidth: 0, minContentWidth: 0 }));
  return `${MANIFEST_HEADER}${documents.map((d) => `---\n${d}`).join('')}`;
}

export function phaseOf(o: TatorObject): InstallPhase {
  const phase = o.metadata?.labels?.[PHASE_LABEL];
  if (!phase || !(INSTALL_PHASES as readonly string[]).includes(phase)) {
    throw new Error(`${o.kind} ${o.metadata?.name ?? '?'} has no ${PHASE_LABEL} label`);
  }
  return phase as InstallPhase;
}
