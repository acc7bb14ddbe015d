import { parseArgs } from 'node:util';
import { EXIT, type CliCommand } from '../cliCommand';
import { onNamedStack } from '../namedStack';
import { openSshForCli } from './openSshForCli';

export const sshCommand: CliCommand = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { role: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' }, 'ssh-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    return onNamedStack(positionals, values, io, async (named) => {
      io.out(`${await openSshForCli(named, values.role, values['ssh-dir'], io)}\n`);
      return EXIT.ok;
    });
  },
};
