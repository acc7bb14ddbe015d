import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parameterList } from '../../core/cfn/parameterModel';
import { parseTemplate } from '../../core/cfn/parseTemplate';
import { validateStackName } from '../../core/cfn/stackName';
import { checkParameterValues } from '../../core/cfn/validateParameter';
import { kindRecord, isKindId, KIND_IDS, type KindId } from '../../core/kinds/kinds';
import { friendlyAwsError } from '../../core/aws/errors';
import type { AwsSession } from '../../core/aws/session';
import { detectPublicIp, hostCidr } from '../../core/net/publicIp';
import type { Clock } from '../../core/deploy/clock';
import { newRequestToken, type OnFailure } from '../../core/deploy/createStack';
import { executePlan, makePlan, reviewLines } from '../../core/deploy/deployPlan';
import { PollerRegistry } from '../../core/deploy/pollerRegistry';
import { summaryLines, terminalPrinter } from '../../core/deploy/progressLines';
import { expectedFromTemplate } from '../../core/deploy/progressReducer';
import { outcome, type Outcome } from '../../core/deploy/progressSelectors';
import type { ProgressState } from '../../core/deploy/progressTypes';
import { trackDeployment } from '../../core/deploy/trackDeployment';
import { placementFor } from '../../core/deploy/zoneForInstanceType';
import { AWS_OPTION_SPEC, sessionFromOptions } from '../awsOptions';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../cliCommand';

const USAGE = `Usage: imaging-lab deploy <kind> [--stack-name NAME] [options]
       imaging-lab deploy --template FILE --stack-name NAME [options]

Creates a stack from a bundled kind (${KIND_IDS.join(', ')}) or any CloudFormation template,
prints one line per resource change while it deploys, then the outputs.

  --param KEY=VALUE     template parameter; repeat for several
  --tag KEY=VALUE       extra stack tag; repeat for several
  --on-failure MODE     rollback (default), delete, or keep (keep what was created for inspection)
  --termination-protection   turn on termination protection
  --profile P           AWS profile (default: AWS_PROFILE, then the default chain)
  --region R            region (default: the profile's region)
  --yes                 do not ask: create the stack (and the S3 staging bucket a template over 51,200 bytes needs)

Templates with InstanceType and AvailabilityZone parameters (mde): an empty AvailabilityZone is filled
with the first zone that offers the instance type, and a zone that does not offer it is refused.

Exit codes: 0 deployed, 1 failed or rolled back (root cause on stdout), 2 usage or parameter error.
`;

/** What the command needs from outside; tests replace these. */
export interface DeployCliDeps {
  readonly session: (profile: string | undefined, regions: readonly string[], env: NodeJS.ProcessEnv) => Promise<AwsSession>;
  /** Asks a yes/no question on the terminal; false when there is no terminal. */
  readonly confirm: (question: string, io: CliIo) => Promise<boolean>;
  readonly publicIp: (signal: AbortSignal) => Promise<string>;
  readonly clock?: Clock;
  readonly extensionRoot: () => string;
}

/** The directory holding package.json and templates/ (the CLI runs from dist/ or, in tests, from src/). */
export function findExtensionRoot(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'imaging-lab') return dir;
    if (dirname(dir) === dir) throw new Error('Cannot find the Imaging Lab installation (package.json); reinstall the CLI.');
  }
}

export async function askOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export const DEFAULT_DEPS: DeployCliDeps = {
  session: sessionFromOptions,
  confirm: (question) => askOnTerminal(question),
  publicIp: (signal) => detectPublicIp({ signal }),
  extensionRoot: () => findExtensionRoot(),
};

