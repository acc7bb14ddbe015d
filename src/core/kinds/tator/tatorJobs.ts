import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { THIRD_PARTY_IMAGES, tatorImage } from './tatorImages';
import {
  container,
  EFS_FOLDERS,
  efsMounts,
  labels,
  podSpec,
  podTemplate,
  TATOR_ADMIN_SECRET,
  TATOR_ENV_CONFIG,
  TATOR_NAMESPACE,
  TATOR_SECRETS,
  WORKER_NODES,
  type InstallPhase,
} from './tatorPods';
import type { TatorManifestValues } from './tatorValues';

/** The Jobs the installer waits for, in order, with the phase that applies each. */
export const INSTALL_JOBS = [
  { name: 'efs-folders', phase: 'prepare' },
  { name: 'db-extensions', phase: 'prepare' },
  { name: 'migrate', phase: 'migrate' },
  { name: 'create-admin', phase: 'admin' },
] as const satisfies readonly { name: string; phase: InstallPhase }[];

/** Extensions upstream's `create-extensions` service creates (all offered by RDS for PostgreSQL). */
export const DB_EXTENSIONS = ['ltree', 'postgis', 'vector', 'pg_trgm'] as const;

export const TATOR_ADMIN_USER = 'admin';

/** Upstream's compose/gunicorn.cron, one CronJob per line (schedule, manage.py command). */
export const MAINTENANCE_SCHEDULE: readonly (readonly [string, string])[] = [
  ['10 * * * *', 'updateprojects'],
  ['20 * * * *', 'prunetemporaryfiles'],
  ['30 0 * * *', 'prunemedia'],
  ['30 1 * * *', 'prunelocalizations'],
  ['30 2 * * *', 'prunestates'],
  ['30 3 * * *', 'pruneleaves'],
  ['30 4 * * *', 'prunefiles'],
  ['40 18 * * *', 'movebackups'],
  ['40 0 * * *', 'archivemedia'],
  ['0 1 * * *', 'backupresources'],
  ['40 1 * * *', 'requestrestoration'],
  ['50 1 * * *', 'finishrestoration'],
  ['50 2 * * *', 'expireinvitations'],
  ['50 3 * * *', 'expireannouncements'],
  ['40 * * * *', 'expirepasswordresets'],
];

export function tatorJobs(v: TatorManifestValues): IJob[] {
  const online = tatorImage('tator_online', v.imageTag);
  const fromConfig = (name: string, key: string) => ({ name, valueFrom: { configMapKeyRef: { name: TATOR_ENV_CONFIG, key } } });
  const fromSecret = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  return [
    // Seed: "mount the EFS filesystem from a node ... sudo mkdir static media backup migrations".
    job('efs-folders', 'prepare', container('mkdir', THIRD_PARTY_IMAGES.busybox, {
      command: ['sh', '-c', `mkdir -p ${EFS_FOLDERS.map((f) => `/efs/${f}`).join(' ')} && ls -ld /efs/*`],
      mounts: [{ name: 'efs', mountPath: '/efs' }],
      cpu: '50m',
      memory: '32Mi',
    }), true),
    // Upstream's create-extensions service, against RDS (TLS required by the server).
    job('db-extensions', 'prepare', container('psql', THIRD_PARTY_IMAGES.postgresClient, {
      command: ['psql', '-v', 'ON_ERROR_STOP=1', ...DB_EXTENSIONS.flatMap((e) => ['-c', `CREATE EXTENSION IF NOT EXISTS ${e}`])],
      env: [
        fromConfig('PGHOST', 'POSTGRES_HOST'),
        fromConfig('PGUSER', 'POSTGRES_USER'),
        fromConfig('PGDATABASE', 'POSTGRES_DB'),
        fromSecret('PGPASSWORD', TATOR_SECRETS, 'POSTGRES_PASSWORD'),
        { name: 'PGSSLMODE', value: 'require' },
        { name: 'PGCONNECT_TIMEOUT', value: '10' },
      ],
      cpu: '50m',
      memory: '64Mi',
    })),
    // Upstream's migrate service; `&&` instead of `;` so a failed migration fails the install.
    job('migrate', 'migrate', container('migrate', online, {
      command: ['sh', '-c', 'python3 manage.py makemigrations main && python3 manage.py makemigrations && python3 manage.py migrate'],
      tatorEnv: true,
      mounts: efsMounts(['migrations']),
      cpu: '250m',
      memory: '1Gi',
    }), true),
    // Replaces `make superuser` (interactive): an admin whose password CloudFormation generated.
    job('create-admin', 'admin', container('create-admin', online, {
      command: ['sh', '-c', `${adminExists()} || python3 manage.py createsuperuser --noinput`],
      tatorEnv: true,
      env: [
        { name: 'DJANGO_SUPERUSER_USERNAME', value: TATOR_ADMIN_USER },
        { name: 'DJANGO_SUPERUSER_EMAIL', value: 'admin@localhost' },
        fromSecret('DJANGO_SUPERUSER_PASSWORD', TATOR_ADMIN_SECRET, 'DJANGO_SUPERUSER_PASSWORD'),
      ],
      cpu: '100m',
      memory: '512Mi',
    })),
  ];
}

export function tatorCronJobs(v: TatorManifestValues): ICronJob[] {
  const online = tatorImage('tator_online', v.imageTag);
  return MAINTENANCE_SCHEDULE.map(([schedule, command]) => {
    const name = `cron-${command}`;
    const c = container(command, online, {
      command: ['python3', 'manage.py', command],
      tatorEnv: true,
      mounts: efsMounts(['static', 'migrations', 'media', 'backup']),
      cpu: '100m',
      memory: '512Mi',
      memoryLimit: '2Gi',
    });
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: TATOR_NAMESPACE, labels: labels(name, 'serve') },
      spec: {
        schedule,
        // Upstream's cron ran in the container's local time; UTC is explicit here.
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: labels(name, 'serve') },
          spec: { backoffLimit: 1, template: podTemplate(name, 'serve', podSpec([{ ...c, workingDir: '/tator_online' }], { nodeSelector: WORKER_NODES, efs: true, restartPolicy: 'Never' })) },
        },
      },
    };
  });
}

function job(name: string, phase: InstallPhase, c: IContainer, efs = false): IJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: TATOR_NAMESPACE, labels: labels(name, phase) },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 1800,
      template: podTemplate(name, phase, podSpec([c], { nodeSelector: WORKER_NODES, efs, restartPolicy: 'Never' })),
    },
  };
}

/** Exits 0 when the admin user already exists, so a second run changes nothing. */
function adminExists(): string {
  const python = `import sys; from django.contrib.auth import get_user_model; sys.exit(0 if get_user_model().objects.filter(username='${TATOR_ADMIN_USER}').exists() else 1)`;
  return `python3 manage.py shell -c "${python}"`;
}
