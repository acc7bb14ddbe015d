import * as vscode from 'vscode';
import { newRequestToken } from '../../core/deploy/createStack';
import { deleteStack as deleteInAws } from '../../core/deploy/deleteStack';
import { expectedFromStack, newestEventId } from '../../core/deploy/stackResources';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** Deletes a stack after the user types its name; the panel shows the deletion and anything left behind. */
export async function deleteStackFlow(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => !s.status.endsWith('_IN_PROGRESS'), 'Delete which stack?');
  required(
    await vscode.window.showInputBox({
      title: `Delete ${stack.stackName} (${stack.region})`,
      prompt: `This deletes the stack and every resource it created (instances, volumes, buckets without a Retain policy). Type ${stack.stackName} to confirm.`,
      placeHolder: stack.stackName,
      ignoreFocusOut: true,
      validateInput: (v) => (v === stack.stackName ? undefined : `Type the stack name exactly: ${stack.stackName}`),
    }),
  );
  const clients = services.session.session.clients;
  const expected = await expectedFromStack(clients, stack.region, stack.stackId).catch(() => []);
  const afterEventId = await newestEventId(clients, stack.region, stack.stackId).catch(() => undefined);
  const retain = stack.status === 'DELETE_FAILED' ? await askRetain(expected.map((e) => e.logicalId)) : [];
  const { stackId } = await deleteInAws(clients, stack.region, stack.stackName, newRequestToken('delete'), { retainResources: retain });
  (await services.deployments()).show({
    region: stack.region, stackId, stackName: stack.stackName, operation: 'delete', ...(stack.kind !== 'other' ? { kind: stack.kind } : {}),
  }, { expected, ...(afterEventId ? { afterEventId } : {}), notify: true });
}

/** After a failed delete: which resources to keep so the rest can go (CloudFormation's RetainResources). */
async function askRetain(logicalIds: readonly string[]): Promise<string[]> {
  const picked = await vscode.window.showQuickPick(logicalIds.map((id) => ({ label: id })), {
    title: 'The last delete failed. Keep (retain) some resources so the rest can be deleted?',
    placeHolder: 'Select resources to keep, or press Enter to try deleting everything again',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return required(picked).map((p) => p.label);
}
