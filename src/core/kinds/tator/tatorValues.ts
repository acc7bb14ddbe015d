/**
 * The values the Tator manifests are rendered from, each named after the stack output that carries
 * it. Outputs are read from AWS, so they are untrusted: every value is checked against a strict
 * grammar before it can reach a manifest. The grammars also keep every value a plain YAML scalar
 * (no quoting needed, no number or boolean look-alike), so the rendered text means what it says.
 */
export interface TatorManifestValues {
  /** Region of the stack (S3 endpoint and region of the media bucket). */
  readonly region: string;
  /** EFS file system holding static/, media/, backup/ and migrations/. */
  readonly fileSystemId: string;
  /** S3 bucket Tator stores media objects in (upstream: MinIO). */
  readonly mediaBucket: string;
  /** Host name of the PostgreSQL (RDS) endpoint. */
  readonly databaseHost: string;
  /** The one IPv4 range the nginx load balancer admits (the deployer's /32 by default). */
  readonly allowedCidr: string;
  /** Upstream commit whose images (cvisionai/tator_*:<commit>) are installed. */
  readonly imageTag: string;
}

/** Output name of each value (the template declares these outputs). */
export const TATOR_VALUE_OUTPUTS: { readonly [K in keyof TatorManifestValues]: string } = {
  region: 'Region',
  fileSystemId: 'FileSystemId',
  mediaBucket: 'MediaBucketName',
  databaseHost: 'DatabaseHost',
  allowedCidr: 'LoadBalancerSourceCidr',
  imageTag: 'TatorImageCommit',
};

/** An IPv4 CIDR of /16 to /32: a campus at most, and never 0.0.0.0/0. */
export const TATOR_CIDR_PATTERN =
  '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(1[6-9]|2[0-9]|3[0-2])$';

/** A full 40-hex git commit: upstream CI tags the images it publishes with the release commit. */
export const TATOR_IMAGE_TAG_PATTERN = '^[0-9a-f]{40}$';

const HOST_LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';

const GRAMMARS: { readonly [K in keyof TatorManifestValues]: RegExp } = {
  region: /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/,
  fileSystemId: /^fs-[0-9a-f]{8}([0-9a-f]{9})?$/,
  // S3 bucket naming rules, minus the dotted form (virtual-host TLS fails on dotted names).
  mediaBucket: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
  databaseHost: new RegExp(`^(?=.{4,253}$)${HOST_LABEL}(\\.${HOST_LABEL})+$`),
  allowedCidr: new RegExp(TATOR_CIDR_PATTERN),
  imageTag: new RegExp(TATOR_IMAGE_TAG_PATTERN),
};

export class TatorValuesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TatorValuesError';
  }
}

/** Checks one value; the message names the output so the user knows which one is wrong. */
export function checkTatorValue<K extends keyof TatorManifestValues>(key: K, value: string | undefined): string {
  const output = TATOR_VALUE_OUTPUTS[key];
  if (value === undefined || value === '') {
    throw new TatorValuesError(`The stack has no ${output} output. Update the stack to the Tator template this version ships, then try again.`);
  }
  if (!GRAMMARS[key].test(value)) {
    throw new TatorValuesError(`The stack output ${output} ('${printable(value)}') is not a valid value; the stack may not be a Tator stack made by Imaging Lab.`);
  }
  return value;
}

/** Reads and checks every value from a stack's outputs (key -> value). */
export function tatorValuesFromOutputs(outputs: Readonly<Record<string, string | undefined>>): TatorManifestValues {
  const read = <K extends keyof TatorManifestValues>(key: K): string => checkTatorValue(key, outputs[TATOR_VALUE_OUTPUTS[key]]);
  return {
    region: read('region'),
    fileSystemId: read('fileSystemId'),
    mediaBucket: read('mediaBucket'),
    databaseHost: read('databaseHost'),
    allowedCidr: read('allowedCidr'),
    imageTag: read('imageTag'),
  };
}

/** At most 80 characters, control characters replaced: safe to put in a message. */
function printable(value: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return cleaned.length > 80 ? `${cleaned.slice(0, 77)}...` : cleaned;
}
