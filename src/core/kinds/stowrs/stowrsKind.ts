import { estimate, line } from '../costs';
import type { KindRecord } from '../kindTypes';

/** The stowrs template (templates/cdk/stowrs): one Graviton instance behind an NLB on 443, HTTPS /studies into S3. */
export const STOWRS_KIND = {
  id: 'stowrs',
  display: { label: 'STOW-RS to S3', icon: 'cloud-upload', summary: 'STOW-RS endpoint that stores instances in S3' },
  description: 'STOW-RS endpoint (HTTPS, optional client certificates) that stores each received instance in S3',
  ports: [{ port: 443, label: 'STOW-RS (HTTPS)', allowMyIp: true }],
  dicomWeb: { port: 443, tls: true },
  recognise: {
    why: 'the stowrs-to-s3 CDK app names its stacks after the service',
    matches: (f) => /stow-?rs[-_ ]?(to)?[-_ ]?s3/i.test(f.stackName) || /stow-?rs/i.test(f.description ?? ''),
  },
  templateFile: 'templates/stowrs.template.json',
  // VPC, NLB and the Auto Scaling group's first healthy instance (Node from AL2023's repositories).
  typicalDeployMinutes: 8,
  cost: estimate([
    line('EC2 t4g.small (default instance type)', 'ec2:t4g.small'),
    line('Network Load Balancer', 'networkLoadBalancer'),
    line('NLB capacity units (light use, 1 NLCU)', 'nlbCapacityUnit'),
    line('Public IPv4 addresses (NLB in 2 zones, instance)', 'publicIpv4', 3),
    line('EBS gp3 root volume, 16 GB', 'gp3GbHour', 16),
    line('KMS customer-managed key (buckets, logs, secret)', 'kmsKey'),
    line('Secrets Manager, 1 secret (endpoint TLS key)', 'secretsManagerSecret'),
    line('CloudWatch alarms, 3', 'cloudWatchAlarm', 3),
  ]),
  // The bundle is staged and, with client certificates, the CA made before anything is created.
  prepare: async (context) => (await import('./prepareStowrs')).prepareStowrs(context),
  actions: ['browseReceivedStudies'],
} satisfies KindRecord<'stowrs'>;
