import type { ExecResult, RemoteExec } from '../../ssh/remoteExec';
import { shellQuote } from '../../ssh/shellQuote';

/** Where the template's installer puts things on the instance (templates/scripts/mde-install.sh). */
export const MDE_REMOTE = {
  envFile: '/etc/imaging-lab-mde.env',
  defaultDir: '/home/monaiuser/monai-deploy-express',
  unit: 'monai-deploy-express.service',
  /** The workflow manager listens on the instance's loopback only. */
  workflowManagerUrl: 'http://127.0.0.1:5001',
  installLog: '/var/log/imaging-lab-mde.log',
} as const;

export class MdeRemoteError extends Error {
  constructor(
    message: string,
    readonly reason: 'notInstalled' | 'workflowManagerDown' | 'noSamples' | 'commandFailed',
  ) {
    super(message);
    this.name = 'MdeRemoteError';
  }
}

/** Options shared by the remote MDE actions; the defaults match the shipped template. */
export interface MdeRemoteOptions {
  /** Prefix for reading files in monaiuser's home (0750); the login user `ubuntu` has passwordless sudo. */
  readonly sudo?: string;
  readonly workflowManagerUrl?: string;
  /** Where the installer recorded MDE_DIR. */
  readonly envFile?: string;
}

export async function run(exec: RemoteExec, command: string, signal?: AbortSignal): Promise<ExecResult> {
  signal?.throwIfAborted();
  return exec.exec(command, signal);
}

/** MDE's directory as the installer recorded it; fails with what to do when the install has not finished. */
export async function mdeDirectory(exec: RemoteExec, options: MdeRemoteOptions = {}, signal?: AbortSignal): Promise<string> {
  const envFile = options.envFile ?? MDE_REMOTE.envFile;
  const result = await run(exec, `cat ${shellQuote(envFile)}`, signal);
  if (result.code !== 0) {
    throw new MdeRemoteError(
      `MONAI Deploy Express has not finished installing on this instance (${envFile} is missing). ` +
        `Wait for the stack to reach CREATE_COMPLETE, or read ${MDE_REMOTE.installLog} on the instance.`,
      'notInstalled',
    );
  }
  const line = result.stdout.split('\n').find((l) => l.startsWith('MDE_DIR='));
  return line?.slice('MDE_DIR='.length).trim() || MDE_REMOTE.defaultDir;
}

export function sudoPrefix(options: MdeRemoteOptions): string {
  const sudo = options.sudo ?? 'sudo -n';
  return sudo ? `${sudo} ` : '';
}