function keyValues(items: readonly string[] | undefined, what: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${what} '${item}' is not KEY=VALUE.`);
    result[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return result;
}

const ON_FAILURE: Readonly<Record<string, OnFailure>> = { rollback: 'ROLLBACK', delete: 'DELETE', keep: 'DO_NOTHING' };

/** Follows the operation, re-trying paused credentials every 30 s (an SSO login elsewhere fixes them). */
export async function followInTerminal(session: AwsSession, region: string, stackId: string, stackName: string, io: CliIo, deps: DeployCliDeps, init: Pick<Parameters<typeof trackDeployment>[0], 'operation' | 'expected' | 'kind'>): Promise<ProgressState> {
  const registry = new PollerRegistry();
  const print = terminalPrinter((t) => io.out(t), (t) => io.err(t));
  const retry = setInterval(() => registry.resumeAll(), 30_000);
  try {
    return await trackDeployment({
      clients: session.clients, region, stackId, stackName, registry, signal: io.signal, onState: print,
      ...(deps.clock ? { clock: deps.clock } : {}), ...init,
    });
  } finally {
    clearInterval(retry);
    registry.dispose();
  }
}

/** SDK, credential and socket errors as "what happened and what to do"; our own errors pass through. */
export function explainAwsFailure(error: unknown, profile: string | undefined, region: string | undefined): unknown {
  const e = error as { $metadata?: unknown; code?: unknown; name?: string };
  const fromAws = e?.$metadata !== undefined || typeof e?.code === 'string' || e?.name === 'CredentialsProviderError' || e?.name === 'TokenProviderError';
  if (!fromAws) return error;
  return new Error(friendlyAwsError(error, { ...(profile ? { profile } : {}), ...(region ? { region } : {}) }).message, { cause: error });
}

/** Runs `work` with a session for --profile/--region, explaining AWS failures and closing the clients. */
export async function withAwsSession(
  deps: DeployCliDeps,
  values: { profile?: string; region?: string[] },
  io: CliIo,
  work: (session: AwsSession, region: string) => Promise<number>,
): Promise<number> {
  const session = await deps.session(values.profile, values.region ?? [], io.env);
  try {
    return await work(session, session.regions[0] ?? 'us-east-1');
  } catch (error) {
    throw explainAwsFailure(error, session.profile, session.regions[0]);
  } finally {
    await session.clients.dispose();
  }
}

/** Follows an operation to its end, prints the summary, and turns the outcome into an exit code. */
export async function finishInTerminal(session: AwsSession, region: string, stackId: string, stackName: string, io: CliIo, deps: DeployCliDeps, init: Pick<Parameters<typeof trackDeployment>[0], 'operation' | 'expected' | 'kind'>, success: Outcome): Promise<number> {
  const final = await followInTerminal(session, region, stackId, stackName, io, deps, init);
  io.out(`${summaryLines(final).join('\n')}\n`);
  return outcome(final) === success ? EXIT.ok : EXIT.failure;
}

export function makeDeployCommand(deps: DeployCliDeps = DEFAULT_DEPS): CliCommand {
  return {
    name: 'deploy',
    summary: 'deploy a kind or a CloudFormation template, with live progress',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          ...AWS_OPTION_SPEC,
          template: { type: 'string' },
          'stack-name': { type: 'string' },
          param: { type: 'string', multiple: true },
          tag: { type: 'string', multiple: true },
          'on-failure': { type: 'string' },
          'termination-protection': { type: 'boolean' },
          yes: { type: 'boolean' },
        },
      });
      const kindArg = positionals[0];
      if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'.`);
      if ((kindArg === undefined) === (values.template === undefined)) throw new UsageError('give either a kind or --template FILE.');
      if (kindArg !== undefined && !isKindId(kindArg)) throw new UsageError(`unknown kind '${kindArg}' (one of ${KIND_IDS.join(', ')}).`);
      const kind: KindId | undefined = kindArg as KindId | undefined;
      const onFailure = ON_FAILURE[values['on-failure'] ?? 'rollback'];
      if (!onFailure) throw new UsageError(`--on-failure must be rollback, delete or keep.`);
      const stackName = values['stack-name'] ?? (kind ? `imaging-lab-${kind}` : '');
      if (!values['stack-name'] && !kind) throw new UsageError('--stack-name is required with --template.');
      const nameProblem = validateStackName(stackName);
      if (nameProblem) throw new UsageError(`--stack-name: ${nameProblem}`);

      const root = deps.extensionRoot();
      let file = values.template ? resolve(values.template) : undefined;
      if (kind) {
        const templateFile = kindRecord(kind).templateFile;
        if (!templateFile) throw new UsageError(`the ${kind} template does not ship in this version yet; deploy it with --template FILE.`);
        file = join(root, templateFile);
      }
      const loaded = parseTemplate(await readFile(file ?? '', 'utf8'), file ?? '');
      const parameters = parameterList(loaded.template);
      const given = keyValues(values.param, '--param');
      for (const p of parameters) {
        if (p.isCidr && given[p.key] === undefined && p.defaultValue === undefined) {
          given[p.key] = hostCidr(await deps.publicIp(io.signal));
          io.err(`${p.key}: using your public IP ${given[p.key]}\n`);
        }
      }
      const check = checkParameterValues(parameters, given);
      const problems = [
        ...check.missing.map((k) => {
          const p = parameters.find((x) => x.key === k);
          return `missing --param ${k}=...${p?.description ? ` (${p.description})` : ''}`;
        }),
        ...check.unknown.map((k) => `the template has no parameter '${k}'`),
        ...check.problems.map((p) => p.message),
      ];
      if (problems.length > 0) {
        io.err(`imaging-lab deploy: nothing was created:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
        return EXIT.usage;
      }

      const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
      return withAwsSession(deps, values, io, async (session, region) => {
        // GPU types are not offered in every zone: pick (or check) the zone before anything is created.
        const placed = await placementFor(session.clients, region, loaded.template, given, io.signal);
        if (placed && !placed.choice.ok) {
          io.err(`imaging-lab deploy: nothing was created:\n  ${placed.parameter}: ${placed.choice.message}\n`);
          return EXIT.usage;
        }
        if (placed?.choice.ok) {
          if (placed.choice.zone !== '') given[placed.parameter] = placed.choice.zone;
          io.err(`${placed.parameter}: ${placed.choice.note}\n`);
        }
        const plan = makePlan({
          region, stackName, loaded, parameters: given, version, onFailure,
          ...(kind ? { kind } : {}), userTags: keyValues(values.tag, '--tag'), terminationProtection: values['termination-protection'] ?? false,
        });
        io.out(`${reviewLines(plan).join('\n')}\n`);
        if (!values.yes && !(await deps.confirm('Create this stack?', io))) {
          io.err('Nothing was created. Re-run with --yes to create the stack without asking.\n');
          return EXIT.failure;
        }
        const consent = async (bucket: string) => values.yes === true || deps.confirm(`The template is over 51,200 bytes; create the private, encrypted S3 bucket ${bucket} to stage it?`, io);
        const created = await executePlan(session.clients, plan, newRequestToken(), consent, io.signal);
        io.out(`Creating ${stackName} in ${region}${created.alreadyCreatedByThisRequest ? ' (already accepted by an earlier attempt)' : ''}: ${created.stackId}\n`);
        return finishInTerminal(session, region, created.stackId, stackName, io, deps, { operation: 'create', expected: expectedFromTemplate(loaded.template), ...(kind ? { kind } : {}) }, 'succeeded');
      });
    },
  };
}

export const deployCommand: CliCommand = makeDeployCommand();
