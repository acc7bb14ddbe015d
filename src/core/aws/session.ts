import { AwsClients } from './clients';
import type { Log } from '../util/log';
import { credentialsForProfile } from './credentials';

/** One credential source (profile) and the regions the user works in. */
export interface AwsSession {
  /** Undefined means the SDK's default chain (environment, then the `default` profile). */
  readonly profile: string | undefined;
  readonly regions: readonly string[];
  readonly clients: AwsClients;
}

export function createAwsSession(profile: string | undefined, regions: readonly string[], log?: Log): AwsSession {
  return { profile, regions, clients: new AwsClients(credentialsForProfile(profile), undefined, log) };
}
