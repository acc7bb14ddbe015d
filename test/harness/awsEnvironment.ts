import { join } from 'node:path';

/**
 * Environment for the VS Code server (inherited by its extension host) that sends every SDK call to
 * the fake endpoint with the throwaway HOME's static keys. Nothing can reach real AWS: the
 * endpoint override applies to all services, and the instance-metadata lookup is off.
 */
export function fakeAwsEnvironment(endpointUrl: string, home: string): Record<string, string | undefined> {
  return {
    HOME: home,
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // "Your public IP" comes from the fake too (127.0.0.1), never from checkip.amazonaws.com.
    IMAGING_LAB_PUBLIC_IP_URL: `${endpointUrl}/__fakeaws/checkip`,
    AWS_PROFILE: 'default',
    // Keys of a real environment must not leak into the run.
    AWS_ACCESS_KEY_ID: 'AKIAFAKE0000000000',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-key',
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
  };
}
