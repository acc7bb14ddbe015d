import * as vscode from 'vscode';
import { friendlyAwsError } from '../../core/aws/errors';
import { CommandIds, type CommandId } from '../commandIds';
import type { Services } from '../services';
import { UserCancelledError } from '../userCancelled';
import { copyValue } from './copyValue';
import { openOutputUrl } from './openOutputUrl';
import { openStackInConsole } from './openStackInConsole';
import { refreshStacks } from './refreshStacks';
import { selectProfile } from './selectProfile';
import { selectRegions } from './selectRegions';
import { showAwsSetup } from './showAwsSetup';

type CommandHandler = (services: Services, ...args: unknown[]) => Promise<void>;

/** The one table of commands: id -> handler. package.json lists the same ids (checked by a test). */
export const COMMAND_TABLE: Readonly<Record<CommandId, CommandHandler>> = {
  [CommandIds.refreshStacks]: refreshStacks,
  [CommandIds.selectProfile]: selectProfile,
  [CommandIds.selectRegions]: selectRegions,
  [CommandIds.showAwsSetup]: showAwsSetup,
  [CommandIds.copyValue]: copyValue,
  [CommandIds.openOutputUrl]: openOutputUrl,
  [CommandIds.openStackInConsole]: openStackInConsole,
};

/** Errors end as one message saying what to do; cancellations end quietly. */
async function runReportingErrors(id: string, services: Services, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserCancelledError || (error as Error)?.name === 'AbortError') return;
    const { profile, regions } = services.session.session;
    const friendly = friendlyAwsError(error, { profile, region: regions.length === 1 ? regions[0] : undefined });
    services.output.error(`${id}: ${friendly.code}: ${(error as Error)?.stack ?? friendly.message}`);
    void vscode.window.showErrorMessage(friendly.message);
  }
}

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMAND_TABLE).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => runReportingErrors(id, services, () => handler(services, ...args))),
  );
}
