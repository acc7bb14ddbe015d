import { isIP } from 'node:net';
import { SshSetupError } from './sshAwsErrors';

/**
 * Strict grammars for values that come from the AWS account (tags, outputs, instance data) and end
 * up in the SSH config, known_hosts or a command line. A value that does not fit is refused with a
 * message naming where it came from; it is never "cleaned" into something else.
 */

/** Where a value came from, as a person can find it: `stack research, output SshHost`. */
export type ValueOrigin = string;

export class UntrustedValueError extends SshSetupError {
  constructor(message: string) {
    super(message, 'UntrustedValue');
    this.name = 'UntrustedValueError';
  }
}

/** The value as it may be shown: escaped (a newline shows as \n) and cut. */
export function shownValue(value: string): string {
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…"` : json;
}

function refuse(value: string, origin: ValueOrigin, what: string, rule: string): never {
  throw new UntrustedValueError(
    `${origin}: ${shownValue(value)} is not a valid ${what} (${rule}). Imaging Lab refuses it rather than write it into your SSH configuration or a command; correct the value where it comes from (or ask the stack's owner), then try again.`,
  );
}

// POSIX portable user name: letters, digits, '.', '_', '-', not starting with '-' (useradd's default rule).
const USER = /^[A-Za-z_][A-Za-z0-9._-]{0,31}$/;
const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// AWS CLI profile names are free text; only these can sit in a ProxyCommand without any quoting.
const PROFILE = /^[A-Za-z0-9_][A-Za-z0-9_.@+=,-]{0,63}$/;

export function sshUser(value: string, origin: ValueOrigin): string {
  if (!USER.test(value)) refuse(value, origin, 'user name', "a POSIX user name: letters, digits, '.', '_' or '-', at most 32, not starting with '-' or a digit");
  return value;
}

/** A DNS name or an IPv4/IPv6 address. */
export function isHostName(value: string): boolean {
  if (isIP(value) !== 0) return true;
  if (value.length > 253) return false;
  const labels = value.split('.');
  return labels.every((l) => DNS_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

export function sshHostName(value: string, origin: ValueOrigin): string {
  if (!isHostName(value)) refuse(value, origin, 'host name', 'a DNS name or an IP address');
  return value;
}

export function sshPort(value: number, origin: ValueOrigin): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) refuse(String(value), origin, 'port', 'a whole number from 1 to 65535');
  return value;
}

export function instanceId(value: string, origin: ValueOrigin): string {
  if (!INSTANCE_ID.test(value)) refuse(value, origin, 'EC2 instance id', 'i- followed by 8 to 17 hexadecimal digits');
  return value;
}

export function awsRegion(value: string, origin: ValueOrigin): string {
  if (!REGION.test(value)) refuse(value, origin, 'AWS region', 'like eu-west-1');
  return value;
}

export function awsProfile(value: string, origin: ValueOrigin): string {
  if (!PROFILE.test(value)) {
    throw new UntrustedValueError(
      `${origin}: the AWS profile name ${shownValue(value)} cannot be written into an SSH ProxyCommand safely (allowed: letters, digits and _ . @ + = , -). Use a profile with such a name for Session Manager hosts.`,
    );
  }
  return value;
}

/**
 * A local path we write into the config (our own key and known_hosts files). It is trusted, but
 * OpenSSH expands `%` tokens in these directives and a quote or line break would end the value.
 */
export function configPath(value: string, origin: ValueOrigin): string {
  if (value === '' || /["%\p{Cc}]/u.test(value)) refuse(value, origin, 'path for the SSH config', "no quotes, '%' or control characters");
  return value;
}
