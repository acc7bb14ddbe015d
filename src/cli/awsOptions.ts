import { awsFilePaths } from '../core/aws/awsFiles';
import { listProfiles } from '../core/aws/profiles';
import { resolveRegions } from '../core/aws/regions';
import { createAwsSession, type AwsSession } from '../core/aws/session';

/** `--profile`/`--region` as every AWS-facing command takes them, resolved like the extension does. */
export async function sessionFromOptions(
  profile: string | undefined,
  regions: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<AwsSession> {
  const chosenProfile = profile || env.AWS_PROFILE || undefined;
  let profileRegion: string | undefined;
  if (regions.length === 0) {
    const { profiles } = await listProfiles(awsFilePaths(env));
    profileRegion = profiles.find((p) => p.name === (chosenProfile ?? 'default'))?.region;
  }
  return createAwsSession(chosenProfile, resolveRegions(regions, profileRegion, env));
}

export const AWS_OPTION_SPEC = {
  profile: { type: 'string' },
  region: { type: 'string', multiple: true },
} as const;
