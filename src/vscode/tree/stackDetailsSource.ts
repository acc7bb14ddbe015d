import type { IdleStop } from '../../core/billing/idleStop';
import type { InstanceInfo } from '../../core/stacks/stackInstances';
import type { StackEventInfo } from '../../core/stacks/recentEvents';
import type { StackInfo } from '../../core/stacks/stackInfo';

/** Loads what is fetched only when a section is expanded (one call per expansion, not per refresh). */
export interface StackDetailsSource {
  instances(stack: StackInfo): Promise<InstanceInfo[]>;
  events(stack: StackInfo): Promise<StackEventInfo[]>;
  /** Stopped instances their idle alarm stopped (empty when unknown). */
  idleStops?(stack: StackInfo, instances: readonly InstanceInfo[]): Promise<IdleStop[]>;
  /** The stack's hourly cost figure, once computed. */
  costLabel?(stack: StackInfo): string | undefined;
  /** stowrs kind: the region's S3 client, for the Received studies section (listed when expanded). */
  s3?(region: string): Promise<Pick<import('@aws-sdk/client-s3').S3Client, 'send'>>;
}
