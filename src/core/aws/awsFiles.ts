import { homedir } from 'node:os';
import { join } from 'node:path';

/** Paths the SDK reads, honouring the same environment variables it does. */
export interface AwsFilePaths {
  readonly configFile: string;
  readonly credentialsFile: string;
}

export function awsFilePaths(env: NodeJS.ProcessEnv = process.env, home = homedir()): AwsFilePaths {
  return {
    configFile: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}
