import { parseArgs } from 'node:util';
import { addManagedHost, removeManagedHost, type AddHostResult } from '../../core/ssh/hostAccess';
import { parseHostKey } from '../../core/ssh/hostKeyPins';
import { sshPaths, type SshPaths } from '../../core/ssh/sshPaths';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../cliCommand';

/** Tells what happened to the user's ssh config; a problem there is a warning, not a failure. */
export function includeReport(include: AddHostResult['include'], paths: SshPaths, io: CliIo): void {
  if (typeof include === 'object') {
    io.err(`Warning: ${include.error}\nUntil then use: ssh -F ${paths.managedConfig} <alias>\n`);
  } else if (include === 'created') {
    io.out(`Created ${paths.userConfig} (0600) including the managed file.\n`);
  } else if (include === 'added') {
    io.out(`Added an Include of the managed file at the top of ${paths.userConfig} (previous version kept as config.bak).\n`);
  }
}


export const sshConfigCommand: CliCommand = {
  async run(args, io) {
    const [action, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: {
        alias: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        user: { type: 'string' },
        'identity-file': { type: 'string' },
        'known-host-key': { type: 'string', multiple: true },
        'proxy-jump': { type: 'string' },
        'ssh-dir': { type: 'string' },
      },
      strict: true,
    });
    const paths = sshPaths(values['ssh-dir']);
    if (!values.alias) throw new UsageError('--alias is required.');
    if (action === 'remove') {
      const removed = await removeManagedHost(paths, values.alias);
      io.out(removed ? `Removed host ${values.alias} from ${paths.managedConfig}.\n` : `Host ${values.alias} was not in ${paths.managedConfig}.\n`);
      return EXIT.ok;
    }
    if (action !== 'add') throw new UsageError(`expected 'add' or 'remove', got '${action ?? ''}'.`);
    if (!values.host || !values.user || !values['identity-file']) throw new UsageError('--host, --user and --identity-file are required.');
    const port = values.port === undefined ? 22 : Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be 1-65535, got '${values.port}'.`);
    const keys = (values['known-host-key'] ?? []).map((text) => {
      const key = parseHostKey(text);
      if (!key) throw new UsageError(`--known-host-key must be "TYPE BASE64" (e.g. "ssh-ed25519 AAAA..."), got '${text.slice(0, 40)}'.`);
      return key;
    });
    const result = await addManagedHost(
      paths,
      {
        alias: values.alias,
        hostName: values.host,
        port,
        user: values.user,
        identityFile: values['identity-file'],
        ...(values['proxy-jump'] ? { proxyJump: values['proxy-jump'] } : {}),
      },
      keys,
    );
    io.out(`Host ${result.alias} written to ${paths.managedConfig} (${result.pinned} pinned host key${result.pinned === 1 ? '' : 's'}).\n`);
    includeReport(result.include, paths, io);
    if (result.pinned === 0) io.err(`Warning: no host key is pinned for ${result.alias}; OpenSSH will refuse it (StrictHostKeyChecking yes) until one is added with --known-host-key.\n`);
    return EXIT.ok;
  },
};
