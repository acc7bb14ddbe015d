import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPersistentVolume } from 'kubernetes-models/v1/PersistentVolume';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { labels, TATOR_EFS_CLAIM, TATOR_ENV_CONFIG, TATOR_NAMESPACE, TATOR_SERVICE_ACCOUNT } from './tatorPods';
import type { TatorManifestValues } from './tatorValues';

/** Master user of the RDS instance (the template creates it with this name). */
export const TATOR_DB_USER = 'tator';
export const TATOR_DB_NAME = 'tator_online';

/**
 * Upstream's mount options for EFS as a plain NFS volume (nfsvers=4.1, 1 MiB reads and writes, hard,
 * timeo=600, retrans=2, noresvport), passed through the EFS CSI driver with `tls` added: the file
 * system policy refuses unencrypted clients.
 */
export const EFS_MOUNT_OPTIONS = ['tls', 'nfsvers=4.1', 'rsize=1048576', 'wsize=1048576', 'hard', 'timeo=600', 'retrans=2', 'noresvport'] as const;

/**
 * Upstream's `.env` (example-env) for the Compose deployment, with MinIO replaced by the stack's S3
 * bucket (credentials from EKS Pod Identity, so no access keys) and the development settings off.
 */
export function tatorEnvironment(v: TatorManifestValues): Record<string, string> {
  return {
    POSTGRES_HOST: v.databaseHost,
    POSTGRES_PORT: '5432',
    POSTGRES_USER: TATOR_DB_USER,
    POSTGRES_DB: TATOR_DB_NAME,
    GUNICORN_HOST: 'http://gunicorn',
    REDIS_HOST: 'redis',
    TRANSCODE_HOST: 'http://transcode',
    DEFAULT_LIVE_STORE_TYPE: 'AWS',
    DEFAULT_LIVE_BUCKET_NAME: v.mediaBucket,
    // No keys: boto3 takes the Pod Identity credentials of the service account.
    DEFAULT_LIVE_CONFIG: JSON.stringify({ endpoint_url: `https://s3.${v.region}.amazonaws.com`, region_name: v.region }),
    AWS_DEFAULT_REGION: v.region,
    EXPIRATION_AGE_DAYS: '0',
    ARCHIVE_AGE_DAYS: '7',
    // Upstream's example enables self sign-up and public projects; here the generated admin invites users.
    ANONYMOUS_REGISTRATION_ENABLED: 'false',
    ANONYMOUS_GATEWAY_ENABLED: 'false',
    AUTOCREATE_ORGANIZATIONS: 'true',
    ALLOW_ORGANIZATION_POST: 'true',
    USE_MIN_JS: 'true',
    COMPOSE_DEPLOY: 'true',
    STATSD_ENABLED: 'false',
    AUDIT_ENABLED: 'false',
    STATIC_MAX_AGE: '2592000',
    HAS_ALT_BUCKET: 'false',
  };
}

export function tatorBaseObjects(v: TatorManifestValues, nginxConf: string): [INamespace, IServiceAccount, IConfigMap, IConfigMap, IPersistentVolume, IPersistentVolumeClaim] {
  const meta = (name: string) => ({ name, namespace: TATOR_NAMESPACE, labels: labels(name, 'base') });
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: TATOR_NAMESPACE, labels: { ...labels(TATOR_NAMESPACE, 'base'), 'pod-security.kubernetes.io/enforce': 'baseline' } },
    },
    // Its Pod Identity association (in the template) gives the pods the media bucket and nothing else.
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(TATOR_SERVICE_ACCOUNT), automountServiceAccountToken: false },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(TATOR_ENV_CONFIG), data: tatorEnvironment(v) },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('nginx-conf'), data: { 'default.conf': nginxConf } },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `tator-efs-${v.fileSystemId}`, labels: labels('tator-efs', 'base') },
      spec: {
        capacity: { storage: '1Ti' },
        volumeMode: 'Filesystem',
        accessModes: ['ReadWriteMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        mountOptions: [...EFS_MOUNT_OPTIONS],
        csi: { driver: 'efs.csi.aws.com', volumeHandle: v.fileSystemId },
        claimRef: { namespace: TATOR_NAMESPACE, name: TATOR_EFS_CLAIM },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(TATOR_EFS_CLAIM),
      spec: {
        accessModes: ['ReadWriteMany'],
        storageClassName: '',
        volumeName: `tator-efs-${v.fileSystemId}`,
        resources: { requests: { storage: '1Ti' } },
      },
    },
  ];
}
