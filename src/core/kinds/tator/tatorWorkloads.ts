import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { THIRD_PARTY_IMAGES, tatorImage } from './tatorImages';
import { container, efsMounts, labels, podSpec, podTemplate, TATOR_NAMESPACE, WEB_NODES, WORKER_NODES, type InstallPhase } from './tatorPods';
import type { TatorManifestValues } from './tatorValues';

/** The nginx Service's name: the installer waits for its load balancer and forwards to it. */
export const NGINX_SERVICE = 'nginx';

/** Long-running services of upstream's Compose file, one Deployment each (`--reload` dropped: it is for development). */
export function tatorDeployments(v: TatorManifestValues): IDeployment[] {
  const online = tatorImage('tator_online', v.imageTag);
  return [
    deployment('redis', container('redis', THIRD_PARTY_IMAGES.redis, {
      // Upstream: a cache and job queue without persistence, evicting least-recently-used keys.
      command: ['redis-server', '--maxmemory', '2048mb', '--maxmemory-policy', 'allkeys-lru', '--save', '', '--appendonly', 'no'],
      port: 6379,
      cpu: '100m',
      memory: '2304Mi',
      memoryLimit: '2560Mi',
      readiness: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5 },
    }), WORKER_NODES, { phase: 'prepare' }),
    deployment('gunicorn', container('gunicorn', online, {
      command: ['gunicorn', '--workers', '3', '--worker-connections', '100', '--worker-class=gthread', '--timeout', '600', '-b', ':80', 'tator_online.wsgi'],
      port: 80,
      tatorEnv: true,
      mounts: efsMounts(['static', 'migrations', 'media', 'backup']),
      cpu: '500m',
      memory: '1Gi',
      // Django only answers host names in ALLOWED_HOSTS, which include "gunicorn".
      readiness: { httpGet: { path: '/accounts/login/', port: 80, httpHeaders: [{ name: 'Host', value: 'gunicorn' }] }, periodSeconds: 10, timeoutSeconds: 5 },
    }), WEB_NODES, { efs: true }),
    deployment('ui', container('ui', tatorImage('tator_ui', v.imageTag), {
      command: ['npm', 'run', 'serve', '--', '--backend=', '--host=0.0.0.0'],
      port: 3000,
      cpu: '100m',
      memory: '256Mi',
      readiness: { tcpSocket: { port: 3000 }, periodSeconds: 10 },
    }), WEB_NODES),
    deployment('transcode', container('transcode', tatorImage('tator_transcode', v.imageTag), {
      command: ['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '80'],
      port: 80,
      tatorEnv: true,
      cpu: '100m',
      memory: '256Mi',
      readiness: { tcpSocket: { port: 80 }, periodSeconds: 10 },
    }), WORKER_NODES),
    deployment('transcode-worker', container('transcode-worker', tatorImage('tator_client', v.imageTag), {
      command: ['rq', 'worker', '--url', 'redis://redis', 'transcodes'],
      tatorEnv: true,
      cpu: '500m',
      memory: '1Gi',
      memoryLimit: '4Gi',
    }), WORKER_NODES),
    deployment('db-worker', container('db-worker', online, {
      command: ['python3', '/tator_online/main/worker.py', 'db_jobs'],
      tatorEnv: true,
      cpu: '200m',
      memory: '512Mi',
    }), WORKER_NODES),
    deployment('image-worker', container('image-worker', online, {
      command: ['python3', '/tator_online/main/worker.py', 'image_jobs'],
      tatorEnv: true,
      cpu: '200m',
      memory: '512Mi',
      memoryLimit: '2Gi',
    }), WORKER_NODES),
    deployment(NGINX_SERVICE, container('nginx', THIRD_PARTY_IMAGES.nginx, {
      command: ['nginx', '-g', 'daemon off;'],
      port: 80,
      mounts: [...efsMounts(['media'], true), { name: 'nginx-conf', mountPath: '/etc/nginx/conf.d/default.conf', subPath: 'default.conf', readOnly: true }],
      cpu: '100m',
      memory: '128Mi',
      readiness: { tcpSocket: { port: 80 }, periodSeconds: 5 },
    }), WEB_NODES, { efs: true, nginxConf: true }),
  ];
}

/** In-cluster names as in Compose (gunicorn, ui, transcode, redis); nginx behind a network load balancer. */
export function tatorServices(v: TatorManifestValues): IService[] {
  return [
    clusterIp('redis', 6379),
    clusterIp('gunicorn', 80),
    clusterIp('ui', 3000),
    clusterIp('transcode', 80),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: NGINX_SERVICE,
        namespace: TATOR_NAMESPACE,
        labels: labels(NGINX_SERVICE, 'base'),
        annotations: {
          // EKS's cloud controller makes an internet-facing NLB; its client addresses reach the pods.
          'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
          'service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags': 'imaging-lab:kind=tator',
        },
      },
      spec: {
        type: 'LoadBalancer',
        selector: { app: NGINX_SERVICE },
        ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
        // Enforced on the nodes' security group: only the deployer's range reaches Tator.
        loadBalancerSourceRanges: [v.allowedCidr],
        externalTrafficPolicy: 'Local',
      },
    },
  ];
}

interface DeploymentOptions {
  readonly efs?: boolean;
  readonly nginxConf?: boolean;
  /** Redis starts with the preparation Jobs: Django's migrations may reach its cache. */
  readonly phase?: InstallPhase;
}

function deployment(app: string, c: IContainer, nodes: Readonly<Record<string, string>>, o: DeploymentOptions = {}): IDeployment {
  const phase = o.phase ?? 'serve';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace: TATOR_NAMESPACE, labels: labels(app, phase) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app } },
      template: podTemplate(app, phase, podSpec([c], { nodeSelector: nodes, efs: o.efs, nginxConf: o.nginxConf })),
    },
  };
}

function clusterIp(app: string, port: number): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace: TATOR_NAMESPACE, labels: labels(app, 'base') },
    spec: { type: 'ClusterIP', selector: { app }, ports: [{ name: 'tcp', port, targetPort: port, protocol: 'TCP' }] },
  };
}
