import * as vscode from 'vscode';
import { awsFilePaths } from '../../core/aws/awsFiles';
import { CommandIds } from '../commandIds';
import type { Services } from '../services';

const AWS_CLI_CONFIGURE_DOCS = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-configure.html';

/** Explains how to give Imaging Lab credentials, with the exact commands. */
export async function showAwsSetup(services: Services): Promise<void> {
  const profile = services.session.session.profile;
  const flag = profile ? ` --profile ${profile}` : '';
  const choice = await vscode.window.showInformationMessage(
    'Imaging Lab uses your AWS CLI configuration.',
    {
      modal: true,
      detail: `Pick one:\n• IAM Identity Center (SSO): aws configure sso, then aws sso login${flag}\n• Access keys: aws configure${flag}\n• Environment: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, before starting VS Code\n\nImaging Lab reloads when ~/.aws/config or ~/.aws/credentials change.`,
    },
    'Pick Profile',
    'Open ~/.aws/config',
    'AWS CLI Docs',
  );
  if (choice === 'Pick Profile') await vscode.commands.executeCommand(CommandIds.selectProfile);
  if (choice === 'Open ~/.aws/config') {
    const uri = vscode.Uri.file(awsFilePaths().configFile);
    try {
      await vscode.window.showTextDocument(uri);
    } catch {
      await vscode.window.showTextDocument(uri.with({ scheme: 'untitled' }));
    }
  }
  if (choice === 'AWS CLI Docs') await vscode.env.openExternal(vscode.Uri.parse(AWS_CLI_CONFIGURE_DOCS));
}
