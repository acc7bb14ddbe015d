import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { EFS_MOUNT_OPTIONS } from '../../../../src/core/kinds/tator/tatorBase';
import { tatorImagesFor } from '../../../../src/core/kinds/tator/tatorImages';
import { DB_EXTENSIONS, INSTALL_JOBS, MAINTENANCE_SCHEDULE } from '../../../../src/core/kinds/tator/tatorJobs';
import { MANIFEST_HEADER, phaseOf, renderTatorManifests, tatorObjects, type TatorObject } from '../../../../src/core/kinds/tator/tatorManifests';
import { EFS_FOLDERS, INSTALL_PHASES, PHASE_LABEL } from '../../../../src/core/kinds/tator/tatorPods';
import { nginxConf, SAMPLE_VALUES } from './tatorFixture';

// Rendered Kubernetes objects are untyped once parsed back; the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** kubectl reads manifests as YAML 1.1 (sigs.k8s.io/yaml): parse them the same way. */
function parsed(text: string): Json[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as Json;
  });
}

/** Every kind the renderer emits, with the kubernetes-models (Kubernetes 1.36 OpenAPI) class that validates it. */
async function validators(): Promise<Record<string, new (data: never) => { validate(): void }>> {
  const core = await import('kubernetes-models/v1');
  const apps = await import('kubernetes-models/apps/v1');
  const batch = await import('kubernetes-models/batch/v1');
  return {
    'v1/Namespace': core.Namespace,
    'v1/ServiceAccount': core.ServiceAccount,
    'v1/ConfigMap': core.ConfigMap,
    'v1/PersistentVolume': core.PersistentVolume,
    'v1/PersistentVolumeClaim': core.PersistentVolumeClaim,
    'v1/Service': core.Service,
    'apps/v1/Deployment': apps.Deployment,
    'batch/v1/Job': batch.Job,
    'batch/v1/CronJob': batch.CronJob,
  };
}

function podSpecs(objects: Json[]): Json[] {
  return objects.flatMap((o) => {
    if (o.kind === 'Deployment' || o.kind === 'Job') return [o.spec.template.spec];
    if (o.kind === 'CronJob') return [o.spec.jobTemplate.spec.template.spec];
    return [];
  });
}

