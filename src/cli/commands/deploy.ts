import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parameterList } from '../../core/cfn/parameterModel';
import { parseTemplate } from '../../core/cfn/parseTemplate';
import { validateStackName } from '../../core/cfn/stackName';
import type { LoadedTemplate } from '../../core/cfn/templateTypes';
import { newRequestToken, type OnFailure } from '../../core/deploy/createStack';
import { createDeployEnvironment, readKindTemplate } from '../../core/deploy/deployEnvironment';
import { reviewLines } from '../../core/deploy/deployPlan';
import { executeDeploy } from '../../core/deploy/executeDeploy';
import { prepareDeploy, type DeployBlocker, type DeployNote } from '../../core/deploy/prepareDeploy';
import { expectedFromTemplate } from '../../core/deploy/progressReducer';
import type { StagingReason } from '../../core/deploy/templateStaging';
import { isKindId, KIND_IDS, kindRecord, type KindId } from '../../core/kinds/kinds';
import { AWS_OPTION_SPEC } from '../awsOptions';
import { EXIT, UsageError, type CliCommand } from '../cliCommand';
import { cliStorageRoot, DEFAULT_DEPS, finishInTerminal, withAwsSession, type DeployCliDeps } from '../deployDeps';

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

function noteLine(n: DeployNote): string {
  return n.parameter ? `${n.parameter}: ${n.text}` : n.text;
}

/** A blocker as the CLI says it: a missing value as the --param that gives it. */
function blockerLine(b: DeployBlocker, loaded: LoadedTemplate): string {
  if (b.reason === 'missing' && b.parameter) {
    const description = parameterList(loaded.template).find((p) => p.key === b.parameter)?.description;
    return `missing --param ${b.parameter}=...${description ? ` (${description})` : ''}`;
  }
  return b.reason === 'check' && b.parameter ? `${b.parameter}: ${b.text}` : b.text;
}

const STAGING_QUESTION: Readonly<Record<StagingReason, string>> = {
  template: 'The template is over 51,200 bytes; create the private, encrypted S3 bucket',
  files: "This kind's stack reads files from S3; create the private, encrypted S3 bucket",
};

export function makeDeployCommand(deps: DeployCliDeps = DEFAULT_DEPS): CliCommand {
  return {
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
      if (kind && !kindRecord(kind).templateFile) throw new UsageError(`the ${kind} template does not ship in this version yet; deploy it with --template FILE.`);
      const loaded = kind ? await readKindTemplate(root, kind) : await loadFile(values.template ?? '');
      const request = {
        operation: 'create' as const, stackName, loaded, values: keyValues(values.param, '--param'), version: extensionVersion(root), onFailure,
        userTags: keyValues(values.tag, '--tag'), terminationProtection: values['termination-protection'] ?? false, ...(kind ? { kind } : {}),
      };
      return withAwsSession(deps, values, io, async (session, region) => {
        const env = createDeployEnvironment({ clients: session.clients, extensionRoot: root, storageRoot: (deps.storageRoot ?? cliStorageRoot)(io.env), publicIp: deps.publicIp });
        const prepared = await prepareDeploy({ ...request, region }, env, io.signal, (m) => io.err(`${m}\n`));
        for (const note of prepared.notes) io.err(`${noteLine(note)}\n`);
        if (prepared.blockers.length > 0) {
          io.err(`imaging-lab deploy: nothing was created:\n${prepared.blockers.map((b) => `  ${blockerLine(b, loaded)}`).join('\n')}\n`);
          return EXIT.usage;
        }
        io.out(`${reviewLines(prepared.plan).join('\n')}\n`);
        if (!values.yes && !(await deps.confirm('Create this stack?', io))) {
          io.err('Nothing was created. Re-run with --yes to create the stack without asking.\n');
          return EXIT.failure;
        }
        const consent = async (bucket: string, _region: string, reason: StagingReason) => values.yes === true || deps.confirm(`${STAGING_QUESTION[reason]} ${bucket} to stage it?`, io);
        const created = await executeDeploy(prepared, env, { clientToken: newRequestToken(), consent, signal: io.signal });
        io.out(`Creating ${stackName} in ${region}${created.alreadyCreatedByThisRequest ? ' (already accepted by an earlier attempt)' : ''}: ${created.stackId}\n`);
        return finishInTerminal(session, region, created.stackId, stackName, io, deps, { operation: 'create', expected: expectedFromTemplate(loaded.template), ...(kind ? { kind } : {}) }, 'succeeded');
      });
    },
  };
}

async function loadFile(path: string): Promise<LoadedTemplate> {
  const file = resolve(path);
  return parseTemplate(await readFile(file, 'utf8'), file);
}

function extensionVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
}

export const deployCommand: CliCommand = makeDeployCommand();
