/** Commercial regions offered in the region picker (any other valid name can still be typed or set). */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1', 'sa-east-1', 'mx-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-7', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-east-1',
  'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1',
];

const REGION_NAME = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function isRegionName(value: string): boolean {
  return REGION_NAME.test(value);
}

export const FALLBACK_REGION = 'us-east-1';

/**
 * Regions to query: the configured list when non-empty, else the profile's region, else the
 * environment's, else us-east-1. Duplicates are dropped, order kept.
 */
export function resolveRegions(
  configured: readonly string[],
  profileRegion: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const chosen = configured.filter((r) => r.trim() !== '');
  if (chosen.length > 0) return [...new Set(chosen.map((r) => r.trim()))];
  return [profileRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION || FALLBACK_REGION];
}
