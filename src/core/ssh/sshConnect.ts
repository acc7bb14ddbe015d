import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { checkHostKey, HostKeyError, hostKeyAlgorithms, type HostKey, type HostKeyCheck } from './hostKeyPins';
import { loadSsh2 } from './ssh2Module';

/** One hop of a connection: where, who, which key, which host keys to trust. */
export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKey: string | Buffer;
  /** Pinned host keys; empty means nothing is trusted (unless `acceptOnceFingerprint` is given). */
  readonly pins: readonly HostKey[];
  /** Fingerprint (SHA256:...) the person accepted once after seeing it, when no pins exist yet. */
  readonly acceptOnceFingerprint?: string;
}

export interface ConnectOptions extends SshEndpoint {
  /** Jump host reached first; the target is dialled through it (ProxyJump). */
  readonly jump?: SshEndpoint;
  readonly readyTimeoutMs?: number;
  /** Lets tests and the UI see which key was presented when a check fails. */
  readonly onHostKey?: (check: HostKeyCheck) => void;
}

/** An open SSH connection; `closed` resolves with a sentence explaining why it ended. */
export interface SshConnection {
  readonly client: Client;
  readonly closed: Promise<string>;
  close(): void;
}

/** ssh2 is loaded on first use so extension activation does not pay for it. */
async function loadClient(): Promise<typeof Client> {
  return (await loadSsh2()).Client;
}

function explainConnectError(error: Error & { level?: string; code?: string }, hop: SshEndpoint): Error {
  if (error instanceof HostKeyError) return error;
  const where = `${hop.host}:${hop.port}`;
  if (error.level === 'client-authentication') {
    return new Error(`${where} refused the key for user '${hop.username}'. Check the user name (instance tag imaging-lab:ssh-user) and that the key belongs to this instance.`, { cause: error });
  }
  if (error.code === 'ECONNREFUSED') return new Error(`Nothing accepts SSH connections at ${where}. Is the instance running and sshd started?`, { cause: error });
  if (error.code === 'ENOTFOUND') return new Error(`The host name ${hop.host} does not resolve. Refresh the stack: its address may have changed.`, { cause: error });
  if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT' || error.code === 'EHOSTUNREACH') {
    return new Error(`No answer from ${where}. The security group may not allow your IP ("Allow my IP"), or the instance is stopped.`, { cause: error });
  }
  return new Error(`SSH connection to ${where} failed: ${error.message}`, { cause: error });
}

async function connectHop(hop: SshEndpoint, options: ConnectOptions, signal: AbortSignal | undefined, sock?: ClientChannel): Promise<SshConnection> {
  signal?.throwIfAborted();
  const ClientClass = await loadClient();
  // A cancel while ssh2 loaded fired before the listener below exists: honour it here.
  signal?.throwIfAborted();
  const client = new ClientClass();
  let refused: HostKeyError | undefined;
  let lastError: Error | undefined;
  const config: ConnectConfig = {
    host: hop.host,
    port: hop.port,
    username: hop.username,
    ...(hop.privateKey.length > 0 ? { privateKey: hop.privateKey } : {}),
    readyTimeout: options.readyTimeoutMs ?? 20000,
    keepaliveInterval: 15000,
    hostVerifier: (key: Buffer) => {
      const check = checkHostKey(hop.host, key, hop.pins);
      options.onHostKey?.(check);
      if (check.ok) return true;
      if (check.reason === 'no-pins' && hop.acceptOnceFingerprint === check.fingerprint) return true;
      refused = new HostKeyError(check);
      return false;
    },
    ...(sock ? { sock } : {}),
  };
  if (hop.pins.length > 0) config.algorithms = { serverHostKey: hostKeyAlgorithms(hop.pins) as never };
  const closed = new Promise<string>((resolve) => {
    client.on('close', () =>
      resolve(
        lastError
          ? explainConnectError(lastError, hop).message
          : `The connection to ${hop.host} was closed (network drop, or the instance stopped or rebooted).`,
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      client.end();
      reject(signal?.reason ?? new Error('Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    client.on('error', (error) => {
      lastError = error;
      signal?.removeEventListener('abort', onAbort);
      reject(refused ?? explainConnectError(error, hop));
    });
    client.connect(config);
    // Without TCP_NODELAY a window adjust or a keystroke can wait for a delayed ACK (~40 ms on
    // Linux): measured as 40 ms stalls every few MB of output. OpenSSH sets it for sessions too.
    // (A hop carried over a jump channel has no TCP socket of its own; ssh2 then does nothing.)
    client.setNoDelay(true);
  });
  return { client, closed, close: () => client.end() };
}

/** Opens a connection (through the jump host when given); closing it also closes the jump. */
export async function connectSsh(options: ConnectOptions, signal?: AbortSignal): Promise<SshConnection> {
  if (!options.jump) return connectHop(options, options, signal);
  const jump = await connectHop(options.jump, options, signal);
  try {
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      jump.client.forwardOut('127.0.0.1', 0, options.host, options.port, (error, channel) => (error ? reject(error) : resolve(channel))),
    );
    const target = await connectHop(options, options, signal, stream);
    target.closed.finally(() => jump.close());
    return { client: target.client, closed: target.closed, close: () => { target.close(); jump.close(); } };
  } catch (error) {
    jump.close();
    throw error;
  }
}

/** Connects only to read the host key (for "accept once"), then disconnects. */
export async function probeHostKey(host: string, port: number, signal?: AbortSignal): Promise<HostKeyCheck> {
  let seen: HostKeyCheck | undefined;
  try {
    const conn = await connectHop(
      { host, port, username: 'imaging-lab-probe', privateKey: '', pins: [] },
      { host, port, username: '', privateKey: '', pins: [], onHostKey: (c) => (seen = c), readyTimeoutMs: 15000 },
      signal,
    );
    conn.close();
  } catch (error) {
    if (!seen) throw error;
  }
  if (!seen) throw new Error(`${host}:${port} did not present a host key.`);
  return seen;
}
