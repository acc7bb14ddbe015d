import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALLER_METADATA_KEY, MANIFESTS_METADATA_KEY, TATOR_INSTALLER_LOGICAL_ID } from '../../../templates/cdk/tator/tatorInstaller';
import { freePort } from '../../harness/ports';
import { requireTool } from '../../support/requireTool';
import { evaluate } from '../../unit/iac/cfnEval';
import { synthOf } from '../../unit/iac/synthFixture';
import { idsOfType, tatorSampleReferences } from '../../unit/iac/tatorReferences';

const FAKES = join(__dirname, 'fakes');

/** What the tests set up: answers of the stand-ins and overrides of the installer's environment. */
export interface Scenario {
  /** Extra environment (FAKE_* answers of the fakes, TATOR_* deadlines). */
  readonly env?: Readonly<Record<string, string>>;
  /** HTTP statuses the Tator stand-in answers in turn (the last one repeats); default 200. */
  readonly tatorStatuses?: readonly number[];
  /** Publish a checksum that does not match the kubectl served. */
  readonly wrongChecksum?: boolean;
  /** Changes the user data as CloudFormation resolved it (e.g. a value that breaks its grammar). */
  readonly editUserData?: (text: string) => string;
  /** Secret values as Secrets Manager holds them (JSON for the database and the administrator). */
  readonly secrets?: { readonly database: string; readonly django: string; readonly admin: string };
}

export interface Signal {
  readonly contentType: string | undefined;
  readonly body: { Status: string; Reason: string; UniqueId: string; Data: string };
  readonly raw: string;
}

export interface InstallerRun {
  readonly exitCode: number | null;
  readonly signals: Signal[];
  readonly kubectlCalls: string[];
  readonly awsCalls: string[];
  readonly shutdownCalls: string[];
  /** `<secret> <key>=<value>` lines kubectl read from the files the installer gave it. */
  readonly secretsInCluster: string[];
  readonly configMapLiterals: string[];
  /** Requests that reached the Tator stand-in (through the "port-forward"). */
  readonly tatorRequests: { readonly path: string; readonly host: string | undefined }[];
  readonly downloads: string[];
  readonly log: string;
  readonly workDirLeft: string[];
}

export const DEFAULT_SECRETS = {
  database: '{"username":"tator","password":"Db0Pass\\"quoted"}',
  django: 'DjangoKey0123456789abcdefABCDEF',
  admin: '{"username":"admin","password":"AdminPass42"}',
};
export const LOAD_BALANCER = 'k8s-tator-nginx-0a1b2c3d4e.elb.us-east-1.amazonaws.com';

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/**
 * Runs the Tator installer as EC2 would: the synthesized user data (stack values resolved), its
 * bootstrap reading the installer and manifests from the "stack metadata", with kubectl and the AWS
 * CLI replaced by recording fakes, a local HTTP server for dl.k8s.io and the wait condition URL,
 * and another for Tator behind `kubectl port-forward`. Bounded: the process is killed after 90 s.
 */
