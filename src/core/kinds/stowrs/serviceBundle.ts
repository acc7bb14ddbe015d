import { createHash } from 'node:crypto';

/** Where the deploy stages the service bundle in its staging bucket (content-addressed: one object per build). */
export const SERVICE_BUNDLE_FILE = 'stowrs-service.js';

export interface ServiceBundleObject {
  readonly key: string;
  /** Lower-case hex, the ServiceBundleSha256 parameter; the instance refuses a bundle with another digest. */
  readonly sha256: string;
}

/**
 * The staging key and digest of dist/stowrs-service.js. Content addressing means a redeploy of the
 * same build reuses the object, and a new build changes the key, the launch template and (through
 * the rolling update) the instance.
 */
export function serviceBundleObject(bundle: Buffer): ServiceBundleObject {
  const sha256 = createHash('sha256').update(bundle).digest('hex');
  return { key: `stowrs/${sha256}/${SERVICE_BUNDLE_FILE}`, sha256 };
}
