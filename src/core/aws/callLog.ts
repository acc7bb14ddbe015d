import type { Log } from '../util/log';

/** Operations that change the account are logged at info; reads (polls included) at debug. */
const CHANGES = /^(Create|Delete|Update|Put|Authorize|Revoke|Execute|Cancel|Continue|Send|Start|Stop|Terminate|Run|Modify|Import|Tag|Untag|Signal)/;

interface CallContext {
  readonly clientName?: string;
  readonly commandName?: string;
}

interface Metadata {
  readonly requestId?: string;
  readonly extendedRequestId?: string;
  readonly httpStatusCode?: number;
  readonly attempts?: number;
}

/** "CloudFormationClient" + "DescribeStackEventsCommand" -> "CloudFormation DescribeStackEvents". */
export function callName(context: CallContext): string {
  return `${(context.clientName ?? 'AWS').replace(/Client$/, '')} ${(context.commandName ?? 'call').replace(/Command$/, '')}`;
}

function attemptsNote(meta: Metadata | undefined): string {
  return meta?.attempts && meta.attempts > 1 ? `, ${meta.attempts} attempts` : '';
}

/**
 * A middleware (initialize step, so it sees the whole call, retries included) that logs every AWS
 * call: service and operation, region, duration, and on failure the error code, HTTP status and
 * request id. Inputs and outputs are never written: they can hold secrets (NoEcho parameters,
 * secret values, key material).
 */
export function callLogMiddleware(log: Log, region: string, now: () => number = Date.now) {
  return <Output>(next: (args: unknown) => Promise<Output>, context: CallContext) =>
    async (args: unknown): Promise<Output> => {
      const started = now();
      const name = callName(context);
      try {
        const result = await next(args);
        const meta = (result as { output?: { $metadata?: Metadata } }).output?.$metadata;
        const line = `AWS ${name} ${region}: ${now() - started} ms${attemptsNote(meta)}`;
        if (CHANGES.test(context.commandName ?? '')) log.info(`${line}, request ${meta?.requestId ?? 'unknown'}`);
        else log.debug(line);
        return result;
      } catch (error) {
        const e = error as { name?: string; $metadata?: Metadata; message?: string };
        const meta = e.$metadata;
        const status = meta?.httpStatusCode ? `HTTP ${meta.httpStatusCode}, ` : '';
        const message = String(e.message ?? '').replace(/\s+/g, ' ').slice(0, 300);
        log.warn(`AWS ${name} ${region} failed after ${now() - started} ms${attemptsNote(meta)}: ${e.name ?? 'Error'} (${status}request ${meta?.requestId ?? 'none'}): ${message}`);
        throw error;
      }
    };
}

/** The middleware stack of an SDK client, as much of it as this needs. */
export interface HasMiddlewareStack {
  readonly middlewareStack: { add(middleware: never, options: { step: 'initialize'; name: string; override?: boolean }): void };
}

export function addCallLog(client: HasMiddlewareStack, log: Log, region: string): void {
  client.middlewareStack.add(callLogMiddleware(log, region) as never, { step: 'initialize', name: 'imagingLabCallLog', override: true });
}
