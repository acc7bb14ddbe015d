/** Where a CLI command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Rewrites the current status line of stderr (progress on a TTY); runCli provides it. */
  readonly status?: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export class UsageError extends Error {}

export interface CliCommand {
  readonly name: string;
  /** One line shown by `imaging-lab --help`. */
  readonly summary: string;
  /** Full usage text shown on `--help` and on usage errors. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
