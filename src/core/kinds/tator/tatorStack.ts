import type { StackInfo } from '../../stacks/stackInfo';

/** Outputs of the Tator template the actions read (templates/cdk/tator/). */
export const TATOR_OUTPUTS = { clusterName: 'ClusterName', tatorUrl: 'TatorUrl' } as const;

export class TatorStackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TatorStackError';
  }
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** The installer publishes `http://<load balancer name>/`; a name or an IPv4 address, an optional port, the root path. */
const TATOR_URL = /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?::[1-9][0-9]{0,4})?\/$/;

function output(stack: Pick<StackInfo, 'stackName' | 'outputs'>, key: string): string {
  const value = stack.outputs.find((o) => o.key === key)?.value;
  if (value === undefined) throw new TatorStackError(`${stack.stackName} has no ${key} output: is it a Tator stack that finished creating? Refresh the stacks view and try again.`);
  return value;
}

/** The EKS cluster's name (ClusterName output, untrusted: checked against EKS's name grammar). */
export function tatorClusterName(stack: Pick<StackInfo, 'stackName' | 'outputs'>): string {
  const name = output(stack, TATOR_OUTPUTS.clusterName);
  if (!CLUSTER_NAME.test(name)) throw new TatorStackError(`${stack.stackName}'s ClusterName output is not an EKS cluster name; nothing was done.`);
  return name;
}

/** Tator's address (TatorUrl output, untrusted): http(s), a host name or IPv4 address, the root path, nothing else. */
export function tatorUrl(stack: Pick<StackInfo, 'stackName' | 'outputs'>): URL {
  const text = output(stack, TATOR_OUTPUTS.tatorUrl);
  const port = /:(\d+)\/$/.exec(text)?.[1];
  if (!TATOR_URL.test(text) || (port !== undefined && Number(port) > 65535)) {
    throw new TatorStackError(`${stack.stackName}'s TatorUrl output is not the address of a Tator site (${JSON.stringify(text.slice(0, 80))}); nothing was opened.`);
  }
  return new URL(text);
}

/** Does Tator answer there? Any HTTP answer below 500 counts (its front page redirects to the login). */
export async function probeTator(url: URL, signal?: AbortSignal, timeoutMs = 10_000): Promise<{ readonly ok: true; readonly status: number } | { readonly ok: false; readonly reason: string }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { method: 'GET', redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await response.body?.cancel();
    return response.status < 500 ? { ok: true, status: response.status } : { ok: false, reason: `it answered HTTP ${response.status}` };
  } catch (error) {
    if (signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, reason: timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : `the connection failed (${cause ?? (error as Error).message})` };
  }
}
