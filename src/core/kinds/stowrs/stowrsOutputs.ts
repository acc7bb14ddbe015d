import type { StackInfo } from '../../stacks/stackInfo';
import { normalisePrefix } from './objectKeys';

/** The stowrs template's own outputs (beside the contract's DicomWebUrl and SecurityGroupId). */
export const STOWRS_OUTPUT = {
  bucket: 'DicomBucket',
  prefix: 'DicomPrefix',
  tlsMode: 'EndpointTlsMode',
  fingerprintParameter: 'EndpointFingerprintParameter',
} as const;

export type StowrsTlsMode = 'generated' | 'generated-client-certificates' | 'acm-certificate';
const TLS_MODES: readonly string[] = ['generated', 'generated-client-certificates', 'acm-certificate'];
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** SSM parameter names: one or more path segments of letters, digits and . _ - (at most 1011 characters). */
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]{1,128}(\/[A-Za-z0-9_.-]{1,128}){0,14}$/;

export interface StowrsStackFacts {
  readonly bucket: string;
  /** Normalised PREFIX ('' for the bucket root). */
  readonly prefix: string;
  readonly tlsMode: StowrsTlsMode;
  /** SSM parameter holding the endpoint certificate's SHA-256 (absent with an ACM certificate). */
  readonly fingerprintParameter?: string;
}

/**
 * The stowrs outputs of a stack, each checked against its grammar (outputs come from the account);
 * the error says which output is wrong and what to do.
 */
export function stowrsStackFacts(stack: StackInfo): StowrsStackFacts {
  const output = (key: string) => stack.outputs.find((o) => o.key === key)?.value;
  const wrong = (key: string, what: string) =>
    new Error(`Stack ${stack.stackName}'s ${key} output is not ${what}; it was not made by Imaging Lab's STOW-RS template or is still being created. Wait for CREATE_COMPLETE, or redeploy it with Imaging Lab.`);
  const bucket = output(STOWRS_OUTPUT.bucket) ?? '';
  if (!BUCKET.test(bucket)) throw wrong(STOWRS_OUTPUT.bucket, 'an S3 bucket name');
  let prefix: string;
  try {
    prefix = normalisePrefix(output(STOWRS_OUTPUT.prefix) ?? '');
  } catch {
    throw wrong(STOWRS_OUTPUT.prefix, 'a key prefix');
  }
  const tlsMode = output(STOWRS_OUTPUT.tlsMode) ?? '';
  if (!TLS_MODES.includes(tlsMode)) throw wrong(STOWRS_OUTPUT.tlsMode, `one of ${TLS_MODES.join(', ')}`);
  const parameter = output(STOWRS_OUTPUT.fingerprintParameter);
  if (tlsMode !== 'acm-certificate' && !(parameter && PARAMETER_NAME.test(parameter))) throw wrong(STOWRS_OUTPUT.fingerprintParameter, 'an SSM parameter name');
  return { bucket, prefix, tlsMode: tlsMode as StowrsTlsMode, ...(tlsMode !== 'acm-certificate' ? { fingerprintParameter: parameter } : {}) };
}
