/** Services that answer with the caller's address as plain text; the second is the fallback. */
export const PUBLIC_IP_ENDPOINTS = ['https://checkip.amazonaws.com/', 'https://api.ipify.org/'] as const;

/**
 * `IMAGING_LAB_PUBLIC_IP_URL` (an http(s) URL answering the address as plain text) replaces the
 * services: the fake AWS endpoint of the tests and the demo serves one, so they never leave the machine.
 */
export function publicIpEndpoints(env: Readonly<Record<string, string | undefined>> = process.env): readonly string[] {
  const url = env.IMAGING_LAB_PUBLIC_IP_URL;
  return url && /^https?:\/\/\S+$/.test(url) ? [url] : PUBLIC_IP_ENDPOINTS;
}

export type FetchLike = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface PublicIpOptions {
  readonly signal?: AbortSignal;
  /** Injected in tests so they never reach the internet; defaults to global fetch (TLS verified). */
  readonly fetch?: FetchLike;
  readonly endpoints?: readonly string[];
  readonly timeoutMs?: number;
}

export class PublicIpError extends Error {
  constructor(message: string, readonly attempts: readonly string[]) {
    super(message);
    this.name = 'PublicIpError';
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** The caller's public IPv4 address as seen from the internet. */
export async function detectPublicIp(options: PublicIpOptions = {}): Promise<string> {
  const doFetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const attempts: string[] = [];
  for (const url of options.endpoints ?? publicIpEndpoints()) {
    options.signal?.throwIfAborted();
    const signals = [AbortSignal.timeout(options.timeoutMs ?? 5000), ...(options.signal ? [options.signal] : [])];
    try {
      const response = await doFetch(url, { signal: AbortSignal.any(signals) });
      const body = (await response.text()).trim();
      if (response.ok && isIpv4(body)) return body;
      attempts.push(`${url}: ${response.ok ? `unexpected answer '${body.slice(0, 40)}'` : `HTTP ${response.status}`}`);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      attempts.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new PublicIpError(
    `Could not detect your public IP address (${attempts.join('; ')}). Check your internet connection or proxy, or enter the address yourself.`,
    attempts,
  );
}

/** The /32 CIDR of one address, the only width we ever open. */
export function hostCidr(ip: string): string {
  if (!isIpv4(ip)) throw new Error(`'${ip}' is not an IPv4 address.`);
  return `${ip}/32`;
}
