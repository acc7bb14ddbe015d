import * as vscode from 'vscode';
import type { Services } from '../services';
import { WALKTHROUGH_ID } from '../walkthrough/walkthrough';

/** "Get Started with Imaging Lab": the walkthrough, from the Stacks view's title menu or the palette. */
export async function openWalkthrough(services: Services): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${services.context.extension.id}#${WALKTHROUGH_ID}`, false);
}
