import * as vscode from 'vscode';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { parseTemplate } from '../../../core/cfn/parseTemplate';
import type { LoadedTemplate } from '../../../core/cfn/templateTypes';
import { createDeployEnvironment, type DeployEnvironment } from '../../../core/deploy/deployEnvironment';
import { isStackMissing } from '../../../core/deploy/deployErrors';
import { detectPublicIp } from '../../../core/net/publicIp';
import type { Services } from '../../services';
import type { DeployWizardEnvironment } from './deployContext';

/** Reads and parses a template file, showing what is wrong (file and line) instead of throwing. */
export async function loadTemplateFile(uri: vscode.Uri): Promise<LoadedTemplate | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return parseTemplate(text, uri.scheme === 'file' ? uri.fsPath : uri.toString());
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
}

/** The deploy use case's environment in this window: the session's clients, the extension's templates and storage. */
export function deployEnvironment(services: Services): DeployEnvironment {
  return createDeployEnvironment({
    clients: services.session.session.clients,
    extensionRoot: services.context.extensionUri.fsPath,
    storageRoot: services.context.globalStorageUri.fsPath,
    publicIp: (signal) => detectPublicIp(signal ? { signal } : {}),
  });
}

/** The deploy wizard's access to the extension, the account and the network. */
export function wizardEnvironment(services: Services, deploy: DeployEnvironment = deployEnvironment(services)): DeployWizardEnvironment {
  const session = () => services.session.session;
  return {
    regions: session().regions,
    deploy,
    async pickTemplateFile() {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Deploy this template',
        filters: { 'CloudFormation templates': ['json', 'yaml', 'yml', 'template'], 'All files': ['*'] },
      });
      return picked?.[0] ? loadTemplateFile(picked[0]) : undefined;
    },
    async stackStatus(region, stackName) {
      const cfn = await session().clients.cloudFormation(region);
      try {
        const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
        return stack?.StackStatus === 'DELETE_COMPLETE' ? undefined : stack?.StackStatus;
      } catch (error) {
        if (isStackMissing(error)) return undefined;
        throw error;
      }
    },
  };
}
