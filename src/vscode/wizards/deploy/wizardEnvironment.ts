import * as vscode from 'vscode';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { parseTemplate } from '../../../core/cfn/parseTemplate';
import type { LoadedTemplate } from '../../../core/cfn/templateTypes';
import { kindRecord } from '../../../core/kinds/kinds';
import { accountChoices } from '../../../core/deploy/accountChoices';
import { isStackMissing } from '../../../core/deploy/deployErrors';
import { zoneForInstanceType, zonesOffering } from '../../../core/deploy/zoneForInstanceType';
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

/** The deploy wizard's access to the extension, the account and the network. */
export function wizardEnvironment(services: Services): DeployWizardEnvironment {
  const session = () => services.session.session;
  // The zone step lists the offering zones and the review checks the choice: one EC2 call serves
  // both. A failed call is forgotten, so the review's retry asks again.
  const offered = new Map<string, Promise<string[]>>();
  const offering = (region: string, instanceType: string): Promise<string[]> => {
    const key = `${region} ${instanceType}`;
    const known = offered.get(key);
    if (known) return known;
    const asked = zonesOffering(session().clients, region, instanceType);
    offered.set(key, asked);
    asked.catch(() => offered.delete(key));
    return asked;
  };
  return {
    regions: session().regions,
    async loadKindTemplate(kind) {
      const file = kindRecord(kind).templateFile;
      if (!file) throw new Error(`The ${kind} template does not ship in this version yet. Deploy it from a template file instead.`);
      const uri = vscode.Uri.joinPath(services.context.extensionUri, file);
      return parseTemplate(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), file);
    },
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
    accountChoices: (region, resource) => accountChoices(session().clients, region, resource),
    publicIp: () => detectPublicIp(),
    zoneFor: (region, instanceType, requested) => zoneForInstanceType(session().clients, region, instanceType, requested, undefined, () => offering(region, instanceType)),
    zonesOffering: offering,
  };
}
