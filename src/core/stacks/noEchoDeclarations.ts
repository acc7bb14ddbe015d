import { GetTemplateSummaryCommand, type Stack } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';

/**
 * Which parameters of a deployed stack its template declares NoEcho, read with GetTemplateSummary
 * and kept per stack until its template changes (an update). The API's `****` is not trusted:
 * CloudFormation-compatible emulators and some proxies return NoEcho values in clear.
 */
export class NoEchoDeclarations {
  private readonly known = new Map<string, { readonly version: string; readonly keys: Promise<ReadonlySet<string> | undefined> }>();

  /** The NoEcho keys, or undefined when they cannot be read (then every value is to be hidden). */
  of(clients: AwsClients, region: string, stack: Stack, signal?: AbortSignal): Promise<ReadonlySet<string> | undefined> {
    if ((stack.Parameters ?? []).length === 0) return Promise.resolve(new Set());
    const id = `${region} ${stack.StackId ?? stack.StackName ?? ''}`;
    const version = (stack.LastUpdatedTime ?? stack.CreationTime)?.toISOString() ?? '';
    const cached = this.known.get(id);
    if (cached?.version === version) return cached.keys;
    const keys = read(clients, region, stack.StackId ?? stack.StackName ?? '', signal);
    this.known.set(id, { version, keys });
    // A failed read is not kept: the next listing asks again.
    void keys.then((k) => k === undefined && this.known.get(id)?.keys === keys && this.known.delete(id));
    return keys;
  }
}

async function read(clients: AwsClients, region: string, stackId: string, signal?: AbortSignal): Promise<ReadonlySet<string> | undefined> {
  try {
    const cfn = await clients.cloudFormation(region);
    const summary = await cfn.send(new GetTemplateSummaryCommand({ StackName: stackId }), { abortSignal: signal });
    return new Set((summary.Parameters ?? []).filter((p) => p.NoEcho === true && p.ParameterKey).map((p) => p.ParameterKey ?? ''));
  } catch {
    return undefined;
  }
}
