import { HostKeyError, type HostKeyCheck } from '../../core/ssh/hostKeyPins';
import { openShell, type ShellSession } from '../../core/ssh/shellSession';
import type { SshConnection } from '../../core/ssh/sshConnect';
import { statusLine } from './terminalText';

/** Where the session writes; the Pseudoterminal adapts this to VS Code's emitters. */
export interface TerminalSink {
  write(text: string): void;
  close(exitCode: number | undefined): void;
}

export type UnknownHostKeyChoice = 'accept-once' | 'wait' | 'cancel';

export interface SessionHooks {
  /** acceptOnce maps host -> fingerprint accepted after the person saw it. */
  connect(signal: AbortSignal, acceptOnce: Readonly<Record<string, string>>, progress: (message: string) => void): Promise<SshConnection>;
  /** Asked when the host has no pinned keys yet (console output not there). */
  unknownHostKey(check: Extract<HostKeyCheck, { ok: false }>): Promise<UnknownHostKeyChoice>;
}

/** Exit code when no remote exit status exists (refused, failed or dropped), as OpenSSH uses. */
const CONNECTION_FAILED = 255;

/**
 * The exit code a terminal closes with when the person dismisses an ended session. The session has
 * already explained every ending in the terminal (a refused or dropped connection, the remote exit
 * status); a non-zero code would make VS Code add its own "terminal process terminated with exit
 * code" notification on top of that, so only success keeps its code.
 */
export function dismissedExitCode(reportedExit: number | undefined): number | undefined {
  return reportedExit === 0 ? 0 : undefined;
}

type State = 'idle' | 'connecting' | 'open' | 'ended' | 'disposed';

/**
 * One SSH terminal: connect, shell, resize, exit status, reconnect on R. Free of the VS Code API
 * so the peer tests drive it against a real sshd.
 */
export class SshTerminalSession {
  private state: State = 'idle';
  private abort = new AbortController();
  private shell: ShellSession | undefined;
  private connection: SshConnection | undefined;
  private size = { cols: 80, rows: 24 };
  private readonly acceptOnce: Record<string, string> = {};

  constructor(
    private readonly title: string,
    private readonly hooks: SessionHooks,
    private readonly sink: TerminalSink,
  ) {}

  get currentState(): State {
    return this.state;
  }

  async open(cols: number, rows: number): Promise<void> {
    this.size = { cols, rows };
    this.state = 'connecting';
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.sink.write(statusLine(`Connecting to ${this.title}…`));
    try {
      this.connection = await this.hooks.connect(signal, this.acceptOnce, (m) => this.sink.write(statusLine(m)));
      if (this.isDisposed()) return this.connection.close();
      this.shell = await openShell(this.connection, this.size, signal);
    } catch (error) {
      if (this.isDisposed()) return;
      if (error instanceof HostKeyError && error.check.reason === 'no-pins') return this.askAboutHostKey(error.check);
      return this.end(`${(error as Error).message}`, CONNECTION_FAILED);
    }
    this.state = 'open';
    this.shell.onData((text) => this.sink.write(text));
    const exit = await this.shell.exited;
    this.connection.close();
    if (this.state === 'open') this.end(exit.reason, exit.code ?? CONNECTION_FAILED);
  }

  private isDisposed(): boolean {
    return this.state === 'disposed';
  }

  private async askAboutHostKey(check: Extract<HostKeyCheck, { ok: false }>): Promise<void> {
    this.sink.write(statusLine(check.message));
    const choice = await this.hooks.unknownHostKey(check);
    if (choice === 'accept-once') {
      this.acceptOnce[check.host] = check.fingerprint;
      return this.open(this.size.cols, this.size.rows);
    }
    this.end(choice === 'wait' ? 'Host keys are not published yet; reconnect in a minute.' : 'Connection cancelled.');
  }

  private lastExit: number | undefined;

  private end(reason: string, code?: number): void {
    this.state = 'ended';
    this.lastExit = code;
    this.sink.write(statusLine(`\n${reason} Press R to reconnect, any other key to close.`));
  }

  input(data: string): void {
    if (this.state === 'open') this.shell?.write(data);
    else if (this.state === 'ended') {
      if (data === 'r' || data === 'R') void this.open(this.size.cols, this.size.rows);
      else this.dispose(dismissedExitCode(this.lastExit));
    }
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.shell?.resize(cols, rows);
  }

  /** Closes everything; `exitCode` is passed to the terminal when it closes itself. */
  dispose(exitCode?: number): void {
    if (this.state === 'disposed') return;
    this.state = 'disposed';
    this.abort.abort(new Error('Terminal closed'));
    this.shell?.close();
    this.connection?.close();
    this.sink.close(exitCode);
  }
}
