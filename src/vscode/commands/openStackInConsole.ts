import * as vscode from 'vscode';
import { stackConsoleUrl } from '../../core/stacks/consoleLinks';
import type { Services } from '../services';
import { resolveStack } from '../pickers/pickStack';

export async function openStackInConsole(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, undefined, 'Open which stack in the AWS console?');
  await vscode.env.openExternal(vscode.Uri.parse(stackConsoleUrl(stack.region, stack.stackId)));
}
