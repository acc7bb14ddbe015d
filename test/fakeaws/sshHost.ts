import { randomBytes } from 'node:crypto';
import { OUTPUT, TAG_KIND, TAG_ROLE, TAG_SSH_PORT, TAG_SSH_USER, TAG_VERSION } from '../../src/core/kinds/stackContract';
import { validationError } from './errors';
import type { FakeAwsState, StackRecord } from './state';

/** Body of `POST /__fakeaws/ssh-host`: a complete stack whose one instance is a real (loopback) sshd. */
export interface SshHostRequest {
  readonly region: string;
  readonly stackName: string;
  readonly kind: string;
  readonly port: number;
  readonly user: string;
  /** OpenSSH PEM of the client key the sshd accepts; served as the key pair's SSM parameter. */
  readonly privateKey: string;
  /** `TYPE BASE64` of the sshd host key, published in the console output as cloud-init does. */
  readonly hostKeyLine: string;
  /** Further stack outputs by key (e.g. DicomWebUrl for an MDE stack), after the SSH ones. */
  readonly extraOutputs?: Readonly<Record<string, string>>;
  /**
   * A stack whose instance has no Elastic IP (its address changes with a stop and start): no SshHost
   * output, and an idle auto-stop alarm (resource `<stack>-IdleStopAlarm`) on the instance.
   */
  readonly withoutElasticIp?: boolean;
}

function parseExtraOutputs(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : undefined;
  if (!entries?.every(([k, v]) => k !== '' && typeof v === 'string')) throw validationError("ssh-host: 'extraOutputs' must map output keys to strings");
  return Object.fromEntries(entries) as Record<string, string>;
}

function parse(body: unknown): SshHostRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (key: string) => {
    const value = b[key];
    if (typeof value !== 'string' || value === '') throw validationError(`ssh-host: '${key}' must be a non-empty string`);
    return value;
  };
  const port = Number(b.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw validationError(`ssh-host: 'port' must be a TCP port, not ${String(b.port)}`);
  const hostKeyLine = text('hostKeyLine').trim();
  if (!/^\S+ \S+$/.test(hostKeyLine)) throw validationError("ssh-host: 'hostKeyLine' must be 'TYPE BASE64'");
  const extraOutputs = parseExtraOutputs(b.extraOutputs);
  if (b.withoutElasticIp !== undefined && typeof b.withoutElasticIp !== 'boolean') throw validationError("ssh-host: 'withoutElasticIp' must be a boolean");
  return {
    region: text('region'), stackName: text('stackName'), kind: text('kind'), port, user: text('user'), privateKey: text('privateKey'), hostKeyLine,
    ...(extraOutputs ? { extraOutputs } : {}), ...(b.withoutElasticIp ? { withoutElasticIp: true } : {}),
  };
}

/** What cloud-init prints on the serial console after generating the host keys (abridged). */
export function hostKeyConsoleOutput(hostKeyLine: string): string {
  return [
    '[    8.214507] cloud-init[612]: Generating public/private ed25519 key pair.',
    'ec2: #############################################################',
    '-----BEGIN SSH HOST KEY KEYS-----',
    `${hostKeyLine} root@host`,
    '-----END SSH HOST KEY KEYS-----',
    '[   12.700311] cloud-init[901]: Cloud-init v. 24.1 finished. Datasource DataSourceEc2Local.',
    '',
  ].join('\n');
}

/** Adds the stack (CREATE_COMPLETE), its running instance on 127.0.0.1 and the key pair's parameter. */
export function addSshHost(state: FakeAwsState, body: unknown): StackRecord {
  const req = parse(body);
  if (state.findStack(req.region, req.stackName)) throw validationError(`Stack [${req.stackName}] already exists`);
  const instanceId = `i-0${randomBytes(8).toString('hex')}`;
  const keyPairId = `key-0${randomBytes(8).toString('hex')}`;
  const stack = state.addStack(req.region, {
    name: req.stackName,
    description: `SSH test host (Imaging Lab)`,
    tags: { [TAG_KIND]: req.kind, [TAG_VERSION]: '0.1.0' },
    resources: [
      { logicalId: 'KeyPair', type: 'AWS::EC2::KeyPair', physicalId: `${req.stackName}-key` },
      { logicalId: 'Server', type: 'AWS::EC2::Instance', physicalId: instanceId },
      ...(req.withoutElasticIp ? [{ logicalId: 'IdleStopAlarm', type: 'AWS::CloudWatch::Alarm', physicalId: `${req.stackName}-IdleStopAlarm` }] : []),
    ],
    instances: [
      {
        instanceId,
        logicalId: 'Server',
        publicIp: '127.0.0.1',
        privateIp: '10.0.9.10',
        tags: { Name: req.stackName, [TAG_ROLE]: 'server', [TAG_SSH_USER]: req.user, [TAG_SSH_PORT]: String(req.port) },
        consoleOutput: hostKeyConsoleOutput(req.hostKeyLine),
      },
    ],
    outputs: [
      { key: OUTPUT.instanceId, value: instanceId },
      { key: OUTPUT.keyPairParameter, value: keyPairId, description: 'Key pair id; the private key is the SSM parameter /ec2/keypair/<id>' },
      ...(req.withoutElasticIp ? [] : [{ key: OUTPUT.sshHost, value: '127.0.0.1' }]),
      ...Object.entries(req.extraOutputs ?? {}).map(([key, value]) => ({ key, value })),
    ],
    createdAgoMs: 60_000,
  });
  state.addParameter(req.region, { name: `/ec2/keypair/${keyPairId}`, type: 'SecureString', value: req.privateKey, tags: { 'aws:cloudformation:stack-id': stack.stackId } });
  return stack;
}
