import type { AwsClients } from '../../aws/clients';
import type { StackInfo } from '../../stacks/stackInfo';
import { LAB_OUTPUT } from './labNames';
import { readOwnedSecret, type LabSecret } from './ownedSecret';

/** What the template's generated token looks like (Secrets Manager, 48 characters, no punctuation); the installer checks the same. */
const TOKEN = /^[A-Za-z0-9]{32,128}$/;

type LabStack = Pick<StackInfo, 'stackName' | 'stackId' | 'region' | 'outputs'>;

const JUPYTER_TOKEN_SECRET: LabSecret = {
  output: LAB_OUTPUT.jupyterTokenSecret,
  what: 'Jupyter token',
  value: TOKEN,
  fix: 'It must be 32-128 letters and digits: rotate it to a generated value and restart jupyter.service on the instance.',
};

/** Jupyter's port on the instance (JupyterPort output; the service listens on 127.0.0.1 there). */
export function jupyterPort(stack: Pick<StackInfo, 'outputs'>): number {
  const text = stack.outputs.find((o) => o.key === LAB_OUTPUT.jupyterPort)?.value ?? '8888';
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65_535)) throw new Error(`The stack's ${LAB_OUTPUT.jupyterPort} output (${JSON.stringify(text.slice(0, 20))}) is not a TCP port.`);
  return port;
}

/** The Jupyter token from the stack's own JupyterTokenSecret (readOwnedSecret's checks). */
export function fetchJupyterToken(clients: Pick<AwsClients, 'secretsManager' | 'cloudFormation'>, stack: LabStack, signal?: AbortSignal): Promise<string> {
  return readOwnedSecret(clients, stack, JUPYTER_TOKEN_SECRET, signal);
}

/** The tokened JupyterLab address through a local tunnel port. */
export function jupyterUrl(localPort: number, token: string): string {
  if (!Number.isInteger(localPort) || localPort < 1 || localPort > 65_535) throw new Error(`${localPort} is not a local port.`);
  if (!TOKEN.test(token)) throw new Error('That is not a Jupyter token.');
  return `http://127.0.0.1:${localPort}/lab?token=${token}`;
}