describe('Tator manifests (rendered from stack outputs)', () => {
  const text = renderTatorManifests(SAMPLE_VALUES, nginxConf());
  const objects = parsed(text);

  it('passes the Kubernetes 1.36 schema check for every object (kubernetes-models)', async () => {
    const byKind = await validators();
    assert.ok(objects.length >= 30, `${objects.length} objects`);
    for (const o of objects) {
      const Model = byKind[`${o.apiVersion}/${o.kind}`];
      assert.ok(Model, `no validator for ${o.apiVersion}/${o.kind}`);
      new Model(o as never).validate();
    }
  });

  it('the schema check can fail: a broken Deployment and a CronJob without schedule are refused', async () => {
    const byKind = await validators();
    const deployment = structuredClone(objects.find((o) => o.kind === 'Deployment')!);
    deployment.spec.replicas = 'one';
    assert.throws(() => new byKind['apps/v1/Deployment']!(deployment as never).validate(), /replicas/);
    const cron = structuredClone(objects.find((o) => o.kind === 'CronJob')!);
    delete cron.spec.schedule;
    assert.throws(() => new byKind['batch/v1/CronJob']!(cron as never).validate(), /schedule/);
  });

  it('renders the same bytes for the same values, and a value change only where that value is used', () => {
    assert.equal(renderTatorManifests({ ...SAMPLE_VALUES }, nginxConf()), text);
    const other = renderTatorManifests({ ...SAMPLE_VALUES, allowedCidr: '127.0.1.0/24' }, nginxConf());
    const before = text.split('\n');
    const after = other.split('\n');
    assert.equal(after.length, before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
    assert.deepEqual(changed, [['    - 127.0.0.7/32', '    - 127.0.1.0/24']]);
    assert.ok(text.startsWith(MANIFEST_HEADER));
  });

  it('parses back to exactly the objects built (no value changed type or meaning in YAML 1.1)', () => {
    const built = JSON.parse(JSON.stringify(tatorObjects(SAMPLE_VALUES, nginxConf()))) as Json[];
    assert.deepEqual(objects, built);
    for (const spec of podSpecs(objects)) for (const v of Object.values(spec.nodeSelector as Json)) assert.equal(typeof v, 'string');
  });

  it('pins every image: Tator images by release commit from Docker Hub, official images from ECR Public', () => {
    const images = podSpecs(objects).flatMap((s) => (s.containers as Json[]).map((c) => c.image as string));
    assert.deepEqual([...new Set(images)].sort(), [...tatorImagesFor(SAMPLE_VALUES.imageTag)].sort());
    for (const image of images) {
      assert.match(image, /^(docker\.io\/cvisionai\/tator_(online|ui|transcode|client):[0-9a-f]{40}|public\.ecr\.aws\/docker\/library\/[a-z]+:[0-9][0-9.]*(-alpine)?)$/, image);
      assert.doesNotMatch(image, /:latest$/);
    }
    for (const spec of podSpecs(objects)) for (const c of spec.containers as Json[]) assert.equal(c.imagePullPolicy, 'IfNotPresent');
  });

  it('uses S3 in place of MinIO, with no access key anywhere', () => {
    const env = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'tator-env')!.data as Json;
    assert.equal(env.DEFAULT_LIVE_STORE_TYPE, 'AWS');
    assert.equal(env.DEFAULT_LIVE_BUCKET_NAME, SAMPLE_VALUES.mediaBucket);
    assert.deepEqual(JSON.parse(env.DEFAULT_LIVE_CONFIG), { endpoint_url: 'https://s3.us-east-1.amazonaws.com', region_name: 'us-east-1' });
    assert.equal(env.POSTGRES_HOST, SAMPLE_VALUES.databaseHost);
    assert.doesNotMatch(text, /minio|MINIO|access_key|ACCESS_KEY|SECRET_KEY=/);
  });

  it('mounts EFS as one static ReadWriteMany volume with upstream mount options (plus TLS), folders by subPath', () => {
    const pv = objects.find((o) => o.kind === 'PersistentVolume')!;
    assert.deepEqual(pv.spec.accessModes, ['ReadWriteMany']);
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.deepEqual(pv.spec.csi, { driver: 'efs.csi.aws.com', volumeHandle: SAMPLE_VALUES.fileSystemId });
    for (const option of ['nfsvers=4.1', 'rsize=1048576', 'wsize=1048576', 'hard', 'timeo=600', 'retrans=2', 'noresvport', 'tls']) {
      assert.ok(pv.spec.mountOptions.includes(option), option);
    }
    assert.deepEqual(pv.spec.mountOptions, [...EFS_MOUNT_OPTIONS]);
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim')!;
    assert.equal(pvc.spec.volumeName, pv.metadata.name);
    assert.equal(pvc.spec.storageClassName, '');
    const efsMounts = podSpecs(objects).flatMap((s) => (s.containers as Json[]).flatMap((c) => ((c.volumeMounts ?? []) as Json[]).filter((m) => m.name === 'efs')));
    const subPaths = new Set(efsMounts.map((m) => m.subPath));
    subPaths.delete(undefined);
    assert.deepEqual([...subPaths].sort(), [...EFS_FOLDERS].sort());
    const folders = objects.find((o) => o.metadata.name === 'efs-folders')!;
    assert.match(folders.spec.template.spec.containers[0].command.join(' '), /mkdir -p \/efs\/static \/efs\/media \/efs\/backup \/efs\/migrations/);
  });

  it('exposes only nginx, as a network load balancer limited to the allowed range', () => {
    const services = objects.filter((o) => o.kind === 'Service');
    const exposed = services.filter((s) => s.spec.type !== 'ClusterIP');
    assert.deepEqual(exposed.map((s) => s.metadata.name), ['nginx']);
    assert.equal(exposed[0]!.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-type'], 'nlb');
    assert.deepEqual(exposed[0]!.spec.loadBalancerSourceRanges, [SAMPLE_VALUES.allowedCidr]);
    assert.deepEqual(services.map((s) => s.metadata.name).sort(), ['gunicorn', 'nginx', 'redis', 'transcode', 'ui']);
  });

  it('creates the four database extensions and runs migrations so that a failure fails the Job', () => {
    const psql = objects.find((o) => o.metadata.name === 'db-extensions')!.spec.template.spec.containers[0];
    for (const e of DB_EXTENSIONS) assert.ok(psql.command.includes(`CREATE EXTENSION IF NOT EXISTS ${e}`), e);
    assert.ok(psql.command.includes('ON_ERROR_STOP=1'));
    assert.deepEqual([...DB_EXTENSIONS].sort(), ['ltree', 'pg_trgm', 'postgis', 'vector']);
    const migrate = objects.find((o) => o.metadata.name === 'migrate')!.spec.template.spec.containers[0];
    assert.doesNotMatch(migrate.command.join(' '), /;/);
  });

  it('keeps every upstream cron line as a CronJob, and no secret value or password in the text', () => {
    const crons = objects.filter((o) => o.kind === 'CronJob');
    assert.deepEqual(crons.map((c) => [c.spec.schedule, c.spec.jobTemplate.spec.template.spec.containers[0].command[2]]), MAINTENANCE_SCHEDULE.map(([s, c]) => [s, c]));
    assert.doesNotMatch(text, /PASSWORD: |password: /i);
  });

  it('orders objects by install phase and labels each one, Jobs in the phases the installer waits on', () => {
    const phases = tatorObjects(SAMPLE_VALUES, nginxConf()).map((o: TatorObject) => phaseOf(o));
    assert.deepEqual([...new Set(phases)], [...INSTALL_PHASES]);
    assert.deepEqual(phases, [...phases].sort((a, b) => INSTALL_PHASES.indexOf(a) - INSTALL_PHASES.indexOf(b)));
    for (const o of objects) assert.ok(o.metadata.labels[PHASE_LABEL], `${o.kind} ${o.metadata.name}`);
    for (const j of INSTALL_JOBS) {
      const found = objects.find((o) => o.kind === 'Job' && o.metadata.name === j.name);
      assert.equal(found?.metadata.labels[PHASE_LABEL], j.phase, j.name);
    }
  });

  it('runs every pod on the CPU nodes with RuntimeDefault seccomp and no privilege escalation', () => {
    for (const spec of podSpecs(objects)) {
      assert.ok(spec.nodeSelector.webServer === 'yes' || spec.nodeSelector.cpuWorker === 'yes', JSON.stringify(spec.nodeSelector));
      assert.equal(spec.securityContext.seccompProfile.type, 'RuntimeDefault');
      assert.equal(spec.serviceAccountName, 'tator');
      for (const c of spec.containers as Json[]) {
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
        assert.ok(c.resources.requests.cpu && c.resources.limits.memory, c.name);
      }
    }
  });
});
