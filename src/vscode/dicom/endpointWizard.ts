import { dicomWebBase } from '../../core/dicom/endpoint';
import { BACK, type PickOption, type Prompter } from '../wizards/prompter';
import { runWizard, type StepResult, type WizardStep } from '../wizards/wizard';
import type { EndpointSetting } from './endpointSettings';

type Auth = NonNullable<EndpointSetting['auth']>;
type Tls = 'default' | 'ca' | 'mtls' | 'cert';

/** Answers so far; the secret stays here (in memory) until the endpoint is saved. */
export interface EndpointWizardContext {
  readonly env: {
    readonly existingNames: ReadonlySet<string>;
    /** Opens a file dialog for a PEM file; undefined when the person closed it. */
    pickPemFile(title: string): Promise<string | undefined>;
  };
  name?: string;
  url?: string;
  auth?: Auth;
  username?: string;
  secret?: string;
  tls?: Tls;
  ca?: string;
  cert?: string;
  key?: string;
}

const AUTH_CHOICES: PickOption<Auth>[] = [
  { label: 'No authentication', value: 'none' },
  { label: 'User name and password (HTTP basic)', value: 'basic' },
  { label: 'Bearer token', value: 'bearer' },
];
const TLS_CHOICES: PickOption<Tls>[] = [
  { label: 'System trust only', value: 'default' },
  { label: 'Also trust a CA certificate file…', value: 'ca' },
  { label: 'CA certificate and a client certificate (mutual TLS)…', value: 'mtls' },
  { label: 'Client certificate only (mutual TLS)…', value: 'cert' },
];

const withPicked = <T>(items: PickOption<T>[], current: T | undefined): PickOption<T>[] => items.map((i) => (i.value === current ? { ...i, picked: true } : i));
const back = <T>(answer: T | typeof BACK | undefined): answer is typeof BACK | undefined => answer === undefined || answer === BACK;

function urlProblem(value: string): string | undefined {
  try {
    dicomWebBase(value.trim());
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

type TextField = 'name' | 'url' | 'username';

/** One free-text question whose answer lands in `field` (the previous answer is offered again after Back). */
function textStep(id: string, field: TextField, shouldPrompt: (c: EndpointWizardContext) => boolean, ask: (c: EndpointWizardContext) => { prompt: string; placeholder?: string; validate: (v: string) => string | undefined }): WizardStep<EndpointWizardContext> {
  return {
    id,
    shouldPrompt,
    async prompt(c, p, info) {
      const previous = c[field];
      const value = await p.input(info, { ...ask(c), ...(previous ? { value: previous } : {}) });
      if (back(value)) return value;
      c[field] = field === 'username' ? value : value.trim();
      return 'next';
    },
  };
}

const nameStep = textStep('name', 'name', () => true, (c) => ({
  prompt: 'A name for the endpoint',
  placeholder: 'e.g. Lab Orthanc',
  validate: (v) => (!v.trim() ? 'Give the endpoint a name.' : c.env.existingNames.has(v.trim()) ? 'An endpoint with this name exists.' : undefined),
}));

const urlStep = textStep('url', 'url', () => true, () => ({ prompt: 'DICOMweb base URL', placeholder: 'https://pacs.hospital.internal/dicom-web', validate: urlProblem }));

const authStep: WizardStep<EndpointWizardContext> = {
  id: 'auth',
  shouldPrompt: () => true,
  async prompt(c, p, info) {
    const auth = await p.pick(info, { placeholder: 'How does the server authenticate?', items: withPicked(AUTH_CHOICES, c.auth) });
    if (back(auth)) return auth;
    if (auth !== c.auth) delete c.secret;
    c.auth = auth;
    return 'next';
  },
};

const userStep = textStep('user', 'username', (c) => c.auth === 'basic', () => ({ prompt: 'User name', validate: (v) => (v === '' ? 'Enter the user name.' : undefined) }));

const secretStep: WizardStep<EndpointWizardContext> = {
  id: 'secret',
  shouldPrompt: (c) => c.auth === 'basic' || c.auth === 'bearer',
  async prompt(c, p, info) {
    const value = await p.input(info, {
      prompt: `${c.auth === 'basic' ? 'Password' : 'Token'} (kept in VS Code secret storage once the endpoint is saved, never in settings)`,
      password: true,
      validate: (v) => (v === '' ? 'Enter it, or go back and choose "No authentication".' : undefined),
    });
    if (back(value)) return value;
    c.secret = value;
    return 'next';
  },
};

async function pickFiles(c: EndpointWizardContext, tls: Tls): Promise<StepResult> {
  delete c.ca;
  delete c.cert;
  delete c.key;
  const files: [keyof Pick<EndpointWizardContext, 'ca' | 'cert' | 'key'>, string][] = [];
  if (tls === 'ca' || tls === 'mtls') files.push(['ca', 'CA certificate (PEM)']);
  if (tls === 'mtls' || tls === 'cert') files.push(['cert', 'Client certificate (PEM)'], ['key', 'Client private key (PEM)']);
  for (const [field, title] of files) {
    const file = await c.env.pickPemFile(title);
    if (!file) return 'stay';
    c[field] = file;
  }
  return 'next';
}

const tlsStep: WizardStep<EndpointWizardContext> = {
  id: 'tls',
  shouldPrompt: (c) => c.url?.startsWith('https:') === true,
  async prompt(c, p, info) {
    const tls = await p.pick(info, { placeholder: 'Which certificates does the connection need?', items: withPicked(TLS_CHOICES, c.tls) });
    if (back(tls)) return tls;
    c.tls = tls;
    return pickFiles(c, tls);
  },
};

/** The endpoint to save, and its secret to store once it is saved (never before). */
export interface NewEndpoint {
  readonly setting: EndpointSetting;
  readonly secret?: string;
}

/**
 * "Add DICOMweb Endpoint" as a wizard: name, URL, authentication, user, password or token, TLS,
 * with Back on every step after the first. Returns undefined when cancelled; nothing is stored by
 * the wizard itself. "Skip TLS verification" is only available by editing the setting.
 */
export async function runEndpointWizard(env: EndpointWizardContext['env'], prompter: Prompter): Promise<NewEndpoint | undefined> {
  const done = await runWizard('Add DICOMweb Endpoint', () => [nameStep, urlStep, authStep, userStep, secretStep, tlsStep], { env }, prompter);
  if (!done?.name || !done.url || !done.auth) return undefined;
  const https = done.url.startsWith('https:');
  const setting: EndpointSetting = {
    name: done.name,
    url: done.url,
    auth: done.auth,
    ...(done.auth === 'basic' && done.username ? { username: done.username } : {}),
    ...(https && done.ca ? { ca: done.ca } : {}),
    ...(https && done.cert ? { cert: done.cert } : {}),
    ...(https && done.key ? { key: done.key } : {}),
  };
  return { setting, ...(done.auth !== 'none' && done.secret !== undefined ? { secret: done.secret } : {}) };
}
