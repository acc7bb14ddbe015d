import { CLI_COMMANDS } from './commandTable';
import { EXIT, UsageError, type CliIo } from './cliCommand';

function helpText(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.name.length));
  const lines = CLI_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: imaging-lab <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'imaging-lab <command> --help' for a command's options.\n`;
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(helpText());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = CLI_COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`imaging-lab: unknown command '${name}'.\n\n${helpText()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`imaging-lab ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    io.err(`imaging-lab ${name}: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}
