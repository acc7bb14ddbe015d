import type { ACMClient } from '@aws-sdk/client-acm';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EC2InstanceConnectClient } from '@aws-sdk/client-ec2-instance-connect';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { PricingClient } from '@aws-sdk/client-pricing';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { silentLog, type Log } from '../util/log';
import { addCallLog } from './callLog';

/** Options every SDK client is created with. */
export interface ClientOptions {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly retryMode: 'adaptive';
  readonly maxAttempts: number;
}

interface ServiceLoaders {
  cloudFormation: CloudFormationClient;
  cloudWatch: CloudWatchClient;
  ec2: EC2Client;
  ec2InstanceConnect: EC2InstanceConnectClient;
  eks: EKSClient;
  pricing: PricingClient;
  rds: RDSClient;
  s3: S3Client;
  secretsManager: SecretsManagerClient;
  ssm: SSMClient;
  sts: STSClient;
  // lab kind: ACM imports the Client VPN certificates
  acm: ACMClient;
}
export type ServiceName = keyof ServiceLoaders;

/**
 * Each SDK package is imported the first time a client of it is needed, so activation does not
 * pay for parsing megabytes of SDK code (the bundler maps these imports to separate files).
 */
const loaders: { [K in ServiceName]: (o: ClientOptions) => Promise<ServiceLoaders[K]> } = {
  cloudFormation: async (o) => new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(o),
  cloudWatch: async (o) => new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(o),
  ec2: async (o) => new (await import('@aws-sdk/client-ec2')).EC2Client(o),
  ec2InstanceConnect: async (o) =>
    new (await import('@aws-sdk/client-ec2-instance-connect')).EC2InstanceConnectClient(o),
  eks: async (o) => new (await import('@aws-sdk/client-eks')).EKSClient(o),
  pricing: async (o) => new (await import('@aws-sdk/client-pricing')).PricingClient(o),
  rds: async (o) => new (await import('@aws-sdk/client-rds')).RDSClient(o),
  s3: async (o) => new (await import('@aws-sdk/client-s3')).S3Client(o),
  secretsManager: async (o) => new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(o),
  ssm: async (o) => new (await import('@aws-sdk/client-ssm')).SSMClient(o),
  sts: async (o) => new (await import('@aws-sdk/client-sts')).STSClient(o),
  // lab kind
  acm: async (o) => new (await import('@aws-sdk/client-acm')).ACMClient(o),
};

/** Lazily created SDK clients for one credential source, cached per service and region. */
export class AwsClients {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    readonly credentials: AwsCredentialIdentityProvider,
    private readonly maxAttempts = 5,
    /** Every call is logged here (operation, region, duration; request id and error on failure). */
    private readonly log: Log = silentLog,
  ) {}

  get<K extends ServiceName>(service: K, region: string): Promise<ServiceLoaders[K]> {
    const key = `${service}:${region}`;
    let client = this.cache.get(key) as Promise<ServiceLoaders[K]> | undefined;
    if (!client) {
      client = loaders[service]({
        region,
        credentials: this.credentials,
        retryMode: 'adaptive',
        maxAttempts: this.maxAttempts,
      }).then((c) => {
        addCallLog(c, this.log, region);
        return c;
      });
      // A failed import must not poison the cache for the rest of the session.
      client.catch(() => this.cache.delete(key));
      this.cache.set(key, client);
    }
    return client;
  }

  cloudFormation(region: string): Promise<CloudFormationClient> {
    return this.get('cloudFormation', region);
  }
  ec2(region: string): Promise<EC2Client> {
    return this.get('ec2', region);
  }
  ec2InstanceConnect(region: string): Promise<EC2InstanceConnectClient> {
    return this.get('ec2InstanceConnect', region);
  }
  eks(region: string): Promise<EKSClient> {
    return this.get('eks', region);
  }
  s3(region: string): Promise<S3Client> {
    return this.get('s3', region);
  }
  secretsManager(region: string): Promise<SecretsManagerClient> {
    return this.get('secretsManager', region);
  }
  ssm(region: string): Promise<SSMClient> {
    return this.get('ssm', region);
  }
  sts(region: string): Promise<STSClient> {
    return this.get('sts', region);
  }
  // lab kind
  acm(region: string): Promise<ACMClient> {
    return this.get('acm', region);
  }

  /** Closes sockets of every client created so far. */
  async dispose(): Promise<void> {
    const clients = await Promise.allSettled(this.cache.values());
    for (const c of clients) {
      if (c.status === 'fulfilled') (c.value as { destroy(): void }).destroy();
    }
    this.cache.clear();
  }
}
