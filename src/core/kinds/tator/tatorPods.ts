import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';

/** Names shared by the manifests, the template (Pod Identity association) and the installer. */
export const TATOR_NAMESPACE = 'tator';
export const TATOR_SERVICE_ACCOUNT = 'tator';
export const TATOR_EFS_CLAIM = 'tator-efs';
/** Created by the installer: values that only exist at install time (secrets, the load balancer's name). */
export const TATOR_SECRETS = 'tator-secrets';
export const TATOR_ADMIN_SECRET = 'tator-admin';
export const TATOR_HOST_CONFIG = 'tator-host';
export const TATOR_ENV_CONFIG = 'tator-env';

/** The installer applies the objects phase by phase (`kubectl apply -l imaging-lab/phase=<phase>`). */
export const PHASE_LABEL = 'imaging-lab/phase';
export const INSTALL_PHASES = ['base', 'prepare', 'migrate', 'serve', 'admin'] as const;
export type InstallPhase = (typeof INSTALL_PHASES)[number];

/** Node labels of upstream's eksctl node groups, kept on the managed node groups. */
export const WEB_NODES = { webServer: 'yes' } as const;
export const WORKER_NODES = { cpuWorker: 'yes' } as const;

/** The EFS folders upstream creates by hand from a node (seed: "Create directories for persistent volumes"). */
export const EFS_FOLDERS = ['static', 'media', 'backup', 'migrations'] as const;
export type EfsFolder = (typeof EFS_FOLDERS)[number];

/** Where upstream's Compose file mounts each EFS folder. */
const MOUNT_PATHS: Record<EfsFolder, string> = {
  static: '/static',
  media: '/media',
  backup: '/backup',
  migrations: '/tator_online/main/migrations',
};

export function labels(app: string, phase: InstallPhase): Record<string, string> {
  return { app, 'app.kubernetes.io/part-of': 'tator', [PHASE_LABEL]: phase };
}

export function efsMounts(folders: readonly EfsFolder[], readOnly = false): IVolumeMount[] {
  return folders.map((folder) => ({ name: 'efs', mountPath: MOUNT_PATHS[folder], subPath: folder, ...(readOnly ? { readOnly } : {}) }));
}

export interface ContainerOptions {
  readonly command: readonly string[];
  readonly port?: number;
  readonly mounts?: readonly IVolumeMount[];
  /** Reads the Tator environment (upstream's `.env`): ConfigMaps tator-env and tator-host, Secret tator-secrets. */
  readonly tatorEnv?: boolean;
  readonly cpu: string;
  readonly memory: string;
  /** Memory limit; defaults to twice the request. */
  readonly memoryLimit?: string;
  readonly readiness?: IContainer['readinessProbe'];
  readonly env?: IContainer['env'];
}

export function container(name: string, image: string, o: ContainerOptions): IContainer {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: [...o.command],
    ...(o.port ? { ports: [{ containerPort: o.port, protocol: 'TCP' }] } : {}),
    ...(o.tatorEnv
      ? {
          envFrom: [
            { configMapRef: { name: TATOR_ENV_CONFIG } },
            { configMapRef: { name: TATOR_HOST_CONFIG } },
            { secretRef: { name: TATOR_SECRETS } },
          ],
        }
      : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.mounts && o.mounts.length > 0 ? { volumeMounts: [...o.mounts] } : {}),
    resources: { requests: { cpu: o.cpu, memory: o.memory }, limits: { memory: o.memoryLimit ?? doubled(o.memory) } },
    ...(o.readiness ? { readinessProbe: o.readiness } : {}),
    securityContext: { allowPrivilegeEscalation: false },
  };
}

export interface PodOptions {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly efs?: boolean;
  readonly nginxConf?: boolean;
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

export function podSpec(containers: IContainer[], o: PodOptions): IPodSpec {
  const volumes: NonNullable<IPodSpec['volumes']> = [];
  if (o.efs) volumes.push({ name: 'efs', persistentVolumeClaim: { claimName: TATOR_EFS_CLAIM } });
  if (o.nginxConf) volumes.push({ name: 'nginx-conf', configMap: { name: 'nginx-conf' } });
  return {
    serviceAccountName: TATOR_SERVICE_ACCOUNT,
    ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
    nodeSelector: { ...o.nodeSelector },
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers,
    ...(volumes.length > 0 ? { volumes } : {}),
  };
}

export function podTemplate(app: string, phase: InstallPhase, spec: IPodSpec): IPodTemplateSpec {
  return { metadata: { labels: labels(app, phase) }, spec };
}

function doubled(quantity: string): string {
  const match = /^([0-9]+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory request '${quantity}' must be in Mi or Gi`);
  return `${Number(match[1]) * 2}${match[2]}`;
}
