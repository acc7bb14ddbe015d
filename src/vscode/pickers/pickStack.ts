import * as vscode from 'vscode';
import { kindLabel } from '../../core/kinds/kinds';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** A tree node that carries a stack (stack, output and instance nodes all do). */
export interface HasStack {
  readonly stack: StackInfo;
}

export function hasStack(node: unknown): node is HasStack {
  return typeof node === 'object' && node !== null && 'stack' in node && typeof (node as HasStack).stack?.stackId === 'string';
}

/**
 * The stack a command acts on: the node it was invoked on, or (from the palette) the user's choice
 * among the loaded stacks that pass `filter`.
 */
export async function resolveStack(
  services: Services,
  node: unknown,
  filter: (s: StackInfo) => boolean = () => true,
  placeHolder = 'Select a stack',
): Promise<StackInfo> {
  if (hasStack(node)) return node.stack;
  const inventory = await services.stacksTree.whenLoaded();
  const candidates = inventory.stacks.filter(filter);
  if (candidates.length === 0) {
    throw new Error('No stack fits this command in the selected regions. Deploy one, or change regions with "Imaging Lab: Select AWS Regions".');
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((stack) => ({ label: stack.stackName, description: `${kindLabel(stack.kind)} · ${stack.status} · ${stack.region}`, stack })),
    { placeHolder, matchOnDescription: true },
  );
  return required(picked).stack;
}
