import * as vscode from 'vscode';
import { listMyIpRules, revokeMyIpRules } from '../../core/net/allowMyIp';
import { formatPortRange } from '../../core/net/ingressPorts';
import type { Services } from '../services';
import { resolveIngress } from '../ssh/ingressTarget';
import { required } from '../userCancelled';

/** Lists the rules "Allow my IP" added to the stack's group and revokes the chosen ones. */
export async function revokeMyIp(services: Services, node?: unknown): Promise<void> {
  const { stack, target } = await resolveIngress(services, node, 'Revoke "Allow my IP" rules of which stack?');
  const clients = services.session.session.clients;
  const rules = await listMyIpRules(clients, target);
  if (rules.length === 0) {
    void vscode.window.showInformationMessage(`${stack.stackName} has no rules added by "Allow my IP".`);
    return;
  }
  const picked = required(
    await vscode.window.showQuickPick(
      rules.map((r) => ({ label: `${r.cidr} · TCP ${formatPortRange(r.ports)}`, description: r.description, picked: true, id: r.ruleId })),
      { canPickMany: true, placeHolder: `Rules to revoke on ${target.groupId}` },
    ),
  );
  if (picked.length === 0) return;
  const count = await revokeMyIpRules(clients, target, picked.map((p) => p.id));
  services.output.info(`Revoke my IP: ${stack.stackName} ${target.groupId} revoked ${count}`);
  void vscode.window.showInformationMessage(`Revoked ${count} rule${count === 1 ? '' : 's'} on ${stack.stackName}.`);
}
