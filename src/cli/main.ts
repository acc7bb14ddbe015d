import { describeFailure } from '../core/aws/describeFailure';
import { terminalText } from '../core/util/text';
import { CLI_COMMANDS } from './commandTable';
import { EXIT, UsageError, type CliIo } from './cliCommand';

/**
 * Everything the CLI prints passes here: text from AWS, templates and servers is shown, never
 * obeyed by the terminal (no escape sequence, no carriage return). Only the status line may start
 * with a carriage return, and only the one we put there.
 */
function terminalIo(io: CliIo): CliIo {
  return {
    ...io,
    out: (text) => io.out(terminalText(text)),
    err: (text) => io.err(terminalText(text)),
    status: (text) => io.err(`\r${terminalText(text)}`),
  };
}

function helpText(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.name.length));
  const lines = CLI_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: imaging-lab <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'imaging-lab <command> --help' for a command's options.\n`;
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = terminalIo(rawIo);
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
    return await (await command.load()).run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`imaging-lab ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    io.err(`imaging-lab ${name}: ${describeFailure(error, { action: `imaging-lab ${name}` }).detail}\n`);
    return EXIT.failure;
  }
}
