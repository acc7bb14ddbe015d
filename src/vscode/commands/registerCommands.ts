import * as vscode from 'vscode';
import { describeFailure } from '../../core/aws/describeFailure';
import { notificationText } from '../../core/util/text';
import { CommandIds, type CommandId } from '../commandIds';
import type { Services } from '../services';
import { UserCancelledError } from '../userCancelled';
type CommandHandler = (services: Services, ...args: unknown[]) => Promise<void>;
type LazyHandler = () => Promise<CommandHandler>;

/**
 * The one table of commands: id -> loader of its handler. Each command file is imported the first
 * time its command runs, so activation loads none of them (nor the SDK clients they use).
 * package.json lists exactly these ids (checked by a test).
 */
export const COMMAND_TABLE: Readonly<Record<CommandId, LazyHandler>> = {
  [CommandIds.refreshStacks]: async () => (await import('./refreshStacks')).refreshStacks,
  [CommandIds.selectProfile]: async () => (await import('./selectProfile')).selectProfile,
  [CommandIds.selectRegions]: async () => (await import('./selectRegions')).selectRegions,
  [CommandIds.showAwsSetup]: async () => (await import('./showAwsSetup')).showAwsSetup,
  [CommandIds.copyValue]: async () => (await import('./copyValue')).copyValue,
  [CommandIds.openOutputUrl]: async () => (await import('./openOutputUrl')).openOutputUrl,
  [CommandIds.openStackInConsole]: async () => (await import('./openStackInConsole')).openStackInConsole,
  [CommandIds.openSshTerminal]: async () => (await import('./openSshTerminal')).openSshTerminal,
  [CommandIds.openOpenSshTerminal]: async () => (await import('./openOpenSshTerminal')).openOpenSshTerminal,
  [CommandIds.openRemoteSsh]: async () => (await import('./openRemoteSsh')).openRemoteSsh,
  [CommandIds.writeSshConfig]: async () => (await import('./writeSshConfig')).writeSshConfig,
  [CommandIds.allowMyIp]: async () => (await import('./allowMyIp')).allowMyIp,
  [CommandIds.revokeMyIp]: async () => (await import('./revokeMyIp')).revokeMyIp,
  [CommandIds.openTunnel]: async () => (await import('./openTunnel')).openTunnel,
  [CommandIds.closeTunnel]: async () => (await import('./closeTunnel')).closeTunnel,
  [CommandIds.registerSampleWorkflows]: async () => (await import('./registerSampleWorkflows')).registerSampleWorkflows,
  [CommandIds.sendDicom]: async () => (await import('./sendDicom')).sendDicom,
  [CommandIds.sendSampleDicom]: async () => (await import('./sendSampleDicom')).sendSampleDicom,
  [CommandIds.testDicomConnection]: async () => (await import('./testDicomConnection')).testDicomConnection,
  [CommandIds.addDicomEndpoint]: async () => (await import('./addDicomEndpoint')).addDicomEndpoint,
  [CommandIds.deployStack]: async () => (await import('./deployStack')).deployStack,
  // The Explorer entry passes the template's Uri to the same flow.
  [CommandIds.deployTemplateFile]: async () => (await import('./deployStack')).deployStack,
  [CommandIds.updateStack]: async () => (await import('./updateStack')).updateStack,
  [CommandIds.deleteStack]: async () => (await import('./deleteStack')).deleteStack,
  [CommandIds.showProgress]: async () => (await import('./showProgress')).showProgress,
  [CommandIds.cancelDeployment]: async () => (await import('./cancelDeployment')).cancelDeployment,
  [CommandIds.sendDeidentified]: async () => (await import('./sendDeidentified')).sendDeidentified,
  [CommandIds.openDicomPreview]: async () => (await import('./openDicomPreview')).openDicomPreview,
  [CommandIds.exportDeidMap]: async () => (await import('./exportDeidMap')).exportDeidMap,
  // Tator (issue 15)
  [CommandIds.writeKubeconfig]: async () => (await import('./writeKubeconfig')).writeKubeconfig,
  [CommandIds.openTator]: async () => (await import('./openTator')).openTator,
  [CommandIds.scaleGpuWorkers]: async () => (await import('./scaleGpuWorkers')).scaleGpuWorkers,
  [CommandIds.openWalkthrough]: async () => (await import('./openWalkthrough')).openWalkthrough,
  [CommandIds.stopInstance]: async () => (await import('./stopInstance')).stopInstance,
  [CommandIds.startInstance]: async () => (await import('./startInstance')).startInstance,
  [CommandIds.rebootInstance]: async () => (await import('./rebootInstance')).rebootInstance,
  [CommandIds.stopAllInstances]: async () => (await import('./stopAllInstances')).stopAllInstances,
  [CommandIds.startAllInstances]: async () => (await import('./startAllInstances')).startAllInstances,
  [CommandIds.refreshCosts]: async () => (await import('./refreshCosts')).refreshCosts,
  // lab kind (issue 14)
  [CommandIds.openJupyter]: async () => (await import('./openJupyter')).openJupyter,
  [CommandIds.uploadLabImage]: async () => (await import('./uploadLabImage')).uploadLabImage,
  [CommandIds.switchLabCosts]: async () => (await import('./switchLabCosts')).switchLabCosts,
  [CommandIds.downloadVpnConfig]: async () => (await import('./downloadVpnConfig')).downloadVpnConfig,
  [CommandIds.openFileGator]: async () => (await import('./openFileGator')).openFileGator,
  // orthanc kind
  [CommandIds.openOrthanc]: async () => (await import('./openOrthanc')).openOrthanc,
  [CommandIds.showDicomTlsSettings]: async () => (await import('./showDicomTlsSettings')).showDicomTlsSettings,
  // stowrs
  [CommandIds.browseReceivedStudies]: async () => (await import('./browseReceivedStudies')).browseReceivedStudies,
};

const SHOW_LOG = 'Show Log';

/** The title package.json gives a command ("Allow My IP"), for messages that name the action. */
function commandTitle(services: Services, id: string): string {
  const commands = (services.context.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } }).contributes?.commands;
  return commands?.find((c) => c.command === id)?.title ?? id;
}

/** The stack a command ran on, when it ran from a stack's node (or one of its children). */
function stackOf(args: readonly unknown[]): { stackName: string; region: string } | undefined {
  const stack = (args[0] as { stack?: { stackName?: unknown; region?: unknown } } | undefined)?.stack;
  return typeof stack?.stackName === 'string' && typeof stack.region === 'string' ? { stackName: stack.stackName, region: stack.region } : undefined;
}

/** Errors end as one message naming the action and stack and saying what to do; cancellations end quietly. */
async function runReportingErrors(id: string, services: Services, args: readonly unknown[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserCancelledError || (error as Error)?.name === 'AbortError') return;
    const { profile, regions } = services.session.session;
    const stack = stackOf(args);
    const region = stack?.region ?? (regions.length === 1 ? regions[0] : undefined);
    const failure = describeFailure(error, { action: commandTitle(services, id), ...(stack ? { stack: stack.stackName } : {}), profile, ...(region ? { region } : {}) });
    services.output.error(`${id}: ${failure.code}: ${(error as Error)?.stack ?? failure.message}`);
    // The message may quote AWS or server text: shown as text, never as a link.
    const choice = await vscode.window.showErrorMessage(notificationText(failure.message), SHOW_LOG);
    if (choice === SHOW_LOG) services.output.show(true);
  }
}

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMAND_TABLE).map(([id, load]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => runReportingErrors(id, services, args, async () => (await load())(services, ...args))),
  );
}
