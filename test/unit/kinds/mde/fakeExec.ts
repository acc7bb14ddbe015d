import type { ExecResult, RemoteExec } from '../../../../src/core/ssh/remoteExec';

/** A scripted RemoteExec: the first rule whose pattern matches a command answers it; every command is recorded. */
export function fakeExec(rules: readonly [RegExp, Partial<ExecResult> | ((command: string) => Partial<ExecResult>)][]): RemoteExec & { commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    exec: async (command, signal) => {
      signal?.throwIfAborted();
      commands.push(command);
      const rule = rules.find(([pattern]) => pattern.test(command));
      if (!rule) return { code: 127, stdout: '', stderr: `unexpected command: ${command}` };
      const answer = typeof rule[1] === 'function' ? rule[1](command) : rule[1];
      return { code: 0, stdout: '', stderr: '', ...answer };
    },
  };
}
