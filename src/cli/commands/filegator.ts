import { parseArgs } from 'node:util';
import { offersAction } from '../../core/kinds/kindActions';
import { fileGatorTarget, fileGatorUrl } from '../../core/kinds/lab/fileGatorAccess';
import { LAB_OUTPUT } from '../../core/kinds/lab/labNames';
import { EXIT, UsageError, type CliCommand } from '../cliCommand';
import { onNamedStack } from '../namedStack';
import { openSshForCli } from './openSshForCli';

/**
 * Research lab: FileGator has no public address. Prepares SSH to the Jupyter instance (the jump
 * host) and prints the `ssh -N -L` line that forwards a local port to FileGator's private address.
 */
export const fileGatorCommand: CliCommand = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { 'local-port': { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' }, 'ssh-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const local = values['local-port'];
    if (local !== undefined && !(/^\d{1,5}$/.test(local) && Number(local) >= 1 && Number(local) <= 65_535)) throw new UsageError('--local-port takes a port number from 1 to 65535.');
    return onNamedStack(positionals, values, io, async (named) => {
      const { stack } = named;
      if (!offersAction(stack, 'openFileGator')) {
        throw new Error(`${stack.stackName} has no FileGator to open: it is not a complete research lab stack with EnableFileGator=true (${stack.status}). Switch FileGator on with an update, then run this again.`);
      }
      const to = fileGatorTarget(stack);
      // The jump host: the instance tagged jupyter (a lab deployed before the role tags: its only instance).
      const ssh = await openSshForCli(named, (instances) => (instances.some((i) => i.role === 'jupyter') ? 'jupyter' : undefined), values['ssh-dir'], io);
      const port = local !== undefined ? Number(local) : to.port;
      io.err(`Run the line below (Ctrl-C ends the tunnel), then open ${fileGatorUrl(port)} and log in as admin; the password is in the secret the stack's ${LAB_OUTPUT.fileGatorAdminSecret} output names.\n`);
      io.out(`${ssh.replace(/^ssh /, `ssh -N -L 127.0.0.1:${port}:${to.host}:${to.port} `)}\n`);
      return EXIT.ok;
    });
  },
};
