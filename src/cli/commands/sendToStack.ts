import { stackSendEndpoint } from '../../core/dicom/stackSendEndpoint';
import { terminalText } from '../../core/util/text';
import { cliStorageRoot, explainAwsFailure } from '../deployDeps';
import { EXIT, UsageError, type CliIo } from '../cliCommand';
import { onNamedStack } from '../namedStack';
import { sendFiles, tuningFromOptions, type SendValues } from './send';
import { runDeidentifiedSend } from './sendDeidentified';

/** Options that say how to reach a server: with --stack the stack says it (pinned certificate, its client certificate, its secret). */
const TARGET_OPTIONS = ['url', 'user', 'password-env', 'token-env', 'ca', 'cert', 'key', 'insecure', 'pin-sha256'] as const;

/**
 * `imaging-lab send --stack NAME FILES…`: the stack's DICOMweb target resolved as the extension
 * resolves it, then the send; for a STOW-RS stack the bucket is listed afterwards and every
 * instance the service acknowledged must be at PREFIX/study/series/sop.dcm.
 */
export async function sendToStack(positionals: readonly string[], values: SendValues, io: CliIo, commandStart: number): Promise<number> {
  const given = TARGET_OPTIONS.filter((k) => values[k] !== undefined);
  if (given.length > 0) throw new UsageError(`--stack takes the target from the stack; leave out --${given.join(', --')}`);
  return onNamedStack([values.stack ?? ''], values, io, async ({ session, region, stack }) => {
    try {
      const endpoint = await stackSendEndpoint(session.clients, stack, cliStorageRoot(io.env), io.signal);
      if (!values.json) io.err(`Sending to ${terminalText(stack.stackName)} (${terminalText(endpoint.url)})${endpoint.pinSha256 ? ', certificate pinned' : ''}${endpoint.certFile ? ', with its client certificate' : ''}\n`);
      if (values.deidentify) return await runDeidentifiedSend(positionals, values, { ...(values['dry-run'] ? {} : { endpoint }), tuning: tuningFromOptions(values) }, io);
      const sent = await sendFiles(positionals, values, endpoint, io, commandStart);
      if (stack.kind !== 'stowrs' || sent.report.cancelled) return sent.code;
      const { reportStoredInS3 } = await import('../../core/kinds/stowrs/storedReport');
      const stored = await reportStoredInS3(session.clients, stack, sent.report, io.signal);
      if (values.verbose) io.err(terminalText(stored.text));
      io.err(`${terminalText(stored.summary)}\n`);
      return sent.code === EXIT.ok && stored.ok ? EXIT.ok : EXIT.failure;
    } catch (error) {
      throw explainAwsFailure(error, session.profile, region);
    }
  });
}
