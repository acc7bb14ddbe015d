import * as vscode from 'vscode';
import { allowMyIp as allowIngress, describeRule, revokeMyIpRules } from '../../core/net/allowMyIp';
import { formatPortRange } from '../../core/net/ingressPorts';
import { detectPublicIp } from '../../core/net/publicIp';
import type { Services } from '../services';
import { resolveIngress, ruleOwner } from '../ssh/ingressTarget';
import { withSshProgress } from '../ssh/sshTarget';

/** Opens the stack's AllowMyIpPorts to the caller's public address (/32 only). */
export async function allowMyIp(services: Services, node?: unknown): Promise<void> {
  const { stack, target } = await resolveIngress(services, node, 'Allow your IP on which stack?');
  const result = await withSshProgress(`Allowing your IP on ${stack.stackName}`, async (progress, signal) => {
    progress('Detecting your public IP address…');
    const ip = await detectPublicIp({ signal });
    progress(`Adding rules for ${ip}/32…`);
    return allowIngress(services.session.session.clients, target, { ip, who: ruleOwner(services) }, signal);
  });
  const ports = [...result.added, ...result.alreadyAllowed].map(formatPortRange).join(', ');
  services.output.info(`Allow my IP: ${stack.stackName} ${target.groupId} ${result.cidr} added [${result.added.map(formatPortRange)}] existing [${result.alreadyAllowed.map(formatPortRange)}]`);
  void vscode.window.showInformationMessage(
    result.added.length > 0 ? `Opened TCP ${ports} to ${result.cidr} on ${stack.stackName}.` : `${result.cidr} was already allowed on TCP ${ports} of ${stack.stackName}.`,
  );
  if (result.staleRules.length > 0) {
    const revoke = 'Revoke Old Rules';
    const choice = await vscode.window.showWarningMessage(
      `Your IP changed: ${stack.stackName} still allows ${[...new Set(result.staleRules.map((r) => r.cidr))].join(', ')} from an earlier "Allow my IP". Revoke those rules?`,
      { detail: result.staleRules.map(describeRule).join('\n') },
      revoke,
    );
    if (choice === revoke) {
      const count = await revokeMyIpRules(services.session.session.clients, target, result.staleRules.map((r) => r.ruleId));
      void vscode.window.showInformationMessage(`Revoked ${count} old rule${count === 1 ? '' : 's'}.`);
    }
  }
}
