import { CommandIds } from '../commandIds';

/** The deploy feature's commands (declared with all others in src/vscode/commandIds.ts). */
export const CommandIdsDeploy = {
  deployStack: CommandIds.deployStack,
  updateStack: CommandIds.updateStack,
  deleteStack: CommandIds.deleteStack,
  showProgress: CommandIds.showProgress,
  cancelDeployment: CommandIds.cancelDeployment,
} as const;

/** Commands of other features the progress panel hands outputs to. */
export const OTHER_FEATURE_COMMANDS = {
  openSshTerminal: CommandIds.openSshTerminal,
  sendDicom: CommandIds.sendDicom,
} as const;
