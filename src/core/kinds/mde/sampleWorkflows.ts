import type { RemoteExec } from '../../ssh/remoteExec';
import { MDE_REMOTE, MdeRemoteError, mdeDirectory, run, sudoPrefix, type MdeRemoteOptions } from './mdeRemote';
import { shellQuote } from '../../ssh/shellQuote';

export type RegistrationOutcome = 'registered' | 'exists' | 'failed';

export interface WorkflowRegistration {
  /** File name in the bundle's sample-workflows directory, e.g. hello-world.json. */
  readonly file: string;
  readonly outcome: RegistrationOutcome;
  readonly workflowId?: string;
  readonly httpStatus?: number;
  /** What the workflow manager said, for the report. */
  readonly detail: string;
}

export interface RegisterOptions extends MdeRemoteOptions {
  /** Only these files (default: every *.json in sample-workflows). */
  readonly files?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

const STATUS_MARK = '__IMAGING_LAB_HTTP_STATUS__';

/** The sample workflow files the installed bundle ships. */
export async function listSampleWorkflows(exec: RemoteExec, options: MdeRemoteOptions & { signal?: AbortSignal } = {}): Promise<string[]> {
  const dir = `${await mdeDirectory(exec, options, options.signal)}/sample-workflows`;
  const result = await run(exec, `${sudoPrefix(options)}find ${shellQuote(dir)} -maxdepth 1 -type f -name '*.json' -printf '%f\\n'`, options.signal);
  if (result.code !== 0) throw new MdeRemoteError(`Could not list ${dir} on the instance: ${result.stderr.trim()}`, 'commandFailed');
  return result.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

/**
 * Registers the bundle's sample workflows with the workflow manager on the instance, one POST per
 * file (the README's curl command), run over SSH because the manager listens on loopback only.
 */
export async function registerSampleWorkflows(exec: RemoteExec, options: RegisterOptions = {}): Promise<WorkflowRegistration[]> {
  const { signal, onProgress } = options;
  const wm = options.workflowManagerUrl ?? MDE_REMOTE.workflowManagerUrl;
  const dir = `${await mdeDirectory(exec, options, signal)}/sample-workflows`;
  const health = await run(exec, `curl -fsS -m 10 -o /dev/null ${shellQuote(`${wm}/health`)}`, signal);
  if (health.code !== 0) {
    throw new MdeRemoteError(
      `The MDE workflow manager is not answering on the instance (${wm}/health). ` +
        `Check the services with 'sudo systemctl status ${MDE_REMOTE.unit}' and restart them with 'sudo systemctl restart ${MDE_REMOTE.unit}'.`,
      'workflowManagerDown',
    );
  }
  const available = await listSampleWorkflows(exec, options);
  const wanted = options.files ?? available;
  if (wanted.length === 0) throw new MdeRemoteError(`No sample workflows found in ${dir} on the instance.`, 'noSamples');

  const results: WorkflowRegistration[] = [];
  for (const file of wanted) {
    signal?.throwIfAborted();
    if (!available.includes(file)) {
      results.push({ file, outcome: 'failed', detail: `not in ${dir} (available: ${available.join(', ')})` });
      continue;
    }
    onProgress?.(`Registering ${file}…`);
    const command =
      `${sudoPrefix(options)}cat ${shellQuote(`${dir}/${file}`)} | ` +
      `curl -sS -m 30 -H 'Content-Type: application/json' --data-binary @- ` +
      `-w ${shellQuote(`\\n${STATUS_MARK}%{http_code}`)} ${shellQuote(`${wm}/workflows`)}`;
    results.push(parseRegistration(file, await run(exec, command, signal)));
  }
  return results;
}

export function parseRegistration(file: string, result: { code: number | undefined; stdout: string; stderr: string }): WorkflowRegistration {
  const at = result.stdout.lastIndexOf(STATUS_MARK);
  if (result.code !== 0 || at < 0) {
    return { file, outcome: 'failed', detail: (result.stderr || result.stdout).trim() || `exit code ${String(result.code)}` };
  }
  const httpStatus = Number(result.stdout.slice(at + STATUS_MARK.length).trim());
  const body = result.stdout.slice(0, at).trim();
  if (httpStatus >= 200 && httpStatus < 300) {
    const workflowId = workflowIdOf(body);
    return { file, outcome: 'registered', httpStatus, detail: body, ...(workflowId ? { workflowId } : {}) };
  }
  // The manager refuses a second workflow with the same name; that is not a failure for a sample.
  if (httpStatus === 409 || /already exists/i.test(body)) return { file, outcome: 'exists', httpStatus, detail: body };
  return { file, outcome: 'failed', httpStatus, detail: body || `HTTP ${httpStatus}` };
}

function workflowIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { workflow_id?: unknown; workflowId?: unknown };
    const id = parsed.workflow_id ?? parsed.workflowId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