export async function runInstaller(scenario: Scenario = {}): Promise<InstallerRun> {
  const bash = requireTool('bash', 'bash');
  for (const [tool, pkg] of [['curl', 'curl'], ['python3', 'python3'], ['sha256sum', 'coreutils']] as const) requireTool(tool, pkg);
  const root = mkdtempSync(join(tmpdir(), 'imaging-lab-tator-installer-'));
  const state = join(root, 'state');
  const fakes = join(root, 'fakes');
  const bin = join(root, 'bin');
  const work = join(root, 'work');
  for (const dir of [state, fakes, bin, join(state, 'secret-values')]) mkdirSync(dir, { recursive: true });
  for (const tool of ['aws', 'shutdown']) {
    copyFileSync(join(FAKES, tool), join(fakes, tool));
    chmodSync(join(fakes, tool), 0o755);
  }
  // Any kubectl on this machine must not be used: only the one the installer downloads and checks.
  writeFileSync(join(fakes, 'kubectl'), '#!/bin/sh\necho "kubectl used before the installer installed it" >&2\nexit 99\n', { mode: 0o755 });

  const kubectl = readFileSync(join(FAKES, 'kubectl'));
  const checksum = scenario.wrongChecksum ? '0'.repeat(64) : createHash('sha256').update(kubectl).digest('hex');
  const signals: Signal[] = [];
  const downloads: string[] = [];
  const control = createServer(async (req, res) => {
    const text = await body(req);
    const url = req.url ?? '';
    if (req.method === 'PUT' && url.startsWith('/signal')) {
      signals.push({ contentType: req.headers['content-type'], body: JSON.parse(text) as Signal['body'], raw: text });
      return res.writeHead(200).end();
    }
    downloads.push(url);
    if (/^\/release\/v1\.36\.0\/bin\/linux\/(amd64|arm64)\/kubectl$/.test(url)) return res.writeHead(200).end(kubectl);
    if (/^\/release\/v1\.36\.0\/bin\/linux\/(amd64|arm64)\/kubectl\.sha256$/.test(url)) return res.writeHead(200).end(`${checksum}\n`);
    res.writeHead(404).end();
  });
  const statuses = [...(scenario.tatorStatuses ?? [200])];
  const tatorRequests: { path: string; host: string | undefined }[] = [];
  const tator = createServer((req, res) => {
    tatorRequests.push({ path: req.url ?? '', host: req.headers.host });
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    res.writeHead(status).end();
  });
  const controlPort = await listen(control);
  const tatorPort = await listen(tator, await freePort());

  try {
    const template = synthOf('tator').template as Record<string, unknown> & { Resources: Record<string, { Properties: { UserData: unknown }; Metadata: Record<string, unknown> }> };
    const refs = tatorSampleReferences(template, `http://127.0.0.1:${controlPort}/signal?X-Amz-Signature=abc`);
    const installer = template.Resources[TATOR_INSTALLER_LOGICAL_ID]!;
    const userData = evaluate(installer.Properties.UserData, refs);
    writeFileSync(join(root, 'user-data.sh'), scenario.editUserData ? scenario.editUserData(userData) : userData);
    const metadata = {
      [INSTALLER_METADATA_KEY]: installer.Metadata[INSTALLER_METADATA_KEY],
      [MANIFESTS_METADATA_KEY]: evaluate(installer.Metadata[MANIFESTS_METADATA_KEY], refs),
    };
    writeFileSync(join(state, 'metadata.json'), `${JSON.stringify(metadata)}\n`);
    const secrets = scenario.secrets ?? DEFAULT_SECRETS;
    const secretId = (id: string) => refs[id]!.replace(/^.*:secret:/, '');
    writeFileSync(join(state, 'secret-values', secretId(idsOfType(template, 'AWS::SecretsManager::SecretTargetAttachment')[0]!)), `${secrets.database}\n`);
    for (const id of idsOfType(template, 'AWS::SecretsManager::Secret')) {
      if (id.startsWith('SecretsDjango')) writeFileSync(join(state, 'secret-values', secretId(id)), `${secrets.django}\n`);
      if (id.startsWith('SecretsAdmin')) writeFileSync(join(state, 'secret-values', secretId(id)), `${secrets.admin}\n`);
    }

    const env = {
      ...process.env,
      HOME: root,
      PATH: [bin, fakes, process.env.PATH ?? ''].join(':'),
      FAKE_STATE: state,
      FAKE_LOAD_BALANCER: LOAD_BALANCER,
      TATOR_WORK_DIR: work,
      TATOR_BIN_DIR: bin,
      TATOR_KUBECTL_BASE_URL: `http://127.0.0.1:${controlPort}/release`,
      TATOR_LOCAL_PORT: String(tatorPort),
      TATOR_LOG: join(root, 'install.log'),
      TATOR_POLL_SECONDS: '0.05',
      TATOR_DEADLINE_SECONDS: '60',
      ...scenario.env,
    };
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(bash, [join(root, 'user-data.sh')], { env, stdio: 'ignore', detached: true });
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 90_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        // The port-forward stand-in (sleep) is killed by the installer; anything left goes with the group.
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        resolve(code);
      });
    });
    return {
      exitCode,
      signals,
      kubectlCalls: lines(join(state, 'kubectl.calls')),
      awsCalls: lines(join(state, 'aws.calls')),
      shutdownCalls: lines(join(state, 'shutdown.calls')),
      secretsInCluster: lines(join(state, 'secrets')),
      configMapLiterals: lines(join(state, 'configmap')),
      tatorRequests,
      downloads,
      log: existsSync(join(root, 'install.log')) ? readFileSync(join(root, 'install.log'), 'utf8') : '',
      workDirLeft: existsSync(work) ? readdirSync(work).sort() : [],
    };
  } finally {
    control.close();
    tator.close();
    rmSync(root, { recursive: true, force: true });
  }
}
