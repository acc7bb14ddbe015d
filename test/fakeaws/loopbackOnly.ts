import type { FakeStackSpec } from './model';

/**
 * The fake never hands out an address off this machine: a test or the demo that follows an output
 * or an instance's public address must end on loopback (127.0.0.0/8, localhost), never on a
 * documentation range or a name that needs DNS.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === 'localhost' || h.endsWith('.localhost') || h === '::1';
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Outputs that name a host by contract (the stack contract's SshHost, DicomHost...). */
const HOST_KEY = /Host$/;

/** The host an output value points at, if it points anywhere (a URL, an address, a host output). */
function hostOf(key: string, value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      return new URL(value).hostname;
    } catch {
      return value;
    }
  }
  if (IPV4.test(value) || HOST_KEY.test(key)) return value;
  return undefined;
}

/** Throws (naming the stack and value) when a stack would hand out a non-loopback address. */
export function assertLoopbackOnly(spec: FakeStackSpec): void {
  const offenders = [
    ...(spec.outputs ?? []).filter((o) => {
      const host = hostOf(o.key, o.value);
      return host !== undefined && !isLoopbackHost(host);
    }).map((o) => `output ${o.key}=${o.value}`),
    ...(spec.instances ?? []).filter((i) => i.publicIp !== undefined && !isLoopbackHost(i.publicIp)).map((i) => `instance ${i.instanceId} public IP ${i.publicIp}`),
  ];
  if (offenders.length > 0) {
    throw new Error(`fake AWS: stack ${spec.name} would hand out addresses off this machine (${offenders.join('; ')}); use 127.0.0.1 or a loopback stand-in`);
  }
}

/**
 * The value a created stack reports for an output whose template value is an expression: hosts and
 * URLs on loopback (a closed port: nothing there unless a stand-in is), anything else a readable name.
 */
export function loopbackPlaceholder(stackName: string, key: string): string {
  if (HOST_KEY.test(key)) return '127.0.0.1';
  // Port 2 is privileged and unused, so closed on loopback: following the URL is refused at once, on this machine.
  if (/Url$/.test(key)) return `http://127.0.0.1:2/${stackName}/${key}`;
  return `${stackName}-${key}`.toLowerCase();
}
