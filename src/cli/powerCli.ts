import { parseArgs } from 'node:util';
import { addressMoves, followAddressMoves } from '../core/power/followAddress';
import { powerTargets } from '../core/power/powerTargets';
import type { PowerAction, PowerInstance, PowerResult } from '../core/power/powerTypes';
import { runPower } from '../core/power/runPower';
import type { WaitTiming } from '../core/power/powerWaiters';
import { stopImpact, stopImpactText } from '../core/power/stopImpact';
import { describeStack } from '../core/ssh/describeStack';
import type { HostOwner } from '../core/ssh/hostOwner';
import { sshPaths } from '../core/ssh/sshPaths';
import { AWS_OPTION_SPEC } from './awsOptions';
import { EXIT, UsageError, type CliCommand, type CliIo } from './cliCommand';
import { DEFAULT_DEPS, withAwsSession, type DeployCliDeps } from './deployDeps';

export interface PowerCliDeps extends Pick<DeployCliDeps, 'session' | 'confirm'> {
  /** Waiter timing (tests poll fast). */
  readonly timing?: WaitTiming;
}

const MARK: Readonly<Record<PowerResult['outcome'], string>> = { done: 'ok', unchanged: 'ok', refused: 'refused', failed: 'FAILED' };

/** One line per progress message; a waiter poll that repeats the previous line is not printed again. */
function progressPrinter(io: CliIo): (message: string) => void {
  let last = '';
  return (message) => {
    const withoutTime = message.replace(/ \(\d+ s\)$/, '');
    if (withoutTime === last) return;
    last = withoutTime;
    io.err(`${message}\n`);
  };
}

function parse(args: readonly string[]): { stack: string; values: { instance?: string; profile?: string; region?: string[]; yes?: boolean; 'ssh-dir'?: string } } {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { ...AWS_OPTION_SPEC, instance: { type: 'string' }, yes: { type: 'boolean' }, 'ssh-dir': { type: 'string' } },
  });
  const [stack, extra] = positionals;
  if (!stack) throw new UsageError('give the name of the stack.');
  if (extra) throw new UsageError(`unexpected argument '${extra}'.`);
  return { stack, values };
}

/** Runs stop or start for the CLI: progress on stderr, one result line per instance on stdout. */
async function runPowerCli(action: 'stop' | 'start', args: readonly string[], io: CliIo, deps: PowerCliDeps): Promise<number> {
  const { stack, values } = parse(args);
  return withAwsSession({ ...DEFAULT_DEPS, ...deps }, values, io, async (session, region) => {
    const info = await describeStack(session.clients, region, stack, io.signal);
    const instances = await powerTargets(session.clients, info, values.instance, io.signal);
    if (action === 'stop') {
      const impact = stopImpact(instances.filter((i) => i.state !== 'stopped'));
      io.err(`${stopImpactText(impact)}\n`);
      if (impact.losesData && !values.yes && !(await deps.confirm(`Stop anyway and erase the instance-store data?`, io))) {
        io.err('Nothing was stopped. Re-run with --yes to stop and lose the instance-store data.\n');
        return EXIT.failure;
      }
    }
    const print = progressPrinter(io);
    let results: PowerResult[];
    try {
      results = await runPower({ clients: session.clients, region, progress: (p) => print(p.message), signal: io.signal, ...(deps.timing ? { timing: deps.timing } : {}) }, action, instances);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
      io.err(`Cancelled: ${(error as Error).message} Check later with: imaging-lab stacks\n`);
      return EXIT.failure;
    }
    for (const r of results) io.out(`${MARK[r.outcome]}\t${r.instanceId}\t${r.stateAfter ?? r.stateBefore}\t${r.message}\n`);
    if (action === 'start') await followInSshConfig(results, instances, { name: info.stackName, region, stackId: info.stackId }, values['ssh-dir'], io);
    return results.every((r) => r.outcome === 'done' || r.outcome === 'unchanged') ? EXIT.ok : EXIT.failure;
  });
}

async function followInSshConfig(results: readonly PowerResult[], instances: readonly PowerInstance[], owner: HostOwner, sshDir: string | undefined, io: CliIo): Promise<void> {
  const report = await followAddressMoves(sshPaths(sshDir), owner, addressMoves(results, instances));
  if (report.rewritten.length > 0) io.err(`SSH config updated for the new address: ${report.rewritten.join(', ')}.\n`);
}

export function makePowerCommand(action: Extract<PowerAction, 'stop' | 'start'>, deps: PowerCliDeps = DEFAULT_DEPS): CliCommand {
  return { run: (args, io) => runPowerCli(action, args, io, deps) };
}
