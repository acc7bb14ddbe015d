import { HostKeyError } from '../../core/ssh/hostKeyPins';
import { UserCancelledError } from '../userCancelled';
import { askUnknownHostKey } from './hostKeyPrompt';

/**
 * Runs an SSH attempt; when the host has not published its keys yet, shows the presented
 * fingerprint and retries once with it accepted for this connection only (never pinned silently).
 * `attempt` receives host name -> accepted fingerprint.
 */
export async function withHostKeyPrompt<T>(attempt: (acceptOnce: Readonly<Record<string, string>>) => PromiseLike<T>): Promise<T> {
  try {
    return await attempt({});
  } catch (error) {
    if (!(error instanceof HostKeyError && error.check.reason === 'no-pins')) throw error;
    if ((await askUnknownHostKey(error.check)) !== 'accept-once') throw new UserCancelledError();
    return attempt({ [error.check.host]: error.check.fingerprint });
  }
}
