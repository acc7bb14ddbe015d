/** Where a CLI command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Rewrites the current status line of stderr (progress on a TTY); runCli provides it. */
  readonly status?: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** performance.now() when the invocation began (the binary: 0, the process start), for reports of the whole run. */
  readonly startedAt?: number;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** What `--help` and usage errors show; kept apart from the command so printing it loads no command code. */
export interface CliCommandHelp {
  readonly name: string;
  /** One line shown by `imaging-lab --help`. */
  readonly summary: string;
  /** Full usage text shown on `--help` and on usage errors. */
  readonly usage: string;
}

export interface CliCommand {
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A row of the command table: the help, and the command's code loaded only when it runs. */
export interface CliCommandEntry extends CliCommandHelp {
  readonly load: () => Promise<CliCommand>;
}
