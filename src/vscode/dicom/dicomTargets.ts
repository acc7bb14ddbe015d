import * as vscode from 'vscode';
import type { DicomWebEndpoint } from '../../core/dicom/endpoint';
import { fetchStackAuth, stackDicomTarget } from '../../core/dicom/stackEndpoint';
import { recordOf } from '../../core/kinds/kinds';
import type { StackInfo } from '../../core/stacks/stackInfo';
import { hasStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';
import { askOncePerOrigin } from './credentialsConsent';
import { readEndpointSettings, resolveSettingEndpoint } from './endpointSettings';
import { mdeStackTarget } from './mdeTarget';
import { orthancStackTarget } from './orthancTarget';
import { stowrsStackTarget } from './stowrsTarget';

/** Somewhere DICOM can be sent: a deployed stack's DICOMweb output or a user-defined endpoint. */
export interface DicomTarget {
  /** Stable key (remembers that the connection was tested). */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  resolve(signal?: AbortSignal): Promise<DicomWebEndpoint>;
  /** Closes what resolve() opened (an MDE stack's SSH tunnel); call after the send. */
  release?(): Promise<void>;
}

export function stackTarget(services: Services, stack: StackInfo): DicomTarget | undefined {
  const target = stackDicomTarget(stack);
  // A kind whose DICOMweb is plain HTTP (MDE's MIG) is reached through an SSH tunnel by default.
  if (target && recordOf(stack.kind)?.dicomWeb?.tls === false) return mdeStackTarget(services, stack);
  if (!target) return undefined;
  // Orthanc: the certificate its instance published in SSM is pinned (orthancTarget.ts).
  if (stack.kind === 'orthanc') return orthancStackTarget(services, stack, target.url);
  // stowrs: the published fingerprint is pinned and, in client-certificate mode, this machine's certificate presented.
  if (stack.kind === 'stowrs') return stowrsStackTarget(services, stack, target.url);
  return {
    id: `stack:${stack.stackId}`,
    label: stack.stackName,
    description: `${target.url} · ${stack.region}`,
    resolve: async (signal) => ({
      url: target.url,
      auth: await fetchStackAuth(services.session.session.clients, target, signal, askOncePerOrigin(services.context.globalState, stack.stackId)),
    }),
  };
}

/** Resolves the target, uses the endpoint, and always releases what resolving opened (an MDE tunnel). */
export async function withResolvedTarget<T>(target: DicomTarget, use: (endpoint: DicomWebEndpoint) => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await use(await target.resolve(signal));
  } finally {
    await target.release?.();
  }
}

const ADD_ENDPOINT = Symbol('add');

/**
 * The target for a command: the stack node it was invoked on, or a pick among deployed stacks with
 * a DicomWebUrl output and the endpoints in settings. `addEndpoint` runs when the user asks for a new one.
 */
export async function pickDicomTarget(services: Services, node: unknown, addEndpoint: () => Promise<string>): Promise<DicomTarget> {
  if (hasStack(node)) {
    const target = stackTarget(services, node.stack);
    if (!target) throw new Error(`${node.stack.stackName} has no DicomWebUrl output, so it cannot receive DICOM. Pick another target or add an endpoint in settings.`);
    return target;
  }
  const inventory = await services.stacksTree.whenLoaded().catch(() => undefined);
  const fromStacks = (inventory?.stacks ?? []).map((s) => stackTarget(services, s)).filter((t): t is DicomTarget => t !== undefined);
  const fromSettings: DicomTarget[] = readEndpointSettings().map((entry) => ({
    id: `setting:${entry.name}`,
    label: entry.name,
    description: `${entry.url}${entry.insecure ? ' · TLS verification OFF' : ''}`,
    resolve: () => resolveSettingEndpoint(services.context.secrets, entry),
  }));
  type Item = vscode.QuickPickItem & { target?: DicomTarget; add?: typeof ADD_ENDPOINT };
  const items: Item[] = [
    ...(fromStacks.length ? [{ label: 'Deployed stacks', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...fromStacks.map((target) => ({ label: `$(cloud) ${target.label}`, description: target.description, target })),
    ...(fromSettings.length ? [{ label: 'Endpoints (settings)', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...fromSettings.map((target) => ({ label: `$(server) ${target.label}`, description: target.description, target })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(add) Add a DICOMweb endpoint…', add: ADD_ENDPOINT },
  ];
  const picked = required(await vscode.window.showQuickPick(items, { placeHolder: 'Send DICOM to which DICOMweb server?', matchOnDescription: true }));
  if (picked.target) return picked.target;
  const name = await addEndpoint();
  const added = readEndpointSettings().find((e) => e.name === name);
  if (!added) throw new Error(`The endpoint ${name} was not saved; check that user settings are writable.`);
  return { id: `setting:${added.name}`, label: added.name, description: added.url, resolve: () => resolveSettingEndpoint(services.context.secrets, added) };
}
