import { connectBuiltIn } from '../../core/ssh/sshAccess';
import type { Services } from '../services';
import { askUnknownHostKey } from '../ssh/hostKeyPrompt';
import { resolveSshTarget } from '../ssh/sshTarget';
import { createSshTerminal } from '../terminal/sshPseudoterminal';
import { markWalkthroughStep } from '../walkthrough/walkthrough';

/** A terminal backed by ssh2 inside VS Code: no local OpenSSH needed. */
export async function openSshTerminal(services: Services, node?: unknown): Promise<void> {
  const target = await resolveSshTarget(services, node, 'Open an SSH terminal on which stack?');
  const terminal = createSshTerminal(`SSH ${target.plan.alias}`, {
    connect: async (signal, acceptOnce, progress) => {
      const connection = await connectBuiltIn(target.deps(progress, signal), target.plan, acceptOnce);
      markWalkthroughStep(services.context, 'terminalOpened');
      return connection;
    },
    unknownHostKey: askUnknownHostKey,
  });
  services.output.info(`SSH terminal: ${target.plan.alias} (${target.plan.user}@${target.plan.hostName}, route ${target.plan.route.kind})`);
  terminal.show();
}
