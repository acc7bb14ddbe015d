import { fullMatch } from '../../cfn/validateParameter';
import { hostCidr } from '../../net/publicIp';
import type { ParameterProvider } from '../parameterProviders';

const CIDR_SAMPLE = '127.0.0.7/32';

/**
 * Whether a parameter's AllowedPattern accepts a host /32 (the parameter then takes a CIDR). The
 * template's pattern runs on the linear-time matcher (a template is untrusted input); an invalid
 * one is reported by the validator and tells nothing here.
 */
export function acceptsHostCidr(allowedPattern: string | undefined): boolean {
  return allowedPattern !== undefined && fullMatch(allowedPattern, CIDR_SAMPLE) === true;
}

/** An IPv4 CIDR parameter: the caller's public address as a /32, never a wider range by default. */
export const callerCidrProvider: ParameterProvider = {
  fill: async (_p, c) => hostCidr(await c.env.publicIp(c.signal)),
};
