import * as vscode from 'vscode';
import { kindRecord, isKindId } from '../../core/kinds/kinds';
import type { LoadedTemplate } from '../../core/cfn/templateTypes';
import { sameTemplate } from '../../core/deploy/templateUpdate';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { DeployWizardEnvironment } from '../wizards/deploy/deployContext';
import { required } from '../userCancelled';

/** The template an update applies; `changed` is false when it is the stack's current one. */
export interface UpdateTemplate {
  readonly loaded: LoadedTemplate;
  readonly changed: boolean;
}

type Choice = 'current' | 'bundled' | 'file';

/**
 * Keep the stack's template (parameters only), apply the template this Imaging Lab version ships for
 * the stack's kind (offered only when it differs), or apply a template file.
 */
export async function chooseUpdateTemplate(env: DeployWizardEnvironment, stack: StackInfo, current: LoadedTemplate, version: string): Promise<UpdateTemplate | undefined> {
  const kind = isKindId(stack.kind) && kindRecord(stack.kind).templateFile ? stack.kind : undefined;
  const bundled = kind ? await env.deploy.loadKindTemplate(kind) : undefined;
  const newer = bundled && !sameTemplate(bundled.template, current.template) ? bundled : undefined;
  const items: (vscode.QuickPickItem & { choice: Choice })[] = [
    { label: '$(history) Keep the current template', description: 'change parameter values only', choice: 'current' },
    ...(newer && kind
      ? [{ label: `$(arrow-up) Apply the ${kindRecord(kind).display.label} template of Imaging Lab ${version}`, description: `the stack was deployed by ${stack.version ? `version ${stack.version}` : 'an unknown version'}`, choice: 'bundled' as const }]
      : []),
    { label: '$(file) Apply a template file…', description: 'CloudFormation JSON or YAML', choice: 'file' },
  ];
  const picked = required(await vscode.window.showQuickPick(items, { title: `Update ${stack.stackName}`, placeHolder: 'Which template should the stack have?', ignoreFocusOut: true }));
  if (picked.choice === 'current') return { loaded: current, changed: false };
  if (picked.choice === 'bundled' && newer) return { loaded: newer, changed: true };
  const file = await env.pickTemplateFile();
  if (!file) return undefined;
  return { loaded: file, changed: !sameTemplate(file.template, current.template) };
}
